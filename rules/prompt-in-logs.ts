/**
 * LG-2: the prompt a model call is given written to the logs.
 *
 * Detector: every log call of the project (`src/model/flow/sinks.ts`, shapes in
 * `src/knowledge/log-sinks.ts`) with its arguments traced back by the prompt-values tracker
 * (`PromptValues` in `src/model/flow/oracles.ts`): the variables and parameters a model call
 * gets as its messages, system prompt, prompt string or whole options object, also a raw
 * request's body fields, the values a user turn is written from (`content: req.body.question`,
 * `` `Recommend: ${wish}` ``), by name or member path, and what callers pass to a helper that
 * makes the call (`this.menu.suggest(query.wish)`). A value only a system turn is written from
 * is not the user's prompt. Logging a prompt's length, a message count or token usage carries
 * none of its text, and a prompt of fixed text only (a constant the code holds) nothing a user wrote.
 *
 * Also a request logger set up for the whole server whose request serializer or format token
 * reads the request's body (`req.body`, `req.raw.body`, or destructured: `({ body }) => …`,
 * `const { body } = req`; `src/model/flow/request-loggers.ts`), in a project with an AI
 * route that takes a body: every prompt posted to that route is written to the logs, with no
 * log call in the route at all. A logger of a framework (Fastify's) counts for its routes only. CLI only: it
 * needs the project's routes, which the ESLint plugin does not see.
 *
 * A `console` call in code that runs only in a browser (a page, an extension script, a
 * mobile app) prints to the developer tools of the user who typed the prompt: no log, unless
 * the app ships a collector of browser console output (Sentry's browser SDKs, LogRocket…:
 * `CONSOLE_COLLECTOR_PACKAGES`). The ESLint plugin, which does not know where a file runs,
 * reports it everywhere.
 */
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import type { FlowModel } from "../src/model/flow/index.js";
import { oneFileModelFlow } from "../src/model/flow/one-file.js";
import { sourceLabels, tracePath } from "./support/flow-report.js";
import { consoleOnTheUsersDevice, sinksInFiles, tracesInto, writesOnlyLiterals, type Sink, type SinkKind } from "../src/model/flow/sinks.js";
import { requestLoggersWritingBodies } from "../src/model/flow/request-loggers.js";
import type { ProjectModel } from "../src/model/project.js";
import type { AiRoute } from "../src/model/routes/index.js";
import { unwrapExpression } from "../src/facts/ast.js";
import type { TsNode } from "../src/facts/typescript.js";
import { resolveName } from "../src/model/scopes.js";

const KINDS: ReadonlySet<SinkKind> = new Set(["log"]);

export default defineRule({
  meta: {
    id: "prompt-in-logs",
    title: "Prompt sent to a model written to the logs",
    checklist: ["LG-2"],
    severity: "warning",
    cwe: ["CWE-532"],
    owaspLlm: { "2025": "LLM02", "2026": "LLM02" },
    description:
      "The messages, system prompt or prompt string given to a model call are also written to the logs. Prompts carry what users typed (personal data, pasted documents, sometimes credentials) and the app's own instructions; logs keep them longer, copy them to more systems and show them to more people than the feature ever needed.",
    fix: "Log sizes and identifiers instead (message count, prompt length, token usage, a request id); if prompts must be kept for debugging, store them deliberately with access control and a retention limit rather than in the general log.",
    example: {
      bad: 'const messages = [{ role: "system", content: SYSTEM }, { role: "user", content: ticket }];\nconsole.log("prompt", messages);\nawait openai.chat.completions.create({ model, max_tokens: 400, messages });',
      good: 'const messages = [{ role: "system", content: SYSTEM }, { role: "user", content: ticket }];\nlogger.info({ requestId, messages: messages.length, ticketChars: ticket.length }, "summarising");\nawait openai.chat.completions.create({ model, max_tokens: 400, messages });',
    },
    precision: "low",
    scope: "log calls (console, pino, winston, bunyan, NestJS Logger, Fastify/pino-http request loggers, Sentry) whose arguments carry a value given to a model call as its prompt, and server-wide request loggers (Fastify's logger option, pino, pino-http, morgan tokens) whose request serializer reads the body while an AI route takes one; test files are not checked",
    eslint: true,
  },

  checkFileAlone(file, context) {
    const flow = oneFileModelFlow(file, context.ts, false, context.project);
    if (flow) report(flow, sinksInFiles(context.ts, [file], KINDS), () => file, context);
  },

  checkProject(project, context) {
    const flow = project.flow(context.ts);
    // Without a model call there is no prompt to leak: no file is searched for log calls.
    if (flow.prompts.length === 0) return;
    // A prompt is held in the files around AI code (those the flow engine searches for callers).
    const files = flow.context.callerFiles().map((rel) => project.file(rel)).filter((f): f is FileFacts => f !== undefined);
    // A prompt printed to the console of the user's own browser is in nobody's log.
    const runtime = project.runtime(context.ts);
    const onDevice = consoleOnTheUsersDevice(project.modules, (rel) => runtime.verdict(rel).runtime === "browser");
    report(flow, sinksInFiles(context.ts, files, KINDS).filter((sink) => !onDevice(sink)), (rel) => project.file(rel), context);
    reportBodyLoggers(project, flow, context);
  },
});

/** Methods whose requests carry a body a caller writes (server actions and tRPC procedures take their input that way too). */
const BODY_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "ALL", "ACTION", "PROCEDURE"]);

function reportBodyLoggers(project: ProjectModel, flow: FlowModel, context: RuleContext): void {
  const loggers = requestLoggersWritingBodies(flow.context);
  if (loggers.length === 0) return;
  const aiRoutes = project.routes(context.ts).aiRoutes.filter((ai) => BODY_METHODS.has(ai.route.method));
  for (const logger of loggers) {
    const route: AiRoute | undefined = aiRoutes.find((ai) => logger.framework === undefined || ai.route.framework === logger.framework);
    const file = project.file(logger.file);
    if (!route || !file) continue;
    context.judged();
    const start = logger.node.getStart();
    const { method, path } = route.route;
    const routeFile = project.file(route.route.file);
    context.report({
      file,
      start,
      end: logger.node.getEnd(),
      message: `${capitalised(logger.label)} writes the body of every request to the logs, so the prompts callers send to the AI route ${method} ${path} are logged too.`,
      identity: `${logger.label}\0request body`,
      path: [
        ...(routeFile ? [{ file: routeFile.relPath, line: routeFile.positionAt(route.route.start).line, note: `AI route ${method} ${path} takes a request body` }] : []),
        { file: file.relPath, line: file.positionAt(start).line, note: `the body logged by ${logger.label}` },
      ],
    });
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function report(flow: FlowModel, sinks: readonly Sink[], fileOf: (rel: string) => FileFacts | undefined, context: RuleContext): void {
  // Without a model call there is no prompt to leak: the item is not judged here.
  if (flow.prompts.length === 0) return;
  for (const sink of sinks) {
    context.judged();
    // Only a named value (a variable, a parameter) holds a prompt.
    if (writesOnlyLiterals(flow.context.ts, sink)) continue;
    const traces = tracesInto(flow.promptValues, sink);
    const first = traces[0];
    const file = fileOf(sink.file);
    if (!first || !file || writesFixedText(flow, sink)) continue;
    const start = sink.node.getStart();
    const labels = sourceLabels(traces);
    context.report({
      file,
      start,
      end: sink.node.getEnd(),
      message: `${sink.label} writes ${labels} to the logs: prompts hold what users typed and the app's instructions, and logs keep them longer and show them to more people.`,
      identity: `${sink.label}\0${labels}`,
      path: tracePath(first, { file: sink.file, start, note: `logged by ${sink.label}` }, fileOf),
    });
  }
}

/**
 * Does the log call write only text the source code already holds (`const prompt = "Describe
 * a salamander."` given to a call and logged)? A fixed prompt carries nothing a user wrote.
 * Fixed: literals, and constants written with literals only (joined or in a template), in
 * the same file; a fallback (`fields.company ?? "our company"`) is not.
 */
function writesFixedText(flow: FlowModel, sink: Sink): boolean {
  const { ts } = flow.context;
  const fixed = (node: TsNode, depth: number): boolean => {
    const value = unwrapExpression(ts, node);
    if (ts.isStringLiteralLike(value) || ts.isNumericLiteral(value)) return true;
    if (depth >= MAX_CONSTANT_DEPTH) return false;
    if (ts.isTemplateExpression(value)) return value.templateSpans.every((span) => fixed(span.expression, depth + 1));
    if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.PlusToken) return fixed(value.left, depth + 1) && fixed(value.right, depth + 1);
    if (!ts.isIdentifier(value)) return false;
    const binding = resolveName(ts, value.text, value);
    const declarations = binding?.kind === "variable" ? binding.declaration.parent : undefined;
    const constant = declarations !== undefined && ts.isVariableDeclarationList(declarations) && (declarations.flags & ts.NodeFlags.Const) !== 0;
    return binding?.kind === "variable" && constant && binding.path.length === 0 && binding.init !== undefined && fixed(binding.init, depth + 1);
  };
  return sink.values.every((value) => fixed(value, 0));
}

/** How many constants deep a fixed text is followed. */
const MAX_CONSTANT_DEPTH = 6;
