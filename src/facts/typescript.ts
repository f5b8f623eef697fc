/**
 * The TypeScript compiler API, from the copy ts-morph bundles.
 *
 * Analysers receive this module as an argument and never import it themselves, so the
 * CLI can load it only when a scan has code to parse, and ESLint can hand in its own.
 */
import { createRequire } from "node:module";
import { requireCached } from "./compile-cache.js";
import type { ts as TsNamespace } from "ts-morph";

export type Ts = typeof TsNamespace;
export type TsSourceFile = TsNamespace.SourceFile;
export type TsNode = TsNamespace.Node;

let loaded: Ts | undefined;

/**
 * The compiler module ts-morph ships, required directly: `import("ts-morph")` also loads
 * ts-morph's own 4 MB of code (unused here) and has Node lex 9 MB of CommonJS for its ESM
 * named exports, which cost a cold CLI run about 0.2 s. Falls back to ts-morph's export if
 * that file ever moves.
 */
export async function loadTypeScript(): Promise<Ts> {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    let file: string | undefined;
    try {
      file = require.resolve("@ts-morph/common/dist/typescript.js");
    } catch {
      file = undefined;
    }
    loaded = (file && ((codeCache && (requireCached(file) as Ts | undefined)) || (require(file) as Ts))) || (require("ts-morph") as { ts: Ts }).ts;
  }
  return loaded;
}

let codeCache = false;

/** The CLI process (not a library or ESLint host) loads the compiler through a V8 code cache: see `compile-cache.ts`. */
export function loadTypeScriptWithCodeCache(): void {
  codeCache = true;
}
