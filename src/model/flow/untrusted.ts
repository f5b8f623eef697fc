/**
 * Untrusted input as a source oracle for the tracker: what a client sent (request bodies,
 * queries, params, headers, cookies, form data, server action arguments, tRPC input,
 * NestJS `@Body()`, WebSocket messages) and, in browser code, what the user typed.
 *
 * A member chain is a source when its root is a request or a context object: the first
 * parameter of a handler the route table knows (its framework says which), or a parameter
 * whose name or type says so (`req`, `ctx`, `request: NextRequest`) for handlers it does not.
 */
import { calleeName, hasExportModifier, nodeStartingAt, unwrapExpression, walk } from "../../facts/ast.js";
import type { Ts, TsNode } from "../../facts/typescript.js";
import type { ModelCallSite } from "../ai-surface.js";
import {
  IN_PLACE_REQUEST_VALIDATORS,
  UPLOAD_MIDDLEWARE,
  BROWSER_INPUT_CALLS,
  BROWSER_INPUT_CHAINS,
  BROWSER_INPUT_GLOBALS,
  CONTEXT_DATA_MEMBERS,
  CONTEXT_FRAMEWORKS,
  CONTEXT_PARAM_NAMES,
  CONTEXT_REQUEST_MEMBERS,
  CONTEXT_TYPE_NAMES,
  DOM_LOOKUP_METHODS,
  DTO_VALIDATION_PACKAGES,
  FILE_READ_CALLS,
  FILE_READER,
  EVENT_TARGET_MEMBERS,
  FORM_CONTROL_MEMBERS,
  FORM_CONTROL_TYPES,
  FORM_CONTROLS_MEMBER,
  FORM_TYPES,
  FORM_READERS,
  SPEECH_HOOKS,
  TRANSCRIPTION_METHOD_WORDS,
  SPEECH_RESULT_EVENTS,
  SPEECH_RESULT_HANDLERS,
  UPLOAD_EVENTS,
  UPLOAD_PARSERS,
  UPLOAD_PATH_MEMBERS,
  EVENT_READER_MODULES,
  EVENT_READERS,
  SOCKET_LIFECYCLE_EVENTS,
  SOCKET_PACKAGES,
  EXTENSION_MESSAGE_LISTENERS,
  PAGE_READERS,
  SETTER_INPUT_PROPS,
  TEXT_CALLBACK_PROPS,
  TEMPLATE_INPUT_BINDINGS,
  VUE_PROPS_MACROS,
  VUE_ROUTE_HOOKS,
  VUE_ROUTE_INPUT_MEMBERS,
  NEST_PARAM_DECORATORS,
  NEST_REQUEST_DECORATORS,
  REQUEST_MEMBERS,
  REQUEST_PARAM_NAMES,
  REQUEST_TYPE_NAMES,
  MOUNTED_HANDLER_PACKAGES,
  ROUTE_SCHEMA_PARTS,
  SOCKET_MESSAGE_EVENTS,
  SOCKET_RECEIVER,
  VALIDATED_REQUEST_MEMBERS,
  type RootKind,
} from "../../knowledge/data-flow.js";
import type { ts as TsNamespace } from "ts-morph";
import { definitionOf, importedDefinition } from "../routes/definitions.js";
import { requiredPackage } from "../responses.js";
import { TRPC_V9_CONVENTIONS } from "../../knowledge/route-conventions-nest-trpc.js";
import type { Route } from "../routes/types.js";
import { resolveName } from "../scopes.js";
import { packageName } from "../resolve.js";
import type { Site } from "../values.js";
import { callsWithin } from "../../facts/call-index.js";
import type { FlowContext, ParameterBinding, SourceOracle } from "./tracker.js";
import type { Step, Trace } from "./trace.js";
import { schemaText } from "./schemas.js";
import { oneLineSnippet } from "../../util/text.js";

/** How many helpers deep a handler's request is followed for its route's schema (`handler → handleChat → …`). */
const MAX_REQUEST_HAND_DOWNS = 2;
/** A helper called from more handlers than this is not followed back to them. */
const MAX_REQUEST_HAND_DOWN_CALLERS = 4;

/** Per request member, its part of a route schema, written out (`body: {…}`) or by shorthand (`schema: { body }`). */
const ROUTE_SCHEMA_PART: ReadonlyMap<string, RegExp> = new Map(Object.entries(ROUTE_SCHEMA_PARTS).map(([member, parts]) => [member, new RegExp(`\\b(?:${parts.join("|")})\\s*[:,}]`)]));

/** What the route table says about a handler function. */
export interface HandlerInfo {
  framework: string;
  method: string;
  /** The registration call or options around the handler (for Fastify `schema`, Hono validators). */
  route: Route;
}

/** Model calls that turn the user's recording into text (not chat or completion calls: their output is the model's). */
export function transcriptionCalls(callSites: readonly ModelCallSite[]): Map<TsNode, string> {
  const found = new Map<TsNode, string>();
  for (const c of callSites) {
    const method = c.method.toLowerCase();
    if (c.api === "audio" && TRANSCRIPTION_METHOD_WORDS.some((w) => method.includes(w))) found.set(c.node, c.method);
  }
  return found;
}

export class UntrustedInput implements SourceOracle {
  constructor(
    private readonly context: FlowContext,
    /** Handler functions of the route table (empty in the one-file ESLint run). */
    private readonly handlers: Pick<ReadonlyMap<TsNode, HandlerInfo>, "get">,
    /** Speech-to-text call sites (see `transcriptionCalls`): call node → method. */
    private readonly transcriptions: ReadonlyMap<TsNode, string> = new Map(),
    /**
     * Is this module one the app can never load (no file imports it, in a scan that sees every
     * file)? Absent where the project is not known (the one-file ESLint run).
     */
    private readonly neverLoaded?: (file: string) => boolean,
  ) {}

  source(node: TsNode, site: Site): Trace[] | undefined {
    const { ts } = this.context;
    const transcribed = this.transcriptions.get(node);
    // What the user said: their own input where the device that recorded it also sends the prompt.
    if (transcribed) return [this.ownInput(`speech transcript (${transcribed})`, node, site)];
    if (ts.isIdentifier(node)) return this.boundInput(node, site) ?? this.componentProp(node, undefined, site);
    const read = this.browserRead(node, site) ?? this.upload(node, site);
    if (read) return [read];
    if (ts.isCallExpression(node)) {
      const reader = this.eventReader(node, site);
      if (reader) return [reader];
      const name = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : undefined;
      if (name && PAGE_READERS.includes(name)) return [this.start(`web page content (${name}())`, node, site, [])];
      // `window.prompt("…")` / `prompt("…")`: what the user typed into the dialog.
      const global = ts.isIdentifier(node.expression) ? node.expression.text : name && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === "window" ? name : undefined;
      if (global && BROWSER_INPUT_CALLS.includes(global) && !resolveName(ts, global, node)) return [this.ownInput(`text typed into ${global}()`, node, site)];
    }
    if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node) && !ts.isCallExpression(node)) return undefined;
    const chain = memberChain(ts, node);
    if (!chain) return undefined;
    const browser = this.browserInput(chain, node, site);
    if (browser) return [browser];
    const binding = resolveName(ts, chain.root.text, chain.root);
    // `form.topic` with `v-model="form.topic"` (a reactive object in `<script setup>`).
    if (binding?.kind === "variable" && binding.path.length === 0 && this.boundNamesOf(site).has([chain.root.text, ...chain.segments].join("."))) return [this.ownInput(`text the user typed (${node.getText(site.tree)})`, node, site)];
    if (chain.segments.length === 1 && ts.isPropertyAccessExpression(node)) {
      const prop = this.componentProp(chain.root, chain.segments[0], site, node);
      if (prop) return prop;
    }
    if (binding?.kind !== "parameter") return undefined;
    const kind = this.rootKind(binding, site);
    if (!kind) return undefined;
    const segments = [...binding.path, ...chain.segments];
    const hit = matchClientData(kind, segments);
    if (!hit) return undefined;
    // The source is the shortest expression that holds client data: calls further along
    // (`.slice(0, 500)`, `.map(…)`) are steps the tracker follows, not part of the source.
    if (segments.slice(hit.consumed).some((s) => s.endsWith("()"))) return undefined;
    const info = this.handlers.get(binding.fn);
    const written = [chain.root.text, ...chain.segments].join(".");
    const what = info?.framework === "Next.js" && info.method === "ACTION" ? `server action argument` : describeMember(hit.member);
    const label = `${hit.validated ? "validated " : ""}${what} (${written})`;
    const trace = this.start(label, node, site, chain.segments.slice(hit.consumed - binding.path.length));
    if (hit.validated) return [{ ...trace, validated: { file: site.file, start: node.getStart(site.tree), note: "validated by the route's validator" }, schema: this.registrationText(binding, site, () => true) ?? "" }];
    if (hit.member === "input" && this.handlers.get(binding.fn)?.framework === "trpc") return [this.trpcInput(binding, trace, site)];
    const checked = this.checkedInPlace(binding, node, trace, site) ?? this.withRouteSchema(binding, trace, site, hit.member);
    return [hit.member === "file" || hit.member === "files" ? this.withUploadLimit(checked, site) : checked];
  }

  /**
   * An upload whose middleware, made in the handler's file, has no size cap: that is where a
   * cap belongs (`uncapped`, a step RL-3 shows). A byte cap does not bound it for RL-3: a
   * 2 MB PDF is still hundreds of thousands of tokens of text.
   */
  private withUploadLimit(trace: Trace, site: Site): Trace {
    const { ts } = this.context;
    let uncapped: Step | undefined;
    for (const call of callsWithin(ts, site.tree, site.tree)) {
      const callee = unwrapExpression(ts, call.expression);
      if (!ts.isIdentifier(callee)) continue;
      const made = UPLOAD_MIDDLEWARE.find((m) => importedFrom(ts, callee, m.package));
      if (!made) continue;
      const options = call.arguments[0];
      if (options && made.sizeOption.test(schemaText(this.context, options, site))) return trace;
      uncapped ??= { file: site.file, start: call.getStart(site.tree), note: `${callee.text}() accepts files of any size (no ${made.label})` };
    }
    return uncapped ? { ...trace, uncapped } : trace;
  }

  /** `ctx.verifyParams(rules)` earlier in the handler, on the same request or context: what it reads after is validated by those rules. */
  private checkedInPlace(binding: ParameterBinding, read: TsNode, trace: Trace, site: Site): Trace | undefined {
    const { ts } = this.context;
    const readAt = read.getStart(site.tree);
    for (const call of callsWithin(ts, site.tree, binding.fn)) {
      if (call.pos > readAt) break;
      if (call.end > readAt) continue;
      const callee = unwrapExpression(ts, call.expression);
      if (!ts.isPropertyAccessExpression(callee)) continue;
      const validator = IN_PLACE_REQUEST_VALIDATORS.find((v) => v.method === callee.name.text);
      const receiver = unwrapExpression(ts, callee.expression);
      const rules = validator && call.arguments[validator.rules];
      if (!rules || !ts.isIdentifier(receiver)) continue;
      const same = resolveName(ts, receiver.text, receiver);
      if (same?.kind !== "parameter" || same.node !== binding.node) continue;
      const step: Step = { file: site.file, start: call.getStart(site.tree), note: `validated by ${receiver.text}.${callee.name.text}() (${validator.library})` };
      return { ...trace, validated: step, schema: schemaText(this.context, rules, site) };
    }
    return undefined;
  }

  parameter(binding: ParameterBinding, site: Site): Trace[] | undefined {
    const { ts } = this.context;
    const info = this.handlers.get(binding.fn);
    if (info && info.framework === "Next.js" && info.method === "ACTION") {
      return [this.start(`server action argument ${binding.name}`, binding.node, site, binding.path)];
    }
    const decorator = decoratorName(ts, binding.node);
    if (decorator && NEST_PARAM_DECORATORS.includes(decorator)) {
      const trace = this.start(`@${decorator}() ${binding.name}`, binding.node, site, binding.path);
      return [this.dtoValidation(binding, trace, site)];
    }
    const destructured = this.destructuredInput(binding, site);
    if (destructured) return [destructured];
    const handler = this.inputHandler(binding, site);
    if (handler) return [handler];
    const socket = this.socketMessage(binding, site);
    if (socket) return [socket];
    const message = this.extensionMessage(binding, site);
    if (message) return [message];
    // `<TextInput onChangeText={(text) => …} />`: the callback is handed what the user typed.
    const attribute = ts.isJsxExpression(binding.fn.parent) ? binding.fn.parent.parent : undefined;
    if (binding.index === 0 && binding.path.length === 0 && attribute && ts.isJsxAttribute(attribute) && ts.isIdentifier(attribute.name) && TEXT_CALLBACK_PROPS.includes(attribute.name.text)) {
      return [this.ownInput(`text the user typed (${binding.name})`, binding.node, site)];
    }
    return undefined;
  }

  /**
   * `.mutation(({ input }) => summarize(input))`, `({ body }, res) => build(body)`: client
   * data destructured from a handler's request or context and used whole.
   */
  private destructuredInput(binding: ParameterBinding, site: Site): Trace | undefined {
    if (binding.path.length === 0) return undefined;
    const kind = this.rootKind(binding, site);
    const hit = kind && matchClientData(kind, binding.path);
    if (!hit) return undefined;
    const trace = this.start(`${describeMember(hit.member)} (${binding.name})`, binding.node, site, binding.path.slice(hit.consumed));
    if (hit.validated) return { ...trace, validated: { file: site.file, start: binding.node.getStart(site.tree), note: "validated by the route's validator" }, schema: this.registrationText(binding, site, () => true) ?? "" };
    if (hit.member === "input" && this.handlers.get(binding.fn)?.framework === "trpc") return this.trpcInput(binding, trace, site);
    return this.withRouteSchema(binding, trace, site, hit.member);
  }

  /** `chrome.runtime.onMessage.addListener((message) => …)`: what a content script or a web page sent. */
  private extensionMessage(binding: ParameterBinding, site: Site): Trace | undefined {
    const { ts } = this.context;
    const holder = binding.fn.parent;
    if (binding.index !== 0 || !holder) return undefined;
    // `onMessage.addListener(receive)` with `function receive(message) { … }` declared in the same file.
    const declared = ts.isFunctionDeclaration(binding.fn) ? binding.fn.name : ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name : undefined;
    const event = this.listenerEvent(binding.fn) ?? (declared ? this.namedListeners(site).get(declared.text) : undefined);
    return event ? this.start(`extension message (${event})`, binding.node, site, binding.path) : undefined;
  }

  /** The extension event (`onMessage`) whose `addListener(…)` takes `ref` as its listener. */
  private listenerEvent(ref: TsNode): string | undefined {
    const { ts } = this.context;
    const call = ref.parent;
    if (!call || !ts.isCallExpression(call) || call.arguments[0] !== ref) return undefined;
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "addListener" || !ts.isPropertyAccessExpression(callee.expression)) return undefined;
    const event = callee.expression.name.text;
    return EXTENSION_MESSAGE_LISTENERS.includes(event) ? event : undefined;
  }

  private readonly listenerNames = new Map<string, Map<string, string>>();

  /** Functions of a file registered by name as extension message listeners: name → event. */
  private namedListeners(site: Site): Map<string, string> {
    let names = this.listenerNames.get(site.file);
    if (names) return names;
    const found = new Map<string, string>();
    const { ts } = this.context;
    walk(ts, site.tree, (n) => {
      const event = ts.isIdentifier(n) ? this.listenerEvent(n) : undefined;
      if (event && ts.isIdentifier(n) && !found.has(n.text)) found.set(n.text, event);
    });
    names = found;
    this.listenerNames.set(site.file, names);
    return names;
  }

  private readonly boundNames = new Map<string, Set<string>>();

  /** A variable a template binds to an input (`v-model="draft"`, `bind:value={draft}`) or whose setter an input calls (`onChangeText={setDraft}`). */
  private boundInput(node: TsNamespace.Identifier, site: Site): Trace[] | undefined {
    const { ts } = this.context;
    const names = this.boundNamesOf(site);
    if (names.size === 0) return undefined;
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind !== "variable") return undefined;
    if (names.has(node.text) && binding.path.length === 0) return [this.ownInput(`text the user typed (${node.text})`, node, site)];
    // `const [draft, setDraft] = useState("")` with `onChangeText={setDraft}`
    const pattern = binding.declaration.name;
    if (binding.path[0] === "0" && ts.isArrayBindingPattern(pattern)) {
      const setter = pattern.elements[1];
      if (setter && ts.isBindingElement(setter) && ts.isIdentifier(setter.name) && names.has(`setter:${setter.name.text}`)) return [this.ownInput(`text the user typed (${node.text})`, node, site)];
    }
    return undefined;
  }

  /** Names the file's template binds to inputs (`draft`, `form.topic`), and `setter:setDraft` for setters an input calls. */
  private boundNamesOf(site: Site): Set<string> {
    let names = this.boundNames.get(site.file);
    if (!names) {
      names = new Set();
      const text = this.context.file(site.file)?.text ?? "";
      for (const pattern of TEMPLATE_INPUT_BINDINGS) for (const m of text.matchAll(pattern)) if (m[1]) names.add(m[1]);
      for (const m of text.matchAll(SETTER_INPUT_PROPS)) names.add(`setter:${m[1]}`);
      this.boundNames.set(site.file, names);
    }
    return names;
  }

  /**
   * A Vue component prop (`props.userId` with `const props = defineProps(…)`, or `userId`
   * destructured from it) is what the parents bind to it in their templates
   * (`:user-id="$route.params.id"`): untrusted only when a bound expression is.
   */
  private componentProp(root: TsNamespace.Identifier, member: string | undefined, site: Site, node: TsNode = root): Trace[] | undefined {
    const { ts } = this.context;
    if (!site.file.endsWith(".vue")) return undefined;
    const binding = resolveName(ts, root.text, root);
    if (binding?.kind !== "variable" || !binding.init) return undefined;
    const prop = member ?? (binding.path.length === 1 ? binding.path[0] : undefined);
    if (!prop || (member !== undefined && binding.path.length > 0)) return undefined;
    let init = unwrapExpression(ts, binding.init);
    // `withDefaults(defineProps(…), {…})`
    if (ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "withDefaults" && init.arguments[0]) init = unwrapExpression(ts, init.arguments[0]);
    if (!ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || !VUE_PROPS_MACROS.includes(init.expression.text)) return undefined;
    const traces: Trace[] = [];
    for (const bound of this.parentBindings(site.file, prop)) {
      const label = this.templateSource(bound.expr, bound.file);
      if (label) traces.push({ source: { label, file: bound.file, start: bound.start }, steps: [{ file: site.file, start: node.getStart(site.tree), note: `prop ${prop} bound by ${bound.file}` }], whole: true, names: [] });
    }
    return traces.length ? traces : undefined;
  }

  /** The expressions `.vue` files importing `child` bind to its prop `prop` (`:prop="…"`, `:the-prop="…"`, `v-bind:prop="…"`). */
  private parentBindings(child: string, prop: string): Array<{ file: string; start: number; expr: string }> {
    const base = child.slice(child.lastIndexOf("/") + 1).replace(/\.vue$/, "");
    const tags = [base, base.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()];
    const names = new Set([prop, prop.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()]);
    const out: Array<{ file: string; start: number; expr: string }> = [];
    const parents = new Set(this.context.modules.importersOf(child).map((e) => e.from).filter((f) => f.endsWith(".vue")));
    for (const file of [...parents].sort()) {
      const text = this.context.file(file)?.text ?? "";
      for (const tag of tags) {
        for (let at = text.indexOf(`<${tag}`); at !== -1; at = text.indexOf(`<${tag}`, at + 1)) {
          const after = text[at + tag.length + 1];
          if (after !== undefined && /[\w-]/.test(after)) continue; // `<ChatInterfaceHeader`
          const end = text.indexOf(">", at);
          const attrs = text.slice(at, end === -1 ? text.length : end);
          for (const m of attrs.matchAll(/(?:\s)(?::|v-bind:)([\w-]+)\s*=\s*"([^"]*)"/g)) {
            if (names.has(m[1]!)) out.push({ file, start: at + m.index! + m[0].indexOf('"') + 1, expr: m[2]!.trim() });
          }
        }
      }
    }
    return out;
  }

  /** What a template expression of `file` reads, when it is untrusted: `$route.params.id`, `route.query.q` (`useRoute()`), a `v-model` variable. */
  private templateSource(expr: string, file: string): string | undefined {
    const { ts } = this.context;
    if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*){0,4}$/.test(expr)) return undefined;
    const [root, member] = expr.split(".");
    if (root === "$route" && member && VUE_ROUTE_INPUT_MEMBERS.includes(member)) return `page address (${expr})`;
    const tree = this.context.tree(file);
    if (!tree) return undefined;
    if (this.boundNamesOf({ file, tree }).has(expr)) return `text the user typed (${expr})`;
    const binding = resolveName(ts, root!, tree);
    if (binding?.kind !== "variable" || binding.path.length > 0 || !binding.init || !member || !VUE_ROUTE_INPUT_MEMBERS.includes(member)) return undefined;
    const init = unwrapExpression(ts, binding.init);
    return ts.isCallExpression(init) && ts.isIdentifier(init.expression) && VUE_ROUTE_HOOKS.includes(init.expression.text) ? `page address (${expr})` : undefined;
  }

  /**
   * What the user typed, picked, said or dropped, read in browser code: a form control's
   * `value` or `files`, `new FormData(form)`, Vue Options API `this.topic` bound with
   * `v-model="topic"`, a `FileReader`'s `result`, a speech-recognition hook.
   */
  private browserRead(node: TsNode, site: Site): Trace | undefined {
    const { ts } = this.context;
    if (ts.isPropertyAccessExpression(node)) {
      const member = node.name.text;
      if (FORM_CONTROL_MEMBERS.includes(member) && this.isFormControl(node.expression, site)) return this.ownInput(`user input (${shortText(node.getText(site.tree))})`, node, site);
      if ((FILE_READER.members as readonly string[]).includes(member) && this.isFileReader(node.expression)) return this.ownInput(`file content read by FileReader (${shortText(node.getText(site.tree))})`, node, site);
      const self = thisPath(ts, node);
      if (self && this.boundNamesOf(site).has(self)) return this.ownInput(`text the user typed (this.${self})`, node, site);
      return undefined;
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && FORM_READERS.includes(node.expression.text) && node.arguments?.length && !resolveName(ts, node.expression.text, node)) {
      return this.ownInput(`form fields (${shortText(node.getText(site.tree))})`, node, site);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      const hook = SPEECH_HOOKS.find((h) => h.name === name);
      const binding = hook && resolveName(ts, name, node);
      if (hook && binding?.kind === "import" && hook.packages.includes(binding.specifier)) return this.ownInput(`speech the user dictated (${name}())`, node, site);
    }
    return undefined;
  }

  /**
   * An element found by a DOM lookup, a control of a form (`form.elements.topic`), or
   * declared as one of `types` (in place, or in the variable or parameter holding it).
   */
  private isFormControl(expr: TsNode, site: Site, types: readonly string[] = FORM_CONTROL_TYPES, depth = 0): boolean {
    const { ts } = this.context;
    let node = expr;
    while (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
    if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && ts.isTypeReferenceNode(node.type) && types.includes(node.type.typeName.getText(site.tree))) return true;
    node = unwrapExpression(ts, node);
    if (ts.isPropertyAccessExpression(node) && types === FORM_TYPES) return EVENT_TARGET_MEMBERS.includes(node.name.text); // `e.currentTarget.elements`
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const owner = unwrapExpression(ts, node.expression);
      if (ts.isPropertyAccessExpression(owner) && owner.name.text === FORM_CONTROLS_MEMBER && depth < 3 && this.isFormControl(owner.expression, site, FORM_TYPES, depth + 1)) return true;
    }
    if (ts.isElementAccessExpression(node)) node = unwrapExpression(ts, node.expression); // querySelectorAll("input")[0]
    if (ts.isCallExpression(node)) return DOM_LOOKUP_METHODS.includes(ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : "");
    if (!ts.isIdentifier(node) || depth > 2) return false;
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind !== "variable" && binding?.kind !== "parameter") return false;
    const declared = binding.kind === "variable" ? binding.declaration : binding.node;
    const type = binding.path.length === 0 ? declared.type : undefined;
    if (type && ts.isTypeReferenceNode(type) && types.includes(type.typeName.getText(site.tree))) return true;
    return binding.kind === "variable" && binding.path.length === 0 && !!binding.init && this.isFormControl(binding.init, site, types, depth + 1);
  }

  /** A variable holding `new FileReader()`. */
  private isFileReader(expr: TsNode): boolean {
    const { ts } = this.context;
    const node = unwrapExpression(ts, expr);
    if (ts.isNewExpression(node)) return ts.isIdentifier(node.expression) && node.expression.text === FILE_READER.constructor;
    if (!ts.isIdentifier(node)) return false;
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind !== "variable" || binding.path.length || !binding.init) return false;
    const init = unwrapExpression(ts, binding.init);
    return ts.isNewExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === FILE_READER.constructor;
  }

  /**
   * The event parameter of a handler that receives what the user said or the file they
   * picked: `recognition.onresult = (e) => …`, `rec.addEventListener("result", (e) => …)`,
   * `reader.onload = (e) => …` on a `FileReader`; and server upload parsers' callbacks
   * (`form.parse(req, (err, fields, files) => …)`, `bb.on("field", (name, value) => …)`).
   */
  private inputHandler(binding: ParameterBinding, site: Site): Trace | undefined {
    const { ts } = this.context;
    const holder = binding.fn.parent;
    if (!holder) return undefined;
    if (binding.index === 0) {
      // `recognition.onresult = handleResult` with `function handleResult(event) { … }`
      const declared = ts.isFunctionDeclaration(binding.fn) ? binding.fn.name : ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name : undefined;
      const label = this.registeredAs(binding.fn) ?? (declared ? this.namedHandlers(site).get(declared.text) : undefined);
      if (label) return this.start(label, binding.node, site, binding.path);
    }
    if (!ts.isCallExpression(holder) || !ts.isPropertyAccessExpression(holder.expression)) return undefined;
    const method = holder.expression.name.text;
    const at = holder.arguments.indexOf(binding.fn as TsNamespace.Expression);
    const event = holder.arguments[0] && ts.isStringLiteralLike(holder.arguments[0]) ? holder.arguments[0].text : undefined;
    const parser = UPLOAD_PARSERS.find((p) => p.method === method && p.callbackParams.includes(binding.index) && this.importsAny(site.file, p.packages));
    if (parser && at === 1 && holder.arguments[0] && this.isRequest(holder.arguments[0], site)) return this.start(`uploaded form ${binding.index === 1 ? "fields" : "files"} (${binding.name})`, binding.node, site, binding.path);
    const events = method === "on" && event !== undefined ? UPLOAD_EVENTS.find((u) => u.events.includes(event) && u.param === binding.index && this.importsAny(site.file, u.packages)) : undefined;
    if (events && at === 1) return this.start(`uploaded form ${event} (${binding.name})`, binding.node, site, binding.path);
    return undefined;
  }

  /** What a handler registered at `ref` (the function, or a name for it) receives: a speech result or a file a `FileReader` read. */
  private registeredAs(ref: TsNode): string | undefined {
    const { ts } = this.context;
    const holder = ref.parent;
    if (!holder) return undefined;
    if (ts.isBinaryExpression(holder) && holder.right === ref && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(holder.left)) {
      const property = holder.left.name.text;
      if (SPEECH_RESULT_HANDLERS.includes(property)) return `speech the user dictated (${property})`;
      if ((FILE_READER.handlers as readonly string[]).includes(property) && this.isFileReader(holder.left.expression)) return `file content read by FileReader (${property})`;
      return undefined;
    }
    if (!ts.isCallExpression(holder) || !ts.isPropertyAccessExpression(holder.expression) || holder.expression.name.text !== "addEventListener" || holder.arguments[1] !== ref) return undefined;
    const event = holder.arguments[0] && ts.isStringLiteralLike(holder.arguments[0]) ? holder.arguments[0].text : undefined;
    if (event && SPEECH_RESULT_EVENTS.includes(event)) return `speech the user dictated ("${event}" event)`;
    if (event && (FILE_READER.events as readonly string[]).includes(event) && this.isFileReader(holder.expression.expression)) return `file content read by FileReader ("${event}" event)`;
    return undefined;
  }

  private readonly handlerNames = new Map<string, Map<string, string>>();

  /** Functions of a file registered by name as speech or FileReader handlers: name → what they receive. */
  private namedHandlers(site: Site): Map<string, string> {
    let names = this.handlerNames.get(site.file);
    if (names) return names;
    names = new Map();
    const found = names;
    const { ts } = this.context;
    walk(ts, site.tree, (n) => {
      if (!ts.isIdentifier(n)) return;
      const label = this.registeredAs(n);
      if (label && !found.has(n.text)) found.set(n.text, label);
    });
    this.handlerNames.set(site.file, names);
    return names;
  }

  /**
   * Uploads read on the server outside the request object: `await form.parse(req)`
   * (formidable), and a file read from an upload's temp path (`readFile(file.filepath)`,
   * `readFileSync(req.file.path)`).
   */
  private upload(node: TsNode, site: Site): Trace | undefined {
    const { ts } = this.context;
    if (!ts.isCallExpression(node)) return undefined;
    const name = calleeName(ts, node.expression);
    const arg = node.arguments[0];
    if (!name || !arg) return undefined;
    if (ts.isPropertyAccessExpression(node.expression) && UPLOAD_PARSERS.some((p) => p.method === name && this.importsAny(site.file, p.packages)) && !node.arguments.some((a) => ts.isFunctionLike(a)) && this.isRequest(arg, site)) {
      return this.start(`uploaded form (${shortText(node.getText(site.tree))})`, node, site, []);
    }
    if (!FILE_READ_CALLS.includes(name)) return undefined;
    const path = unwrapExpression(ts, arg);
    if (ts.isPropertyAccessExpression(path) && UPLOAD_PATH_MEMBERS.includes(path.name.text)) return this.start(`uploaded file content (${shortText(path.getText(site.tree))})`, node, site, []);
    // multer's disk storage: `req.file.path`
    const chain = memberChain(ts, path);
    const root = chain && resolveName(ts, chain.root.text, chain.root);
    if (chain && root?.kind === "parameter" && this.rootKind(root, site) === "request" && ["file", "files"].includes([...root.path, ...chain.segments][0] ?? "")) {
      return this.start(`uploaded file content (${shortText(path.getText(site.tree))})`, node, site, []);
    }
    return undefined;
  }

  /** The request itself: a handler parameter the route table or its name or type says is one. */
  private isRequest(expr: TsNode, site: Site): boolean {
    const { ts } = this.context;
    const node = unwrapExpression(ts, expr);
    if (!ts.isIdentifier(node)) return false;
    const binding = resolveName(ts, node.text, node);
    return binding?.kind === "parameter" && binding.path.length === 0 && this.rootKind(binding, site) === "request";
  }

  private importsAny(file: string, packages: readonly string[]): boolean {
    return packages.some((p) => this.context.modules.importsPackage(file, p));
  }

  private start(label: string, node: TsNode, site: Site, names: readonly string[]): Trace {
    return { source: { label, file: site.file, start: node.getStart(site.tree) }, steps: [], whole: true, names: names.map((n) => n.replace(/\(\)$/, "")) };
  }

  /** A source the user entered on the device that reads it (see `FlowSource.ownInput`). */
  private ownInput(label: string, node: TsNode, site: Site): Trace {
    const trace = this.start(label, node, site, []);
    return { ...trace, source: { ...trace.source, ownInput: true } };
  }

  /** Is this parameter a request, a context holding one, or neither? */
  private rootKind(binding: ParameterBinding, site: Site): RootKind | undefined {
    const { ts } = this.context;
    const info = this.handlers.get(binding.fn);
    if (info) {
      if (binding.index === 0) return CONTEXT_FRAMEWORKS.includes(info.framework) ? "context" : info.framework === "nestjs" ? undefined : "request";
      // Next.js `(request, { params })`
      if (binding.index === 1 && info.framework === "Next.js") return "context";
    }
    const decorator = decoratorName(ts, binding.node);
    if (decorator && NEST_REQUEST_DECORATORS.includes(decorator)) return "request";
    if (this.neverMounted(binding, site)) return undefined;
    const typeName = binding.node.type && ts.isTypeReferenceNode(binding.node.type) ? binding.node.type.typeName.getText(site.tree).split(".").pop() : undefined;
    if (typeName && REQUEST_TYPE_NAMES.includes(typeName)) return "request";
    if (typeName && CONTEXT_TYPE_NAMES.includes(typeName)) return "context";
    const name = binding.path.length ? undefined : binding.name;
    const declared = ts.isIdentifier(binding.node.name) ? binding.node.name.text : undefined;
    if (name && REQUEST_PARAM_NAMES.includes(name)) return "request";
    if (declared && CONTEXT_PARAM_NAMES.includes(declared)) return "context";
    // `({ request, url, params })`: destructured from the handler's event.
    if (!declared && binding.path.length && (REQUEST_PARAM_NAMES.includes(binding.path[0]!) || CONTEXT_DATA_MEMBERS.includes(binding.path[0]!))) return "context";
    return undefined;
  }

  /**
   * An Express-style handler (its request typed by a framework that only calls what the app
   * mounts) that its module only exports, in a module the app never loads: no request ever
   * reaches it (a controller whose route was commented out).
   */
  private neverMounted(binding: ParameterBinding, site: Site): boolean {
    const { ts } = this.context;
    const type = binding.node.type;
    if (!this.neverLoaded || !type || !ts.isTypeReferenceNode(type)) return false;
    let root: TsNode = type.typeName;
    while (ts.isQualifiedName(root)) root = root.left;
    const imported = ts.isIdentifier(root) ? resolveName(ts, root.text, binding.node) : undefined;
    if (imported?.kind !== "import" || !MOUNTED_HANDLER_PACKAGES.includes(packageName(imported.specifier))) return false;
    return onlyExported(ts, binding.fn, site) && this.neverLoaded(site.file);
  }

  /** `readBody(event)`, `getQuery(event)`, `readValidatedBody(event, schema.parse)`. */
  private eventReader(node: TsNamespace.CallExpression, site: Site): Trace | undefined {
    const { ts } = this.context;
    if (!ts.isIdentifier(node.expression)) return undefined;
    const reader = EVENT_READERS.find((r) => r.name === (node.expression as TsNamespace.Identifier).text);
    if (!reader) return undefined;
    const binding = resolveName(ts, reader.name, node);
    if (binding && (binding.kind !== "import" || !EVENT_READER_MODULES.test(binding.specifier))) return undefined;
    const trace = this.start(`${reader.name}() (request data)`, node, site, []);
    if (!reader.validated) return trace;
    const schema = node.arguments[1];
    const step: Step = { file: site.file, start: node.getStart(site.tree), note: `validated by ${reader.name}()` };
    return { ...trace, validated: step, schema: schema ? schemaText(this.context, schema, site) : "" };
  }

  /** tRPC `input`: validated when the procedure declares `.input(schema)`. */
  private trpcInput(binding: ParameterBinding, trace: Trace, site: Site): Trace {
    const { ts } = this.context;
    const call = binding.fn.parent;
    const schema = call && ts.isCallExpression(call) ? this.builderInput(call.expression, site, 0) : this.v9Input(binding.fn);
    // `.input((raw) => raw as T)` only casts; a function counts when it parses.
    if (!schema || (ts.isFunctionLike(schema) && !/\.(?:parse|safeParse|validate|assert)\w*\s*\(/.test(schema.getText(site.tree)))) return trace;
    const step: Step = { file: site.file, start: schema.getStart(site.tree), note: "validated by the procedure's .input()" };
    return { ...trace, validated: step, schema: schemaText(this.context, schema, site) };
  }

  /** tRPC v9 `.mutation("name", { input: schema, resolve })`: the `input` beside the resolver. */
  private v9Input(fn: TsNode): TsNode | undefined {
    const { ts } = this.context;
    const holder = ts.isMethodDeclaration(fn) ? fn : fn.parent && ts.isPropertyAssignment(fn.parent) ? fn.parent : undefined;
    const object = holder?.parent;
    if (!holder || !object || !ts.isObjectLiteralExpression(object)) return undefined;
    const input = object.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === TRPC_V9_CONVENTIONS.input);
    return input && ts.isPropertyAssignment(input) ? input.initializer : undefined;
  }

  private builderInput(expr: TsNode, site: Site, depth: number): TsNode | undefined {
    const { ts } = this.context;
    let node = unwrapExpression(ts, expr);
    for (let i = 0; i < 12 && depth < 4; i++) {
      if (ts.isCallExpression(node)) {
        if (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "input" && node.arguments[0]) return node.arguments[0];
        node = unwrapExpression(ts, node.expression);
      } else if (ts.isPropertyAccessExpression(node)) node = unwrapExpression(ts, node.expression);
      else if (ts.isIdentifier(node)) {
        const def = definitionOf(this.context, node, site);
        if (def.node === node) return undefined;
        return this.builderInput(def.node, { file: def.file, tree: def.tree }, depth + 1);
      } else return undefined;
    }
    return undefined;
  }

  /** Fastify route `schema`: the body, query and params it describes are validated (each by its own part of the schema). */
  private withRouteSchema(binding: ParameterBinding, trace: Trace, site: Site, member: string): Trace {
    const text = this.registrationText(binding, site, (t) => /\bschema\s*:/.test(t));
    const part = ROUTE_SCHEMA_PART.get(member);
    if (!text || (part && !part.test(text))) return trace;
    const step: Step = { file: site.file, start: binding.fn.getStart(site.tree), note: "validated by the route's schema" };
    return { ...trace, validated: step, schema: text };
  }

  /**
   * The text of the registration call around a handler, schema identifiers followed to their
   * definitions. For a helper the handler hands its request to (`handleChat(request, reply)`),
   * the registration of the handlers that call it, when every caller passes its own request
   * and every one of their registrations is relevant.
   */
  private registrationText(binding: ParameterBinding, site: Site, relevant: (text: string) => boolean, depth = 0): string | undefined {
    const { ts } = this.context;
    const registration = this.registrationOf(binding.fn, site);
    if (!registration) return depth < MAX_REQUEST_HAND_DOWNS ? this.callersRegistrationText(binding, site, relevant, depth) : undefined;
    const { holder, site: at } = registration;
    const parts = ts.isCallExpression(holder) ? holder.arguments.filter((a) => a !== binding.fn) : [holder];
    const text = parts.map((p) => p.getText(at.tree)).join("\n");
    if (!relevant(text)) return undefined;
    const followed: string[] = [text];
    const visit = (n: TsNode): void => {
      if (ts.isIdentifier(n)) {
        const def = definitionOf(this.context, n, at);
        if (def.node !== n && !ts.isFunctionLike(def.node)) followed.push(def.node.getText(def.tree));
      }
      ts.forEachChild(n, visit);
    };
    for (const p of parts) visit(p);
    return followed.join("\n");
  }

  /** `registrationText` of the handlers that hand `binding`'s request down to its function, when all of them have a relevant one. */
  private callersRegistrationText(binding: ParameterBinding, site: Site, relevant: (text: string) => boolean, depth: number): string | undefined {
    const { ts } = this.context;
    const callers = this.context.evaluator.callersOf(binding.fn, site.file, MAX_REQUEST_HAND_DOWN_CALLERS + 1);
    if (callers.length === 0 || callers.length > MAX_REQUEST_HAND_DOWN_CALLERS) return undefined;
    let first: string | undefined;
    for (const { node, site: at } of callers) {
      const given = node.arguments[binding.index] && unwrapExpression(ts, node.arguments[binding.index]!);
      const outer = given && ts.isIdentifier(given) ? resolveName(ts, given.text, given) : undefined;
      if (outer?.kind !== "parameter" || outer.path.length !== 0) return undefined;
      const text = this.registrationText(outer, at, relevant, depth + 1);
      if (text === undefined) return undefined;
      first ??= text;
    }
    return first;
  }

  /**
   * The registration call or options object that holds a handler: around it
   * (`fastify.post("/chat", { schema }, async (req) => …)`, `fastify.route({ schema, handler })`),
   * or, for a handler declared apart and registered by name (in this file or another:
   * `fastify.post("/chat", { schema }, chatHandler)`), the registration the route table found.
   */
  private registrationOf(fn: TsNode, site: Site): { holder: TsNode; site: Site } | undefined {
    const { ts } = this.context;
    let holder: TsNode | undefined = fn.parent;
    if (holder && ts.isPropertyAssignment(holder)) holder = holder.parent;
    if (holder && (ts.isCallExpression(holder) || ts.isObjectLiteralExpression(holder))) return { holder, site };
    const route = this.handlers.get(fn)?.route;
    const tree = route && this.context.tree(route.file);
    if (!route || !tree) return undefined;
    const call = nodeStartingAt(ts, tree, route.start, ts.isCallExpression);
    return call && call.getEnd() === route.end ? { holder: call, site: { file: route.file, tree } } : undefined;
  }

  /** NestJS `@Body() dto: ChatDto`: validated when the DTO class carries class-validator decorators. */
  private dtoValidation(binding: ParameterBinding, trace: Trace, site: Site): Trace {
    const { ts } = this.context;
    const type = binding.node.type;
    if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return trace;
    const def = definitionOf(this.context, type.typeName, site);
    if (!ts.isClassDeclaration(def.node)) return trace;
    const decorated = def.node.members.some((m) => (ts.canHaveDecorators(m) ? (ts.getDecorators(m)?.length ?? 0) > 0 : false));
    if (!decorated || !DTO_VALIDATION_PACKAGES.some((p) => this.context.modules.importsPackage(def.file, p))) return trace;
    const step: Step = { file: def.file, start: def.node.getStart(def.tree), note: `validated by the ${type.typeName.text} DTO` };
    return { ...trace, validated: step, schema: this.dtoText(def.node, { file: def.file, tree: def.tree }, 0) };
  }

  /** A DTO class's text with the nested DTOs it validates (`@ValidateNested() @Type(() => Turn)`). */
  private dtoText(cls: TsNamespace.ClassDeclaration, site: Site, depth: number): string {
    const { ts } = this.context;
    const parts = [cls.getText(site.tree)];
    if (depth >= 2) return parts[0]!;
    for (const m of /@Type\(\s*\(\)\s*=>\s*(\w+)/g[Symbol.matchAll](parts[0]!)) {
      const binding = resolveName(ts, m[1]!, site.tree);
      if (!binding) continue;
      const def = binding.kind === "class" ? { node: binding.node, file: site.file, tree: site.tree } : binding.kind === "import" ? importedDefinition(this.context, site.file, binding.specifier, binding.imported, 0) : undefined;
      if (def && ts.isClassDeclaration(def.node)) parts.push(this.dtoText(def.node, { file: def.file, tree: def.tree }, depth + 1));
    }
    return parts.join("\n");
  }

  /** `socket.on("message", (data) => …)`: what a WebSocket client sent. */
  private socketMessage(binding: ParameterBinding, site: Site): Trace | undefined {
    const { ts } = this.context;
    const call = binding.fn.parent;
    if (!call || !ts.isCallExpression(call) || call.arguments[1] !== binding.fn || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== "on") return undefined;
    const event = call.arguments[0];
    if (!event || !ts.isStringLiteralLike(event)) return undefined;
    const receiver = unwrapExpression(ts, call.expression.expression);
    const socketLike = ts.isIdentifier(receiver) && SOCKET_RECEIVER.test(receiver.text);
    const messageEvent = SOCKET_MESSAGE_EVENTS.includes(event.text);
    if (!(messageEvent && (socketLike || this.importsSocketPackage(site.file))) && !(socketLike && !SOCKET_LIFECYCLE_EVENTS.includes(event.text))) return undefined;
    return this.start(`WebSocket message "${event.text}"`, binding.node, site, binding.path);
  }

  private importsSocketPackage(file: string): boolean {
    return SOCKET_PACKAGES.some((p) => this.context.modules.importsPackage(file, p));
  }

  /** `e.target.value`, `inputRef.current.value`, `location.search`, `prompt()`. */
  private browserInput(chain: MemberChain, node: TsNode, site: Site): Trace | undefined {
    const joined = [chain.root.text, ...chain.segments].join(".");
    const tail = chain.segments.join(".");
    if (BROWSER_INPUT_GLOBALS.some((g) => joined === g || joined.startsWith(`${g}.`)) && !resolveName(this.context.ts, chain.root.text, chain.root)) {
      return this.start(`page address (${joined})`, node, site, []);
    }
    if (BROWSER_INPUT_CHAINS.some((c) => tail === c || tail.endsWith(`.${c}`))) return this.ownInput(`user input (${joined})`, node, site);
    return undefined;
  }

}

interface MemberChain {
  root: TsNamespace.Identifier;
  /** `body`, `persona`; calls as `json()`. */
  segments: string[];
}

/** `req.body.persona` → req + [body, persona]; `c.req.json()` → c + [req, json()]. */
export function memberChain(ts: Ts, node: TsNode): MemberChain | undefined {
  const segments: string[] = [];
  let current = unwrapExpression(ts, node);
  for (let i = 0; i < 16; i++) {
    if (ts.isCallExpression(current)) {
      const callee = unwrapExpression(ts, current.expression);
      if (!ts.isPropertyAccessExpression(callee)) return undefined;
      segments.unshift(`${callee.name.text}()`);
      current = unwrapExpression(ts, callee.expression);
    } else if (ts.isPropertyAccessExpression(current)) {
      segments.unshift(current.name.text);
      current = unwrapExpression(ts, current.expression);
    } else if (ts.isElementAccessExpression(current)) {
      if (ts.isStringLiteralLike(current.argumentExpression)) segments.unshift(current.argumentExpression.text);
      current = unwrapExpression(ts, current.expression);
    } else if (ts.isAwaitExpression(current)) current = unwrapExpression(ts, current.expression);
    else break;
  }
  return ts.isIdentifier(current) && segments.length ? { root: current, segments } : undefined;
}

/** Which client data a chain under a request or context reaches, and how many segments that took. */
function matchClientData(kind: RootKind, segments: readonly string[]): { member: string; consumed: number; validated?: boolean } | undefined {
  let i = 0;
  let asRequest = kind === "request";
  if (!asRequest) {
    const first = segments[0];
    if (first === undefined) return undefined;
    if (CONTEXT_REQUEST_MEMBERS.includes(first)) {
      asRequest = true;
      i = 1;
      // `event.request.json()`, `ctx.request.body`; a bare `ctx.request` is not data yet.
    } else if (CONTEXT_DATA_MEMBERS.includes(first)) return { member: first, consumed: 1 };
    else return undefined;
  }
  const member = segments[i];
  if (member === undefined) return undefined;
  if (VALIDATED_REQUEST_MEMBERS.includes(member)) return { member, consumed: i + 1, validated: true };
  if (REQUEST_MEMBERS.includes(member)) return { member, consumed: i + 1 };
  return undefined;
}

function describeMember(member: string): string {
  const name = member.replace(/\(\)$/, "");
  const words: Record<string, string> = {
    body: "request body",
    json: "request body",
    text: "request body",
    parseBody: "request body",
    arrayBuffer: "request body",
    blob: "request body",
    formData: "form data",
    query: "query string",
    queries: "query string",
    url: "request URL",
    originalUrl: "request URL",
    nextUrl: "request URL",
    searchParams: "query string",
    params: "route parameter",
    param: "route parameter",
    headers: "request header",
    header: "request header",
    cookies: "cookie",
    cookie: "cookie",
    files: "uploaded file",
    file: "uploaded file",
    input: "procedure input",
    rawInput: "procedure input",
    valid: "request data",
    get: "request data",
  };
  return words[name] ?? `request ${name}`;
}

function decoratorName(ts: Ts, param: TsNamespace.ParameterDeclaration): string | undefined {
  const decorators = ts.canHaveDecorators(param) ? (ts.getDecorators(param) ?? []) : [];
  for (const d of decorators) {
    const expr = d.expression;
    const callee = ts.isCallExpression(expr) ? expr.expression : expr;
    if (ts.isIdentifier(callee)) return callee.text;
  }
  return undefined;
}



/** `this.form.topic` → `form.topic`; undefined unless the chain starts at `this`. */
function thisPath(ts: Ts, node: TsNamespace.PropertyAccessExpression): string | undefined {
  const names: string[] = [];
  let current: TsNode = node;
  for (let i = 0; i < 5 && ts.isPropertyAccessExpression(current); i++) {
    names.unshift(current.name.text);
    current = current.expression;
  }
  return current.kind === ts.SyntaxKind.ThisKeyword ? names.join(".") : undefined;
}

function shortText(text: string): string {
  return oneLineSnippet(text, 60);
}

/** Is `name` the default or namespace import (or `require`) of `pkg`? */
function importedFrom(ts: Ts, name: TsNamespace.Identifier, pkg: string): boolean {
  const binding = resolveName(ts, name.text, name);
  if (binding?.kind === "import") return binding.specifier === pkg && (binding.imported === "default" || binding.imported === "*");
  return binding?.kind === "variable" && binding.path.length === 0 && binding.init !== undefined && requiredPackage(ts, binding.init) === pkg;
}

/**
 * Is the function reachable from outside its module only through its exports: an exported
 * function or constant, or a method of an exported object or class (`export default { post(req, res) {…} }`)?
 */
function onlyExported(ts: Ts, fn: TsNode, site: Site): boolean {
  let holder: TsNode = fn;
  if (ts.isMethodDeclaration(fn) && (ts.isObjectLiteralExpression(fn.parent) || ts.isClassLike(fn.parent))) holder = fn.parent;
  else if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isPropertyAssignment(fn.parent) && ts.isObjectLiteralExpression(fn.parent.parent)) holder = fn.parent.parent;
  if (ts.isFunctionDeclaration(holder) || ts.isClassDeclaration(holder)) return hasExportModifier(ts, holder);
  const parent = holder.parent;
  if (!parent) return false;
  if (ts.isExportAssignment(parent)) return true;
  if (ts.isBinaryExpression(parent) && parent.right === holder && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return /^(?:module\.)?exports\b/.test(parent.left.getText(site.tree));
  if (ts.isVariableDeclaration(parent) && parent.initializer === holder) return hasExportModifier(ts, parent.parent.parent);
  return false;
}
