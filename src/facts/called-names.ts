/**
 * The names a file's text calls or constructs (`foo(`, `x.create(`, `new OpenAI(`,
 * `fn<T>(`), found without parsing. A superset: words in strings and comments count too. The
 * model asks it before parsing a file, to skip files that cannot hold the call it is looking
 * for.
 *
 * The pass goes from each `(` back to the word before it, rather than forward over every
 * word: `indexOf` finds the parentheses far faster than a loop reads the words, and each
 * step back stops at the previous `(`, so the whole pass stays linear. Hand-written rather
 * than a regex: an identifier-then-`(` pattern backtracks over long words, and this runs on
 * every code file of the scanned repository.
 */

import { ownCopy } from "../util/text.js";

const MAX_GENERIC_SPAN = 200;

export function calledNames(text: string): Set<string> {
  return scanCalls(text).names;
}

/**
 * The same pass, telling member calls apart: `names` holds every called name, `afterDot` those
 * called through a member (`x.create(`, `a?.run(`, `b\n  .stream(`). A name called both ways is
 * in both. A bare `run(` cannot be an SDK method, whatever the tables call one.
 */
export function scanCalls(text: string): { names: Set<string>; afterDot: Set<string> } {
  const names = new Set<string>();
  const afterDot = new Set<string>();
  for (let paren = text.indexOf("("); paren !== -1; paren = text.indexOf("(", paren + 1)) {
    let k = skipSpaceBack(text, paren - 1);
    if (text.charCodeAt(k) === 62 /* > */) {
      // `fn<T>(`: the name is before the type arguments.
      k = genericStart(text, k);
      if (k < 0) continue;
      k = skipSpaceBack(text, k - 1);
    }
    const end = k + 1;
    while (k >= 0 && isIdentifierPart(text.charCodeAt(k))) k--;
    // Leading digits are no part of a name (`0x1f(` calls `x1f` as far as a superset cares).
    let start = k + 1;
    while (start < end && !isIdentifierStart(text.charCodeAt(start))) start++;
    if (start >= end) continue;
    const name = text.slice(start, end);
    // The sets outlive the text: a name is copied out of it once per set.
    if (!names.has(name)) names.add(ownCopy(name));
    if (!afterDot.has(name) && followsMemberDot(text, start)) afterDot.add(ownCopy(name));
  }
  return { names, afterDot };
}

/** Is the word at `start` a member name: a `.` before it (spaces and line breaks between), not a spread's `...`? */
function followsMemberDot(text: string, start: number): boolean {
  const k = skipSpaceBack(text, start - 1);
  return k >= 0 && text.charCodeAt(k) === 46 /* . */ && !(k >= 2 && text.charCodeAt(k - 1) === 46 && text.charCodeAt(k - 2) === 46);
}

/** The last position at or before `i` that is not a space or line break (-1 when none is). */
function skipSpaceBack(text: string, i: number): number {
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i--;
  }
  return i;
}

/**
 * The `<` opening the type argument list that ends at the `>` at `close` (nested, bounded), or
 * -1 when it is not one: a `( ) ; { }` inside means it is a comparison or an arrow.
 */
function genericStart(text: string, close: number): number {
  let depth = 0;
  const stop = Math.max(-1, close - MAX_GENERIC_SPAN);
  for (let k = close; k > stop; k--) {
    const c = text.charCodeAt(k);
    if (c === 62) depth++;
    else if (c === 60) {
      depth--;
      if (depth === 0) return k;
    } else if (c === 40 || c === 41 || c === 59 || c === 123 || c === 125) return -1;
  }
  return -1;
}

function isIdentifierStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}

function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || (c >= 48 && c <= 57);
}
