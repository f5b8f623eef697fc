/**
 * PI-1 (warning): the client decides which roles the model's messages have.
 *
 * Detector: the prompt analysis of every model call (`src/model/flow/prompts.ts`): a
 * client-posted conversation passed on whole, or a message whose role comes from the
 * request, where the provider takes a system role in the message list (OpenAI chat and
 * Responses, Vercel AI SDK `messages`, Mistral, Groq, Ollama, LangChain…). Anthropic
 * `messages`, Gemini `contents` and Bedrock Converse take user and assistant/model turns only
 * (their system prompt is a separate option), so they are not reported; nor is the Vercel AI
 * SDK from version 7 on (as the app's package.json declares `ai`), which rejects system
 * messages there unless the call sets `allowSystemInMessages`. Quiet when the roles
 * are limited on the way: a schema closing `role` to non-system values
 * (`z.enum(["user", "assistant"])`, `z.literal("user")`), a `.map()` that sets each role to a
 * fixed value, a `.filter()` on the role.
 *
 * Quiet too where the server adds nothing for a forged turn to override: no system prompt or
 * message, no agent instructions and no tools of its own in the call (a pass-through chat
 * client, where the client writes the whole prompt anyway); a message stored on a thread
 * for a later run still counts, as the run brings its instructions.
 *
 * Any other chat client where the user owns the prompt by design (bring-your-own-key, a
 * playground for one's own account) can switch it off: `rules: { "client-controlled-roles": "off" }`.
 */
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import type { FlowModel } from "../src/model/flow/index.js";
import type { InstructionHit } from "../src/model/flow/prompts.js";
import { flowRuleChecks, reportInstructionHits } from "./support/flow-report.js";

export default defineRule({
  meta: {
    id: "client-controlled-roles",
    title: "The client chooses the roles of a model's messages",
    checklist: ["PI-1"],
    severity: "warning",
    cwe: ["CWE-1427"],
    owaspLlm: { "2025": "LLM01", "2026": "LLM01" },
    description:
      "A conversation posted by the client goes to the model as it came, or a message's role is read from the request, and the provider accepts `system` (or `developer`) messages in that list. The sender can then add instructions of their own at system level or forge the assistant's earlier turns. Anthropic `messages`, Gemini `contents` and Bedrock Converse accept user and assistant turns only and are not reported; nor is the Vercel AI SDK from version 7 on, which rejects system messages there unless the call sets `allowSystemInMessages: true`. A call to which the server adds no system prompt, instructions or tools of its own is a pass-through: the client writes the whole prompt anyway, so it is not reported either. In any other chat client where the user owns the prompt by design (bring-your-own-key apps, a personal playground), switch the rule off: `rules: { \"client-controlled-roles\": \"off\" }`.",
    fix: "Limit the roles on the way in: validate `role` with `z.enum([\"user\", \"assistant\"])`, or rebuild each message with a fixed role (`.map((m) => ({ role: m.role === \"assistant\" ? \"assistant\" : \"user\", content: m.content }))`), or drop system messages with `.filter((m) => m.role !== \"system\")`; keep the system prompt on the server.",
    example: {
      bad: 'const { messages } = await req.json();\nreturn streamText({ model: openai("gpt-4o"), maxOutputTokens: 500, system: SYSTEM, messages });',
      good: 'const { messages } = Chat.parse(await req.json()); // role: z.enum(["user", "assistant"])\nreturn streamText({ model: openai("gpt-4o"), maxOutputTokens: 500, system: SYSTEM, messages });',
    },
    scope: "message lists of model calls whose provider accepts system messages there, traced back to request data, server action arguments, tRPC input and WebSocket messages",
    eslint: true,
  },

  ...flowRuleChecks(report),
});

function report(flow: FlowModel, fileOf: (rel: string) => FileFacts | undefined, context: RuleContext): void {
  reportInstructionHits(flow, fileOf, context, ["conversation", "role"], message);
}

function message(hit: InstructionHit, call: string): string {
  const source = hit.trace.source.label;
  if (hit.kind === "role") return `The role of a message to ${call} comes from untrusted input (${source}): the client can send system instructions.`;
  return `A client-posted conversation (${source}) is passed to ${call} as it came: the client can add its own system messages or forge the assistant's earlier turns.`;
}
