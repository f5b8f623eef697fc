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
// Not a method (`x.require(…)`), but a spread is a require (`{ ...require("./openai") }`).
const REQUIRE = /(?<![\w$])(?<!(?:^|[^.])\.)require\s*\(\s*(["'])([^"'\n]+)\1\s*\)/g;
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
    imports.push({ specifier: m[5]!, kind: "import", names: importClause(m[3]!), typeOnly: Boolean(m[2]) || onlyTypeSpecifiers(m[3]!), offset: m.index + m[0].lastIndexOf(m[5]!) });
  }
  IMPORT_BARE.lastIndex = 0;
  while ((m = IMPORT_BARE.exec(code))) {
    if (inComment(code, m.index + m[1]!.length)) continue;
    imports.push({ specifier: m[3]!, kind: "import", names: [], typeOnly: false, offset: m.index + m[0].lastIndexOf(m[3]!) });
  }
  EXPORT_FROM.lastIndex = 0;
  while ((m = EXPORT_FROM.exec(code))) {
    if (inComment(code, m.index + m[1]!.length)) continue;
    imports.push({ specifier: m[5]!, kind: "export-from", names: exportClause(m[3]!), typeOnly: Boolean(m[2]) || onlyTypeSpecifiers(m[3]!), offset: m.index + m[0].lastIndexOf(m[5]!) });
  }
  for (const [regex, kind] of [[REQUIRE, "require"], [DYNAMIC, "dynamic"]] as const) {
    regex.lastIndex = 0;
    while ((m = regex.exec(code))) {
      if (inComment(code, m.index)) continue;
      const binding = BINDING_BEFORE.exec(lineBefore(code, m.index, BINDING_LOOKBACK).text)?.[1];
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

/**
 * `{ type A, type B as C }` with no default or namespace binding: every name is a type,
 * so the compiler (tsc, SWC, esbuild under their default settings) drops the statement.
 */
function onlyTypeSpecifiers(clause: string): boolean {
  const trimmed = clause.trim();
  if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) return false;
  const parts = trimmed
    .slice(1, -1)
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  return parts.length > 0 && parts.every(isTypeSpecifier);
}

/** `type X` / `type X as Y` inside braces (but not a name `type` itself: `{ type }`, `{ type as t }`). */
function isTypeSpecifier(part: string): boolean {
  return /^type\s+(?!as\b)[\w$]/.test(part);
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
    .filter((part) => part && !isTypeSpecifier(part))
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
  const before = lineBefore(text, offset, COMMENT_LOOKBACK);
  const trimmed = before.text.trimStart();
  return (before.wholeLine && (trimmed.startsWith("*") || trimmed.startsWith("/*"))) || /(^|[^:"'`])\/\//.test(before.text);
}

/** How far back on a line a comment opener or a binding is looked for: a minified line of megabytes costs no more. */
const COMMENT_LOOKBACK = 2_048;
const BINDING_LOOKBACK = 512;

/** The text from the start of the line (or from `limit` characters back) to `offset`. */
function lineBefore(text: string, offset: number, limit: number): { text: string; wholeLine: boolean } {
  const from = Math.max(0, offset - limit);
  const window = text.slice(from, offset);
  const newline = window.lastIndexOf("\n");
  return { text: window.slice(newline + 1), wholeLine: newline !== -1 || from === 0 };
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

// Type declarations and value declarations a module exports, read the same cheap way.
const TYPE_DECLARATION = /(?<![\w$.])export\s+(?:declare\s+)?(?:type|interface)\s+([\w$]+)/g;
const TYPE_LIST = /(?<![\w$.])export\s+type\s*\{([^}]*)\}/g;
const VALUE_DECLARATION = /(?<![\w$.])export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:abstract\s+)?(?:const\s+enum|const|let|var|function|class|enum|namespace|module)[\s*]+([\w$]+)/g;
const VALUE_LIST = /(?<![\w$.])export\s*\{([^}]*)\}/g;

/**
 * Names this module exports only as types (`export type AppType = typeof app`,
 * `export interface Props`), never also as a value of the same name: an import that
 * takes nothing else is erased by the compiler. Empty when the text declares none.
 */
export function typeOnlyExports(text: string): ReadonlySet<string> {
  if (!text.includes("export type") && !text.includes("export interface") && !text.includes("export declare")) return EMPTY;
  const types = new Set<string>();
  const values = new Set<string>();
  const collect = (regex: RegExp, into: Set<string>, list: boolean) => {
    regex.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = regex.exec(text))) {
      if (inComment(text, m.index)) continue;
      if (!list) into.add(m[1]!);
      else for (const name of namedList(m[1]!)) into.add(name.local ?? name.imported);
    }
  };
  collect(TYPE_DECLARATION, types, false);
  collect(TYPE_LIST, types, true);
  if (types.size === 0) return EMPTY;
  collect(VALUE_DECLARATION, values, false);
  collect(VALUE_LIST, values, true);
  for (const name of values) types.delete(name);
  return types;
}

const EMPTY: ReadonlySet<string> = new Set();
