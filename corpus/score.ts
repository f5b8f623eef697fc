/**
 * Scoring findings against labels. A finding matches a label when it is of the label's
 * rule or checklist item and it sits at the label's lines (a few lines either way), or
 * one step of its data-flow path does (see `scoreRepo` for a finding beside a quiet label). Pure functions: the runner feeds them, tests
 * check them.
 */
import type { Label } from "./manifest.js";
import type { ScannedFinding } from "./scan-repo.js";

/** How many lines a finding may sit from its label and still match. */
export const LINE_TOLERANCE = 3;

export type FindingVerdict = "true-positive" | "false-positive" | "unlabelled";

export interface ScoredFinding {
  finding: ScannedFinding;
  verdict: FindingVerdict;
  /** Index of the label it matched: the nearest `finding` label it covers, else the nearest `quiet` one. */
  label?: number;
}

export interface ScoredLabel {
  index: number;
  label: Label;
  /** `finding` labels: found. `quiet` labels: a finding fired here (a false positive). */
  hit: boolean;
}

export interface RepoScore {
  findings: ScoredFinding[];
  labels: ScoredLabel[];
}

/** Rule id → its checklist items, and checklist item → the rules that evidence it. */
export interface RuleCatalogue {
  checklistOf: ReadonlyMap<string, readonly string[]>;
}

export function labelCovers(label: Label, finding: ScannedFinding): boolean {
  return labelDistance(label, finding) !== undefined;
}

/**
 * How many lines the finding (or the nearest step of its path) sits from the label's span,
 * or undefined when it is another item's, in another file, or further than the tolerance.
 * A path step counts half a line further than the finding's own place.
 */
export function labelDistance(label: Label, finding: ScannedFinding): number | undefined {
  if (label.id !== finding.ruleId && !finding.checklist.includes(label.id)) return undefined;
  const from = label.line;
  const to = label.endLine ?? label.line;
  let best: number | undefined;
  const consider = (file: string, line: number, extra: number) => {
    if (file !== label.file) return;
    const lines = line < from ? from - line : line > to ? line - to : 0;
    if (lines <= LINE_TOLERANCE && (best === undefined || lines + extra < best)) best = lines + extra;
  };
  consider(finding.file, finding.line, 0);
  for (const step of finding.path ?? []) consider(step.file, step.line, 0.5);
  return best;
}

/**
 * A finding matches the labels it covers: it finds every `finding` label among them (its own
 * line's, and those its path passes), and is their true positive. It fires on a `quiet` label
 * only when that label is nearer than every `finding` label it covers: a right finding a line
 * from a quiet label is not also a false alarm there.
 */
export function scoreRepo(findings: readonly ScannedFinding[], labels: readonly Label[]): RepoScore {
  const hit = labels.map(() => false);
  const scored = findings.map((finding): ScoredFinding => {
    let positive: { index: number; distance: number } | undefined;
    let quiet: { index: number; distance: number } | undefined;
    labels.forEach((label, index) => {
      const distance = labelDistance(label, finding);
      if (distance === undefined) return;
      if (label.expect === "finding") {
        hit[index] = true;
        if (!positive || distance < positive.distance) positive = { index, distance };
      } else if (!quiet || distance < quiet.distance) quiet = { index, distance };
    });
    if (quiet && (!positive || quiet.distance < positive.distance)) hit[quiet.index] = true;
    if (positive) return { finding, verdict: "true-positive", label: positive.index };
    if (quiet) return { finding, verdict: "false-positive", label: quiet.index };
    return { finding, verdict: "unlabelled" };
  });
  return { findings: scored, labels: labels.map((label, index) => ({ index, label, hit: hit[index]! })) };
}

export interface Tally {
  /** `finding` labels, and how many were found. */
  positives: number;
  found: number;
  /** `quiet` labels, and how many had a finding. */
  negatives: number;
  negativesHit: number;
  /** Findings: matching a `finding` label, matching only a `quiet` one, matching none. */
  truePositives: number;
  falsePositives: number;
  unlabelled: number;
}

export function emptyTally(): Tally {
  return { positives: 0, found: 0, negatives: 0, negativesHit: 0, truePositives: 0, falsePositives: 0, unlabelled: 0 };
}

export function recall(t: Tally): number | undefined {
  return t.positives ? t.found / t.positives : undefined;
}

/** Over judged findings only (unlabelled ones left out). */
export function precision(t: Tally): number | undefined {
  const judged = t.truePositives + t.falsePositives;
  return judged ? t.truePositives / judged : undefined;
}

/** As if every unlabelled finding were wrong: the floor. */
export function precisionFloor(t: Tally): number | undefined {
  const all = t.truePositives + t.falsePositives + t.unlabelled;
  return all ? t.truePositives / all : undefined;
}

/**
 * The groups a label counts in: its rule (when the id is a rule, or a checklist item only
 * one rule evidences) and its checklist items.
 */
export function labelGroups(label: Label, catalogue: RuleCatalogue): { rules: string[]; items: string[] } {
  const items = catalogue.checklistOf.get(label.id);
  if (items) return { rules: [label.id], items: [...items] };
  const rules = [...catalogue.checklistOf].filter(([, checklist]) => checklist.includes(label.id)).map(([rule]) => rule);
  return { rules: rules.length === 1 ? rules : [], items: [label.id] };
}

/** Adds one repository's score to per-rule and per-checklist-item tallies. */
export function tally(score: RepoScore, catalogue: RuleCatalogue, byRule: Map<string, Tally>, byItem: Map<string, Tally>): void {
  const get = (map: Map<string, Tally>, key: string) => map.get(key) ?? map.set(key, emptyTally()).get(key)!;
  for (const { label, hit } of score.labels) {
    const groups = labelGroups(label, catalogue);
    for (const t of [...groups.rules.map((r) => get(byRule, r)), ...groups.items.map((i) => get(byItem, i))]) {
      if (label.expect === "finding") {
        t.positives++;
        if (hit) t.found++;
      } else {
        t.negatives++;
        if (hit) t.negativesHit++;
      }
    }
  }
  for (const { finding, verdict } of score.findings) {
    for (const t of [get(byRule, finding.ruleId), ...finding.checklist.map((i) => get(byItem, i))]) {
      if (verdict === "true-positive") t.truePositives++;
      else if (verdict === "false-positive") t.falsePositives++;
      else t.unlabelled++;
    }
  }
}

/** Tallies again from a recorded run's verdicts (to compare two runs over the same repositories). */
export function tallyRecorded(
  repos: readonly { labels: readonly (Label & { hit: boolean })[]; findings: readonly { ruleId: string; checklist: string[]; verdict: string }[] }[],
  catalogue: RuleCatalogue,
): Map<string, Tally> {
  const byRule = new Map<string, Tally>();
  const byItem = new Map<string, Tally>();
  for (const repo of repos) {
    const score: RepoScore = {
      labels: repo.labels.map((label, index) => ({ index, label, hit: label.hit })),
      findings: repo.findings.map((f) => ({ finding: { ...f, file: "", line: 0, endLine: 0, message: "" }, verdict: f.verdict as FindingVerdict })),
    };
    tally(score, catalogue, byRule, byItem);
  }
  return byRule;
}
