/**
 * Inline suppressions, in any comment syntax (`//`, `#`, `<!-- -->`):
 *   aigis-disable-next-line [rule-id, …] [-- reason]
 *   aigis-disable-line [rule-id, …] [-- reason]
 * Without rule ids, every rule is silenced on that line.
 */
import type { FileFacts } from "../facts/file-facts.js";

const DIRECTIVE = /aigis-disable-(next-line|line)\b([^\n]*)/;

export function isSuppressed(file: FileFacts, line: number, ruleId: string): boolean {
  return matches(file.lineText(line), "line", ruleId) || (line > 1 && matches(file.lineText(line - 1), "next-line", ruleId));
}

function matches(text: string, kind: "line" | "next-line", ruleId: string): boolean {
  if (!text.includes("aigis-disable-")) return false;
  const m = DIRECTIVE.exec(text);
  if (!m || m[1] !== kind) return false;
  const ids = m[2]!.split("--")[0]!.replace(/\*\/|-->/g, "").split(/[\s,]+/).filter(Boolean);
  return ids.length === 0 || ids.includes(ruleId);
}
