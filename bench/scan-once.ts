/**
 * One scan in a fresh process, for the benchmark's peak-RSS figure: nothing else (the
 * generator, the floor pass, earlier runs) has touched this heap.
 * Usage: node dist/bench/scan-once.js <target>; prints one JSON line.
 */
import { performance } from "node:perf_hooks";
import { scan } from "../src/engine/scan.js";

export interface ScanOnceReport {
  /** Peak resident set size of this process, in KB (`process.resourceUsage().maxRSS`). */
  maxRssKb: number;
  /** Wall time of `scan()` itself, module loading excluded. */
  scanMs: number;
  /** From process start to the end of the scan (module loading included). */
  processMs: number;
  files: number;
  bytes: number;
  findings: number;
}

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error("usage: node dist/bench/scan-once.js <target>");
  const began = performance.now();
  const result = await scan({ target });
  const ended = performance.now();
  const report: ScanOnceReport = {
    maxRssKb: process.resourceUsage().maxRSS,
    scanMs: Math.round(ended - began),
    processMs: Math.round(ended),
    files: result.stats.files,
    bytes: result.stats.bytes,
    findings: result.findings.length,
  };
  process.stdout.write(JSON.stringify(report) + "\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`scan-once: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
