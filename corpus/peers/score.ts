/**
 * `npm run peers -- --semgrep <dir> --codeql <dir>`: aigis on the peers' own test files (the
 * suites in `suites.json`): prompt injection into instructions (PI-1), and CodeQL's missing
 * rate limiting made into AI routes (RL-1, see `ai-routes.ts`). Each file is scanned
 * alone, in a temporary project that depends on the usual AI SDKs, and the findings of the
 * suite's checklist item are held against the lines the peer's annotations expect. Prints
 * recall and precision per file and per suite, then every miss and every false alarm.
 *
 * A measure, not a gate: it exits 0 whatever the figures, 2 on a usage error. The peers'
 * files are read from the folders given (a checkout, or any folder holding their paths);
 * nothing of theirs is kept in this repository.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fg from "fast-glob";
import { z } from "zod";
import { scan } from "../../src/engine/scan.js";
import { CORPUS_SOURCE_DIR } from "../manifest.js";
import { loadTypeScript } from "../../src/facts/typescript.js";
import { makeAiRoutes } from "./ai-routes.js";
import { AnnotationStyle, readExpectations } from "./annotations.js";
import { addScores, matchFindings, NO_SCORE, peerPrecision, peerRecall, scoreOf, type PeerScore } from "./match.js";

const Suite = z.object({
  name: z.string(),
  option: z.string().startsWith("--"),
  repo: z.string(),
  files: z.array(z.string()).min(1),
  annotation: AnnotationStyle,
  /** Lines a finding may sit from the line expected, when not the suites' default. */
  lineTolerance: z.number().int().nonnegative().optional(),
  /** The checklist item scored, when not the suites' default. */
  checklistItem: z.string().optional(),
  /** `ai-routes`: every `(req, res)` handler is given a model call before the scan. */
  transform: z.literal("ai-routes").optional(),
  /** Files the tests import (`./rateLimit`), copied next to each scanned file under `as`. */
  supportFiles: z.array(z.object({ from: z.string(), as: z.string() })).default([]),
  /**
   * Handlers the peer's rule does not call expensive: after the transform they are AI routes
   * on which the peer gives no verdict, so findings on the lines naming them are not scored.
   */
  unscoredHandlers: z.array(z.string()).default([]),
  $comment: z.string().optional(),
});
type Suite = z.infer<typeof Suite>;

const Suites = z.object({
  checklistItem: z.string(),
  lineTolerance: z.number().int().nonnegative(),
  projectDependencies: z.array(z.string()),
  suites: z.array(Suite).min(1),
});
type Suites = z.infer<typeof Suites>;

export function readSuites(file = path.join(CORPUS_SOURCE_DIR, "peers", "suites.json")): Suites {
  return Suites.parse(JSON.parse(readFileSync(file, "utf8")));
}

class UsageError extends Error {}

/** Which folder each chosen suite is read from, by its command-line option (one folder may serve several suites). */
export function parseArgs(argv: readonly string[], suites: readonly Suite[]): Map<Suite, string> {
  const chosen = new Map<Suite, string>();
  for (let i = 0; i < argv.length; i++) {
    const named = suites.filter((s) => s.option === argv[i]);
    if (!named.length) throw new UsageError(`unknown argument ${argv[i]}`);
    const dir = argv[++i];
    if (!dir || dir.startsWith("--")) throw new UsageError(`${argv[i - 1]} needs a folder`);
    for (const suite of named) chosen.set(suite, path.resolve(dir));
  }
  if (!chosen.size) throw new UsageError("nothing to score");
  return chosen;
}

interface PeerFinding {
  line: number;
  endLine: number;
  ruleId: string;
  message: string;
}

interface FileResult {
  file: string;
  score: PeerScore;
  misses: number[];
  falseAlarms: PeerFinding[];
  /** Findings on lines the peer gives no verdict on (`unscoredHandlers`): shown, not counted. */
  unscored?: PeerFinding[];
  /** The file's lines, to show what was missed or flagged. */
  lines: string[];
  error?: string;
}

const itemOf = (suite: Suite, suites: Suites) => suite.checklistItem ?? suites.checklistItem;

/** Scans one peer file alone, in a temporary project of its own (with the support files it imports). */
async function findingsIn(text: string, ext: string, suite: Suite, suites: Suites, support: ReadonlyMap<string, string>): Promise<PeerFinding[]> {
  const project = mkdtempSync(path.join(tmpdir(), "aigis-peers-"));
  // A neutral name: the peers' names (`openai_test.js`) could read as test files, which are not app code.
  const name = `app${ext}`;
  const item = itemOf(suite, suites);
  try {
    const dependencies = Object.fromEntries(suites.projectDependencies.map((d) => [d, "*"]));
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "peer-test-case", private: true, dependencies }, null, 2));
    for (const [as, supportText] of support) writeFileSync(path.join(project, as), supportText);
    writeFileSync(path.join(project, name), text);
    const result = await scan({ target: project });
    return result.findings
      .filter((f) => f.file === name && f.checklist.includes(item as (typeof f.checklist)[number]))
      .map((f) => ({ line: f.line, endLine: f.endLine, ruleId: f.ruleId, message: f.message }));
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

/**
 * Lines whose findings are not scored: those naming only handlers the peer does not call
 * expensive (whole words, outside the lines it expects reported).
 */
export function unscoredLines(text: string, handlers: readonly string[], expected: readonly number[]): Set<number> {
  const unscored = new Set<number>();
  if (!handlers.length) return unscored;
  text.split(/\r?\n/).forEach((line, index) => {
    const words = new Set(line.replace(/\/\/.*$/, "").match(/[A-Za-z_$][\w$]*/g) ?? []);
    if (handlers.some((h) => words.has(h)) && !expected.includes(index + 1)) unscored.add(index + 1);
  });
  return unscored;
}

async function scoreFile(root: string, rel: string, suite: Suite, suites: Suites): Promise<FileResult> {
  const text = readFileSync(path.join(root, rel), "utf8");
  const lines = text.split(/\r?\n/);
  const { expected } = readExpectations(text, suite.annotation);
  try {
    const scanned = suite.transform === "ai-routes" ? makeAiRoutes(await loadTypeScript(), text, rel).text : text;
    const support = new Map(suite.supportFiles.map((s) => [s.as, readFileSync(path.join(root, s.from), "utf8")] as const));
    const unscored = unscoredLines(text, suite.unscoredHandlers, expected);
    const all = await findingsIn(scanned, path.extname(rel), suite, suites, support);
    const findings = all.filter((f) => !unscored.has(f.line));
    const match = matchFindings(expected, findings, suite.lineTolerance ?? suites.lineTolerance);
    const misses = match.expected.filter((e) => !e.findings.length).map((e) => e.line);
    return { file: rel, score: scoreOf(match), misses, falseAlarms: match.falseAlarms, unscored: all.filter((f) => unscored.has(f.line)), lines };
  } catch (error) {
    // A scan that fails finds nothing: every expected line is a miss, and the error is shown.
    const score = { ...NO_SCORE, expected: new Set(expected).size };
    return { file: rel, score, misses: [...new Set(expected)].sort((a, b) => a - b), falseAlarms: [], lines, error: (error as Error).message };
  }
}

function suiteFiles(root: string, suite: Suite): string[] {
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${suite.option}: ${root} is not a folder`);
  const files = fg.sync(suite.files, { cwd: root, onlyFiles: true, dot: false }).sort();
  if (!files.length) throw new UsageError(`${suite.option}: no file in ${root} matches ${suite.files.join(", ")} (a checkout of ${suite.repo}?)`);
  return files;
}

const ratio = (r: number | undefined) => (r === undefined ? "-" : r.toFixed(2));

function row(name: string, s: PeerScore): string {
  const cells = [s.expected, s.found, ratio(peerRecall(s)), s.findings, s.falseAlarms, ratio(peerPrecision(s))].map((c) => String(c).padStart(9));
  return `${name.padEnd(44)}${cells.join("")}`;
}

const HEADER = `${"".padEnd(44)}${["expected", "found", "recall", "findings", "false+", "precision"].map((c) => c.padStart(9)).join("")}`;

function quote(lines: readonly string[], line: number): string {
  const text = (lines[line - 1] ?? "").trim().replace(/\s*\/\/.*$/, "");
  return text.length > 90 ? `${text.slice(0, 87)}...` : text;
}

function report(suite: Suite, results: readonly FileResult[], item: string): PeerScore {
  const total = results.reduce((sum, r) => addScores(sum, r.score), NO_SCORE);
  const out = [`\n${suite.name} (${suite.repo}): ${item}`, HEADER];
  for (const r of results) out.push(row(path.basename(r.file), r.score) + (r.error ? `  scan failed: ${r.error}` : ""));
  out.push(row(`${suite.name} total`, total));
  const misses = results.flatMap((r) => r.misses.map((line) => `  ${r.file}:${line}  ${quote(r.lines, line)}`));
  const alarms = results.flatMap((r) => r.falseAlarms.map((f) => `  ${r.file}:${f.line}  ${quote(r.lines, f.line)}  [${f.ruleId}]`));
  out.push(`\nMissed (${misses.length}):`, ...(misses.length ? misses : ["  none"]));
  out.push(`\nFalse alarms (${alarms.length}):`, ...(alarms.length ? alarms : ["  none"]));
  const unscored = results.flatMap((r) => (r.unscored ?? []).map((f) => `  ${r.file}:${f.line}  ${quote(r.lines, f.line)}  [${f.ruleId}]`));
  if (unscored.length) out.push(`\nNot scored (${unscored.length}, no verdict from the peer):`, ...unscored);
  process.stdout.write(out.join("\n") + "\n");
  return total;
}

async function main(argv: readonly string[]): Promise<void> {
  const suites = readSuites();
  let chosen: Map<Suite, string>;
  let files: Map<Suite, string[]>;
  try {
    chosen = parseArgs(argv, suites.suites);
    files = new Map([...chosen].map(([suite, root]) => [suite, suiteFiles(root, suite)]));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const options = [...new Set(suites.suites.map((s) => s.option))].map((o) => `[${o} <dir>]`).join(" ");
    process.stderr.write(`peers: ${error.message} (usage: node dist/corpus/peers/score.js ${options})\n`);
    process.exitCode = 2;
    return;
  }
  const totals: [string, string, PeerScore][] = [];
  for (const [suite, root] of chosen) {
    const results: FileResult[] = [];
    for (const rel of files.get(suite)!) results.push(await scoreFile(root, rel, suite, suites));
    totals.push([suite.name, itemOf(suite, suites), report(suite, results, itemOf(suite, suites))]);
  }
  // Totals per checklist item: a PI-1 figure and an RL-1 figure do not add up.
  for (const item of [...new Set(totals.map(([, i]) => i))]) {
    const ofItem = totals.filter(([, i]) => i === item);
    if (ofItem.length < 2) continue;
    const all = ofItem.reduce((sum, [, , s]) => addScores(sum, s), NO_SCORE);
    process.stdout.write(`\nAll suites: ${item}\n${HEADER}\n${ofItem.map(([n, , s]) => row(n, s)).join("\n")}\n${row("all", all)}\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    // A measure, not a gate: an unexpected failure is shown, and the exit stays 0.
    process.stderr.write(`peers: ${(error as Error).stack ?? String(error)}\n`);
  });
}
