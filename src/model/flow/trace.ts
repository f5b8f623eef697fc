/**
 * What the data-flow engine answers with: traces from a source to the expression asked
 * about, each with the steps it took, and what happened to the data on the way
 * (validated, bounded, roles limited).
 */
import type { FileFacts } from "../../facts/file-facts.js";

export interface Step {
  file: string;
  start: number;
  /** What happened here, in a few words: `question (destructured)`, `buildPrompt() returns it`. */
  note: string;
}

export interface FlowSource {
  /** `request body (req.body)`, `server action argument`, `model output of chat.completions.create`. */
  label: string;
  file: string;
  start: number;
  /**
   * The source is a record of named values (every environment variable): a member read of
   * it picks one, which the oracle's `member` judges on its own.
   */
  record?: true;
  /**
   * What the user entered on their own device (typed into a form, picked, dictated), read
   * by the code that runs there: it crosses no trust boundary until that code sends it on.
   */
  ownInput?: true;
}

export interface Trace {
  source: FlowSource;
  /** Steps from the source towards the sink, in order. */
  steps: Step[];
  /** Where a schema validated the data, when it did. */
  validated?: Step;
  /** The text of the schema that validated it (judged per field in `flow/schemas.ts`). */
  schema?: string;
  /** Where it was checked against a fixed list of allowed values (`if (!ALLOWED.includes(x)) return`). */
  allowListed?: Step;
  /** Where its size was bounded (truncation, length check, schema maximum), when it was. */
  bounded?: Step;
  /** Where a cap on its size belongs and is missing (an upload middleware with no size limit). */
  uncapped?: Step;
  /** The value is the source's data itself or a part of it, not text combined with other text. */
  whole: boolean;
  /** Message roles were fixed, filtered or validated on the way (a client cannot send `system`). */
  rolesLimited?: Step;
  /** It went through a destructured field whose default is a number or boolean (`{ count = 4 }`): likely not text, kept after other traces. */
  numberDefault?: boolean;
  /** Variable and member names the data went by (to recognise a conversation array). */
  names: string[];
}

/** A step or source as users read it: `src/routes/chat.ts:12`. */
export interface PathEntry {
  file: string;
  line: number;
  note: string;
}

const MAX_STEPS = 10;

export function withStep(trace: Trace, step: Step): Trace {
  const last = trace.steps[trace.steps.length - 1];
  if (last && last.file === step.file && last.start === step.start) return trace;
  const steps = trace.steps.length >= MAX_STEPS ? [...trace.steps.slice(0, 3), ...trace.steps.slice(-(MAX_STEPS - 4)), step] : [...trace.steps, step];
  return { ...trace, steps };
}

/** The path of a trace, from its source to `sink`, with line numbers. */
export function pathOf(trace: Trace, sink: Step, fileOf: (rel: string) => FileFacts | undefined): PathEntry[] {
  const entry = (s: { file: string; start: number }, note: string): PathEntry => ({ file: s.file, line: fileOf(s.file)?.positionAt(s.start).line ?? 0, note });
  const out: PathEntry[] = [entry(trace.source, trace.source.label)];
  for (const step of trace.steps) {
    const e = entry(step, step.note);
    const prev = out[out.length - 1]!;
    if (prev.file === e.file && prev.line === e.line) continue;
    out.push(e);
  }
  const end = entry(sink, sink.note);
  const prev = out[out.length - 1]!;
  if (!(prev.file === end.file && prev.line === end.line)) out.push(end);
  else prev.note = `${prev.note}; ${end.note}`;
  return out;
}

/** `req.body (src/app.ts:4) → question (src/app.ts:5) → system prompt (src/app.ts:9)`. */
export function describePath(path: readonly PathEntry[]): string {
  return path.map((p) => `${p.note} (${p.file}:${p.line})`).join(" → ");
}

/** Traces from distinct sources first, at most `limit`. */
export function distinctTraces(traces: readonly Trace[], limit = 4): Trace[] {
  // Most questions end with no trace or one: no keys to build then (the tracker asks this at every step).
  if (traces.length <= 1) return traces.slice();
  const seen = new Set<string>();
  const out: Trace[] = [];
  // Traces that are likely text first, so a limit keeps them (a stable order otherwise).
  const ordered = traces.some((t) => t.numberDefault) ? [...traces.filter((t) => !t.numberDefault), ...traces.filter((t) => t.numberDefault)] : traces;
  for (const t of ordered) {
    const key = `${t.source.file}:${t.source.start}:${t.validated ? 1 : 0}:${t.bounded ? 1 : 0}:${t.whole ? 1 : 0}:${t.rolesLimited ? 1 : 0}:${t.allowListed ? 1 : 0}:${t.names.join(".")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  if (out.length <= limit) return out;
  // Too many: keep those with the fewest checks on the way (what a rule reports is a check missing), in their order.
  const kept = new Set(out.map((t, i) => ({ t, i, checks: checksOn(t) })).sort((a, b) => a.checks - b.checks || a.i - b.i).slice(0, limit).map((e) => e.t));
  return out.filter((t) => kept.has(t));
}

/** How many of the checks the rules look for a trace passed (a schema, a size bound, an allow-list, fixed roles). */
function checksOn(t: Trace): number {
  return (t.validated ? 1 : 0) + (t.bounded ? 1 : 0) + (t.allowListed ? 1 : 0) + (t.rolesLimited ? 1 : 0);
}
