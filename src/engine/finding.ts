/**
 * Findings as every reporter sees them: positions, a redacted snippet, a stable
 * fingerprint. Snippets are cut here, through `redaction.ts`, before any reporter or log
 * can see them.
 */
import { createHash } from "node:crypto";
import type { ChecklistId } from "../checklist/items.js";
import type { FindingDraft, Rule, Severity } from "./rule.js";
import { redactedSnippet } from "./redaction.js";
import type { FileWarning } from "../facts/file-facts.js";

export { redactedSnippet };

export interface Finding {
  ruleId: string;
  checklist: ChecklistId[];
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /** Stable across unrelated edits: rule, file and what was flagged (never the secret itself). */
  fingerprint: string;
  /** The flagged line, secrets masked, cut to a readable width. */
  snippet: string;
  fix: string;
  related?: { file: string; line: number; note: string }[];
  /** For data-flow findings: where the data came from, the steps it took, where it ended. */
  path?: { file: string; line: number; note: string }[];
  /**
   * With `scan --history`, for a key: the commit that first added it, and where. `inTree`
   * false: the scanned files no longer hold it (`file`/`line` are then the finding's own).
   */
  history?: { commit: string; shortCommit: string; authorDate: string; file: string; line: number; inTree: boolean };
  /** From an advisory rule (a defence in depth, not a mistake): reports list these apart. */
  advisory?: true;
}

export function toFinding(rule: Rule, draft: FindingDraft, severity: Severity): Finding {
  const { file } = draft;
  const start = file.positionAt(draft.start);
  const end = file.positionAt(Math.max(draft.start, draft.end));
  const identity = draft.identity ?? hash(file.text.slice(draft.start, draft.end));
  return {
    ruleId: rule.meta.id,
    checklist: [...rule.meta.checklist],
    severity,
    file: file.relPath,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    message: messageWithPath(draft),
    fingerprint: hash(`${rule.meta.id}\0${file.relPath}\0${identity}`).slice(0, 32),
    snippet: redactedSnippet(file, start.line, start.column),
    fix: rule.meta.fix,
    ...(draft.related?.length ? { related: draft.related } : {}),
    ...(draft.path?.length ? { path: draft.path } : {}),
    ...(rule.meta.advisory ? { advisory: true as const } : {}),
  };
}

function hash(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/**
 * The same flagged text twice in one file (one key pasted in two places) would share a
 * fingerprint; the second and later get one of their own, in report order.
 */
export function disambiguateFingerprints(sorted: Finding[]): void {
  const seen = new Map<string, number>();
  for (const f of sorted) {
    const n = seen.get(f.fingerprint) ?? 0;
    seen.set(f.fingerprint, n + 1);
    if (n > 0) f.fingerprint = hash(`${f.fingerprint}#${n}`).slice(0, 32);
  }
}

/** Findings of one rule in one file past this many are counted in a warning, not listed. */
export const MAX_FINDINGS_PER_FILE_AND_RULE = 100;

/**
 * The first `limit` findings of each rule in each file (report order), and for each
 * (file, rule) past it one warning that says how many more there are.
 */
export function capPerFileAndRule(sorted: readonly Finding[], warnings: FileWarning[], limit = MAX_FINDINGS_PER_FILE_AND_RULE): Finding[] {
  const counts = new Map<string, number>();
  const listed: Finding[] = [];
  for (const f of sorted) {
    const key = `${f.file}\0${f.ruleId}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n <= limit) listed.push(f);
  }
  for (const [key, n] of counts) {
    if (n <= limit) continue;
    const [file, ruleId] = key.split("\0") as [string, string];
    warnings.push({ file, message: `${n - limit} more findings of rule ${ruleId} in this file not listed (${n} in all; the first ${limit} are listed)` });
  }
  return listed;
}

/** A data-flow finding's message ends with its path, so that every output (annotations, the editor) shows it. */
export function messageWithPath(draft: Pick<FindingDraft, "message" | "path">): string {
  return draft.path?.length ? `${draft.message} Path: ${draft.path.map((p) => `${p.note} (${p.file}:${p.line})`).join(" → ")}.` : draft.message;
}
