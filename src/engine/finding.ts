/**
 * Findings as every reporter sees them: positions, a redacted snippet, a stable
 * fingerprint. Secrets are redacted here, once, before any reporter or log can see them.
 */
import { createHash } from "node:crypto";
import type { FileFacts } from "../facts/file-facts.js";
import type { ChecklistId } from "../checklist/items.js";
import type { FindingDraft, Rule, Severity } from "./rule.js";

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
}

const REDACTED = "********";
const SNIPPET_WIDTH = 160;

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
    // A data-flow finding's message ends with its path, so that every output (annotations included) shows it.
    message: draft.path?.length ? `${draft.message} Path: ${draft.path.map((p) => `${p.note} (${p.file}:${p.line})`).join(" → ")}.` : draft.message,
    fingerprint: hash(`${rule.meta.id}\0${file.relPath}\0${identity}`).slice(0, 32),
    snippet: redactedSnippet(file, start.line, start.column),
    fix: rule.meta.fix,
    ...(draft.related?.length ? { related: draft.related } : {}),
    ...(draft.path?.length ? { path: draft.path } : {}),
  };
}

function hash(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/**
 * The finding's line with every secret on it masked: provider keys keep only their
 * public prefix (`sk-proj-********`), secret-named env values are masked whole.
 */
export function redactedSnippet(file: FileFacts, line: number, column: number): string {
  const lineStart = file.lineStarts[line - 1] ?? 0;
  const text = file.lineText(line);
  const lineEnd = lineStart + text.length;
  const spans = file.secretSpans.filter((s) => s.end > lineStart && s.start < lineEnd);
  let out = "";
  let at = 0;
  for (const span of spans) {
    const from = Math.max(0, span.start - lineStart);
    const to = Math.min(text.length, span.end - lineStart);
    if (to <= at) continue;
    // An overlapping span never shows its prefix: the part before it is already masked.
    const visible = from >= at ? Math.min(span.visible, to - from) : 0;
    const begin = Math.max(from, at);
    out += text.slice(at, begin) + text.slice(begin, begin + visible) + REDACTED;
    at = to;
  }
  out += text.slice(at);
  return clip(out, column);
}

function clip(text: string, column: number): string {
  const trimmed = text.replace(/\s+$/, "");
  if (trimmed.length <= SNIPPET_WIDTH) return trimmed;
  const from = Math.max(0, Math.min(column - 1 - 40, trimmed.length - SNIPPET_WIDTH));
  return `${from > 0 ? "…" : ""}${trimmed.slice(from, from + SNIPPET_WIDTH)}…`;
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
