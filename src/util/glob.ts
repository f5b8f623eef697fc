/**
 * Globs as used by the knowledge tables: `*` within one path segment, `**` across any
 * number of them, `?` one character, `{a,b}` a choice (alternatives may be empty or
 * contain further globs). Anchored at both ends.
 * For our own globs only (the knowledge tables): these run on the native engine, so a
 * pattern from the scanned repository must never come here (`util/safe-regex.ts`).
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${compile(glob)}$`);
}

function compile(glob: string): string {
  let out = "";
  let i = 0;
  while (i < glob.length) {
    const ch = glob[i]!;
    if (ch === "*" && glob[i + 1] === "*") {
      if (glob[i + 2] === "/") {
        out += "(?:.*/)?"; // `**/`: zero or more whole segments
        i += 3;
      } else {
        out += ".*"; // `/**` at the end, or `**` alone: anything below
        i += 2;
      }
    } else if (ch === "*") {
      out += "[^/]*";
      i++;
    } else if (ch === "?") {
      out += "[^/]";
      i++;
    } else if (ch === "{") {
      const end = closingBrace(glob, i);
      out += `(?:${splitTopLevel(glob.slice(i + 1, end)).map(compile).join("|")})`;
      i = end + 1;
    } else {
      out += ch.replace(/[.+^$()|[\]\\]/g, "\\$&");
      i++;
    }
  }
  return out;
}

function closingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === "{") depth++;
    else if (glob[i] === "}" && --depth === 0) return i;
  }
  throw new Error(`unbalanced brace in glob: ${glob}`);
}

/** `a,{b,c},d` → ["a", "{b,c}", "d"]. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === "{") depth++;
    else if (list[i] === "}") depth--;
    else if (list[i] === "," && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts;
}

/** One predicate for a list of globs, each compiled once: does a relative path match any of them? */
export function matchesAnyGlob(globs: readonly string[]): (relPath: string) => boolean {
  const patterns = globs.map(globToRegExp);
  return (relPath) => patterns.some((pattern) => pattern.test(relPath));
}
