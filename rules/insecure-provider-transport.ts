/**
 * TR-1: provider traffic that can be read or changed on the way: a model endpoint reached
 * over plain http:// (or ws://), and TLS certificate checks turned off.
 *
 * Detector (one file at a time, so it also runs in ESLint):
 * - Code that uses an AI package or names a provider host: endpoint options of AI clients
 *   (`baseURL`, `basePath`, `host`, `configuration.baseURL`… from `knowledge/transport.ts`),
 *   string arguments of AI constructors, and variables or properties named like an AI
 *   endpoint (`OPENAI_BASE_URL`), whose value is an http:// URL to a host that is not this
 *   machine. Values are followed through same-file constants, templates, `+`, `??`/`||`
 *   fallbacks, object properties and `new URL(path, base)`.
 * - Any code: a request (`fetch`, axios, a wrapper: the first argument) to a provider host
 *   or a model API path (`/v1/chat/completions`…) over http://, and any string that
 *   starts with http:// followed by a provider host.
 * - Any code: TLS switches set to accept every certificate (`rejectUnauthorized: false`,
 *   `strictSSL: false`, `checkServerIdentity: () => undefined`,
 *   `process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"`): these turn checks off for provider
 *   calls too, whatever file they sit in.
 * - Env files: `NODE_TLS_REJECT_UNAUTHORIZED=0`, and AI endpoint variables
 *   (`OPENAI_BASE_URL`, `OLLAMA_HOST`) or provider URLs over http://.
 * - package.json scripts, Dockerfiles, compose files, Procfiles, shell scripts:
 *   `NODE_TLS_REJECT_UNAUTHORIZED=0`.
 *
 * Findings sit on the value that is insecure: the URL literal (also when a constant holds
 * it and an option uses it further down), the TLS option, the env line. Severity: error
 * for TLS checks turned off and for public provider hosts over http://; warning for other
 * network hosts (a self-hosted gateway, Ollama on another box), which may sit on a private
 * network; info for both in test code and test env files.
 */
import { AI_PROVIDER_NAME_WORDS } from "../src/knowledge/env-vars.js";
import { defineRule, type RuleContext, type Severity } from "../src/engine/rule.js";
import { propertyNameText, unwrapExpression, walk } from "../src/facts/ast.js";
import { environmentOf } from "../src/facts/env-environments.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import { mentionsAiProvider } from "../src/facts/secret-names.js";
import type { Ts, TsNode } from "../src/facts/typescript.js";
import { PROVIDER_HOSTS } from "../src/knowledge/provider-hosts.js";
import {
  CLEARTEXT_SCHEMES,
  ENDPOINT_ENV_SUFFIXES,
  ENDPOINT_OPTIONS,
  LOCAL_HOSTS,
  MODEL_API_PATHS,
  TEST_PATHS,
  TLS_ENV_SETTING_FILES,
  TLS_OFF_ENV_VAR,
  TLS_SWITCHES,
  NON_HTTP_TLS_OPTION_KEYS,
  type TlsSwitch,
} from "../src/knowledge/transport.js";
import { isLoopbackHost, providerHost } from "../src/model/hosts.js";
import { packageName } from "../src/model/resolve.js";
import { resolveName } from "../src/model/scopes.js";
import { isAiPackage } from "../src/model/sdk-table.js";
import { matchesAnyGlob } from "../src/util/glob.js";
import { identifierWords } from "../src/util/text.js";
import { LiteralGate } from "../src/facts/literal-gates.js";
import { namesProviderHost } from "../src/facts/text-hints.js";

const CLEARTEXT_URL = new RegExp(`^(${CLEARTEXT_SCHEMES.join("|")}):\\/\\/`, "i");
const MIGHT_HOLD_CLEARTEXT_URL = new RegExp(`\\b(?:${CLEARTEXT_SCHEMES.join("|")}):\\/\\/`, "i");
// Literal gates (one shared pass per file): the file needs a closer look only if it names a TLS switch or a cleartext URL.
const MIGHT_SET_TLS = new LiteralGate(TLS_SWITCHES.map((s) => s.name));
const MIGHT_NAME_CLEARTEXT_URL = new LiteralGate(CLEARTEXT_SCHEMES.map((scheme) => ({ literal: `${scheme}://`, pattern: MIGHT_HOLD_CLEARTEXT_URL })), { ignoreCase: true });
// An AI name in an endpoint-like identifier (`OLLAMA_BASE_URL`, `openaiEndpoint`); short words ("ai", "co") would match anything.
const AI_ENDPOINT_WORDS = AI_PROVIDER_NAME_WORDS.filter((w) => w.length >= 4 || w === "llm" || w === "gpt");
const AI_NAMED_ENDPOINT = new RegExp(`(?:${AI_ENDPOINT_WORDS.join("|")})[\\w$]{0,64}?(?:url|endpoint|host|base|api)`, "i");
const NON_AI_ENDPOINT_HINT = new LiteralGate(
  [
    ...PROVIDER_HOSTS.map((h) => h.host.replace(/^[.-]/, "")),
    ...MODEL_API_PATHS.map((p) => p.path),
    ...AI_ENDPOINT_WORDS.map((word) => ({ literal: word, pattern: AI_NAMED_ENDPOINT })),
  ],
  { ignoreCase: true },
);
const isTestFile = matchesAnyGlob(TEST_PATHS);
const ENDPOINT_OPTION_NAMES = new Set(ENDPOINT_OPTIONS);
const ENDPOINT_SUFFIX_WORDS = ENDPOINT_ENV_SUFFIXES.map((s) => s.toLowerCase().split("_"));
const TLS_SWITCH_BY_NAME = new Map(TLS_SWITCHES.map((s) => [s.name, s]));
const NON_HTTP_TLS_KEYS: ReadonlySet<string> = new Set(NON_HTTP_TLS_OPTION_KEYS);
// `NODE_TLS_REJECT_UNAUTHORIZED=0`, `: "0"`, Dockerfile `ENV NODE_TLS_REJECT_UNAUTHORIZED 0`.
const TLS_OFF_SETTING = new RegExp(`${TLS_OFF_ENV_VAR}["']?(?:\\s*[=:]\\s*|[ \\t]+)["']?0(?![\\w.])`, "g");

/** A string expression's possible values: `\0` stands for a part that cannot be known. */
interface Alternative {
  text: string;
  /** The literal where the URL's scheme is written (where the fix goes). */
  origin: TsNode;
}

const UNKNOWN = "\u0000";
const MAX_DEPTH = 8;
const MAX_ALTERNATIVES = 8;

/** An http:// URL whose host could be read, and that leaves the machine. */
interface CleartextUrl {
  scheme: string;
  host: string;
  /** Without credentials, query or fragment. */
  shown: string;
  /** Offsets within the URL text that must never be shown (userinfo, query). */
  hidden: Array<[number, number]>;
  /** The public provider the host belongs to, if any. */
  provider?: string;
  /** The model API its path names, if any. */
  api?: string;
  /** The URL as resolved (`\0` for unknown parts). */
  text: string;
}

export default defineRule({
  meta: {
    id: "insecure-provider-transport",
    title: "Model provider reached over plain HTTP or without certificate checks",
    checklist: ["TR-1"],
    severity: "error",
    cwe: ["CWE-319", "CWE-295"],
    owaspLlm: { "2025": "LLM02", "2026": "LLM02" },
    description:
      "The app talks to a model over a connection that anyone on the network path can read and change: a provider or gateway endpoint configured with http:// (or ws://) to a host that is not this machine, or TLS certificate checks turned off (rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED=0, a checkServerIdentity that accepts everything). Prompts, model outputs and the API key then travel in clear text, or to whoever can pose as the provider. TLS switched off is an error wherever it is set, since it covers provider calls too; http:// to a public provider host is an error, to another host (a self-hosted gateway, Ollama on another machine) a warning, as it may stay on a private network. Loopback endpoints (localhost, 127.0.0.0/8, [::1], 0.0.0.0, *.localhost, host.docker.internal) are not findings. In test files, TLS switched off is reported as info and URLs (test data) are not checked; test env files are reported as info.",
    fix: "Use https:// for every provider and gateway endpoint (terminate TLS in front of a self-hosted gateway or model server, or reach it on localhost only), and keep certificate checks on: remove rejectUnauthorized: false / NODE_TLS_REJECT_UNAUTHORIZED=0 and trust a private CA with the `ca` option or NODE_EXTRA_CA_CERTS instead.",
    example: {
      bad: 'const openai = new OpenAI({\n  baseURL: "http://llm-gateway.internal:8080/v1",\n  httpAgent: new https.Agent({ rejectUnauthorized: false }),\n});',
      good: 'const openai = new OpenAI({\n  baseURL: "https://llm-gateway.internal/v1",\n  httpAgent: new https.Agent({ ca: readFileSync(process.env.GATEWAY_CA_FILE!) }),\n});',
    },
    precision: "medium",
    scope: "JS/TS code (endpoints in files that use an AI package or name a provider host; TLS settings everywhere), env files, and the package.json scripts, Dockerfiles, compose files, Procfiles and shell scripts that set NODE_TLS_REJECT_UNAUTHORIZED",
    eslint: true,
  },

  checkFile(file, context) {
    if (file.kind === "env") checkEnvFile(file, context);
    else if (file.isCode) checkCode(file, context);
    else if (TLS_ENV_SETTING_FILES.some((pattern) => pattern.test(file.baseName))) checkSettingFile(file, context);
  },
});

// --- code

interface CodeCheck {
  ts: Ts;
  file: FileFacts;
  context: RuleContext;
  aiFile: boolean;
  severityOverride: Severity | undefined;
  /** Origins already reported (a constant used by two options is one finding). */
  reported: Set<number>;
}

function checkCode(file: FileFacts, context: RuleContext): void {
  // One pass over the text decides whether the file needs a closer look at all.
  const mightSetTls = file.mayMatch(MIGHT_SET_TLS);
  const aiFile = usesAi(file);
  // Outside AI code a plain-http URL matters only next to a provider host, a model API path or
  // an AI name (schema URIs like `http://json-schema.org/…` are everywhere and parse for nothing).
  // A URL in a test file is test data (a mock server, a fixture's link), not the app's transport.
  const mightHoldUrl = !isTestFile(file.relPath) && file.mayMatch(MIGHT_NAME_CLEARTEXT_URL) && (aiFile || file.mayMatch(NON_AI_ENDPOINT_HINT)) && mayWriteRemoteCleartextUrl(file.text);
  if (!mightSetTls && !mightHoldUrl) {
    if (aiFile) context.judged();
    return;
  }
  const tree = file.syntaxTree(context.ts);
  if (!tree) return;
  const { ts } = context;
  const check: CodeCheck = { ts, file, context, aiFile, severityOverride: isTestFile(file.relPath) ? "info" : undefined, reported: new Set() };
  let sawTlsSetting = false;
  const providerLiterals: TsNode[] = [];
  walk(ts, tree, (node) => {
    if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
      const name = propertyNameText(ts, node.name);
      if (name === undefined) return;
      const value = ts.isPropertyAssignment(node) ? node.initializer : node.name;
      if (mightSetTls && checkTlsSetting(check, name, value, node)) sawTlsSetting = true;
      if (mightHoldUrl && isEndpointName(name, aiFile)) checkEndpoint(check, value, node, `the ${name} option`);
    } else if (ts.isBinaryExpression(node) && isAssignment(ts, node.operatorToken.kind)) {
      const name = assignedName(ts, node.left);
      if (name === undefined) return;
      if (mightSetTls && checkTlsSetting(check, name, node.right, node)) sawTlsSetting = true;
      if (mightHoldUrl && isEndpointName(name, aiFile)) checkEndpoint(check, node.right, node, name);
    } else if (mightHoldUrl && ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isEndpointName(node.name.text, false)) {
      checkEndpoint(check, node.initializer, node, node.name.text);
    } else if (mightHoldUrl && (ts.isCallExpression(node) || ts.isNewExpression(node))) {
      checkCall(check, node);
    } else if (mightHoldUrl && (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node))) {
      providerLiterals.push(node);
    }
  });
  // Any string that starts with http:// and a provider host, wherever it goes.
  for (const literal of providerLiterals) {
    const text = ts.isTemplateExpression(literal) ? literal.head.text + UNKNOWN : (literal as TsNode & { text: string }).text;
    const url = cleartextUrl(text);
    if (url?.provider) report(check, url, literal, undefined, `${url.shown} reaches ${url.provider} over plain ${url.scheme}://`);
  }
  if (aiFile || sawTlsSetting) context.judged();
}

const CLEARTEXT_SCHEME_AT = new RegExp(`\\b(?:${CLEARTEXT_SCHEMES.join("|")}):`, "gi");
/** Characters of a URL's authority as written in the text (`user:pw@host:port`, `[::1]`). */
const AUTHORITY_CHAR = /[\w.~:@[\]%-]/;

/**
 * Can the text spell an http:// URL to a host that is not this machine? Only when every
 * `http:` (`ws:`) is followed by `//`, a host that is local, and the end of that host in the
 * text (`/`, `?`, `#`, or the literal's closing quote with no `+` after it) is it sure not to:
 * a host cut short (`http://${host}`, `"http://localhost" + suffix`, an escape) may be anything.
 */
function mayWriteRemoteCleartextUrl(text: string): boolean {
  CLEARTEXT_SCHEME_AT.lastIndex = 0;
  for (let m = CLEARTEXT_SCHEME_AT.exec(text); m; m = CLEARTEXT_SCHEME_AT.exec(text)) {
    let i = m.index + m[0].length;
    if (text.slice(i, i + 2) !== "//") return true;
    i += 2;
    const start = i;
    while (i < text.length && AUTHORITY_CHAR.test(text[i]!)) i++;
    const end = text[i];
    const authority = text.slice(start, i);
    if (end === '"' || end === "'" || end === "`") {
      if (/^\s*\+/.test(text.slice(i + 1, i + 64))) return true;
    } else if (end === "$" && text[i + 1] === "{") {
      // `http://localhost:${port}`: only a port may follow the host.
      if (!/^[^:@]+:$/.test(authority)) return true;
    } else if (end !== "/" && end !== "?" && end !== "#") return true;
    const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
    const host = (hostPort.startsWith("[") ? hostPort.slice(0, hostPort.indexOf("]") + 1) : hostPort.replace(/:.*$/s, "")).toLowerCase();
    if (!host || !isLocalHost(host)) return true;
  }
  return false;
}

/** The file imports an AI package or names a provider's host. */
function usesAi(file: FileFacts): boolean {
  // The import scan is shared with the import graph: no extra pass over the text.
  if (file.header.imports.some((i) => !i.typeOnly && (isAiPackage(i.specifier) || isAiPackage(packageName(i.specifier))))) return true;
  return namesProviderHost(file);
}


/** An AI client's endpoint option (in AI files), or a name that says it holds an AI endpoint (`OPENAI_BASE_URL`, `llmBaseUrl`). */
function isEndpointName(name: string, aiFile: boolean): boolean {
  if (aiFile && ENDPOINT_OPTION_NAMES.has(name)) return true;
  const words = identifierWords(name);
  return ENDPOINT_SUFFIX_WORDS.some((suffix) => endsWithWords(words, suffix)) && mentionsAiProvider(name);
}

function endsWithWords(words: readonly string[], suffix: readonly string[]): boolean {
  if (words.length <= suffix.length) return false;
  return suffix.every((w, i) => words[words.length - suffix.length + i] === w);
}

function isAssignment(ts: Ts, kind: number): boolean {
  return kind === ts.SyntaxKind.EqualsToken || kind === ts.SyntaxKind.QuestionQuestionEqualsToken || kind === ts.SyntaxKind.BarBarEqualsToken;
}

/** `x.rejectUnauthorized = …`, `process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = …`. */
function assignedName(ts: Ts, left: TsNode): string | undefined {
  const target = unwrapExpression(ts, left);
  if (ts.isPropertyAccessExpression(target)) return target.name.text;
  if (ts.isElementAccessExpression(target) && ts.isStringLiteralLike(target.argumentExpression)) return target.argumentExpression.text;
  return undefined;
}

/** Where a URL value is used: an endpoint option or variable. */
function checkEndpoint(check: CodeCheck, value: TsNode, use: TsNode, label: string): void {
  for (const alternative of alternatives(check.ts, value, 0)) {
    const url = cleartextUrl(alternative.text);
    if (!url) continue;
    const target = url.provider ? `${url.provider}` : `${url.host}, which is not this machine`;
    report(check, url, alternative.origin, use, `${capitalise(label)} is ${url.shown}: plain ${url.scheme}:// to ${target}`);
  }
}

/**
 * A request: the first argument (or its `url`) of any call to a provider host or a model API
 * path over http://. In AI files, string arguments of AI constructors are endpoints too
 * (`new OpenAIClient("http://…", credential)`).
 */
function checkCall(check: CodeCheck, node: TsNode & { expression: TsNode; arguments?: readonly TsNode[] }): void {
  const { ts } = check;
  const args = node.arguments ?? [];
  if (check.aiFile && isAiConstructor(ts, node.expression)) {
    for (const arg of args) if (!ts.isObjectLiteralExpression(unwrapExpression(ts, arg))) checkEndpoint(check, arg, node, "the endpoint of this AI client");
  }
  const first = args[0] ? unwrapExpression(ts, args[0]) : undefined;
  if (!first) return;
  const urlArg = ts.isObjectLiteralExpression(first) ? propertyValue(ts, first, "url") : first;
  if (!urlArg) return;
  for (const alternative of alternatives(ts, urlArg, 0)) {
    const url = cleartextUrl(alternative.text);
    if (!url || (!url.provider && !url.api)) continue;
    const target = url.provider ?? `the ${url.api} on ${url.host}, which is not this machine`;
    report(check, url, alternative.origin, node, `This request goes to ${url.shown}: plain ${url.scheme}:// to ${target}`);
  }
}

/** `new OpenAI(…)`, `createOpenAI(…)`, `new ns.Ollama(…)`: the callee is imported from an AI package. */
function isAiConstructor(ts: Ts, callee: TsNode): boolean {
  const expr = unwrapExpression(ts, callee);
  const root = ts.isPropertyAccessExpression(expr) ? unwrapExpression(ts, expr.expression) : expr;
  if (!ts.isIdentifier(root)) return false;
  const binding = resolveName(ts, root.text, root);
  if (binding?.kind === "import") return isAiPackage(binding.specifier) || isAiPackage(packageName(binding.specifier));
  // `const { OpenAI } = require("openai")`
  if (binding?.kind === "variable" && binding.init) {
    const init = unwrapExpression(ts, binding.init);
    if (ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require" && init.arguments[0] && ts.isStringLiteralLike(init.arguments[0])) {
      const specifier = init.arguments[0].text;
      return isAiPackage(specifier) || isAiPackage(packageName(specifier));
    }
  }
  return false;
}

function report(check: CodeCheck, url: CleartextUrl, origin: TsNode, use: TsNode | undefined, what: string): void {
  const { file, context } = check;
  // A constant resolved into another file is reported there, not here (trees compared by identity:
  // a tree another parser built, adopted in ESLint, names its file its own way).
  if (origin.getSourceFile() !== file.syntaxTree(check.ts)) return;
  const start = origin.getStart();
  if (check.reported.has(start)) return;
  check.reported.add(start);
  hideUrlSecrets(file, origin, url);
  // A constant reported where it is written: say where it is used.
  const useLine = use ? file.positionAt(use.getStart()).line : undefined;
  const where = useLine !== undefined && useLine !== file.positionAt(start).line ? ` (used at line ${useLine})` : "";
  context.report({
    file,
    start,
    end: origin.getEnd(),
    severity: check.severityOverride ?? (url.provider ? "error" : "warning"),
    message: `${what}${where}. ${CLEARTEXT_RISK}`,
    identity: `cleartext\0${url.host}`,
  });
}

const CLEARTEXT_RISK = "Prompts, outputs and the API key cross the network unencrypted, readable and changeable by anyone on the path.";

/** Userinfo and query strings may hold credentials: mask them in every snippet. */
function hideUrlSecrets(file: FileFacts, origin: TsNode, url: CleartextUrl): void {
  const raw = origin.getText();
  const base = origin.getStart();
  for (const [from, to] of url.hidden) {
    for (const piece of url.text.slice(from, to).split(UNKNOWN)) {
      const at = piece ? raw.indexOf(piece) : -1;
      if (at >= 0) file.markSecret(base + at, base + at + piece.length);
    }
  }
}

// --- TLS switches in code

/** Reports a TLS switch set to accept every certificate; true when the name is a TLS switch at all. */
function checkTlsSetting(check: CodeCheck, name: string, value: TsNode, node: TsNode): boolean {
  const tlsSwitch = TLS_SWITCH_BY_NAME.get(name);
  if (!tlsSwitch) return false;
  if (!turnsChecksOff(check.ts, tlsSwitch, value, 0) || configuresNonHttpConnection(check.ts, node)) return true;
  const shown = tlsSwitch.off === "zero" ? `${name}=0` : tlsSwitch.off === "false" ? `${name}: false` : `A ${name} that accepts every certificate`;
  check.context.report({
    file: check.file,
    start: node.getStart(),
    end: node.getEnd(),
    severity: check.severityOverride ?? "error",
    message: `${shown} turns TLS certificate checks off for ${tlsSwitch.scope}. Anyone on the network path can pose as the provider and read or change prompts, outputs and the API key.`,
    identity: `tls\0${name}`,
  });
  return true;
}

/** `ssl: { rejectUnauthorized: false }`: the option sits in a database or broker driver's TLS settings, not an HTTP client's. */
function configuresNonHttpConnection(ts: Ts, setting: TsNode): boolean {
  const options = setting.parent;
  if (!options || !ts.isObjectLiteralExpression(options)) return false;
  // `ssl: isProd ? { rejectUnauthorized: false } : false`, `ssl: useSsl && { … }`: the value is one branch of the option.
  let value: TsNode = options;
  while (value.parent && (ts.isParenthesizedExpression(value.parent) || (ts.isConditionalExpression(value.parent) && value.parent.condition !== value) || (ts.isBinaryExpression(value.parent) && value.parent.right === value))) value = value.parent;
  const holder = value.parent;
  if (!holder || !ts.isPropertyAssignment(holder) || holder.initializer !== value) return false;
  const key = propertyNameText(ts, holder.name);
  return key !== undefined && NON_HTTP_TLS_KEYS.has(key);
}

function turnsChecksOff(ts: Ts, tlsSwitch: TlsSwitch, expr: TsNode, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = unwrapExpression(ts, expr);
  if (ts.isIdentifier(node)) {
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind === "variable" && binding.init && binding.path.length === 0) return turnsChecksOff(ts, tlsSwitch, binding.init, depth + 1);
    if (binding?.kind === "function") return tlsSwitch.off === "accept-all" && acceptsEverything(ts, binding.node);
    return false;
  }
  switch (tlsSwitch.off) {
    case "false":
      return node.kind === ts.SyntaxKind.FalseKeyword || (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken && (ts.isNumericLiteral(node.operand) ? node.operand.text !== "0" : node.operand.kind === ts.SyntaxKind.TrueKeyword));
    case "zero":
      return (ts.isNumericLiteral(node) || ts.isStringLiteralLike(node)) && node.text.trim() === "0";
    case "accept-all":
      return (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && acceptsEverything(ts, node);
  }
}

/** `() => undefined`, `() => {}`, `function () { return null; }`: no certificate is ever refused. */
function acceptsEverything(ts: Ts, fn: TsNode & { body?: TsNode }): boolean {
  const body = fn.body;
  if (!body) return false;
  if (!ts.isBlock(body)) return isNothing(ts, body);
  return body.statements.every((s) => ts.isEmptyStatement(s) || (ts.isReturnStatement(s) && (!s.expression || isNothing(ts, s.expression))));
}

function isNothing(ts: Ts, expr: TsNode): boolean {
  const node = unwrapExpression(ts, expr);
  return node.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(node) || (ts.isIdentifier(node) && node.text === "undefined");
}

// --- string values

/** What a string expression can hold, followed through this file's constants. */
function alternatives(ts: Ts, expr: TsNode, depth: number): Alternative[] {
  if (depth > MAX_DEPTH) return [];
  let node = unwrapExpression(ts, expr);
  while (ts.isAwaitExpression(node)) node = unwrapExpression(ts, node.expression);
  if (ts.isStringLiteralLike(node)) return [{ text: node.text, origin: node }];
  if (ts.isTemplateExpression(node)) {
    const parts: Array<Alternative[]> = [[{ text: node.head.text, origin: node }]];
    for (const span of node.templateSpans) parts.push(orUnknown(alternatives(ts, span.expression, depth + 1), span.expression), [{ text: span.literal.text, origin: node }]);
    return concatenate(parts);
  }
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken) return concatenate([node.left, node.right].map((side) => orUnknown(alternatives(ts, side, depth + 1), side)));
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return [...alternatives(ts, node.left, depth + 1), ...alternatives(ts, node.right, depth + 1)].slice(0, MAX_ALTERNATIVES);
    return [];
  }
  if (ts.isConditionalExpression(node)) return [...alternatives(ts, node.whenTrue, depth + 1), ...alternatives(ts, node.whenFalse, depth + 1)].slice(0, MAX_ALTERNATIVES);
  if (ts.isIdentifier(node)) return identifierAlternatives(ts, node, depth);
  const member = memberAccess(ts, node);
  if (member) {
    const { name } = member;
    if (name === "href") return alternatives(ts, member.object, depth + 1);
    const object = objectLiteralOf(ts, member.object, depth + 1);
    const value = object && propertyValue(ts, object, name);
    return value ? alternatives(ts, value, depth + 1) : [];
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "URL" && node.arguments?.[0]) return urlConstructorAlternatives(ts, node.arguments, depth);
  if (ts.isCallExpression(node)) {
    const callee = unwrapExpression(ts, node.expression);
    // `String(url)`, `url.toString()`, `base.trim()` keep the URL (`replace` may well change the scheme).
    if (ts.isIdentifier(callee) && callee.text === "String" && node.arguments[0]) return alternatives(ts, node.arguments[0], depth + 1);
    if (ts.isPropertyAccessExpression(callee) && ["toString", "trim", "toLowerCase"].includes(callee.name.text)) return alternatives(ts, callee.expression, depth + 1);
  }
  return [];
}

/** `a.b`, `a["b"]`: the object and the member's name. */
function memberAccess(ts: Ts, node: TsNode): { object: TsNode; name: string } | undefined {
  if (ts.isPropertyAccessExpression(node)) return { object: node.expression, name: node.name.text };
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return { object: node.expression, name: node.argumentExpression.text };
  return undefined;
}

function identifierAlternatives(ts: Ts, node: TsNode & { text: string }, depth: number): Alternative[] {
  const binding = resolveName(ts, node.text, node);
  if (binding?.kind !== "variable" || !binding.init) return [];
  if (binding.path.length === 0) return alternatives(ts, binding.init, depth + 1);
  // `const { baseURL } = config` where config is an object literal of this file.
  let object = objectLiteralOf(ts, binding.init, depth + 1);
  for (const [i, key] of binding.path.entries()) {
    const value = object && propertyValue(ts, object, key);
    if (!value) return [];
    if (i === binding.path.length - 1) return alternatives(ts, value, depth + 1);
    object = objectLiteralOf(ts, value, depth + 1);
  }
  return [];
}

/** `new URL("/v1", BASE)`: the first argument when it is absolute, else joined to the base. */
function urlConstructorAlternatives(ts: Ts, args: readonly TsNode[], depth: number): Alternative[] {
  const paths = alternatives(ts, args[0]!, depth + 1);
  if (!args[1]) return paths;
  const out = paths.filter((p) => HAS_SCHEME.test(p.text));
  const relative = paths.filter((p) => !HAS_SCHEME.test(p.text)).map((p) => p.text);
  for (const base of alternatives(ts, args[1], depth + 1)) {
    for (const path of relative.length ? relative : [UNKNOWN]) out.push({ text: `${base.text.replace(/\/$/, "")}/${path.replace(/^\//, "")}`, origin: base.origin });
  }
  return out.slice(0, MAX_ALTERNATIVES);
}

const HAS_SCHEME = /^[a-z][a-z+.-]*:/i;

/** The object literal an expression holds in this file (`config`, `settings.llm`). */
function objectLiteralOf(ts: Ts, expr: TsNode, depth: number): (TsNode & { properties: readonly TsNode[] }) | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrapExpression(ts, expr);
  if (ts.isObjectLiteralExpression(node)) return node;
  if (ts.isIdentifier(node)) {
    const binding = resolveName(ts, node.text, node);
    if (binding?.kind === "variable" && binding.init && binding.path.length === 0) return objectLiteralOf(ts, binding.init, depth + 1);
  }
  if (ts.isPropertyAccessExpression(node)) {
    const outer = objectLiteralOf(ts, node.expression, depth + 1);
    const value = outer && propertyValue(ts, outer, node.name.text);
    return value ? objectLiteralOf(ts, value, depth + 1) : undefined;
  }
  return undefined;
}

/** A property's value in an object literal (the last one wins, as at run time). */
function propertyValue(ts: Ts, object: TsNode & { properties: readonly TsNode[] }, name: string): TsNode | undefined {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const p = object.properties[i]!;
    if (ts.isPropertyAssignment(p) && propertyNameText(ts, p.name) === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

function orUnknown(found: Alternative[], node: TsNode): Alternative[] {
  return found.length ? found : [{ text: UNKNOWN, origin: node }];
}

/** Every combination of the parts' alternatives (bounded); the origin is the part that starts the text. */
function concatenate(parts: Array<Alternative[]>): Alternative[] {
  let out: Array<{ text: string; origin?: TsNode }> = [{ text: "" }];
  for (const part of parts) {
    const next: Array<{ text: string; origin?: TsNode }> = [];
    for (const left of out) for (const right of part) if (next.length < MAX_ALTERNATIVES) next.push({ text: left.text + right.text, origin: left.origin ?? (right.text ? right.origin : undefined) });
    out = next;
  }
  return out.filter((a): a is Alternative => a.origin !== undefined);
}

// --- URLs

/**
 * An http:// (or ws://) URL to a host that is not this machine, when the host can be read:
 * it must be followed by `:port`, a path, a query, or the end of a fully known text.
 */
function cleartextUrl(text: string): CleartextUrl | undefined {
  const scheme = CLEARTEXT_URL.exec(text)?.[1]?.toLowerCase();
  if (!scheme) return undefined;
  const afterScheme = scheme.length + 3;
  const authorityEnd = firstIndex(text, ["/", "?", "#"], afterScheme);
  const authority = text.slice(afterScheme, authorityEnd);
  const at = authority.lastIndexOf("@");
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  // The host must be known to its end: `http://gw${suffix}` could be anything.
  // `[::1]:8000`: an IPv6 address keeps its brackets.
  const host = (hostPort.startsWith("[") ? hostPort.slice(0, hostPort.indexOf("]") + 1) : hostPort.replace(/:.*$/s, "")).toLowerCase();
  if (!host || host.includes(UNKNOWN)) return undefined;
  if (isLocalHost(host)) return undefined;
  const port = /^(?:\[[^\]]*\]|[^:]*):(\d+)/.exec(hostPort)?.[1];
  const path = text.slice(authorityEnd).replace(/[?#].*$/s, "");
  const hidden: Array<[number, number]> = [];
  if (at >= 0) hidden.push([afterScheme, afterScheme + at]);
  const query = text.indexOf("?", authorityEnd);
  if (query >= 0) hidden.push([query + 1, text.length]);
  const shownHost = port ? `${host}:${port}` : host;
  const shown = `${scheme}://${at >= 0 ? "***@" : ""}${shownHost}${path.replaceAll(UNKNOWN, "…")}${query >= 0 ? "?…" : ""}`;
  const known = providerHost(shownHost);
  const api = MODEL_API_PATHS.find((p) => path.includes(p.path) && (!p.port || p.port === port))?.api;
  return { scheme, host, shown, hidden, text, ...(known && !known.local ? { provider: known.provider } : {}), ...(api ? { api } : {}) };
}

function firstIndex(text: string, chars: readonly string[], from: number): number {
  const found = chars.map((c) => text.indexOf(c, from)).filter((i) => i >= 0);
  return found.length ? Math.min(...found) : text.length;
}

function isLocalHost(host: string): boolean {
  if (isLoopbackHost(host)) return true;
  return LOCAL_HOSTS.some((local) => (local.startsWith(".") ? host.endsWith(local) || host === local.slice(1) : host === local));
}

// --- env files and other settings files

function checkEnvFile(file: FileFacts, context: RuleContext): void {
  const severityOverride: Severity | undefined = environmentOf(file.relPath) === "test" || isTestFile(file.relPath) ? "info" : undefined;
  let judged = false;
  for (const entry of file.envEntries) {
    if (entry.name === TLS_OFF_ENV_VAR) {
      judged = true;
      if (entry.value.trim() === "0") reportTlsEnv(file, context, entry.nameStart, entry.valueEnd, severityOverride);
      continue;
    }
    const aiName = isEndpointName(entry.name, false);
    if (aiName || mentionsAiProvider(entry.name)) judged = true;
    const url = cleartextUrl(entry.value);
    if (!url || (!url.provider && !aiName)) continue;
    for (const [from, to] of url.hidden) file.markSecret(entry.valueStart + from, entry.valueStart + to);
    context.report({
      file,
      start: entry.nameStart,
      end: entry.valueEnd,
      severity: severityOverride ?? (url.provider ? "error" : "warning"),
      message: `${entry.name} is ${url.shown}: plain ${url.scheme}:// to ${url.provider ?? `${url.host}, which is not this machine`}. ${CLEARTEXT_RISK}`,
      identity: `cleartext-env\0${entry.name}`,
    });
  }
  if (judged) context.judged();
}

/** package.json scripts, Dockerfiles, compose files, Procfiles, shell scripts. */
function checkSettingFile(file: FileFacts, context: RuleContext): void {
  if (!file.text.includes(TLS_OFF_ENV_VAR)) return;
  context.judged();
  TLS_OFF_SETTING.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TLS_OFF_SETTING.exec(file.text))) {
    const line = file.lineText(file.positionAt(m.index).line);
    if (/^\s*#/.test(line)) continue; // commented out
    reportTlsEnv(file, context, m.index, m.index + m[0].length, isTestFile(file.relPath) ? "info" : undefined);
  }
}

function reportTlsEnv(file: FileFacts, context: RuleContext, start: number, end: number, severityOverride: Severity | undefined): void {
  context.report({
    file,
    start,
    end,
    severity: severityOverride ?? "error",
    message: `${TLS_OFF_ENV_VAR}=0 turns TLS certificate checks off for every HTTPS request the Node process makes, provider calls included. Anyone on the network path can pose as the provider and read or change prompts, outputs and the API key.`,
    identity: `tls-env\0${TLS_OFF_ENV_VAR}`,
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
