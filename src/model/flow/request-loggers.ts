/**
 * Request loggers that write request bodies: a server-wide logger whose request serializer
 * returns the body (`Fastify({ logger: { serializers: { req(request) { return { body:
 * request.body } } } } })`, `pinoHttp({ serializers: { req: (req) => ({ body: req.raw.body }) } })`),
 * or a log-format token that reads it (`morgan.token("body", (req) => JSON.stringify(req.body))`).
 * Such a logger writes whatever any caller posts, prompts included, on every request. The
 * shapes are data in `knowledge/log-sinks.ts`.
 */
import { walk } from "../../facts/ast.js";
import { callsWithin } from "../../facts/call-index.js";
import type { ts as TsNamespace } from "ts-morph";
import type { Ts, TsNode } from "../../facts/typescript.js";
import { REQUEST_BODY_PATHS, REQUEST_LOG_TOKENS, REQUEST_LOGGERS, REQUEST_SERIALIZER_KEYS } from "../../knowledge/log-sinks.js";
import { isTestFile } from "../../facts/test-files.js";
import { LiteralGate } from "../../facts/literal-gates.js";
import { findProperty, normaliseExport, type Site } from "../values.js";
import { definitionOf } from "../routes/definitions.js";
import { resolveName } from "../scopes.js";
import type { FlowContext } from "./tracker.js";

export interface BodyLogging {
  /** The only framework whose requests the logger sees (`Fastify`), when it is part of one. */
  framework?: string;
  /** `the fastify logger's req serializer`, `the morgan token "body"`. */
  label: string;
  /** Where the body is read (`request.body`), in the file that holds the serializer. */
  file: string;
  node: TsNode;
}

const PACKAGES: ReadonlySet<string> = new Set([...REQUEST_LOGGERS.map((l) => l.package), ...REQUEST_LOG_TOKENS.map((t) => t.package)]);

/** Text that may configure a body-writing logger: a serializer, or a log-format token (answered from the file's one literal pass). */
const SERIALIZER_HINT = new LiteralGate(["serializers", ".token("]);

/** Every request logger of the project that writes request bodies, in file and source order. */
export function requestLoggersWritingBodies(context: FlowContext): BodyLogging[] {
  const { ts, modules, evaluator } = context;
  const out: BodyLogging[] = [];
  // Only files that import a logger package can make one; without serializers or a token written
  // anywhere (the options may sit in a config module), none writes bodies. Imports first: they are known without reading text.
  const files = modules.files;
  const loggerFiles = files.filter((file) => !isTestFile(file) && modules.importsOf(file).some((e) => !e.record.typeOnly && e.package !== undefined && PACKAGES.has(e.package)));
  if (loggerFiles.length === 0 || !files.some((f) => context.file(f)?.mayMatch(SERIALIZER_HINT))) return out;
  for (const file of loggerFiles) {
    const tree = context.tree(file);
    if (!tree) continue;
    const site: Site = { file, tree };
    for (const node of callsWithin(ts, tree, tree)) {
      const callee = evaluator.eval(node.expression, site);
      if (callee?.kind !== "module" || !PACKAGES.has(callee.pkg)) continue;
      const name = normaliseExport(callee.path);
      for (const logger of REQUEST_LOGGERS) {
        if (logger.package !== callee.pkg || !name || !logger.exports.includes(name)) continue;
        const serializers = objectAt(context, node, logger.serializers, site);
        if (!serializers) continue;
        for (const key of REQUEST_SERIALIZER_KEYS) {
          const found = bodyRead(context, findProperty(ts, serializers.node, key), serializers.site);
          if (found) out.push({ ...(logger.framework ? { framework: logger.framework } : {}), label: `the ${logger.package} logger's ${key} serializer`, ...found });
        }
      }
      for (const token of REQUEST_LOG_TOKENS) {
        if (token.package !== callee.pkg || name !== token.export) continue;
        const tokenName = node.arguments[0];
        const found = bodyRead(context, node.arguments[token.function], site);
        const named = tokenName && ts.isStringLiteralLike(tokenName) ? ` "${tokenName.text}"` : "";
        if (found) out.push({ label: `the ${token.package} token${named}`, ...found });
      }
    }
  }
  return out;
}

/**
 * The object literal at an argument path of a call (`0.logger.serializers`), each step
 * followed through constants and imports (`Fastify({ logger: loggerOptions })` with the
 * options in a config module).
 */
function objectAt(context: FlowContext, call: TsNamespace.CallExpression, path: string, site: Site): { node: TsNamespace.ObjectLiteralExpression; site: Site } | undefined {
  const { ts } = context;
  const [index, ...keys] = path.split(".");
  const arg = call.arguments[Number(index)];
  if (!arg) return undefined;
  let at = definitionOf(context, arg, site);
  for (const key of keys) {
    if (!ts.isObjectLiteralExpression(at.node)) return undefined;
    const property = findProperty(ts, at.node, key);
    const value = property && (ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined);
    if (!value) return undefined;
    at = definitionOf(context, value, at);
  }
  return ts.isObjectLiteralExpression(at.node) ? { node: at.node, site: { file: at.file, tree: at.tree } } : undefined;
}

/** The first read of the request's body in a serializer or token function (given as a method, a function or a name of one). */
function bodyRead(context: FlowContext, given: TsNode | undefined, site: Site): { file: string; node: TsNode } | undefined {
  const { ts, evaluator } = context;
  if (!given) return undefined;
  const target = ts.isPropertyAssignment(given) ? given.initializer : ts.isShorthandPropertyAssignment(given) ? given.name : given;
  let fn: TsNamespace.SignatureDeclaration | undefined;
  let file = site.file;
  if (ts.isMethodDeclaration(target) || ts.isFunctionExpression(target) || ts.isArrowFunction(target)) fn = target;
  else {
    const value = evaluator.eval(target, site);
    if (value?.kind === "function") ({ node: fn, file } = value);
  }
  const request = fn?.parameters[0]?.name;
  if (!fn || !request) return undefined;
  // `req({ body, method })`, `({ raw: { body } })`: destructured where it is received.
  if (ts.isObjectBindingPattern(request)) {
    const element = destructuredPath(ts, request);
    return element ? { file, node: element } : undefined;
  }
  if (!ts.isIdentifier(request)) return undefined;
  let read: TsNode | undefined;
  walk(ts, fn, (node) => {
    if (read) return;
    if (ts.isPropertyAccessExpression(node) && REQUEST_BODY_PATHS.some((path) => readsPath(ts, node, request.text, path))) read = node;
    // `const { body } = req`
    else if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer && ts.isIdentifier(node.initializer) && node.initializer.text === request.text) read = destructuredPath(ts, node.name);
  });
  return read ? { file, node: read } : undefined;
}

/**
 * The name a destructuring binds the body to (`body` of `{ body }`, `sent` of `{ raw: { body:
 * sent } }`), by the access path the scope model gives each name it binds.
 */
function destructuredPath(ts: Ts, pattern: TsNamespace.ObjectBindingPattern): TsNode | undefined {
  let found: TsNode | undefined;
  walk(ts, pattern, (node) => {
    if (found || !ts.isIdentifier(node) || !ts.isBindingElement(node.parent) || node.parent.name !== node) return;
    const binding = resolveName(ts, node.text, node);
    const path = binding && (binding.kind === "parameter" || binding.kind === "variable") ? binding.path : undefined;
    if (path && REQUEST_BODY_PATHS.some((body) => body.length === path.length && body.every((key, i) => key === path[i]))) found = node;
  });
  return found;
}

/** Is `node` the member path `path` of the name `root` (`req.raw.body` for `["raw", "body"]`)? */
function readsPath(ts: Ts, node: TsNamespace.PropertyAccessExpression, root: string, path: readonly string[]): boolean {
  let current: TsNode = node;
  for (let i = path.length - 1; i >= 0; i--) {
    if (!ts.isPropertyAccessExpression(current) || current.name.text !== path[i]) return false;
    current = current.expression;
  }
  return ts.isIdentifier(current) && current.text === root;
}
