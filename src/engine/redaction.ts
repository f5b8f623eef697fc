/**
 * Redaction, in one place: every snippet is cut from a file through here. What is masked
 * is the secret value itself, derived from the text; a detector's range only says where to
 * look (secretlint's AWS rule reports a range that starts at the key's *name*):
 *   - each span a detector marked, widened to the whole value token it touches,
 *   - every credential of a known format (`REDACTION_SHAPES`), whoever found it, or none did.
 * Only a format's public prefix (`sk-proj-`, `AKIA`) may stay visible.
 *
 * The masks of a file are built once (the first time one of its findings is cut), each
 * line's bounds once; a snippet then costs its own width, whatever the line's length
 * or the number of findings on it.
 */
import { firstIndexWhereNot } from "../util/sorted.js";
import type { FileFacts, SecretSpan } from "../facts/file-facts.js";
import { REDACTION_SHAPES } from "../knowledge/provider-keys.js";

export const REDACTED = "********";
export const SNIPPET_WIDTH = 160;
// How much of the line before the finding's column a clipped snippet keeps.
const LEAD = 40;

/** A stretch of text that never shows, but for its first `visible` characters. */
interface Mask {
  start: number;
  end: number;
  visible: number;
}

interface FileRedaction {
  /** The spans the masks were built from (a detector marking more replaces the array). */
  spans: readonly SecretSpan[];
  /** Sorted, disjoint: ends increase with starts, so a binary search finds a line's first. */
  masks: Mask[];
  /** Line → [start, end) offsets, trailing whitespace dropped. */
  lines: Map<number, readonly [number, number]>;
}

const CACHE = new WeakMap<FileFacts, FileRedaction>();

/** Work done, for the robustness suite's budgets: mask builds (per file) and line measurements (per line). */
export const redactionWork = { maskBuilds: 0, lineBounds: 0 };

// One pass finds every known format; group i+1 is shape i's public prefix. A format that
// starts with a letter never starts inside a longer word.
const SHAPES = new RegExp(REDACTION_SHAPES.map((s) => `${/^[-:]/.test(s.prefix) ? "" : "(?<![A-Za-z0-9_])"}(${s.prefix})${s.secret}`).join("|"), "g");

// A value token: what a key, a password or a base64 blob is made of.
const VALUE_CHAR = /[A-Za-z0-9_\-+/=.~]/;
const WORD_CHAR = /[A-Za-z0-9_]/;

/**
 * The finding's line, secrets masked, cut to `SNIPPET_WIDTH` characters of the original
 * line around `column` (with `…` where it was cut).
 */
export function redactedSnippet(file: FileFacts, line: number, column: number): string {
  const state = redactionOf(file);
  const [lineStart, lineEnd] = lineBounds(file, state, line);
  if (lineEnd - lineStart <= SNIPPET_WIDTH) return render(file.text, state.masks, lineStart, lineEnd, lineStart);
  const from = lineStart + Math.max(0, Math.min(column - 1 - LEAD, lineEnd - lineStart - SNIPPET_WIDTH));
  const to = from + SNIPPET_WIDTH;
  return `${from > lineStart ? "…" : ""}${render(file.text, state.masks, from, to, lineStart)}${to < lineEnd ? "…" : ""}`;
}

function redactionOf(file: FileFacts): FileRedaction {
  const spans = file.secretSpans;
  let state = CACHE.get(file);
  if (!state || state.spans !== spans) {
    state = { spans, masks: buildMasks(file.text, spans), lines: state?.lines ?? new Map() };
    redactionWork.maskBuilds++;
    CACHE.set(file, state);
  }
  return state;
}

function lineBounds(file: FileFacts, state: FileRedaction, line: number): readonly [number, number] {
  let bounds = state.lines.get(line);
  if (!bounds) {
    const start = file.lineStarts[line - 1] ?? file.text.length;
    const next = file.lineStarts[line];
    let end = next === undefined ? file.text.length : next - 1;
    while (end > start && /\s/.test(file.text[end - 1]!)) end--;
    bounds = [start, end];
    state.lines.set(line, bounds);
    redactionWork.lineBounds++;
  }
  return bounds;
}

/** `[from, to)` of the text with every mask applied; a mask begun before `lineStart` shows no prefix. */
function render(text: string, masks: readonly Mask[], from: number, to: number, lineStart: number): string {
  let out = "";
  let at = from;
  for (let i = firstMaskEndingAfter(masks, from); i < masks.length && masks[i]!.start < to; i++) {
    const mask = masks[i]!;
    const begin = Math.max(mask.start, from);
    const visible = mask.start >= lineStart ? Math.max(0, Math.min(mask.start + mask.visible, mask.end, to) - begin) : 0;
    out += text.slice(at, begin) + text.slice(begin, begin + visible) + REDACTED;
    at = Math.min(mask.end, to);
  }
  return out + text.slice(at, to);
}

function firstMaskEndingAfter(masks: readonly Mask[], offset: number): number {
  return firstIndexWhereNot(masks, (mask) => mask.end <= offset);
}

/** The detectors' spans, widened to their values, and every known format: sorted and merged. */
function buildMasks(text: string, spans: readonly SecretSpan[]): Mask[] {
  const masks: Mask[] = widened(text, spans);
  SHAPES.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SHAPES.exec(text))) {
    const prefix = m.slice(1).find((g) => g !== undefined) ?? "";
    masks.push({ start: m.index, end: m.index + m[0].length, visible: prefix.length });
  }
  return merged(masks);
}

/**
 * A range that ends inside a token would leave the token's tail visible, one that starts
 * inside a word its head: each runs to the token's ends (a widened head shows nothing).
 * Scans never revisit text an earlier span already reached, so the cost is one pass.
 */
function widened(text: string, spans: readonly SecretSpan[]): Mask[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Mask[] = [];
  let reach = 0;
  for (const span of sorted) {
    let start = Math.max(0, span.start);
    let end = Math.min(text.length, Math.max(span.end, start));
    let visible = span.visible;
    if (start > reach && start < end && WORD_CHAR.test(text[start]!)) {
      const head = start;
      while (start > reach && WORD_CHAR.test(text[start - 1]!)) start--;
      if (start < head) visible = 0;
    }
    if (end > reach && end > start && VALUE_CHAR.test(text[end - 1]!)) {
      while (end < text.length && VALUE_CHAR.test(text[end]!)) end++;
    }
    reach = Math.max(reach, end);
    out.push({ start, end, visible });
  }
  return out;
}

/** Overlapping masks become one; a character stays visible only if every mask over it lets it. */
function merged(masks: Mask[]): Mask[] {
  masks.sort((a, b) => a.start - b.start || a.visible - b.visible);
  const out: Mask[] = [];
  for (const mask of masks) {
    if (mask.end <= mask.start) continue;
    const last = out[out.length - 1];
    if (last && mask.start < last.end) {
      last.visible = Math.min(last.visible, mask.start - last.start + mask.visible);
      last.end = Math.max(last.end, mask.end);
    } else {
      out.push({ ...mask, visible: Math.min(mask.visible, mask.end - mask.start) });
    }
  }
  return out;
}
