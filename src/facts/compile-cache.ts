/**
 * Loads a large CommonJS file (the TypeScript compiler, 9 MB) with a V8 code cache, so a
 * cold CLI run does not compile it again each time (about 0.15 s of every run; Node 20 has
 * no built-in compile cache). Only our own dependency is loaded this way, never code of the
 * scanned project.
 *
 * The cache lives in the user's cache folder (`$XDG_CACHE_HOME/aigis`, `~/.cache/aigis`,
 * `%LOCALAPPDATA%\aigis`, or `AIGIS_CACHE_DIR`), one file per compiler file, Node version and
 * V8 flags; V8 checks it against the source and rejects a stale one, which is then written
 * afresh. Cached bytecode runs as our code, so a folder or file another user could have
 * written (not ours, or writable by group or others) is never read: never a shared temp
 * folder. `AIGIS_NO_COMPILE_CACHE=1` turns it off. Any failure to read or write it only
 * costs the time it would have saved.
 */
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** Scripts loaded this run whose cache should be (re)written once the run has compiled what it uses. */
const pending: Array<{ script: Script; cacheFile: string }> = [];

/** `require(file)`, through a code cache when one can be kept; `undefined` when the file cannot be loaded this way. */
export function requireCached(file: string): unknown {
  if (process.env.AIGIS_NO_COMPILE_CACHE === "1") return undefined;
  let source: string;
  let cacheFile: string;
  try {
    source = readFileSync(file, "utf8");
    const stat = statSync(file);
    const key = createHash("sha256").update(`${file}\0${stat.size}\0${stat.mtimeMs}\0${process.version}\0${process.arch}\0${process.execArgv.join(" ")}`).digest("hex").slice(0, 16);
    cacheFile = join(cacheFolder(), `${key}.v8`);
  } catch {
    return undefined;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = onlyOurs(dirname(cacheFile)) && onlyOurs(cacheFile) ? readFileSync(cacheFile) : undefined;
  } catch {
    cachedData = undefined;
  }
  const script = new Script((Module as unknown as { wrap(code: string): string }).wrap(source), { filename: file, cachedData });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dir: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  if (cachedData === undefined || script.cachedDataRejected) pending.push({ script, cacheFile });
  return module.exports;
}

/**
 * Writes the caches of the scripts loaded without one: after the work, so that the
 * functions the run compiled lazily are in it too (atomically: a concurrent run reads the
 * old file or the new one, never half of one).
 */
export function saveCompileCaches(): void {
  for (const { script, cacheFile } of pending.splice(0)) {
    try {
      mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
      if (!onlyOurs(dirname(cacheFile))) continue;
      const partial = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
      renameSync(partial, cacheFile);
    } catch {
      // A read-only or full temp folder: the next run compiles again.
    }
  }
}

function cacheFolder(): string {
  const env = process.env;
  if (env.AIGIS_CACHE_DIR) return env.AIGIS_CACHE_DIR;
  if (process.platform === "win32") return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "aigis");
  return join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "aigis");
}

/** Is this path (not a link) owned by this user and writable by no one else? Always so where there are no POSIX owners. */
function onlyOurs(path: string): boolean {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return false;
  if (typeof process.getuid !== "function" || process.platform === "win32") return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}
