/**
 * Quota checks: an `if` whose condition compares or names a user's balance or consumption
 * (`user.credits <= 0`, `usage > usageLimit`, `!freeTrial`, a Redis counter past a limit),
 * knowledge in `knowledge/quotas.ts`. A quota is rate-limit evidence whatever it answers,
 * and a 401/403 it answers is not authentication.
 */
import { CLIENT_SENT_WORDS, COUNTER_READS, NOT_QUOTA_WORDS, QUOTA_BALANCE_WORDS, QUOTA_BOUND_WORDS, QUOTA_COUNT_WORDS, QUOTA_HELPER_WORDS, QUOTA_REFUSAL, QUOTA_STOCK_WORDS, QUOTA_USAGE_WORDS } from "../../knowledge/quotas.js";
import { unwrapExpression } from "../../facts/ast.js";
import type { TsNode } from "../../facts/typescript.js";
import type { ts as TsNamespace } from "ts-morph";
import { resolveName } from "../scopes.js";
import type { Site } from "../values.js";
import type { ExtractorContext } from "./types.js";

/** What the branch taken when over quota does: leave (return, throw) or answer (`res.status(…)`, a redirect); `QUOTA_REFUSAL` says it refuses. */
const REFUSES = /\breturn\b|\bthrow\b|redirect\(|\.status\(|\.json\(|\.send\(|\.end\(/;
/** Atoms of a condition looked at; longer conditions are not a quota check anyone writes. */
const MAX_ATOMS = 16;

export interface QuotaCondition {
  /** The atoms that check a quota. */
  quota: TsNode[];
  /** The other atoms (`!session` in `!session || user.credits < 1`), for the auth check to judge alone. */
  rest: TsNode[];
}

/** The condition's atoms sorted into quota checks and the rest; `undefined` when the branch does not refuse. */
export function quotaCondition(context: ExtractorContext, site: Site, condition: TsNode, then: TsNode): QuotaCondition | undefined {
  const text = then.getText();
  if (!REFUSES.test(text) || !QUOTA_REFUSAL.test(text)) return undefined;
  const atoms = splitAtoms(context.ts, condition);
  const quota = atoms.filter((a) => isQuotaAtom(context, site, a));
  if (!quota.length) return undefined;
  // `!tokens || tokens < 1`: the presence test of a quantity compared as a quota is part of the check.
  const compared = new Set(quota.flatMap((a) => operandsOf(context.ts, a)));
  const same = atoms.filter((a) => !quota.includes(a) && compared.has(stripNot(context.ts, a).getText()));
  return { quota: [...quota, ...same], rest: atoms.filter((a) => !quota.includes(a) && !same.includes(a)) };
}

/**
 * The quota atoms of a condition, whatever its branches do: for a call that runs only on
 * one side of the check (`if (usage > limit) { msg = "over quota" } else { await ask() }`).
 */
export function quotaAtoms(context: ExtractorContext, site: Site, condition: TsNode): TsNode[] {
  return splitAtoms(context.ts, condition).filter((a) => isQuotaAtom(context, site, a));
}

/** `a && (b || !c)` → `a`, `b`, `!c` (a negation stays on its atom). */
function splitAtoms(ts: typeof TsNamespace, condition: TsNode): TsNode[] {
  const out: TsNode[] = [];
  const stack = [condition];
  while (stack.length && out.length < MAX_ATOMS) {
    const node = unwrapExpression(ts, stack.pop()!);
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) stack.push(node.right, node.left);
    else out.push(node);
  }
  return out;
}

function stripNot(ts: typeof TsNamespace, atom: TsNode): TsNode {
  let node = atom;
  while (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) node = unwrapExpression(ts, node.operand);
  return node;
}

/** The texts of a comparison's two sides. */
function operandsOf(ts: typeof TsNamespace, atom: TsNode): string[] {
  const node = stripNot(ts, atom);
  return ts.isBinaryExpression(node) ? [unwrapExpression(ts, node.left).getText(), unwrapExpression(ts, node.right).getText()] : [];
}

function isQuotaAtom(context: ExtractorContext, site: Site, atom: TsNode): boolean {
  const { ts } = context;
  const node = stripNot(ts, atom);
  if (ts.isBinaryExpression(node)) return comparesQuota(context, site, node);
  // `!user.credits`, `!freeTrial`, `!(await checkApiLimit())`, `!ok` where `ok = await hasCredits(uid)`.
  const names = namesOf(context, node);
  if (names.some((n) => has(n, NOT_QUOTA_WORDS) || CLIENT_SENT_WORDS.includes(n))) return false;
  return names.some((n) => has(n, QUOTA_BALANCE_WORDS)) || helperCalled(context, node);
}

/** `credits < cost`, `aitokens < 1`, `usage > usageLimit`, `n > 10` where `n = await redis.incr(key)`. */
function comparesQuota(context: ExtractorContext, site: Site, node: TsNamespace.BinaryExpression): boolean {
  const { ts } = context;
  const op = node.operatorToken.kind;
  const left = unwrapExpression(ts, node.left);
  const right = unwrapExpression(ts, node.right);
  let low: TsNode;
  let high: TsNode;
  if (op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken) [low, high] = [left, right];
  else if (op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.GreaterThanEqualsToken) [low, high] = [right, left];
  else if ((op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken) && (isSmallNumber(ts, right) || isSmallNumber(ts, left))) {
    // `credits === 0`: nothing left.
    [low, high] = isSmallNumber(ts, right) ? [left, right] : [right, left];
  } else return false;
  const lowNames = namesOf(context, low);
  const highNames = namesOf(context, high);
  if ([...lowNames, ...highNames].some((n) => CLIENT_SENT_WORDS.includes(n))) return false;
  // A balance below what the call costs, or a stock down to nothing.
  if (!lowNames.some((n) => has(n, NOT_QUOTA_WORDS))) {
    if (lowNames.some((n) => has(n, QUOTA_BALANCE_WORDS))) return true;
    if (isSmallNumber(ts, high) && lowNames.some((n) => has(n, QUOTA_STOCK_WORDS) && !QUOTA_STOCK_WORDS.includes(n.replace(/s$/, "")))) return true;
  }
  // Consumption at or past a bound.
  if (highNames.some((n) => has(n, NOT_QUOTA_WORDS))) return false;
  if (lowNames.some((n) => has(n, NOT_QUOTA_WORDS))) return false;
  if (highNames.some((n) => has(n, QUOTA_USAGE_WORDS))) return true;
  const bounded = ts.isNumericLiteral(low) || lowNames.some((n) => has(n, QUOTA_BOUND_WORDS));
  if (bounded && highNames.some((n) => has(n, QUOTA_COUNT_WORDS) || has(n, QUOTA_BALANCE_WORDS))) return true;
  return counterRead(context, site, high);
}

/** 0 or 1, the floor a remaining allowance is checked against. */
function isSmallNumber(ts: typeof TsNamespace, node: TsNode): boolean {
  return ts.isNumericLiteral(node) && (node.text === "0" || node.text === "1");
}

/**
 * The lower-cased names an operand is known by: its own identifiers (`user.aiCredits`),
 * and for a variable, those of its initialiser one step back (`tokens = user.aitokens`).
 */
function namesOf(context: ExtractorContext, node: TsNode): string[] {
  const { ts } = context;
  const out: string[] = [];
  const collect = (n: TsNode): void => {
    if (ts.isIdentifier(n)) out.push(n.text.toLowerCase());
    else if (ts.isPropertyAccessExpression(n)) {
      out.push(n.name.text.toLowerCase());
      collect(n.expression);
    } else if (ts.isElementAccessExpression(n)) {
      if (ts.isStringLiteralLike(n.argumentExpression)) out.push(n.argumentExpression.text.toLowerCase());
      collect(n.expression);
    } else if (ts.isNonNullExpression(n) || ts.isParenthesizedExpression(n) || ts.isAsExpression(n)) collect(n.expression);
  };
  collect(node);
  if (ts.isIdentifier(node)) {
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind === "variable" && binding.init) {
      let init = unwrapExpression(ts, binding.init);
      if (ts.isAwaitExpression(init)) init = unwrapExpression(ts, init.expression);
      if (ts.isPropertyAccessExpression(init) || ts.isIdentifier(init)) collect(init);
      // `const { credits } = await req.json()`: where it came from counts (see CLIENT_SENT_WORDS).
      else if (ts.isCallExpression(init)) collect(init.expression);
      out.push(...binding.path.map((p) => p.toLowerCase()));
    }
  }
  return out;
}

/** `checkApiLimit()`, `await hasCredits(uid)`, or a variable holding what one returned. */
function helperCalled(context: ExtractorContext, node: TsNode): boolean {
  const { ts } = context;
  let expr = unwrapExpression(ts, node);
  if (ts.isIdentifier(expr)) {
    const binding = resolveName(ts, expr.text, expr);
    if (binding?.kind !== "variable" || !binding.init) return false;
    expr = unwrapExpression(ts, binding.init);
  }
  if (ts.isAwaitExpression(expr)) expr = unwrapExpression(ts, expr.expression);
  if (!ts.isCallExpression(expr)) return false;
  const callee = ts.isPropertyAccessExpression(expr.expression) ? expr.expression.name.text : ts.isIdentifier(expr.expression) ? expr.expression.text : "";
  return has(callee.toLowerCase(), QUOTA_HELPER_WORDS);
}

/** An operand that holds a counter's value: `await redis.incr(key)`, `await prisma.message.count({ where })`. */
function counterRead(context: ExtractorContext, site: Site, node: TsNode): boolean {
  const { ts, evaluator } = context;
  let expr = unwrapExpression(ts, node);
  if (ts.isIdentifier(expr)) {
    const binding = resolveName(ts, expr.text, expr);
    if (binding?.kind !== "variable" || !binding.init || binding.path.length) return false;
    expr = unwrapExpression(ts, binding.init);
  }
  if (!ts.isAwaitExpression(expr)) return false;
  const call = unwrapExpression(ts, expr.expression);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  const method = call.expression.name.text;
  if (COUNTER_READS.some((c) => c.anyReceiver && c.methods.includes(method))) return true;
  const shapes = COUNTER_READS.filter((c) => !c.anyReceiver && c.methods.includes(method));
  if (!shapes.length) return false;
  const receiver = evaluator.eval(call.expression.expression, site);
  const pkg = receiver?.kind === "made" ? receiver.of.pkg : receiver?.kind === "module" ? receiver.pkg : undefined;
  return pkg !== undefined && shapes.some((c) => c.packages.includes(pkg));
}

function has(name: string, words: readonly string[]): boolean {
  return words.some((w) => name.includes(w));
}
