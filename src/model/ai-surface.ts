/**
 * The AI surface of a project: every place the code calls a model (through an SDK from
 * `knowledge/ai-sdks.ts`, or raw HTTP to a host from `knowledge/provider-hosts.ts`), every
 * provider client it constructs, and the functions that reach a model through others.
 *
 * Only candidate files are parsed: those that import an AI package or name a provider
 * host, and the files that import them (directly or through others), since a client or
 * wrapper exported by one file is used in its importers.
 */
import type { FileFacts } from "../facts/file-facts.js";
import type { ImportRecord } from "../facts/imports.js";
import type { Ts, TsNode } from "../facts/typescript.js";
import type { CallApi, ModelCallSpec } from "../knowledge/ai-sdks.js";
import { COMMAND_DATA_FLAGS, CREDENTIAL_HEADERS, HTTP_CLIENT_PACKAGES, HTTP_CLIENTS, NON_SPENDING_ENDPOINTS, SOCKET_CONSTRUCTORS, type HttpClientShape } from "../knowledge/provider-hosts.js";
import type { ts as TsNamespace } from "ts-morph";
import { isLoopbackHost, providerHost } from "./hosts.js";
import type { ModuleGraph } from "./module-graph.js";
import { resolveName } from "./scopes.js";
import { packageName } from "./resolve.js";
import { AutoImports } from "./auto-imports.js";
import { AnalysisGaps } from "./gaps.js";
import { functionName, jsonStringifyArgument, unwrapExpression, walk } from "../facts/ast.js";
import { envUrlOf, modelApiOnEnvBase, type EnvUrl, type FollowName } from "./env-endpoints.js";
import { definitionOf } from "./routes/definitions.js";
import { MODEL_API_PATHS } from "../knowledge/transport.js";
import { CallIndexer } from "../facts/call-index.js";
import { argumentAt, Evaluator, findProperty, hostOf, normaliseExport, type Site, type Value } from "./values.js";
import { isAiPackage, sdkEntry, sdkMember } from "./sdk-table.js";
import { AI_SDKS } from "../knowledge/ai-sdks.js";
import { isTestFile } from "../facts/test-files.js";
import { LiteralGate } from "../facts/literal-gates.js";
import { namesProviderHost } from "../facts/text-hints.js";
import { escapeRegExp } from "../util/text.js";

export interface ModelCallSite {
  file: string;
  /** The call expression. */
  node: TsNode;
  start: number;
  end: number;
  provider: string;
  /** SDK id from the table, or `http` for a raw request. */
  sdk: string;
  /** `chat.completions.create`, `generateText`, `fetch POST api.openai.com/v1/chat/completions`. */
  method: string;
  api: CallApi;
  /** The model name, when it is a constant. */
  model?: string;
  /** For SDK calls: where each argument lives (messages, system, max tokens…). */
  spec?: ModelCallSpec;
  /** A raw request to a local model server (Ollama on localhost). */
  local: boolean;
  /** A raw request that sends a credential header, or an SDK client constructed with a key option. */
  sendsKey: boolean;
  /** Where the client used by this call was created, when that is known. */
  client?: { file: string; start: number };
  /** For raw requests: argument paths of the request body (`1.body` of `fetch`), from `knowledge/provider-hosts.ts`. */
  requestBody?: readonly string[];
  /** A raw request to a model API path on a host read from this env variable (`OPENAI_BASE_URL`). */
  endpointEnv?: string;
  /** For raw requests: `false` when the endpoint generates nothing (a model list, a token count). */
  spends?: false;
  /** A call of a helper that sends the request with the body it is given: where the request itself is sent. */
  sentBy?: { file: string; node: TsNode; start: number; end: number; helper?: string };
}

/** Where a call's request leaves the process: the call itself, or the helper's request it hands its body to. */
export function requestOf(call: ModelCallSite): { file: string; node: TsNode; start: number; end: number } {
  return call.sentBy ?? call;
}

/** ` through complete()` for a call of a helper that sends the request it is handed (the finding's call names the helper), else nothing. */
export function throughHelper(call: ModelCallSite): string {
  return call.sentBy?.helper ? ` through ${call.sentBy.helper}()` : "";
}

/** Does the call generate anything (and cost)? A model list, a token count or a thread message does not. */
export function spends(call: ModelCallSite): boolean {
  return call.spends !== false && call.spec?.spends !== false;
}

/** Instructions given where an agent, tool or model object is made (`new Agent({ instructions })`): judged there, wherever it is run. */
export interface InstructionSite {
  file: string;
  /** The construction or call that makes the value. */
  node: TsNode;
  start: number;
  provider: string;
  sdk: string;
  /** `new Agent`, `tool`, `asTool`: as users read it. */
  method: string;
  /** Argument paths of the instruction positions (`0.instructions`). */
  paths: readonly string[];
}

export interface ClientConstruction {
  file: string;
  node: TsNode;
  start: number;
  end: number;
  sdk: string;
  provider: string;
  /** The key option's expression, when one is passed. */
  keyNode?: TsNode;
  /** `dangerouslyAllowBrowser: true` (or the SDK's equivalent). */
  browserOptIn?: TsNode;
}

/** The name under which the surface's lost files are recorded (see `AnalysisGaps`). */
export const AI_SURFACE_PART = "AI surface";

/**
 * The last names a call through a member (`x.y.create(…)`) must end in to be anything the
 * surface records: an SDK member that calls a model or gives a client, an SDK export
 * reached through a namespace (`ai.generateText`), an HTTP client method. Other member
 * calls (`items.map`, `res.json`) are not evaluated: most calls of a large code base are
 * those, and evaluating their receivers was most of the surface's cost.
 */
const MEMBER_CALL_NAMES: ReadonlySet<string> = new Set([
  ...AI_SDKS.flatMap((sdk) => [...sdk.members.map((m) => m.path.split(".").pop()!), ...sdk.entries.map((e) => e.export.split(".").pop()!)]),
  ...HTTP_CLIENTS.map((c) => c.callee.split(".").pop()!),
]);

/**
 * The global names of HTTP clients a call written without a receiver may have (`fetch(…)`,
 * `$fetch(…)`). A package's function called bare (`exec(…)` of `child_process`, `request(…)`)
 * is that function only where the file imports it, which the import test already covers: as
 * a global, `export default (…)` and every project's own `request(…)` had the file walked.
 */
const GLOBAL_CALL_NAMES: ReadonlySet<string> = new Set(HTTP_CLIENTS.filter((c) => !c.callee.includes(".") && c.package === undefined).map((c) => c.callee));

/** How many project files a re-export of an SDK export is followed through (`lib/ai.ts` re-exporting `ai`'s). */
const MAX_REEXPORT_HOPS = 4;

/** `new WebSocket(url)` and the other socket constructors, by their global name. */
const SOCKET_SHAPES: ReadonlyMap<string, HttpClientShape> = new Map(SOCKET_CONSTRUCTORS.map((s) => [s.callee, s]));



/** A wrapper method's body that sends a request itself: global `fetch`, or its own generic request method (`this.request<T>(…)`). */
const SENDS_A_REQUEST = /\bfetch\s*(?:<(?:[^<>(]|<[^<>(]*>)*>\s*)?\(|\.request\s*(?:<(?:[^<>(]|<[^<>(]*>)*>\s*)?\(/;

/** How many callers a helper's request is lifted to (past that it is a generic client: its own request stands). */
const MAX_LIFTED_CALLERS = 20;

/** The text right before a shell command's request data (`curl … -d '`, `--data-raw "`). */
const BEFORE_COMMAND_DATA = new RegExp(`(?:^|\\s)(?:${COMMAND_DATA_FLAGS.map(escapeRegExp).join("|")})\\s*['"]?$`);

/** The expressions a command template sends as curl's request data (`exec(\`curl … -d '${data}'\`)`). */
function commandData(ts: Ts, call: TsNode): TsNode[] {
  const command = (call as { arguments?: readonly TsNode[] }).arguments?.[0];
  if (!command || !ts.isTemplateExpression(command)) return [];
  return command.templateSpans.filter((span, i) => BEFORE_COMMAND_DATA.test(i === 0 ? command.head.text : command.templateSpans[i - 1]!.literal.text)).map((span) => span.expression);
}

/** The first http(s) URL in a shell command line (up to a space or a quote). */
const COMMAND_URL = /https?:\/\/[^\s'"`]+/;


export class AiSurface {
  readonly callSites: ModelCallSite[] = [];
  readonly clients: ClientConstruction[] = [];
  readonly instructionSites: InstructionSite[] = [];
  /** Files whose trees were walked. */
  readonly candidates: string[];
  readonly evaluator: Evaluator;
  /** Requests through an in-house wrapper, with the wrapper's method (see `recordWrapperRequest`). */
  private readonly wrapperRequests: Array<{ site: ModelCallSite; wrapper: Extract<Value, { kind: "function" }> }> = [];

  constructor(
    private readonly ts: Ts,
    private readonly modules: ModuleGraph,
    private readonly fileOf: (relPath: string) => FileFacts | undefined,
    readonly autoImports: AutoImports = new AutoImports([], () => undefined),
    gaps: AnalysisGaps = new AnalysisGaps(),
    /** An AI SDK's own published source (`SdkSource`): the library an app calls, not an app. */
    readonly isSdkSource: (file: string) => boolean = () => false,
  ) {
    // Test files are not the shipped app: their mocks and calls are no surface.
    this.candidates = candidateFiles(modules, fileOf, autoImports).filter((f) => !isTestFile(f) && !isSdkSource(f));
    const relevant = new Set(this.candidates);
    this.evaluator = new Evaluator(ts, modules, fileOf, (f) => relevant.has(f), () => this.candidates, (name, from) => autoImports.fileFor(name, from));
    for (const file of this.candidates) if (this.mayHoldSurface(file)) gaps.contain(AI_SURFACE_PART, file, () => this.walk(file));
    // A wrapper's request is the call site only where the request it sends could not be seen itself
    // (no call site in the wrapper's class, or in the function when it is not a method).
    for (const { site, wrapper } of this.wrapperRequests) {
      const scope = ts.isClassLike(wrapper.node.parent) ? wrapper.node.parent : wrapper.node;
      const [from, to] = [scope.getStart(), scope.getEnd()];
      if (!this.callSites.some((c) => c.file === wrapper.file && c.start >= from && c.end <= to)) this.callSites.push(site);
    }
    // A request whose whole body is its function's parameter: its content is decided where that function is called.
    for (let i = 0; i < this.callSites.length; i++) {
      const site = this.callSites[i]!;
      const lifted = gaps.contain(AI_SURFACE_PART, site.file, () => (site.sdk === "http" ? this.liftedToCallers(site) : this.sdkCallLiftedToCallers(site)));
      if (lifted?.length) {
        this.callSites.splice(i, 1, ...lifted);
        i += lifted.length - 1;
      }
    }
    const order = (a: { file: string; start: number }, b: { file: string; start: number }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start);
    this.callSites.sort(order);
    this.clients.sort(order);
    this.instructionSites.sort(order);
  }

  /**
   * Can this candidate hold a call or construction the surface records? It can when it
   * imports an export of an AI or HTTP client package the tables name (a local alias may
   * name anything), names a provider host, calls through a member one of the names such
   * calls end in (`x.create(`), or calls without a receiver a global HTTP client, a socket
   * constructor, or an SDK export a project file re-exports to it. A bare `run(` of the
   * project's own helper is none of these, whatever SDK method shares its name. The others
   * (most files of an SDK's own repository) are never parsed for the walk.
   */
  private mayHoldSurface(file: string): boolean {
    const facts = this.fileOf(file);
    if (!facts) return false;
    for (const name of facts.memberCalledNames) if (MEMBER_CALL_NAMES.has(name)) return true;
    for (const name of facts.calledNames) if (GLOBAL_CALL_NAMES.has(name) || SOCKET_SHAPES.has(name)) return true;
    const imports = this.modules.importsOf(file);
    if (imports.some((e) => (isAiPackage(e.package ?? e.record.specifier) || HTTP_CLIENT_PACKAGES.has(e.package ?? e.record.specifier)) && importsTableName(e.record))) return true;
    // `import { draft } from "@/lib/ai"`, where that file re-exports `generateText as draft` from `ai`, then `draft(…)`.
    for (const edge of imports) {
      if (edge.record.typeOnly || !edge.target) continue;
      for (const { imported, local } of edge.record.names) {
        if (local !== undefined && imported !== "*" && facts.calledNames.has(local) && this.reexportsSdkExport(edge.target, imported, 1)) return true;
      }
    }
    return namesProviderHost(facts);
  }

  /**
   * Does the project file `file` export `name` as an AI package's export: re-exported
   * (`export { generateText as draft } from "ai"`, `export * from "ai"`), through up to
   * `MAX_REEXPORT_HOPS` files, or imported from the package and exported again? From the
   * import facts only: nothing is parsed. Once per file and name.
   */
  private reexportsSdkExport(file: string, name: string, hops: number): boolean {
    const key = `${file}\0${name}`;
    let found = this.sdkReexports.get(key);
    if (found !== undefined) return found;
    this.sdkReexports.set(key, (found = false));
    for (const edge of this.modules.importsOf(file)) {
      if (edge.record.typeOnly) continue;
      const named = edge.record.names.find((n) => (n.local ?? n.imported) === name || (n.imported === "*" && n.local === undefined));
      if (!named) continue;
      const given = named.imported === "*" ? name : named.imported;
      if (isAiPackage(edge.package ?? edge.record.specifier)) found = true;
      else if (edge.record.kind === "export-from" && edge.target && hops < MAX_REEXPORT_HOPS) found = this.reexportsSdkExport(edge.target, given, hops + 1);
      if (found) break;
    }
    this.sdkReexports.set(key, found);
    return found;
  }
  private readonly sdkReexports = new Map<string, boolean>();

  private walk(file: string): void {
    const { ts } = this;
    const tree = this.evaluator.tree(file);
    if (!tree) return;
    const site: Site = { file, tree };
    // The same walk indexes the file's calls by name, for every later search of a function's callers.
    const calls = new CallIndexer(ts);
    walk(ts, tree, (node) => {
      if (ts.isCallExpression(node)) {
        calls.visit(node);
        this.onCall(node, site);
      } else if (ts.isNewExpression(node)) this.onNew(node, site);
    });
    calls.finish(tree);
  }

  private onNew(node: TsNamespace.NewExpression, site: Site): void {
    const { ts } = this;
    const value = this.evaluator.eval(node, site);
    if (value?.kind === "sdk" && value.origin.node === node) {
      this.recordClient(value, node, site);
      const callee = this.evaluator.eval(node.expression, site);
      const exportName = callee?.kind === "module" ? normaliseExport(callee.path) : undefined;
      const entry = callee?.kind === "module" && exportName ? sdkEntry(callee.pkg, exportName, "new")?.entry : undefined;
      if (entry?.instructions) this.recordInstructions(node, site, value, `new ${exportName}`, entry.instructions);
    } else if (value?.kind === "sdk") this.recordInheritedClient(value);
    // `new WebSocket("wss://api.openai.com/v1/realtime")`: the global, not a local of that name.
    const socket = ts.isIdentifier(node.expression) ? SOCKET_SHAPES.get(node.expression.text) : undefined;
    if (socket && node.arguments?.[0] && !resolveName(ts, socket.callee, node)) this.recordHttp(node, site, socket, socket.callee, undefined);
  }

  private readonly inheritedClients = new Set<TsNode>();

  /**
   * `new AiClient()` of a project class that `extends OpenAI`: the client is made by the
   * class's `super({ apiKey, dangerouslyAllowBrowser })`, recorded there once, however many
   * times the class is instantiated.
   */
  private recordInheritedClient(value: Extract<Value, { kind: "sdk" }>): void {
    const { ts } = this;
    const made = value.origin.node;
    if (this.inheritedClients.has(made) || !ts.isCallExpression(made) || made.expression.kind !== ts.SyntaxKind.SuperKeyword) return;
    this.inheritedClients.add(made);
    const tree = this.evaluator.tree(value.origin.file);
    if (tree) this.recordClient(value, made, { file: value.origin.file, tree });
  }

  private onCall(node: TsNamespace.CallExpression, site: Site): void {
    const { ts, evaluator } = this;
    if (node.expression.kind === ts.SyntaxKind.SuperKeyword) {
      const made = evaluator.superClient(node, site);
      if (made?.kind === "sdk") this.recordInheritedClient(made);
      return;
    }
    if (ts.isPropertyAccessExpression(node.expression) && !MEMBER_CALL_NAMES.has(node.expression.name.text)) return;
    const callee = evaluator.eval(node.expression, site);
    if (callee?.kind === "sdk") {
      const member = sdkMember(callee.type, callee.path.join("."));
      if (member?.instructions) this.recordInstructions(node, site, callee, callee.path.join("."), member.instructions);
      if (member?.call && (!member.whenArgIsNew || argIsNewOf(ts, node, member.whenArgIsNew))) {
        this.recordSdkCall(node, site, callee, member.call, callee.path.join("."));
      } else if (member?.returns === undefined && callee.path.length === 0) {
        // Calling a provider factory's result directly is handled by the evaluator.
      }
    } else if (callee?.kind === "module") {
      // An export (`generateText`, `ai.generateText` of a namespace import), or a static member the table names with a dot (`Agent.create`).
      const exportName = callee.path.length === 1 ? callee.path[0]! : normaliseExport(callee.path);
      const hit = exportName ? sdkEntry(callee.pkg, exportName, "call") : undefined;
      if (hit?.entry.call) {
        const modelValue = hit.entry.call.model ? this.modelValue(node, hit.entry.call.model, site) : undefined;
        this.recordModuleCall(node, site, hit.sdk.id, hit.sdk.provider, exportName!, hit.entry.call, modelValue);
      } else if (hit?.entry.type) {
        const value = evaluator.eval(node, site);
        if (value?.kind === "sdk") this.recordClient(value, node, site);
        if (value?.kind === "sdk" && hit.entry.instructions) this.recordInstructions(node, site, value, exportName!, hit.entry.instructions);
      }
      const factory = httpClientFactoryFor(callee);
      if (factory) this.recordHttpClient(node, site, factory);
      const shape = httpShapeFor(callee);
      // `axios.post`, `child_process.exec` (a CommonJS module's `*` is its default export).
      const [first, ...rest] = callee.path;
      if (shape) this.recordHttp(node, site, shape, `${callee.pkg}${first === "default" || first === "*" ? "" : `.${first}`}${rest.map((p) => `.${p}`).join("")}`, undefined);
    } else if (callee?.kind === "http") {
      this.recordHttp(node, site, { callee: "client", url: ["0"], headers: ["1.headers", "2.headers"] }, `${callee.client ?? "axios"} instance${callee.path.length ? ` .${callee.path.join(".")}` : ""}`, callee.baseUrl, callee.baseEnv);
    } else if (!callee) {
      const globalShape = globalHttpShape(ts, node);
      if (globalShape) this.recordHttp(node, site, globalShape, globalShape.callee, undefined);
    } else if (callee.kind === "function" && ts.isPropertyAccessExpression(node.expression)) {
      this.recordWrapperRequest(node, site, callee);
    }
  }

  /**
   * `this.client.post("/chat/completions", body)` on an in-house HTTP wrapper (a project method
   * that makes the request itself): a model request by its model API path, whatever base URL the
   * wrapper was built with. Only paths no other API uses, only a wrapper that sends a request
   * (`fetch`, its own request method, or an HTTP client package its file imports), and never a
   * route registration or a mock (a handler function among the arguments).
   */
  private recordWrapperRequest(node: TsNamespace.CallExpression, site: Site, wrapper: Extract<Value, { kind: "function" }>): void {
    const { ts } = this;
    const path = node.arguments[0];
    if (!path || !ts.isStringLiteralLike(path) || node.arguments.some((a) => ts.isFunctionLike(a))) return;
    const api = MODEL_API_PATHS.find((p) => !p.shared && !p.port && path.text.includes(p.path));
    const body = (wrapper.node as { body?: TsNode }).body;
    if (!api || !body) return;
    // The wrapper sends the request: by `fetch` or a request method of its own, or its file imports an HTTP client package.
    const importsClient = () => this.modules.importsOf(wrapper.file).some((e) => !e.record.typeOnly && HTTP_CLIENT_PACKAGES.has(e.package ?? e.record.specifier));
    if (!SENDS_A_REQUEST.test(body.getText()) && !importsClient()) return;
    const member = (node.expression as TsNamespace.PropertyAccessExpression).name.text;
    this.wrapperRequests.push({ wrapper, site: {
      file: site.file,
      node,
      start: node.getStart(site.tree),
      end: node.getEnd(),
      provider: api.api,
      sdk: "http",
      method: `${member} ${path.text}`,
      api: apiOfPath(path.text),
      local: false,
      sendsKey: false,
      requestBody: ["1"],
    } });
  }

  /**
   * A raw request sent by a helper with the body its caller hands it (`post(body) { return
   * fetch(URL, { body: JSON.stringify(body) }) }`, `curl(headers, data)` running
   * `curl … -d '${data}'`): the model, the prompt and the token cap are written at each call
   * of the helper, so each call is the call site (with the argument as the request body), in
   * place of the helper's own request. Undefined when the body is not a parameter, or the
   * helper has no callers in the project (or more than `MAX_LIFTED_CALLERS`).
   */
  private liftedToCallers(site: ModelCallSite): ModelCallSite[] | undefined {
    const body = this.bodyParameter(site);
    if (!body) return undefined;
    const callers = this.helperCallers(body.fn, site.file);
    if (!callers) return undefined;
    const helper = functionName(this.ts, body.fn);
    const sentBy = { file: site.file, node: site.node, start: site.start, end: site.end, ...(helper ? { helper } : {}) };
    // The method stays the request's (`child_process.exec api.openai.com/…`): rules read the client and endpoint from it.
    return callers.map(({ node, site: at }) => ({ ...site, file: at.file, node, start: node.getStart(at.tree), end: node.getEnd(), requestBody: [String(body.index)], sentBy }));
  }

  /**
   * An SDK call given its caller's whole options object (`callOpenai(body) { return
   * openai.chat.completions.create(body) }`): the messages, model and token cap are written
   * at each call of the helper (`callOpenai({ model, messages, max_tokens })`), so each is the
   * call site, with the spec's paths moved onto the helper's parameter. Undefined when the
   * options are not a whole parameter, or the helper has no callers (or more than
   * `MAX_LIFTED_CALLERS`), as for raw requests, or when a caller passes something else than
   * an object it writes out.
   */
  private sdkCallLiftedToCallers(site: ModelCallSite): ModelCallSite[] | undefined {
    const { ts } = this;
    const spec = site.spec;
    if (!spec || !ts.isCallExpression(site.node)) return undefined;
    const paths = specPaths(spec);
    const index = paths[0]?.split(".")[0];
    if (index === undefined || !/^\d+$/.test(index) || paths.some((p) => p.split(".")[0] !== index)) return undefined;
    const given = site.node.arguments[Number(index)];
    const options = given && unwrapExpression(ts, this.evaluator.followToExpression(given));
    if (!options || !ts.isIdentifier(options)) return undefined;
    const binding = resolveName(ts, options.text, options);
    if (binding?.kind !== "parameter" || binding.path.length !== 0 || !ts.isIdentifier(binding.node.name)) return undefined;
    const callers = this.helperCallers(binding.fn, site.file);
    if (!callers) return undefined;
    // Only where every caller writes the options out (`{ model, messages, max_tokens }`); a helper
    // given a bare prompt (`ask("…")`) keeps its request's own options, judged where it is sent.
    const writesOptions = (call: TsNamespace.CallExpression) => {
      const arg = call.arguments[binding.index];
      return arg !== undefined && ts.isObjectLiteralExpression(unwrapExpression(ts, this.evaluator.followToExpression(arg)));
    };
    if (!callers.every((c) => writesOptions(c.node))) return undefined;
    const rebased = rebaseSpec(spec, index, String(binding.index));
    const helper = functionName(ts, binding.fn);
    const sentBy = { file: site.file, node: site.node, start: site.start, end: site.end, ...(helper ? { helper } : {}) };
    return callers.map(({ node, site: at }) => {
      const model = (rebased.model && this.evaluator.stringAt(node, rebased.model, at)) ?? site.model;
      return { ...site, file: at.file, node, start: node.getStart(at.tree), end: node.getEnd(), spec: rebased, ...(model ? { model } : {}), sentBy };
    });
  }

  /** The calls of a helper a request is lifted to: none from inside itself, and undefined for none or more than `MAX_LIFTED_CALLERS`. */
  private helperCallers(fn: TsNamespace.SignatureDeclaration, file: string): Array<{ node: TsNamespace.CallExpression; site: Site }> | undefined {
    const callers = this.evaluator.callersOf(fn, file, MAX_LIFTED_CALLERS).filter((c) => !(c.site.file === file && c.node.pos >= fn.pos && c.node.end <= fn.end));
    return callers.length === 0 || callers.length > MAX_LIFTED_CALLERS ? undefined : callers;
  }

  /** The parameter of the enclosing function that is the request's whole body (as it is, or `JSON.stringify` of it). */
  private bodyParameter(site: ModelCallSite): { fn: TsNamespace.SignatureDeclaration; index: number } | undefined {
    const { ts } = this;
    const follow = (n: TsNode) => this.evaluator.followToExpression(n);
    const bodies = site.requestBody ? site.requestBody.map((path) => argumentAt(ts, site.node, path, follow)) : commandData(ts, site.node);
    for (const found of bodies) {
      let node = found && unwrapExpression(ts, follow(found));
      if (node) node = jsonStringifyArgument(ts, node) ?? node;
      if (!node || !ts.isIdentifier(node)) continue;
      const binding = resolveName(ts, node.text, node);
      if (binding?.kind === "parameter" && binding.path.length === 0 && ts.isIdentifier(binding.node.name)) return { fn: binding.fn, index: binding.index };
    }
    return undefined;
  }

  private modelValue(node: TsNode, paths: readonly string[], site: Site): Value | undefined {
    for (const path of paths) {
      const arg = argumentAt(this.ts, node, path, (n) => this.evaluator.followToExpression(n));
      if (arg) return this.evaluator.eval(arg, site);
    }
    return undefined;
  }

  private recordSdkCall(node: TsNamespace.CallExpression, site: Site, client: Extract<Value, { kind: "sdk" }>, spec: ModelCallSpec, method: string): void {
    const model = (spec.model && this.evaluator.stringAt(node, spec.model, site)) ?? client.model;
    const origin = client.origin;
    const keyed = origin ? this.clientHasKey(origin.node, client.sdk.keyOptions) : false;
    this.callSites.push({
      file: site.file,
      node,
      start: node.getStart(site.tree),
      end: node.getEnd(),
      provider: client.provider === "from-model" ? "unknown provider" : client.provider,
      sdk: client.sdk.id,
      method,
      api: spec.api,
      ...(model ? { model } : {}),
      spec,
      local: /\(local\)/.test(client.provider) || client.provider === "local model server",
      sendsKey: keyed,
      client: origin ? { file: origin.file, start: origin.node.getStart() } : undefined,
    });
  }

  private recordModuleCall(node: TsNamespace.CallExpression, site: Site, sdk: string, sdkProvider: string, method: string, spec: ModelCallSpec, modelValue: Value | undefined): void {
    let provider = sdkProvider;
    let model: string | undefined;
    let local = false;
    if (modelValue?.kind === "sdk") {
      provider = modelValue.provider;
      model = modelValue.model;
      local = /\(local\)/.test(provider);
    } else if (modelValue?.kind === "string" && modelValue.exact) {
      // `model: "openai/gpt-4o"` goes through the Vercel AI Gateway.
      model = modelValue.text;
      const slash = model.indexOf("/");
      if (provider === "from-model") provider = slash > 0 ? `Vercel AI Gateway (${model.slice(0, slash)})` : "Vercel AI Gateway";
    }
    this.callSites.push({
      file: site.file,
      node,
      start: node.getStart(site.tree),
      end: node.getEnd(),
      provider: provider === "from-model" ? "unknown provider" : provider,
      sdk,
      method,
      api: spec.api,
      ...(model ? { model } : {}),
      spec,
      local,
      sendsKey: modelValue?.kind === "sdk" && modelValue.origin ? this.clientHasKey(modelValue.origin.node, modelValue.sdk.keyOptions) : false,
      ...(modelValue?.kind === "sdk" && !this.ts.isSourceFile(modelValue.origin.node) ? { client: { file: modelValue.origin.file, start: modelValue.origin.node.getStart() } } : {}),
    });
  }

  private recordHttp(node: TsNamespace.CallExpression | TsNamespace.NewExpression, site: Site, shape: HttpClientShape, calleeLabel: string, baseUrl: string | undefined, baseEnv?: EnvUrl): void {
    let url: string | undefined;
    let urlNode: TsNode | undefined;
    // The whole URL is known (not only its start: `${base}/models/${id}/predictions` is known up to `/models/`).
    let urlExact = false;
    for (const path of shape.url) {
      const arg = argumentAt(this.ts, node, path, (n) => this.evaluator.followToExpression(n));
      const v = arg && this.evaluator.eval(arg, site);
      if (v?.kind === "string") {
        url = shape.urlInCommand ? COMMAND_URL.exec(v.text)?.[0] : v.text;
        urlExact = v.exact;
        urlNode = arg;
        break;
      }
    }
    if (baseUrl !== undefined && (url === undefined || !/^[a-z]+:\/\//i.test(url))) {
      urlExact &&= url !== undefined;
      url = joinPath(baseUrl, url ?? "");
    }
    const host = url ? hostOf(url) : undefined;
    const known = host ? providerHost(host) : undefined;
    if (!host || !known) {
      this.recordEnvEndpoint(node, site, shape, calleeLabel, urlNode, url, baseEnv);
      return;
    }
    const sendsKey = this.sendsCredential(node, shape, site);
    const path = url!.replace(/^[a-z]+:\/\/[^/]+/i, "") || "/";
    this.callSites.push({
      file: site.file,
      node,
      start: node.getStart(site.tree),
      end: node.getEnd(),
      provider: known.provider,
      sdk: "http",
      method: `${calleeLabel} ${host}${path.split("?")[0]}`,
      api: apiOfPath(path),
      local: Boolean(known.local) || isLoopbackHost(host),
      sendsKey,
      ...(shape.body ? { requestBody: shape.body } : {}),
      // A path known only up to `/models/` may go on to generate (`/models/<id>` on Hugging Face, `…/predictions` on
      // Replicate) when posted to; read with GET, every such path is the catalogue.
      ...(generatesNothing(path) && (urlExact || this.onlyReads(node, shape, calleeLabel, site)) ? { spends: false as const } : {}),
    });
  }

  /** Does the request only read (`axios.get`, `ky.head`, `fetch(url)` with no method or body, or `method: "GET"`)? */
  private onlyReads(node: TsNamespace.CallExpression | TsNamespace.NewExpression, shape: HttpClientShape, calleeLabel: string, site: Site): boolean {
    const named = /\.(\w+)$/.exec(calleeLabel)?.[1]?.toLowerCase();
    if (named) return named === "get" || named === "head";
    // `fetch(url, init)`-like clients only: their method and body are options of the second argument.
    if (!shape.body?.includes("1.body")) return false;
    const follow = (n: TsNode) => this.evaluator.followToExpression(n);
    const method = argumentAt(this.ts, node, "1.method", follow);
    if (!method) return argumentAt(this.ts, node, "1.body", follow) === undefined;
    const value = this.evaluator.eval(method, site);
    return value?.kind === "string" && value.exact && /^(?:get|head)$/i.test(value.text);
  }

  /**
   * A request to a model API path on a host read from the environment
   * (`${process.env.OPENAI_BASE_URL}/chat/completions`, or an axios instance made with an
   * env `baseURL`): a model call to whatever provider the deployment points it at.
   */
  private recordEnvEndpoint(node: TsNamespace.CallExpression | TsNamespace.NewExpression, site: Site, shape: HttpClientShape, calleeLabel: string, urlNode: TsNode | undefined, url: string | undefined, baseEnv: EnvUrl | undefined): void {
    const follow = (n: TsNode) => this.evaluator.followToExpression(n);
    const lookup = { ts: this.ts, modules: this.modules, tree: (f: string) => this.evaluator.tree(f) };
    // A base URL constant may be exported by a config module: followed across imports.
    const followName: FollowName = (n, file) => {
      const tree = this.evaluator.tree(file);
      const found = tree ? definitionOf(lookup, n, { file, tree }) : undefined;
      return found ? { node: found.node, file: found.file } : { node: n, file };
    };
    const relative = url !== undefined && !/^[a-z]+:\/\//i.test(url) ? url : undefined;
    let target = baseEnv && relative !== undefined ? { env: baseEnv.env, path: joinPath(baseEnv.path, relative) } : urlNode ? envUrlOf(this.ts, urlNode, site.file, followName) : undefined;
    // `request.post({ url: process.env.X + "/v1/messages" })`, `new URL(path, process.env.X)`: no string the evaluator can give.
    for (const at of urlNode || baseEnv ? [] : shape.url) {
      const arg = argumentAt(this.ts, node, at, follow);
      target = arg && envUrlOf(this.ts, arg, site.file, followName);
      if (target) break;
    }
    const api = target && modelApiOnEnvBase(target);
    if (!target || !api) return;
    const path = target.path.split("?")[0]!.replace(/\0/g, "…");
    this.callSites.push({
      file: site.file,
      node,
      start: node.getStart(site.tree),
      end: node.getEnd(),
      provider: `${api.api} at ${target.env}`,
      sdk: "http",
      method: `${calleeLabel} \${${target.env}}${path}`,
      api: apiOfPath(path),
      local: false,
      endpointEnv: target.env,
      sendsKey: this.sendsCredential(node, shape, site),
      ...(shape.body ? { requestBody: shape.body } : {}),
    });
  }

  /**
   * `axios.create({ baseURL: "https://api.openai.com/v1", headers: { Authorization } })`:
   * a provider client with the key in its default headers, like an SDK client made with one.
   */
  private recordHttpClient(node: TsNamespace.CallExpression, site: Site, shape: HttpClientShape): void {
    const { ts } = this;
    const base = argumentAt(ts, node, shape.createsClientWithBase!, (n) => this.evaluator.followToExpression(n));
    const value = base && this.evaluator.eval(base, site);
    const host = value?.kind === "string" ? hostOf(value.text) : undefined;
    const known = host ? providerHost(host) : undefined;
    if (!host || !known || known.local || isLoopbackHost(host)) return;
    for (const path of shape.headers ?? []) {
      const headers = argumentAt(ts, node, path, (n) => this.evaluator.followToExpression(n));
      const object = headers && this.evaluator.followToExpression(headers);
      if (!object || !ts.isObjectLiteralExpression(object)) continue;
      const keyNode = object.properties.find((p) => p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) && CREDENTIAL_HEADERS.includes(p.name.text.toLowerCase()));
      if (keyNode) {
        this.clients.push({ file: site.file, node, start: node.getStart(site.tree), end: node.getEnd(), sdk: "http", provider: known.provider, keyNode });
        return;
      }
    }
  }

  private sendsCredential(node: TsNamespace.CallExpression | TsNamespace.NewExpression, shape: HttpClientShape, site: Site): boolean {
    const { ts } = this;
    for (const path of shape.headers ?? []) {
      const headers = argumentAt(ts, node, path, (n) => this.evaluator.followToExpression(n));
      if (!headers) continue;
      const object = this.evaluator.followToExpression(headers);
      if (ts.isObjectLiteralExpression(object)) {
        if (CREDENTIAL_HEADERS.some((h) => findPropertyCaseInsensitive(ts, object, h))) return true;
      } else if (/authorization|api-key|apikey|bearer/i.test(object.getText(site.tree))) {
        return true;
      }
    }
    // Query-string keys: `?key=${apiKey}` (Gemini REST).
    const url = node.arguments?.[0]?.getText(site.tree) ?? "";
    return /[?&](key|api_key|apikey)=/i.test(url);
  }

  private clientHasKey(construction: TsNode, keyOptions: readonly string[] | undefined): boolean {
    return (keyOptions ?? []).some((path) => argumentAt(this.ts, construction, path, (n) => this.evaluator.followToExpression(n)) !== undefined);
  }

  private recordInstructions(node: TsNamespace.NewExpression | TsNamespace.CallExpression, site: Site, value: Extract<Value, { kind: "sdk" }>, method: string, paths: readonly string[]): void {
    this.instructionSites.push({ file: site.file, node, start: node.getStart(site.tree), provider: value.provider === "from-model" ? "unknown provider" : value.provider, sdk: value.sdk.id, method, paths });
  }

  private recordClient(value: Extract<Value, { kind: "sdk" }>, node: TsNamespace.NewExpression | TsNamespace.CallExpression, site: Site): void {
    if (value.origin.node !== node) return;
    const { ts } = this;
    const keyPath = (value.sdk.keyOptions ?? []).find((p) => argumentAt(ts, node, p, (n) => this.evaluator.followToExpression(n)));
    const keyNode = keyPath ? argumentAt(ts, node, keyPath, (n) => this.evaluator.followToExpression(n)) : undefined;
    let browserOptIn: TsNode | undefined;
    for (const path of value.sdk.browserOptIn ?? []) {
      const option = argumentAt(ts, node, path);
      if (option && option.kind === ts.SyntaxKind.TrueKeyword) browserOptIn = option.parent;
    }
    this.clients.push({
      file: site.file,
      node,
      start: node.getStart(site.tree),
      end: node.getEnd(),
      sdk: value.sdk.id,
      provider: value.provider,
      ...(keyNode ? { keyNode } : {}),
      ...(browserOptIn ? { browserOptIn } : {}),
    });
  }

}

/** Every argument path a call spec reads. */
function specPaths(spec: ModelCallSpec): string[] {
  const out = [...(spec.model ?? []), ...(spec.messages ?? []), ...(spec.system ?? []), ...(spec.prompt ?? []), ...(spec.media ?? []), ...(spec.maxTokens ?? []), ...(spec.opaquePayload ?? [])];
  if (spec.agentContext) out.push(spec.agentContext.agent, spec.agentContext.context);
  return out;
}

/** The spec with argument `from` renamed `to` at the start of each path (`0.messages` → `1.messages`). */
function rebaseSpec(spec: ModelCallSpec, from: string, to: string): ModelCallSpec {
  if (from === to) return spec;
  const move = (paths: readonly string[] | undefined) => paths?.map((p) => to + p.slice(from.length));
  return {
    ...spec,
    ...(spec.model ? { model: move(spec.model) } : {}),
    ...(spec.messages ? { messages: move(spec.messages) } : {}),
    ...(spec.system ? { system: move(spec.system) } : {}),
    ...(spec.prompt ? { prompt: move(spec.prompt) } : {}),
    ...(spec.media ? { media: move(spec.media) } : {}),
    ...(spec.maxTokens ? { maxTokens: move(spec.maxTokens) } : {}),
    ...(spec.opaquePayload ? { opaquePayload: move(spec.opaquePayload) } : {}),
    ...(spec.agentContext ? { agentContext: { agent: to + spec.agentContext.agent.slice(from.length), context: to + spec.agentContext.context.slice(from.length) } } : {}),
  };
}

/**
 * Files that import an AI package (even for types) or name a provider host, the project
 * files those import directly, and everything that imports any of them.
 */
function candidateFiles(modules: ModuleGraph, fileOf: (relPath: string) => FileFacts | undefined, autoImports: AutoImports): string[] {
  // A subpath may be an SDK of its own (`@langchain/community/chat_models/togetherai`).
  const seeds = modules.files.filter((f) => modules.importsOf(f).some((e) => e.package !== undefined && (isAiPackage(e.package) || isAiPackage(e.record.specifier))) || namesModelEndpoint(fileOf(f)));
  const result = new Set(seeds);
  // Helpers an AI file hands its client to (`complete(openai, prompt)`) live in files it imports.
  for (const seed of seeds) for (const edge of modules.importsOf(seed)) if (edge.target && !edge.record.typeOnly) result.add(edge.target);
  // Files that use an auto-imported AI helper import it without saying so.
  for (const user of autoImports.usersOf(seeds, modules.files, fileOf)) result.add(user);
  const queue = [...result];
  while (queue.length) {
    const file = queue.shift()!;
    for (const edge of modules.importersOf(file)) {
      if (!result.has(edge.from)) {
        result.add(edge.from);
        queue.push(edge.from);
      }
    }
  }
  return [...result].sort();
}

/**
 * Can what this import gives become a call the surface records? Only an export the SDK or
 * HTTP client tables name can (`generateText`, `OpenAI`, a default export), whatever local
 * name it is given or held in; other exports of the package (`postJsonToApi` of
 * `@ai-sdk/provider-utils`) are plain functions, and a type-only import gives no value.
 * Imports read by hand without names (bare, `require`, dynamic) count.
 */
function importsTableName(record: ImportRecord): boolean {
  if (record.typeOnly) return false;
  if (record.kind !== "import" || record.names.length === 0) return true;
  return record.names.some((n) => n.imported === "*" || MEMBER_CALL_NAMES.has(n.imported));
}

/** A base URL and a path relative to it (`prefixUrl` takes `chat/completions` without a slash). */
function joinPath(base: string, path: string): string {
  const head = base.replace(/\/$/, "");
  return path === "" || path.startsWith("/") || path.startsWith("?") ? head + path : `${head}/${path}`;
}

/**
 * Can this file, read alone, hold a model call or client (the ESLint plugin's one-file
 * surface)? Only when it is a seed of the project's surface: it imports an AI package,
 * names a provider host or a model API path on an env base URL. Helpers in other files
 * are not followed alone, so no other file can make one of its calls a model call.
 */
export function mayCallModelsAlone(file: FileFacts): boolean {
  if (file.header.imports.some((i) => isAiPackage(i.specifier) || isAiPackage(packageName(i.specifier)))) return true;
  return namesModelEndpoint(file);
}

/** A provider host, or a model API path on an env base URL: the text-only half of a seed of the surface. */
function namesModelEndpoint(file: FileFacts | undefined): boolean {
  return file !== undefined && (namesProviderHost(file) || namesEnvModelPath(file));
}

// `prefixUrl` clients are asked for `chat/completions` without the slash.
const MODEL_PATH_ANYWHERE = new LiteralGate(MODEL_API_PATHS.filter((p) => !(p.port || p.shared)).map((p) => p.path.slice(1)));
const MODEL_PATH_BESIDE_ENV = new LiteralGate(MODEL_API_PATHS.map((p) => p.path.slice(1)));
const DOT_ENV = new LiteralGate([".env"]);

/**
 * A model API path that may be asked of an env-configured base (`${process.env.OPENAI_BASE_URL}/chat/completions`,
 * the base imported from a config module). Paths other APIs use too (`/api/chat`) only beside an env read.
 */
function namesEnvModelPath(file: FileFacts): boolean {
  return file.mayMatch(MODEL_PATH_ANYWHERE) || (file.mayMatch(DOT_ENV) && file.mayMatch(MODEL_PATH_BESIDE_ENV));
}

function argIsNewOf(ts: Ts, call: TsNamespace.CallExpression, classes: readonly string[]): boolean {
  const arg = call.arguments[0];
  if (!arg || !ts.isNewExpression(arg)) return false;
  const name = ts.isIdentifier(arg.expression) ? arg.expression.text : ts.isPropertyAccessExpression(arg.expression) ? arg.expression.name.text : "";
  return classes.includes(name);
}

function httpClientFactoryFor(callee: Extract<Value, { kind: "module" }>): HttpClientShape | undefined {
  const path = callee.path.map((p) => (p === "*" ? "default" : p)).join(".");
  return HTTP_CLIENTS.find((c) => c.package === callee.pkg && c.callee === path && c.createsClientWithBase);
}

function httpShapeFor(callee: Extract<Value, { kind: "module" }>): HttpClientShape | undefined {
  const path = callee.path.map((p) => (p === "*" ? "default" : p)).join(".");
  return HTTP_CLIENTS.find((c) => c.package === callee.pkg && c.callee === path && !c.createsClientWithBase);
}

/** `fetch(…)`, `window.fetch(…)`, `$fetch(…)` when the name is not declared in the file. */
function globalHttpShape(ts: Ts, node: TsNamespace.CallExpression): HttpClientShape | undefined {
  const text = ts.isIdentifier(node.expression) ? node.expression.text : ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) ? `${node.expression.expression.text}.${node.expression.name.text}` : undefined;
  if (!text) return undefined;
  if (ts.isIdentifier(node.expression) && resolveName(ts, text, node)) return undefined;
  return HTTP_CLIENTS.find((c) => !c.package && c.callee === text);
}

function findPropertyCaseInsensitive(ts: Ts, object: TsNamespace.ObjectLiteralExpression, name: string): boolean {
  return object.properties.some((p) => p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) && p.name.text.toLowerCase() === name) || findProperty(ts, object, name) !== undefined;
}

/** `/v1/models`, `/v1/models/gpt-4o`, `/v1/messages/count_tokens`, `/v1beta/models/gemini-pro:countTokens` (`NON_SPENDING_ENDPOINTS`). */
function generatesNothing(path: string): boolean {
  const segments = path.split("?")[0]!.split("/").filter(Boolean);
  const last = segments[segments.length - 1] ?? "";
  const colon = last.indexOf(":");
  if (colon >= 0) return (NON_SPENDING_ENDPOINTS.actions as readonly string[]).includes(last.slice(colon + 1));
  const before = segments[segments.length - 2] ?? "";
  return (NON_SPENDING_ENDPOINTS.lastSegments as readonly string[]).includes(last.toLowerCase()) || (NON_SPENDING_ENDPOINTS.listedBy as readonly string[]).includes(before.toLowerCase());
}

function apiOfPath(path: string): CallApi {
  if (/chat|messages|generateContent|converse|completions?\b/i.test(path)) return /completions$/.test(path) && !/chat/.test(path) ? "completion" : "chat";
  if (/embed/i.test(path)) return "embedding";
  if (/moderations?\b/i.test(path)) return "moderation";
  if (/image/i.test(path)) return "image";
  if (/audio|speech|transcri/i.test(path)) return "audio";
  if (/responses/.test(path)) return "responses";
  if (/realtime/.test(path)) return "realtime";
  return "other";
}
