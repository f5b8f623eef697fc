/**
 * PI-3: an AI route that puts request input into a model call without screening it first.
 *
 * Detector (`rules/support/moderation.ts`): the AI routes whose request input (body, query,
 * params, form data, action arguments) reaches the prompt of the call that generates, and
 * which check no paid plan; each needs a moderation of that input before the call (on its
 * middleware, in the handler or a function on the way): OpenAI or Mistral moderation, a
 * guard model, Azure AI Content Safety, a Bedrock guardrail, Lakera, rebuff, llm-guard,
 * Guardrails AI, Perspective, a profanity filter whose verdict is used, or provider safety
 * settings on the call or model (Gemini `safetySettings`). Tables in `src/knowledge/moderation.ts`.
 */
import { defineRule } from "../src/engine/rule.js";
import { isPlanGated, reportScreening } from "./support/moderation.js";

export default defineRule({
  meta: {
    id: "ai-input-without-moderation",
    title: "Public input reaches a model without moderation",
    checklist: ["PI-3"],
    severity: "info",
    advisory: true,
    cwe: ["CWE-1427"],
    owaspLlm: { "2025": "LLM01", "2026": "LLM01" },
    description:
      "What anyone sends to this route goes into the model as it is: abusive, harmful or jailbreak text reaches the provider under your account (providers suspend keys that send it) and steers the answer. A moderation step in front of the model turns such requests away before they cost anything.",
    fix: "Screen the input before the call and reject what is flagged: openai.moderations.create({ input }) and a 400 when results[0].flagged, a guard model, a content-safety service (Azure AI Content Safety, Bedrock guardrails, Lakera), or provider safety settings (Gemini safetySettings).",
    example: {
      bad: 'app.post("/api/chat", auth, limiter, async (req, res) => {\n  const answer = await openai.chat.completions.create({ model, max_tokens: 500, messages: [{ role: "user", content: req.body.text }] });\n  res.json(answer.choices[0].message);\n});',
      good: 'app.post("/api/chat", auth, limiter, async (req, res) => {\n  const check = await openai.moderations.create({ model: "omni-moderation-latest", input: req.body.text });\n  if (check.results[0].flagged) return res.status(400).json({ error: "Message not allowed" });\n  const answer = await openai.chat.completions.create({ model, max_tokens: 500, messages: [{ role: "user", content: req.body.text }] });\n  res.json(answer.choices[0].message);\n});',
    },
    scope: "AI routes whose request input reaches a model call, except routes that check a paid plan",
  },

  checkProject(project, context) {
    reportScreening(project, context, "input", (route) => route.takesInput && !isPlanGated(route.ai), (route, call) => `${route} puts request input into ${call} with no moderation of it first (looked for a moderation call whose verdict is used, a guard model, a content-safety service or guardrail library, or provider safety settings on the call).`);
  },
});
