/**
 * RL-3: untrusted input that reaches a model call with no bound on its size.
 *
 * Detector: every untrusted input traced back from a call's prompt arguments
 * (`src/model/flow/`), and whether anything bounded it on the way: truncation
 * (`.slice(0, n)`, `truncate()`), a length check that returns or throws first, a schema
 * maximum (`.max(n)`, `maxLength`, `@MaxLength`, koa-parameter's `max: n`). Where a schema
 * checked the input without a maximum, or an upload's multer sets no file size cap, that place
 * is a step of the finding's path: it is where the bound belongs.
 *
 * Not what the user types, picks or dictates into a page or an app that makes the model call
 * itself, on their own device (`FlowSource.ownInput`): a bound there would run on the user's
 * side, who holds the key the call is made with. The call from the browser is the mistake,
 * reported as CS-1.
 */
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import type { FlowModel } from "../src/model/flow/index.js";
import { flowRuleChecks, reportInputsMissing } from "./support/flow-report.js";
import { isBounded } from "../src/model/flow/schemas.js";

export default defineRule({
  meta: {
    id: "unbounded-input-to-model",
    title: "Untrusted input reaches a model with no size limit",
    checklist: ["RL-3"],
    severity: "warning",
    cwe: ["CWE-770", "CWE-400"],
    owaspLlm: { "2025": "LLM10", "2026": "LLM06" },
    description:
      "Request data of any length goes into a model call. Every input token is billed, so one large request (or a conversation that keeps growing) costs as much as thousands of normal ones, and long inputs also crowd out the app's instructions.",
    fix: "Reject or cut oversized input before the call: a schema maximum (z.string().max(4000), maxLength), a length check that answers 413, or truncation; cap how many messages of a conversation are sent.",
    example: {
      bad: "const { text } = req.body;\nawait openai.responses.create({ model, max_output_tokens: 400, input: text });",
      good: 'const { text } = req.body;\nif (typeof text !== "string" || text.length > 8000) return res.status(413).end();\nawait openai.responses.create({ model, max_output_tokens: 400, input: text });',
    },
    scope: "prompt arguments of every model call, traced back to untrusted input",
    eslint: true,
  },

  ...flowRuleChecks(report),
});

function report(flow: FlowModel, fileOf: (rel: string) => FileFacts | undefined, context: RuleContext): void {
  reportInputsMissing(flow, fileOf, context, isBounded, "with no size limit", (t) => [
    ...(t.validated ? [{ ...t.validated, note: `${t.validated.note}, which sets no size limit` }] : []),
    ...(t.uncapped ? [t.uncapped] : []),
  ]);
}
