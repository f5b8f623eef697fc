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
  /** What follows `--`, if anything. */
  reason?: string;
}

// Each line's directive is read once per file: many findings on one long line cost one read.
const DIRECTIVES = new WeakMap<FileFacts, Map<number, Directive | null>>();

export function isSuppressed(file: FileFacts, line: number, ruleId: string): boolean {
  return suppressionOf(file, line, ruleId) !== undefined;
}

/** The directive that silences `ruleId` on this line, with its reason (`-- why`), or undefined. */
export function suppressionOf(file: FileFacts, line: number, ruleId: string): { reason?: string } | undefined {
  const here = directiveOn(file, line);
  if (matches(here, "line", ruleId)) return { ...(here!.reason ? { reason: here!.reason } : {}) };
  const above = line > 1 ? directiveOn(file, line - 1) : null;
  if (matches(above, "next-line", ruleId)) return { ...(above!.reason ? { reason: above!.reason } : {}) };
  return undefined;
}

function directiveOn(file: FileFacts, line: number): Directive | null {
  let lines = DIRECTIVES.get(file);
  if (!lines) DIRECTIVES.set(file, (lines = new Map()));
  let directive = lines.get(line);
  if (directive === undefined) {
    const text = file.lineText(line);
    const m = text.includes("aigis-disable-") ? DIRECTIVE.exec(text) : null;
    directive = m ? parseDirective(m[1]!, m[2]!) : null;
    lines.set(line, directive);
  }
  return directive;
}

function parseDirective(kind: string, rest: string): Directive {
  const cut = rest.indexOf("--");
  const ids = (cut < 0 ? rest : rest.slice(0, cut)).replace(/\*\/|-->/g, "").split(/[\s,]+/).filter(Boolean);
  // The comment's closing `*/` or `-->` is not part of the reason; the reason is the app's own text (printable, short).
  const reason = cut < 0 ? "" : rest.slice(cut + 2).replace(/\*\/\s*$|-->\s*$|\*\/\s*\}\s*$/, "").replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, 200);
  return { kind, ids, ...(reason ? { reason } : {}) };
}

function matches(directive: Directive | null, kind: "line" | "next-line", ruleId: string): boolean {
  if (!directive || directive.kind !== kind) return false;
  return directive.ids.length === 0 || directive.ids.includes(ruleId);
}
