/**
 * CommonJS exports on input built to make them slow or circular: a file with thousands of
 * `exports.x =` looked up one name at a time (once a walk of every statement per name), a
 * ring of files each re-exporting the next with `module.exports = require(…)`, a file that
 * requires itself, and a chained assignment thousands long. Budgets are counted in evaluator
 * steps (evaluatorStats); the wall-clock guard is only a backstop. A small open AI route
 * (`routes/fact.js`) sits beside each shape: its findings must stand.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/scan.js";
import { evaluatorStats, resetEvaluatorStats } from "../../src/model/eval-guard.js";
import { withoutAdvisory } from "../helpers/advisory.js";

const base = mkdtempSync(join(tmpdir(), "aigis-cjs-robust-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

const times = (n: number, f: (i: number) => string, sep = "\n") => Array.from({ length: n }, (_, i) => f(i)).join(sep);
const CLIENT = 'const OpenAI = require("openai");\nconst client = new OpenAI();\n';
const CALL = 'client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 5, messages: [{ role: "user", content: "hi" }] })';

/** An Express app: `server.js` mounts `routes/fact.js` (one open AI route, line 3) and whatever `extra` registers. */
function app(files: Record<string, string>, extra = ""): string {
  const dir = join(base, `app${++counter}`);
  const all: Record<string, string> = {
    "package.json": JSON.stringify({ name: "cjs-app", dependencies: { express: "^4", openai: "^4" } }),
    "server.js": `const express = require("express");\nconst app = express();\napp.use("/api", require("./routes/fact"));\n${extra}app.listen(3000);\n`,
    "routes/fact.js": `const router = require("express").Router();\nconst ask = require("../ask");\nrouter.post("/fact", async (req, res) => res.json(await ask()));\nmodule.exports = router;\n`,
    "ask.js": `${CLIENT}module.exports = async () => ${CALL};\n`,
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

async function scanCounted(dir: string) {
  resetEvaluatorStats();
  const result = await scan({ target: dir });
  return { result, stats: { ...evaluatorStats } };
}

/** The open route beside every shape: AU-1 and RL-1 at routes/fact.js:3. */
const FACT_FINDINGS = ["ai-route-without-auth routes/fact.js:3", "ai-route-without-rate-limit routes/fact.js:3"];
const factFindings = (result: Awaited<ReturnType<typeof scan>>) =>
  withoutAdvisory(result.findings).filter((f) => f.file === "routes/fact.js").map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort();

describe("CommonJS exports under load", () => {
  it("3,000 `exports.fN =` in one file, each used by its own route: every route reaches the model, ≤ 120,000 evaluator steps (40 per route), no budget exhausted", async () => {
    const n = 3000;
    const dir = app(
      { "service.js": `${CLIENT}${times(n, (i) => `exports.f${i} = async () => ${CALL};`)}\n` },
      `const s = require("./service");\n${times(n, (i) => `app.post("/r${i}", async (req, res) => res.json(await s.f${i}()));`)}\n`,
    );
    const { result, stats } = await scanCounted(dir);
    expect(factFindings(result)).toEqual(FACT_FINDINGS);
    // Findings per rule and file are capped; the warning counts them all.
    expect(result.stats.warnings.map((w) => w.message)).toContain(`${n - 100} more findings of rule ai-route-without-auth in this file not listed (${n} in all; the first 100 are listed)`);
    expect(stats.steps).toBeLessThanOrEqual(40 * n);
    expect(stats.budgetExhausted).toBe(0);
  }, 120_000);

  it("a ring of 400 files, each `module.exports = require(next)`, required by a route: finishes, the cycle is cut (≥ 1 cut-off), ≤ 20,000 evaluator steps, the other route's findings stand", async () => {
    const n = 400;
    const ring: Record<string, string> = {};
    for (let i = 0; i < n; i++) ring[`ring/m${i}.js`] = `module.exports = require("./m${(i + 1) % n}");\n`;
    const dir = app({ ...ring, "routes/ring.js": `const router = require("express").Router();\nconst ask = require("../ask");\nconst m = require("../ring/m0");\nrouter.post("/ring", m, async (req, res) => res.json(await ask()));\nmodule.exports = router;\n` }, 'app.use("/ring", require("./routes/ring"));\n');
    const { result, stats } = await scanCounted(dir);
    expect(factFindings(result)).toEqual(FACT_FINDINGS);
    expect(withoutAdvisory(result.findings).filter((f) => f.file === "routes/ring.js").map((f) => `${f.ruleId}:${f.line}`).sort()).toEqual(["ai-route-without-auth:4", "ai-route-without-rate-limit:4"]);
    expect(stats.cycleCutoffs + stats.depthCutoffs).toBeGreaterThan(0);
    expect(stats.steps).toBeLessThanOrEqual(20_000);
    expect(result.stats.warnings).toEqual([]);
  }, 60_000);

  it("a file that requires itself (`module.exports = require(\"./self\")`, `module.exports.x = module.exports`): unknown, ≤ 2,000 evaluator steps, the other route's findings stand", async () => {
    const dir = app(
      {
        "self.js": 'module.exports = require("./self");\n',
        "selfish.js": "module.exports.x = module.exports;\nmodule.exports.y = module.exports.x.y;\n",
        "routes/self.js": `const router = require("express").Router();\nconst ask = require("../ask");\nconst a = require("../self");\nconst b = require("../selfish");\nrouter.post("/self", a, b.y, async (req, res) => res.json(await ask()));\nmodule.exports = router;\n`,
      },
      'app.use("/self", require("./routes/self"));\n',
    );
    const { result, stats } = await scanCounted(dir);
    expect(factFindings(result)).toEqual(FACT_FINDINGS);
    expect(withoutAdvisory(result.findings).filter((f) => f.file === "routes/self.js").map((f) => `${f.ruleId}:${f.line}`).sort()).toEqual(["ai-route-without-auth:5", "ai-route-without-rate-limit:5"]);
    expect(stats.steps).toBeLessThanOrEqual(2_000);
    expect(result.stats.warnings).toEqual([]);
  }, 60_000);

  it("a 3,000-long chained assignment ending in `module.exports = …`: finishes, ≤ 5,000 evaluator steps, the other route's findings stand, any warning names the file", async () => {
    const dir = app({
      "chained.js": `${times(3000, (i) => `let a${i};`)}\n${times(3000, (i) => `a${i} =`, "\n")}\nmodule.exports = async () => 1;\n`,
      "routes/chained.js": 'const router = require("express").Router();\nconst fn = require("../chained");\nrouter.post("/c", fn, (req, res) => res.json({}));\nmodule.exports = router;\n',
    }, 'app.use("/c", require("./routes/chained"));\n');
    const { result, stats } = await scanCounted(dir);
    expect(factFindings(result)).toEqual(FACT_FINDINGS);
    expect(stats.steps).toBeLessThanOrEqual(5_000);
    for (const w of result.stats.warnings) expect(w.file).toBe("chained.js");
  }, 60_000);
});
