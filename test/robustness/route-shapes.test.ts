/**
 * Route registration shapes (src/model/routes/server-apps.ts, trpc-v9.ts, and the chain
 * following in src/model/values.ts) on input built to make them long or repetitive:
 * chains of registrations, factories called many times, routers merged in a circle.
 * Budgets are evaluator steps, not time.
 */

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scan } from "../../src/engine/scan.js";
import { evaluatorStats, resetEvaluatorStats } from "../../src/model/eval-guard.js";
import { tempProjects } from "../helpers/temp-projects.js";

const project = tempProjects("aigis-route-shapes-");

const AI = 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function complete(text: string) {\n  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: text.slice(0, 500) }] });\n  return r.choices[0]?.message?.content ?? "";\n}\n';
/** A file of another concern whose finding must survive whatever the route files do. */
const LEAKY_CLIENT = 'import OpenAI from "openai";\nexport const browserClient = new OpenAI({ apiKey: import.meta.env.VITE_OPENAI_API_KEY, dangerouslyAllowBrowser: true });\n';

const rules = (findings: Array<{ ruleId: string; file: string; line: number }>, id: string) => findings.filter((f) => f.ruleId === id).map((f) => `${f.file}:${f.line}`);

describe("a Hono sub-app declared as one long chain, from a factory, mounted with a chained .route()", () => {
  const steps = new Map<number, number>();
  for (const links of [50, 200]) {
    it(`${links} chained routes: the AI route at the chain's end is found, other files' findings intact, ≤ ${20 * links + 2_000} evaluator steps`, async () => {
      const chain = Array.from({ length: links }, (_, i) => `.get("/r${i}", (c) => c.text("${i}"))`).join("\n  ");
      const dir = project({
        "package.json": JSON.stringify({ name: "app", type: "module", dependencies: { hono: "^4", openai: "^4", vite: "^5" } }),
        "src/ai.ts": AI,
        "src/make-app.ts": 'import { Hono } from "hono";\nexport const makeApp = () => new Hono();\n',
        "src/sub.ts": `import { makeApp } from "./make-app.js";\nimport { complete } from "./ai.js";\nexport const sub = makeApp()\n  ${chain}\n  .post("/chat", async (c) => c.json({ text: await complete(await c.req.text()) }));\n`,
        "src/index.ts": 'import { makeApp } from "./make-app.js";\nimport { sub } from "./sub.js";\nconst app = makeApp();\nexport default app.get("/health", (c) => c.text("ok")).route("/api", sub);\n',
        "web/client.ts": LEAKY_CLIENT,
      });
      resetEvaluatorStats();
      const result = await scan({ target: dir });
      steps.set(links, evaluatorStats.steps);
      expect(rules(result.findings, "ai-route-without-auth")).toEqual([`src/sub.ts:${links + 4}`]);
      expect(rules(result.findings, "client-exposed-key").length + rules(result.findings, "client-side-provider-call").length).toBeGreaterThan(0);
      expect(evaluatorStats.steps).toBeLessThanOrEqual(20 * links + 2_000);
      expect(evaluatorStats.budgetExhausted).toBe(0);
    }, 60_000);
  }
  it("evaluator steps grow linearly with the chain (200 links ≤ 6× the steps of 50)", () => {
    expect(steps.get(200)!).toBeLessThanOrEqual(6 * steps.get(50)!);
  });
  it("1,000 chained routes (past the scan's depth gate): the file is named in a warning with the cause, other files' findings intact", async () => {
    const chain = Array.from({ length: 1000 }, (_, i) => `.get("/r${i}", (c) => c.text("${i}"))`).join("\n  ");
    const dir = project({
      "package.json": JSON.stringify({ name: "app", type: "module", dependencies: { hono: "^4", openai: "^4", vite: "^5" } }),
      "src/ai.ts": AI,
      "src/sub.ts": `import { Hono } from "hono";\nimport { complete } from "./ai.js";\nexport const sub = new Hono()\n  ${chain}\n  .post("/chat", async (c) => c.json({ text: await complete(await c.req.text()) }));\n`,
      "web/client.ts": LEAKY_CLIENT,
    });
    const result = await scan({ target: dir });
    expect(result.stats.warnings.some((w) => w.file === "src/sub.ts" && /nests more than \d+ levels deep/.test(w.message))).toBe(true);
    expect(result.findings.some((f) => f.file === "web/client.ts")).toBe(true);
  }, 60_000);
});

describe("a project factory called from many files", () => {
  it("300 routers from createRouter(), each mounted on the factory-made app: 300 distinct AI routes, ≤ 60,000 evaluator steps", async () => {
    const files: Record<string, string> = {
      "package.json": JSON.stringify({ name: "app", type: "module", dependencies: { express: "^4", openai: "^4" } }),
      "src/ai.ts": AI,
      "src/factory.ts": 'import express from "express";\nexport function createApp() { return express(); }\nexport function createRouter() { return express.Router(); }\n',
    };
    const imports: string[] = [];
    const mounts: string[] = [];
    for (let i = 0; i < 300; i++) {
      files[`src/routes/r${i}.ts`] = `import { createRouter } from "../factory.js";\nimport { complete } from "../ai.js";\nexport const r${i} = createRouter();\nr${i}.route("/ask").post(async (req, res) => res.json({ text: await complete(String(req.body?.q ?? "")) }));\n`;
      imports.push(`import { r${i} } from "./routes/r${i}.js";`);
      mounts.push(`app.use("/t${i}", r${i});`);
    }
    files["src/index.ts"] = `import { createApp } from "./factory.js";\n${imports.join("\n")}\nconst app = createApp();\n${mounts.join("\n")}\napp.listen(3000);\n`;
    const dir = project(files);
    resetEvaluatorStats();
    const result = await scan({ target: dir });
    const open = rules(result.findings, "ai-route-without-auth");
    expect(new Set(open).size).toBe(300);
    expect(open).toContain("src/routes/r299.ts:4");
    expect(evaluatorStats.steps).toBeLessThanOrEqual(60_000);
  }, 60_000);
});

describe("tRPC v9 routers merged into each other in a circle", () => {
  it("40 routers, each merging the next and the last merging the first: finishes, each AI procedure reported once, ≤ 30,000 evaluator steps", async () => {
    const files: Record<string, string> = {
      "package.json": JSON.stringify({ name: "app", type: "module", dependencies: { "@trpc/server": "^9", openai: "^4" } }),
      "src/ai.ts": AI,
      "src/make-router.ts": 'import * as trpc from "@trpc/server";\nexport const makeRouter = () => trpc.router();\n',
    };
    const n = 40;
    for (let i = 0; i < n; i++) {
      const next = (i + 1) % n;
      files[`src/r${i}.ts`] = `import { makeRouter } from "./make-router.js";\nimport { complete } from "./ai.js";\nimport { r${next} } from "./r${next}.js";\nexport const r${i} = makeRouter()\n  .mutation("ask${i}", { resolve: ({ input }: { input: string }) => complete(String(input)) })\n  .merge("n${next}.", r${next});\n`;
    }
    const dir = project(files);
    resetEvaluatorStats();
    const result = await scan({ target: dir });
    const open = rules(result.findings, "ai-route-without-auth");
    expect(new Set(open).size).toBe(n);
    expect(open).toContain("src/r0.ts:5");
    expect(evaluatorStats.steps).toBeLessThanOrEqual(30_000);
  }, 60_000);
});
