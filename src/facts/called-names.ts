/**
 * The names a file's text calls or constructs (`foo(`, `x.create(`, `new OpenAI(`,
 * `fn<T>(`), found by one linear pass over the text, without parsing. A superset: words in
 * strings and comments count too. The model asks it before parsing a file, to skip files
 * that cannot hold the call it is looking for.
 *
 * Hand-written rather than a regex: an identifier-then-`(` pattern backtracks over long
 * words, and this runs on every candidate file of the scanned code.
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
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isIdentifierStart(c)) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n && isIdentifierPart(text.charCodeAt(i))) i++;
    // A word that continues a longer one (`0x1f`, a digit before it) is still a word here: a superset is fine.
    let j = skipSpace(text, i);
    if (text.charCodeAt(j) === 60 /* < */) j = skipGeneric(text, j);
    if (j >= 0 && text.charCodeAt(skipSpace(text, j)) === 40 /* ( */) {
      const name = text.slice(start, i);
      // The sets outlive the text: a name is copied out of it once per set.
      if (!names.has(name)) names.add(ownCopy(name));
      if (!afterDot.has(name) && followsMemberDot(text, start)) afterDot.add(ownCopy(name));
    }
  }
  return { names, afterDot };
}

/** Is the word at `start` a member name: a `.` before it (spaces and line breaks between), not a spread's `...`? */
function followsMemberDot(text: string, start: number): boolean {
  let k = start - 1;
  while (k >= 0) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    k--;
  }
  return k >= 0 && text.charCodeAt(k) === 46 /* . */ && !(k >= 2 && text.charCodeAt(k - 1) === 46 && text.charCodeAt(k - 2) === 46);
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return i;
}

/** Past a `<…>` type argument list (nested, bounded), or -1 when it is not one. */
function skipGeneric(text: string, i: number): number {
  let depth = 0;
  const end = Math.min(text.length, i + MAX_GENERIC_SPAN);
  for (let k = i; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 60) depth++;
    else if (c === 62) {
      depth--;
      if (depth === 0) return k + 1;
    } else if (c === 40 || c === 41 || c === 59 || c === 123 || c === 125) return -1; // ( ) ; { }: not a type list
  }
  return -1;
}

function isIdentifierStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}

function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || (c >= 48 && c <= 57);
}
