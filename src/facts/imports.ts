/**
 * The imports and re-exports of a code file, read from its text with regexes rather than
 * a parser: the module graph needs them for every file, while a syntax tree is only
 * built for the files an AI analysis actually reaches. A match on a commented-out line
 * is not an edge.
 */

import { ownCopy } from "../util/text.js";

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

// Each regex starts with a literal keyword and is run sticky, only where that keyword
// occurs (found with `indexOf`): a global search would try its lookbehind at every
// position of every file. The group before the keyword only admits a statement start.
// The clause is read by its grammar (a default name, then `* as ns`, a `{ … }` list or a name), each
// part of it one way only: a clause of "any of these characters" ran on through a text of
// `import {import {…` to its end from every keyword (300 KB took 25 s); spaces that two quantifiers
// could share made "import" and 4,000 spaces take 17 s.
const IMPORT_FROM = /(?<![\w$.])()import\s+(type\s+)?((?:[\w$]+\s*,\s*)?(?:\*\s*as\s+[\w$]+|\{[^{}]*\}|[\w$]+))\s*from\s*(["'])([^"'\n]+)\4/y;
const IMPORT_BARE = /(?<![\w$.])()import\s*(["'])([^"'\n]+)\2/y;
const EXPORT_FROM = /(?<![\w$.])()export\s+(type\s+)?(\*(?:\s+as\s+[\w$]+)?|\{[^{}]*\})\s*from\s*(["'])([^"'\n]+)\4/y;
// Not a method (`x.require(…)`), but a spread is a require (`{ ...require("./openai") }`).
const REQUIRE = /(?<![\w$])(?<!(?:^|[^.])\.)require\s*\(\s*(["'])([^"'\n]+)\1\s*\)/y;
const DYNAMIC = /(?<![\w$.])import\s*\(\s*(["'])([^"'\n]+)\1\s*\)/y;
// `const x = await require(…)`, read backwards from the call on the same line.
const BINDING_BEFORE = /(?:const|let|var)\s+([\w$]+|\{[^{}]*\})\s*=\s*(?:await\s+)?$/;

export function scanImports(text: string): ModuleHeader {
  const code = text;
  const imports: ImportRecord[] = [];
  const { importAt, exportAt, requireAt } = keywordOffsets(code);

  for (const m of matchesAt(IMPORT_FROM, code, importAt)) {
    if (inComment(code, m.index + m[1]!.length)) continue;
    imports.push({ specifier: m[5]!, kind: "import", names: importClause(m[3]!), typeOnly: Boolean(m[2]) || onlyTypeSpecifiers(m[3]!), offset: m.index + m[0].lastIndexOf(m[5]!) });
  }
  for (const m of matchesAt(IMPORT_BARE, code, importAt)) {
    if (inComment(code, m.index + m[1]!.length)) continue;
    imports.push({ specifier: m[3]!, kind: "import", names: [], typeOnly: false, offset: m.index + m[0].lastIndexOf(m[3]!) });
  }
  for (const m of matchesAt(EXPORT_FROM, code, exportAt)) {
    if (inComment(code, m.index + m[1]!.length)) continue;
    imports.push({ specifier: m[5]!, kind: "export-from", names: exportClause(m[3]!), typeOnly: Boolean(m[2]) || onlyTypeSpecifiers(m[3]!), offset: m.index + m[0].lastIndexOf(m[5]!) });
  }
  for (const [regex, kind, offsets] of [[REQUIRE, "require", requireAt], [DYNAMIC, "dynamic", importAt]] as const) {
    for (const m of matchesAt(regex, code, offsets)) {
      if (inComment(code, m.index)) continue;
      const binding = BINDING_BEFORE.exec(lineBefore(code, m.index, BINDING_LOOKBACK).text)?.[1];
      imports.push({ specifier: m[2]!, kind, names: bindingNames(binding), typeOnly: false, offset: m.index + m[0].lastIndexOf(m[2]!) });
    }
  }
  imports.sort((a, b) => a.offset - b.offset);
  // Kept for the whole scan (the module graph): in storage of their own, not the file's text.
  for (const record of imports) {
    record.specifier = ownCopy(record.specifier);
    for (const name of record.names) {
      name.imported = ownCopy(name.imported);
      if (name.local !== undefined) name.local = ownCopy(name.local);
    }
  }
  const directive = leadingDirective(text);
  return directive ? { imports, directive } : { imports };
}

/**
 * Where `import`, `export` and `require` occur (a match of ours can only start there).
 * Searched as `port` and `quire`: their first letters are rare in code, where a search
 * for `import` or `export` stops at every `i` or `e`.
 */
function keywordOffsets(text: string): { importAt: number[]; exportAt: number[]; requireAt: number[] } {
  const importAt: number[] = [];
  const exportAt: number[] = [];
  const requireAt: number[] = [];
  for (let at = text.indexOf("port"); at !== -1; at = text.indexOf("port", at + 4)) {
    if (at < 2) continue;
    const first = text.charCodeAt(at - 2);
    const second = text.charCodeAt(at - 1);
    if (first === 105 /* i */ && second === 109 /* m */) importAt.push(at - 2);
    else if (first === 101 /* e */ && second === 120 /* x */) exportAt.push(at - 2);
  }
  for (let at = text.indexOf("quire"); at !== -1; at = text.indexOf("quire", at + 5)) {
    if (at >= 2 && text.charCodeAt(at - 2) === 114 /* r */ && text.charCodeAt(at - 1) === 101 /* e */) requireAt.push(at - 2);
  }
  return { importAt, exportAt, requireAt };
}

/**
 * The matches a global search with `sticky`'s pattern would find, in order: tried only at
 * the keyword offsets, and like a global search never inside the previous match.
 */
function matchesAt(sticky: RegExp, text: string, offsets: readonly number[]): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  let resumeAt = 0;
  for (const offset of offsets) {
    if (offset < resumeAt) continue;
    sticky.lastIndex = offset;
    const m = sticky.exec(text);
    if (!m) continue;
    found.push(m);
    resumeAt = sticky.lastIndex;
  }
  return found;
}

const PLAIN_NAME = /^[\w$]+$/;

/** `React, { useState as useS, type FC }`, `* as ns`, `OpenAI`. */
function importClause(clause: string): ImportedName[] {
  const names: ImportedName[] = [];
  const trimmed = clause.trim();
  // The two common shapes, without the general path's regexes: `{ a, b as c }` and `React`.
  if (trimmed.startsWith("{") && trimmed.indexOf("}") === trimmed.length - 1) return namedList(trimmed.slice(1, -1));
  if (PLAIN_NAME.test(trimmed)) return [{ imported: "default", local: trimmed }];
  const braces = /\{([^{}]*)\}/.exec(trimmed);
  const head = trimmed.replace(/\{[^{}]*\}/, "").replace(/,/g, " ").trim();
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
  if (!trimmed.startsWith("{") || !trimmed.endsWith("}") || !trimmed.includes("type")) return false;
  const parts = trimmed
    .slice(1, -1)
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  return parts.length > 0 && parts.every(isTypeSpecifier);
}

/** `type X` / `type X as Y` inside braces (but not a name `type` itself: `{ type }`, `{ type as t }`). */
function isTypeSpecifier(part: string): boolean {
  return part.startsWith("type") && /^type\s+(?!as\b)[\w$]/.test(part);
}

function exportClause(clause: string): ImportedName[] {
  const ns = /^\*\s*as\s+([\w$]+)$/.exec(clause.trim());
  if (ns) return [{ imported: "*", local: ns[1]! }];
  if (clause.trim() === "*") return [{ imported: "*" }];
  return namedList(clause.replace(/[{}]/g, ""));
}

/** `a, b as c, type d` → imported/local pairs (type-only names dropped). */
function namedList(list: string): ImportedName[] {
  const names: ImportedName[] = [];
  for (const piece of list.split(",")) {
    const part = piece.trim();
    if (!part || isTypeSpecifier(part)) continue;
    const renamed = part.includes("as") ? part.split(/(?<!\s)\s+as\s+/) : undefined;
    const imported = unquoted(renamed ? renamed[0]! : part);
    names.push({ imported, local: renamed?.[1] !== undefined ? unquoted(renamed[1]) : imported });
  }
  return names;
}

/** `"a-b"` → `a-b` (ES2022 string export names). */
function unquoted(name: string): string {
  const trimmed = name.trim();
  return trimmed.includes('"') || trimmed.includes("'") ? trimmed.replace(/^["']|["']$/g, "") : trimmed;
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
  // Read in place (no slice of the line): this runs for every import of every file.
  const from = Math.max(0, offset - COMMENT_LOOKBACK);
  const newline = text.lastIndexOf("\n", offset - 1);
  const lineStart = newline >= from ? newline + 1 : from;
  const wholeLine = newline >= from || from === 0;
  let first = lineStart;
  while (first < offset && isBlank(text.charCodeAt(first))) first++;
  if (wholeLine && first < offset && (text.charCodeAt(first) === 42 /* * */ || (first + 1 < offset && text.startsWith("/*", first)))) return true;
  // `//` opens a comment unless a quote or a colon (`https://`) is right before it.
  for (let at = text.indexOf("//", lineStart); at !== -1 && at + 2 <= offset; at = text.indexOf("//", at + 1)) {
    const before = at > lineStart ? text.charCodeAt(at - 1) : -1;
    if (before !== 58 /* : */ && before !== 34 /* " */ && before !== 39 /* ' */ && before !== 96 /* ` */) return true;
  }
  return false;
}

/** What `trimStart` skips. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x1680 || c === 0x202f || c === 0x205f || c === 0x3000;
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
const TYPE_LIST = /(?<![\w$.])export\s+type\s*\{([^{}]*)\}/g;
const VALUE_DECLARATION = /(?<![\w$.])export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:abstract\s+)?(?:const\s+enum|const|let|var|function|class|enum|namespace|module)[\s*]+([\w$]+)/g;
const VALUE_LIST = /(?<![\w$.])export\s*\{([^{}]*)\}/g;

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
