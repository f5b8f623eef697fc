/**
 * What the ESLint plugin adds to an ESLint run, on real directories:
 *
 *   npm run bench:eslint -- <dir> [<dir>…] [--runs N]
 *
 * For each directory, N cold runs with the baseline config (typescript-eslint's parser and
 * ESLint's recommended rules) and N with the aigis plugin added, interleaved, each in a
 * process of its own (`eslint-run.ts`); then one more run with ESLint's `TIMING=all`,
 * whose table gives each aigis rule's own time. Medians. Targets (issue 14): the plugin
 * imports in ≤ 300 ms and adds ≤ 20 % to the run; reported, never an exit code.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { EslintRunReport } from "./eslint-run.js";
import { median } from "./report.js";

const RUNNER = fileURLToPath(new URL("./eslint-run.js", import.meta.url));
const MAX_ADDED = 0.2;
const MAX_IMPORT_MS = 300;

function run(dir: string, mode: "base" | "aigis", timing = false): { report: EslintRunReport; stdout: string } {
  const env = { ...process.env };
  if (timing) env.TIMING = "all";
  else delete env.TIMING;
  const child = spawnSync(process.execPath, [RUNNER, dir, mode], { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
  const line = child.stdout.split("\n").find((l) => l.startsWith("{"));
  if (child.status !== 0 || !line) throw new Error(`ESLint run failed on ${dir} (${mode}): ${child.stderr.trim().split("\n").pop() ?? `exit ${child.status}`}`);
  return { report: JSON.parse(line) as EslintRunReport, stdout: child.stdout };
}

/** Rule times from ESLint's TIMING table (`aigis/rule-id | 12.345 | 3.2%`). */
function ruleTimes(stdout: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of stdout.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const ms = Number(cells[1]);
    if (cells.length >= 3 && cells[0] && Number.isFinite(ms) && !cells[0].startsWith(":")) out.set(cells[0], ms);
  }
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  let runs = 5;
  const dirs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--runs") runs = Math.max(1, Number(args[++i]) || 5);
    else dirs.push(resolve(args[i]!));
  }
  if (dirs.length === 0) {
    process.stderr.write("usage: npm run bench:eslint -- <dir> [<dir>…] [--runs N]\n");
    process.exitCode = 2;
    return;
  }
  process.stdout.write(`aigis ESLint bench: node ${process.version}, ${runs} run(s) per config, each a fresh process\n\n`);
  const rows: string[] = [];
  const verdicts: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) throw new Error(`no such directory: ${dir}`);
    const base: number[] = [];
    const withAigis: number[] = [];
    const imports: number[] = [];
    let last: EslintRunReport | undefined;
    for (let i = 0; i < runs; i++) {
      base.push(run(dir, "base").report.ms);
      last = run(dir, "aigis").report;
      withAigis.push(last.ms);
      imports.push(last.importMs);
    }
    const timed = ruleTimes(run(dir, "aigis", true).stdout);
    const aigisRules = [...timed].filter(([id]) => id.startsWith("aigis/")).sort((a, b) => b[1] - a[1]);
    const aigisMs = aigisRules.reduce((n, [, ms]) => n + ms, 0);
    const allMs = [...timed.values()].reduce((n, ms) => n + ms, 0);
    const added = median(withAigis) / median(base) - 1;
    rows.push(
      [
        basename(dir).padEnd(40).slice(0, 40),
        String(last!.files).padStart(5),
        String(Math.round(median(base))).padStart(8),
        String(Math.round(median(withAigis))).padStart(8),
        `${(added * 100).toFixed(1)} %`.padStart(8),
        String(Math.round(median(imports))).padStart(9),
        String(Math.round(aigisMs)).padStart(9),
        `${((aigisMs / Math.max(allMs, 1)) * 100).toFixed(0)} %`.padStart(11),
        String(last!.aigisMessages).padStart(8),
        `  ${aigisRules.slice(0, 3).map(([id, ms]) => `${id.slice(6)} ${Math.round(ms)}`).join(", ")}`,
      ].join("  "),
    );
    verdicts.push(`  ${added <= MAX_ADDED ? "PASS" : "OVER"}  ${(added * 100).toFixed(1)} % added to the ESLint run (target ≤ ${MAX_ADDED * 100} %) on ${basename(dir)}`);
    verdicts.push(`  ${median(imports) <= MAX_IMPORT_MS ? "PASS" : "OVER"}  plugin import ${Math.round(median(imports))} ms (target ≤ ${MAX_IMPORT_MS} ms) on ${basename(dir)}`);
  }
  const header = ["directory".padEnd(40), "files", " base ms", "aigis ms", "   added", "import ms", "rules ms*", "rules share", "messages", "  costliest aigis rules (ms)"].join("  ");
  process.stdout.write(`${header}\n${"-".repeat(header.length + 20)}\n${rows.join("\n")}\n\n`);
  process.stdout.write("base = typescript-eslint parser + ESLint's recommended rules; aigis = the same + aigis/eslint-plugin's recommended config (the built entry).\n");
  process.stdout.write("* from one extra run with TIMING=all: the aigis rules' own time, and their share of all rule time (parsing is ESLint's, outside any rule).\n\n");
  process.stdout.write(`issue-14 targets (reported, never an exit code):\n${verdicts.join("\n")}\n`);
}

main();
