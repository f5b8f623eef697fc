/**
 * Model endpoints whose host comes from the environment: `${process.env.OPENAI_BASE_URL}/chat/completions`,
 * `process.env.LLM_URL + "/v1/messages"`, `new URL("/api/generate", process.env.OLLAMA_HOST)`,
 * or an HTTP client made with `baseURL: process.env.LLM_BASE_URL` asked for `/v1/chat/completions`.
 * The host cannot be known, but the path names a model API (`knowledge/transport.ts`): such a
 * request is a model call whichever client sends it.
 */
import { unwrapExpression } from "../facts/ast.js";
import { mentionsAiProvider } from "../facts/secret-names.js";
import type { Ts, TsNode } from "../facts/typescript.js";
import { MODEL_API_PATHS, type ModelApiPath } from "../knowledge/transport.js";

/** An URL that starts with an env variable: its name and the known text after it (`\0` for unknown parts). */
export interface EnvUrl {
  env: string;
  path: string;
}

/** Pieces of an URL expression followed this deep (templates, `+`, constants). */
const MAX_DEPTH = 8;
const UNKNOWN = "\0";

/** Steps from a name in `file` to the expression it holds (a constant, here or exported by another file). */
export type FollowName = (name: TsNode, file: string) => { node: TsNode; file: string };

/** The env variable an URL expression (in `file`) starts with, and the text after it. */
export function envUrlOf(ts: Ts, expr: TsNode, file: string, follow: FollowName): EnvUrl | undefined {
  const parts = pieces(ts, expr, file, follow, 0);
  return parts?.env !== undefined ? { env: parts.env, path: parts.text } : undefined;
}

/**
 * The path an URL expression asks its host for: `${import.meta.env.VITE_API_URL}/api/chat`,
 * `API_BASE + "/api/chat"` and `"https://app.dev/api/chat"` all ask for `/api/chat`. The host
 * may be an env read, a constant or unknown; unknown parts of the path stay `\0`. Undefined
 * when no path can be read (`fetch(url)` of a parameter).
 */
export function requestPathOf(ts: Ts, expr: TsNode, file: string, follow: FollowName): string | undefined {
  const parts = pieces(ts, expr, file, follow, 0);
  if (!parts) return undefined;
  let text = parts.text;
  if (parts.env === undefined) {
    const origin = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*/i.exec(text);
    if (origin) text = text.slice(origin[0].length);
    // `${API_BASE}/api/chat` with a base the walk could not read: the path after it.
    else text = text.replace(/^\0+(?=\/)/, "");
  }
  if (!text.startsWith("/")) return undefined;
  return text.split(/[?#]/)[0]!;
}

/** The model API an env-based URL asks for, if its path names one. */
export function modelApiOnEnvBase(url: EnvUrl): ModelApiPath | undefined {
  const path = url.path.split("?")[0]!;
  // A path that other APIs use too (`/v1/messages`, Ollama's `/api/chat`) counts only when the variable names an AI provider.
  return MODEL_API_PATHS.find((p) => path.includes(p.path) && (!(p.port || p.shared) || mentionsAiProvider(url.env)));
}

interface Pieces {
  /** Set when the expression starts with an env read. */
  env?: string;
  text: string;
}

function pieces(ts: Ts, input: TsNode, at: string, follow: FollowName, depth: number): Pieces | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let node = unwrapExpression(ts, input);
  let file = at;
  if (ts.isIdentifier(node)) {
    const found = follow(node, file);
    node = unwrapExpression(ts, found.node);
    file = found.file;
  }
  const env = envName(ts, node);
  if (env) return { env, text: "" };
  // `config.llmBaseUrl` of `const config = { llmBaseUrl: process.env.LLM_BASE_URL }`.
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    const holder = follow(node.expression, file);
    const object = unwrapExpression(ts, holder.node);
    const name = node.name.text;
    const property = ts.isObjectLiteralExpression(object) ? object.properties.find((p) => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) && p.name.text === name) : undefined;
    return property && ts.isPropertyAssignment(property) ? pieces(ts, property.initializer, holder.file, follow, depth + 1) : { text: UNKNOWN };
  }
  if (ts.isStringLiteralLike(node)) return { text: node.text };
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    // `process.env.LLM_URL ?? "http://localhost:11434"`: the variable decides where requests go.
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return pieces(ts, node.left, file, follow, depth + 1);
    if (op === ts.SyntaxKind.PlusToken) return join(pieces(ts, node.left, file, follow, depth + 1), pieces(ts, node.right, file, follow, depth + 1) ?? { text: UNKNOWN });
    return undefined;
  }
  if (ts.isTemplateExpression(node)) {
    let result: Pieces | undefined = { text: node.head.text };
    for (const span of node.templateSpans) result = join(join(result, pieces(ts, span.expression, file, follow, depth + 1) ?? { text: UNKNOWN }), { text: span.literal.text });
    return result;
  }
  // `new URL("/api/generate", process.env.OLLAMA_HOST)`
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "URL" && node.arguments?.length === 2) {
    return join(pieces(ts, node.arguments[1]!, file, follow, depth + 1), pieces(ts, node.arguments[0]!, file, follow, depth + 1) ?? { text: UNKNOWN });
  }
  // `process.env.LLM_URL.replace(/\/$/, "")`, `.trim()`: the same base.
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ["replace", "trim", "toString"].includes(node.expression.name.text)) {
    return pieces(ts, node.expression.expression, file, follow, depth + 1);
  }
  return { text: UNKNOWN };
}

/** `a + b`: an env read counts only at the start. */
function join(left: Pieces | undefined, right: Pieces | undefined): Pieces | undefined {
  if (!left || !right) return undefined;
  if (left.env === undefined && left.text === "" && right.env !== undefined) return right;
  return { ...(left.env !== undefined ? { env: left.env } : {}), text: left.text + (right.env !== undefined ? UNKNOWN : right.text) };
}

/** `process.env.X`, `process.env["X"]`, `import.meta.env.X`, `Bun.env.X`, `Deno.env.get("X")`. */
function envName(ts: Ts, node: TsNode): string | undefined {
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "get" && isEnvObject(ts, node.expression.expression)) {
    const arg = node.arguments[0];
    return arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
  }
  if (ts.isPropertyAccessExpression(node) && isEnvObject(ts, node.expression)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && isEnvObject(ts, node.expression)) return node.argumentExpression.text;
  return undefined;
}

function isEnvObject(ts: Ts, node: TsNode): boolean {
  const n = unwrapExpression(ts, node);
  if (!ts.isPropertyAccessExpression(n) || n.name.text !== "env") return false;
  const base = n.expression;
  return (ts.isIdentifier(base) && ["process", "Bun", "Deno"].includes(base.text)) || (ts.isMetaProperty(base) && base.keywordToken === ts.SyntaxKind.ImportKeyword);
}
