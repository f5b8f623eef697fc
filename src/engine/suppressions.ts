/**
 * Inline suppressions, in any comment syntax (`//`, `#`, `<!-- -->`):
 *   aigis-disable-next-line [rule-id, …] [-- reason]
 *   aigis-disable-line [rule-id, …] [-- reason]
 * Without rule ids, every rule is silenced on that line.
 */
import type { FileFacts } from "../facts/file-facts.js";

const DIRECTIVE = /aigis-disable-(next-line|line)\b([^\n]*)/;

interface Directive {
  kind: string;
  /** Empty: every rule. */
  ids: string[];
}

// Each line's directive is read once per file: many findings on one long line cost one read.
const DIRECTIVES = new WeakMap<FileFacts, Map<number, Directive | null>>();

export function isSuppressed(file: FileFacts, line: number, ruleId: string): boolean {
  return matches(directiveOn(file, line), "line", ruleId) || (line > 1 && matches(directiveOn(file, line - 1), "next-line", ruleId));
}

function directiveOn(file: FileFacts, line: number): Directive | null {
  let lines = DIRECTIVES.get(file);
  if (!lines) DIRECTIVES.set(file, (lines = new Map()));
  let directive = lines.get(line);
  if (directive === undefined) {
    const text = file.lineText(line);
    const m = text.includes("aigis-disable-") ? DIRECTIVE.exec(text) : null;
    directive = m ? { kind: m[1]!, ids: m[2]!.split("--")[0]!.replace(/\*\/|-->/g, "").split(/[\s,]+/).filter(Boolean) } : null;
    lines.set(line, directive);
  }
  return directive;
}

function matches(directive: Directive | null, kind: "line" | "next-line", ruleId: string): boolean {
  if (!directive || directive.kind !== kind) return false;
  return directive.ids.length === 0 || directive.ids.includes(ruleId);
}
