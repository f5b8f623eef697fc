/**
 * Model calls reached through frameworks and agent libraries (src/model/values.ts:
 * method chains evaluated link by link, framework contexts looked up once) on input built
 * to make them deep or repetitive. Budgets are evaluator steps, not time.
 */

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/config.js";
import { loadProject } from "../../src/engine/load-project.js";
import { scan } from "../../src/engine/scan.js";
import type { FileFacts } from "../../src/facts/file-facts.js";
import { loadTypeScript } from "../../src/facts/typescript.js";
import { evaluatorStats, resetEvaluatorStats } from "../../src/model/eval-guard.js";
import { Evaluator } from "../../src/model/values.js";
import { tempProjects } from "../helpers/temp-projects.js";

const project = tempProjects("aigis-ai-surfaces-");

const PKG = JSON.stringify({ name: "app", dependencies: { next: "^15", openai: "^3", "@trpc/server": "^10", "@langchain/langgraph": "^0.2" } });
const builder = (links: number) => `new StateGraph({})${Array.from({ length: links }, (_, i) => `.addEdge("n${i}", "n${i + 1}")`).join("")}.compile()`;

describe("a LangGraph builder chain as long as the input makes it", () => {
  it("3,000 links, evaluated directly (past the scan's depth gate): the compiled graph is found, no overflow, ≤ 7,000 evaluator steps", async () => {
    const ts = await loadTypeScript();
    const dir = project({ "package.json": PKG, "src/graph.ts": "export {};\n" });
    const { project: model } = await loadProject(dir, defaultConfig());
    const text = `import { StateGraph } from "@langchain/langgraph";\nconst g = ${builder(3000)};\n`;
    const tree = ts.createSourceFile("src/graph.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const facts = { syntaxTree: () => tree } as unknown as FileFacts;
    const evaluator = new Evaluator(ts, model.modules, (rel) => (rel === "src/graph.ts" ? facts : model.file(rel)), () => true, () => ["src/graph.ts"]);
    const statement = tree.statements[1]!;
    if (!ts.isVariableStatement(statement)) throw new Error("shape");
    resetEvaluatorStats();
    expect(evaluator.eval(statement.declarationList.declarations[0]!.initializer!, { file: "src/graph.ts", tree })).toMatchObject({ kind: "sdk", type: "langchain.runnable" });
    expect(evaluatorStats.steps).toBeLessThanOrEqual(7_000);
  }, 60_000);

  const steps = new Map<number, number>();
  for (const links of [50, 200]) {
    it(`${links} links in a scanned route: the graph's call is an AI route, ≤ ${5 * links + 300} evaluator steps, no warning`, async () => {
      const dir = project({
        "package.json": PKG,
        "app/api/run/route.ts": `import { StateGraph } from "@langchain/langgraph";\nconst graph = ${builder(links)};\nexport async function POST(req: Request) {\n  const { input } = await req.json();\n  return Response.json(await graph.invoke({ input }));\n}\n`,
      });
      resetEvaluatorStats();
      const result = await scan({ target: dir });
      steps.set(links, evaluatorStats.steps);
      expect(result.findings.filter((f) => f.ruleId === "ai-route-without-auth").map((f) => `${f.file}:${f.line}`)).toEqual(["app/api/run/route.ts:3"]);
      expect(result.stats.warnings).toEqual([]);
      expect(evaluatorStats.steps).toBeLessThanOrEqual(5 * links + 300);
    }, 60_000);
  }

  it("steps grow at most linearly: steps(200) < 4 × steps(50)", () => {
    expect(steps.get(200)).toBeLessThan(4 * steps.get(50)!);
  });
});

describe("tRPC context clients", () => {
  it("400 procedures reading `ctx.openai`: every call found, the context factory evaluated once, ≤ 6,000 evaluator steps", async () => {
    const procedures = Array.from({ length: 400 }, (_, i) => `  p${i}: t.procedure.mutation(({ ctx }) => ctx.openai.createCompletion({ model: "m", prompt: "p${i}" })),\n`).join("");
    const dir = project({
      "package.json": PKG,
      "server/context.ts": 'import { Configuration, OpenAIApi } from "openai";\nconst openai = new OpenAIApi(new Configuration({ apiKey: process.env.OPENAI_API_KEY }));\nexport const createContext = async () => ({ openai });\n',
      "server/router.ts": `import { initTRPC } from "@trpc/server";\nimport "./context";\nconst t = initTRPC.create();\nexport const router = t.router({\n${procedures}});\n`,
    });
    const { project: model, ts } = await loadProject(dir, defaultConfig());
    resetEvaluatorStats();
    const surface = model.aiSurface(ts);
    expect(surface.callSites.length).toBe(400);
    expect(evaluatorStats.steps).toBeLessThanOrEqual(6_000);
  }, 60_000);
});
