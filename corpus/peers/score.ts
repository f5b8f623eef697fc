/**
 * `npm run peers -- --semgrep <dir> --codeql <dir>`: aigis on the peers' own test files for
 * prompt injection into instructions (the suites in `suites.json`). Each file is scanned
 * alone, in a temporary project that depends on the usual AI SDKs, and the findings of the
 * checklist item are held against the lines the peer's annotations expect. Prints recall
 * and precision per file and per suite, then every miss and every false alarm.
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
import { AnnotationStyle, readExpectations } from "./annotations.js";
import { addScores, matchFindings, NO_SCORE, peerPrecision, peerRecall, scoreOf, type PeerScore } from "./match.js";

const Suite = z.object({
  name: z.string(),
  option: z.string().startsWith("--"),
  repo: z.string(),
  files: z.array(z.string()).min(1),
  annotation: AnnotationStyle,
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

/** Which folder each chosen suite is read from, by its command-line option. */
export function parseArgs(argv: readonly string[], suites: readonly Suite[]): Map<Suite, string> {
  const chosen = new Map<Suite, string>();
  for (let i = 0; i < argv.length; i++) {
    const suite = suites.find((s) => s.option === argv[i]);
    if (!suite) throw new UsageError(`unknown argument ${argv[i]}`);
    const dir = argv[++i];
    if (!dir || dir.startsWith("--")) throw new UsageError(`${suite.option} needs a folder`);
    chosen.set(suite, path.resolve(dir));
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
  /** The file's lines, to show what was missed or flagged. */
  lines: string[];
  error?: string;
}

/** Scans one peer file alone, in a temporary project of its own. */
async function findingsIn(text: string, ext: string, suites: Suites): Promise<PeerFinding[]> {
  const project = mkdtempSync(path.join(tmpdir(), "aigis-peers-"));
  // A neutral name: the peers' names (`openai_test.js`) could read as test files, which are not app code.
  const name = `app${ext}`;
  try {
    const dependencies = Object.fromEntries(suites.projectDependencies.map((d) => [d, "*"]));
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "peer-test-case", private: true, dependencies }, null, 2));
    writeFileSync(path.join(project, name), text);
    const result = await scan({ target: project });
    return result.findings
      .filter((f) => f.file === name && f.checklist.includes(suites.checklistItem as (typeof f.checklist)[number]))
      .map((f) => ({ line: f.line, endLine: f.endLine, ruleId: f.ruleId, message: f.message }));
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

async function scoreFile(root: string, rel: string, suite: Suite, suites: Suites): Promise<FileResult> {
  const text = readFileSync(path.join(root, rel), "utf8");
  const lines = text.split(/\r?\n/);
  const { expected } = readExpectations(text, suite.annotation);
  try {
    const findings = await findingsIn(text, path.extname(rel), suites);
    const match = matchFindings(expected, findings, suites.lineTolerance);
    const misses = match.expected.filter((e) => !e.findings.length).map((e) => e.line);
    return { file: rel, score: scoreOf(match), misses, falseAlarms: match.falseAlarms, lines };
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
    const options = suites.suites.map((s) => `[${s.option} <dir>]`).join(" ");
    process.stderr.write(`peers: ${error.message} (usage: node dist/corpus/peers/score.js ${options})\n`);
    process.exitCode = 2;
    return;
  }
  const totals: [string, PeerScore][] = [];
  for (const [suite, root] of chosen) {
    const results: FileResult[] = [];
    for (const rel of files.get(suite)!) results.push(await scoreFile(root, rel, suite, suites));
    totals.push([suite.name, report(suite, results, suites.checklistItem)]);
  }
  if (totals.length > 1) {
    const all = totals.reduce((sum, [, s]) => addScores(sum, s), NO_SCORE);
    process.stdout.write(`\nAll suites: ${suites.checklistItem}\n${HEADER}\n${totals.map(([n, s]) => row(n, s)).join("\n")}\n${row("all", all)}\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    // A measure, not a gate: an unexpected failure is shown, and the exit stays 0.
    process.stderr.write(`peers: ${(error as Error).stack ?? String(error)}\n`);
  });
}
