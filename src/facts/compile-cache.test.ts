/**
 * The launcher's code cache: a CommonJS file loaded through it works like `require`, its
 * cache is written once and then used, and a cache folder another user could write is
 * never trusted.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { requireCached, saveCompileCaches } from "./compile-cache.js";

let base: string;
const saved = { dir: process.env.AIGIS_CACHE_DIR, off: process.env.AIGIS_NO_COMPILE_CACHE };

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "aigis-compile-cache-test-"));
  delete process.env.AIGIS_NO_COMPILE_CACHE;
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
  for (const [name, value] of [["AIGIS_CACHE_DIR", saved.dir], ["AIGIS_NO_COMPILE_CACHE", saved.off]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

function library(): string {
  const file = join(base, "library.cjs");
  writeFileSync(file, 'const path = require("node:path");\nmodule.exports = { twice: (x) => x * 2, base: path.basename(__filename) };\n');
  return file;
}

describe("requireCached", () => {
  it("loads a CommonJS file, writes its cache after the run, and reads it the next time", () => {
    const cache = join(base, "cache");
    process.env.AIGIS_CACHE_DIR = cache;
    const file = library();
    const first = requireCached(file) as { twice(x: number): number; base: string };
    expect(first.twice(21)).toBe(42);
    expect(first.base).toBe("library.cjs");
    saveCompileCaches();
    const [written] = readdirSync(cache);
    expect(written).toMatch(/^[0-9a-f]{16}\.v8$/);
    const stamp = statSync(join(cache, written!)).mtimeMs;
    expect((requireCached(file) as { twice(x: number): number }).twice(2)).toBe(4);
    // An accepted cache is not written again.
    saveCompileCaches();
    expect(readdirSync(cache)).toEqual([written]);
    expect(statSync(join(cache, written!)).mtimeMs).toBe(stamp);
  });

  it.skipIf(process.platform === "win32")("never uses a cache folder others can write to", () => {
    const cache = join(base, "shared");
    process.env.AIGIS_CACHE_DIR = cache;
    const file = library();
    requireCached(file);
    saveCompileCaches();
    expect(readdirSync(cache)).toHaveLength(1);
    chmodSync(cache, 0o777);
    rmSync(join(cache, readdirSync(cache)[0]!));
    expect((requireCached(file) as { twice(x: number): number }).twice(5)).toBe(10);
    saveCompileCaches();
    expect(readdirSync(cache)).toEqual([]);
  });

  it("is off with AIGIS_NO_COMPILE_CACHE=1", () => {
    process.env.AIGIS_NO_COMPILE_CACHE = "1";
    expect(requireCached(library())).toBeUndefined();
  });
});
