/**
 * Glob matching for ignore patterns (`*`, `?`, `[…]`, `**`), without regular expressions.
 *
 * The patterns come from the scanned repository (`.gitignore`, `.aigisignore`), so they must
 * never reach a backtracking engine: `*a*a*a*a*b` against a long name would take forever.
 * Both levels (characters within a segment, segments within a path) use the classic
 * wildcard walk that remembers only the last star, which costs at most pattern × text steps.
 */

type CharToken = { kind: "star" } | { kind: "any" } | { kind: "char"; char: string } | { kind: "class"; negated: boolean; ranges: Array<[string, string]> };

/** One path segment of a pattern (no `/`), compiled once. */
export class SegmentGlob {
  private compiled: CharToken[] | undefined;
  /** Literal text, when the segment has no wildcard at all. */
  readonly literal: string | undefined;
  /** The literal characters before the first wildcard and after the last one (used to index patterns). */
  readonly head: string;
  readonly tail: string;

  constructor(readonly source: string) {
    // Indexing needs only the fixed ends; the tokens are built on the first match, as most
    // patterns of a big ignore file are never tried.
    const { head, tail, wild } = fixedEnds(source);
    this.literal = wild ? undefined : head;
    this.head = wild ? head : "";
    this.tail = wild ? tail : "";
  }

  private get tokens(): CharToken[] {
    return (this.compiled ??= compileSegment(this.source));
  }

  /** Whether the segment glob is the bare `*` (any one name). */
  get isStar(): boolean {
    return this.tokens.length > 0 && this.tokens.every((t) => t.kind === "star");
  }

  matches(name: string): boolean {
    const tokens = this.tokens;
    let t = 0;
    let n = 0;
    let starT = -1;
    let starN = 0;
    while (n < name.length) {
      const token = tokens[t];
      if (token?.kind === "star") {
        starT = t++;
        starN = n;
        continue;
      }
      if (token && matchesChar(token, name[n]!)) {
        t++;
        n++;
        continue;
      }
      if (starT < 0) return false;
      t = starT + 1;
      n = ++starN;
    }
    while (tokens[t]?.kind === "star") t++;
    return t === tokens.length;
  }
}

/** A path pattern: segments, where a `**` segment stands for any number of path segments. */
export class PathGlob {
  readonly segments: Array<SegmentGlob | "**">;

  constructor(segments: readonly string[]) {
    this.segments = segments.map((s) => (s === "**" ? "**" : new SegmentGlob(s)));
  }

  matches(path: readonly string[]): boolean {
    const segs = this.segments;
    let p = 0;
    let s = 0;
    let starP = -1;
    let starS = 0;
    while (s < path.length) {
      const seg = segs[p];
      if (seg === "**") {
        starP = p++;
        starS = s;
        continue;
      }
      if (seg && seg.matches(path[s]!)) {
        p++;
        s++;
        continue;
      }
      if (starP < 0) return false;
      p = starP + 1;
      s = ++starS;
    }
    while (segs[p] === "**") p++;
    return p === segs.length;
  }
}

/** The unescaped literal text before the first wildcard and after the last, and whether there is one. */
function fixedEnds(source: string): { head: string; tail: string; wild: boolean } {
  let head = "";
  let tail = "";
  let wild = false;
  for (let i = 0; i < source.length; i++) {
    let c = source[i]!;
    const classEnd = c === "[" ? parseClass(source, i)?.end : undefined;
    if (c === "*" || c === "?" || classEnd !== undefined) {
      wild = true;
      tail = "";
      if (classEnd !== undefined) i = classEnd;
      continue;
    }
    if (c === "\\" && i + 1 < source.length) c = source[++i]!;
    if (wild) tail += c;
    else head += c;
  }
  return { head, tail, wild };
}

function matchesChar(token: CharToken, c: string): boolean {
  switch (token.kind) {
    case "any":
      return true;
    case "char":
      return token.char === c;
    case "class": {
      const inside = token.ranges.some(([lo, hi]) => c >= lo && c <= hi);
      return inside !== token.negated;
    }
    default:
      return false;
  }
}

function compileSegment(source: string): CharToken[] {
  const tokens: CharToken[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\" && i + 1 < source.length) {
      tokens.push({ kind: "char", char: source[++i]! });
    } else if (c === "*") {
      if (tokens[tokens.length - 1]?.kind !== "star") tokens.push({ kind: "star" });
    } else if (c === "?") {
      tokens.push({ kind: "any" });
    } else if (c === "[") {
      const parsed = parseClass(source, i);
      if (parsed) {
        tokens.push(parsed.token);
        i = parsed.end;
      } else {
        tokens.push({ kind: "char", char: c });
      }
    } else {
      tokens.push({ kind: "char", char: c });
    }
  }
  return tokens;
}

/** `[abc]`, `[a-z]`, `[!x]`, `[^x]`; a `]` right after the opening is literal. Undefined when unclosed. */
function parseClass(source: string, open: number): { token: CharToken; end: number } | undefined {
  let i = open + 1;
  let negated = false;
  if (source[i] === "!" || source[i] === "^") {
    negated = true;
    i++;
  }
  const ranges: Array<[string, string]> = [];
  let first = true;
  while (i < source.length) {
    let c = source[i]!;
    if (c === "]" && !first) return { token: { kind: "class", negated, ranges }, end: i };
    first = false;
    if (c === "\\" && i + 1 < source.length) c = source[++i]!;
    if (source[i + 1] === "-" && i + 2 < source.length && source[i + 2] !== "]") {
      let hi = source[i + 2]!;
      i += 2;
      if (hi === "\\" && i + 1 < source.length) hi = source[++i]!;
      ranges.push([c, hi]);
    } else {
      ranges.push([c, c]);
    }
    i++;
  }
  return undefined;
}
