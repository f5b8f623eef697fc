/**
 * Limiters that attach themselves to a path of the app they were given, as data:
 * `const limiter = require("express-limiter")(app, client)` then
 * `limiter({ path: "/api/chat", method: "post", lookup, total, expire })` limits the route
 * at that path and method. Called without a path, the same function makes a middleware
 * (`app.post("/x", limiter({ … }), handler)`), which `route-evidence.ts` recognises.
 */
export interface PathLimiter {
  package: string;
  /** The export called with the app to make the limiter (`default` for the module itself). */
  export: string;
  /** Options of the limiter's call: the path and the HTTP method (`all` or absent: every method). */
  pathOption: string;
  methodOption: string;
  label: string;
}

export const PATH_LIMITERS: readonly PathLimiter[] = [
  { package: "express-limiter", export: "default", pathOption: "path", methodOption: "method", label: "express-limiter" },
];
