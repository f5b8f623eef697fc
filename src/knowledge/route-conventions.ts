/**
 * How file-based frameworks turn files into routes, as data: which files are routes,
 * which exports handle requests (and the method each stands for), how a file path
 * becomes a URL path, which files run before every route, and which calls wrap a
 * handler. The extractors in `model/routes/` (nextjs, sveltekit, nuxt, remix) read these
 * tables; change a convention here without touching them.
 *
 * Globs are relative to the app root (the directory of the package.json that depends on
 * the framework), with the syntax of `util/glob.ts`. Segment rewrites are applied to one
 * path segment at a time, in order, with `String.replace` (so `g` regexes rewrite every
 * occurrence inside a segment, `foo-[id]` → `foo-:id`).
 */

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

/** Code file extensions, for globs. */
const JS = "{js,jsx,ts,tsx,mjs,cjs,mts,cts}";
/** `GET` → `GET`, `POST` → `POST`…: exports named after the method they answer. */
const METHOD_EXPORTS: Readonly<Record<string, string>> = Object.fromEntries(HTTP_METHODS.map((m) => [m, m]));

export interface SegmentRewrite {
  pattern: RegExp;
  to: string;
}

/** How the directories (and file names) of a route file become URL path segments. */
export interface SegmentRules {
  /** Segments left out of the URL: route groups `(marketing)`, parallel slots `@modal`, pathless layouts `_auth`. */
  drop: readonly RegExp[];
  /** A segment that keeps the whole file out of routing (`_components` in Next's app router). */
  private?: RegExp;
  /** Dynamic segments → `:name` (one segment) or `*` (the rest of the path). */
  rewrite: readonly SegmentRewrite[];
}

/** A family of route files: which files, where the URL path starts, which exports handle requests. */
export interface RouteFiles {
  paths: readonly string[];
  /** The leading part of the app-relative path that is not in the URL (`src/app/`, `server/api/`). */
  base: RegExp;
  /** The file name itself, when it is not a path segment (`route.ts`, `+server.ts`); `index` files stand for their directory. */
  fileName?: RegExp;
  /** Put in front of the URL path (`/api` for Nitro's `server/api/`). */
  mount?: string;
  /** Exported names that handle requests → the method each stands for (`default`: the default export). */
  exports: Readonly<Record<string, string>>;
}

// ---------------------------------------------------------------------------------------
// Next.js

/**
 * A middleware wrapper that protects only the routes a matcher of its own selects
 * (Clerk: `clerkMiddleware(async (auth, req) => { if (isProtected(req)) await auth.protect() })`,
 * with `const isProtected = createRouteMatcher(["/api/chat(.*)"])`). Called without a
 * callback it protects nothing.
 */
export interface RouteMatcherMiddleware {
  label: string;
  packages: readonly string[];
  /** The middleware factory export. */
  wrapper: string;
  /** The export that builds a route matcher from path patterns. */
  matcherFactory: string;
  /** A call in the callback that rejects callers who are not signed in. */
  protect: RegExp;
}

export interface NextConventions {
  framework: string;
  dependencies: readonly string[];
  /** App router route handlers (`app/api/chat/route.ts` exporting `POST`). */
  appRoutes: RouteFiles;
  /** Pages router API routes (`pages/api/chat.ts`, default export). */
  pagesApi: RouteFiles;
  /** Pages router pages: `getServerSideProps` runs on the server for every request (files under `pages/api/` are `pagesApi`). */
  pagesData: RouteFiles;
  segments: SegmentRules;
  /** Server actions: exported async functions of files with this directive, and functions whose body starts with it. */
  /** `unusedDroppedSince`: the major version from which an action no module imports gets no id (no client can call it). */
  serverActions: { directive: string; method: string; unusedDroppedSince: number };
  /** Pages that may call a server action (their path is the URL the action posts to). */
  pages: { paths: readonly string[]; base: RegExp; fileName: RegExp };
  middleware: {
    paths: readonly string[];
    /** The export Next runs, in order of preference (`proxy` is Next 16's name). */
    exports: readonly string[];
    /** `export const config = { matcher }`; object matchers keep their pattern in `source`. */
    config: string;
    matcher: string;
    matcherSource: string;
  };
  routeMatcherMiddleware: readonly RouteMatcherMiddleware[];
}

export const NEXTJS: NextConventions = {
  framework: "Next.js",
  dependencies: ["next"],
  appRoutes: { paths: [`{src/,}app/**/route.${JS}`], base: /^(?:src\/)?app\//, fileName: /^route$/, exports: METHOD_EXPORTS },
  pagesApi: { paths: [`{src/,}pages/api/**/*.${JS}`], base: /^(?:src\/)?pages\//, fileName: /^index$/, exports: { default: "ALL" } },
  pagesData: { paths: [`{src/,}pages/**/*.${JS}`], base: /^(?:src\/)?pages\//, fileName: /^index$/, exports: { getServerSideProps: "LOADER" } },
  segments: {
    drop: [/^\(.*\)$/, /^@/],
    private: /^_/,
    rewrite: [
      { pattern: /^\[\[?\.\.\.[^\]]+\]\]?$/, to: "*" },
      { pattern: /^\[([^\]]+)\]$/, to: ":$1" },
    ],
  },
  serverActions: { directive: "use server", method: "ACTION", unusedDroppedSince: 15 },
  pages: { paths: [`{src/,}app/**/page.${JS}`], base: /^(?:src\/)?app\//, fileName: /^page$/ },
  middleware: {
    paths: [`{src/,}{middleware,proxy}.${JS}`],
    exports: ["middleware", "proxy", "default"],
    config: "config",
    matcher: "matcher",
    matcherSource: "source",
  },
  routeMatcherMiddleware: [
    {
      label: "Clerk auth.protect()",
      packages: ["@clerk/nextjs/server", "@clerk/nextjs"],
      wrapper: "clerkMiddleware",
      matcherFactory: "createRouteMatcher",
      protect: /\bauth\s*(?:\(\s*\)\s*)?(?:\)\s*)?\.\s*protect\s*\(|\bredirectToSignIn\s*\(/,
    },
  ],
};

// ---------------------------------------------------------------------------------------
// SvelteKit

export interface SvelteKitConventions {
  framework: string;
  dependencies: readonly string[];
  /** `+server.ts` endpoints exporting `GET`, `POST`… (`fallback` answers every other method). */
  endpoints: RouteFiles;
  /** `+page.server.ts`: `export const actions = { default, named }` and the server `load`. */
  pageServer: RouteFiles & { actions: string; actionMethod: string; defaultAction: string };
  segments: SegmentRules;
  /** `hooks.server.ts`: `export const handle` runs before every request. */
  hooks: { paths: readonly string[]; export: string; scope: string };
  /** `sequence(a, b)` composes handles: each one is on every route's path. */
  sequence: { packages: readonly string[]; export: string };
}

export const SVELTEKIT: SvelteKitConventions = {
  framework: "SvelteKit",
  dependencies: ["@sveltejs/kit"],
  endpoints: { paths: [`src/routes/**/+server.${JS}`], base: /^src\/routes\//, fileName: /^\+server$/, exports: { ...METHOD_EXPORTS, fallback: "ALL" } },
  pageServer: {
    paths: [`src/routes/**/+page.server.${JS}`],
    base: /^src\/routes\//,
    fileName: /^\+page\.server$/,
    exports: { load: "LOADER" },
    actions: "actions",
    actionMethod: "ACTION",
    defaultAction: "default",
  },
  segments: {
    drop: [/^\(.*\)$/],
    rewrite: [
      { pattern: /^\[\.\.\.[^\]]+\]$/, to: "*" },
      { pattern: /\[\[([^\]=]+)(?:=[^\]]+)?\]\]/g, to: ":$1" },
      { pattern: /\[([^\]=]+)(?:=[^\]]+)?\]/g, to: ":$1" },
    ],
  },
  hooks: { paths: [`src/hooks.server.${JS}`], export: "handle", scope: "hooks.server.ts handle" },
  sequence: { packages: ["@sveltejs/kit/hooks", "@sveltejs/kit"], export: "sequence" },
};

// ---------------------------------------------------------------------------------------
// Nuxt and Nitro

/** A module that rate-limits routes from its config (nuxt-security: on by default, `rateLimiter: false` turns it off). */
export interface ConfigRateLimiter {
  label: string;
  /** The module name in `modules`. */
  module: string;
  /** The config key holding its options, then the rate limiter's key inside it (none: the module's whole config). */
  configKey: string;
  limiterKey?: string;
  /** Enabled when the module is installed and nothing turns it off. */
  onByDefault: boolean;
  /** Per-route settings under `routeRules[pattern][configKey][limiterKey]`. */
  perRoute: boolean;
  /** Only routes under this prefix (nuxt-api-shield guards `/api/`). */
  prefix?: string;
}

export interface NitroConventions {
  framework: string;
  dependencies: readonly string[];
  /** Route directories: files below them are routes, `/api` mounted for `api/`. */
  routes: readonly RouteFiles[];
  /** `chat.post.ts` → POST; no suffix answers every method. */
  methodSuffix: RegExp;
  segments: SegmentRules;
  /** The default export's wrapper, whose (first) function argument or `handler` option is the handler. */
  handlerWrappers: readonly string[];
  /** `defineEventHandler({ onRequest: [...], handler })`: hooks on the handler's own path. */
  handlerHooks: readonly string[];
  /** Files that run before every request of the app. */
  middleware: readonly string[];
  /** The app's config file, with `routeRules` at the top and under `nitro`. */
  config: readonly string[];
  rateLimiters: readonly ConfigRateLimiter[];
}

const NITRO_COMMON = {
  methodSuffix: /\.(get|post|put|patch|delete|head|options)$/i,
  segments: {
    drop: [/^\(.*\)$/],
    rewrite: [
      { pattern: /^\[\.\.\.[^\]]*\]$/, to: "*" },
      { pattern: /\[([^\]]+)\]/g, to: ":$1" },
    ],
  },
  handlerWrappers: ["defineEventHandler", "eventHandler", "defineCachedEventHandler", "cachedEventHandler", "defineLazyEventHandler", "lazyEventHandler"],
  handlerHooks: ["onRequest", "onBeforeResponse"],
  rateLimiters: [
    { label: "nuxt-security rateLimiter", module: "nuxt-security", configKey: "security", limiterKey: "rateLimiter", onByDefault: true, perRoute: true },
    { label: "nuxt-api-shield", module: "nuxt-api-shield", configKey: "nuxtApiShield", onByDefault: true, perRoute: false, prefix: "/api/" },
  ],
} satisfies Partial<NitroConventions>;

export const NITRO_APPS: readonly NitroConventions[] = [
  {
    framework: "Nuxt",
    dependencies: ["nuxt", "nuxt3"],
    routes: [
      { paths: [`server/api/**/*.${JS}`], base: /^server\/api\//, mount: "/api", fileName: /^index$/, exports: { default: "ALL" } },
      { paths: [`server/routes/**/*.${JS}`], base: /^server\/routes\//, fileName: /^index$/, exports: { default: "ALL" } },
    ],
    middleware: [`server/middleware/**/*.${JS}`],
    config: [`nuxt.config.${JS}`],
    ...NITRO_COMMON,
  },
  {
    framework: "Nitro",
    dependencies: ["nitropack", "nitro"],
    routes: [
      { paths: [`{server/,}api/**/*.${JS}`], base: /^(?:server\/)?api\//, mount: "/api", fileName: /^index$/, exports: { default: "ALL" } },
      { paths: [`{server/,}routes/**/*.${JS}`], base: /^(?:server\/)?routes\//, fileName: /^index$/, exports: { default: "ALL" } },
    ],
    middleware: [`{server/,}middleware/**/*.${JS}`],
    config: [`nitro.config.${JS}`],
    ...NITRO_COMMON,
  },
];

// ---------------------------------------------------------------------------------------
// Remix and React Router v7

export interface RemixConventions {
  framework: string;
  dependencies: readonly string[];
  /** Route modules: `app/routes/api.chat.ts`, or a folder's `route.ts` (`app/routes/api.chat/route.ts`). */
  routes: { paths: readonly string[]; base: RegExp; folderRoute: RegExp };
  /** Server exports → method. */
  exports: Readonly<Record<string, string>>;
  /** Flat-route file names: `.` separates segments (not inside `[…]`, which escapes). */
  separator: RegExp;
  segments: SegmentRules;
  /** Remix v1 nested folders (`app/routes/api/chat.ts`): `index` stands for its folder. */
  nestedIndex: RegExp;
  /** React Router's `app/routes.ts` config (its file arguments are relative to it): the helpers' names. */
  config?: {
    paths: readonly string[];
    route: string;
    index: string;
    layout: string;
    prefix: string;
    /** `...(await flatRoutes())`: the file conventions above apply. */
    flatRoutes: string;
  };
}

const REMIX_COMMON = {
  routes: { paths: [`app/routes/**/*.${JS}`], base: /^app\/routes\//, folderRoute: /^route$/ },
  exports: { action: "ACTION", loader: "LOADER" },
  separator: /\.(?![^[]*\])/,
  nestedIndex: /^index$/,
  segments: {
    // `_index` (index route) and `_auth` (pathless layout) add nothing to the URL.
    drop: [/^_/],
    rewrite: [
      { pattern: /^\$$/, to: "*" },
      { pattern: /^\(\$([^)]+)\)$/, to: ":$1" },
      { pattern: /^\$(.+)$/, to: ":$1" },
      { pattern: /^\(([^)$]+)\)$/, to: "$1" },
      { pattern: /_$/, to: "" },
      { pattern: /\[([^\]]*)\]/g, to: "$1" },
    ],
  },
} satisfies Partial<RemixConventions>;

export const REMIX_APPS: readonly RemixConventions[] = [
  {
    framework: "React Router",
    dependencies: ["@react-router/dev", "@react-router/node", "@react-router/serve"],
    ...REMIX_COMMON,
    config: { paths: [`app/routes.${JS}`], route: "route", index: "index", layout: "layout", prefix: "prefix", flatRoutes: "flatRoutes" },
  },
  {
    framework: "Remix",
    dependencies: ["@remix-run/react", "@remix-run/dev", "@remix-run/node", "@remix-run/cloudflare", "@remix-run/serve", "@vercel/remix"],
    ...REMIX_COMMON,
  },
];

// ---------------------------------------------------------------------------------------
// Fetch-handler servers: one function answers every request of the server

/**
 * A platform whose server is one `fetch(request)` function: a Cloudflare Worker's (or Bun's)
 * `export default { fetch(request, env, ctx) { … } }`, or a global serve call
 * (`Bun.serve({ fetch(req) { … } })`, `Deno.serve(handler)`). Each is one route, every method
 * on every path.
 */
export interface FetchHandlerPlatform {
  framework: string;
  /** A default-exported object's `fetch` is the entry point when the file's app depends on, or the file imports, one of these. */
  defaultExport?: { dependencies: readonly string[]; imports: readonly string[] };
  /** A call of a global (`Bun.serve`): where its handler is among the arguments (`0.fetch`, the last function argument: `last`). */
  serve?: { callee: string; handler: readonly string[] };
}

export const FETCH_HANDLER_PLATFORMS: readonly FetchHandlerPlatform[] = [
  {
    framework: "Cloudflare Workers",
    defaultExport: { dependencies: ["wrangler", "@cloudflare/workers-types", "@cloudflare/vitest-pool-workers"], imports: ["@cloudflare/workers-types", "cloudflare:workers"] },
  },
  { framework: "Bun", defaultExport: { dependencies: ["@types/bun", "bun-types"], imports: ["bun"] }, serve: { callee: "Bun.serve", handler: ["0.fetch"] } },
  { framework: "Deno", serve: { callee: "Deno.serve", handler: ["last"] } },
];
