/**
 * DP-1: personal data sent to a model provider as it is.
 *
 * Detector: the prompt analysis of every model call (`src/model/flow/prompts.ts`) with the
 * data traced back (`src/model/flow/personal.ts`) to request data and action arguments, or
 * to a person's record (session user, auth provider user, a users/patients row, a parameter
 * typed `Patient`). A trace that went by an obviously personal field (`email`,
 * `dateOfBirth`, `symptoms`, `name` on a person: `knowledge/personal-data.ts`), or a whole
 * person record (`JSON.stringify(user)`), is a finding at the model call. A scrubber on the
 * way (`redact(…)`, `anonymize(…)`, a PII library) stops the flow and is evidence. No
 * personal field and no scrubber: the item is left to a person (free text may hold personal
 * data).
 */
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import { personalDataFlow, type PersonalDataHit } from "../src/model/flow/personal.js";
import { describeCall, tracePath } from "./support/flow-report.js";

export default defineRule({
  meta: {
    id: "personal-data-in-prompt",
    title: "Personal data sent to a model provider as it is",
    checklist: ["DP-1"],
    severity: "warning",
    cwe: ["CWE-359"],
    owaspLlm: { "2025": "LLM02", "2026": "LLM02" },
    description:
      "An obviously personal field (email, phone, address, date of birth, national id, a person's name, health data) read from the request or from a user's record goes into a prompt as it is. The provider receives and may log or retain it, which your privacy notice and data-processing terms must cover, and the model may repeat it to whoever reads the answer.",
    fix: "Send only what the task needs: an id or the user's chosen topic instead of their email or name, or run the text through a redaction step (your own `redact()`, a PII library, Presidio, Comprehend or Cloud DLP) before it goes into the prompt.",
    example: {
      bad: 'const { symptoms, dateOfBirth } = req.body;\nawait openai.chat.completions.create({ model, max_tokens: 400, messages: [\n  { role: "user", content: `Patient born ${dateOfBirth} reports: ${symptoms}` },\n] });',
      good: 'const { symptoms, age } = req.body;\nawait openai.chat.completions.create({ model, max_tokens: 400, messages: [\n  { role: "user", content: `Patient aged ${age} reports: ${redact(symptoms)}` },\n] });',
    },
    scope: "prompt arguments of every model call, traced back to request data, server action arguments and users' records (session user, auth provider user, database rows of users, profiles, customers, patients)",
  },

  checkProject(project, context) {
    const flow = personalDataFlow(project.flow(context.ts));
    const fileOf = (rel: string) => project.file(rel);
    context.judged(flow.judged);
    for (const hit of flow.hits) report(hit, fileOf, context);
    for (const step of flow.scrubbing) {
      const file = fileOf(step.file);
      if (file) context.evidence({ file, start: step.start, note: step.note });
    }
    if (flow.judged > 0 && flow.hits.length === 0 && flow.scrubbing.length === 0) {
      context.undecided("Model calls exist, no obviously personal field reaches a prompt as it is and no scrubbing step is visible: free text users send may still hold personal data.");
    }
  },
});

function report(hit: PersonalDataHit, fileOf: (rel: string) => FileFacts | undefined, context: RuleContext): void {
  const file = fileOf(hit.call.file);
  if (!file) return;
  const call = describeCall(hit.call);
  const bySource = new Map<string, string[]>();
  for (const f of hit.fields) bySource.set(f.source, [...(bySource.get(f.source) ?? []), f.field]);
  const what = [...bySource].map(([source, fields]) => `${fields.map((f) => (f === "whole user record" ? f : `\`${f}\``)).join(", ")} from ${source}`).join("; ");
  context.report({
    file,
    start: hit.call.start,
    end: hit.call.end,
    message: `Personal data goes into the prompt of ${call} as it is: ${what}.`,
    identity: `${hit.call.method}\0${hit.fields.map((f) => f.field).join(",")}`,
    path: tracePath(hit.trace, { file: hit.call.file, start: hit.call.start, note: `prompt of ${call}` }, fileOf),
  });
}
