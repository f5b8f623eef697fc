/** `--format json`: exactly one JSON document. */
import type { ScanResult } from "../engine/scan.js";

export function formatJson(result: ScanResult): string {
  const { tool, findings, checklist, stats } = result;
  return `${JSON.stringify({ tool, findings, checklist, stats }, null, 2)}\n`;
}
