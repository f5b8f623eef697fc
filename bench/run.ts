/**
 * The benchmark: how much a full scan costs next to the cheapest pass that could find
 * keys at all (the "floor": discover, read, run the key regexes), on a synthetic
 * monorepo and on any real directories named on the command line.
 *
 *   npm run bench                              synthetic repository (6,000 files) + scaling rows
 *   npm run bench -- <dir> [<dir>…]            those directories only
 *   npm run bench -- --synthetic <dir>…        both
 *   flags: --files N (synthetic size), --seed N, --runs N (default 5), --no-scaling
 *
 * Figures are medians of N runs after one warm-up, floor and scan interleaved in one
 * process. Peak RSS comes from a separate process that runs a single scan; the secretlint
 * CLI runs once over the same file list. The slowest files come from the warm-up scan.
 * Scaling rows (1k–8k synthetic files, same seed) take at most 3 runs each. Over-budget
 * figures are reported, never turned into a failing exit code.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { join, relative, resolve } from "node:path";
import { performance, PerformanceObserver } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { defaultConfig } from "../src/config/config.js";
import { DEFAULT_MAX_FILE_BYTES } from "../src/discover/defaults.js";
import { discover } from "../src/discover/discover.js";
import { scan } from "../src/engine/scan.js";
import { keyShapeRegexes } from "../src/facts/key-scanner.js";
import { generateRepo } from "./generate-repo.js";
import { formatTable, median, scalingTable, scalingVerdict, slowestFiles, targetLine, TARGETS, type ScalingRow, type SlowFile } from "./report.js";
import type { ScanOnceReport } from "./scan-once.js";
import { runSecretlintCli, type SecretlintRun } from "./secretlint-cli.js";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCALING_SIZES = [1000, 2000, 4000, 8000];
const SCALING_MAX_RUNS = 3;
const SLOW_FILES = 5;

/** A mistake on the command line: reported in one line, without a stack. */
class UsageError extends Error {}

interface Args {
  paths: string[];
  synthetic: boolean;
  files: number;
  seed: number;
  runs: number;
  scaling: boolean;
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
  /** Median garbage-collection pauses within a scan. */
  gcMs: number;
  findings: number;
  child: ScanOnceReport;
  cli: { ms: number; exitCode: number };
  secretlint: SecretlintRun;
  /** From the warm-up scan (the coldest, as a CLI run is). */
  slowFiles: SlowFile[];
  /** Median ms per rule (a rule that builds a shared model, such as the AI surface, pays for it). */
  ruleMs: Map<string, number>;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { paths: [], synthetic: false, files: 6000, seed: 42, runs: 5, scaling: true };
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
    else if (arg === "--no-scaling") args.scaling = false;
    else if (arg.startsWith("--")) throw new UsageError(`unknown flag ${arg} (flags: --files N, --runs N, --seed N, --synthetic, --no-scaling)`);
    else args.paths.push(arg);
  }
  if (args.paths.length === 0) args.synthetic = true;
  return args;
}

function targets(args: Args): Target[] {
  const out: Target[] = [];
  if (args.synthetic) out.push({ label: `synthetic (${args.files})`, dir: syntheticRepo(args.files, args.seed), synthetic: true });
  for (const path of args.paths) {
    const dir = resolve(path);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`not a directory: ${path}`);
    out.push({ label: path, dir, synthetic: false });
  }
  return out;
}

/** The cached synthetic tree of that size and seed, generated when missing. */
function syntheticRepo(files: number, seed: number): string {
  const dir = join(REPO_ROOT, ".bench-cache", `synthetic-${files}-seed${seed}`);
  const began = performance.now();
  const repo = generateRepo(dir, { files, seed });
  const how = repo.reused ? "reused" : `generated in ${(performance.now() - began).toFixed(0)} ms`;
  console.log(`synthetic repository: ${relative(process.cwd(), dir) || dir} (${repo.files} files, ${mb(repo.bytes)} MB, ${how}${repo.git ? "" : ", not a git work tree: git unavailable"})`);
  return dir;
}

interface FloorResult {
  files: number;
  bytes: number;
  matches: number;
  /** Discovery and reading only, before any regex ran. */
  readMs: number;
  /** Absolute paths of the files read (the secretlint CLI gets the same list). */
  paths: string[];
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
  const paths: string[] = [];
  for (const file of discovery.files) {
    const buffer = readFileSync(file.absPath);
    if (buffer.length > maxBytes) continue; // the scan skips these too
    bytes += buffer.length;
    texts.push(buffer.toString("utf8"));
    paths.push(file.absPath);
  }
  const readMs = performance.now() - began;
  let matches = 0;
  for (const regex of keyShapeRegexes()) {
    for (const text of texts) {
      regex.lastIndex = 0;
      while (regex.exec(text)) matches++;
    }
  }
  return { files: texts.length, bytes, matches, readMs, paths };
}

/**
 * Before each timed run, the previous run's garbage goes with a full mark-compact. Not with
 * `gc()` bare, V8's last-resort collection: scans after it ran partly cold again, as if the
 * warm-up had not happened (measured on the synthetic repository, same process, interleaved:
 * scan 905 ms after `gc()`, 746 ms after a mark-compact; floor 393 and 389 ms). The cold
 * start a user sees is the cold CLI column.
 */
const gc = (): void => (globalThis as { gc?: (options?: { type: "major" | "minor" }) => void }).gc?.({ type: "major" });

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  gc();
  const began = performance.now();
  const value = await work();
  return { ms: performance.now() - began, value };
}

/**
 * `timed`, plus the garbage collector's pauses during the work (the scavenger copying what
 * survives is a fifth of a large scan). The pauses are reported by the runtime a tick
 * after they happen: the records still queued are taken once the work is done.
 */
async function timedWithGc<T>(work: () => Promise<T>): Promise<{ ms: number; gcMs: number; value: T }> {
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  observer.observe({ entryTypes: ["gc"] });
  try {
    const { ms, value } = await timed(work);
    await new Promise((done) => setImmediate(done));
    for (const entry of observer.takeRecords()) gcMs += entry.duration;
    return { ms, gcMs, value };
  } finally {
    observer.disconnect();
  }
}

async function measure(target: Target, runs: number): Promise<Row> {
  process.stdout.write(`measuring ${target.label}: warm-up`);
  await floorPass(target.dir);
  const fileTimes: Array<[string, string, number]> = [];
  await scan({ target: target.dir, onFileRuleTimed: (file, rule, ms) => fileTimes.push([file, rule, ms]) });
  const floors: number[] = [];
  const reads: number[] = [];
  const scans: number[] = [];
  const gcPauses: number[] = [];
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
    const s = await timedWithGc(() => scan({ target: target.dir, onRuleTimed: (id, ms) => ruleTimes.set(id, [...(ruleTimes.get(id) ?? []), ms]) }));
    scans.push(s.ms);
    gcPauses.push(s.gcMs);
    ({ files, bytes } = s.value.stats);
    findings = s.value.findings.length;
    process.stdout.write(` ${i + 1}`);
  }
  process.stdout.write(", peak RSS, cold CLI");
  const child = scanInChild(target.dir);
  const cli = coldCli(target.dir);
  process.stdout.write(", secretlint CLI\n");
  const secretlint = runSecretlintCli(REPO_ROOT, target.dir, floor?.paths ?? []);
  if (floor && floor.files !== files) console.log(`  note: the floor read ${floor.files} files, the scan ${files} (unreadable or binary files are skipped by the scan only)`);
  return {
    target,
    files,
    bytes,
    floorMs: median(floors),
    readMs: median(reads),
    scanMs: median(scans),
    gcMs: median(gcPauses),
    findings,
    child,
    cli,
    secretlint,
    slowFiles: slowestFiles(fileTimes, SLOW_FILES),
    ruleMs: new Map([...ruleTimes].map(([id, ms]) => [id, median(ms)])),
  };
}

/** Scan and floor on synthetic trees of growing size: does the time per file stay flat? */
async function measureScaling(args: Args): Promise<ScalingRow[]> {
  const runs = Math.min(args.runs, SCALING_MAX_RUNS);
  console.log(`\nscaling rows: synthetic ${SCALING_SIZES.join("/")} files, seed ${args.seed}, ${runs} run(s) each after one floor pass (page cache; the process is warm by now)`);
  // All trees first, so that generating one does not disturb the timing of another.
  const dirs = SCALING_SIZES.map((size) => syntheticRepo(size, args.seed));
  const rows: ScalingRow[] = [];
  for (const dir of dirs) {
    process.stdout.write(`measuring ${relative(process.cwd(), dir) || dir}:`);
    await floorPass(dir);
    const floors: number[] = [];
    const scans: number[] = [];
    let files = 0;
    for (let i = 0; i < runs; i++) {
      floors.push((await timed(() => floorPass(dir))).ms);
      const s = await timed(() => scan({ target: dir }));
      scans.push(s.ms);
      files = s.value.stats.files;
      process.stdout.write(` ${i + 1}`);
    }
    process.stdout.write("\n");
    rows.push({ files, scanMs: median(scans), floorMs: median(floors) });
  }
  return rows;
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
  const header = ["target", "files", "MB", "floor ms", "scan ms", "files/s", "MB/s", "scan/floor", "peak RSS MB", "cold CLI ms", "secretlint ms", "scan/secretlint", "findings", "read ms", "scan/read"];
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
    row.secretlint.ok ? row.secretlint.ms.toFixed(0) : "n/a",
    row.secretlint.ok ? (row.scanMs / row.secretlint.ms).toFixed(2) : "n/a",
    String(row.findings),
    row.readMs.toFixed(0),
    (row.scanMs / row.readMs).toFixed(2),
  ]);
  return formatTable(header, lines);
}

/** The issue-11 targets, next to what this run measured. */
function targetChecks(rows: readonly Row[], scaling: readonly ScalingRow[]): string[] {
  const out: string[] = [];
  for (const row of rows) {
    const label = row.target.label;
    const ratio = row.scanMs / row.floorMs;
    const limit = row.target.synthetic ? TARGETS.syntheticScanPerFloor : TARGETS.realScanPerFloor;
    out.push(targetLine(ratio <= limit, `scan/floor ${ratio.toFixed(2)} (target ≤ ${limit}) on ${label}`));
    if (!row.target.synthetic) {
      if (row.secretlint.ok) {
        const sl = row.secretlint.ms;
        out.push(targetLine(row.cli.ms <= sl, `aigis CLI ${row.cli.ms.toFixed(0)} ms vs secretlint CLI ${sl.toFixed(0)} ms, both cold processes (target ≤ secretlint; in-process scan ${row.scanMs.toFixed(0)} ms, ${(row.scanMs / sl).toFixed(2)}×) on ${label}`));
      } else out.push(`n/a   aigis CLI ≤ secretlint CLI on ${label}: secretlint did not run (${row.secretlint.reason})`);
    }
    const rss = row.child.maxRssKb / 1024;
    out.push(targetLine(rss <= TARGETS.peakRssMb, `peak RSS ${rss.toFixed(0)} MB (target ≤ ${TARGETS.peakRssMb} MB) on ${label}`));
    const slowest = row.slowFiles[0];
    if (slowest) out.push(targetLine(slowest.ms < TARGETS.slowFileMs, `slowest file ${Math.round(slowest.ms)} ms of analysis (target < ${TARGETS.slowFileMs} ms per file) on ${label}`));
  }
  const verdict = scalingVerdict(scaling);
  if (verdict) out.push(targetLine(verdict.flat, `scaling: ${verdict.text}`));
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`aigis bench: node ${process.version}, ${cpus().length} CPU(s), ${args.runs} run(s) + 1 warm-up per target${(globalThis as { gc?: unknown }).gc ? "" : " (no --expose-gc: runs are not separated by a GC)"}`);
  const rows: Row[] = [];
  for (const target of targets(args)) rows.push(await measure(target, args.runs));
  const scaling = args.synthetic && args.scaling ? await measureScaling(args) : [];
  console.log(`\n${table(rows)}\n`);
  console.log("floor = discover + read + every key-shape regex (keyShapeRegexes(): prefix shapes as they are, context shapes gated on the context word on the same line; no keyword prefilter); read = the floor's discover + read part;");
  console.log("scan = await scan({ target }). All medians, same process, each run after a full mark-compact of the previous run's garbage.");
  console.log("peak RSS: one scan in a fresh process (dist/bench/scan-once.js); cold CLI: `aigis scan <dir> --format json --output /dev/null`, one run.");
  console.log("secretlint: the secretlint CLI, one cold run over the floor's file list (recommend preset, --format unix to a file); scan/secretlint = in-process scan / secretlint CLI wall.");
  for (const row of rows) console.log(`  ${row.target.label}: child scan ${row.child.scanMs} ms (process ${row.child.processMs} ms), ${row.child.findings} findings; CLI exit ${row.cli.exitCode}; ${describeSecretlint(row.secretlint)}`);
  for (const row of rows) {
    const costly = [...row.ruleMs].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`  ${row.target.label}, costliest rules (median ms; the first rule to need a shared model pays for it): ${costly.map(([id, ms]) => `${id} ${Math.round(ms)}`).join(", ")}`);
    console.log(`  ${row.target.label}, garbage collection: ${Math.round(row.gcMs)} ms of the scan's ${Math.round(row.scanMs)} ms (median pauses; mostly the scavenger copying syntax trees, which live to the end of the scan)`);
  }
  for (const row of rows) {
    console.log(`\n${row.target.label}, slowest files (parse + per-file rules, warm-up scan; ≥ ${TARGETS.slowFileMs} ms flagged):`);
    if (row.slowFiles.length === 0) console.log("  (no per-file timings)");
    for (const slow of row.slowFiles) console.log(`  ${slow.ms >= TARGETS.slowFileMs ? "SLOW" : "    "}  ${Math.round(slow.ms).toString().padStart(6)} ms  (parse ${Math.round(slow.parseMs).toString().padStart(6)} ms)  ${slow.file}`);
  }
  if (scaling.length) {
    console.log(`\nscaling (synthetic, seed ${args.seed}, medians of ${Math.min(args.runs, SCALING_MAX_RUNS)} run(s)):\n${scalingTable(scaling)}`);
    const verdict = scalingVerdict(scaling);
    if (verdict) console.log(verdict.text);
  }
  console.log(`\nissue-11 targets (reported, never an exit code):\n${targetChecks(rows, scaling).map((c) => `  ${c}`).join("\n")}`);
}

function describeSecretlint(run: SecretlintRun): string {
  if (!run.ok) return `secretlint not timed: ${run.reason}`;
  const processes = run.processes > 1 ? ` in ${run.processes} processes (file list split for the command line)` : "";
  return `secretlint ${run.version} ${run.ms.toFixed(0)} ms${processes}, ${run.findings} finding(s), exit ${run.exitCode}`;
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof UsageError ? error.message : ((error as Error).stack ?? String(error))}`);
  process.exitCode = 1;
});
