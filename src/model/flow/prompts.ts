/**
 * Prompt analysis of every model call: where untrusted input lands in the prompt.
 *
 * - instruction positions (PI-1): a system/developer message, the SDK's `system`,
 *   `instructions` or `systemInstruction`, a LangChain `SystemMessage` or `["system", …]`,
 *   one prompt string that mixes fixed instructions with untrusted text (a `prompt`, a lone
 *   message, a user message beside a system prompt that wraps the input in instructions of
 *   its own);
 * - roles the client controls (`client-controlled-roles`): a message whose role the client
 *   picks, and a client-posted conversation passed on without limiting its roles, where the
 *   provider takes a system role in the message list;
 * - every untrusted input that reaches the call at all, for validation (PI-2) and size
 *   bounds (RL-3), a spread that may replace the prompt fields (`{ messages, ...config }`) included.
 */
import { isRequestPayload } from "./request-payload.js";
import { calleeName, functionName, jsonStringifyArgument, propertyNameText, unwrapExpression, walk } from "../../facts/ast.js";
import type { Ts, TsNode } from "../../facts/typescript.js";
import { APP_REQUEST_BODIES, ARRAY_APPENDERS, CONVERSATION_NAME, EXTENSION_MESSAGE_SENDERS, INSTRUCTION_ROLES, INSTRUCTION_TEXT_KEYS, MESSAGES_WITHOUT_SYSTEM_ROLE, MIN_INSTRUCTION_LETTERS, MIN_WRAPPED_INSTRUCTION_LETTERS, PROMPT_TEMPLATE_BUILDERS, PROMPT_TEMPLATE_PACKAGES, RAW_PROMPT_POSITIONS, SUBSTITUTING_METHODS, SYSTEM_MESSAGE_CONSTRUCTORS, TEMPLATE_CHAIN_STEPS, TEMPLATE_FORMAT_OPTION, TEMPLATE_MESSAGE_BUILDERS, TEMPLATE_RUN_METHODS, TOOL_OPTION_NAMES, USER_MESSAGE_CONSTRUCTORS, USER_ROLES } from "../../knowledge/data-flow.js";
import type { ts as TsNamespace } from "ts-morph";
import { requestOf, type InstructionSite, type ModelCallSite } from "../ai-surface.js";
import { definitionOf, returnedExpressions } from "../routes/definitions.js";
import { argumentAt, findProperty, spreadAlternatives, type Site } from "../values.js";
import { resolveName } from "../scopes.js";
import { pathToRegExp } from "../routes/path-patterns.js";
import { isFixedRole, type FlowContext, type Tracker } from "./tracker.js";
import type { Trace } from "./trace.js";
import { isClosed, mayCarryKeys, rolesLimited } from "./schemas.js";
import { instructionLetters, sum, unlabelledLetters } from "./instruction-text.js";
import { requestPath } from "./oracles.js";
import { templateSlots } from "./template-slots.js";
import { callIndexOf } from "../../facts/call-index.js";
import { pathBeforeParameters } from "../../util/text.js";

export type InstructionKind = "system" | "mixed" | "conversation" | "role" | "assistant";

export interface InstructionHit {
  kind: InstructionKind;
  /** The argument or element to report at. */
  file: string;
  node: TsNode;
  /** `system`, `messages[0].content`, `prompt`… as users read it. */
  position: string;
  trace: Trace;
}

/**
 * How a prompt string is judged for fixed instructions mixed with input: `lone`, the whole
 * instruction; `user-turn`, the whole prompt given beside a system prompt of its own
 * (`{ system, prompt }`): labels aside, it needs instructions of its own, as a user message
 * beside a system one does, and wrappers and senders are still followed; `beside-system`, a
 * user message in a list with a system one; `none`, not judged.
 */
type MixedJudgement = "lone" | "user-turn" | "beside-system" | "none";

/** What the analysis collects: instruction hits, and every untrusted input that reaches a prompt. */
interface PromptFindings {
  instructions: InstructionHit[];
  /** Untrusted data reaching any prompt argument. */
  inputs: Trace[];
  /** Does the call carry instructions of its own (a system prompt or message, an agent's instructions), whoever fills them? */
  instructed?: true;
}

export interface PromptFlow extends PromptFindings {
  call: ModelCallSite;
  /** Untrusted data reaching the call's media arguments (an uploaded image to edit): content, not prompt text. */
  media: Trace[];
}

/** Steps followed to a prompt string's fixed parts (alternatives, tables, callers' arguments, helpers' returns). */
const MAX_LETTERS_DEPTH = 10;
/** Nesting of structured instructions followed (`{ parts: [{ text }] }` is three steps). */
const MAX_BLOCK_DEPTH = 4;
/** Wrappers of wrappers followed to the callers that write the prompt. */
const MAX_WRAPPER_DEPTH = 3;
const MAX_RELAY_CALLERS = 8;
/** Spreads of one request object whose values are followed as prompt input, and the fields and spreads of it looked at. */
const MAX_OVERRIDING_SPREADS = 4;
const MAX_REQUEST_ENTRIES = 64;
/** Chain steps followed back from where a chain runs to the template it starts with (`a.pipe(b).withConfig(c)`, names, `RunnableSequence.from`). */
const MAX_CHAIN_STEPS = 8;
/** The label untrusted.ts gives what an extension's `onMessage` listener receives. */
const EXTENSION_MESSAGE_LABEL = "extension message";

/**
 * One text of a prompt template with `{slots}` (a string template, or one message of a chat
 * template): where it is written, how a slot filled with input there is judged (`system`:
 * always; `lone`: when the text outside the slots is instructions; `beside-system`: a user
 * message beside a system one, when that text holds instructions of its own; `none`: never),
 * its slots and the letters of its text outside them.
 */
interface SlotText {
  node: TsNode;
  site: Site;
  position: string;
  judgement: "system" | "lone" | "beside-system" | "none";
  slots: readonly string[];
  letters: number;
  unlabelled: number;
}

/** A request (or extension message) some code sends, with where its body is. */
interface Sender {
  node: TsNamespace.CallExpression;
  site: Site;
  body: string;
}

export class PromptAnalysis {
  /** Where models, chats and agents are made with instructions (the surface's instruction sites), by their call. */
  private readonly creations: Map<TsNode, InstructionSite>;

  constructor(
    private readonly context: FlowContext,
    private readonly untrusted: Tracker,
    creations: readonly InstructionSite[] = [],
  ) {
    this.creations = new Map(creations.map((c) => [c.node, c]));
  }

  analyse(call: ModelCallSite): PromptFlow {
    const out: PromptFlow = { call, instructions: [], inputs: [], media: [] };
    const tree = this.context.tree(call.file);
    const spec = call.spec;
    if (!tree) return out;
    const site: Site = { file: call.file, tree };
    const seen = new Set<TsNode>();
    const positions: Array<{ node: TsNode; role: "system" | "messages" | "prompt"; path: string; site?: Site }> = [];
    // Every path the prompt is read from, found or not: a spread in the request object may fill it.
    const read: string[] = [];
    const add = (paths: readonly string[] | undefined, role: "system" | "messages" | "prompt") => {
      for (const path of paths ?? []) {
        read.push(path);
        const node = argumentAt(this.context.ts, call.node, path, (n) => this.follow(n, site));
        if (!node || seen.has(node)) continue;
        seen.add(node);
        positions.push({ node, role, path: path.replace(/^\d+\.?/, "") || "prompt" });
      }
    };
    add(spec?.system, "system");
    add(spec?.messages, "messages");
    add(spec?.prompt, "prompt");
    for (const path of spec?.media ?? []) {
      const node = argumentAt(this.context.ts, call.node, path, (n) => this.follow(n, site));
      if (node) out.media.push(...this.untrusted.tracesOf(node, site));
    }
    // A raw request to a model server on the user's own machine: their text, their model.
    if (!spec && call.local) return out;
    if (!spec) {
      // Raw HTTP to a provider: the request body's messages/prompt (an object, or `JSON.stringify` of one).
      for (const body of call.requestBody ?? ["1.body", "1"]) for (const [field, role] of Object.entries(RAW_PROMPT_POSITIONS)) add([`${body}.${field}`], role);
    }
    // A proxy passing on the client's payload whole (`create(req.body)`, `axios.post(url, req.body)`): the client wrote every message.
    if (positions.length === 0) {
      const options = spec ? [...new Set([...(spec.messages ?? []), ...(spec.prompt ?? [])].map((p) => p.split(".")[0]!))] : (call.requestBody ?? ["1.body", "1"]);
      for (const path of options) {
        const node = argumentAt(this.context.ts, call.node, path, (n) => this.follow(n, site));
        if (node && isRequestPayload(this.context.ts, node)) positions.push({ node, role: "messages", path: "the whole request body" });
      }
    }
    positions.push(...this.creationInstructions(call, site));
    // With its own system parameter (Anthropic `system`, Vercel `system`), a single message is the user's turn, not the whole instruction.
    const separateSystem = positions.some((p) => p.role === "system");
    for (const p of positions) {
      if (p.role === "system") this.system(p.node, p.site ?? site, p.path, out);
      else if (p.role === "messages") this.messages(p.node, site, p.path, out, !separateSystem, separateSystem, spec?.prefill);
      else this.prompt(p.node, site, p.path, out, separateSystem ? "user-turn" : "lone");
    }
    out.inputs.push(...this.spreadInputs(call, read, site));
    // Where the message list takes no system role (Anthropic, Gemini), the roles a client picks add user and assistant turns only.
    // Where the server adds no instructions and no tools, the client wrote the whole prompt anyway (a pass-through chat
    // client): a system message of its own overrides nothing of the app's. A message stored for a later run (a thread's)
    // meets that run's instructions there, and an agent's run its tools and instructions.
    const clientOwnsPrompt = !out.instructed && spec?.spends !== false && !spec?.runsAgent && !this.givesTools(read, call, site);
    if (!this.systemRoleInMessages(call, site) || clientOwnsPrompt) out.instructions = out.instructions.filter((h) => h.kind !== "conversation" && h.kind !== "role");
    return out;
  }

  /** Does a request object that holds the prompt also hand the model tools of the server's (`TOOL_OPTION_NAMES`)? */
  private givesTools(paths: readonly string[], call: ModelCallSite, site: Site): boolean {
    const { ts } = this.context;
    for (const object of this.requestObjects(paths, call, site).keys()) if (TOOL_OPTION_NAMES.some((name) => findProperty(ts, object, name))) return true;
    return false;
  }

  /** The object literals that hold the prompt fields at `paths` (`0.messages` → the first argument's object), each with the fields read there. */
  private requestObjects(paths: readonly string[], call: ModelCallSite, site: Site): Map<TsNamespace.ObjectLiteralExpression, Set<string>> {
    const { ts } = this.context;
    const requests = new Map<TsNamespace.ObjectLiteralExpression, Set<string>>();
    for (const path of paths) {
      const dot = path.lastIndexOf(".");
      if (dot < 0) continue;
      const holder = argumentAt(ts, call.node, path.slice(0, dot), (n) => this.follow(n, site));
      const object = holder && this.follow(holder, site);
      if (object && ts.isObjectLiteralExpression(object)) requests.set(object, (requests.get(object) ?? new Set()).add(path.slice(dot + 1)));
    }
    return requests;
  }

  /**
   * `{ model, messages, ...config }`: a spread after a prompt field of the request object
   * may replace it (later properties win), and one in an object that writes no prompt field
   * is where the prompt comes from; what such a spread holds reaches the prompt, unless a
   * schema fixed its fields (`z.object({ temperature: z.number() }).strict()`). A spread
   * before every prompt field is overridden by them; a literal one (`...DEFAULTS`,
   * `...(stream && { stream })`) is read as the fields it writes.
   */
  private spreadInputs(call: ModelCallSite, paths: readonly string[], site: Site): Trace[] {
    const found = [...this.requestObjects(paths, call, site)].map(([object, keys]) => ({ keys: [...keys], ...this.overridingSpreads(object, [...keys], site) }));
    // Of several places a raw request's body may be (`1.body`, `1`), one that writes a prompt field is the body.
    const writing = found.some((f) => f.writes);
    const out: Trace[] = [];
    for (const f of found) {
      if (writing && !f.writes) continue;
      for (const spread of f.spreads) out.push(...this.untrusted.tracesOf(spread, site).filter((t) => mayCarryKeys(t, f.keys)));
    }
    return out;
  }

  /**
   * The spreads of a request object that may write its prompt fields `keys`: those after the
   * first field that is always written, all of them when none is. A literal spread
   * (`...DEFAULTS`) stands for the fields it holds, written always when it is the only thing
   * spread (not `...(stream && { messages })`). `writes`: a prompt field is always written.
   */
  private overridingSpreads(object: TsNamespace.ObjectLiteralExpression, keys: readonly string[], site: Site): { writes: boolean; spreads: TsNode[] } {
    const { ts } = this.context;
    // The object's fields in order, literal spreads opened in place: `write` for a prompt field always written, the values of other spreads.
    const entries: Array<{ write: true } | { spread: TsNode }> = [];
    const open = (literal: TsNamespace.ObjectLiteralExpression, always: boolean, depth: number): void => {
      for (const p of literal.properties) {
        if (!ts.isSpreadAssignment(p)) {
          const name = p.name && propertyNameText(ts, p.name);
          if (always && name !== undefined && keys.includes(name)) entries.push({ write: true });
          continue;
        }
        const alternatives = spreadAlternatives(ts, p.expression, (n) => this.follow(n, site));
        for (const alternative of alternatives) {
          if (!alternative) continue;
          if (ts.isObjectLiteralExpression(alternative) && depth < MAX_BLOCK_DEPTH) open(alternative, always && alternatives.length === 1, depth + 1);
          else if (!ts.isObjectLiteralExpression(alternative) && entries.length < MAX_REQUEST_ENTRIES) entries.push({ spread: alternative });
        }
      }
    };
    open(object, true, 0);
    const first = entries.findIndex((e) => "write" in e);
    return { writes: first >= 0, spreads: entries.slice(first + 1).flatMap((e) => ("spread" in e ? [e.spread] : [])).slice(0, MAX_OVERRIDING_SPREADS) };
  }

  /**
   * Does the call's message list take a system role? Not where the provider rejects one
   * there (`MESSAGES_WITHOUT_SYSTEM_ROLE`): always (Anthropic, Gemini), or from a version of
   * the package on, as the app's manifest declares it, unless the call opts back in.
   */
  private systemRoleInMessages(call: ModelCallSite, site: Site): boolean {
    const { ts } = this.context;
    return !MESSAGES_WITHOUT_SYSTEM_ROLE.some((m) => {
      if (m.sdk !== call.sdk || (m.provider !== undefined && m.provider !== call.provider) || (m.methods && !m.methods.includes(call.method))) return false;
      if (m.since && !((this.context.declaredMajor?.(call.file, m.since.package) ?? -1) >= m.since.major)) return false;
      if (!m.unless) return true;
      const optIn = argumentAt(ts, call.node, m.unless, (n) => this.follow(n, site));
      return optIn === undefined || optIn.kind === ts.SyntaxKind.FalseKeyword;
    });
  }

  /**
   * Prompt templates made before any call (`ChatPromptTemplate.fromMessages([["system", …]])`):
   * their system parts, in files that import a template package.
   */
  templates(files: readonly string[]): InstructionHit[] {
    const { ts } = this.context;
    const hits: PromptFindings = { instructions: [], inputs: [] };
    const templates: PromptFindings = { instructions: [], inputs: [] };
    for (const file of files) {
      if (!PROMPT_TEMPLATE_PACKAGES.some((p) => this.context.modules.importsPackage(file, p))) continue;
      const tree = this.context.tree(file);
      if (!tree) continue;
      const site: Site = { file, tree };
      const visit = (n: TsNode): void => {
        const made = ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) ? { receiver: calleeName(ts, n.expression.expression), method: n.expression.name.text } : ts.isNewExpression(n) ? { receiver: calleeName(ts, n.expression), method: "new" } : undefined;
        const builder = made && PROMPT_TEMPLATE_BUILDERS.find((b) => b.receiver === made.receiver && b.method === made.method);
        const arg = builder && argumentAt(ts, n, builder.path ?? "0", (a) => this.follow(a, site));
        if (builder && arg) {
          const position = builder.method === "new" ? `new ${builder.receiver}()` : `${builder.receiver}.${builder.method}()`;
          if (builder.holds === "messages") this.messages(arg, site, position, hits);
          else if (builder.holds === "system") this.system(arg, site, position, hits);
          else this.prompt(arg, site, position, templates);
        }
        ts.forEachChild(n, visit);
      };
      visit(tree);
    }
    return [...hits.instructions.filter((h) => h.kind === "system" || h.kind === "role"), ...templates.instructions.filter((h) => h.kind === "mixed"), ...this.slotFills(files)];
  }

  /** Templates' texts and slots by the call that builds them (undefined: not a template), read once each. */
  private readonly slotTexts = new Map<TsNode, SlotText[] | undefined>();

  /**
   * Where a prompt template, or a chain that starts with one, runs with values for its slots
   * (`chain.invoke({ question: req.body.question })`): a slot filled with untrusted input in
   * a system message, or in a text that is instructions (`Rephrase the follow-up…{question}`),
   * is input written into instructions. Reported at the template's text (where the fix goes),
   * once per text, with the path through the value that fills it.
   */
  private slotFills(files: readonly string[]): InstructionHit[] {
    const { ts } = this.context;
    const out: InstructionHit[] = [];
    const reported = new Set<TsNode>();
    for (const file of files) {
      const facts = this.context.file(file);
      if (!facts || !TEMPLATE_RUN_METHODS.some((m) => facts.memberCalledNames.has(m))) continue;
      const tree = this.context.tree(file);
      if (!tree) continue;
      const site: Site = { file, tree };
      // The runs come from the tree's call index (shared, built once), in source order.
      const index = callIndexOf(ts, tree);
      const runs = TEMPLATE_RUN_METHODS.flatMap((m) => index.get(m) ?? []).sort((a, b) => a.pos - b.pos);
      for (const n of runs) {
        if (!ts.isPropertyAccessExpression(n.expression) || !TEMPLATE_RUN_METHODS.includes(n.expression.name.text) || !n.arguments[0]) continue;
        const template = this.templateRun(n.expression.expression, site, 0);
        const texts = template && this.templateTexts(template.node, template.site);
        if (!texts?.length) continue;
        const method = n.expression.name.text;
        const values = this.follow(n.arguments[0], site);
        for (const text of texts) {
          if (reported.has(text.node) || !this.instructs(text)) continue;
          for (const slot of text.slots) {
            // `invoke({ question })` fills the slot with that field; `invoke(req.body)`, with a field of the whole.
            const value = ts.isObjectLiteralExpression(values) ? argumentAt(ts, values, slot) : n.arguments[0];
            const trace = value && this.untrusted.tracesOf(value, site).find((t) => !isClosed(t));
            if (!trace) continue;
            reported.add(text.node);
            const filled: Trace = { ...trace, steps: [...trace.steps, { file, start: value.getStart(), note: `fills {${slot}} where the template runs (.${method}())` }] };
            out.push({ kind: text.judgement === "system" ? "system" : "mixed", file: text.site.file, node: text.node, position: `${text.position}, slot {${slot}}`, trace: filled });
            break;
          }
        }
      }
    }
    return out;
  }

  /** Is a slot of this text an instruction position? */
  private instructs(text: SlotText): boolean {
    if (text.judgement === "system") return true;
    if (text.judgement === "lone") return text.letters >= MIN_INSTRUCTION_LETTERS;
    if (text.judgement === "beside-system") return text.unlabelled >= MIN_WRAPPED_INSTRUCTION_LETTERS;
    return false;
  }

  /** The builder call a template, or a chain that starts with one, was made by: through names, `.pipe()`, `.withConfig()`, `RunnableSequence.from([t, …])`, `new LLMChain({ prompt })`. */
  private templateRun(node: TsNode, site: Site, depth: number): { node: TsNode; site: Site } | undefined {
    const { ts } = this.context;
    if (depth > MAX_CHAIN_STEPS) return undefined;
    let n = unwrapExpression(ts, node);
    if (ts.isAwaitExpression(n)) n = unwrapExpression(ts, n.expression);
    if (ts.isIdentifier(n)) {
      const def = definitionOf(this.context, n, site);
      if (def.node === n || ts.isFunctionLike(def.node)) return undefined;
      return this.templateRun(def.node, { file: def.file, tree: def.tree }, depth + 1);
    }
    // `const chain = makeChain()`: the chain a helper returns.
    if (ts.isCallExpression(n) && ts.isIdentifier(unwrapExpression(ts, n.expression))) {
      const target = this.context.evaluator.eval(n.expression, site);
      const tree = target?.kind === "function" ? this.context.tree(target.file) : undefined;
      if (target?.kind !== "function" || !tree) return undefined;
      for (const returned of returnedExpressions(this.context, target.node)) {
        const found = this.templateRun(returned, { file: target.file, tree }, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    const made = this.madeBy(n);
    if (!made) return undefined;
    if (PROMPT_TEMPLATE_BUILDERS.some((b) => b.receiver === made.receiver && b.method === made.method && !b.message)) return { node: n, site };
    const step = TEMPLATE_CHAIN_STEPS.find((s) => s.method === made.method && (s.receiver === undefined ? made.method !== "new" : s.receiver === made.receiver));
    if (!step) return undefined;
    if (step.first === "receiver") return ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) ? this.templateRun(n.expression.expression, site, depth + 1) : undefined;
    const first = argumentAt(ts, n, step.first, (a) => this.follow(a, site));
    return first && this.templateRun(first, site, depth + 1);
  }

  /** `Receiver.method(…)` or `new Receiver(…)`, by name. */
  private madeBy(n: TsNode): { receiver: string | undefined; method: string } | undefined {
    const { ts } = this.context;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) return { receiver: calleeName(ts, n.expression.expression), method: n.expression.name.text };
    if (ts.isNewExpression(n)) {
      const receiver = calleeName(ts, n.expression);
      return receiver ? { receiver, method: "new" } : undefined;
    }
    return undefined;
  }

  /** The texts of the template a builder call makes, with their slots, in a file that imports a template package. */
  private templateTexts(builderNode: TsNode, site: Site): SlotText[] | undefined {
    if (this.slotTexts.has(builderNode)) return this.slotTexts.get(builderNode);
    this.slotTexts.set(builderNode, undefined);
    const texts = this.readTemplateTexts(builderNode, site);
    this.slotTexts.set(builderNode, texts);
    return texts;
  }

  private readTemplateTexts(n: TsNode, site: Site): SlotText[] | undefined {
    const { ts } = this.context;
    if (!PROMPT_TEMPLATE_PACKAGES.some((p) => this.context.modules.importsPackage(site.file, p))) return undefined;
    const made = this.madeBy(n);
    const builder = made && PROMPT_TEMPLATE_BUILDERS.find((b) => b.receiver === made.receiver && b.method === made.method && !b.message);
    if (!builder) return undefined;
    const arg = argumentAt(ts, n, builder.path ?? "0", (a) => this.follow(a, site));
    if (!arg) return undefined;
    const position = builder.method === "new" ? `new ${builder.receiver}()` : `${builder.receiver}.${builder.method}()`;
    const mustache = this.mustache(n, site);
    if (builder.holds === "system") return [this.slotText(arg, site, position, "system", mustache)];
    if (builder.holds === "template") return [this.slotText(arg, site, position, "lone", mustache)];
    // A chat template: each message by its role; a user message is the whole prompt alone, or beside a system one.
    const list = this.literal(arg, site);
    if (!list || !ts.isArrayLiteralExpression(list.node)) return undefined;
    const messages: Array<{ text: TsNode; role: "system" | "user" | "assistant"; mustache: boolean; index: number }> = [];
    list.node.elements.forEach((element, index) => {
      const e = unwrapExpression(ts, element);
      if (ts.isArrayLiteralExpression(e) && e.elements.length === 2 && ts.isStringLiteralLike(e.elements[0]!)) {
        const role = e.elements[0].text;
        // Other roles (an AI turn, a `placeholder` for history) are no instruction position.
        const kind = INSTRUCTION_ROLES.includes(role) ? "system" : USER_ROLES.includes(role) ? "user" : undefined;
        if (kind) messages.push({ text: e.elements[1]!, role: kind, mustache, index });
        return;
      }
      const inner = this.madeBy(e);
      const message = inner && TEMPLATE_MESSAGE_BUILDERS.find((b) => b.receiver === inner.receiver && b.method === inner.method);
      const text = message && (e as TsNamespace.CallExpression).arguments[0];
      if (message && text) messages.push({ text, role: message.role, mustache: mustache || this.mustache(e, list.site), index });
    });
    const besideSystem = messages.some((m) => m.role === "system");
    const lone = list.node.elements.length === 1;
    return messages.map((m) =>
      this.slotText(m.text, list.site, `${position}[${m.index}] (${m.role} message)`, m.role === "system" ? "system" : m.role === "user" ? (lone ? "lone" : besideSystem ? "beside-system" : "none") : "none", m.mustache),
    );
  }

  /** A text of a template, read through its fixed parts (constants, `${…}` pieces) for its slots and letters. */
  private slotText(node: TsNode, site: Site, position: string, judgement: SlotText["judgement"], mustache: boolean): SlotText {
    const { slots, rest } = templateSlots(this.fixedParts(node, site, 0).join(""), mustache);
    return { node, site, position, judgement, slots, letters: instructionLetters(rest), unlabelled: unlabelledLetters(rest) };
  }

  /** Does the builder call say `templateFormat: "mustache"` (in its options, or in the `new PromptTemplate({ … })` object)? */
  private mustache(n: TsNode, site: Site): boolean {
    const { ts } = this.context;
    if (!ts.isCallExpression(n) && !ts.isNewExpression(n)) return false;
    return (n.arguments ?? []).some((a) => {
      const options = this.follow(a, site);
      const value = ts.isObjectLiteralExpression(options) ? argumentAt(ts, options, TEMPLATE_FORMAT_OPTION.key) : undefined;
      const text = value && unwrapExpression(ts, value);
      return text !== undefined && ts.isStringLiteralLike(text) && text.text === TEMPLATE_FORMAT_OPTION.mustache;
    });
  }

  /** Instructions given where an agent or tool is made (`new Agent({ instructions })`): judged there, as a system position. */
  creation(made: InstructionSite, runContexts: ReadonlyArray<{ node: TsNode; site: Site }> = []): InstructionHit[] {
    const tree = this.context.tree(made.file);
    if (!tree) return [];
    const site: Site = { file: made.file, tree };
    const hits: PromptFindings = { instructions: [], inputs: [] };
    for (const path of made.paths) {
      const node = argumentAt(this.context.ts, made.node, path, (n) => this.follow(n, site));
      if (!node) continue;
      const position = path.replace(/^\d+\./, "");
      const before = hits.instructions.length;
      this.system(node, site, position, hits);
      if (hits.instructions.length === before) this.contextInstructions(node, site, position, runContexts, hits);
    }
    return hits.instructions;
  }

  /**
   * `const params = { messages }` passed by name, `JSON.stringify(params)`, or
   * `const body = JSON.stringify({ messages })` then `fetch(url, { body })`: walk to the object literal.
   */
  private follow(node: TsNode, site: Site): TsNode {
    const { ts } = this.context;
    const stringified = (n: TsNode): TsNode => jsonStringifyArgument(ts, n) ?? n;
    const start = stringified(unwrapExpression(ts, node));
    let current = start;
    // A few hops at most: a name, the stringify it holds, the name of the literal inside.
    for (let i = 0; i < 3 && ts.isIdentifier(current); i++) {
      const def = definitionOf(this.context, current, site);
      if (def.file !== site.file || def.node === current) break;
      current = stringified(unwrapExpression(ts, def.node));
    }
    return ts.isObjectLiteralExpression(current) ? current : start;
  }

  /**
   * A call through a model or chat made with instructions (`getGenerativeModel({ systemInstruction })`
   * then `model.generateContent(…)`): those instructions are part of this call's prompt too.
   */
  private creationInstructions(call: ModelCallSite, site: Site): Array<{ node: TsNode; role: "system"; path: string; site: Site }> {
    const { ts } = this.context;
    if (this.creations.size === 0) return [];
    // The model the request goes through is read where the request is sent (a helper handed its options by callers).
    const sent = requestOf(call);
    const sentTree = sent === call ? site.tree : this.context.tree(sent.file);
    if (!sentTree) return [];
    const callee = unwrapExpression(ts, (sent.node as TsNamespace.CallExpression).expression ?? sent.node);
    if (!ts.isPropertyAccessExpression(callee)) return [];
    let receiver: TsNode = unwrapExpression(ts, callee.expression);
    let at: Site = sent === call ? site : { file: sent.file, tree: sentTree };
    for (let i = 0; i < 4; i++) {
      if (ts.isAwaitExpression(receiver)) {
        receiver = unwrapExpression(ts, receiver.expression);
        continue;
      }
      if (!ts.isIdentifier(receiver)) break;
      const def = definitionOf(this.context, receiver, at);
      if (def.node === receiver) return [];
      receiver = unwrapExpression(ts, def.node);
      at = { file: def.file, tree: def.tree };
    }
    const made = this.creations.get(receiver);
    const out: Array<{ node: TsNode; role: "system"; path: string; site: Site }> = [];
    for (const path of made?.paths ?? []) {
      const node = argumentAt(ts, receiver, path, (n) => this.follow(n, at));
      if (node) out.push({ node, role: "system", path: path.replace(/^\d+\./, ""), site: at });
    }
    return out;
  }

  private system(node: TsNode, site: Site, position: string, out: PromptFindings, depth = 0, relocated = false): void {
    out.instructed = true;
    // `system: turns.find((t) => t.role === "system").content`: judged, and reported, at that element's text.
    const selected = relocated ? undefined : this.untrusted.selectedFromArray(node, site);
    if (selected) return this.system(selected.node, selected.site, position, out, depth, true);
    const opened = depth < MAX_BLOCK_DEPTH ? this.instructionParts(node, site, position) : undefined;
    if (opened) {
      // Open while its parts are judged: a function or array that leads back to itself is then judged as a value.
      this.opening.add(opened.node);
      for (const part of opened.parts) this.system(part.node, part.site, part.position, out, depth + 1);
      this.opening.delete(opened.node);
      return;
    }
    const traces = this.untrusted.tracesOf(node, site);
    out.inputs.push(...traces);
    // A value validated to a few fixed choices (an enum, a number) or an allow-list cannot carry instructions.
    const first = traces.find((t) => !isClosed(t));
    if (first) out.instructions.push({ kind: "system", file: site.file, node, position, trace: first });
  }

  /**
   * An assistant message the app writes (Anthropic): input there speaks as the model. The
   * final one is a prefill the model continues, whatever input it holds; an earlier one
   * counts when the app builds it around input (a client's previous answer passed whole is
   * conversation history).
   */
  private assistantTurn(element: TsNode, site: Site, position: string, out: PromptFindings, final: boolean): void {
    const { ts } = this.context;
    const resolved = this.literal(element, site);
    if (!resolved || !ts.isObjectLiteralExpression(resolved.node)) return;
    const role = findProperty(ts, resolved.node, "role");
    const content = findProperty(ts, resolved.node, "content");
    const roleValue = role && ts.isPropertyAssignment(role) ? unwrapExpression(ts, role.initializer) : undefined;
    if (!roleValue || !ts.isStringLiteralLike(roleValue) || roleValue.text !== "assistant" || !content) return;
    const contentNode = ts.isPropertyAssignment(content) ? content.initializer : ts.isShorthandPropertyAssignment(content) ? content.name : undefined;
    const open = contentNode && this.untrusted.tracesOf(contentNode, resolved.site).find((t) => !isClosed(t) && (final || !t.whole));
    if (open) out.instructions.push({ kind: "assistant", file: resolved.site.file, node: contentNode, position: `${position} (${final ? "assistant prefill" : "assistant message"})`, trace: open });
  }

  /**
   * A prompt string: alone (the whole prompt) it mixes instructions with input when it has
   * fixed text beyond a label; as a user message beside a system prompt, when its fixed
   * text, labels aside, is long enough to be instructions of its own (task, format, persona).
   * `relayed`: how many thin wrappers the prompt came through (its inputs are counted at the wrapper's call already).
   */
  private prompt(node: TsNode, site: Site, position: string, out: PromptFindings, judgement: MixedJudgement = "lone", relayed = 0): void {
    const { ts } = this.context;
    const resolved = this.literal(node, site);
    if (resolved && ts.isArrayLiteralExpression(resolved.node)) return relayed ? undefined : this.messages(node, site, position, out);
    const traces = this.untrusted.tracesOf(node, site);
    if (!relayed) out.inputs.push(...traces);
    if (judgement === "none") return;
    const mixed = traces.find((t) => !t.whole && !isClosed(t));
    // A wrapper's parameter is written by its callers: judged at each caller's string (`relayed`), not
    // here, where its fixed text would be some caller's (a constant prompt beside another's labelled input).
    const writtenByCallers = mixed !== undefined && (judgement === "lone" || judgement === "user-turn") && callerArguments(this.context, node, site).length > 0;
    const instructsIn = (parts: readonly string[]) => (judgement === "lone" ? sum(parts, instructionLetters) >= MIN_INSTRUCTION_LETTERS : sum(parts, unlabelledLetters) >= MIN_WRAPPED_INSTRUCTION_LETTERS);
    const instructs = mixed !== undefined && !writtenByCallers && instructsIn(this.fixedParts(node, site, 0));
    if (instructs) {
      // Built by a helper (`const prompt = draft(name, notes)`): reported in each of its templates where the input meets instructions.
      const built = this.builtByHelpers(node, site).filter((t) => instructsIn(this.fixedParts(t.node, t.site, 0)) && this.untrusted.tracesOf(t.node, t.site).some((trace) => !trace.whole && !isClosed(trace)));
      if (built.length === 0) out.instructions.push({ kind: "mixed", file: site.file, node, position, trace: mixed });
      for (const template of built) out.instructions.push({ kind: "mixed", file: template.site.file, node: template.node, position: `${position}, built by a helper`, trace: mixed });
      this.innerInputs(node, site, position, out, mixed);
    } else if (judgement === "lone" || judgement === "user-turn") {
      this.relayed(node, site, position, out, relayed, judgement);
      this.postedBy(node, site, traces, position, out, relayed, judgement);
    }
  }

  /**
   * A route of the app (or an extension's background worker) that passes a field it was
   * sent on as the whole prompt: a page that sends a template around the user's text writes
   * the instruction string, so it is judged where the page builds it (and the route is an
   * open model proxy: anyone can post any prompt).
   */
  private postedBy(node: TsNode, site: Site, traces: readonly Trace[], position: string, out: PromptFindings, depth: number, judgement: "lone" | "user-turn"): void {
    const { ts } = this.context;
    if (depth >= MAX_WRAPPER_DEPTH) return;
    const whole = traces.filter((t) => t.whole);
    const names = new Set(whole.flatMap((t) => t.names));
    if (!names.size) return;
    const route = this.routeAround(node);
    const pattern = route ? pathToRegExp(route) : undefined;
    const stem = route === undefined ? "" : pathBeforeParameters(route);
    let senders: Sender[] = [];
    let how = "";
    if (route && pattern && stem.length > 1) {
      senders = this.senders(route, stem, APP_REQUEST_BODIES, (path) => pattern.test(path));
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
        if (value) this.prompt(value, sender.site, `${position}, ${how}`, out, judgement, depth + 1);
      }
    }
  }

  private readonly sent = new Map<string, Sender[]>();
  private readonly callingFiles = new Map<object, string[]>();

  /** Files that call one of a table's senders by name: found once per table, however many routes ask. */
  private filesCalling(table: ReadonlyArray<{ name: string }>): string[] {
    let files = this.callingFiles.get(table);
    if (!files) {
      files = this.context.modules.files.filter((file) => {
        const facts = this.context.file(file);
        return facts !== undefined && table.some((r) => facts.calledNames.has(r.name));
      });
      this.callingFiles.set(table, files);
    }
    return files;
  }

  /** Calls named in `table` in the project's files that contain `needle` (only those are parsed), to a URL `url` accepts when given. */
  private senders(key: string, needle: string, table: ReadonlyArray<{ name: string; body: string }>, url?: (path: string) => boolean): Sender[] {
    const known = this.sent.get(key);
    if (known) return known;
    const { ts } = this.context;
    const found: Sender[] = [];
    for (const file of this.filesCalling(table)) {
      if (!this.context.file(file)!.text.includes(needle)) continue;
      const tree = this.context.tree(file);
      if (!tree) continue;
      const site: Site = { file, tree };
      walk(ts, tree, (n) => {
        const entry = ts.isCallExpression(n) && n.arguments[0] ? table.find((r) => r.name === calleeName(ts, n.expression)) : undefined;
        if (!entry) return;
        const call = n as TsNamespace.CallExpression;
        const path = url && requestPath(this.context, call.arguments[0]!, site);
        if (!url || (path !== undefined && url(path))) found.push({ node: call, site, body: entry.body });
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
  private relayed(node: TsNode, site: Site, position: string, out: PromptFindings, depth: number, judgement: "lone" | "user-turn"): void {
    if (depth >= MAX_WRAPPER_DEPTH) return;
    const { ts } = this.context;
    for (const arg of callerArguments(this.context, node, site)) {
      // `useChat([systemMessage(id), ...history])` for `useChat(messages)`: the callers' message lists (judged without relaying further).
      const list = depth === 0 ? this.literal(arg.node, arg.site) : undefined;
      if (list && ts.isArrayLiteralExpression(list.node)) this.messages(arg.node, arg.site, `${position} via ${arg.callee}()`, out, false);
      else this.prompt(arg.node, arg.site, `${position} via ${arg.callee}()`, out, judgement, depth + 1);
    }
  }

  private messages(node: TsNode, site: Site, position: string, out: PromptFindings, loneAllowed = true, besideSystem = false, prefill = false): void {
    const { ts } = this.context;
    const resolved = this.literal(node, site);
    // One message given alone (`threads.messages.create(id, { role, content })`).
    if (resolved && ts.isObjectLiteralExpression(resolved.node) && findProperty(ts, resolved.node, "role")) return this.message(resolved.node, resolved.site, position, out, "none");
    if (!resolved || !ts.isArrayLiteralExpression(resolved.node)) {
      // A string given where messages may go (`generateContent(prompt)`), or a whole conversation.
      if (resolved && (ts.isTemplateExpression(resolved.node) || ts.isStringLiteralLike(resolved.node) || ts.isBinaryExpression(resolved.node) || isSubstitution(ts, resolved.node))) return this.prompt(node, site, position, out);
      this.conversation(node, site, position, out);
      // `generateContent(prompt)` in a wrapper: the callers' prompt strings.
      if (loneAllowed) this.relayed(node, site, position, out, 0, "lone");
      return;
    }
    const array = resolved.node;
    const at = resolved.site;
    const pushed = this.pushedTo(node, site);
    const elements: TsNode[] = [...array.elements, ...pushed];
    const lone = loneAllowed && elements.length === 1 && !ts.isSpreadElement(elements[0]!);
    const judgement: MixedJudgement = lone ? "lone" : besideSystem || elements.some((e) => this.messageRole(e, at) === "system") ? "beside-system" : "none";
    elements.forEach((element, i) => this.message(element, at, `${position}[${i}]`, out, judgement));
    // Pushes may come after the call (the model's reply appended): only the literal's own elements are judged.
    if (prefill) array.elements.forEach((element, i) => this.assistantTurn(element, at, `${position}[${i}]`, out, pushed.length === 0 && i === elements.length - 1));
  }

  /** Whether a message element is a system (instruction) message, a user message, or neither / unknown. */
  private messageRole(element: TsNode, site: Site): "system" | "user" | undefined {
    const { ts } = this.context;
    const node = unwrapExpression(ts, element);
    if (ts.isSpreadElement(node)) return undefined;
    const value = (this.literal(node, site) ?? { node }).node;
    let role: string | undefined;
    if (ts.isObjectLiteralExpression(value)) {
      const property = findProperty(ts, value, "role");
      const initializer = property && ts.isPropertyAssignment(property) ? unwrapExpression(ts, property.initializer) : undefined;
      role = initializer && ts.isStringLiteralLike(initializer) ? initializer.text : undefined;
    } else if (ts.isNewExpression(value) || ts.isCallExpression(value)) {
      const name = calleeName(ts, value.expression);
      if (name && SYSTEM_MESSAGE_CONSTRUCTORS.includes(name)) return "system";
      if (name && USER_MESSAGE_CONSTRUCTORS.includes(name)) return "user";
    } else if (ts.isArrayLiteralExpression(value) && value.elements.length === 2 && ts.isStringLiteralLike(value.elements[0]!)) {
      role = value.elements[0].text;
    }
    return role && INSTRUCTION_ROLES.includes(role) ? "system" : role && USER_ROLES.includes(role) ? "user" : undefined;
  }

  private message(element: TsNode, site: Site, position: string, out: PromptFindings, judgement: MixedJudgement): void {
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
      return this.prompt(contentNode, at, `${position}.content`, out, userTurn(judgement, roleText));
    }
    if (ts.isNewExpression(value) || ts.isCallExpression(value)) {
      const name = calleeName(ts, value.expression);
      const receiver = ts.isPropertyAccessExpression(value.expression) ? calleeName(ts, value.expression.expression) : undefined;
      const arg = value.arguments?.[0];
      if (!arg) return;
      if ((name && SYSTEM_MESSAGE_CONSTRUCTORS.includes(name)) || (receiver && SYSTEM_MESSAGE_CONSTRUCTORS.includes(receiver))) return this.system(arg, at, `${position} (${name ?? receiver})`, out);
      if (name && USER_MESSAGE_CONSTRUCTORS.includes(name) && judgement === "beside-system") {
        // `new HumanMessage(text)` or `new HumanMessage({ content })`.
        const options = unwrapExpression(ts, arg);
        const content = ts.isObjectLiteralExpression(options) ? findProperty(ts, options, "content") : undefined;
        const text = content ? (ts.isPropertyAssignment(content) ? content.initializer : ts.isShorthandPropertyAssignment(content) ? content.name : undefined) : arg;
        if (text) return this.prompt(text, at, `${position} (${name})`, out, judgement);
      }
      const traces = this.untrusted.tracesOf(value, at);
      out.inputs.push(...traces);
      return;
    }
    if (ts.isArrayLiteralExpression(value) && value.elements.length === 2) {
      // LangChain tuples: ["system", "…"], ["human", "{question}"]
      const [roleEl, text] = value.elements as unknown as [TsNode, TsNode];
      const role = ts.isStringLiteralLike(roleEl) ? roleEl.text : undefined;
      if (role && INSTRUCTION_ROLES.includes(role)) return this.system(text, at, `${position} (${role} message)`, out);
      if (role && USER_ROLES.includes(role) && judgement === "beside-system") return this.prompt(text, at, `${position} (${role} message)`, out, judgement);
      out.inputs.push(...this.untrusted.tracesOf(text, at));
      return;
    }
    this.prompt(node, site, position, out, judgement === "lone" ? "lone" : "none");
  }

  /** A conversation array from elsewhere: a client-posted one passed on as is lets the client write `system` messages. */
  private conversation(node: TsNode, site: Site, position: string, out: PromptFindings): void {
    const traces = this.untrusted.tracesOf(node, site);
    out.inputs.push(...traces);
    const passed = traces.find((t) => t.whole && !rolesLimited(t) && t.names.some((n) => CONVERSATION_NAME.test(n))) ?? this.rolesCopied(node, site);
    if (passed) out.instructions.push({ kind: "conversation", file: site.file, node, position, trace: passed });
  }

  /**
   * `posted.map((m) => ({ role: m.role, content: … }))`, possibly cut or filtered around the
   * map: new messages that copy the client's roles. The trace of the posted conversation,
   * unless its roles were limited before the map.
   */
  private rolesCopied(node: TsNode, site: Site): Trace | undefined {
    const { ts } = this.context;
    const resolved = this.literal(node, site);
    if (!resolved) return undefined;
    let current = unwrapExpression(ts, resolved.node);
    for (let i = 0; i < MAX_CHAIN && ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression); i++) {
      const method = current.expression.name.text;
      const receiver = current.expression.expression;
      const callback = current.arguments[0];
      if ((method === "map" || method === "flatMap") && callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
        if (!copiesRole(ts, callback, returnedExpressions(this.context, callback))) return undefined;
        return this.untrusted.tracesOf(receiver, resolved.site).find((t) => t.whole && !rolesLimited(t) && t.names.some((n) => CONVERSATION_NAME.test(n)));
      }
      if (!ORDER_KEEPING_METHODS.includes(method)) return undefined;
      current = unwrapExpression(ts, receiver);
    }
    return undefined;
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

  /**
   * The fixed text of a string built from parts (constants, literals, helpers' templates),
   * piece by piece. Once per node: a part reached again (through several callers or
   * alternatives) is not walked again, so the alternatives' fan-out stays linear.
   */
  private fixedParts(node: TsNode, site: Site, depth: number): string[] {
    if (depth > MAX_LETTERS_DEPTH) return [];
    let parts = this.fixedPartsSeen.get(node);
    if (!parts) this.fixedPartsSeen.set(node, (parts = this.fixedPartsOf(node, site, depth)));
    return parts;
  }
  private readonly fixedPartsSeen = new Map<TsNode, string[]>();

  private fixedPartsOf(node: TsNode, site: Site, depth: number): string[] {
    const { ts, evaluator } = this.context;
    const n = unwrapExpression(ts, node);
    if (ts.isStringLiteralLike(n)) return [n.text];
    if (ts.isTemplateExpression(n)) return [n.head.text, ...n.templateSpans.flatMap((s) => [...this.fixedParts(s.expression, site, depth + 1), s.literal.text])];
    if (ts.isTaggedTemplateExpression(n)) return this.fixedParts(n.template, site, depth + 1);
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...this.fixedParts(n.left, site, depth + 1), ...this.fixedParts(n.right, site, depth + 1)];
    if (ts.isArrayLiteralExpression(n)) return n.elements.flatMap((e) => this.fixedParts(e, site, depth + 1));
    // `instructions || DEFAULT`, `a ? TEXT_A : TEXT_B`: the prompt may hold the longest alternative.
    const alternatives = alternativesOf(ts, n);
    if (alternatives) return this.longestParts(alternatives.map((a) => ({ node: a, site })), depth);
    // `FIELD_PROMPTS[field]`: the longest text of the fixed table.
    if (ts.isElementAccessExpression(n)) {
      const table = this.literal(n.expression, site);
      if (table && ts.isObjectLiteralExpression(table.node)) return this.longestParts(table.node.properties.flatMap((p) => (ts.isPropertyAssignment(p) ? [{ node: p.initializer, site: table.site }] : [])), depth);
      return [];
    }
    if (ts.isIdentifier(n)) {
      // A parameter (`${instructions}` in `clean(text, instructions)`): the longest text its callers pass.
      const param = resolveName(ts, n.text, n);
      if (param?.kind === "parameter" && param.path.length === 0) {
        const args = callerArguments(this.context, n, site);
        if (args.length) return this.longestParts(args, depth);
      }
      const def = definitionOf(this.context, n, site);
      // The evaluator takes `instructions || "…"` for its fallback: each alternative is looked at instead.
      if (def.node !== n && alternativesOf(ts, unwrapExpression(ts, def.node))) return this.fixedParts(def.node, { file: def.file, tree: def.tree }, depth + 1);
      const value = evaluator.eval(n, site);
      if (value?.kind === "string" && value.exact) return [value.text];
      return def.node === n || ts.isFunctionLike(def.node) ? [] : this.fixedParts(def.node, { file: def.file, tree: def.tree }, depth + 1);
    }
    if (ts.isCallExpression(n)) {
      const name = calleeName(ts, n.expression);
      if (ts.isPropertyAccessExpression(n.expression) && (name === "join" || name === "concat")) return [...this.fixedParts(n.expression.expression, site, depth + 1), ...n.arguments.flatMap((a) => this.fixedParts(a, site, depth + 1))];
      // `TEMPLATE.replace("{city}", city)`: the template's text with the replacement in it.
      if (ts.isPropertyAccessExpression(n.expression) && name && SUBSTITUTING_METHODS.includes(name)) return [...this.fixedParts(n.expression.expression, site, depth + 1), ...n.arguments.slice(1).flatMap((a) => this.fixedParts(a, site, depth + 1))];
      const target = evaluator.eval(n.expression, site);
      if (target?.kind === "function") {
        const tree = this.context.tree(target.file);
        if (!tree) return [];
        // The helper's longest return: what the prompt may hold.
        return this.longestParts(returnedExpressions(this.context, target.node).map((r) => ({ node: r, site: { file: target.file, tree } })), depth);
      }
    }
    return [];
  }

  /** Of several values one of which is used, the fixed parts of the one with the most instruction text. */
  private longestParts(options: ReadonlyArray<{ node: TsNode; site: Site }>, depth: number): string[] {
    let longest: string[] = [];
    for (const option of options) {
      const parts = this.fixedParts(option.node, option.site, depth + 1);
      if (sum(parts, instructionLetters) > sum(longest, instructionLetters)) longest = parts;
    }
    return longest;
  }

  /**
   * A mixed prompt is reported once, with one input's path. Another input that enters an
   * instruction template of its own, which the prompt is built from
   * (`const letter = wanted ? \`Write a cover letter for ${company}…\` : ""`), is reported
   * there too: that template is where the instructions and that input meet.
   */
  private innerInputs(node: TsNode, site: Site, position: string, out: PromptFindings, reported: Trace): void {
    const key = (t: Trace) => `${t.source.file}:${t.source.start}`;
    const seen = new Set([key(reported)]);
    const inner: Array<{ node: TsNode; site: Site }> = [];
    this.innerTemplates(node, site, 0, false, inner);
    for (const template of inner) {
      const open = this.untrusted.tracesOf(template.node, template.site).filter((t) => !t.whole && !isClosed(t) && !seen.has(key(t)));
      if (!open.length || sum(this.fixedParts(template.node, template.site, 0), instructionLetters) < MIN_INSTRUCTION_LETTERS) continue;
      for (const t of open) seen.add(key(t));
      out.instructions.push({ kind: "mixed", file: template.site.file, node: template.node, position: `${position}, in a template it is built from`, trace: open[0]! });
    }
  }

  /**
   * The templates a prompt string is returned from, when it comes from the project's own
   * builder functions (`const prompt = formal ? draftFormal(name, notes) : draftCasual(name, notes)`),
   * through variables and `?:`: that is where a reader fixes it, not where the string is passed
   * on. Empty when any part of the value is something else.
   */
  private builtByHelpers(node: TsNode, site: Site, depth = 0): Array<{ node: TsNode; site: Site }> {
    const { ts, evaluator } = this.context;
    if (depth > MAX_LETTERS_DEPTH) return [];
    const n = unwrapExpression(ts, node);
    if (ts.isConditionalExpression(n)) {
      const [a, b] = [this.builtByHelpers(n.whenTrue, site, depth + 1), this.builtByHelpers(n.whenFalse, site, depth + 1)];
      return a.length && b.length ? [...a, ...b] : [];
    }
    if (ts.isIdentifier(n) || ts.isShorthandPropertyAssignment(n)) {
      const name = ts.isShorthandPropertyAssignment(n) ? n.name : n;
      const def = definitionOf(this.context, name, site);
      return def.node !== name && !ts.isFunctionLike(def.node) ? this.builtByHelpers(def.node, { file: def.file, tree: def.tree }, depth + 1) : [];
    }
    if (!ts.isCallExpression(n)) return [];
    const target = evaluator.eval(n.expression, site);
    if (target?.kind !== "function") return [];
    const tree = this.context.tree(target.file);
    if (!tree) return [];
    const templates: Array<{ node: TsNode; site: Site }> = [];
    for (const returned of returnedExpressions(this.context, target.node)) {
      const value = unwrapExpression(ts, returned);
      if (!ts.isTemplateExpression(value)) return [];
      templates.push({ node: value, site: { file: target.file, tree } });
    }
    return templates;
  }

  /**
   * Template literals a prompt string is built from (placed in another template or joined with `+`),
   * through variables, `?:`, `||` and `??`. `inner`: the value is a part of the prompt, not all of it.
   */
  private innerTemplates(node: TsNode, site: Site, depth: number, inner: boolean, out: Array<{ node: TsNode; site: Site }>): void {
    const { ts } = this.context;
    if (depth > MAX_LETTERS_DEPTH) return;
    const n = unwrapExpression(ts, node);
    if (ts.isTemplateExpression(n)) {
      if (inner && !out.some((t) => t.node === n)) out.push({ node: n, site });
      for (const span of n.templateSpans) this.innerTemplates(span.expression, site, depth + 1, true, out);
    } else if (ts.isConditionalExpression(n)) {
      this.innerTemplates(n.whenTrue, site, depth + 1, inner, out);
      this.innerTemplates(n.whenFalse, site, depth + 1, inner, out);
    } else if (ts.isBinaryExpression(n) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(n.operatorToken.kind)) {
      const part = inner || n.operatorToken.kind === ts.SyntaxKind.PlusToken;
      this.innerTemplates(n.left, site, depth + 1, part, out);
      this.innerTemplates(n.right, site, depth + 1, part, out);
    } else if (ts.isIdentifier(n)) {
      const def = definitionOf(this.context, n, site);
      if (def.node !== n && !ts.isFunctionLike(def.node)) this.innerTemplates(def.node, { file: def.file, tree: def.tree }, depth + 1, inner, out);
    }
  }

  /** Functions and part arrays whose parts are being judged (see `system`). */
  private readonly opening = new Set<TsNode>();

  /**
   * Instructions given as structure, each part to be judged and reported where it is written:
   * a function (an agent's `instructions`) by what it returns; text blocks or content parts
   * `[{ type: "text", text }]`, Gemini `{ role, parts: [{ text }] }`, `new SystemMessage({ content })`.
   * Undefined for a plain value (or one already open: a function or array that leads back to itself).
   */
  private instructionParts(node: TsNode, site: Site, position: string): { node: TsNode; parts: Array<{ node: TsNode; site: Site; position: string }> } | undefined {
    const { ts } = this.context;
    let current = unwrapExpression(ts, node);
    let at = site;
    if (ts.isIdentifier(current)) {
      const def = definitionOf(this.context, current, site);
      if (def.node !== current && ts.isFunctionLike(def.node)) [current, at] = [unwrapExpression(ts, def.node), { file: def.file, tree: def.tree }];
    }
    if (this.opening.has(current)) return undefined;
    if (ts.isArrowFunction(current) || ts.isFunctionExpression(current) || ts.isFunctionDeclaration(current)) {
      return { node: current, parts: returnedExpressions(this.context, current).map((r) => ({ node: r, site: at, position })) };
    }
    const resolved = this.literal(current, at);
    if (!resolved || this.opening.has(resolved.node)) return undefined;
    const { node: value, site: where } = resolved;
    if (ts.isArrayLiteralExpression(value)) {
      return { node: value, parts: value.elements.map((e, i) => ({ node: ts.isSpreadElement(e) ? e.expression : e, site: where, position: `${position}[${i}]` })) };
    }
    if (ts.isObjectLiteralExpression(value)) {
      for (const key of INSTRUCTION_TEXT_KEYS) {
        const property = findProperty(ts, value, key);
        const text = property && (ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined);
        if (text) return { node: value, parts: [{ node: text, site: where, position: `${position}.${key}` }] };
      }
      return undefined;
    }
    if ((ts.isNewExpression(value) || ts.isCallExpression(value)) && value.arguments?.[0]) {
      const name = calleeName(ts, value.expression);
      const receiver = ts.isPropertyAccessExpression(value.expression) ? calleeName(ts, value.expression.expression) : undefined;
      if ((name && SYSTEM_MESSAGE_CONSTRUCTORS.includes(name)) || (receiver && SYSTEM_MESSAGE_CONSTRUCTORS.includes(receiver))) return { node: value, parts: [{ node: value.arguments[0], site: where, position }] };
    }
    return undefined;
  }

  /**
   * An instruction function that reads the run's context (`(rc) => \`… ${rc.context.name}\``):
   * the context objects the agent's runs pass (`run(agent, input, { context })`) are what it
   * reads; the property it reads when the object is a literal, the whole object otherwise.
   */
  private contextInstructions(node: TsNode, site: Site, position: string, runContexts: ReadonlyArray<{ node: TsNode; site: Site }>, out: PromptFindings): void {
    const { ts } = this.context;
    const fn = unwrapExpression(ts, node);
    if (runContexts.length === 0 || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return;
    const param = fn.parameters[0]?.name;
    if (!param || !ts.isIdentifier(param)) return;
    for (const returned of returnedExpressions(this.context, fn)) {
      // `rc.context.name` (the name read), or `rc.context` itself (undefined: all of it).
      const reads: Array<string | undefined> = [];
      const visit = (n: TsNode): void => {
        if (ts.isPropertyAccessExpression(n) && n.name.text === "context" && ts.isIdentifier(n.expression) && n.expression.text === param.text) {
          reads.push(ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n ? n.parent.name.text : undefined);
          return;
        }
        ts.forEachChild(n, visit);
      };
      visit(returned);
      for (const run of runContexts) {
        const object = unwrapExpression(ts, run.node);
        const read = reads.map((name) => (name !== undefined && ts.isObjectLiteralExpression(object) ? argumentAt(ts, object, name) : name === undefined ? run.node : undefined));
        const trace = read.flatMap((n) => (n ? this.untrusted.tracesOf(n, run.site) : [])).find((t) => !isClosed(t));
        if (trace) return void out.instructions.push({ kind: "system", file: site.file, node: returned, position, trace });
      }
    }
  }
}

const MAX_CHAIN = 4;
/** Array methods around a `.map()` that keep the elements as they are. */
const ORDER_KEEPING_METHODS: readonly string[] = ["slice", "filter", "reverse", "toReversed", "concat"];

/** Does a map callback's new message take its role from the element (`role: m.role`, `{ role }`, `...m`)? */
function copiesRole(ts: Ts, callback: TsNamespace.ArrowFunction | TsNamespace.FunctionExpression, returned: readonly TsNode[]): boolean {
  const param = callback.parameters[0]?.name;
  if (!param) return false;
  const element = ts.isIdentifier(param) ? param.text : undefined;
  const destructured = ts.isObjectBindingPattern(param) ? param.elements.some((e) => ts.isIdentifier(e.name) && (e.propertyName ?? e.name).getText() === "role" && e.name.text === "role") : false;
  return returned.some((r) => {
    const object = unwrapExpression(ts, r);
    if (!ts.isObjectLiteralExpression(object)) return false;
    let copied = false;
    for (const p of object.properties) {
      if (ts.isSpreadAssignment(p)) copied = element !== undefined && ts.isIdentifier(unwrapExpression(ts, p.expression)) && (unwrapExpression(ts, p.expression) as TsNamespace.Identifier).text === element;
      else if (p.name && ts.isIdentifier(p.name) && p.name.text === "role") {
        if (ts.isShorthandPropertyAssignment(p)) copied = destructured;
        else if (ts.isPropertyAssignment(p)) copied = element !== undefined && readsElement(ts, p.initializer, element, 0);
        else copied = false;
      }
    }
    return copied;
  });
}

/**
 * `m.role`, `m.role as Role`, `m.role === "bot" ? "assistant" : m.role`, `m.role ?? "user"`:
 * a value that can be the element's own field.
 */
function readsElement(ts: Ts, expr: TsNode, element: string, depth: number): boolean {
  const value = unwrapExpression(ts, expr);
  if (depth > MAX_CHAIN) return false;
  if (ts.isPropertyAccessExpression(value)) {
    const object = unwrapExpression(ts, value.expression);
    return ts.isIdentifier(object) && object.text === element;
  }
  if (ts.isConditionalExpression(value)) return readsElement(ts, value.whenTrue, element, depth + 1) || readsElement(ts, value.whenFalse, element, depth + 1);
  if (ts.isBinaryExpression(value) && (value.operatorToken.kind === ts.SyntaxKind.BarBarToken || value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return readsElement(ts, value.left, element, depth + 1) || readsElement(ts, value.right, element, depth + 1);
  return false;
}

/** A message beside a system prompt is judged as the user's turn only when its role says so. */
function userTurn(judgement: MixedJudgement, role: string | undefined): MixedJudgement {
  if (judgement !== "beside-system") return judgement;
  return role && USER_ROLES.includes(role) ? judgement : "none";
}

/**
 * What the project's callers pass for the parameter `node` names (a bare parameter, or a
 * field destructured from one): each argument with where it is and the function's name.
 */
function callerArguments(context: FlowContext, node: TsNode, site: Site): Array<{ node: TsNode; site: Site; callee: string }> {
  const { ts, evaluator } = context;
  const current = unwrapExpression(ts, node);
  if (!ts.isIdentifier(current)) return [];
  const binding = parameterField(ts, current);
  if (!binding) return [];
  const name = functionName(ts, binding.fn);
  if (!name) return [];
  const out: Array<{ node: TsNode; site: Site; callee: string }> = [];
  for (const call of evaluator.callsReachingFunction(binding.fn, name, site.file)) {
    if (out.length >= MAX_RELAY_CALLERS) break;
    let arg: TsNode | undefined = call.node.arguments[binding.index];
    if (!arg || ts.isSpreadElement(arg)) continue;
    // `complete({ prompt: `…` })` for `function complete({ prompt })`
    if (binding.path.length === 1) arg = argumentAt(ts, arg, binding.path[0]!, (n) => unwrapExpression(ts, n));
    if (arg) out.push({ node: arg, site: call.site, callee: name });
  }
  return out;
}

/**
 * The parameter a name stands for, with at most one field: `prompt` of `(prompt)` or of
 * `({ prompt })`, and of `(options)` read in the body as `const { prompt } = options` or
 * `const prompt = options.prompt`.
 */
function parameterField(ts: Ts, name: TsNamespace.Identifier): { fn: TsNode; index: number; path: readonly string[] } | undefined {
  const binding = resolveName(ts, name.text, name);
  if (binding?.kind === "parameter") return binding.path.length <= 1 ? binding : undefined;
  if (binding?.kind !== "variable" || !binding.init || binding.path.length > 1) return undefined;
  let holder = unwrapExpression(ts, binding.init);
  let path = binding.path;
  if (path.length === 0 && ts.isPropertyAccessExpression(holder)) {
    path = [holder.name.text];
    holder = unwrapExpression(ts, holder.expression);
  }
  if (path.length !== 1 || !ts.isIdentifier(holder)) return undefined;
  const options = resolveName(ts, holder.text, holder);
  return options?.kind === "parameter" && options.path.length === 0 ? { fn: options.fn, index: options.index, path } : undefined;
}

/** The values an expression picks one of: `a || b`, `a ?? b`, `c ? a : b`. */
function alternativesOf(ts: Ts, n: TsNode): TsNode[] | undefined {
  if (ts.isConditionalExpression(n)) return [n.whenTrue, n.whenFalse];
  if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.BarBarToken || n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return [n.left, n.right];
  return undefined;
}

/** `TEMPLATE.replace("{city}", city)`: a string template filled in. */
function isSubstitution(ts: Ts, node: TsNode): boolean {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && SUBSTITUTING_METHODS.includes(node.expression.name.text);
}
