/**
 * Node server frameworks whose routes are registered by calls (`app.post("/chat", …)`),
 * as data: how an app or router is created, which methods register routes, mount
 * routers, attach middleware or hooks.
 */
export interface ServerAppShape {
  framework: string;
  package: string;
  /** `{ export: "default", how: "call" }` is `express()`; `{ export: "Hono", how: "new" }` is `new Hono()`. */
  create: readonly { export: string; how: "call" | "new" }[];
  /** Creation option holding the router's own prefix (`new Router({ prefix: "/api" })`). */
  prefixOption?: string;
}

export const SERVER_APPS: readonly ServerAppShape[] = [
  { framework: "Express", package: "express", create: [{ export: "default", how: "call" }, { export: "default.Router", how: "call" }, { export: "Router", how: "call" }] },
  { framework: "Koa", package: "koa", create: [{ export: "default", how: "new" }] },
  { framework: "Koa", package: "@koa/router", create: [{ export: "default", how: "new" }, { export: "Router", how: "new" }], prefixOption: "prefix" },
  { framework: "Koa", package: "koa-router", create: [{ export: "default", how: "new" }], prefixOption: "prefix" },
  { framework: "Hono", package: "hono", create: [{ export: "Hono", how: "new" }] },
  { framework: "Fastify", package: "fastify", create: [{ export: "default", how: "call" }, { export: "fastify", how: "call" }, { export: "Fastify", how: "call" }] },
];

/** Methods that register a route: `app.post(path, …handlers)`. */
export const ROUTE_METHODS: readonly string[] = ["get", "post", "put", "patch", "delete", "del", "all", "options", "head", "any"];
/** Methods that attach middleware or mount a router: `app.use([path], …)`, Hono `app.route(path, sub)`. */
export const MOUNT_METHODS: readonly string[] = ["use", "route"];
/** Koa-router: `router.routes()` / `router.middleware()` stand for the router when mounted. */
export const ROUTER_AS_MIDDLEWARE: readonly string[] = ["routes", "middleware"];

/** Fastify: scopes, hooks and options. */
export const FASTIFY = {
  register: "register",
  addHook: "addHook",
  decorate: "decorate",
  routeObject: "route",
  /** Hooks that run before the handler and can reject the request. */
  requestHooks: ["onRequest", "preParsing", "preValidation", "preHandler"],
  /** `fastify-plugin` lifts a plugin's hooks to the parent scope. */
  unencapsulate: { package: "fastify-plugin", export: "default" },
  /** Route option that carries a per-route rate limit (`config: { rateLimit: {…} }`). */
  rateLimitConfig: "config.rateLimit",
} as const;
