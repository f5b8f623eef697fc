/**
 * Sinks of the data-flow rules that ask "where does this value end up?": log calls,
 * responses sent to the client, error messages (`new Error(…)`), and what a route handler returns
 * where its framework sends it. Shapes come from `knowledge/log-sinks.ts` and
 * `knowledge/http-responses.ts`; the rules trace each sink's values back with a tracker.
 */
import { firstIndexWhereNot } from "../../util/sorted.js";
import { hasExportModifier, unwrapExpression } from "../../facts/ast.js";
import type { FileFacts } from "../../facts/file-facts.js";
import type { Ts, TsNode, TsSourceFile } from "../../facts/typescript.js";
import {
  DEV_ONLY_CONDITION,
  NEST_EXCEPTIONS,
  PRODUCTION_ONLY_CONDITION,
  RESPONSE_BODY_ASSIGNMENTS,
  RESPONSE_FUNCTIONS,
  RESPONSE_METHODS,
  STREAM_CONTROLLERS,
  RETURN_SENDS_FRAMEWORKS,
  RETURN_SENDS_METHODS,
} from "../../knowledge/http-responses.js";
import {
  CONSOLE_COLLECTOR_PACKAGES,
  CONSOLE_METHODS,
  CONSOLE_RECEIVERS,
  ERROR_CLASS_NAME,
  ERROR_TRACKER_CALLS,
  LOGGER_METHODS,
  LOGGER_RECEIVER_NAMES,
  LOGGER_RECEIVER_SUFFIX,
  LOG_FUNCTION_FACTORIES,
  OUTPUT_STREAMS,
} from "../../knowledge/log-sinks.js";
import { CREDENTIAL_HEADER_NAMES, REQUEST_PACKAGES } from "../../knowledge/data-flow.js";
import { isSecretName } from "../../facts/secret-names.js";
import { escapeRegExp } from "../../util/text.js";
import { isTestFile } from "../../facts/test-files.js";
import { READS_ENV } from "../../facts/text-hints.js";
import { LiteralGate } from "../../facts/literal-gates.js";
import type { ts as TsNamespace } from "ts-morph";
import type { ModuleGraph } from "../module-graph.js";
import type { Route } from "../routes/types.js";
import { resolveName } from "../scopes.js";
import { packageName } from "../resolve.js";
import { bodyOf, isResponseObject, pickArguments, requiredPackage, responseFunction, sendsMessage, streamEnqueue } from "../responses.js";
import { distinctTraces, type Trace } from "./trace.js";
import type { Tracker } from "./tracker.js";

export type SinkKind = "log" | "response" | "error";

export interface Sink {
  kind: SinkKind;
  file: string;
  /** The call, `new` expression, assignment or `return`: findings are reported where it starts. */
  node: TsNode;
  /** `console.log`, `logger.info`, `res.status(…).json`, `NextResponse.json`, `the ctx.body assignment`, `new Error`. */
  label: string;
  /** The expressions whose values it writes or sends. */
  values: TsNode[];
  /** A `console` call: in code that runs only in a browser it prints to the user's own developer tools. */
  console?: true;
}

/** What a handler returns, where the framework sends it: the label of those sinks. */
export const RETURNED_VALUE = "the value the handler returns";

/** Sinks of every code file of a list, of the kinds asked for. Test files write to no log or response of the shipped app. */
export function sinksInFiles(ts: Ts, files: readonly FileFacts[], kinds: ReadonlySet<SinkKind>): Sink[] {
  const out: Sink[] = [];
  for (const file of files) {
    if (!file.isCode || isTestFile(file.relPath) || !mayHoldSinks(file, kinds)) continue;
    const tree = file.syntaxTree(ts);
    if (tree) out.push(...sinksIn(ts, file.relPath, tree, kinds));
  }
  return out;
}

/**
 * Does a sink write to nobody's log: a `console` call in code that runs only in a browser
 * (a page, an extension script, a mobile app), in a project that ships no collector of
 * browser console output (`CONSOLE_COLLECTOR_PACKAGES`)? Such a line reaches only the
 * developer tools of the user who produced it.
 */
export function consoleOnTheUsersDevice(modules: ModuleGraph, browserOnly: (file: string) => boolean): (sink: Sink) => boolean {
  let collected: boolean | undefined;
  return (sink) => {
    if (!sink.console || !browserOnly(sink.file)) return false;
    collected ??= modules.files.some((file) => CONSOLE_COLLECTOR_PACKAGES.some((pkg) => modules.importsPackage(file, pkg)));
    return !collected;
  };
}

/** Method names a log sink is called by (console, loggers, error trackers, output streams). */
const LOG_CALL_NAMES: ReadonlySet<string> = new Set([...CONSOLE_METHODS, ...LOGGER_METHODS, ...ERROR_TRACKER_CALLS.flatMap((c) => c.methods), ...OUTPUT_STREAMS.map((s) => s.method)]);

/** Can the file hold a sink of these kinds? Only logs are told apart by name before parsing; a factory-made log function may be called anything. */
function mayHoldSinks(file: FileFacts, kinds: ReadonlySet<SinkKind>): boolean {
  if (kinds.size !== 1 || !kinds.has("log")) return true;
  for (const name of file.calledNames) if (LOG_CALL_NAMES.has(name)) return true;
  return LOG_FUNCTION_FACTORIES.some((p) => file.text.includes(`"${p}"`) || file.text.includes(`'${p}'`));
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

/**
 * Can a sink's values carry nothing a tracker follows? Values without a name in them (no
 * identifier, no `this`: `console.log("done", 42)`) lead nowhere; a literal still counts
 * where `keeps` says it may be a source itself (a provider key written in it).
 */
export function writesOnlyLiterals(ts: Ts, sink: Sink, keeps: (literal: TsNode) => boolean = () => false): boolean {
  let named = false;
  const visit = (node: TsNode): void => {
    if (named) return;
    if (ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword || ((ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) && keeps(node))) named = true;
    else ts.forEachChild(node, visit);
  };
  for (const value of sink.values) visit(value);
  return !named;
}

/** Sinks of one file, of the kinds asked for. */
export function sinksIn(ts: Ts, file: string, tree: TsSourceFile, kinds: ReadonlySet<SinkKind>): Sink[] {
  const out: Sink[] = [];
  // Log functions made by a factory (`debug`) exist only in files that name its package.
  const logFunctions = LOG_FUNCTION_FACTORIES.some((p) => tree.text.includes(`"${p}"`) || tree.text.includes(`'${p}'`));
  const names = sinkNameOffsets(ts, tree, kinds, logFunctions);
  const visit = (node: TsNode): void => {
    // A subtree where no sink's name is written holds no sink.
    if (names && !someWithin(names, node.pos, node.end)) return;
    const sink = sinkAt(ts, node, kinds, logFunctions);
    if (sink) out.push({ ...sink, file });
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return out;
}

/** Names a sink's callee ends in, by kind (`log` of `console.log`, `json` of `NextResponse.json`, `NextResponse` of `new NextResponse`). */
const SINK_CALL_NAMES: Readonly<Record<SinkKind, ReadonlySet<string>>> = {
  log: LOG_CALL_NAMES,
  response: new Set([...RESPONSE_METHODS.map((m) => m.method), ...RESPONSE_FUNCTIONS.flatMap((f) => f.export.split(".")), ...STREAM_CONTROLLERS.flatMap((s) => s.enqueue)]),
  error: new Set(),
};
/** Packages whose response functions may be imported under another name. */
const RESPONSE_PACKAGES: ReadonlySet<string> = new Set([...RESPONSE_FUNCTIONS.flatMap((f) => f.packages), ...NEST_EXCEPTIONS.packages]);
// After a callee's name: its arguments (`(`, `?.(`, `!(`, `<T>(`), or a comment before them.
const BEFORE_ARGUMENTS = "(?=\\s*(?:(?:\\?\\.|!)\\s*)?[(</])";
// After an assigned member's name (`ctx.body =`, `ctx["body"] =`), or a comment before the `=`.
const BEFORE_ASSIGNMENT = "(?=\\s*(?:[\"'`]\\s*\\]\\s*)?[=/])";
const ARGUMENTS_AHEAD = new RegExp(`^${BEFORE_ARGUMENTS}`);

/**
 * Where the text writes a name some sink of these kinds needs (error classes by their
 * name's ending; response functions also by the local name an import gives them), sorted.
 * Undefined when a sink may be called by any name: a factory-made log function, or a
 * response function taken from `require(…)` (`const { json: send } = require(…)`).
 */
function sinkNameOffsets(ts: Ts, tree: TsSourceFile, kinds: ReadonlySet<SinkKind>, logFunctions: boolean): number[] | undefined {
  const text = tree.text;
  if (kinds.has("log") && logFunctions) return undefined;
  if (kinds.has("response") && /\brequire\b/.test(text)) return undefined;
  const offsets: number[] = [];
  const names = sinkNamePattern(kinds);
  names.lastIndex = 0;
  for (let m = names.exec(text); m; m = names.exec(text)) offsets.push(m.index);
  if (!kinds.has("response")) return offsets;
  // A response function imported under another name is called by that name.
  for (const statement of tree.statements) {
    for (const local of importedLocals(ts, statement)) {
      for (let at = text.indexOf(local); at >= 0; at = text.indexOf(local, at + 1)) {
        const after = at + local.length;
        if (!isNamePart(text.charCodeAt(at - 1)) && !isNamePart(text.charCodeAt(after)) && ARGUMENTS_AHEAD.test(text.slice(after, after + 64))) offsets.push(at);
      }
    }
  }
  return offsets.sort((a, b) => a - b);
}

/** One pattern per set of kinds (compiled once: files are many). */
const sinkNamePatterns = new Map<string, RegExp>();

function sinkNamePattern(kinds: ReadonlySet<SinkKind>): RegExp {
  const key = [...kinds].sort().join();
  let pattern = sinkNamePatterns.get(key);
  if (!pattern) {
    const wanted = new Set([...kinds].flatMap((kind) => [...SINK_CALL_NAMES[kind]]));
    // Nest's `*Exception`s are responses as well as errors: any name ending so, wherever the ending is.
    const endings = kinds.has("error") || kinds.has("response") ? `|${ERROR_CLASS_NAME.source.replace(/\$$/, NAME_END)}${BEFORE_ARGUMENTS}` : "";
    const assigned = kinds.has("response") ? `|${NAME_START}(?:${RESPONSE_BODY_ASSIGNMENTS.map(escapeRegExp).join("|")})${NAME_END}${BEFORE_ASSIGNMENT}` : "";
    // A non-ASCII letter next to a name does not stop it: a name may be found inside a longer one, never missed.
    pattern = new RegExp(`${NAME_START}(?:${[...wanted].map(escapeRegExp).join("|")})${NAME_END}${BEFORE_ARGUMENTS}${endings}${assigned}`, "g");
    sinkNamePatterns.set(key, pattern);
  }
  return pattern;
}

/** A character that continues a name (ASCII letters, digits, `_`, `$`); NaN (out of the text) does not. */
function isNamePart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

const NAME_START = "(?<![\\w$])";
const NAME_END = "(?![\\w$])";

/** The names a top-level import of a response package binds (`j` of `import { json as j }`, a default or namespace name). */
function importedLocals(ts: Ts, statement: TsNode): string[] {
  if (ts.isImportEqualsDeclaration(statement)) return [statement.name.text];
  if (!ts.isImportDeclaration(statement) || !statement.importClause || !ts.isStringLiteral(statement.moduleSpecifier) || !RESPONSE_PACKAGES.has(statement.moduleSpecifier.text)) return [];
  const clause = statement.importClause;
  const out = clause.name ? [clause.name.text] : [];
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) out.push(bindings.name.text);
  else if (bindings) for (const element of bindings.elements) out.push(element.name.text);
  return out;
}

/** Is some offset of the sorted list in [from, to)? */
function someWithin(sorted: readonly number[], from: number, to: number): boolean {
  const first = firstIndexWhereNot(sorted, (offset) => offset < from);
  return first < sorted.length && sorted[first]! < to;
}

/**
 * What route handlers return where the framework sends it (Fastify, NestJS, tRPC, Nuxt,
 * Remix loaders and actions, server actions): each `return` of the handler itself.
 */
export function returnSinks(ts: Ts, routes: readonly Route[], tree: (rel: string) => TsSourceFile | undefined): Sink[] {
  const out: Sink[] = [];
  const seen = new Set<TsNode>();
  for (const route of routes) {
    // The framework first: asking a deferred route for its handler parses its file.
    if (!RETURN_SENDS_FRAMEWORKS.includes(route.framework) && !RETURN_SENDS_METHODS.includes(route.method)) continue;
    const handler = route.handler;
    if (!handler || seen.has(handler.node) || !ts.isFunctionLike(handler.node)) continue;
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
/** Words every secret-sounding env name holds (`isSecretName` decides; this only skips files without any). */
// A name that sounds secret (as written: env names are upper case, identifiers camel case), a whole env object, SvelteKit's private env.
const SECRET_WORD = new LiteralGate([
  ...["KEY", "TOKEN", "SECRET", "PASS", "CREDENTIAL", "Key", "Token", "Secret", "Password", "Credential"],
  { literal: "PAT", pattern: /PAT\b/ },
  { literal: "env", pattern: /\benv\b(?!\s*[.[])/ },
  { literal: "$env/", pattern: /\$env\/(?:static|dynamic)\/private/ },
]);
const ENV_READS = /\benv\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*["'`]([^"'`]+)["'`]\s*\])|\bprocess\.env\b(?!\s*(?:\?\.|[.[]))|\$env\/(?:static|dynamic)\/private/g;
const CREDENTIAL_HINT = new LiteralGate(["headers", ".header(", { literal: ".config", pattern: /\.config\b/i }, ...CREDENTIAL_HEADER_NAMES], { ignoreCase: true });

/**
 * The code files a secret can reach a sink in: those where one enters (`mayHoldSecret`),
 * barrels re-exporting them, the files that import them (from a config module, a helper
 * building headers), and the files any of those import (a helper that logs what it is given).
 */
export function filesThatMayHoldSecrets(files: readonly FileFacts[], modules: ModuleGraph, ts: Ts, handlesRequests: (file: FileFacts) => boolean = () => true): FileFacts[] {
  // The app never imports a test file: a secret it reads stays in the test run.
  const byPath = new Map(files.filter((f) => f.isCode && !isTestFile(f.relPath)).map((f) => [f.relPath, f]));
  const seeds = new Set([...byPath.values()].filter((f) => mayHoldSecret(f, handlesRequests)).map((f) => f.relPath));
  // Importers matter only where a file exports what it read (a config module): most read a key and use it in place.
  const sharing = new Set([...seeds].filter((rel) => exportsASecret(byPath.get(rel)!, ts)));
  const queue = [...sharing];
  while (queue.length) {
    const file = queue.shift()!;
    for (const edge of modules.importersOf(file)) {
      if (edge.record.kind === "export-from" && !edge.record.typeOnly && !sharing.has(edge.from)) {
        sharing.add(edge.from);
        seeds.add(edge.from);
        queue.push(edge.from);
      }
    }
  }
  const reached = new Set(seeds);
  for (const seed of sharing) for (const edge of modules.importersOf(seed)) if (!edge.record.typeOnly) reached.add(edge.from);
  const out = new Set(reached);
  // A helper handed the secret (`logRequest(headers)`) sits in a file the holder imports.
  for (const file of reached) for (const edge of modules.importsOf(file)) if (edge.target && !edge.record.typeOnly) out.add(edge.target);
  // Beyond the files a secret enters, only those that can write it somewhere are worth parsing.
  return [...out]
    .sort()
    .map((rel) => byPath.get(rel))
    .filter((f): f is FileFacts => f !== undefined && (seeds.has(f.relPath) || SINK_HINT.test(f.text)));
}

/** Does the file export a secret it reads (`export const config = { key: process.env.OPENAI_API_KEY }`, `module.exports = …`)? */
function exportsASecret(file: FileFacts, ts: Ts): boolean {
  const tree = file.syntaxTree(ts);
  if (!tree) return true;
  let found = false;
  const exported = (node: TsNode): boolean => {
    for (let a: TsNode | undefined = node; a && !ts.isSourceFile(a); a = a.parent) {
      if (ts.isExportAssignment(a) || ts.isExportDeclaration(a)) return true;
      if (hasExportModifier(ts, a)) return true;
      if (ts.isBinaryExpression(a) && /^(?:module\.)?exports\b/.test(a.left.getText(tree))) return true;
    }
    return false;
  };
  const holders = new Set<string>();
  const visit = (n: TsNode): void => {
    if (found) return;
    const read = ((ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && startsLikeEnv(ts, n) && /^(?:process\.env|import\.meta\.env|env)\b/.test(n.getText(tree))) || (ts.isIdentifier(n) && n.text === "env");
    if (read && exported(n)) found = true;
    // `const { OPENAI_API_KEY } = process.env`, `const key = process.env.X`: names that hold what was read.
    if (read) for (let a: TsNode | undefined = n.parent; a && !ts.isSourceFile(a) && !ts.isFunctionLike(a); a = a.parent) if (ts.isVariableDeclaration(a)) for (const id of a.name.getText(tree).match(/[A-Za-z_$][\w$]*/g) ?? []) holders.add(id);
    ts.forEachChild(n, visit);
  };
  visit(tree);
  if (!found && holders.size) {
    const names = new RegExp(`\\b(?:${[...holders].map(escapeRegExp).join("|")})\\b`);
    found = tree.statements.some((st) => exported(st) && names.test(st.getText(tree)));
  }
  // Destructured reads exported by name later (`const { KEY } = process.env; export { KEY }`) are rare; an `export {` list counts.
  return found || /\bexport\s*\{/.test(file.text);
}

/** Can the expression's text start with `process`, `env` or `import.meta` (its leftmost name, before asking for its text)? */
function startsLikeEnv(ts: Ts, node: TsNode): boolean {
  let n = node;
  for (;;) {
    if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n) || ts.isCallExpression(n) || ts.isNonNullExpression(n)) n = n.expression;
    else if (ts.isTaggedTemplateExpression(n)) n = n.tag;
    else break;
  }
  return ts.isMetaProperty(n) || (ts.isIdentifier(n) && (n.text === "process" || n.text === "env"));
}

/** Text without which a file has no log, response or error sink. */
const SINK_HINT = /\bconsole\.|\blog(?:ger)?\b|\.log\.|\.(?:json|send|write|end|html|text)\s*\(|\bResponse\b|\bnew\s+\w*Error\b|\bSentry\b|\bdebug\b|\bctx\.body\b/;

/**
 * Does the file's text show a way for a secret to enter it? Credential headers and HTTP
 * errors only enter code that handles requests (`handlesRequests`): other files are not
 * searched for them.
 */
export function mayHoldSecret(file: FileFacts, handlesRequests: (file: FileFacts) => boolean = () => true): boolean {
  const text = file.text;
  if (file.providerKeys.length > 0) return true;
  if (handlesRequests(file) && file.mayMatch(CREDENTIAL_HINT)) return true;
  // The env hint is shared with the client-exposed-key rule; then a name that sounds secret must follow.
  if (!file.mayMatch(READS_ENV) || !file.mayMatch(SECRET_WORD)) return false;
  ENV_READS.lastIndex = 0;
  for (let m = ENV_READS.exec(text); m; m = ENV_READS.exec(text)) {
    const name = m[1] ?? m[2];
    if (name === undefined || isSecretName(name)) return true;
  }
  return false;
}

/** A file that handles requests or HTTP calls: a route's file, or one importing a server framework or HTTP client. */
export function requestHandlingFiles(routeFiles: ReadonlySet<string>): (file: FileFacts) => boolean {
  return (file) => routeFiles.has(file.relPath) || file.header.imports.some((i) => REQUEST_PACKAGES.has(packageName(i.specifier)));
}



/**
 * Is the node run only in development: in the taken branch of `if (isDev)`, the `else` of
 * `if (isProd)`, after `isDev &&`, up to the enclosing function? (Conditions as in
 * `knowledge/http-responses.ts`.)
 */
export function inDevelopmentOnlyBranch(ts: Ts, node: TsNode): boolean {
  for (let child = node, parent = node.parent; parent && !ts.isFunctionLike(parent) && !ts.isSourceFile(parent); child = parent, parent = parent.parent) {
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === parent.right) {
      if (DEV_ONLY_CONDITION.test(parent.left.getText())) return true;
      continue;
    }
    if (!ts.isIfStatement(parent) && !ts.isConditionalExpression(parent)) continue;
    const condition = ts.isIfStatement(parent) ? parent.expression : parent.condition;
    if (child === condition) continue;
    const text = condition.getText();
    const inThen = child === (ts.isIfStatement(parent) ? parent.thenStatement : parent.whenTrue);
    if (inThen ? DEV_ONLY_CONDITION.test(text) : PRODUCTION_ONLY_CONDITION.test(text)) return true;
  }
  return false;
}

function sinkAt(ts: Ts, node: TsNode, kinds: ReadonlySet<SinkKind>, logFunctions: boolean): Omit<Sink, "file"> | undefined {
  if (ts.isCallExpression(node)) {
    if (node.arguments.length === 0) return undefined;
    const callee = unwrapExpression(ts, node.expression);
    if (kinds.has("log")) {
      const log = logCall(ts, callee, logFunctions);
      // `if (process.env.NODE_ENV === "development") console.log(body)`: never reaches a production log.
      if (log && !inDevelopmentOnlyBranch(ts, node)) return { kind: "log", node, label: log, values: [...node.arguments], ...(CONSOLE_RECEIVERS.some((c) => log.startsWith(`${c}.`)) ? { console: true as const } : {}) };
    }
    if (kinds.has("response")) {
      const response = responseCall(ts, node, callee);
      if (response) return { kind: "response", node, ...response };
    }
    // `Error(msg)` called without `new` (a capitalised name: `handleError(err)` is not one).
    if (kinds.has("error") && ts.isIdentifier(callee) && /^[A-Z]/.test(callee.text) && ERROR_CLASS_NAME.test(callee.text)) return { kind: "error", node, label: callee.text, values: [...node.arguments] };
    return undefined;
  }
  if (ts.isNewExpression(node) && node.arguments?.length) {
    const callee = unwrapExpression(ts, node.expression);
    const fn = kinds.has("response") ? responseFunction(ts, callee, "new") : undefined;
    if (fn) return { kind: "response", node, label: fn.label, values: bodyOf(ts, fn, node.arguments) };
    // `new Error(msg)`, thrown or handed on (`next(new Error(…))`, `reject(new Error(…))`): its message is read later.
    const name = calleeText(ts, callee);
    if (kinds.has("error") && name && ERROR_CLASS_NAME.test(name)) return { kind: "error", node, label: `new ${name}`, values: [...node.arguments] };
    return undefined;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && kinds.has("response")) {
    const left = unwrapExpression(ts, node.left);
    if (ts.isPropertyAccessExpression(left) && RESPONSE_BODY_ASSIGNMENTS.includes(left.name.text) && isResponseObject(ts, left.expression)) return { kind: "response", node, label: `the ${chainText(ts, left)} assignment`, values: [node.right] };
  }
  return undefined;
}

/** `console.log`, `logger.info`, `this.logger.warn`, `req.log.error`, `process.stdout.write`, `Sentry.captureMessage`, a `debug` function. */
function logCall(ts: Ts, callee: TsNode, logFunctions: boolean): string | undefined {
  if (ts.isIdentifier(callee)) return logFunctions && isLogFunction(ts, callee) ? callee.text : undefined;
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

/** `debug` made by `createDebug("app")` (imported or required from the `debug` package), or `require("debug")("app")`. */
function isLogFunction(ts: Ts, name: TsNamespace.Identifier): boolean {
  const binding = resolveName(ts, name.text, name);
  if (binding?.kind !== "variable" || !binding.init || binding.path.length) return false;
  const init = unwrapExpression(ts, binding.init);
  if (!ts.isCallExpression(init)) return false;
  const factory = unwrapExpression(ts, init.expression);
  if (ts.isCallExpression(factory)) return LOG_FUNCTION_FACTORIES.includes(requiredPackage(ts, factory) ?? "");
  if (!ts.isIdentifier(factory)) return false;
  const made = resolveName(ts, factory.text, factory);
  if (made?.kind === "import") return LOG_FUNCTION_FACTORIES.includes(made.specifier);
  return made?.kind === "variable" && made.init !== undefined && LOG_FUNCTION_FACTORIES.includes(requiredPackage(ts, made.init) ?? "");
}

/** `res.json(…)`, `res.status(500).send(…)`, `c.json(…)`, `NextResponse.json(…)`, `json()` of Remix/SvelteKit. */
function responseCall(ts: Ts, node: TsNamespace.CallExpression, callee: TsNode): { label: string; values: TsNode[] } | undefined {
  const args = [...node.arguments];
  if (ts.isPropertyAccessExpression(callee)) {
    const shape = RESPONSE_METHODS.find((m) => m.method === callee.name.text);
    if (shape && (shape.anyReceiver || isResponseObject(ts, callee.expression))) return sendsMessage(ts, shape, args) ? { label: chainText(ts, callee), values: pickArguments(args, shape.args) } : undefined;
  }
  const stream = streamEnqueue(ts, node);
  if (stream) return { label: stream, values: args };
  const fn = responseFunction(ts, callee, "call");
  return fn ? { label: fn.label, values: bodyOf(ts, fn, args) } : undefined;
}

function isResponseExpression(ts: Ts, expr: TsNode): boolean {
  const node = unwrapExpression(ts, ts.isAwaitExpression(expr) ? expr.expression : expr);
  if (ts.isCallExpression(node)) return responseCall(ts, node, unwrapExpression(ts, node.expression)) !== undefined;
  if (ts.isNewExpression(node)) return responseFunction(ts, unwrapExpression(ts, node.expression), "new") !== undefined;
  return false;
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
