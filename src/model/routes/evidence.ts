/**
 * Recognises authentication and rate limiting: in a middleware or guard attached to a
 * route (a package from `knowledge/route-evidence.ts`, or a function of the project whose
 * body checks), and inside a handler before its model call (a session lookup, a
 * `ratelimit.limit()`, an `if (!user) return 401`). Helpers the code calls are followed
 * two levels deep, across files.
 */
import { AUTH_METHOD_NAMES, CLAIMED_IDENTITY_FIELDS, CLIENT_DATA_MEMBERS, CUSTOM_AUTH_CONDITION, CUSTOM_AUTH_FAILURE, CUSTOM_RATE_LIMIT_FAILURE, EVIDENCE_SHAPES, GUARD_METHODS, GUARD_REJECTION, OPTIONAL_LOOKUP_FLAGS, REQUIRED_LOOKUP_FLAGS, type EvidenceShape } from "../../knowledge/route-evidence.js";
import { MODEL_CHOICE_CONDITION } from "../../knowledge/quotas.js";
import { unwrapExpression } from "../../facts/ast.js";
import type { TsNode } from "../../facts/typescript.js";
import type { ts as TsNamespace } from "ts-morph";
import { resolveName } from "../scopes.js";
import { quotaAtoms, quotaCondition } from "./quota.js";
import type { Site, Value } from "../values.js";
import type { ChainEntry, Evidence, EvidenceKind, ExtractorContext } from "./types.js";
import { fastifyDecorations, type Decorations } from "./fastify-decorations.js";
import { ROLE_SHAPES } from "../../knowledge/role-checks.js";
import { enforcingCall, roleCheckInConditional, roleCheckInIf, roleGuardClass, roleMiddlewareName } from "./roles.js";

import type { CustomEvidenceNames } from "../project-files.js";
export type { CustomEvidenceNames };

const MAX_DEPTH = 2;
/** What a catch clause does that stops the caller: throw, return, answer (`res.status`, `reply.send`), pass an error on (`next(err)`). */
const ANSWERS_IN_CATCH = /\bthrow\b|\breturn\b|\.(?:send|json|status|code|end|redirect|sendStatus|writeHead)\s*\(|\bnext\s*\(\s*[^)\s]|ctx\.(?:throw|status|body)\b/;

type ClassLikeDeclaration = TsNamespace.ClassLikeDeclaration;
type CallExpression = TsNamespace.CallExpression;

/** Wrappers around wrappers followed (`a(b(limiter))`). */
const MAX_WRAPPERS = 3;

export class EvidenceFinder {
  private readonly memo = new Map<TsNode, Evidence[]>();
  private decorations?: Decorations;

  constructor(
    private readonly context: ExtractorContext,
    private readonly custom: CustomEvidenceNames = { auth: [], rateLimit: [] },
  ) {}

  /**
   * Evidence carried by a middleware, hook or guard expression on the path. A middleware
   * named for a role or plan (`requireRole("admin")`, `adminOnly`) whose body shows no
   * check the engine reads is taken at its word (AU-3).
   */
  ofChainEntry(entry: ChainEntry): Evidence[] {
    const found = this.ofChainEntryBody(entry);
    if (found.some((e) => e.kind === "role" || e.kind === "plan")) return found;
    const site = this.site(entry.file);
    const value = site && this.context.evaluator.eval(entry.node, site);
    const shaped = (value && this.matchValue(value, true, ROLE_SHAPES)) || (site && this.wrapperCallee(entry.node, site, ROLE_SHAPES));
    const role = shaped ? { kind: shaped.kind, label: shaped.label } : roleMiddlewareName(this.context.ts, entry.node);
    return role ? [...found, { kind: role.kind, label: role.label, file: entry.file, start: entry.node.getStart(), scope: entry.scope }] : found;
  }

  private ofChainEntryBody(entry: ChainEntry): Evidence[] {
    const site = this.site(entry.file);
    if (!site) return [];
    const value = this.context.evaluator.eval(entry.node, site) ?? this.dynamicImport(entry.node);
    const shaped = (value && this.matchValue(value)) || this.wrapperCallee(entry.node, site);
    if (shaped) return [{ kind: shaped.kind, label: shaped.label, file: entry.file, start: entry.node.getStart(), scope: entry.scope }];
    const named = this.namedInConfig(entry.node);
    if (named) return [{ kind: named, label: `${entry.node.getText()} (named in the config)`, file: entry.file, start: entry.node.getStart(), scope: entry.scope }];
    if (value?.kind === "class" || value?.kind === "instance") return this.inClass(value.file, value.node, entry.scope);
    let found: Evidence[] = [];
    if (value?.kind === "function") {
      const factory = this.factoryOf(entry.node, value, site);
      // A closure made by this call (`wrap(limitByIp)`): its calls of the factory's parameters stand for this call's arguments.
      if (factory) return [...this.inFunction(value.file, value.node, entry.scope, undefined, 0, factory), ...this.wrappedMiddleware(entry, site)];
      found = this.inFunction(value.file, value.node, entry.scope, undefined, 0);
    }
    // A factory of the project whose product is unknown (`rateLimit({ max })` returning `t.middleware(…)`): judge its body.
    else if (!value && this.context.ts.isCallExpression(entry.node)) {
      const factory = this.context.evaluator.eval(entry.node.expression, site);
      if (factory?.kind === "function") found = this.inFunction(factory.file, factory.node, entry.scope, undefined, 0);
    }
    // A wrapper (`asyncHandler(requireAccount)`, a package's or the project's) runs the middleware it is given.
    return found.length ? found : this.wrappedMiddleware(entry, site);
  }

  /** `register(import("@fastify/rate-limit"))`: a plugin given as a dynamic import is the package's default export. */
  private dynamicImport(node: TsNode): Value | undefined {
    const { ts } = this.context;
    if (!ts.isCallExpression(node) || node.expression.kind !== ts.SyntaxKind.ImportKeyword) return undefined;
    const specifier = node.arguments[0];
    return specifier && ts.isStringLiteralLike(specifier) && !specifier.text.startsWith(".") ? { kind: "module", pkg: specifier.text, path: ["*"] } : undefined;
  }

  /** The project function called by `node` when `made` (its value) is a function defined inside it. */
  private factoryOf(node: TsNode, made: Extract<Value, { kind: "function" }>, site: Site): TsNode | undefined {
    if (!this.context.ts.isCallExpression(node)) return undefined;
    const callee = this.context.evaluator.eval(node.expression, site);
    if (callee?.kind !== "function" || callee.file !== made.file || callee.node === made.node) return undefined;
    return made.node.getStart() >= callee.node.getStart() && made.node.getEnd() <= callee.node.getEnd() ? callee.node : undefined;
  }

  /**
   * `asyncHandler(limitRequests)`, `wrap(limitByIp)`: a wrapper hands the request on to the
   * middleware it is given, so that middleware's evidence is the wrapper's.
   */
  private wrappedMiddleware(entry: ChainEntry, site: Site): Evidence[] {
    const { ts } = this.context;
    if (!ts.isCallExpression(entry.node)) return [];
    const found: Evidence[] = [];
    for (const arg of entry.node.arguments) {
      const wrapped = this.context.evaluator.eval(arg, site);
      if (wrapped?.kind === "function") found.push(...this.inFunction(wrapped.file, wrapped.node, entry.scope, undefined, 0));
      // `catchAsync(limiter)` with a package's limiter: the argument is judged as a middleware of its own (a few wrappers deep at most).
      else if (this.wrapDepth < MAX_WRAPPERS) {
        this.wrapDepth++;
        try {
          found.push(...this.ofChainEntry({ ...entry, node: arg }));
        } finally {
          this.wrapDepth--;
        }
      }
    }
    return found;
  }

  private wrapDepth = 0;

  /**
   * A guard or middleware class (NestJS): what it extends (`AuthGuard("jwt")`, a guard of
   * the project) and what its entry method (`canActivate`, `use`) checks.
   */
  private inClass(file: string, cls: ClassLikeDeclaration, scope: string, depth = 0): Evidence[] {
    const { ts } = this.context;
    const site = this.site(file);
    if (!site) return [];
    const found: Evidence[] = [];
    const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    const baseValue = base && this.context.evaluator.eval(base, site);
    const shaped = baseValue && this.matchValue(baseValue);
    if (shaped) found.push({ kind: shaped.kind, label: `${shaped.label} (extended by ${cls.name?.text ?? "a class"})`, file, start: base!.getStart(), scope });
    else if (baseValue?.kind === "class" && depth < MAX_DEPTH) found.push(...this.inClass(baseValue.file, baseValue.node, scope, depth + 1));
    for (const member of cls.members) {
      if (!ts.isMethodDeclaration(member) || !member.name || !GUARD_METHODS.includes(member.name.getText())) continue;
      found.push(...this.inFunction(file, member, scope, undefined, depth));
      ts.forEachChild(member, function visit(n: TsNode): void {
        if (ts.isIfStatement(n) && CUSTOM_AUTH_CONDITION.test(n.expression.getText()) && GUARD_REJECTION.test(n.thenStatement.getText())) {
          found.push({ kind: "auth", label: "guard that rejects the caller (returns false)", file, start: n.getStart(), scope });
        }
        if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
      });
    }
    // `RolesGuard` reading `@Roles()` metadata: its name says what it enforces (AU-3).
    const named = found.some((e) => e.kind === "role" || e.kind === "plan") ? undefined : roleGuardClass(cls.name?.text);
    if (named) found.push({ kind: named.kind, label: named.label, file, start: (cls.name ?? cls).getStart(), scope });
    return found;
  }

  /**
   * Evidence inside a function (a handler, a custom middleware, a helper it calls), in
   * code that starts before `before` (the model call) when given.
   */
  inFunction(file: string, fn: TsNode, scope: string, before?: number, depth = 0, factory?: TsNode): Evidence[] {
    const memoised = before === undefined && factory === undefined;
    if (memoised && this.memo.has(fn)) return this.memo.get(fn)!.map((e) => ({ ...e, scope }));
    const { ts } = this.context;
    const site = this.site(file);
    if (!site) return [];
    const found: Evidence[] = [];
    const add = (kind: EvidenceKind, label: string, node: TsNode) => found.push({ kind, label, file, start: node.getStart(), scope });
    const body = (fn as { body?: TsNode }).body ?? fn;
    const visit = (node: TsNode): void => {
      if (before !== undefined && node.getStart() >= before) return;
      if (ts.isIfStatement(node)) {
        const role = roleCheckInIf(this.context, site, node, before);
        if (role) add(role.kind, role.label, node);
        this.customCheck(node, site, add);
        if (before !== undefined) this.guardingCheck(node, before, add);
        if (before !== undefined) this.quotaAroundCall(node, site, before, add);
      }
      // `step(req, res, next)` where `step` is the factory's parameter: bound per call, judged by the caller.
      if (ts.isCallExpression(node) && factory && this.isParameterOf(node.expression, factory)) return ts.forEachChild(node, visit);
      if (ts.isConditionalExpression(node)) {
        const role = roleCheckInConditional(this.context, site, node);
        if (role) add(role.kind, role.label, node);
      }
      if (ts.isCallExpression(node)) {
        const callee = this.context.evaluator.eval(node.expression, site);
        const shaped = callee ? this.matchValue(callee, true) : this.globalShape(node.expression, file);
        // AU-3: a call that enforces a role or plan itself; a function of the project is judged by its body instead.
        const role = (callee && this.matchValue(callee, true, ROLE_SHAPES)) || (callee?.kind === "function" ? undefined : enforcingCall(ts, node));
        if (role) add(role.kind, role.label, node);
        const named = this.namedInConfig(node.expression);
        const byName = ts.isPropertyAccessExpression(node.expression) && AUTH_METHOD_NAMES.includes(node.expression.name.text);
        if (shaped) {
          if (!(shaped.kind === "auth" && this.failureSwallowed(node, body))) add(shaped.kind, shaped.label, node);
        }
        else if (named) add(named, `${node.expression.getText()}() (named in the config)`, node);
        else if (byName) add("auth", `${node.expression.getText()}()`, node);
        else if (depth < MAX_DEPTH) {
          // `fastify.getUser(request, reply)`: a function a plugin decorated the instance with.
          const target = callee?.kind === "function" ? callee : callee ? undefined : this.decorated(node.expression);
          const soft = target ? this.softLookup(node, target.node) : false;
          for (const e of target ? this.inFunction(target.file, target.node, scope, undefined, depth + 1) : []) {
            if (!soft || e.kind !== "auth") found.push({ ...e, scope });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    // `(req) => requireUser(req)`: an expression body is itself the first node to look at.
    visit(body);
    if (memoised) this.memo.set(fn, found);
    return found;
  }

  private isParameterOf(callee: TsNode, fn: TsNode): boolean {
    const { ts } = this.context;
    if (!ts.isIdentifier(callee)) return false;
    const binding = resolveName(ts, callee.text, callee);
    return binding?.kind === "parameter" && binding.fn === fn;
  }

  /**
   * `try { req.user = jwt.verify(token, key) } catch { req.user = null }`: a check whose failure
   * the code swallows (the catch neither throws, returns, answers nor passes an error on) lets
   * every caller through.
   */
  private failureSwallowed(node: TsNode, fn: TsNode): boolean {
    const { ts } = this.context;
    for (let child = node, current = node.parent; current && child !== fn; child = current, current = current.parent) {
      if (ts.isTryStatement(current) && current.tryBlock === child && current.catchClause) {
        return !ANSWERS_IN_CATCH.test(current.catchClause.block.getText()) && !CUSTOM_AUTH_FAILURE.test(current.catchClause.block.getText());
      }
    }
    return false;
  }

  private decorated(callee: TsNode): { file: string; node: TsNode } | undefined {
    if (!this.context.ts.isPropertyAccessExpression(callee)) return undefined;
    this.decorations ??= fastifyDecorations(this.context);
    return this.decorations.get(callee.name.text);
  }

  /**
   * A user lookup that lets anonymous callers through, so what it checks is no authentication:
   * made optional by the call (`getUser(req, { optional: true })`, `true` for an `optional`
   * parameter), or one that gives back nothing instead of rejecting (`if (!token) return null`,
   * `catch { return null }`) unless only when asked to (`if (optional) return …`).
   */
  private softLookup(call: CallExpression, fn: TsNode): boolean {
    const { ts } = this.context;
    const params = (fn as { parameters?: readonly TsNamespace.ParameterDeclaration[] }).parameters ?? [];
    const flag = (name: TsNode, list: readonly string[]) => (ts.isIdentifier(name) || ts.isStringLiteralLike(name)) && list.includes(name.text.toLowerCase());
    const madeOptional = call.arguments.some((arg, i) => {
      const node = unwrapExpression(ts, arg);
      if (node.kind === ts.SyntaxKind.TrueKeyword) return Boolean(params[i] && flag(params[i]!.name, OPTIONAL_LOOKUP_FLAGS));
      if (!ts.isObjectLiteralExpression(node)) return false;
      return node.properties.some((p) => ts.isPropertyAssignment(p) && ((flag(p.name, OPTIONAL_LOOKUP_FLAGS) && p.initializer.kind === ts.SyntaxKind.TrueKeyword) || (flag(p.name, REQUIRED_LOOKUP_FLAGS) && p.initializer.kind === ts.SyntaxKind.FalseKeyword)));
    });
    return madeOptional || this.givesBackNothing(fn);
  }

  /** `return null` (or nothing, `undefined`, `false`) in a catch clause or under a check of the caller, not asked for by an optional flag. */
  private givesBackNothing(fn: TsNode): boolean {
    const { ts } = this.context;
    const body = (fn as { body?: TsNode }).body;
    if (!body) return false;
    const asksOptional = (text: string) => OPTIONAL_LOOKUP_FLAGS.some((f) => text.toLowerCase().includes(f));
    let found = false;
    const visit = (node: TsNode, inCatch: boolean, underCheck: boolean): void => {
      if (found || (ts.isFunctionLike(node) && node !== fn)) return;
      if (ts.isReturnStatement(node) && (inCatch || underCheck)) {
        const value = node.expression && unwrapExpression(ts, node.expression);
        if (!value || value.kind === ts.SyntaxKind.NullKeyword || value.kind === ts.SyntaxKind.FalseKeyword || (ts.isIdentifier(value) && value.text === "undefined")) found = true;
        return;
      }
      if (ts.isIfStatement(node)) {
        const condition = node.expression.getText();
        // `if (optional) return …`: nothing given back only when the caller asked for it;
        // `if (!user) { res.status(401)…; return; }` rejects before it gives back nothing.
        if (asksOptional(condition) || CUSTOM_AUTH_FAILURE.test(node.thenStatement.getText())) return;
        visit(node.expression, inCatch, underCheck);
        visit(node.thenStatement, inCatch, underCheck || CUSTOM_AUTH_CONDITION.test(condition));
        if (node.elseStatement) visit(node.elseStatement, inCatch, underCheck);
        return;
      }
      const catching = ts.isCatchClause(node);
      if (catching && CUSTOM_AUTH_FAILURE.test(node.block.getText())) return;
      ts.forEachChild(node, (child) => visit(child, inCatch || catching, underCheck));
    };
    ts.forEachChild(body, (child) => visit(child, false, false));
    return found;
  }

  /** `requireUserSession(event)` with no declaration or import: a global a package of the app provides. */
  private globalShape(callee: TsNode, file: string): EvidenceShape | undefined {
    const { ts, project } = this.context;
    if (!ts.isIdentifier(callee) || resolveName(ts, callee.text, callee)) return undefined;
    return EVIDENCE_SHAPES.find((s) => s.global?.includes(callee.text) && s.packages.some((p) => project.dependsOn(file, p)));
  }

  /** `auth(handler)` (NextAuth v5): a wrapper call whose result has no value of its own carries its callee's evidence. */
  private wrapperCallee(node: TsNode, site: Site, shapes: readonly EvidenceShape[] = EVIDENCE_SHAPES): EvidenceShape | undefined {
    if (!this.context.ts.isCallExpression(node)) return undefined;
    const callee = this.context.evaluator.eval(node.expression, site);
    return callee && this.matchValue(callee, true, shapes);
  }

  /**
   * `if (token === expected) { …model call… } return 403`: the call sits inside a positive
   * check on the caller, and the code after it (or the else branch) rejects.
   */
  private guardingCheck(node: TsNode & { expression: TsNode; thenStatement: TsNode; elseStatement?: TsNode }, before: number, add: (kind: EvidenceKind, label: string, node: TsNode) => void): void {
    const then = node.thenStatement;
    if (before < then.getStart() || before >= then.getEnd()) return;
    if (!CUSTOM_AUTH_CONDITION.test(node.expression.getText())) return;
    const { ts } = this.context;
    let rejects = node.elseStatement ? CUSTOM_AUTH_FAILURE.test(node.elseStatement.getText()) : false;
    const block = node.parent;
    if (!rejects && block && (ts.isBlock(block) || ts.isSourceFile(block))) {
      const after = block.statements.slice(block.statements.indexOf(node as never) + 1);
      rejects = after.some((st) => CUSTOM_AUTH_FAILURE.test(st.getText()));
    }
    if (rejects) add("auth", "custom check around the call (rejects with 401/403 otherwise)", node);
  }

  /**
   * `if (usage > limit) { reply = "over quota" } else { await ask() }`: the call runs on one
   * side of a quota check only, so the check limits it whatever the other side does.
   */
  private quotaAroundCall(node: TsNode & { expression: TsNode; thenStatement: TsNode; elseStatement?: TsNode }, site: Site, before: number, add: (kind: EvidenceKind, label: string, node: TsNode) => void): void {
    const inside = (branch: TsNode | undefined) => branch !== undefined && before >= branch.getStart() && before < branch.getEnd();
    if (!inside(node.thenStatement) && !inside(node.elseStatement)) return;
    const atoms = quotaAtoms(this.context, site, node.expression);
    if (atoms.length) add("rate-limit", `quota check around the call (${atoms[0]!.getText().slice(0, 60)})`, node);
  }

  /** Is this check inside a branch taken only for some models (`if (model.isPaid) { … }`)? Then the route's other models run unlimited. */
  private onlyForSomeModels(node: TsNode): boolean {
    const { ts } = this.context;
    for (let child = node, parent = node.parent; parent && !ts.isFunctionLike(parent); child = parent, parent = parent.parent) {
      if (ts.isIfStatement(parent) && parent.thenStatement === child && MODEL_CHOICE_CONDITION.test(parent.expression.getText())) return true;
    }
    return false;
  }

  /** `if (!session) return 401`, `if (count > limit) return 429`, `if (user.credits < 1) return 402`. */
  private customCheck(node: TsNode & { expression: TsNode; thenStatement: TsNode }, site: Site, add: (kind: EvidenceKind, label: string, node: TsNode) => void): void {
    const then = node.thenStatement.getText();
    // A quota is a limit whatever it answers; a 401/403 it answers is no authentication,
    // so only the condition's other atoms (`!session` in `!session || credits < 1`) may be.
    const quota = quotaCondition(this.context, site, node.expression, node.thenStatement);
    // Checked for some models only, it limits nothing on the route (RL-1), but it is still the paid models' budget (RL-4).
    if (quota) {
      const subject = quota.quota[0]!.getText().slice(0, 60);
      if (this.onlyForSomeModels(node)) add("budget", `quota check for some models only (${subject})`, node);
      else add("rate-limit", `quota check (${subject})`, node);
    }
    if (quota && quota.rest.length === 0) return;
    const condition = quota ? quota.rest.map((a) => a.getText()).join(" || ") : node.expression.getText();
    // A 401/403 (or "unauthorized", or a redirect to log in) is itself the sign of an auth check,
    // whatever the condition is named (`if (!info?.ok)` after a token lookup).
    if (CUSTOM_AUTH_FAILURE.test(then) && (CUSTOM_AUTH_CONDITION.test(condition) || (!quota && /\b40[13]\b|unauthori[sz]ed|forbidden/i.test(then)))) {
      if (!this.subjectClaimedByClient(node.expression)) add("auth", "custom check that rejects the caller (401/403 or a redirect to log in)", node);
    }
    else if (!quota && CUSTOM_RATE_LIMIT_FAILURE.test(then) && /\b429\b|too.?many|rate.?limit|quota/i.test(then)) add("rate-limit", "custom limit that answers 429", node);
  }

  /**
   * `if (!user)` where `user = await User.findById(req.body.userId)`: the subject is looked up
   * by an identity the client only claims (knowledge in `CLAIMED_IDENTITY_FIELDS`).
   */
  private subjectClaimedByClient(condition: TsNode): boolean {
    const { ts } = this.context;
    let subject = unwrapExpression(ts, condition);
    while (ts.isPrefixUnaryExpression(subject) && subject.operator === ts.SyntaxKind.ExclamationToken) subject = unwrapExpression(ts, subject.operand);
    if (!ts.isIdentifier(subject)) return false;
    const binding = resolveName(ts, subject.text, subject);
    if (binding?.kind !== "variable" || !binding.init || binding.path.length) return false;
    let init = unwrapExpression(ts, binding.init);
    if (ts.isAwaitExpression(init)) init = unwrapExpression(ts, init.expression);
    if (!ts.isCallExpression(init) || init.arguments.length === 0) return false;
    return init.arguments.every((arg) => this.clientClaim(arg, 0) === "identity");
  }

  /**
   * What an expression is as far as the client's claims go: a claimed identity
   * (`req.body.userId`), the whole of what the client sent (`req.query`), or anything else.
   */
  private clientClaim(expr: TsNode, depth: number): "identity" | "container" | "other" {
    const { ts } = this.context;
    const node = unwrapExpression(ts, expr);
    if (depth > 4) return "other";
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      const sides = [this.clientClaim(node.left, depth + 1), this.clientClaim(node.right, depth + 1)];
      return sides.includes("other") ? "other" : sides.includes("identity") ? "identity" : "container";
    }
    if (ts.isIdentifier(node)) {
      const binding = resolveName(ts, node.text, node);
      if (binding?.kind !== "variable" || !binding.init) return "other";
      // `const { userId } = req.body`: the field is the binding's path.
      const from = this.clientClaim(binding.init, depth + 1);
      if (binding.path.length === 0) return from;
      return from === "container" && binding.path.length === 1 && CLAIMED_IDENTITY_FIELDS.includes(binding.path[0]!.toLowerCase()) ? "identity" : "other";
    }
    // `req.body.userId`, `req.query["id"]`, `req.params.id`, `req.body?.userId`.
    const names: string[] = [];
    let current = node;
    while (ts.isPropertyAccessExpression(current) || (ts.isElementAccessExpression(current) && ts.isStringLiteralLike(current.argumentExpression))) {
      names.unshift(ts.isPropertyAccessExpression(current) ? current.name.text : (current.argumentExpression as TsNamespace.StringLiteral).text);
      current = unwrapExpression(ts, current.expression);
    }
    if (!ts.isIdentifier(current) || resolveName(ts, current.text, current)?.kind !== "parameter" || !CLIENT_DATA_MEMBERS.includes(names[0] ?? "")) return "other";
    if (names.length === 1) return "container";
    return names.length === 2 && CLAIMED_IDENTITY_FIELDS.includes(names[1]!.toLowerCase()) ? "identity" : "other";
  }

  /** A value made from, or being, a package export the evidence table knows. */
  private matchValue(value: Value, called = false, shapes: readonly EvidenceShape[] = EVIDENCE_SHAPES): EvidenceShape | undefined {
    if (value.kind === "module") {
      const paths = exportPaths(value.path);
      return shapes.find((s) => s.packages.includes(value.pkg) && paths.some((path) => (called && s.call?.includes(path)) || s.value?.includes(path)));
    }
    if (value.kind === "made") {
      const made = exportPaths(value.of.path);
      if (value.path.length === 0) {
        // `rateLimit({…})` or `new RateLimit({…})` (older express-rate-limit): either way, made by the export.
        return shapes.find((s) => s.packages.includes(value.of.pkg) && (value.how === "call" || value.how === "new") && made.some((path) => s.call?.includes(path)));
      }
      const method = value.path.join(".");
      return shapes.find((s) => s.packages.includes(value.of.pkg) && s.instanceCall && (s.instanceCall.class.includes("*") || made.some((path) => s.instanceCall!.class.includes(path))) && s.instanceCall.method.includes(method));
    }
    return undefined;
  }

  private namedInConfig(node: TsNode): EvidenceKind | undefined {
    const { ts } = this.context;
    const name = ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : ts.isCallExpression(node) && ts.isIdentifier(node.expression) ? node.expression.text : undefined;
    if (!name) return undefined;
    if (this.custom.auth.includes(name)) return "auth";
    if (this.custom.rateLimit.includes(name)) return "rate-limit";
    return undefined;
  }

  private site(file: string): Site | undefined {
    const tree = this.context.tree(file);
    return tree ? { file, tree } : undefined;
  }
}

/**
 * How the evidence table may name a path into a package: `require("passport").authenticate`
 * is the default export's member (`default.authenticate`), while
 * `const { rateLimit } = require("express-rate-limit")` takes a named export (`rateLimit`).
 */
function exportPaths(path: readonly string[]): string[] {
  const asDefault = path.map((p) => (p === "*" ? "default" : p)).join(".");
  return path[0] === "*" && path.length > 1 ? [asDefault, path.slice(1).join(".")] : [asDefault];
}
