/**
 * A workspace package's entry points, read from its package.json the way bundlers do:
 * the `exports` map (subpath keys, `*` patterns, nested conditions, arrays, `null`
 * exclusions), else `source`/`module`/`main`/`types`. The scanned tree has no build output,
 * so a target in `dist/` (or `build/`, `lib/`…) also names its source: `./dist/test/index.js`
 * may be `src/test/index.ts` or `test/index.ts`. The answers are candidate stems for the
 * resolver to probe against the discovered files; none is checked here.
 */
import { posix } from "node:path";

/** Conditions tried first, source-like ones before built ones; any other condition comes after. */
const CONDITION_ORDER = ["source", "development", "import", "module", "node", "default", "require", "types", "browser"];

/** Folders build tools write to; their files' sources live under `src/` or the package root. */
const BUILD_DIRS = new Set(["dist", "build", "lib", "out", "esm", "cjs", "types"]);

export interface PackageEntries {
  /** The `exports` field, when the manifest has one. */
  exports?: unknown;
  /** The `imports` field (`"#lib/*": "./src/lib/*"`), private to the package's own files. */
  imports?: unknown;
  /** `source`, `module`, `main`, `types`, in that order. */
  mainFields: string[];
}

export function readPackageEntries(text: string | undefined): PackageEntries {
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text ?? "{}");
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    // An unreadable manifest still names a package: its entries are guessed.
  }
  const mainFields = ["source", "module", "main", "types", "typings"].map((k) => json[k]).filter((v): v is string => typeof v === "string");
  return {
    ...(json.exports !== undefined && json.exports !== null ? { exports: json.exports } : {}),
    ...(json.imports && typeof json.imports === "object" && !Array.isArray(json.imports) ? { imports: json.imports } : {}),
    mainFields,
  };
}

/**
 * Paths (relative to the package directory, without `./`) that `subpath` (`.` or `./client`)
 * may name through the `exports` map, best first; `undefined` when the map has no entry for it
 * (the caller then guesses), `[]` when the map excludes it with `null`.
 */
export function exportsTargets(exports: unknown, subpath: string): string[] | undefined {
  const map = subpathMap(exports);
  return map ? mapTargets(map, subpath) : undefined;
}

/**
 * Paths (relative to the package directory) that a subpath import (`#lib/ai`) names through
 * the package's `imports` map, best first; `undefined` when the map has no entry for it.
 * The keys and targets follow the same rules as `exports` (patterns, conditions).
 */
export function importsTargets(imports: unknown, specifier: string): string[] | undefined {
  if (!imports || typeof imports !== "object" || Array.isArray(imports)) return undefined;
  return mapTargets(imports as Record<string, unknown>, specifier);
}

/** The targets of `subpath` in a subpath-keyed map (exact key, else the longest matching pattern). */
function mapTargets(map: Record<string, unknown>, subpath: string): string[] | undefined {
  let target: unknown;
  let star = "";
  if (Object.prototype.hasOwnProperty.call(map, subpath)) target = map[subpath];
  else {
    // The longest matching pattern wins (`./*` loses to `./components/*`); `./dir/` maps a folder.
    let bestPrefix = -1;
    for (const key of Object.keys(map)) {
      const at = key.indexOf("*");
      const prefix = at === -1 ? (key.endsWith("/") ? key : undefined) : key.slice(0, at);
      if (prefix === undefined || !subpath.startsWith(prefix) || prefix.length <= bestPrefix) continue;
      const suffix = at === -1 ? "" : key.slice(at + 1);
      if (!subpath.endsWith(suffix) || subpath.length < prefix.length + suffix.length) continue;
      bestPrefix = prefix.length;
      star = subpath.slice(prefix.length, subpath.length - suffix.length);
      target = at === -1 ? appendFolder(map[key], star) : map[key];
    }
    if (bestPrefix === -1) return undefined;
  }
  const out: string[] = [];
  for (const t of conditionTargets(target, 0)) {
    const path = t.replace(/\*/g, star).replace(/^\.\//, "");
    for (const stem of sourceStems(path)) if (!out.includes(stem)) out.push(stem);
  }
  return out;
}

/** Stems for an entry path: the path itself (unless a declaration file), then its source outside a build folder. */
export function sourceStems(path: string): string[] {
  const normal = posix.normalize(path).replace(/^\.\//, "");
  if (normal.startsWith("..")) return [];
  const declaration = /\.d\.[cm]?ts$/.test(normal);
  const stems = declaration ? [] : [normal];
  const [first, ...rest] = normal.split("/");
  if (first && BUILD_DIRS.has(first) && rest.length) {
    // `dist/esm/index.js` → `index`; `.d.ts` and built extensions go, the probe adds source ones.
    const unbuilt = (parts: string[]) => parts.join("/").replace(/\.d\.[cm]?ts$|\.[cm]?jsx?$/, "");
    const inner = unbuilt(rest.length > 1 && BUILD_DIRS.has(rest[0]!) ? rest.slice(1) : rest);
    stems.push(`src/${inner}`, inner);
    // `dist/lib/x.js` may be `src/lib/x.ts` too (a source folder named like a build one).
    const whole = unbuilt(rest);
    if (whole !== inner) stems.push(`src/${whole}`, whole);
  } else if (declaration) stems.push(normal.replace(/\.d\.[cm]?ts$/, ""));
  return stems;
}

/** `{ ".": …, "./x": … }` as is; a bare target or a conditions object is the map of `.`. */
function subpathMap(exports: unknown): Record<string, unknown> | undefined {
  if (typeof exports === "string" || Array.isArray(exports)) return { ".": exports };
  if (!exports || typeof exports !== "object") return undefined;
  const record = exports as Record<string, unknown>;
  const keys = Object.keys(record);
  return keys.length && keys.every((k) => k.startsWith(".")) ? record : { ".": record };
}

/** A folder mapping (`"./utils/": "./src/utils/"`): the rest of the subpath goes on each string target. */
function appendFolder(target: unknown, rest: string): unknown {
  if (typeof target === "string") return target + rest;
  if (Array.isArray(target)) return target.map((t) => appendFolder(t, rest));
  if (target && typeof target === "object") return Object.fromEntries(Object.entries(target).map(([k, v]) => [k, appendFolder(v, rest)]));
  return target;
}

const MAX_CONDITION_DEPTH = 8;

/** Every string target under a conditions tree, preferred conditions first; `null` yields none. */
function conditionTargets(target: unknown, depth: number): string[] {
  if (typeof target === "string") return target.startsWith("./") ? [target] : [];
  if (depth >= MAX_CONDITION_DEPTH) return [];
  if (Array.isArray(target)) return target.flatMap((t) => conditionTargets(t, depth + 1));
  if (!target || typeof target !== "object") return [];
  const entries = Object.entries(target as Record<string, unknown>);
  const rank = (k: string) => (CONDITION_ORDER.includes(k) ? CONDITION_ORDER.indexOf(k) : CONDITION_ORDER.length);
  return entries.sort((a, b) => rank(a[0]) - rank(b[0])).flatMap(([, v]) => conditionTargets(v, depth + 1));
}
