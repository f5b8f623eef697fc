/** Small syntax-tree helpers shared by rules. They take the `ts` module as an argument. */
import type { Ts, TsNode } from "./typescript.js";

/**
 * Trees deeper than this are not analysed as code (`FileFacts.syntaxTree` refuses them):
 * every recursive walk may then rely on it. The deepest file of the 66-repository corpus
 * nests 142 levels; a 3,000-term `+` chain nests 3,000.
 */
export const MAX_SYNTAX_DEPTH = 500;

/** Depth-first walk of every node, in source order, with an explicit stack (no recursion as deep as the tree). */
export function walk(ts: Ts, root: TsNode, visit: (node: TsNode) => void): void {
  const stack: TsNode[] = [root];
  const children: TsNode[] = [];
  const collect = (child: TsNode): void => {
    children.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    ts.forEachChild(node, collect);
    while (children.length > 0) stack.push(children.pop()!);
  }
}

/** Does the tree nest deeper than `limit` levels? (Iterative; stops at the first node past the limit.) */
export function nestsDeeperThan(ts: Ts, root: TsNode, limit: number): boolean {
  return !walkWithin(ts, root, limit, undefined);
}

/**
 * Sets every node's `parent`, as `createSourceFile(…, setParentNodes = true)` would, in the
 * same walk that checks the depth: one pass over a fresh tree instead of two. False when the
 * tree nests deeper than `limit` (it is then refused, half linked).
 */
export function linkParentsWithin(ts: Ts, root: TsNode, limit: number): boolean {
  return walkWithin(ts, root, limit, (child, parent) => {
    (child as { parent: TsNode }).parent = parent;
  });
}

/** Iterative walk over every node (and JSDoc node, when `link` is given), false at the first past `limit` levels. */
function walkWithin(ts: Ts, root: TsNode, limit: number, link: ((child: TsNode, parent: TsNode) => void) | undefined): boolean {
  const nodes: TsNode[] = [root];
  const depths: number[] = [0];
  let parent: TsNode = root;
  let depth = 0;
  // One callback for the whole walk, not one closure per node.
  const onChild = (child: TsNode): void => {
    link?.(child, parent);
    nodes.push(child);
    depths.push(depth);
  };
  while (nodes.length > 0) {
    parent = nodes.pop()!;
    depth = depths.pop()! + 1;
    if (depth > limit) return false;
    ts.forEachChild(parent, onChild);
    // A compiler that still parses JSDoc (older than 5.3) attaches it beside the children.
    const docs = link ? (parent as { jsDoc?: TsNode[] }).jsDoc : undefined;
    if (docs) for (const doc of docs) onChild(doc);
  }
  return true;
}

/** A literal string, number, `true`, `false`, `null` or `undefined` (through parentheses and casts). */
export function isLiteralValue(ts: Ts, expr: TsNode): boolean {
  const node = unwrapExpression(ts, expr);
  if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node)) return true;
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword) return true;
  return ts.isIdentifier(node) && node.text === "undefined";
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

/** Per function: what it returns, computed once (every flow question about a call asks it again). */
const RETURNS = new WeakMap<TsNode, readonly TsNode[]>();

/**
 * The expressions a function returns: its expression body, or the expressions of its own
 * `return` statements (not those of functions nested in it), in source order. Shared by every
 * caller: never modify the list.
 */
export function returnedExpressions(ts: Ts, fn: TsNode): readonly TsNode[] {
  let found = RETURNS.get(fn);
  if (found) return found;
  const body = (fn as { body?: TsNode }).body;
  if (!body) found = [];
  else if (!ts.isBlock(body)) found = [body];
  else {
    const list: TsNode[] = [];
    const pending: TsNode[] = [body];
    const children: TsNode[] = [];
    const collect = (child: TsNode): void => {
      // A nested function's returns are its own.
      if (!ts.isFunctionLike(child)) children.push(child);
    };
    for (let n = pending.pop(); n; n = pending.pop()) {
      if (ts.isReturnStatement(n) && n.expression) list.push(n.expression);
      ts.forEachChild(n, collect);
      while (children.length > 0) pending.push(children.pop()!);
    }
    found = list;
  }
  RETURNS.set(fn, found);
  return found;
}

/**
 * `JSON.stringify(x, …)` → `x` (unwrapped): the same value, sent or logged as text. A
 * request body, a prompt or a payload is judged by what it stringifies; anything else is
 * undefined.
 */
export function jsonStringifyArgument(ts: Ts, node: TsNode): TsNode | undefined {
  const n = unwrapExpression(ts, node);
  if (!ts.isCallExpression(n) || !n.arguments[0]) return undefined;
  const callee = unwrapExpression(ts, n.expression);
  const isJson = ts.isPropertyAccessExpression(callee) && callee.name.text === "stringify" && ts.isIdentifier(callee.expression) && callee.expression.text === "JSON";
  return isJson ? unwrapExpression(ts, n.arguments[0]) : undefined;
}

/** Does the declaration carry `export` (`export function`, `export const`, `export default class`)? */
export function hasExportModifier(ts: Ts, node: TsNode): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

/** The name a call's callee ends in: `ask` of `ask(…)`, `create` of `client.chat.completions.create(…)`. */
export function calleeName(ts: Ts, callee: TsNode): string | undefined {
  const node = unwrapExpression(ts, callee);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return undefined;
}

/** The identifier a member or call chain starts from: `req` of `req.body.get("x")`. */
export function rootIdentifier(ts: Ts, expr: TsNode): string | undefined {
  let node = unwrapExpression(ts, expr);
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) node = unwrapExpression(ts, node.expression);
  return ts.isIdentifier(node) ? node.text : undefined;
}

/** The name callers use for a function: its own, or the variable or property it is assigned to. */
export function functionName(ts: Ts, fn: TsNode): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const parent = fn.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** The innermost function whose text holds an offset, found by descending the tree one level at a time (no recursion). */
/**
 * The outermost node starting exactly at `start` that `accept` takes, found by descending
 * only into the children that span `start` (not a walk of the whole tree).
 */
export function nodeStartingAt<T extends TsNode>(ts: Ts, root: TsNode, start: number, accept: (node: TsNode) => node is T): T | undefined {
  for (let node: TsNode | undefined = root; node; ) {
    if (node !== root && accept(node) && node.getStart() === start) return node;
    node = ts.forEachChild(node, (child) => (child.pos <= start && start < child.end ? child : undefined));
  }
  return undefined;
}

export function innermostFunctionAt(ts: Ts, root: TsNode, offset: number): TsNode | undefined {
  let found: TsNode | undefined;
  for (let node: TsNode | undefined = root; node; ) {
    if (node !== root && ts.isFunctionLike(node)) found = node;
    node = ts.forEachChild(node, (child) => (child.getStart() <= offset && offset < child.getEnd() ? child : undefined));
  }
  return found;
}
