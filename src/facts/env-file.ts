/** Parses dotenv-style files (`KEY=value`, `export KEY="value"`, comments) without evaluating anything. */
import { DEFAULT_SECRET_WORDS } from "../knowledge/provider-keys.js";

export interface EnvEntry {
  name: string;
  value: string;
  /** Offsets into the file text. */
  nameStart: number;
  valueStart: number;
  valueEnd: number;
}

// The value starts with a non-blank (or is empty): the blanks before it can fall to one quantifier only
// (`[ \t]*(.*)` split a long run of tabs every way before failing on a stray carriage return).
const LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:][ \t]*((?:[^ \t\n\r\u2028\u2029][^\n\r\u2028\u2029]*)?)$/;

export function parseEnvFile(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, "");
    const m = LINE.exec(line);
    if (m) {
      const name = m[1]!;
      const raw = m[2]!;
      const rawStart = lineStart + line.length - raw.length;
      const { value, offset } = unquote(raw);
      entries.push({ name, value, nameStart: lineStart + line.indexOf(name), valueStart: rawStart + offset, valueEnd: rawStart + offset + value.length });
    }
    lineStart = lineEnd + 1;
  }
  return entries;
}

function unquote(raw: string): { value: string; offset: number } {
  const q = raw[0];
  if (q === '"' || q === "'" || q === "`") {
    const close = raw.indexOf(q, 1);
    if (close > 0) return { value: raw.slice(1, close), offset: 1 };
  }
  // Unquoted: a trailing ` # comment` is not part of the value.
  const hash = raw.search(/[ \t]#/);
  return { value: (hash === -1 ? raw : raw.slice(0, hash)).trimEnd(), offset: 0 };
}

/** Empty, placeholder or reference values that hold no secret (`${OTHER}`, `changeme`, `<key>`, `super-secret-key`). */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 8) return true;
  if (/^[<{[(]|\$\{|^\$[A-Z_]/.test(v)) return true;
  if (/x{4,}|\*{3,}|your|example|placeholder|changeme|replace|dummy|redacted|todo|<|>|^sk-\.\.\./i.test(v)) return true;
  if (/\s/.test(v)) return true;
  return isMadeUpDefault(v);
}

/** A one-word default is at most this long (`mysecretpassword`); each part of one with separators, this long. */
const MAX_DEFAULT_WORD = 20;
const MAX_DEFAULT_PART = 12;

/**
 * A few short lowercase words, one of them a secret's word (`super-secret-key`,
 * `mysecretpassword`): written by hand as a default, never generated. A long run of
 * lowercase letters may be a generated token that happens to spell `key`: not this.
 */
function isMadeUpDefault(value: string): boolean {
  if (!/^[a-z]+(?:[-_.][a-z]+){0,4}$/.test(value)) return false;
  const words = value.split(/[-_.]/);
  if (words.some((word) => word.length > (words.length === 1 ? MAX_DEFAULT_WORD : MAX_DEFAULT_PART))) return false;
  return words.some((word) => DEFAULT_SECRET_WORDS.some((secret) => word.includes(secret)));
}

/**
 * A value that defines no key at all: empty, a placeholder, a key cut short for show
 * (`sk-proj-...`) or a bare word (`OpenAI_API`): real keys always carry digits.
 */
export function definesNoKey(value: string): boolean {
  const v = value.trim();
  return isPlaceholderValue(v) || /(?:\.{3}|\u2026)$/.test(v) || !/\d/.test(v);
}
