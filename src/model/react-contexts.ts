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
import { walk } from "../facts/ast.js";
import type { Ts, TsNode, TsSourceFile } from "../facts/typescript.js";
import type { ts as TsNamespace } from "ts-morph";
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
/** Files that can hold JSX: `.ts` files cannot. */
const JSX_CAPABLE = /\.(?:[jt]sx|[cm]?js)$/;

/** Per tree, its component elements with a given attribute, by attribute name: one walk per tree and name. */
const ATTRIBUTED = new WeakMap<TsSourceFile, Map<string, Array<{ tag: TsNode; value: TsNode }>>>();

function elementsGiving(ts: Ts, tree: TsSourceFile, attribute: string): ReadonlyArray<{ tag: TsNode; value: TsNode }> {
  let byName = ATTRIBUTED.get(tree);
  if (!byName) ATTRIBUTED.set(tree, (byName = new Map()));
  let found = byName.get(attribute);
  if (found) return found;
  found = [];
  const list = found;
  walk(ts, tree, (n) => {
    if (!ts.isJsxAttribute(n) || !ts.isIdentifier(n.name) || n.name.text !== attribute || !n.initializer || !ts.isJsxExpression(n.initializer) || !n.initializer.expression) return;
    const element = n.parent.parent as TsNamespace.JsxOpeningLikeElement;
    // A component's tag (`Ctx.Provider`, `Ctx`), not an HTML element's (`<input value>`).
    const tag = element.tagName;
    if (ts.isPropertyAccessExpression(tag) || (ts.isIdentifier(tag) && /^[A-Z]/.test(tag.text))) list.push({ tag, value: n.initializer.expression });
  });
  byName.set(attribute, list);
  return list;
}

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
    const text = JSX_CAPABLE.test(candidate) ? host.text(candidate) : undefined;
    if (!text?.includes(`${attribute}=`) || !hints.some((h) => text.includes(h))) continue;
    const tree = host.tree(candidate);
    if (!tree) continue;
    const site = { file: candidate, tree };
    for (const element of elementsGiving(ts, tree, attribute)) {
      if (out.length >= MAX_PROVIDERS) break;
      if (host.provides(element.tag, site, made)) out.push({ node: element.value, site });
    }
  }
  return out;
}
