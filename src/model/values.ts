/**
 * A small abstract evaluator over syntax trees: what does this expression hold, as far
 * as AI code is concerned? An SDK client, a model object, a module export, a function, a
 * constant string. It follows variables, destructuring, `this.field`, object literals,
 * function returns, typed parameters, and imports and re-exports across files.
 *
 * It is deliberately shallow (no type checker): unknown is a fine answer. Every step is
 * bounded, and files are parsed only when an evaluation reaches into them.
 */
import { calleeName, functionName, propertyNameText, returnedExpressions, unwrapExpression } from "../facts/ast.js";
import { callIndexOf } from "../facts/call-index.js";
import type { FileFacts } from "../facts/file-facts.js";
import type { Ts, TsNode, TsSourceFile } from "../facts/typescript.js";
import type { AiSdk, SdkEntry } from "../knowledge/ai-sdks.js";
import { isAiPackage, sdkEntry, sdkMember } from "./sdk-table.js";
import { HTTP_CLIENTS } from "../knowledge/provider-hosts.js";
import { envUrlOf, type EnvUrl } from "./env-endpoints.js";
import { CALLBACK_RESULTS, MATCH_CHAINS, PASS_THROUGH_CALLS, RESOLVING_CALLS } from "../knowledge/pass-through-calls.js";
import { SELF_RETURNING } from "../knowledge/server-apps.js";
import { EVIDENCE_SHAPES } from "../knowledge/route-evidence.js";
import type { ts as TsNamespace } from "ts-morph";
import { EvalGuard, Memo } from "./eval-guard.js";
import type { ModuleGraph } from "./module-graph.js";
import { resolveName, type Binding } from "./scopes.js";
import { isLoopbackHost, providerHost } from "./hosts.js";
import { handlerContext } from "./framework-context.js";
import type { FrameworkContext } from "../knowledge/framework-contexts.js";
import { isTestFile } from "../facts/test-files.js";
import { REACT_CONTEXTS } from "../knowledge/data-flow.js";
import { providedValues, type ContextHost, type ProvidedValue } from "./react-contexts.js";

export interface Origin {
  file: string;
  node: TsNode;
}

export type Value =
  | { kind: "module"; pkg: string; path: string[] }
  | { kind: "sdk"; sdk: AiSdk; type: string; path: string[]; provider: string; model?: string; origin: Origin }
  | { kind: "function"; file: string; node: TsNamespace.SignatureDeclaration }
  | { kind: "namespace"; file: string }
  | { kind: "object"; file: string; node: TsNamespace.ObjectLiteralExpression }
  | { kind: "class"; file: string; node: TsNamespace.ClassLikeDeclaration }
  | { kind: "string"; text: string; exact: boolean }
  /** An HTTP client made with a base URL (`axios.create({ baseURL })`): known text, or an env variable and the path after it. */
  | { kind: "http"; client?: string; baseUrl?: string; baseEnv?: EnvUrl; path: string[] }
  /** A value held in a framework container: `useState(x)[0]`, `useRef(x).current`, `ref(x).value`. */
  | { kind: "box"; key: string; value: Value }
  /**
   * What calling (`express()`, `rateLimit({…})`) or instantiating (`new Hono()`) a package
   * export gave, then `path` members into it: routes and evidence are recognised by these.
   * `instance`: the project factory call that made this one (`createApp()` returning
   * `new Hono()`), so each call of the factory is its own object.
   */
  | { kind: "made"; how: "call" | "new"; of: { pkg: string; path: string[] }; path: string[]; origin: Origin; instance?: Origin }
  /** An instance of a class of the project (`new ChatService()`, a parameter typed `ChatService`). */
  | { kind: "instance"; file: string; node: TsNamespace.ClassLikeDeclaration };

/** Where an expression was evaluated: the file and its tree. */
export interface Site {
  file: string;
  tree: TsSourceFile;
}

/** LangChain values that call a model when run: a chat model, or a runnable built from one. */
const LANGCHAIN_RUNS_MODEL: ReadonlySet<string> = new Set(["langchain.model", "langchain.runnable"]);

const MAX_DEPTH = 24;
/** Keys one question may compute (see eval-guard.ts); real code stays far below it. */
export const EVALUATOR_BUDGET = 50_000;
/** Guarded frames of every kind (expressions, bindings, exports…) one question may nest. */
const MAX_FRAMES = 200;
/** Method chains at least this long are evaluated link by link (the depth limit allows about a dozen links). */
const CHAIN_WARM_LENGTH = 4;
/** `Promise<Promise<…>>` levels a type annotation is followed through. */
const MAX_TYPE_DEPTH = 8;

/** Text that may export names it does not spell: `export * from`, `module.exports = …`, `export = …`. */
const INDIRECT_EXPORT = /export\s*\*|module\.exports|export\s*=/;

/** Every method name some server app returns itself from (a cheap test before evaluating). */
const SELF_RETURNING_NAMES = new Set(SELF_RETURNING.flatMap((s) => [...s.methods]));

type Answer = Value | undefined;
type ChainStart = { base: TsNode; names: ReadonlySet<string> };

export class Evaluator {
  /** One guard and one memo per kind of key: each is computed once while its answer holds. */
  private readonly guard = new EvalGuard(EVALUATOR_BUDGET, MAX_FRAMES);
  private readonly exprMemo = new Memo<TsNode, Answer>(false);
  /** The jumps (to a binding, a return, an export, a property's initializer…) cut cycles. */
  private readonly bindingMemo = new Memo<Binding, Answer>(true);
  private readonly returnMemo = new Memo<TsNode, Answer>(true);
  private readonly jumpMemo = new Memo<TsNode, Answer>(true);
  private readonly thisMemberMemo = new Memo<object, Answer>(true);
  /** Exports and caller arguments settle: their first answer stands, as it always did. */
  private readonly exportMemo = new Memo<string, Answer>(true, true);
  private readonly callerMemo = new Memo<TsNode, Answer>(true, true);
  /** Syntax only (the trees do not change): where each chain link's chain starts. */
  private readonly chainStarts = new Map<TsNode, ChainStart>();

  constructor(
    private readonly ts: Ts,
    private readonly modules: ModuleGraph,
    private readonly fileOf: (relPath: string) => FileFacts | undefined,
    /** Files that can hold AI values; evaluation does not reach into the others. */
    private readonly relevant: (relPath: string) => boolean,
    private readonly relevantFiles: () => readonly string[] = () => [],
    /** The file that auto-imports a global name for code in `fromFile`, if a framework does. */
    private readonly autoImport: (name: string, fromFile: string) => string | undefined = () => undefined,
  ) {}

  tree(relPath: string): TsSourceFile | undefined {
    return this.fileOf(relPath)?.syntaxTree(this.ts);
  }

  /** The value of an expression at a site. */
  eval(expr: TsNode, site: Site): Value | undefined {
    if (this.guard.depth > MAX_DEPTH) {
      this.guard.cutByDepth();
      return undefined;
    }
    return this.guard.run(this.exprMemo, expr, site.file, undefined, true, () => this.evalInner(unwrapExpression(this.ts, expr), site));
  }

  /** An expression reached by a jump (a property's initializer, an option followed through a variable): a cycle is cut here. */
  private jump(expr: TsNode, site: Site): Value | undefined {
    return this.guard.run(this.jumpMemo, expr, site.file, undefined, false, () => this.eval(expr, site));
  }

  private evalInner(node: TsNode, site: Site): Value | undefined {
    const { ts } = this;
    if (ts.isAwaitExpression(node)) return this.eval(node.expression, site);
    if (ts.isStringLiteralLike(node)) return { kind: "string", text: node.text, exact: true };
    if (ts.isTemplateExpression(node)) return this.evalTemplate(node, site);
    if (ts.isBinaryExpression(node)) return this.evalBinary(node, site);
    if (ts.isConditionalExpression(node)) return this.eval(node.whenTrue, site) ?? this.eval(node.whenFalse, site);
    if (ts.isIdentifier(node)) return this.evalIdentifier(node, site);
    if (ts.isPropertyAccessExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return this.evalThisMember(node, node.name.text, site);
      return this.member(this.eval(node.expression, site), node.name.text, site);
    }
    if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return this.member(this.eval(node.expression, site), node.argumentExpression.text, site);
    // `accounts[0]`, `accounts.map((a) => a.client)[0]`
    if (ts.isElementAccessExpression(node) && ts.isNumericLiteral(node.argumentExpression)) return this.elementOf(node.expression, site, Number(node.argumentExpression.text));
    if (ts.isNewExpression(node)) return this.evalNew(node, site);
    if (ts.isCallExpression(node)) return this.evalCall(node, site);
    if (ts.isObjectLiteralExpression(node)) return { kind: "object", file: site.file, node };
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) return { kind: "function", file: site.file, node };
    if (ts.isClassExpression(node)) return { kind: "class", file: site.file, node };
    if (ts.isExportSpecifier(node)) return this.evalExportSpecifier(node, site);
    return undefined;
  }

  /** `export { auth as middleware } from "./auth"`, `export { handler as POST }`: what the name exports. */
  private evalExportSpecifier(node: TsNamespace.ExportSpecifier, site: Site): Value | undefined {
    const { ts } = this;
    const local = (node.propertyName ?? node.name).text;
    const from = node.parent.parent.moduleSpecifier;
    if (from && ts.isStringLiteral(from)) return this.importedValue(from.text, local, site);
    const binding = resolveName(ts, local, site.tree);
    return binding ? this.evalBinding(binding, site) : undefined;
  }

  /** `a.b` where `a` holds `value`. */
  member(value: Value | undefined, name: string, site: Site): Value | undefined {
    if (!value) return undefined;
    switch (value.kind) {
      case "module":
        return moduleValue(value.pkg, [...value.path, name], site);
      case "sdk":
      case "http":
        return { ...value, path: [...value.path, name] };
      case "namespace":
        return this.evalExport(value.file, name);
      case "box":
        return name === value.key ? value.value : undefined;
      case "made":
        return { ...value, path: [...value.path, name] };
      case "instance": {
        const tree = this.tree(value.file);
        const m = value.node.members.find((x) => x.name && propertyNameText(this.ts, x.name) === name);
        // Not declared here: what the class extends has it (`class Ai extends OpenAI`, then `ai.chat`).
        if (!m && tree) return this.member(this.inherited(value.node, value.file), name, site);
        if (!m || !tree) return undefined;
        if (this.ts.isMethodDeclaration(m)) return { kind: "function", file: value.file, node: m };
        if (this.ts.isPropertyDeclaration(m) && m.initializer) return this.jump(m.initializer, { file: value.file, tree });
        // `graph;` declared bare, then `this.graph = this.createGraph()` in the constructor.
        if (this.ts.isPropertyDeclaration(m)) return this.thisMember(value.node, name, { file: value.file, tree });
        return undefined;
      }
      case "object": {
        const tree = this.tree(value.file);
        const property = tree && findProperty(this.ts, value.node, name);
        if (!tree) return undefined;
        const s = { file: value.file, tree };
        // `{ ...require("./openai"), ...helpers }` (a CommonJS whole export): a spread value that is no literal supplies the name.
        if (!property) return this.spreadMember(value.node, name, s);
        if (this.ts.isPropertyAssignment(property)) return this.jump(property.initializer, s);
        if (this.ts.isShorthandPropertyAssignment(property)) return this.evalIdentifier(property.name, s);
        if (this.ts.isMethodDeclaration(property)) return { kind: "function", file: value.file, node: property };
        return undefined;
      }
      case "class": {
        // Static members: `AI.client`.
        const m = value.node.members.find((x) => x.name && propertyNameText(this.ts, x.name) === name);
        const tree = this.tree(value.file);
        if (!m || !tree) return undefined;
        if (this.ts.isPropertyDeclaration(m) && m.initializer) return this.jump(m.initializer, { file: value.file, tree });
        if (this.ts.isMethodDeclaration(m)) return { kind: "function", file: value.file, node: m };
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** A member of the spreads of an object literal that are not literals themselves (findProperty searched those), the last spread first. */
  private spreadMember(object: TsNamespace.ObjectLiteralExpression, name: string, site: Site): Value | undefined {
    const { ts } = this;
    for (let i = object.properties.length - 1; i >= 0; i--) {
      const p = object.properties[i]!;
      if (!ts.isSpreadAssignment(p) || ts.isObjectLiteralExpression(unwrapExpression(ts, p.expression))) continue;
      const found = this.member(this.jump(p.expression, site), name, site);
      if (found) return found;
    }
    return undefined;
  }

  private evalIdentifier(node: TsNamespace.Identifier, site: Site): Value | undefined {
    const binding = resolveName(this.ts, node.text, node);
    if (binding) return this.evalBinding(binding, site);
    // A name no import declares may be one a framework auto-imports (Nuxt's `useOpenAI()`).
    const auto = this.autoImport(node.text, site.file);
    return auto ? this.evalExport(auto, node.text) : undefined;
  }

  /** The value a binding holds; a binding asked for while it is being evaluated is unknown. */
  evalBinding(binding: Binding, site: Site): Value | undefined {
    return this.guard.run(this.bindingMemo, binding, site.file, undefined, false, () => this.computeBinding(binding, site));
  }

  private computeBinding(binding: Binding, site: Site): Value | undefined {
    const { ts } = this;
    switch (binding.kind) {
      case "variable": {
        // `const [client] = configs.map((c) => new OpenAI(c))`: the element, as `configs.map(…)[0]` is.
        const index = binding.path.length > 0 && /^\d+$/.test(binding.path[0]!) ? Number(binding.path[0]) : undefined;
        if (binding.init && index !== undefined) {
          const element = this.elementOf(binding.init, site, index);
          if (element) return binding.path.slice(1).reduce<Value | undefined>((v, key) => this.member(v, key, site), element);
        }
        let value = binding.init ? this.eval(binding.init, site) : undefined;
        if (!value && binding.path.length === 0) {
          // `let client: OpenAI | undefined;` then `client ??= new OpenAI()` somewhere.
          value = this.assignedValue(binding.name, binding.declaration, site) ?? this.typeInstance(binding.declaration.type, binding.declaration, site);
        }
        for (const key of binding.path) value = this.member(value, key, site);
        return value;
      }
      case "function":
        return { kind: "function", file: site.file, node: binding.node };
      case "class":
        return { kind: "class", file: site.file, node: binding.node };
      case "import":
        if (binding.typeOnly) return this.importedValue(binding.specifier, binding.imported, site);
        return this.importedValue(binding.specifier, binding.imported, site);
      case "parameter": {
        const param = binding.node;
        // `constructor(private readonly openai: OpenAI)`, `function ask(client: Anthropic)`: trust the annotation.
        if (param.type && ts.isTypeReferenceNode(param.type) && binding.path.length === 0) {
          const typeName = param.type.typeName;
          const typeValue = ts.isIdentifier(typeName) ? this.evalIdentifier(typeName, site) : this.eval(typeName.right, site);
          const instance = typeValue && this.instanceOf(typeValue, param, site);
          if (instance) return instance;
        }
        if (param.initializer && binding.path.length === 0) {
          const fallback = this.eval(param.initializer, site);
          if (fallback) return fallback;
        }
        // An untyped parameter: what a callback is given (`ready.then((r) => r.client)`), or what the function's callers pass (`complete(openai, prompt)`).
        let value = this.callbackArgument(binding.fn, binding.index, site) ?? this.argumentFromCallers(binding.fn, binding.index, binding.node, site);
        let path = binding.path;
        // `.mutation(({ ctx }) => ctx.openai…)`: the framework passes what the project's context factory built.
        const context = value ? undefined : handlerContext(ts, binding.fn, binding.index, binding.path);
        if (context) [value, path] = [this.contextValue(context), binding.path.slice(1)];
        for (const key of path) value = this.member(value, key, site);
        return value;
      }
    }
  }

  /** Per React context (its `createContext(…)` call), the values its providers give. */
  private readonly providerMemo = new Memo<TsNode, readonly ProvidedValue[]>(true);
  private contextHost?: ContextHost;

  /**
   * `useContext(ProfileContext)`, `React.useContext(…)`, React 19's `use(ProfileContext)`:
   * the `value` expressions of that context's providers (`REACT_CONTEXTS`). Undefined when
   * the call reads no context the project made.
   */
  contextValues(call: TsNamespace.CallExpression, site: Site): readonly ProvidedValue[] | undefined {
    const name = calleeName(this.ts, call.expression);
    const arg = call.arguments[0];
    if (!name || !arg || !REACT_CONTEXTS.some((c) => c.read.includes(name))) return undefined;
    const hook = this.eval(call.expression, site);
    const hookName = hook?.kind === "module" ? normaliseExport(hook.path) : undefined;
    if (hook?.kind !== "module" || !hookName) return undefined;
    const context = this.contextMade(arg, site);
    if (!context || !context.entry.read.includes(hookName) || !context.entry.packages.includes(hook.pkg)) return undefined;
    const host = (this.contextHost ??= {
      ts: this.ts,
      modules: this.modules,
      tree: (file) => this.tree(file),
      text: (file) => this.fileOf(file)?.text,
      provides: (tag, at, made) => {
        const named = this.contextMade(tag, at);
        return named !== undefined && named.origin.node === made && (named.path.length === 0 || (named.path.length === 1 && named.path[0] === named.entry.provider));
      },
    });
    const { origin, entry } = context;
    // A provider's tag is `<X.Provider>`, or (React 19) the context under its name, `<ProfileContext>`; a context with no name of its own may be imported under any.
    const holder = origin.node.parent;
    const named = holder && this.ts.isVariableDeclaration(holder) && this.ts.isIdentifier(holder.name) ? holder.name.text : undefined;
    const hints = named ? [`.${entry.provider}`, `<${named}`] : [""];
    return this.guard.run(this.providerMemo, origin.node, origin.file, [], false, () => providedValues(host, origin.node, origin.file, entry.value, hints));
  }

  /** What an expression names of a context a `createContext(…)` call made: the call, and the members read off the context (`Provider`). */
  private contextMade(expr: TsNode, site: Site): { origin: Origin; path: readonly string[]; entry: (typeof REACT_CONTEXTS)[number] } | undefined {
    const value = this.eval(expr, site);
    if (value?.kind !== "made" || value.how !== "call") return undefined;
    const made = normaliseExport(value.of.path);
    const entry = made === undefined ? undefined : REACT_CONTEXTS.find((c) => c.packages.includes(value.of.pkg) && c.create.includes(made));
    return entry && { origin: value.origin, path: value.path, entry };
  }

  /** The first caller argument at `index` (the parameter `param`) that evaluates to something, across the relevant files. */
  private argumentFromCallers(fn: TsNamespace.SignatureDeclaration, index: number, param: TsNode, site: Site): Value | undefined {
    return this.guard.run(this.callerMemo, param, site.file, undefined, false, () => this.searchCallers(fn, index, site.file));
  }

  /** `home`: the file that declares `fn`. */
  private searchCallers(fn: TsNamespace.SignatureDeclaration, index: number, home: string): Value | undefined {
    const name = functionName(this.ts, fn);
    if (!name) return undefined;
    for (const call of this.callsTo(fn, home, name, false, (c) => c.node.arguments[index] !== undefined)) {
      const value = this.eval(call.node.arguments[index]!, call.site);
      if (value) return value;
    }
    return undefined;
  }

  /**
   * The project's calls of `fn` (declared in `home`), by the names callers use: its own and
   * those its file exports it under (`module.exports = { curl: index }`, `export { index as curl }`).
   * Test files are left out; the search stops once it has found more than `limit`.
   */
  callersOf(fn: TsNamespace.SignatureDeclaration, home: string, limit: number): Array<{ node: TsNamespace.CallExpression; site: Site }> {
    const own = functionName(this.ts, fn);
    if (!own) return [];
    const found: Array<{ node: TsNamespace.CallExpression; site: Site }> = [];
    for (const name of new Set([own, ...this.exportedAs(home, own)])) {
      for (const call of this.callsTo(fn, home, name, true)) {
        found.push(call);
        if (found.length > limit) return found;
      }
    }
    return found;
  }

  /**
   * Calls named `name` whose callee is `fn`, in the files that can reach it: through an import
   * of its file `home` (or a framework's auto-import), test files left out on request. `worth`
   * skips a call before its callee is evaluated. Files are parsed as the search reaches them.
   */
  private *callsTo(
    fn: TsNamespace.SignatureDeclaration,
    home: string,
    name: string,
    skipTests: boolean,
    worth: (call: { node: TsNamespace.CallExpression; site: Site }) => boolean = () => true,
  ): Generator<{ node: TsNamespace.CallExpression; site: Site }> {
    const closure = this.importerClosure(home);
    const where = (file: string) => (closure.has(file) || this.autoImport(name, file) === home) && !(skipTests && isTestFile(file));
    for (const call of this.callsNamedIn(name, where)) {
      if (!worth(call)) continue;
      const callee = this.eval(call.node.expression, call.site);
      if (callee?.kind === "function" && callee.node === fn) yield call;
    }
  }

  /** Other names a file exports its top-level `local` under: `module.exports = { x: local }`, `exports.x = local`, `export { local as x }`. */
  private exportedAs(file: string, local: string): string[] {
    const { ts } = this;
    const tree = this.tree(file);
    if (!tree) return [];
    const names: string[] = [];
    const isLocal = (n: TsNode | undefined) => n !== undefined && ts.isIdentifier(n) && n.text === local;
    for (const statement of tree.statements) {
      if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause) && !statement.moduleSpecifier) {
        for (const spec of statement.exportClause.elements) if (isLocal(spec.propertyName)) names.push(spec.name.text);
      }
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression) || statement.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const { left, right } = statement.expression;
      const target = left.getText(tree);
      if (ts.isObjectLiteralExpression(right) && (target === "module.exports" || target === "exports")) {
        for (const p of right.properties) if (ts.isPropertyAssignment(p) && isLocal(unwrapExpression(ts, p.initializer))) names.push(propertyNameText(ts, p.name) ?? "");
      } else if (isLocal(unwrapExpression(ts, right)) && ts.isPropertyAccessExpression(left) && /^(?:module\.)?exports$/.test(left.expression.getText(tree))) names.push(left.name.text);
    }
    return names.filter(Boolean);
  }

  private readonly contexts = new Map<FrameworkContext, Value | undefined>();

  /** What a framework context holds: the return of the first context factory a relevant project file exports (once per scan). */
  private contextValue(context: FrameworkContext): Value | undefined {
    if (this.contexts.has(context)) return this.contexts.get(context);
    this.contexts.set(context, undefined);
    let found: Value | undefined;
    for (const name of context.factories) {
      for (const file of this.relevantFiles()) {
        const factory = this.evalExport(file, name);
        found = factory?.kind === "function" ? this.evalReturn(factory) : undefined;
        if (found) break;
      }
      if (found) break;
    }
    this.contexts.set(context, found);
    return found;
  }

  /** Per name, the calls that end in it (each file's own index is `callIndexOf`'s, shared by every evaluator). */
  private readonly callsByName = new Map<string, Array<{ node: TsNamespace.CallExpression; site: Site }>>();
  /** Per name, the relevant files whose text calls it (from `FileFacts.calledNames`, no parsing). */
  private namedIn?: Map<string, string[]>;
  /** Per file, the files that import it, directly or through others (itself included). */
  private readonly importerClosures = new Map<string, ReadonlySet<string>>();

  /**
   * Calls in the relevant files whose callee ends in `name` (shared with the data-flow
   * engine). Only files whose text calls the name are parsed.
   */
  callsNamed(name: string): ReadonlyArray<{ node: TsNamespace.CallExpression; site: Site }> {
    const cached = this.callsByName.get(name);
    if (cached) return cached;
    const calls = [...this.callsNamedIn(name)];
    this.callsByName.set(name, calls);
    return calls;
  }

  /**
   * Calls ending in `name` that may call a function of `file`: those in the relevant files
   * that can reach it (`file` itself and the files importing it, directly or through others,
   * or a framework's auto-import of the name: the rule `callsTo` keeps), then those in the
   * files that import `file` by name beyond the relevant ones (a page calling a client-side
   * helper that posts to the app's AI route is no AI code itself). Files are parsed only when
   * their text calls the name, as the search reaches them: a generic name (`run`, `push`)
   * is called in thousands of files that cannot reach this function.
   */
  *callsReaching(name: string, file: string): Generator<{ node: TsNamespace.CallExpression; site: Site }> {
    const closure = this.importerClosure(file);
    yield* this.callsNamedIn(name, (f) => closure.has(f) || this.autoImport(name, f) === file);
    this.relevantSet ??= new Set(this.relevantFiles());
    for (const importer of this.namingImporters(file)) {
      // A test calling the helper is not the shipped app.
      if (this.relevantSet.has(importer) || isTestFile(importer) || !this.fileOf(importer)?.calledNames.has(name)) continue;
      const tree = this.tree(importer);
      const found = tree && this.callsIn(importer, tree).get(name);
      if (found) for (const node of found) yield { node, site: { file: importer, tree } };
    }
  }
  private relevantSet?: ReadonlySet<string>;

  /**
   * The calls of `callsReaching(name, file)` whose callee is the function `fn` itself, in
   * the same order. Every tracker and the prompt analysis ask this of the same functions:
   * the calls found so far are kept, and the search goes on only as far as a caller reads.
   * (`callersOf` is the surface's narrower search: only files that import `fn`'s file, by
   * every name it is exported under, up to a limit.)
   */
  *callsReachingFunction(fn: TsNode, name: string, file: string): Generator<{ node: TsNamespace.CallExpression; site: Site }> {
    let search = this.callerSearches.get(fn);
    if (!search || search.name !== name || search.file !== file) this.callerSearches.set(fn, (search = { name, file, found: [], rest: this.callsReaching(name, file), done: false }));
    for (let i = 0; ; i++) {
      if (i < search.found.length) {
        yield search.found[i]!;
        continue;
      }
      if (search.done) return;
      const next = this.nextCallerOf(fn, search);
      if (!next) return;
      yield next;
    }
  }
  private readonly callerSearches = new Map<TsNode, { name: string; file: string; found: Array<{ node: TsNamespace.CallExpression; site: Site }>; rest: Iterator<{ node: TsNamespace.CallExpression; site: Site }>; done: boolean }>();

  /** Advances a caller search to its next call of `fn` (kept), or ends it. */
  private nextCallerOf(fn: TsNode, search: { found: Array<{ node: TsNamespace.CallExpression; site: Site }>; rest: Iterator<{ node: TsNamespace.CallExpression; site: Site }>; done: boolean }): { node: TsNamespace.CallExpression; site: Site } | undefined {
    for (let step = search.rest.next(); !step.done; step = search.rest.next()) {
      const callee = this.eval(step.value.node.expression, step.value.site);
      if (callee?.kind !== "function" || callee.node !== fn) continue;
      search.found.push(step.value);
      return step.value;
    }
    search.done = true;
    return undefined;
  }

  /** The file and the files that can call its exports by name (`ModuleGraph.namingImporters`). */
  private namingImporters(file: string): ReadonlySet<string> {
    return this.modules.namingImporters(file);
  }

  /**
   * The same calls, one file at a time and only in the files `where` admits: a file is
   * parsed when the search reaches it, so a search that stops at its first answer parses
   * one file, not every file that calls the name.
   */
  private *callsNamedIn(name: string, where?: (file: string) => boolean): Generator<{ node: TsNamespace.CallExpression; site: Site }> {
    for (const file of this.filesCalling(name)) {
      if (where && !where(file)) continue;
      const tree = this.tree(file);
      const found = tree && this.callsIn(file, tree).get(name);
      if (found) for (const node of found) yield { node, site: { file, tree } };
    }
  }

  private filesCalling(name: string): readonly string[] {
    if (!this.namedIn) {
      this.namedIn = new Map();
      for (const file of this.relevantFiles()) {
        for (const called of this.fileOf(file)?.calledNames ?? []) {
          const files = this.namedIn.get(called);
          if (files) files.push(file);
          else this.namedIn.set(called, [file]);
        }
      }
    }
    return this.namedIn.get(name) ?? [];
  }

  /** The file and every file that imports it, directly or through others (type-only imports too: an injected instance is typed by one). */
  private importerClosure(file: string): ReadonlySet<string> {
    let closure = this.importerClosures.get(file);
    if (!closure) this.importerClosures.set(file, (closure = this.modules.importersUpFrom(file, () => true, () => true)));
    return closure;
  }

  private callsIn(_file: string, tree: TsSourceFile): ReadonlyMap<string, TsNamespace.CallExpression[]> {
    return callIndexOf(this.ts, tree);
  }

  /** What `specifier`'s export `imported` holds, from the file that imports it. */
  importedValue(specifier: string, imported: string, site: Site): Value | undefined {
    // The resolver keeps an AI SDK a package even in its own monorepo, where `ai` is workspace source.
    const resolution = this.modules.resolver.resolve(site.file, specifier);
    if ("package" in resolution) return moduleValue(specifierPackage(specifier, resolution.package), [imported], site);
    if ("file" in resolution) {
      if (imported === "*") return { kind: "namespace", file: resolution.file };
      return this.evalExport(resolution.file, imported);
    }
    return undefined;
  }

  /**
   * What `require(specifier)` gives: a package's export object, or a project file's
   * `module.exports` when it assigns one whole (`module.exports = auth`, `= AiService`,
   * `= { a, b }`); otherwise its exports one by one (`exports.x = …`, ESM), as a namespace.
   */
  private requiredValue(specifier: string, site: Site): Value | undefined {
    const resolution = this.modules.resolver.resolve(site.file, specifier);
    if (!("file" in resolution)) return this.importedValue(specifier, "*", site);
    return this.evalExport(resolution.file, "*") ?? { kind: "namespace", file: resolution.file };
  }

  /** The value a project file exports under a name (following re-exports and CommonJS). */
  evalExport(file: string, name: string): Value | undefined {
    if (!this.relevant(file)) return undefined;
    return this.guard.run(this.exportMemo, `${file}\0${name}`, file, undefined, false, () => this.computeExport(file, name));
  }

  private computeExport(file: string, name: string): Value | undefined {
    if (this.cannotExport(file, name)) return undefined;
    const tree = this.tree(file);
    if (!tree) return undefined;
    const site = { file, tree };
    const table = exportTable(this.ts, tree);
    const named = table.named.get(name);
    // The first statement that exports the name wins, as in a walk of the statements.
    if (table.whole && (!named || table.whole.order <= named.order)) {
      const whole = this.eval(table.whole.node, site);
      return name === "default" || name === "*" ? whole : this.member(whole, name, site);
    }
    if (named) return this.evalExportEntry(named.entry, site);
    for (const from of table.stars) {
      const value = this.importedValue(from, name, site);
      if (value) return value;
    }
    return undefined;
  }

  /**
   * A file whose text never spells `name` exports it only through `export *` or a whole
   * `module.exports` / `export =`: without those, it is not parsed to find out (barrels
   * re-export from many files, each asked for the name in turn).
   */
  private cannotExport(file: string, name: string): boolean {
    if (name === "*") return false;
    const text = this.fileOf(file)?.text;
    return text !== undefined && !text.includes(name) && !INDIRECT_EXPORT.test(text);
  }

  private evalExportEntry(entry: ExportEntry, site: Site): Value | undefined {
    switch (entry.how) {
      case "expression":
        return this.eval(entry.node, site);
      case "declaration":
        return this.ts.isFunctionDeclaration(entry.node) ? { kind: "function", file: site.file, node: entry.node } : { kind: "class", file: site.file, node: entry.node };
      case "local": {
        const binding = resolveName(this.ts, entry.local, site.tree);
        return binding ? this.evalBinding(binding, site) : undefined;
      }
      case "from":
        return this.importedValue(entry.from, entry.imported, site);
    }
  }

  /** `this.client` inside a class: a field initializer, a constructor parameter property, or `this.client = …`. */
  private evalThisMember(node: TsNode, name: string, site: Site): Value | undefined {
    const { ts } = this;
    let cls: TsNode | undefined = node.parent;
    while (cls && !ts.isClassLike(cls)) cls = cls.parent;
    if (!cls || !ts.isClassLike(cls)) return undefined;
    return this.thisMember(cls, name, site);
  }

  private thisMember(cls: TsNamespace.ClassLikeDeclaration, name: string, site: Site): Value | undefined {
    return this.guard.run(this.thisMemberMemo, memberKey(cls, name), site.file, undefined, false, () => this.computeThisMember(cls, name, site));
  }

  private computeThisMember(cls: TsNamespace.ClassLikeDeclaration, name: string, site: Site): Value | undefined {
    const { ts } = this;
    for (const m of cls.members) {
      // `this.createGraph()`: a method of the same class.
      if (ts.isMethodDeclaration(m) && m.body && m.name && propertyNameText(ts, m.name) === name) return { kind: "function", file: site.file, node: m };
      if (ts.isPropertyDeclaration(m) && m.name && propertyNameText(ts, m.name) === name) {
        // `private svc: Svc | null = null`, set later by `init()`: the assignments below say what it holds.
        const initializer = m.initializer && unwrapExpression(ts, m.initializer);
        const nullish = initializer && (initializer.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(initializer) && initializer.text === "undefined"));
        if (m.initializer && !nullish) return this.eval(m.initializer, site);
        const declared = m.type && ts.isUnionTypeNode(m.type) ? m.type.types.find((t) => ts.isTypeReferenceNode(t)) : m.type;
        if (declared && ts.isTypeReferenceNode(declared)) {
          const typeValue = this.eval(declared.typeName, site);
          const instance = typeValue && this.instanceOf(typeValue, m, site);
          if (instance) return instance;
        }
      }
      if (ts.isConstructorDeclaration(m)) {
        for (const p of m.parameters) {
          if (ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length) {
            const binding = resolveName(ts, name, m.body ?? m);
            if (binding) return this.evalBinding(binding, site);
          }
        }
      }
    }
    // `this.client = new OpenAI()` anywhere in the class.
    for (const right of thisAssignments(ts, cls).get(name) ?? []) {
      const found = this.eval(right, site);
      if (found) return found;
    }
    // `this.chat.completions.create(…)` in `class Ai extends OpenAI`: the base class's member.
    return this.member(this.inherited(cls, site.file), name, site);
  }

  /**
   * What a project class is made of by its `extends` clause: the SDK client when it extends
   * an SDK class (`extends OpenAI`, `extends ChatOpenAI`), built by its `super(…)` call or, with
   * no constructor of its own, by `construction` (the `new Sub({ apiKey })`); a project base
   * class's instance otherwise.
   */
  private inherited(cls: TsNamespace.ClassLikeDeclaration, file: string, construction?: Origin): Value | undefined {
    const { ts } = this;
    const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const tree = base && this.tree(file);
    if (!base || !tree) return undefined;
    const value = this.jump(base.expression, { file, tree });
    if (value?.kind === "class") return value.node === cls ? undefined : { kind: "instance", file: value.file, node: value.node };
    if (value?.kind !== "module") return undefined;
    const exportName = normaliseExport(value.path);
    const hit = exportName === undefined ? undefined : sdkEntry(value.pkg, exportName, "new");
    if (!hit?.entry.type) return undefined;
    const superCall = superCallOf(ts, cls);
    if (superCall) return this.created(hit.sdk, hit.entry, superCall, { file, tree });
    const at = construction && this.tree(construction.file);
    if (construction && at && (ts.isNewExpression(construction.node) || ts.isCallExpression(construction.node))) return this.created(hit.sdk, hit.entry, construction.node, { file: construction.file, tree: at });
    return { kind: "sdk", sdk: hit.sdk, type: hit.entry.type, path: [], provider: hit.entry.provider ?? hit.sdk.provider, origin: { file, node: cls } };
  }

  /** The SDK client a `super(…)` call makes, in a class that extends an SDK class (`class Bot extends OpenAI`). */
  superClient(call: TsNamespace.CallExpression, site: Site): Value | undefined {
    const { ts } = this;
    let cls: TsNode | undefined = call.parent;
    while (cls && !ts.isClassLike(cls)) cls = cls.parent;
    if (!cls || !ts.isClassLike(cls) || superCallOf(ts, cls) !== call) return undefined;
    return this.inherited(cls, site.file);
  }

  /** A value of the annotated type: the SDK's instance when the type is an SDK class. */
  private instanceOf(typeValue: Value, at: TsNode, site: Site): Value | undefined {
    if (typeValue.kind === "class") return { kind: "instance", file: typeValue.file, node: typeValue.node };
    if (typeValue.kind !== "module") return undefined;
    const exportName = normaliseExport(typeValue.path);
    const hit = exportName === undefined ? undefined : sdkEntry(typeValue.pkg, exportName, "new");
    if (!hit || !hit.entry.type) return undefined;
    return { kind: "sdk", sdk: hit.sdk, type: hit.entry.type, path: [], provider: hit.entry.provider ?? hit.sdk.provider, origin: { file: site.file, node: at } };
  }

  private evalNew(node: TsNamespace.NewExpression, site: Site): Value | undefined {
    const callee = this.eval(node.expression, site);
    if (callee?.kind === "module") {
      const exportName = normaliseExport(callee.path);
      const hit = exportName === undefined ? undefined : sdkEntry(callee.pkg, exportName, "new");
      if (hit?.entry.type) return this.created(hit.sdk, hit.entry, node, site);
    }
    if (callee?.kind === "module") return { kind: "made", how: "new", of: { pkg: callee.pkg, path: callee.path }, path: [], origin: { file: site.file, node } };
    if (callee?.kind === "class") {
      // `class AiClient extends OpenAI {}` adds nothing: `new AiClient({ apiKey })` is the SDK client, made here.
      if (callee.node.members.length === 0) {
        const base = this.inherited(callee.node, callee.file, { file: site.file, node });
        if (base?.kind === "sdk") return base;
      }
      return { kind: "instance", file: callee.file, node: callee.node };
    }
    return undefined;
  }

  private evalCall(node: TsNamespace.CallExpression, site: Site): Value | undefined {
    const { ts } = this;
    // `require("openai")`, `require("./limiter")`
    if (ts.isIdentifier(node.expression) && node.expression.text === "require" && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]) && !resolveName(ts, "require", node)) {
      return this.requiredValue(node.arguments[0].text, site);
    }
    this.warmChain(node, site);
    const viaCallback = this.callbackResult(node, site);
    if (viaCallback) return viaCallback;
    const chained = this.selfReturningChain(node, site);
    if (chained) return chained;
    const callee = this.eval(node.expression, site);
    if (!callee) return this.passThrough(node, site) ?? this.composedRunnable(node, site);
    if (callee.kind === "module") {
      // `useContext(ProfileContext)`: what the context's providers give (the first that is known).
      for (const given of this.contextValues(node, site) ?? []) {
        const value = this.jump(given.node, given.site);
        if (value) return value;
      }
      const exportName = normaliseExport(callee.path);
      const hit = exportName === undefined ? undefined : sdkEntry(callee.pkg, exportName, "call");
      if (hit?.entry.type) return this.created(hit.sdk, hit.entry, node, site);
      const passed = this.passThrough(node, site);
      if (passed) return passed;
      // `axios.create({ baseURL })`: later requests are relative to that base.
      const factory = HTTP_CLIENTS.find((c) => c.createsClientWithBase && c.package === callee.pkg && c.callee === callee.path.map((p) => (p === "*" ? "default" : p)).join("."));
      if (factory) {
        const base = argumentAt(this.ts, node, factory.createsClientWithBase!, (n) => this.followToExpression(n));
        const baseEnv = base ? envUrlOf(this.ts, base, site.file, (n, file) => ({ node: this.followToExpression(n), file })) : undefined;
        return { kind: "http", client: callee.pkg, baseUrl: this.stringAt(node, [factory.createsClientWithBase!], site, false), ...(baseEnv ? { baseEnv } : {}), path: [] };
      }
      return this.composedRunnable(node, site) ?? { kind: "made", how: "call", of: { pkg: callee.pkg, path: callee.path }, path: [], origin: { file: site.file, node } };
    }
    if (callee.kind === "sdk") {
      const member = sdkMember(callee.type, callee.path.join("."));
      if (member?.returns) {
        const model = member.model ? this.stringAt(node, member.model, site) : undefined;
        // The derived object (a model from `getGenerativeModel`) keeps the client's origin: that is where the key is.
        return { ...callee, type: member.returns, path: [], model: model ?? callee.model };
      }
      return undefined;
    }
    if (callee.kind === "function") return this.freshInstance(this.evalReturn(callee), callee, node, site);
    return this.composedRunnable(node, site);
  }

  /**
   * `new Hono().get(…).post(…)…`, `Fastify().withTypeProvider<…>()`: methods that return the
   * app itself. The chain is walked in a loop, so a long one is not a deep recursion.
   */
  private selfReturningChain(node: TsNamespace.CallExpression, site: Site): Value | undefined {
    const chain = this.chainStart(node);
    if (!chain) return undefined;
    const value = this.eval(chain.base, site);
    if (value?.kind !== "made" || value.path.length > 0) return undefined;
    const exportName = normaliseExport(value.of.path);
    const shape = SELF_RETURNING.find((s) => s.package === value.of.pkg && exportName !== undefined && s.exports.includes(exportName));
    return shape && [...chain.names].every((n) => shape.methods.has(n)) ? value : undefined;
  }

  /** Where a chain of possibly self-returning calls starts, and the method names on the way; each link is remembered, so every link of a chain costs one step in all. */
  private chainStart(node: TsNamespace.CallExpression): ChainStart | undefined {
    const { ts } = this;
    const links: Array<{ call: TsNode; name: string }> = [];
    let cursor: TsNode = node;
    let known: ChainStart | undefined;
    while (ts.isCallExpression(cursor) && ts.isPropertyAccessExpression(cursor.expression) && SELF_RETURNING_NAMES.has(cursor.expression.name.text)) {
      known = this.chainStarts.get(cursor);
      if (known) break;
      links.push({ call: cursor, name: cursor.expression.name.text });
      cursor = unwrapExpression(ts, cursor.expression.expression);
    }
    let result: ChainStart | undefined = known;
    for (let i = links.length - 1; i >= 0; i--) {
      const { call, name } = links[i]!;
      const base: ChainStart = result ?? { base: cursor, names: new Set() };
      result = base.names.has(name) ? base : { base: base.base, names: new Set(base.names).add(name) };
      this.chainStarts.set(call, result);
    }
    return result;
  }

  /** A package object a factory creates afresh on each call belongs to the call: `createApp()` twice is two apps. */
  private freshInstance(value: Value | undefined, fn: Extract<Value, { kind: "function" }>, call: TsNode, site: Site): Value | undefined {
    if (value?.kind !== "made" || value.path.length > 0) return value;
    const made = value.instance ?? value.origin;
    const inside = made.file === fn.file && made.node.pos >= fn.node.pos && made.node.end <= fn.node.end;
    return inside ? { ...value, instance: { file: site.file, node: call } } : value;
  }

  /** Calls of a method chain already evaluated innermost first (see `warmChain`). */
  private readonly warmedLinks = new WeakSet<TsNode>();

  /**
   * `new StateGraph(s).addNode(…).addEdge(…)….compile()`: a builder chain nests as deep as it
   * is long. Its inner calls are evaluated innermost first, so each outer one finds the
   * answer below it remembered instead of recursing past the depth limit.
   */
  private warmChain(node: TsNamespace.CallExpression, site: Site): void {
    const { ts } = this;
    const links: TsNode[] = [];
    let current: TsNode = node.expression;
    while ((ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) && ts.isCallExpression(current.expression) && !this.warmedLinks.has(current.expression)) {
      links.push(current.expression);
      this.warmedLinks.add(current.expression);
      current = current.expression.expression;
    }
    if (links.length < CHAIN_WARM_LENGTH) return;
    for (let i = links.length - 1; i >= 0; i--) this.eval(links[i]!, site);
  }

  /**
   * Calls whose value is a callback's return or an array's element (table in
   * `knowledge/pass-through-calls.ts`): `p.then((r) => r.client)`, `p.catch(…)`,
   * `accounts.find((a) => …)`, `match(x).with(…, () => client).otherwise(…)`.
   */
  private callbackResult(node: TsNamespace.CallExpression, site: Site): Value | undefined {
    const { ts } = this;
    if (!ts.isPropertyAccessExpression(node.expression)) return undefined;
    const method = node.expression.name.text;
    const receiver = node.expression.expression;
    if (isOneOf(CALLBACK_RESULTS.settling, method)) {
      const callback = node.arguments[0] && this.eval(node.arguments[0], site);
      return callback?.kind === "function" ? this.evalReturn(callback) : undefined;
    }
    if (isOneOf(CALLBACK_RESULTS.keeping, method)) return this.eval(receiver, site);
    if (isOneOf(CALLBACK_RESULTS.element, method)) return this.elementOf(receiver, site);
    return this.matchResult(node, method, site);
  }

  /** One element of an array (`index` when known): of a literal, of `.filter(…)`/`.slice(…)` of one, or what `.map(cb)`'s callback returns. */
  private elementOf(expr: TsNode, site: Site, index?: number, depth = 0): Value | undefined {
    const { ts } = this;
    if (depth > 4) return undefined;
    let node = this.followToExpression(expr);
    if (ts.isAwaitExpression(node)) node = unwrapExpression(ts, node.expression);
    if (ts.isIdentifier(node)) {
      // `import { pool } from "./clients"`: the array the other file exports.
      const exported = this.importedExpression(node, site);
      return exported ? this.elementOf(exported.node, exported.site, index, depth + 1) : undefined;
    }
    if (ts.isArrayLiteralExpression(node)) {
      const exact = index !== undefined && node.elements.slice(0, index + 1).every((e) => !ts.isSpreadElement(e)) ? node.elements[index] : undefined;
      if (exact) return this.eval(exact, site);
      for (const element of node.elements) {
        const value = ts.isSpreadElement(element) ? this.elementOf(element.expression, site, undefined, depth + 1) : this.eval(element, site);
        if (value) return value;
      }
      return undefined;
    }
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
    const method = node.expression.name.text;
    if (isOneOf(CALLBACK_RESULTS.subset, method)) return this.elementOf(node.expression.expression, site, undefined, depth + 1);
    if (isOneOf(CALLBACK_RESULTS.mapping, method)) {
      const callback = node.arguments[0] && this.eval(node.arguments[0], site);
      return callback?.kind === "function" ? this.evalReturn(callback) : undefined;
    }
    return undefined;
  }

  /** The expression a project file exports under an imported name (`export const pool = [...]`), to read it syntactically. */
  private importedExpression(node: TsNamespace.Identifier, site: Site): { node: TsNode; site: Site } | undefined {
    const binding = resolveName(this.ts, node.text, node);
    if (binding?.kind !== "import" || binding.typeOnly) return undefined;
    const resolution = this.modules.resolver.resolve(site.file, binding.specifier);
    if (!("file" in resolution) || !this.relevant(resolution.file)) return undefined;
    const tree = this.tree(resolution.file);
    const entry = tree && exportTable(this.ts, tree).named.get(binding.imported)?.entry;
    return tree && entry?.how === "expression" ? { node: entry.node, site: { file: resolution.file, tree } } : undefined;
  }

  /** What a callback's parameter is given: the settled receiver of `.then`, an element of the array `.find`/`.map`… walks. */
  private callbackArgument(fn: TsNamespace.SignatureDeclaration, index: number, site: Site): Value | undefined {
    const { ts } = this;
    const call = fn.parent;
    if (index !== 0 || !call || !ts.isCallExpression(call) || call.arguments[0] !== fn || !ts.isPropertyAccessExpression(call.expression)) return undefined;
    const method = call.expression.name.text;
    const receiver = call.expression.expression;
    if (isOneOf(CALLBACK_RESULTS.settling, method)) return this.eval(receiver, site);
    if (isOneOf(CALLBACK_RESULTS.elementCallbacks, method)) return this.elementOf(receiver, site);
    return undefined;
  }

  /** `match(provider).with("groq", () => groq).otherwise(() => openai)`: the first handler whose return is known. */
  private matchResult(node: TsNamespace.CallExpression, method: string, site: Site): Value | undefined {
    const { ts } = this;
    const chains = MATCH_CHAINS.filter((c) => c.ends.includes(method));
    if (!chains.length) return undefined;
    const handlers: TsNode[] = [];
    let cursor: TsNode = node;
    for (let i = 0; i < 64 && ts.isCallExpression(cursor) && ts.isPropertyAccessExpression(cursor.expression); i++) {
      const name = cursor.expression.name.text;
      const last = cursor.arguments[cursor.arguments.length - 1];
      if (last && chains.some((c) => c.handlers.includes(name))) handlers.push(last);
      cursor = unwrapExpression(ts, cursor.expression.expression);
    }
    if (!ts.isCallExpression(cursor)) return undefined;
    const start = this.eval(cursor.expression, site);
    const chain = start?.kind === "module" ? chains.find((c) => c.package === start.pkg && normaliseExport(start.path) === c.start) : undefined;
    if (!chain) return undefined;
    // Source order: the first `.with` handler first.
    for (const handler of handlers.reverse()) {
      const fn = this.eval(handler, site);
      const value = fn?.kind === "function" ? this.evalReturn(fn) : undefined;
      if (value) return value;
    }
    return undefined;
  }

  /** `useMemo(() => new OpenAI(…))` and friends (table in `knowledge/pass-through-calls.ts`). */
  private passThrough(node: TsNamespace.CallExpression, site: Site): Value | undefined {
    const { ts } = this;
    const callee = node.expression;
    if (node.arguments[0] && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && RESOLVING_CALLS.includes(`${callee.expression.text}.${callee.name.text}`) && !resolveName(ts, callee.expression.text, callee)) {
      return this.eval(node.arguments[0], site);
    }
    const name = ts.isIdentifier(node.expression) ? node.expression.text : ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : undefined;
    const shape = name ? PASS_THROUGH_CALLS[name] : undefined;
    const arg = node.arguments[0];
    if (!shape || !arg) return undefined;
    let inner = this.eval(arg, site);
    if (shape.callsArgument && inner?.kind === "function") inner = this.evalReturn(inner);
    if (!inner) return undefined;
    return shape.box ? { kind: "box", key: shape.box, value: inner } : inner;
  }

  /** `prompt.pipe(model)`, `RunnableSequence.from([prompt, model])`: a runnable that calls the model. */
  private composedRunnable(node: TsNamespace.CallExpression, site: Site): Value | undefined {
    const { ts } = this;
    const name = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : undefined;
    if (name !== "pipe" && name !== "from" && name !== "assign") return undefined;
    if (name === "assign" && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === "Object") return undefined;
    // `RunnableSequence.from([prompt, model])`, `RunnableParallel.from({ answer: chain })`, `RunnablePassthrough.assign({ answer: chain })`.
    const members = (a: TsNode): TsNode[] =>
      ts.isArrayLiteralExpression(a) ? [...a.elements] : ts.isObjectLiteralExpression(a) ? a.properties.flatMap((p) => (ts.isPropertyAssignment(p) ? [p.initializer] : ts.isShorthandPropertyAssignment(p) ? [p.name] : [])) : [a];
    const candidates = node.arguments.flatMap((a) => (ts.isArrayLiteralExpression(a) ? a.elements.flatMap((e) => members(e)) : members(a)));
    for (const arg of candidates) {
      const v = this.eval(arg, site);
      if (v?.kind === "sdk" && LANGCHAIN_RUNS_MODEL.has(v.type)) return { ...v, type: "langchain.runnable", path: [] };
    }
    return undefined;
  }

  /** What a function returns (expression body, or its `return` statements). */
  evalReturn(fn: Extract<Value, { kind: "function" }>): Value | undefined {
    return this.guard.run(this.returnMemo, fn.node, fn.file, undefined, false, () => this.computeReturn(fn));
  }

  private computeReturn(fn: Extract<Value, { kind: "function" }>): Value | undefined {
    const { ts } = this;
    const tree = this.tree(fn.file);
    if (!tree) return undefined;
    const site = { file: fn.file, tree };
    const body = (fn.node as TsNamespace.FunctionLikeDeclaration).body;
    if (!body) return undefined;
    if (!ts.isBlock(body)) return this.eval(body, site);
    for (const expression of returnedExpressions(ts, fn.node) as readonly TsNamespace.Expression[]) {
      const result = this.eval(expression, site);
      if (result) return result;
    }
    // `function useOpenAI(): OpenAI { … }`: the declared return type says it.
    return this.typeInstance(fn.node.type, fn.node, site);
  }

  /** An instance of the SDK class a type annotation names (`OpenAI`, `OpenAI | undefined`, `Promise<OpenAI>`). */
  private typeInstance(type: TsNamespace.TypeNode | undefined, at: TsNode, site: Site, depth = 0): Value | undefined {
    const { ts } = this;
    if (!type || depth > MAX_TYPE_DEPTH) return undefined;
    if (ts.isUnionTypeNode(type)) {
      for (const member of type.types) {
        const v = this.typeInstance(member, at, site, depth + 1);
        if (v) return v;
      }
      return undefined;
    }
    if (!ts.isTypeReferenceNode(type)) return undefined;
    if (ts.isIdentifier(type.typeName) && type.typeName.text === "Promise" && type.typeArguments?.[0]) return this.typeInstance(type.typeArguments[0], at, site, depth + 1);
    const typeValue = ts.isIdentifier(type.typeName) ? this.evalIdentifier(type.typeName, site) : this.eval(type.typeName.right, site);
    return typeValue && this.instanceOf(typeValue, at, site);
  }

  /** The value of an assignment to a variable declared without one (`x = …`, `x ??= …`), in its scope. */
  private assignedValue(name: string, declaration: TsNode, site: Site): Value | undefined {
    const { ts } = this;
    let scope: TsNode | undefined = declaration.parent;
    while (scope && !ts.isBlock(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
    if (!scope) return undefined;
    let file: TsNode = scope;
    while (file.parent) file = file.parent;
    for (const assignment of nameAssignments(ts, file).get(name) ?? []) {
      // Only assignments inside the declaration's scope (a descendant lies within its range).
      if (assignment.pos < scope.pos || assignment.end > scope.end) continue;
      const found = this.eval(assignment.right, site);
      if (found) return found;
    }
    return undefined;
  }

  private created(sdk: AiSdk, entry: SdkEntry, node: TsNamespace.NewExpression | TsNamespace.CallExpression, site: Site): Value {
    const runs = entry.modelFrom ? this.modelAt(node, entry.modelFrom, site) : undefined;
    if (runs) return { ...runs, type: entry.type!, path: [] };
    const model = entry.model ? this.stringAt(node, entry.model, site) : undefined;
    let provider = entry.provider ?? sdk.provider;
    for (const path of sdk.baseUrlOptions ?? []) {
      const url = this.stringAt(node, [path], site, false);
      const host = url ? hostOf(url) : undefined;
      if (host) provider = providerForBaseUrl(host) ?? provider;
    }
    return { kind: "sdk", sdk, type: entry.type!, path: [], provider, model, origin: { file: site.file, node } };
  }

  /** The LangChain model or runnable at one of `paths` (the `llm` a chain factory is given). */
  private modelAt(call: TsNode, paths: readonly string[], site: Site): Extract<Value, { kind: "sdk" }> | undefined {
    for (const path of paths) {
      const node = argumentAt(this.ts, call, path, (n) => this.followToExpression(n));
      const v = node && this.eval(node, site);
      if (v?.kind === "sdk" && v.path.length === 0 && LANGCHAIN_RUNS_MODEL.has(v.type)) return v;
    }
    return undefined;
  }

  /** The first of `paths` that holds a constant string (exact unless `prefixOk`). */
  stringAt(call: TsNode, paths: readonly string[], site: Site, exactOnly = true): string | undefined {
    for (const path of paths) {
      const node = argumentAt(this.ts, call, path, (n) => this.followToExpression(n));
      if (!node) continue;
      const v = this.jump(node, site);
      if (v?.kind === "string" && (v.exact || !exactOnly)) return v.text;
    }
    return undefined;
  }

  /** An identifier's initializer, to walk into `const params = { model }` passed by name. */
  /**
   * The functions a callee may be when it is picked out of a table by a key known only at
   * run time: `strategies[config.key](…)`, or a helper that returns such a pick
   * (`const run = getStrategy(name); run(…)`). Each value of the object literal that is a
   * function of the project is a candidate. Empty when the callee is anything else.
   */
  tableCallees(callee: TsNode, site: Site): Array<Extract<Value, { kind: "function" }>> {
    const out: Array<Extract<Value, { kind: "function" }>> = [];
    const pending: Array<{ node: TsNode; site: Site; depth: number }> = [{ node: callee, site, depth: 0 }];
    const { ts } = this;
    while (pending.length > 0 && out.length < MAX_TABLE_CALLEES) {
      const { node, site: at, depth } = pending.pop()!;
      if (depth > MAX_TABLE_DEPTH) continue;
      const n = this.followToExpression(node);
      if (ts.isAwaitExpression(n) || ts.isNonNullExpression(n)) pending.push({ node: n.expression, site: at, depth: depth + 1 });
      else if (ts.isConditionalExpression(n)) pending.push({ node: n.whenTrue, site: at, depth: depth + 1 }, { node: n.whenFalse, site: at, depth: depth + 1 });
      else if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.BarBarToken || n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) pending.push({ node: n.left, site: at, depth: depth + 1 }, { node: n.right, site: at, depth: depth + 1 });
      else if (ts.isCallExpression(n)) {
        // A project helper that returns the pick: its return expressions, in its own file.
        const fn = this.eval(n.expression, at);
        const tree = fn?.kind === "function" ? this.tree(fn.file) : undefined;
        const body = fn?.kind === "function" ? (fn.node as TsNamespace.FunctionLikeDeclaration).body : undefined;
        if (fn?.kind === "function" && tree && body) {
          for (const r of returnedExpressions(ts, fn.node)) pending.push({ node: r, site: { file: fn.file, tree }, depth: depth + 1 });
        }
      } else if (ts.isElementAccessExpression(n) && !ts.isStringLiteralLike(n.argumentExpression) && !ts.isNumericLiteral(n.argumentExpression)) {
        const table = this.followToExpression(n.expression);
        if (!ts.isObjectLiteralExpression(table)) continue;
        for (const p of table.properties) {
          const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : ts.isMethodDeclaration(p) ? p : undefined;
          const fn = value && (ts.isMethodDeclaration(value) ? ({ kind: "function", file: at.file, node: value } as const) : this.eval(value, at));
          if (fn?.kind === "function" && !out.some((o) => o.node === fn.node)) out.push(fn);
        }
      }
    }
    return out;
  }

  followToExpression(node: TsNode): TsNode {
    const { ts } = this;
    let current = unwrapExpression(ts, node);
    for (let i = 0; i < 5 && ts.isIdentifier(current); i++) {
      const binding = resolveName(ts, current.text, current);
      if (binding?.kind !== "variable" || !binding.init || binding.path.length) break;
      current = unwrapExpression(ts, binding.init);
    }
    return current;
  }

  private evalTemplate(node: TsNamespace.TemplateExpression, site: Site): Value {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const v = this.eval(span.expression, site);
      if (v?.kind !== "string") return { kind: "string", text, exact: false };
      text += v.text;
      if (!v.exact) return { kind: "string", text, exact: false };
      text += span.literal.text;
    }
    return { kind: "string", text, exact: true };
  }

  private evalBinary(node: TsNamespace.BinaryExpression, site: Site): Value | undefined {
    const { ts } = this;
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
      // `process.env.BASE_URL ?? "https://api.openai.com"`: the fallback is what we can know.
      return this.eval(node.left, site) ?? this.eval(node.right, site);
    }
    if (op === ts.SyntaxKind.PlusToken) {
      const left = this.eval(node.left, site);
      if (left?.kind !== "string") return undefined;
      if (!left.exact) return left;
      const right = this.eval(node.right, site);
      if (right?.kind !== "string") return { kind: "string", text: left.text, exact: false };
      return { kind: "string", text: left.text + right.text, exact: right.exact };
    }
    return undefined;
  }
}

/**
 * The expression at an argument path: `0.model` is the first argument's `model`
 * property; a number after a call or `new` steps into its arguments.
 */
export function argumentAt(ts: Ts, call: TsNode, path: string, follow: (n: TsNode) => TsNode = (n) => n): TsNode | undefined {
  let current: TsNode | undefined = call;
  for (const segment of path.split(".")) {
    if (!current) return undefined;
    current = follow(current);
    if (/^\d+$/.test(segment)) {
      if (ts.isCallExpression(current) || ts.isNewExpression(current)) current = current.arguments?.[Number(segment)];
      else if (ts.isArrayLiteralExpression(current)) current = current.elements[Number(segment)];
      else return undefined;
    } else {
      if (!ts.isObjectLiteralExpression(current)) return undefined;
      const property = findProperty(ts, current, segment);
      if (!property) return undefined;
      current = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    }
  }
  return current;
}

/** A property of an object literal by name, also through `...spread` of another literal. */
export function findProperty(ts: Ts, object: TsNamespace.ObjectLiteralExpression, name: string): TsNamespace.ObjectLiteralElementLike | undefined {
  // Last property first; a spread literal is searched where it stands (a stack, not recursion: spreads nest as deep as the input).
  const pending: Array<{ object: TsNamespace.ObjectLiteralExpression; next: number }> = [{ object, next: object.properties.length - 1 }];
  while (pending.length) {
    const top = pending[pending.length - 1]!;
    if (top.next < 0) {
      pending.pop();
      continue;
    }
    const p = top.object.properties[top.next--]!;
    if (p.name && propertyNameText(ts, p.name) === name) return p;
    if (ts.isSpreadAssignment(p)) for (const inner of spreadAlternatives(ts, p.expression)) if (inner && ts.isObjectLiteralExpression(inner)) pending.push({ object: inner, next: inner.properties.length - 1 });
  }
  return undefined;
}

/**
 * What a spread may spread: `...(id && { a })` the literal or a falsy value, `...(c ? { a } : { b })`
 * either branch; `undefined` stands for nothing spread (`null`, `undefined`, `false`). Each
 * step goes through `follow` (parentheses by default; a caller may follow constants too).
 * A few alternatives at most: conditions in one spread nest shallowly, and past that the
 * whole expression is given back as one alternative.
 */
export function spreadAlternatives(ts: Ts, expression: TsNode, follow: (node: TsNode) => TsNode = (n) => unwrapExpression(ts, n)): Array<TsNode | undefined> {
  const out: Array<TsNode | undefined> = [];
  const queue: TsNode[] = [expression];
  while (queue.length > 0 && out.length < 8) {
    const node = follow(queue.shift()!);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) queue.push(node.right);
    else if (ts.isConditionalExpression(node)) queue.push(node.whenTrue, node.whenFalse);
    else if (node.kind === ts.SyntaxKind.NullKeyword || node.kind === ts.SyntaxKind.FalseKeyword || (ts.isIdentifier(node) && node.text === "undefined")) out.push(undefined);
    else out.push(node);
  }
  if (queue.length > 0) out.push(expression);
  return out;
}

/** A package export, or the SDK value it is when the table says the export is a ready-made instance (`ollama`, `openai` of `@ai-sdk/openai`). */
function moduleValue(pkg: string, path: string[], site: Site): Value {
  const exportName = normaliseExport(path);
  const hit = exportName === undefined ? undefined : sdkEntry(pkg, exportName, "value");
  if (hit?.entry.type) return { kind: "sdk", sdk: hit.sdk, type: hit.entry.type, path: [], provider: hit.entry.provider ?? hit.sdk.provider, origin: { file: site.file, node: site.tree } };
  return { kind: "module", pkg, path };
}


/**
 * Pre-order walk of `root`'s descendants (not `root`), children in source order; `visit`
 * returning false skips a node's children. A stack, not recursion: trees nest as deep as the input.
 */
function preorder(ts: Ts, root: TsNode, visit: (node: TsNode) => boolean | void): void {
  const stack: TsNode[] = [];
  const push = (child: TsNode): void => {
    stack.push(child);
  };
  const pushChildren = (node: TsNode): void => {
    const from = stack.length;
    ts.forEachChild(node, push);
    for (let i = from, j = stack.length - 1; i < j; i++, j--) [stack[i], stack[j]] = [stack[j]!, stack[i]!];
  };
  pushChildren(root);
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (visit(node) !== false) pushChildren(node);
  }
}

type ExportEntry =
  | { how: "expression"; node: TsNamespace.Expression }
  | { how: "declaration"; node: TsNamespace.FunctionDeclaration | TsNamespace.ClassDeclaration }
  /** A local binding exported by name (`export { a }`, `export const { a } = …`). */
  | { how: "local"; local: string }
  | { how: "from"; from: string; imported: string };

/**
 * What a file exports, by name, with the order of the statement that exports it; `whole`:
 * `module.exports = …` or `export = …`, which exports every name. ESM and every CommonJS form.
 */
interface ExportTable {
  named: Map<string, { order: number; entry: ExportEntry }>;
  whole?: { order: number; node: TsNamespace.Expression };
  stars: string[];
}

/** Per file, built once: a file with thousands of exports is not walked again for each name. */
const EXPORT_TABLES = new WeakMap<TsNode, ExportTable>();

function exportTable(ts: Ts, tree: TsSourceFile): ExportTable {
  const known = EXPORT_TABLES.get(tree);
  if (known) return known;
  const table: ExportTable = { named: new Map(), stars: [] };
  const add = (name: string, order: number, entry: ExportEntry): void => {
    if (!table.named.has(name)) table.named.set(name, { order, entry });
  };
  tree.statements.forEach((statement, order) => {
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    const exported = modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (exported && ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (!d.initializer) continue;
        if (ts.isIdentifier(d.name)) add(d.name.text, order, { how: "expression", node: d.initializer });
        // `export const { auth, handlers } = NextAuth(config)`
        else for (const bound of boundNames(ts, d.name)) add(bound, order, { how: "local", local: bound });
      }
    }
    if (exported && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement))) {
      if (statement.name) add(statement.name.text, order, { how: "declaration", node: statement });
      if (isDefault) add("default", order, { how: "declaration", node: statement });
    }
    if (ts.isExportAssignment(statement)) {
      if (!statement.isExportEquals) add("default", order, { how: "expression", node: statement.expression });
      else table.whole ??= { order, node: statement.expression };
    }
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (from) table.stars.push(from);
      } else if (ts.isNamespaceExport(clause)) {
        if (from) add(clause.name.text, order, { how: "from", from, imported: "*" });
      } else {
        for (const spec of clause.elements) {
          const local = (spec.propertyName ?? spec.name).text;
          add(spec.name.text, order, from ? { how: "from", from, imported: local } : { how: "local", local });
        }
      }
    }
    // CommonJS: `module.exports = …`, `module.exports.x = …`, `exports.x = …`, chained (`exports = module.exports = …`).
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const targets: string[] = [];
      let assigned: TsNamespace.Expression = statement.expression;
      for (let i = 0; i < 8 && ts.isBinaryExpression(assigned) && assigned.operatorToken.kind === ts.SyntaxKind.EqualsToken; i++) {
        targets.push(assigned.left.getText(tree));
        assigned = assigned.right;
      }
      for (const target of targets) {
        if (target === "module.exports") table.whole ??= { order, node: assigned };
        const exportName = target.startsWith("module.exports.") ? target.slice("module.exports.".length) : target.startsWith("exports.") ? target.slice("exports.".length) : undefined;
        if (exportName) add(exportName, order, { how: "expression", node: assigned });
      }
    }
  });
  EXPORT_TABLES.set(tree, table);
  return table;
}

/** The names a destructuring pattern declares. */
function boundNames(ts: Ts, pattern: TsNamespace.BindingName): string[] {
  const names: string[] = [];
  const pending: TsNamespace.BindingName[] = [pattern];
  for (let p = pending.pop(); p; p = pending.pop()) {
    if (ts.isIdentifier(p)) names.push(p.text);
    else for (const el of p.elements) if (ts.isBindingElement(el)) pending.push(el.name);
  }
  return names;
}

/** The `super(…)` call of a class's constructor, if it has one. */
function superCallOf(ts: Ts, cls: TsNamespace.ClassLikeDeclaration): TsNamespace.CallExpression | undefined {
  const ctor = cls.members.find((m): m is TsNamespace.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
  for (const statement of ctor?.body?.statements ?? []) {
    const e = ts.isExpressionStatement(statement) ? statement.expression : undefined;
    if (e && ts.isCallExpression(e) && e.expression.kind === ts.SyntaxKind.SuperKeyword) return e;
  }
  return undefined;
}

/** One key object per (class, member name), for the memo. */
const MEMBER_KEYS = new WeakMap<TsNode, Map<string, object>>();

function memberKey(cls: TsNode, name: string): object {
  let byName = MEMBER_KEYS.get(cls);
  if (!byName) MEMBER_KEYS.set(cls, (byName = new Map()));
  let key = byName.get(name);
  if (!key) byName.set(name, (key = {}));
  return key;
}

type Assignment = TsNamespace.BinaryExpression & { left: TsNamespace.Identifier };

/** Per file: `x = …`, `x ??= …`, `x ||= …` by the assigned name, in source order (built once per file). */
const NAME_ASSIGNMENTS = new WeakMap<TsNode, Map<string, Assignment[]>>();

function nameAssignments(ts: Ts, file: TsNode): Map<string, Assignment[]> {
  let byName = NAME_ASSIGNMENTS.get(file);
  if (byName) return byName;
  const index = new Map<string, Assignment[]>();
  const assigning = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);
  preorder(ts, file, (n) => {
    if (!ts.isBinaryExpression(n) || !assigning.has(n.operatorToken.kind) || !ts.isIdentifier(n.left)) return;
    const list = index.get(n.left.text);
    if (list) list.push(n as Assignment);
    else index.set(n.left.text, [n as Assignment]);
  });
  byName = index;
  NAME_ASSIGNMENTS.set(file, byName);
  return byName;
}

/** Per class: the right sides of `this.x = …` anywhere in it, by `x`, in source order. */
const THIS_ASSIGNMENTS = new WeakMap<TsNode, Map<string, TsNamespace.Expression[]>>();

function thisAssignments(ts: Ts, cls: TsNode): Map<string, TsNamespace.Expression[]> {
  let byName = THIS_ASSIGNMENTS.get(cls);
  if (byName) return byName;
  const index = new Map<string, TsNamespace.Expression[]>();
  preorder(ts, cls, (n) => {
    if (!ts.isBinaryExpression(n) || n.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(n.left) || n.left.expression.kind !== ts.SyntaxKind.ThisKeyword) return;
    const list = index.get(n.left.name.text);
    if (list) list.push(n.right);
    else index.set(n.left.name.text, [n.right]);
  });
  byName = index;
  THIS_ASSIGNMENTS.set(cls, byName);
  return byName;
}

/** A table of functions picked by a run-time key: at most this many candidates, found at most this many steps away. */
const MAX_TABLE_CALLEES = 16;
const MAX_TABLE_DEPTH = 6;


function isOneOf(list: readonly string[], name: string): boolean {
  return list.includes(name);
}

/** `*` then `OpenAI` (namespace import) or `*` alone (CommonJS require) name an export. */
export function normaliseExport(path: readonly string[]): string | undefined {
  if (path.length === 1) return path[0] === "*" ? "default" : path[0];
  if (path.length === 2 && (path[0] === "*" || path[0] === "default")) return path[1];
  // A static member of an export (`Agent.create`): the table names it with a dot.
  if (path.length === 2) return `${path[0]}.${path[1]}`;
  if (path.length === 3 && path[0] === "*") return `${path[1]}.${path[2]}`;
  return undefined;
}

/** Subpaths the evidence table names on their own (`next-auth/middleware`, `hono/jwt`). */
const EVIDENCE_SUBPATHS = new Set(EVIDENCE_SHAPES.flatMap((s) => s.packages));

/** `ollama/browser` is its own entry in the table; other subpaths belong to the package. */
function specifierPackage(specifier: string, pkg: string): string {
  return isAiPackage(specifier) || EVIDENCE_SUBPATHS.has(specifier) ? specifier : pkg;
}

export function hostOf(url: string): string | undefined {
  const m = /^(?:https?|wss?):\/\/([^/?#\s]+)/i.exec(url);
  return m ? m[1]!.toLowerCase().replace(/^[^@]*@/, "") : undefined;
}

/** The `openai` SDK pointed at another provider's OpenAI-compatible endpoint (OpenRouter, Groq, Ollama…). */
function providerForBaseUrl(host: string): string | undefined {
  return providerHost(host)?.provider ?? (isLoopbackHost(host) ? "local model server" : undefined);
}

export type { Binding };
