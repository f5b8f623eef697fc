/**
 * Node server frameworks whose routes are registered by calls (`app.post("/chat", …)`),
 * as data: how an app or router is created, which methods register routes, mount
 * routers, attach middleware or hooks.
 */
import { TRPC_V9_CONVENTIONS } from "./route-conventions-nest-trpc.js";

export interface ServerAppShape {
  framework: string;
  package: string;
  /** `{ export: "default", how: "call" }` is `express()`; `{ export: "Hono", how: "new" }` is `new Hono()`. */
  create: readonly { export: string; how: "call" | "new" }[];
  /** Creation option holding the router's own prefix (`new Router({ prefix: "/api" })`). */
  prefixOption?: string;
  /**
   * Methods that return the app itself, so registrations chain (`app.get(…).post(…)`,
   * `new Hono().post(…)`, `Fastify().withTypeProvider<…>()`).
   */
  returnsSelf: readonly string[];
  /** Express `app.route("/x")`: a path whose route methods take handlers only (`.post(mw, controller)`). */
  pathRoute?: string;
  /** Hono `app.on("POST" | ["POST", "GET"], path, …handlers)`: methods first, then the path. */
  methodsFirst?: string;
  /** Hono `new Hono().basePath("/api")`: a method chained on the creation that sets the app's prefix. */
  basePath?: string;
  /** `use(path, mw)` matches the path like a route does (Hono): `use("/", mw)` covers only `/`; a trailing `*` covers what is below. */
  exactUsePaths?: boolean;
}

const CHAINED = ["get", "post", "put", "patch", "delete", "del", "all", "options", "head", "any", "use"];

export const SERVER_APPS: readonly ServerAppShape[] = [
  {
    framework: "Express",
    package: "express",
    // `express.Router()`, or `new express.Router()`, which Express allows as well.
    create: [{ export: "default", how: "call" }, { export: "default.Router", how: "call" }, { export: "Router", how: "call" }, { export: "default.Router", how: "new" }, { export: "Router", how: "new" }],
    returnsSelf: CHAINED,
    pathRoute: "route",
  },
  { framework: "Koa", package: "koa", create: [{ export: "default", how: "new" }], returnsSelf: ["use"] },
  { framework: "Koa", package: "@koa/router", create: [{ export: "default", how: "new" }, { export: "Router", how: "new" }], prefixOption: "prefix", returnsSelf: CHAINED },
  // `require("koa-router")()`: koa-router makes a router when called without `new` too.
  { framework: "Koa", package: "koa-router", create: [{ export: "default", how: "new" }, { export: "default", how: "call" }], prefixOption: "prefix", returnsSelf: CHAINED },
  // `basePath` returns a new app sharing the router; it is followed as the same app, whose prefix it is when chained on `new Hono()`.
  { framework: "Hono", package: "hono", create: [{ export: "Hono", how: "new" }], returnsSelf: [...CHAINED, "route", "on", "basePath", "onError", "notFound"], methodsFirst: "on", basePath: "basePath", exactUsePaths: true },
  {
    framework: "Fastify",
    package: "fastify",
    create: [{ export: "default", how: "call" }, { export: "fastify", how: "call" }, { export: "Fastify", how: "call" }],
    returnsSelf: [...CHAINED, "route", "register", "addHook", "decorate", "withTypeProvider", "setValidatorCompiler", "setSerializerCompiler", "setErrorHandler"],
  },
];

/**
 * Objects made by a package export whose methods return the object itself (read by the
 * evaluator to follow chains): the apps above, and a tRPC v9 router (`router()`), whose
 * chain links each add to one router. `exports` as the evaluator names them (`Router`
 * for both `Router()` and `express.Router()`).
 */
export const SELF_RETURNING: readonly { package: string; exports: readonly string[]; methods: ReadonlySet<string> }[] = [
  ...SERVER_APPS.map((a) => ({ package: a.package, exports: a.create.map((c) => c.export.split(".").pop()!), methods: new Set(a.returnsSelf) })),
  {
    package: TRPC_V9_CONVENTIONS.package,
    exports: [TRPC_V9_CONVENTIONS.routerExport],
    methods: new Set([...Object.keys(TRPC_V9_CONVENTIONS.procedures), TRPC_V9_CONVENTIONS.merge, TRPC_V9_CONVENTIONS.middleware]),
  },
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
  /** `register(AutoLoad, { dir })`: every plugin file under `dir`, its folder path as prefix. */
  autoload: { packages: ["@fastify/autoload", "fastify-autoload"], dirOption: "dir" },
  /** Route options that carry a per-route rate limit (`config: { rateLimit: {…} }`, or `rateLimit: {…}` at the top in recent @fastify/rate-limit). */
  rateLimitOptions: ["config.rateLimit", "rateLimit"],
} as const;
