/**
 * The TypeScript compiler API, from the copy ts-morph bundles.
 *
 * Analysers receive this module as an argument and never import it themselves, so the
 * CLI can load it only when a scan has code to parse, and ESLint can hand in its own.
 */
import type { ts as TsNamespace } from "ts-morph";

export type Ts = typeof TsNamespace;
export type TsSourceFile = TsNamespace.SourceFile;
export type TsNode = TsNamespace.Node;

let loaded: Ts | undefined;

export async function loadTypeScript(): Promise<Ts> {
  loaded ??= (await import("ts-morph")).ts;
  return loaded;
}
