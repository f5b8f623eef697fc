/**
 * PI-1: untrusted input written into the instructions a model follows.
 *
 * Detector: the prompt analysis of every model call (`src/model/flow/prompts.ts`) with
 * untrusted input traced back from each prompt argument (`src/model/flow/untrusted.ts`):
 * input in a system/developer message, the SDK's `system` / `instructions` /
 * `systemInstruction`, a LangChain system message; one prompt string that mixes fixed
 * instructions with input, and a user message beside a system prompt that wraps the input in
 * instructions of its own (a label such as `Question:` is not one); an Anthropic assistant
 * turn the app writes around input (or a prefill from it). Instructions and tool descriptions
 * given where a model, chat, agent or tool is made (`getGenerativeModel({ systemInstruction })`,
 * `new Agent({ instructions })`, `tool({ description })`, `createReactAgent({ prompt })`) and
 * LangChain messages and templates made ahead of any call are judged where they are written,
 * wherever they run. The values that fill a template's `{slots}` where it (or a chain that
 * starts with it) runs are judged at the template: a slot of a system message, or of a text
 * that is instructions, filled with untrusted input. User text in its own user message (a
 * `["human", "{question}"]` slot beside a fixed system message) is the safe shape.
 * Client-chosen roles and client-posted conversations are `client-controlled-roles`.
 */
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import type { FlowModel } from "../src/model/flow/index.js";
import type { InstructionHit } from "../src/model/flow/prompts.js";
import { flowRuleChecks, reportInstructionHits } from "./support/flow-report.js";

export default defineRule({
  meta: {
    id: "untrusted-input-in-instructions",
    title: "Untrusted input written into a model's instructions",
    checklist: ["PI-1"],
    severity: "error",
    cwe: ["CWE-77", "CWE-1427"],
    owaspLlm: { "2025": "LLM01", "2026": "LLM01" },
    description:
      "Text a client controls ends up in the part of the prompt the model treats as its instructions: the system prompt, an instructions field, or one prompt string that wraps the input in fixed directions. Whoever writes that text can rewrite the rules the model follows (prompt injection): leak the system prompt, ignore restrictions, or steer tools.",
    fix: "Keep instructions constant and send the user's text in its own user-role message (a short label such as `Question:` is fine); choose variants from a fixed table by a validated key.",
    example: {
      bad: 'const { persona, question } = req.body;\nawait openai.chat.completions.create({ model, max_tokens: 500, messages: [\n  { role: "system", content: `You are ${persona}.` },\n  { role: "user", content: question },\n] });',
      good: 'const { persona, question } = Body.parse(req.body); // persona: z.enum(["tutor", "editor"])\nawait openai.chat.completions.create({ model, max_tokens: 500, messages: [\n  { role: "system", content: PERSONAS[persona] },\n  { role: "user", content: question },\n] });',
    },
    scope: "prompt arguments of every model call, traced back to request data, server action arguments, tRPC input, WebSocket messages and browser inputs",
    eslint: true,
  },

  ...flowRuleChecks(report),
});

function report(flow: FlowModel, fileOf: (rel: string) => FileFacts | undefined, context: RuleContext): void {
  reportInstructionHits(flow, fileOf, context, ["system", "mixed", "assistant"], message);
}

function message(hit: InstructionHit, call: string): string {
  const source = hit.trace.source.label;
  switch (hit.kind) {
    case "system":
      return `Untrusted input (${source}) is written into the instructions of ${call} (${hit.position}): whoever sends it can rewrite the model's rules.`;
    case "assistant":
      return `An assistant message to ${call} (${hit.position}) is built from untrusted input (${source}): the model takes the sender's text for its own words.`;
    default:
      return `One prompt string for ${call} (${hit.position}) mixes fixed instructions with untrusted input (${source}): the model cannot tell the app's directions from the sender's.`;
  }
}
