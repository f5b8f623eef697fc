/**
 * Pure pieces of the benchmark's report: table layout, the slowest files, the scaling
 * verdict and the issue-11 targets. No timing happens here, so all of it is testable.
 */

/** Issue-11 targets. Over budget is reported, never an exit code. */
export const TARGETS = {
  syntheticScanPerFloor: 2,
  realScanPerFloor: 4,
  peakRssMb: 400,
  slowFileMs: 1000,
  /** ms per file of the largest scaling row, at most this many times that of the smallest. */
  scalingGrowth: 1.5,
} as const;

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A fixed-width table: the first column left-aligned, the others right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const format = (cells: readonly string[]) =>
    widths
      .map((w, i) => (i === 0 ? (cells[i] ?? "").padEnd(w) : (cells[i] ?? "").padStart(w)))
      .join("  ")
      .trimEnd();
  return [format(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(format)].join("\n");
}

export interface SlowFile {
  file: string;
  /** Parse plus per-file rule time. */
  ms: number;
  parseMs: number;
}

/**
 * The files with the most analysis time, from `onFileRuleTimed` calls. A parse paid inside
 * a per-file rule is in that rule's time and in "(parse)" too, so the sum is an upper bound.
 * Ties break on the path, so the listing is stable.
 */
export function slowestFiles(calls: Iterable<readonly [file: string, ruleId: string, ms: number]>, count: number): SlowFile[] {
  const byFile = new Map<string, SlowFile>();
  for (const [file, ruleId, ms] of calls) {
    const entry = byFile.get(file) ?? { file, ms: 0, parseMs: 0 };
    entry.ms += ms;
    if (ruleId === "(parse)") entry.parseMs += ms;
    byFile.set(file, entry);
  }
  return [...byFile.values()].sort((a, b) => b.ms - a.ms || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)).slice(0, count);
}

export interface ScalingRow {
  files: number;
  scanMs: number;
  floorMs: number;
}

export interface ScalingVerdict {
  flat: boolean;
  /** ms per file of the largest row divided by that of the smallest. */
  growth: number;
  text: string;
}

/** Does the scan's time per file stay flat from the smallest row to the largest? */
export function scalingVerdict(rows: readonly ScalingRow[], limit: number = TARGETS.scalingGrowth): ScalingVerdict | undefined {
  if (rows.length < 2) return undefined;
  const bySize = [...rows].sort((a, b) => a.files - b.files);
  const small = bySize[0]!;
  const large = bySize[bySize.length - 1]!;
  const perFile = (row: ScalingRow) => row.scanMs / row.files;
  const growth = perFile(large) / perFile(small);
  const flat = growth <= limit;
  const text = `ms/file at ${large.files} files is ${growth.toFixed(2)}× that at ${small.files} (${perFile(large).toFixed(3)} vs ${perFile(small).toFixed(3)}): ${flat ? "flat" : "grows"} (target ≤ ${limit}×)`;
  return { flat, growth, text };
}

export function scalingTable(rows: readonly ScalingRow[]): string {
  return formatTable(
    ["files", "scan ms", "floor ms", "ms/file", "scan/floor"],
    rows.map((r) => [String(r.files), r.scanMs.toFixed(0), r.floorMs.toFixed(0), (r.scanMs / r.files).toFixed(3), (r.scanMs / r.floorMs).toFixed(2)]),
  );
}

/** One line of the targets list: PASS or OVER, then what was measured against what. */
export function targetLine(ok: boolean, text: string): string {
  return `${ok ? "PASS" : "OVER"}  ${text}`;
}

/** Count the findings in secretlint's `unix` format output (`path:line:col: message [Error/rule]`). */
export function countUnixFindings(output: string): number {
  return output.split("\n").filter((line) => /:\d+:\d+: /.test(line)).length;
}

/** Split arguments into chunks whose joined length stays under `maxChars` (command lines are bounded). */
export function chunkArgs(args: readonly string[], maxChars: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const arg of args) {
    if (current.length > 0 && length + arg.length + 1 > maxChars) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(arg);
    length += arg.length + 1;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
