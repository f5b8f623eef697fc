/**
 * Budgets instead of hangs: a file whose analysis runs out of time stops there, is named
 * once in the warnings with the time it took, its rules' checklist items are incomplete,
 * and every other file's findings stand; a scan whose analysis runs out skips the rest of
 * the model with one warning while the key scan completes.
 *
 * Time is a fake clock throughout: a test rule (run first) or the work itself moves it, so
 * that a file "takes" 2 s deterministically. Nothing here depends on wall time.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../../src/engine/scan.js";
import { inventory } from "../../src/engine/inventory.js";
import { defineRule, type Rule } from "../../src/engine/rule.js";
import { ALL_RULES } from "../../rules/index.js";
import { configSchema, loadConfig } from "../../src/config/config.js";
import { AnalysisBudget, BudgetExceeded, checkBudget, FILE_BUDGET_CAUSE, SCAN_BUDGET_CAUSE } from "../../src/model/budget.js";
import { AnalysisGaps } from "../../src/model/gaps.js";
import { BUDGET_CHECK_EVERY, EvalGuard, Memo } from "../../src/model/eval-guard.js";
import { REPO_ROOT } from "../helpers/cli.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function appWith(fixture: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "aigis-budget-"));
  dirs.push(dir);
  cpSync(join(REPO_ROOT, "fixtures", fixture), dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** A clock the test moves by hand. */
function fakeClock() {
  const clock = { t: 0, now: () => clock.t };
  return clock;
}

/** A per-file rule, run before every other: `file` "takes" `ms` while it looks at it. */
function slowOn(file: string, clock: { t: number }, ms: number): Rule {
  return defineRule({
    meta: {
      id: "test-slow-file",
      title: "moves the fake clock",
      checklist: [],
      severity: "info",
      cwe: [],
      description: "test only",
      fix: "none",
      example: { bad: "", good: "" },
      scope: "one file",
    },
    checkFile(f) {
      if (f.relPath === file) clock.t += ms;
    },
  });
}

const key = (f: { ruleId: string; file: string; line: number; message: string }) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`;

/** An open AI route of its own (no auth, no rate limit), added to an app. */
const SLOW = "app/api/translate/route.ts";
const OPEN_ROUTE = [
  'import OpenAI from "openai";',
  "const openai = new OpenAI();",
  "export async function POST(req: Request) {",
  "  const { text } = await req.json();",
  '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 400, messages: [{ role: "user", content: String(text).slice(0, 2000) }] });',
  "  return Response.json({ text: r.choices[0]?.message?.content });",
  "}",
  "",
].join("\n");

describe("a file whose analysis runs out of time", () => {
  let baseline: ScanResult;
  let budgeted: ScanResult;

  it("stops there: named once with the time spent, every other file's findings intact", async () => {
    const dir = appWith("nextjs-leaky", { [SLOW]: OPEN_ROUTE });
    const calm = fakeClock();
    baseline = await scan({ target: dir, rules: [slowOn(SLOW, calm, 0), ...ALL_RULES], budget: { now: calm.now } });
    const clock = fakeClock();
    budgeted = await scan({ target: dir, rules: [slowOn(SLOW, clock, 2000), ...ALL_RULES], budget: { now: clock.now } });

    // The baseline judged the added route (so losing it shows), and had nothing out of time.
    expect(baseline.findings.filter((f) => f.file === SLOW).map((f) => f.ruleId)).toContain("ai-route-without-auth");
    expect(baseline.stats.warnings.filter((w) => /ran out of time|analysis stopped/.test(w.message))).toEqual([]);

    const mine = budgeted.stats.warnings.filter((w) => w.file === SLOW);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.message).toMatch(/^analysis stopped after 2,000 ms \(its budget: 1,000 ms\): findings in this file may be incomplete; the checklist items of rules? [a-z-]+/);
    expect(mine[0]!.message).toContain("ai-route-without-auth");
    // No other file, and not the scan, ran out.
    expect(budgeted.stats.warnings.filter((w) => w.file !== SLOW && /analysis stopped/.test(w.message))).toEqual([]);

    const others = (r: ScanResult) => r.findings.filter((f) => f.file !== SLOW).map(key);
    expect(others(budgeted)).toEqual(others(baseline));
    expect(others(budgeted).length).toBeGreaterThanOrEqual(10);
    // The route's model-based findings are what was lost.
    expect(budgeted.findings.filter((f) => f.file === SLOW).map((f) => f.ruleId)).not.toContain("ai-route-without-auth");
    expect(budgeted.stats.incomplete).toContainEqual({ file: SLOW, rule: "ai-route-without-auth", cause: FILE_BUDGET_CAUSE });
  }, 60_000);

  it("leaves the checklist items of the rules that lost it incomplete, not pass", async () => {
    const dir = appWith("nextjs-clean");
    const route = "app/api/chat/route.ts";
    const calm = fakeClock();
    // Advisory rules report on the route itself, so losing it loses their findings too: they are left out here.
    const rules = ALL_RULES.filter((r) => !r.meta.advisory);
    const clean = await scan({ target: dir, rules: [slowOn(route, calm, 0), ...rules], budget: { now: calm.now } });
    const clock = fakeClock();
    const cut = await scan({ target: dir, rules: [slowOn(route, clock, 2000), ...rules], budget: { now: clock.now } });

    const status = (r: ScanResult, id: string) => r.checklist.find((c) => c.id === id)?.status;
    for (const id of ["AU-1", "RL-1"]) {
      expect(status(clean, id)).toBe("pass");
      expect(status(cut, id)).toBe("incomplete");
      expect(cut.checklist.find((c) => c.id === id)?.incomplete).toContainEqual(expect.objectContaining({ file: route, cause: FILE_BUDGET_CAUSE }));
    }
    // Items no rule that lost the file evidences keep their status.
    const lostRules = new Set(cut.stats.incomplete.map((g) => g.rule));
    for (const item of clean.checklist) {
      if (item.rules.some((r) => lostRules.has(r))) expect(status(cut, item.id)).toBe(item.status === "pass" || item.status === "n/a" ? "incomplete" : item.status);
      else expect(status(cut, item.id)).toBe(item.status);
    }
    expect(cut.findings.map(key)).toEqual(clean.findings.map(key));
  }, 60_000);

  it("follows the config's budgets, and the scan options override them", async () => {
    const dir = appWith("nextjs-leaky", { [SLOW]: OPEN_ROUTE, "aigis.config.json": JSON.stringify({ budgets: { fileMs: 5000 } }) });
    const { config } = loadConfig(dir);
    expect(config.budgets).toEqual({ fileMs: 5000 });
    const stoppedIn = async (budget: { fileMs?: number }) => {
      const clock = fakeClock();
      const r = await scan({ target: dir, config, rules: [slowOn(SLOW, clock, 2000), ...ALL_RULES], budget: { ...budget, now: clock.now } });
      return r.stats.warnings.filter((w) => /analysis stopped/.test(w.message)).map((w) => w.file);
    };
    expect(await stoppedIn({})).toEqual([]);
    expect(await stoppedIn({ fileMs: 1500 })).toEqual([SLOW]);
  }, 60_000);
});

describe("a scan whose analysis runs out of time", () => {
  it("skips the rest of the model with one warning; the key scan still completes", async () => {
    const dir = appWith("nextjs-leaky");
    const first = "app/api/chat/route.ts";
    const calm = fakeClock();
    const baseline = await scan({ target: dir, rules: [slowOn(first, calm, 0), ...ALL_RULES], budget: { now: calm.now } });
    const clock = fakeClock();
    const cut = await scan({ target: dir, rules: [slowOn(first, clock, 3000), ...ALL_RULES], budget: { now: clock.now, fileMs: 10_000, scanMs: 2000 } });

    const scanWarnings = cut.stats.warnings.filter((w) => /analysis stopped/.test(w.message));
    expect(scanWarnings).toHaveLength(1);
    expect(scanWarnings[0]).toMatchObject({ file: "." });
    expect(scanWarnings[0]!.message).toMatch(/^the scan's analysis stopped after 3,000 ms \(its budget: 2,000 ms\): the rest of the project model was skipped/);

    // Every key the baseline found is still found (text checks, not the model).
    const keys = (r: ScanResult) => r.findings.filter((f) => f.ruleId === "hardcoded-provider-key" || (f.ruleId === "client-exposed-key" && f.file.startsWith(".env"))).map(key);
    expect(keys(baseline).length).toBeGreaterThanOrEqual(2);
    expect(keys(cut)).toEqual(keys(baseline));
    // The model was not built: no route finding, and its rules' gaps say why.
    expect(baseline.findings.some((f) => f.ruleId === "ai-route-without-auth")).toBe(true);
    expect(cut.findings.some((f) => f.ruleId === "ai-route-without-auth")).toBe(false);
    expect(cut.stats.incomplete).toContainEqual(expect.objectContaining({ rule: "ai-route-without-auth", cause: SCAN_BUDGET_CAUSE }));
    expect(cut.checklist.find((c) => c.id === "AU-1")?.status).toBe("incomplete");
  }, 60_000);
});

describe("the scan's budget running out anywhere", () => {
  it("at whatever point of the model it falls: one warning, the keys still found, nothing else lost or thrown", async () => {
    const dir = appWith("nextjs-leaky");
    // A clock that moves one millisecond per look: the scan's budget falls at a different step for each length.
    const counting = () => {
      const clock = { t: 0, now: () => ++clock.t };
      return clock;
    };
    const full = counting();
    const baseline = await scan({ target: dir, budget: { now: full.now, fileMs: 1e9, scanMs: 1e9 } });
    const looks = full.t;
    expect(looks).toBeGreaterThan(100);
    const keys = (r: ScanResult) => r.findings.filter((f) => f.ruleId === "hardcoded-provider-key").map(key);
    let warned = 0;
    for (let scanMs = 5; scanMs < looks; scanMs += Math.ceil(looks / 12)) {
      const clock = counting();
      const cut = await scan({ target: dir, budget: { now: clock.now, fileMs: 1e9, scanMs } });
      expect(keys(cut)).toEqual(keys(baseline));
      // At most one warning, for the scan (none when only per-file checks were left, which finish anyway).
      const stopped = cut.stats.warnings.filter((w) => /analysis stopped/.test(w.message));
      expect(stopped.map((w) => w.file)).toEqual(stopped.length ? ["."] : []);
      if (stopped.length) warned++;
      // Every gap is the budget's: no other failure escaped from a stopped computation.
      expect(cut.stats.incomplete.filter((g) => g.cause !== SCAN_BUDGET_CAUSE)).toEqual([]);
      expect(cut.stats.warnings.filter((w) => /could not analyse/.test(w.message))).toEqual([]);
    }
    expect(warned).toBeGreaterThanOrEqual(8);
  }, 120_000);
});

describe("AnalysisBudget and the units of work", () => {
  it("stops a unit at a checkpoint past its file's time, skips the file from then on, and lets other files run", () => {
    const clock = fakeClock();
    const gaps = new AnalysisGaps();
    gaps.budget = new AnalysisBudget({ fileMs: 1000, scanMs: 60_000 }, clock.now);
    let reached = false;
    const a = gaps.contain("part", "a.ts", () => {
      clock.t += 2000;
      checkBudget();
      reached = true;
      return "a";
    });
    expect(a).toBeUndefined();
    expect(reached).toBe(false);
    expect(gaps.budget.stoppedFiles().get("a.ts")).toBe(2000);
    expect(gaps.contain("part", "b.ts", () => "b")).toBe("b");
    let again = false;
    expect(gaps.contain("other part", "a.ts", () => (again = true))).toBeUndefined();
    expect(again).toBe(false);
    expect(gaps.list()).toEqual([
      { file: "a.ts", rule: "(model)", cause: FILE_BUDGET_CAUSE },
    ]);
  });

  it("sums a file's time over the parts that work on it", () => {
    const clock = fakeClock();
    const gaps = new AnalysisGaps();
    gaps.budget = new AnalysisBudget({ fileMs: 1000, scanMs: 60_000 }, clock.now);
    const work = () => {
      clock.t += 600;
      checkBudget();
      return "done";
    };
    expect(gaps.contain("surface", "a.ts", work)).toBe("done");
    expect(gaps.contain("routes", "b.ts", work)).toBe("done");
    expect(gaps.contain("flow", "a.ts", work)).toBeUndefined();
    expect(gaps.budget.stoppedFiles()).toEqual(new Map([["a.ts", 1200]]));
  });

  it("charges a nested unit to its own file, not the one around it", () => {
    const clock = fakeClock();
    const gaps = new AnalysisGaps();
    const budget = (gaps.budget = new AnalysisBudget({ fileMs: 1000, scanMs: 60_000 }, clock.now));
    const outer = gaps.contain("prompts", "a.ts", () => {
      clock.t += 100;
      const inner = gaps.contain("flow", "b.ts", () => {
        clock.t += 2000;
        checkBudget();
        return "inner";
      });
      clock.t += 100;
      checkBudget();
      return `outer, inner ${inner ?? "stopped"}`;
    });
    expect(outer).toBe("outer, inner stopped");
    expect(budget.spentOn("a.ts")).toBe(200);
    expect(budget.spentOn("b.ts")).toBe(2000);
    expect([...budget.stoppedFiles().keys()]).toEqual(["b.ts"]);
  });

  it("bounds whole-project work by the scan's budget only, and past it skips every unit", () => {
    const clock = fakeClock();
    const gaps = new AnalysisGaps();
    const budget = (gaps.budget = new AnalysisBudget({ fileMs: 1000, scanMs: 5000 }, clock.now));
    let steps = 0;
    const templates = gaps.contain("templates", ".", () => {
      for (;;) {
        clock.t += 1000;
        checkBudget();
        steps++;
      }
    });
    expect(templates).toBeUndefined();
    expect(steps).toBe(4);
    expect(budget.scanStoppedAfter).toBe(5000);
    expect(gaps.contain("surface", "c.ts", () => "c")).toBeUndefined();
    expect(gaps.list()).toEqual([
      { file: ".", rule: "(model)", cause: SCAN_BUDGET_CAUSE },
    ]);
  });

  it("gives a file over 100,000 characters proportionally more time", () => {
    const clock = fakeClock();
    const gaps = new AnalysisGaps();
    const sizes: Record<string, number> = { "big.ts": 250_000, "small.ts": 4_000 };
    const budget = (gaps.budget = new AnalysisBudget({ fileMs: 1000, scanMs: 60_000 }, clock.now, (f) => sizes[f] ?? 0));
    const work = () => {
      clock.t += 2000;
      checkBudget();
      return "done";
    };
    expect(budget.limitOf("big.ts")).toBe(2500);
    expect(gaps.contain("routes", "big.ts", work)).toBe("done");
    expect(gaps.contain("routes", "small.ts", work)).toBeUndefined();
    expect([...budget.stoppedFiles().keys()]).toEqual(["small.ts"]);
  });

  it("checks nothing outside a unit of work", () => {
    const clock = fakeClock();
    const budget = new AnalysisBudget({ fileMs: 1, scanMs: 1 }, clock.now);
    clock.t += 10;
    expect(() => checkBudget()).not.toThrow();
    expect(budget.run(".", () => 1)).toBe(1);
  });
});

describe("the evaluator's guard looks at the clock", () => {
  it(`every ${BUDGET_CHECK_EVERY} keys: a question past its file's time is abandoned, and the guard answers afresh afterwards`, () => {
    const clock = fakeClock();
    const gaps = new AnalysisGaps();
    gaps.budget = new AnalysisBudget({ fileMs: 1000, scanMs: 60_000 }, clock.now);
    const guard = new EvalGuard(50_000, 100_000);
    const memo = new Memo<number, number>(true);
    let computed = 0;
    // One question over 2,000 keys, each one millisecond.
    const leaf = (n: number) =>
      guard.run(memo, n, "a.ts", -1, false, () => {
        computed++;
        clock.t += 1;
        return n;
      });
    const total = () =>
      guard.run(memo, 0, "a.ts", -1, false, () => {
        let sum = 0;
        for (let n = 1; n <= 2000; n++) sum += leaf(n);
        return sum;
      });
    expect(gaps.contain("part", "a.ts", total)).toBeUndefined();
    const beforeStop = computed;
    expect(beforeStop).toBeGreaterThanOrEqual(1000);
    expect(beforeStop).toBeLessThanOrEqual(1000 + BUDGET_CHECK_EVERY);
    expect(gaps.list()).toEqual([{ file: "a.ts", rule: "(model)", cause: FILE_BUDGET_CAUSE }]);

    // Nothing is left half open (a key still "being computed" would answer -1, a cycle);
    // the keys answered before the stop hold, the rest are computed now.
    computed = 0;
    expect(total()).toBe((2000 * 2001) / 2);
    expect(beforeStop + computed).toBe(2000);
  });

  it("throws BudgetExceeded, which names its cause", () => {
    expect(new BudgetExceeded("file").message).toBe(FILE_BUDGET_CAUSE);
    expect(new BudgetExceeded("scan").message).toBe(SCAN_BUDGET_CAUSE);
  });
});

describe("config", () => {
  it("takes positive whole milliseconds and nothing else under budgets", () => {
    expect(configSchema.parse({ budgets: { fileMs: 2000, scanMs: 300_000 } }).budgets).toEqual({ fileMs: 2000, scanMs: 300_000 });
    expect(configSchema.parse({}).budgets).toBeUndefined();
    expect(configSchema.safeParse({ budgets: { fileMs: 0 } }).success).toBe(false);
    expect(configSchema.safeParse({ budgets: { fileMs: 1.5 } }).success).toBe(false);
    expect(configSchema.safeParse({ budgets: { file: 1000 } }).success).toBe(false);
  });
});

describe("aigis inventory", () => {
  it("is bounded by the same budgets: out of time, it is empty and says why; in time, it names only real gaps", async () => {
    const dir = appWith("nextjs-leaky", { [SLOW]: OPEN_ROUTE, "public/vendor.js": `var a=${"1+".repeat(30_000)}1;\n` });
    const full = await inventory({ target: dir, budget: { now: fakeClock().now } });
    expect(full.callSites.map((c) => c.file)).toContain(SLOW);
    expect(full.warnings.map((w) => w.file)).toEqual(["public/vendor.js"]);

    // A clock that moves 10 ms each time it is read: the 1 ms scan budget is gone at the first check.
    let t = 0;
    const none = await inventory({ target: dir, budget: { scanMs: 1, now: () => (t += 10) } });
    expect(none.callSites).toEqual([]);
    expect(none.aiRoutes).toEqual([]);
    expect(none.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining(SCAN_BUDGET_CAUSE));
  }, 60_000);
});
