/**
 * OF-3: an AI route that sends the model's answer to the client without screening it.
 *
 * Detector (`rules/support/moderation.ts`): the AI routes whose handler sends the output
 * of the call that generates (a response it writes, a value it returns where the framework
 * sends it, a stream); each needs a moderation of that output before it goes out (a
 * moderation call on the answer whose verdict is used, a guard model, a content-safety
 * service, a profanity filter's clean text), or provider settings that filter the answer
 * (Gemini `safetySettings`, Bedrock guardrails). Tables in `src/knowledge/moderation.ts`.
 */
import { defineRule } from "../src/engine/rule.js";
import { reportScreening } from "./support/moderation.js";

export default defineRule({
  meta: {
    id: "ai-output-without-moderation",
    title: "Model output reaches users without moderation",
    checklist: ["OF-3"],
    severity: "info",
    advisory: true,
    cwe: [],
    owaspLlm: { "2025": "LLM05", "2026": "LLM10" },
    description:
      "The model's answer goes to the user as it comes. A jailbreak, a poisoned document or plain bad luck makes a model write hateful, sexual or dangerous text, and your app then shows it under your name. Screening the answer (or having the provider filter it) catches what the prompt did not prevent.",
    fix: "Screen the answer before sending it: openai.moderations.create({ input: answer }) and a fallback message when flagged, a guard model or content-safety service on the output, or provider safety settings that filter responses (Gemini safetySettings, Bedrock guardrails).",
    example: {
      bad: "const answer = completion.choices[0].message.content;\nres.json({ answer });",
      good: 'const answer = completion.choices[0].message.content;\nconst check = await openai.moderations.create({ model: "omni-moderation-latest", input: answer });\nres.json({ answer: check.results[0].flagged ? "Sorry, I cannot help with that." : answer });',
    },
    scope: "AI routes that send a model call's output to the client",
  },

  checkProject(project, context) {
    reportScreening(project, context, "output", (route) => route.returnsOutput, (route, call) => `${route} sends the output of ${call} to the client with no moderation of it (looked for a moderation call on the answer whose verdict is used, a guard model or content-safety service on the output, or provider settings that filter responses).`);
  },
});
