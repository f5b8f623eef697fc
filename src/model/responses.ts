/**
 * How code sends a response, recognised from the table in `knowledge/http-responses.ts`:
 * `res.json(…)` on a response object, a response function found by where it comes from
 * (`NextResponse.json` of `next/server`, the global `Response`, `json` of `@sveltejs/kit`,
 * Nest's `*Exception`s), and the arguments or fields that become the body. Shared by the
 * error-details rule (EH-1) and the secret-in-responses rule (AK-5).
 */
import { propertyNameText, unwrapExpression, walk } from "../facts/ast.js";
import type { Ts, TsNode } from "../facts/typescript.js";
import type { ts as TsNamespace } from "ts-morph";
import { NEST_EXCEPTIONS, RESPONSE_CHAIN_METHODS, RESPONSE_FUNCTIONS, RESPONSE_OBJECT_NAMES, STREAM_CONTROLLERS, type ResponseMethod } from "../knowledge/http-responses.js";
import { resolveName } from "./scopes.js";

export interface ResponseFunction {
  label: string;
  /** Which arguments become the body (all when absent). */
  args?: readonly number[];
  /** Which properties of an object argument reach the client (all when absent). */
  fields?: readonly string[];
}

/** A response function by where it comes from; undefined for any other callee. */
export function responseFunction(ts: Ts, callee: TsNode, how: "call" | "new"): ResponseFunction | undefined {
  const path: string[] = [];
  let root = callee;
  while (ts.isPropertyAccessExpression(root)) {
    path.unshift(root.name.text);
    root = unwrapExpression(ts, root.expression);
  }
  if (!ts.isIdentifier(root)) return undefined;
  const binding = resolveName(ts, root.text, root);
  let pkg: string;
  let exportPath: string;
  if (!binding) {
    pkg = "global";
    exportPath = [root.text, ...path].join(".");
  } else if (binding.kind === "import") {
    pkg = binding.specifier;
    exportPath = [binding.imported === "*" ? undefined : binding.imported, ...path].filter(Boolean).join(".");
  } else if (binding.kind === "variable" && binding.init && requiredPackage(ts, binding.init)) {
    pkg = requiredPackage(ts, binding.init)!;
    exportPath = [...binding.path, ...path].join(".");
  } else return undefined;
  const shape = RESPONSE_FUNCTIONS.find((f) => f.how === how && f.export === exportPath && f.packages.includes(pkg));
  if (shape) return shape;
  if (how === "new" && NEST_EXCEPTIONS.packages.includes(pkg) && NEST_EXCEPTIONS.exportPattern.test(exportPath)) return { label: `new ${exportPath}` };
  return undefined;
}

/** The last names of the response functions' exports (`json` of `NextResponse.json`): a cheap test before resolving a callee. */
const RESPONSE_LAST_NAMES: ReadonlySet<string> = new Set(RESPONSE_FUNCTIONS.map((f) => f.export.slice(f.export.lastIndexOf(".") + 1)));

/**
 * What a response made by a response function sends (`NextResponse.json({ data })`,
 * `new Response(stream)`, SvelteKit's `json(…)`): its body arguments, or the body fields of
 * them the table names. Undefined for any other call: a value followed into a helper that
 * builds the response (`return jsonOk(text)`) is still the value sent.
 */
export function responseBody(ts: Ts, made: TsNamespace.CallExpression | TsNamespace.NewExpression): TsNode[] | undefined {
  const callee = unwrapExpression(ts, made.expression);
  const last = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (last === undefined || !(RESPONSE_LAST_NAMES.has(last) || (ts.isNewExpression(made) && last.endsWith("Exception")))) return undefined;
  const shape = responseFunction(ts, callee, ts.isNewExpression(made) ? "new" : "call");
  if (!shape) return undefined;
  return bodyOf(ts, shape, made.arguments ?? []);
}

/** What a call of a response function sends: the arguments it takes the body from, or the fields of them it sends. */
export function bodyOf(ts: Ts, fn: ResponseFunction, args: readonly TsNode[]): TsNode[] {
  return bodyFields(ts, pickArguments(args, fn.args), fn.fields);
}

/**
 * `res`, `reply`, `c`, `ctx`, also behind `.status(500)` or `.response`. By name only, unless
 * `anyParameter` (inside a known handler, its parameters and `this` are the response too).
 */
export function isResponseObject(ts: Ts, expr: TsNode, anyParameter = false): boolean {
  let node = unwrapExpression(ts, expr);
  for (let i = 0; i < 6; i++) {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && RESPONSE_CHAIN_METHODS.includes(node.expression.name.text)) node = unwrapExpression(ts, node.expression.expression);
    else if (ts.isPropertyAccessExpression(node) && (node.name.text === "response" || node.name.text === "res" || node.name.text === "raw")) node = unwrapExpression(ts, node.expression);
    else break;
  }
  if (node.kind === ts.SyntaxKind.ThisKeyword) return anyParameter;
  if (!ts.isIdentifier(node)) return false;
  if (RESPONSE_OBJECT_NAMES.includes(node.text)) return true;
  return anyParameter && resolveName(ts, node.text, node)?.kind === "parameter";
}

const ENQUEUE_METHODS: ReadonlySet<string> = new Set(STREAM_CONTROLLERS.flatMap((s) => s.enqueue));

/**
 * `controller.enqueue(chunk)` where `controller` is the controller parameter of a web stream's
 * `start`/`pull` (`transform` for a TransformStream) written in `new ReadableStream({ … })`:
 * the chunk is part of the stream's body. The label, or undefined.
 */
export function streamEnqueue(ts: Ts, call: TsNamespace.CallExpression): string | undefined {
  const callee = unwrapExpression(ts, call.expression);
  // The method's name first: most calls are not `enqueue`, and resolving the receiver costs a scope lookup.
  if (!ts.isPropertyAccessExpression(callee) || !ENQUEUE_METHODS.has(callee.name.text)) return undefined;
  const receiver = unwrapExpression(ts, callee.expression);
  if (!ts.isIdentifier(receiver)) return undefined;
  const binding = resolveName(ts, receiver.text, receiver);
  if (binding?.kind !== "parameter" || binding.path.length > 0) return undefined;
  const fn = binding.fn;
  const member = ts.isMethodDeclaration(fn) ? fn : ts.isPropertyAssignment(fn.parent) ? fn.parent : undefined;
  const object = member?.parent;
  const made = object && ts.isObjectLiteralExpression(object) ? object.parent : undefined;
  if (!member?.name || !made || !ts.isNewExpression(made) || !ts.isIdentifier(made.expression)) return undefined;
  const methodName = propertyNameText(ts, member.name);
  const shape = STREAM_CONTROLLERS.find((s) => s.constructor === (made.expression as TsNamespace.Identifier).text);
  if (!shape || !methodName || !shape.methods.includes(methodName) || binding.index !== shape.controllerIndex || !shape.enqueue.includes(callee.name.text)) return undefined;
  return `${receiver.text}.${callee.name.text} (${shape.constructor} body)`;
}

/**
 * What a web stream written in place sends: the chunks its source methods enqueue
 * (`new ReadableStream({ async start(controller) { for await (…) controller.enqueue(text) } })`).
 * Undefined for any other construction.
 */
export function streamChunks(ts: Ts, made: TsNamespace.NewExpression): TsNode[] | undefined {
  const name = ts.isIdentifier(made.expression) ? made.expression.text : undefined;
  const shape = name === undefined ? undefined : STREAM_CONTROLLERS.find((s) => s.constructor === name);
  const source = made.arguments?.[0] && unwrapExpression(ts, made.arguments[0]);
  if (!shape || !source || !ts.isObjectLiteralExpression(source)) return undefined;
  const chunks: TsNode[] = [];
  for (const member of source.properties) {
    const fn = ts.isMethodDeclaration(member) ? member : ts.isPropertyAssignment(member) && (ts.isFunctionExpression(member.initializer) || ts.isArrowFunction(member.initializer)) ? member.initializer : undefined;
    const methodName = member.name && propertyNameText(ts, member.name);
    if (!fn?.body || !methodName || !shape.methods.includes(methodName)) continue;
    walk(ts, fn.body, (n) => {
      if (ts.isCallExpression(n) && n.arguments[0] && streamEnqueue(ts, n)) chunks.push(n.arguments[0]);
    });
  }
  return chunks;
}

/** `require("pkg")` → `pkg`. */
export function requiredPackage(ts: Ts, init: TsNode): string | undefined {
  const node = unwrapExpression(ts, init);
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== "require") return undefined;
  const arg = node.arguments[0];
  return arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
}

/** The arguments at `indexes`, or all. */
export function pickArguments<T>(args: readonly T[], indexes: readonly number[] | undefined): T[] {
  return indexes ? indexes.map((i) => args[i]).filter((a): a is T => a !== undefined) : [...args];
}

/** Only the listed properties of object arguments reach the client (`new TRPCError({ message })`); other arguments whole. */
export function bodyFields(ts: Ts, args: readonly TsNode[], fields: readonly string[] | undefined): TsNode[] {
  if (!fields) return [...args];
  const out: TsNode[] = [];
  for (const arg of args) {
    const node = unwrapExpression(ts, arg);
    if (!ts.isObjectLiteralExpression(node)) {
      out.push(arg);
      continue;
    }
    for (const p of node.properties) {
      const name = p.name ? propertyNameText(ts, p.name) : undefined;
      if (name === undefined || !fields.includes(name)) continue;
      if (ts.isPropertyAssignment(p)) out.push(p.initializer);
      else if (ts.isShorthandPropertyAssignment(p)) out.push(p.name);
    }
  }
  return out;
}

/**
 * Does a call of this response method send its message (`ctx.throw(400, msg)`), given the
 * status its arguments name? A method exposed only below some status (`exposedBelowStatus`)
 * sends nothing at or above it, nor without a numeric status.
 */
export function sendsMessage(ts: Ts, shape: ResponseMethod, args: readonly TsNode[]): boolean {
  if (shape.exposedBelowStatus === undefined) return true;
  const status = args.map((a) => unwrapExpression(ts, a)).find((a) => ts.isNumericLiteral(a));
  return status !== undefined && Number((status as TsNamespace.NumericLiteral).text) < shape.exposedBelowStatus;
}
