/**
 * Usage records and spend controls, judged by the names in `knowledge/usage.ts`:
 * - records: log calls, store writes and usage-recording helpers inside a function, each
 *   with whether its arguments carry a response's token usage and who made the request;
 * - observability: whether a model call goes through an integration that records every
 *   call (a wrapped client, a gateway base URL, per-call telemetry, a traced function);
 * - spend controls: tokenizer counts priced before a call, kill switches and spend caps.
 * RL-4 (`rules/spend-controls.ts`) and LG-1 (`rules/ai-route-without-audit-log.ts`) use it.
 */
import { calleeName, isLiteralValue, nodeStartingAt, propertyNameText, returnedExpressions, unwrapExpression, walk } from "../facts/ast.js";
import type { ts as TsNamespace } from "ts-morph";
import type { FileFacts } from "../facts/file-facts.js";
import { LiteralGate } from "../facts/literal-gates.js";
import type { Ts, TsNode, TsSourceFile } from "../facts/typescript.js";
import {
  CHAINED_STORE_WRITES,
  COST_WORDS,
  GATEWAY_ENV_WORDS,
  GATEWAY_HEADERS,
  GATEWAY_HOSTS,
  IDENTITY_KEY_WORDS,
  IDENTITY_NAMES,
  IDENTITY_OWNER_WORDS,
  KILL_SWITCH_AI_WORDS,
  KILL_SWITCH_FILLER,
  KILL_SWITCH_WORDS,
  NOT_A_STORE,
  OBSERVABILITY,
  RECORDER_WORDS,
  SPEND_CAP_PHRASES,
  STORE_WRITE_METHODS,
  TELEMETRY_OPTIONS,
  TOKENIZER_CALLS,
  TOKENIZER_PACKAGES,
  USAGE_CONTAINERS,
  USAGE_COUNTS,
  type ObservabilityShape,
} from "../knowledge/usage.js";
import type { ModelCallSite } from "./ai-surface.js";
import type { ProjectModel } from "./project.js";
import { sinksIn } from "./flow/sinks.js";
import { resolveName } from "./scopes.js";
import type { Evaluator } from "./values.js";
import { callsWithin } from "../facts/call-index.js";

type WrapperKind = "clientWrappers" | "functionWrappers" | "callbackHandlers";

export interface UsageRecord {
  file: string;
  node: TsNode;
  /** `helper`: a project function followed to a log or store write; `named`: a call whose name says it records (`trackUsage`), not followed. */
  kind: "log" | "store" | "helper" | "named";
  /** `logger.info`, `prisma.usage.create`, `recordUsage`. */
  label: string;
  /** Its arguments carry token usage read from a response. */
  usage: boolean;
  /** Its arguments name who made the request. */
  identity: boolean;
  /** For a followed helper: whether its body writes to a store (not only to a log). */
  stores?: boolean;
}

/** Constructors of collections kept in memory: their `set`/`add` store nothing. */
const IN_MEMORY_COLLECTIONS: readonly string[] = ["Map", "Set", "WeakMap", "WeakSet"];

/** Methods of provider SDKs that count a request's tokens. */
const PROVIDER_COUNTS: readonly string[] = ["countTokens", "count_tokens"];
const USAGE_NAMES: ReadonlySet<string> = new Set([...USAGE_CONTAINERS, ...USAGE_COUNTS]);
// Literal gates (one pass per file, shared with every other gate).
const MENTIONS_USAGE = new LiteralGate([...USAGE_NAMES]);
const MENTIONS_PROVIDER_COUNT = new LiteralGate(PROVIDER_COUNTS);
// Names are upper case (`isSpendControlName`): the words appear as written, no case folding.
const MENTIONS_SPEND_CONTROL = new LiteralGate([...KILL_SWITCH_WORDS, ...SPEND_CAP_PHRASES]);
const IDENTITY: ReadonlySet<string> = new Set(IDENTITY_NAMES);
const STORE_WRITES: ReadonlySet<string> = new Set(STORE_WRITE_METHODS);
const LOG_KINDS = new Set(["log"] as const);
/** Variables followed back to their initialiser, at most this many steps. */
const MAX_FOLLOW = 3;
/** Project functions followed into what they return (`ask()` returning `{ …, inputTokens }` of `callModel()`), at most this many. */
const MAX_RETURN_HOPS = 3;
const OWNER_WORDS: ReadonlySet<string> = new Set(IDENTITY_OWNER_WORDS);
const KEY_WORDS: ReadonlySet<string> = new Set(IDENTITY_KEY_WORDS);

/** `userId`, `session.user`, and names whose first word says whose and last that it is a key (`userHashId`). */
export function isIdentityName(name: string): boolean {
  const lower = name.toLowerCase();
  if (IDENTITY.has(lower)) return true;
  const words = nameWords(name);
  return words.length >= 2 && OWNER_WORDS.has(words[0]!) && KEY_WORDS.has(words[words.length - 1]!);
}

function isUsageName(name: string): boolean {
  return USAGE_NAMES.has(name);
}

/** `userHashId` → user, hash, id; `account_uuid` → account, uuid (lower-cased; split at case changes, `_`, `-`, `$`). */
function nameWords(name: string): string[] {
  const words: string[] = [];
  let word = "";
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === "_" || c === "-" || c === "$") {
      if (word) words.push(word);
      word = "";
      continue;
    }
    const upper = c >= "A" && c <= "Z";
    // A capital after a lower-case letter starts a word (`userID` → user, id: a run of capitals is one word).
    if (upper && word && !(name[i - 1]! >= "A" && name[i - 1]! <= "Z")) {
      words.push(word);
      word = "";
    }
    word += c.toLowerCase();
  }
  if (word) words.push(word);
  return words;
}

export class UsageFinder {
  private readonly logs = new Map<string, Array<{ node: TsNode; label: string; values: TsNode[] }>>();
  private readonly writers = new Map<TsNode, "store" | "log" | null>();

  constructor(
    private readonly ts: Ts,
    private readonly fileOf: (rel: string) => FileFacts | undefined,
    private readonly evaluator?: Evaluator,
    /** Model call nodes: a model call is no store write (`chat.completions.create`). */
    private readonly modelCalls: ReadonlySet<TsNode> = new Set(),
  ) {}

  tree(file: string): TsSourceFile | undefined {
    return this.fileOf(file)?.syntaxTree(this.ts);
  }

  /** Can the text carry token usage at all (a usage container or count named in it)? Files without one need no walk. */
  mentionsUsage(file: FileFacts): boolean {
    return file.mayMatch(MENTIONS_USAGE);
  }

  /**
   * Log calls, store writes and recording helpers inside `scope` (a function or a whole file).
   * `ask`: a caller that needs no log records, or no usage or identity judged (spend-controls
   * counts usage written to a store; `writes` only asks what kind of record there is), says
   * so, and those are not worked out (the flags are then false).
   */
  recordsIn(file: string, scope: TsNode, followCalls = true, ask: { logs?: boolean; usage?: boolean; identity?: boolean } = {}): UsageRecord[] {
    const { ts } = this;
    const tree = this.tree(file);
    if (!tree) return [];
    const start = scope.getStart();
    const end = scope.getEnd();
    const out: UsageRecord[] = [];
    const judge = (node: TsNode, kind: UsageRecord["kind"], label: string, values: readonly TsNode[]): UsageRecord => ({
      file,
      node,
      kind,
      label,
      usage: ask.usage !== false && values.some((v) => this.carriesUsage(v, file)),
      identity: ask.identity !== false && values.some((v) => this.carriesIdentity(v, file)),
    });
    // A log call is never also a store write, whether or not its record is asked for.
    const logNodes = new Set<TsNode>();
    for (const log of this.logsOf(file, tree)) {
      if (log.node.getStart() < start || log.node.getEnd() > end) continue;
      logNodes.add(log.node);
      if (ask.logs !== false) out.push(judge(log.node, "log", log.label, log.values));
    }
    // Only calls matter here: the tree's call index lists them, so the scope is not walked again.
    for (const node of callsWithin(ts, tree, scope)) {
      if (logNodes.has(node) || this.modelCalls.has(node)) continue;
      const write = this.storeWrite(node) ?? this.passedStoreWrite(node);
      if (write) {
        out.push(judge(node, "store", write.label, write.values));
        continue;
      }
      const name = calleeName(ts, node.expression);
      if (!name) continue;
      const lower = name.toLowerCase();
      if (RECORDER_WORDS.some((w) => lower.includes(w))) {
        out.push(judge(node, "named", name, node.arguments));
        continue;
      }
      // `await saveStats(userId, usage)`: a project function given the usage, whose body logs or writes.
      // Usage seen in the arguments as written is checked first; only a helper that writes is worth
      // following into what the arguments' own calls return (`{ ...reply }` of `await ask()`).
      if (followCalls && this.evaluator) {
        const written = node.arguments.some((a) => this.names(a, file, isUsageName, 0, new Set(), false));
        if (!written && !node.arguments.some((a) => this.mayHoldReturn(a))) continue;
        const callee = this.evaluator.eval(node.expression, { file, tree });
        const writes = callee?.kind === "function" ? this.writes(callee.file, callee.node) : undefined;
        if (writes && (written || node.arguments.some((a) => this.carriesUsage(a, file)))) out.push({ ...judge(node, "helper", name, node.arguments), stores: writes === "store" });
      }
    }
    return out.sort((a, b) => a.node.getStart() - b.node.getStart());
  }

  /**
   * Could the argument hold what a call returns: a call, a variable a call gave
   * (`const reply = await ask()`), or an object literal with one as a value or spread
   * (`{ userId, ...reply }`)? Looked at one level deep: this gate runs for every call.
   */
  private mayHoldReturn(arg: TsNode): boolean {
    const { ts } = this;
    const given = (node: TsNode): boolean => {
      let value = unwrapExpression(ts, node);
      if (ts.isAwaitExpression(value)) value = unwrapExpression(ts, value.expression);
      if (ts.isCallExpression(value)) return true;
      if (!ts.isIdentifier(value)) return false;
      const binding = resolveName(ts, value.text, value);
      let init = binding?.kind === "variable" && binding.path.length === 0 && binding.init ? unwrapExpression(ts, binding.init) : undefined;
      if (init && ts.isAwaitExpression(init)) init = unwrapExpression(ts, init.expression);
      return init !== undefined && ts.isCallExpression(init);
    };
    const value = unwrapExpression(ts, arg);
    if (!ts.isObjectLiteralExpression(value)) return given(value);
    return value.properties.some((p) => (ts.isSpreadAssignment(p) ? given(p.expression) : ts.isPropertyAssignment(p) ? given(p.initializer) : ts.isShorthandPropertyAssignment(p) && given(p.name)));
  }

  /** Does the function write to a store, or only log, itself? */
  private writes(file: string, fn: TsNode): "store" | "log" | undefined {
    let known = this.writers.get(fn);
    if (known === undefined) {
      const records = this.recordsIn(file, fn, false, { usage: false, identity: false });
      known = records.some((r) => r.kind === "store") ? "store" : records.some((r) => r.kind === "log") ? "log" : null;
      this.writers.set(fn, known);
    }
    return known ?? undefined;
  }

  private logsOf(file: string, tree: TsSourceFile): Array<{ node: TsNode; label: string; values: TsNode[] }> {
    let found = this.logs.get(file);
    if (!found) {
      found = sinksIn(this.ts, file, tree, LOG_KINDS).map((s) => ({ node: s.node, label: s.label, values: s.values }));
      this.logs.set(file, found);
    }
    return found;
  }

  /**
   * A project helper handed a store's write method to call (`createEntity(this.history.create,
   * { data })`, `withRetry(prisma.usage.create, row)`): the write, with the other arguments.
   */
  private passedStoreWrite(node: TsNode & { expression: TsNode; arguments: readonly TsNode[] }): { label: string; values: TsNode[] } | undefined {
    const { ts } = this;
    const method = node.arguments.map((a) => unwrapExpression(ts, a)).find((a) => ts.isPropertyAccessExpression(a) && STORE_WRITES.has(a.name.text) && this.isStoreReceiver(a.expression));
    if (!method) return undefined;
    return { label: `${calleeName(ts, node.expression) ?? "call"}(${shortText(method)})`, values: node.arguments.filter((a) => unwrapExpression(ts, a) !== method) };
  }

  /** Not an in-memory collection or a receiver the tables name as no store (`map.set`, `cache.set`). */
  private isStoreReceiver(expression: TsNode): boolean {
    const { ts } = this;
    const receiver = unwrapExpression(ts, expression);
    const last = ts.isPropertyAccessExpression(receiver) ? receiver.name.text : ts.isIdentifier(receiver) ? receiver.text : ts.isCallExpression(receiver) ? calleeName(ts, receiver.expression) : undefined;
    if (last && NOT_A_STORE.includes(last.toLowerCase())) return false;
    // `partIds.set(id, …)` on a `new Map()` of the function: a collection in memory, not a store.
    if (ts.isIdentifier(receiver)) {
      const binding = resolveName(ts, receiver.text, receiver);
      const init = binding?.kind === "variable" && binding.path.length === 0 && binding.init ? unwrapExpression(ts, binding.init) : undefined;
      if (init && ts.isNewExpression(init) && IN_MEMORY_COLLECTIONS.includes(init.expression.getText())) return false;
    }
    return true;
  }

  /** A write to a DB, KV or Redis store: its label and the values it writes. */
  private storeWrite(node: TsNode & { expression: TsNode; arguments: readonly TsNode[] }): { label: string; values: TsNode[] } | undefined {
    const { ts } = this;
    const callee = unwrapExpression(ts, node.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    const chained = CHAINED_STORE_WRITES.find((c) => c.method === method);
    if (chained) {
      // `db.insert(usage).values({…})`: the chain's earlier calls name the table.
      const values: TsNode[] = [...node.arguments];
      let inner = unwrapExpression(ts, callee.expression);
      let started = false;
      for (let i = 0; i < 6 && ts.isCallExpression(inner); i++) {
        values.push(...inner.arguments);
        const name = calleeName(ts, inner.expression);
        if (name && chained.after.includes(name)) started = true;
        if (!ts.isPropertyAccessExpression(unwrapExpression(ts, inner.expression))) break;
        inner = unwrapExpression(ts, (unwrapExpression(ts, inner.expression) as TsNode & { expression: TsNode }).expression);
      }
      if (started) return { label: shortText(callee), values };
    }
    if (!STORE_WRITES.has(method) || !this.isStoreReceiver(callee.expression)) return undefined;
    const receiver = unwrapExpression(ts, callee.expression);
    const values: TsNode[] = [...node.arguments];
    // `supabase.from("usage").insert({…})`, `doc(db, "usage", uid).set({…})`: the chain's arguments say where.
    if (ts.isCallExpression(receiver)) values.push(...receiver.arguments);
    return { label: shortText(callee), values };
  }

  /** Does the expression (in `file`) carry token usage read from a response (`completion.usage.total_tokens`, `{ usage }` of `onFinish`)? */
  carriesUsage(node: TsNode, file: string): boolean {
    return this.names(node, file, isUsageName, 0, new Set());
  }

  /** Does the expression (in `file`) name who made the request (`userId`, `session.user.id`, `req.user`, an email, `userHashId`)? */
  carriesIdentity(node: TsNode, file: string): boolean {
    // Not into what called functions return: usage is what helpers hand back, an identity is passed in.
    return this.names(node, file, isIdentityName, 0, new Set(), false);
  }

  /** Per function: does what it returns carry usage? (Asked for every call in every record's arguments.) */
  private readonly returnsUsage = new WeakMap<TsNode, boolean>();

  /**
   * Whether some name in the expression matches: identifiers, member names, object keys,
   * the arguments of calls in it (not their callees: `prisma.usage.findFirst()` reads no
   * usage), what a project function called in it returns (`{ ...await ask(prompt) }` where
   * `ask` returns `{ text, inputTokens }`), and variables followed back to what they were
   * given. `followed`: the functions and bindings already looked into by this question;
   * `intoReturns`: false below one field destructured from a value, which is not all its call returns.
   */
  private names(root: TsNode, file: string, match: (name: string) => boolean, depth: number, followed: Set<TsNode>, intoReturns = true, hops = 0): boolean {
    const { ts } = this;
    let found = false;
    const stack: TsNode[] = [root];
    // Is the node the value itself (or part of it), not an argument of a call in it? Only the
    // value's own calls give it what they return: `JSON.stringify(await ask())` is a string.
    const whole: boolean[] = [true];
    while (stack.length && !found) {
      const node = stack.pop()!;
      const isValue = whole.pop()!;
      if (ts.isCallExpression(node)) {
        // What a model call was given (`user: userId` in its options) is not what its result records.
        if (this.modelCalls.has(node)) continue;
        for (const arg of node.arguments) {
          stack.push(arg);
          whole.push(false);
        }
        if (isValue && intoReturns && hops < MAX_RETURN_HOPS) found = this.returnsOfCallee(node, file, match, depth, followed, hops + 1);
        continue;
      }
      if (ts.isPropertyAccessExpression(node)) {
        if (match(node.name.text)) found = true;
        else {
          stack.push(node.expression);
          whole.push(isValue);
        }
        continue;
      }
      if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
        const key = propertyNameText(ts, node.name);
        if (key !== undefined && match(key)) {
          // `{ inputTokens: 0 }`: a counter's starting value, not a response's usage.
          if (ts.isPropertyAssignment(node) && isLiteralValue(ts, node.initializer)) continue;
          found = true;
          continue;
        }
      }
      if (ts.isIdentifier(node)) {
        if (match(node.text)) found = true;
        else if (depth < MAX_FOLLOW) found = this.followName(node, file, match, depth, followed, intoReturns && isValue, hops);
        continue;
      }
      // A function in the arguments is code, not a value written.
      if (ts.isFunctionLike(node)) continue;
      ts.forEachChild(node, (child) => {
        stack.push(child);
        whole.push(isValue);
      });
    }
    return found;
  }

  /** A variable or destructured parameter: the names it was bound under, and what it was given. */
  private followName(node: TsNode & { text: string }, file: string, match: (name: string) => boolean, depth: number, followed: Set<TsNode>, intoReturns: boolean, hops: number): boolean {
    const binding = resolveName(this.ts, node.text, node);
    if (!binding) return false;
    if (binding.kind === "variable" || binding.kind === "parameter") {
      if (binding.path.some((p) => match(p))) return true;
      if (binding.kind === "variable" && binding.init && !followed.has(binding.init)) {
        followed.add(binding.init);
        let init = unwrapExpression(this.ts, binding.init);
        if (this.ts.isAwaitExpression(init)) init = unwrapExpression(this.ts, init.expression);
        // `const { partId } = translate(part)`: one field of what the call returns, not the whole of it.
        return this.names(init, file, match, depth + 1, followed, intoReturns && binding.path.length === 0, hops);
      }
    }
    return false;
  }

  /** What the project function a call runs returns (a function written in place, `(async () => {…})()`, or one the evaluator finds). */
  private returnsOfCallee(call: TsNamespace.CallExpression, file: string, match: (name: string) => boolean, depth: number, followed: Set<TsNode>, hops: number): boolean {
    const { ts } = this;
    const callee = unwrapExpression(ts, call.expression);
    let fn: { file: string; node: TsNode } | undefined;
    if (ts.isFunctionExpression(callee) || ts.isArrowFunction(callee)) fn = { file, node: callee };
    else if (this.evaluator && (ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee))) {
      const tree = this.tree(file);
      const value = tree ? this.evaluator.eval(callee, { file, tree }) : undefined;
      if (value?.kind === "function") fn = { file: value.file, node: value.node };
    }
    if (!fn || followed.has(fn.node)) return false;
    // Only a file that names a usage field can return one: the others are not walked.
    const facts = this.fileOf(fn.file);
    if (match === isUsageName && facts && !this.mentionsUsage(facts)) return false;
    const known = match === isUsageName ? this.returnsUsage.get(fn.node) : undefined;
    if (known !== undefined) return known;
    followed.add(fn.node);
    let found = false;
    for (const returned of returnedExpressions(ts, fn.node)) {
      let value = unwrapExpression(ts, returned);
      if (ts.isAwaitExpression(value)) value = unwrapExpression(ts, value.expression);
      if ((found = this.names(value, fn.file, match, depth, followed, true, hops))) break;
    }
    if (match === isUsageName) this.returnsUsage.set(fn.node, found);
    return found;
  }

  /**
   * An observability integration that records this model call: per-call telemetry or gateway
   * headers on the call, a wrapped or gateway-routed client, a traced function around it,
   * a wrapped model given to it. The label of the first found, with where it is.
   */
  observedCall(call: ModelCallSite): { file: string; node: TsNode; label: string } | undefined {
    const tree = this.tree(call.file);
    if (!tree) return undefined;
    const fileFacts = this.fileOf(call.file);
    const { ts } = this;
    const node = call.node;
    if (ts.isCallExpression(node)) {
      for (const arg of node.arguments) {
        const options = objectOf(ts, arg);
        if (!options) continue;
        const telemetry = telemetryOn(ts, options);
        if (telemetry) return { file: call.file, node: telemetry, label: "AI SDK telemetry (experimental_telemetry)" };
        const gateway = gatewayOptions(ts, options);
        if (gateway) return { file: call.file, node: gateway, label: "LLM gateway headers on the call" };
        // `generateText({ model: withTracing(openai("gpt-4o"), posthog) })`, `invoke(input, { callbacks: [new CallbackHandler()] })`.
        const wrapped = this.wrapperIn(arg, call.file, "clientWrappers") ?? this.wrapperIn(arg, call.file, "callbackHandlers");
        if (wrapped) return wrapped;
      }
    }
    for (let up: TsNode | undefined = node.parent; up; up = up.parent) {
      if (ts.isCallExpression(up) && fileFacts) {
        const shape = this.wrapperShape(up, fileFacts, "functionWrappers");
        if (shape) return { file: call.file, node: up, label: `${shape.label} (${calleeName(ts, up.expression)} around the call)` };
      }
    }
    if (!call.client) return undefined;
    // Many calls share one client: it is judged once.
    const key = `${call.client.file}\0${call.client.start}`;
    if (!this.clientsObserved.has(key)) this.clientsObserved.set(key, this.observedClient(call.client.file, call.client.start));
    return this.clientsObserved.get(key);
  }
  private readonly clientsObserved = new Map<string, { file: string; node: TsNode; label: string } | undefined>();

  /** The client made at `file:start`: wrapped (`wrapOpenAI(new OpenAI())`), from an observing package, or pointed at a logging gateway. */
  private observedClient(file: string, start: number): { file: string; node: TsNode; label: string } | undefined {
    const { ts } = this;
    const tree = this.tree(file);
    const facts = this.fileOf(file);
    if (!tree || !facts) return undefined;
    const made = nodeStartingAt(ts, tree, start, (n): n is TsNamespace.NewExpression | TsNamespace.CallExpression => ts.isNewExpression(n) || ts.isCallExpression(n));
    if (!made) return undefined;
    const construction = made as TsNode & { expression: TsNode; arguments?: readonly TsNode[] };
    const ctor = calleeName(ts, construction.expression);
    const origin = ctor ? importOf(facts, ctor) : undefined;
    const shape = origin && OBSERVABILITY.find((o) => o.clientPackage && o.packages.some((p) => origin === p || origin.startsWith(`${p}/`)));
    if (shape) return { file, node: made, label: `${shape.label} client` };
    for (const arg of construction.arguments ?? []) {
      const options = objectOf(ts, arg);
      const gateway = options && gatewayOptions(ts, options);
      if (gateway) return { file, node: gateway, label: "client sent through an LLM gateway that logs each call" };
    }
    let up = made.parent;
    for (let i = 0; up && i < 3; i++, up = up.parent) {
      if (ts.isCallExpression(up)) {
        const wrapper = this.wrapperShape(up, facts, "clientWrappers");
        if (wrapper) return { file, node: up, label: `${wrapper.label} (${calleeName(ts, up.expression)} on the client)` };
      }
    }
    return undefined;
  }

  /** A call to an observability wrapper in the expression (or the variable it names). */
  private wrapperIn(root: TsNode, file: string, kind: WrapperKind): { file: string; node: TsNode; label: string } | undefined {
    const facts = this.fileOf(file);
    if (!facts) return undefined;
    const { ts } = this;
    let found: { file: string; node: TsNode; label: string } | undefined;
    const visit = (node: TsNode, depth: number): void => {
      if (found) return;
      if (ts.isCallExpression(node) || (kind === "callbackHandlers" && ts.isNewExpression(node))) {
        const shape = this.wrapperShape(node as TsNode & { expression: TsNode }, facts, kind);
        if (shape) {
          found = { file, node, label: `${shape.label} (${calleeName(ts, node.expression)})` };
          return;
        }
      }
      if (ts.isIdentifier(node) && depth < MAX_FOLLOW) {
        const binding = resolveName(ts, node.text, node);
        if (binding?.kind === "variable" && binding.init) visit(binding.init, depth + 1);
        return;
      }
      if (ts.isFunctionLike(node)) return;
      ts.forEachChild(node, (c) => visit(c, depth));
    };
    visit(root, 0);
    return found;
  }

  private wrapperShape(call: TsNode & { expression: TsNode }, facts: FileFacts, kind: WrapperKind): ObservabilityShape | undefined {
    const name = calleeName(this.ts, call.expression);
    if (!name) return undefined;
    const origin = importOf(facts, name);
    if (!origin) return undefined;
    return OBSERVABILITY.find((o) => o[kind]?.includes(importedName(facts, name) ?? name) && o.packages.some((p) => origin === p || origin.startsWith(`${p}/`)));
  }

  /** Imports of a package that instruments every model call of the process (Traceloop, OpenInference). */
  instrumentations(files: readonly FileFacts[]): Array<{ file: FileFacts; offset: number; label: string }> {
    const out: Array<{ file: FileFacts; offset: number; label: string }> = [];
    for (const file of files) {
      if (!file.isCode) continue;
      for (const record of file.header.imports) {
        if (record.typeOnly) continue;
        const shape = OBSERVABILITY.find((o) => o.instrumentation && o.packages.some((p) => record.specifier === p || record.specifier.startsWith(`${p}/`)));
        if (shape) out.push({ file, offset: record.offset, label: shape.label });
      }
    }
    return out;
  }

  /**
   * Tokenizer counts priced in the same function (`encode(text).length * PRICE_PER_TOKEN`,
   * `countTokens` compared with a budget), in files that import a tokenizer package.
   */
  costEstimates(file: FileFacts): TsNode[] {
    const { ts } = this;
    const tokenizer = file.header.imports.some((r) => !r.typeOnly && TOKENIZER_PACKAGES.some((p) => r.specifier === p || r.specifier.startsWith(`${p}/`)));
    // Provider counts (`anthropic.messages.countTokens(…)`, Gemini `model.countTokens(…)`) need no tokenizer package.
    if (!tokenizer && !file.mayMatch(MENTIONS_PROVIDER_COUNT)) return [];
    const tree = file.syntaxTree(ts);
    if (!tree) return [];
    const out: TsNode[] = [];
    walk(ts, tree, (node) => {
      if (!ts.isCallExpression(node)) return;
      const name = calleeName(ts, node.expression);
      if (!name || !TOKENIZER_CALLS.includes(name)) return;
      if (!tokenizer && !(PROVIDER_COUNTS.includes(name) && ts.isPropertyAccessExpression(unwrapExpression(ts, node.expression)))) return;
      const fn = enclosingFunction(ts, node);
      const text = (fn ?? tree).getText().toLowerCase();
      if (COST_WORDS.some((w) => text.includes(w))) out.push(node);
    });
    return out;
  }

  /**
   * Conditions that read a kill switch or spend cap (`if (process.env.AI_ENABLED !== "true")`,
   * `if (monthlySpend >= MAX_MONTHLY_COST)`): the condition nodes.
   */
  killSwitches(file: FileFacts): Array<{ node: TsNode; name: string }> {
    const { ts } = this;
    if (!file.mayMatch(MENTIONS_SPEND_CONTROL)) return [];
    const tree = file.syntaxTree(ts);
    if (!tree) return [];
    const out: Array<{ node: TsNode; name: string }> = [];
    walk(ts, tree, (node) => {
      const condition = ts.isIfStatement(node) || ts.isConditionalExpression(node) ? (node as TsNode & { expression?: TsNode; condition?: TsNode }).expression ?? (node as { condition?: TsNode }).condition : undefined;
      if (!condition) return;
      let name: string | undefined;
      walk(ts, condition, (n) => {
        if (name) return;
        const text = ts.isIdentifier(n) ? n.text : ts.isStringLiteralLike(n) && ts.isElementAccessExpression(n.parent) ? n.text : undefined;
        if (text && isSpendControlName(text)) name = text;
      });
      if (name) out.push({ node: condition, name });
    });
    return out;
  }
}

/** `AI_ENABLED`, `DISABLE_LLM`, `OPENAI_SPEND_LIMIT`, `MAX_MONTHLY_COST` (constants and env names only: upper case). */
export function isSpendControlName(name: string): boolean {
  if (name !== name.toUpperCase()) return false;
  if (SPEND_CAP_PHRASES.some((p) => name.includes(p))) return true;
  const words = name.split("_");
  if (!words.every((w) => KILL_SWITCH_AI_WORDS.includes(w) || KILL_SWITCH_WORDS.includes(w) || KILL_SWITCH_FILLER.includes(w))) return false;
  return words.some((w) => KILL_SWITCH_AI_WORDS.includes(w)) && words.some((w) => KILL_SWITCH_WORDS.includes(w));
}

function enclosingFunction(ts: Ts, node: TsNode): TsNode | undefined {
  for (let up = node.parent; up; up = up.parent) if (ts.isFunctionLike(up)) return up;
  return undefined;
}

/** The innermost function holding the node, or undefined at module level. */
export function functionAround(ts: Ts, node: TsNode): TsNode | undefined {
  return enclosingFunction(ts, node);
}

function objectOf(ts: Ts, node: TsNode): (TsNode & { properties: readonly TsNode[] }) | undefined {
  let n = unwrapExpression(ts, node);
  if (ts.isIdentifier(n)) {
    const binding = resolveName(ts, n.text, n);
    if (binding?.kind === "variable" && binding.init && !binding.path.length) n = unwrapExpression(ts, binding.init);
  }
  return ts.isObjectLiteralExpression(n) ? n : undefined;
}

function property(ts: Ts, object: TsNode & { properties: readonly TsNode[] }, name: string): TsNode | undefined {
  for (const p of object.properties) {
    if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && propertyNameText(ts, p.name) === name) return ts.isPropertyAssignment(p) ? p.initializer : p.name;
  }
  return undefined;
}

/** `experimental_telemetry: { isEnabled: true }`: the option. */
function telemetryOn(ts: Ts, options: TsNode & { properties: readonly TsNode[] }): TsNode | undefined {
  for (const t of TELEMETRY_OPTIONS) {
    const value = property(ts, options, t.option);
    const object = value && objectOf(ts, value);
    const enabled = object && property(ts, object, t.enabled);
    if (enabled?.kind === ts.SyntaxKind.TrueKeyword) return value!.parent;
  }
  return undefined;
}

/** A base URL on a logging gateway's host or env variable, or a gateway's header, in a client's or call's options: the option. */
function gatewayOptions(ts: Ts, options: TsNode & { properties: readonly TsNode[] }): TsNode | undefined {
  for (const key of ["baseURL", "baseUrl", "basePath"]) {
    const value = property(ts, options, key);
    if (!value) continue;
    const text = value.getText();
    if (GATEWAY_HOSTS.some((h) => text.includes(h)) || GATEWAY_ENV_WORDS.some((w) => text.includes(w))) return value.parent;
  }
  for (const key of ["defaultHeaders", "headers"]) {
    const value = property(ts, options, key);
    const object = value && objectOf(ts, value);
    if (!object) continue;
    for (const p of object.properties) {
      const name = (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && propertyNameText(ts, p.name);
      if (name && GATEWAY_HEADERS.includes(name.toLowerCase())) return p;
    }
  }
  return undefined;
}

/** The package a local name is imported from, if it is imported. */
function importOf(file: FileFacts, local: string): string | undefined {
  return file.header.imports.find((r) => !r.typeOnly && r.names.some((n) => (n.local ?? n.imported) === local))?.specifier;
}

function importedName(file: FileFacts, local: string): string | undefined {
  for (const r of file.header.imports) for (const n of r.names) if ((n.local ?? n.imported) === local) return n.imported === "default" ? local : n.imported;
  return undefined;
}

function shortText(node: TsNode): string {
  const text = node.getText().replace(/\s+/g, "");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A finder set up for a project: its evaluator follows helpers, its model calls are no store writes. */
export function usageFinderFor(project: ProjectModel, ts: Ts): UsageFinder {
  const surface = project.aiSurface(ts);
  return new UsageFinder(ts, (rel) => project.file(rel), project.routes(ts).context.evaluator, new Set(surface.callSites.map((c) => c.node)));
}
