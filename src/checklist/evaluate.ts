/** Turns findings and what the rules judged into a status for every checklist item. */
import type { Finding } from "../engine/finding.js";
import type { Rule } from "../engine/rule.js";
import type { AnalysisGap } from "../model/gaps.js";
import { CHECKLIST, CHECKLIST_SECTIONS, type ChecklistId, type ChecklistItem } from "./items.js";

/**
 * `incomplete`: no finding, but a rule of the item could not analyse some file (see `incomplete` on the result).
 * `accepted`: no finding left, but some were suppressed in the code or accepted in the baseline (see `accepted`): a team's decision, never a pass.
 */
export type ChecklistStatus = "fail" | "pass" | "n/a" | "manual" | "incomplete" | "accepted";

/** A finding that was found and then accepted: by an inline suppression (with its reason, if one was given) or the baseline. */
export interface AcceptedFinding {
  finding: Finding;
  how: "suppressed" | "baselined";
  /** What the suppression gave after `--`. */
  reason?: string;
}

/** A place in the code that shows the item is taken care of. */
export interface ChecklistEvidence {
  rule: string;
  file: string;
  line: number;
  note: string;
}

/** How many evidence places an item lists (the count says how many there were). */
export const MAX_EVIDENCE = 20;

export interface Attestation {
  by: string;
  date: string;
  note?: string;
}

export interface ChecklistResult {
  id: ChecklistId;
  section: string;
  title: string;
  status: ChecklistStatus;
  /** Findings that count against the item (not suppressed, not in the baseline). */
  findings: number;
  /** How many subjects (files, env files, key reads…) its rules judged. */
  judged: number;
  /** Rules that evidence the item; empty when only a person can check it. */
  rules: string[];
  /** For manual items: what a person should check (first why code could not settle it, when a rule said). */
  manualCheck?: string;
  /** On a passing item whose code evidence can never be the whole answer: what a person should still check. */
  alsoCheck?: string;
  /** Where code shows the item is handled (sorted; at most MAX_EVIDENCE, `evidenceCount` says how many in all). */
  evidence?: ChecklistEvidence[];
  evidenceCount?: number;
  /** Files the item's rules could not analyse (also on a failing item: it may have more findings). */
  incomplete?: Array<{ file: string; rules: string[]; cause: string }>;
  /** For `accepted` items: how many findings were suppressed or baselined, and the reasons the suppressions gave. */
  accepted?: { suppressed: number; baselined: number; reasons: string[] };
  attestation?: Attestation;
}

export interface ChecklistOptions {
  attestations?: Readonly<Partial<Record<string, Attestation>>>;
  /** Rules the config turned off: their items fall back to a person's check. */
  disabled?: ReadonlySet<string>;
  /** Files rules could not analyse (the scan's analysis gaps). */
  incomplete?: readonly AnalysisGap[];
  /** Findings suppressed or in the baseline. */
  accepted?: readonly AcceptedFinding[];
  /** Per rule: where code shows its items are handled. */
  evidence?: ReadonlyMap<string, readonly ChecklistEvidence[]>;
  /** Per rule: what it looked at but could not settle (its items are then `manual`). */
  undecided?: ReadonlyMap<string, readonly string[]>;
}

export function evaluateChecklist(
  rules: readonly Rule[],
  findings: readonly Finding[],
  judgedByRule: ReadonlyMap<string, number>,
  { attestations = {}, disabled = new Set(), incomplete = [], accepted = [], evidence = new Map(), undecided = new Map() }: ChecklistOptions = {},
): ChecklistResult[] {
  return CHECKLIST.map((item) => {
    const shipped = rules.filter((r) => r.meta.checklist.includes(item.id));
    const itemRules = shipped.filter((r) => !disabled.has(r.meta.id));
    const turnedOff = shipped.filter((r) => disabled.has(r.meta.id)).map((r) => r.meta.id);
    const count = findings.filter((f) => f.checklist.includes(item.id)).length;
    const judged = itemRules.reduce((sum, r) => sum + (judgedByRule.get(r.meta.id) ?? 0), 0);
    const gaps = gapsOf(incomplete, new Set(itemRules.map((r) => r.meta.id)));
    const acceptedHere = accepted.filter((a) => a.finding.checklist.includes(item.id) && itemRules.some((r) => r.meta.id === a.finding.ruleId));
    const unsettled = [...new Set(itemRules.flatMap((r) => undecided.get(r.meta.id) ?? []))];
    const status: ChecklistStatus =
      count > 0 ? "fail" : itemRules.length === 0 ? "manual" : acceptedHere.length > 0 ? "accepted" : gaps.length > 0 ? "incomplete" : unsettled.length > 0 ? "manual" : judged > 0 ? "pass" : "n/a";
    const places = sortedEvidence(itemRules.flatMap((r) => evidence.get(r.meta.id) ?? []));
    return {
      id: item.id,
      section: CHECKLIST_SECTIONS[item.section],
      title: item.title,
      status,
      findings: count,
      judged,
      rules: itemRules.map((r) => r.meta.id),
      ...(status === "manual" ? { manualCheck: unsettled.length && !turnedOff.length ? `${unsettled.join("; ").replace(/\.$/, "")}. ${item.manualCheck}` : manualCheckText(item, turnedOff) } : {}),
      ...(status === "pass" && "alsoCheck" in item && item.alsoCheck ? { alsoCheck: item.alsoCheck } : {}),
      ...(places.length ? { evidence: places.slice(0, MAX_EVIDENCE), evidenceCount: places.length } : {}),
      ...(gaps.length > 0 ? { incomplete: gaps } : {}),
      ...(acceptedHere.length > 0 ? { accepted: summariseAccepted(acceptedHere) } : {}),
      ...(attestations[item.id] ? { attestation: attestations[item.id] } : {}),
    };
  });
}

/** Evidence by file and line, each place once. */
function sortedEvidence(list: readonly ChecklistEvidence[]): ChecklistEvidence[] {
  const seen = new Set<string>();
  return [...list]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.note < b.note ? -1 : a.note > b.note ? 1 : 0)))
    .filter((e) => {
      const key = `${e.file}\0${e.line}\0${e.note}`;
      return !seen.has(key) && seen.add(key) !== undefined;
    });
}

/** How many were suppressed and baselined, and the distinct reasons given (sorted, at most ten). */
function summariseAccepted(list: readonly AcceptedFinding[]): NonNullable<ChecklistResult["accepted"]> {
  const reasons = [...new Set(list.flatMap((a) => (a.reason ? [a.reason] : [])))].sort().slice(0, 10);
  return { suppressed: list.filter((a) => a.how === "suppressed").length, baselined: list.filter((a) => a.how === "baselined").length, reasons };
}

/** The gaps of these rules, one entry per file and cause. */
function gapsOf(all: readonly AnalysisGap[], rules: ReadonlySet<string>): Array<{ file: string; rules: string[]; cause: string }> {
  const byFile = new Map<string, { file: string; rules: string[]; cause: string }>();
  for (const gap of all) {
    if (!rules.has(gap.rule)) continue;
    const key = `${gap.file}\0${gap.cause}`;
    const entry = byFile.get(key);
    if (entry) {
      if (!entry.rules.includes(gap.rule)) entry.rules.push(gap.rule);
    } else byFile.set(key, { file: gap.file, rules: [gap.rule], cause: gap.cause });
  }
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

function manualCheckText(item: ChecklistItem, turnedOff: readonly string[]): string {
  if (turnedOff.length) return `${turnedOff.join(", ")} turned off in the config. ${item.manualCheck}`;
  return "checkableInCode" in item && item.checkableInCode ? `not checked by this version of aigis yet. ${item.manualCheck}` : item.manualCheck;
}
