/**
 * Where each file of an app runs, per framework, as data: the browser (it ships to the
 * user's device), the server, or both. The runtime model (`model/runtime.ts`) reads these
 * tables; add a framework or a convention here without touching it.
 *
 * Paths are globs relative to the app root (the directory of the nearest package.json, or
 * of a browser-extension manifest.json): `*` stays inside one path segment, `**` spans any
 * number of them, `{a,b}` is a choice (`{src/,}` means "with or without src/"). A glob is
 * anchored at the app root; start it with `**` to match at any depth.
 *
 * For one file, rules are tried in this order and the first match wins:
 *   UNIVERSAL_RULES → the framework's `rules` → SHARED_RULES → the framework's `catchAll`.
 * A file no rule matched is decided by imports (code that browser code imports ships to
 * the browser; code only server code imports stays on the server), then by `fallback`.
 */

import { TEST_FILES } from "./test-files.js";

export type Side = "browser" | "server" | "both";

export interface RuntimeRule {
  /** Globs relative to the app root; the rule matches when any does. */
  paths?: readonly string[];
  /** `"use client"` / `"use server"` as the file's first statement. */
  directive?: "use client" | "use server";
  /** A package the file imports (`import "server-only"`). */
  imports?: string;
  runtime: Side;
  /**
   * The framework keeps this file out of client bundles (or fails the build when client
   * code imports it), so an import from client code never makes it browser code.
   */
  serverOnly?: true;
  /** One short clause shown to users: why the file runs where it does. */
  reason: string;
  /** How a file this one imports names it ("a \"use client\" file"). Defaults to `reason`. */
  role?: string;
  /**
   * For `both`: exports whose code runs only on the server. The framework strips them
   * (and the imports only they use) from the client bundle.
   */
  serverExports?: readonly string[];
  /**
   * For `.astro` components: the front matter and template run on the server, `<script>`
   * blocks in the browser, and components used with a `client:*` directive ship as islands.
   */
  split?: "astro";
}

export interface FrameworkDetection {
  /** Any of these in the app's package.json (any dependency field). Empty or absent: no condition. */
  dependencies?: readonly string[];
  /** Any of these files (relative to the app root) exists and, when given, its text matches `contains`. */
  files?: readonly { path: string; contains?: RegExp }[];
}

export interface FrameworkRuntime {
  name: string;
  /** Both conditions must hold (each one that is given). */
  detect: FrameworkDetection;
  /** The framework's conventions, tried before the shared rules. */
  rules: readonly RuntimeRule[];
  /** Broad rules tried after the shared ones ("everything else in the app ships"). */
  catchAll?: readonly RuntimeRule[];
  /** A file that no rule matched and no import reached. */
  fallback: { runtime: Side | "unknown"; reason: string };
}

/** Code file extensions, for globs. */
const JS = "{js,jsx,ts,tsx,mjs,cjs,mts,cts}";
/** Next.js, SvelteKit, Astro, Plasmo… accept their folders at the root or under src/. */
const SRC = "{src/,}";
/** A named entry point: `popup.tsx` or `popup/…` (any depth below). */
const entry = (prefix: string, names: string) => [`${prefix}{${names}}.${JS}`, `${prefix}{${names}}/**`];

// ---------------------------------------------------------------------------------------
// Rules every app shares.

/** Markers a file carries itself, whatever the framework: tried first. */
export const UNIVERSAL_RULES: readonly RuntimeRule[] = [
  // Server actions: client code that imports them gets RPC stubs, never their code.
  { directive: "use server", runtime: "server", serverOnly: true, reason: '"use server" file (server actions)', role: 'a "use server" file' },
  { imports: "server-only", runtime: "server", serverOnly: true, reason: 'imports "server-only"', role: 'a "server-only" module' },
  { directive: "use client", runtime: "browser", reason: '"use client" directive', role: 'a "use client" file' },
  { imports: "client-only", runtime: "browser", reason: 'imports "client-only"', role: 'a "client-only" module' },
];

/** Tooling, tests, static assets and server folders: tried after a framework's own rules. */
export const SHARED_RULES: readonly RuntimeRule[] = [
  {
    paths: [`*.config.${JS}`, `.*rc.{js,cjs,mjs}`, `{gulpfile,Gruntfile}.${JS}`, ".storybook/**"],
    runtime: "server",
    reason: "build tool configuration (runs in Node, not shipped)",
  },
  {
    paths: [...TEST_FILES, "{test,tests,e2e,cypress,playwright}/**"],
    runtime: "server",
    reason: "test file (runs under the test runner, not shipped)",
  },
  { paths: ["{scripts,bin,tools}/**"], runtime: "server", reason: "Node script (scripts/)" },
  // Served as they are: whatever is in public/ runs in the browser (service workers, widgets).
  { paths: ["{public,static}/**"], runtime: "browser", reason: "static file served to the browser (public/)", role: "a static file served to the browser" },
  {
    paths: ["server/**", `server.${JS}`, "api/**", "functions/**", "{netlify,supabase}/{functions,edge-functions}/**"],
    runtime: "server",
    reason: "server code (server.js, or a server/, api/ or functions/ folder)",
  },
];

// ---------------------------------------------------------------------------------------
// Browser extensions: every script runs on the user's machine.

/** Where a manifest (v2 or v3) names the extension's scripts and pages. `*` walks an array or object. */
export const EXTENSION_MANIFEST_ENTRIES: readonly { field: readonly string[]; role: string; page?: true }[] = [
  { field: ["content_scripts", "*", "js"], role: "content script" },
  { field: ["background", "service_worker"], role: "background service worker" },
  { field: ["background", "scripts", "*"], role: "background script" },
  { field: ["background", "page"], role: "background page", page: true },
  { field: ["action", "default_popup"], role: "popup", page: true },
  { field: ["browser_action", "default_popup"], role: "popup", page: true },
  { field: ["page_action", "default_popup"], role: "popup", page: true },
  { field: ["options_page"], role: "options page", page: true },
  { field: ["options_ui", "page"], role: "options page", page: true },
  { field: ["side_panel", "default_path"], role: "side panel", page: true },
  { field: ["sidebar_action", "default_panel"], role: "sidebar", page: true },
  { field: ["devtools_page"], role: "devtools page", page: true },
  { field: ["chrome_url_overrides", "*"], role: "override page", page: true },
];

/** A manifest.json is an extension's when it has this field (a PWA's web manifest has not). */
export const EXTENSION_MANIFEST_MARKER = /"manifest_version"\s*:/;

/**
 * Folders a web framework serves as static files. An extension manifest there, in an app
 * with a server (a Next.js site that also hosts its companion extension's files), is one of
 * the app's assets: the app keeps its framework, and only the scripts the manifest names
 * are extension code.
 */
export const SERVED_ASSET_DIRS: readonly string[] = ["public", "static"];

/** Where an extension keeps its manifest, relative to the extension (package) root. */
export const EXTENSION_MANIFEST_PATHS: readonly string[] = ["manifest.json", "public/manifest.json", "src/manifest.json", "static/manifest.json"];

const extensionRoles = (name: string, prefix: string): RuntimeRule[] => [
  { paths: entry(prefix, "content,contents,content-script,content-scripts,content_script,content_scripts,*.content"), runtime: "browser", reason: `browser extension (${name}): content script`, role: "an extension content script" },
  { paths: entry(prefix, "background,service-worker,service_worker"), runtime: "browser", reason: `browser extension (${name}): background service worker`, role: "an extension background worker" },
  { paths: entry(prefix, "popup"), runtime: "browser", reason: `browser extension (${name}): popup`, role: "an extension popup" },
  { paths: entry(prefix, "options"), runtime: "browser", reason: `browser extension (${name}): options page`, role: "an extension options page" },
  { paths: entry(prefix, "sidepanel,side-panel,sidebar,devtools,newtab,offscreen,tabs,sandboxes"), runtime: "browser", reason: `browser extension (${name}): extension page`, role: "an extension page" },
];

// ---------------------------------------------------------------------------------------
// Plain Node servers: one entry per family, the same conventions.

const nodeServer = (name: string, dependencies: readonly string[]): FrameworkRuntime => ({
  name,
  detect: { dependencies },
  rules: [],
  catchAll: [{ paths: ["**"], runtime: "server", reason: `Node server (${name})` }],
  fallback: { runtime: "server", reason: `Node server (${name})` },
});

// A single-page app: no server of its own, so everything in it ships.
const spa = (name: string, detect: FrameworkDetection): FrameworkRuntime => ({
  name,
  detect,
  rules: [],
  catchAll: [{ paths: ["**"], runtime: "browser", reason: `${name} single-page app (no server code)`, role: `part of a ${name} single-page app` }],
  fallback: { runtime: "browser", reason: `${name} single-page app (no server code)` },
});

const SERVER_SUFFIX = [`**/*.server.${JS}`, "**/*.server.{vue,svelte}", "**/.server/**"];
const CLIENT_SUFFIX = [`**/*.client.${JS}`, "**/*.client.{vue,svelte}", "**/.client/**"];

const remixLike = (name: string, dependencies: readonly string[]): FrameworkRuntime => ({
  name,
  detect: { dependencies },
  rules: [
    { paths: [`app/entry.server.${JS}`], runtime: "server", serverOnly: true, reason: `${name} server entry (entry.server)` },
    { paths: [`app/entry.client.${JS}`], runtime: "browser", reason: `${name} browser entry (entry.client)`, role: `the ${name} browser entry` },
    { paths: SERVER_SUFFIX, runtime: "server", serverOnly: true, reason: `${name} server-only module (*.server.ts or .server/)` },
    { paths: CLIENT_SUFFIX, runtime: "browser", reason: `${name} client-only module (*.client.ts or .client/)`, role: "a client-only module" },
    { paths: [`app/routes.${JS}`], runtime: "server", reason: `${name} route config (read at build time)` },
    {
      paths: [`app/root.${JS}`, `app/routes/**/*.${JS}`],
      runtime: "both",
      reason: `${name} route module: loader/action run on the server, the rest ships`,
      role: `a ${name} route module`,
      serverExports: ["loader", "action", "headers", "middleware", "unstable_middleware"],
    },
  ],
  fallback: { runtime: "unknown", reason: `${name} module that no route imports` },
});

// ---------------------------------------------------------------------------------------
// The frameworks, most specific first: the first one an app matches decides (a Nuxt app
// also depends on vue and vite, an Expo app on react-native).

export const FRAMEWORK_RUNTIMES: readonly FrameworkRuntime[] = [
  {
    name: "browser extension (manifest.json)",
    detect: { files: EXTENSION_MANIFEST_PATHS.map((path) => ({ path, contains: EXTENSION_MANIFEST_MARKER })) },
    rules: [
      ...extensionRoles("manifest.json", "**/"),
      // Chrome's samples keep content and helper scripts in scripts/ or js/: extension code, not Node scripts.
      { paths: ["{scripts,js}/**"], runtime: "browser", reason: "browser extension (manifest.json): extension script", role: "an extension script" },
    ],
    // Helpers get their reason from the script that imports them; the rest still runs on the user's machine.
    fallback: { runtime: "browser", reason: "browser extension (manifest.json): runs on the user's machine" },
  },
  {
    name: "Plasmo",
    detect: { dependencies: ["plasmo"] },
    rules: extensionRoles("Plasmo", SRC),
    fallback: { runtime: "browser", reason: "browser extension (Plasmo): runs on the user's machine" },
  },
  {
    name: "WXT",
    detect: { dependencies: ["wxt"] },
    rules: extensionRoles("WXT", `${SRC}entrypoints/`),
    fallback: { runtime: "browser", reason: "browser extension (WXT): runs on the user's machine" },
  },
  {
    name: "Electron",
    detect: { dependencies: ["electron"] },
    rules: [
      { paths: ["**/preload{.*,/**}"], runtime: "browser", reason: "Electron preload script (runs in the window, on the user's machine)", role: "an Electron preload script" },
      { paths: ["**/renderer{.*,/**}"], runtime: "browser", reason: "Electron renderer (a browser window)", role: "the Electron renderer" },
      {
        paths: [`${SRC}main{.*,/**}`, "electron/**", `${SRC}{electron,electron-main,background}.${JS}`],
        runtime: "server",
        reason: "Electron main process (Node; still on the user's machine)",
      },
    ],
    fallback: { runtime: "unknown", reason: "Electron module that neither the main process nor a window imports" },
  },
  {
    name: "Expo",
    detect: { dependencies: ["expo", "expo-router"] },
    rules: [
      { paths: [`**/*+api.${JS}`], runtime: "server", serverOnly: true, reason: "Expo API route (+api.ts, runs on the server)" },
      { paths: [`${SRC}app/+html.${JS}`], runtime: "server", reason: "Expo static HTML shell (+html.tsx, rendered at build time)" },
      { paths: [`${SRC}app/**`], runtime: "browser", reason: "Expo Router screen (runs on the user's device)", role: "an Expo screen" },
      {
        paths: [`{App,index}.${JS}`, `${SRC}{components,hooks,screens,navigation,constants,context,store,stores}/**`],
        runtime: "browser",
        reason: "Expo app code (runs on the user's device)",
        role: "Expo app code",
      },
    ],
    fallback: { runtime: "browser", reason: "Expo app code (runs on the user's device)" },
  },
  {
    name: "React Native",
    detect: { dependencies: ["react-native"] },
    rules: [],
    catchAll: [{ paths: ["**"], runtime: "browser", reason: "React Native app code (runs on the user's device)", role: "React Native app code" }],
    fallback: { runtime: "browser", reason: "React Native app code (runs on the user's device)" },
  },
  {
    name: "Next.js",
    detect: { dependencies: ["next"] },
    rules: [
      { paths: [`${SRC}app/**/route.${JS}`], runtime: "server", reason: "Next.js route handler (route.ts)" },
      {
        paths: [`${SRC}app/**/{page,layout,template,default,not-found,loading,error,global-error,forbidden,unauthorized}.${JS}`],
        runtime: "server",
        reason: 'React Server Component (Next.js app router, no "use client")',
        role: "a server component",
      },
      { paths: [`${SRC}app/**/{opengraph-image,twitter-image,icon,apple-icon,sitemap,robots,manifest}.${JS}`], runtime: "server", reason: "Next.js metadata route" },
      { paths: [`${SRC}{middleware,proxy,instrumentation,instrumentation-client}.${JS}`], runtime: "server", reason: "Next.js middleware/instrumentation (runs on the server)" },
      { paths: [`${SRC}pages/api/**`], runtime: "server", reason: "Next.js API route (pages/api)" },
      { paths: [`${SRC}pages/_document.${JS}`], runtime: "server", reason: "Next.js custom document (rendered only on the server)" },
      { paths: [`${SRC}pages/_app.${JS}`], runtime: "both", reason: "Next.js custom App (pages/_app: wraps every page, ships to the browser)", role: "the Next.js custom App" },
      {
        paths: [`${SRC}pages/**/*.${JS}`],
        runtime: "both",
        reason: "Next.js page (pages router): rendered on the server, hydrated in the browser",
        role: "a Next.js page",
        // getInitialProps is not here: it runs in the browser on client-side navigation.
        serverExports: ["getServerSideProps", "getStaticProps", "getStaticPaths"],
      },
    ],
    fallback: { runtime: "server", reason: "Next.js module that no client code imports" },
  },
  {
    name: "Nuxt",
    detect: { dependencies: ["nuxt", "nuxt3"] },
    rules: [
      { paths: ["server/**"], runtime: "server", serverOnly: true, reason: "Nuxt server code (server/)" },
      { paths: SERVER_SUFFIX, runtime: "server", serverOnly: true, reason: "Nuxt server-only file (*.server.*)" },
      { paths: CLIENT_SUFFIX, runtime: "browser", reason: "Nuxt client-only file (*.client.*)", role: "a Nuxt client-only file" },
      { paths: ["{app/,}plugins/**"], runtime: "both", reason: "Nuxt plugin (runs on the server and in the browser)", role: "a Nuxt plugin" },
      { paths: ["{app/,}middleware/**"], runtime: "both", reason: "Nuxt route middleware (runs on the server and in the browser)", role: "Nuxt route middleware" },
      { paths: ["{app/,}{components,pages,layouts}/**", "{app/,}{app,error}.vue"], runtime: "browser", reason: "Vue component of a Nuxt app (ships to the browser)", role: "a Nuxt component" },
      { paths: ["{app/,}{composables,utils,stores}/**"], runtime: "browser", reason: "Nuxt composable/util (auto-imported into the app)", role: "a Nuxt composable" },
      { paths: [`{app/,}{app.config,router.options}.${JS}`], runtime: "browser", reason: "Nuxt app config (bundled into the app)", role: "the Nuxt app config" },
      { paths: ["shared/**"], runtime: "both", reason: "Nuxt shared code (auto-imported by the app and the server)", role: "Nuxt shared code" },
      { paths: ["modules/**"], runtime: "server", reason: "Nuxt module (runs at build time)" },
    ],
    fallback: { runtime: "unknown", reason: "Nuxt module that neither the app nor the server imports" },
  },
  {
    name: "SvelteKit",
    detect: { dependencies: ["@sveltejs/kit"] },
    rules: [
      { paths: ["src/lib/server/**"], runtime: "server", serverOnly: true, reason: "SvelteKit server-only module ($lib/server)" },
      { paths: [`src/routes/**/+server.${JS}`], runtime: "server", serverOnly: true, reason: "SvelteKit +server.ts endpoint" },
      { paths: [`src/routes/**/+{page,layout}.server.${JS}`], runtime: "server", serverOnly: true, reason: "SvelteKit server load/actions (+page.server.ts)" },
      { paths: [`src/hooks.server.${JS}`], runtime: "server", serverOnly: true, reason: "SvelteKit server hooks (hooks.server.ts)" },
      { paths: SERVER_SUFFIX, runtime: "server", serverOnly: true, reason: "SvelteKit server-only module (*.server.ts)" },
      { paths: [`src/hooks.client.${JS}`], runtime: "browser", reason: "SvelteKit client hooks (hooks.client.ts)", role: "the SvelteKit client hooks" },
      { paths: [`src/hooks.${JS}`, `src/params/**`], runtime: "both", reason: "SvelteKit universal hooks/matchers (run on the server and in the browser)", role: "universal SvelteKit code" },
      {
        paths: [`src/routes/**/+{page,layout}.${JS}`],
        runtime: "both",
        reason: "SvelteKit universal load (+page.ts): runs on the server and in the browser",
        role: "a universal load module (+page.ts)",
      },
      { paths: ["src/service-worker{.*,/**}"], runtime: "browser", reason: "SvelteKit service worker", role: "the service worker" },
      { paths: ["**/*.svelte"], runtime: "browser", reason: "Svelte component (ships to the browser)", role: "a Svelte component" },
    ],
    fallback: { runtime: "unknown", reason: "SvelteKit module that no route or component imports" },
  },
  remixLike("React Router", ["@react-router/dev"]),
  remixLike("Remix", ["@remix-run/react", "@remix-run/dev", "@remix-run/node", "@remix-run/cloudflare", "@remix-run/serve", "@vercel/remix"]),
  {
    name: "Astro",
    detect: { dependencies: ["astro"] },
    rules: [
      { paths: [`src/pages/**/*.${JS}`], runtime: "server", reason: "Astro endpoint (src/pages/*.ts)" },
      { paths: ["src/middleware{.*,/**}"], runtime: "server", reason: "Astro middleware" },
      { paths: ["src/actions/**"], runtime: "server", reason: "Astro actions (run on the server)" },
      { paths: [`src/content.config.${JS}`, `src/content/config.${JS}`], runtime: "server", reason: "Astro content config (build time)" },
      {
        paths: ["**/*.astro"],
        runtime: "both",
        reason: "Astro component: front matter and template run on the server, <script> blocks in the browser",
        role: "an Astro component",
        split: "astro",
      },
    ],
    fallback: { runtime: "unknown", reason: "Astro module that no page imports" },
  },
  {
    name: "Angular",
    detect: { dependencies: ["@angular/core"] },
    rules: [
      { paths: [`src/**/*.server.${JS}`], runtime: "server", reason: "Angular SSR server entry" },
      // `ng add @angular/ssr` writes the Node server that renders the app (Express) as `src/server.ts` (`server.ts` before v17).
      { paths: [`{src/,}server.${JS}`], runtime: "server", reason: "Angular SSR Node server (server.ts)" },
    ],
    catchAll: [{ paths: ["**"], runtime: "browser", reason: "Angular app (ships to the browser)", role: "part of an Angular app" }],
    fallback: { runtime: "browser", reason: "Angular app (ships to the browser)" },
  },
  spa("Create React App", { dependencies: ["react-scripts"] }),
  spa("Vue CLI", { dependencies: ["@vue/cli-service"] }),
  // A Vite or Parcel package without an index.html is a library or a tool, not an app.
  spa("Vite", { dependencies: ["vite"], files: [{ path: "index.html" }] }),
  spa("Parcel", { dependencies: ["parcel"], files: [{ path: "index.html" }, { path: "src/index.html" }] }),
  nodeServer("Express", ["express"]),
  nodeServer("Fastify", ["fastify"]),
  nodeServer("Koa", ["koa"]),
  nodeServer("Hapi", ["@hapi/hapi"]),
  nodeServer("Hono", ["hono"]),
  nodeServer("NestJS", ["@nestjs/core"]),
  nodeServer("h3", ["h3"]),
  nodeServer("serverless functions", ["firebase-functions", "@azure/functions", "@netlify/functions", "@vercel/node", "wrangler"]),
];

/**
 * Path globs that mark server code whatever the framework, for judging one file alone
 * (the ESLint plugin has no project model): server folders and `.server` modules.
 */
export const ONE_FILE_SERVER_PATHS: readonly string[] = ["**/server/**", "**/api/**", "**/*.server.*", "**/+server.*", "**/+page.server.*", "**/+layout.server.*"];
