/**
 * Prompt analysis of every model call: where untrusted input lands in the prompt.
 *
 * - instruction positions (PI-1): a system/developer message, the SDK's `system`,
 *   `instructions` or `systemInstruction`, a LangChain `SystemMessage` or `["system", …]`,
 *   one prompt string that mixes fixed instructions with untrusted text (a `prompt`, a lone
 *   message), a message whose role the client picks, and a client-posted conversation
 *   passed on without limiting its roles;
 * - every untrusted input that reaches the call at all, for validation (PI-2) and size
 *   bounds (RL-3).
 */
import { calleeName, functionName, unwrapExpression, walk } from "../../facts/ast.js";
import type { Ts, TsNode } from "../../facts/typescript.js";
import { APP_REQUEST_BODIES, EXTENSION_MESSAGE_SENDERS, ARRAY_APPENDERS, RAW_PROMPT_POSITIONS, CONVERSATION_NAME, CREATION_INSTRUCTIONS, INSTRUCTION_ROLES, MIN_INSTRUCTION_LETTERS, PROMPT_TEMPLATE_BUILDERS, PROMPT_TEMPLATE_PACKAGES, SYSTEM_MESSAGE_CONSTRUCTORS } from "../../knowledge/data-flow.js";
import type { ts as TsNamespace } from "ts-morph";
import type { ModelCallSite } from "../ai-surface.js";
import { definitionOf, returnedExpressions } from "../routes/definitions.js";
import { argumentAt, findProperty, type Site } from "../values.js";
import { resolveName } from "../scopes.js";
import { pathToRegExp } from "../routes/path-patterns.js";
import { isFixedRole, type FlowContext, type Tracker } from "./tracker.js";
import type { Trace } from "./trace.js";
import { isClosed, rolesLimited } from "./schemas.js";

export type InstructionKind = "system" | "mixed" | "conversation" | "role";

export interface InstructionHit {
  kind: InstructionKind;
  /** The argument or element to report at. */
  file: string;
  node: TsNode;
  /** `system`, `messages[0].content`, `prompt`… as users read it. */
  position: string;
  trace: Trace;
}

/** What the analysis collects: instruction hits, and every untrusted input that reaches a prompt. */
interface PromptFindings {
  instructions: InstructionHit[];
  /** Untrusted data reaching any prompt argument. */
  inputs: Trace[];
}

export interface PromptFlow extends PromptFindings {
  call: ModelCallSite;
}

const MAX_LETTERS_DEPTH = 6;
/** Wrappers of wrappers followed to the callers that write the prompt. */
const MAX_WRAPPER_DEPTH = 3;
const MAX_RELAY_CALLERS = 8;
/** The label untrusted.ts gives what an extension's `onMessage` listener receives. */
const EXTENSION_MESSAGE_LABEL = "extension message";

/** A request (or extension message) some code sends, with where its body is. */
interface Sender {
  node: TsNamespace.CallExpression;
  site: Site;
  body: string;
}

export class PromptAnalysis {
  constructor(
    private readonly context: FlowContext,
    private readonly untrusted: Tracker,
  ) {}

  analyse(call: ModelCallSite): PromptFlow {
    const out: PromptFlow = { call, instructions: [], inputs: [] };
    const tree = this.context.tree(call.file);
    const spec = call.spec;
    if (!tree) return out;
    const site: Site = { file: call.file, tree };
    const seen = new Set<TsNode>();
    const positions: Array<{ node: TsNode; role: "system" | "messages" | "prompt"; path: string }> = [];
    const add = (paths: readonly string[] | undefined, role: "system" | "messages" | "prompt") => {
      for (const path of paths ?? []) {
        const node = argumentAt(this.context.ts, call.node, path, (n) => this.follow(n, site));
        if (!node || seen.has(node)) continue;
        seen.add(node);
        positions.push({ node, role, path: path.replace(/^\d+\.?/, "") || "prompt" });
      }
    };
    add(spec?.system, "system");
    add(spec?.messages, "messages");
    add(spec?.prompt, "prompt");
    // A raw request to a model server on the user's own machine: their text, their model.
    if (!spec && call.local) return out;
    if (!spec) {
      // Raw HTTP to a provider: the request body's messages/prompt (an object, or `JSON.stringify` of one).
      for (const body of call.requestBody ?? ["1.body", "1"]) for (const [field, role] of Object.entries(RAW_PROMPT_POSITIONS)) add([`${body}.${field}`], role);
    }
    for (const creation of this.creationInstructions(call, site)) positions.push(creation);
    // With its own system parameter (Anthropic `system`, Vercel `system`), a single message is the user's turn, not the whole instruction.
    const separateSystem = positions.some((p) => p.role === "system");
    for (const p of positions) {
      if (p.role === "system") this.system(p.node, site, p.path, out);
      else if (p.role === "messages") this.messages(p.node, site, p.path, out, !separateSystem);
      else this.prompt(p.node, site, p.path, out);
    }
    return out;
  }

  /**
   * Prompt templates made before any call (`ChatPromptTemplate.fromMessages([["system", …]])`):
   * their system parts, in files that import a template package.
   */
  templates(files: readonly string[]): InstructionHit[] {
    const { ts } = this.context;
    const hits: PromptFindings = { instructions: [], inputs: [] };
    for (const file of files) {
      if (!PROMPT_TEMPLATE_PACKAGES.some((p) => this.context.modules.importsPackage(file, p))) continue;
      const tree = this.context.tree(file);
      if (!tree) continue;
      const site: Site = { file, tree };
      const visit = (n: TsNode): void => {
        if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.arguments[0]) {
          const receiver = calleeName(ts, n.expression.expression);
          const builder = PROMPT_TEMPLATE_BUILDERS.find((b) => b.receiver === receiver && b.method === (n.expression as TsNamespace.PropertyAccessExpression).name.text);
          if (builder?.messages) this.messages(n.arguments[0], site, `${builder.receiver}.${builder.method}()`, hits);
          else if (builder) this.system(n.arguments[0], site, `${builder.receiver}.${builder.method}()`, hits);
        }
        ts.forEachChild(n, visit);
      };
      visit(tree);
    }
    return hits.instructions.filter((h) => h.kind === "system" || h.kind === "role");
  }

  /** `const params = { messages }` passed by name, `JSON.stringify(params)`: walk to the object literal. */
  private follow(node: TsNode, site: Site): TsNode {
    const { ts } = this.context;
    let current = unwrapExpression(ts, node);
    if (ts.isCallExpression(current) && current.arguments[0] && ts.isPropertyAccessExpression(current.expression) && current.expression.name.text === "stringify" && ts.isIdentifier(current.expression.expression) && current.expression.expression.text === "JSON") current = unwrapExpression(ts, current.arguments[0]);
    if (!ts.isIdentifier(current)) return current;
    const def = definitionOf(this.context, current, site);
    return def.file === site.file && ts.isObjectLiteralExpression(def.node) ? def.node : current;
  }

  /** Gemini `getGenerativeModel({ systemInstruction })`, `chats.create({ config: { systemInstruction } })`: the model object's own instructions. */
  private creationInstructions(call: ModelCallSite, site: Site): Array<{ node: TsNode; role: "system"; path: string }> {
    const { ts } = this.context;
    const callee = unwrapExpression(ts, (call.node as TsNamespace.CallExpression).expression ?? call.node);
    if (!ts.isPropertyAccessExpression(callee)) return [];
    let receiver: TsNode = unwrapExpression(ts, callee.expression);
    let at = site;
    for (let i = 0; i < 4; i++) {
      if (ts.isIdentifier(receiver)) {
        const def = definitionOf(this.context, receiver, at);
        if (def.node === receiver) return [];
        receiver = unwrapExpression(ts, def.node);
        at = { file: def.file, tree: def.tree };
        continue;
      }
      if (ts.isAwaitExpression(receiver)) {
        receiver = unwrapExpression(ts, receiver.expression);
        continue;
      }
      if (!ts.isCallExpression(receiver)) return [];
      const name = calleeName(ts, receiver.expression);
      const known = CREATION_INSTRUCTIONS.find((c) => c.method === name);
      if (!known) return [];
      if (at.file !== site.file) return [];
      const out: Array<{ node: TsNode; role: "system"; path: string }> = [];
      for (const path of known.paths) {
        const node = argumentAt(ts, receiver, path, (n) => this.follow(n, at));
        if (node) out.push({ node, role: "system", path: path.replace(/^\d+\./, "") });
      }
      return out;
    }
    return [];
  }

  private system(node: TsNode, site: Site, position: string, out: PromptFindings, relocated = false): void {
    // `system: turns.find((t) => t.role === "system").content`: judged, and reported, at that element's text.
    const selected = relocated ? undefined : this.untrusted.selectedFromArray(node, site);
    if (selected) return this.system(selected.node, selected.site, position, out, true);
    const traces = this.untrusted.tracesOf(node, site);
    out.inputs.push(...traces);
    // A value validated to a few fixed choices (an enum, a number) or an allow-list cannot carry instructions.
    const first = traces.find((t) => !isClosed(t));
    if (first) out.instructions.push({ kind: "system", file: site.file, node, position, trace: first });
  }

  /** `relayed`: how many thin wrappers the prompt came through (its inputs are counted at the wrapper's call already). */
  private prompt(node: TsNode, site: Site, position: string, out: PromptFindings, lone = true, relayed = 0): void {
    const { ts } = this.context;
    const resolved = this.literal(node, site);
    if (resolved && ts.isArrayLiteralExpression(resolved.node)) return relayed ? undefined : this.messages(node, site, position, out);
    const traces = this.untrusted.tracesOf(node, site);
    if (!relayed) out.inputs.push(...traces);
    if (!lone) return;
    const mixed = traces.find((t) => !t.whole && !isClosed(t));
    if (mixed && this.fixedLetters(node, site, 0) >= MIN_INSTRUCTION_LETTERS) out.instructions.push({ kind: "mixed", file: site.file, node, position, trace: mixed });
    else {
      this.relayed(node, site, position, out, relayed);
      this.postedBy(node, site, traces, position, out, relayed);
    }
  }

  /**
   * A route of the app (or an extension's background worker) that passes a field it was
   * sent on as the whole prompt: a page that sends a template around the user's text writes
   * the instruction string, so it is judged where the page builds it (and the route is an
   * open model proxy: anyone can post any prompt).
   */
  private postedBy(node: TsNode, site: Site, traces: readonly Trace[], position: string, out: PromptFindings, depth: number): void {
    const { ts } = this.context;
    if (depth >= MAX_WRAPPER_DEPTH) return;
    const whole = traces.filter((t) => t.whole);
    const names = new Set(whole.flatMap((t) => t.names));
    if (!names.size) return;
    const route = this.routeAround(node);
    const pattern = route ? pathToRegExp(route) : undefined;
    const stem = route?.replace(/\/[:*[].*$/, "") ?? "";
    let senders: Sender[] = [];
    let how = "";
    if (route && pattern && stem.length > 1) {
      senders = this.senders(route, stem, APP_REQUEST_BODIES, (url) => pattern.test(url.replace(/^https?:\/\/[^/]+/, "").split(/[?#]/)[0]!));
      how = `posted to the app's route ${route}, which sends it on as the whole prompt`;
    } else if (whole.some((t) => t.source.label.startsWith(EXTENSION_MESSAGE_LABEL))) {
      senders = this.senders("extension", "sendMessage", EXTENSION_MESSAGE_SENDERS);
      how = "sent to the extension's background worker, which sends it on as the whole prompt";
    }
    for (const sender of senders) {
      const body = argumentAt(ts, sender.node, sender.body, (n) => this.follow(n, sender.site));
      const object = body && this.follow(body, sender.site);
      if (!object || !ts.isObjectLiteralExpression(object) || sender.site.file === site.file) continue;
      for (const name of names) {
        const value = argumentAt(ts, object, name);
        if (value) this.prompt(value, sender.site, `${position}, ${how}`, out, true, depth + 1);
      }
    }
  }

  private readonly sent = new Map<string, Sender[]>();

  /** Calls named in `table` in the project's files that contain `needle` (only those are parsed), to a URL `url` accepts when given. */
  private senders(key: string, needle: string, table: ReadonlyArray<{ name: string; body: string }>, url?: (text: string) => boolean): Sender[] {
    const known = this.sent.get(key);
    if (known) return known;
    const { ts, evaluator } = this.context;
    const found: Sender[] = [];
    for (const file of this.context.modules.files) {
      const facts = this.context.file(file);
      if (!facts || !facts.text.includes(needle) || !table.some((r) => facts.calledNames.has(r.name))) continue;
      const tree = this.context.tree(file);
      if (!tree) continue;
      const site: Site = { file, tree };
      walk(ts, tree, (n) => {
        const entry = ts.isCallExpression(n) && n.arguments[0] ? table.find((r) => r.name === calleeName(ts, n.expression)) : undefined;
        if (!entry) return;
        const call = n as TsNamespace.CallExpression;
        const target = url && evaluator.eval(call.arguments[0]!, site);
        if (!url || (target?.kind === "string" && url(target.text))) found.push({ node: call, site, body: entry.body });
      });
    }
    this.sent.set(key, found);
    return found;
  }

  /** The path of the route whose handler holds `node`. */
  private routeAround(node: TsNode): string | undefined {
    const { ts } = this.context;
    for (let n: TsNode | undefined = node.parent; n; n = n.parent) {
      if (!ts.isFunctionLike(n)) continue;
      const path = this.context.routePathOf?.(n);
      if (path) return path;
    }
    return undefined;
  }

  /**
   * A thin wrapper (`complete(prompt)` sending its parameter as the whole prompt): what each
   * caller passes is the whole instruction string, so "instructions mixed with input" is
   * judged, and reported, at the caller's argument.
   */
  private relayed(node: TsNode, site: Site, position: string, out: PromptFindings, depth: number): void {
    if (depth >= MAX_WRAPPER_DEPTH) return;
    for (const arg of callerArguments(this.context, node)) this.prompt(arg.node, arg.site, `${position} via ${arg.callee}()`, out, true, depth + 1);
  }

  private messages(node: TsNode, site: Site, position: string, out: PromptFindings, loneAllowed = true): void {
    const { ts } = this.context;
    const resolved = this.literal(node, site);
    if (!resolved || !ts.isArrayLiteralExpression(resolved.node)) {
      // A string given where messages may go (`generateContent(prompt)`), or a whole conversation.
      if (resolved && (ts.isTemplateExpression(resolved.node) || ts.isStringLiteralLike(resolved.node) || ts.isBinaryExpression(resolved.node))) return this.prompt(node, site, position, out);
      this.conversation(node, site, position, out);
      // `generateContent(prompt)` in a wrapper: the callers' prompt strings.
      if (loneAllowed) this.relayed(node, site, position, out, 0);
      return;
    }
    const array = resolved.node;
    const at = resolved.site;
    const elements: TsNode[] = [...array.elements, ...this.pushedTo(node, site)];
    const lone = loneAllowed && elements.length === 1 && !ts.isSpreadElement(elements[0]!);
    elements.forEach((element, i) => this.message(element, at, `${position}[${i}]`, out, lone));
  }

  private message(element: TsNode, site: Site, position: string, out: PromptFindings, lone: boolean): void {
    const { ts } = this.context;
    const node = unwrapExpression(ts, element);
    if (ts.isSpreadElement(node)) return this.conversation(node.expression, site, position, out);
    const resolved = this.literal(node, site) ?? { node, site };
    const value = resolved.node;
    const at = resolved.site;
    if (ts.isObjectLiteralExpression(value)) {
      const role = findProperty(ts, value, "role");
      const content = findProperty(ts, value, "content") ?? findProperty(ts, value, "parts") ?? findProperty(ts, value, "text");
      const contentNode = content && (ts.isPropertyAssignment(content) ? content.initializer : ts.isShorthandPropertyAssignment(content) ? content.name : undefined);
      const roleNode = role && (ts.isPropertyAssignment(role) ? role.initializer : ts.isShorthandPropertyAssignment(role) ? role.name : undefined);
      const roleText = roleNode && ts.isStringLiteralLike(unwrapExpression(ts, roleNode)) ? (unwrapExpression(ts, roleNode) as TsNamespace.StringLiteral).text : undefined;
      if (roleNode && roleText === undefined && !isFixedRole(ts, roleNode)) {
        const traces = this.untrusted.tracesOf(roleNode, at);
        out.inputs.push(...traces);
        const open = traces.find((t) => !isClosed(t));
        if (open) out.instructions.push({ kind: "role", file: at.file, node: roleNode, position: `${position}.role`, trace: open });
      }
      if (!contentNode) return;
      if (roleText && INSTRUCTION_ROLES.includes(roleText)) return this.system(contentNode, at, `${position} (${roleText} message)`, out);
      return this.prompt(contentNode, at, `${position}.content`, out, lone);
    }
    if (ts.isNewExpression(value) || ts.isCallExpression(value)) {
      const name = calleeName(ts, value.expression);
      const receiver = ts.isPropertyAccessExpression(value.expression) ? calleeName(ts, value.expression.expression) : undefined;
      const arg = value.arguments?.[0];
      if (!arg) return;
      if ((name && SYSTEM_MESSAGE_CONSTRUCTORS.includes(name)) || (receiver && SYSTEM_MESSAGE_CONSTRUCTORS.includes(receiver))) return this.system(arg, at, `${position} (${name ?? receiver})`, out);
      const traces = this.untrusted.tracesOf(value, at);
      out.inputs.push(...traces);
      return;
    }
    if (ts.isArrayLiteralExpression(value) && value.elements.length === 2) {
      // LangChain tuples: ["system", "…"], ["human", "{question}"]
      const [roleEl, text] = value.elements as unknown as [TsNode, TsNode];
      const role = ts.isStringLiteralLike(roleEl) ? roleEl.text : undefined;
      if (role && INSTRUCTION_ROLES.includes(role)) return this.system(text, at, `${position} (${role} message)`, out);
      out.inputs.push(...this.untrusted.tracesOf(text, at));
      return;
    }
    this.prompt(node, site, position, out, lone);
  }

  /** A conversation array from elsewhere: a client-posted one passed on as is lets the client write `system` messages. */
  private conversation(node: TsNode, site: Site, position: string, out: PromptFindings): void {
    const traces = this.untrusted.tracesOf(node, site);
    out.inputs.push(...traces);
    const passed = traces.find((t) => t.whole && !rolesLimited(t) && t.names.some((n) => CONVERSATION_NAME.test(n)));
    if (passed) out.instructions.push({ kind: "conversation", file: site.file, node, position, trace: passed });
  }

  /** `messages.push({ … })` after `const messages = [ … ]`: the pushed elements. */
  private pushedTo(node: TsNode, site: Site): TsNode[] {
    const { ts } = this.context;
    const current = unwrapExpression(ts, node);
    if (!ts.isIdentifier(current)) return [];
    const out: TsNode[] = [];
    let scope: TsNode | undefined = current;
    while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
    const visit = (n: TsNode): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ARRAY_APPENDERS.includes(n.expression.name.text) && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === current.text) out.push(...n.arguments);
      ts.forEachChild(n, visit);
    };
    if (scope) ts.forEachChild(scope, visit);
    return out;
  }

  /** An identifier followed to a literal it is defined as (same file or imported). */
  private literal(node: TsNode, site: Site, depth = 0): { node: TsNode; site: Site } | undefined {
    const { ts } = this.context;
    let current = unwrapExpression(ts, node);
    if (ts.isAwaitExpression(current)) current = unwrapExpression(ts, current.expression);
    // `messages: buildMessages(persona, question)`: the array a helper (in any file) returns.
    if (ts.isCallExpression(current) && depth < 3) {
      const target = this.context.evaluator.eval(current.expression, site);
      const tree = target?.kind === "function" ? this.context.tree(target.file) : undefined;
      const returned = target?.kind === "function" && tree ? returnedExpressions(this.context, target.node) : [];
      const literal = returned.length === 1 ? this.literal(returned[0]!, { file: (target as { file: string }).file, tree: tree! }, depth + 1) : undefined;
      return literal && (ts.isArrayLiteralExpression(literal.node) || ts.isObjectLiteralExpression(literal.node)) ? literal : { node: current, site };
    }
    if (!ts.isIdentifier(current)) return { node: current, site };
    const def = definitionOf(this.context, current, site);
    if (def.node === current) return undefined;
    return depth < 3 ? (this.literal(def.node, { file: def.file, tree: def.tree }, depth + 1) ?? { node: unwrapExpression(ts, def.node), site: { file: def.file, tree: def.tree } }) : { node: unwrapExpression(ts, def.node), site: { file: def.file, tree: def.tree } };
  }

  /** Letters of fixed text in a string built from parts (constants, literals, helpers' templates). */
  private fixedLetters(node: TsNode, site: Site, depth: number): number {
    const { ts, evaluator } = this.context;
    if (depth > MAX_LETTERS_DEPTH) return 0;
    const n = unwrapExpression(ts, node);
    const letters = (text: string) => (text.match(/[A-Za-z]/g) ?? []).length;
    if (ts.isStringLiteralLike(n)) return letters(n.text);
    if (ts.isTemplateExpression(n)) return letters(n.head.text) + n.templateSpans.reduce((sum, s) => sum + letters(s.literal.text) + this.fixedLetters(s.expression, site, depth + 1), 0);
    if (ts.isTaggedTemplateExpression(n)) return this.fixedLetters(n.template, site, depth + 1);
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) return this.fixedLetters(n.left, site, depth + 1) + this.fixedLetters(n.right, site, depth + 1);
    if (ts.isArrayLiteralExpression(n)) return n.elements.reduce((sum, e) => sum + this.fixedLetters(e, site, depth + 1), 0);
    if (ts.isIdentifier(n)) {
      const value = evaluator.eval(n, site);
      if (value?.kind === "string" && value.exact) return letters(value.text);
      const def = definitionOf(this.context, n, site);
      return def.node === n || ts.isFunctionLike(def.node) ? 0 : this.fixedLetters(def.node, { file: def.file, tree: def.tree }, depth + 1);
    }
    if (ts.isCallExpression(n)) {
      const name = calleeName(ts, n.expression);
      if (ts.isPropertyAccessExpression(n.expression) && (name === "join" || name === "concat")) return this.fixedLetters(n.expression.expression, site, depth + 1) + n.arguments.reduce((s, a) => s + this.fixedLetters(a, site, depth + 1), 0);
      const target = evaluator.eval(n.expression, site);
      if (target?.kind === "function") {
        const tree = this.context.tree(target.file);
        if (!tree) return 0;
        return Math.max(0, ...returnedExpressions(this.context, target.node).map((r) => this.fixedLetters(r, { file: target.file, tree }, depth + 1)));
      }
    }
    return 0;
  }
}

/**
 * What the project's callers pass for the parameter `node` names (a bare parameter, or a
 * field destructured from one): each argument with where it is and the function's name.
 */
function callerArguments(context: FlowContext, node: TsNode): Array<{ node: TsNode; site: Site; callee: string }> {
  const { ts, evaluator } = context;
  const current = unwrapExpression(ts, node);
  if (!ts.isIdentifier(current)) return [];
  const binding = resolveName(ts, current.text, current);
  if (binding?.kind !== "parameter" || binding.path.length > 1) return [];
  const name = functionName(ts, binding.fn);
  if (!name) return [];
  const out: Array<{ node: TsNode; site: Site; callee: string }> = [];
  for (const call of evaluator.callsNamed(name)) {
    if (out.length >= MAX_RELAY_CALLERS) break;
    let arg: TsNode | undefined = call.node.arguments[binding.index];
    if (!arg || ts.isSpreadElement(arg)) continue;
    const callee = evaluator.eval(call.node.expression, call.site);
    if (callee?.kind !== "function" || callee.node !== binding.fn) continue;
    // `complete({ prompt: `…` })` for `function complete({ prompt })`
    if (binding.path.length === 1) arg = argumentAt(ts, arg, binding.path[0]!, (n) => unwrapExpression(ts, n));
    if (arg) out.push({ node: arg, site: call.site, callee: name });
  }
  return out;
}
