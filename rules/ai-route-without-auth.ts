/**
 * AU-1: a route, handler or server action that reaches a model, with no authentication
 * anywhere on its path (global middleware, the routers it is mounted under, hooks,
 * guards, middleware.ts matchers, wrappers, or a check in the handler before the call).
 */
import { defineRule } from "../src/engine/rule.js";
import { reportUnprotected } from "./support/route-report.js";

export default defineRule({
  meta: {
    id: "ai-route-without-auth",
    title: "AI route without authentication",
    checklist: ["AU-1"],
    severity: "error",
    cwe: ["CWE-306"],
    owaspLlm: { "2025": "LLM10", "2026": "LLM06" },
    description:
      "Anyone on the internet can call this route, and every call spends your model budget: there is no authentication on its path before it reaches the model.",
    fix: "Require a signed-in caller before the model call: your auth middleware on the router or app (or a guard, a middleware.ts matcher that covers the route, a session check that returns 401).",
    example: {
      bad: 'app.post("/api/chat", async (req, res) => res.json(await openai.chat.completions.create({ model, messages: req.body.messages })));',
      good: 'app.post("/api/chat", requireAuth, limiter, async (req, res) => res.json(await openai.chat.completions.create({ model, messages: req.body.messages })));',
    },
    scope: "routes, handlers and server actions that reach a model call",
  },

  checkProject(project, context) {
    reportUnprotected(project, context, "auth");
  },
});
