/**
 * The contract between the engine and a rule. A rule is one file in `rules/`: its
 * metadata (data the reports, docs and SARIF read) and its detector(s).
 *
 * - `checkFile` judges one file. The CLI calls it for every scanned file; the ESLint
 *   plugin calls the very same function when `meta.eslint` is set.
 * - `checkProject` judges the whole project model (CLI only); such a rule may add
 *   `checkFileAlone`, a one-file approximation the ESLint plugin runs instead.
 */
import type { FileFacts } from "../facts/file-facts.js";
import type { Ts } from "../facts/typescript.js";
import type { ProjectModel } from "../model/project.js";
import type { ProjectView } from "../model/project-files.js";
import type { ChecklistId } from "../checklist/items.js";

export type Severity = "error" | "warning" | "info";

export interface RuleExample {
  bad: string;
  good: string;
}

export interface RuleMeta {
  /** Stable id, also the ESLint rule name (`aigis/<id>`). */
  id: string;
  title: string;
  /** Checklist items this rule evidences. */
  checklist: readonly ChecklistId[];
  severity: Severity;
  cwe: readonly string[];
  /** OWASP Top 10 for LLM Applications: 2025 id and the 2026 edition's, where one fits. */
  owaspLlm?: { "2025": string; "2026"?: string };
  description: string;
  /** How to fix, in one or two sentences (shown under every finding). */
  fix: string;
  example: RuleExample;
  /** Which files the rule looks at, for the docs. */
  scope: string;
  /** Run in the ESLint plugin (only `checkFile`, only on JS/TS source). */
  eslint?: boolean;
  /**
   * How often a finding is right, as measured on the real-world corpus (SARIF `precision`,
   * which code-scanning services use to rank and filter alerts). Default `high`.
   */
  precision?: RulePrecision;
  /**
   * A defence-in-depth suggestion rather than a mistake (no moderation, no audit record):
   * its findings are `info`, they fail its checklist item but never the default `--fail-on`,
   * and fixtures written for other rules need not carry them.
   */
  advisory?: boolean;
  /**
   * Reports no findings at all: it only shows evidence that an item is handled, or says
   * it could not tell (the item is then `manual`). Not an ESLint rule.
   */
  evidenceOnly?: boolean;
}

export type RulePrecision = "very-high" | "high" | "medium" | "low";

export interface FindingDraft {
  file: FileFacts;
  /** Offsets into `file.text`. */
  start: number;
  end: number;
  message: string;
  severity?: Severity;
  /** Stable text that identifies this finding across edits (defaults to the flagged text's hash). */
  identity?: string;
  /** Other places that explain the finding (the other env file holding the same key). */
  related?: { file: string; line: number; note: string }[];
  /** For data-flow findings: source, steps and sink, in order (shown in every report, SARIF code flows). */
  path?: { file: string; line: number; note: string }[];
}

export interface RuleContext {
  /** The TypeScript compiler API to parse and walk with (never import it in a rule). */
  readonly ts: Ts;
  readonly project: ProjectView;
  report(draft: FindingDraft): void;
  /**
   * Counts subjects the rule judged (files, env files, key reads…), so that the
   * checklist can tell "looked and found nothing" (pass) from "nothing to look at" (n/a).
   */
  judged(count?: number): void;
  /**
   * Where the code shows an item is taken care of (a role check, a moderation call, a
   * usage record): listed under the item when it passes, so a reader can see why.
   */
  evidence(draft: EvidenceDraft): void;
  /**
   * Something the rule looked at but code cannot settle (AI routes exist, none looks
   * privileged): the item is `manual` with this reason, unless a finding fails it.
   */
  undecided(reason: string): void;
}

/** A place that shows a checklist item is handled. */
export interface EvidenceDraft {
  file: FileFacts;
  /** Offset into `file.text`. */
  start: number;
  /** What it is, in a few words: `role check on POST /api/admin/summarise`. */
  note: string;
}

export interface ProjectRuleContext extends RuleContext {
  readonly project: ProjectModel;
}

export interface Rule {
  meta: RuleMeta;
  checkFile?(file: FileFacts, context: RuleContext): void;
  /**
   * ESLint only, for rules that need the whole project in the CLI: judge one file from
   * what it shows by itself (its directives, imports and its package's dependencies).
   */
  checkFileAlone?(file: FileFacts, context: RuleContext): void;
  checkProject?(project: ProjectModel, context: ProjectRuleContext): void | Promise<void>;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
