/**
 * Equality and allow-list guards: where in a file a value is known to be one of the app's
 * constants. `if (persona === "pirate") { …persona… }`, `if (!MODES.includes(mode)) return …;
 * …mode…`, `switch (tone) { case "formal": …tone… }`, `x === "a" ? …x… : …`: inside those
 * regions the value cannot carry instructions of its sender's.
 *
 * A test narrows its subject (a variable or a short member path) when the other side is a
 * constant (a literal or a constant the evaluator knows exactly) or the list is one the app
 * fixed (an array literal of constants, a Set or object keys, a SCREAMING_CASE constant).
 * A negative test narrows only where it cannot hold: its `else`, or the rest of the block
 * after an `if` whose branch always leaves (return, throw) or sets the value to a constant.
 */
import { calleeName, isLiteralValue, unwrapExpression, walk } from "../../facts/ast.js";
import type { Ts, TsNode } from "../../facts/typescript.js";
import { EXITING_CALLS, FIXED_LIST_BUILDERS, MEMBERSHIP_TESTS } from "../../knowledge/data-flow.js";
import type { ts as TsNamespace } from "ts-morph";
import { definitionOf, returnedExpressions, type DefinitionContext } from "../routes/definitions.js";
import type { Evaluator, Site } from "../values.js";

/** A stretch of a file where the values at `paths` are constants; `at` is the test. */
export interface Narrowing {
  paths: ReadonlySet<string>;
  from: number;
  to: number;
  at: number;
}

interface Outcome {
  whenTrue: ReadonlySet<string>;
  whenFalse: ReadonlySet<string>;
}

const NONE: Outcome = { whenTrue: new Set(), whenFalse: new Set() };
/** Conditions nest `&&` / `||` / `!` about this deep at most in real code. */
const MAX_CONDITION_DEPTH = 12;
const MAX_PATH = 4;

export interface GuardContext extends DefinitionContext {
  evaluator: Evaluator;
}

/** `persona`, `body.persona`, `this.mode`, `opts["tone"]`: a short member path, or undefined. */
export function accessPath(ts: Ts, expr: TsNode): string | undefined {
  const parts: string[] = [];
  let node = unwrapExpression(ts, expr);
  while (parts.length <= MAX_PATH) {
    if (ts.isIdentifier(node)) return [node.text, ...parts].join(".");
    if (node.kind === ts.SyntaxKind.ThisKeyword) return ["this", ...parts].join(".");
    if (ts.isPropertyAccessExpression(node)) parts.unshift(node.name.text);
    else if (ts.isElementAccessExpression(node) && (ts.isStringLiteralLike(node.argumentExpression) || ts.isNumericLiteral(node.argumentExpression))) parts.unshift(node.argumentExpression.text);
    else return undefined;
    node = unwrapExpression(ts, node.expression);
  }
  return undefined;
}

/** Every narrowing region of a file, in source order. */
export function narrowingRegions(context: GuardContext, site: Site): Narrowing[] {
  const { ts } = context;
  const out: Narrowing[] = [];
  const region = (paths: ReadonlySet<string>, node: TsNode, at: TsNode): void => {
    if (paths.size) out.push({ paths, from: node.getStart(site.tree), to: node.getEnd(), at: at.getStart(site.tree) });
  };
  walk(ts, site.tree, (n) => {
    if (ts.isIfStatement(n)) {
      const o = outcome(context, n.expression, site, 0);
      if (!o.whenTrue.size && !o.whenFalse.size) return;
      region(o.whenTrue, n.thenStatement, n);
      if (n.elseStatement) region(o.whenFalse, n.elseStatement, n);
      // `if (!ALLOWED.has(x)) return …;` / `… x = "default";` then the rest of the block.
      const rest = restOfBlock(ts, n);
      if (rest && o.whenFalse.size) {
        const settled = [...o.whenFalse].filter((p) => leavesOrSets(context, n.thenStatement, p, site));
        if (settled.length) out.push({ paths: new Set(settled), from: n.getEnd(), to: rest, at: n.getStart(site.tree) });
      }
      if (rest && o.whenTrue.size && n.elseStatement && leaves(ts, n.elseStatement)) out.push({ paths: o.whenTrue, from: n.getEnd(), to: rest, at: n.getStart(site.tree) });
    } else if (ts.isConditionalExpression(n)) {
      const o = outcome(context, n.condition, site, 0);
      region(o.whenTrue, n.whenTrue, n);
      region(o.whenFalse, n.whenFalse, n);
    } else if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || n.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      const o = outcome(context, n.left, site, 0);
      region(n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ? o.whenTrue : o.whenFalse, n.right, n);
    } else if (ts.isSwitchStatement(n)) {
      const subject = accessPath(ts, n.expression);
      if (subject) switchRegions(context, n, subject, site, out);
    }
  });
  return out;
}

/** `case "formal": case "casual": …`: the clauses only constants lead into (not one a `default` falls through to). */
function switchRegions(context: GuardContext, node: TsNamespace.SwitchStatement, subject: string, site: Site, out: Narrowing[]): void {
  const { ts } = context;
  let open = true; // may control reach this clause from a default clause above it?
  let prevFallsThrough = false;
  for (const clause of node.caseBlock.clauses) {
    const constant = ts.isCaseClause(clause) && isConstant(context, clause.expression, site);
    open = constant && (!prevFallsThrough || open);
    if (open && clause.statements.length) out.push({ paths: new Set([subject]), from: clause.statements[0]!.getStart(site.tree), to: clause.getEnd(), at: clause.getStart(site.tree) });
    prevFallsThrough = clause.statements.length === 0 || !clause.statements.some((s) => leaves(ts, s) || ts.isBreakStatement(s));
  }
}

/** What a condition says about its subjects when it holds and when it does not. */
function outcome(context: GuardContext, expr: TsNode, site: Site, depth: number): Outcome {
  const { ts } = context;
  if (depth > MAX_CONDITION_DEPTH) return NONE;
  const node = unwrapExpression(ts, expr);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = outcome(context, node.operand, site, depth + 1);
    return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
  }
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
      const left = outcome(context, node.left, site, depth + 1);
      const right = outcome(context, node.right, site, depth + 1);
      return op === ts.SyntaxKind.AmpersandAmpersandToken
        ? { whenTrue: union(left.whenTrue, right.whenTrue), whenFalse: intersection(left.whenFalse, right.whenFalse) }
        : { whenTrue: intersection(left.whenTrue, right.whenTrue), whenFalse: union(left.whenFalse, right.whenFalse) };
    }
    const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    const unequal = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    if (equal || unequal) {
      const subject = isConstant(context, node.right, site) ? accessPath(ts, node.left) : isConstant(context, node.left, site) ? accessPath(ts, node.right) : undefined;
      if (!subject) return NONE;
      const narrowed = new Set([subject]);
      return equal ? { whenTrue: narrowed, whenFalse: new Set() } : { whenTrue: new Set(), whenFalse: narrowed };
    }
    // `persona in PERSONAS`
    if (op === ts.SyntaxKind.InKeyword) {
      const subject = accessPath(ts, node.left);
      return subject && isFixedList(context, node.right, site) ? { whenTrue: new Set([subject]), whenFalse: new Set() } : NONE;
    }
    return NONE;
  }
  if (ts.isCallExpression(node)) {
    const predicate = predicateOutcome(context, node, site, depth);
    if (predicate) return predicate;
    const name = calleeName(ts, node.expression);
    const receiver = ts.isPropertyAccessExpression(node.expression) ? unwrapExpression(ts, node.expression.expression) : undefined;
    const test = MEMBERSHIP_TESTS.find((t) => t.method === name && (t.receiver === undefined || (receiver !== undefined && ts.isIdentifier(receiver) && receiver.text === t.receiver)));
    if (!test || !receiver) return NONE;
    const list = test.list === "receiver" ? receiver : node.arguments[test.list];
    const arg = node.arguments[test.subject];
    const subject = arg && accessPath(ts, arg);
    return subject && list && isFixedList(context, list, site) ? { whenTrue: new Set([subject]), whenFalse: new Set() } : NONE;
  }
  return NONE;
}

/**
 * `isPersona(p)` where the project's `isPersona(x)` returns one test on its parameter
 * (`PERSONAS.includes(x)`, `x === "a" || x === "b"`): what that test says, about the argument.
 */
function predicateOutcome(context: GuardContext, call: TsNamespace.CallExpression, site: Site, depth: number): Outcome | undefined {
  const { ts, evaluator } = context;
  const target = evaluator.eval(call.expression, site);
  if (target?.kind !== "function") return undefined;
  const tree = context.tree(target.file);
  const returned = tree ? returnedExpressions(context, target.node) : [];
  if (!tree || returned.length !== 1) return undefined;
  const inner = outcome(context, returned[0]!, { file: target.file, tree }, depth + 1);
  const params = target.node.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : undefined));
  const toArgument = (paths: ReadonlySet<string>): ReadonlySet<string> => {
    const out = new Set<string>();
    for (const path of paths) {
      const index = params.indexOf(path);
      const arg = index >= 0 ? call.arguments[index] : undefined;
      const subject = arg && accessPath(ts, arg);
      if (subject) out.add(subject);
    }
    return out;
  };
  return { whenTrue: toArgument(inner.whenTrue), whenFalse: toArgument(inner.whenFalse) };
}

/** A literal, or a value the evaluator knows exactly (`const PIRATE = "pirate"`). */
function isConstant(context: GuardContext, expr: TsNode, site: Site): boolean {
  const { ts } = context;
  if (isLiteralValue(ts, expr)) return true;
  const node = unwrapExpression(ts, expr);
  if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return false;
  const value = context.evaluator.eval(node, site);
  return value?.kind === "string" && value.exact;
}

/** A set of values the app fixed: `["a", "b"]`, `new Set([...])`, `Object.keys(PERSONAS)`, `PERSONAS`, a SCREAMING_CASE constant. */
function isFixedList(context: GuardContext, expr: TsNode, site: Site): boolean {
  const { ts } = context;
  const found = definitionOf(context, expr, site);
  const node = unwrapExpression(ts, found.node);
  const at = { file: found.file, tree: found.tree };
  if (ts.isArrayLiteralExpression(node)) return node.elements.every((e) => isConstant(context, e, at));
  if (ts.isObjectLiteralExpression(node)) return true;
  if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && FIXED_LIST_BUILDERS.includes(calleeName(ts, node.expression) ?? "")) return true;
  const path = accessPath(ts, node);
  const last = path?.split(".").pop();
  return last !== undefined && /^[A-Z][A-Z0-9_]*$/.test(last) && last.length > 1;
}

/** The end of the block an `if` stands in, when it stands directly in one. */
function restOfBlock(ts: Ts, statement: TsNode): number | undefined {
  const parent = statement.parent;
  return parent && (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent) || ts.isModuleBlock(parent)) ? parent.getEnd() : undefined;
}

/** Does a branch always leave (return, throw, `redirect()`, `continue`) or set `path` to a constant? */
function leavesOrSets(context: GuardContext, statement: TsNode, path: string, site: Site): boolean {
  const { ts } = context;
  if (leaves(ts, statement)) return true;
  const statements = ts.isBlock(statement) ? statement.statements : [statement];
  return statements.some((s) => {
    if (!ts.isExpressionStatement(s)) return false;
    const e = unwrapExpression(ts, s.expression);
    return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken && accessPath(ts, e.left) === path && isConstant(context, e.right, site);
  });
}

/** A statement after which control never reaches the next one. */
function leaves(ts: Ts, statement: TsNode, depth = 0): boolean {
  if (depth > MAX_CONDITION_DEPTH) return false;
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isContinueStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.some((s) => leaves(ts, s, depth + 1));
  if (ts.isIfStatement(statement)) return statement.elseStatement !== undefined && leaves(ts, statement.thenStatement, depth + 1) && leaves(ts, statement.elseStatement, depth + 1);
  if (ts.isExpressionStatement(statement)) {
    const e = unwrapExpression(ts, statement.expression);
    const call = ts.isAwaitExpression(e) ? unwrapExpression(ts, e.expression) : e;
    const name = ts.isCallExpression(call) ? accessPath(ts, call.expression) : undefined;
    return name !== undefined && EXITING_CALLS.includes(name);
  }
  return false;
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  return a.size === 0 ? b : b.size === 0 ? a : new Set([...a, ...b]);
}

function intersection(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  return new Set([...a].filter((x) => b.has(x)));
}
