/**
 * Code in a middleware or hook that runs only for some paths: `if (url.pathname.startsWith("/api") && !user) return 401`
 * guards `/api` only, `if (isProtectedRoute(req)) await auth.protect()` only what the
 * route matcher selects. A condition reader turns one test into a predicate on the route
 * path; the conditions around a node (enclosing `if`s, `&&`, ternaries, an earlier
 * `if (…) return`) decide whether it runs for a route.
 */
import { nodeStartingAt, unwrapExpression } from "../../facts/ast.js";
import type { TsNode } from "../../facts/typescript.js";
import { compileSafe, splitRegexLiteral, type SafeRegex } from "../../util/safe-regex.js";
import type { EvidenceFinder } from "./evidence.js";
import type { ChainEntry, Evidence, ExtractorContext, Route } from "./types.js";

/** A test on the route path; undefined: not known (a pattern the linear-time engine cannot run). */
export type PathTest = (path: string) => boolean | undefined;

export interface PathCondition {
  test: PathTest;
  negated: boolean;
}

/** One test of a condition as a predicate on the route path; undefined when it is not about the path. */
export type ConditionReader = (expr: TsNode) => PathTest | undefined;

/**
 * Does code under these conditions run for every one of these paths? (No path known: only
 * unconditional code.) An unknown test never holds, negated or not: no credit on a guess.
 */
export function holds(conditions: readonly PathCondition[], paths: readonly string[]): boolean {
  return conditions.every((c) => paths.length > 0 && paths.every((path) => {
    const result = c.test(path);
    return result !== undefined && result !== c.negated;
  }));
}

/** Says, once per file and pattern, that a pattern from the code could not be run and what that costs. */
export function warnUnrunnablePattern(context: ExtractorContext, file: string, what: string, pattern: string, reason: string, consequence: string): void {
  const warnings = context.file(file)?.warnings;
  const shown = pattern.length > 80 ? `${pattern.slice(0, 80)}…` : pattern;
  const message = `${what} ${JSON.stringify(shown)} is not run (${reason}; only a linear-time regex engine runs patterns from the scanned code): ${consequence}`;
  if (warnings && !warnings.some((w) => w.message === message)) warnings.push({ file, message });
}

/** The path conditions under which `node` runs inside `fn` (an `if` node's own test included). */
export function pathConditions(context: ExtractorContext, node: TsNode, fn: TsNode, read: ConditionReader): PathCondition[] {
  const { ts } = context;
  const found: PathCondition[] = [];
  const add = (expr: TsNode, negated: boolean) => found.push(...conditions(context, expr, negated, read));
  if (ts.isIfStatement(node)) add(node.expression, false);
  let child = node;
  for (let current = node.parent; current && current !== fn; child = current, current = current.parent) {
    if (ts.isIfStatement(current) && child !== current.expression) add(current.expression, child === current.elseStatement);
    if (ts.isConditionalExpression(current) && child !== current.condition) add(current.condition, child === current.whenFalse);
    if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === current.right) add(current.left, false);
    if (ts.isBlock(current)) {
      for (const stmt of current.statements) {
        if (stmt === child) break;
        if (ts.isIfStatement(stmt) && !stmt.elseStatement && returns(context, stmt.thenStatement)) add(stmt.expression, true);
      }
    }
  }
  return found;
}

function returns(context: ExtractorContext, stmt: TsNode): boolean {
  const { ts } = context;
  if (ts.isReturnStatement(stmt)) return true;
  return ts.isBlock(stmt) && stmt.statements.length > 0 && ts.isReturnStatement(stmt.statements[stmt.statements.length - 1]!);
}

/** The path tests in a condition; other parts of it (`!user`) say nothing about the path. */
function conditions(context: ExtractorContext, expr: TsNode, negated: boolean, read: ConditionReader): PathCondition[] {
  const { ts } = context;
  const node = unwrapExpression(ts, expr);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return conditions(context, node.operand, !negated, read);
  if (ts.isAwaitExpression(node)) return conditions(context, node.expression, negated, read);
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    // Only conjunctions split into independent conditions (`a && b`, or `!(a || b)`).
    if ((op === ts.SyntaxKind.AmpersandAmpersandToken && !negated) || (op === ts.SyntaxKind.BarBarToken && negated)) {
      return [...conditions(context, node.left, negated, read), ...conditions(context, node.right, negated, read)];
    }
  }
  const test = read(node);
  return test ? [{ test, negated }] : [];
}

// ---------------------------------------------------------------------------------------
// Tests on the request path written in code

/** An expression that holds the request path: `event.url.pathname`, `req.nextUrl.pathname`, `event.path`, `getRequestURL(event).pathname`. */
const PATH_EXPRESSION = /(?:pathname|\.path|^path|\burl)$/i;

/** `pathname.startsWith("/api")`, `.endsWith(…)`, `.includes(…)`, `pathname === "/x"`, `/^\/api/.test(pathname)` (in `file`). */
export function readPathTest(context: ExtractorContext, file: string): ConditionReader {
  const { ts } = context;
  return (node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const [arg] = node.arguments;
      const method = node.expression.name.text;
      const subject = node.expression.expression;
      if (arg && ts.isStringLiteralLike(arg) && isPathExpression(context, subject)) {
        const text = arg.text;
        if (method === "startsWith") return (path) => path.startsWith(text);
        if (method === "endsWith") return (path) => path.endsWith(text);
        if (method === "includes") return (path) => path.includes(text);
      }
      if (method === "test" && arg && isPathExpression(context, arg) && ts.isRegularExpressionLiteral(unwrapExpression(ts, subject))) {
        const literal = unwrapExpression(ts, subject).getText();
        const re = regexLiteral(literal);
        if (re?.ok === false) warnUnrunnablePattern(context, file, "path test", literal, re.reason, "the code it guards is not credited to any route");
        return re && ((path) => (re.ok ? re.test(path) : undefined));
      }
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
      const unequal = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
      const literal = ts.isStringLiteralLike(node.right) ? node.right : ts.isStringLiteralLike(node.left) ? node.left : undefined;
      const subject = literal === node.right ? node.left : node.right;
      if ((equal || unequal) && literal && isPathExpression(context, subject)) return (path) => (path === literal.text) === equal;
    }
    return undefined;
  };
}

function isPathExpression(context: ExtractorContext, node: TsNode): boolean {
  return PATH_EXPRESSION.test(unwrapExpression(context.ts, node).getText().replace(/\?\./g, "."));
}

/** A regex literal from the code, on the linear-time engine; undefined when the text is not a literal. */
export function regexLiteral(text: string): SafeRegex | undefined {
  const literal = splitRegexLiteral(text);
  return literal && compileSafe(literal.source, literal.flags);
}

// ---------------------------------------------------------------------------------------
// Hooks that guard only some paths

/**
 * A hook or middleware on every route of an app (SvelteKit's `handle`, Nuxt server
 * middleware, a Next.js middleware function). When its function tests the request path,
 * its evidence is judged here, per route path; otherwise it is a plain chain entry.
 */
export function pathAwareHook(context: ExtractorContext, finder: EvidenceFinder, entry: ChainEntry): (paths: readonly string[]) => { chain: ChainEntry[]; evidence: Evidence[] } {
  const plain = () => ({ chain: [entry], evidence: [] });
  const tree = context.tree(entry.file);
  const fn = tree && context.evaluator.eval(entry.node, { file: entry.file, tree });
  if (fn?.kind !== "function") return plain;
  const read = readPathTest(context, fn.file);
  if (!containsTest(context, fn.node, read)) return plain;
  const located = finder.inFunction(fn.file, fn.node, entry.scope).map((e) => {
    const at = (e.file === fn.file ? nodeAt(context, fn.node, e.start) : undefined) ?? callLeadingTo(context, finder, fn.file, fn.node, e);
    return { e, conditions: at ? pathConditions(context, at, fn.node, read) : [] };
  });
  return (paths) => ({ chain: [], evidence: located.filter(({ conditions }) => holds(conditions, paths)).map(({ e }) => e) });
}

/** The call in `fn` to the helper where an evidence was found (`if (…) await requireUser(req)`). */
function callLeadingTo(context: ExtractorContext, finder: EvidenceFinder, file: string, fn: TsNode, evidence: Evidence): TsNode | undefined {
  const { ts, evaluator } = context;
  const tree = context.tree(file);
  if (!tree) return undefined;
  let found: TsNode | undefined;
  const visit = (node: TsNode): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const callee = evaluator.eval(node.expression, { file, tree });
      const inner = callee?.kind === "function" ? finder.inFunction(callee.file, callee.node, "") : [];
      if (inner.some((e) => e.file === evidence.file && e.start === evidence.start)) found = node;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

function containsTest(context: ExtractorContext, fn: TsNode, read: ConditionReader): boolean {
  let found = false;
  const visit = (node: TsNode): void => {
    if (found) return;
    if (read(node)) found = true;
    else context.ts.forEachChild(node, visit);
  };
  context.ts.forEachChild(fn, visit);
  return found;
}

/** The outermost `if` or call of `fn` that starts at an offset (where an evidence was found). */
function nodeAt(context: ExtractorContext, fn: TsNode, start: number): TsNode | undefined {
  const { ts } = context;
  return nodeStartingAt(ts, fn, start, (n): n is TsNode => ts.isIfStatement(n) || ts.isCallExpression(n));
}

export type Hook = ReturnType<typeof pathAwareHook>;

/** Puts an app's hooks in front of a route's chain (or their evidence on it, when they test the path). */
export function attachHooks(route: Route, hooks: readonly Hook[], paths: readonly string[]): void {
  const results = hooks.map((hook) => hook(paths));
  route.chain.unshift(...results.flatMap((r) => r.chain));
  route.evidence.push(...results.flatMap((r) => r.evidence));
}
