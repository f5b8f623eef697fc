/**
 * PI-2: untrusted input that reaches a model call without schema validation on the way.
 *
 * Detector: every untrusted input traced back from a call's prompt arguments
 * (`src/model/flow/`), and whether a schema validated it between source and call: zod,
 * valibot, yup, joi, ajv, TypeBox, class-validator DTOs, tRPC `.input()`, Fastify route
 * schemas, Hono validators, h3 `readValidatedBody`, koa-parameter's `ctx.verifyParams(rules)` before the
 * read (tables in `src/knowledge/data-flow.ts`).
 *
 * Not what the user types, picks or dictates into a page or an app that makes the model call
 * itself, on their own device (`FlowSource.ownInput`): no trust boundary lies between them,
 * and a check there would run on the user's side. The call from the browser is the mistake,
 * reported as CS-1.
 */
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import type { FlowModel } from "../src/model/flow/index.js";
import { flowRuleChecks, reportInputsMissing } from "./support/flow-report.js";
import { isValidated } from "../src/model/flow/schemas.js";

export default defineRule({
  meta: {
    id: "unvalidated-input-to-model",
    title: "Untrusted input reaches a model without schema validation",
    checklist: ["PI-2"],
    severity: "warning",
    cwe: ["CWE-20"],
    owaspLlm: { "2025": "LLM01", "2026": "LLM01" },
    description:
      "Request data reaches a model call without passing a schema first. Anything the client sends, of any type, shape or role, goes into the prompt: objects where text was expected, extra fields, system-role messages in a conversation.",
    fix: "Parse the input with a schema before using it (zod, valibot, joi, class-validator, tRPC .input(), a Fastify route schema) and build the prompt from the parsed value only.",
    example: {
      bad: "const { question } = await req.json();\nawait generateText({ model, maxOutputTokens: 500, prompt: question });",
      good: "const { question } = Body.parse(await req.json()); // z.object({ question: z.string().max(2000) })\nawait generateText({ model, maxOutputTokens: 500, prompt: question });",
    },
    scope: "prompt arguments of every model call, traced back to untrusted input",
    eslint: true,
  },

  ...flowRuleChecks(report),
});

function report(flow: FlowModel, fileOf: (rel: string) => FileFacts | undefined, context: RuleContext): void {
  reportInputsMissing(flow, fileOf, context, isValidated, "without schema validation");
}
