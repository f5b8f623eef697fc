/** Small syntax-tree helpers shared by rules. They take the `ts` module as an argument. */
import type { Ts, TsNode } from "./typescript.js";

/** Depth-first walk of every node. */
export function walk(ts: Ts, root: TsNode, visit: (node: TsNode) => void): void {
  const recurse = (node: TsNode): void => {
    visit(node);
    ts.forEachChild(node, recurse);
  };
  recurse(root);
}

/** The name of a property (`foo`, `"foo"`, `['foo']`), or undefined when it is computed. */
export function propertyNameText(ts: Ts, name: TsNode): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** A string literal's value (quotes or backticks without substitutions), else undefined. */
export function stringValue(ts: Ts, node: TsNode): string | undefined {
  if (ts.isStringLiteralLike(node)) return node.text;
  return undefined;
}

/** Names of the enclosing object-literal properties, outermost first: `{ a: { b: <node> } }` → ["a", "b"]. */
export function propertyChain(ts: Ts, node: TsNode): string[] {
  const chain: string[] = [];
  let current: TsNode | undefined = node;
  while (current) {
    if (ts.isPropertyAssignment(current) || ts.isShorthandPropertyAssignment(current)) {
      const name = propertyNameText(ts, current.name);
      if (name !== undefined) chain.unshift(name);
    }
    current = current.parent;
  }
  return chain;
}

/** Strips `(x)`, `x as T`, `x!`, `x satisfies T`. */
export function unwrapExpression(ts: Ts, node: TsNode): TsNode {
  let n = node;
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isNonNullExpression(n) || ts.isSatisfiesExpression(n) || ts.isTypeAssertionExpression(n)) n = n.expression;
  return n;
}
