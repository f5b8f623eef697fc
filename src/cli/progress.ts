/**
 * A one-line progress report on a terminal (stderr), for scans that take more than a
 * second: which rule runs, how far along, how long so far. Rewritten in place and cleared
 * before the report is written; never shown when stderr is not a TTY (CI logs, pipes).
 */
import { performance } from "node:perf_hooks";

const SHOW_AFTER_MS = 1_000;

export class Progress {
  private readonly began: number;
  private shown = false;
  private started = 0;

  constructor(
    private readonly stream: Pick<NodeJS.WriteStream, "write" | "columns">,
    private readonly totalRules: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.began = now();
  }

  static for(stream: NodeJS.WriteStream, totalRules: number): Progress | undefined {
    return stream.isTTY && process.env.TERM !== "dumb" && !process.env.CI ? new Progress(stream, totalRules) : undefined;
  }

  /** A rule started (or the per-file rules, together: `a, b, c`). */
  ruleStarted(label: string): void {
    const rules = label.split(", ");
    this.started += rules.length;
    if (rules.length > 1) label = "per-file checks";
    const elapsed = this.now() - this.began;
    if (elapsed < SHOW_AFTER_MS) return;
    const columns = this.stream.columns || 80;
    const line = `aigis: analysing ${Math.min(this.started, this.totalRules)}/${this.totalRules} (${label}) · ${(elapsed / 1000).toFixed(1)} s`;
    this.stream.write(`\r${line.slice(0, columns - 1)}\u001b[K`);
    this.shown = true;
  }

  /** Clears the line, so that the report starts on a clean one. */
  done(): void {
    if (this.shown) this.stream.write("\r\u001b[K");
    this.shown = false;
  }
}
