/**
 * The moderation model, asked by PI-3 and OF-3: for every AI route, the model call that generates (not a
 * moderation or guard-model call made on the way), whether request input reaches it
 * (PI-3 subject), whether its output is sent back to the client (OF-3 subject), and the
 * screening found on each side (tables in `src/knowledge/moderation.ts`):
 * - calls that screen a text, in the route's middleware, in the handler or a function on
 *   the way (also inside a project helper they call, `await assertSafe(text)`), whose
 *   result is used (a moderation call whose verdict is dropped screens nothing);
 *   the text they are given says which side: request input (the untrusted-input tracker),
 *   model output (the model-output tracker), or, when neither can tell, where the call
 *   stands: before the model call it screens the input, after it the answer;
 * - provider safety settings on the call or on the model object (both sides).
 */
import { firstIndexWhereNot } from "../util/sorted.js";
import { calleeName, propertyNameText, unwrapExpression, walk } from "../facts/ast.js";
import type { Ts, TsNode } from "../facts/typescript.js";
import {
  GUARD_MODEL_NAME,
  HTTP_REQUEST_CALLS,
  HTTP_REQUEST_RECEIVERS,
  MODERATION_CALL_APIS,
  MODERATION_CALLS,
  MODERATION_URLS,
  PROVIDER_SAFETY_SETTINGS,
  STREAM_RESPONSE_METHODS,
  STREAM_WRAPPERS,
  type ModerationCall,
  type ScreenedSide,
} from "../knowledge/moderation.js";
import { spends, type ModelCallSite } from "./ai-surface.js";
import type { FlowModel } from "./flow/index.js";
import { sinksIn, type Sink } from "./flow/sinks.js";
import type { ProjectModel } from "./project.js";
import { planChecks, type AiRoute } from "./routes/index.js";
import { Reachability, type Reach } from "./routes/reach.js";
import { returnedExpressions } from "./routes/definitions.js";
import type { Evaluator, Site, Value } from "./values.js";

/** A place that screens one side of a route's model call. */
export interface Screening {
  file: string;
  start: number;
  label: string;
}

export interface RouteModeration {
  ai: AiRoute;
  /** The model call that generates (the route's own reach unless that is a moderation call). */
  call: ModelCallSite;
  /** Request input of this route reaches the call's prompt. */
  takesInput: boolean;
  /** The call's output is sent to the client (a response, a returned value). */
  returnsOutput: boolean;
  /** The generating call whose output is sent (the route may call a classifier first and answer with a second call). */
  outputCall?: ModelCallSite;
  input: Screening[];
  output: Screening[];
}

/** AU-3's plan checks: a route that rejects callers without a paid plan serves paying, known users, so PI-3 does not ask it for moderation. */
export function isPlanGated(ai: AiRoute): boolean {
  return planChecks(ai).length > 0;
}

/** The name under which routes whose moderation could not be judged are recorded (see `AnalysisGaps`). */
const MODERATION_PART = "moderation analysis";
const MAX_HELPER_DEPTH = 3;
/** Values a handler sends, with those unwrapped from screening calls and stream wrappers, looked at per route. */
const MAX_SENT_VALUES = 64;
/** Identifiers followed into their initializers when looking for a provider setting. */
const MAX_SETTING_HOPS = 3;

const cache = new WeakMap<ProjectModel, RouteModeration[]>();

export function routeModeration(project: ProjectModel, ts: Ts): RouteModeration[] {
  let known = cache.get(project);
  if (!known) {
    known = new ModerationAnalysis(project, ts).run();
    cache.set(project, known);
  }
  return known;
}

interface Scope {
  file: string;
  node: TsNode;
  /** Offset where the way to the model call leaves this function (screens before it run first). */
  before: number;
}

/** A screening call found in some function, before it is judged for one route. */
interface Found {
  /** The call in the scope (the mechanism itself, or the project helper that makes it). */
  node: TsNode;
  site: Site;
  /** Where to show it: the mechanism call. */
  at: Screening;
  screens: readonly ScreenedSide[];
}

class ModerationAnalysis {
  private readonly evaluator: Evaluator;
  private readonly flow: FlowModel;
  private readonly callSites = new Map<TsNode, ModelCallSite>();
  /** The same calls by file and start, where a trace's source says it began. */
  private readonly callsAt = new Map<string, ModelCallSite>();
  private readonly generating: Reachability;
  private readonly helperMemo = new Map<TsNode, Found | null>();
  private readonly responseSinks = new Map<string, Array<{ sink: Sink; start: number }>>();

  constructor(
    private readonly project: ProjectModel,
    private readonly ts: Ts,
  ) {
    const routes = project.routes(ts);
    this.evaluator = routes.context.evaluator;
    this.flow = project.flow(ts);
    const surface = project.aiSurface(ts);
    for (const call of surface.callSites) {
      this.callSites.set(call.node, call);
      this.callsAt.set(`${call.file}\0${call.start}`, call);
    }
    // The way to the call that generates, past the moderation calls and embeddings made first.
    this.generating = new Reachability(routes.context, { callSites: surface.callSites.filter(generates) }, (f) => routes.context.aiCandidates.has(f));
  }

  run(): RouteModeration[] {
    const out: RouteModeration[] = [];
    const gaps = this.project.gaps;
    for (const ai of this.project.routes(this.ts).aiRoutes) {
      const handler = ai.route.handler;
      // One route that cannot be analysed costs that route only.
      const judged = handler && gaps.contain(MODERATION_PART, handler.file, () => this.judge(ai));
      if (judged) out.push(judged);
    }
    gaps.touch(MODERATION_PART);
    return out;
  }

  private judge(ai: AiRoute): RouteModeration | undefined {
    const handler = ai.route.handler!;
    const reach = generates(ai.reach.call) ? ai.reach : this.generating.fromFunction(handler.file, handler.node);
    if (!reach) return undefined;
    const scopes: Scope[] = [{ file: handler.file, node: handler.node, before: reach.at }, ...reach.steps.map((s) => ({ file: s.file, node: s.node, before: s.at }))];
    const chain = this.chainFunctions(ai);
    const found = [...chain.map((s) => ({ scope: s, found: this.screensIn(s, 0) })), ...scopes.map((s) => ({ scope: s, found: this.screensIn(s, 0) }))];
    const input: Screening[] = [];
    const output: Screening[] = [];
    for (const { scope, found: list } of found) {
      for (const f of list) {
        const side = this.sideOf(f, scope);
        if (side === "input" && f.screens.includes("input")) input.push(f.at);
        if (side === "output" && f.screens.includes("output")) output.push(f.at);
      }
    }
    const settings = this.providerSettings(reach.call);
    input.push(...settings);
    output.push(...settings);
    const outputCall = this.sentOutput(ai);
    return { ai, call: reach.call, takesInput: this.takesInput(reach, scopes), returnsOutput: outputCall !== undefined, outputCall, input: distinct(input), output: distinct(output) };
  }

  /** Middleware functions on the route's path (inline, or named and resolved): they run before the handler. */
  private chainFunctions(ai: AiRoute): Scope[] {
    const { ts } = this;
    const out: Scope[] = [];
    for (const entry of ai.route.chain) {
      const tree = this.project.file(entry.file)?.syntaxTree(ts);
      if (!tree) continue;
      const node = unwrapExpression(ts, entry.node);
      if (ts.isFunctionLike(node)) out.push({ file: entry.file, node, before: Number.POSITIVE_INFINITY });
      else if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
        const value = this.evaluator.eval(node, { file: entry.file, tree });
        if (value?.kind === "function") out.push({ file: value.file, node: value.node, before: Number.POSITIVE_INFINITY });
      }
    }
    return out;
  }

  /** Screening calls whose result is used, in a function (and in the project helpers it calls). */
  private screensIn(scope: Scope, depth: number): Found[] {
    const { ts } = this;
    const tree = this.project.file(scope.file)?.syntaxTree(ts);
    if (!tree) return [];
    const site: Site = { file: scope.file, tree };
    const out: Found[] = [];
    const body = (scope.node as { body?: TsNode }).body ?? scope.node;
    walk(ts, body, (n) => {
      if (!ts.isCallExpression(n) && !ts.isNewExpression(n)) return;
      const mechanism = this.mechanismOf(n, site);
      if (mechanism) {
        if (resultUsed(ts, n)) out.push({ node: n, site, at: { file: scope.file, start: n.getStart(tree), label: mechanism.label }, screens: mechanism.screens });
        return;
      }
      if (depth >= MAX_HELPER_DEPTH || !ts.isCallExpression(n)) return;
      const callee = this.evaluator.eval(n.expression, site);
      if (callee?.kind !== "function" || callee.node === scope.node) return;
      const inner = this.helperScreen(callee.file, callee.node, depth + 1);
      if (inner && resultUsedOrThrows(ts, n, inner)) out.push({ ...inner, node: n, site });
    });
    return out;
  }

  /** A project helper that screens what it is given (`assertSafe(text)` calling a moderation endpoint). */
  private helperScreen(file: string, fn: TsNode, depth: number): Found | undefined {
    const known = this.helperMemo.get(fn);
    if (known !== undefined) return known ?? undefined;
    this.helperMemo.set(fn, null);
    const first = this.screensIn({ file, node: fn, before: Number.POSITIVE_INFINITY }, depth)[0];
    this.helperMemo.set(fn, first ?? null);
    return first;
  }

  /** What a call is, if it screens a text. */
  private mechanismOf(n: TsNode, site: Site): { label: string; screens: readonly ScreenedSide[] } | undefined {
    const { ts } = this;
    const callSite = this.callSites.get(n);
    if (callSite && screeningCallSite(callSite)) return { label: callSite.api === "moderation" ? `${callSite.provider} moderation (${callSite.method})` : `guard model ${callSite.model}`, screens: ["input", "output"] };
    if (!ts.isCallExpression(n) && !ts.isNewExpression(n)) return undefined;
    const url = this.requestUrl(n, site);
    if (url !== undefined) {
      const hit = MODERATION_URLS.find((u) => url.includes(u.contains));
      return hit && { label: hit.label, screens: hit.screens };
    }
    const value = this.evaluator.eval(n.expression, site);
    const found = value && packageCall(value);
    if (!found) return undefined;
    const isNew = ts.isNewExpression(n);
    const entry = MODERATION_CALLS.find((m) => matches(m, found.pkg, found.path, isNew));
    return entry && { label: entry.label, screens: entry.screens };
  }

  /** The URL of `fetch(url)`, `axios.post(url)`, when the call is one and the URL is known. */
  private requestUrl(n: TsNode, site: Site): string | undefined {
    const { ts } = this;
    if (!ts.isCallExpression(n) || !n.arguments[0]) return undefined;
    const callee = unwrapExpression(ts, n.expression);
    const isRequest = ts.isIdentifier(callee) ? HTTP_REQUEST_CALLS.includes(callee.text) : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && HTTP_REQUEST_RECEIVERS.includes(callee.expression.text);
    if (!isRequest) return undefined;
    const url = this.evaluator.eval(n.arguments[0], site);
    return url?.kind === "string" ? url.text : undefined;
  }

  /** Which side a screening call screens for a route, seen from the scope it is in. */
  private sideOf(f: Found, scope: Scope): ScreenedSide | undefined {
    const { ts } = this;
    const args = (ts.isCallExpression(f.node) || ts.isNewExpression(f.node) ? [...(f.node.arguments ?? [])] : []) as TsNode[];
    const fromOutput = args.some((a) => this.flow.modelOutput.tracesOf(a, f.site).some((t) => this.isGeneratingSource(t.source)));
    const fromInput = args.some((a) => this.flow.untrusted.tracesOf(a, f.site).length > 0);
    const before = f.node.getStart(f.site.tree) < scope.before;
    if (before) return fromOutput ? undefined : "input";
    if (fromOutput) return "output";
    return fromInput ? undefined : "output";
  }

  /** A model-output trace that starts at a call that generates (not at a moderation call's verdict). */
  private isGeneratingSource(source: { file: string; start: number }): boolean {
    return this.generatingCallAt(source) !== undefined;
  }

  private generatingCallAt(source: { file: string; start: number }): ModelCallSite | undefined {
    const call = this.callsAt.get(`${source.file}\0${source.start}`);
    return call && generates(call) ? call : undefined;
  }

  /** Safety settings given to the call, or to the model object it is made through. */
  private providerSettings(call: ModelCallSite): Screening[] {
    const { ts } = this;
    const tree = this.project.file(call.file)?.syntaxTree(ts);
    if (!tree) return [];
    const site: Site = { file: call.file, tree };
    const roots: Array<{ node: TsNode; file: string }> = [];
    const node = call.node;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) for (const a of node.arguments ?? []) roots.push({ node: a, file: call.file });
    const callee = ts.isCallExpression(node) ? unwrapExpression(ts, node.expression) : undefined;
    if (callee && ts.isPropertyAccessExpression(callee)) {
      // `model.generateContent(…)`: the model object made in this file (`getGenerativeModel({ safetySettings })`).
      roots.push({ node: callee.expression, file: call.file });
      const value = this.evaluator.eval(callee.expression, site);
      if (value?.kind === "sdk") roots.push({ node: value.origin.node, file: value.origin.file });
    }
    const out: Screening[] = [];
    for (const root of roots) out.push(...this.settingsIn(root.node, root.file));
    return out;
  }

  private settingsIn(root: TsNode, file: string): Screening[] {
    const { ts } = this;
    const out: Screening[] = [];
    const seen = new Set<TsNode>();
    const within: Array<{ start: number; end: number }> = [];
    let frontier: TsNode[] = [root];
    for (let hop = 0; hop <= MAX_SETTING_HOPS && frontier.length; hop++) {
      const next: TsNode[] = [];
      for (const start of frontier) {
        if (seen.has(start)) continue;
        seen.add(start);
        walk(ts, start, (n) => {
          if ((ts.isPropertyAssignment(n) || ts.isShorthandPropertyAssignment(n)) && n.name) {
            const name = propertyNameText(ts, n.name);
            const setting = PROVIDER_SAFETY_SETTINGS.find((s) => s.property === name);
            // `guardrailConfig: { guardrailIdentifier }` is one setting: the outermost is shown.
            if (setting && !within.some((w) => n.getStart() >= w.start && n.getEnd() <= w.end)) {
              out.push({ file, start: n.getStart(), label: setting.label });
              within.push({ start: n.getStart(), end: n.getEnd() });
            }
          }
          if (ts.isIdentifier(n) && !isPropertyName(ts, n)) {
            const followed = this.evaluator.followToExpression(n);
            if (followed !== n && followed.getSourceFile()?.fileName === n.getSourceFile()?.fileName) next.push(followed);
          }
        });
      }
      frontier = next;
    }
    return out;
  }

  /** Request input read in the handler (or a function on the way), or passed through them, reaches the call's prompt. */
  private takesInput(reach: Reach, scopes: readonly Scope[]): boolean {
    const prompt = this.flow.prompts.find((p) => p.call === reach.call);
    if (!prompt) return false;
    const inScope = (at: { file: string; start: number }) => scopes.some((s) => s.file === at.file && at.start >= s.node.getStart() && at.start < s.node.getEnd());
    // Read here, or read by a helper (`await parseBody(request)`) and passed on through here.
    return [...prompt.inputs, ...prompt.media].some((t) => inScope(t.source) || t.steps.some(inScope));
  }

  /** The generating call whose output the handler sends: in a response it writes, or a value it returns. */
  private sentOutput(ai: AiRoute): ModelCallSite | undefined {
    const { ts } = this;
    const handler = ai.route.handler!;
    const tree = this.project.file(handler.file)?.syntaxTree(ts);
    if (!tree) return undefined;
    const site: Site = { file: handler.file, tree };
    const from = handler.node.getStart(tree);
    const to = handler.node.getEnd();
    const values: TsNode[] = [];
    let sinks = this.responseSinks.get(handler.file);
    if (!sinks) {
      // In source order, so each handler looks at its own range only (a file may hold thousands of handlers).
      const found = sinksIn(ts, handler.file, tree, RESPONSE_KINDS).map((sink) => ({ sink, start: sink.node.getStart(tree) })).sort((a, b) => a.start - b.start);
      this.responseSinks.set(handler.file, (sinks = found));
    }
    for (let i = firstIndexWhereNot(sinks, (s) => s.start < from); i < sinks.length && sinks[i]!.start < to; i++) if (sinks[i]!.sink.node.getEnd() <= to) values.push(...sinks[i]!.sink.values);
    values.push(...returnedExpressions(this.project.routes(ts).context, handler.node));
    // `success(reply, data)`: a project helper handed the handler's response object sends what it is given with it.
    const responseParams = new Set((handler.node as TsNode & { parameters?: readonly { name: TsNode }[] }).parameters?.slice(1).flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])) ?? []);
    if (responseParams.size) {
      walk(ts, handler.node, (n) => {
        if (!ts.isCallExpression(n) || !n.arguments.some((a) => ts.isIdentifier(a) && responseParams.has(a.text))) return;
        if (this.evaluator.eval(n.expression, site)?.kind !== "function") return;
        values.push(...n.arguments.filter((a) => !(ts.isIdentifier(a) && responseParams.has(a.text))));
      });
    }
    // `result.toTextStreamResponse()`: the stream of a call's result, sent as it is.
    walk(ts, handler.node, (n) => {
      if (!ts.isCallExpression(n)) return;
      const callee = unwrapExpression(ts, n.expression);
      if (ts.isPropertyAccessExpression(callee) && STREAM_RESPONSE_METHODS.includes(callee.name.text)) values.push(callee.expression);
    });
    // `res.json({ answer: filter.clean(text) })`, `new StreamingTextResponse(OpenAIStream(r))`: what a
    // screening call or a stream wrapper is given is what is sent (wrapped values named by a variable followed).
    const followed = new Set<TsNode>();
    const opened = new Set<TsNode>();
    for (let i = 0; i < values.length && i < MAX_SENT_VALUES; i++) {
      walk(ts, values[i]!, (n) => {
        if (ts.isIdentifier(n)) {
          const init = this.evaluator.followToExpression(n);
          if (init !== n && !followed.has(init) && wrapsStream(ts, init)) (followed.add(init), values.push(init));
        } else if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && !opened.has(n) && (wrapsStream(ts, n) || (ts.isCallExpression(n) && this.mechanismOf(n, site)))) {
          opened.add(n);
          values.push(...(n.arguments ?? []));
        }
      });
    }
    // Any model call's answer counts (the route may call a classifier first and answer with a second call).
    for (const value of values) {
      for (const trace of this.flow.modelOutput.tracesOf(value, site)) {
        const call = this.generatingCallAt(trace.source);
        if (call) return call;
      }
    }
    return undefined;
  }
}

const RESPONSE_KINDS: ReadonlySet<"response"> = new Set(["response"]);
const NOT_GENERATING_APIS: readonly string[] = ["embedding", "rerank"];

/** A model call site that screens rather than generates: a moderation endpoint, a guard model. */
export function screeningCallSite(call: ModelCallSite): boolean {
  return MODERATION_CALL_APIS.includes(call.api) || (call.model !== undefined && GUARD_MODEL_NAME.test(call.model));
}

function wrapsStream(ts: Ts, n: TsNode): boolean {
  const name = (ts.isCallExpression(n) || ts.isNewExpression(n)) && calleeName(ts, n.expression);
  return !!name && STREAM_WRAPPERS.includes(name);
}

/** A call whose answer is text or media made from the prompt (not an embedding, a rerank, a screening, or a model list or other metadata). */
function generates(call: ModelCallSite): boolean {
  return !NOT_GENERATING_APIS.includes(call.api) && spends(call) && !screeningCallSite(call);
}

/** The package and member path a callee value comes from. */
function packageCall(value: Value): { pkg: string; path: readonly string[] } | undefined {
  if (value.kind === "module") return { pkg: value.pkg, path: value.path };
  if (value.kind === "made") return { pkg: value.of.pkg, path: [...value.of.path, ...value.path] };
  if (value.kind === "sdk") return { pkg: value.sdk.packages[0] ?? value.sdk.id, path: value.path };
  return undefined;
}

function matches(m: ModerationCall, pkg: string, path: readonly string[], isNew: boolean): boolean {
  if (!m.packages.includes(pkg) && !(m.packagePrefixes ?? []).some((p) => pkg.startsWith(p))) return false;
  const last = path[path.length - 1];
  if (isNew || m.commands) return isNew && (m.commands ?? []).includes(last ?? "");
  if (m.paths) return m.paths.some((p) => path.join(".").endsWith(p));
  if (m.methods) return last !== undefined && m.methods.includes(last);
  // Any call into the package screens, except making its client or filter.
  return path.length > 0 && !/^[A-Z]/.test(last ?? "") && last !== "default";
}

/**
 * Is the screening call's result used (a condition, a return, a value read later)? A
 * statement on its own, or a variable never read again, drops the verdict. Reading the
 * variable only to log it still counts: that cannot be told cheaply.
 */
function resultUsed(ts: Ts, call: TsNode): boolean {
  let node = call;
  for (;;) {
    const parent = node.parent;
    if (!parent) return false;
    if (ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) node = parent;
    else if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) node = parent;
    // `client.send(new ApplyGuardrailCommand(…))`, `Promise.all([check(a), check(b)])`: the enclosing call's result.
    else if (ts.isCallExpression(parent) && parent.arguments.includes(node as never) && (ts.isNewExpression(node) || ts.isArrayLiteralExpression(node))) node = parent;
    else if (ts.isArrayLiteralExpression(parent) && parent.parent && ts.isCallExpression(parent.parent)) node = parent;
    else break;
  }
  const parent = node.parent!;
  if (ts.isExpressionStatement(parent)) return false;
  if (ts.isVariableDeclaration(parent)) return namesReadLater(ts, parent);
  return true;
}

/** A project helper that screens: its call counts when its result is used, or when the helper throws (`await assertSafe(text)`). */
function resultUsedOrThrows(ts: Ts, call: TsNode, inner: Found): boolean {
  if (resultUsed(ts, call)) return true;
  let fn: TsNode | undefined = inner.node;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  let throws = false;
  if (fn) walk(ts, fn, (n) => (throws ||= ts.isThrowStatement(n)));
  return throws;
}

function namesReadLater(ts: Ts, declaration: TsNode & { name: TsNode }): boolean {
  const names = new Set<string>();
  walk(ts, declaration.name, (n) => {
    if (ts.isIdentifier(n) && !(ts.isBindingElement(n.parent) && n.parent.propertyName === n)) names.add(n.text);
  });
  let scope: TsNode | undefined = declaration.parent;
  while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope) return false;
  const after = declaration.getEnd();
  let read = false;
  walk(ts, scope, (n) => {
    if (!read && ts.isIdentifier(n) && n.getStart() >= after && names.has(n.text) && !isPropertyName(ts, n)) read = true;
  });
  return read;
}

function isPropertyName(ts: Ts, id: TsNode): boolean {
  const parent = id.parent;
  return !!parent && ((ts.isPropertyAccessExpression(parent) && parent.name === id) || (ts.isPropertyAssignment(parent) && parent.name === id));
}

function distinct(places: Screening[]): Screening[] {
  const seen = new Set<string>();
  return places.filter((p) => {
    const key = `${p.file}\0${p.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
