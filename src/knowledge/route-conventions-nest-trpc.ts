/**
 * How NestJS and tRPC declare routes and attach guards, middleware and opt-outs, as data
 * for the route extractors (`model/routes/nest.ts`, `model/routes/trpc.ts`). Whether a
 * guard or middleware is authentication or rate limiting is not decided here: the
 * evidence engine judges what these conventions attach (`knowledge/route-evidence.ts`).
 */
import type { EvidenceKind } from "./route-evidence.js";

/** Exports of a package, matched by the evaluated value of a callee or decorator. */
export interface PackageExports {
  package: string;
  exports: readonly string[];
}

export const NEST_CONVENTIONS = {
  /** Files importing a package under this scope can declare controllers, modules and bootstraps. */
  packageScope: "@nestjs/",
  controller: { package: "@nestjs/common", exports: ["Controller"] },
  /** Route decorators and the HTTP method each one routes (`@Sse()` streams over GET). */
  routeDecorators: {
    package: "@nestjs/common",
    methods: { Get: "GET", Post: "POST", Put: "PUT", Patch: "PATCH", Delete: "DELETE", All: "ALL", Options: "OPTIONS", Head: "HEAD", Search: "SEARCH", Sse: "GET" } as Readonly<Record<string, string>>,
  },
  /** `@UseGuards(A, B)`: each argument is a guard on the path. */
  useGuards: { package: "@nestjs/common", exports: ["UseGuards"] },
  /** `applyDecorators(...)`: a composite decorator, expanded into the decorators it applies. */
  composeDecorators: { package: "@nestjs/common", exports: ["applyDecorators"] },
  /** `SetMetadata(key, value)`: an opt-out when the key names a public route. */
  setMetadata: { package: "@nestjs/common", exports: ["SetMetadata"] },
  /** Decorators that are evidence by themselves (judged through the evidence table). */
  evidenceDecorators: [{ package: "@nestjs/throttler", exports: ["Throttle"] }] as readonly PackageExports[],
  /** Package decorators that cancel inherited evidence of a kind. */
  optOutDecorators: [{ kind: "rate-limit", package: "@nestjs/throttler", exports: ["SkipThrottle"] }] as ReadonlyArray<PackageExports & { kind: EvidenceKind }>,
  /** Project decorators that mark a route public by their name alone (their body is not always readable). */
  publicDecoratorNames: ["Public", "SkipAuth", "AllowAnonymous", "IsPublic", "NoAuth", "Anonymous", "PublicRoute", "PublicEndpoint"] as readonly string[],
  /** A metadata key (constant name or its string) that marks a route public. */
  publicMetadataKey: /public|skip.?auth|anonymous|no.?auth|allow.?any/i,
  /** `{ provide: APP_GUARD, useClass: X }` in a module's providers: a guard on every route. */
  globalGuardToken: { package: "@nestjs/core", exports: ["APP_GUARD"] },
  providerValueKeys: ["useClass", "useExisting", "useValue"] as readonly string[],
  /** `NestFactory.create(AppModule)` gives the application; `app.use(mw)` on it is Express-style middleware on every route. */
  appFactory: { package: "@nestjs/core", exports: ["NestFactory"] },
  appMiddlewareMethods: ["use"] as readonly string[],
  /** `app.useGlobalGuards(new X())`. */
  globalGuardMethods: ["useGlobalGuards"] as readonly string[],
  /** `app.setGlobalPrefix("api")`. */
  globalPrefixMethods: ["setGlobalPrefix"] as readonly string[],
  /** `consumer.apply(M).exclude(…).forRoutes(…)` in a module's `configure`. */
  middleware: { apply: "apply", exclude: "exclude", forRoutes: "forRoutes" },
  /** Patterns of `forRoutes`/`exclude` that match every path. */
  wildcardPaths: ["*", "/*", "(.*)", "/(.*)", "*path", "/*path", "{*splat}", "/{*splat}"] as readonly string[],
};

export const TRPC_CONVENTIONS = {
  /** `initTRPC.context<C>().create()` gives the instance (`t`). */
  init: { package: "@trpc/server", exports: ["initTRPC"], create: "create" },
  /** `t.procedure`: the base procedure builder. */
  procedureProperty: "procedure",
  /** Builder methods that add a middleware to the chain. */
  middlewareMethods: ["use"] as readonly string[],
  /** Builder methods that keep the chain as it is. */
  keepMethods: ["input", "output", "meta"] as readonly string[],
  /** `a.concat(b)`: the middleware of both builders. */
  concatMethods: ["concat", "unstable_concat"] as readonly string[],
  /** `t.middleware(fn)`: the middleware is `fn`. */
  middlewareFactories: ["middleware"] as readonly string[],
  /** `t.router({...})`, and `t.mergeRouters(a, b)` (also exported by `@trpc/server`). */
  routerFactories: ["router"] as readonly string[],
  mergeFactories: ["mergeRouters"] as readonly string[],
  /** The calls that end a builder chain with a handler, and the route method reported for each. */
  handlers: { query: "QUERY", mutation: "MUTATION", subscription: "SUBSCRIPTION" } as Readonly<Record<string, string>>,
};

/**
 * tRPC v9: routers are chains on `router<Ctx>()` from `@trpc/server`
 * (`createRouter().query("name", { input, resolve }).merge("prefix.", sub)`); a
 * `.middleware(fn)` applies to the procedures (and merged routers) after it in the chain.
 */
export const TRPC_V9_CONVENTIONS = {
  package: "@trpc/server",
  /** The export whose call makes a router (`router()`, `trpc.router()`). */
  routerExport: "router",
  /** `.query("name", { resolve })` and friends: the route method reported for each. */
  procedures: { query: "QUERY", mutation: "MUTATION", subscription: "SUBSCRIPTION" } as Readonly<Record<string, string>>,
  /** The options properties holding the handler and its input schema. */
  resolver: "resolve",
  input: "input",
  /** `.merge("prefix.", sub)` or `.merge(sub)`. */
  merge: "merge",
  /** `.middleware(fn)`. */
  middleware: "middleware",
};

/**
 * Adapters that serve a tRPC router from a server app (`app.use("/trpc",
 * createExpressMiddleware({ router }))`): the app's middleware on that path runs before
 * every procedure. `export` is called with the adapter's options; a Fastify plugin is
 * registered as a value (`register(fastifyTRPCPlugin, { prefix, trpcOptions })`).
 * `package` is the npm package (the evaluator does not keep the subpath:
 * `@trpc/server/adapters/express` is `@trpc/server`), matched with the export's name.
 */
export const TRPC_ADAPTERS: readonly { package: string; export: string; how: "call" | "plugin" }[] = [
  { package: "@trpc/server", export: "createExpressMiddleware", how: "call" },
  { package: "@trpc/server", export: "fastifyTRPCPlugin", how: "plugin" },
  { package: "@hono/trpc-server", export: "trpcServer", how: "call" },
  { package: "trpc-koa-adapter", export: "createKoaMiddleware", how: "call" },
];
