/**
 * The runtime model: where every code file runs (browser, server, both), with the reason
 * users see. Every code file of every framework fixture is listed by hand, so a new file
 * without an expectation, or a misclassified one, fails. Small projects written to a temp
 * dir cover the frameworks without a fixture app (Astro, Electron, Plasmo, WXT, React
 * Router, Angular) and the import-graph rules.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import type { RuntimeModel } from "../src/model/runtime.js";
import type { ProjectModel } from "../src/model/project.js";
import { globToRegExp } from "../src/util/glob.js";

type Runtime = "browser" | "server" | "both" | "unknown";
/** file, runtime, a fragment of the reason. */
type Row = [file: string, runtime: Runtime, reason: string];

const FIXTURES_DIR = fileURLToPath(new URL("../fixtures", import.meta.url));

const CONFIG = "build tool configuration";
const SPA = "Vite single-page app (no server code)";
const RSC = "React Server Component";
const NEXT_PAGE = "Next.js page (pages router)";
const REMIX_ROUTE = "Remix route module: loader/action run on the server";

const FIXTURES: Record<string, Row[]> = {
  "nextjs-leaky": [
    ["app/api/chat/route.ts", "server", "Next.js route handler"],
    ["app/layout.tsx", "server", RSC],
    ["app/page.tsx", "browser", '"use client" directive'],
    ["lib/ai.ts", "server", "imported only by server code (app/api/chat/route.ts)"],
    ["next.config.mjs", "server", CONFIG],
  ],
  "nextjs-clean": [
    ["app/api/auth/[...nextauth]/route.ts", "server", "Next.js route handler"],
    ["app/api/chat/route.ts", "server", "Next.js route handler"],
    ["app/layout.tsx", "server", RSC],
    ["app/page.tsx", "browser", '"use client" directive'],
    ["lib/ai.ts", "server", 'imports "server-only"'],
    ["lib/auth.ts", "server", "imported only by server code (app/api/auth/[...nextauth]/route.ts)"],
    ["lib/ratelimit.ts", "server", "imported only by server code (app/api/chat/route.ts)"],
    ["next.config.mjs", "server", CONFIG],
  ],
  "vite-react-leaky": [
    ["src/App.tsx", "browser", SPA],
    ["src/lib/firebase.ts", "browser", SPA],
    ["src/lib/fridge-photo.ts", "browser", SPA],
    ["src/lib/gemini.ts", "browser", SPA],
    ["src/lib/openai.ts", "browser", SPA],
    ["src/main.tsx", "browser", SPA],
    ["vite.config.ts", "server", CONFIG],
  ],
  "vite-react-clean": [
    ["public/firebase-messaging-sw.js", "browser", "static file served to the browser (public/)"],
    ["src/App.tsx", "browser", SPA],
    ["src/lib/api.ts", "browser", SPA],
    ["src/lib/firebase.ts", "browser", SPA],
    ["src/main.tsx", "browser", SPA],
    ["vite.config.ts", "server", CONFIG],
  ],
  "express-leaky": [
    ["src/lib/llm.ts", "server", "Node server (Express)"],
    ["src/routes/chat.ts", "server", "Node server (Express)"],
    ["src/server.ts", "server", "Node server (Express)"],
  ],
  "express-clean": [
    ["src/lib/llm.ts", "server", "Node server (Express)"],
    ["src/routes/chat.ts", "server", "Node server (Express)"],
    ["src/server.ts", "server", "Node server (Express)"],
  ],
  "nextjs-pages-leaky": [
    ["components/ChatBox.tsx", "browser", "imported by pages/index.tsx, a Next.js page"],
    ["lib/ai/clients.ts", "browser", "imported by lib/ai/index.ts, reached from pages/report.tsx, a Next.js page"],
    ["lib/ai/index.ts", "browser", "imported by pages/report.tsx, a Next.js page"],
    ["lib/ai/report.ts", "browser", "imported by lib/ai/index.ts, reached from pages/report.tsx"],
    // Only getServerSideProps and the API route import these: Next strips them from the client.
    ["lib/anthropic.ts", "server", "imported only by server code"],
    ["lib/standups.ts", "server", "imported only by server code (pages/index.tsx)"],
    ["next.config.js", "server", CONFIG],
    ["pages/_app.tsx", "both", "Next.js custom App"],
    ["pages/_document.tsx", "server", "Next.js custom document"],
    ["pages/api/standup.ts", "server", "Next.js API route (pages/api)"],
    ["pages/index.tsx", "both", NEXT_PAGE],
    ["pages/report.tsx", "both", NEXT_PAGE],
  ],
  "nextjs-pages-clean": [
    ["components/ChatBox.tsx", "browser", "imported by pages/index.tsx, a Next.js page"],
    ["components/LocalDraft.tsx", "browser", "imported by pages/report.tsx, a Next.js page"],
    ["lib/anthropic.ts", "server", "imported only by server code"],
    // Also imported by pages/index.tsx, for getServerSideProps only.
    ["lib/ratelimit.ts", "server", "imported only by server code (pages/api/ask.ts)"],
    ["lib/report.ts", "server", "imported only by server code (pages/api/report.ts)"],
    // Also imported by pages/index.tsx (getServerSideProps); ChatBox imports only its type.
    ["lib/standups.ts", "server", "imported only by server code (pages/api/ask.ts)"],
    ["next.config.js", "server", CONFIG],
    ["pages/_app.tsx", "both", "Next.js custom App"],
    ["pages/_document.tsx", "server", "Next.js custom document"],
    ["pages/api/ask.ts", "server", "Next.js API route (pages/api)"],
    ["pages/api/auth/[auth0].ts", "server", "Next.js API route (pages/api)"],
    ["pages/api/report.ts", "server", "Next.js API route (pages/api)"],
    ["pages/api/standup.ts", "server", "Next.js API route (pages/api)"],
    ["pages/index.tsx", "both", NEXT_PAGE],
    ["pages/report.tsx", "both", NEXT_PAGE],
  ],
  "vue-spa-leaky": [
    ["src/App.vue", "browser", SPA],
    ["src/components/AttachmentSummary.vue", "browser", SPA],
    ["src/components/KeySettings.vue", "browser", SPA],
    ["src/components/ReplyDrafter.vue", "browser", SPA],
    ["src/components/ToneCheck.vue", "browser", SPA],
    ["src/composables/useToneCheck.ts", "browser", SPA],
    ["src/lib/gemini.ts", "browser", SPA],
    ["src/lib/index.ts", "browser", SPA],
    ["src/lib/mistral.ts", "browser", SPA],
    ["src/lib/openai.ts", "browser", SPA],
    ["src/lib/settings.ts", "browser", SPA],
    ["src/main.ts", "browser", SPA],
    ["vite.config.ts", "server", CONFIG],
  ],
  "vue-spa-clean": [
    // The Express server lives in the same package: its folder decides.
    ["server/index.ts", "server", "a server/, api/ or functions/ folder"],
    ["server/providers.ts", "server", "a server/, api/ or functions/ folder"],
    ["server/session.ts", "server", "a server/, api/ or functions/ folder"],
    ["server/sessions-store.ts", "server", "a server/, api/ or functions/ folder"],
    ["src/App.vue", "browser", SPA],
    ["src/components/AttachmentSummary.vue", "browser", SPA],
    ["src/components/OfflineDraft.vue", "browser", SPA],
    ["src/components/ReplyDrafter.vue", "browser", SPA],
    ["src/components/ToneCheck.vue", "browser", SPA],
    ["src/composables/useLocalModel.ts", "browser", SPA],
    ["src/composables/useToneCheck.ts", "browser", SPA],
    ["src/lib/api.ts", "browser", SPA],
    ["src/lib/http.ts", "browser", SPA],
    ["src/main.ts", "browser", SPA],
    ["vite.config.ts", "server", CONFIG],
  ],
  "sveltekit-leaky": [
    ["src/hooks.server.ts", "server", "SvelteKit server hooks"],
    ["src/lib/ai/index.ts", "browser", "imported by src/routes/+page.ts, a universal load module (+page.ts)"],
    ["src/lib/ai/tips.ts", "browser", "imported by src/lib/ai/index.ts, reached from src/routes/+page.ts"],
    ["src/lib/server/openai.ts", "server", "SvelteKit server-only module ($lib/server)"],
    ["src/routes/+layout.svelte", "browser", "Svelte component"],
    ["src/routes/+page.svelte", "browser", "Svelte component"],
    ["src/routes/+page.ts", "both", "SvelteKit universal load (+page.ts)"],
    ["src/routes/api/health/+server.ts", "server", "SvelteKit +server.ts endpoint"],
    ["src/routes/summarize/+page.svelte", "browser", "Svelte component"],
    ["svelte.config.js", "server", CONFIG],
    ["vite.config.ts", "server", CONFIG],
  ],
  "sveltekit-clean": [
    ["src/hooks.server.ts", "server", "SvelteKit server hooks"],
    // Shared by the page and the endpoint: it ships.
    ["src/lib/format.ts", "browser", "imported by src/routes/+page.svelte, a Svelte component"],
    ["src/lib/server/limiter.ts", "server", "SvelteKit server-only module ($lib/server)"],
    ["src/lib/server/openai.ts", "server", "SvelteKit server-only module ($lib/server)"],
    ["src/lib/server/session.ts", "server", "SvelteKit server-only module ($lib/server)"],
    ["src/lib/server/tips.ts", "server", "SvelteKit server-only module ($lib/server)"],
    ["src/routes/+layout.svelte", "browser", "Svelte component"],
    ["src/routes/+page.server.ts", "server", "SvelteKit server load/actions"],
    ["src/routes/+page.svelte", "browser", "Svelte component"],
    ["src/routes/api/chat/+server.ts", "server", "SvelteKit +server.ts endpoint"],
    ["src/routes/api/health/+server.ts", "server", "SvelteKit +server.ts endpoint"],
    ["src/routes/offline/+page.svelte", "browser", "Svelte component"],
    ["src/routes/summarize/+page.server.ts", "server", "SvelteKit server load/actions"],
    ["src/routes/summarize/+page.svelte", "browser", "Svelte component"],
    ["svelte.config.js", "server", CONFIG],
    ["vite.config.ts", "server", CONFIG],
  ],
  "nuxt-leaky": [
    ["app.vue", "browser", "Vue component of a Nuxt app"],
    ["components/TranslateNotes.vue", "browser", "Vue component of a Nuxt app"],
    // Auto-imported: no import edge, the folder decides.
    ["composables/useActionItems.ts", "browser", "Nuxt composable"],
    ["nuxt.config.ts", "server", CONFIG],
    ["pages/index.vue", "browser", "Vue component of a Nuxt app"],
    ["plugins/claude.client.ts", "browser", "Nuxt client-only file (*.client.*)"],
    ["server/api/title.post.ts", "server", "Nuxt server code (server/)"],
    ["server/utils/openai.ts", "server", "Nuxt server code (server/)"],
  ],
  "nuxt-clean": [
    ["app.vue", "browser", "Vue component of a Nuxt app"],
    ["components/TranslateNotes.vue", "browser", "Vue component of a Nuxt app"],
    ["composables/useActionItems.ts", "browser", "Nuxt composable"],
    ["composables/useLocalModel.ts", "browser", "Nuxt composable"],
    ["nuxt.config.ts", "server", CONFIG],
    ["pages/index.vue", "browser", "Vue component of a Nuxt app"],
    ["plugins/analytics.ts", "both", "Nuxt plugin (runs on the server and in the browser)"],
    ["server/api/action-items.post.ts", "server", "Nuxt server code (server/)"],
    ["server/api/summary.post.ts", "server", "Nuxt server code (server/)"],
    ["server/api/title.post.ts", "server", "Nuxt server code (server/)"],
    ["server/api/translate.post.ts", "server", "Nuxt server code (server/)"],
    ["server/middleware/auth.ts", "server", "Nuxt server code (server/)"],
    ["server/routes/auth/github.get.ts", "server", "Nuxt server code (server/)"],
    ["server/utils/anthropic.ts", "server", "Nuxt server code (server/)"],
    ["server/utils/openai.ts", "server", "Nuxt server code (server/)"],
  ],
  "expo-leaky": [
    ["app/(tabs)/_layout.tsx", "browser", "Expo Router screen"],
    ["app/(tabs)/index.tsx", "browser", "Expo Router screen (runs on the user's device)"],
    ["app/(tabs)/journal.tsx", "browser", "Expo Router screen"],
    ["app/(tabs)/translate.tsx", "browser", "Expo Router screen"],
    ["app/_layout.tsx", "browser", "Expo Router screen"],
    ["app/api/health+api.ts", "server", "Expo API route (+api.ts"],
    ["babel.config.js", "server", CONFIG],
    ["components/VoiceNote.tsx", "browser", "Expo app code (runs on the user's device)"],
    ["lib/groq.ts", "browser", "imported by app/(tabs)/journal.tsx, an Expo screen"],
  ],
  "expo-clean": [
    ["app/(tabs)/_layout.tsx", "browser", "Expo Router screen"],
    ["app/(tabs)/index.tsx", "browser", "Expo Router screen"],
    ["app/(tabs)/journal.tsx", "browser", "Expo Router screen"],
    ["app/(tabs)/translate.tsx", "browser", "Expo Router screen"],
    ["app/_layout.tsx", "browser", "Expo Router screen"],
    ["app/api/chat+api.ts", "server", "Expo API route (+api.ts"],
    ["app/api/tidy+api.ts", "server", "Expo API route (+api.ts"],
    ["app/api/translate+api.ts", "server", "Expo API route (+api.ts"],
    ["babel.config.js", "server", CONFIG],
    ["components/LocalModelSwitch.tsx", "browser", "Expo app code"],
    ["lib/api.ts", "browser", "imported by app/(tabs)/index.tsx, an Expo screen"],
    // Only the API routes import it: server code, although every other lib/ file ships.
    ["lib/prompts.ts", "server", "imported only by server code (app/api/chat+api.ts)"],
  ],
  "browser-extension-leaky": [
    ["src/background.ts", "browser", "browser extension (manifest.json): background service worker"],
    ["src/content.ts", "browser", "browser extension (manifest.json): content script"],
    ["src/lib/gemini.ts", "browser", "imported by src/content.ts, an extension content script"],
    ["src/lib/storage.ts", "browser", "imported by src/background.ts, an extension background service worker"],
    ["src/options/options.ts", "browser", "browser extension (manifest.json): options page"],
    ["src/popup/popup.ts", "browser", "browser extension (manifest.json): popup"],
    ["vite.config.ts", "server", CONFIG],
  ],
  "browser-extension-clean": [
    // The backend is its own package (server/package.json, Express).
    ["server/src/auth.ts", "server", "Node server (Express)"],
    ["server/src/index.ts", "server", "Node server (Express)"],
    ["src/background.ts", "browser", "browser extension (manifest.json): background service worker"],
    ["src/content.ts", "browser", "browser extension (manifest.json): content script"],
    ["src/lib/backend.ts", "browser", "imported by src/background.ts, an extension background service worker"],
    ["src/options/options.ts", "browser", "browser extension (manifest.json): options page"],
    ["src/popup/popup.ts", "browser", "browser extension (manifest.json): popup"],
    ["vite.config.ts", "server", CONFIG],
  ],
  "remix-leaky": [
    ["app/components/AnswerCard.tsx", "browser", "imported by app/routes/_index.tsx, a Remix route module"],
    ["app/entry.client.tsx", "browser", "Remix browser entry"],
    // Only the action of routes/chat.tsx uses it: Remix drops the import with the action.
    ["app/lib/ai.ts", "server", "imported only by server code (app/routes/chat.tsx)"],
    ["app/root.tsx", "both", REMIX_ROUTE],
    ["app/routes/_index.tsx", "both", REMIX_ROUTE],
    ["app/routes/api.moderate.ts", "both", REMIX_ROUTE],
    ["app/routes/chat.tsx", "both", REMIX_ROUTE],
    ["app/utils/browser-ai.ts", "browser", "imported by app/routes/chat.tsx, a Remix route module"],
    ["vite.config.ts", "server", CONFIG],
  ],
  "remix-clean": [
    ["app/components/AnswerCard.tsx", "browser", "imported by app/routes/_index.tsx, a Remix route module"],
    ["app/entry.client.tsx", "browser", "Remix browser entry"],
    ["app/entry.server.tsx", "server", "Remix server entry"],
    ["app/lib/anthropic.server.ts", "server", "Remix server-only module (*.server.ts"],
    ["app/lib/openai.server.ts", "server", "Remix server-only module (*.server.ts"],
    ["app/lib/prompts.ts", "server", "imported only by server code"],
    ["app/lib/rate-limit.server.ts", "server", "Remix server-only module (*.server.ts"],
    ["app/root.tsx", "both", REMIX_ROUTE],
    ["app/routes/_index.tsx", "both", REMIX_ROUTE],
    ["app/routes/api.answer.ts", "both", REMIX_ROUTE],
    ["app/routes/api.moderate.ts", "both", REMIX_ROUTE],
    ["app/routes/chat.tsx", "both", REMIX_ROUTE],
    ["app/session.server.ts", "server", "Remix server-only module (*.server.ts"],
    ["vite.config.ts", "server", CONFIG],
  ],
};

/**
 * Lines that run only on the server inside a `both` file, each holding a provider call
 * that CS-1 must leave alone (file, text on the line).
 */
const SERVER_ONLY_LINES: Record<string, Array<[file: string, text: string]>> = {
  "nextjs-pages-leaky": [["pages/index.tsx", "await anthropic.messages.create({"]],
  "nextjs-pages-clean": [["pages/index.tsx", "await anthropic.messages.create({"]],
  "remix-leaky": [
    ["app/routes/_index.tsx", "process.env.ANTHROPIC_API_KEY"],
    ["app/routes/chat.tsx", "await openai.chat.completions.create({"],
    ["app/routes/api.moderate.ts", 'await fetch("https://api.openai.com/v1/moderations"'],
  ],
  "remix-clean": [
    ["app/routes/_index.tsx", "await anthropic.messages.create({"],
    ["app/routes/api.answer.ts", "await openai.chat.completions.create({"],
    ["app/routes/api.moderate.ts", 'await fetch("https://api.openai.com/v1/moderations"'],
  ],
};

const loaded = new Map<string, Promise<{ project: ProjectModel; runtime: RuntimeModel }>>();
function load(dir: string) {
  let hit = loaded.get(dir);
  if (!hit) {
    hit = loadProject(dir, defaultConfig()).then(({ project, ts }) => ({ project, runtime: project.runtime(ts) }));
    loaded.set(dir, hit);
  }
  return hit;
}

/** Every code file with its verdict, in the shape the expectations use. */
function table(project: ProjectModel, runtime: RuntimeModel) {
  return project.modules.files.map((file) => {
    const v = runtime.verdict(file);
    return { file, runtime: v.runtime, reason: v.reason };
  });
}

function expected(rows: Row[]) {
  return rows.map(([file, runtime, reason]) => ({ file, runtime, reason: expect.stringContaining(reason) }));
}

/** Offset of the first non-blank character of each line that contains `text`. */
function offsetsOf(project: ProjectModel, file: string, text: string | RegExp): number[] {
  const facts = project.file(file)!;
  const offsets: number[] = [];
  facts.text.split("\n").forEach((line, i) => {
    if (typeof text === "string" ? line.includes(text) : text.test(line)) offsets.push(facts.lineStarts[i]! + line.search(/\S/));
  });
  return offsets;
}

describe.each(Object.keys(FIXTURES))("fixture %s", (name) => {
  const dir = join(FIXTURES_DIR, name);

  it("classifies every code file", async () => {
    const { project, runtime } = await load(dir);
    expect(table(project, runtime)).toEqual(expected(FIXTURES[name]!));
  });

  it("puts every line marked for CS-1 in browser code, and nothing is marked in a clean twin", async () => {
    const { project, runtime } = await load(dir);
    const marked = project.modules.files.flatMap((file) => offsetsOf(project, file, "// CS-1:").map((offset) => ({ file, offset })));
    if (name.endsWith("-clean")) expect(marked).toEqual([]);
    for (const { file, offset } of marked) expect(runtime.isBrowserAt(file, offset).browser, `${file}@${offset}`).toBe(true);
  });

});

describe.each(Object.keys(SERVER_ONLY_LINES))("fixture %s, server-only code in universal files", (name) => {
  it("keeps loader/action/getServerSideProps code on the server", async () => {
    const { project, runtime } = await load(join(FIXTURES_DIR, name));
    for (const [file, text] of SERVER_ONLY_LINES[name]!) {
      const offsets = offsetsOf(project, file, text);
      expect(offsets.length, `${file}: ${text}`).toBeGreaterThan(0);
      for (const offset of offsets) {
        const at = runtime.isBrowserAt(file, offset);
        expect(at.browser, `${file}: ${text}`).toBe(false);
        expect(at.verdict.runtime).toBe("both");
      }
    }
  });
});

describe("fixture details", () => {
  it("leaky twins mark CS-1 lines in every new framework fixture", async () => {
    for (const name of ["nextjs-pages-leaky", "vue-spa-leaky", "sveltekit-leaky", "nuxt-leaky", "expo-leaky", "browser-extension-leaky", "remix-leaky"]) {
      const { project } = await load(join(FIXTURES_DIR, name));
      const count = project.modules.files.reduce((n, f) => n + offsetsOf(project, f, "// CS-1:").length, 0);
      expect(count, name).toBeGreaterThanOrEqual(3);
    }
  });

  it("gives the import chain from the browser entry", async () => {
    const { runtime } = await load(join(FIXTURES_DIR, "nextjs-pages-leaky"));
    expect(runtime.verdict("lib/ai/report.ts").via).toEqual(["pages/report.tsx", "lib/ai/index.ts", "lib/ai/report.ts"]);
    expect(runtime.verdict("components/ChatBox.tsx").via).toEqual(["pages/index.tsx", "components/ChatBox.tsx"]);
    expect(runtime.verdict("pages/index.tsx").via).toBeUndefined();
  });

  it("names the server-only ranges of a page and of route modules", async () => {
    const pages = await load(join(FIXTURES_DIR, "nextjs-pages-leaky"));
    expect(pages.runtime.verdict("pages/index.tsx").serverOnlyRanges?.map((r) => r.what)).toEqual(["getServerSideProps (runs only on the server)"]);
    expect(pages.runtime.verdict("pages/report.tsx").serverOnlyRanges).toBeUndefined();
    const remix = await load(join(FIXTURES_DIR, "remix-leaky"));
    expect(remix.runtime.verdict("app/routes/_index.tsx").serverOnlyRanges?.map((r) => r.what)).toEqual(["loader (runs only on the server)"]);
    expect(remix.runtime.verdict("app/routes/chat.tsx").serverOnlyRanges?.map((r) => r.what)).toEqual(["action (runs only on the server)"]);
  });

  it("answers for files that are not code", async () => {
    const { runtime } = await load(join(FIXTURES_DIR, "browser-extension-leaky"));
    expect(runtime.verdict("manifest.json")).toEqual({ runtime: "unknown", reason: "not a code file" });
    expect(runtime.verdict("nope.ts")).toEqual({ runtime: "unknown", reason: "not in the project" });
    expect(runtime.isBrowserAt("src/content.ts", 0).browser).toBe(true);
  });

  it("is built once per project", async () => {
    const { project, ts } = await loadProject(join(FIXTURES_DIR, "nextjs-leaky"), defaultConfig());
    expect(project.runtime(ts)).toBe(project.runtime(ts));
  });
});

// ---------------------------------------------------------------------------------------
// Small projects for the conventions without a fixture app.

const base = mkdtempSync(join(tmpdir(), "aigis-runtime-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

async function classify(files: Record<string, string>) {
  const dir = join(base, `p${++counter}`);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const { project, ts } = await loadProject(dir, defaultConfig());
  const runtime = project.runtime(ts);
  return { rows: table(project, runtime), runtime, project };
}

const pkg = (dependencies: Record<string, string>, extra: Record<string, unknown> = {}) => JSON.stringify({ name: "app", private: true, dependencies, ...extra });

describe("Next.js app router", () => {
  it("spreads browser-ness from a client component, but not into server actions or server-only modules", async () => {
    const { rows, runtime } = await classify({
      "package.json": pkg({ next: "15.0.3", react: "19.0.0", openai: "^4", "server-only": "^0.0.1" }),
      "tsconfig.json": '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }',
      "src/app/page.tsx": 'import Chat from "@/components/Chat";\nimport { Header } from "@/components/Header";\nexport default function Page() { return <><Header /><Chat /></>; }\n',
      "src/components/Chat.tsx": '"use client";\nimport { ask } from "@/app/actions";\nimport { client } from "@/lib";\nimport type { Model } from "@/lib/types";\nexport default function Chat() { return <button onClick={() => ask("hi")}>{String(client)}</button>; }\n',
      "src/components/Header.tsx": "export function Header() { return <h1>Notes</h1>; }\n",
      "src/app/actions.ts": '"use server";\nimport { openai } from "@/lib/server-ai";\nexport async function ask(q: string) { return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] }); }\n',
      "src/lib/server-ai.ts": 'import "server-only";\nimport OpenAI from "openai";\nexport const openai = new OpenAI();\n',
      "src/lib/index.ts": 'export * from "./client";\n',
      "src/lib/client.ts": 'import OpenAI from "openai";\nexport const client = new OpenAI({ dangerouslyAllowBrowser: true });\n',
      "src/lib/types.ts": "export type Model = string;\n",
      "src/lib/lazy.ts": "export const x = 1;\n",
      "src/components/Lazy.tsx": '"use client";\nexport async function load() { return import("../lib/lazy"); }\n',
      "src/middleware.ts": 'export function middleware() {}\n',
      "src/app/api/chat/route.ts": 'export async function POST() { return Response.json({}); }\n',
      "src/app/opengraph-image.tsx": "export default function Image() { return null; }\n",
      "src/components/Unused.tsx": "export const Unused = () => null;\n",
    });
    expect(rows).toEqual(
      expected([
        ["src/app/actions.ts", "server", '"use server" file (server actions)'],
        ["src/app/api/chat/route.ts", "server", "Next.js route handler"],
        ["src/app/opengraph-image.tsx", "server", "Next.js metadata route"],
        ["src/app/page.tsx", "server", RSC],
        ["src/components/Chat.tsx", "browser", '"use client" directive'],
        ["src/components/Header.tsx", "server", "imported only by server code (src/app/page.tsx)"],
        ["src/components/Lazy.tsx", "browser", '"use client" directive'],
        ["src/components/Unused.tsx", "server", "Next.js module that no client code imports"],
        ["src/lib/client.ts", "browser", 'imported by src/lib/index.ts, reached from src/components/Chat.tsx, a "use client" file'],
        ["src/lib/index.ts", "browser", 'imported by src/components/Chat.tsx, a "use client" file'],
        // A dynamic import() ships too (as its own chunk).
        ["src/lib/lazy.ts", "browser", 'imported by src/components/Lazy.tsx, a "use client" file'],
        ["src/lib/server-ai.ts", "server", 'imports "server-only"'],
        // `import type` is erased: it never makes a file ship.
        ["src/lib/types.ts", "server", "Next.js module that no client code imports"],
        ["src/middleware.ts", "server", "Next.js middleware"],
      ]),
    );
    expect(runtime.verdict("src/lib/client.ts").via).toEqual(["src/components/Chat.tsx", "src/lib/index.ts", "src/lib/client.ts"]);
  });

  it("a server component imported by a client component becomes client code; one reached from both sides ships", async () => {
    const { rows } = await classify({
      "package.json": pkg({ next: "15.0.3" }),
      "app/page.tsx": 'import { Shared } from "../lib/shared";\nimport Box from "./box";\nexport default function Page() { return <Box>{Shared}</Box>; }\n',
      "app/box.tsx": '"use client";\nimport { Shared } from "../lib/shared";\nimport Card from "./card";\nexport default function Box() { return <Card>{Shared}</Card>; }\n',
      "app/card.tsx": "export default function Card() { return null; }\n",
      "lib/shared.ts": "export const Shared = 1;\n",
    });
    expect(rows).toEqual(
      expected([
        ["app/box.tsx", "browser", '"use client" directive'],
        ["app/card.tsx", "browser", 'imported by app/box.tsx, a "use client" file'],
        ["app/page.tsx", "server", RSC],
        ["lib/shared.ts", "browser", 'imported by app/box.tsx, a "use client" file'],
      ]),
    );
  });

  it("pages router: imports used only by getStaticProps/getStaticPaths stay on the server, getInitialProps ships", async () => {
    const { rows, runtime, project } = await classify({
      "package.json": pkg({ next: "14.2.0" }),
      "pages/posts/[id].tsx": [
        'import { readPost, allIds } from "../../lib/posts";',
        'import * as format from "../../lib/format";',
        'import { track } from "../../lib/track";',
        "export default function Post({ post }: { post: string }) { track(); return <p>{format.title(post)}</p>; }",
        "export async function getStaticProps({ params }: { params: { id: string } }) { return { props: { post: await readPost(params.id) } }; }",
        "export const getStaticPaths = async () => ({ paths: (await allIds()).map((id) => ({ params: { id } })), fallback: false });",
        "",
      ].join("\n"),
      "pages/legacy.tsx": 'import { load } from "../lib/legacy";\nexport default function Legacy() { return null; }\nLegacy.getInitialProps = async () => ({ data: await load() });\n',
      "lib/posts.ts": "export async function readPost(id: string) { return id; }\nexport async function allIds() { return ['a']; }\n",
      "lib/format.ts": "export const title = (s: string) => s;\n",
      "lib/track.ts": "export const track = () => {};\n",
      "lib/legacy.ts": "export const load = async () => 1;\n",
    });
    expect(rows).toEqual(
      expected([
        ["lib/format.ts", "browser", "imported by pages/posts/[id].tsx, a Next.js page"],
        ["lib/legacy.ts", "browser", "imported by pages/legacy.tsx, a Next.js page"],
        ["lib/posts.ts", "server", "imported only by server code (pages/posts/[id].tsx)"],
        ["lib/track.ts", "browser", "imported by pages/posts/[id].tsx, a Next.js page"],
        ["pages/legacy.tsx", "both", NEXT_PAGE],
        ["pages/posts/[id].tsx", "both", NEXT_PAGE],
      ]),
    );
    const ranges = runtime.verdict("pages/posts/[id].tsx").serverOnlyRanges!;
    expect(ranges.map((r) => r.what)).toEqual(["getStaticProps (runs only on the server)", "getStaticPaths (runs only on the server)"]);
    const text = project.file("pages/posts/[id].tsx")!.text;
    expect(runtime.isBrowserAt("pages/posts/[id].tsx", text.indexOf("readPost(params")).browser).toBe(false);
    expect(runtime.isBrowserAt("pages/posts/[id].tsx", text.indexOf("track();")).browser).toBe(true);
    expect(runtime.verdict("pages/legacy.tsx").serverOnlyRanges).toBeUndefined();
  });
});

describe("Remix and React Router", () => {
  it("splits route modules; .server and .client modules; exported-later loaders; re-exported actions", async () => {
    const { rows, runtime, project } = await classify({
      "package.json": pkg({ "@react-router/dev": "^7.0.0", "react-router": "^7.0.0" }),
      "app/routes.ts": 'export default [];\n',
      "app/root.tsx": "export default function Root() { return null; }\n",
      "app/routes/home.tsx": [
        'import { db } from "../db";',
        'import { Widget } from "../widget";',
        'import { secret } from "../secret.server";',
        "async function loader() { return { rows: await db(), s: secret }; }",
        "export { loader };",
        "export default function Home() { return <Widget />; }",
        "",
      ].join("\n"),
      "app/routes/save.tsx": 'export { action } from "../actions/save";\nexport default function Save() { return null; }\n',
      "app/actions/save.ts": "export async function action() { return null; }\n",
      "app/db.ts": "export const db = async () => [];\n",
      "app/widget.tsx": 'import { fmt } from "./.client/fmt";\nexport const Widget = () => fmt;\n',
      "app/.client/fmt.ts": "export const fmt = 1;\n",
      "app/secret.server.ts": "export const secret = 1;\n",
      "app/orphan.ts": "export const orphan = 1;\n",
    });
    expect(rows).toEqual(
      expected([
        ["app/.client/fmt.ts", "browser", "React Router client-only module"],
        ["app/actions/save.ts", "server", "imported only by server code (app/routes/save.tsx)"],
        ["app/db.ts", "server", "imported only by server code (app/routes/home.tsx)"],
        ["app/orphan.ts", "unknown", "React Router module that no route imports"],
        ["app/root.tsx", "both", "React Router route module"],
        ["app/routes.ts", "server", "React Router route config"],
        ["app/routes/home.tsx", "both", "React Router route module"],
        ["app/routes/save.tsx", "both", "React Router route module"],
        ["app/secret.server.ts", "server", "React Router server-only module"],
        ["app/widget.tsx", "browser", "imported by app/routes/home.tsx, a React Router route module"],
      ]),
    );
    const home = project.file("app/routes/home.tsx")!.text;
    expect(runtime.isBrowserAt("app/routes/home.tsx", home.indexOf("await db()")).browser).toBe(false);
    expect(runtime.isBrowserAt("app/routes/home.tsx", home.indexOf("<Widget />")).browser).toBe(true);
  });
});

describe("SvelteKit and Nuxt server-only folders", () => {
  it("never turns $lib/server or *.server.ts into browser code, even when a component imports it", async () => {
    const { rows } = await classify({
      "package.json": pkg({ "@sveltejs/kit": "^2", svelte: "^5" }),
      "src/routes/+page.svelte": '<script>\n  import { key } from "$lib/server/secrets";\n  import { x } from "$lib/db.server";\n  import { util } from "$lib/util";\n</script>\n',
      "src/lib/server/secrets.ts": "export const key = 1;\n",
      "src/lib/db.server.ts": "export const x = 1;\n",
      "src/lib/util.ts": "export const util = 1;\n",
      "src/hooks.client.ts": "export const handleError = () => {};\n",
      "src/hooks.ts": "export const reroute = () => {};\n",
      "src/service-worker.ts": "self.addEventListener('fetch', () => {});\n",
      "src/routes/+layout.ts": "export const load = () => ({});\n",
      "src/routes/+layout.server.ts": "export const load = () => ({});\n",
    });
    expect(rows).toEqual(
      expected([
        ["src/hooks.client.ts", "browser", "SvelteKit client hooks"],
        ["src/hooks.ts", "both", "SvelteKit universal hooks"],
        ["src/lib/db.server.ts", "server", "SvelteKit server-only module (*.server.ts)"],
        ["src/lib/server/secrets.ts", "server", "SvelteKit server-only module ($lib/server)"],
        ["src/lib/util.ts", "browser", "imported by src/routes/+page.svelte, a Svelte component"],
        ["src/routes/+layout.server.ts", "server", "SvelteKit server load/actions"],
        ["src/routes/+layout.ts", "both", "SvelteKit universal load"],
        ["src/routes/+page.svelte", "browser", "Svelte component"],
        ["src/service-worker.ts", "browser", "SvelteKit service worker"],
      ]),
    );
  });

  it("Nuxt 4 app/ layout, .server components, shared/ and middleware", async () => {
    const { rows } = await classify({
      "package.json": pkg({ nuxt: "^4.0.0" }),
      "app/app.vue": "<template><NuxtPage /></template>\n",
      "app/pages/index.vue": "<script setup>\nconst a = 1;\n</script>\n",
      "app/components/Heavy.server.vue": "<template><div /></template>\n",
      "app/middleware/auth.ts": "export default defineNuxtRouteMiddleware(() => {});\n",
      "app/app.config.ts": "export default defineAppConfig({ title: 'x' });\n",
      "shared/utils/slug.ts": "export const slug = (s: string) => s;\n",
      "server/routes/feed.ts": "export default defineEventHandler(() => 'ok');\n",
      "modules/sitemap.ts": "export default defineNuxtModule({});\n",
      "lib/orphan.ts": "export const x = 1;\n",
    });
    expect(rows).toEqual(
      expected([
        ["app/app.config.ts", "browser", "Nuxt app config"],
        ["app/app.vue", "browser", "Vue component of a Nuxt app"],
        ["app/components/Heavy.server.vue", "server", "Nuxt server-only file (*.server.*)"],
        ["app/middleware/auth.ts", "both", "Nuxt route middleware"],
        ["app/pages/index.vue", "browser", "Vue component of a Nuxt app"],
        ["lib/orphan.ts", "unknown", "Nuxt module that neither the app nor the server imports"],
        ["modules/sitemap.ts", "server", "Nuxt module (runs at build time)"],
        ["server/routes/feed.ts", "server", "Nuxt server code (server/)"],
        ["shared/utils/slug.ts", "both", "Nuxt shared code"],
      ]),
    );
  });
});

describe("Astro", () => {
  it("front matter and template on the server, <script> blocks and client:* islands in the browser", async () => {
    const page = [
      "---",
      'import Layout from "../layouts/Layout.astro";',
      'import Chat from "../components/Chat.tsx";',
      'import Static from "../components/Static.tsx";',
      'import { summary } from "../lib/summary";',
      "const text = await summary();",
      "---",
      "<Layout>",
      "  <Static text={text} />",
      '  <Chat client:load greeting="hi" />',
      "</Layout>",
      "<script>",
      '  import { track } from "../lib/track";',
      "  track();",
      "</script>",
      "",
    ].join("\n");
    const { rows, runtime, project } = await classify({
      "package.json": pkg({ astro: "^4.16.0", "@astrojs/react": "^3" }),
      "src/pages/index.astro": page,
      "src/pages/api/chat.ts": "export async function POST() { return new Response('ok'); }\n",
      "src/layouts/Layout.astro": "---\nconst { title } = Astro.props;\n---\n<html><body><slot /></body></html>\n",
      "src/components/Chat.tsx": 'import { useChat } from "../lib/use-chat";\nexport default function Chat() { useChat(); return null; }\n',
      "src/components/Static.tsx": "export default function Static() { return null; }\n",
      "src/lib/summary.ts": "export const summary = async () => 'x';\n",
      "src/lib/track.ts": "export const track = () => {};\n",
      "src/lib/use-chat.ts": "export const useChat = () => {};\n",
      "src/middleware.ts": "export const onRequest = () => {};\n",
      "astro.config.mjs": "export default {};\n",
    });
    expect(rows).toEqual(
      expected([
        ["astro.config.mjs", "server", CONFIG],
        ["src/components/Chat.tsx", "browser", "used as a client:load island in src/pages/index.astro"],
        ["src/components/Static.tsx", "server", "imported only by server code (src/pages/index.astro)"],
        ["src/layouts/Layout.astro", "server", "Astro component (rendered on the server, no <script> block)"],
        ["src/lib/summary.ts", "server", "imported only by server code (src/pages/index.astro)"],
        ["src/lib/track.ts", "browser", "imported by a <script> block of src/pages/index.astro"],
        ["src/lib/use-chat.ts", "browser", "imported by src/components/Chat.tsx, used as a client:load island in src/pages/index.astro"],
        ["src/middleware.ts", "server", "Astro middleware"],
        ["src/pages/api/chat.ts", "server", "Astro endpoint"],
        ["src/pages/index.astro", "both", "Astro component: front matter and template run on the server"],
      ]),
    );
    expect(runtime.isBrowserAt("src/pages/index.astro", page.indexOf("await summary()")).browser).toBe(false);
    expect(runtime.isBrowserAt("src/pages/index.astro", page.indexOf("<Static")).browser).toBe(false);
    expect(runtime.isBrowserAt("src/pages/index.astro", page.indexOf("track();")).browser).toBe(true);
    expect(runtime.verdict("src/pages/index.astro").serverOnlyRanges?.map((r) => r.what)).toEqual(["Astro front matter (runs on the server)", "Astro template (rendered on the server)"]);
    expect(project.file("src/pages/index.astro")).toBeDefined();
  });
});

describe("apps on the user's device", () => {
  it("Electron: renderer and preload vs main", async () => {
    const { rows } = await classify({
      "package.json": pkg({ electron: "^33.2.0" }, { main: "out/main/index.js" }),
      "src/main/index.ts": 'import { ai } from "../shared/ai-main";\nexport const w = ai;\n',
      "src/preload/index.ts": "export const api = {};\n",
      "src/renderer/src/App.tsx": 'import { fmt } from "../../shared/fmt";\nexport default () => fmt;\n',
      "src/shared/ai-main.ts": "export const ai = 1;\n",
      "src/shared/fmt.ts": "export const fmt = 1;\n",
      "electron.vite.config.ts": "export default {};\n",
    });
    expect(rows).toEqual(
      expected([
        ["electron.vite.config.ts", "server", CONFIG],
        ["src/main/index.ts", "server", "Electron main process"],
        ["src/preload/index.ts", "browser", "Electron preload script"],
        ["src/renderer/src/App.tsx", "browser", "Electron renderer"],
        ["src/shared/ai-main.ts", "server", "imported only by server code (src/main/index.ts)"],
        ["src/shared/fmt.ts", "browser", "imported by src/renderer/src/App.tsx, the Electron renderer"],
      ]),
    );
  });

  it("Plasmo and WXT extensions, and a plain extension without a package.json", async () => {
    const plasmo = await classify({
      "package.json": pkg({ plasmo: "^0.89.4", react: "^18" }),
      "popup.tsx": 'import { ask } from "~lib/ask";\nexport default () => ask;\n',
      "contents/overlay.tsx": "export default () => null;\n",
      "background/index.ts": "export {};\n",
      "background/messages/ask.ts": "export default async () => {};\n",
      "options.tsx": "export default () => null;\n",
      "lib/ask.ts": "export const ask = 1;\n",
    });
    expect(plasmo.rows).toEqual(
      expected([
        ["background/index.ts", "browser", "browser extension (Plasmo): background service worker"],
        ["background/messages/ask.ts", "browser", "browser extension (Plasmo): background service worker"],
        ["contents/overlay.tsx", "browser", "browser extension (Plasmo): content script"],
        ["lib/ask.ts", "browser", "browser extension (Plasmo): runs on the user's machine"],
        ["options.tsx", "browser", "browser extension (Plasmo): options page"],
        ["popup.tsx", "browser", "browser extension (Plasmo): popup"],
      ]),
    );
    const wxt = await classify({
      "package.json": pkg({ wxt: "^0.19.0" }),
      "entrypoints/background.ts": "export default defineBackground(() => {});\n",
      "entrypoints/youtube.content.ts": "export default defineContentScript({ matches: [] });\n",
      "entrypoints/popup/main.ts": 'import { x } from "../../utils/x";\nexport default x;\n',
      "utils/x.ts": "export const x = 1;\n",
      "wxt.config.ts": "export default {};\n",
    });
    expect(wxt.rows).toEqual(
      expected([
        ["entrypoints/background.ts", "browser", "browser extension (WXT): background service worker"],
        ["entrypoints/popup/main.ts", "browser", "browser extension (WXT): popup"],
        ["entrypoints/youtube.content.ts", "browser", "browser extension (WXT): content script"],
        ["utils/x.ts", "browser", "imported by entrypoints/popup/main.ts, an extension popup"],
        ["wxt.config.ts", "server", CONFIG],
      ]),
    );
    const plain = await classify({
      "package.json": pkg({ express: "^4" }),
      "server.js": "require('express')().listen(3000);\n",
      "extension/manifest.json": JSON.stringify({ manifest_version: 2, name: "x", version: "1", background: { scripts: ["bg.js"] }, browser_action: { default_popup: "popup.html" } }),
      "extension/bg.js": "chrome.runtime.onMessage.addListener(() => {});\n",
      "extension/popup.html": '<script src="popup.js"></script>\n',
      "extension/popup.js": "document.body.textContent = 'hi';\n",
      "extension/scripts/util.js": "var util = 1;\n",
    });
    expect(plain.rows).toEqual(
      expected([
        ["extension/bg.js", "browser", "browser extension (manifest.json): background script"],
        ["extension/popup.js", "browser", "browser extension (manifest.json): popup"],
        ["extension/scripts/util.js", "browser", "browser extension (manifest.json): extension script"],
        ["server.js", "server", "server code (server.js"],
      ]),
    );
  });

  it("bare React Native, Angular, and a monorepo whose packages each have their framework", async () => {
    const { rows } = await classify({
      "package.json": pkg({}, { workspaces: ["apps/*"] }),
      "apps/mobile/package.json": pkg({ "react-native": "0.76.3" }),
      "apps/mobile/App.tsx": "export default () => null;\n",
      "apps/mobile/metro.config.js": "module.exports = {};\n",
      "apps/admin/package.json": pkg({ "@angular/core": "^19" }),
      "apps/admin/src/main.ts": "export {};\n",
      "apps/admin/src/app/app.config.ts": "export const appConfig = {};\n",
      "apps/admin/src/main.server.ts": "export {};\n",
      "apps/admin/src/server.ts": 'import express from "express";\nexpress().listen(4000);\n',
      "apps/api/package.json": pkg({ fastify: "^5" }),
      "apps/api/src/index.ts": "export {};\n",
      "apps/api/src/index.test.ts": "export {};\n",
      "tools/release.ts": "export {};\n",
      "misc/loose.ts": "export {};\n",
    });
    expect(rows).toEqual(
      expected([
        ["apps/admin/src/app/app.config.ts", "browser", "Angular app (ships to the browser)"],
        ["apps/admin/src/main.server.ts", "server", "Angular SSR server entry"],
        ["apps/admin/src/main.ts", "browser", "Angular app"],
        ["apps/admin/src/server.ts", "server", "Angular SSR Node server (server.ts)"],
        ["apps/api/src/index.test.ts", "server", "test file"],
        ["apps/api/src/index.ts", "server", "Node server (Fastify)"],
        ["apps/mobile/App.tsx", "browser", "React Native app code (runs on the user's device)"],
        ["apps/mobile/metro.config.js", "server", CONFIG],
        ["misc/loose.ts", "unknown", "no framework convention or import decides"],
        ["tools/release.ts", "server", "Node script"],
      ]),
    );
  });

  it("a Vite package without index.html is a library, not a single-page app", async () => {
    const { rows } = await classify({
      "package.json": pkg({ vite: "^5" }),
      "src/index.ts": "export const x = 1;\n",
      "vite.config.ts": "export default {};\n",
    });
    expect(rows).toEqual(
      expected([
        ["src/index.ts", "unknown", "no framework convention"],
        ["vite.config.ts", "server", CONFIG],
      ]),
    );
  });
});

describe("globs in the knowledge tables", () => {
  it.each([
    ["{src/,}app/**/route.{js,ts}", "app/api/chat/route.ts", true],
    ["{src/,}app/**/route.{js,ts}", "src/app/route.ts", true],
    ["{src/,}app/**/route.{js,ts}", "lib/app/route.ts", false],
    ["**/*.server.ts", "db.server.ts", true],
    ["**/*.server.ts", "a/b/db.server.ts", true],
    ["**/preload{.*,/**}", "electron/preload.ts", true],
    ["**/preload{.*,/**}", "src/preload/index.ts", true],
    ["**/preload{.*,/**}", "src/preloader.ts", false],
    ["*.config.{js,ts}", "vite.config.ts", true],
    ["*.config.{js,ts}", "src/app.config.ts", false],
    ["server/**", "server/api/x.ts", true],
    ["server/**", "src/server/x.ts", false],
  ])("%s ~ %s → %s", (glob, path, matches) => {
    expect(globToRegExp(glob).test(path)).toBe(matches);
  });
});
