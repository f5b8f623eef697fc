/**
 * Analysis budgets: no input makes a scan run unbounded.
 *
 * One budget per scan. Each file gets `fileMs` of analysis, summed over every part that
 * works on it (per-file rules, the AI surface walk, route reachability, data flow…); the
 * whole scan gets `scanMs`. Time is read from a monotonic clock (the process's CPU time
 * unless told otherwise), cooperatively and cheaply:
 * at unit boundaries (`AnalysisGaps.contain`, each per-file rule on each file) and every
 * `CHECK_EVERY` evaluator steps (`checkBudget` in `EvalGuard`). A unit whose time runs out
 * throws `BudgetExceeded`; `contain` catches it, so that unit stops there, the file's
 * other units are skipped, and every other file's results stand.
 *
 * Units nest (a flow question inside a prompt's analysis): the clock is charged to the
 * innermost unit's file only, and the outer unit's deadline is worked out again when it
 * resumes.
 */
import { performance } from "node:perf_hooks";

export interface BudgetLimits {
  /** Milliseconds of analysis one file may take (a file larger than `FILE_MS_COVERS` chars gets as much per such share). */
  fileMs: number;
  /** Milliseconds the whole scan may spend (its cheap text checks still complete). */
  scanMs: number;
}

export interface BudgetOptions extends Partial<BudgetLimits> {
  /** A monotonic clock in milliseconds (tests inject a fake one). */
  now?: () => number;
}

/**
 * The default clock: this process's CPU time, in milliseconds. It only moves while aigis
 * computes, so a busy machine (other processes, a loaded CI runner) does not cut an
 * analysis short that would finish in budget on an idle one.
 */
export function cpuClock(): number {
  // Reading CPU time is a system call (10–80 µs on a busy machine, and the budget reads the
  // clock around every unit of work): it is read at most every CPU_SYNC_MS of wall time, and
  // between two reads the wall clock stands in for it, capped at that interval. So the value
  // is never more than CPU_SYNC_MS ahead of or behind the true CPU time, and never goes back.
  const wall = performance.now();
  if (cpuReadAt < 0 || wall - wallAtRead >= CPU_SYNC_MS) {
    const { user, system } = process.cpuUsage();
    cpuReadAt = (user + system) / 1000;
    wallAtRead = wall;
  }
  lastCpuClock = Math.max(lastCpuClock, cpuReadAt + Math.min(wall - wallAtRead, CPU_SYNC_MS));
  return lastCpuClock;
}

// A read costs 0.1 ms on this 2-core VM; 50 ms of drift is 5 % of a file's default budget.
const CPU_SYNC_MS = 50;
let cpuReadAt = -1;
let wallAtRead = 0;
let lastCpuClock = 0;

export const DEFAULT_FILE_MS = 1_000;
/**
 * The characters one `fileMs` covers: a larger file gets proportionally more, since its
 * analysis is linear in its size (3,000 route handlers in one file are a lot of honest
 * work, not a hang); a small file that blows up still stops at `fileMs`.
 */
export const FILE_MS_COVERS = 100_000;
/** The scan budget grows with the project: never below 120 s, 25 ms per file above that. */
const MIN_SCAN_MS = 120_000;
const SCAN_MS_PER_FILE = 25;

export function defaultLimits(fileCount: number): BudgetLimits {
  return { fileMs: DEFAULT_FILE_MS, scanMs: Math.max(MIN_SCAN_MS, SCAN_MS_PER_FILE * fileCount) };
}

/** The limits in force: the defaults for a project of `fileCount` files, each override's set keys on top (config, then options). */
export function limitsInForce(fileCount: number, ...overrides: Array<Partial<BudgetLimits> | undefined>): BudgetLimits {
  const set = (limits: Partial<BudgetLimits> | undefined) => Object.fromEntries(Object.entries(limits ?? {}).filter(([, v]) => v !== undefined));
  return Object.assign(defaultLimits(fileCount), ...overrides.map(set));
}

/** The cause recorded for a unit of work stopped by a file's budget (one warning per file names it). */
export const FILE_BUDGET_CAUSE = "its analysis ran out of time";
/** The cause recorded for work stopped or skipped by the scan's budget. */
export const SCAN_BUDGET_CAUSE = "the scan's analysis ran out of time";

/** The file "." is no single file: work on the whole project, bound by the scan's budget only. */
const WHOLE_PROJECT = ".";

/** Thrown at a checkpoint past the deadline; its message is the cause a gap records. */
export class BudgetExceeded extends Error {
  constructor(readonly scope: "file" | "scan") {
    super(scope === "file" ? FILE_BUDGET_CAUSE : SCAN_BUDGET_CAUSE);
    this.name = "BudgetExceeded";
  }
}

interface Unit {
  file: string;
  /** When the clock was last charged for this unit. */
  since: number;
}

/** The budget whose unit runs now (units are synchronous, so one scan's at a time). */
let active: AnalysisBudget | undefined;

/** A cooperative checkpoint: throws `BudgetExceeded` when the running unit's time is up. */
export function checkBudget(): void {
  active?.checkpoint();
}

export class AnalysisBudget {
  readonly limits: BudgetLimits;
  private readonly now: () => number;
  private readonly scanDeadline: number;
  private readonly began: number;
  private readonly spent = new Map<string, number>();
  /** Files whose analysis was stopped, with the time they had taken then. */
  private readonly stopped = new Map<string, number>();
  private scanStoppedAt: number | undefined;
  private readonly units: Unit[] = [];
  /** When the innermost unit must stop. */
  private deadline = Infinity;

  constructor(
    limits: BudgetLimits,
    now: () => number = cpuClock,
    /** The length of a file's text (a large file's budget grows with it). */
    private readonly sizeOf: (file: string) => number = () => 0,
  ) {
    this.limits = limits;
    this.now = now;
    this.began = now();
    this.scanDeadline = this.began + limits.scanMs;
  }

  /** Has `file`'s or the scan's time run out (then its units are skipped)? Records the stop. */
  exhausted(file: string): "file" | "scan" | undefined {
    const now = this.now();
    if (now >= this.scanDeadline) {
      this.scanStoppedAt ??= now - this.began;
      return "scan";
    }
    if (file !== WHOLE_PROJECT && this.spentOn(file) >= this.limitOf(file)) {
      this.recordStop(file);
      return "file";
    }
    return undefined;
  }

  /** Runs one synchronous unit of work on `file`, charging its time to the file. */
  run<T>(file: string, work: () => T): T {
    const now = this.now();
    const outer = this.units[this.units.length - 1];
    if (outer) this.charge(outer, now);
    const unit: Unit = { file, since: now };
    this.units.push(unit);
    this.deadline = this.deadlineOf(file, now);
    const previous = active;
    active = this;
    try {
      return work();
    } finally {
      active = previous;
      const end = this.now();
      this.charge(unit, end);
      this.units.pop();
      if (outer) {
        outer.since = end;
        this.deadline = this.deadlineOf(outer.file, end);
      } else this.deadline = Infinity;
    }
  }

  /** Throws `BudgetExceeded` when the running unit is past its deadline. */
  checkpoint(): void {
    const now = this.now();
    if (now < this.deadline) return;
    const unit = this.units[this.units.length - 1];
    if (!unit) return;
    if (now >= this.scanDeadline) {
      this.scanStoppedAt ??= now - this.began;
      throw new BudgetExceeded("scan");
    }
    this.charge(unit, now);
    this.recordStop(unit.file);
    throw new BudgetExceeded("file");
  }

  /** Files whose analysis was stopped, with the milliseconds they had taken then. */
  stoppedFiles(): ReadonlyMap<string, number> {
    return this.stopped;
  }

  /** Milliseconds into the scan when its budget ran out, if it did. */
  get scanStoppedAfter(): number | undefined {
    return this.scanStoppedAt;
  }

  spentOn(file: string): number {
    return this.spent.get(file) ?? 0;
  }

  /** The milliseconds `file` may take: `fileMs`, or more for a large file. */
  limitOf(file: string): number {
    return this.limits.fileMs * Math.max(1, this.sizeOf(file) / FILE_MS_COVERS);
  }

  private charge(unit: Unit, now: number): void {
    if (unit.file !== WHOLE_PROJECT) this.spent.set(unit.file, this.spentOn(unit.file) + (now - unit.since));
    unit.since = now;
  }

  private recordStop(file: string): void {
    if (!this.stopped.has(file)) this.stopped.set(file, this.spentOn(file));
  }

  private deadlineOf(file: string, now: number): number {
    const fileLeft = file === WHOLE_PROJECT ? Infinity : this.limitOf(file) - this.spentOn(file);
    return Math.min(now + fileLeft, this.scanDeadline);
  }
}

/** `1,234 ms` (a fixed format, whatever the locale). */
export function formatMs(ms: number): string {
  return `${String(Math.round(ms)).replace(/\B(?=(\d{3})+(?!\d))/g, ",")} ms`;
}
