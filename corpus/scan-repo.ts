/**
 * One corpus repository scanned in a fresh process, so that its peak RSS is its own and a
 * hang can be killed without losing the other repositories' results.
 * Usage: node dist/corpus/scan-repo.js <tree> <out.json>
 * Writes `rule <id>` to stderr as each rule starts: a scan killed for its time budget
 * is reported with the rule it was in.
 */
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { scan } from "../src/engine/scan.js";
import type { ChecklistStatus } from "../src/checklist/evaluate.js";

export interface ScannedFinding {
  ruleId: string;
  checklist: string[];
  file: string;
  line: number;
  endLine: number;
  message: string;
  path?: { file: string; line: number }[];
}

export interface RepoScan {
  scanMs: number;
  maxRssKb: number;
  files: number;
  bytes: number;
  warnings: number;
  skipped: number;
  findings: ScannedFinding[];
  /** Each item's status, and where its evidence is (`file:line`, no notes: they may quote the scanned code). */
  checklist: { id: string; status: ChecklistStatus; evidence?: string[] }[];
  ruleMs: Record<string, number>;
  /** The costliest files: parse time plus per-file rule time (project-wide rules are in ruleMs). */
  slowFiles: { file: string; ms: number; parseMs: number }[];
}

const SLOW_FILES = 10;

export async function scanRepo(tree: string): Promise<RepoScan> {
  const ruleMs: Record<string, number> = {};
  const fileMs = new Map<string, number>();
  const parse = new Map<string, number>();
  const began = performance.now();
  const result = await scan({
    target: tree,
    // A corpus tree is the pinned commit's files without .git: a committed .env is tracked.
    committedSnapshot: true,
    onRuleStarted: (id) => process.stderr.write(`rule ${id}\n`),
    onRuleTimed: (id, ms) => (ruleMs[id] = Math.round(ms)),
    onFileRuleTimed: (file, rule, ms) => {
      if (rule === "(parse)") parse.set(file, ms);
      else fileMs.set(file, (fileMs.get(file) ?? 0) + ms);
    },
  });
  const scanMs = Math.round(performance.now() - began);
  const slowFiles = [...new Set([...fileMs.keys(), ...parse.keys()])]
    .map((file) => ({ file, ms: Math.round((fileMs.get(file) ?? 0) + (parse.get(file) ?? 0)), parseMs: Math.round(parse.get(file) ?? 0) }))
    .sort((a, b) => b.ms - a.ms || (a.file < b.file ? -1 : 1))
    .slice(0, SLOW_FILES);
  return {
    scanMs,
    maxRssKb: process.resourceUsage().maxRSS,
    files: result.stats.files,
    bytes: result.stats.bytes,
    warnings: result.stats.warnings.length,
    skipped: result.stats.skipped.length,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      checklist: [...f.checklist],
      file: f.file,
      line: f.line,
      endLine: f.endLine,
      message: f.message,
      ...(f.path ? { path: f.path.map((p) => ({ file: p.file, line: p.line })) } : {}),
    })),
    checklist: result.checklist.map((c) => ({ id: c.id, status: c.status, ...(c.evidence ? { evidence: c.evidence.map((e) => `${e.file}:${e.line}`) } : {}) })),
    ruleMs,
    slowFiles,
  };
}

async function main(): Promise<void> {
  const [tree, out] = process.argv.slice(2);
  if (!tree || !out) throw new Error("usage: node dist/corpus/scan-repo.js <tree> <out.json>");
  writeFileSync(out, JSON.stringify(await scanRepo(tree)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    process.stderr.write(`scan-repo: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
