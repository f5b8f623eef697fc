/**
 * LG-1: an AI route whose model calls leave no audit record of who made the request and
 * how many tokens it used.
 *
 * Detector: for each AI route (the route model), near its model call — the handler, the
 * functions on the way, the function holding the call and its callbacks (`onFinish`) —
 * a log call, store write or usage-recording helper whose arguments carry the response's
 * token usage and a user identity (`src/model/usage.ts`, names in `knowledge/usage.ts`);
 * or an LLM observability integration that records every call: a wrapped client
 * (`wrapOpenAI`, `observeOpenAI`), a gateway base URL or header (Helicone), per-call
 * telemetry (AI SDK `experimental_telemetry`), a traced function (`traceable`), or a
 * process-wide instrumentation (Traceloop, OpenInference). Advisory: an info finding.
 */
import { defineRule } from "../src/engine/rule.js";
import type { TsNode } from "../src/facts/typescript.js";
import { functionAround, usageFinderFor, type UsageRecord } from "../src/model/usage.js";
import { describeCall, describeRoute, reportAtRoute } from "./support/route-report.js";

const LOOKED_FOR = "a log call or store write of the response's token usage together with the user's id near the call, or an LLM observability integration (Langfuse, Helicone, LangSmith, PostHog, OpenTelemetry telemetry)";

export default defineRule({
  meta: {
    id: "ai-route-without-audit-log",
    title: "AI route without an audit record of who used how many tokens",
    checklist: ["LG-1"],
    severity: "info",
    cwe: ["CWE-778"],
    owaspLlm: { "2025": "LLM10", "2026": "LLM06" },
    description:
      "Nothing records who called this AI route, which model answered and how many tokens it used. Without that record you cannot tell which account ran up a bill, spot a user scripting the endpoint, or answer an abuse report.",
    fix: "After the model call, record the response's token usage with the caller's id and the model (`logger.info({ userId, model, tokens: completion.usage.total_tokens })`, a usage table row written in `onFinish({ usage })`), or route the client through an LLM observability tool (Langfuse, Helicone, LangSmith, PostHog, AI SDK telemetry).",
    example: {
      bad: 'const completion = await openai.chat.completions.create({ model, max_tokens: 400, messages });\nlogger.info({ prompt: messages.at(-1) }, "chat");',
      good: 'const completion = await openai.chat.completions.create({ model, max_tokens: 400, messages });\nlogger.info({ userId: req.user.id, model, tokens: completion.usage?.total_tokens }, "chat");',
    },
    scope: "routes, handlers and server actions that reach a model call",
    advisory: true,
  },

  checkProject(project, context) {
    const { ts } = context;
    const routes = project.routes(ts);
    if (!routes.aiRoutes.length) return;
    const finder = usageFinderFor(project, ts);
    // Traceloop, OpenInference: once set up, every call of the process is recorded.
    const instrumented = finder.instrumentations(project.files)[0];
    if (instrumented) context.evidence({ file: instrumented.file, start: instrumented.offset, note: `${instrumented.label} instruments every model call` });
    for (const ai of routes.aiRoutes) {
      context.judged();
      if (instrumented) continue;
      const call = ai.reach.call;
      const observed = finder.observedCall(call);
      const observedFile = observed && project.file(observed.file);
      if (observed && observedFile) {
        context.evidence({ file: observedFile, start: observed.node.getStart(), note: `${observed.label} records ${describeRoute(ai)}` });
        continue;
      }
      const scopes: Array<{ file: string; node: TsNode }> = [...(ai.route.handler ? [ai.route.handler] : []), ...ai.reach.steps];
      const around = functionAround(ts, call.node);
      if (around) scopes.push({ file: call.file, node: around });
      const records = distinct(scopes.flatMap((s) => finder.recordsIn(s.file, s.node)));
      const full = records.find((r) => r.usage && r.identity);
      const fullFile = full && project.file(full.file);
      if (full && fullFile) {
        context.evidence({ file: fullFile, start: full.node.getStart(), note: `${full.label} records token usage and the user for ${describeRoute(ai)}` });
        continue;
      }
      reportAtRoute(project, context, ai, `${describeRoute(ai)} reaches ${describeCall(project, ai)} with no audit record of who called it and how many tokens it used (looked for ${LOOKED_FOR})${partial(records, (rel, node) => `${rel}:${project.file(rel)?.positionAt(node.getStart()).line ?? 0}`)}.`);
    }
  },
});

function distinct(records: UsageRecord[]): UsageRecord[] {
  const seen = new Set<TsNode>();
  return records.filter((r) => !seen.has(r.node) && seen.add(r.node));
}

/** What the closest records lack, so the reader sees why they do not count. */
function partial(records: readonly UsageRecord[], where: (file: string, node: TsNode) => string): string {
  const noUser = records.find((r) => r.usage && !r.identity);
  if (noUser) return `; ${noUser.label} at ${where(noUser.file, noUser.node)} records token usage but no user identity`;
  const noUsage = records.find((r) => r.identity && !r.usage && r.kind !== "helper" && r.kind !== "named");
  if (noUsage) return `; ${noUsage.label} at ${where(noUsage.file, noUsage.node)} names the user but not the token usage`;
  return "";
}
