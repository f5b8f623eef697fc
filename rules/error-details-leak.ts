/**
 * EH-1: an AI route that sends internal error details to its caller: a provider's error
 * body, an error message, a stack trace.
 *
 * Detector: for every AI route of the route model, the catch clauses (and `.catch(err =>
 * …)` callbacks) in its handler, in the project functions the handler calls (two calls
 * deep) and in the middleware of the project on its path (there, only a catch whose try runs
 * the rest of the chain, `await next()`, or calls a model: an auth hook's catch sees only the
 * token check's errors); also the app-wide error handlers
 * of its framework (Hono `app.onError`, Fastify `setErrorHandler`, Express error
 * middleware, NestJS exception filters, but not one whose `@Catch(…)` lists only error
 * classes of a package that makes no model request, such as an ORM's). Inside, a response the framework sends (table in
 * `src/knowledge/http-responses.ts`: `res.json`, `NextResponse.json`, `c.json`,
 * `reply.send`, `ctx.body =`, SvelteKit `error()`, h3 `createError`, Nest exceptions,
 * `TRPCError`, Koa `ctx.throw` below status 500, and the return value where the framework sends it) whose payload holds the
 * caught error, `err.message`, `err.stack`, `String(err)`, `JSON.stringify(err)`, the
 * provider's `err.response`/`err.error`… directly, through variables, or through a helper
 * the error is passed to (reported where the helper sends it, the call that handed the error
 * over as the first step of its path; a helper called on a user-facing error's branch is not
 * followed). `next(err)` hands the error to the framework: not a finding.
 * A branch taken only in development or only for user-facing errors
 * (`err instanceof ZodError`) is not reported.
 */
import { SERVER_APPS } from "../src/knowledge/server-apps.js";
import { defineRule, type ProjectRuleContext } from "../src/engine/rule.js";
import { propertyNameText, unwrapExpression, walk } from "../src/facts/ast.js";
import type { Ts, TsNode } from "../src/facts/typescript.js";
import {
  DEV_ONLY_CONDITION,
  ERROR_DETAIL_MEMBERS,
  ERROR_HANDLERS,
  ERROR_SERIALISERS,
  NEST_EXCEPTION_FILTER,
  PRODUCTION_ONLY_CONDITION,
  RESPONSE_BODY_ASSIGNMENTS,
  RESPONSE_METHODS,
  RETURN_SENDS_FRAMEWORKS,
  RETURN_SENDS_METHODS,
  TEST_METHODS,
  USER_FACING_ERROR_CLASS,
} from "../src/knowledge/http-responses.js";
import type { AiRoute } from "../src/model/routes/index.js";
import { describeRoute } from "./support/route-report.js";
import type { ExtractorContext } from "../src/model/routes/types.js";
import { handlerFunctions, listOf, middlewareFunctions, packageRootOf, within } from "../src/model/routes/functions.js";
import { resolveName } from "../src/model/scopes.js";
import { bodyOf, isResponseObject, pickArguments, responseFunction, sendsMessage, streamEnqueue } from "../src/model/responses.js";
import type { ts as TsNamespace } from "ts-morph";
import { packageName } from "../src/model/resolve.js";
import { isAiPackage } from "../src/model/sdk-table.js";
import { HTTP_CLIENT_PACKAGES } from "../src/knowledge/provider-hosts.js";
import { oneLineSnippet } from "../src/util/text.js";

export default defineRule({
  meta: {
    id: "error-details-leak",
    title: "AI route sends internal error details to the client",
    checklist: ["EH-1"],
    severity: "warning",
    cwe: ["CWE-209"],
    owaspLlm: { "2025": "LLM02", "2026": "LLM02" },
    description:
      "When a model call fails, the route answers with the caught error itself, its message or stack, or the provider's error body. Provider errors name the model, the organisation and project, rate-limit and quota state and request ids, sometimes part of the prompt; stack traces show file paths and libraries. Callers learn how the backend works and how to probe it.",
    fix: "Log the error on the server (with a request id) and answer with a generic message and a status code; map the provider errors you expect (429, 400 content policy) to messages written for users.",
    example: {
      bad: 'try {\n  const reply = await openai.chat.completions.create({ model, messages });\n  res.json({ reply });\n} catch (err) {\n  res.status(500).json({ error: err.message });\n}',
      good: 'try {\n  const reply = await openai.chat.completions.create({ model, messages });\n  res.json({ reply });\n} catch (err) {\n  logger.error({ err, requestId }, "chat failed");\n  res.status(500).json({ error: "The assistant is unavailable, please try again." });\n}',
    },
    scope: "catch blocks and error handlers on the path of routes that reach a model (handlers, the helpers they call, middleware)",
  },

  checkProject(project, context) {
    const model = project.routes(context.ts);
    if (model.aiRoutes.length === 0) return;
    const finder = new LeakFinder(model.context, project.aiSurface(context.ts).callSites);
    for (const ai of model.aiRoutes) {
      const sendsReturn = RETURN_SENDS_FRAMEWORKS.includes(ai.route.framework) || RETURN_SENDS_METHODS.includes(ai.route.method);
      for (const fn of [...handlerFunctions(model.context, ai.route), ...middlewareFunctions(model.context, ai.route)]) {
        // A wrapper's function returns what the handler returned, or its own answer when the handler threw.
        finder.inFunction(fn.file, fn.node, ai, sendsReturn && (fn.role === "handler" || fn.wraps === true), fn.role === "middleware" && !fn.wraps);
      }
    }
    for (const handler of finder.errorHandlers()) {
      const root = packageRootOf(model.context, handler.file);
      // Express error middleware on a route's own chain was registered before it: it never sees that route's errors.
      const routes = model.aiRoutes.filter((ai) => ai.route.framework === handler.framework && packageRootOf(model.context, ai.route.file) === root && !middlewareFunctions(model.context, ai.route).some((f) => f.node === handler.node));
      for (const ai of routes) finder.inErrorHandler(handler, ai);
    }
    context.judged(finder.judged.size);
    report(project, context, finder);
  },
});

interface Taint {
  /** The name code uses for it. */
  name: string;
  /** The catch clause's block, or the parameter declaring it. */
  decl: TsNode;
  kind: "catch" | "parameter" | "variable";
  /** What it holds: the error object, one of its details (`err.message`), or a provider's raw answer whose `error` field is a detail. */
  holds: Leak | { kind: "provider-answer"; label: string };
}

interface Leak {
  kind: "error" | "detail";
  /** `err.message`, `the error object (err)`, `String(err)`. */
  label: string;
}

interface Site {
  file: string;
  node: TsNode;
  /** What sends it: `res.status(500).json`, `NextResponse.json`, `ctx.body =`, `return`. */
  via: string;
  leak: Leak;
  /** Where the error was caught, when not in the route's own code: `app.onError`. */
  handler?: string;
  /** For an error handed to a helper: the calls that handed it over, outermost first (shown as the finding's path). */
  handedOver?: Hop[];
  routes: AiRoute[];
}

interface Hop {
  file: string;
  node: TsNode;
  note: string;
}

interface ErrorHandler {
  framework: string;
  file: string;
  node: TsNode;
  errorParam: TsNode;
  label: string;
}

const MAX_DEPTH = 6;
// Most files register no error handler: parse only those that might.
const ERROR_HANDLER_PACKAGES = [...SERVER_APPS.map((a) => a.package), "@nestjs/common", "@nestjs/core"];
const ERROR_HANDLER_HINT = new RegExp(`\\.(?:${[...new Set(ERROR_HANDLERS.map((h) => h.method))].join("|")})\\(|@${NEST_EXCEPTION_FILTER.decorator}\\(`);
const HELPER_DEPTH = 2;
/** Project exception classes followed up their `extends` chain this far. */
const MAX_EXCEPTION_ANCESTORS = 4;

class LeakFinder {
  readonly judged = new Set<TsNode>();
  readonly sites = new Map<TsNode, Site>();
  private readonly ts: Ts;
  private readonly scanned = new Map<TsNode, Array<Omit<Site, "routes">>>();

  constructor(
    private readonly context: ExtractorContext,
    /** Where the project calls a model (the AI surface's call sites). */
    private readonly modelCallSites: ReadonlyArray<{ file: string; start: number; end: number }>,
  ) {
    this.ts = context.ts;
  }

  /**
   * Catch clauses and `.catch(err => …)` callbacks in a function on the route's path. In a
   * middleware (`before`: it runs before the handler and does not wrap it), only those whose
   * guarded code runs the rest of the chain (`await next()`) or calls a model itself: the
   * others catch the middleware's own failures (a token check, a lookup), never the route's.
   */
  inFunction(file: string, fn: TsNode, ai: AiRoute, sendsReturn: boolean, before = false): void {
    const { ts } = this;
    const body = (fn as { body?: TsNode }).body;
    if (!body) return;
    // `const data = await (await fetch(providerUrl)).json()`: its `error` field is the provider's error body.
    const answers = this.providerAnswers(file, body, ai);
    if (answers.length) this.record(answers[0]!.decl, ai, () => this.scan(file, body, answers, sendsReturn ? fn : undefined, 0));
    walk(ts, body, (node) => {
      if (ts.isCatchClause(node)) {
        if (before && !this.carriesRouteErrors(file, fn, node.parent.tryBlock)) return;
        this.judged.add(node);
        const decl = node.variableDeclaration;
        if (!decl) return;
        const taints = this.catchTaints(decl.name, node.block);
        if (taints.length) this.record(node, ai, () => this.scan(file, node.block, taints, sendsReturn ? fn : undefined, 0));
      } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "catch" && node.arguments[0]) {
        const callback = unwrapExpression(ts, node.arguments[0]);
        if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return;
        if (before && !this.carriesRouteErrors(file, fn, node.expression.expression)) return;
        this.judged.add(callback);
        const param = callback.parameters[0];
        if (!param || !ts.isIdentifier(param.name)) return;
        const taints: Taint[] = [{ name: param.name.text, decl: param, kind: "parameter", holds: { kind: "error", label: `the error object (${param.name.text})` } }];
        this.record(callback, ai, () => this.scan(file, callback.body, taints, undefined, 0));
      }
    });
  }

  /** Does code a middleware guards run the rest of the route (a call of its continuation parameter, `next()`), or call a model there? */
  private carriesRouteErrors(file: string, fn: TsNode, guarded: TsNode): boolean {
    const { ts } = this;
    const params = ((fn as TsNamespace.SignatureDeclaration).parameters ?? []).slice(1).flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : []));
    const [from, to] = [guarded.getStart(), guarded.getEnd()];
    if (this.modelCallSites.some((c) => c.file === file && c.start >= from && c.end <= to)) return true;
    let runsOn = false;
    walk(ts, guarded, (node) => {
      if (!runsOn && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && params.includes(node.expression.text)) runsOn = true;
    });
    return runsOn;
  }

  /**
   * Variables holding the raw answer of the route's model request, made in this function:
   * `const r = await fetch(url)` then `const data = await r.json()`, or an HTTP client's
   * result (`const r = await axios.post(url)`, whose `r.data.error` is the body).
   */
  private providerAnswers(file: string, body: TsNode, ai: AiRoute): Taint[] {
    const { ts } = this;
    const call = ai.reach.call;
    if (call.sdk !== "http" || call.file !== file || !within(call.node, body)) return [];
    const out: Taint[] = [];
    const isTheCall = (expr: TsNode): boolean => {
      let n = unwrap(ts, expr);
      if (ts.isAwaitExpression(n)) n = unwrap(ts, n.expression);
      return n === call.node;
    };
    walk(ts, body, (node) => {
      if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name) || !node.initializer) return;
      let init = unwrap(ts, node.initializer);
      if (ts.isAwaitExpression(init)) init = unwrap(ts, init.expression);
      // `r.json()` / `(await fetch(…)).json()` where `r` holds the request's response.
      if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && init.expression.name.text === "json") {
        const target = unwrap(ts, init.expression.expression);
        const binding = ts.isIdentifier(target) ? resolveName(ts, target.text, target) : undefined;
        const source = binding?.kind === "variable" && binding.path.length === 0 ? binding.init : target;
        if (source && isTheCall(source)) out.push({ name: node.name.text, decl: node, kind: "variable", holds: { kind: "provider-answer", label: node.name.text } });
      } else if (isTheCall(init)) {
        out.push({ name: node.name.text, decl: node, kind: "variable", holds: { kind: "provider-answer", label: node.name.text } });
      }
    });
    return out;
  }

  inErrorHandler(handler: ErrorHandler, ai: AiRoute): void {
    const { ts } = this;
    this.judged.add(handler.node);
    const param = handler.errorParam;
    if (!ts.isParameter(param) || !ts.isIdentifier(param.name)) return;
    const body = (handler.node as { body?: TsNode }).body;
    if (!body) return;
    const taints: Taint[] = [{ name: param.name.text, decl: param, kind: "parameter", holds: { kind: "error", label: `the error object (${param.name.text})` } }];
    // A Fastify error handler may return the body; the others send it.
    this.record(handler.node, ai, () => this.scan(handler.file, body, taints, handler.framework === "Fastify" ? handler.node : undefined, 0).map((s) => ({ ...s, handler: handler.label })));
  }

  /** App-wide error handlers of the project: `app.onError(fn)`, `setErrorHandler(fn)`, `app.use((err, req, res, next) => …)`, Nest `@Catch()` filters. */
  errorHandlers(): ErrorHandler[] {
    const { ts, evaluator } = this.context;
    const out: ErrorHandler[] = [];
    for (const file of this.context.codeFiles) {
      const f = this.context.file(file);
      // Error handlers are registered where an app is made (it imports the framework) or in Nest filters.
      if (!f || !f.header.imports.some((i) => ERROR_HANDLER_PACKAGES.some((p) => i.specifier === p || i.specifier.startsWith(`${p}/`))) || !ERROR_HANDLER_HINT.test(f.text)) continue;
      const tree = this.context.tree(file);
      if (!tree) continue;
      const site = { file, tree };
      walk(ts, tree, (node) => {
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
          const method = node.expression.name.text;
          const shapes = ERROR_HANDLERS.filter((s) => s.method === method);
          if (!shapes.length || node.arguments.length === 0) return;
          const receiver = evaluator.eval(node.expression.expression, site);
          const shape = receiver?.kind === "made" && receiver.path.length === 0 ? shapes.find((s) => s.package === receiver.of.pkg) : shapes.find((s) => annotatedAs(ts, node.expression, s.instanceTypes));
          if (!shape) return;
          for (const arg of node.arguments) {
            const fn = evaluator.eval(arg, site);
            if (fn?.kind !== "function") continue;
            if (shape.arity !== undefined && fn.node.parameters.length !== shape.arity) continue;
            const param = fn.node.parameters[shape.errorParam];
            if (param) out.push({ framework: shape.framework, file: fn.file, node: fn.node, errorParam: param, label: shape.label });
          }
        }
        // `@Catch(Prisma.PrismaClientKnownRequestError)`: a filter for another library's errors never sees a model call's.
        if (ts.isClassDeclaration(node) && hasDecorator(ts, node, NEST_EXCEPTION_FILTER.decorator) && !catchesOnlyOtherLibraries(ts, node)) {
          for (const member of node.members) {
            if (!ts.isMethodDeclaration(member) || !member.name || propertyNameText(ts, member.name) !== NEST_EXCEPTION_FILTER.method) continue;
            const param = member.parameters[NEST_EXCEPTION_FILTER.errorParam];
            if (param) out.push({ framework: NEST_EXCEPTION_FILTER.framework, file, node: member, errorParam: param, label: `${node.name?.text ?? "the"} ${NEST_EXCEPTION_FILTER.label}` });
          }
        }
      });
    }
    return out;
  }

  private record(scope: TsNode, ai: AiRoute, compute: () => Array<Omit<Site, "routes">>): void {
    let found = this.scanned.get(scope);
    if (!found) this.scanned.set(scope, (found = compute()));
    for (const s of found) {
      const known = this.sites.get(s.node);
      if (known) {
        if (!known.routes.includes(ai)) known.routes.push(ai);
      } else this.sites.set(s.node, { ...s, routes: [ai] });
    }
  }

  /** The names a catch clause binds: `err`, or `{ message }` (already a detail). */
  private catchTaints(name: TsNode, block: TsNode): Taint[] {
    const { ts } = this;
    if (ts.isIdentifier(name)) return [{ name: name.text, decl: block, kind: "catch", holds: { kind: "error", label: `the error object (${name.text})` } }];
    if (!ts.isObjectBindingPattern(name)) return [];
    const out: Taint[] = [];
    for (const el of name.elements) {
      const key = el.propertyName ? propertyNameText(ts, el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
      if (key && ts.isIdentifier(el.name) && ERROR_DETAIL_MEMBERS.includes(key)) out.push({ name: el.name.text, decl: block, kind: "catch", holds: { kind: "detail", label: `error.${key}` } });
    }
    return out;
  }

  /**
   * Responses inside `body` whose payload leaks a tainted value; helpers the error is passed
   * to are scanned with their parameter tainted. `returnsFrom`: the function whose `return`
   * sends its value (when the framework sends it).
   */
  private scan(file: string, body: TsNode, taints: Taint[], returnsFrom: TsNode | undefined, depth: number): Array<Omit<Site, "routes">> {
    const { ts } = this;
    const out: Array<Omit<Site, "routes">> = [];
    const visit = (node: TsNode): void => {
      const response = this.responseOf(node, file);
      if (response) {
        if (!this.guarded(node, body, taints)) {
          for (const payload of response.payload) {
            const leak = this.leakOf(payload, taints, 0);
            if (leak) {
              out.push({ file, node, via: response.via, leak });
              break;
            }
          }
        }
      } else if (returnsFrom && ts.isReturnStatement(node) && node.expression && enclosingFunction(ts, node) === returnsFrom && !this.responseOf(unwrapExpression(ts, node.expression), file)) {
        const leak = this.guarded(node, body, taints) ? undefined : this.leakOf(node.expression, taints, 0);
        if (leak) out.push({ file, node: node.expression, via: "the returned value", leak });
      } else if (ts.isCallExpression(node) && depth < HELPER_DEPTH && !this.guarded(node, body, taints)) {
        // A helper called only in development or for user-facing errors sends nothing internal from here.
        this.intoHelper(file, node, taints, depth, out);
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
    return out;
  }

  /** `handleError(res, err)`: scan the helper with the matching parameter tainted. */
  private intoHelper(file: string, call: TsNode & { expression: TsNode; arguments: readonly TsNode[] }, taints: Taint[], depth: number, out: Array<Omit<Site, "routes">>): void {
    const { ts } = this;
    const passed = call.arguments.map((a) => this.leakOf(a, taints, 0));
    if (!passed.some(Boolean)) return;
    const tree = this.context.tree(file);
    if (!tree) return;
    const callee = this.context.evaluator.eval(call.expression, { file, tree });
    if (callee?.kind !== "function") return;
    const fnBody = (callee.node as { body?: TsNode }).body;
    if (!fnBody) return;
    const helperTaints: Taint[] = [];
    callee.node.parameters.forEach((param, i) => {
      const leak = passed[i];
      if (leak && ts.isIdentifier(param.name)) helperTaints.push({ name: param.name.text, decl: param, kind: "parameter", holds: renamed(leak, param.name.text) });
    });
    if (!helperTaints.length) return;
    const helper = `${shortText(unwrapExpression(ts, call.expression).getText())}()`;
    for (const site of this.scan(callee.file, fnBody, helperTaints, undefined, depth + 1)) {
      // Reported where the helper sends it (one finding, however many routes' code hands errors to it), with the call that handed it over as a step.
      const hop: Hop = { file, node: call, note: `${passed.find(Boolean)!.label} handed to ${helper}` };
      if (!out.some((o) => o.node === site.node)) out.push({ ...site, handedOver: [hop, ...(site.handedOver ?? [])] });
    }
  }

  /** A response the framework sends, and the expressions that become its body. */
  private responseOf(node: TsNode, file: string): { via: string; payload: TsNode[] } | undefined {
    const { ts } = this;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const args = [...(node.arguments ?? [])];
      if (args.length === 0) return undefined;
      const callee = unwrapExpression(ts, node.expression);
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee)) {
        const shape = RESPONSE_METHODS.find((m) => m.method === callee.name.text);
        if (shape && isResponseObject(ts, callee.expression, true)) return sendsMessage(ts, shape, args) ? { via: shortText(callee.getText()), payload: pickArguments(args, shape.args) } : undefined;
        const stream = streamEnqueue(ts, node);
        if (stream) return { via: stream, payload: args };
      }
      const fn = responseFunction(ts, callee, ts.isNewExpression(node) ? "new" : "call") ?? (ts.isNewExpression(node) ? this.projectException(callee, file) : undefined);
      if (fn) return { via: fn.label, payload: bodyOf(ts, fn, args) };
      return undefined;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrapExpression(ts, node.left);
      if (ts.isPropertyAccessExpression(left) && RESPONSE_BODY_ASSIGNMENTS.includes(left.name.text) && isResponseObject(ts, left.expression, true)) return { via: `${shortText(left.getText())} =`, payload: [node.right] };
    }
    return undefined;
  }

  /**
   * `new ApiError(body, 500)` of a project class that extends a framework's exception
   * (`class ApiError extends HttpException`, through a few project classes): it is sent as
   * that exception is, with the arguments the subclass is given.
   */
  private projectException(callee: TsNode, file: string): ReturnType<typeof responseFunction> {
    const { ts } = this;
    const { evaluator } = this.context;
    const tree = this.context.tree(file);
    let value = tree ? evaluator.eval(callee, { file, tree }) : undefined;
    for (let depth = 0; depth < MAX_EXCEPTION_ANCESTORS && value?.kind === "class"; depth++) {
      const base = value.node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
      const baseTree = base && this.context.tree(value.file);
      if (!base || !baseTree) return undefined;
      const framework = responseFunction(ts, unwrapExpression(ts, base), "new");
      if (framework) return { ...framework, label: `new ${shortText(callee.getText())} (extends ${framework.label.replace(/^new /, "")})` };
      value = evaluator.eval(base, { file: value.file, tree: baseTree });
    }
    return undefined;
  }

  /** A response inside a branch only development or user-facing errors take. */
  private guarded(node: TsNode, body: TsNode, taints: Taint[]): boolean {
    const { ts } = this;
    for (let child = node, parent = node.parent; parent && child !== body; child = parent, parent = parent.parent) {
      if (!ts.isIfStatement(parent) && !ts.isConditionalExpression(parent)) continue;
      const condition = ts.isIfStatement(parent) ? parent.expression : parent.condition;
      const thenBranch = ts.isIfStatement(parent) ? parent.thenStatement : parent.whenTrue;
      if (child === condition) continue;
      const text = condition.getText();
      const inThen = child === thenBranch;
      if (inThen && DEV_ONLY_CONDITION.test(text)) return true;
      if (!inThen && PRODUCTION_ONLY_CONDITION.test(text)) return true;
      if (inThen && this.userFacingCheck(condition, taints)) return true;
    }
    return false;
  }

  /** `err instanceof ZodError`, `err instanceof HttpError`, `err.name === "ValidationError"`. */
  private userFacingCheck(condition: TsNode, taints: Taint[]): boolean {
    const { ts } = this;
    let found = false;
    walk(ts, condition, (n) => {
      if (!ts.isBinaryExpression(n)) return;
      if (n.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && this.taintOf(n.left, taints) && USER_FACING_ERROR_CLASS.test(n.right.getText())) found = true;
      if ((n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken) && /\.name$/.test(n.left.getText()) && USER_FACING_ERROR_CLASS.test(n.right.getText())) found = true;
    });
    return found;
  }

  /** The tainted name an identifier refers to. */
  private taintOf(expr: TsNode, taints: Taint[]): Taint | undefined {
    const { ts } = this;
    const node = unwrapExpression(ts, expr);
    if (!ts.isIdentifier(node)) return undefined;
    for (const t of taints) {
      if (t.name !== node.text) continue;
      const binding = resolveName(ts, node.text, node);
      if (t.kind === "parameter") {
        if (binding?.kind === "parameter" && binding.node === t.decl && binding.path.length === 0) return t;
        continue;
      }
      if (t.kind === "variable") {
        if (binding?.kind === "variable" && binding.declaration === t.decl && binding.path.length === 0) return t;
        continue;
      }
      if (!within(node, t.decl)) continue;
      // A catch variable has no binding of its own: a name declared inside the block shadows it.
      if (binding && binding.kind !== "import" && within(declarationOf(binding), t.decl)) continue;
      return t;
    }
    return undefined;
  }

  /** What internal detail an expression sent to the client carries, if any. */
  leakOf(expr: TsNode, taints: Taint[], depth: number): Leak | undefined {
    const { ts } = this;
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrap(ts, expr);
    const tainted = this.taintOf(node, taints);
    // A provider's answer as a whole is the app's to pass on; its `error` field is what leaks.
    if (tainted) return tainted.holds.kind === "provider-answer" ? undefined : tainted.holds;
    if (ts.isIdentifier(node)) return this.aliasLeak(node, taints, depth);
    const answer = this.providerErrorField(node, taints);
    if (answer) return answer;
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const name = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
      const inner = this.leakOf(node.expression, taints, depth + 1);
      if (!inner) return undefined;
      if (inner.kind === "detail") return name === "length" ? undefined : inner;
      if (name !== undefined && ERROR_DETAIL_MEMBERS.includes(name)) return { kind: "detail", label: `${errorName(inner)}.${name}` };
      return undefined;
    }
    if (ts.isCallExpression(node)) return this.callLeak(node, taints, depth);
    if (ts.isTemplateExpression(node)) {
      for (const span of node.templateSpans) {
        const leak = this.leakOf(span.expression, taints, depth + 1);
        if (leak) return leak.kind === "error" ? { kind: "detail", label: `String(${errorName(leak)})` } : leak;
      }
      return undefined;
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken) {
        const leak = this.leakOf(node.left, taints, depth + 1) ?? this.leakOf(node.right, taints, depth + 1);
        return leak?.kind === "error" ? { kind: "detail", label: `String(${errorName(leak)})` } : leak;
      }
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return this.leakOf(node.left, taints, depth + 1) ?? this.leakOf(node.right, taints, depth + 1);
      // `isDev && { stack: err.stack }`: only in development.
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return DEV_ONLY_CONDITION.test(node.left.getText()) ? undefined : this.leakOf(node.right, taints, depth + 1);
      return undefined;
    }
    if (ts.isConditionalExpression(node)) {
      const condition = node.condition.getText();
      if (DEV_ONLY_CONDITION.test(condition)) return this.leakOf(node.whenFalse, taints, depth + 1);
      if (PRODUCTION_ONLY_CONDITION.test(condition)) return this.leakOf(node.whenTrue, taints, depth + 1);
      return this.leakOf(node.whenTrue, taints, depth + 1) ?? this.leakOf(node.whenFalse, taints, depth + 1);
    }
    if (ts.isObjectLiteralExpression(node)) {
      for (const p of node.properties) {
        const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : ts.isSpreadAssignment(p) ? p.expression : undefined;
        const leak = value && this.leakOf(value, taints, depth + 1);
        if (leak) return leak;
      }
      return undefined;
    }
    if (ts.isArrayLiteralExpression(node)) {
      for (const e of node.elements) {
        const leak = this.leakOf(ts.isSpreadElement(e) ? e.expression : e, taints, depth + 1);
        if (leak) return leak;
      }
    }
    return undefined;
  }

  /** `data.error`, `data.error.message`, `r.data.error`: a provider answer's error field, by the chain of names down to it. */
  private providerErrorField(node: TsNode, taints: Taint[]): Leak | undefined {
    const { ts } = this;
    const names: string[] = [];
    let current = node;
    while (ts.isPropertyAccessExpression(current)) {
      names.unshift(current.name.text);
      current = unwrap(ts, current.expression);
    }
    const root = names.length ? this.taintOf(current, taints) : undefined;
    if (root?.holds.kind !== "provider-answer" || !names.includes("error")) return undefined;
    return { kind: "detail", label: `the provider's error body (${[root.name, ...names].join(".")})` };
  }

  /** `err.message.slice(0, 200)`, `err.toString()`, `String(err)`, `JSON.stringify(err)`, `formatError(err)` of the project. */
  private callLeak(node: TsNode & { expression: TsNode; arguments: readonly TsNode[] }, taints: Taint[], depth: number): Leak | undefined {
    const { ts } = this;
    const callee = unwrapExpression(ts, node.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (ts.isPropertyAccessExpression(callee)) {
      if (TEST_METHODS.includes(callee.name.text)) return undefined;
      const receiver = this.leakOf(callee.expression, taints, depth + 1);
      if (receiver?.kind === "detail") return receiver;
      if (receiver?.kind === "error" && (name === "toString" || name === "toJSON")) return { kind: "detail", label: `${errorName(receiver)}.${name}()` };
    }
    if (name && ERROR_SERIALISERS.includes(name) && node.arguments[0]) {
      const arg = this.leakOf(node.arguments[0], taints, depth + 1);
      if (arg) return arg.kind === "error" ? { kind: "detail", label: `${callee.getText()}(${errorName(arg)})` } : arg;
    }
    // A function of the project the error is passed to: what it returns.
    const leaks = node.arguments.map((a) => this.leakOf(a, taints, depth + 1));
    if (!leaks.some(Boolean)) return undefined;
    const file = node.getSourceFile();
    const rel = this.relPathOf(file);
    if (!rel) return undefined;
    const fn = this.context.evaluator.eval(callee, { file: rel, tree: file });
    if (fn?.kind !== "function") return undefined;
    const inner: Taint[] = [];
    fn.node.parameters.forEach((p, i) => {
      if (leaks[i] && ts.isIdentifier(p.name)) inner.push({ name: p.name.text, decl: p, kind: "parameter", holds: renamed(leaks[i]!, p.name.text) });
    });
    const body = (fn.node as { body?: TsNode }).body;
    if (!inner.length || !body) return undefined;
    if (!ts.isBlock(body)) return this.leakOf(body, inner, depth + 1);
    let found: Leak | undefined;
    walk(ts, body, (n) => {
      if (!found && ts.isReturnStatement(n) && n.expression && enclosingFunction(ts, n) === fn.node) found = this.leakOf(n.expression, inner, depth + 1);
    });
    return found;
  }

  private relPaths?: Map<string, string>;

  /** The project path of a parsed file (trees are named by absolute path). */
  private relPathOf(tree: TsNode & { fileName: string }): string | undefined {
    this.relPaths ??= new Map(this.context.project.files.map((f) => [f.absPath, f.relPath]));
    return this.relPaths.get(tree.fileName);
  }

  /** A variable holding a leak: `const message = err instanceof Error ? err.message : "…"`, `let detail; detail = err.stack`. */
  private aliasLeak(node: TsNode & { text: string }, taints: Taint[], depth: number): Leak | undefined {
    const { ts } = this;
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind !== "variable") return undefined;
    if (binding.init) {
      let leak = this.leakOf(binding.init, taints, depth + 1);
      for (const key of binding.path) {
        if (!leak) break;
        if (leak.kind === "detail") break;
        leak = ERROR_DETAIL_MEMBERS.includes(key) ? { kind: "detail", label: `${errorName(leak)}.${key}` } : undefined;
      }
      if (leak) return binding.path.length === 0 ? renamed(leak, node.text) : leak;
    }
    if (binding.path.length) return undefined;
    // Assignments in the variable's scope.
    const scope = binding.declaration.parent?.parent?.parent;
    if (!scope) return undefined;
    let found: Leak | undefined;
    walk(ts, scope, (n) => {
      if (found || !ts.isBinaryExpression(n) || n.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
      const left = unwrapExpression(ts, n.left);
      if (ts.isIdentifier(left) && left.text === node.text && resolveName(ts, left.text, left) === binding) found = this.leakOf(n.right, taints, depth + 1);
    });
    return found;
  }
}

function report(project: { file(rel: string): import("../src/facts/file-facts.js").FileFacts | undefined }, context: ProjectRuleContext, finder: LeakFinder): void {
  for (const site of finder.sites.values()) {
    const file = project.file(site.file);
    if (!file) continue;
    const routes = site.routes.map(describeRoute).filter((r, i, all) => all.indexOf(r) === i);
    const named = listOf(routes);
    const what = site.handler
      ? `${site.handler} sends ${site.leak.label} to the client (${site.via}) for every error of ${named}`
      : `${named} ${routes.length === 1 ? "sends" : "send"} ${site.leak.label} to the client when ${routes.length === 1 ? "it fails" : "they fail"} (${site.via})`;
    context.report({
      file,
      start: site.node.getStart(),
      end: site.node.getEnd(),
      message: `${what}: internal and provider error details such as messages, request ids and stack traces reach the caller.`,
      identity: `${site.via}\0${site.leak.label}`,
      ...(site.handedOver ? { path: pathThrough(project, site) } : {}),
    });
  }
}

// --- helpers

/** The steps of an error handed to a helper: each call that handed it over, then the response it is sent in. */
function pathThrough(project: { file(rel: string): import("../src/facts/file-facts.js").FileFacts | undefined }, site: Site): Array<{ file: string; line: number; note: string }> {
  const steps: Array<{ file: string; line: number; note: string }> = [];
  const step = (file: string, node: TsNode, note: string) => {
    const facts = project.file(file);
    if (facts) steps.push({ file, line: facts.positionAt(node.getStart()).line, note });
  };
  for (const hop of site.handedOver ?? []) step(hop.file, hop.node, hop.note);
  step(site.file, site.node, `sent to the client by ${site.via}`);
  return steps;
}

function unwrap(ts: Ts, node: TsNode): TsNode {
  let n = unwrapExpression(ts, node);
  while (ts.isAwaitExpression(n)) n = unwrapExpression(ts, n.expression);
  return n;
}


/** The error object under the name the code at hand gives it (`const e = err as Error`). */
function renamed(leak: Leak, name: string): Leak {
  return leak.kind === "error" ? { kind: "error", label: `the error object (${name})` } : leak;
}

function errorName(leak: Leak): string {
  const m = /\(([^)]+)\)$/.exec(leak.label);
  return m ? m[1]! : "err";
}

function shortText(text: string): string {
  return oneLineSnippet(text.replace(/\s+/g, " ").replace(/\(([^()]{12,})\)/g, "(…)"), 48);
}


function enclosingFunction(ts: Ts, node: TsNode): TsNode | undefined {
  let n = node.parent;
  while (n && !ts.isFunctionLike(n)) n = n.parent;
  return n;
}

function declarationOf(binding: NonNullable<ReturnType<typeof resolveName>>): TsNode {
  switch (binding.kind) {
    case "variable":
      return binding.declaration;
    case "parameter":
      return binding.node;
    case "function":
    case "class":
      return binding.node;
    default:
      throw new Error("imports have no declaration node");
  }
}

/**
 * Does a Nest filter's `@Catch(…)` list only error classes of packages that make no model
 * request (an ORM's, a queue's)? Not when it lists none (it catches everything), a class of
 * the project (thrown anywhere), or one of an AI SDK, an HTTP client or Nest itself (a
 * service may rethrow a provider's failure as an `HttpException`).
 */
function catchesOnlyOtherLibraries(ts: Ts, node: TsNamespace.ClassDeclaration): boolean {
  const decorator = decoratorNamed(ts, node, NEST_EXCEPTION_FILTER.decorator);
  const caught = decorator && ts.isCallExpression(decorator.expression) ? decorator.expression.arguments : undefined;
  if (!caught || caught.length === 0) return false;
  return caught.every((arg) => {
    let root: TsNode = unwrapExpression(ts, arg);
    while (ts.isPropertyAccessExpression(root)) root = unwrapExpression(ts, root.expression);
    const binding = ts.isIdentifier(root) ? resolveName(ts, root.text, root) : undefined;
    if (binding?.kind !== "import" || binding.specifier.startsWith(".")) return false;
    const pkg = packageName(binding.specifier);
    return !isAiPackage(pkg) && !HTTP_CLIENT_PACKAGES.has(pkg) && !pkg.startsWith(NEST_EXCEPTION_FILTER.packageScope);
  });
}

function hasDecorator(ts: Ts, node: TsNode, name: string): boolean {
  return decoratorNamed(ts, node, name) !== undefined;
}

/** The decorator `@name` or `@name(…)` on a node, if it has one. */
function decoratorNamed(ts: Ts, node: TsNode, name: string): TsNamespace.Decorator | undefined {
  const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
  return decorators.find((d) => {
    const e = d.expression;
    return (ts.isCallExpression(e) ? e.expression : e).getText() === name;
  });
}

/** `fastify.setErrorHandler(…)` inside `async (fastify: FastifyInstance) => …`: a receiver that is a parameter annotated with the app's type. */
function annotatedAs(ts: Ts, access: TsNode, types: readonly string[] | undefined): boolean {
  if (!types?.length || !ts.isPropertyAccessExpression(access)) return false;
  const receiver = unwrapExpression(ts, access.expression);
  if (!ts.isIdentifier(receiver)) return false;
  const binding = resolveName(ts, receiver.text, receiver);
  if (binding?.kind !== "parameter" || binding.path.length > 0) return false;
  const type = binding.node.type;
  return type !== undefined && ts.isTypeReferenceNode(type) && types.includes(ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text);
}
