/**
 * Path patterns that select routes: Next.js middleware matchers and Clerk's
 * `createRouteMatcher` (both path-to-regexp: `/api/:path*`, `:id+`, `(.*)`, regex groups
 * with look-ahead such as `/((?!_next/static|favicon.ico).*)`), and Nitro route rules
 * (`/api/**`, `/api/*`). A route path of ours (`/api/chat/:id`, `/docs/*`) is matched by
 * trying a concrete path it stands for.
 */

import { compileSafe, type SafeRegex } from "../../util/safe-regex.js";

const PARAM_DEFAULT = "[^\\/#\\?]+?";

/** A compiled path pattern. Patterns come from the scanned code: they run on RE2 only (`util/safe-regex.ts`). */
export interface PathPattern {
  test(path: string): boolean;
}

/**
 * A path-to-regexp (v6 syntax, as Next.js and Clerk use it) pattern on the linear-time
 * engine; `ok: false` with a reason when it is not one or RE2 cannot take it (a
 * back-reference in a regex group): each caller decides what an unknown answer means.
 */
export function compilePathPattern(pattern: string): SafeRegex {
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    let body: string | undefined;
    if (ch === "\\" && i + 1 < pattern.length) {
      out += escape(pattern[i + 1]!);
      i += 2;
      continue;
    }
    if (ch === ":" && /[\w]/.test(pattern[i + 1] ?? "")) {
      const name = /^\w+/.exec(pattern.slice(i + 1))![0];
      i += 1 + name.length;
      body = PARAM_DEFAULT;
      if (pattern[i] === "(") {
        const end = closingParen(pattern, i);
        if (end < 0) return UNBALANCED;
        body = pattern.slice(i + 1, end);
        i = end + 1;
      }
    } else if (ch === "(") {
      const end = closingParen(pattern, i);
      if (end < 0) return UNBALANCED;
      body = pattern.slice(i + 1, end);
      i = end + 1;
    } else if (ch === "{" || ch === "}") {
      out += ch === "{" ? "(?:" : ")";
      i++;
      continue;
    }
    if (body === undefined) {
      out += /[?*+]/.test(ch) && out.endsWith(")") ? ch : escape(ch);
      i++;
      continue;
    }
    const modifier = /[?*+]/.test(pattern[i] ?? "") ? pattern[i++]! : "";
    out = withParam(out, body, modifier);
  }
  return compileSafe(`^${out}[\\/#\\?]?$`, "i");
}

/** The pattern when the engine can run it; undefined (the caller's fallback) otherwise. */
export function pathToRegExp(pattern: string): PathPattern | undefined {
  const compiled = compilePathPattern(pattern);
  return compiled.ok ? compiled : undefined;
}

/** A parameter after the pattern so far: a `/` before an optional or repeated one belongs to it. */
function withParam(before: string, body: string, modifier: string): string {
  const slash = before.endsWith("\\/");
  const prefix = slash ? before.slice(0, -2) : before;
  const sep = slash ? "\\/" : "";
  const one = `(${body})`;
  if (modifier === "") return `${before}${one}`;
  if (modifier === "?") return `${prefix}(?:${sep}${one})?`;
  const repeated = `${sep}${one}(?:\\/${one.replace(/^\(/, "(?:")})*`;
  return modifier === "*" ? `${prefix}(?:${repeated})?` : `${prefix}${repeated}`;
}

const UNBALANCED: SafeRegex = { ok: false, reason: "an unbalanced parenthesis" };

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

function escape(ch: string): string {
  return ch.replace(/[.+*?^$()[\]{}|\\/]/g, "\\$&");
}

/** A Nitro route rule pattern (`/api/**`, `/api/*`, `/api/chat`); one RE2 cannot take (too long) selects nothing. */
export function routeRuleToRegExp(pattern: string): PathPattern {
  const body = pattern
    .split("/")
    .map((segment) => (segment === "**" ? "\u0000" : segment.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")))
    .join("/")
    .replace(/\/\u0000/g, "(?:/.*)?")
    .replace(/\u0000/g, ".*");
  const compiled = compileSafe(`^${body}/?$`, "i");
  return compiled.ok ? compiled : NOTHING;
}

const NOTHING: PathPattern = { test: () => false };

/** A concrete path our route path stands for: `:id` and `*` become a plain segment. */
export function samplePath(routePath: string): string {
  return routePath.replace(/:\w+/g, "x1").replace(/\*/g, "x1");
}

/** Does a pattern select this route path? */
export function covers(pattern: PathPattern, routePath: string): boolean {
  return pattern.test(samplePath(routePath));
}
