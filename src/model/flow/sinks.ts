/**
 * Sinks of the data-flow rules that ask "where does this value end up?": log calls,
 * responses sent to the client, thrown error messages, and what a route handler returns
 * where its framework sends it. Shapes come from `knowledge/log-sinks.ts` and
 * `knowledge/http-responses.ts`; the rules trace each sink's values back with a tracker.
 */
import { propertyNameText, unwrapExpression } from "../../facts/ast.js";
import type { FileFacts } from "../../facts/file-facts.js";
import type { Ts, TsNode, TsSourceFile } from "../../facts/typescript.js";
import {
  RESPONSE_BODY_ASSIGNMENTS,
  RESPONSE_CHAIN_METHODS,
  RESPONSE_FUNCTIONS,
  RESPONSE_METHODS,
  RESPONSE_OBJECT_NAMES,
  RETURN_SENDS_FRAMEWORKS,
  RETURN_SENDS_METHODS,
  NEST_EXCEPTIONS,
} from "../../knowledge/http-responses.js";
import {
  CONSOLE_METHODS,
  CONSOLE_RECEIVERS,
  ERROR_CLASS_NAME,
  ERROR_TRACKER_CALLS,
  LOGGER_METHODS,
  LOGGER_RECEIVER_NAMES,
  LOGGER_RECEIVER_SUFFIX,
  OUTPUT_STREAMS,
} from "../../knowledge/log-sinks.js";
import { CREDENTIAL_HEADER_NAMES } from "../../knowledge/data-flow.js";
import { isSecretName } from "../../facts/secret-names.js";
import { escapeRegExp } from "../../util/text.js";
import type { ts as TsNamespace } from "ts-morph";
import { AiSurface } from "../ai-surface.js";
import { ModuleGraph } from "../module-graph.js";
import type { Route } from "../routes/types.js";
import { resolveName } from "../scopes.js";
import { FlowModel } from "./index.js";
import { oneFileFlow } from "./one-file.js";
import { distinctTraces, type Trace } from "./trace.js";
import type { Tracker } from "./tracker.js";

export type SinkKind = "log" | "response" | "error";

export interface Sink {
  kind: SinkKind;
  file: string;
  /** The call, assignment, `throw` or returned expression: findings are reported where it starts. */
  node: TsNode;
  /** `console.log`, `logger.info`, `res.status(500).json`, `NextResponse.json`, `ctx.body =`, `throw new Error`. */
  label: string;
  /** The expressions whose values it writes or sends. */
  values: TsNode[];
}

/** What a handler returns, where the framework sends it: the label of those sinks. */
export const RETURNED_VALUE = "the value the handler returns";

/** Sinks of every code file of a list, of the kinds asked for. */
export function sinksInFiles(ts: Ts, files: readonly FileFacts[], kinds: ReadonlySet<SinkKind>): Sink[] {
  const out: Sink[] = [];
  for (const file of files) {
    if (!file.isCode) continue;
    const tree = file.syntaxTree(ts);
    if (tree) out.push(...sinksIn(ts, file.relPath, tree, kinds));
  }
  return out;
}

/** The sources a sink's values come from, as one tracker sees them (the sink's own tree must be known to it). */
export function tracesInto(tracker: Tracker, sink: Sink, keep: (trace: Trace) => boolean = () => true): Trace[] {
  const tree = tracker.context.tree(sink.file);
  if (!tree) return [];
  const site = { file: sink.file, tree };
  const traces: Trace[] = [];
  for (const value of sink.values) traces.push(...tracker.tracesOf(value, site).filter(keep));
  return distinctTraces(traces);
}

/** Sinks of one file, of the kinds asked for. */
export function sinksIn(ts: Ts, file: string, tree: TsSourceFile, kinds: ReadonlySet<SinkKind>): Sink[] {
  const out: Sink[] = [];
  const visit = (node: TsNode): void => {
    const sink = sinkAt(ts, node, kinds);
    if (sink) out.push({ ...sink, file });
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return out;
}

/**
 * What route handlers return where the framework sends it (Fastify, NestJS, tRPC, Nuxt,
 * Remix loaders and actions, server actions): each `return` of the handler itself.
 */
export function returnSinks(ts: Ts, routes: readonly Route[], tree: (rel: string) => TsSourceFile | undefined): Sink[] {
  const out: Sink[] = [];
  const seen = new Set<TsNode>();
  for (const route of routes) {
    const handler = route.handler;
    if (!handler || seen.has(handler.node) || !ts.isFunctionLike(handler.node)) continue;
    if (!RETURN_SENDS_FRAMEWORKS.includes(route.framework) && !RETURN_SENDS_METHODS.includes(route.method)) continue;
    seen.add(handler.node);
    if (!tree(handler.file)) continue;
    const fn = handler.node;
    const body = (fn as { body?: TsNode }).body;
    if (!body) continue;
    // `async () => ({ … })`: the body is the value.
    if (!ts.isBlock(body)) {
      if (!isResponseExpression(ts, body)) out.push({ kind: "response", file: handler.file, node: body, label: RETURNED_VALUE, values: [body] });
      continue;
    }
    const visit = (n: TsNode): void => {
      if (ts.isFunctionLike(n)) return;
      if (ts.isReturnStatement(n) && n.expression && !isResponseExpression(ts, n.expression)) out.push({ kind: "response", file: handler.file, node: n, label: RETURNED_VALUE, values: [n.expression] });
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(body, visit);
  }
  return out;
}

// A secret enters a file by a secret-named env read, the whole `process.env`, a credential
// header, an axios error's `config`, or a key written in it; anything else comes from
// another file (imported, or passed in by a caller).
const ENV_READS = /\benv\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*["'`]([^"'`]+)["'`]\s*\])|\bprocess\.env\b(?!\s*(?:\?\.|[.[]))|\$env\/(?:static|dynamic)\/private/g;
const CREDENTIAL_HINT = new RegExp(`headers|\\.header\\(|\\.config\\b|${CREDENTIAL_HEADER_NAMES.map(escapeRegExp).join("|")}`, "i");

/**
 * The code files a secret can reach a sink in: those where one enters (`mayHoldSecret`),
 * barrels re-exporting them, the files that import them (from a config module, a helper
 * building headers), and the files any of those import (a helper that logs what it is given).
 */
export function filesThatMayHoldSecrets(files: readonly FileFacts[], modules: ModuleGraph): FileFacts[] {
  const byPath = new Map(files.filter((f) => f.isCode).map((f) => [f.relPath, f]));
  const seeds = new Set([...byPath.values()].filter(mayHoldSecret).map((f) => f.relPath));
  const queue = [...seeds];
  while (queue.length) {
    const file = queue.shift()!;
    for (const edge of modules.importersOf(file)) {
      if (edge.record.kind === "export-from" && !edge.record.typeOnly && !seeds.has(edge.from)) {
        seeds.add(edge.from);
        queue.push(edge.from);
      }
    }
  }
  const reached = new Set(seeds);
  for (const seed of seeds) for (const edge of modules.importersOf(seed)) if (!edge.record.typeOnly) reached.add(edge.from);
  const out = new Set(reached);
  for (const file of reached) for (const edge of modules.importsOf(file)) if (edge.target && !edge.record.typeOnly) out.add(edge.target);
  return [...out].sort().map((rel) => byPath.get(rel)).filter((f): f is FileFacts => f !== undefined);
}

/** Does the file's text show a way for a secret to enter it? */
export function mayHoldSecret(file: FileFacts): boolean {
  const text = file.text;
  if (CREDENTIAL_HINT.test(text) || file.providerKeys.length > 0) return true;
  ENV_READS.lastIndex = 0;
  for (let m = ENV_READS.exec(text); m; m = ENV_READS.exec(text)) {
    const name = m[1] ?? m[2];
    if (name === undefined || isSecretName(name)) return true;
  }
  return false;
}

/** The data-flow model of one file for ESLint, also for a file that imports nothing (a script logging `process.env`). */
export function flowOfFileAlone(file: FileFacts, ts: Ts): FlowModel | undefined {
  const shared = oneFileFlow(file, ts);
  if (shared || !file.isCode) return shared;
  let flow = standalone.get(file);
  if (!flow) {
    const fileOf = (rel: string) => (rel === file.relPath ? file : undefined);
    const modules = new ModuleGraph([file], [], new Map());
    flow = new FlowModel({ ts, modules, surface: new AiSurface(ts, modules, fileOf), fileOf, routes: [] });
    standalone.set(file, flow);
  }
  return flow;
}
const standalone = new WeakMap<FileFacts, FlowModel>();

function sinkAt(ts: Ts, node: TsNode, kinds: ReadonlySet<SinkKind>): Omit<Sink, "file"> | undefined {
  if (ts.isCallExpression(node)) {
    if (node.arguments.length === 0) return undefined;
    const callee = unwrapExpression(ts, node.expression);
    if (kinds.has("log")) {
      const log = logCall(ts, callee);
      if (log) return { kind: "log", node, label: log, values: [...node.arguments] };
    }
    if (kinds.has("response")) {
      const response = responseCall(ts, node, callee);
      if (response) return { kind: "response", node, ...response };
    }
    return undefined;
  }
  if (ts.isNewExpression(node) && kinds.has("response") && node.arguments?.length) {
    const fn = responseFunction(ts, unwrapExpression(ts, node.expression), "new");
    if (fn) return { kind: "response", node, label: fn.label, values: fieldsOf(ts, pick([...node.arguments], fn.args), fn.fields) };
    return undefined;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && kinds.has("response")) {
    const left = unwrapExpression(ts, node.left);
    if (ts.isPropertyAccessExpression(left) && RESPONSE_BODY_ASSIGNMENTS.includes(left.name.text) && isResponseObject(ts, left.expression)) return { kind: "response", node, label: `the ${chainText(ts, left)} assignment`, values: [node.right] };
    return undefined;
  }
  if (ts.isThrowStatement(node) && kinds.has("error")) {
    const thrown = unwrapExpression(ts, node.expression);
    if ((ts.isNewExpression(thrown) || ts.isCallExpression(thrown)) && thrown.arguments?.length) {
      const name = calleeText(ts, thrown.expression);
      // Nest HTTP exceptions are responses: the response sink reports them.
      if (name && ERROR_CLASS_NAME.test(name) && !(kinds.has("response") && responseFunction(ts, unwrapExpression(ts, thrown.expression), "new"))) {
        return { kind: "error", node, label: `throw ${ts.isNewExpression(thrown) ? "new " : ""}${name}`, values: [...thrown.arguments] };
      }
    }
  }
  return undefined;
}

/** `console.log`, `logger.info`, `this.logger.warn`, `req.log.error`, `process.stdout.write`, `Sentry.captureMessage`. */
function logCall(ts: Ts, callee: TsNode): string | undefined {
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const receiver = unwrapExpression(ts, callee.expression);
  const receiverText = receiverName(ts, receiver);
  if (receiverText === undefined) return undefined;
  const last = receiverText.split(".").pop()!;
  if (CONSOLE_RECEIVERS.includes(receiverText) && CONSOLE_METHODS.includes(method) && !declaredLocally(ts, receiver)) return `${receiverText}.${method}`;
  if (OUTPUT_STREAMS.some((s) => s.receiver === receiverText && s.method === method)) return `${receiverText}.${method}`;
  if (ERROR_TRACKER_CALLS.some((t) => t.receiver === receiverText && t.methods.includes(method))) return `${receiverText}.${method}`;
  if (LOGGER_METHODS.includes(method) && (LOGGER_RECEIVER_NAMES.includes(last) || LOGGER_RECEIVER_SUFFIX.test(last)) && !CONSOLE_RECEIVERS.includes(last)) return `${receiverText}.${method}`;
  return undefined;
}

/** `res.json(…)`, `res.status(500).send(…)`, `c.json(…)`, `NextResponse.json(…)`, `json()` of Remix/SvelteKit. */
function responseCall(ts: Ts, node: TsNamespace.CallExpression, callee: TsNode): { label: string; values: TsNode[] } | undefined {
  const args = [...node.arguments];
  if (ts.isPropertyAccessExpression(callee)) {
    const shape = RESPONSE_METHODS.find((m) => m.method === callee.name.text);
    if (shape && isResponseObject(ts, callee.expression)) return { label: chainText(ts, callee), values: pick(args, shape.args) };
  }
  const fn = responseFunction(ts, callee, "call");
  return fn ? { label: fn.label, values: fieldsOf(ts, pick(args, fn.args), fn.fields) } : undefined;
}

function isResponseExpression(ts: Ts, expr: TsNode): boolean {
  const node = unwrapExpression(ts, ts.isAwaitExpression(expr) ? expr.expression : expr);
  if (ts.isCallExpression(node)) return responseCall(ts, node, unwrapExpression(ts, node.expression)) !== undefined;
  if (ts.isNewExpression(node)) return responseFunction(ts, unwrapExpression(ts, node.expression), "new") !== undefined;
  return false;
}

/**
 * `res`, `reply`, `c`, `ctx` (by name: a log stream or a socket named otherwise is not a
 * response), also behind `.status(500)` or `.response`.
 */
function isResponseObject(ts: Ts, expr: TsNode): boolean {
  let node = unwrapExpression(ts, expr);
  for (let i = 0; i < 6; i++) {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && RESPONSE_CHAIN_METHODS.includes(node.expression.name.text)) node = unwrapExpression(ts, node.expression.expression);
    else if (ts.isPropertyAccessExpression(node) && (node.name.text === "response" || node.name.text === "res" || node.name.text === "raw")) node = unwrapExpression(ts, node.expression);
    else break;
  }
  if (node.kind === ts.SyntaxKind.ThisKeyword) return false;
  return ts.isIdentifier(node) && RESPONSE_OBJECT_NAMES.includes(node.text);
}

/** A response function by where it comes from: `NextResponse.json` of `next/server`, the global `Response`, `json` of `@sveltejs/kit`. */
function responseFunction(ts: Ts, callee: TsNode, how: "call" | "new"): { label: string; args?: readonly number[]; fields?: readonly string[] } | undefined {
  const path: string[] = [];
  let root = callee;
  while (ts.isPropertyAccessExpression(root)) {
    path.unshift(root.name.text);
    root = unwrapExpression(ts, root.expression);
  }
  if (!ts.isIdentifier(root)) return undefined;
  // Most calls name nothing a response function is called: spare the name lookup.
  const last = path[path.length - 1] ?? root.text;
  if (!RESPONSE_FUNCTION_NAMES.has(root.text) && !RESPONSE_FUNCTION_NAMES.has(last) && !(how === "new" && NEST_EXCEPTIONS.exportPattern.test(last))) return undefined;
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

const RESPONSE_FUNCTION_NAMES = new Set(RESPONSE_FUNCTIONS.flatMap((f) => f.export.split(".")));

function requiredPackage(ts: Ts, init: TsNode): string | undefined {
  const node = unwrapExpression(ts, init);
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== "require") return undefined;
  const arg = node.arguments[0];
  return arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
}

function pick(args: TsNode[], indexes: readonly number[] | undefined): TsNode[] {
  return indexes ? indexes.map((i) => args[i]).filter((a): a is TsNode => a !== undefined) : args;
}

/** Only the listed properties of an object argument reach the client (`new TRPCError({ message })`). */
function fieldsOf(ts: Ts, args: TsNode[], fields: readonly string[] | undefined): TsNode[] {
  if (!fields) return args;
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

/** `console`, `this.logger`, `req.log`, `process.stdout` as dotted text; undefined for anything else. */
function receiverName(ts: Ts, node: TsNode): string | undefined {
  const parts: string[] = [];
  let current = unwrapExpression(ts, node);
  for (let i = 0; i < 6; i++) {
    if (ts.isPropertyAccessExpression(current)) {
      parts.unshift(current.name.text);
      current = unwrapExpression(ts, current.expression);
    } else if (ts.isIdentifier(current)) {
      parts.unshift(current.text);
      return parts.join(".");
    } else if (current.kind === ts.SyntaxKind.ThisKeyword) {
      parts.unshift("this");
      return parts.join(".");
    } else return undefined;
  }
  return undefined;
}

/** `console` shadowed by a local name is not the console. */
function declaredLocally(ts: Ts, receiver: TsNode): boolean {
  return ts.isIdentifier(receiver) && resolveName(ts, receiver.text, receiver) !== undefined;
}

function calleeText(ts: Ts, callee: TsNode): string | undefined {
  const node = unwrapExpression(ts, callee);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return undefined;
}

/** `res.status(…).json`: the chain's names, never its arguments (a label must not quote a literal key). */
function chainText(ts: Ts, node: TsNode): string {
  const n = unwrapExpression(ts, node);
  if (ts.isIdentifier(n)) return n.text;
  if (n.kind === ts.SyntaxKind.ThisKeyword) return "this";
  if (ts.isPropertyAccessExpression(n)) return `${chainText(ts, n.expression)}.${n.name.text}`;
  if (ts.isCallExpression(n)) return `${chainText(ts, n.expression)}(…)`;
  return "…";
}
