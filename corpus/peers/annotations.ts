/**
 * Reading the expectations peers write into their own test files: which lines their rule
 * must report and which it must leave quiet. Two styles, as `suites.json` names them.
 * Pure functions over a file's text; lines are 1-based.
 */
import { z } from "zod";

export const AnnotationStyle = z.discriminatedUnion("kind", [
  /** Semgrep: `// ruleid: <rule>` (or `ok`) on its own line marks the next code line. */
  z.object({
    kind: z.literal("comment-before"),
    expected: z.array(z.string()).min(1),
    quiet: z.array(z.string()),
    /** Only annotations naming a rule that contains this text count (a test file may test several rules). */
    rulesContaining: z.string().optional(),
  }),
  /** CodeQL inline expectations: `// $ Alert[<query>]` at the end of the line it marks. */
  z.object({
    kind: z.literal("trailing-alert"),
    queries: z.array(z.string()).min(1),
  }),
]);
export type AnnotationStyle = z.infer<typeof AnnotationStyle>;

export interface Expectations {
  /** Lines the peer's rule must report. */
  expected: number[];
  /** Lines explicitly marked as needing no report (everything unmarked is quiet too). */
  quiet: number[];
}

export function readExpectations(text: string, style: AnnotationStyle): Expectations {
  const lines = text.split(/\r?\n/);
  return style.kind === "comment-before" ? readCommentBefore(lines, style) : readTrailingAlerts(lines, style);
}

const MARKER_LINE = /^\s*\/\/\s*([a-z]+)\s*:\s*(.*?)\s*$/i;

function readCommentBefore(lines: readonly string[], style: Extract<AnnotationStyle, { kind: "comment-before" }>): Expectations {
  const expected = new Set<number>();
  const quiet = new Set<number>();
  // Markers wait for the next line of code: several may be stacked, blank lines between are skipped.
  let pending: "expected" | "quiet" | undefined;
  lines.forEach((line, index) => {
    const marker = MARKER_LINE.exec(line);
    if (marker) {
      const verdict = verdictOf(marker[1]!.toLowerCase(), marker[2]!, style);
      if (verdict === "expected" || (verdict === "quiet" && pending === undefined)) pending = verdict;
      return;
    }
    if (line.trim() === "" || /^\s*\/\//.test(line)) return;
    if (pending === "expected") expected.add(index + 1);
    else if (pending === "quiet") quiet.add(index + 1);
    pending = undefined;
  });
  return { expected: [...expected], quiet: [...quiet] };
}

function verdictOf(word: string, rules: string, style: Extract<AnnotationStyle, { kind: "comment-before" }>): "expected" | "quiet" | undefined {
  const named = rules.split(",").map((r) => r.trim()).filter(Boolean);
  if (style.rulesContaining !== undefined && !named.some((r) => r.includes(style.rulesContaining!))) return undefined;
  if (style.expected.includes(word)) return "expected";
  if (style.quiet.includes(word)) return "quiet";
  return undefined;
}

/** The text after `// $` on a line, where inline expectations are written. */
const INLINE_EXPECTATION = /\/\/\s*\$\s*(.*)$/;
/** One tag: `Alert`, `Alert[q1,q2]`, `Alert=value`; other tags (`Source`, `Sink`…) are ignored. */
const TAG = /^([A-Za-z]+)(?:\[([^\]]*)\])?(?:=\S*)?$/;

function readTrailingAlerts(lines: readonly string[], style: Extract<AnnotationStyle, { kind: "trailing-alert" }>): Expectations {
  const expected: number[] = [];
  const quiet: number[] = [];
  lines.forEach((line, index) => {
    const comment = INLINE_EXPECTATION.exec(line);
    if (!comment) return;
    // `MISSING:` and `SPURIOUS:` qualify the tags after them: the peer's known misses and false alarms.
    let mode: "expected" | "quiet" = "expected";
    let verdict: "expected" | "quiet" | undefined;
    for (const token of comment[1]!.split(/\s+/).filter(Boolean)) {
      if (token === "MISSING:") mode = "expected";
      else if (token === "SPURIOUS:") mode = "quiet";
      else {
        const tag = TAG.exec(token);
        if (tag?.[1] !== "Alert") continue;
        const queries = tag[2]?.split(",").map((q) => q.trim());
        if (queries && !queries.some((q) => style.queries.includes(q))) continue;
        if (verdict !== "expected") verdict = mode;
      }
    }
    if (verdict === "expected") expected.push(index + 1);
    else if (verdict === "quiet") quiet.push(index + 1);
  });
  return { expected, quiet };
}
