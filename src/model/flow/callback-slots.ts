/**
 * Where a function value is handed to another function as a callback, and how that function
 * reaches it: the argument slot it fills (`stream(q, (c) => …)`, `send({ onChunk })`, a JSX
 * prop), and the member path by which the receiving function reads and calls its parameter
 * (`opts.onChunk(delta)`) or hands it on (`send(opts.onChunk)`). Syntax only: the data-flow
 * tracker binds the calls and follows the values.
 */
import type { ts as TsNamespace } from "ts-morph";
import { calleeName, propertyNameText, unwrapExpression } from "../../facts/ast.js";
import { callsWithin } from "../../facts/call-index.js";
import type { JsxElement } from "../../facts/jsx-elements.js";
import type { Ts, TsNode, TsSourceFile } from "../../facts/typescript.js";
import { PASS_THROUGH_CALLS } from "../../knowledge/pass-through-calls.js";
import { resolveName } from "../scopes.js";

/** Members followed one by one through object literals (`opts.persona.name`): short access paths only. */
export const MAX_FIELD_PATH = 3;

/**
 * A place a function value is handed over: the argument `index` of a call, along `path` inside
 * an object literal there (`send({ onChunk })` → 0, ["onChunk"]), or a prop of a JSX element
 * (`<Composer onReply={…} />` → its props, the component's parameter 0, along ["onReply"]).
 */
export type CallbackSlot =
  | { call: TsNamespace.CallExpression; index: number; path: readonly string[] }
  | { element: JsxElement; index: 0; path: readonly string[] };

/**
 * Where a function value is handed to a call as an argument: written in place
 * (`stream(q, (c) => …)`, `send({ onChunk: (c) => … })`), or held in a name that is passed
 * (`const onPiece = (c) => …` or `useCallback((c) => …)`, `function onPiece(c) {…}`, then
 * `stream(q, onPiece)`, `send({ onPiece })`) in the same file.
 */
export function callbackSlots(ts: Ts, fn: TsNode, tree: TsSourceFile): CallbackSlot[] {
  const out: CallbackSlot[] = [];
  const inPlace = argumentSlot(ts, fn);
  if (inPlace) return [inPlace];
  const holder = fn.parent && ts.isVariableDeclaration(fn.parent) && fn.parent.initializer === fn ? fn.parent : undefined;
  const wrapped = wrappedFunctionName(ts, fn) ? (fn.parent!.parent as TsNamespace.VariableDeclaration) : undefined;
  const declaration = holder ?? wrapped;
  const name = declaration && ts.isIdentifier(declaration.name) ? declaration.name.text : ts.isFunctionDeclaration(fn) && fn.name ? fn.name.text : undefined;
  if (!name) return out;
  for (const use of argumentNamesOf(ts, tree).get(name) ?? []) {
    const binding = resolveName(ts, name, use);
    const same = binding?.kind === "variable" ? binding.declaration === declaration && binding.path.length === 0 : binding?.kind === "function" && binding.node === fn;
    const slot = same ? argumentSlot(ts, use) : undefined;
    if (slot) out.push(slot);
  }
  return out;
}

/**
 * The argument slot a node fills: `f(a, node)` → 1, []; `f({ on: { chunk: node } })` → 0,
 * ["on", "chunk"]; `<Composer onReply={node} />` → the element, ["onReply"].
 */
function argumentSlot(ts: Ts, node: TsNode): CallbackSlot | undefined {
  const path: string[] = [];
  let current = node;
  for (let i = 0; i <= MAX_FIELD_PATH; i++) {
    let parent = current.parent;
    while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isNonNullExpression(parent))) (current = parent), (parent = parent.parent);
    if (!parent) return undefined;
    if (ts.isCallExpression(parent)) {
      const index = parent.arguments.indexOf(current as TsNamespace.Expression);
      return index < 0 ? undefined : { call: parent, index, path };
    }
    if (ts.isJsxExpression(parent) && parent.parent && ts.isJsxAttribute(parent.parent) && ts.isIdentifier(parent.parent.name)) {
      const element = parent.parent.parent.parent;
      return ts.isJsxOpeningElement(element) || ts.isJsxSelfClosingElement(element) ? { element, index: 0, path: [parent.parent.name.text, ...path] } : undefined;
    }
    const property = (ts.isPropertyAssignment(parent) && parent.initializer === current) || (ts.isShorthandPropertyAssignment(parent) && parent.name === current) ? parent : undefined;
    const key = property && propertyNameText(ts, property.name);
    if (!property || key === undefined || !ts.isObjectLiteralExpression(property.parent)) return undefined;
    path.unshift(key);
    current = property.parent;
  }
  return undefined;
}

const ARGUMENT_NAMES = new WeakMap<TsSourceFile, Map<string, TsNamespace.Identifier[]>>();

/** A tree's identifiers that stand as call arguments, or as property values of object literals passed as arguments, by name (read from the call index). */
function argumentNamesOf(ts: Ts, tree: TsSourceFile): Map<string, TsNamespace.Identifier[]> {
  let byName = ARGUMENT_NAMES.get(tree);
  if (byName) return byName;
  const found = new Map<string, TsNamespace.Identifier[]>();
  const add = (id: TsNamespace.Identifier) => {
    const list = found.get(id.text);
    if (list) list.push(id);
    else found.set(id.text, [id]);
  };
  const look = (expr: TsNode, depth: number): void => {
    const n = unwrapExpression(ts, expr);
    if (ts.isIdentifier(n)) add(n);
    else if (ts.isObjectLiteralExpression(n) && depth < MAX_FIELD_PATH) {
      for (const p of n.properties) {
        if (ts.isShorthandPropertyAssignment(p)) add(p.name);
        else if (ts.isPropertyAssignment(p)) look(p.initializer, depth + 1);
      }
    }
  };
  for (const call of callsWithin(ts, tree, tree)) for (const arg of call.arguments) look(arg, 0);
  ARGUMENT_NAMES.set(tree, (byName = found));
  return byName;
}

/**
 * The member path by which an expression reads the parameter `index` of `fn`: `onChunk` → [],
 * `opts.onChunk` → ["onChunk"], a destructured `({ onChunk })` → ["onChunk"], a local copy
 * (`const cb = opts.onChunk`) as what it copies. Undefined when it reads something else.
 */
export function parameterPath(ts: Ts, expr: TsNode, fn: TsNode, index: number, depth = 0): readonly string[] | undefined {
  const n = unwrapExpression(ts, expr);
  if (depth > MAX_FIELD_PATH + 2) return undefined;
  if (ts.isPropertyAccessExpression(n)) {
    const base = parameterPath(ts, n.expression, fn, index, depth + 1);
    return base && [...base, n.name.text];
  }
  if (ts.isElementAccessExpression(n) && ts.isStringLiteralLike(n.argumentExpression)) {
    const base = parameterPath(ts, n.expression, fn, index, depth + 1);
    return base && [...base, n.argumentExpression.text];
  }
  if (!ts.isIdentifier(n)) return undefined;
  const binding = resolveName(ts, n.text, n);
  if (binding?.kind === "parameter") return binding.fn === fn && binding.index === index ? binding.path : undefined;
  if (binding?.kind !== "variable" || !binding.init || !(binding.declaration.parent && ts.isVariableDeclarationList(binding.declaration.parent) && binding.declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
  if (binding.declaration.pos < fn.pos || binding.declaration.end > fn.end) return undefined;
  const base = parameterPath(ts, binding.init, fn, index, depth + 1);
  return base && [...base, ...binding.path];
}

/**
 * What is left of `path` where an argument hands the parameter on (`send(opts)` with
 * ["onChunk"] → ["onChunk"]; `send(opts.onChunk)` → []; `send({ cb: opts.onChunk })` → ["cb"]).
 */
export function forwardedPaths(ts: Ts, arg: TsNode, fn: TsNode, index: number, path: readonly string[]): Array<readonly string[]> {
  const out: Array<readonly string[]> = [];
  const rest = (read: readonly string[] | undefined) => (read && read.length <= path.length && read.every((k, i) => path[i] === k) ? path.slice(read.length) : undefined);
  const whole = rest(parameterPath(ts, arg, fn, index));
  if (whole) out.push(whole);
  const literal = unwrapExpression(ts, arg);
  if (ts.isObjectLiteralExpression(literal)) {
    for (const p of literal.properties) {
      const key = (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && propertyNameText(ts, p.name);
      const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
      const inner = key && value ? rest(parameterPath(ts, value, fn, index)) : undefined;
      if (key && inner && inner.length + 1 <= MAX_FIELD_PATH) out.push([key, ...inner]);
    }
  }
  return out;
}

export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => b[i] === k);
}

/** `const ask = useCallback(async (question) => …, [])`: the name of a function a framework call hands back as it is. */
export function wrappedFunctionName(ts: Ts, fn: TsNode): string | undefined {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const wrapper = calleeName(ts, call.expression);
  const shape = wrapper ? PASS_THROUGH_CALLS[wrapper] : undefined;
  if (!shape || shape.callsArgument || shape.box) return undefined;
  const holder = call.parent;
  return holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
}
