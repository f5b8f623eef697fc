/**
 * Regular expressions written in the scanned code (middleware matchers, route matcher
 * lists, regex literals tested against the request path) run here, on RE2 (`re2js`):
 * time linear in the text whatever the pattern, so `(a+)+b` cannot stall a scan.
 *
 * A JavaScript pattern is parsed into a small tree and written out in RE2's syntax (its
 * escapes, classes and `.` keep their JavaScript meaning). RE2 has look-behinds but no
 * look-aheads; a look-ahead read backwards is a look-behind, so a pattern with
 * look-aheads (`/((?!_next|favicon.ico).*)`) is reversed and tested on the reversed text.
 * What RE2 cannot express (back-references, look-aheads and look-behinds together, over-long
 * or over-deep patterns) is refused with a reason: the caller decides what an unknown
 * answer means for it, and says so. Nothing here ever runs a backtracking engine.
 */
import { RE2JS } from "re2js";

export type SafeRegex = { ok: true; test(text: string): boolean } | { ok: false; reason: string };

/** Longer patterns are refused: they are not path matchers, and RE2's compiled program grows with them. */
const MAX_PATTERN_LENGTH = 4_096;
/** Deeper group nesting is refused: the tree is reversed and written out recursively. */
const MAX_GROUP_DEPTH = 64;

const cache = new Map<string, SafeRegex>();
const CACHE_LIMIT = 2_000;

/** A JavaScript regular expression (source and flags) on RE2; `ok: false` with a reason when RE2 cannot run it. */
export function compileSafe(source: string, flags = ""): SafeRegex {
  const key = `${flags}/${source}`;
  let compiled = cache.get(key);
  if (!compiled) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, (compiled = compile(source, flags)));
  }
  return compiled;
}

/** The source and flags of a regex literal as written (`/^\/api\//i`). */
export function splitRegexLiteral(text: string): { source: string; flags: string } | undefined {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(text);
  return m ? { source: m[1]!, flags: m[2]! } : undefined;
}

function compile(source: string, flags: string): SafeRegex {
  if (source.length > MAX_PATTERN_LENGTH) return refuse(`longer than ${MAX_PATTERN_LENGTH} characters`);
  if (flags.includes("v")) return refuse("the `v` flag's class syntax");
  try {
    // Only to reject invalid syntax with JavaScript's own rules: constructing never runs it.
    new RegExp(source, flags);
  } catch {
    return refuse("not a valid regular expression");
  }
  const parsed = parse(source, flags);
  if ("reason" in parsed) return refuse(parsed.reason);
  const reversed = parsed.hasAhead;
  if (reversed && parsed.hasBehind) return refuse("look-aheads and look-behinds together");
  let body = write(reversed ? reverse(parsed.tree) : parsed.tree);
  if (flags.includes("y")) body = reversed ? `(?:${body})\\z` : `\\A(?:${body})`;
  let re2Flags = 0;
  if (flags.includes("i")) re2Flags |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes("m")) re2Flags |= RE2JS.MULTILINE;
  if (parsed.hasAhead || parsed.hasBehind) re2Flags |= RE2JS.LOOKBEHINDS;
  let re: RE2JS;
  try {
    re = RE2JS.compile(body, re2Flags);
  } catch (error) {
    return refuse(`RE2 cannot take it: ${(error as Error).message}`);
  }
  return { ok: true, test: reversed ? (text) => re.test(reverseText(text)) : (text) => re.test(text) };
}

function refuse(reason: string): SafeRegex {
  return { ok: false, reason };
}

function reverseText(text: string): string {
  return [...text].reverse().join("");
}

// ---------------------------------------------------------------------------------------
// The tree: atoms already in RE2 syntax, anchors, groups.

type Node = { t: "atom"; re2: string } | { t: "anchor"; start: boolean } | { t: "group"; look?: "ahead" | "behind"; negative: boolean; alts: Seq[] };
interface Item {
  node: Node;
  quant: string;
}
type Seq = Item[];
interface Parsed {
  tree: Seq[];
  hasAhead: boolean;
  hasBehind: boolean;
}

const RE2_META = /[\\.+*?()|[\]{}^$]/;
const QUANTIFIER = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/;

/** An iterative parse of a pattern JavaScript accepts. */
function parse(source: string, flags: string): Parsed | { reason: string } {
  const unicode = flags.includes("u");
  const dot = flags.includes("s") ? "(?s:.)" : "[^\\n\\r\\x{2028}\\x{2029}]";
  const frames: Array<{ group: Extract<Node, { t: "group" }> }> = [{ group: { t: "group", negative: false, alts: [[]] } }];
  let hasAhead = false;
  let hasBehind = false;
  const current = () => frames[frames.length - 1]!.group.alts.at(-1)!;
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    let node: Node;
    if (ch === "\\") {
      const escape = readEscape(source, i, unicode, false);
      if ("reason" in escape) return escape;
      node = { t: "atom", re2: escape.re2 };
      i = escape.end;
    } else if (ch === "[") {
      const cls = readClass(source, i, unicode);
      if ("reason" in cls) return cls;
      node = { t: "atom", re2: cls.re2 };
      i = cls.end;
    } else if (ch === "(") {
      if (frames.length > MAX_GROUP_DEPTH) return { reason: `groups nested deeper than ${MAX_GROUP_DEPTH}` };
      const head = /^\((\?(?:[:=!]|<[=!]|<[^>]*>|[a-z-]+:))?/.exec(source.slice(i, i + 64))![1] ?? "";
      const group: Extract<Node, { t: "group" }> = { t: "group", negative: head.endsWith("!"), alts: [[]] };
      if (head === "?=" || head === "?!") (group.look = "ahead"), (hasAhead = true);
      else if (head === "?<=" || head === "?<!") (group.look = "behind"), (hasBehind = true);
      else if (head !== "" && head !== "?:" && !head.startsWith("?<")) return { reason: "inline modifiers" };
      frames.push({ group });
      i += 1 + head.length;
      continue;
    } else if (ch === ")") {
      node = frames.pop()!.group;
      i++;
    } else if (ch === "|") {
      frames[frames.length - 1]!.group.alts.push([]);
      i++;
      continue;
    } else if (ch === "^" || ch === "$") {
      node = { t: "anchor", start: ch === "^" };
      i++;
    } else if (ch === ".") {
      node = { t: "atom", re2: dot };
      i++;
    } else {
      // A literal (JavaScript takes `{`, `}` and `]` literally where they cannot mean more).
      const literal = String.fromCodePoint(source.codePointAt(i)!);
      node = { t: "atom", re2: RE2_META.test(literal) ? `\\${literal}` : literal };
      i += literal.length;
    }
    const quant = QUANTIFIER.exec(source.slice(i, i + 32))?.[0] ?? "";
    if (quant && (node.t === "anchor" || (node.t === "group" && node.look))) return { reason: "a quantified assertion" };
    i += quant.length;
    current().push({ node, quant });
  }
  return { tree: frames[0]!.group.alts, hasAhead, hasBehind };
}

/** One escape at `at` (a backslash), in RE2 syntax. */
function readEscape(source: string, at: number, unicode: boolean, inClass: boolean): { re2: string; end: number } | { reason: string } {
  const c = source[at + 1] ?? "";
  const end = at + 2;
  if ("dDwWsS".includes(c)) return { re2: `\\${c}`, end };
  if (c === "b") return { re2: inClass ? "\\x08" : "\\b", end };
  if (c === "B" && !inClass) return { re2: "\\B", end };
  if ("nrtfv".includes(c)) return { re2: `\\${c}`, end };
  if (c === "0" && !/[0-9]/.test(source[end] ?? "")) return { re2: "\\x00", end };
  if (/[1-9]/.test(c) || (c === "k" && !inClass)) return { reason: "a back-reference" };
  if (c === "0") return { reason: "an octal escape" };
  if (c === "x" && /^[0-9a-fA-F]{2}/.test(source.slice(end, end + 2))) return { re2: `\\x{${source.slice(end, end + 2)}}`, end: end + 2 };
  if (c === "u") {
    const braced = unicode ? /^\{([0-9a-fA-F]+)\}/.exec(source.slice(end, end + 10)) : null;
    if (braced) return { re2: `\\x{${braced[1]}}`, end: end + braced[0].length };
    const pair = /^([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(source.slice(end, end + 10));
    if (pair) {
      const code = (parseInt(pair[1]!, 16) - 0xd800) * 0x400 + (parseInt(pair[2]!, 16) - 0xdc00) + 0x10000;
      return { re2: `\\x{${code.toString(16)}}`, end: end + 10 };
    }
    if (/^[0-9a-fA-F]{4}/.test(source.slice(end, end + 4))) return { re2: `\\x{${source.slice(end, end + 4)}}`, end: end + 4 };
  }
  if (c === "c" && /[a-zA-Z]/.test(source[end] ?? "")) return { re2: `\\x{${(source.charCodeAt(end) % 32).toString(16)}}`, end: end + 1 };
  if ((c === "p" || c === "P") && unicode) {
    const close = source.indexOf("}", end);
    return { re2: source.slice(at, close + 1), end: close + 1 };
  }
  // An identity escape: the character itself.
  const literal = String.fromCodePoint(source.codePointAt(at + 1)!);
  return { re2: /[\p{L}\p{N}]/u.test(literal) ? literal : `\\${literal}`, end: at + 1 + literal.length };
}

/** A character class at `at` (`[`), in RE2 syntax. */
function readClass(source: string, at: number, unicode: boolean): { re2: string; end: number } | { reason: string } {
  let i = at + 1;
  const negated = source[i] === "^";
  if (negated) i++;
  let body = "";
  while (i < source.length && source[i] !== "]") {
    if (source[i] === "\\") {
      const escape = readEscape(source, i, unicode, true);
      if ("reason" in escape) return escape;
      body += escape.re2;
      i = escape.end;
    } else {
      const literal = String.fromCodePoint(source.codePointAt(i)!);
      body += literal === "[" ? "\\[" : literal;
      i += literal.length;
    }
  }
  // `[]` matches nothing and `[^]` any character, as in JavaScript.
  if (body === "") return { re2: negated ? "[\\x00-\\x{10FFFF}]" : "[^\\x00-\\x{10FFFF}]", end: i + 1 };
  return { re2: `[${negated ? "^" : ""}${body}]`, end: i + 1 };
}

// ---------------------------------------------------------------------------------------
// Writing out, and reading backwards.

function write(alts: readonly Seq[]): string {
  return alts.map((seq) => seq.map((item) => writeNode(item.node) + item.quant).join("")).join("|");
}

function writeNode(node: Node): string {
  if (node.t === "atom") return node.re2;
  if (node.t === "anchor") return node.start ? "^" : "$";
  // Every group is written without a capture: RE2's look-behinds take none, and a test needs none.
  const open = node.look === "ahead" ? (node.negative ? "(?!" : "(?=") : node.look === "behind" ? (node.negative ? "(?<!" : "(?<=") : "(?:";
  return `${open}${write(node.alts)})`;
}

/** The pattern that matches the reversed texts: sequences backwards, `^`↔`$`, look-aheads become look-behinds. */
function reverse(alts: readonly Seq[]): Seq[] {
  return alts.map((seq) => seq.map((item) => ({ node: reverseNode(item.node), quant: item.quant })).reverse());
}

function reverseNode(node: Node): Node {
  if (node.t === "atom") return node;
  if (node.t === "anchor") return { t: "anchor", start: !node.start };
  return { t: "group", negative: node.negative, alts: reverse(node.alts), ...(node.look ? { look: node.look === "ahead" ? "behind" : "ahead" } : {}) };
}
