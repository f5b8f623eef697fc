/**
 * React contexts (`knowledge/data-flow.ts` `REACT_CONTEXTS`): what `useContext(ProfileContext)`
 * gives a component is the `value` an enclosing `<ProfileContext.Provider value={…}>` (React
 * 19: `<ProfileContext value={…}>`) hands down. Which provider encloses which reader is a
 * matter of the rendered tree, which no static walk sees: every provider of the context
 * counts, in the files that can import the file making it (a provider is written there, or
 * in a layout or app root importing the context).
 *
 * This module finds those providers; whoever asks (the evaluator, and through it the
 * data-flow tracker) says which tags name the context, by evaluating them to the same
 * `createContext(…)` call, and remembers the answer.
 */
import { attributeExpression, componentElementsOf, mayHoldJsx } from "../facts/jsx-elements.js";
import type { Ts, TsNode, TsSourceFile } from "../facts/typescript.js";
import type { ModuleGraph } from "./module-graph.js";

/** A `value` given to a context's provider, and where it is written. */
export interface ProvidedValue {
  node: TsNode;
  site: { file: string; tree: TsSourceFile };
}

/** What the search needs of its caller. */
export interface ContextHost {
  ts: Ts;
  modules: ModuleGraph;
  tree(file: string): TsSourceFile | undefined;
  text(file: string): string | undefined;
  /**
   * Is this JSX tag a provider of the context made by the call `made`: the context's provider
   * member (`ProfileContext.Provider`), or the context itself (React 19)?
   */
  provides(tag: TsNode, site: { file: string; tree: TsSourceFile }, made: TsNode): boolean;
}

/** Providers of one context followed (each element is one more place the value may come from). */
const MAX_PROVIDERS = 8;

/**
 * The values the providers of the context made by the call `made` (in `file`) give:
 * `attribute` is the providers' value prop, and a file holding one spells one of `hints`
 * (`.Provider`, the context's own name). Not remembered here: the evaluator asks through
 * its guard, which remembers the answer as long as it holds.
 */
export function providedValues(host: ContextHost, made: TsNode, file: string, attribute: string, hints: readonly string[]): ProvidedValue[] {
  const { ts, modules } = host;
  const out: ProvidedValue[] = [];
  for (const candidate of modules.namingImporters(file)) {
    if (out.length >= MAX_PROVIDERS) break;
    const text = mayHoldJsx(candidate) ? host.text(candidate) : undefined;
    if (!text?.includes(`${attribute}=`) || !hints.some((h) => text.includes(h))) continue;
    const tree = host.tree(candidate);
    if (!tree) continue;
    const site = { file: candidate, tree };
    for (const element of componentElementsOf(ts, tree)) {
      if (out.length >= MAX_PROVIDERS) break;
      const given = attributeExpression(ts, element, attribute);
      if (given && host.provides(element.tagName, site, made)) out.push({ node: given.value, site });
    }
  }
  return out;
}
