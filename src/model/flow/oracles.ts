/**
 * Source oracles for the questions asked after the prompt is sent:
 * - `ModelOutput`: a model's answer (a call site's result, a chat hook's messages, the
 *   body fetched from the app's own AI route), stopped by HTML sanitizers when asked for HTML;
 * - `Secrets`: provider keys read from the environment and callers' Authorization headers;
 * - `PromptValues`: the values passed as a model call's prompt (to find them in logs).
 */
import { calleeName, functionName, jsonStringifyArgument, propertyNameText, unwrapExpression } from "../../facts/ast.js";
import { isSecretName } from "../../facts/secret-names.js";
import type { Ts, TsNode } from "../../facts/typescript.js";
import { CREDENTIAL_HEADER_NAMES, FETCH_CALLS, FETCH_METHOD_RECEIVERS, HTML_SANITIZERS, MODEL_OUTPUT_HOOKS, RESPONSE_OBJECT_NAMES, SECRET_REDACTORS } from "../../knowledge/data-flow.js";
import { RAW_PROMPT_FIELDS, USER_ROLES } from "../../knowledge/data-flow.js";
import type { ts as TsNamespace } from "ts-morph";
import { requestOf, type ModelCallSite } from "../ai-surface.js";
import { ERRORS_CARRYING_THE_REQUEST } from "../../knowledge/log-sinks.js";
import type { PathPattern } from "../routes/path-patterns.js";
import { resolveName } from "../scopes.js";
import { argumentAt, type Site } from "../values.js";
import { type FlowContext, type ParameterBinding, type SourceOracle } from "./tracker.js";
import type { Trace } from "./trace.js";
import { memberChain } from "./untrusted.js";
import { ESCAPING_MARKDOWN_RENDERERS } from "../../knowledge/data-flow.js";
import { requestPathOf, type FollowName } from "../env-endpoints.js";
import { definitionOf } from "../routes/definitions.js";

function start(label: string, file: string, at: number): Trace {
  return { source: { label, file, start: at }, steps: [], whole: true, names: [] };
}

/** An AI route of the app, by the path it answers (to recognise `fetch("/api/chat")` in a page). */
export interface AiEndpoint {
  pattern: PathPattern;
  label: string;
}

export class ModelOutput implements SourceOracle {
  private readonly calls = new Map<TsNode, ModelCallSite>();

  constructor(
    private readonly context: FlowContext,
    callSites: readonly ModelCallSite[],
    private readonly endpoints: readonly AiEndpoint[],
    /** Stop at HTML sanitizers (for "is this raw HTML?"). */
    private readonly htmlSafeStops: boolean,
  ) {
    for (const c of callSites) this.calls.set(c.node, c);
  }

  source(node: TsNode, site: Site): Trace[] | undefined {
    const { ts } = this.context;
    const call = this.calls.get(node);
    if (call) return [start(`output of ${call.method} (${call.provider})`, site.file, node.getStart(site.tree))];
    if (!ts.isCallExpression(node)) return undefined;
    const name = calleeName(ts, node.expression);
    if (name && ts.isIdentifier(node.expression)) {
      const hook = MODEL_OUTPUT_HOOKS.find((h) => h.name === name);
      const binding = hook && resolveName(ts, name, node);
      if (hook && binding?.kind === "import" && hook.packages.includes(binding.specifier)) return [start(`model answers from ${name}()`, site.file, node.getStart(site.tree))];
    }
    const endpoint = this.fetchedEndpoint(node, site);
    if (endpoint) return [start(`answer of the app's AI route ${endpoint}`, site.file, node.getStart(site.tree))];
    return undefined;
  }

  stops(call: TsNamespace.CallExpression, site: Site): boolean {
    if (!this.htmlSafeStops) return false;
    const name = calleeName(this.context.ts, call.expression);
    if (name !== undefined && HTML_SANITIZERS.includes(name)) return true;
    // `md.render(text)` of a markdown-it left at its default escapes the HTML in the text.
    const callee = unwrapExpression(this.context.ts, call.expression);
    const target = this.context.ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
    return name !== undefined && rendersEscapedHtml(this.context, target, name, call.arguments, site);
  }

  /** `fetch("/api/chat", …)`, `axios.post("/api/chat")`: a request to one of the app's AI routes. */
  private fetchedEndpoint(node: TsNamespace.CallExpression, site: Site): string | undefined {
    if (!this.endpoints.length) return undefined;
    const { ts } = this.context;
    const callee = unwrapExpression(ts, node.expression);
    const isFetch = ts.isIdentifier(callee) ? FETCH_CALLS.includes(callee.text) : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && FETCH_METHOD_RECEIVERS.includes(callee.expression.text);
    if (!isFetch || !node.arguments[0]) return undefined;
    const path = requestPath(this.context, node.arguments[0], site);
    return path === undefined ? undefined : this.endpoints.find((e) => e.pattern.test(path))?.label;
  }
}

/** How an environment variable is named (`PORT`, `OPENAI_API_KEY`): a member of that shape read from a copy of process.env is that variable. */
const ENV_VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;
/** Labels of the caller's own credentials: sent back to that same caller, they disclose nothing new. */
const CALLER_HEADER_LABEL = (header: string) => `the caller's ${header} header`;
const REQUEST_HEADERS_LABEL = "the request headers (with Authorization)";

/** Is this trace's source a credential the caller itself sent (its Authorization header, its request's headers)? */
export function isCallersOwnCredential(trace: Trace): boolean {
  return trace.source.label === REQUEST_HEADERS_LABEL || (trace.source.label.startsWith("the caller's ") && trace.source.label.endsWith(" header"));
}

export class Secrets implements SourceOracle {
  constructor(
    private readonly context: FlowContext,
    /** Model requests: a failed one's error may carry the key it sent. */
    private readonly callSites: readonly ModelCallSite[] = [],
  ) {}

  source(node: TsNode, site: Site): Trace[] | undefined {
    const { ts } = this.context;
    if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) return this.literalKey(node, site);
    if (ts.isIdentifier(node)) {
      // The error logged whole; a member of it (`err.response.status`) is judged by its whole chain.
      const whole = !(node.parent && (ts.isPropertyAccessExpression(node.parent) || ts.isElementAccessExpression(node.parent)) && node.parent.expression === node);
      return this.envBinding(node, site) ?? (whole ? this.failedRequestError(node, [], site, node.getStart(site.tree)) : undefined);
    }
    if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node) && !ts.isCallExpression(node)) return undefined;
    // `process.env[name]`: which variable is unknown, and most are not secrets.
    if (ts.isElementAccessExpression(node) && !ts.isStringLiteralLike(node.argumentExpression) && isProcessEnv(ts, node.expression)) return [];
    const chain = memberChain(ts, node);
    if (!chain) return undefined;
    const at = node.getStart(site.tree);
    const segments = chain.segments;
    const root = chain.root.text;
    // process.env.OPENAI_API_KEY, import.meta.env.X, env.X ($env/static/private)
    const envName = envVariable(root, segments);
    if (envName && isSecretName(envName) && !resolveLocal(ts, root, chain.root)) return [start(`the secret in ${envName}`, site.file, at)];
    if (envName && isSecretName(envName) && root === "env") return [start(`the secret in ${envName}`, site.file, at)];
    // `process.env.PORT`: one variable, not a secret (and not the whole environment).
    if (envName && (root === "process" || root === "import")) return [];
    // `console.log(process.env)`: every variable, keys included.
    if (ts.isPropertyAccessExpression(node) && isProcessEnv(ts, node)) {
      // A record of variables: a member read of a copy of it (`env.PORT`) is judged by `member`.
      const whole = start("every environment variable (process.env)", site.file, at);
      return [{ ...whole, source: { ...whole.source, record: true } }];
    }
    // req.headers.authorization, req.get("Authorization"), headers.get("x-api-key"), a whole request's headers
    const binding = resolveName(ts, root, chain.root);
    if (binding?.kind === "parameter" || binding?.kind === "variable") {
      const last = segments[segments.length - 1]!;
      const headerArg = ts.isCallExpression(node) && /^(?:get|header)\(\)$/.test(last) ? node.arguments[0] : undefined;
      const headerName = headerArg && ts.isStringLiteralLike(headerArg) ? headerArg.text.toLowerCase() : CREDENTIAL_HEADER_NAMES.includes(last.toLowerCase()) && segments.includes("headers") ? last.toLowerCase() : undefined;
      if (headerName && CREDENTIAL_HEADER_NAMES.includes(headerName)) return [start(CALLER_HEADER_LABEL(headerName), site.file, at)];
      if (last === "headers" && binding.kind === "parameter" && segments.length <= 2 && isRequestLike(binding, segments)) return [start(REQUEST_HEADERS_LABEL, site.file, at)];
      // Any other header (`user-agent`, `x-request-id`): nothing secret in it.
      if (headerName !== undefined && (segments.includes("headers") || last === "header()" || (segments.length === 1 && /^(?:req|request|headers)$/i.test(root)))) return [];
      if (segments.length >= 2 && segments[segments.length - 2] === "headers" && !last.endsWith("()")) return [];
    }
    // A failed HTTP call's error carries the request it sent: `err.config.headers` (axios).
    if (this.isCaughtError(chain.root, binding)) return this.requestConfig(segments, site.file, at) ?? this.failedRequestError(chain.root, segments, site, at);
    return this.failedRequestError(chain.root, segments, site, at);
  }


  /**
   * `env.PORT` of a copy of process.env (`export const env = schema.parse(process.env)`):
   * that variable alone, a secret only by its name. Other members (`parsed.data`) keep the whole.
   */
  member(trace: Trace, key: string): Trace | undefined {
    if (!ENV_VARIABLE_NAME.test(key)) return trace;
    return isSecretName(key) ? { ...trace, source: { label: `the secret in ${key}`, file: trace.source.file, start: trace.source.start } } : undefined;
  }

  stops(call: TsNamespace.CallExpression): boolean {
    const { ts } = this.context;
    const name = calleeName(ts, call.expression);
    if (name === undefined || !SECRET_REDACTORS.test(name)) return false;
    // `auth.slice(7)` drops the `Bearer ` prefix and keeps the key; `key.slice(-4)`, `key.slice(0, 8)` keep a harmless piece.
    if (/^(?:slice|substring|substr)$/.test(name) && call.arguments.length === 1) {
      const arg = unwrapExpression(ts, call.arguments[0]!);
      return ts.isPrefixUnaryExpression(arg) && arg.operator === ts.SyntaxKind.MinusToken;
    }
    return true;
  }

  /** `const { OPENAI_API_KEY } = process.env`, `import { OPENAI_API_KEY } from "$env/static/private"`: one variable, by its name. */
  private envBinding(node: TsNamespace.Identifier, site: Site): Trace[] | undefined {
    const { ts } = this.context;
    const binding = resolveName(ts, node.text, node);
    let name: string | undefined;
    if (binding?.kind === "variable" && binding.path.length === 1 && binding.init) {
      const init = unwrapExpression(ts, binding.init);
      const chain = memberChain(ts, init);
      const fromEnv = isProcessEnv(ts, init) || (chain?.root.text === "import" && chain.segments.join(".") === "meta.env");
      if (fromEnv) name = binding.path[0];
    } else if (binding?.kind === "import" && binding.specifier === "$env/static/private") name = binding.imported;
    if (name === undefined) return undefined;
    return isSecretName(name) ? [start(`the secret in ${name}`, site.file, node.getStart(site.tree))] : [];
  }

  /** A provider key written in the code (`"sk-proj-…"`): labelled by its format, never by its value. */
  private literalKey(node: TsNode, site: Site): Trace[] | undefined {
    const file = this.context.file(site.file);
    if (!file) return undefined;
    const from = node.getStart(site.tree);
    const to = node.getEnd();
    const key = file.providerKeys.find((k) => k.start >= from && k.end <= to);
    return key ? [start(`a hard-coded ${key.label}`, site.file, from)] : undefined;
  }

  /**
   * `console.log(err)` where `err` is the error of a model request whose client keeps the
   * request in its errors (`ERRORS_CARRYING_THE_REQUEST`): the whole error, or that member.
   * The request is found from where the error is caught: the `.catch` of its promise, a
   * `try` around it, or the callback of `exec`.
   */
  private failedRequestError(root: TsNamespace.Identifier, segments: readonly string[], site: Site, at: number): Trace[] | undefined {
    if (segments.length > 1 || !this.requestsSentIn(site.file)) return undefined;
    const call = this.failedCall(root, site);
    const client = call && ERRORS_CARRYING_THE_REQUEST.find((e) => call.method.startsWith(`${e.client} `) || call.method.startsWith(`${e.client}.`));
    if (!call || !client || !(call.sendsKey || client.client === "child_process")) return undefined;
    if (segments.length === 1 && !client.members.includes(segments[0]!)) return undefined;
    return [start(`the failed request's error (its ${client.members[0]} holds the Authorization header)`, site.file, at)];
  }

  /** The model request whose failure `root` (a caught error, a callback's first parameter) is. */
  private failedCall(root: TsNamespace.Identifier, site: Site): ModelCallSite | undefined {
    const { ts } = this.context;
    const binding = resolveName(ts, root.text, root);
    // Where each request is sent (a helper's, for the calls that hand it their body).
    const inFile = this.requestsSentIn(site.file) ?? [];
    const callAt = (node: TsNode) => inFile.find((c) => requestOf(c).node === node);
    if (binding === undefined) {
      // `catch (err)`: a request made in the `try` block.
      for (let n: TsNode | undefined = root.parent; n; n = n.parent) {
        if (ts.isCatchClause(n) && n.variableDeclaration && ts.isIdentifier(n.variableDeclaration.name) && n.variableDeclaration.name.text === root.text) {
          const tryBlock = (n.parent as TsNamespace.TryStatement).tryBlock;
          return inFile.find((c) => requestOf(c).start >= tryBlock.getStart(site.tree) && requestOf(c).end <= tryBlock.getEnd());
        }
      }
      return undefined;
    }
    if (binding.kind !== "parameter" || binding.index !== 0 || binding.path.length) return undefined;
    const call = binding.fn.parent;
    if (!call || !ts.isCallExpression(call)) return undefined;
    // `exec(cmd, (err, stdout) => …)`: the callback of the request itself.
    if (call.arguments[call.arguments.length - 1] === binding.fn && callAt(call)) return callAt(call);
    // `rp(options).then(…).catch((err) => …)`: down the promise chain to the request.
    if (call.arguments[0] !== binding.fn || calleeName(ts, call.expression) !== "catch") return undefined;
    let receiver: TsNode = unwrapExpression(ts, call.expression);
    for (let i = 0; i < 8 && ts.isPropertyAccessExpression(receiver); i++) {
      const inner = unwrapExpression(ts, receiver.expression);
      if (callAt(inner)) return callAt(inner);
      receiver = ts.isCallExpression(inner) ? unwrapExpression(ts, inner.expression) : inner;
    }
    return undefined;
  }

  /**
   * The raw HTTP requests sent from `file` (where each request leaves: a helper's, for the
   * calls that hand it their body). Every identifier a sink logs asks: indexed once, not a
   * pass over every call site of the project per question.
   */
  private requestsSentIn(file: string): readonly ModelCallSite[] | undefined {
    if (!this.requestsByFile) {
      this.requestsByFile = new Map();
      for (const c of this.callSites) {
        if (c.sdk !== "http") continue;
        const at = requestOf(c).file;
        const list = this.requestsByFile.get(at);
        if (list) list.push(c);
        else this.requestsByFile.set(at, [c]);
      }
    }
    return this.requestsByFile.get(file);
  }
  private requestsByFile?: Map<string, ModelCallSite[]>;

  /** `catch (err)`, `.catch((err) => …)`: a caught error, when `root` names it. */
  private isCaughtError(root: TsNamespace.Identifier, binding: ReturnType<typeof resolveName>): boolean {
    const { ts } = this.context;
    if (binding === undefined) {
      for (let n: TsNode | undefined = root.parent; n; n = n.parent) {
        if (ts.isCatchClause(n)) {
          const name = n.variableDeclaration?.name;
          if (name && ts.isIdentifier(name) && name.text === root.text) return true;
        }
      }
      return false;
    }
    if (binding.kind !== "parameter" || binding.index !== 0 || binding.path.length) return false;
    const call = binding.fn.parent;
    return call !== undefined && ts.isCallExpression(call) && call.arguments[0] === binding.fn && calleeName(ts, call.expression) === "catch";
  }

  /** `err.config`, `err.config.headers`, `err.response.config.headers.Authorization`; other members (`url`, `method`) are not secret. */
  private requestConfig(segments: readonly string[], file: string, at: number): Trace[] | undefined {
    const i = segments[0] === "response" ? 1 : 0;
    if (segments[i] !== "config") return undefined;
    const rest = segments.slice(i + 1);
    const label = "the failed request's configuration (with its Authorization header)";
    if (rest.length === 0 || (rest.length === 1 && (rest[0] === "headers" || rest[0] === "auth"))) return [start(label, file, at)];
    if (rest.length === 2 && rest[0] === "headers") return CREDENTIAL_HEADER_NAMES.includes(rest[1]!.toLowerCase()) ? [start(label, file, at)] : [];
    return rest.length === 1 ? [] : undefined;
  }
}

/** The values a model call is given as its prompt, to recognise them later (in a log line). */
export class PromptValues implements SourceOracle {
  /** Declarations (variables, parameters) that hold a prompt, by the name they bind, with the call given it; found on first use. */
  private holders?: Map<TsNode, Map<string, { label: string; call: ModelCallSite }>>;

  constructor(
    private readonly context: FlowContext,
    private readonly callSites: readonly ModelCallSite[],
  ) {}

  source(node: TsNode, site: Site): Trace[] | undefined {
    const { ts } = this.context;
    const path = heldPath(ts, node);
    if (!path) return undefined;
    const binding = resolveName(ts, path.root.text, path.root);
    const holder = binding?.kind === "variable" ? binding.declaration : binding?.kind === "parameter" ? binding.node : undefined;
    const held = holder && this.prompts().get(holder)?.get(path.key);
    // The source is where the value is given to the model: the path then shows that call.
    return held ? [start(held.label, held.call.file, held.call.start)] : undefined;
  }

  private prompts(): Map<TsNode, Map<string, { label: string; call: ModelCallSite }>> {
    if (!this.holders) {
      this.holders = new Map();
      for (const call of this.callSites) {
        for (const node of this.promptArguments(call)) {
          this.register(node, call, 0);
          // What the user's turn is written from (`content: \`Recommend: ${userInput}\``) is the prompt too; a system message's parts are not.
          for (const part of this.userTurnParts(node)) this.register(part, call, 0);
        }
      }
    }
    return this.holders;
  }

  /** The values a messages list's user turns are written from: the content itself, or what its template or `+` puts in. */
  private userTurnParts(messages: TsNode): TsNode[] {
    const { ts, evaluator } = this.context;
    const list = evaluator.followToExpression(messages);
    if (!ts.isArrayLiteralExpression(list)) return [];
    const parts: TsNode[] = [];
    for (const element of list.elements) {
      const message = evaluator.followToExpression(element);
      if (!ts.isObjectLiteralExpression(message)) continue;
      const role = argumentAt(ts, message, "role");
      const content = argumentAt(ts, message, "content");
      if (!role || !content || !ts.isStringLiteralLike(role) || !USER_ROLES.includes(role.text)) continue;
      parts.push(...interpolatedValues(ts, content));
    }
    return parts;
  }

  /** The expressions a call is given as its prompt: its messages, system and prompt arguments, its whole options, a raw request's body fields. */
  private promptArguments(call: ModelCallSite): TsNode[] {
    const { ts, evaluator } = this.context;
    const follow = (n: TsNode) => evaluator.followToExpression(stringified(ts, n));
    const spec = call.spec;
    if (spec) {
      const paths = [...(spec.system ?? []), ...(spec.messages ?? []), ...(spec.prompt ?? [])];
      // The whole options object, where the prompt sits inside the first argument; not a leading id (`threads.messages.create(threadId, { content })`).
      const options = paths.length === 0 || paths.some((p) => p === "0" || p.startsWith("0.")) ? [argumentAt(ts, call.node, "0")] : [];
      return [...paths.map((p) => argumentAt(ts, call.node, p, follow)), ...options].filter((n): n is TsNode => n !== undefined);
    }
    const out: TsNode[] = [];
    for (const path of call.requestBody ?? []) {
      const body = argumentAt(ts, call.node, path, follow);
      if (!body) continue;
      out.push(stringified(ts, body));
      for (const field of RAW_PROMPT_FIELDS) {
        const value = argumentAt(ts, body, field, follow);
        if (value) out.push(value);
      }
    }
    return out;
  }

  /** Marks the variable or parameter an argument names; for a parameter, also what its callers pass. */
  private register(node: TsNode, call: ModelCallSite, depth: number): void {
    const { ts } = this.context;
    const path = heldPath(ts, node);
    if (!path) return;
    const binding = resolveName(ts, path.root.text, path.root);
    const holder = binding?.kind === "variable" ? binding.declaration : binding?.kind === "parameter" ? binding.node : undefined;
    if (!binding || !holder) return;
    const names = this.holders!.get(holder) ?? new Map<string, { label: string; call: ModelCallSite }>();
    if (names.has(path.key)) return;
    names.set(path.key, { label: `the prompt of ${call.method} (${path.key})`, call });
    this.holders!.set(holder, names);
    // A parameter given whole: what the callers pass for it (`dto.userInput` in a controller) holds the same prompt.
    if (path.key === path.root.text && binding.kind === "parameter" && binding.path.length === 0 && depth < 3) for (const arg of this.passedAs(binding)) this.register(arg, call, depth + 1);
  }

  /** What the project's calls of a function pass for one of its parameters. */
  private passedAs(binding: ParameterBinding): TsNode[] {
    const { ts, evaluator } = this.context;
    const name = functionName(ts, binding.fn);
    if (!name) return [];
    const out: TsNode[] = [];
    for (const call of this.context.evaluator.callsNamed(name)) {
      const arg = call.node.arguments[binding.index];
      if (!arg || ts.isSpreadElement(arg)) continue;
      const callee = evaluator.eval(call.node.expression, call.site);
      if (callee?.kind === "function" && callee.node === binding.fn) out.push(arg);
    }
    return out;
  }

}

/**
 * A value a name holds, by the name and the members read from it: `messages` → `messages`,
 * `dto.userInput` and `dto["userInput"]` → `dto.userInput`. Calls and computed members are
 * no such value (`input.trim()` is another string, `rows[i]` any row).
 */
function heldPath(ts: Ts, node: TsNode): { root: TsNamespace.Identifier; key: string } | undefined {
  const segments: string[] = [];
  let current = unwrapExpression(ts, node);
  for (let i = 0; i < 8; i++) {
    if (ts.isPropertyAccessExpression(current) && ts.isIdentifier(current.name)) segments.push(current.name.text);
    else if (ts.isElementAccessExpression(current) && ts.isStringLiteralLike(current.argumentExpression)) segments.push(current.argumentExpression.text);
    else break;
    current = unwrapExpression(ts, current.expression);
  }
  if (!ts.isIdentifier(current)) return undefined;
  return { root: current, key: [current.text, ...segments.reverse()].join(".") };
}

/** What a text is written from: itself when it is a name or a member, else its template's and `+`'s parts (not literals). */
function interpolatedValues(ts: Ts, text: TsNode): TsNode[] {
  const out: TsNode[] = [];
  const pending: TsNode[] = [text];
  for (let n = pending.pop(), steps = 0; n && steps < 64; n = pending.pop(), steps++) {
    const node = unwrapExpression(ts, n);
    if (ts.isTemplateExpression(node)) for (const span of node.templateSpans) pending.push(span.expression);
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) pending.push(node.right, node.left);
    else if (heldPath(ts, node)) out.push(node);
  }
  return out;
}

/** `JSON.stringify(body)` → `body`: a request body sent as text. */
function stringified(ts: Ts, node: TsNode): TsNode {
  return jsonStringifyArgument(ts, node) ?? unwrapExpression(ts, node);
}

/** `process.env.NAME`, `process.env["NAME"]`, `import.meta.env.NAME`, `env.NAME` → NAME. */
function envVariable(root: string, segments: readonly string[]): string | undefined {
  if (root === "process" && segments[0] === "env" && segments.length === 2) return segments[1];
  if (root === "import" && segments[0] === "meta" && segments[1] === "env" && segments.length === 3) return segments[2];
  if ((root === "env" || root === "Bun") && segments.length === 1) return segments[0];
  return undefined;
}

/** `process.env` itself (the global, not a local named `process`). */
function isProcessEnv(ts: Ts, node: TsNode): boolean {
  const n = unwrapExpression(ts, node);
  return ts.isPropertyAccessExpression(n) && n.name.text === "env" && ts.isIdentifier(n.expression) && n.expression.text === "process" && !resolveLocal(ts, "process", n.expression);
}

/** A name declared in the file (not the `process` global). */
function resolveLocal(ts: Ts, name: string, at: TsNode): boolean {
  return resolveName(ts, name, at) !== undefined;
}

function isRequestLike(binding: ParameterBinding, segments: readonly string[]): boolean {
  // `(res) => res.headers` in `http.request(url, options, (res) => …)`: the answer's headers.
  if (segments.length === 1 && binding.path.length === 0 && RESPONSE_OBJECT_NAMES.test(binding.name)) return false;
  const names = [binding.name, ...binding.path, ...segments];
  return names.some((n) => /^(?:req|request|ctx|c|event)$/.test(n)) || segments.length === 1;
}

/**
 * Does `name` called on `target` (`md` of `md.render(text)`, or `micromark` itself) render
 * Markdown with its HTML escaped? Only for renderers of `ESCAPING_MARKDOWN_RENDERERS` whose
 * options, where they were made (and `.set()` later in the chain), do not turn raw HTML on.
 */
export function rendersEscapedHtml(context: FlowContext, target: TsNode, name: string, args: readonly TsNode[], site: Site): boolean {
  const { ts, evaluator } = context;
  const renderers = ESCAPING_MARKDOWN_RENDERERS.filter((r) => r.names.includes(name));
  if (!renderers.length) return false;
  // `markdownit().use(plugin).set({ … })`: the renderer is made at the start of the chain.
  const options: TsNode[] = [];
  let node = evaluator.followToExpression(target);
  for (let i = 0; i < 8 && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ["use", "set", "enable", "disable"].includes(node.expression.name.text); i++) {
    if (node.expression.name.text === "set") options.push(...node.arguments);
    node = evaluator.followToExpression(node.expression.expression);
  }
  const value = evaluator.eval(node, site);
  for (const r of renderers) {
    if (r.kind === "instance" && value?.kind === "made" && value.path.length === 0 && r.packages.includes(value.of.pkg)) {
      const made = value.origin.node;
      const madeArgs = ts.isCallExpression(made) || ts.isNewExpression(made) ? (made.arguments ?? []) : [];
      return !turnsRawOn(ts, context, [...madeArgs, ...options], r.rawOption, r.rawPresets ?? []);
    }
    if (r.kind === "function" && value?.kind === "module" && r.packages.includes(value.pkg) && value.path[value.path.length - 1] === name) {
      return !turnsRawOn(ts, context, args.slice(1), r.rawOption, r.rawPresets ?? []);
    }
  }
  return false;
}

/** A preset name that allows raw HTML, or an options object whose `option` is not literally false. */
function turnsRawOn(ts: Ts, context: FlowContext, args: readonly TsNode[], option: string, presets: readonly string[]): boolean {
  for (const arg of args) {
    const node = context.evaluator.followToExpression(arg);
    if (ts.isStringLiteralLike(node) && presets.includes(node.text)) return true;
    if (!ts.isObjectLiteralExpression(node)) continue;
    for (const p of node.properties) {
      if (ts.isSpreadAssignment(p)) return true;
      if (!p.name || propertyNameText(ts, p.name) !== option) continue;
      return !(ts.isPropertyAssignment(p) && unwrapExpression(ts, p.initializer).kind === ts.SyntaxKind.FalseKeyword);
    }
  }
  return false;
}

/** The path a request URL of the app's own code asks for (`${API_URL}/api/chat` → `/api/chat`), its constants followed across files. */
export function requestPath(context: FlowContext, url: TsNode, site: Site): string | undefined {
  const follow: FollowName = (name, file) => {
    const tree = context.tree(file);
    const found = tree ? definitionOf(context, name, { file, tree }) : undefined;
    return found ? { node: found.node, file: found.file } : { node: name, file };
  };
  return requestPathOf(context.ts, url, site.file, follow);
}
