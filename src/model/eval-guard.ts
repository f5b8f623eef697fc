/**
 * Memo, cycle guard and step budget for the value evaluator (`values.ts`).
 *
 * A "question" is one outside call into the evaluator; everything it evaluates on the way
 * runs under one guard. Each key (an expression, a binding, an export…) is computed at most
 * once while its answer holds:
 * - a key asked for again while it is being computed is a cycle: unknown;
 * - an answer that met such a cycle depends on the frame that was cut, and holds only while
 *   that frame is still open (the same context would cut it the same way), except in a memo
 *   that `settles`: there the first answer stands (what the evaluator always did for
 *   exports and caller arguments; without it a parameter searched from inside a cycle is
 *   searched again from every question, which was the cost of large apps);
 * - an answer cut by the depth limit holds wherever the depth is at least as great (the
 *   limit would cut it at least as early); one cut by the frame limit or the budget holds
 *   for the rest of the question;
 * - an answer that met none of these holds for good (the syntax trees do not change).
 * Each question may compute at most `budget` keys; past that every answer is unknown.
 * Every `BUDGET_CHECK_EVERY` keys the scan's time budget is checked too (`checkBudget`):
 * past it the question is abandoned with `BudgetExceeded`, which the unit of work around
 * it (`AnalysisGaps.contain`) turns into a gap.
 */
import { checkBudget } from "./budget.js";

/** Keys computed between two looks at the clock (a power of two: the test is a mask). */
export const BUDGET_CHECK_EVERY = 256;

/** Counts since the last reset, for tests and the benchmark: budgets are asserted on these, not on time. */
export interface EvaluatorStats {
  /** Outside calls into an evaluator. */
  questions: number;
  /** Keys computed (each costs one step of its question's budget). */
  steps: number;
  /** The most steps one question took. */
  maxQuestionSteps: number;
  /** Answers reused from the memo. */
  memoHits: number;
  /** Keys asked for again while being computed (answered unknown). */
  cycleCutoffs: number;
  /** Evaluations cut by the depth limit. */
  depthCutoffs: number;
  /** Questions that ran out of budget. */
  budgetExhausted: number;
}

export const evaluatorStats: EvaluatorStats = freshStats();

export function resetEvaluatorStats(): void {
  Object.assign(evaluatorStats, freshStats());
}

function freshStats(): EvaluatorStats {
  return { questions: 0, steps: 0, maxQuestionSteps: 0, memoHits: 0, cycleCutoffs: 0, depthCutoffs: 0, budgetExhausted: 0 };
}

/** A computation in progress, or (closed) one whose answers may depend on it. */
interface Frame {
  open: boolean;
  /** Outer frames whose cut-offs this computation met (none yet: undefined, most frames meet none). */
  deps: Frame[] | undefined;
  /** Did the depth limit cut this computation (or one it reused)? */
  depthCut: boolean;
}

interface MemoEntry<V> {
  value: V;
  /** The file the key was evaluated in (a key asked from another file is computed afresh). */
  file: string;
  /** The answer holds while all of these are open; none: for good. */
  deps: readonly Frame[];
  /** Cut by the depth limit when computed at this depth: holds at this depth or deeper. -1: not cut. */
  depth: number;
  /** Set while the key is being computed. */
  computing?: Frame;
}

/** The answers for one kind of key. */
export class Memo<K, V> {
  readonly entries = new Map<K, MemoEntry<V>>();
  constructor(
    /**
     * Is a key asked for again while being computed a cycle, answered unknown? The
     * evaluator's jumps (a binding, a function's return, an export…) cut cycles; an
     * expression reached again inside itself (only ever through such a jump) is computed
     * again, unremembered, so the cycle is cut at the jump and its answer holds beyond
     * the question that met it.
     */
    readonly cutsCycles: boolean,
    /** Does the first answer stand even when it met a cycle through an outer frame? */
    readonly settles = false,
  ) {}
}

const NO_DEPS: readonly Frame[] = [];

function allOpen(frames: readonly Frame[]): boolean {
  for (const f of frames) if (!f.open) return false;
  return true;
}

export class EvalGuard {
  private readonly stack: Frame[] = [];
  /** The frame under every question's frames: answers cut by the frame limit or the budget depend on it. */
  private question: Frame = { open: false, deps: undefined, depthCut: false };
  private steps = 0;
  private exhausted = false;
  /** Keys computed over every question, for the clock checks. */
  private computed = 0;
  /** Open frames that count towards the evaluator's depth limit. */
  depth = 0;

  constructor(
    private readonly budget: number,
    /** Frames of any kind nested deeper than this are cut (the evaluator's own depth limit is usually met first). */
    private readonly maxFrames: number,
  ) {}

  /**
   * `compute()` for `key`, or its remembered answer; `unknown` on a cycle, past the frame
   * limit or past the budget. `deepens`: the frame counts towards `depth`.
   */
  run<K, V>(memo: Memo<K, V>, key: K, file: string, unknown: V, deepens: boolean, compute: () => V): V {
    const table = memo.entries;
    const entry = table.get(key);
    // Inside its own computation an expression is computed again, unremembered.
    const again = entry?.computing !== undefined && !memo.cutsCycles;
    if (entry && !again) {
      if (entry.computing) {
        evaluatorStats.cycleCutoffs++;
        this.dependOn(entry.computing);
        return unknown;
      }
      if (entry.file === file && entry.depth <= this.depth && allOpen(entry.deps)) {
        evaluatorStats.memoHits++;
        for (const f of entry.deps) this.dependOn(f);
        if (entry.depth >= 0) this.markDepthCut();
        return entry.value;
      }
    }
    // Before a question begins or a frame opens: an exception here leaves nothing half open.
    if ((++this.computed & (BUDGET_CHECK_EVERY - 1)) === 0) checkBudget();
    if (this.stack.length === 0) this.beginQuestion();
    if (this.stack.length >= this.maxFrames || this.exhausted || this.steps >= this.budget) {
      if (this.stack.length >= this.maxFrames) evaluatorStats.depthCutoffs++;
      else if (!this.exhausted) evaluatorStats.budgetExhausted++;
      if (this.steps >= this.budget) this.exhausted = true;
      this.dependOn(this.question);
      return unknown;
    }
    this.steps++;
    evaluatorStats.steps++;
    const frame: Frame = { open: true, deps: undefined, depthCut: false };
    const mine: MemoEntry<V> = { value: unknown, file, deps: NO_DEPS, depth: -1, computing: frame };
    const depth = this.depth;
    if (!again) table.set(key, mine);
    this.stack.push(frame);
    if (deepens) this.depth++;
    let value: V;
    try {
      value = compute();
    } catch (error) {
      if (table.get(key) === mine) table.delete(key);
      throw error;
    } finally {
      if (deepens) this.depth--;
      this.stack.pop();
      frame.open = false;
      if (this.stack.length === 0) this.endQuestion();
    }
    const deps = frame.deps ? frame.deps.filter((f) => f !== frame) : NO_DEPS;
    for (const f of deps) this.dependOn(f);
    if (frame.depthCut) this.markDepthCut();
    if (table.get(key) === mine) {
      mine.value = value;
      mine.deps = deps.length && !memo.settles ? deps : NO_DEPS;
      mine.depth = frame.depthCut ? depth : -1;
      mine.computing = undefined;
    }
    return value;
  }

  /** The evaluator's depth limit was met: the answers being computed hold only as deep or deeper. */
  cutByDepth(): void {
    evaluatorStats.depthCutoffs++;
    this.markDepthCut();
  }

  private markDepthCut(): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.depthCut = true;
  }

  private dependOn(frame: Frame): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    if (!top.deps) top.deps = [frame];
    else if (!top.deps.includes(frame)) top.deps.push(frame);
  }

  private beginQuestion(): void {
    evaluatorStats.questions++;
    this.question = { open: true, deps: undefined, depthCut: false };
    this.steps = 0;
    this.exhausted = false;
  }

  private endQuestion(): void {
    this.question.open = false;
    if (this.steps > evaluatorStats.maxQuestionSteps) evaluatorStats.maxQuestionSteps = this.steps;
  }
}
