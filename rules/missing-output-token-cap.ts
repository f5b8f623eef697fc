/**
 * RL-2: a chat, completion or responses call that sets no output-token cap. Without one
 * a single call may generate (and bill) up to the model's maximum output, and a prompt
 * that makes the model loop or ramble turns into cost and latency for everyone.
 *
 * Detector: every model call site of the AI surface (`src/model/ai-surface.ts`) whose API
 * generates text. The cap may sit in the call's options (the SDK's `maxTokens` paths in
 * `knowledge/ai-sdks.ts`), or where the model or chat object the call goes through was
 * created (`getGenerativeModel({ generationConfig })`, `new ChatOpenAI({ maxTokens })`).
 * Raw requests (`fetch` to a provider) are judged by their JSON body, for the endpoints of
 * `knowledge/token-caps.ts`. Options are followed through local constants and spreads of
 * visible object literals.
 *
 * Not reported:
 * - where the SDK requires a cap (Anthropic's own SDK) or the raw API does (a request to
 *   api.anthropic.com): there always is one. Wrappers over Anthropic (the Vercel AI SDK,
 *   LangChain) are judged like the others: left alone, they send the model's maximum;
 * - embeddings, images, audio, moderation, assistants and realtime sessions;
 * - local model servers (Ollama, an `openai` client pointed at localhost): no bill;
 * - whatever cannot be seen: an options object imported or built by a call, a spread of
 *   something unknown, a model object whose creation is out of sight. Unknown is not a finding.
 *   Except a spread where the cap's option name appears nowhere in the project (no code,
 *   config or doc file spells `maxTokens`): whatever it holds (a model row read from the
 *   database, a parameter) was built or stored by code that never sets a cap. Whole-project
 *   scans only; the one-file (ESLint) mode cannot see the rest of the project.
 */
import { oneFileModelFlow } from "../src/model/flow/one-file.js";
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import { propertyNameText, unwrapExpression } from "../src/facts/ast.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import type { Ts, TsNode } from "../src/facts/typescript.js";
import { AI_SDKS, type CallApi } from "../src/knowledge/ai-sdks.js";
import { HTTP_TOKEN_CAPS, MODEL_WRAPPERS } from "../src/knowledge/token-caps.js";
import { isRequestPayload } from "../src/model/flow/request-payload.js";
import { requestOf, throughHelper, type AiSurface, type ModelCallSite } from "../src/model/ai-surface.js";
import { sentByStep } from "./support/flow-report.js";
import { escapeRegExp, oneLineSnippet } from "../src/util/text.js";
import { resolveName } from "../src/model/scopes.js";
import { argumentAt, spreadAlternatives, type Evaluator, type Site, type Value } from "../src/model/values.js";
import { sdkEntry, sdkMember } from "../src/model/sdk-table.js";
import type { ts as TsNamespace } from "ts-morph";
import type { Tracker } from "../src/model/flow/tracker.js";

/** The APIs that generate text and take a cap. */
const GENERATING_APIS: ReadonlySet<CallApi> = new Set(["chat", "completion", "responses"]);

/** Types made by a member that can cap every later call (`getGenerativeModel` → `google.model`). */
const CAPPED_DERIVATIONS = new Set(AI_SDKS.flatMap((sdk) => sdk.members.filter((m) => m.returns && m.maxTokens?.length).map((m) => m.returns!)));


/** The option names that cap output in the tables (`max_tokens`, `maxOutputTokens`, …): a schema naming one bounds what a client sends. */
const CAP_OPTION_NAMES: readonly string[] = [
  ...new Set(
    [
      ...AI_SDKS.flatMap((sdk) => [...sdk.members.flatMap((m) => [...(m.call?.maxTokens ?? []), ...(m.maxTokens ?? [])]), ...sdk.entries.flatMap((e) => [...(e.call?.maxTokens ?? []), ...(e.maxTokens ?? [])])]),
      ...HTTP_TOKEN_CAPS.flatMap((c) => c.fields),
    ].map((path) => path.split(".").pop()!),
  ),
];

/** Present, visibly absent, or out of sight. */
type Found = "present" | "absent" | "unknown";

/** Where a model, chat or client the call goes through was created, and where a cap would sit there. */
interface Creation {
  what: string;
  /** What was created: `model`, `chat`. */
  noun: string;
  site: Site;
  node: TsNode;
  paths: readonly string[];
}

interface Uncapped {
  /** Cap options the call itself takes. */
  callOptions: readonly string[];
  /** Creations that could have capped it. */
  creations: Creation[];
  /** Cap fields of a raw request's JSON body. */
  bodyFields?: readonly string[];
  /** The cap is set, but options the client sent are spread after it and may replace it (`{ max_tokens: 500, ...req.body.options }`). */
  overriddenBy?: string;
}

type ResolveImport = (fromFile: string, specifier: string) => string | undefined;

export default defineRule({
  meta: {
    id: "missing-output-token-cap",
    title: "Model call without an output-token cap",
    checklist: ["RL-2"],
    severity: "warning",
    cwe: ["CWE-770"],
    owaspLlm: { "2025": "LLM10" },
    description:
      "A chat, completion or responses call sets no limit on the tokens the model may generate, neither in its own options nor where its model object was created. One call can then run to the model's maximum output: a prompt that makes the model repeat itself, or a long document to rewrite, turns into cost and latency that nothing bounds.",
    fix: "Pass the SDK's output-token cap (max_tokens / max_completion_tokens for OpenAI-style APIs, max_output_tokens for Responses, maxOutputTokens for the Vercel AI SDK and Gemini, maxTokens for LangChain models) sized for what the feature needs.",
    example: {
      bad: 'const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages });',
      good: 'const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages, max_tokens: 500 });',
    },
    scope: "chat, completion and responses calls of the AI SDKs and raw HTTP requests to provider chat endpoints (server and browser code; local model servers excluded)",
    eslint: true,
  },

  checkFileAlone(file, context) {
    // The one-file model the other ESLint flow rules use: the file's call sites are found once.
    const flow = oneFileModelFlow(file, context.ts, false, context.project);
    if (flow) reportUncapped(flow.surface, () => undefined, () => file, context, flow.untrusted);
  },

  checkProject(project, context) {
    const resolveImport: ResolveImport = (from, specifier) => {
      const resolution = project.modules.resolver.resolve(from, specifier);
      return "file" in resolution ? resolution.file : undefined;
    };
    reportUncapped(project.aiSurface(context.ts), resolveImport, (rel) => project.file(rel), context, project.flow(context.ts).untrusted, namedInProject(project.files));
  },
});

/**
 * Does any file of the project (code, config, docs) spell this option name? Memoised per name.
 * An object the project builds or stores can only carry a cap some code of it names.
 */
function namedInProject(files: readonly FileFacts[]): (name: string) => boolean {
  const known = new Map<string, boolean>();
  return (name) => {
    let named = known.get(name);
    if (named === undefined) {
      const word = new RegExp(`(?<![\\w$])${escapeRegExp(name)}(?![\\w$])`);
      named = files.some((f) => f.text.includes(name) && word.test(f.text));
      known.set(name, named);
    }
    return named;
  };
}

function reportUncapped(surface: AiSurface, resolveImport: ResolveImport, fileOf: (rel: string) => FileFacts | undefined, context: RuleContext, untrusted?: Tracker, named?: (name: string) => boolean): void {
  const judge = new CapJudge(context.ts, surface.evaluator, resolveImport, untrusted, named);
  const seen = new Map<string, number>();
  for (const call of surface.callSites) {
    if (!GENERATING_APIS.has(call.api)) continue;
    context.judged();
    if (call.local) continue;
    const uncapped = call.sdk === "http" ? judge.httpCall(call) : judge.sdkCall(call);
    if (!uncapped) continue;
    const file = fileOf(call.file)!;
    const node = call.node as TsNamespace.CallExpression;
    // Stable across edits, and distinct for each such call of a function.
    const key = `${call.file}\0${call.provider}\0${call.method}\0${enclosingName(context.ts, call.node)}`;
    const nth = seen.get(key) ?? 0;
    seen.set(key, nth + 1);
    context.report({
      file,
      start: call.start,
      end: context.ts.isCallExpression(node) ? node.expression.getEnd() : call.end,
      message: describe(call, uncapped, fileOf),
      identity: `${key.slice(call.file.length + 1)}\0${nth}`,
      ...(call.sentBy || uncapped.creations.length ? { path: [...creationSteps(uncapped.creations, fileOf), ...sentByStep(call, fileOf)] } : {}),
    });
  }
}

/** Where each model or chat the call goes through was created without the cap it could have set. */
function creationSteps(creations: readonly Creation[], fileOf: (rel: string) => FileFacts | undefined): { file: string; line: number; note: string }[] {
  return creations.flatMap((c) => {
    const line = fileOf(c.site.file)?.positionAt(c.node.getStart()).line;
    return line ? [{ file: c.site.file, line, note: `\`${c.what}\` without ${orList([optionName(c.paths[0]!)])}` }] : [];
  });
}

function describe(call: ModelCallSite, uncapped: Uncapped, fileOf: (rel: string) => FileFacts | undefined): string {
  if (uncapped.overriddenBy) {
    return `\`${call.method}\` of ${call.provider}${throughHelper(call)} sets ${orList(uncapped.callOptions.map(optionName))}, but spreads options the client sent (\`${uncapped.overriddenBy}\`) after it, so the client may replace the cap: spread them first, or check them with a schema that bounds the cap.`;
  }
  if (uncapped.bodyFields) {
    const endpoint = call.method.slice(call.method.lastIndexOf(" ") + 1);
    return `The request to ${call.provider} (${endpoint}) sets no output-token cap: add ${orList(uncapped.bodyFields)} to its JSON body.`;
  }
  const where: string[] = [];
  let said: string | undefined;
  if (uncapped.callOptions.length) {
    said = orList(uncapped.callOptions.map(optionName));
    where.push(`${said} in its options`);
  }
  for (const c of uncapped.creations) {
    // Where it was created is the finding's path (`creationSteps`), when its line is known.
    const located = fileOf(c.site.file)?.positionAt(c.node.getStart()).line !== undefined;
    const option = orList([optionName(c.paths[0]!)]);
    where.push(`${option === said ? "" : `${option} `}where its ${c.noun} is created (\`${c.what}\`${located ? "" : `, ${c.site.file}`})`);
    said = option;
  }
  return `\`${call.method}\` of ${call.provider}${throughHelper(call)} sets no output-token cap, so one call may generate up to the model's maximum output: set ${where.join(" or ")}.`;
}

/** `0.generationConfig.maxOutputTokens` → `generationConfig.maxOutputTokens`. */
function optionName(path: string): string {
  return path.split(".").filter((s) => !/^\d+$/.test(s)).join(".");
}

function orList(names: readonly string[]): string {
  return [...new Set(names)].map((n) => `\`${n}\``).join(" or ");
}

/** Reads caps out of call options, creation options and request bodies. */
class CapJudge {
  constructor(
    private readonly ts: Ts,
    private readonly evaluator: Evaluator,
    private readonly resolveImport: ResolveImport,
    /** Request data: options a caller sends (`...config` of `req.body.config`) are the client's to set, never a server cap. */
    private readonly untrusted?: Tracker,
    /**
     * Whole-project scans: does any file name this option? A spread of something out of sight
     * (`...config` of a stored model row, a parameter) can carry a cap only if the project
     * names it somewhere: where nothing does, the spread sets none. Absent in one-file mode.
     */
    private readonly named?: (name: string) => boolean,
  ) {}

  sdkCall(call: ModelCallSite): Uncapped | undefined {
    const spec = call.spec;
    const site = this.site(call.file);
    if (!spec || spec.requiresMaxTokens || !site) return undefined;
    if (spec.opaquePayload?.some((p) => argumentAt(this.ts, call.node, p, this.follow))) return undefined;
    const callOptions = spec.maxTokens ?? [];
    const { found: atCall, overriddenBy } = this.capAtCall(call.node, callOptions, site);
    if (atCall === "present" && overriddenBy) return { callOptions, creations: [], overriddenBy: oneLineSnippet(overriddenBy.getText(site.tree), 40) };
    if (atCall !== "absent") return undefined;
    // The client or model the request goes through is read where the request is sent (a helper handed its options by callers).
    const sent = requestOf(call);
    const sentSite = sent === call ? site : this.site(sent.file);
    const creations = sentSite && this.creations(call, site, sent.node, sentSite);
    if (!creations) return undefined;
    const capping = creations.filter((c) => c.paths.length);
    if (!callOptions.length && !capping.length) return undefined;
    if (capping.some((c) => this.anyCap(c.node, c.paths, c.site) !== "absent")) return undefined;
    return { callOptions, creations: capping };
  }

  httpCall(call: ModelCallSite): Uncapped | undefined {
    const endpoint = call.method.slice(call.method.lastIndexOf(" ") + 1);
    const caps = HTTP_TOKEN_CAPS.find((c) => c.providers.includes(call.provider) && c.endpoint.test(endpoint));
    const site = this.site(call.file);
    if (!caps || !call.requestBody || !site) return undefined;
    const body = call.requestBody.map((p) => argumentAt(this.ts, call.node, p, this.follow)).find((n) => n !== undefined);
    const object = body && this.jsonObject(body);
    // A proxy forwarding what the client posted (`axios.post(url, req.body)`): the client decides the cap, if any.
    const forwarded = !object && body !== undefined && isRequestPayload(this.ts, this.follow(body));
    if (!forwarded && (!object || this.anyCap(object, caps.fields, site) !== "absent")) return undefined;
    return { callOptions: [], creations: [], bodyFields: caps.fields };
  }

  /**
   * The creations the call goes through, nearest first: derived objects (`startChat`,
   * `getGenerativeModel`) followed back through variables, then the client or model
   * construction. Undefined when a derivation that could cap is out of sight.
   */
  private creations(call: ModelCallSite, callSite: Site, request: TsNode, site: Site): Creation[] | undefined {
    const { ts } = this;
    if (!ts.isCallExpression(request)) return [];
    const callee = this.evaluator.eval(request.expression, site);
    if (callee?.kind === "module") return this.modelIsWrapped(call, callSite) ? undefined : [];
    if (callee?.kind !== "sdk") return undefined;
    const steps: Creation[] = [];
    let type = callee.type;
    let expr: TsNode = request.expression;
    let depth = callee.path.length;
    let at = site;
    for (let i = 0; i < 4 && CAPPED_DERIVATIONS.has(type); i++) {
      const base = this.peel(expr, depth, at);
      const made = base && this.source(base.node, base.site);
      if (!made || !ts.isCallExpression(made.node)) return undefined;
      const maker = this.evaluator.eval(made.node.expression, made.site);
      if (maker?.kind !== "sdk") return undefined;
      const member = sdkMember(maker.type, maker.path.join("."));
      if (member?.returns !== type) return undefined;
      steps.push({ what: maker.path.join("."), noun: /chat/.test(type) ? "chat" : "model", site: made.site, node: made.node, paths: member.maxTokens ?? [] });
      type = maker.type;
      expr = made.node.expression;
      depth = maker.path.length;
      at = made.site;
    }
    const origin = this.originCreation(callee);
    return origin ? [...steps, origin] : steps;
  }

  /** The construction of the client or model (`new ChatOpenAI({ maxTokens })`), when the table gives it a cap. */
  private originCreation(value: Extract<Value, { kind: "sdk" }>): Creation | undefined {
    const { ts } = this;
    const node = value.origin.node;
    if (!ts.isNewExpression(node) && !ts.isCallExpression(node)) return undefined;
    const site = this.site(value.origin.file);
    const maker = site && this.evaluator.eval(node.expression, site);
    if (!site || maker?.kind !== "module") return undefined;
    const exportName = maker.path.length === 1 ? (maker.path[0] === "*" ? "default" : maker.path[0]!) : maker.path.length === 2 && (maker.path[0] === "*" || maker.path[0] === "default") ? maker.path[1]! : undefined;
    const entry = exportName && sdkEntry(maker.pkg, exportName, ts.isNewExpression(node) ? "new" : "call")?.entry;
    if (!entry || !entry.maxTokens?.length) return undefined;
    return { what: `${ts.isNewExpression(node) ? "new " : ""}${entry.export === "default" ? exportName : entry.export}`, noun: "model", site, node, paths: entry.maxTokens };
  }

  /** `generateText({ model: wrapLanguageModel(…) })`: the wrapper may set default settings for every call. */
  private modelIsWrapped(call: ModelCallSite, site: Site): boolean {
    for (const path of call.spec?.model ?? []) {
      const arg = argumentAt(this.ts, call.node, path, this.follow);
      const made = arg && this.source(arg, site);
      if (!made || !this.ts.isCallExpression(made.node)) continue;
      const maker = this.evaluator.eval(made.node.expression, made.site);
      const of = maker?.kind === "module" ? maker : maker?.kind === "made" ? maker.of : undefined;
      if (of && MODEL_WRAPPERS.some((w) => w.package === of.pkg && w.exports.includes(of.path[0] === "*" || of.path[0] === "default" ? of.path[1] ?? "" : of.path[0] ?? ""))) return true;
    }
    return false;
  }

  /** `a.b.c` with `count` members stripped, through variables that hold part of the chain. */
  private peel(expr: TsNode, count: number, site: Site): { node: TsNode; site: Site } | undefined {
    const { ts } = this;
    let node = expr;
    let at = site;
    for (let guard = 0; count > 0 && guard < 12; guard++) {
      node = unwrapExpression(ts, node);
      if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
        node = node.expression;
        count--;
      } else {
        const next = this.step(node, at);
        if (!next) return undefined;
        ({ node, site: at } = next);
      }
    }
    return { node, site: at };
  }

  /** The expression a value comes from: through awaits, constants, imports and `this.field`. */
  private source(expr: TsNode, site: Site): { node: TsNode; site: Site } | undefined {
    let current = { node: expr, site };
    for (let i = 0; i < 8; i++) {
      const next = this.step(current.node, current.site);
      if (!next) return current;
      current = next;
    }
    return undefined;
  }

  /** One hop back from a name to what it was set to, or undefined when there is none to take. */
  private step(expr: TsNode, site: Site): { node: TsNode; site: Site } | undefined {
    const { ts } = this;
    const node = unwrapExpression(ts, expr);
    if (ts.isAwaitExpression(node)) return { node: node.expression, site };
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const init = fieldInitializer(ts, node);
      return init ? { node: init, site } : undefined;
    }
    if (!ts.isIdentifier(node)) return undefined;
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind === "variable" && binding.init && binding.path.length === 0) return { node: binding.init, site };
    if (binding?.kind !== "import" || binding.typeOnly) return undefined;
    const file = this.resolveImport(site.file, binding.specifier);
    const tree = file ? this.evaluator.tree(file) : undefined;
    if (!file || !tree) return undefined;
    const exported = resolveName(ts, binding.imported, tree);
    return exported?.kind === "variable" && exported.init && exported.path.length === 0 ? { node: exported.init, site: { file, tree } } : undefined;
  }

  /** `JSON.stringify({ … })` or an object literal, through local constants. */
  private jsonObject(body: TsNode): TsNamespace.ObjectLiteralExpression | undefined {
    const { ts } = this;
    let node = this.follow(body);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.getText() === "JSON.stringify" && node.arguments[0]) node = this.follow(node.arguments[0]);
    return ts.isObjectLiteralExpression(node) ? node : undefined;
  }

  /** Present if any path holds a value, unknown if any cannot be seen, else absent. */
  /** The call's own cap, and the spread of client options after it that may replace it (`property` notes it). */
  private capAtCall(root: TsNode, paths: readonly string[], site: Site): { found: Found; overriddenBy?: TsNode } {
    this.overriding = undefined;
    const found = this.anyCap(root, paths, site);
    const overriddenBy = this.overriding as TsNode | undefined;
    this.overriding = undefined;
    return overriddenBy ? { found, overriddenBy } : { found };
  }

  private anyCap(root: TsNode, paths: readonly string[], site: Site): Found {
    const found = paths.map((p) => this.capAt(root, p, site));
    return found.includes("present") ? "present" : found.includes("unknown") ? "unknown" : "absent";
  }

  private capAt(root: TsNode, path: string, site: Site): Found {
    const { ts } = this;
    let current: TsNode = root;
    for (const segment of path.split(".")) {
      current = this.follow(current);
      if (/^\d+$/.test(segment)) {
        if (!ts.isCallExpression(current) && !ts.isNewExpression(current)) return "unknown";
        const args = current.arguments ?? [];
        const index = Number(segment);
        if (args.slice(0, index + 1).some((a) => ts.isSpreadElement(a))) return "unknown";
        const arg = args[index];
        if (!arg) return "absent";
        current = arg;
      } else if (ts.isObjectLiteralExpression(current)) {
        const property = this.property(current, segment, site, 0);
        if (typeof property === "string") return property;
        current = property;
      } else {
        return this.holdsNoOptions(current, site) ? "absent" : "unknown";
      }
    }
    const value = this.follow(current);
    return value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === "undefined") ? "absent" : "present";
  }

  /** A property's value, through spreads of visible object literals. */
  private property(object: TsNamespace.ObjectLiteralExpression, name: string, site: Site, depth: number): TsNode | "absent" | "unknown" {
    const { ts } = this;
    if (depth > 6) return "unknown";
    let unknown = false;
    /** A spread of client options met so far, that is after whatever property is found next. */
    let clientSpread: TsNode | undefined;
    for (let i = object.properties.length - 1; i >= 0; i--) {
      const p = object.properties[i]!;
      if (ts.isSpreadAssignment(p)) {
        if (!clientSpread && !ts.isObjectLiteralExpression(unwrapExpression(ts, p.expression)) && this.clientOptions(p.expression, site)) clientSpread = p.expression;
        for (const inner of spreadAlternatives(ts, p.expression, this.follow)) {
          if (inner === undefined) continue;
          if (ts.isObjectLiteralExpression(inner)) {
            const found = this.property(inner, name, site, depth + 1);
            if (found === "unknown") unknown = true;
            else if (found !== "absent") return found;
          } else if (!this.holdsNoOptions(inner, site) && (!this.named || this.named(name))) {
            unknown = true;
          }
        }
        continue;
      }
      const key = p.name ? propertyNameText(ts, p.name) : undefined;
      if (key === undefined) unknown = unknown || (p.name !== undefined && ts.isComputedPropertyName(p.name));
      else if (key === name) {
        // Later properties win: the client's options spread after the cap may carry their own.
        if (clientSpread) this.overriding ??= clientSpread;
        return ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : "unknown";
      }
    }
    return unknown ? "unknown" : "absent";
  }

  /** Set by `property` when a cap it found is followed by a spread of client options (read by `capAtCall`). */
  private overriding: TsNode | undefined;

  /** A prompt string, a template or an array of parts: an argument that carries no options. */
  private holdsNoOptions(node: TsNode, site: Site): boolean {
    const { ts } = this;
    const n = unwrapExpression(ts, node);
    if (ts.isStringLiteralLike(n) || ts.isTemplateExpression(n) || ts.isNumericLiteral(n) || ts.isArrayLiteralExpression(n)) return true;
    if (isRequestPayload(ts, n)) return true;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) return true;
    if (ts.isIdentifier(n)) {
      const binding = resolveName(ts, n.text, n);
      const declared = binding?.kind === "parameter" || binding?.kind === "variable" ? (binding.path.length === 0 ? (binding.kind === "parameter" ? binding.node.type : binding.declaration.type) : undefined) : undefined;
      if (declared && (declared.kind === ts.SyntaxKind.StringKeyword || ts.isArrayTypeNode(declared))) return true;
      // `const { prompt } = await req.body`: whatever the client sent, never a cap the server sets.
      if (binding?.kind === "variable" && binding.init && isRequestPayload(ts, binding.init)) return true;
    }
    // A constant or a parameter every caller passes a string to.
    if (this.evaluator.eval(n, site)?.kind === "string") return true;
    return this.clientOptions(n, site);
  }

  /**
   * Options some caller takes from the request (`{ model, messages, ...config }` with `config`
   * from a route's body): the client picks them, and may leave the cap out. Not when a schema
   * on the way names a cap field (the server bounds it there).
   */
  private clientOptions(node: TsNode, site: Site): boolean {
    if (!this.untrusted || this.ts.isCallExpression(node)) return false;
    return this.untrusted.tracesOf(node, site).some((t) => !t.source.ownInput && !(t.schema !== undefined && CAP_OPTION_NAMES.some((name) => t.schema!.includes(name))));
  }

  private readonly follow = (node: TsNode): TsNode => this.evaluator.followToExpression(node);

  private site(file: string): Site | undefined {
    const tree = this.evaluator.tree(file);
    return tree ? { file, tree } : undefined;
  }
}

/** `this.model`: the class field's initializer, or the constructor's `this.model = …`. */
function fieldInitializer(ts: Ts, access: TsNamespace.PropertyAccessExpression): TsNode | undefined {
  let cls: TsNode | undefined = access.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls || !ts.isClassLike(cls)) return undefined;
  const name = access.name.text;
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && member.name && propertyNameText(ts, member.name) === name && member.initializer) return member.initializer;
    if (ts.isConstructorDeclaration(member) && member.body) {
      for (const statement of member.body.statements) {
        if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
        const { left, right, operatorToken } = statement.expression;
        if (operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === name) return right;
      }
    }
  }
  return undefined;
}

/** The name of the function, method or variable a call sits in (`summarize`, `Tagger.tag`), or "". */
function enclosingName(ts: Ts, node: TsNode): string {
  const names: string[] = [];
  for (let n: TsNode | undefined = node.parent; n; n = n.parent) {
    const name = (ts.isFunctionLike(n) || ts.isClassLike(n) || ts.isVariableDeclaration(n)) && n.name ? propertyNameText(ts, n.name) : undefined;
    if (name) names.unshift(name);
  }
  return names.join(".");
}
