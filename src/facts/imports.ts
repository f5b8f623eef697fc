/**
 * The imports and re-exports of a code file, read from its text with regexes rather than
 * a parser: the module graph needs them for every file, while a syntax tree is only
 * built for the files an AI analysis actually reaches. A match on a commented-out line
 * is not an edge.
 */

export type ImportKind = "import" | "export-from" | "require" | "dynamic";

export interface ImportedName {
  /** `default`, `*` (namespace or whole module), or the exported name. */
  imported: string;
  /** The local binding (`*` re-exports have none). */
  local?: string;
}

export interface ImportRecord {
  specifier: string;
  kind: ImportKind;
  names: ImportedName[];
  /** `import type` / `export type`: erased at build time, so never an edge at run time. */
  typeOnly: boolean;
  /** Offset of the specifier in the file. */
  offset: number;
}

export interface ModuleHeader {
  imports: ImportRecord[];
  /** `"use client"` / `"use server"` as the first statement of the file. */
  directive?: "use client" | "use server";
}

// Each regex starts with a literal keyword, so the engine skips ahead instead of trying
// every position; the group before the keyword only admits a statement start.
const IMPORT_FROM = /(?<![\w$.])()import\s+(type\s+)?([\w$*{}\s,]+?)\s*from\s*(["'])([^"'\n]+)\4/g;
const IMPORT_BARE = /(?<![\w$.])()import\s*(["'])([^"'\n]+)\2/g;
const EXPORT_FROM = /(?<![\w$.])()export\s+(type\s+)?(\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(["'])([^"'\n]+)\4/g;
const REQUIRE = /(?<![\w$.])require\s*\(\s*(["'])([^"'\n]+)\1\s*\)/g;
const DYNAMIC = /(?<![\w$.])import\s*\(\s*(["'])([^"'\n]+)\1\s*\)/g;
// `const x = await require(…)`, read backwards from the call on the same line.
const BINDING_BEFORE = /(?:const|let|var)\s+([\w$]+|\{[^}]*\})\s*=\s*(?:await\s+)?$/;

export function scanImports(text: string): ModuleHeader {
  const code = text;
  const imports: ImportRecord[] = [];
  let m: RegExpExecArray | null;

  IMPORT_FROM.lastIndex = 0;
  while ((m = IMPORT_FROM.exec(code))) {
    if (inComment(code, m.index + m[1]!.length)) continue;
    imports.push({ specifier: m[5]!, kind: "import", names: importClause(m[3]!), typeOnly: Boolean(m[2]), offset: m.index + m[0].lastIndexOf(m[5]!) });
  }
  IMPORT_BARE.lastIndex = 0;
  while ((m = IMPORT_BARE.exec(code))) {
    if (inComment(code, m.index + m[1]!.length)) continue;
    imports.push({ specifier: m[3]!, kind: "import", names: [], typeOnly: false, offset: m.index + m[0].lastIndexOf(m[3]!) });
  }
  EXPORT_FROM.lastIndex = 0;
  while ((m = EXPORT_FROM.exec(code))) {
    if (inComment(code, m.index + m[1]!.length)) continue;
    imports.push({ specifier: m[5]!, kind: "export-from", names: exportClause(m[3]!), typeOnly: Boolean(m[2]), offset: m.index + m[0].lastIndexOf(m[5]!) });
  }
  for (const [regex, kind] of [[REQUIRE, "require"], [DYNAMIC, "dynamic"]] as const) {
    regex.lastIndex = 0;
    while ((m = regex.exec(code))) {
      if (inComment(code, m.index)) continue;
      const lineStart = code.lastIndexOf("\n", m.index - 1) + 1;
      const binding = BINDING_BEFORE.exec(code.slice(lineStart, m.index))?.[1];
      imports.push({ specifier: m[2]!, kind, names: bindingNames(binding), typeOnly: false, offset: m.index + m[0].lastIndexOf(m[2]!) });
    }
  }
  imports.sort((a, b) => a.offset - b.offset);
  const directive = leadingDirective(text);
  return directive ? { imports, directive } : { imports };
}

/** `React, { useState as useS, type FC }`, `* as ns`, `OpenAI`. */
function importClause(clause: string): ImportedName[] {
  const names: ImportedName[] = [];
  const trimmed = clause.trim();
  const braces = /\{([^}]*)\}/.exec(trimmed);
  const head = trimmed.replace(/\{[^}]*\}/, "").replace(/,/g, " ").trim();
  const ns = /\*\s*as\s+([\w$]+)/.exec(head);
  if (ns) names.push({ imported: "*", local: ns[1]! });
  const def = head.replace(/\*\s*as\s+[\w$]+/, "").trim();
  if (def) names.push({ imported: "default", local: def });
  if (braces) names.push(...namedList(braces[1]!));
  return names;
}

function exportClause(clause: string): ImportedName[] {
  const ns = /^\*\s*as\s+([\w$]+)$/.exec(clause.trim());
  if (ns) return [{ imported: "*", local: ns[1]! }];
  if (clause.trim() === "*") return [{ imported: "*" }];
  return namedList(clause.replace(/[{}]/g, ""));
}

/** `a, b as c, type d` → imported/local pairs (type-only names dropped). */
function namedList(list: string): ImportedName[] {
  return list
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part && !part.startsWith("type "))
    .map((part) => {
      const [imported, local] = part.split(/\s+as\s+/).map((s) => s.trim().replace(/^["']|["']$/g, ""));
      return { imported: imported!, local: local ?? imported! };
    });
}

/** `const OpenAI = require(…)` or `const { OpenAI: O } = require(…)`. */
function bindingNames(binding: string | undefined): ImportedName[] {
  if (!binding) return [];
  if (!binding.startsWith("{")) return [{ imported: "*", local: binding }];
  return binding
    .slice(1, -1)
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [imported, local] = p.split(":").map((s) => s.trim().split("=")[0]!.trim());
      return { imported: imported!, local: local ?? imported! };
    });
}

/**
 * Is this offset inside a line comment or a block-comment line (` * import …` in JSDoc)?
 * A cheap per-match check instead of blanking every comment of every file.
 */
function inComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const trimmed = before.trimStart();
  return trimmed.startsWith("*") || trimmed.startsWith("/*") || /(^|[^:"'`])\/\//.test(before);
}

/**
 * `"use client"` / `"use server"` as the first statement, after any comments. Scanned by
 * hand: a regex with nested repetition over a long comment header backtracks for seconds.
 */
function leadingDirective(text: string): ModuleHeader["directive"] {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith("//", i)) {
      const end = text.indexOf("\n", i);
      if (end === -1) return undefined;
      i = end + 1;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      if (end === -1) return undefined;
      i = end + 2;
    } else {
      break;
    }
  }
  const m = /^(["'])(use client|use server)\1/.exec(text.slice(i, i + 16));
  return m ? (m[2] as ModuleHeader["directive"]) : undefined;
}
