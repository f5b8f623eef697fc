/**
 * Each syntax tree's calls, indexed once: in source order (`callsWithin` a scope), by the last
 * name of their callee (`callIndexOf`), and by a plain callee name however it is wrapped
 * (`callsOfName`). The AI surface's walk fills the index where it passes first
 * (`CallIndexer`); every other reader gets it without walking the tree again.
 */
import type { ts as TsNamespace } from "ts-morph";
import { unwrapExpression, walk } from "./ast.js";
import type { Ts, TsNode, TsSourceFile } from "./typescript.js";

/**
 * Each tree's calls, in source order, and by the last name of their callee (`check` of
 * `check(x)` and of `a.b.check(x)`): shared by every evaluator and model part of the scan,
 * and filled by the AI surface's own walk where it passes first (`CallIndexer`), so a file
 * is walked for it at most once.
 */
interface CallIndex {
  byName: ReadonlyMap<string, TsNamespace.CallExpression[]>;
  /** Every call, however its callee is written, in pre-order (so sorted by `pos`). */
  all: readonly TsNamespace.CallExpression[];
}
const callIndexes = new WeakMap<TsNode, CallIndex>();

function callIndex(ts: Ts, tree: TsSourceFile): CallIndex {
  let index = callIndexes.get(tree);
  if (!index) {
    const indexer = new CallIndexer(ts);
    walk(ts, tree, (n) => indexer.visit(n));
    callIndexes.set(tree, (index = indexer.index));
  }
  return index;
}

export function callIndexOf(ts: Ts, tree: TsSourceFile): ReadonlyMap<string, TsNamespace.CallExpression[]> {
  return callIndex(ts, tree).byName;
}

/** The calls inside `scope` (a node of `tree`, or the tree), in source order: read from the index, no walk. */
export function callsWithin(ts: Ts, tree: TsSourceFile, scope: TsNode): TsNamespace.CallExpression[] {
  const { all } = callIndex(ts, tree);
  // Pre-order lists a subtree's nodes together, sorted by `pos`: find the first at or after the scope's.
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (all[mid]!.pos < scope.pos) lo = mid + 1;
    else hi = mid;
  }
  const out: TsNamespace.CallExpression[] = [];
  for (let i = lo; i < all.length && all[i]!.pos < scope.end; i++) {
    const call = all[i]!;
    if (call.end <= scope.end && call !== scope) out.push(call);
  }
  return out;
}

/** Builds a tree's call index from a walk someone makes anyway: `visit` every node in source order, then `finish`. */
export class CallIndexer {
  private readonly byName = new Map<string, TsNamespace.CallExpression[]>();
  private readonly all: TsNamespace.CallExpression[] = [];

  constructor(private readonly ts: Ts) {}

  get index(): CallIndex {
    return { byName: this.byName, all: this.all };
  }

  visit(n: TsNode): void {
    const { ts } = this;
    if (!ts.isCallExpression(n)) return;
    this.all.push(n);
    const callee = n.expression;
    const last = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (last === undefined) return;
    const list = this.byName.get(last);
    if (list) list.push(n);
    else this.byName.set(last, [n]);
  }

  finish(tree: TsSourceFile): void {
    if (!callIndexes.has(tree)) callIndexes.set(tree, this.index);
  }
}

const callsByPlainName = new WeakMap<TsNode, ReadonlyMap<string, readonly TsNode[]>>();

/**
 * The calls in a tree whose callee is a plain name (`check(x)`, `(check)(x)`), by that name,
 * in source order: read from the tree's call index, however often a rule asks.
 */
export function callsOfName(ts: Ts, tree: TsNode, name: string): readonly TsNode[] {
  let index = callsByPlainName.get(tree);
  if (!index) {
    const byName = new Map<string, TsNode[]>();
    for (const call of callIndex(ts, tree as TsSourceFile).all) {
      const callee = unwrapExpression(ts, call.expression);
      if (!ts.isIdentifier(callee)) continue;
      const calls = byName.get(callee.text);
      if (calls) calls.push(call);
      else byName.set(callee.text, [call]);
    }
    callsByPlainName.set(tree, (index = byName));
  }
  return index.get(name) ?? [];
}
