/**
 * Backward data flow: given an expression (a prompt argument, the value written into
 * `innerHTML`, a logged object), which sources can its value come from, and how?
 *
 * The walk goes from the expression towards its sources: variables to their initialisers
 * and later assignments, destructuring, members, template literals and concatenation,
 * object and array literals, string and array helpers (table), calls to project functions
 * (their `return`s, with the call's arguments standing for the parameters, across files),
 * parameters to the arguments their callers pass, and a callback's parameters to what the
 * function it is handed to calls it with (`onChunk(delta)`). What counts as a source is asked
 * of an oracle, so one engine answers "untrusted input", "model output" and "secret".
 *
 * It is bounded everywhere (depth, a visit budget per question, traces per answer) and
 * unknown is a fine answer: a call it cannot see into carries nothing.
 */
import { calleeName, functionName, propertyNameText, rootIdentifier, unwrapExpression, walk } from "../../facts/ast.js";
import type { FileFacts } from "../../facts/file-facts.js";
import type { Ts, TsNode, TsSourceFile } from "../../facts/typescript.js";
import {
  ARGUMENT_CARRYING_CONSTRUCTORS,
  ARRAY_APPENDERS,
  CALLBACK_RETURNING_METHODS,
  CONTAINER_MEMBERS,
  ITERATING_METHODS,
  NOT_SCHEMA_RECEIVERS,
  PROMISE_COMBINATORS,
  PROMISE_CONSTRUCTORS,
  TEXT_EXTRACTORS,
  SCHEMA_CONSTRUCTOR,
  VALIDATING_GUARD_CALLS,
  TOKEN_MEASURING_CALLS,
  ARGUMENT_CARRYING_FUNCTIONS,
  ARGUMENT_CARRYING_METHODS,
  FIRST_ARGUMENT_CARRYING_METHODS,
  SUBSTITUTING_METHODS,
  BOUNDING_FUNCTIONS,
  BOUNDING_METHODS,
  RECEIVER_CARRYING_METHODS,
  RECORD_RETURNING_WRITES,
  CONVERSATION_NAME,
  CALLING_HOOKS,
  ROLE_FILTER,
  VALIDATION_PACKAGES,
  VALIDATOR_FUNCTIONS,
  VALIDATOR_METHODS,
} from "../../knowledge/data-flow.js";
import type { ts as TsNamespace } from "ts-morph";
import { CALLBACK_RESULTS, PASS_THROUGH_CALLS } from "../../knowledge/pass-through-calls.js";
import type { ModuleGraph } from "../module-graph.js";
import { definitionOf, returnedExpressions } from "../routes/definitions.js";
import { resolveName, type Binding } from "../scopes.js";
import type { Evaluator, Site } from "../values.js";
import { argumentAt, normaliseExport } from "../values.js";
import { callIndexOf, callsWithin } from "../../facts/call-index.js";
import { attributeExpression, componentElementsOf, mayHoldJsx } from "../../facts/jsx-elements.js";
import { callbackSlots, forwardedPaths, MAX_FIELD_PATH, parameterPath, sameKeys, wrappedFunctionName } from "./callback-slots.js";
import { distinctTraces, withStep, type Step, type Trace } from "./trace.js";
import { requiredPackage, responseBody, streamChunks } from "../responses.js";
import { schemaText } from "./schemas.js";
import { accessPath, narrowingRegions, type Narrowing } from "./guards.js";
import { StateStores } from "./state-stores.js";
import type { AnalysisGaps } from "../gaps.js";

export interface FlowContext {
  ts: Ts;
  modules: ModuleGraph;
  /** Evaluates across every code file (to find the functions calls lead to). */
  evaluator: Evaluator;
  tree(relPath: string): TsSourceFile | undefined;
  file(relPath: string): FileFacts | undefined;
  /** Files whose calls are searched when data enters a function through a parameter. */
  callerFiles(): readonly string[];
  /** Where a question that fails on a file is recorded (the rest of the project is still answered). */
  gaps?: AnalysisGaps;
  /** The path a route handler function answers (`/api/chat`), when the route table knows it. */
  routePathOf?(handler: TsNode): string | undefined;
  /** The lowest major version of a package the app holding a file declares (`packages.ts`); absent in the one-file ESLint run. */
  declaredMajor?(file: string, pkg: string): number | undefined;
  /** Does the code at this offset run in a browser or on a device (the runtime model)? Absent in the one-file ESLint run. */
  inBrowser?(file: string, offset: number): boolean;
}

export type ParameterBinding = Extract<Binding, { kind: "parameter" }>;

/** What counts as a source, and what stops data, for one question. */
export interface SourceOracle {
  /** Traces starting at this expression when it is a source. */
  source(node: TsNode, site: Site): Trace[] | undefined;
  /** A parameter that holds source data in itself (a server action argument, a socket message). */
  parameter?(binding: ParameterBinding, site: Site): Trace[] | undefined;
  /** Calls that clean the data for this question (an HTML sanitizer): nothing flows through. */
  stops?(call: TsNamespace.CallExpression, site: Site): boolean;
  /**
   * A member read (`env.PORT`, `const { PORT } = env`) of a record source: the trace of that
   * one member, or undefined when it carries nothing this question follows.
   */
  member?(trace: Trace, key: string): Trace | undefined;
}

/** Inlined calls: which arguments stand for a function's parameters. */
interface Env {
  fn: TsNode;
  args: readonly TsNode[];
  site: Site;
  parent: Env | undefined;
  depth: number;
}

const MAX_INLINE_DEPTH = 6;
/** Distinct traces kept per visit and per answer. */
const TRACES_PER_ANSWER = 6;
const VISIT_BUDGET = 5000;
/** Nested visits (an alias of an alias of…, a `+` of a `+` of…) past this give up with "unknown". */
const MAX_VISIT_DEPTH = 200;
/** The name under which questions that failed are recorded (see `AnalysisGaps`). */
export const FLOW_PART = "data flow";
const MAX_CALLERS = 4;

/** Where a member's value is written: the expression, where, and the inlined calls around it. */
interface Field {
  node: TsNode;
  site: Site;
  env: Env | undefined;
}
/** Receivers whose `parse` is not schema validation. */

/**
 * A call of a function given as a callback (`onChunk(delta)` inside `streamReply(q, onChunk)`
 * for the callback passed there): the call, where, and the inlined calls around it (the
 * function that got the callback, its parameters bound to the call that passed it).
 */
interface Invocation {
  call: TsNamespace.CallExpression;
  site: Site;
  env: Env | undefined;
}

/** A write to a name inside a scope: `x = v`, `x += v`, `x.value = v` (a Vue ref, a React ref), `x.push(v)`. */
interface Write {
  kind: "assign" | "container" | "append" | "member";
  at: TsNode;
  values: readonly TsNode[];
  /** `member`: the property written (`contact.name = v`). */
  key?: string;
}

/** Per scope node, its writes by the name written to: one walk per scope, shared by every tracker and variable. */
const WRITES = new WeakMap<TsNode, Map<string, Write[]>>();

function writesIn(ts: Ts, scope: TsNode): Map<string, Write[]> {
  let index = WRITES.get(scope);
  if (index) return index;
  const byName = new Map<string, Write[]>();
  const add = (name: string, write: Write) => {
    const list = byName.get(name);
    if (list) list.push(write);
    else byName.set(name, [write]);
  };
  const { EqualsToken, PlusEqualsToken, QuestionQuestionEqualsToken, BarBarEqualsToken } = ts.SyntaxKind;
  walk(ts, scope, (n) => {
    if (n === scope) return;
    if (ts.isBinaryExpression(n)) {
      const op = n.operatorToken.kind;
      if (op !== EqualsToken && op !== PlusEqualsToken && op !== QuestionQuestionEqualsToken && op !== BarBarEqualsToken) return;
      if (ts.isIdentifier(n.left)) add(n.left.text, { kind: "assign", at: n, values: [n.right] });
      // `answer.value = …` (Vue ref), `ref.current = …`: the container of the variable.
      else if (ts.isPropertyAccessExpression(n.left) && CONTAINER_MEMBERS.includes(n.left.name.text) && ts.isIdentifier(n.left.expression)) add(n.left.expression.text, { kind: "container", at: n, values: [n.right] });
      // `contact.name = lines[0]`: a property of an object the variable holds.
      else if (op === EqualsToken && ts.isPropertyAccessExpression(n.left) && ts.isIdentifier(n.left.expression)) add(n.left.expression.text, { kind: "member", at: n, values: [n.right], key: n.left.name.text });
    } else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ARRAY_APPENDERS.includes(n.expression.name.text) && ts.isIdentifier(n.expression.expression)) {
      // `messages.push({ … })` adds to the array.
      add(n.expression.expression.text, { kind: "append", at: n, values: n.arguments });
    }
  });
  WRITES.set(scope, byName);
  return byName;
}

export class Tracker {
  private budget = 0;
  private depth = 0;
  private readonly memo = new Map<TsNode, Trace[]>();
  private readonly active = new Set<TsNode>();
  private readonly guardCache = new Map<TsNode, Guard[]>();
  private readonly assignmentCache = new Map<TsNode, TsNode[]>();
  private readonly narrowingCache = new Map<TsSourceFile, Narrowing[]>();
  /** Per function passed as a callback, where it is called (see `invocationsOf`). */
  private readonly invocationCache = new Map<TsNode, Invocation[]>();

  private readonly relational: ReadonlySet<number>;
  /** Client state stores, asked when a value is read out of one (`useX((s) => s.field)`). */
  private stores?: StateStores;

  constructor(
    readonly context: FlowContext,
    private readonly oracle: SourceOracle,
  ) {
    const { SyntaxKind } = context.ts;
    this.relational = new Set([SyntaxKind.GreaterThanToken, SyntaxKind.GreaterThanEqualsToken, SyntaxKind.LessThanToken, SyntaxKind.LessThanEqualsToken]);
  }

  /** Where the value of `expr` can come from (at most a few distinct sources). */
  tracesOf(expr: TsNode, site: Site): Trace[] {
    this.budget = VISIT_BUDGET;
    const { gaps } = this.context;
    // As many as a visit keeps (6): a source past the fourth may be the one nothing protects.
    if (!gaps) return distinctTraces(this.visit(expr, site, undefined), TRACES_PER_ANSWER);
    return gaps.contain(FLOW_PART, site.file, () => distinctTraces(this.visit(expr, site, undefined), TRACES_PER_ANSWER)) ?? [];
  }

  private visit(expr: TsNode, site: Site, env: Env | undefined): Trace[] {
    if (--this.budget < 0 || this.depth >= MAX_VISIT_DEPTH) return [];
    this.depth++;
    try {
      return this.visitCounted(expr, site, env);
    } finally {
      this.depth--;
    }
  }

  private visitCounted(expr: TsNode, site: Site, env: Env | undefined): Trace[] {
    const node = unwrapExpression(this.context.ts, expr);
    if (this.active.has(node)) return [];
    if (!env) {
      const known = this.memo.get(node);
      if (known) return known;
    }
    this.active.add(node);
    let result: Trace[];
    try {
      result = this.narrowed(node, distinctTraces(this.visitInner(node, site, env), TRACES_PER_ANSWER), site);
    } finally {
      this.active.delete(node);
    }
    if (!env) this.memo.set(node, result);
    return result;
  }

  private visitInner(node: TsNode, site: Site, env: Env | undefined): Trace[] {
    const { ts } = this.context;
    if (ts.isAwaitExpression(node) || ts.isSpreadElement(node) || ts.isSpreadAssignment(node)) return this.visit(node.expression, site, env);
    const sourced = this.oracle.source(node, site);
    if (sourced) return sourced;
    if (ts.isIdentifier(node)) return this.visitIdentifier(node, site, env);
    if (ts.isPropertyAccessExpression(node)) {
      // A length is a number: nothing of the text travels with it.
      if (node.name.text === "length") return [];
      const stored = this.storedField(node, site);
      if (stored) return stored;
      const member = this.memberOfLiteral(node, site, env);
      if (member) return member;
      return this.picked(this.visit(node.expression, site, env), node.name.text);
    }
    if (ts.isElementAccessExpression(node)) {
      const key = ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
      // `messages[0]`: that element of an array literal, not its neighbours.
      const member = key === undefined && !ts.isNumericLiteral(node.argumentExpression) ? undefined : this.memberOfLiteral(node, site, env);
      if (member) return member;
      return key ? this.picked(this.visit(node.expression, site, env), key) : this.visit(node.expression, site, env);
    }
    if (ts.isCallExpression(node)) return this.visitCall(node, site, env);
    if (ts.isNewExpression(node)) {
      const name = calleeName(ts, node.expression);
      if (name && ARGUMENT_CARRYING_CONSTRUCTORS.includes(name)) return this.union(node.arguments ?? [], site, env, true);
      // `new Response(body)`, `new NextResponse(body)`: a response made in a helper and returned sends its body.
      const body = responseBody(ts, node);
      if (body) return this.union(body, site, env, true);
      // A stream written in place carries the chunks it enqueues, each a part of its body.
      const chunks = streamChunks(ts, node);
      if (chunks) return this.union(chunks, site, env, false);
      if (name && PROMISE_CONSTRUCTORS.includes(name)) return this.union(resolvedValues(ts, node), site, env, true);
      return [];
    }
    if (ts.isTemplateExpression(node)) return combined(this.union(node.templateSpans.map((s) => s.expression), site, env));
    if (ts.isTaggedTemplateExpression(node)) {
      const template = node.template;
      return ts.isTemplateExpression(template) ? combined(this.union(template.templateSpans.map((s) => s.expression), site, env)) : [];
    }
    if (ts.isBinaryExpression(node)) return this.visitBinary(node, site, env);
    if (ts.isConditionalExpression(node)) return this.union([node.whenTrue, node.whenFalse], site, env, true);
    if (ts.isObjectLiteralExpression(node)) {
      const parts: TsNode[] = [];
      for (const p of node.properties) {
        if (ts.isPropertyAssignment(p)) parts.push(p.initializer);
        else if (ts.isShorthandPropertyAssignment(p)) parts.push(p.name);
        else if (ts.isSpreadAssignment(p)) parts.push(p.expression);
      }
      return combined(this.union(parts, site, env));
    }
    if (ts.isArrayLiteralExpression(node)) return combined(this.union(node.elements, site, env));
    return [];
  }

  /** Traces read along a member `key` of what they hold: named by it, and a record source narrowed to that member by the oracle. */
  private picked(traces: Trace[], key: string): Trace[] {
    const member = this.oracle.member;
    if (!member || !traces.some((t) => t.source.record)) return named(traces, key);
    const out: Trace[] = [];
    for (const t of traces) {
      const one = t.source.record ? member.call(this.oracle, t, key) : t;
      if (one) out.push(one);
    }
    return named(out, key);
  }

  /**
   * `config.port` where `config` is an object literal (here, imported, or the argument an
   * inlined call or a caller passes for a parameter): only that property's value, not every
   * other one (`config.openai.apiKey` beside it, `question` beside `hints`). Undefined when
   * the object is not a literal the walk can see whole.
   */
  private memberOfLiteral(node: TsNamespace.PropertyAccessExpression | TsNamespace.ElementAccessExpression, site: Site, env: Env | undefined): Trace[] | undefined {
    const { ts } = this.context;
    const key = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isStringLiteralLike(node.argumentExpression) || ts.isNumericLiteral(node.argumentExpression) ? node.argumentExpression.text : undefined;
    if (key === undefined) return undefined;
    const found = this.field(node.expression, [key], site, env);
    if (found === undefined && ts.isElementAccessExpression(node) && ts.isNumericLiteral(node.argumentExpression)) return undefined;
    const step = { file: site.file, start: node.getStart(site.tree), note: shortText(ts, node, site) };
    let traces: Trace[] | undefined;
    if (found === "absent") traces = [];
    // `resume.contact.name`: the value went by every member read on the way (`contact`, then `name`), as when picked one by one.
    else if (found) traces = memberNames(ts, node).reduce((t, k) => named(t, k), this.visit(found.node, found.site, found.env));
    else traces = this.memberFromCallers(node, site, env);
    if (!traces) return undefined;
    return this.withGuards(traces.map((t) => withStep(t, step)), receiverRoot(ts, node.expression), site);
  }

  /**
   * `node.k1.k2` followed through object literals: in place, in a variable, imported, in
   * the argument an inlined call passes for a parameter, in a `.then((r) => ({ … }))`
   * callback's return. The property's expression, `absent` when the literal surely has no
   * such property, undefined when the walk cannot see the object whole.
   */
  private field(node: TsNode, keys: readonly string[], site: Site, env: Env | undefined, depth = 0): Field | "absent" | undefined {
    const { ts } = this.context;
    if (keys.length === 0) return { node, site, env };
    if (depth > 6 || keys.length > MAX_FIELD_PATH) return undefined;
    const current = unwrapExpression(ts, node);
    if (ts.isObjectLiteralExpression(current)) {
      const value = propertyValue(ts, current, keys[0]!);
      return value === "absent" || value === undefined ? value : this.field(value, keys.slice(1), site, env, depth + 1);
    }
    if (ts.isArrayLiteralExpression(current)) {
      const element = elementAt(ts, current, keys[0]!);
      return element === undefined ? undefined : this.field(element, keys.slice(1), site, env, depth + 1);
    }
    if (ts.isPropertyAccessExpression(current)) return this.field(current.expression, [current.name.text, ...keys], site, env, depth + 1);
    if (ts.isElementAccessExpression(current) && (ts.isStringLiteralLike(current.argumentExpression) || ts.isNumericLiteral(current.argumentExpression))) return this.field(current.expression, [current.argumentExpression.text, ...keys], site, env, depth + 1);
    if (ts.isAwaitExpression(current)) return this.field(current.expression, keys, site, env, depth + 1);
    if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && isPredicatePick(current.expression.name.text)) {
      // `messages.find((m) => m.role === "system")`: the first element of a literal whose role says so.
      const array = this.arrayLiteral(current.expression.expression, site, env);
      const index = array && firstMatch(ts, array.node, current.arguments[0]);
      return index === undefined || !array ? undefined : this.field(array.node, [String(index), ...keys], array.site, array.env, depth + 1);
    }
    if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
      // `(await db.note.create({ data: { body } })).id`: the record written holds what was stored, and
      // fields the write did not set (an id, a timestamp) come from the database, not from the value.
      const write = RECORD_RETURNING_WRITES.find((w) => w.method === (current.expression as TsNamespace.PropertyAccessExpression).name.text && w.fields.length === 1);
      const stored = write && argumentAt(ts, current, `0.${write.fields[0]}`, (n) => this.context.evaluator.followToExpression(n));
      if (stored) return this.field(stored, keys, site, env, depth + 1);
    }
    if (ts.isCallExpression(current)) {
      // A call this question starts at (`useProfile()`, a person's record for DP-1) is a source as a whole: the visit traces it, not the fields behind it.
      if (this.oracle.source(current, site)) return undefined;
      // `useContext(ProfileContext).profileData`: that field of the value its one provider gives (several: unknown here, each followed whole).
      const provided = this.context.evaluator.contextValues(current, site);
      if (provided) return provided.length === 1 ? this.field(provided[0]!.node, keys, provided[0]!.site, undefined, depth + 1) : undefined;
      // `await req.json().then((body) => ({ topic: …, language: … }))`
      const callback = current.arguments[0];
      const method = ts.isPropertyAccessExpression(current.expression) ? current.expression.name.text : undefined;
      // `…then((res) => ({ text: … })).catch(log)`: the field of the promise the error handler is attached to.
      if (method && (CALLBACK_RESULTS.keeping as readonly string[]).includes(method)) return this.field((current.expression as TsNamespace.PropertyAccessExpression).expression, keys, site, env, depth + 1);
      if (method === "then" && callback && ts.isFunctionLike(callback)) {
        const returned = returnedExpressions(this.context, callback);
        return returned.length === 1 ? this.field(returned[0]!, keys, site, env, depth + 1) : undefined;
      }
      // `parseResume(text).contact`: that field of what the project's function returns, its parameters bound to this call's arguments.
      const target = this.context.evaluator.eval(current.expression, site);
      // `useMemo(() => ({ profile, update }), [profile])`: the value the callback returns, as it is.
      const passThrough = target?.kind === "function" ? undefined : this.passThroughGiven(current);
      if (passThrough) return this.field(passThrough, keys, site, env, depth + 1);
      const tree = target?.kind === "function" ? this.context.tree(target.file) : undefined;
      const frameDepth = (env?.depth ?? 0) + 1;
      if (target?.kind !== "function" || !tree || frameDepth > MAX_INLINE_DEPTH) return undefined;
      const returned = returnedExpressions(this.context, target.node);
      const inner: Env = { fn: target.node, args: current.arguments, site, parent: env, depth: frameDepth };
      return returned.length === 1 ? this.field(returned[0]!, keys, { file: target.file, tree }, inner, depth + 1) : undefined;
    }
    if (!ts.isIdentifier(current)) return undefined;
    const binding = resolveName(ts, current.text, current);
    if (binding?.kind === "variable") {
      const statement = binding.declaration.parent?.parent;
      if (!binding.init || (statement && (ts.isForOfStatement(statement) || ts.isForInStatement(statement))) || this.assignmentsTo(binding).length) return undefined;
      if (binding.path.length === 0) {
        // `const contact = {}; contact.name = lines[0]`: the one value written to the property, none other seen.
        const written = this.memberWrites(binding, keys[0]!);
        if (written.length === 1 && this.field(binding.init, keys.slice(0, 1), site, env, depth + 1) === "absent") return this.field(written[0]!, keys.slice(1), site, env, depth + 1);
        if (written.length) return undefined;
      }
      return this.field(binding.init, [...binding.path, ...keys], site, env, depth + 1);
    }
    if (binding?.kind === "parameter") {
      const frame = frameOf(env, binding.fn);
      const arg = frame?.args[binding.index];
      if (!frame || !arg || ts.isSpreadElement(arg)) return undefined;
      return this.field(arg, [...binding.path, ...keys], frame.site, frame.parent, depth + 1);
    }
    if (binding?.kind === "import" && !binding.typeOnly) {
      const def = definitionOf(this.context, current, site);
      if (def.node !== current) return this.field(def.node, keys, { file: def.file, tree: def.tree }, undefined, depth + 1);
    }
    return undefined;
  }

  /**
   * `turns.find((t) => t.role === "system").content`, `turns[0].content`, `first.content`
   * after `const [first] = turns`: the expression the array literal's element holds there,
   * when the value is selected out of an array literal the walk can see.
   */
  selectedFromArray(node: TsNode, site: Site): { node: TsNode; site: Site } | undefined {
    const { ts } = this.context;
    const n = unwrapExpression(ts, node);
    if (!(ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) || !this.selectsElement(n, 0)) return undefined;
    const key = ts.isPropertyAccessExpression(n) ? n.name.text : ts.isStringLiteralLike(n.argumentExpression) || ts.isNumericLiteral(n.argumentExpression) ? n.argumentExpression.text : undefined;
    const found = key === undefined ? undefined : this.field(n.expression, [key], site, undefined);
    return found && found !== "absent" ? { node: found.node, site: found.site } : undefined;
  }

  /** Does a member chain pick an element of an array (a constant index, `.find(…)`, array destructuring)? */
  private selectsElement(expr: TsNode, depth: number): boolean {
    const { ts } = this.context;
    const n = unwrapExpression(ts, expr);
    if (depth > MAX_FIELD_PATH + 2) return false;
    if (ts.isElementAccessExpression(n) && ts.isNumericLiteral(n.argumentExpression)) return true;
    if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) return this.selectsElement(n.expression, depth + 1);
    if (ts.isCallExpression(n)) return ts.isPropertyAccessExpression(n.expression) && isPredicatePick(n.expression.name.text);
    if (!ts.isIdentifier(n)) return false;
    const binding = resolveName(ts, n.text, n);
    if (binding?.kind !== "variable" || !binding.init) return false;
    if (binding.path.length) return /^\d+$/.test(binding.path[0]!);
    return this.selectsElement(binding.init, depth + 1);
  }

  /** The array literal a variable (or import) holds, when nothing is appended or assigned to it later. */
  private arrayLiteral(node: TsNode, site: Site, env: Env | undefined): { node: TsNamespace.ArrayLiteralExpression; site: Site; env: Env | undefined } | undefined {
    const { ts } = this.context;
    let current = unwrapExpression(ts, node);
    let at = site;
    for (let i = 0; i < 4; i++) {
      if (ts.isArrayLiteralExpression(current)) return { node: current, site: at, env: at === site ? env : undefined };
      if (!ts.isIdentifier(current)) return undefined;
      const binding = resolveName(ts, current.text, current);
      if (binding?.kind === "variable") {
        if (!binding.init || binding.path.length || this.assignmentsTo(binding).length) return undefined;
        current = unwrapExpression(ts, binding.init);
      } else if (binding?.kind === "import" && !binding.typeOnly) {
        const def = definitionOf(this.context, current, at);
        if (def.node === current) return undefined;
        current = unwrapExpression(ts, def.node);
        at = { file: def.file, tree: def.tree };
      } else return undefined;
    }
    return undefined;
  }

  /** `brief.question` where `brief` is a parameter no inlined call binds: that field of what each caller passes. */
  private memberFromCallers(node: TsNode, site: Site, env: Env | undefined): Trace[] | undefined {
    const { ts } = this.context;
    const keys: string[] = [];
    let receiver = unwrapExpression(ts, node);
    while (keys.length <= MAX_FIELD_PATH) {
      if (ts.isPropertyAccessExpression(receiver)) keys.unshift(receiver.name.text);
      else if (ts.isElementAccessExpression(receiver) && ts.isStringLiteralLike(receiver.argumentExpression)) keys.unshift(receiver.argumentExpression.text);
      else break;
      receiver = unwrapExpression(ts, receiver.expression);
    }
    if (keys.length === 0 || keys.length > MAX_FIELD_PATH) return undefined;
    return this.fieldFromCallers(receiver, keys, site, env);
  }

  /**
   * The field `keys` of a parameter no inlined call binds (`brief.question`, or `const {
   * question } = brief`): that field of what each caller passes, not every field of it.
   */
  private fieldFromCallers(receiver: TsNode, keys: readonly string[], site: Site, env: Env | undefined): Trace[] | undefined {
    const { ts } = this.context;
    if (!ts.isIdentifier(receiver)) return undefined;
    const binding = resolveName(ts, receiver.text, receiver);
    if (binding?.kind !== "parameter" || frameOf(env, binding.fn) || this.iteratingCall(binding)) return undefined;
    if (this.oracle.parameter?.(binding, site)) return undefined;
    return this.fromCallers(binding, site, keys);
  }

  private visitBinary(node: TsNamespace.BinaryExpression, site: Site, env: Env | undefined): Trace[] {
    const { ts } = this.context;
    switch (node.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
      case ts.SyntaxKind.PlusEqualsToken:
        return combined(this.union([node.left, node.right], site, env));
      case ts.SyntaxKind.QuestionQuestionToken:
      case ts.SyntaxKind.BarBarToken:
        return this.union([node.left, node.right], site, env, true);
      case ts.SyntaxKind.AmpersandAmpersandToken:
      case ts.SyntaxKind.CommaToken:
      case ts.SyntaxKind.EqualsToken:
        return this.visit(node.right, site, env);
      default:
        return [];
    }
  }

  private union(nodes: readonly TsNode[], site: Site, env: Env | undefined, keepWhole = true): Trace[] {
    const out: Trace[] = [];
    for (const n of nodes) out.push(...this.visit(n, site, env));
    return keepWhole ? out : combined(out);
  }

  /**
   * Sloppy JavaScript: `ret = await callModel(msg)` with `ret` declared nowhere makes a
   * global. Its values are what the enclosing function assigns to it.
   */
  private implicitGlobal(node: TsNamespace.Identifier, site: Site, env: Env | undefined): Trace[] {
    const { ts } = this.context;
    let scope: TsNode | undefined = node.parent;
    while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
    if (!scope || ts.isSourceFile(scope)) return [];
    const rights: TsNode[] = [];
    walk(ts, scope, (n) => {
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && n.left.text === node.text && n.left !== node) rights.push(n.right);
    });
    return rights.flatMap((right) => this.visit(right, site, env)).map((t) => withStep(t, { file: site.file, start: node.getStart(site.tree), note: node.text }));
  }

  private visitIdentifier(node: TsNamespace.Identifier, site: Site, env: Env | undefined): Trace[] {
    const { ts } = this.context;
    const binding = resolveName(ts, node.text, node);
    if (!binding) return this.implicitGlobal(node, site, env);
    let traces: Trace[];
    switch (binding.kind) {
      case "variable":
        traces = this.visitVariable(binding, site, env);
        break;
      case "parameter":
        traces = this.visitParameter(binding, site, env);
        break;
      case "import": {
        if (binding.typeOnly) return [];
        const def = definitionOf(this.context, node, site);
        if (def.node === node || ts.isFunctionLike(def.node) || ts.isClassLike(def.node)) return [];
        traces = this.visit(def.node, { file: def.file, tree: def.tree }, undefined);
        break;
      }
      default:
        return [];
    }
    if (traces.length === 0) return traces;
    return this.withGuards(
      traces.map((t) => {
        const out = withStep(t, { file: site.file, start: node.getStart(site.tree), note: node.text });
        return out.whole && !out.names.includes(node.text) ? { ...out, names: [...out.names, node.text] } : out;
      }),
      node,
      site,
    );
  }

  /**
   * A variable or member read where an equality or allow-list test has narrowed it to the
   * app's constants (`if (persona === "pirate") …persona…`): whatever it came from, it is
   * one of those values here.
   */
  private narrowed(node: TsNode, traces: Trace[], site: Site): Trace[] {
    const { ts } = this.context;
    if (traces.length === 0 || !(ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node))) return traces;
    const path = accessPath(ts, node);
    if (!path) return traces;
    let regions = this.narrowingCache.get(site.tree);
    if (!regions) this.narrowingCache.set(site.tree, (regions = narrowingRegions(this.context, site)));
    const at = node.getStart(site.tree);
    const region = regions.find((r) => r.from <= at && at < r.to && [...r.paths].some((p) => path === p || path.startsWith(`${p}.`)));
    if (!region) return traces;
    const step: Step = { file: site.file, start: region.at, note: `${path} narrowed to fixed values` };
    return traces.map((t) => (t.allowListed ? t : { ...t, allowListed: step }));
  }

  /** Length checks and validation guards on the variable `use` names, before it. */
  private withGuards(traces: Trace[], use: TsNamespace.Identifier | undefined, site: Site): Trace[] {
    if (!use || traces.length === 0) return traces;
    const guards = this.guardsBefore(use, use.text, site);
    if (!guards.bounded && !guards.validated) return traces;
    return traces.map((t) => {
      let out = t;
      if (guards.bounded && !out.bounded) out = { ...out, bounded: guards.bounded };
      if (guards.validated && !out.validated) out = { ...out, validated: guards.validated };
      return out;
    });
  }

  private visitVariable(binding: Extract<Binding, { kind: "variable" }>, site: Site, env: Env | undefined): Trace[] {
    const { ts } = this.context;
    const declaration = binding.declaration;
    const statement = declaration.parent?.parent;
    const out: Trace[] = [];
    if (statement && (ts.isForOfStatement(statement) || ts.isForInStatement(statement))) {
      out.push(...this.visit(statement.expression, site, env));
    } else if (binding.init) {
      // `const { rawText } = useResumeStore()`: that field of the store.
      const stored = binding.path.length ? this.storedField(binding.init, site, binding.path) : undefined;
      // `const { topic, language } = …`: only the destructured field of a literal the walk can see.
      out.push(...(stored ?? this.argumentTraces(binding.init, binding.path, site, env)));
      out.push(...this.setterFlows(binding, site));
    }
    if (binding.path.length === 0) for (const right of this.assignmentsTo(binding)) out.push(...this.visit(right, site, env));
    if (!binding.path.length) return out;
    const numeric = this.numberDefault(declaration, binding.name);
    return out.map((t) => withStep(numeric ? { ...t, numberDefault: true } : t, { file: site.file, start: declaration.getStart(site.tree), note: `${binding.name} (destructured)` }));
  }

  /** `const { count = 4 } = …`: the field `name` of a destructuring defaults to a number or boolean, so it is likely not text. */
  private numberDefault(declaration: TsNode, name: string): boolean {
    const { ts } = this.context;
    if (!ts.isVariableDeclaration(declaration)) return false;
    let hit = false;
    walk(ts, declaration.name, (n) => {
      if (!ts.isBindingElement(n) || !ts.isIdentifier(n.name) || n.name.text !== name || !n.initializer) return;
      const init = unwrapExpression(ts, n.initializer);
      hit ||= ts.isNumericLiteral(init) || init.kind === ts.SyntaxKind.TrueKeyword || init.kind === ts.SyntaxKind.FalseKeyword;
    });
    return hit;
  }

  /**
   * A field read out of a client state store (`useX((s) => s.field)`, `useX.getState().field`,
   * `const { field } = useX()`): what the store's actions wrote to it, or undefined when the
   * node reads no store.
   */
  private storedField(node: TsNode, site: Site, path: readonly string[] = []): Trace[] | undefined {
    this.stores ??= StateStores.of(this.context);
    const read = this.stores.readOf(node, site, path);
    if (!read) return undefined;
    const out: Trace[] = [];
    for (const write of this.stores.writesOf(read.store, read.field)) {
      const step: Step = { file: write.site.file, start: write.node.getStart(write.site.tree), note: `stored as ${read.store.hook}'s ${read.field} by ${write.action}()` };
      out.push(...this.visit(write.node, write.site, undefined).map((t) => withStep(t, step)));
    }
    return out;
  }

  /**
   * `useContext(ProfileContext)`, `use(ProfileContext)`: what the context's providers give as
   * their `value` (`<ProfileContext.Provider value={{ profile, update }}>`), or undefined when
   * the call reads no context of the project.
   */
  private providedValues(node: TsNamespace.CallExpression, site: Site): Trace[] | undefined {
    const provided = this.context.evaluator.contextValues(node, site);
    if (!provided) return undefined;
    const out: Trace[] = [];
    for (const given of provided) {
      const step: Step = { file: given.site.file, start: given.node.getStart(given.site.tree), note: `given by a context provider as ${shortText(this.context.ts, given.node, given.site)}` };
      out.push(...this.visit(given.node, given.site, undefined).map((t) => withStep(t, step)));
    }
    return out;
  }

  /** The value a framework call hands back as it is (`useMemo(() => value)`, `useCallback(fn)`), not boxed. */
  private passThroughGiven(call: TsNamespace.CallExpression): TsNode | undefined {
    const { ts } = this.context;
    const callee = unwrapExpression(ts, call.expression);
    const name = calleeName(ts, callee);
    const shape = name && (ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression))) && Object.hasOwn(PASS_THROUGH_CALLS, name) ? PASS_THROUGH_CALLS[name] : undefined;
    const given = call.arguments[0];
    if (!shape || shape.box || !given) return undefined;
    if (!shape.callsArgument) return given;
    if (!ts.isFunctionLike(given)) return undefined;
    const returned = returnedExpressions(this.context, given);
    return returned.length === 1 ? returned[0] : undefined;
  }

  /** `const [prompt, setPrompt] = useState("")`: what the setter is called with, in the same file. */
  private setterFlows(binding: Extract<Binding, { kind: "variable" }>, site: Site): Trace[] {
    const { ts } = this.context;
    const pattern = binding.declaration.name;
    if (binding.path.length !== 1 || binding.path[0] !== "0" || !ts.isArrayBindingPattern(pattern)) return [];
    const setter = pattern.elements[1];
    if (!setter || !ts.isBindingElement(setter) || !ts.isIdentifier(setter.name)) return [];
    const name = setter.name.text;
    const out: Trace[] = [];
    // The file's call index lists the setter's calls: no walk of the whole file per state variable and tracker.
    for (const n of callIndexOf(ts, site.tree).get(name) ?? []) {
      if (!ts.isIdentifier(n.expression) || !n.arguments[0]) continue;
      // `setText((prev) => prev + chunk)`: what the updater returns (its parameter is the state itself).
      const arg = n.arguments[0];
      // `setItems((prev) => { const next = [...prev]; next[i].text += chunk; return next; })`: what it writes into its copy of the state, too.
      for (const value of ts.isFunctionLike(arg) ? [...returnedExpressions(this.context, arg), ...updaterWrites(ts, arg)] : [arg]) out.push(...this.visit(value, site, undefined));
    }
    return out;
  }

  /** Later assignments to a variable in its scope (`text += chunk`, `prompt = …`). */
  private assignmentsTo(binding: Extract<Binding, { kind: "variable" }>): TsNode[] {
    const { ts } = this.context;
    const known = this.assignmentCache.get(binding.declaration);
    if (known) return known;
    const found: TsNode[] = [];
    const scope = declarationScope(ts, binding.declaration);
    for (const write of scope ? writesIn(ts, scope).get(binding.name) ?? [] : []) {
      if (write.kind === "member") continue;
      // A plain assignment must be to this variable, not to another of the same name in a nested scope.
      if (write.kind === "assign") {
        const target = resolveName(ts, binding.name, write.at);
        if (target?.kind !== "variable" || target.declaration !== binding.declaration) continue;
      }
      found.push(...write.values);
    }
    this.assignmentCache.set(binding.declaration, found);
    return found;
  }

  /** `contact.name = v` in the variable's scope: the values written to its property `key`. */
  private memberWrites(binding: Extract<Binding, { kind: "variable" }>, key: string): TsNode[] {
    const { ts } = this.context;
    const scope = declarationScope(ts, binding.declaration);
    const values: TsNode[] = [];
    for (const write of scope ? writesIn(ts, scope).get(binding.name) ?? [] : []) {
      if (write.kind !== "member" || write.key !== key) continue;
      const target = resolveName(ts, binding.name, write.at);
      if (target?.kind === "variable" && target.declaration === binding.declaration) values.push(...write.values);
    }
    return values;
  }

  private visitParameter(binding: ParameterBinding, site: Site, env: Env | undefined): Trace[] {
    let frame = env;
    while (frame && frame.fn !== binding.fn) frame = frame.parent;
    if (frame) {
      const arg = frame.args[binding.index];
      if (!arg) return [];
      return this.argumentTraces(arg, binding.path, frame.site, frame.parent);
    }
    const own = this.oracle.parameter?.(binding, site);
    if (own) return own;
    // `messages.map((m) => m.content)`: the callback's parameter is an element of the receiver.
    const call = this.iteratingCall(binding);
    if (call) return binding.index === 0 || call.expression.name.text === "reduce" ? this.visit(call.expression.expression, site, env) : [];
    return [...this.fromCallers(binding, site), ...this.fromInvocations(binding, site)];
  }

  /**
   * A parameter of a function handed to another as a callback (`streamReply(q, (chunk) => …)`,
   * `send({ onChunk: (chunk) => … })`, `streamReply(q, onPiece)`): what the function that got
   * it passes where it calls it (`onChunk?.(delta)`), its own parameters bound to the call
   * that handed the callback over.
   */
  private fromInvocations(binding: ParameterBinding, site: Site): Trace[] {
    const { ts } = this.context;
    const out: Trace[] = [];
    let seen = 0;
    for (const hit of this.invocationsOf(binding.fn, site)) {
      if (seen >= MAX_CALLERS) break;
      const arg = hit.call.arguments[binding.index];
      if (!arg || ts.isSpreadElement(arg)) continue;
      seen++;
      const traces = this.argumentTraces(arg, binding.path, hit.site, hit.env);
      out.push(...traces.map((t) => withStep(t, { file: hit.site.file, start: hit.call.getStart(hit.site.tree), note: `called back as ${shortText(ts, hit.call.expression, hit.site)}(…)` })));
    }
    return out.length ? out.map((t) => withStep(t, { file: site.file, start: binding.node.getStart(site.tree), note: `parameter ${binding.name} of a callback` })) : out;
  }

  /** Where the function `fn` (declared in `site`) is called by the project functions it is handed to, at most a few. */
  private invocationsOf(fn: TsNode, site: Site): Invocation[] {
    const known = this.invocationCache.get(fn);
    if (known) return known;
    const found: Invocation[] = [];
    this.invocationCache.set(fn, found);
    const visited = new Set<string>();
    for (const slot of callbackSlots(this.context.ts, fn, site.tree)) {
      if ("element" in slot) {
        // A component's props: no call binds its parameter, which its callers' elements give.
        const component = mayHoldJsx(site.file) ? this.context.evaluator.eval(slot.element.tagName, site) : undefined;
        const tree = component?.kind === "function" ? this.context.tree(component.file) : undefined;
        if (component?.kind === "function" && tree) this.callsOfParameter(component.node, { file: component.file, tree }, 0, slot.path, undefined, found, visited);
        continue;
      }
      for (const callee of this.calleesOf(slot.call, site)) {
        const env: Env = { fn: callee.fn, args: slot.call.arguments, site, parent: undefined, depth: 1 };
        this.callsOfParameter(callee.fn, callee.site, slot.index, slot.path, env, found, visited);
      }
    }
    return found;
  }

  /**
   * The functions of the project a call runs with its arguments: the callee itself, or the
   * function a hook's result calls (`mutate(vars)` runs `useMutation`'s `mutationFn(vars)`).
   */
  private calleesOf(call: TsNamespace.CallExpression, site: Site): Array<{ fn: TsNamespace.SignatureDeclaration; site: Site }> {
    const { ts, evaluator } = this.context;
    const value = evaluator.eval(call.expression, site);
    if (value?.kind === "function") {
      const tree = this.context.tree(value.file);
      return tree ? [{ fn: value.node, site: { file: value.file, tree } }] : [];
    }
    if (value?.kind !== "made" || value.how !== "call" || value.path.length !== 1) return [];
    const made = normaliseExport(value.of.path);
    const hook = CALLING_HOOKS.find((h) => h.hook === made && h.packages.includes(value.of.pkg) && h.callers.includes(value.path[0]!));
    const origin = value.origin.node;
    const tree = hook && this.context.tree(value.origin.file);
    const options = hook && tree && ts.isCallExpression(origin) ? origin.arguments[hook.options] : undefined;
    if (!hook || !tree || !options) return [];
    const at: Site = { file: value.origin.file, tree };
    const fn = evaluator.member(evaluator.eval(options, at), hook.fn, at);
    const fnTree = fn?.kind === "function" ? this.context.tree(fn.file) : undefined;
    return fn?.kind === "function" && fnTree ? [{ fn: fn.node, site: { file: fn.file, tree: fnTree } }] : [];
  }

  /**
   * The calls inside `fn` of what its parameter `index` holds along `path` (`onChunk(delta)`,
   * `opts.onChunk?.(delta)`), following it where `fn` hands it on to another function of the
   * project (`sendMessage(params.text, params.onChunk)`), each with the inlined calls that bind
   * the parameters on the way.
   */
  private callsOfParameter(fn: TsNamespace.SignatureDeclaration, site: Site, index: number, path: readonly string[], env: Env | undefined, out: Invocation[], visited: Set<string>): void {
    const { ts } = this.context;
    const key = `${site.file}:${fn.pos}:${index}:${path.join(".")}`;
    if ((env?.depth ?? 0) > MAX_INLINE_DEPTH || visited.has(key) || out.length >= MAX_CALLERS) return;
    visited.add(key);
    for (const call of callsWithin(ts, site.tree, fn)) {
      if (out.length >= MAX_CALLERS) return;
      const called = parameterPath(ts, call.expression, fn, index);
      if (called && sameKeys(called, path)) {
        out.push({ call, site, env });
        continue;
      }
      // Handed on: `send(text, onChunk)`, `send(params.text, params.onChunk)`, `send({ onChunk: opts.onChunk })`.
      call.arguments.forEach((arg, j) => {
        for (const rest of forwardedPaths(ts, arg, fn, index, path)) {
          for (const callee of this.calleesOf(call, site)) {
            const inner: Env = { fn: callee.fn, args: call.arguments, site, parent: env, depth: (env?.depth ?? 0) + 1 };
            this.callsOfParameter(callee.fn, callee.site, j, rest, inner, out, visited);
          }
        }
      });
    }
  }

  /** The array method call whose callback declares this parameter (`messages.map((m) => …)`). */
  private iteratingCall(binding: ParameterBinding): (TsNamespace.CallExpression & { expression: TsNamespace.PropertyAccessExpression }) | undefined {
    const { ts } = this.context;
    const call = binding.fn.parent;
    if (call && ts.isCallExpression(call) && call.arguments.includes(binding.fn as TsNamespace.Expression) && ts.isPropertyAccessExpression(call.expression) && ITERATING_METHODS.includes(call.expression.name.text)) {
      return call as TsNamespace.CallExpression & { expression: TsNamespace.PropertyAccessExpression };
    }
    return undefined;
  }

  /** An argument given for a parameter destructured or read along `path`: only that field when the argument is a literal. */
  private argumentTraces(arg: TsNode, path: readonly string[], site: Site, env: Env | undefined): Trace[] {
    const found = path.length ? this.field(arg, path, site, env) : undefined;
    if (found === "absent") return [];
    if (found) return path.reduce((t, k) => named(t, k), this.visit(found.node, found.site, found.env));
    // `{ sign, question }` read along `sign.name` where `sign` itself is opaque: that property only, not its neighbours.
    const literal = path.length ? unwrapExpression(this.context.ts, arg) : undefined;
    if (literal && this.context.ts.isObjectLiteralExpression(literal)) {
      const value = propertyValue(this.context.ts, literal, path[0]!);
      if (value && value !== "absent") return this.argumentTraces(value, path.slice(1), site, env);
    }
    // `const { systemMessage } = body` where `body` is a parameter: that field of what callers pass.
    const fromCallers = literal && path.length <= MAX_FIELD_PATH ? this.fieldFromCallers(literal, path, site, env) : undefined;
    if (fromCallers) return fromCallers;
    let traces = this.visit(arg, site, env);
    for (const key of path) traces = this.picked(traces, key);
    return traces;
  }

  /** A parameter of a function the data reaches through its callers: what they pass. */
  private fromCallers(binding: ParameterBinding, site: Site, keys: readonly string[] = []): Trace[] {
    const { ts, evaluator } = this.context;
    const name = functionName(ts, binding.fn) ?? wrappedFunctionName(ts, binding.fn);
    if (!name) return [];
    const out: Trace[] = [];
    let seen = 0;
    for (const call of evaluator.callsReachingFunction(binding.fn, name, site.file)) {
      if (seen >= MAX_CALLERS) break;
      const arg = call.node.arguments[binding.index];
      if (!arg || ts.isSpreadElement(arg)) continue;
      seen++;
      const traces = this.argumentTraces(arg, [...binding.path, ...keys], call.site, undefined);
      out.push(...traces.map((t) => withStep(t, { file: call.site.file, start: call.node.getStart(call.site.tree), note: `passed to ${name}()` })));
    }
    for (const call of this.propCalls(binding.fn, name, site)) {
      if (seen >= MAX_CALLERS) break;
      const arg = call.node.arguments[binding.index];
      if (!arg || ts.isSpreadElement(arg)) continue;
      seen++;
      const traces = this.argumentTraces(arg, [...binding.path, ...keys], call.site, undefined);
      out.push(...traces.map((t) => withStep(t, { file: call.site.file, start: call.node.getStart(call.site.tree), note: `${name}() called as a component prop` })));
    }
    // `<MessageList messages={messages} />` for `function MessageList({ messages })`: what each element passes for that prop.
    if (binding.index === 0 && binding.path.length > 0) {
      for (const use of this.elementProps(binding.fn, name, binding.path[0]!, site)) {
        if (seen >= MAX_CALLERS) break;
        seen++;
        const traces = this.argumentTraces(use.value, [...binding.path.slice(1), ...keys], use.site, undefined);
        out.push(...traces.map((t) => withStep(t, { file: use.site.file, start: use.value.getStart(use.site.tree), note: `passed to <${name}> as ${binding.path[0]}` })));
      }
    }
    return out.length ? out.map((t) => withStep(t, { file: site.file, start: binding.node.getStart(site.tree), note: `parameter ${binding.name} of ${name}()` })) : out;
  }

  /**
   * The values JSX elements of the component `fn` (named `name`, declared in `site`) give its
   * prop `prop`, in the files that can import it: `<MessageList messages={list} />` → `list`.
   * Only elements whose tag is that very function count (an import under another name too).
   */
  private elementProps(fn: TsNode, name: string, prop: string, site: Site): Array<{ value: TsNode; site: Site }> {
    const { ts, evaluator, modules } = this.context;
    const out: Array<{ value: TsNode; site: Site }> = [];
    if (!/^[A-Z]/.test(name) || !mayHoldJsx(site.file)) return out;
    for (const file of modules.namingImporters(site.file)) {
      if (!mayHoldJsx(file) || !this.context.file(file)?.text.includes(`${prop}=`)) continue;
      const tree = this.context.tree(file);
      if (!tree) continue;
      for (const element of componentElementsOf(ts, tree)) {
        const value = attributeExpression(ts, element, prop)?.value;
        if (!value) continue;
        const component = evaluator.eval(element.tagName, { file, tree });
        if (component?.kind === "function" && component.node === fn) out.push({ value, site: { file, tree } });
      }
    }
    return out;
  }

  /**
   * `<ChatBox onText={keep} />` where `ChatBox({ onText })` calls `onText(e.target.value)`:
   * the calls a child component makes of the prop this file's function `name` is given as.
   */
  private propCalls(fn: TsNode, name: string, site: Site): Array<{ node: TsNamespace.CallExpression; site: Site }> {
    const { ts, evaluator } = this.context;
    const out: Array<{ node: TsNamespace.CallExpression; site: Site }> = [];
    if (!mayHoldJsx(site.file)) return out;
    for (const element of componentElementsOf(ts, site.tree)) for (const n of element.attributes.properties) {
      const given = ts.isJsxAttribute(n) && n.initializer && ts.isJsxExpression(n.initializer) && n.initializer.expression ? unwrapExpression(ts, n.initializer.expression) : undefined;
      if (!given || !ts.isIdentifier(given) || given.text !== name || !ts.isJsxAttribute(n) || !ts.isIdentifier(n.name)) continue;
      const passed = evaluator.eval(given, site);
      if (passed?.kind !== "function" || passed.node !== fn) continue;
      const component = evaluator.eval(element.tagName, site);
      const tree = component?.kind === "function" ? this.context.tree(component.file) : undefined;
      if (component?.kind !== "function" || !tree || !ts.isFunctionLike(component.node)) continue;
      const props = component.node.parameters[0];
      if (!props) continue;
      const prop = n.name.text;
      // `({ onText })` or `({ onText: report })` binds a local name; `(props)` is read as `props.onText`.
      let local: string | undefined;
      if (ts.isObjectBindingPattern(props.name)) {
        const element = props.name.elements.find((e) => ((e.propertyName && ts.isIdentifier(e.propertyName) ? e.propertyName.text : ts.isIdentifier(e.name) ? e.name.text : undefined) === prop));
        if (element && ts.isIdentifier(element.name)) local = element.name.text;
      }
      const holder = ts.isIdentifier(props.name) ? props.name.text : undefined;
      walk(ts, component.node, (c) => {
        if (!ts.isCallExpression(c)) return;
        const callee = unwrapExpression(ts, c.expression);
        const hit = (local !== undefined && ts.isIdentifier(callee) && callee.text === local) || (holder !== undefined && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === holder && callee.name.text === prop);
        if (hit) out.push({ node: c, site: { file: component.file, tree } });
      });
    }
    return out;
  }

  private visitCall(node: TsNamespace.CallExpression, site: Site, env: Env | undefined): Trace[] {
    const { ts } = this.context;
    if (this.oracle.stops?.(node, site)) return [];
    const callee = unwrapExpression(ts, node.expression);
    const name = calleeName(ts, callee);
    const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
    const here = (note: string): Step => ({ file: site.file, start: node.getStart(site.tree), note });

    if (name && receiver) {
      const validator = VALIDATOR_METHODS.find((v) => v.method === name);
      if (validator && this.isSchema(receiver, site)) {
        const arg = node.arguments[validator.arg];
        return arg ? this.validated(this.visit(arg, site, env), receiver, site, here(`validated by ${shortText(ts, receiver, site)}.${name}()`)) : [];
      }
      if (BOUNDING_METHODS.includes(name) && node.arguments.length > 0) {
        // Slicing a conversation keeps fewer turns, each still of any length.
        return this.visit(receiver, site, env).map((t) => (t.bounded || t.names.some((n) => CONVERSATION_NAME.test(n)) ? t : { ...t, bounded: here(`cut by .${name}()`) }));
      }
    }
    if (name && !receiver) {
      const validator = VALIDATOR_FUNCTIONS.find((v) => v.name === name && v.packages.some((p) => this.context.modules.importsPackage(site.file, p)));
      if (validator) {
        const arg = node.arguments[validator.arg];
        const schema = node.arguments[validator.arg === 0 ? 1 : 0];
        return arg ? this.validated(this.visit(arg, site, env), schema, site, here(`validated by ${name}()`)) : [];
      }
    }

    if (this.extractsText(callee)) return this.union(node.arguments, site, env, true);
    const stored = this.storedField(node, site);
    if (stored) return stored;
    const provided = this.providedValues(node, site);
    if (provided) return provided;
    if (name && receiver && PROMISE_COMBINATORS.includes(name) && ts.isIdentifier(receiver) && PROMISE_CONSTRUCTORS.includes(receiver.text) && node.arguments[0]) {
      const promises = unwrapExpression(ts, node.arguments[0]);
      return this.union(ts.isArrayLiteralExpression(promises) ? promises.elements : [promises], site, env, true);
    }

    // `NextResponse.json({ data })`, SvelteKit's `json(…)`: the body it sends.
    const body = responseBody(ts, node);
    if (body) return this.union(body, site, env, true);

    // A function of the project: what it returns, with this call's arguments for its parameters.
    if (!(receiver && RECEIVER_CARRYING_METHODS.includes(name ?? ""))) {
      const target = this.context.evaluator.eval(node.expression, site);
      if (target?.kind === "function") {
        let traces = this.inline(target.file, target.node, node, site, env);
        if (name && BOUNDING_FUNCTIONS.includes(name)) traces = traces.map((t) => (t.bounded ? t : { ...t, bounded: here(`cut by ${name}()`) }));
        return traces;
      }
      if (name && !receiver && BOUNDING_FUNCTIONS.includes(name) && node.arguments[0]) {
        return this.visit(node.arguments[0], site, env).map((t) => (t.bounded ? t : { ...t, bounded: here(`cut by ${name}()`) }));
      }
      // `strategies[key](…)`: what any function of the table returns.
      const table = target === undefined ? this.context.evaluator.tableCallees(node.expression, site) : [];
      if (table.length > 0) return table.flatMap((fn) => this.inline(fn.file, fn.node, node, site, env));
      // `useMemo(() => text, [deps])`, `computed(() => …)`: what the callback returns; `useRef(x)`, `Object.freeze(x)`: the value given.
      const passThrough = name && (!receiver || ts.isIdentifier(receiver)) && Object.hasOwn(PASS_THROUGH_CALLS, name) ? PASS_THROUGH_CALLS[name] : undefined;
      const given = node.arguments[0];
      if (passThrough && given) return this.union(passThrough.callsArgument && ts.isFunctionLike(given) ? returnedExpressions(this.context, given) : [given], site, env);
    }

    const out: Trace[] = [];
    if (receiver && name && RECEIVER_CARRYING_METHODS.includes(name)) {
      let traces = this.callbackReturns(node, name, site, env) ?? this.visit(receiver, site, env);
      if ((name === "map" || name === "filter" || name === "flatMap") && traces.length && this.limitsRoles(node, name, site)) {
        traces = traces.map((t) => (t.rolesLimited ? t : { ...t, rolesLimited: here(`roles fixed by .${name}()`) }));
      }
      // `.map((m) => ({ …, content: m.content.slice(0, 2000) }))` bounds every element.
      const callback = node.arguments[0];
      if (name === "map" && callback && ts.isFunctionLike(callback) && /\.(?:slice|substring|substr)\s*\(\s*0\s*,|\btruncate\w*\s*\(/.test(callback.getText(site.tree))) {
        traces = traces.map((t) => (t.bounded ? t : { ...t, bounded: here("each element cut by .map()") }));
      }
      out.push(...traces);
    }
    if (name && ((receiver && ARGUMENT_CARRYING_METHODS.includes(name)) || (!receiver && ARGUMENT_CARRYING_FUNCTIONS.includes(name)))) {
      out.push(...this.union(node.arguments, site, env, name !== "concat"));
    }
    if (name && receiver && FIRST_ARGUMENT_CARRYING_METHODS.includes(name) && node.arguments[0]) out.push(...this.visit(node.arguments[0], site, env));
    // The replacement (not the pattern) lands inside the receiver's text.
    if (receiver && name && SUBSTITUTING_METHODS.includes(name) && node.arguments[1]) out.push(...this.union([node.arguments[1]], site, env, false));
    const write = receiver ? RECORD_RETURNING_WRITES.find((w) => w.method === name) : undefined;
    for (const field of write?.fields ?? []) {
      const stored = argumentAt(ts, node, `0.${field}`, (n) => this.context.evaluator.followToExpression(n));
      if (stored) out.push(...this.visit(stored, site, env));
    }
    return out;
  }

  /** A document-to-text library's call (`pdfParse(buffer)`, `mammoth.extractRawText({ buffer })`): its text is the document's. */
  private extractsText(callee: TsNode): boolean {
    const { ts } = this.context;
    const root = ts.isPropertyAccessExpression(callee) ? unwrapExpression(ts, callee.expression) : callee;
    if (!ts.isIdentifier(root)) return false;
    const binding = resolveName(ts, root.text, root);
    let from: { specifier: string; imported: string } | undefined;
    if (binding?.kind === "import") from = binding;
    else if (binding?.kind === "variable" && binding.init && binding.path.length <= 1) {
      // `const pdfParse = require("pdf-parse")`, `const { extractText } = require("unpdf")`
      const specifier = requiredPackage(ts, binding.init);
      if (specifier !== undefined) from = { specifier, imported: binding.path[0] ?? "default" };
    }
    if (!from) return false;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : from.imported;
    const specifier = from.specifier;
    return TEXT_EXTRACTORS.some((x) => x.packages.includes(specifier) && (x.methods ? x.methods.includes(name) : callee === root));
  }

  /**
   * `messages.map((m) => m.content)`, `req.json().then((b) => b.prompt)`: what the callback
   * returns (its parameter stands for the receiver's data), not the whole receiver.
   * Undefined (the receiver is followed whole) when the callback is not written in place,
   * or returns nothing traced through a call the walk may not see into.
   */
  private callbackReturns(node: TsNamespace.CallExpression, name: string, site: Site, env: Env | undefined): Trace[] | undefined {
    const { ts } = this.context;
    const callback = node.arguments[0];
    if (!CALLBACK_RETURNING_METHODS.includes(name) || !callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
    const returned = returnedExpressions(this.context, callback);
    if (returned.length === 0) return undefined;
    const traces = this.union(returned, site, env);
    if (traces.length === 0 && returned.some((r) => containsCall(ts, r))) return undefined;
    return traces;
  }

  private inline(file: string, fn: TsNode, call: TsNamespace.CallExpression, site: Site, env: Env | undefined): Trace[] {
    const depth = (env?.depth ?? 0) + 1;
    if (depth > MAX_INLINE_DEPTH) return [];
    const tree = this.context.tree(file);
    if (!tree) return [];
    const inner: Env = { fn, args: call.arguments, site, parent: env, depth };
    const fnSite = { file, tree };
    const name = functionName(this.context.ts, fn) ?? "function";
    const out: Trace[] = [];
    for (const ret of returnedExpressions(this.context, fn)) {
      out.push(...this.visit(ret, fnSite, inner).map((t) => withStep(t, { file, start: ret.getStart(tree), note: `returned by ${name}()` })));
    }
    return out.map((t) => withStep(t, { file: site.file, start: call.getStart(site.tree), note: `${name}()` }));
  }

  private validated(traces: Trace[], schema: TsNode | undefined, site: Site, step: Step): Trace[] {
    const text = schema ? schemaText(this.context, schema, site) : "";
    return traces.map((t) => ({ ...t, validated: t.validated ?? step, schema: t.schema ?? text }));
  }

  /** Is `receiver.parse(…)` a schema's parse (not `JSON.parse`)? */
  private isSchema(receiver: TsNode, site: Site): boolean {
    const { ts } = this.context;
    const root = rootIdentifier(ts, receiver);
    if (root && NOT_SCHEMA_RECEIVERS.includes(root)) return false;
    if (VALIDATION_PACKAGES.some((p) => this.context.modules.importsPackage(site.file, p))) return true;
    return VALIDATION_PACKAGES.some((p) => schemaText(this.context, receiver, site).includes(p)) || SCHEMA_CONSTRUCTOR.test(schemaText(this.context, receiver, site));
  }

  /** `.map((m) => ({ role: "user", content: m.content }))` or `.filter((m) => m.role !== "system")`. */
  private limitsRoles(call: TsNamespace.CallExpression, method: string, site: Site): boolean {
    const { ts } = this.context;
    const fn = call.arguments[0];
    if (!fn || !ts.isFunctionLike(fn)) return false;
    const text = fn.getText(site.tree);
    if (method === "filter") return /\brole\b/.test(text) && ROLE_FILTER.test(text);
    for (const ret of returnedExpressions(this.context, fn)) {
      const object = unwrapExpression(ts, ret);
      if (!ts.isObjectLiteralExpression(object)) continue;
      const role = object.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === "role");
      if (role && ts.isPropertyAssignment(role) && isFixedRole(ts, role.initializer)) return true;
    }
    return false;
  }

  /** Length checks and validation guards that exit before `use`, on the variable `name`. */
  private guardsBefore(use: TsNode, name: string, site: Site): { bounded?: Step; validated?: Step } {
    const { ts } = this.context;
    let fn: TsNode | undefined = use.parent;
    while (fn && !ts.isFunctionLike(fn) && !ts.isSourceFile(fn)) fn = fn.parent;
    if (!fn) return {};
    const guards = this.guardsIn(fn, site);
    const out: { bounded?: Step; validated?: Step } = {};
    const at = use.getStart(site.tree);
    for (const g of guards) {
      if (g.end > at || !g.names.has(name)) continue;
      if (g.kind === "bound") out.bounded ??= { file: site.file, start: g.start, note: `length of ${name} checked` };
      else out.validated ??= { file: site.file, start: g.start, note: `${name} validated` };
    }
    return out;
  }

  private guardsIn(fn: TsNode, site: Site): Guard[] {
    const known = this.guardCache.get(fn);
    if (known) return known;
    const { ts } = this.context;
    const guards: Guard[] = [];
    // Token counts met so far (the walk is in source order: a count is known before the `if` that checks it).
    const measured = new Map<string, Set<string>>();
    const visit = (n: TsNode): void => {
      if (n !== fn && ts.isFunctionLike(n)) return;
      if (ts.isVariableDeclaration(n)) noteTokenMeasure(ts, n, measured);
      if (ts.isIfStatement(n) && exits(ts, n.thenStatement)) {
        const bound = new Set<string>();
        const checked = new Set<string>();
        const look = (c: TsNode): void => {
          // `if (tokens > MAX)`, `if (!budget.allowed)` where `tokens = estimateTokens(prompt)` and `budget = charge(user, tokens)`
          if (ts.isIdentifier(c)) for (const id of measured.get(c.text) ?? []) bound.add(id);
          // `if (countTokens(prompt) > MAX)`
          if (ts.isCallExpression(c) && TOKEN_MEASURING_CALLS.test(calleeName(ts, c.expression) ?? "")) for (const a of c.arguments) for (const id of identifiersIn(ts, a)) bound.add(id);
          // `text.length > 4000`, `body.prompt.length >= MAX`
          if (ts.isBinaryExpression(c) && this.relational.has(c.operatorToken.kind)) {
            for (const side of [c.left, c.right]) {
              const s = unwrapExpression(ts, side);
              if (ts.isPropertyAccessExpression(s) && s.name.text === "length") for (const id of identifiersIn(ts, s.expression)) bound.add(id);
            }
          }
          // `typeof body.prompt !== "string"`: a type check that exits when the type is not the one expected.
          if (ts.isBinaryExpression(c) && (c.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || c.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken)) {
            for (const side of [c.left, c.right]) {
              const s = unwrapExpression(ts, side);
              if (ts.isTypeOfExpression(s)) for (const id of identifiersIn(ts, s.expression)) checked.add(id);
            }
          }
          // `!isValid(body)`, `!Schema.safeParse(body).success`, `!validate(body)`
          if (ts.isCallExpression(c)) {
            const called = calleeName(ts, c.expression);
            if (called && VALIDATING_GUARD_CALLS.test(called)) for (const a of c.arguments) for (const id of identifiersIn(ts, a)) checked.add(id);
          }
          ts.forEachChild(c, look);
        };
        look(n.expression);
        const start = n.getStart(site.tree);
        const end = n.getEnd();
        if (bound.size) guards.push({ kind: "bound", names: bound, start, end });
        if (checked.size) guards.push({ kind: "validate", names: checked, start, end });
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(fn, visit);
    this.guardCache.set(fn, guards);
    return guards;
  }
}

/**
 * Notes a variable that holds a token count of other names (`const tokens =
 * estimateTokens(prompt + context)`), or a value computed from one (`const check =
 * trackTokenUsage(user, tokens)`): checking it checks the size of those names.
 */
function noteTokenMeasure(ts: Ts, declaration: TsNamespace.VariableDeclaration, measured: Map<string, Set<string>>): void {
  if (!ts.isIdentifier(declaration.name) || !declaration.initializer) return;
  let init = unwrapExpression(ts, declaration.initializer);
  if (ts.isAwaitExpression(init)) init = unwrapExpression(ts, init.expression);
  if (!ts.isCallExpression(init)) return;
  const names = new Set<string>();
  const counts = TOKEN_MEASURING_CALLS.test(calleeName(ts, init.expression) ?? "");
  for (const a of init.arguments) for (const id of identifiersIn(ts, a)) for (const name of counts ? [id] : measured.get(id) ?? []) names.add(name);
  if (names.size) measured.set(declaration.name.text, names);
}

interface Guard {
  kind: "bound" | "validate";
  names: Set<string>;
  start: number;
  end: number;
}

/** A property's value in an object literal (also through spread literals); `absent` when it surely has none, undefined when unknown. */
function propertyValue(ts: Ts, object: TsNamespace.ObjectLiteralExpression, name: string): TsNode | "absent" | undefined {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const p = object.properties[i]!;
    if (ts.isSpreadAssignment(p)) {
      const inner = unwrapExpression(ts, p.expression);
      if (ts.isObjectLiteralExpression(inner)) {
        const value = propertyValue(ts, inner, name);
        if (value !== "absent") return value;
        continue;
      }
      // `...(flag ? { mode } : {})`, `...(flag && { mode })`: seen whole when no branch can hold the name.
      const branches = spreadBranches(ts, inner);
      if (branches && branches.every((branch) => propertyValue(ts, branch, name) === "absent")) continue;
      return undefined;
    }
    if (!p.name || propertyNameText(ts, p.name) !== name) {
      if (p.name && ts.isComputedPropertyName(p.name)) return undefined;
      continue;
    }
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
    return undefined;
  }
  return "absent";
}

/**
 * The object literals a conditional spread may spread (`cond ? { a } : {}`, `cond && { a }`,
 * nested), or undefined when one of its values is not a literal.
 */
function spreadBranches(ts: Ts, expr: TsNode, depth = 0): TsNamespace.ObjectLiteralExpression[] | undefined {
  const node = unwrapExpression(ts, expr);
  if (ts.isObjectLiteralExpression(node)) return [node];
  if (depth >= 4) return undefined;
  if (ts.isConditionalExpression(node)) {
    const whenTrue = spreadBranches(ts, node.whenTrue, depth + 1);
    const whenFalse = whenTrue && spreadBranches(ts, node.whenFalse, depth + 1);
    return whenTrue && whenFalse ? [...whenTrue, ...whenFalse] : undefined;
  }
  // `cond && { a }` spreads nothing when `cond` is falsy.
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return spreadBranches(ts, node.right, depth + 1);
  return undefined;
}

/** The element at a constant index of an array literal, when no spread comes before it. */
function elementAt(ts: Ts, array: TsNamespace.ArrayLiteralExpression, key: string): TsNode | undefined {
  if (!/^\d+$/.test(key)) return undefined;
  const index = Number(key);
  const elements = array.elements;
  if (index >= elements.length || elements.slice(0, index + 1).some((e) => ts.isSpreadElement(e))) return undefined;
  return elements[index];
}

/**
 * The index of the first element of an array literal a `find` callback picks when it tests
 * one property against a string (`(m) => m.role === "system"`, `({ role }) => role === "system"`).
 * Undefined when an element before the match cannot be judged (a spread, a variable).
 */
function firstMatch(ts: Ts, array: TsNamespace.ArrayLiteralExpression, callback: TsNode | undefined): number | undefined {
  if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
  const param = callback.parameters[0];
  let body: TsNode | undefined = callback.body;
  if (body && ts.isBlock(body)) body = body.statements.length === 1 && ts.isReturnStatement(body.statements[0]!) ? body.statements[0]!.expression : undefined;
  if (!param || !body) return undefined;
  const test = unwrapExpression(ts, body);
  if (!ts.isBinaryExpression(test) || (test.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken && test.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsToken)) return undefined;
  const [read, wanted] = ts.isStringLiteralLike(test.right) ? [unwrapExpression(ts, test.left), test.right.text] : ts.isStringLiteralLike(test.left) ? [unwrapExpression(ts, test.right), test.left.text] : [undefined, undefined];
  if (!read || wanted === undefined) return undefined;
  // `m.role` with `m` the parameter, or `role` destructured from it.
  let property: string | undefined;
  if (ts.isPropertyAccessExpression(read) && ts.isIdentifier(read.expression) && ts.isIdentifier(param.name) && read.expression.text === param.name.text) property = read.name.text;
  else if (ts.isIdentifier(read) && ts.isObjectBindingPattern(param.name)) {
    const element = param.name.elements.find((e) => ts.isIdentifier(e.name) && e.name.text === read.text && !e.dotDotDotToken);
    property = element && (element.propertyName ? propertyNameText(ts, element.propertyName) : read.text);
  }
  if (!property) return undefined;
  for (let i = 0; i < array.elements.length; i++) {
    const element = unwrapExpression(ts, array.elements[i]!);
    if (!ts.isObjectLiteralExpression(element)) return undefined;
    const value = propertyValue(ts, element, property);
    const node = value === "absent" || value === undefined ? value : unwrapExpression(ts, value);
    if (node === "absent") continue;
    if (!node || !ts.isStringLiteralLike(node)) return undefined;
    if (node.text === wanted) return i;
  }
  return undefined;
}

/** The innermost inlined call of `fn` among the frames of `env`. */
function frameOf(env: Env | undefined, fn: TsNode): Env | undefined {
  let frame = env;
  while (frame && frame.fn !== fn) frame = frame.parent;
  return frame;
}

/** The identifier a member chain starts at (`brief` of `brief.checklist.length`). */
function receiverRoot(ts: Ts, node: TsNode): TsNamespace.Identifier | undefined {
  let current = unwrapExpression(ts, node);
  for (let i = 0; i < 16; i++) {
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrapExpression(ts, current.expression);
    else break;
  }
  return ts.isIdentifier(current) ? current : undefined;
}

/** What a promise's executor passes to `resolve(…)` (the executor written in place). */
function resolvedValues(ts: Ts, node: TsNamespace.NewExpression): TsNode[] {
  const executor = node.arguments?.[0];
  if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return [];
  const resolve = executor.parameters[0]?.name;
  if (!resolve || !ts.isIdentifier(resolve)) return [];
  const values: TsNode[] = [];
  walk(ts, executor.body, (n) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === resolve.text && n.arguments[0]) values.push(n.arguments[0]);
  });
  return values;
}

/** Does an expression call anything (outside nested functions)? */
function containsCall(ts: Ts, node: TsNode): boolean {
  let found = false;
  const visit = (n: TsNode): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** Data mixed into other text or a literal: no longer the source's value itself. */
function combined(traces: Trace[]): Trace[] {
  return traces.map((t) => (t.whole ? { ...t, whole: false } : t));
}

/** The member names of an access chain, outermost receiver first (`a.contact?.name` → contact, name); numeric indexes aside. */
function memberNames(ts: Ts, node: TsNode): string[] {
  const out: string[] = [];
  let current = unwrapExpression(ts, node);
  for (let i = 0; i <= MAX_FIELD_PATH && (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)); i++) {
    const key = ts.isPropertyAccessExpression(current) ? current.name.text : ts.isStringLiteralLike(current.argumentExpression) ? current.argumentExpression.text : undefined;
    if (key !== undefined) out.unshift(key);
    current = unwrapExpression(ts, current.expression);
  }
  return out;
}

/** The block, function or file a variable is declared in: where its writes are looked for. */
function declarationScope(ts: Ts, declaration: TsNode): TsNode | undefined {
  let scope: TsNode | undefined = declaration.parent;
  while (scope && !ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
  return scope;
}


function named(traces: Trace[], name: string | undefined): Trace[] {
  if (!name) return traces;
  return traces.map((t) => (t.whole && !t.names.includes(name) ? { ...t, names: [...t.names, name] } : t));
}



function identifiersIn(ts: Ts, node: TsNode): string[] {
  const out: string[] = [];
  walk(ts, node, (n) => {
    if (ts.isIdentifier(n)) out.push(n.text);
  });
  return out;
}

/** Does a branch end the handler (return, throw, redirect)? */
function exits(ts: Ts, statement: TsNode): boolean {
  let found = false;
  const visit = (n: TsNode): void => {
    if (found || (ts.isFunctionLike(n) && n !== statement)) return;
    if (ts.isReturnStatement(n) || ts.isThrowStatement(n)) found = true;
    ts.forEachChild(n, visit);
  };
  visit(statement);
  return found;
}

/** A role set by the app: `"user"`, or a choice between constants (`m.role === "assistant" ? "assistant" : "user"`). */
export function isFixedRole(ts: Ts, expr: TsNode): boolean {
  const node = unwrapExpression(ts, expr);
  if (ts.isStringLiteralLike(node)) return true;
  if (ts.isConditionalExpression(node)) return isFixedRole(ts, node.whenTrue) && isFixedRole(ts, node.whenFalse);
  return false;
}

function shortText(ts: Ts, node: TsNode, site: Site): string {
  const text = unwrapExpression(ts, node).getText(site.tree);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}


const UPDATER_WRITES = new WeakMap<TsNode, TsNode[]>();

/**
 * A state updater that changes a copy of the state and returns it (`(prev) => { const next =
 * [...prev]; const last = next[next.length - 1]; last.text = answer; return next; }`): the
 * values it writes into members of the state or of locals made from it (`answer`).
 */
function updaterWrites(ts: Ts, updater: TsNamespace.SignatureDeclaration): TsNode[] {
  let found = UPDATER_WRITES.get(updater);
  if (found) return found;
  found = [];
  const param = updater.parameters[0];
  const body = (updater as TsNamespace.FunctionLikeDeclaration).body;
  if (param && ts.isIdentifier(param.name) && body && ts.isBlock(body)) {
    const derived = new Set([param.name.text]);
    const mentions = (n: TsNode) => identifiersIn(ts, n).some((id) => derived.has(id));
    const { EqualsToken, PlusEqualsToken, QuestionQuestionEqualsToken, BarBarEqualsToken } = ts.SyntaxKind;
    const writes = found;
    const visit = (n: TsNode): void => {
      if (ts.isFunctionLike(n)) return;
      if (ts.isVariableDeclaration(n) && n.initializer && mentions(n.initializer)) for (const id of identifiersIn(ts, n.name)) derived.add(id);
      if (ts.isBinaryExpression(n) && [EqualsToken, PlusEqualsToken, QuestionQuestionEqualsToken, BarBarEqualsToken].includes(n.operatorToken.kind)) {
        const left = unwrapExpression(ts, n.left);
        const root = (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) && receiverRoot(ts, left);
        if (root && derived.has(root.text)) writes.push(n.right);
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(body, visit);
  }
  UPDATER_WRITES.set(updater, found);
  return found;
}

/** `list.find(predicate)` and the other picks the table names. */
function isPredicatePick(method: string): boolean {
  return (CALLBACK_RESULTS.predicatePick as readonly string[]).includes(method);
}
