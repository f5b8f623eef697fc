/**
 * Containment: one file whose code nests or chains very deeply (generated shapes that
 * used to overflow the stack in a recursive walk or in the compiler's parser) costs that
 * file only. Each shape is added to a copy of a leaky fixture app: every finding the app
 * had is still reported, the warning names the bad file, the rules and the cause, the
 * checklist items those rules evidence are marked incomplete (never `pass` or `n/a`), and
 * `--strict` turns it into exit 2.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../../src/engine/scan.js";
import { defineRule } from "../../src/engine/rule.js";
import { ALL_RULES } from "../../rules/index.js";
import { MAX_SYNTAX_DEPTH } from "../../src/facts/ast.js";
import { ensureBuilt, REPO_ROOT, runCli } from "../helpers/cli.js";

const APP = join(REPO_ROOT, "fixtures", "nextjs-leaky");
const BAD = "app/api/deep/route.ts";

/** A route handler that feeds the shape into a model call (so every AI rule wants its tree). */
function route(body: string, prompt: string): string {
  return [
    'import OpenAI from "openai";',
    "const openai = new OpenAI();",
    "export async function POST(req: Request) {",
    "  const body = await req.json();",
    body,
    `  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: ${prompt} }] });`,
    "  return Response.json(r);",
    "}",
    "",
  ].join("\n");
}

const times = (n: number, f: (i: number) => string, sep = "\n") => Array.from({ length: n }, (_, i) => f(i)).join(sep);

/** One term, link or level per line, so that none of them looks minified. */
const SHAPES: Array<{ name: string; code: () => string }> = [
  { name: "3,000-term + chain", code: () => route(`  const s = ${times(3000, () => "body.a", "\n    + ")};`, "s") },
  { name: "3,000-long member chain", code: () => route(`  const s = body${times(3000, () => "\n    .a", "")};`, "s") },
  { name: "3,000 chained const aliases", code: () => route(`  const a0 = body.x;\n${times(3000, (i) => `  const a${i + 1} = a${i};`)}`, "a3000") },
  { name: "1,000 nested calls", code: () => route(`  const s = ${"String(\n".repeat(1000)}body.x${")".repeat(1000)};`, "s") },
  { name: "800 nested parentheses", code: () => route(`  const s = ${"(".repeat(800)}body.x${")".repeat(800)};`, "s") },
  { name: "1,000 nested arrow functions", code: () => route(`  const f = ${"() =>\n".repeat(1000)}body.x;`, "f") },
  { name: "1,000 nested object literals", code: () => route(`  const o = ${"{ a:\n".repeat(1000)}body.x${" }".repeat(1000)};`, "o") },
  { name: "5,000-deep ternary", code: () => route(`  const s = ${times(5000, (i) => `body.c${i} ? body.v${i} :`, "\n    ")} body.x;`, "s") },
  { name: "3,000-long .then() chain", code: () => route(`  const s = await Promise.resolve(body.x)${"\n    .then((v) => v)".repeat(3000)};`, "s") },
];

const dirs: string[] = [];
let baseline: ScanResult;

function appWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "aigis-deep-"));
  dirs.push(dir);
  cpSync(APP, dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const key = (f: { ruleId: string; file: string; line: number; message: string }) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`;

beforeAll(async () => {
  baseline = await scan({ target: appWith({}) });
  // The app is leaky for project-wide rules too: losing them would show.
  expect(new Set(baseline.findings.map((f) => f.ruleId)).size).toBeGreaterThanOrEqual(10);
}, 60_000);

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("a deeply nested or chained file costs that file only", () => {
  for (const shape of SHAPES) {
    it(`${shape.name}: the app's findings all stand, no stack overflow escapes, tree depth ≤ ${MAX_SYNTAX_DEPTH} levels walked`, async () => {
      const result = await scan({ target: appWith({ [BAD]: shape.code() }) });
      const found = new Set(result.findings.map(key));
      for (const f of baseline.findings) expect(found, key(f)).toContain(key(f));

      // No rule lost the whole project: nothing is blamed on ".".
      expect(result.stats.warnings.filter((w) => w.file === ".")).toEqual([]);
      expect(result.stats.incomplete.filter((g) => g.file === ".")).toEqual([]);
      for (const w of result.stats.warnings) expect(w.file).toBe(BAD);

      // Where a file was not analysed, the warning and the checklist say which, why, and for which rules.
      if (result.stats.incomplete.length > 0) {
        const message = result.stats.warnings.map((w) => w.message).join("\n");
        expect(message).toMatch(/could not analyse this file \(/);
        expect(message).toMatch(/nest|stack/);
        for (const gap of result.stats.incomplete) {
          expect(gap.file).toBe(BAD);
          expect(message).toContain(gap.rule);
          const items = ALL_RULES.find((r) => r.meta.id === gap.rule)!.meta.checklist;
          for (const id of items) {
            const item = result.checklist.find((c) => c.id === id)!;
            expect(["fail", "incomplete"]).toContain(item.status);
            expect(item.incomplete?.some((g) => g.file === BAD && g.rules.includes(gap.rule))).toBe(true);
          }
        }
      }
    }, 60_000);
  }

  it(`a tree deeper than ${MAX_SYNTAX_DEPTH} levels is not analysed as code, and the items of the rules that needed it are incomplete, not pass or n/a`, async () => {
    const result = await scan({ target: appWith({ [BAD]: SHAPES[0]!.code() }) });
    expect(result.stats.warnings).toContainEqual({ file: BAD, message: expect.stringContaining(`not analysed as code (its syntax nests more than ${MAX_SYNTAX_DEPTH} levels deep)`) });
    const statuses = new Map(result.checklist.map((c) => [c.id, c.status]));
    // Items with no finding in the app itself, whose rules read the project's code.
    for (const id of ["OF-1", "OF-2", "EH-1"]) expect(statuses.get(id)).toBe("incomplete");
  }, 60_000);

  it("the compiler's parser running out of stack (1,000 nested calls) is reported as the file not analysed as code", async () => {
    const result = await scan({ target: appWith({ [BAD]: SHAPES[3]!.code() }) });
    const messages = result.stats.warnings.filter((w) => w.file === BAD).map((w) => w.message);
    expect(messages.join("\n")).toMatch(/not analysed as code \((the parser ran out of stack|its syntax nests more than)/);
  }, 60_000);
});

describe("a project rule that fails on one unit", () => {
  it("a rule failing outright is named with its cause and its item is incomplete (not n/a); other rules are unaffected", async () => {
    const broken = defineRule({
      ...ALL_RULES.find((r) => r.meta.id === "open-cors")!,
      checkProject() {
        throw new RangeError("Maximum call stack size exceeded");
      },
    });
    const rules = ALL_RULES.map((r) => (r.meta.id === "open-cors" ? broken : r));
    const result = await scan({ target: appWith({}), rules });
    expect(result.findings.map(key).sort()).toEqual(baseline.findings.map(key).sort());
    expect(result.stats.warnings).toContainEqual({ file: ".", message: expect.stringMatching(/^rule open-cors could not analyse this file \(stack overflow/) });
    expect(result.checklist.find((c) => c.id === "AU-4")?.status).toBe("incomplete");
  }, 60_000);

  it("a file rule failing on one file: that file only, named with the rule and the cause", async () => {
    const original = ALL_RULES.find((r) => r.meta.id === "hardcoded-provider-key")!;
    const flaky = defineRule({
      ...original,
      checkFile(file, context) {
        if (file.relPath === "lib/ai.ts") throw new TypeError("cannot read properties of undefined");
        original.checkFile!(file, context);
      },
    });
    const rules = ALL_RULES.map((r) => (r === original ? flaky : r));
    const result = await scan({ target: appWith({}), rules });
    const expected = baseline.findings.filter((f) => !(f.ruleId === "hardcoded-provider-key" && f.file === "lib/ai.ts"));
    expect(result.findings.map(key).sort()).toEqual(expected.map(key).sort());
    expect(result.stats.incomplete).toContainEqual({ file: "lib/ai.ts", rule: "hardcoded-provider-key", cause: "cannot read properties of undefined" });
    expect(result.checklist.find((c) => c.id === "AK-1")?.incomplete?.[0]).toMatchObject({ file: "lib/ai.ts", rules: ["hardcoded-provider-key"] });
  }, 60_000);
});

describe("the command line", () => {
  beforeAll(() => ensureBuilt());

  it("--strict exits 2 when a file could not be analysed; without it the findings decide; every format shows the incomplete items", async () => {
    const dir = appWith({ [BAD]: SHAPES[0]!.code() });
    const strict = await runCli(["scan", dir, "-f", "json", "--strict"]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/could not be fully analysed; checklist items incomplete: .*OF-1/);
    const report = JSON.parse(strict.stdout) as { checklist: Array<{ id: string; status: string; incomplete?: unknown[] }> };
    expect(report.checklist.find((c) => c.id === "OF-1")).toMatchObject({ status: "incomplete", incomplete: [expect.objectContaining({ file: BAD })] });

    const plain = await runCli(["scan", dir, "--no-color"]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/INCOMPLETE OF-1/);
    expect(plain.stdout).toContain(`incomplete: ${BAD}`);
    expect(plain.stdout).toMatch(/checklist: \d+ fail, \d+ incomplete/);

    const sarif = await runCli(["scan", dir, "-f", "sarif"]);
    expect(sarif.stdout).toContain('"status": "incomplete"');
    const github = await runCli(["scan", dir, "-f", "github"]);
    expect(github.stdout).toContain(`::warning file=${BAD}::`);
    expect(github.stdout).toMatch(/incomplete: .*OF-1/);
  }, 120_000);
});
