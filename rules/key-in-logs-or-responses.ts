/**
 * AK-5 / LG-2: a provider key or a caller's credential written to the logs, sent in a
 * response, or put into an error message.
 *
 * Detector: every sink of the project (`src/model/flow/sinks.ts`: log calls from
 * `src/knowledge/log-sinks.ts`, responses from `src/knowledge/http-responses.ts`, what
 * handlers return where the framework sends it, `new Error(…)`) with its values
 * traced back by the secrets tracker (`Secrets` in `src/model/flow/oracles.ts`): secret-named
 * env vars, provider keys written in the code, `process.env` whole, the caller's
 * Authorization / API-key / cookie headers and a request's whole headers, an axios error's
 * `config`. Redaction on the way (a hash, a fingerprint, `slice(-4)`) stops the flow; a
 * length or a boolean carries nothing. A caller's own headers sent back to that caller
 * are not reported, nor is a `console` line in code that runs only in a browser (it reaches
 * that user's own developer tools, in a project that ships no console collector).
 */
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import type { FlowModel } from "../src/model/flow/index.js";
import { isCallersOwnCredential } from "../src/model/flow/oracles.js";
import { sourceLabels, tracePath } from "./support/flow-report.js";
import { oneFileFlow } from "../src/model/flow/one-file.js";
import { handlerFileOf } from "../src/model/routes/deferred.js";
import { consoleOnTheUsersDevice, filesThatMayHoldSecrets, mayHoldSecret, requestHandlingFiles, RETURNED_VALUE, returnSinks, sinksInFiles, tracesInto, writesOnlyLiterals, type Sink, type SinkKind } from "../src/model/flow/sinks.js";

const KINDS: ReadonlySet<SinkKind> = new Set(["log", "response", "error"]);

export default defineRule({
  meta: {
    id: "key-in-logs-or-responses",
    title: "Provider key or caller credential in logs, responses or error messages",
    checklist: ["AK-5", "LG-2"],
    severity: "error",
    cwe: ["CWE-532", "CWE-200", "CWE-209"],
    owaspLlm: { "2025": "LLM02", "2026": "LLM02" },
    description:
      "A provider key (a secret env var, a key written in the code), the whole environment, a caller's Authorization header, a request's headers or a failed axios request's configuration reaches a log call, a response body or an error message. Logs are shipped to log services, kept for months and read by people who should never hold the key; a response hands it to every caller. Whoever gets it can spend on the account and read what it can read.",
    fix: "Log and return only what identifies the key without revealing it (a short hash fingerprint, whether it is set, the last four characters), log requests without their headers (or with pino's `redact`), and on an axios error log its status and code, not `err.config`.",
    example: {
      bad: 'console.log("OpenAI key:", process.env.OPENAI_API_KEY);\nlogger.info({ headers: req.headers }, "request");\nres.json({ apiKey: process.env.ANTHROPIC_API_KEY });',
      good: 'logger.info({ openaiKey: keyFingerprint(process.env.OPENAI_API_KEY) }, "started"); // sha256, 8 hex digits\nlogger.info({ method: req.method, path: req.path }, "request");\nres.json({ model: "claude-3-5-haiku-latest" });',
    },
    precision: "medium",
    scope: "log calls (console, pino, winston, bunyan, NestJS Logger, Fastify/pino-http request loggers, debug, Sentry), responses of every server framework, handler return values sent by the framework, error messages (`new Error(…)`), in the files a secret can reach; test files and an AI SDK's own published source are not checked",
    eslint: true,
  },

  checkFileAlone(file, context) {
    // Alone, a file's secrets are those entering it (other files are not followed): without one, nothing to trace.
    if (!mayHoldSecret(file) || context.project.isSdkSource?.(file.relPath)) return;
    const flow = oneFileFlow(file, context.ts, true, context.project);
    if (flow) report(flow, sinksInFiles(context.ts, [file], KINDS), () => file, context);
  },

  checkProject(project, context) {
    const { ts } = context;
    const flow = project.flow(ts);
    // Only files a secret can reach are parsed and walked (most files of a big repo are not).
    const routes = project.routes(ts).routes;
    const routeFiles = new Set(routes.flatMap((r) => [r.file, ...(handlerFileOf(r) ?? []), ...r.chain.map((c) => c.file)]));
    // An AI SDK's own source logs and throws what the app that installs it hands over: judged in that app, as tests are not judged at all.
    const appFiles = project.files.filter((file) => !project.isSdkSource(file.relPath));
    const files = filesThatMayHoldSecrets(appFiles, project.modules, ts, requestHandlingFiles(routeFiles));
    // A console line in browser-only code reaches the developer tools of the user whose browser holds the key already.
    const runtime = project.runtime(ts);
    const onDevice = consoleOnTheUsersDevice(project.modules, (rel) => runtime.verdict(rel).runtime === "browser");
    const sinks = [...sinksInFiles(ts, files, KINDS).filter((sink) => !onDevice(sink)), ...returnSinks(ts, routes, (rel) => project.file(rel)?.syntaxTree(ts))];
    report(flow, sinks, (rel) => project.file(rel), context);
  },
});

function report(flow: FlowModel, sinks: readonly Sink[], fileOf: (rel: string) => FileFacts | undefined, context: RuleContext): void {
  const reported = new Set<unknown>();
  const flagged: Sink[] = [];
  for (const sink of sinks) {
    if (reported.has(sink.node)) continue;
    reported.add(sink.node);
    // `console.error(new Error(key))`: one finding, for the outer sink.
    if (flagged.some((f) => f.file === sink.file && f.node.pos <= sink.node.pos && f.node.end >= sink.node.end)) continue;
    context.judged();
    const file = fileOf(sink.file);
    // A literal is a secret only where a provider key is written in it.
    if (writesOnlyLiterals(flow.context.ts, sink, (literal) => file === undefined || file.providerKeys.some((k) => k.start < literal.end && k.end > literal.pos))) continue;
    // A caller's own Authorization header sent back to that caller discloses nothing new.
    const traces = tracesInto(flow.secrets, sink, (t) => sink.kind !== "response" || !isCallersOwnCredential(t));
    const first = traces[0];
    if (!first || !file) continue;
    flagged.push(sink);
    const start = sink.node.getStart();
    const labels = sourceLabels(traces);
    context.report({
      file,
      start,
      end: sink.node.getEnd(),
      message: message(sink, labels),
      identity: `${sink.label}\0${labels}`,
      path: tracePath(first, { file: sink.file, start, note: sinkNote(sink) }, fileOf),
    });
  }
}

function message(sink: Sink, labels: string): string {
  switch (sink.kind) {
    case "log":
      return `${sink.label} writes ${labels} to the logs: anyone who can read them (log services, support tools, backups) gets a working credential.`;
    case "error":
      return `${sink.label} puts ${labels} into an error message: error messages end up in logs, error trackers and error responses.`;
    case "response":
      return sink.label === RETURNED_VALUE
        ? `This handler returns ${labels}, and its framework sends that to the client: every caller can read it and reuse it.`
        : `The response sent by ${sink.label} carries ${labels}: every caller of this endpoint can read it and reuse it.`;
  }
}

function sinkNote(sink: Sink): string {
  switch (sink.kind) {
    case "log":
      return `logged by ${sink.label}`;
    case "error":
      return `thrown in an error message (${sink.label})`;
    case "response":
      return sink.label === RETURNED_VALUE ? "returned to the client" : `sent to the client by ${sink.label}`;
  }
}
