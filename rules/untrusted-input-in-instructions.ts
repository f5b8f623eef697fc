/**
 * PI-1: untrusted input written into the instructions a model follows.
 *
 * Detector: the prompt analysis of every model call (`src/model/flow/prompts.ts`) with
 * untrusted input traced back from each prompt argument (`src/model/flow/untrusted.ts`):
 * input in a system/developer message, the SDK's `system` / `instructions` /
 * `systemInstruction`, a LangChain system message, instructions and tool descriptions given
 * where an agent or tool is made (`new Agent({ instructions })`, `tool({ description })`,
 * judged there wherever it is run); one prompt string that mixes fixed
 * instructions with input; a message role the client picks; a client-posted conversation
 * passed on without limiting its roles. User text in its own user message is the safe shape.
 */
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import type { FlowModel } from "../src/model/flow/index.js";
import { oneFileFlow } from "../src/model/flow/one-file.js";
import type { InstructionHit } from "../src/model/flow/prompts.js";
import { describeCall, tracePath } from "./support/flow-report.js";

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
    fix: "Keep instructions constant and send the user's text in its own user-role message; choose variants from a fixed table by a validated key, and limit client-posted conversations to user/assistant roles.",
    example: {
      bad: 'const { persona, question } = req.body;\nawait openai.chat.completions.create({ model, max_tokens: 500, messages: [\n  { role: "system", content: `You are ${persona}.` },\n  { role: "user", content: question },\n] });',
      good: 'const { persona, question } = Body.parse(req.body); // persona: z.enum(["tutor", "editor"])\nawait openai.chat.completions.create({ model, max_tokens: 500, messages: [\n  { role: "system", content: PERSONAS[persona] },\n  { role: "user", content: question },\n] });',
    },
    scope: "prompt arguments of every model call, traced back to request data, server action arguments, tRPC input, WebSocket messages and browser inputs",
    eslint: true,
  },

  checkFileAlone(file, context) {
    const flow = oneFileFlow(file, context.ts);
    if (flow) report(flow, () => file, context);
  },

  checkProject(project, context) {
    report(project.flow(context.ts), (rel) => project.file(rel), context);
  },
});

function report(flow: FlowModel, fileOf: (rel: string) => FileFacts | undefined, context: RuleContext): void {
  const reported = new Set<unknown>();
  const sites = [
    ...flow.prompts.map((p) => ({ call: describeCall(p.call), hits: p.instructions })),
    ...flow.madeInstructions.map((m) => ({ call: `${m.made.method} (${m.made.provider})`, hits: m.instructions })),
    { call: "a prompt template", hits: flow.templateInstructions },
  ];
  for (const prompt of sites) {
    context.judged();
    for (const hit of prompt.hits) {
      if (reported.has(hit.node)) continue;
      reported.add(hit.node);
      const file = fileOf(hit.file);
      if (!file) continue;
      const start = hit.node.getStart();
      const call = prompt.call;
      context.report({
        file,
        start,
        end: hit.node.getEnd(),
        message: message(hit, call),
        identity: `${hit.kind}\0${hit.position}\0${hit.trace.source.label}`,
        path: tracePath(hit.trace, { file: hit.file, start, note: `${hit.position} of ${call}` }, fileOf),
      });
    }
  }
}

function message(hit: InstructionHit, call: string): string {
  const source = hit.trace.source.label;
  switch (hit.kind) {
    case "system":
      return `Untrusted input (${source}) is written into the instructions of ${call} (${hit.position}): whoever sends it can rewrite the model's rules.`;
    case "mixed":
      return `One prompt string for ${call} (${hit.position}) mixes fixed instructions with untrusted input (${source}): the model cannot tell the app's directions from the sender's.`;
    case "conversation":
      return `A client-posted conversation (${source}) is passed to ${call} as it came: the client can add its own system messages or forge the assistant's earlier turns.`;
    case "role":
      return `The role of a message to ${call} comes from untrusted input (${source}): the client can send system instructions.`;
  }
}
