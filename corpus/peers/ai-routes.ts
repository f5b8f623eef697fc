/**
 * Turning a peer's route-handler test file into one whose handlers call a model, so that a
 * rate-limit test (CodeQL's "expensive route handler not rate limited") becomes a test of
 * AI routes. Every function shaped like a request handler, `(req, res)`, gets a model call
 * as its first statement; a middleware, which also takes `next`, is left as it is, so a
 * limiter stays a limiter. A client is created at the top of the file.
 *
 * Lines never move: every insertion stays on the line it is made on, so the peer's
 * annotations still mark the lines they were written on.
 */
import type { ts as TsNamespace } from "ts-morph";

type Ts = typeof TsNamespace;

/** The model call given to each handler (with a token cap, so only the route rules speak). */
export const MODEL_CALL = 'await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: "hi" }] });';

/** First parameter names that say "the request". */
const REQUEST_PARAMETERS: readonly string[] = ["req", "request"];

export interface AiRoutes {
  text: string;
  /** 1-based lines of the handlers given a model call (where each function starts). */
  handlers: number[];
}

interface Edit {
  at: number;
  text: string;
}

export function makeAiRoutes(ts: Ts, text: string, fileName: string): AiRoutes {
  const kind = /\.tsx?$/.test(fileName) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const edits: Edit[] = [];
  const handlers: number[] = [];
  const visit = (node: TsNamespace.Node): void => {
    if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)) && node.body && isHandler(ts, node)) {
      handlers.push(source.getLineAndCharacterOfPosition(node.getStart()).line + 1);
      if (!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) {
        const keyword = ts.isArrowFunction(node) ? node : node.getChildren().find((c) => c.kind === ts.SyntaxKind.FunctionKeyword);
        edits.push({ at: (keyword ?? node).getStart(), text: "async " });
      }
      if (ts.isBlock(node.body)) edits.push({ at: node.body.getStart() + 1, text: ` ${MODEL_CALL}` });
      else {
        // `(req, res) => res.send(x)`: a block that makes the call, then returns what the expression did.
        edits.push({ at: node.body.getStart(), text: `{ ${MODEL_CALL} return (` });
        edits.push({ at: node.body.getEnd(), text: "); }" });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const esm = source.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s));
  const client = esm ? 'import OpenAI from "openai"; const openai = new OpenAI(); ' : 'const OpenAI = require("openai"); const openai = new OpenAI(); ';
  edits.push({ at: 0, text: client });
  // From the end, so that earlier positions still hold; at one position, in the order made.
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.at - a.at || b.i - a.i);
  let out = text;
  for (const e of ordered) out = out.slice(0, e.at) + e.text + out.slice(e.at);
  return { text: out, handlers: handlers.sort((a, b) => a - b) };
}

function isHandler(ts: Ts, fn: TsNamespace.SignatureDeclaration): boolean {
  const [first, ...rest] = fn.parameters;
  return !!first && rest.length === 1 && ts.isIdentifier(first.name) && REQUEST_PARAMETERS.includes(first.name.text);
}
