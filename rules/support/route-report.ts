/** Shared by AU-1 and RL-1: report every AI route with no evidence of one kind on its path. */
import { FETCH_HANDLER_PLATFORMS } from "../../src/knowledge/route-conventions.js";
import type { ProjectRuleContext } from "../../src/engine/rule.js";
import type { ProjectModel } from "../../src/model/project.js";
import type { AiRoute } from "../../src/model/routes/index.js";
import { throughHelper } from "../../src/model/ai-surface.js";
import type { EvidenceKind } from "../../src/model/routes/types.js";

/** The kinds every AI route must have (AU-1, RL-1); role and plan checks are AU-3's, asked of privileged routes only. */
type ProtectionKind = Extract<EvidenceKind, "auth" | "rate-limit">;

const LOOKED_FOR: Record<ProtectionKind, string> = {
  auth: "auth middleware, guards, session or token checks, or a check that returns 401/403",
  "rate-limit": "a rate limiter on the route, its routers or the app, a check that answers 429, or a quota (credits, a usage counter) checked before the call",
};

export function reportUnprotected(project: ProjectModel, context: ProjectRuleContext, kind: ProtectionKind): void {
  const routes = project.routes(context.ts);
  for (const ai of routes.aiRoutes) {
    context.judged();
    const evidence = kind === "auth" ? ai.auth : ai.rateLimit;
    if (evidence.length > 0) continue;
    reportAtRoute(project, context, ai, `${describeRoute(ai)} reaches ${describeCall(project, ai)} with no ${kind === "auth" ? "authentication" : "rate limit"} on its path (looked for ${LOOKED_FOR[kind]})${optOutNote(ai, kind)}.`);
  }
}

/** A finding about an AI route, at its declaration, identified by its method and path (stable across edits). */
export function reportAtRoute(project: ProjectModel, context: ProjectRuleContext, ai: AiRoute, message: string): void {
  const file = project.file(ai.route.file);
  if (!file) return;
  context.report({ file, start: ai.route.start, end: ai.route.end, message, identity: `${ai.route.method} ${ai.route.path}` });
}

const FETCH_HANDLER_FRAMEWORKS: ReadonlySet<string> = new Set(FETCH_HANDLER_PLATFORMS.map((p) => p.framework));

export function describeRoute(ai: AiRoute): string {
  const { method, path, framework } = ai.route;
  if (method === "ACTION") return `${framework} action ${path}`;
  if (method === "PROCEDURE" || method === "QUERY" || method === "MUTATION") return `tRPC procedure ${path}`;
  if (FETCH_HANDLER_FRAMEWORKS.has(framework)) return `${framework} fetch handler (every request)`;
  return `${method} ${path}`;
}

export function describeCall(project: ProjectModel, ai: AiRoute): string {
  const call = ai.reach.call;
  const line = project.file(call.file)?.positionAt(call.start).line ?? 0;
  return `${call.provider} (${call.method}${throughHelper(call)} at ${call.file}:${line})`;
}

function optOutNote(ai: AiRoute, kind: ProtectionKind): string {
  const opt = ai.route.optOuts?.find((o) => o.kind === kind);
  return opt ? `; ${opt.label} opts it out of the app-wide ${kind === "auth" ? "guard" : "limit"}` : "";
}
