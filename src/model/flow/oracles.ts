/**
 * Source oracles for the questions asked after the prompt is sent:
 * - `ModelOutput`: a model's answer (a call site's result, a chat hook's messages, the
 *   body fetched from the app's own AI route), stopped by HTML sanitizers when asked for HTML;
 * - `Secrets`: provider keys read from the environment and callers' Authorization headers;
 * - `PromptValues`: the values passed as a model call's prompt (to find them in logs).
 */
import { unwrapExpression } from "../../facts/ast.js";
import { isSecretName } from "../../facts/secret-names.js";
import type { Ts, TsNode } from "../../facts/typescript.js";
import { CREDENTIAL_HEADER_NAMES, FETCH_CALLS, FETCH_METHOD_RECEIVERS, HTML_SANITIZERS, MODEL_OUTPUT_HOOKS, SECRET_REDACTORS } from "../../knowledge/data-flow.js";
import type { ts as TsNamespace } from "ts-morph";
import type { ModelCallSite } from "../ai-surface.js";
import { resolveName } from "../scopes.js";
import { argumentAt, type Site } from "../values.js";
import { calleeName, type FlowContext, type ParameterBinding, type SourceOracle } from "./tracker.js";
import type { Trace } from "./trace.js";
import { memberChain } from "./untrusted.js";

function start(label: string, file: string, at: number): Trace {
  return { source: { label, file, start: at }, steps: [], whole: true, names: [] };
}

/** An AI route of the app, by the path it answers (to recognise `fetch("/api/chat")` in a page). */
export interface AiEndpoint {
  pattern: RegExp;
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

  stops(call: TsNamespace.CallExpression): boolean {
    if (!this.htmlSafeStops) return false;
    const name = calleeName(this.context.ts, call.expression);
    return name !== undefined && HTML_SANITIZERS.includes(name);
  }

  /** `fetch("/api/chat", …)`, `axios.post("/api/chat")`: a request to one of the app's AI routes. */
  private fetchedEndpoint(node: TsNamespace.CallExpression, site: Site): string | undefined {
    if (!this.endpoints.length) return undefined;
    const { ts, evaluator } = this.context;
    const callee = unwrapExpression(ts, node.expression);
    const isFetch = ts.isIdentifier(callee) ? FETCH_CALLS.includes(callee.text) : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && FETCH_METHOD_RECEIVERS.includes(callee.expression.text);
    if (!isFetch || !node.arguments[0]) return undefined;
    const url = evaluator.eval(node.arguments[0], site);
    if (url?.kind !== "string") return undefined;
    const path = url.text.replace(/^https?:\/\/[^/]+/, "").split(/[?#]/)[0]!;
    return this.endpoints.find((e) => e.pattern.test(path))?.label;
  }
}

export class Secrets implements SourceOracle {
  constructor(private readonly context: FlowContext) {}

  source(node: TsNode, site: Site): Trace[] | undefined {
    const { ts } = this.context;
    if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node) && !ts.isCallExpression(node)) return undefined;
    const chain = memberChain(ts, node);
    if (!chain) return undefined;
    const at = node.getStart(site.tree);
    const segments = chain.segments;
    const root = chain.root.text;
    // process.env.OPENAI_API_KEY, import.meta.env.X, env.X ($env/static/private)
    const envName = envVariable(root, segments);
    if (envName && isSecretName(envName) && !resolveLocal(ts, root, chain.root)) return [start(`the secret in ${envName}`, site.file, at)];
    if (envName && isSecretName(envName) && root === "env") return [start(`the secret in ${envName}`, site.file, at)];
    // req.headers.authorization, req.get("Authorization"), headers.get("x-api-key"), a whole request's headers
    const binding = resolveName(ts, root, chain.root);
    if (binding?.kind === "parameter" || binding?.kind === "variable") {
      const last = segments[segments.length - 1]!;
      const headerArg = ts.isCallExpression(node) && /^(?:get|header)\(\)$/.test(last) ? node.arguments[0] : undefined;
      const headerName = headerArg && ts.isStringLiteralLike(headerArg) ? headerArg.text.toLowerCase() : CREDENTIAL_HEADER_NAMES.includes(last.toLowerCase()) && segments.includes("headers") ? last.toLowerCase() : undefined;
      if (headerName && CREDENTIAL_HEADER_NAMES.includes(headerName)) return [start(`the caller's ${headerName} header`, site.file, at)];
      if (last === "headers" && binding.kind === "parameter" && segments.length <= 2 && isRequestLike(binding, segments)) return [start("the request headers (with Authorization)", site.file, at)];
      // A failed HTTP call's error carries the request it sent: `err.config.headers`.
      if (binding.kind === "parameter" && ts.isCatchClause(binding.node.parent ?? binding.node) && segments[0] === "config") return [start("the failed request's configuration (with its Authorization header)", site.file, at)];
    }
    return undefined;
  }

  parameter(binding: ParameterBinding): Trace[] | undefined {
    void binding;
    return undefined;
  }

  stops(call: TsNamespace.CallExpression): boolean {
    const name = calleeName(this.context.ts, call.expression);
    return name !== undefined && SECRET_REDACTORS.test(name);
  }
}

/** The values a model call is given as its prompt, to recognise them later (in a log line). */
export class PromptValues implements SourceOracle {
  private readonly declarations = new Map<TsNode, string>();

  constructor(
    private readonly context: FlowContext,
    callSites: readonly ModelCallSite[],
  ) {
    const { ts } = context;
    for (const call of callSites) {
      const spec = call.spec;
      if (!spec) continue;
      const paths = [...(spec.system ?? []), ...(spec.messages ?? []), ...(spec.prompt ?? [])];
      const whole = argumentAt(ts, call.node, "0");
      const candidates = [...paths.map((p) => argumentAt(ts, call.node, p, (n) => context.evaluator.followToExpression(n))), whole];
      for (const node of candidates) {
        const n = node && unwrapExpression(ts, node);
        if (!n || !ts.isIdentifier(n)) continue;
        const binding = resolveName(ts, n.text, n);
        if (binding?.kind === "variable" && binding.path.length === 0) this.declarations.set(binding.declaration, `the prompt of ${call.method} (${n.text})`);
      }
    }
  }

  source(node: TsNode, site: Site): Trace[] | undefined {
    const { ts } = this.context;
    if (!ts.isIdentifier(node)) return undefined;
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind !== "variable") return undefined;
    const label = this.declarations.get(binding.declaration);
    return label ? [start(label, site.file, node.getStart(site.tree))] : undefined;
  }
}

/** `process.env.NAME`, `process.env["NAME"]`, `import.meta.env.NAME`, `env.NAME` → NAME. */
function envVariable(root: string, segments: readonly string[]): string | undefined {
  if (root === "process" && segments[0] === "env" && segments.length === 2) return segments[1];
  if (root === "import" && segments[0] === "meta" && segments[1] === "env" && segments.length === 3) return segments[2];
  if ((root === "env" || root === "Bun") && segments.length === 1) return segments[0];
  return undefined;
}

/** A name declared in the file (not the `process` global). */
function resolveLocal(ts: Ts, name: string, at: TsNode): boolean {
  return resolveName(ts, name, at) !== undefined;
}

function isRequestLike(binding: ParameterBinding, segments: readonly string[]): boolean {
  const names = [binding.name, ...binding.path, ...segments];
  return names.some((n) => /^(?:req|request|ctx|c|event)$/.test(n)) || segments.length === 1;
}
