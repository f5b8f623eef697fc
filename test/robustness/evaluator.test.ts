/**
 * The value evaluator (src/model/values.ts) on input built to make it slow or deep:
 * reassignment chains (once exponential), `+`/member/alias/call chains (once a stack
 * overflow), a large Nuxt-like page of helpers calling each other. Budgets are counted in
 * evaluator steps (evaluatorStats), not time; the wall-clock guard is only a backstop.
 */

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/config.js";
import { scan } from "../../src/engine/scan.js";
import { loadProject } from "../../src/engine/load-project.js";
import type { FileFacts } from "../../src/facts/file-facts.js";
import { loadTypeScript } from "../../src/facts/typescript.js";
import { EvalGuard, Memo, evaluatorStats, resetEvaluatorStats } from "../../src/model/eval-guard.js";
import { EVALUATOR_BUDGET, Evaluator } from "../../src/model/values.js";
import { tempProjects } from "../helpers/temp-projects.js";

const project = tempProjects("aigis-evaluator-");

const PKG = JSON.stringify({ name: "app", dependencies: { openai: "^4" } });

/** A route that sends request data to OpenAI: the findings every case below must keep. */
const CHAT = (helper: string, call: string) =>
  `import OpenAI from "openai";\nimport { ${helper} } from "./${helper}";\nconst openai = new OpenAI();\nexport async function POST(req: Request) {\n  const body = await req.json();\n  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: ${call} }] });\n  return new Response(r.choices[0].message.content);\n}\n`;

const CHAT_FINDINGS = ["missing-output-token-cap", "unbounded-input-to-model", "untrusted-input-in-instructions", "unvalidated-input-to-model"];

async function scanCounted(dir: string) {
  resetEvaluatorStats();
  const result = await scan({ target: dir });
  return { result, stats: { ...evaluatorStats } };
}

const ruleIdsIn = (result: Awaited<ReturnType<typeof scan>>, file: string) => [...new Set(result.findings.filter((f) => f.file === file).map((f) => f.ruleId))].sort();

describe("reassignment chains (`out = out.replace(…)` ×N)", () => {
  const reassigning = (n: number) =>
    project({
      "package.json": PKG,
      "src/clean.ts": `export function clean(s: string) {\n  let out = s;\n${Array.from({ length: n }, (_, i) => `  out = out.replace("a${i}", "b${i}");\n`).join("")}  return out;\n}\n`,
      "src/chat.ts": CHAT("clean", "clean(body.text)"),
    });
  const steps = new Map<number, number>();

  for (const n of [8, 10, 12, 20, 40]) {
    it(`N=${n}: the route's findings stand, ≤ ${20 * n + 200} evaluator steps, no budget exhausted`, async () => {
      const { result, stats } = await scanCounted(reassigning(n));
      expect(ruleIdsIn(result, "src/chat.ts")).toEqual(CHAT_FINDINGS);
      expect(stats.steps).toBeLessThanOrEqual(20 * n + 200);
      expect(stats.budgetExhausted).toBe(0);
      steps.set(n, stats.steps);
    }, 60_000);
  }

  it("steps grow at most linearly: steps(N=40) < 4 × steps(N=10)", () => {
    expect(steps.get(40)).toBeLessThan(4 * steps.get(10)!);
  });
});

describe("deep shapes, evaluated directly (trees parsed here, past the scan's own depth gate)", () => {
  /** An evaluator over one in-memory file, with the project's real module graph for `openai`. */
  async function evaluatorFor(text: string) {
    const ts = await loadTypeScript();
    const dir = project({ "package.json": PKG, "src/deep.ts": "export {};\n" });
    const { project: model } = await loadProject(dir, defaultConfig());
    const tree = ts.createSourceFile("src/deep.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const facts = { syntaxTree: () => tree } as unknown as FileFacts;
    const evaluator = new Evaluator(ts, model.modules, (rel) => (rel === "src/deep.ts" ? facts : model.file(rel)), () => true, () => ["src/deep.ts"]);
    const site = { file: "src/deep.ts", tree };
    const initOf = (name: string) => {
      for (const statement of tree.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d.initializer!;
      }
      throw new Error(`no ${name}`);
    };
    return { ts, evaluator, site, initOf };
  }

  it("3,000-term `+` chain: no overflow, unknown past the depth limit, ≤ 200 evaluator steps", async () => {
    const { evaluator, site, initOf } = await evaluatorFor(`const p = ${Array.from({ length: 3000 }, (_, i) => `"t${i}"`).join(" + ")};\nconst short = "a" + "b" + "c";\n`);
    resetEvaluatorStats();
    expect(evaluator.eval(initOf("p"), site)).toBeUndefined();
    expect(evaluator.eval(initOf("short"), site)).toEqual({ kind: "string", text: "abc", exact: true });
    expect(evaluatorStats.steps).toBeLessThanOrEqual(200);
    // Every walk of the tree (the call index) is iterative.
    expect(evaluator.callsNamed("nothing")).toEqual([]);
  });

  it("3,000-long member chain: no overflow, ≤ 200 evaluator steps", async () => {
    const { evaluator, site, initOf } = await evaluatorFor(`import OpenAI from "openai";\nconst o = new OpenAI();\nconst m = o${".a".repeat(3000)};\n`);
    resetEvaluatorStats();
    expect(evaluator.eval(initOf("m"), site)).toBeUndefined();
    expect(evaluatorStats.steps).toBeLessThanOrEqual(200);
  });

  it("3,000 chained `const` aliases: no overflow, near ones still resolve, ≤ 500 evaluator steps", async () => {
    const aliases = Array.from({ length: 3000 }, (_, i) => `const a${i + 1} = a${i};\n`).join("");
    const { evaluator, site, initOf } = await evaluatorFor(`import OpenAI from "openai";\nconst a0 = new OpenAI();\n${aliases}`);
    resetEvaluatorStats();
    expect(evaluator.eval(initOf("a3000"), site)).toBeUndefined();
    expect(evaluator.eval(initOf("a5"), site)).toMatchObject({ kind: "sdk", provider: "OpenAI" });
    expect(evaluatorStats.steps).toBeLessThanOrEqual(500);
  });

  it("400 nested calls (the compiler's parser overflows near 1,000): no overflow, ≤ 5,000 evaluator steps", async () => {
    const { evaluator, site, initOf } = await evaluatorFor(`function f(x: string) { return x; }\nconst c = ${"f(".repeat(400)}"deep"${")".repeat(400)};\n`);
    resetEvaluatorStats();
    expect(() => evaluator.eval(initOf("c"), site)).not.toThrow();
    expect(evaluatorStats.steps).toBeLessThanOrEqual(5_000);
  });

  it("300 nested object spreads (the parser's limit is near): findProperty walks them with a stack", async () => {
    const spreads = `${"{ ...".repeat(300)}{ model: "gpt-4o" }${" }".repeat(300)}`;
    const { evaluator, site, initOf } = await evaluatorFor(`import OpenAI from "openai";\nconst o = ${spreads};\nconst m = o.model;\n`);
    expect(evaluator.eval(initOf("m"), site)).toEqual({ kind: "string", text: "gpt-4o", exact: true });
  });
});

describe("long re-export chain across files", () => {
  it("1,000 files re-exporting a client one to the next: no overflow, unknown past the frame limit, ≤ 2,000 evaluator steps", async () => {
    const files: Record<string, string> = { "package.json": PKG, "src/r0.ts": 'import OpenAI from "openai";\nexport const client = new OpenAI();\n' };
    for (let i = 1; i <= 1000; i++) files[`src/r${i}.ts`] = `export { client } from "./r${i - 1}";\n`;
    files["src/use.ts"] = 'import { client } from "./r1000";\nimport { client as near } from "./r3";\nexport const far = client;\nexport const close = near;\n';
    const dir = project(files);
    const ts = await loadTypeScript();
    const { project: model } = await loadProject(dir, defaultConfig());
    const evaluator = new Evaluator(ts, model.modules, (rel) => model.file(rel), () => true);
    resetEvaluatorStats();
    expect(evaluator.evalExport("src/use.ts", "far")).toBeUndefined();
    expect(evaluator.evalExport("src/use.ts", "close")).toMatchObject({ kind: "sdk", provider: "OpenAI" });
    expect(evaluatorStats.steps).toBeLessThanOrEqual(2_000);
  }, 60_000);
});

describe("a Nuxt-like app: a 250 KB page of helpers calling each other, and a server route calling OpenAI", () => {
  const ROUTE = `import OpenAI from "openai";\nconst openai = new OpenAI({ apiKey: useRuntimeConfig().openaiKey });\nexport default defineEventHandler(async (event) => {\n  const body = await readBody(event);\n  const completion = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: "You are " + body.persona }, { role: "user", content: body.message }] });\n  return completion.choices[0].message.content;\n});\n`;

  function page(helpers: number): string {
    const callee = (i: number, k: number) => (i === 0 ? "wrap" : `fmt${(i * 7 + k * 13) % i}`);
    const parts = [`import { wrap, SYSTEM } from "~/lib/prompts";\nimport OpenAI from "openai";\nconst input = ref("");\nconst client = new OpenAI({ apiKey: useRuntimeConfig().public.openaiKey, dangerouslyAllowBrowser: true });\n`];
    for (let i = 0; i < helpers; i++) {
      parts.push(`const label${i} = \`L${i}-\${SYSTEM}\`;
function fmt${i}(s: string, n = ${i}): string {
  let out = s.toLowerCase();
  const first${i} = ${callee(i, 1)}(s);
  out = out.replace(/x${i}/g, "y");
  out = out.replace("a", ${callee(i, 2)}(out));
  out = out.trim();
  if (out.length > n) out = ${callee(i, 3)}(out.slice(0, n));
  const parts${i} = { head: out, tail: label${i}, more: ${callee(i, 4)}(label${i}) };
  out = parts${i}.head + parts${i}.tail;
  return out + label${i};
}
`);
    }
    const last = helpers - 1;
    parts.push(`async function send() {
  const r = await $fetch("/api/chat", { method: "POST", body: { message: fmt${last}(input.value), persona: fmt${last - 1}("x") } });
  const c = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "system", content: fmt${last - 2}(input.value) }, { role: "user", content: fmt${last}(input.value) }] });
  return [r, c.choices[0].message.content];
}
`);
    return `<template>\n  <div><input v-model="input" /><button @click="send">Send</button></div>\n</template>\n\n<script setup lang="ts">\n${parts.join("")}</script>\n`;
  }

  const files = (helpers: number) => ({
    "package.json": JSON.stringify({ name: "shop", private: true, dependencies: { nuxt: "^3", vue: "^3", openai: "^4" } }),
    "nuxt.config.ts": "export default defineNuxtConfig({ runtimeConfig: { openaiKey: '' } });\n",
    "server/api/chat.post.ts": ROUTE,
    "lib/prompts.ts": 'import type OpenAI from "openai";\nexport const SYSTEM = "You help shoppers.";\nexport function wrap(s: string) { return SYSTEM + s; }\nexport type Client = OpenAI;\n',
    "pages/index.vue": page(helpers),
  });

  it(`650 helpers (~250 KB): the route's and the page's findings stand, ≤ 60,000 evaluator steps, no question past ${EVALUATOR_BUDGET.toLocaleString("en")}`, async () => {
    const big = files(650);
    expect(big["pages/index.vue"].length).toBeGreaterThan(240_000);
    const small = await scanCounted(project(files(5)));
    const { result, stats } = await scanCounted(project(big));
    expect(ruleIdsIn(result, "server/api/chat.post.ts")).toEqual(ruleIdsIn(small.result, "server/api/chat.post.ts"));
    expect(ruleIdsIn(result, "server/api/chat.post.ts")).toEqual(expect.arrayContaining(["ai-route-without-auth", "untrusted-input-in-instructions"]));
    expect(ruleIdsIn(result, "pages/index.vue")).toEqual(ruleIdsIn(small.result, "pages/index.vue"));
    expect(ruleIdsIn(result, "pages/index.vue")).toContain("client-side-provider-call");
    expect(stats.steps).toBeLessThanOrEqual(60_000);
    expect(stats.budgetExhausted).toBe(0);
    expect(result.stats.warnings).toEqual([]);
  }, 120_000);
});

describe("the guard itself", () => {
  it("a question past its budget answers unknown, once counted; the next question starts afresh", () => {
    const guard = new EvalGuard(10, 200);
    const memo = new Memo<number, number | undefined>(true);
    const chain = (i: number): number | undefined => guard.run(memo, i, "f", undefined, false, () => (i === 0 ? 0 : (chain(i - 1) ?? -1) + 1));
    resetEvaluatorStats();
    expect(chain(50)).toBe(9); // keys 50…41 computed, key 40 cut (unknown, taken as -1): 41 holds 0, 50 holds 9
    expect(evaluatorStats.budgetExhausted).toBe(1);
    expect(evaluatorStats.steps).toBe(10);
    // The cut answers held for that question only: a new one computes them again.
    expect(chain(5)).toBe(5);
  });

  it("a key asked for inside its own computation is a cycle: unknown, and the answer holds for good", () => {
    const guard = new EvalGuard(1_000, 200);
    const memo = new Memo<string, string | undefined>(true);
    let computed = 0;
    const value = (): string | undefined =>
      guard.run(memo, "x", "f", undefined, false, () => {
        computed++;
        return (value() ?? "") + "x";
      });
    resetEvaluatorStats();
    expect(value()).toBe("x");
    expect(value()).toBe("x");
    expect(computed).toBe(1);
    expect(evaluatorStats).toMatchObject({ cycleCutoffs: 1, memoHits: 1, questions: 1 });
  });
});
