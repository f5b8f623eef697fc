/**
 * Module resolution and run-time edges: tsconfig `baseUrl` bare imports, `extends` chains
 * that set `baseUrl` and `paths` in different configs (local, or a workspace package's with
 * `${configDir}`), workspace packages through their `exports` maps, AI SDKs kept as packages
 * in their own monorepo (import and require), imports the compiler erases (inline
 * `type` specifiers, names the target declares only as types), and an extension manifest
 * that is only a served asset of a web app.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { tempProjects } from "./helpers/temp-projects.js";
import { scanImports, typeOnlyExports } from "../src/facts/imports.js";

const writeProject = tempProjects("aigis-resolution-");

async function load(files: Record<string, string>) {
  const dir = writeProject(files);
  const { project, ts } = await loadProject(dir, defaultConfig());
  return { project, ts, resolve: (from: string, spec: string) => project.modules.resolver.resolve(from, spec) };
}

const NEST_PACKAGE = JSON.stringify({ name: "api", dependencies: { "@nestjs/core": "^10.0.0", openai: "^4.0.0" } });

describe("tsconfig baseUrl and extends", () => {
  it("resolves a bare specifier under baseUrl to the file, and falls back to the package when no file is there", async () => {
    const { resolve } = await load({
      "package.json": NEST_PACKAGE,
      "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: "./" } }),
      "src/openai/openai.service.ts": "export class OpenAIService {}\n",
      "src/chat/chat.service.ts": 'import { OpenAIService } from "src/openai/openai.service";\nimport OpenAI from "openai";\n',
    });
    expect(resolve("src/chat/chat.service.ts", "src/openai/openai.service")).toEqual({ file: "src/openai/openai.service.ts" });
    expect(resolve("src/chat/chat.service.ts", "openai")).toEqual({ package: "openai" });
    expect(resolve("src/chat/chat.service.ts", "src/missing/thing")).toEqual({ package: "src" });
  });

  it("keeps a dependency's name even when a file of that name sits under baseUrl", async () => {
    const { resolve } = await load({
      "package.json": JSON.stringify({ name: "web", dependencies: { ai: "^4.0.0" } }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: "src" } }),
      "src/ai.ts": 'import { streamText } from "ai";\nexport const run = streamText;\n',
      "src/helpers.ts": "export const h = 1;\n",
    });
    expect(resolve("src/ai.ts", "ai")).toEqual({ package: "ai" });
    expect(resolve("src/ai.ts", "helpers")).toEqual({ file: "src/helpers.ts" });
  });

  it("merges baseUrl from the parent with paths from the child, and the reverse, each relative to its own config", async () => {
    const { resolve } = await load({
      "package.json": NEST_PACKAGE,
      // Parent sets baseUrl; the child adds paths, whose targets are relative to the inherited baseUrl.
      "configs/base.json": JSON.stringify({ compilerOptions: { baseUrl: "../app" } }),
      "tsconfig.json": '{ "extends": "./configs/base.json", "compilerOptions": { "paths": { "#lib/*": ["lib/*"] } } } // jsonc',
      "app/lib/llm.ts": "export const llm = 1;\n",
      "app/server/main.ts": "",
      // Parent sets paths (no baseUrl: relative to the parent); the child sets only baseUrl.
      "svc/tsconfig.base.json": JSON.stringify({ compilerOptions: { paths: { "@shared/*": ["shared/*"] } } }),
      "svc/tsconfig.json": JSON.stringify({ extends: ["./tsconfig.base.json"], compilerOptions: { baseUrl: "src" } }),
      "svc/src/shared/db.ts": "export const db = 1;\n",
      "svc/src/jobs/run.ts": "",
      "svc/src/util/clock.ts": "export const now = 1;\n",
    });
    expect(resolve("app/server/main.ts", "#lib/llm")).toEqual({ file: "app/lib/llm.ts" });
    expect(resolve("app/server/main.ts", "lib/llm")).toEqual({ file: "app/lib/llm.ts" });
    // With a baseUrl in the chain, the parent's paths are relative to it (svc/src), as TypeScript does.
    expect(resolve("svc/src/jobs/run.ts", "@shared/db")).toEqual({ file: "svc/src/shared/db.ts" });
    expect(resolve("svc/src/jobs/run.ts", "util/clock")).toEqual({ file: "svc/src/util/clock.ts" });
  });

  it("survives configs that extend each other in a circle", async () => {
    const { resolve, project } = await load({
      "package.json": NEST_PACKAGE,
      "tsconfig.json": JSON.stringify({ extends: "./tsconfig.other.json", compilerOptions: { baseUrl: "." } }),
      "tsconfig.other.json": JSON.stringify({ extends: "./tsconfig.json" }),
      "src/a.ts": "",
      "src/b.ts": "",
    });
    expect(resolve("src/a.ts", "src/b")).toEqual({ file: "src/b.ts" });
    expect(project.modules.resolver.tsconfigsParsed).toBe(2);
  });
});

describe("workspace packages and their exports maps", () => {
  const MONOREPO = {
    "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["apps/*", "packages/*"] }),
    // `main` names a stale build file that is in the tree: the exports map wins over it.
    "packages/llm/package.json": JSON.stringify({
      name: "@acme/llm",
      main: "./legacy.js",
      exports: {
        ".": "./src/index.ts",
        "./client": { types: "./dist/client.d.ts", import: { types: "./dist/esm/client.d.mts", default: "./dist/esm/client.mjs" }, require: "./dist/cjs/client.cjs" },
        "./prompts/*": "./src/prompt-library/*.ts",
        "./prompts/internal/*": null,
      },
    }),
    "packages/llm/legacy.js": "module.exports = {};\n",
    "packages/llm/src/index.ts": "export const llm = 1;\n",
    "packages/llm/src/client.ts": "export const client = 1;\n",
    "packages/llm/src/prompt-library/support.ts": "export const support = 'Be kind.';\n",
    "packages/lint/package.json": JSON.stringify({ name: "@acme/lint", exports: { "./next-js": "./next.js", "./base": "./base.js" } }),
    "packages/lint/next.js": "export default [];\n",
    "packages/lint/base.js": "export default [];\n",
    "apps/web/package.json": JSON.stringify({ name: "web", dependencies: { "@acme/llm": "workspace:*", "@acme/lint": "workspace:*" } }),
    "apps/web/src/chat.ts": "",
  };

  it("resolves the root, a conditional subpath built to dist/ (to its source), a pattern, and a key that is not the file name", async () => {
    const { resolve } = await load(MONOREPO);
    expect(resolve("apps/web/src/chat.ts", "@acme/llm")).toEqual({ file: "packages/llm/src/index.ts" });
    expect(resolve("apps/web/src/chat.ts", "@acme/llm/client")).toEqual({ file: "packages/llm/src/client.ts" });
    expect(resolve("apps/web/src/chat.ts", "@acme/llm/prompts/support")).toEqual({ file: "packages/llm/src/prompt-library/support.ts" });
    expect(resolve("apps/web/src/chat.ts", "@acme/lint/next-js")).toEqual({ file: "packages/lint/next.js" });
    expect(resolve("apps/web/src/chat.ts", "@acme/llm/missing")).toEqual({ package: "@acme/llm" });
  });

  it("resolves subpath imports (`#lib/ai`) through the importing package's own `imports` map, not another package's", async () => {
    const { resolve } = await load({
      "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["apps/*"], imports: { "#lib/*": "./shared/*.ts" } }),
      "shared/ai.ts": "export const root = 1;\n",
      "apps/api/package.json": JSON.stringify({ name: "api", imports: { "#lib/*": { types: "./dist/lib/*.d.ts", default: "./dist/lib/*.js" }, "#config": "./src/config.ts" } }),
      "apps/api/src/lib/ai.ts": "export const api = 1;\n",
      "apps/api/src/config.ts": "export const config = {};\n",
      "apps/api/src/routes/chat.ts": "",
      "scripts/seed.ts": "",
    });
    expect(resolve("apps/api/src/routes/chat.ts", "#lib/ai")).toEqual({ file: "apps/api/src/lib/ai.ts" });
    expect(resolve("apps/api/src/routes/chat.ts", "#config")).toEqual({ file: "apps/api/src/config.ts" });
    expect(resolve("scripts/seed.ts", "#lib/ai")).toEqual({ file: "shared/ai.ts" });
    expect(resolve("apps/api/src/routes/chat.ts", "#missing")).toEqual({ unresolved: true });
  });

  it("a folder import written with a trailing slash names its index", async () => {
    const { resolve } = await load({ "package.json": NEST_PACKAGE, "src/shared/v3/index.ts": "export const v = 3;\n", "src/models/a.ts": "" });
    expect(resolve("src/models/a.ts", "../shared/v3/")).toEqual({ file: "src/shared/v3/index.ts" });
  });

  it("follows `extends` into a workspace package's config, whose `${configDir}` paths are the app's own", async () => {
    const { resolve } = await load({
      "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["apps/*", "packages/*"] }),
      "packages/tsconfig/package.json": JSON.stringify({ name: "@acme/tsconfig", exports: { "./nextjs": "./nextjs.json" } }),
      "packages/tsconfig/nextjs.json": JSON.stringify({ compilerOptions: { paths: { "~app/*": ["${configDir}/src/*"] } } }),
      "packages/tsconfig/base.json": JSON.stringify({ compilerOptions: { baseUrl: "${configDir}/src" } }),
      "apps/web/package.json": JSON.stringify({ name: "web" }),
      "apps/web/tsconfig.json": JSON.stringify({ extends: "@acme/tsconfig/nextjs" }),
      "apps/web/src/lib/ai.ts": "export const ai = 1;\n",
      "apps/web/src/app/page.ts": "",
      // An installed config (not in the tree) is skipped; the local paths still apply.
      "apps/api/package.json": JSON.stringify({ name: "api" }),
      "apps/api/tsconfig.json": JSON.stringify({ extends: ["@acme/tsconfig/base.json", "expo/tsconfig.base"] }),
      "apps/api/src/db.ts": "export const db = 1;\n",
      "apps/api/src/main.ts": "",
    });
    expect(resolve("apps/web/src/app/page.ts", "~app/lib/ai")).toEqual({ file: "apps/web/src/lib/ai.ts" });
    expect(resolve("apps/api/src/main.ts", "db")).toEqual({ file: "apps/api/src/db.ts" });
  });

  it("keeps an AI SDK a package in its own monorepo, for `require` as for `import`, and finds the call through `require`", async () => {
    const { resolve, project, ts } = await load({
      "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["packages/*", "examples/*"] }),
      "packages/openai/package.json": JSON.stringify({ name: "openai", main: "src/index.ts" }),
      "packages/openai/src/index.ts": "export default class OpenAI { chat = { completions: { create: (o: unknown) => o } }; }\n",
      "packages/util/package.json": JSON.stringify({ name: "@acme/util", main: "src/index.ts" }),
      "packages/util/src/index.ts": "export const u = 1;\n",
      "examples/cjs/package.json": JSON.stringify({ name: "cjs", dependencies: { openai: "workspace:*", "@acme/util": "workspace:*" } }),
      "examples/cjs/run.js": 'const OpenAI = require("openai");\nconst client = new OpenAI();\nclient.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    });
    expect(resolve("examples/cjs/run.js", "openai")).toEqual({ package: "openai" });
    expect(resolve("examples/cjs/run.js", "@acme/util")).toEqual({ file: "packages/util/src/index.ts" });
    const calls = project.aiSurface(ts).callSites.map((c) => [c.file, project.file(c.file)!.positionAt(c.start).line, c.sdk, c.model ?? null]);
    expect(calls).toEqual([["examples/cjs/run.js", 3, "openai", "gpt-4o-mini"]]);
  });
});

describe("imports the compiler erases", () => {
  it("treats a clause of inline `type` specifiers as type-only, but not a mixed one or a name called `type`", () => {
    const header = scanImports(
      [
        'import { type AppRouter } from "~/server/api/root";',
        'import { type A, type B as C } from "./types";',
        'import { type A, b } from "./mixed";',
        'import { type } from "./named-type";',
        'export { type Summary } from "./summary";',
      ].join("\n"),
    );
    expect(header.imports.map((i) => [i.specifier, i.typeOnly])).toEqual([
      ["~/server/api/root", true],
      ["./types", true],
      ["./mixed", false],
      ["./named-type", false],
      ["./summary", true],
    ]);
  });

  it("lists the names a module exports only as types", () => {
    const text = [
      "export type AppType = typeof routes;",
      "export interface Summary { title: string }",
      "export declare type Later = string;",
      "export type { Row, Cell as Field } from './table';",
      "export const User = z.object({});",
      "export type User = z.infer<typeof User>; // a value of the same name: not erased",
      "// export type Commented = 1;",
      "type Local = 1;",
      "export { Local };",
    ].join("\n");
    expect([...typeOnlyExports(text)].sort()).toEqual(["AppType", "Field", "Later", "Row", "Summary"]);
    expect(typeOnlyExports("export const a = 1;\n").size).toBe(0);
  });

  it("an import of only type names is no run-time edge; an import that takes a value is", async () => {
    const { project } = await load({
      "package.json": JSON.stringify({ name: "web", dependencies: { next: "14.2.0", hono: "^4.0.0" } }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { paths: { "@/*": ["./src/*"] } } }),
      "src/server/app.ts": "export const app = 1;\nexport type AppType = typeof app;\nexport interface Row { id: string }\n",
      "src/lib/client.ts": 'import { AppType } from "@/server/app";\nimport { Row, app } from "@/server/app";\nimport * as all from "@/server/app";\n',
    });
    const edges = project.modules.importsOf("src/lib/client.ts").map((e) => [e.target, e.record.typeOnly]);
    expect(edges).toEqual([
      ["src/server/app.ts", true],
      ["src/server/app.ts", false],
      ["src/server/app.ts", false],
    ]);
    // The header of the file itself is left as scanned.
    expect(project.file("src/lib/client.ts")!.header.imports[0]!.typeOnly).toBe(false);
  });
});

describe("an extension manifest in a web app's public/ folder", () => {
  it("leaves the app's own framework in charge; only the scripts it names are extension code", async () => {
    const { project, ts } = await load({
      "package.json": JSON.stringify({ name: "site", dependencies: { next: "14.2.0", openai: "^4.0.0" } }),
      "public/manifest.json": JSON.stringify({ manifest_version: 3, name: "x", version: "1", content_scripts: [{ matches: ["<all_urls>"], js: ["content.js"] }] }),
      "public/content.js": "console.log('hi');\n",
      "src/app/api/chat/route.ts": 'import { ask } from "../../../lib/ai";\nexport async function POST() { return Response.json(await ask()); }\n',
      "src/lib/ai.ts": "export async function ask() { return 1; }\n",
    });
    const runtime = project.runtime(ts);
    expect(runtime.verdict("src/app/api/chat/route.ts").runtime).toBe("server");
    expect(runtime.verdict("src/lib/ai.ts").runtime).toBe("server");
    expect(runtime.verdict("public/content.js")).toMatchObject({ runtime: "browser", reason: "browser extension (manifest.json): content script" });
  });

  it("an extension whose manifest is in public/ of a single-page app is still an extension", async () => {
    const { project, ts } = await load({
      "package.json": JSON.stringify({ name: "ext", devDependencies: { vite: "^5.0.0" } }),
      "index.html": '<script type="module" src="/src/main.ts"></script>\n',
      "public/manifest.json": JSON.stringify({ manifest_version: 3, name: "x", version: "1", background: { service_worker: "background.js" } }),
      "src/main.ts": "export {};\n",
    });
    expect(project.runtime(ts).verdict("src/main.ts").runtime).toBe("browser");
  });
});
