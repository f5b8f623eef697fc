/**
 * `npm run corpus`: scan every pinned tree of the real-world corpus and hold the findings
 * against the labels. Prints precision and recall per rule and per checklist item, every
 * miss and every false alarm with its label's reason, the unlabelled findings to review,
 * time and peak RSS per repository and the slowest files; writes a JSON result and
 * compares it with the recorded previous run (`corpus/last-run.json`).
 *
 * Options:
 *   --only <owner/name,…>   these repositories only
 *   --timeout <seconds>     budget per repository (default 300); a scan over it is killed and reported
 *   --compare <file>        the run to compare with (default corpus/last-run.json)
 *   --record                write this run to corpus/last-run.json (commit it when closing an issue)
 *   --quiet-unlabelled      do not list unlabelled findings one by one
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { execFileSync } from "node:child_process";
import { pathToFileURL, fileURLToPath } from "node:url";
import { ALL_RULES } from "../rules/index.js";
import { CHECKLIST } from "../src/checklist/items.js";
import { TOOL_VERSION } from "../src/version.js";
import { CACHE_DIR, CORPUS_SOURCE_DIR, checkCorpus, readLabelFiles, readManifest, type Label, type ManifestEntry } from "./manifest.js";
import { materialise } from "./materialise.js";
import type { RepoScan } from "./scan-repo.js";
import { emptyTally, precision, precisionFloor, recall, scoreRepo, tally, type RuleCatalogue, type Tally } from "./score.js";
import { diffRuns, formatDiff } from "./diff.js";
import { formatAgreement, statusAgreement, type StatusAgreement } from "./statuses.js";

export type RepoStatus = "ok" | "timeout" | "failed" | "unavailable";

/** What a run records of one repository: enough to score it again and to diff two runs. */
export interface RepoResult {
  repo: string;
  commit: string;
  kind: ManifestEntry["kind"];
  status: RepoStatus;
  /** Why the scan did not finish (the rule it was in, the error). */
  problem?: string;
  wallMs: number;
  scanMs?: number;
  maxRssKb?: number;
  files?: number;
  bytes?: number;
  warnings?: number;
  ruleMs?: Record<string, number>;
  slowFiles?: RepoScan["slowFiles"];
  checklist?: RepoScan["checklist"];
  findings: { ruleId: string; checklist: string[]; file: string; line: number; message: string; verdict: string; label?: number }[];
  labels: (Label & { index: number; hit: boolean })[];
}

export interface CorpusRun {
  aigis: { version: string; commit?: string };
  date: string;
  repositories: RepoResult[];
  byRule: Record<string, Tally>;
  byItem: Record<string, Tally>;
  /** Checklist statuses against the labels' expected statuses, per item. */
  statuses?: StatusAgreement;
}

const DIST_DIR = path.dirname(fileURLToPath(import.meta.url));
const LAST_RUN = path.join(CORPUS_SOURCE_DIR, "last-run.json");

interface Options {
  only?: Set<string>;
  timeoutMs: number;
  compare?: string;
  record: boolean;
  listUnlabelled: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { timeoutMs: 300_000, record: false, listUnlabelled: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--only") options.only = new Set(value().split(",").filter(Boolean));
    else if (arg === "--timeout") options.timeoutMs = Number(value()) * 1000;
    else if (arg === "--compare") options.compare = value();
    else if (arg === "--record") options.record = true;
    else if (arg === "--quiet-unlabelled") options.listUnlabelled = false;
    else throw new Error(`unknown option ${arg}`);
  }
  if (!(options.timeoutMs > 0)) throw new Error("--timeout takes a number of seconds");
  return options;
}

/** Runs scan-repo in a child process with a time budget; the last rule it started names a hang. */
function scanInChild(tree: string, out: string, timeoutMs: number): Promise<{ status: RepoStatus; problem?: string; wallMs: number }> {
  const began = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(DIST_DIR, "scan-repo.js"), tree, out], { stdio: ["ignore", "ignore", "pipe"] });
    let lastRule = "";
    let errors = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) {
        if (line.startsWith("rule ")) lastRule = line.slice(5);
        else if (line.trim()) errors = (errors + line + "\n").slice(-2000);
      }
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const wallMs = Math.round(performance.now() - began);
      if (signal === "SIGKILL") resolve({ status: "timeout", problem: `over ${timeoutMs / 1000} s, in rule ${lastRule || "(loading)"}`, wallMs });
      else if (code !== 0) resolve({ status: "failed", problem: errors.trim().split("\n").slice(0, 3).join(" | ") || `exit ${code}`, wallMs });
      else resolve({ status: "ok", wallMs });
    });
  });
}

function aigisCommit(): string | undefined {
  try {
    return execFileSync("git", ["-C", CORPUS_SOURCE_DIR, "rev-parse", "--short=12", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

export function catalogue(): RuleCatalogue {
  return { checklistOf: new Map(ALL_RULES.map((r) => [r.meta.id, [...r.meta.checklist]])) };
}

async function runCorpus(options: Options): Promise<CorpusRun> {
  const manifest = readManifest();
  const labelFiles = readLabelFiles();
  const known = new Set<string>([...ALL_RULES.map((r) => r.meta.id), ...CHECKLIST.map((c) => c.id)]);
  const problems = checkCorpus(manifest, labelFiles, known);
  if (problems.length) throw new Error(`the corpus does not hold together:\n  ${problems.join("\n  ")}`);
  const cat = catalogue();
  const work = path.join(CACHE_DIR, "results", "scans");
  mkdirSync(work, { recursive: true });
  const repositories: RepoResult[] = [];
  const byRule = new Map<string, Tally>();
  const byItem = new Map<string, Tally>();
  const entries = manifest.repositories.filter((r) => !options.only || options.only.has(r.repo));
  for (const [i, entry] of entries.entries()) {
    const labels = labelFiles.get(entry.repo)?.labels ?? [];
    const base = { repo: entry.repo, commit: entry.commit, kind: entry.kind, findings: [], labels: labels.map((l, index) => ({ ...l, index, hit: false })) };
    process.stderr.write(`[${i + 1}/${entries.length}] ${entry.repo} … `);
    let tree: string;
    try {
      tree = (await materialise(entry)).dir;
    } catch (error) {
      process.stderr.write("unavailable\n");
      repositories.push({ ...base, status: "unavailable", problem: (error as Error).message, wallMs: 0 });
      continue;
    }
    const out = path.join(work, `${entry.repo.replace("/", "+")}.json`);
    const child = await scanInChild(tree, out, options.timeoutMs);
    if (child.status !== "ok") {
      process.stderr.write(`${child.status}: ${child.problem}\n`);
      repositories.push({ ...base, ...child });
      // Labels of a scan that did not finish are all missed: a hang is a loss, not a pass.
      tally(scoreRepo([], labels), cat, byRule, byItem);
      continue;
    }
    const scanned = JSON.parse(readFileSync(out, "utf8")) as RepoScan;
    const score = scoreRepo(scanned.findings, labels);
    tally(score, cat, byRule, byItem);
    process.stderr.write(`${(scanned.scanMs / 1000).toFixed(1)} s, ${scanned.findings.length} findings\n`);
    repositories.push({
      ...base,
      status: "ok",
      wallMs: child.wallMs,
      scanMs: scanned.scanMs,
      maxRssKb: scanned.maxRssKb,
      files: scanned.files,
      bytes: scanned.bytes,
      warnings: scanned.warnings,
      ruleMs: scanned.ruleMs,
      slowFiles: scanned.slowFiles,
      checklist: scanned.checklist,
      findings: score.findings.map((s) => ({
        ruleId: s.finding.ruleId,
        checklist: s.finding.checklist,
        file: s.finding.file,
        line: s.finding.line,
        message: s.finding.message,
        verdict: s.verdict,
        ...(s.label !== undefined ? { label: s.label } : {}),
      })),
      labels: score.labels.map((l) => ({ ...l.label, index: l.index, hit: l.hit })),
    });
  }
  const sortedRecord = (map: Map<string, Tally>, order: string[]) =>
    Object.fromEntries([...map].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b) || (a < b ? -1 : 1)));
  const statuses = statusAgreement(
    repositories.filter((r) => r.status !== "unavailable"),
    new Map(entries.map((e) => [e.repo, labelFiles.get(e.repo)?.checklist])),
    CHECKLIST.map((c) => c.id),
  );
  return {
    aigis: { version: TOOL_VERSION, commit: aigisCommit() },
    date: new Date().toISOString(),
    repositories,
    byRule: sortedRecord(byRule, ALL_RULES.map((r) => r.meta.id)),
    byItem: sortedRecord(byItem, CHECKLIST.map((c) => c.id)),
    statuses,
  };
}

const pct = (v: number | undefined) => (v === undefined ? "    -" : `${(v * 100).toFixed(0).padStart(4)}%`);

export function formatTable(title: string, rows: Record<string, Tally>): string {
  const head = `${title.padEnd(34)} labels+  found  recall | labels-  fired |   TP   FP unlab  prec  floor`;
  const lines = [head, "-".repeat(head.length)];
  const total = emptyTally();
  for (const [key, t] of Object.entries(rows)) {
    if (!t.positives && !t.negatives && !t.truePositives && !t.falsePositives && !t.unlabelled) continue;
    for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
    lines.push(row(key, t));
  }
  lines.push("-".repeat(head.length), row("all", total));
  return lines.join("\n");

  function row(key: string, t: Tally): string {
    return `${key.padEnd(34)} ${String(t.positives).padStart(7)} ${String(t.found).padStart(6)}  ${pct(recall(t))} | ${String(t.negatives).padStart(7)} ${String(t.negativesHit).padStart(6)} | ${String(t.truePositives).padStart(4)} ${String(t.falsePositives).padStart(4)} ${String(t.unlabelled).padStart(5)} ${pct(precision(t))} ${pct(precisionFloor(t))}`;
  }
}

function formatReport(run: CorpusRun, options: Options): string {
  const out: string[] = [];
  const ok = run.repositories.filter((r) => r.status === "ok");
  const labels = run.repositories.reduce((n, r) => n + r.labels.length, 0);
  out.push(`aigis ${run.aigis.version}${run.aigis.commit ? ` (${run.aigis.commit})` : ""} on ${run.repositories.length} repositories (${ok.length} scanned), ${labels} labels`);
  out.push("", formatTable("rule", run.byRule), "", formatTable("checklist item", run.byItem));
  out.push("", "recall: labelled findings found; fired: quiet labels where a finding fired; prec: TP/(TP+FP) over labelled findings; floor: TP over all findings (unlabelled counted as wrong)");

  out.push("", "## Missed (false negatives)");
  for (const r of run.repositories) {
    for (const l of r.labels.filter((l) => l.expect === "finding" && !l.hit)) out.push(`  ${l.id.padEnd(8)} ${r.repo} ${l.file}:${l.line}  ${l.why}`);
  }
  out.push("", "## False alarms (a finding where a label says quiet)");
  for (const r of run.repositories) {
    for (const f of r.findings.filter((f) => f.verdict === "false-positive")) {
      const label = r.labels[f.label!];
      out.push(`  ${f.ruleId.padEnd(32)} ${r.repo} ${f.file}:${f.line}  quiet because: ${label?.why}`);
    }
  }
  out.push("", "## Unlabelled findings to review");
  for (const r of run.repositories) {
    const unlabelled = r.findings.filter((f) => f.verdict === "unlabelled");
    if (!unlabelled.length) continue;
    if (!options.listUnlabelled || r.kind === "large") {
      const byRule = new Map<string, number>();
      for (const f of unlabelled) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
      out.push(`  ${r.repo}: ${[...byRule].map(([rule, n]) => `${rule} ×${n}`).join(", ")}`);
      continue;
    }
    for (const f of unlabelled) out.push(`  ${f.ruleId.padEnd(32)} ${r.repo} ${f.file}:${f.line}  ${f.message.slice(0, 140)}`);
  }
  out.push("", "## Time and memory per repository");
  out.push(`${"repository".padEnd(48)} status    files     MB   scan s  peak MiB  findings`);
  for (const r of run.repositories) {
    const mb = r.bytes !== undefined ? (r.bytes / 1e6).toFixed(1) : "-";
    const scan = r.scanMs !== undefined ? (r.scanMs / 1000).toFixed(1) : (r.wallMs / 1000).toFixed(1);
    const rss = r.maxRssKb !== undefined ? String(Math.round(r.maxRssKb / 1024)) : "-";
    out.push(`${r.repo.padEnd(48)} ${r.status.padEnd(8)} ${String(r.files ?? "-").padStart(6)} ${mb.padStart(6)} ${scan.padStart(8)} ${rss.padStart(9)} ${String(r.findings.length).padStart(9)}${r.problem ? `  ${r.problem}` : ""}`);
  }
  const slow = run.repositories.flatMap((r) => (r.slowFiles ?? []).map((f) => ({ ...f, repo: r.repo }))).sort((a, b) => b.ms - a.ms).slice(0, 15);
  out.push("", "## Slowest files (parse + per-file rules)");
  for (const f of slow) out.push(`  ${String(f.ms).padStart(6)} ms (parse ${f.parseMs})  ${f.repo} ${f.file}`);
  const ruleTotals = new Map<string, number>();
  for (const r of run.repositories) for (const [rule, ms] of Object.entries(r.ruleMs ?? {})) ruleTotals.set(rule, (ruleTotals.get(rule) ?? 0) + ms);
  out.push("", "## Costliest rules over the corpus");
  for (const [rule, ms] of [...ruleTotals].sort((a, b) => b[1] - a[1]).slice(0, 8)) out.push(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${rule}`);
  return out.join("\n");
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const run = await runCorpus(options);
  const resultsDir = path.join(CACHE_DIR, "results");
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `run-${run.date.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(run, null, 1));
  process.stdout.write(formatReport(run, options) + "\n");
  const compareWith = options.compare ?? (existsSync(LAST_RUN) ? LAST_RUN : undefined);
  const previous = compareWith ? (JSON.parse(readFileSync(compareWith, "utf8")) as CorpusRun) : undefined;
  if (run.statuses && Object.keys(run.statuses.byItem).length) process.stdout.write(`\n## Checklist statuses against the labels\n${formatAgreement(run.statuses, previous?.statuses?.byItem)}\n`);
  if (compareWith && previous) {
    process.stdout.write(`\n## Compared with ${path.relative(process.cwd(), compareWith)} (aigis ${previous.aigis.commit ?? previous.aigis.version}, ${previous.date.slice(0, 10)})\n`);
    process.stdout.write(formatDiff(diffRuns(previous, run, catalogue())) + "\n");
  }
  if (options.record) writeFileSync(LAST_RUN, recordedRun(run));
  process.stdout.write(`\nresult: ${file}${options.record ? `\nrecorded: ${path.relative(process.cwd(), LAST_RUN)}` : ""}\n`);
}

/**
 * What is committed of a run: locations and verdicts, one finding or label per line (so a
 * later run's diff reads well); no messages or reasons (messages can quote scanned code,
 * reasons are in the label files).
 */
function recordedRun(run: CorpusRun): string {
  const line = (value: unknown) => JSON.stringify(value);
  const repos = run.repositories.map((r) => {
    const { findings, labels, slowFiles, ...rest } = r;
    const head = JSON.stringify({ ...rest, slowFiles: slowFiles?.slice(0, 3) }).slice(0, -1);
    const fs = findings.map((f) => line({ ruleId: f.ruleId, checklist: f.checklist, file: f.file, line: f.line, verdict: f.verdict, ...(f.label !== undefined ? { label: f.label } : {}) }));
    const ls = labels.map((l) => line({ id: l.id, expect: l.expect, file: l.file, line: l.line, index: l.index, hit: l.hit }));
    return `  ${head},\n   "findings": [${fs.length ? `\n    ${fs.join(",\n    ")}\n   ` : ""}],\n   "labels": [${ls.length ? `\n    ${ls.join(",\n    ")}\n   ` : ""}]}`;
  });
  const { repositories: _omit, byRule, byItem, statuses, ...meta } = run;
  const agreement = statuses ? `\n "statuses": {"byItem": ${line(statuses.byItem)}, "disagreements": [${statuses.disagreements.map((d) => `\n  ${line({ repo: d.repo, id: d.id, expected: d.expected, got: d.got })}`).join(",")}]},` : "";
  return `{${JSON.stringify(meta).slice(1, -1)},\n "byRule": ${line(byRule)},\n "byItem": ${line(byItem)},${agreement}\n "repositories": [\n${repos.join(",\n")}\n ]\n}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    process.stderr.write(`corpus: ${(error as Error).message}\n`);
    process.exitCode = 2;
  });
}
