/**
 * Finds provider-key-shaped strings in text, using the table in
 * `knowledge/provider-keys.ts`, plus values assigned to variables whose names say
 * "this is an AI provider's key" (keys of formats the table does not know yet).
 *
 * Everything here is compiled once per process; scanning one file is a handful of
 * regex passes, most of them skipped by the keyword prefilter.
 */
import { DATA_FILE_EXTENSIONS, DATA_JSON_MIN_BYTES, KEY_SLOT_DUMMY_VALUES, PLACEHOLDER_MARKERS, PROVIDER_KEY_SHAPES, type ProviderKeyShape } from "../knowledge/provider-keys.js";
import { shannonEntropy } from "../util/text.js";
import { isProviderKeyName, mentionsAiProvider } from "./secret-names.js";
import { AI_PROVIDER_NAME_WORDS } from "../knowledge/env-vars.js";
import { LiteralGate, LiteralsSeen } from "./literal-gates.js";

export interface KeyMatch {
  start: number;
  end: number;
  /** The shape id, or `named-ai-secret` for a value found by its variable's name. */
  shapeId: string;
  provider: string;
  label: string;
  /** Characters from `start` that may be shown after redaction. */
  visiblePrefix: number;
  /** For `named-ai-secret`: the variable or property name that held it. */
  name?: string;
}

interface CompiledShape {
  shape: ProviderKeyShape;
  regex: RegExp;
  context?: RegExp;
  /** The context searched over the whole text (only a plain word list, whose matches never cross a line), to visit just the lines that hold it. */
  contextSearch?: RegExp;
  notNear?: RegExp;
  /** The pattern anchored at both ends, to test a whole value. */
  whole: RegExp;
}

// Shapes never start or end inside a longer token or a base64 run.
const BEFORE = "(?<![A-Za-z0-9_+/-])";
const AFTER = "(?![A-Za-z0-9_-])";

const COMPILED: readonly CompiledShape[] = PROVIDER_KEY_SHAPES.map((shape) => ({
  shape,
  regex: new RegExp(`${BEFORE}(?:${shape.pattern})${AFTER}`, "g"),
  context: shape.context ? new RegExp(shape.context, "i") : undefined,
  contextSearch: shape.context && /^[\w|]+$/.test(shape.context) ? new RegExp(shape.context, "gi") : undefined,
  notNear: shape.notNear ? new RegExp(shape.notNear, "i") : undefined,
  whole: new RegExp(`^(?:${shape.pattern})$`),
}));

/**
 * A shape is tried only on text that holds one of its keywords (any case). The gates share
 * one pass per text with every other literal gate; overlapping keywords (`sk-`, `sk-ant-api`)
 * are all seen.
 */
const KEYWORD_GATES = new Map<CompiledShape, LiteralGate>(COMPILED.map((c) => [c, new LiteralGate(c.shape.keywords, { ignoreCase: true })]));

/** Regexes of the key shapes, for the benchmark's floor (a plain regex pass). */
export function keyShapeRegexes(): RegExp[] {
  // A plain scanner gates a shape that needs context on the context's name (a bare
  // 32-character pattern over every byte would make the floor, not the scan, the slow one).
  return COMPILED.map((c) => (c.context ? new RegExp(`(?:${c.shape.context!}).*${c.regex.source}`, "gi") : new RegExp(c.regex.source, "g")));
}

const NEAR_WINDOW = 300;
// Every look around a match is bounded, so that a long line costs its length, not its
// length times its matches:
// a context word names the value it precedes on its line (`AZURE_OPENAI_KEY=`, `"mistralApiKey": "`),
const CONTEXT_REACH = 120;
// a name is read back at most this far, and the AI-provider name before a key looked for this far back.
const NAME_REACH = 200;
// "A provider is named just above" looks at most this far before and after the name.
const ABOVE_REACH = 400;

/** `namedSecrets: false` finds keys by their shape only (minified bundles, data files: see `namedSecretsApply`). */
export function findProviderKeys(text: string, options: { namedSecrets?: boolean; seen?: LiteralsSeen } = {}): KeyMatch[] {
  const seen = options.seen ?? new LiteralsSeen(text);
  const candidates = shapesMentioned(seen);
  const found: KeyMatch[] = [];
  for (const compiled of candidates) {
    if (compiled.context) scanLinesWithContext(text, compiled, found);
    else scanRange(text, 0, text.length, compiled, found);
  }
  if (options.namedSecrets !== false && SECRET_WORD_GATE.test(seen)) for (const m of findNamedAiSecrets(text)) found.push(m);
  return dropOverlaps(found);
}

/** Is a value found by its name in this file? Not in saved pages, data dumps and logs. */
export function namedSecretsApply(relPath: string, bytes: number): boolean {
  const name = relPath.slice(relPath.lastIndexOf("/") + 1).toLowerCase();
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 ? name.slice(dot) : "";
  if (DATA_FILE_EXTENSIONS.includes(ext)) return false;
  return !(ext === ".json" && bytes >= DATA_JSON_MIN_BYTES);
}

function shapesMentioned(seen: LiteralsSeen): CompiledShape[] {
  // Table order is precedence order when matches overlap.
  return COMPILED.filter((c) => KEYWORD_GATES.get(c)!.test(seen));
}

/**
 * A shape that is not unique (a bare 32-character token) counts only right after its
 * context word on the same line, and never as one of a list of such tokens: a JSON array
 * of MD5 hashes next to the word "azure" holds no Azure key.
 */
function scanLinesWithContext(text: string, compiled: CompiledShape, out: KeyMatch[]): void {
  const search = compiled.contextSearch;
  if (!search) {
    for (let lineStart = 0; lineStart <= text.length; ) {
      const lineEnd = endOfLine(text, lineStart);
      scanLineWithContext(text, lineStart, lineEnd, compiled, out);
      lineStart = lineEnd + 1;
    }
    return;
  }
  // Only the lines holding the context word: no slice and no test for every line of the file.
  search.lastIndex = 0;
  for (let m = search.exec(text); m; m = search.exec(text)) {
    const lineStart = text.lastIndexOf("\n", m.index - 1) + 1;
    const lineEnd = endOfLine(text, m.index);
    scanLineWithContext(text, lineStart, lineEnd, compiled, out);
    search.lastIndex = lineEnd + 1;
  }
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end === -1 ? text.length : end;
}

function scanLineWithContext(text: string, lineStart: number, lineEnd: number, compiled: CompiledShape, out: KeyMatch[]): void {
  const ctx = compiled.context!;
  if (!ctx.test(text.slice(lineStart, lineEnd))) return;
  const found: KeyMatch[] = [];
  scanRange(text, lineStart, lineEnd, compiled, found, true);
  for (const m of found) if (ctx.test(text.slice(Math.max(lineStart, m.start - CONTEXT_REACH), m.start))) out.push(m);
}

// Only quotes, commas, brackets and blanks between two tokens: they are items of a list.
const LIST_GAP = /^["'`\s,[\]]*$/;

function scanRange(text: string, from: number, to: number, compiled: CompiledShape, out: KeyMatch[], dropLists = false): void {
  const { regex, shape } = compiled;
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  regex.lastIndex = 0;
  let m: RegExpExecArray | null;
  let previousEnd = -1;
  let previousKept = false;
  while ((m = regex.exec(slice))) {
    const start = from + m.index;
    const end = start + m[0].length;
    const listed = dropLists && previousEnd >= 0 && start - previousEnd <= 16 && LIST_GAP.test(text.slice(previousEnd, start));
    // The item before this one was kept before its list showed: take it back.
    if (listed && previousKept) out.pop();
    previousEnd = end;
    previousKept = false;
    if (listed) continue;
    if (!looksLikeRealKey(text, start, end, shape.visiblePrefix, shape.minEntropy)) continue;
    if (compiled.notNear && !namedForAiProvider(text, start) && compiled.notNear.test(text.slice(Math.max(0, start - NEAR_WINDOW), end + NEAR_WINDOW))) continue;
    out.push({ start, end, shapeId: shape.id, provider: shape.provider, label: shape.label, visiblePrefix: shape.visiblePrefix });
    previousKept = true;
  }
}

/**
 * A name on the key's own line, before it (`VITE_GEMINI_API_KEY=`, `geminiKey: "`,
 * `new GoogleGenAI({ apiKey: "`), or on the line above when that line opens the object the
 * key sits in (`new GoogleGenAI({`), says it belongs to an AI provider. That outweighs
 * nearby "public key" context: Firebase apps that call Gemini keep both keys side by side.
 */
function namedForAiProvider(text: string, start: number): boolean {
  const window = text.slice(Math.max(0, start - NAME_REACH), start);
  const lineBreak = window.lastIndexOf("\n");
  let before = window.slice(lineBreak + 1);
  if (lineBreak >= 0) {
    const above = window.slice(window.lastIndexOf("\n", lineBreak - 1) + 1, lineBreak);
    if (/[({][ \t\r]*$/.test(above)) before = `${above}\n${before}`;
  }
  return (before.match(/[A-Za-z_$][\w$]*/g) ?? []).some(mentionsAiProvider);
}

/** The value is a key of a shape that is public in this context (the Firebase config's `AIza…`). */
function publicInContext(text: string, start: number, end: number): boolean {
  const value = text.slice(start, end);
  return COMPILED.some((c) => c.notNear !== undefined && c.whole.test(value) && !namedForAiProvider(text, start) && c.notNear.test(text.slice(Math.max(0, start - NEAR_WINDOW), end + NEAR_WINDOW)));
}

/**
 * A value of a shape that is public in some uses (Google `AIza…` keys), under a name that
 * says it is one of those uses (`VITE_FIREBASE_API_KEY`, `GOOGLE_MAPS_API_KEY`): not a secret.
 */
export function isPublicByDesign(name: string, value: string): boolean {
  return COMPILED.some((c) => c.notNear !== undefined && !mentionsAiProvider(name) && c.notNear.test(name) && c.whole.test(value));
}

/**
 * How much of a value another detector found may show: the public prefix of the table's
 * first shape the whole value has (`sk-ant-api03-` of an Anthropic key secretlint also
 * reports), else nothing.
 */
export function publicPrefixLength(value: string): number {
  return COMPILED.find((c) => c.whole.test(value))?.shape.visiblePrefix ?? 0;
}

const DUMMY_VALUES = new Set(KEY_SLOT_DUMMY_VALUES);

/**
 * What a string literal written in an SDK's key option is: a key (a known format, or a
 * long random token), a placeholder (`""`, `"your-api-key"`, `"sk-..."`, `"<KEY>"`,
 * `"ollama"`, `"OPENAI_API_KEY"`), or some other literal (`"mysecret"`: still not a
 * place for a value, but maybe not a key).
 */
export function judgeKeySlotLiteral(value: string): "key" | "placeholder" | "other" {
  const v = value.trim();
  // Real keys are long; `"key2"`, `"abc"` only fill the option.
  if (v.length < 8 || /\s/.test(v) || DUMMY_VALUES.has(v.toLowerCase())) return "placeholder";
  // Words joined by dashes or underscores (`not-a-real-key`, `my_secret_key`): a label, not a key.
  // (Labels are short; the mixed-case test backtracks, so it never sees a long value.)
  if (v.length <= 200 && /^[a-z]+(?:[-_][a-z]+)+$/i.test(v) && !/[A-Z].*[a-z].*[A-Z]/.test(v)) return "placeholder";
  if (PLACEHOLDER_MARKERS.some((p) => v.includes(p)) || v.includes("...") || /^[<{[($%]|[>}\]]$/.test(v)) return "placeholder";
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v)) return "placeholder";
  if (/x{3,}|X{3,}|\*{2,}|your|example|placeholder|changeme|replace|redacted|dummy|fake|sample|test|mock|invalid|not[-_]?a[-_]?real/i.test(v)) return "placeholder";
  // A prefix alone, or a prefix and filler: `sk-`, `sk-proj-`, `hf_`, `gsk_`.
  if (/^[A-Za-z]{1,8}[-_](?:[A-Za-z]{1,8}[-_])?$/.test(v)) return "placeholder";
  if (COMPILED.some((c) => !c.context && c.whole.test(v))) return "key";
  const body = v.replace(/^[A-Za-z]{1,8}[-_](?:[A-Za-z0-9]{1,8}[-_])?/, "");
  if (body.length >= 20 && /[0-9]/.test(body) && /[A-Za-z]/.test(body) && looksLikeRealKey(v, 0, v.length, v.length - body.length, 3.5)) return "key";
  return "other";
}

/** Filters documentation placeholders, repeated patterns and low-entropy filler. */
export function looksLikeRealKey(text: string, start: number, end: number, prefixLength: number, minEntropy = 3): boolean {
  const token = text.slice(start, end);
  const body = token.slice(prefixLength);
  if (PLACEHOLDER_MARKERS.some((p) => token.includes(p))) return false;
  // Truncated in docs: `sk-proj-abc123...`, `sk-ant-…`, `…x9Qz` (a named value may hold the dots itself).
  const after = text.slice(end, end + 3);
  const before = text.slice(Math.max(0, start - 3), start);
  if (after.startsWith("...") || after.startsWith("…") || before.endsWith("...") || before.endsWith("…") || token.includes("...")) return false;
  if (shannonEntropy(body) < minEntropy) return false;
  if (hasAscendingRun(body, 6) || isRepetitive(body)) return false;
  return true;
}

function hasAscendingRun(value: string, length: number): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run >= length) return true;
  }
  return false;
}

/** `abcd1234abcd1234…`: a short unit repeated, which real keys never are. */
function isRepetitive(value: string): boolean {
  if (value.length < 16) return false;
  const grams = new Set<string>();
  for (let i = 0; i + 4 <= value.length; i++) grams.add(value.slice(i, i + 4));
  return grams.size < (value.length - 3) * 0.5;
}

// `name = "value"`, `name: 'value'`, `"name": "value"`, `NAME=value` (env, YAML, Python, JS…).
// Anchored on the secret word that ends the name, so the regex engine skips ahead on a
// literal instead of trying every identifier; the name is then read backwards.
const SECRET_ASSIGNMENT = /(key|token|secret|pass(?:word)?|pat|credentials?)["']?[ \t]*(?::=|=>|=|:)[ \t]*(["'`]?)([A-Za-z0-9_\-+/=.~]{20,200})\2(?![A-Za-z0-9_\-+/=.~])/gi;
const NAME_CHAR = /[\w$.-]/;
// SECRET_ASSIGNMENT's words, so that text without any of them skips its pass.
const SECRET_WORD_GATE = new LiteralGate(["key", "token", "secret", "pass", "pat", "credential"], { ignoreCase: true });
// Provider names, and hosts that name no provider word (Baidu's AI platform, `aip.baidubce.com`).
const AI_WORD_NEAR = new RegExp(`\\b(?:${[...AI_PROVIDER_NAME_WORDS.filter((w) => w.length > 2), "aip\\.baidubce"].join("|")})`, "i");

/**
 * A high-entropy literal assigned to `OPENAI_API_KEY`, `anthropicKey`, or to `apiKey`
 * right under `new OpenAI({`: a provider key whatever its format.
 */
function findNamedAiSecrets(text: string): KeyMatch[] {
  const out: KeyMatch[] = [];
  SECRET_ASSIGNMENT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SECRET_ASSIGNMENT.exec(text))) {
    const nameEnd = m.index + m[1]!.length;
    // The secret word must end the name (`apiKey:`), not start a longer one (`keyboard:` cannot match anyway).
    let nameStart = m.index;
    const nameLimit = Math.max(0, m.index - NAME_REACH);
    while (nameStart > nameLimit && NAME_CHAR.test(text[nameStart - 1]!)) nameStart--;
    const name = text.slice(nameStart, nameEnd);
    const value = m[3]!;
    const valueStart = m.index + m[0].lastIndexOf(value);
    // `OPENAI_API_KEY`, `geminiKey` by themselves; a generic `apiKey` / `api_key` only with a provider named around it.
    const aiName = isProviderKeyName(name, false);
    if (!aiName && !(isProviderKeyName(name, true) && aiWordNear(text, nameStart))) continue;
    // `apiKey:` under `import … from "firebase/ai"`: the shape table already judged this value public.
    if (!aiName && publicInContext(text, valueStart, valueStart + value.length)) continue;
    if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) continue;
    if (/^(process|import|env|config|settings)\./.test(value)) continue;
    if (!looksLikeRealKey(text, valueStart, valueStart + value.length, 0, 3.5)) continue;
    out.push({ start: valueStart, end: valueStart + value.length, shapeId: "named-ai-secret", provider: "AI provider", label: "value of an AI provider key variable", visiblePrefix: 0, name: name.split(".").pop() });
  }
  return out;
}

/**
 * The line itself, one of the three above (`new OpenAI({`, a `[wenxin]` section) or of the
 * four below (the provider URL the key is sent to) mentions a provider.
 */
function aiWordNear(text: string, offset: number): boolean {
  const before = text.slice(Math.max(0, offset - ABOVE_REACH), offset);
  let from = before.length;
  for (let i = 0; i < 4 && from > 0; i++) from = Math.max(0, before.lastIndexOf("\n", from - 1));
  const after = text.slice(offset, offset + ABOVE_REACH);
  let to = -1;
  for (let i = 0; i < 5; i++) {
    const next = after.indexOf("\n", to + 1);
    if (next === -1) return AI_WORD_NEAR.test(before.slice(from) + after);
    to = next;
  }
  return AI_WORD_NEAR.test(before.slice(from) + after.slice(0, to));
}

function dropOverlaps(matches: KeyMatch[]): KeyMatch[] {
  matches.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: KeyMatch[] = [];
  for (const m of matches) {
    const last = kept[kept.length - 1];
    if (last && m.start < last.end) continue;
    kept.push(m);
  }
  return kept;
}
