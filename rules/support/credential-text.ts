/**
 * Can a file's text read a caller's credential the way `static-shared-key` follows one? A
 * cheap, conservative pass before parsing: it answers "no" only when every mention of a
 * credential's name is neither read nor bound (an object literal `{ Authorization: "Bearer …" }`
 * in a test, `apiKey: z.string()` in a schema), and no comparison starts with an auth scheme.
 *
 * The rule finds a credential only (a) as a member `x.authorization`, `x["x-api-key"]`, (b) as
 * the literal argument of a getter `get("authorization")`, `getHeader(event, "x-api-key")`,
 * (c) as a key of a destructuring pattern `{ authorization } = …`, `({ token }) => …`, (d) as
 * a parameter named like a presented key `(apiKey: string) => …`, or (e) compared with text
 * that starts with an auth scheme (`x === "Bearer " + secret`). Whatever the scan cannot read
 * (a regex, a string across lines, a scan too long) counts as "maybe".
 */
import { AUTH_SCHEME_PREFIX, CREDENTIAL_HEADER_PATTERN, CREDENTIAL_HEADERS, CREDENTIAL_PARAMS } from "../../src/knowledge/credentials.js";
import { escapeRegExp } from "../../src/util/text.js";

/** A parameter whose name says it is the presented credential (the request is read by a caller in another file). */
export const CREDENTIAL_PARAMETER_NAME = "(?:x_?)?(?:api_?key|auth(?:orization)?_?header|authorization|bearer_?token|(?:provided|presented|incoming|client|request|supplied|given)_?(?:api_?key|key|token|secret))";

const NAMES = [...CREDENTIAL_HEADERS, ...CREDENTIAL_PARAMS];
const QUOTED_NAME = new RegExp(`(["'\`])(?:${NAMES.map(escapeRegExp).join("|")}|${CREDENTIAL_HEADER_PATTERN.source.replace(/^\^|\$$/g, "")})\\1`, "gi");
const IDENTIFIER_NAMES = NAMES.filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
const BARE_NAME = new RegExp(`(?<![\\w$])(?:${IDENTIFIER_NAMES.map(escapeRegExp).join("|")}|${CREDENTIAL_PARAMETER_NAME})(?![\\w$])`, "gi");
const READ_NAME = new Set(IDENTIFIER_NAMES.map((n) => n.toLowerCase()));
const CREDENTIAL_PARAMETER = new RegExp(`^${CREDENTIAL_PARAMETER_NAME}$`, "i");
const SCHEME_WORDS = AUTH_SCHEME_PREFIX.source.match(/\(\?:([^)]*)\)/)![1]!;
/** `=== "Bearer …"`, `!= ("Token " + x)`: the scheme right after a comparison. */
const SCHEME_AFTER_COMPARISON = new RegExp(`[!=]==?[\\s(]*(?:await\\s+)?["'\`](?:${SCHEME_WORDS})(?:\\s|\\\\)`, "i");
/** A literal that starts with a scheme; the comparison may follow it. */
const SCHEME_LITERAL = new RegExp(`["'\`](?:${SCHEME_WORDS})(?:\\s|\\\\)`, "gi");

/** How far a scan reads before it gives up and says "maybe". */
const MAX_SCAN = 4000;

export function mightReadCredential(text: string): boolean {
  if (mightCompareWithScheme(text)) return true;
  const code = codeOnly(text);
  if (code === undefined) return true;
  return quotedNameRead(text, code) || bareNameRead(code);
}

/** (b), and (a)/(c) for quoted names: `get("authorization")`, `headers["x-api-key"]`, `{ "x-api-key": key } = …`. */
function quotedNameRead(text: string, code: string): boolean {
  QUOTED_NAME.lastIndex = 0;
  for (let m = QUOTED_NAME.exec(text); m; m = QUOTED_NAME.exec(text)) {
    const end = m.index + m[0].length;
    // The whole literal, not words inside a longer string or a comment.
    if (code[m.index] !== m[1] || code[end - 1] !== m[1] || code.slice(m.index + 1, end - 1).trim() !== "") continue;
    const before = previousSignificant(code, m.index);
    if (before === "(" || before === "[") return true;
    if (before === "," && nextSignificant(code, end) === ")") return true;
    if ((before === "{" || before === ",") && bindingAhead(code, end) !== "none") return true;
  }
  return false;
}

/** Words that may stand before a parameter's name (`constructor(private readonly apiKey: string)`). */
const PARAMETER_MODIFIER = /(?:^|[^\w$])(?:public|private|protected|readonly|override|async)$/;

/** (a), (c), (d) for names written as identifiers, in code only. */
function bareNameRead(code: string): boolean {
  BARE_NAME.lastIndex = 0;
  for (let m = BARE_NAME.exec(code); m; m = BARE_NAME.exec(code)) {
    const end = m.index + m[0].length;
    const before = previousSignificant(code, m.index);
    // A member: `req.headers.authorization`, `body?.token` (a parameter is never one).
    if (before === ".") {
      if (READ_NAME.has(m[0].toLowerCase())) return true;
      continue;
    }
    const ahead = bindingAhead(code, end);
    if (ahead === "parameter" && !CREDENTIAL_PARAMETER.test(m[0])) continue;
    if (ahead === "none") continue;
    // A binding's name follows `{`, `,`, `(`, a decorator's `)` or a modifier; `=>` after it makes it an arrow's parameter.
    const arrow = code.startsWith("=>", nextSignificantIndex(code, end));
    if (arrow || (before !== undefined && "{,()".includes(before)) || PARAMETER_MODIFIER.test(code.slice(Math.max(0, m.index - 12), m.index).trimEnd())) return true;
  }
  return false;
}

/** (e): a comparison with a literal that starts with `Bearer `, `Token ` or `Basic `. */
function mightCompareWithScheme(text: string): boolean {
  if (SCHEME_AFTER_COMPARISON.test(text)) return true;
  SCHEME_LITERAL.lastIndex = 0;
  for (let m = SCHEME_LITERAL.exec(text); m; m = SCHEME_LITERAL.exec(text)) {
    const close = skipLiteral(text, m.index);
    if (close < 0) return true;
    // `"Bearer " + key === header`: the comparison follows in the same expression.
    const rest = text.slice(close + 1, close + 1 + 300);
    const stop = rest.search(/[;{}]/);
    if (/[!=]==?/.test(stop < 0 ? rest : rest.slice(0, stop))) return true;
  }
  return false;
}

/**
 * What follows a name, read forward to the end of the list or pattern it sits in:
 * a parameter list (`) {`, `) =>`, `): T`), a destructuring pattern (`} = …`, `}) =>`), or
 * neither (`;`, a call's `)`). "maybe" when the text cannot be read with certainty.
 */
function bindingAhead(code: string, from: number): "parameter" | "destructured" | "none" | "maybe" {
  if (code.startsWith("=>", nextSignificantIndex(code, from))) return "parameter";
  let depth = 0;
  let escaped = 0;
  const end = Math.min(code.length, from + MAX_SCAN);
  for (let i = from; i < end; i++) {
    switch (code[i]) {
      case "(":
      case "[":
      case "{":
        depth++;
        break;
      case ")":
        if (depth > 0) depth--;
        else {
          const after = nextSignificant(code, i + 1);
          if (after === "{" || after === "=" || after === ":") return escaped > 0 ? "destructured" : "parameter";
          return "none";
        }
        break;
      case "]":
      case "}":
        if (depth > 0) depth--;
        else escaped++;
        break;
      case ";":
        if (depth === 0) return "none";
        break;
      case "=":
        if (depth === 0 && escaped > 0 && code[i + 1] !== "=" && code[i + 1] !== ">" && !"=!<>".includes(code[i - 1]!)) return "destructured";
        break;
    }
  }
  return end === code.length ? "none" : "maybe";
}

/** The index of a string or template literal's closing quote, or -1 when it cannot be told (a line break in a string, `${` holding another template). */
function skipLiteral(text: string, start: number): number {
  const quote = text[start];
  let braces = 0;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (quote !== "`") {
      if (c === quote) return i;
      if (c === "\n") return -1;
      continue;
    }
    if (braces === 0) {
      if (c === "`") return i;
      if (c === "$" && text[i + 1] === "{") (braces = 1), i++;
    } else if (c === "{") braces++;
    else if (c === "}") braces--;
    else if (c === "`" || c === "/") return -1;
    else if (c === '"' || c === "'") {
      i = skipLiteral(text, i);
      if (i < 0) return -1;
    }
  }
  return -1;
}

const KEYWORDS_BEFORE_REGEX = new Set(["return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "instanceof", "yield", "await"]);

/**
 * The text with comments and the insides of strings, templates and regexes blanked (quotes and
 * `${…}` code kept, offsets unchanged), so that words in prose are not taken for code.
 * Undefined when it cannot be read to the end (an unclosed comment or template).
 */
function codeOnly(text: string): string | undefined {
  const parts: string[] = [];
  let kept = 0;
  const blank = (from: number, to: number): void => {
    if (to <= from) return;
    parts.push(text.slice(kept, from), " ".repeat(to - from));
    kept = to;
  };
  const n = text.length;
  // `{` depth of the code, and the depth at which each open `${` returns to its template.
  let braces = 0;
  const substitutions: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === "/") {
      const next = text[i + 1];
      if (next === "/") {
        const eol = text.indexOf("\n", i);
        const end = eol < 0 ? n : eol;
        blank(i, end);
        i = end - 1;
      } else if (next === "*") {
        const close = text.indexOf("*/", i + 2);
        if (close < 0) return undefined;
        blank(i, close + 2);
        i = close + 1;
      } else if (regexMayStart(text, i)) {
        const close = regexEnd(text, i);
        // No closing slash on the line: a division after all.
        if (close > 0) {
          blank(i + 1, close);
          i = close;
        }
      }
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      // An unclosed quote (an apostrophe in JSX text) ends at the line's end.
      blank(i + 1, Math.min(j, n));
      i = text[j] === c ? j : j - 1;
    } else if (c === "`" || (c === "}" && substitutions.length > 0 && braces === substitutions[substitutions.length - 1])) {
      if (c === "}") substitutions.pop();
      let j = i + 1;
      while (j < n && text[j] !== "`" && !(text[j] === "$" && text[j + 1] === "{")) j += text[j] === "\\" ? 2 : 1;
      if (j >= n) return undefined;
      blank(i + 1, j);
      if (text[j] === "$") {
        substitutions.push(braces);
        i = j + 1;
      } else i = j;
    } else if (c === "{") braces++;
    else if (c === "}") braces--;
  }
  parts.push(text.slice(kept));
  return parts.join("");
}

/** A `/` that starts a regex rather than divides: after an operator, a bracket or a keyword. */
function regexMayStart(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  if (i < 0) return true;
  const p = text[i]!;
  if (p === ")" || p === "]") return false;
  if (!/[\w$]/.test(p)) return true;
  let start = i;
  while (start > 0 && /[\w$]/.test(text[start - 1]!)) start--;
  return KEYWORDS_BEFORE_REGEX.has(text.slice(start, i + 1));
}

/** The closing `/` of a regex on the same line, or -1. */
function regexEnd(text: string, start: number): number {
  let inClass = false;
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (c === "\\") j++;
    else if (c === "\n") return -1;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "/") return j;
  }
  return -1;
}

function nextSignificantIndex(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function nextSignificant(text: string, from: number): string | undefined {
  return text[nextSignificantIndex(text, from)];
}

function previousSignificant(text: string, before: number): string | undefined {
  let i = before - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return text[i];
}
