/**
 * RL-1: a route, handler or server action that reaches a model, with no rate limit or
 * quota anywhere on its path.
 */
import { defineRule } from "../src/engine/rule.js";
import { reportUnprotected } from "./support/route-report.js";

export default defineRule({
  meta: {
    id: "ai-route-without-rate-limit",
    title: "AI route without rate limiting",
    checklist: ["RL-1"],
    severity: "warning",
    cwe: ["CWE-770"],
    owaspLlm: { "2025": "LLM10", "2026": "LLM06" },
    description:
      "Nothing limits how often this route can be called, so one user or script can run up the model bill or exhaust your provider quota for everyone.",
    fix: "Put a per-user (or per-key, per-IP) limit on the route's path: express-rate-limit, @upstash/ratelimit, @fastify/rate-limit, @nestjs/throttler, a counter that answers 429, or a per-user quota checked before the model call (a credit balance, a daily message count).",
    example: {
      bad: 'export async function POST(req: Request) { return Response.json(await generateText({ model, prompt: (await req.json()).prompt })); }',
      good: 'export async function POST(req: Request) { const { success } = await ratelimit.limit(userId); if (!success) return new Response("Too many requests", { status: 429 }); … }',
    },
    scope: "routes, handlers and server actions that reach a model call",
  },

  checkProject(project, context) {
    reportUnprotected(project, context, "rate-limit");
  },
});
