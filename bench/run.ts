/**
 * The benchmark: how much a full scan costs next to the cheapest pass that could find
 * keys at all (the "floor": discover, read, run the key regexes), on a synthetic
 * monorepo and on any real directories named on the command line.
 *
 *   npm run bench                              synthetic repository (6,000 files)
 *   npm run bench -- <dir> [<dir>…]            those directories only
 *   npm run bench -- --synthetic <dir>…        both
 *   flags: --files N (synthetic size), --seed N, --runs N (default 5)
 *
 * Figures are medians of N runs after one warm-up, floor and scan interleaved in one
 * process. Peak RSS comes from a separate process that runs a single scan. Over-budget
 * figures are reported, never turned into a failing exit code.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { defaultConfig } from "../src/config/config.js";
import { DEFAULT_MAX_FILE_BYTES } from "../src/discover/defaults.js";
import { discover } from "../src/discover/discover.js";
import { scan } from "../src/engine/scan.js";
import { keyShapeRegexes } from "../src/facts/key-scanner.js";
import { generateRepo } from "./generate-repo.js";
import type { ScanOnceReport } from "./scan-once.js";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BUDGET_RATIO = 3;
const BUDGET_RSS_MB = 400;

/** A mistake on the command line: reported in one line, without a stack. */
class UsageError extends Error {}

interface Args {
  paths: string[];
  synthetic: boolean;
  files: number;
  seed: number;
  runs: number;
}

interface Target {
  label: string;
  dir: string;
  synthetic: boolean;
}

interface Row {
  target: Target;
  files: number;
  bytes: number;
  floorMs: number;
  readMs: number;
  scanMs: number;
  findings: number;
  child: ScanOnceReport;
  cli: { ms: number; exitCode: number };
  /** Median ms per rule (a rule that builds a shared model, such as the AI surface, pays for it). */
  ruleMs: Map<string, number>;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { paths: [], synthetic: false, files: 6000, seed: 42, runs: 5 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const number = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${arg} needs a positive whole number`);
      return n;
    };
    if (arg === "--files") args.files = number();
    else if (arg === "--runs") args.runs = number();
    else if (arg === "--seed") args.seed = number();
    else if (arg === "--synthetic") args.synthetic = true;
    else if (arg.startsWith("--")) throw new UsageError(`unknown flag ${arg} (flags: --files N, --runs N, --seed N, --synthetic)`);
    else args.paths.push(arg);
  }
  if (args.paths.length === 0) args.synthetic = true;
  return args;
}

function targets(args: Args): Target[] {
  const out: Target[] = [];
  if (args.synthetic) {
    const dir = join(REPO_ROOT, ".bench-cache", `synthetic-${args.files}-seed${args.seed}`);
    const began = performance.now();
    const repo = generateRepo(dir, { files: args.files, seed: args.seed });
    const how = repo.reused ? "reused" : `generated in ${(performance.now() - began).toFixed(0)} ms`;
    console.log(`synthetic repository: ${relative(process.cwd(), dir) || dir} (${repo.files} files, ${mb(repo.bytes)} MB, ${how}${repo.git ? "" : ", not a git work tree: git unavailable"})`);
    out.push({ label: `synthetic (${args.files})`, dir, synthetic: true });
  }
  for (const path of args.paths) {
    const dir = resolve(path);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`not a directory: ${path}`);
    out.push({ label: path, dir, synthetic: false });
  }
  return out;
}

interface FloorResult {
  files: number;
  bytes: number;
  matches: number;
  /** Discovery and reading only, before any regex ran. */
  readMs: number;
}

/**
 * The floor: the scan's own file list, each file read, every key-shape regex run over it.
 * All files are read before the regexes run, so one pass also yields the read-only time.
 */
async function floorPass(dir: string): Promise<FloorResult> {
  const began = performance.now();
  const config = defaultConfig();
  const discovery = await discover(dir, { ignore: config.ignore });
  const maxBytes = config.maxFileSize ?? DEFAULT_MAX_FILE_BYTES;
  let bytes = 0;
  const texts: string[] = [];
  for (const file of discovery.files) {
    const buffer = readFileSync(file.absPath);
    if (buffer.length > maxBytes) continue; // the scan skips these too
    bytes += buffer.length;
    texts.push(buffer.toString("utf8"));
  }
  const readMs = performance.now() - began;
  let matches = 0;
  for (const regex of keyShapeRegexes()) {
    for (const text of texts) {
      regex.lastIndex = 0;
      while (regex.exec(text)) matches++;
    }
  }
  return { files: texts.length, bytes, matches, readMs };
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  gc();
  const began = performance.now();
  const value = await work();
  return { ms: performance.now() - began, value };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function measure(target: Target, runs: number): Promise<Row> {
  process.stdout.write(`measuring ${target.label}: warm-up`);
  await floorPass(target.dir);
  await scan({ target: target.dir });
  const floors: number[] = [];
  const reads: number[] = [];
  const scans: number[] = [];
  const ruleTimes = new Map<string, number[]>();
  let floor: FloorResult | undefined;
  let findings = 0;
  let files = 0;
  let bytes = 0;
  // Interleaved, so that drift (thermal, page cache) hits both the same way.
  for (let i = 0; i < runs; i++) {
    const f = await timed(() => floorPass(target.dir));
    floors.push(f.ms);
    reads.push(f.value.readMs);
    floor = f.value;
    const s = await timed(() => scan({ target: target.dir, onRuleTimed: (id, ms) => ruleTimes.set(id, [...(ruleTimes.get(id) ?? []), ms]) }));
    scans.push(s.ms);
    ({ files, bytes } = s.value.stats);
    findings = s.value.findings.length;
    process.stdout.write(` ${i + 1}`);
  }
  process.stdout.write(", peak RSS, cold CLI\n");
  if (floor && floor.files !== files) console.log(`  note: the floor read ${floor.files} files, the scan ${files} (unreadable or binary files are skipped by the scan only)`);
  return { target, files, bytes, floorMs: median(floors), readMs: median(reads), scanMs: median(scans), findings, child: scanInChild(target.dir), cli: coldCli(target.dir), ruleMs: new Map([...ruleTimes].map(([id, ms]) => [id, median(ms)])) };
}

function scanInChild(dir: string): ScanOnceReport {
  const child = spawnSync(process.execPath, [join(REPO_ROOT, "dist/bench/scan-once.js"), dir], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`scan-once failed (exit ${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as ScanOnceReport;
}

/** `aigis scan` from a cold start, as a user runs it. Exit 1 only means "findings". */
function coldCli(dir: string): { ms: number; exitCode: number } {
  const began = performance.now();
  const child = spawnSync(process.execPath, [join(REPO_ROOT, "bin/aigis.js"), "scan", dir, "--format", "json", "--output", "/dev/null"], { encoding: "utf8" });
  const ms = performance.now() - began;
  if (child.status !== 0 && child.status !== 1) throw new Error(`aigis scan ${dir} failed (exit ${child.status}): ${child.stderr}`);
  return { ms, exitCode: child.status };
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

function table(rows: readonly Row[]): string {
  const header = ["target", "files", "MB", "floor ms", "scan ms", "files/s", "MB/s", "scan/floor", "peak RSS MB", "cold CLI ms", "findings", "read ms", "scan/read"];
  const lines = rows.map((row) => [
    row.target.label,
    String(row.files),
    mb(row.bytes),
    row.floorMs.toFixed(0),
    row.scanMs.toFixed(0),
    (row.files / (row.scanMs / 1000)).toFixed(0),
    (row.bytes / 1024 / 1024 / (row.scanMs / 1000)).toFixed(1),
    (row.scanMs / row.floorMs).toFixed(2),
    (row.child.maxRssKb / 1024).toFixed(0),
    row.cli.ms.toFixed(0),
    String(row.findings),
    row.readMs.toFixed(0),
    (row.scanMs / row.readMs).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [format(header), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map(format)].join("\n");
}

function budgets(rows: readonly Row[]): string[] {
  const out: string[] = [];
  for (const row of rows.filter((r) => r.target.synthetic)) {
    const ratio = row.scanMs / row.floorMs;
    const rss = row.child.maxRssKb / 1024;
    out.push(`${ratio <= BUDGET_RATIO ? "PASS" : "OVER"}  scan/floor ${ratio.toFixed(2)} (budget ≤ ${BUDGET_RATIO}) on ${row.target.label}`);
    out.push(`${rss <= BUDGET_RSS_MB ? "PASS" : "OVER"}  peak RSS ${rss.toFixed(0)} MB (budget ≤ ${BUDGET_RSS_MB} MB) on ${row.target.label}`);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`aigis bench: node ${process.version}, ${cpus().length} CPU(s), ${args.runs} run(s) + 1 warm-up per target${(globalThis as { gc?: unknown }).gc ? "" : " (no --expose-gc: runs are not separated by a GC)"}`);
  const rows: Row[] = [];
  for (const target of targets(args)) rows.push(await measure(target, args.runs));
  console.log(`\n${table(rows)}\n`);
  console.log("floor = discover + read + every key-shape regex (keyShapeRegexes(): prefix shapes as they are, context shapes gated on the context word on the same line; no keyword prefilter); read = the floor's discover + read part;");
  console.log("scan = await scan({ target }). All medians, same process.");
  console.log("peak RSS: one scan in a fresh process (dist/bench/scan-once.js); cold CLI: `aigis scan <dir> --format json --output /dev/null`, one run.");
  for (const row of rows) console.log(`  ${row.target.label}: child scan ${row.child.scanMs} ms (process ${row.child.processMs} ms), ${row.child.findings} findings; CLI exit ${row.cli.exitCode}`);
  for (const row of rows) {
    const costly = [...row.ruleMs].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`  ${row.target.label}, costliest rules (median ms; the first rule to need a shared model pays for it): ${costly.map(([id, ms]) => `${id} ${Math.round(ms)}`).join(", ")}`);
  }
  const checks = budgets(rows);
  if (checks.length) console.log(`\nbudgets:\n${checks.map((c) => `  ${c}`).join("\n")}`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof UsageError ? error.message : ((error as Error).stack ?? String(error))}`);
  process.exitCode = 1;
});
