/**
 * Analysis gaps: files a rule could not analyse (an exception or a stack overflow while
 * the project model or a rule worked on them, a tree too deep to walk). A failure in one
 * file costs that file only; the scan names the file, the rules and the cause, and marks
 * those rules' checklist items incomplete.
 *
 * Model parts are built once and shared by the rules that read them, so a part that lost
 * a file is "touched" on every read: each rule that reads it is told about the loss too.
 *
 * With a budget (set by the scan), each unit of work is also timed against its file's and
 * the scan's analysis budget: a unit whose time runs out stops there and is a gap too.
 */
import { AnalysisBudget, BudgetExceeded, FILE_BUDGET_CAUSE, SCAN_BUDGET_CAUSE } from "./budget.js";

export interface AnalysisGap {
  /** Relative path of the file, or "." when no single file is to blame. */
  file: string;
  /** The rule that lost findings (the one running when it happened or read the part). */
  rule: string;
  cause: string;
}

/** The part that holds code files not analysed as code: every model part is built from code files, so all read it. */
export const UNANALYSED_CODE = "code files";

/** Shown when nothing names the rule (a model part used outside a scan). */
const NO_RULE = "(model)";

export class AnalysisGaps {
  /** Set by the scan to the rule that runs now. */
  currentRule: string | undefined;
  /** Set by the scan: the time each file's analysis, and the scan's, may take. */
  budget: AnalysisBudget | undefined;
  private readonly gaps = new Map<string, AnalysisGap>();
  private readonly byPart = new Map<string, Array<{ file: string; cause: string }>>();

  /** The current rule could not analyse `file`. */
  note(file: string, cause: string): void {
    const rule = this.currentRule ?? NO_RULE;
    const key = `${rule}\0${file}\0${cause}`;
    if (!this.gaps.has(key)) this.gaps.set(key, { file, rule, cause });
  }

  /** A shared model part lost `file`: noted now, and for every rule that reads the part later. */
  noteInPart(part: string, file: string, cause: string): void {
    const lost = this.byPart.get(part) ?? [];
    if (!lost.some((l) => l.file === file && l.cause === cause)) lost.push({ file, cause });
    this.byPart.set(part, lost);
    this.note(file, cause);
  }

  /** The current rule reads a shared model part: it inherits the files the part lost. */
  touch(part: string): void {
    const lost = this.byPart.get(part);
    if (lost) for (const { file, cause } of lost) this.note(file, cause);
  }

  /** Runs one unit of work (one file, one call site, one route); a failure becomes a gap, not the rule's failure. */
  contain<T>(part: string, file: string, work: () => T): T | undefined {
    const budget = this.budget;
    const spent = budget?.exhausted(file);
    if (spent) {
      // Out of time already: skipped, and the part lost the file (or, past the scan's budget, the rest of the project).
      this.noteInPart(part, spent === "scan" ? "." : file, spent === "scan" ? SCAN_BUDGET_CAUSE : FILE_BUDGET_CAUSE);
      return undefined;
    }
    try {
      return budget ? budget.run(file, work) : work();
    } catch (error) {
      const scanOut = error instanceof BudgetExceeded && error.scope === "scan";
      this.noteInPart(part, scanOut ? "." : file, describeFailure(error));
      return undefined;
    }
  }

  list(): AnalysisGap[] {
    return [...this.gaps.values()];
  }
}

/** A short cause: a stack overflow says so plainly, anything else gives its message. */
export function describeFailure(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return "stack overflow: the code nests or chains too deeply";
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}
