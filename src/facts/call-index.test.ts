/**
 * The per-tree call index (`callIndexOf`, `callsWithin`): the calls a scope holds are read
 * from the index, and must be exactly those a walk of the scope finds, in the same order.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { walk } from "./ast.js";
import { loadTypeScript, type Ts, type TsNode, type TsSourceFile } from "./typescript.js";
import { CallIndexer, callIndexOf, callsOfName, callsWithin } from "./call-index.js";

let ts: Ts;
beforeAll(async () => {
  ts = await loadTypeScript();
});

const SOURCE = [
  "const first = load(a(b(c())));",
  "export function handler(req) {",
  "  const x = (function () { return inner(1); })();",
  "  track(req.body)?.then((r) => save(r)).catch(log);",
  "  return (0, wrap)(req)(next);",
  "}",
  "(async () => { await start(); })();",
  "const bare = function () { return deep(2); }();",
  "const last = done();",
].join("\n");

function parse(text: string): TsSourceFile {
  return ts.createSourceFile("a.ts", text, ts.ScriptTarget.Latest, true);
}

function walked(scope: TsNode): TsNode[] {
  const calls: TsNode[] = [];
  walk(ts, scope, (n) => {
    if (n !== scope && ts.isCallExpression(n)) calls.push(n);
  });
  return calls;
}

const texts = (nodes: readonly TsNode[]) => nodes.map((n) => n.getText());

describe("callsWithin", () => {
  it("lists the calls a walk of the scope finds, in the same order, for every function and the whole file", () => {
    const tree = parse(SOURCE);
    const scopes: TsNode[] = [tree];
    walk(ts, tree, (n) => {
      if (ts.isFunctionLike(n)) scopes.push(n);
    });
    expect(scopes.length).toBe(6);
    for (const scope of scopes) expect(texts(callsWithin(ts, tree, scope))).toEqual(texts(walked(scope)));
  });

  it("leaves out the call a function is the callee of, and calls before and after the scope", () => {
    const tree = parse(SOURCE);
    const called: TsNode[] = [];
    walk(ts, tree, (n) => {
      if (ts.isFunctionExpression(n)) called.push(n);
    });
    // The second starts where its call does (no parentheses around it): that call is outside it all the same.
    expect(called.map((fn) => texts(callsWithin(ts, tree, fn)))).toEqual([["inner(1)"], ["deep(2)"]]);
  });

  it("reads the index the surface's walk filled, and callIndexOf gives calls by the callee's last name", () => {
    const tree = parse(SOURCE);
    const indexer = new CallIndexer(ts);
    walk(ts, tree, (n) => indexer.visit(n));
    indexer.finish(tree);
    expect(callIndexOf(ts, tree).get("then")?.map((n) => n.getText())).toEqual(["track(req.body)?.then((r) => save(r))"]);
    expect(texts(callsWithin(ts, tree, tree))).toEqual(texts(walked(tree)));
  });
});

describe("callsOfName", () => {
  it("gives the calls of a plain name however the callee is wrapped, in order, and not a method of that name", () => {
    const tree = parse(["check(a);", "(check as Fn)(b);", "guard.check(c);", "function f() { return check(d); }"].join("\n"));
    expect(texts(callsOfName(ts, tree, "check"))).toEqual(["check(a)", "(check as Fn)(b)", "check(d)"]);
    expect(callsOfName(ts, tree, "missing")).toEqual([]);
  });
});
