/**
 * A spread in a model call's request object (`{ model, messages, ...config }`): later
 * properties win, so a spread after the prompt fields (or in an object that writes none) may
 * replace the messages or the system prompt. What it spreads reaches the prompt, and PI-2 and
 * RL-3 judge it; a spread before the prompt fields, of the app's own constant, or of an
 * object whose fields a schema fixed is left alone. Small projects written to a temp dir,
 * reported (rule, file, line).
 */
import { describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../src/engine/scan.js";
import { pluginRule, typescriptRuleTester, type Row } from "./helpers/rule-tester.js";
import { tempProjects } from "./helpers/temp-projects.js";

const PI1 = "untrusted-input-in-instructions";
const PI2 = "unvalidated-input-to-model";
const RL3 = "unbounded-input-to-model";
const ROLES = "client-controlled-roles";
const MINE = [PI1, PI2, RL3, ROLES];

const write = tempProjects("aigis-request-spread-");

const DEPENDENCIES = { express: "^4", fastify: "^5", "@sinclair/typebox": "^0.33", openai: "^4", "@anthropic-ai/sdk": "^0.30", zod: "^3" };

async function run(files: Record<string, string>): Promise<{ rows: Row[]; result: ScanResult }> {
  const result = await scan({ target: write({ "package.json": JSON.stringify({ name: "app", private: true, dependencies: DEPENDENCIES }), ...files }) });
  const rows = result.findings
    .filter((f) => MINE.includes(f.ruleId))
    .map((f): Row => [f.ruleId, f.file, f.line])
    .sort((a, b) => a[1].localeCompare(b[1]) || a[2] - b[2] || a[0].localeCompare(b[0]));
  return { rows, result };
}

const EXPRESS = 'import express from "express";\nimport OpenAI from "openai";\nimport { z } from "zod";\nconst openai = new OpenAI();\nconst app = express();\n';
/** The line of the model call in `express(…)`'s route. */
const CALL_LINE = EXPRESS.split("\n").length + 3;

/** An Express route whose body schema has a bounded question and `options` of the given schema, with the request written by `request`. */
function express(options: string, request: string): Record<string, string> {
  return {
    "src/app.ts": `${EXPRESS}const Body = z.object({ question: z.string().max(2000), options: ${options} });\napp.post("/ask", async (req, res) => {\n  const { question, options } = Body.parse(req.body);\n  res.json(await openai.chat.completions.create(${request}));\n});\n`,
  };
}
const MESSAGES = 'messages: [{ role: "system", content: "Answer briefly." }, { role: "user", content: question }]';

describe("a spread in a model call's request object", () => {
  it("after the messages, of a body field typed as any (TypeBox Type.Any() in a Fastify route schema, through a helper in another file): PI-2 and RL-3 at the call, from the request body", async () => {
    const { rows, result } = await run({
      "src/complete.ts": 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function complete(body: any) {\n  const completion = await openai.chat.completions.create(body);\n  return completion.choices[0]?.message?.content ?? "";\n}\n',
      "src/answer.ts": 'import { complete } from "./complete";\nexport async function answer(content: string, config: any) {\n  const messages = [{ role: "system", content: "Answer briefly." }, { role: "user", content }];\n  return complete({ model: "gpt-4o-mini", max_tokens: 300, messages, ...config });\n}\n',
      "src/server.ts":
        'import Fastify from "fastify";\nimport { Type } from "@sinclair/typebox";\nimport { answer } from "./answer";\nconst app = Fastify();\nconst AskBody = Type.Object({\n  content: Type.String({ maxLength: 2000 }),\n  config: Type.Any(),\n});\napp.post("/ask", { schema: { body: AskBody } }, async (request: any) => {\n  const { content, config } = request.body;\n  return { answer: await answer(content, config) };\n});\napp.listen({ port: 3000 });\n',
    });
    expect(rows).toEqual([
      [RL3, "src/answer.ts", 4],
      [PI2, "src/answer.ts", 4],
    ]);
    const pi2 = result.findings.find((f) => f.ruleId === PI2)!;
    expect(pi2.path?.[0]).toMatchObject({ file: "src/server.ts", line: 10 });
    expect(pi2.path?.some((p) => p.file === "src/answer.ts" && p.line === 4)).toBe(true);
  });

  it("without the spread, or with the field typed, the same app is quiet", async () => {
    const app = (request: string, config: string) => ({
      "src/server.ts": `import Fastify from "fastify";\nimport OpenAI from "openai";\nimport { Type } from "@sinclair/typebox";\nconst openai = new OpenAI();\nconst app = Fastify();\nconst AskBody = Type.Object({ content: Type.String({ maxLength: 2000 }), config: ${config} });\napp.post("/ask", { schema: { body: AskBody } }, async (request: any) => {\n  const { content, config } = request.body;\n  return openai.chat.completions.create(${request});\n});\n`,
    });
    const call = '{ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content }]';
    expect((await run(app(`${call}, ...config }`, "Type.Any()"))).rows).toEqual([[RL3, "src/server.ts", 9], [PI2, "src/server.ts", 9]]);
    expect((await run(app(`${call} }`, "Type.Any()"))).rows).toEqual([]);
    expect((await run(app(`${call}, ...config }`, "Type.Object({ temperature: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false })"))).rows).toEqual([]);
  });

  it("after the messages, of a zod field that takes any value, or of an object holding it: PI-2 and RL-3", async () => {
    expect((await run(express("z.any()", `{ model: "gpt-4o-mini", max_tokens: 300, ${MESSAGES}, ...options }`))).rows).toEqual([[RL3, "src/app.ts", CALL_LINE], [PI2, "src/app.ts", CALL_LINE]]);
    // A literal spread is opened: what it spreads in turn comes after the messages too.
    expect((await run(express("z.any()", `{ model: "gpt-4o-mini", max_tokens: 300, ${MESSAGES}, ...{ user: "app", ...options } }`))).rows).toEqual([[RL3, "src/app.ts", CALL_LINE], [PI2, "src/app.ts", CALL_LINE]]);
    // Between two prompt fields (Anthropic's `system` and `messages`) it replaces the earlier one.
    const anthropic = {
      "src/app.ts": 'import express from "express";\nimport Anthropic from "@anthropic-ai/sdk";\nconst anthropic = new Anthropic();\nconst app = express();\napp.post("/ask", async (req, res) => {\n  const question = String(req.body.question ?? "").slice(0, 2000);\n  if (typeof req.body.question !== "string") return res.status(400).end();\n  res.json(await anthropic.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 300, system: "Answer briefly.", ...req.body.settings, messages: [{ role: "user", content: question }] }));\n});\n',
    };
    expect((await run(anthropic)).rows).toEqual([[RL3, "src/app.ts", 8], [PI2, "src/app.ts", 8]]);
  });

  it("in a request that writes no messages of its own: the spread is where they come from", async () => {
    expect((await run(express("z.any()", '{ model: "gpt-4o-mini", max_tokens: 300, ...options }'))).rows).toEqual([[RL3, "src/app.ts", CALL_LINE], [PI2, "src/app.ts", CALL_LINE]]);
  });

  it("in a raw request's JSON body, after the messages: PI-2 and RL-3", async () => {
    const { rows } = await run({
      "src/app.ts": `import express from "express";\nimport { z } from "zod";\nconst app = express();\nconst Body = z.object({ question: z.string().max(2000), options: z.unknown() });\napp.post("/ask", async (req, res) => {\n  const { question, options } = Body.parse(req.body);\n  const r = await fetch("https://api.openai.com/v1/chat/completions", {\n    method: "POST",\n    headers: { Authorization: \`Bearer \${process.env.OPENAI_API_KEY}\`, "Content-Type": "application/json" },\n    body: JSON.stringify({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: question }], ...(options as object) }),\n  });\n  res.json(await r.json());\n});\n`,
    });
    expect(rows).toEqual([[RL3, "src/app.ts", 7], [PI2, "src/app.ts", 7]]);
  });

  it("before the messages: they override whatever it holds, quiet", async () => {
    expect((await run(express("z.any()", `{ ...options, model: "gpt-4o-mini", max_tokens: 300, ${MESSAGES} }`))).rows).toEqual([]);
  });

  it("of an object whose fields a schema fixed (a strict zod object, a plain one that strips the rest), quiet; one that passes other keys on is judged by its schema", async () => {
    const request = `{ model: "gpt-4o-mini", max_tokens: 300, ${MESSAGES}, ...options }`;
    expect((await run(express("z.object({ temperature: z.number().min(0).max(1) }).strict()", request))).rows).toEqual([]);
    expect((await run(express("z.object({ stop: z.string() })", request))).rows).toEqual([]);
    // Validated, but the schema lets `messages` through with no bound on its size: RL-3.
    expect((await run(express("z.object({ stop: z.string() }).passthrough()", request))).rows).toEqual([[RL3, "src/app.ts", CALL_LINE]]);
  });

  it("of the app's own settings (a constant here or in another file, a conditional literal), quiet", async () => {
    const { rows } = await run({
      "src/defaults.ts": "export const SHARED = { temperature: 0.2, top_p: 0.9 };\n",
      "src/app.ts": `${EXPRESS}import { SHARED } from "./defaults";\nconst LOCAL = { presence_penalty: 0.1 };\nconst Body = z.object({ question: z.string().max(2000), stream: z.boolean() });\napp.post("/ask", async (req, res) => {\n  const { question, stream } = Body.parse(req.body);\n  res.json(await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, ${MESSAGES}, ...SHARED, ...LOCAL, ...(stream && { stream: true }) }));\n});\n`,
    });
    expect(rows).toEqual([]);
  });
});

describe("through ESLint, one file at a time", () => {
  const tester = typescriptRuleTester();
  const header = 'import OpenAI from "openai";\nconst openai = new OpenAI();\n';
  const route = (request: string) => `${header}export async function POST(req: Request) {\n  const { question, config } = await req.json();\n  if (typeof question !== "string" || question.length > 2000) return new Response(null, { status: 400 });\n  return openai.chat.completions.create(${request});\n}`;
  tester.run(PI2, pluginRule(PI2), {
    valid: [{ filename: "src/app.ts", code: route('{ ...config, model: "gpt-4o", max_tokens: 9, messages: [{ role: "user", content: question }] }') }],
    invalid: [{ filename: "src/app.ts", code: route('{ model: "gpt-4o", max_tokens: 9, messages: [{ role: "user", content: question }], ...config }'), errors: [{ messageId: "finding", line: 6 }] }],
  });
});
