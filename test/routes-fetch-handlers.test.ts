/**
 * Fetch-handler servers: a Cloudflare Worker's default-exported `fetch`, `Bun.serve`,
 * `Deno.serve`. One handler answers every request, so it is one route; reaching a model
 * without a check in the handler is an unprotected AI route. Asserted: the route table
 * (framework, method, path, line) and the AU-1 findings, both ways.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { scan } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";

const writeProject = tempProjects("aigis-fetch-handlers-");

const WORKER_PKG = JSON.stringify({ name: "summary-worker", dependencies: { openai: "^4" }, devDependencies: { wrangler: "^3" } });

const OPEN_WORKER = [
  'import OpenAI from "openai";',
  "",
  "interface Env { OPENAI_API_KEY: string }",
  "",
  "export default {",
  "  async fetch(request: Request, env: Env): Promise<Response> {",
  "    const { text } = (await request.json()) as { text: string };",
  "    const client = new OpenAI({ apiKey: env.OPENAI_API_KEY });",
  '    const reply = await client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: text }] });',
  "    return Response.json({ summary: reply.choices[0].message.content });",
  "  },",
  "};",
  "",
].join("\n");

async function routesOf(files: Record<string, string>) {
  const { project, ts } = await loadProject(writeProject(files), defaultConfig());
  const model = project.routes(ts);
  const line = (r: { file: string; start: number }) => project.file(r.file)!.positionAt(r.start).line;
  return { routes: model.routes.map((r) => [r.framework, r.method, r.path, `${r.file}:${line(r)}`]), ai: model.aiRoutes.map((a) => `${a.route.file}:${line(a.route)}`) };
}

async function authFindings(files: Record<string, string>) {
  const result = await scan({ target: writeProject(files) });
  return result.findings.filter((f) => f.ruleId === "ai-route-without-auth").map((f) => [f.file, f.line, f.message.split(" reaches ")[0]]);
}

describe("fetch-handler servers", () => {
  it("a Worker's default export: one route for every request, reported when nothing checks the caller", async () => {
    expect(await routesOf({ "package.json": WORKER_PKG, "src/index.ts": OPEN_WORKER })).toEqual({
      routes: [["Cloudflare Workers", "ALL", "/*", "src/index.ts:6"]],
      ai: ["src/index.ts:6"],
    });
    expect(await authFindings({ "package.json": WORKER_PKG, "src/index.ts": OPEN_WORKER })).toEqual([["src/index.ts", 6, "Cloudflare Workers fetch handler (every request)"]]);
  });

  it("a Worker that checks a bearer token before the model call is not reported", async () => {
    const guarded = OPEN_WORKER.replace(
      "    const { text }",
      '    if (request.headers.get("Authorization") !== `Bearer ${env.OPENAI_API_KEY}`) return new Response("unauthorized", { status: 401 });\n    const { text }',
    );
    expect((await routesOf({ "package.json": WORKER_PKG, "src/index.ts": guarded })).ai).toEqual(["src/index.ts:6"]);
    expect(await authFindings({ "package.json": WORKER_PKG, "src/index.ts": guarded })).toEqual([]);
  });

  it("a handler inside a wrapper that checks the caller: the wrapper is on its path", async () => {
    const files = {
      "package.json": WORKER_PKG,
      "src/auth.ts": [
        "type Handler = (request: Request, env: { API_TOKEN: string }) => Promise<Response>;",
        "export function withToken(handler: Handler): Handler {",
        "  return async (request, env) => {",
        '    if (request.headers.get("Authorization") !== `Bearer ${env.API_TOKEN}`) return new Response("unauthorized", { status: 401 });',
        "    return handler(request, env);",
        "  };",
        "}",
        "",
      ].join("\n"),
      "src/index.ts": OPEN_WORKER.replace('import OpenAI from "openai";', 'import OpenAI from "openai";\nimport { withToken } from "./auth";')
        .replace("  async fetch(request: Request, env: Env): Promise<Response> {", "  fetch: withToken(async (request: Request, env: Env): Promise<Response> => {")
        .replace("  },\n};", "  }),\n};"),
    };
    expect((await routesOf(files)).ai).toEqual(["src/index.ts:7"]);
    expect(await authFindings(files)).toEqual([]);
  });

  it("Bun.serve and Deno.serve, with the handler inline or named", async () => {
    const { routes, ai } = await routesOf({
      "package.json": JSON.stringify({ name: "servers", dependencies: { openai: "^4" } }),
      "bun.ts": [
        'import OpenAI from "openai";',
        "const client = new OpenAI();",
        "Bun.serve({",
        "  port: 3000,",
        "  async fetch(req) {",
        '    const r = await client.responses.create({ model: "gpt-4o-mini", input: await req.text() });',
        "    return new Response(r.output_text);",
        "  },",
        "});",
        "",
      ].join("\n"),
      "deno.ts": [
        'import OpenAI from "npm:openai";',
        'import { answer } from "./answer.ts";',
        "async function handle(req: Request): Promise<Response> {",
        "  return new Response(await answer(await req.text()));",
        "}",
        "Deno.serve({ port: 8000 }, handle);",
        "",
      ].join("\n"),
      "answer.ts": 'import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function answer(q: string) {\n  const r = await client.responses.create({ model: "gpt-4o-mini", input: q });\n  return r.output_text;\n}\n',
    });
    expect(routes).toEqual([
      ["Bun", "ALL", "/*", "bun.ts:3"],
      ["Deno", "ALL", "/*", "deno.ts:6"],
    ]);
    expect(ai).toEqual(["bun.ts:3", "deno.ts:6"]);
  });

  it("no route for a default export's fetch outside a Worker, or a local object named Bun", async () => {
    const { routes } = await routesOf({
      "package.json": JSON.stringify({ name: "library", dependencies: { openai: "^4" } }),
      "client.ts": 'import OpenAI from "openai";\nconst client = new OpenAI();\nexport default {\n  async fetch(q: string) {\n    return client.responses.create({ model: "gpt-4o-mini", input: q });\n  },\n};\n',
      "fake.ts": 'import OpenAI from "openai";\nconst client = new OpenAI();\nconst Bun = { serve: (o: unknown) => o };\nBun.serve({ fetch: (q: string) => client.responses.create({ model: "gpt-4o-mini", input: q }) });\n',
    });
    expect(routes).toEqual([]);
  });
});
