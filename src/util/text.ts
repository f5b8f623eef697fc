/** Small text helpers shared by facts, rules and reporters. */

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (what editors and SARIF expect). */
  column: number;
}

/**
 * `part` in storage of its own. A substring of 13 characters or more shares the storage of
 * the string it was cut from (V8's sliced strings), so a name kept from a file's text keeps
 * the whole text alive: facts kept for the scan copy what they keep. A shorter part is a
 * copy already.
 */
export function ownCopy(part: string): string {
  return part.length < 13 ? part : (" " + part).slice(1);
}

/**
 * `text` without the run of `char` at its start or end. A loop, where `/\/+$/` would try
 * the run again from each of its characters (a string literal of slashes in the scanned
 * code made that quadratic).
 */
export function trimRun(text: string, char: string, from: "start" | "end" | "both" = "end"): string {
  let start = 0;
  let end = text.length;
  if (from !== "end") while (start < end && text[start] === char) start++;
  if (from !== "start") while (end > start && text[end - 1] === char) end--;
  return text.slice(start, end);
}

/** A route path up to its first parameter or wildcard segment (`/api/chat/:id` → `/api/chat`). */
export function pathBeforeParameters(path: string): string {
  const at = /\/[:*[]/.exec(path);
  return at ? path.slice(0, at.index) : path;
}

/** Offsets at which each line starts; `lineStarts[0] === 0`. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  let at = text.indexOf("\n");
  while (at !== -1) {
    starts.push(at + 1);
    at = text.indexOf("\n", at + 1);
  }
  return starts;
}

export function positionAt(lineStarts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Splits an identifier into lower-case words: `NEXT_PUBLIC_OPENAI_API_KEY`,
 * `openaiApiKey`, `openai.api_key`, `"openai-api-key"` all work.
 */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])(?=[A-Z][a-z])/g, "$1 ")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Code or text quoted in a message: on one line, cut to `max` characters with an ellipsis. */
export function oneLineSnippet(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 3)}…` : flat;
}

export function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Relative path with forward slashes, whatever the platform. */
export function toPosix(path: string): string {
  return path.split("\\").join("/");
}
