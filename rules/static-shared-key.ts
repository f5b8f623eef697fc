/**
 * AU-2: callers authenticated by one shared static key compared in code, and secrets
 * compared with `===` instead of in constant time.
 *
 * Detector (one file at a time, so it also runs in ESLint): every `===`/`!==`/`==`/`!=`
 * comparison, and every `KEYS.includes(x)`/`new Set(KEYS).has(x)`, one side of which is a
 * credential the request carries (a header, query parameter or body field from
 * `src/knowledge/credentials.ts`, followed through variables, destructuring, string
 * methods and same-file callers). The other side decides:
 * - a string literal, a constant initialised with one, a literal fallback
 *   (`process.env.KEY ?? "dev-key"`), a list of literals → a static shared key;
 * - an env var, a config value or a secret-named value → a non-constant-time comparison.
 * Comparisons with `undefined`, `null`, `""` or an auth scheme (`"Bearer"`) are not checks
 * of the key; `typeof` checks and `crypto.timingSafeEqual` are not comparisons at all. A token
 * compared with its stored copy after its signature was checked (`jwt.verify(token, …, cb)`,
 * `await jwtVerify(token, key)`: `TOKEN_SIGNATURE_CHECKS`) is a revocation check that only a
 * genuine token reaches, not a timing leak.
 */
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import { calleeName, stringValue, unwrapExpression, walk } from "../src/facts/ast.js";
import { callsOfName } from "../src/facts/call-index.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import { isSecretName } from "../src/facts/secret-names.js";
import type { Ts, TsNode } from "../src/facts/typescript.js";
import {
  AUTH_SCHEME_PREFIX,
  CONFIG_GETTER_METHODS,
  CONTAINER_CALLS,
  CREDENTIAL_HEADER_PATTERN,
  CREDENTIAL_HEADERS,
  CREDENTIAL_PARAMS,
  CREDENTIAL_PRESERVING_FUNCTIONS,
  CREDENTIAL_PRESERVING_METHODS,
  EQUALITY_OPERATORS,
  HEADER_GETTER_FUNCTIONS,
  HEADER_GETTER_METHODS,
  NON_KEY_LITERALS,
  QUERY_GETTER_METHODS,
  REQUEST_CONTAINERS,
  TOKEN_SIGNATURE_CHECKS,
} from "../src/knowledge/credentials.js";
import { resolveName, type Binding } from "../src/model/scopes.js";
import { escapeRegExp } from "../src/util/text.js";
import { isTestFile } from "../src/facts/test-files.js";
import { LiteralGate } from "../src/facts/literal-gates.js";
import { CREDENTIAL_PARAMETER_NAME, mightReadCredential } from "./support/credential-text.js";

const CREDENTIAL_PARAMETER = new RegExp(`^${CREDENTIAL_PARAMETER_NAME}$`, "i");

// Most files never read a credential from a request: parse only those whose text shows one
// (a credential header's name, `query.apiKey`, `{ token } = await req.json()`, a Bearer
// string, a parameter named like a presented key) next to a comparison.
const PARAM = `(?:${CREDENTIAL_PARAMS.map(escapeRegExp).join("|")})`;
const MIGHT_READ_A_CREDENTIAL = new RegExp(
  [
    `${CREDENTIAL_HEADERS.map(escapeRegExp).join("|")}|${CREDENTIAL_HEADER_PATTERN.source.replace(/^\^|\$$/g, "")}|bearer`,
    `\\b(?:${Object.keys(REQUEST_CONTAINERS).join("|")})\\s*(?:\\?\\.|\\.|\\[\\s*["'\`]|\\.get\\(\\s*["'\`])\\s*${PARAM}\\b`,
    `\\.(?:${QUERY_GETTER_METHODS.join("|")})\\(\\s*["'\`]${PARAM}["'\`]`,
    // A pattern's braces hold the name (read ahead once; a brace ends the search, so no text is read twice).
    `\\{(?=[^{}]*?\\b${PARAM}\\b)[^{}]*\\}\\s*=\\s*(?:await\\s+)?[\\w.]*(?:${[...Object.keys(REQUEST_CONTAINERS), ...Object.keys(CONTAINER_CALLS)].join("|")})`,
    `\\b${CREDENTIAL_PARAMETER_NAME}\\b`,
  ].join("|"),
  "i",
);
const MIGHT_COMPARE = new LiteralGate(["==", "!=", ".includes(", ".has("]);
// Every alternative above needs one of these words: a literal gate before the costly regex.
const CREDENTIAL_WORD = new LiteralGate(["key", "token", "bearer", "authorization", "authorisation", "secret"], { ignoreCase: true });

const MAX_DEPTH = 8;

export default defineRule({
  meta: {
    id: "static-shared-key",
    title: "Shared static key or non-constant-time secret comparison",
    checklist: ["AU-2"],
    severity: "warning",
    cwe: ["CWE-798", "CWE-208"],
    description:
      "The caller's credential (an Authorization or x-api-key header, an apiKey or token parameter) is checked with === against a key written in the code, or against a secret with a comparison that is not constant-time. A static key is shared by every caller: it cannot tell users apart, cannot be revoked for one of them, and anyone who reads the source or the bundle has it. A plain === on a secret returns sooner the earlier the strings differ, which lets an attacker recover it byte by byte.",
    fix: "Authenticate users with sessions or signed tokens (JWT, OAuth) verified by a library. For a service secret, keep it in a server-only env var and compare it with crypto.timingSafeEqual on equal-length buffers (or on hashes of both).",
    example: {
      bad: 'if (req.headers["x-api-key"] !== "internal-demo-token") return res.status(401).end();',
      good: 'const presented = Buffer.from(String(req.headers["x-api-key"] ?? ""));\nconst expected = Buffer.from(process.env.INTERNAL_API_KEY ?? "");\nif (presented.length !== expected.length || !crypto.timingSafeEqual(presented, expected)) return res.status(401).end();',
    },
    precision: "medium",
    scope: "JS/TS code that reads a credential from a request (headers, query, body) and compares it; test files are not checked",
    eslint: true,
  },

  checkFile(file, context) {
    // A test's requests and assertions compare tokens it made up: no caller is being authenticated.
    if (!file.isCode || isTestFile(file.relPath) || !file.mayMatch(CREDENTIAL_WORD) || !file.mayMatch(MIGHT_COMPARE) || !MIGHT_READ_A_CREDENTIAL.test(file.text)) return;
    // The names above are often only written (`{ Authorization: "Bearer …" }` in a test): parse only where one is read or bound.
    if (!mightReadCredential(file.text)) return;
    const tree = file.syntaxTree(context.ts);
    if (!tree) return;
    const { ts } = context;
    walk(ts, tree, (node) => {
      if (ts.isBinaryExpression(node) && EQUALITY_OPERATORS.includes(node.operatorToken.getText())) checkComparison(ts, file, context, node);
      else if (ts.isCallExpression(node)) checkCall(ts, file, context, node);
    });
  },
});

interface Credential {
  /** `the x-api-key header`, `the apiKey query parameter`. */
  label: string;
}

type Expected =
  | { kind: "ignore" }
  | { kind: "static"; label: string; literal?: TsNode }
  | { kind: "secret"; label: string };

function checkComparison(ts: Ts, file: FileFacts, context: RuleContext, node: TsNode & { left: TsNode; right: TsNode; operatorToken: TsNode }): void {
  const sides: Array<[TsNode, TsNode]> = [
    [node.left, node.right],
    [node.right, node.left],
  ];
  for (const [mine, other] of sides) {
    let credential = credentialOf(ts, mine, 0);
    if (credential && credentialOf(ts, other, 0)) return; // two request values
    const expected = expectedOf(ts, other, 0);
    // `x === "Bearer " + SECRET`: whatever x is, it holds an Authorization header.
    if (!credential && expected && expected.kind !== "ignore" && AUTH_SCHEME_PREFIX.test(leadingText(ts, other) ?? "") && expectedOf(ts, mine, 0) === undefined) {
      credential = { label: "the Authorization header" };
    }
    if (!credential || !expected || expected.kind === "ignore") continue;
    context.judged();
    // Compared with a stored copy after its signature was checked: only a genuine token gets here.
    if (expected.kind === "secret" && signatureCheckedBefore(ts, node, mine)) return;
    const op = node.operatorToken.getText();
    if (expected.kind === "static") {
      if (expected.literal) maskLiteral(ts, file, expected.literal);
      context.report({
        file,
        start: node.getStart(),
        end: node.getEnd(),
        message: `${capitalise(credential.label)} is checked against ${expected.label}: one static key shared by every caller cannot tell users apart or be revoked for one of them, and anyone who reads the code has it.`,
        identity: `static\0${credential.label}\0${expected.label}`,
      });
    } else {
      context.report({
        file,
        start: node.getStart(),
        end: node.getEnd(),
        severity: "info",
        message: `${capitalise(credential.label)} is compared with ${expected.label} using ${op}, which is not constant-time: it returns sooner the earlier the strings differ. Use crypto.timingSafeEqual.`,
        identity: `timing\0${credential.label}\0${expected.label}`,
      });
    }
    return;
  }
}

/**
 * Was the token named by `presented` checked by a signature verification first: is the
 * comparison inside the callback of `jwt.verify(token, …, cb)`, or after a verification of
 * `token` earlier in its function?
 */
function signatureCheckedBefore(ts: Ts, comparison: TsNode, presented: TsNode): boolean {
  const token = unwrapExpression(ts, presented);
  if (!ts.isIdentifier(token)) return false;
  const verifies = (n: TsNode): n is TsNode & { arguments: readonly TsNode[] } => {
    if (!ts.isCallExpression(n) || !TOKEN_SIGNATURE_CHECKS.includes(calleeName(ts, n.expression) ?? "")) return false;
    const first = n.arguments[0] && unwrapExpression(ts, n.arguments[0]);
    return first !== undefined && ts.isIdentifier(first) && first.text === token.text;
  };
  const before = comparison.getStart();
  for (let fn = comparison.parent; fn; fn = fn.parent) {
    if (!ts.isFunctionLike(fn)) continue;
    if (fn.parent && verifies(fn.parent) && fn.parent.arguments.includes(fn)) return true;
    const body = (fn as { body?: TsNode }).body;
    let found = false;
    if (body) walk(ts, body, (n) => {
      if (!found && n.getEnd() <= before && verifies(n)) found = true;
    });
    if (found) return true;
  }
  return false;
}

/**
 * `VALID_KEYS.includes(key)`, `new Set(["a", "b"]).has(key)`: an allowlist of keys written in
 * the code. A credential handed to a comparison function (`timingSafeEqual`, `secureCompare`)
 * is judged too: that is the check done right.
 */
function checkCall(ts: Ts, file: FileFacts, context: RuleContext, node: TsNode & { expression: TsNode; arguments: readonly TsNode[] }): void {
  const callee = unwrapExpression(ts, node.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
  if (COMPARISON_FUNCTION.test(name)) {
    if (node.arguments.some((a) => credentialOf(ts, bufferOf(ts, a), 0))) context.judged();
    return;
  }
  if (!ts.isPropertyAccessExpression(callee) || !["includes", "has"].includes(callee.name.text) || node.arguments.length !== 1) return;
  const credential = credentialOf(ts, node.arguments[0]!, 0);
  if (!credential) return;
  const list = literalList(ts, callee.expression, 0);
  context.judged();
  if (!list) return;
  for (const literal of list.literals) maskLiteral(ts, file, literal);
  context.report({
    file,
    start: node.getStart(),
    end: node.getEnd(),
    message: `${capitalise(credential.label)} is checked against ${list.label}: static keys shared by callers cannot tell users apart or be revoked for one of them, and anyone who reads the code has them.`,
    identity: `static-list\0${credential.label}\0${list.label}`,
  });
}

/** Functions that compare secrets (constant-time ones, or the project's own helpers around them). */
const COMPARISON_FUNCTION = /timingSafeEqual|safeCompare|secureCompare|constantTime|compare|equals?$/i;

/** `Buffer.from(x)`, `encoder.encode(x)`, a variable holding one: the credential inside. */
function bufferOf(ts: Ts, expr: TsNode, depth = 0): TsNode {
  const node = unwrap(ts, expr);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ["from", "encode"].includes(node.expression.name.text) && node.arguments[0]) return node.arguments[0];
  if (ts.isIdentifier(node) && depth < 3) {
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind === "variable" && binding.init && binding.path.length === 0) {
      const inner = bufferOf(ts, binding.init, depth + 1);
      if (inner !== unwrap(ts, binding.init)) return inner;
    }
  }
  return node;
}

// --- the request side

function isCredentialHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return CREDENTIAL_HEADERS.includes(lower) || CREDENTIAL_HEADER_PATTERN.test(lower);
}

function isCredentialParam(name: string): boolean {
  return CREDENTIAL_PARAMS.includes(name.toLowerCase());
}

function credentialIn(container: "headers" | "query" | "body", name: string): Credential | undefined {
  if (container === "headers") return isCredentialHeader(name) ? { label: headerLabel(name) } : undefined;
  if (!isCredentialParam(name)) return undefined;
  return { label: container === "query" ? `the ${name} query parameter` : `the ${name} body field` };
}

function headerLabel(name: string): string {
  return name.toLowerCase() === "authorization" ? "the Authorization header" : `the ${name.toLowerCase()} header`;
}

/** Is this expression a credential carried by the request? */
function credentialOf(ts: Ts, expr: TsNode, depth: number): Credential | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(ts, expr);
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const name = memberName(ts, node);
    if (name !== undefined) {
      const container = containerOf(ts, node.expression, depth + 1);
      if (container) return credentialIn(container, name);
      // `header.split(" ")[1]`, `parts.at(-1)`
      if (/^\d+$/.test(name)) return credentialOf(ts, node.expression, depth + 1);
    }
    return undefined;
  }
  if (ts.isCallExpression(node)) {
    const callee = unwrap(ts, node.expression);
    const first = node.arguments[0] ? stringValue(ts, unwrap(ts, node.arguments[0])) : undefined;
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (first !== undefined && HEADER_GETTER_METHODS.includes(method) && isCredentialHeader(first)) return { label: headerLabel(first) };
      if (first !== undefined && QUERY_GETTER_METHODS.includes(method) && isCredentialParam(first)) {
        if (method !== "get" || containerOf(ts, callee.expression, depth + 1) === "query") return { label: `the ${first} query parameter` };
        return undefined;
      }
      if (CREDENTIAL_PRESERVING_METHODS.includes(method)) return credentialOf(ts, callee.expression, depth + 1);
      return undefined;
    }
    if (ts.isIdentifier(callee)) {
      const second = node.arguments[1] ? stringValue(ts, unwrap(ts, node.arguments[1])) : undefined;
      if (second !== undefined && HEADER_GETTER_FUNCTIONS.includes(callee.text) && isCredentialHeader(second)) return { label: headerLabel(second) };
      if (CREDENTIAL_PRESERVING_FUNCTIONS.includes(callee.text) && node.arguments[0]) return credentialOf(ts, node.arguments[0], depth + 1);
    }
    return undefined;
  }
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return credentialOf(ts, node.left, depth + 1);
    return undefined;
  }
  if (ts.isConditionalExpression(node)) return credentialOf(ts, node.whenTrue, depth + 1) ?? credentialOf(ts, node.whenFalse, depth + 1);
  if (ts.isIdentifier(node)) {
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind === "variable") {
      if (!binding.init) return undefined;
      if (binding.path.length === 0) return credentialOf(ts, binding.init, depth + 1);
      return credentialAtPath(ts, binding.init, binding.path, depth + 1);
    }
    if (binding?.kind === "parameter") return credentialParameter(ts, binding, depth + 1);
  }
  return undefined;
}

/** `const { authorization } = req.headers`, `const { headers: { authorization } } = req`, `const [, token] = auth.split(" ")`. */
function credentialAtPath(ts: Ts, init: TsNode, path: readonly string[], depth: number): Credential | undefined {
  if (path.every((p) => /^\d+$/.test(p))) return credentialOf(ts, init, depth);
  const container = containerOf(ts, init, depth);
  if (container && path.length === 1) return credentialIn(container, path[0]!);
  const nested = lookup(REQUEST_CONTAINERS, path[0]!);
  if (nested && path.length === 2) return credentialIn(nested, path[1]!);
  return undefined;
}

/** A parameter: what this file's callers pass to it, or its name when it names the credential. */
function credentialParameter(ts: Ts, binding: Extract<Binding, { kind: "parameter" }>, depth: number): Credential | undefined {
  if (binding.path.length === 0 && CREDENTIAL_PARAMETER.test(binding.name)) return { label: `the ${binding.name} parameter` };
  const name = functionName(ts, binding.fn);
  if (!name) return undefined;
  for (const call of callsOfName(ts, binding.fn.getSourceFile(), name)) {
    if (!ts.isCallExpression(call)) continue;
    const arg = call.arguments[binding.index];
    if (!arg) continue;
    const target = resolveName(ts, name, call);
    const fn = target?.kind === "function" ? target.node : target?.kind === "variable" && target.init ? unwrap(ts, target.init) : undefined;
    if (fn !== binding.fn) continue;
    const found = binding.path.length === 0 ? credentialOf(ts, arg, depth) : credentialAtPath(ts, arg, binding.path, depth);
    if (found) return found;
  }
  return undefined;
}

/** What kind of request data an expression holds: its headers, its query or its body. */
function containerOf(ts: Ts, expr: TsNode, depth: number): "headers" | "query" | "body" | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(ts, expr);
  if (ts.isPropertyAccessExpression(node)) return lookup(REQUEST_CONTAINERS, node.name.text);
  if (ts.isCallExpression(node)) {
    const callee = unwrap(ts, node.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (!name) return undefined;
    // `Object.fromEntries(url.searchParams)`
    if (name === "fromEntries" && node.arguments[0]) return containerOf(ts, node.arguments[0], depth + 1);
    // `c.req.query()`: every query parameter.
    if (name === "query" && node.arguments.length === 0 && ts.isPropertyAccessExpression(callee)) return "query";
    const kind = lookup(CONTAINER_CALLS, name);
    if (!kind) return undefined;
    // `req.json()`, `headers()` take nothing; `readBody(event)`, `getQuery(event)` take the event.
    if (ts.isPropertyAccessExpression(callee) ? node.arguments.length === 0 : true) return kind;
    return undefined;
  }
  if (ts.isIdentifier(node)) {
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind !== "variable" || !binding.init) return undefined;
    if (binding.path.length === 0) return containerOf(ts, binding.init, depth + 1);
    if (binding.path.length === 1) return lookup(REQUEST_CONTAINERS, binding.path[0]!);
  }
  return undefined;
}

// --- the other side

/** What the credential is compared with. Undefined when it cannot be told. */
function expectedOf(ts: Ts, expr: TsNode, depth: number): Expected | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(ts, expr);
  const literal = stringValue(ts, node);
  if (literal !== undefined) {
    const text = literal.trim();
    if (text === "" || NON_KEY_LITERALS.test(text) || literal.replace(AUTH_SCHEME_PREFIX, "").trim() === "") return { kind: "ignore" };
    return { kind: "static", label: "a key written in the code", literal: node };
  }
  if (node.kind === ts.SyntaxKind.NullKeyword || node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return { kind: "ignore" };
  if (ts.isNumericLiteral(node) || ts.isVoidExpression(node) || ts.isTypeOfExpression(node) || ts.isPrefixUnaryExpression(node) || ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node)) return { kind: "ignore" };
  if (ts.isIdentifier(node) && node.text === "undefined" && !resolveName(ts, "undefined", node)) return { kind: "ignore" };

  const env = envRead(ts, node);
  if (env) return { kind: "secret", label: env };

  if (ts.isTemplateExpression(node)) return combine(ts, [node.head.text, ...node.templateSpans.flatMap((s) => [s.expression, s.literal.text])], node, depth);
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken) return combine(ts, flattenPlus(ts, node), node, depth);
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
      const left = expectedOf(ts, node.left, depth + 1);
      const right = expectedOf(ts, node.right, depth + 1);
      if (right?.kind === "static" && left?.kind === "secret") return { kind: "static", label: `${left.label}, which falls back to a key written in the code`, literal: right.literal };
      if (left && left.kind !== "ignore") return left;
      return right?.kind === "static" ? right : left;
    }
    return undefined;
  }
  if (ts.isIdentifier(node)) {
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind === "variable") {
      if (binding.init && binding.path.length === 0) {
        const inner = expectedOf(ts, binding.init, depth + 1);
        if (inner?.kind === "static") return { ...inner, label: inner.label === "a key written in the code" ? `${node.text}, a key written in the code` : inner.label };
        if (inner?.kind === "secret") return { kind: "secret", label: inner.label === node.text ? inner.label : `${node.text} (${inner.label})` };
        return inner ?? (isSecretName(node.text) ? { kind: "secret", label: node.text } : undefined);
      }
      // `const { API_KEY } = process.env`
      if (binding.init && binding.path.length === 1 && envObject(ts, unwrap(ts, binding.init))) return { kind: "secret", label: `${envObject(ts, unwrap(ts, binding.init))}.${binding.path[0]}` };
      return isSecretName(node.text) ? { kind: "secret", label: node.text } : undefined;
    }
    if (binding?.kind === "import" && binding.specifier.startsWith("$env/")) return { kind: "secret", label: `${binding.imported} from ${binding.specifier}` };
    if (binding && isSecretName(node.text)) return { kind: "secret", label: node.text };
    return undefined;
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const name = memberName(ts, node);
    // `req.body.confirmPassword`: another value the caller sent, not a secret of the server.
    if (containerOf(ts, node.expression, depth + 1)) return undefined;
    return name !== undefined && isSecretName(name) ? { kind: "secret", label: node.getText() } : undefined;
  }
  if (ts.isCallExpression(node)) {
    // `config.get("API_KEY")`, `env("ADMIN_TOKEN")`
    const callee = unwrap(ts, node.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    const first = node.arguments[0] ? stringValue(ts, unwrap(ts, node.arguments[0])) : undefined;
    if (method && CONFIG_GETTER_METHODS.includes(method) && first !== undefined && isSecretName(first)) return { kind: "secret", label: node.getText() };
  }
  return undefined;
}

/** Parts of a template or `+` concatenation: all literal → static; any secret → secret. */
function combine(ts: Ts, parts: Array<string | TsNode>, whole: TsNode, depth: number): Expected | undefined {
  let allStatic = true;
  for (const part of parts) {
    if (typeof part === "string") continue;
    const value = expectedOf(ts, part, depth + 1);
    if (value?.kind === "secret") return { kind: "secret", label: whole.getText() };
    if (value?.kind !== "static") allStatic = false;
  }
  if (!allStatic) return undefined;
  const text = parts.map((p) => (typeof p === "string" ? p : (stringValue(ts, unwrap(ts, p)) ?? "x"))).join("");
  if (text.replace(AUTH_SCHEME_PREFIX, "").trim() === "") return { kind: "ignore" };
  return { kind: "static", label: "a key written in the code" };
}

function flattenPlus(ts: Ts, node: TsNode): Array<string | TsNode> {
  const n = unwrap(ts, node);
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...flattenPlus(ts, n.left), ...flattenPlus(ts, n.right)];
  const literal = stringValue(ts, n);
  return [literal ?? n];
}

/** The text a string expression starts with: `"Bearer " + x`, `` `Bearer ${x}` ``. */
function leadingText(ts: Ts, expr: TsNode): string | undefined {
  const node = unwrap(ts, expr);
  const literal = stringValue(ts, node);
  if (literal !== undefined) return literal;
  if (ts.isTemplateExpression(node)) return node.head.text;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return leadingText(ts, node.left);
  return undefined;
}

/** `process.env.X`, `process.env["X"]`, `import.meta.env.X`, `Bun.env.X`, `Deno.env.get("X")`, `env.X` from `$env/dynamic/private`. */
function envRead(ts: Ts, node: TsNode): string | undefined {
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const name = memberName(ts, node);
    const object = envObject(ts, unwrap(ts, node.expression));
    if (name !== undefined && object) return `${object}.${name}`;
  }
  if (ts.isCallExpression(node)) {
    const callee = unwrap(ts, node.expression);
    const first = node.arguments[0] ? stringValue(ts, unwrap(ts, node.arguments[0])) : undefined;
    if (first !== undefined && ts.isPropertyAccessExpression(callee) && callee.name.text === "get" && callee.expression.getText() === "Deno.env") return `Deno.env.get("${first}")`;
  }
  return undefined;
}

function envObject(ts: Ts, node: TsNode): string | undefined {
  const text = node.getText();
  if (text === "process.env" || text === "import.meta.env" || text === "Bun.env") return text;
  if (ts.isIdentifier(node)) {
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind === "import" && binding.specifier.startsWith("$env/")) return node.text;
  }
  return undefined;
}

/** `const KEYS = ["a", "b"]`, `new Set(["a", "b"])`, `new Set(KEYS)`: a list of keys written in the code. */
function literalList(ts: Ts, expr: TsNode, depth: number): { label: string; literals: TsNode[] } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(ts, expr);
  if (ts.isArrayLiteralExpression(node)) {
    const literals = node.elements.map((e) => unwrap(ts, e));
    if (literals.length === 0 || !literals.every((e) => stringValue(ts, e) !== undefined && !NON_KEY_LITERALS.test(stringValue(ts, e)!) && stringValue(ts, e) !== "")) return undefined;
    return { label: "a list of keys written in the code", literals };
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Set" && node.arguments?.[0]) return literalList(ts, node.arguments[0], depth + 1);
  if (ts.isIdentifier(node)) {
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind !== "variable" || !binding.init || binding.path.length) return undefined;
    const inner = literalList(ts, binding.init, depth + 1);
    return inner && { ...inner, label: `${node.text}, ${inner.label}` };
  }
  return undefined;
}

// --- helpers

/** A table entry by name, never an inherited one (`toString`, `constructor`). */
function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function unwrap(ts: Ts, node: TsNode): TsNode {
  let n = unwrapExpression(ts, node);
  while (ts.isAwaitExpression(n)) n = unwrapExpression(ts, n.expression);
  return n;
}

function memberName(ts: Ts, node: TsNode): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node)) {
    const arg = unwrap(ts, node.argumentExpression);
    if (ts.isStringLiteralLike(arg) || ts.isNumericLiteral(arg)) return arg.text;
    if (ts.isPrefixUnaryExpression(arg) && arg.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(arg.operand)) return arg.operand.text;
  }
  return undefined;
}

function functionName(ts: Ts, fn: TsNode): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** The key written in the code never shows in a snippet. */
function maskLiteral(ts: Ts, file: FileFacts, literal: TsNode): void {
  // Only a literal of this file (trees compared by identity: an adopted tree names its file its own way).
  if (literal.getSourceFile() !== file.syntaxTree(ts)) return;
  const start = literal.getStart() + 1;
  const end = literal.getEnd() - 1;
  if (end - start >= 4 && (ts.isStringLiteralLike(literal))) file.markSecret(start, end);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
