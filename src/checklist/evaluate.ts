/** Turns findings and what the rules judged into a status for every checklist item. */
import type { Finding } from "../engine/finding.js";
import type { Rule } from "../engine/rule.js";
import { CHECKLIST, CHECKLIST_SECTIONS, type ChecklistId, type ChecklistItem } from "./items.js";

export type ChecklistStatus = "fail" | "pass" | "n/a" | "manual";

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
  /** For manual items: what a person should check. */
  manualCheck?: string;
  attestation?: Attestation;
}

export interface ChecklistOptions {
  attestations?: Readonly<Partial<Record<string, Attestation>>>;
  /** Rules the config turned off: their items fall back to a person's check. */
  disabled?: ReadonlySet<string>;
}

export function evaluateChecklist(
  rules: readonly Rule[],
  findings: readonly Finding[],
  judgedByRule: ReadonlyMap<string, number>,
  { attestations = {}, disabled = new Set() }: ChecklistOptions = {},
): ChecklistResult[] {
  return CHECKLIST.map((item) => {
    const shipped = rules.filter((r) => r.meta.checklist.includes(item.id));
    const itemRules = shipped.filter((r) => !disabled.has(r.meta.id));
    const turnedOff = shipped.filter((r) => disabled.has(r.meta.id)).map((r) => r.meta.id);
    const count = findings.filter((f) => f.checklist.includes(item.id)).length;
    const judged = itemRules.reduce((sum, r) => sum + (judgedByRule.get(r.meta.id) ?? 0), 0);
    const status: ChecklistStatus = count > 0 ? "fail" : itemRules.length === 0 ? "manual" : judged > 0 ? "pass" : "n/a";
    return {
      id: item.id,
      section: CHECKLIST_SECTIONS[item.section],
      title: item.title,
      status,
      findings: count,
      judged,
      rules: itemRules.map((r) => r.meta.id),
      ...(status === "manual" ? { manualCheck: manualCheckText(item, turnedOff) } : {}),
      ...(attestations[item.id] ? { attestation: attestations[item.id] } : {}),
    };
  });
}

function manualCheckText(item: ChecklistItem, turnedOff: readonly string[]): string {
  if (turnedOff.length) return `${turnedOff.join(", ")} turned off in the config. ${item.manualCheck}`;
  return "checkableInCode" in item && item.checkableInCode ? `not checked by this version of aigis yet. ${item.manualCheck}` : item.manualCheck;
}
