/**
 * CORS, as data (AU-4, `rules/open-cors.ts`): the middleware packages and what they allow
 * when no origin is given, the header, and where frameworks configure it app-wide.
 */

export interface CorsMiddleware {
  packages: readonly string[];
  /** The export (path, `default` for the default export) called to make the middleware, or registered as a plugin. */
  export: string;
  /** `call`: `cors(options)` is the middleware; `plugin`: `fastify.register(cors, options)`. */
  how: "call" | "plugin";
  /** Index of the options argument: of the call, or of `register(plugin, options)`. */
  optionsArg: number;
  /** The option naming allowed origins. */
  originOption: string;
  /** What the package does when `originOption` is not given (every one listed here allows any origin). */
  whenMissing: string;
  label: string;
}

export const CORS_MIDDLEWARE: readonly CorsMiddleware[] = [
  { packages: ["cors"], export: "default", how: "call", optionsArg: 0, originOption: "origin", whenMissing: "answers Access-Control-Allow-Origin: * to every site", label: "cors()" },
  { packages: ["@koa/cors", "koa2-cors", "kcors"], export: "default", how: "call", optionsArg: 0, originOption: "origin", whenMissing: "allows every site (it echoes the request's Origin back, or answers *)", label: "cors() from @koa/cors" },
  { packages: ["hono/cors", "hono"], export: "cors", how: "call", optionsArg: 0, originOption: "origin", whenMissing: "answers Access-Control-Allow-Origin: * to every site", label: "cors() from hono/cors" },
  { packages: ["@fastify/cors", "fastify-cors"], export: "default", how: "plugin", optionsArg: 1, originOption: "origin", whenMissing: "answers Access-Control-Allow-Origin: * to every site", label: "@fastify/cors" },
  { packages: ["h3"], export: "handleCors", how: "call", optionsArg: 1, originOption: "origin", whenMissing: "answers Access-Control-Allow-Origin: * to every site", label: "h3 handleCors()" },
  { packages: ["h3"], export: "appendCorsHeaders", how: "call", optionsArg: 1, originOption: "origin", whenMissing: "answers Access-Control-Allow-Origin: * to every site", label: "h3 appendCorsHeaders()" },
];

/** The response header that grants cross-origin reads (compared case-insensitively). */
export const ALLOW_ORIGIN_HEADER = "access-control-allow-origin";

/** Calls that set one response header: `res.setHeader(name, value)`, `res.header()`, `res.set()`, `ctx.set()`, `c.header()`, `headers.set()`, `headers.append()`, `reply.header()`. */
export const HEADER_SETTERS: readonly string[] = ["setHeader", "header", "set", "append", "appendHeader", "setResponseHeader", "appendResponseHeader"];

/** Request headers whose value, echoed back as the allowed origin, allows any site. */
export const ORIGIN_HEADER = "origin";

/** NestJS: `app.enableCors(options?)` and `NestFactory.create(AppModule, { cors })`. */
export const NEST_CORS = {
  framework: "nestjs",
  packages: ["@nestjs/core"],
  enableMethod: "enableCors",
  factory: "NestFactory.create",
  factoryOption: "cors",
  /** `enableCors()` without `origin` uses the `cors` package's default. */
  whenMissing: "allows every site (the cors package's default, Access-Control-Allow-Origin: *)",
};

/** Next.js: `headers()` in next.config returns `[{ source, headers: [{ key, value }] }]`. */
export const NEXT_CONFIG = {
  framework: "Next.js",
  files: /^next\.config\.(?:js|mjs|cjs|ts|mts)$/,
  headersFunction: "headers",
  sourceKey: "source",
};

/** Nuxt / Nitro: `routeRules: { "/api/**": { cors: true } }` (Access-Control-Allow-Origin: *), or `headers` there. */
export const NITRO_ROUTE_RULES = {
  frameworks: ["Nuxt", "Nitro"],
  files: /^(?:nuxt|nitro)\.config\.(?:js|mjs|cjs|ts|mts)$/,
  option: "routeRules",
  corsKey: "cors",
  headersKey: "headers",
};

/**
 * Frameworks whose request hooks apply to every route of the app: a header set there
 * applies to the AI routes too (SvelteKit `handle` in hooks.server, Next middleware).
 */
export const APP_WIDE_HOOK_FILES: ReadonlyArray<{ framework: string; files: RegExp; label: string }> = [
  { framework: "SvelteKit", files: /(?:^|\/)hooks\.server\.(?:js|ts)$/, label: "the SvelteKit handle hook" },
  { framework: "Next.js", files: /(?:^|\/)(?:middleware|proxy)\.(?:js|ts|mjs)$/, label: "Next.js middleware" },
];

/** Files that may hold app-wide CORS settings (a framework config, a hook, middleware, a server entry), beyond the code around AI routes. */
export const APP_WIDE_CORS_FILES = /^(?:next|nuxt|vite|astro|svelte)\.config\.|^(?:hooks\.server|middleware|proxy|main|server|app|index)\./;
