/**
 * The scan pipeline, end to end:
 *   discover → read (per-file facts) → project model → rules → findings
 *   → suppressions and baseline → checklist → (reporters, in the CLI).
 */
import { performance } from "node:perf_hooks";
import { evaluateChecklist, type AcceptedFinding, type ChecklistEvidence, type ChecklistResult } from "../checklist/evaluate.js";
import type { AigisConfig } from "../config/config.js";
import { defaultConfig } from "../config/config.js";
import type { SkippedFile } from "../discover/discover.js";
import type { FileWarning } from "../facts/file-facts.js";
import { letSeldomReadTextsGo, loadProject } from "./load-project.js";
import type { FileFacts } from "../facts/file-facts.js";
import type { Ts } from "../facts/typescript.js";
import type { ProjectModel } from "../model/project.js";
import { ALL_RULES } from "../../rules/index.js";
import { capPerFileAndRule, compareFindings, disambiguateFingerprints, toFinding, type Finding } from "./finding.js";
import type { FindingDraft, ProjectRuleContext, Rule, Severity } from "./rule.js";
import { suppressionOf, unusedSuppressions } from "./suppressions.js";
import { ConfigSuppressions } from "./config-suppressions.js";
import { TOOL_NAME, TOOL_VERSION } from "../version.js";
import { describeFailure, UNANALYSED_CODE, type AnalysisGap } from "../model/gaps.js";
import { historyMessage, scanHistory, type HistoryHit, type HistoryOptions, type HistoryStats } from "./history.js";
import { DEFAULT_MAX_FILE_BYTES } from "../discover/defaults.js";
import { AnalysisBudget, BudgetExceeded, FILE_BUDGET_CAUSE, formatMs, limitsInForce, SCAN_BUDGET_CAUSE, type BudgetOptions } from "../model/budget.js";
import { trimRun } from "../util/text.js";

export interface ScanOptions {
  /** Directory (or single file) to scan. */
  target: string;
  config?: AigisConfig;
  /** Overrides the config's `maxFileSize`. */
  maxFileBytes?: number;
  /** Fingerprints of accepted findings (from an earlier JSON report). */
  baseline?: ReadonlySet<string>;
  /** Defaults to every rule aigis ships. */
  rules?: readonly Rule[];
  /** Told how long each rule took, in milliseconds (the benchmark's cost breakdown; never in reports). */
  onRuleTimed?: (ruleId: string, ms: number) => void;
  /** Told when a rule starts (the corpus runner names the rule a timed-out scan was in); the per-file rules, which run together first, as their ids joined by ", ". */
  onRuleStarted?: (ruleId: string) => void;
  /** Told how long one per-file rule took on one file, and each file's parse as rule "(parse)" (the corpus runner's slowest files). */
  onFileRuleTimed?: (relPath: string, ruleId: string, ms: number) => void;
  /** Overrides the config's `budgets`; `now` is the clock budgets are measured on (tests inject a fake one). */
  budget?: BudgetOptions;
  /** Also search git history for hard-coded keys (AK-1) that the tree no longer holds. */
  history?: HistoryOptions;
  /** The target is an export of one commit without its `.git`: every file in it counts as tracked. */
  committedSnapshot?: boolean;
  /**
   * Report only findings in these paths (relative to the target, forward slashes; a folder
   * covers what is under it): the files a commit or a pull request changed. The whole
   * target is still analysed, so a route in a changed file is judged by middleware in
   * files that did not change.
   */
  only?: readonly string[];
}

export interface ScanStats {
  files: number;
  bytes: number;
  durationMs: number;
  skipped: SkippedFile[];
  /** Files that were scanned, but not completely (parse errors, odd encodings, rule failures). */
  warnings: FileWarning[];
  /** Files some rules could not analyse (a failure, a stack overflow, a tree too deep): their checklist items are incomplete. */
  incomplete: AnalysisGap[];
  suppressed: number;
  baselined: number;
  /** With `history`: how much of the git history was read. */
  history?: HistoryStats;
}

export interface ScanResult {
  tool: { name: string; version: string };
  /** Absolute path all finding paths are relative to. */
  root: string;
  /** The git work tree holding `root`, when there is one: SARIF and GitHub annotations give paths from it. */
  repositoryRoot?: string;
  findings: Finding[];
  /** Findings suppressed in the code or in the baseline: not reported, but SARIF keeps them (as suppressed) and the checklist counts them. */
  accepted?: AcceptedFinding[];
  checklist: ChecklistResult[];
  stats: ScanStats;
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const began = performance.now();
  const config = options.config ?? defaultConfig();
  const allRules = options.rules ?? ALL_RULES;
  const rules = allRules.filter((r) => config.rules[r.meta.id] !== "off");
  const { project, ts, skipped, warnings, bytes, repositoryRoot } = await loadProject(options.target, config, options.maxFileBytes, options.committedSnapshot);
  const files = project.files;
  const drafts: Array<{ rule: Rule; draft: FindingDraft }> = [];
  const judged = new Map<string, number>();
  const judgements: RuleJudgements = { judged, evidence: new Map(), undecided: new Map() };
  // A failure in one file costs that file only: recorded as a gap of the rule that ran.
  const gaps = project.gaps;
  // Each file's analysis, and the scan's, is bounded in time: what runs out stops there and is a gap.
  const { now, ...limits } = options.budget ?? {};
  const budget = new AnalysisBudget(limitsInForce(files.length, config.budgets, limits), now, (rel) => project.file(rel)?.text.length ?? 0);
  gaps.budget = budget;
  for (const file of files) file.onNotAnalysed = (f) => gaps.noteInPart(UNANALYSED_CODE, f.relPath, `not analysed as code: ${f.notAnalysed}`);

  const contexts = new Map(rules.map((rule) => [rule, contextFor(rule, project, ts, drafts, judgements)]));
  const ruleMs = new Map<string, number>();
  const perFile = rules.filter((rule) => rule.checkFile);
  if (perFile.length) {
    options.onRuleStarted?.(perFile.map((rule) => rule.meta.id).join(", "));
    runPerFileRules(perFile, files, contexts, { gaps, budget, ruleMs, onFileRuleTimed: options.onFileRuleTimed });
  }
  // A document with a finding keeps its text: the report quotes it.
  const withFindings = new Set(drafts.map(({ draft }) => draft.file));
  letSeldomReadTextsGo(
    files.filter((file) => !withFindings.has(file)),
    options.maxFileBytes ?? config.maxFileSize ?? DEFAULT_MAX_FILE_BYTES,
  );
  for (const rule of rules) {
    if (rule.checkProject) {
      gaps.currentRule = rule.meta.id;
      options.onRuleStarted?.(rule.meta.id);
      const started = performance.now();
      try {
        await budget.run(".", () => rule.checkProject!(project, contexts.get(rule)!));
      } catch (error) {
        // Model parts contain failures per file; what still escapes loses the rule's project-wide results.
        gaps.note(".", error instanceof BudgetExceeded ? error.message : `${describeFailure(error)}; its project-wide results are missing`);
      }
      ruleMs.set(rule.meta.id, (ruleMs.get(rule.meta.id) ?? 0) + performance.now() - started);
    }
    options.onRuleTimed?.(rule.meta.id, ruleMs.get(rule.meta.id) ?? 0);
  }
  gaps.currentRule = undefined;
  // Parsing is paid by whichever rule first asks for a tree: reported apart, as "(parse)".
  if (options.onFileRuleTimed) for (const file of files) if (file.parseMs > 0) options.onFileRuleTimed(file.relPath, "(parse)", file.parseMs);
  for (const file of files) {
    // A minified file is never analysed as code: say so even when no rule asked for its tree.
    if (file.isCode && file.looksMinified) file.syntaxTree(ts);
    warnings.push(...file.warnings);
    file.onNotAnalysed = undefined;
  }
  gaps.budget = undefined;
  // In rule order, each rule's per-file gaps before its project-wide ones (as when rules ran one after another).
  const ruleRank = new Map(rules.map((rule, i) => [rule.meta.id, i]));
  const rankOf = (gap: AnalysisGap) => ruleRank.get(gap.rule) ?? rules.length;
  const incomplete = gaps.list().sort((a, b) => rankOf(a) - rankOf(b));
  const outOfTime = (gap: AnalysisGap) => gap.cause === FILE_BUDGET_CAUSE || gap.cause === SCAN_BUDGET_CAUSE;
  warnings.push(...gapWarnings(incomplete.filter((g) => !outOfTime(g))), ...budgetWarnings(incomplete.filter(outOfTime), budget));

  const keyRule = rules.find((r) => r.meta.id === HISTORY_RULE);
  let history: { hits: HistoryHit[]; warnings: FileWarning[]; stats: HistoryStats } | undefined;
  if (options.history) {
    history = keyRule
      ? await scanHistory(options.target, project.root, keyRule, { ts, project }, { options: options.history, maxFileBytes: options.maxFileBytes ?? config.maxFileSize ?? DEFAULT_MAX_FILE_BYTES, leftOut: (path) => project.isLeftOutOfScan(path) })
      : { hits: [], warnings: [{ file: ".", message: `git history not searched: rule ${HISTORY_RULE} is off` }], stats: { commits: 0, blobs: 0, bytes: 0, complete: false } };
    warnings.push(...history.warnings);
  }
  // A key the tree still holds is reported once, at its place in the tree, with the commit that first added it.
  const historyOf = new Map((history?.hits ?? []).map((hit) => [hit.value, hit]));
  const foldedIntoTree = new Set<HistoryHit>();

  // Drafts become findings only now, once every detector has named its secrets, so
  // that every snippet is redacted with all of them.
  const seen = new Set<string>();
  const all: Array<{ finding: Finding; file: FileFacts }> = [];
  const add = (rule: Rule, draft: FindingDraft, hit?: HistoryHit, inTree = true): void => {
    const severity = (config.rules[rule.meta.id] as Severity | undefined) ?? draft.severity ?? rule.meta.severity;
    const finding = toFinding(rule, inTree ? draft : { ...draft, message: historyMessage(draft.message, hit!.occurrence) }, severity);
    if (hit) finding.history = { ...hit.occurrence, inTree };
    const key = `${finding.ruleId}\0${finding.file}\0${finding.line}\0${finding.column}\0${finding.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    all.push({ finding, file: draft.file });
  };
  for (const { rule, draft } of drafts) {
    const hit = rule === keyRule ? historyOf.get(draft.file.text.slice(draft.start, draft.end)) : undefined;
    if (hit) foldedIntoTree.add(hit);
    add(rule, draft, hit);
  }
  for (const hit of history?.hits ?? []) if (!foldedIntoTree.has(hit)) add(keyRule!, hit.draft, hit, false);
  all.sort((a, b) => compareFindings(a.finding, b.finding));
  // Fingerprints are settled over every finding, before any is filtered, so that a
  // baseline matches the same findings whatever else is suppressed.
  disambiguateFingerprints(all.map((a) => a.finding));
  let suppressed = 0;
  let baselined = 0;
  const reported: Finding[] = [];
  if (options.only) {
    const inScope = pathFilter(options.only);
    all.splice(0, all.length, ...all.filter((a) => inScope(a.finding.file)));
  }
  const configSuppressions = new ConfigSuppressions(config);
  // Accepted findings leave the report but not the checklist: their items read "accepted", never "pass".
  const accepted: AcceptedFinding[] = [];
  for (const { finding, file } of all) {
    const suppression = suppressionOf(file, finding.line, finding.ruleId) ?? configSuppressions.suppression(finding.file, finding.ruleId);
    if (suppression) {
      suppressed++;
      accepted.push({ finding, how: "suppressed", ...suppression });
    } else if (options.baseline?.has(finding.fingerprint)) {
      baselined++;
      accepted.push({ finding, how: "baselined" });
    } else reported.push(finding);
  }
  // A suppression that silenced nothing would hide the next real finding there: say so
  // (not when only some files' findings were asked for: the others' were never checked).
  if (!options.only) {
    for (const u of unusedSuppressions(files, new Set(rules.map((r) => r.meta.id)))) warnings.push({ file: u.file, message: `${u.directive} at line ${u.line} suppresses nothing: remove it` });
    for (const label of configSuppressions.unused()) warnings.push({ file: ".", message: `the config's suppression of ${label} matched no finding: remove it` });
  }
  // A file that repeats one finding thousands of times lists the first few and a count.
  const findings = capPerFileAndRule(reported, warnings);
  warnings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.message < b.message ? -1 : 1));
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    root: project.root,
    ...(repositoryRoot ? { repositoryRoot } : {}),
    findings,
    ...(accepted.length ? { accepted } : {}),
    checklist: evaluateChecklist(allRules, findings, judged, { evidence: judgements.evidence, undecided: judgements.undecided, accepted, attestations: config.attestations, disabled: new Set(allRules.filter((r) => !rules.includes(r)).map((r) => r.meta.id)), incomplete }),
    stats: { files: files.length, bytes, durationMs: Math.round(performance.now() - began), skipped, warnings, incomplete, suppressed, baselined, ...(history ? { history: history.stats } : {}) },
  };
}

/** The rule `--history` runs over git history. */
const HISTORY_RULE = "hardcoded-provider-key";

/** What each rule said about the checklist besides its findings. */
interface RuleJudgements {
  judged: Map<string, number>;
  evidence: Map<string, ChecklistEvidence[]>;
  undecided: Map<string, string[]>;
}

function contextFor(rule: Rule, project: ProjectModel, ts: Ts, drafts: Array<{ rule: Rule; draft: FindingDraft }>, { judged, evidence, undecided }: RuleJudgements): ProjectRuleContext {
  const id = rule.meta.id;
  return {
    ts,
    project,
    report: (draft) => drafts.push({ rule, draft }),
    judged: (count = 1) => judged.set(id, (judged.get(id) ?? 0) + count),
    evidence: (draft) => {
      const list = evidence.get(id) ?? evidence.set(id, []).get(id)!;
      list.push({ rule: id, file: draft.file.relPath, line: draft.file.positionAt(draft.start).line, note: draft.note });
    },
    undecided: (reason) => {
      const list = undecided.get(id) ?? undecided.set(id, []).get(id)!;
      if (!list.includes(reason)) list.push(reason);
    },
  };
}

/**
 * Every per-file rule on one file, then on the next, before any project-wide part: a tree
 * only these rules asked for is let go as soon as they are done with the file. No project
 * model exists yet to hold its nodes (per-file rules see the project only through
 * `ProjectView`), so a model part that wants the file later parses it afresh.
 */
function runPerFileRules(
  rules: readonly Rule[],
  files: readonly FileFacts[],
  contexts: ReadonlyMap<Rule, ProjectRuleContext>,
  run: { gaps: ProjectModel["gaps"]; budget: AnalysisBudget; ruleMs: Map<string, number>; onFileRuleTimed?: ScanOptions["onFileRuleTimed"] },
): void {
  const { gaps, budget, ruleMs, onFileRuleTimed } = run;
  const spent = rules.map(() => 0);
  for (const file of files) {
    const hadTree = file.hasSyntaxTree;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      gaps.currentRule = rule.meta.id;
      const started = performance.now();
      try {
        budget.run(file.relPath, () => rule.checkFile!(file, contexts.get(rule)!));
      } catch (error) {
        gaps.note(file.relPath, describeFailure(error));
      }
      const ms = performance.now() - started;
      spent[i]! += ms;
      onFileRuleTimed?.(file.relPath, rule.meta.id, ms);
    }
    if (!hadTree) file.releaseSyntaxTree();
  }
  gaps.currentRule = undefined;
  rules.forEach((rule, i) => ruleMs.set(rule.meta.id, spent[i]!));
}

/** One warning per file whose analysis ran out of time, and one if the scan's did, each naming the rules that lost findings. */
function budgetWarnings(gaps: readonly AnalysisGap[], budget: AnalysisBudget): FileWarning[] {
  const rulesOf = (matching: readonly AnalysisGap[]) => {
    const rules = [...new Set(matching.map((g) => g.rule))].sort();
    return `${rules.length === 1 ? "rule" : "rules"} ${rules.join(", ")}`;
  };
  const warnings: FileWarning[] = [];
  const files = [...new Set(gaps.filter((g) => g.cause === FILE_BUDGET_CAUSE).map((g) => g.file))];
  for (const file of files) {
    const ms = budget.stoppedFiles().get(file) ?? budget.spentOn(file);
    const lost = gaps.filter((g) => g.file === file && g.cause === FILE_BUDGET_CAUSE);
    warnings.push({
      file,
      message: `analysis stopped after ${formatMs(ms)} (its budget: ${formatMs(budget.limitOf(file))}): findings in this file may be incomplete; the checklist items of ${rulesOf(lost)} are incomplete`,
    });
  }
  const scanLost = gaps.filter((g) => g.cause === SCAN_BUDGET_CAUSE);
  if (scanLost.length) {
    const after = budget.scanStoppedAfter ?? budget.limits.scanMs;
    warnings.push({
      file: ".",
      message: `the scan's analysis stopped after ${formatMs(after)} (its budget: ${formatMs(budget.limits.scanMs)}): the rest of the project model was skipped and findings may be missing; the checklist items of ${rulesOf(scanLost)} are incomplete`,
    });
  }
  return warnings;
}

/** One warning per file and cause, naming every rule that lost findings there. */
function gapWarnings(gaps: readonly AnalysisGap[]): FileWarning[] {
  const rulesBy = new Map<string, { file: string; cause: string; rules: string[] }>();
  for (const gap of gaps) {
    const key = `${gap.file}\0${gap.cause}`;
    const entry = rulesBy.get(key) ?? { file: gap.file, cause: gap.cause, rules: [] };
    entry.rules.push(gap.rule);
    rulesBy.set(key, entry);
  }
  return [...rulesBy.values()].map(({ file, cause, rules }) => ({
    file,
    message: `${rules.length === 1 ? "rule" : "rules"} ${rules.sort().join(", ")} could not analyse this file (${cause}); their findings here may be missing and their checklist items are incomplete`,
  }));
}

/** Is a finding's file one of these paths, or under one of them? */
function pathFilter(paths: readonly string[]): (file: string) => boolean {
  const exact = new Set(paths.map((p) => trimRun(p, "/")));
  return (file) => {
    if (exact.has(file) || exact.has(".")) return true;
    for (let cut = file.lastIndexOf("/"); cut > 0; cut = file.lastIndexOf("/", cut - 1)) if (exact.has(file.slice(0, cut))) return true;
    return false;
  };
}
