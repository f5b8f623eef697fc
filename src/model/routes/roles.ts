/**
 * AU-3: does an AI route look privileged or paid (its path, handler name or file), and
 * which code checks the caller's role or plan (an `if` on a role or plan that rejects, a
 * call that enforces one, a guard named for one). Knowledge in `knowledge/role-checks.ts`;
 * the evidence engine (`routes/evidence.ts`) calls these on the route's whole path, the way
 * it looks for authentication.
 */
import { CALLER_WORDS, KEY_WORDS, CHAT_MESSAGE_WORDS, CHAT_ROLE_VALUES, ENFORCING_VERBS, GUARD_CLASS_WORDS, MODEL_NAME_WORDS, MODEL_WORDS, NOT_IN_FILE_PATHS, PERMISSION_CALLS, PLAN_OPTION_KEYS, PLAN_WORDS, PRIVILEGED_PAIRS, PRIVILEGED_WORDS, ROLE_AND_PLAN_VALUES, ROLE_OPTION_KEYS, ROLE_REJECTION, ROLE_WORDS, WEAK_WORDS } from "../../knowledge/role-checks.js";
import { calleeName, functionName, propertyNameText, unwrapExpression, walk } from "../../facts/ast.js";
import type { Ts, TsNode } from "../../facts/typescript.js";
import { resolveName } from "../scopes.js";
import { quotaAtoms } from "./quota.js";
import { CLIENT_SENT_WORDS } from "../../knowledge/quotas.js";
import type { Site } from "../values.js";
import type { ExtractorContext, Route } from "./types.js";

/** A check some callers do not pass: of their role, or of their plan. */
export type GateKind = "role" | "plan";
/** `lookup`: a table looked up by the caller's role or plan, rejected only when it has no entry (no gate: every known one passes). */
export type RoleKind = GateKind | "lookup";
export interface RoleFound {
  kind: RoleKind;
  label: string;
}

/** Atoms of a condition looked at; longer conditions are not a role check anyone writes. */
const MAX_ATOMS = 16;
/** Names in one atom looked at (`!session?.user?.role`, `ADMINS.includes(user.email)`). */
const MAX_NAMES = 40;

/** `adminSummarise` → admin, summarise; `/api/gemini-1.5-pro` → api, gemini, 1, 5, pro; `APIProxy` → api, proxy. One pass, no regex. */
export function nameWords(text: string): string[] {
  const out: string[] = [];
  let current = "";
  const kindOf = (c: string | undefined) => (c === undefined ? 0 : c >= "a" && c <= "z" ? 1 : c >= "A" && c <= "Z" ? 2 : c >= "0" && c <= "9" ? 3 : 0);
  for (let i = 0; i < text.length; i++) {
    const kind = kindOf(text[i]);
    if (kind === 0) {
      if (current) out.push(current.toLowerCase());
      current = "";
      continue;
    }
    const prev = kindOf(text[i - 1]);
    const next = kindOf(text[i + 1]);
    const boundary = current !== "" && ((kind === 2 && (prev === 1 || prev === 3)) || (kind === 2 && prev === 2 && next === 1) || ((kind === 3) !== (prev === 3)));
    if (boundary) {
      out.push(current.toLowerCase());
      current = "";
    }
    current += text[i];
  }
  if (current) out.push(current.toLowerCase());
  return out;
}

/** The privileged word among these words, if any (`pro` after a model's name or a number is the model's: `gemini-pro`). */
export function privilegedWord(words: readonly string[], skip: readonly string[] = []): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const prev = words[i - 1];
    if (PRIVILEGED_WORDS.includes(w) && !skip.includes(w)) {
      if (w === "pro" && prev !== undefined && (MODEL_NAME_WORDS.includes(prev) || /^\d+$/.test(prev))) continue;
      return w;
    }
    const pair = PRIVILEGED_PAIRS.find(([a, b]) => a === w && b === words[i + 1]);
    if (pair) return pair.join("");
  }
  return undefined;
}

/**
 * Why a route looks privileged or paid: the word and where it was found (its path, its
 * handler's or controller's name, its file), or undefined.
 */
export function privilegedWhy(context: ExtractorContext, route: Route): string | undefined {
  const { ts } = context;
  const inPath = privilegedWord(nameWords(route.path));
  if (inPath) return `\`${inPath}\` in its path ${route.path}`;
  const handler = route.handler?.node;
  const name = handler && functionName(ts, handler);
  const inName = name && privilegedWord(nameWords(name));
  if (inName) return `\`${inName}\` in its handler's name ${name}`;
  const cls = handler && ts.isMethodDeclaration(handler) && handler.parent && ts.isClassLike(handler.parent) ? handler.parent.name?.text : undefined;
  const inClass = cls && privilegedWord(nameWords(cls));
  if (inClass) return `\`${inClass}\` in its controller's name ${cls}`;
  const file = route.file.replace(/\.[A-Za-z]+$/, "");
  const inFile = privilegedWord(nameWords(file), NOT_IN_FILE_PATHS);
  if (inFile) return `\`${inFile}\` in its file ${route.file}`;
  return undefined;
}

/** What a name says it checks: `RolesGuard`, `requireAdmin`, `isPro` (weak words count in such names). */
function roleOfName(words: readonly string[]): GateKind | undefined {
  if (words.some((w) => ROLE_WORDS.includes(w))) return "role";
  if (words.some((w) => PLAN_WORDS.includes(w))) return "plan";
  return undefined;
}

/** A guard or middleware class named for a role or plan (`RolesGuard`, `AdminGuard`, `SubscriptionGuard`). */
export function roleGuardClass(name: string | undefined): RoleFound | undefined {
  const words = name ? nameWords(name) : [];
  if (!words.some((w) => GUARD_CLASS_WORDS.includes(w))) return undefined;
  const kind = roleOfName(words);
  return kind && { kind, label: `${name} (guard named for a ${kind})` };
}

/**
 * A middleware named for what it enforces (`requireRole("admin")`, `adminOnly`, `isAdmin`,
 * `restrictTo("admin")`, `checkSubscription`): the name has a verb and a role or plan word,
 * or a verb and a role or plan as its argument.
 */
export function roleMiddlewareName(ts: Ts, node: TsNode, verbs: readonly string[] = [...ENFORCING_VERBS, "is", "has", "can", "allow"]): RoleFound | undefined {
  const expr = unwrapExpression(ts, node);
  const call = ts.isCallExpression(expr) ? expr : undefined;
  const name = calleeName(ts, call ? call.expression : expr);
  if (!name) return undefined;
  const words = nameWords(name);
  if (!words.some((w) => verbs.includes(w)) && !words.includes("only")) return undefined;
  const kind = roleOfName(words) ?? roleOfName((call?.arguments ?? []).flatMap((a) => (ts.isStringLiteralLike(a) && ROLE_AND_PLAN_VALUES.includes(a.text.toLowerCase()) ? nameWords(a.text) : [])));
  return kind && { kind, label: `${expr.getText().slice(0, 60)} (enforces a ${kind})` };
}

/**
 * A call that rejects by itself when the role or plan is missing, its result unused:
 * `await auth.protect({ role: "org:admin" })` (Clerk), `await requireRole(user, "admin")`,
 * `ForbiddenError.from(ability).throwUnlessCan("use", "Ai")` (CASL).
 */
export function enforcingCall(ts: Ts, call: TsNode): RoleFound | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  let parent = call.parent;
  if (parent && ts.isAwaitExpression(parent)) parent = parent.parent;
  if (!parent || !ts.isExpressionStatement(parent)) return undefined;
  const name = calleeName(ts, call.expression);
  if (name === "throwUnlessCan") return { kind: "role", label: `${call.getText().slice(0, 60)} (CASL)` };
  const options = optionKind(ts, call);
  if (name === "protect" && options) return { kind: options, label: `${call.getText().slice(0, 60)} (rejects without the ${options})` };
  return roleMiddlewareName(ts, call, ENFORCING_VERBS);
}

/** `{ role: … }`, `{ plan: … }` given to a call, directly or inside a callback (`protect((has) => has({ role }))`). */
export function optionKind(ts: Ts, call: TsNode): GateKind | undefined {
  let found: GateKind | undefined;
  for (const arg of (call as { arguments?: readonly TsNode[] }).arguments ?? []) {
    walk(ts, arg, (n) => {
      if (found || !ts.isObjectLiteralExpression(n)) return;
      for (const p of n.properties) {
        const key = p.name && propertyNameText(ts, p.name);
        if (key && ROLE_OPTION_KEYS.includes(key)) found ??= "role";
        else if (key && PLAN_OPTION_KEYS.includes(key)) found ??= "plan";
      }
    });
  }
  return found;
}

/** Does this branch reject: throw, 401-404, redirect, an error, `next(err)`? */
export function rejects(ts: Ts, branch: TsNode): boolean {
  return ROLE_REJECTION.test(branch.getText());
}

/**
 * A bare `return` (`return null`, `return false`): leaving early rejects after a negative
 * condition (`if (!user.isPro) return null`) but lets through after a positive one
 * (`if (user.plan === "admin") return;` skips a quota for admins).
 */
function leavesAfterNegative(ts: Ts, condition: TsNode, branch: TsNode): boolean {
  const only = ts.isBlock(branch) && branch.statements.length === 1 ? branch.statements[0]! : branch;
  if (!ts.isReturnStatement(only)) return false;
  const value = only.expression && unwrapExpression(ts, only.expression);
  const bare = !value || value.kind === ts.SyntaxKind.NullKeyword || value.kind === ts.SyntaxKind.FalseKeyword || (ts.isIdentifier(value) && value.text === "undefined");
  const node = unwrapExpression(ts, condition);
  const negative =
    (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) ||
    (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken));
  return bare && negative;
}

/** Does this branch let the caller on (`next()`, `return true`)? A middleware's positive check. */
function allows(branch: TsNode): boolean {
  const text = branch.getText();
  return /\bnext\s*\(\s*\)|\breturn\s+true\b/.test(text);
}

/**
 * A role or plan check in an `if`: its condition is about one and the branch it guards
 * rejects (`if (user.role !== "admin") return 403`), or the call (or `next()`) sits inside a
 * positive check and the other branch, or the code after it, rejects
 * (`if (user.isPro) { …model… } return 402`). `before` is the model call's offset.
 */
export function roleCheckInIf(context: ExtractorContext, site: Site, node: TsNode & { expression: TsNode; thenStatement: TsNode; elseStatement?: TsNode }, before?: number): RoleFound | undefined {
  const { ts } = context;
  const then = node.thenStatement;
  const holdsCall = before !== undefined && before >= then.getStart() && before < then.getEnd();
  let found = false;
  if (!holdsCall && (rejects(ts, then) || leavesAfterNegative(ts, node.expression, then))) found = true;
  else if (holdsCall || allows(then)) {
    found = node.elseStatement ? rejects(ts, node.elseStatement) : false;
    const block = node.parent;
    if (!found && block && (ts.isBlock(block) || ts.isSourceFile(block))) {
      const after = block.statements.slice(block.statements.indexOf(node as never) + 1, block.statements.indexOf(node as never) + 3);
      found = after.some((st) => rejects(ts, st));
    }
  }
  return found ? roleCondition(context, site, node.expression) : undefined;
}

/** `return user.role === "admin" ? next() : res.status(403).end()`. */
export function roleCheckInConditional(context: ExtractorContext, site: Site, node: TsNode & { condition: TsNode; whenTrue: TsNode; whenFalse: TsNode }): RoleFound | undefined {
  const { ts } = context;
  if (!rejects(ts, node.whenTrue) && !rejects(ts, node.whenFalse)) return undefined;
  return roleCondition(context, site, node.condition);
}

/** The first atom of a condition that checks a role or plan (quotas excluded: credits and counters are RL-1's). */
export function roleCondition(context: ExtractorContext, site: Site, condition: TsNode): RoleFound | undefined {
  const { ts } = context;
  const quota = new Set(quotaAtoms(context, site, condition).map((a) => a.getStart()));
  for (const atom of splitAtoms(ts, condition)) {
    if (quota.has(atom.getStart())) continue;
    const kind = atomKind(context, atom);
    if (kind) return { kind: kind.lookup ? "lookup" : kind.kind, label: `${kind.kind} ${kind.lookup ? "lookup" : "check"} (${atom.getText().slice(0, 60)})` };
  }
  return undefined;
}

/** `req.body.role`, `body.plan`, `request.query.tier`: an access through what the client sent. */
function sentByClient(ts: Ts, node: TsNode): boolean {
  for (let n = unwrapExpression(ts, node); ; n = unwrapExpression(ts, (n as { expression: TsNode }).expression)) {
    if (ts.isIdentifier(n)) return CLIENT_SENT_WORDS.includes(n.text.toLowerCase());
    if (ts.isPropertyAccessExpression(n) && CLIENT_SENT_WORDS.includes(n.name.text.toLowerCase())) return true;
    if (!ts.isPropertyAccessExpression(n) && !ts.isElementAccessExpression(n) && !ts.isCallExpression(n)) return false;
  }
}

function splitAtoms(ts: Ts, condition: TsNode): TsNode[] {
  const out: TsNode[] = [];
  const stack = [condition];
  while (stack.length && out.length < MAX_ATOMS) {
    let node = unwrapExpression(ts, stack.pop()!);
    while (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) node = unwrapExpression(ts, node.operand);
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) stack.push(node.right, node.left);
    else out.push(node);
  }
  return out;
}

/** Is this atom about the caller's role or plan? See the word tables for what each kind of word needs. */
function atomKind(context: ExtractorContext, atom: TsNode): { kind: GateKind; lookup: boolean } | undefined {
  const { ts } = context;
  const names: string[] = [];
  /** Names of the keys of tables the atom's values were looked up in (`user`, `plan` of `plans[user.plan]`). */
  const keyNames: string[] = [];
  const literals: string[] = [];
  let called: GateKind | undefined;
  let fromClient = false;
  walk(ts, atom, (n) => {
    if (names.length >= MAX_NAMES) return;
    if (ts.isPropertyAccessExpression(n) && sentByClient(ts, n)) fromClient = true;
    if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) {
      names.push(n.text);
      // `const sub = await getSubscription(user.id)`: the name of what made the value counts.
      const binding = ts.isIdentifier(n) ? resolveName(ts, n.text, n) : undefined;
      let init = binding?.kind === "variable" && binding.init ? unwrapExpression(ts, binding.init) : undefined;
      if (init && ts.isAwaitExpression(init)) init = unwrapExpression(ts, init.expression);
      if (init && ts.isCallExpression(init)) {
        const made = calleeName(ts, init.expression);
        if (made) names.push(made);
        if (made === "json" || made === "formData") fromClient = true;
      }
      // `const planConfig = plans[user.plan]`: a table looked up by what the caller holds; its key's names count.
      else if (init && ts.isElementAccessExpression(init)) {
        if (sentByClient(ts, init.argumentExpression)) fromClient = true;
        else walk(ts, init.argumentExpression, (k) => {
          if (ts.isIdentifier(k) && keyNames.length < MAX_NAMES) keyNames.push(k.text);
        });
      }
      // `const { role } = req.body`: what the client sends is no role it holds.
      else if (init && (ts.isPropertyAccessExpression(init) || ts.isIdentifier(init)) && sentByClient(ts, init)) fromClient = true;
    } else if (ts.isStringLiteralLike(n)) literals.push(n.text.toLowerCase());
    else if (ts.isCallExpression(n)) {
      const name = calleeName(ts, n.expression);
      if (name && PERMISSION_CALLS.includes(name) && n.arguments.length > 0) called ??= "role";
      if (name === "has" || name === "protect") called ??= optionKind(ts, n);
    }
  });
  if (called) return { kind: called, lookup: false };
  if (fromClient) return undefined;
  const direct = wordsKind(names, literals);
  if (direct) return { kind: direct, lookup: false };
  // Only through a lookup key: the caller's plan picks an entry, and only a missing one is turned away.
  const looked = keyNames.length ? wordsKind([...names, ...keyNames], literals) : undefined;
  return looked ? { kind: looked, lookup: true } : undefined;
}

/** The role or plan the names (and literals) of an atom speak of, by the word tables. */
function wordsKind(names: readonly string[], literals: readonly string[]): GateKind | undefined {
  const perName = names.map((n) => nameWords(n));
  const all = perName.flat();
  if (all.some((w) => MODEL_WORDS.includes(w))) return undefined;
  // A message's role is input, not the caller's.
  const chatRole = literals.some((l) => CHAT_ROLE_VALUES.includes(l)) || all.some((w) => CHAT_MESSAGE_WORDS.includes(w));
  const valued = literals.some((l) => ROLE_AND_PLAN_VALUES.includes(l));
  const aboutCaller = all.some((w) => CALLER_WORDS.includes(w));
  const counts = (w: string, words: readonly string[]) => {
    if ((w === "role" || w === "roles") && chatRole) return false;
    if (!WEAK_WORDS.includes(w)) return true;
    return valued || aboutCaller || words[0] === "is" || words[0] === "has";
  };
  // `secureCompare(presented, process.env.INTERNAL_API_KEY)`: the key of a role.
  for (const words of [...perName, ...literals.map((l) => nameWords(l))]) {
    if (words.some((w) => KEY_WORDS.includes(w)) && words.some((w) => ROLE_WORDS.includes(w))) return "role";
  }
  for (const words of perName) {
    for (const w of words) {
      if (ROLE_WORDS.includes(w) && counts(w, words)) return "role";
      if (PLAN_WORDS.includes(w) && counts(w, words)) return "plan";
    }
  }
  return undefined;
}
