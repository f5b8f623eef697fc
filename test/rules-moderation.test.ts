/**
 * PI-3 (ai-input-without-moderation) and OF-3 (ai-output-without-moderation) on small
 * Express projects written to a temp dir: the screening shapes of `knowledge/moderation.ts`
 * beyond those of the checklist fixtures (middleware, guard models, Bedrock guardrails,
 * Lakera, Mistral), a verdict stored and never read, and the routes that are not subjects.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";

const PI3 = "ai-input-without-moderation";
const OF3 = "ai-output-without-moderation";

const base = mkdtempSync(join(tmpdir(), "aigis-moderation-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

const PKG = JSON.stringify({
  name: "helpdesk",
  type: "module",
  dependencies: { openai: "^5", express: "^5", "groq-sdk": "^0.30", "@mistralai/mistralai": "^1", "@aws-sdk/client-bedrock-runtime": "^3", "leo-profanity": "^1", ai: "^2" },
});

const lines = (...l: string[]) => `${l.join("\n")}\n`;

/** An Express app with the route file given, and an OpenAI client. */
const APP = lines('import express from "express";', 'import { router } from "./routes.js";', "const app = express();", "app.use(express.json());", 'app.use("/api", router);', "app.listen(3000);");
const CLIENT = lines('import OpenAI from "openai";', "export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });");
const ROUTES_HEAD = ['import { Router } from "express";', 'import { openai } from "./client.js";', "export const router = Router();"];
const ANSWER = ['  const c = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: req.body.text }] });'];

async function run(routes: string, extra: Record<string, string> = {}) {
  const dir = join(base, `p${++counter}`);
  for (const [rel, content] of Object.entries({ "package.json": PKG, "src/app.js": APP, "src/client.js": CLIENT, "src/routes.js": routes, ...extra })) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const result = await scan({ target: dir });
  const rows = result.findings.filter((f) => f.ruleId === PI3 || f.ruleId === OF3).map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort();
  const status = (id: string) => result.checklist.find((c) => c.id === id)?.status;
  const evidence = (id: string) => (result.checklist.find((c) => c.id === id)?.evidence ?? []).map((e) => `${e.file}:${e.line}`).sort();
  return { rows, status, evidence };
}

describe("PI-3 and OF-3", () => {
  it("an answer handed with the response object to a project helper that sends it is output; the response object alone is not", async () => {
    const r = await run(
      lines(
        ...ROUTES_HEAD,
        'import { reply } from "./reply.js";',
        'router.post("/ask", async (req, res) => {', // 5
        ...ANSWER,
        "  reply(res, { answer: c.choices[0].message.content });",
        "});",
        'router.post("/count", async (req, res) => {',
        ...ANSWER,
        "  await saveAnswer(c.choices[0].message.content);",
        "  reply(res, { saved: true });",
        "});",
        "async function saveAnswer(text) { return text.length; }",
      ),
      { "src/reply.js": lines("export function reply(res, body) {", "  res.status(200).json(body);", "}") },
    );
    expect(r.rows.filter((row) => row.startsWith(OF3))).toEqual([`${OF3} src/routes.js:5`]);
  });

  it("a Remix action on Vercel (`json` of @vercel/remix) that returns the whole completion sends its output", async () => {
    const remix = JSON.stringify({ name: "titles", dependencies: { "@remix-run/react": "^2", "@vercel/remix": "^2", openai: "^4" } });
    const action = (body: string) =>
      lines(
        'import { json, type ActionFunctionArgs } from "@vercel/remix";',
        'import { openai } from "~/lib/openai.server";',
        "export const action = async ({ request }: ActionFunctionArgs) => {", // 3
        "  const { data } = await request.json();",
        '  const response = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 30, messages: [{ role: "user", content: data.content }] });',
        `  return json(${body});`,
        "};",
      );
    const r = await run("export {};\n", {
      "package.json": remix,
      "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "~/*": ["./app/*"] } } }),
      "app/lib/openai.server.ts": CLIENT,
      "app/routes/api.title.tsx": action("response"),
      "app/routes/api.stored.tsx": action("{ ok: true }"),
    });
    expect(r.rows.filter((row) => row.startsWith(OF3))).toEqual([`${OF3} app/routes/api.title.tsx:3`]);
  });

  it("a helper that returns its stream as the response sends the output; the finding names that call, not a title call made first", async () => {
    const next = JSON.stringify({ name: "chat", dependencies: { next: "^15", ai: "^4", "@ai-sdk/openai": "^1" } });
    const dir = join(base, `p${++counter}`);
    const files: Record<string, string> = {
      "package.json": next,
      "lib/title.ts": lines('import { generateText } from "ai";', 'import { openai } from "@ai-sdk/openai";', "export async function nameChat(text: string) {", '  const { text: title } = await generateText({ model: openai("gpt-4o-mini"), maxTokens: 20, prompt: `Title for: ${text}` });', "  return title;", "}"),
      "lib/reply.ts": lines('import { streamText, type CoreMessage } from "ai";', 'import { openai } from "@ai-sdk/openai";', "export async function reply(messages: CoreMessage[]) {", '  const result = streamText({ model: openai("gpt-4o"), maxTokens: 500, messages });', "  return result.toDataStreamResponse();", "}"),
      "app/api/chat/route.ts": lines('import { nameChat } from "../../../lib/title";', 'import { reply } from "../../../lib/reply";', "export async function POST(req: Request) {", "  const { messages } = await req.json();", "  await nameChat(messages[0].content);", "  return reply(messages);", "}"),
    };
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), content);
    }
    const result = await scan({ target: dir });
    const of3 = result.findings.filter((f) => f.ruleId === OF3);
    expect(of3.map((f) => `${f.file}:${f.line}`)).toEqual(["app/api/chat/route.ts:3"]);
    expect(of3[0]!.message).toContain("streamText at lib/reply.ts:4");
  });

  it("an answer saved by an ORM write and sent back as the record written is output; the fields it did not hold, or a record read back by id, are not", async () => {
    const r = await run(
      lines(
        ...ROUTES_HEAD,
        'import { notes, prisma } from "./notes.js";',
        'router.post("/summaries", async (req, res) => {', // 5
        ...ANSWER,
        "  const note = await notes.create({ title: req.body.title, summary: c.choices[0].message.content });",
        "  res.status(201).json(note);",
        "});",
        'router.post("/drafts", async (req, res) => {', // 10
        ...ANSWER,
        "  const saved = await notes.create({ title: req.body.title, summary: c.choices[0].message.content });",
        "  res.status(201).json(await notes.find(saved.id));",
        "});",
        'router.post("/queued", async (req, res) => {', // 15
        ...ANSWER,
        '  const job = await prisma.job.create({ data: { status: "queued", result: c.choices[0].message.content } });',
        "  res.status(202).json({ id: job.id, status: job.status });",
        "});",
      ),
      {
        "src/notes.js": lines(
          'import { PrismaClient } from "@prisma/client";',
          "export const prisma = new PrismaClient();",
          "export const notes = {",
          "  async create(data) { return prisma.note.create({ data }); },",
          "  async find(id) { return prisma.note.findUnique({ where: { id } }); },",
          "};",
        ),
      },
    );
    expect(r.rows.filter((row) => row.startsWith(OF3))).toEqual([`${OF3} src/routes.js:5`]);
  });

  it("an answer raced against a timeout (`Promise.race`) is still the answer when sent", async () => {
    const r = await run(
      lines(
        ...ROUTES_HEAD,
        'router.post("/plan", async (req, res) => {', // 4
        '  const call = openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: req.body.text }] });',
        '  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 30000));',
        "  const c = await Promise.race([call, timeout]);",
        "  res.json({ plan: c.choices[0].message.content });",
        "});",
        'router.post("/ping", async (req, res) => {', // 10
        "  const [a] = await Promise.all([Promise.resolve(req.body.text.length)]);",
        "  res.json({ a });",
        "});",
      ),
    );
    expect(r.rows.filter((row) => row.startsWith(OF3))).toEqual([`${OF3} src/routes.js:4`]);
  });

  it("an answer sent as a server-sent event (Fastify `reply.sse`, Hono `stream.writeSSE`) is sent output", async () => {
    const ask = '  const c = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: request.body.text }] });';
    const r = await run("export {};\n", {
      "package.json": JSON.stringify({ name: "sse", type: "module", dependencies: { fastify: "^5", "fastify-sse-v2": "^4", openai: "^5" } }),
      "src/app.js": lines(
        'import Fastify from "fastify";',
        'import { FastifySSEPlugin } from "fastify-sse-v2";',
        'import { openai } from "./client.js";',
        "const app = Fastify();",
        "app.register(FastifySSEPlugin);",
        'app.post("/ask", async (request, reply) => {', // 6
        ask,
        '  reply.sse({ event: "answer", data: JSON.stringify({ text: c.choices[0].message.content }) });',
        "});",
        'app.post("/count", async (request, reply) => {', // 10
        ask,
        '  reply.sse({ event: "done", data: JSON.stringify({ ok: true }) });',
        "});",
        "app.listen({ port: 3000 });",
      ),
    });
    expect(r.rows.filter((row) => row.startsWith(OF3))).toEqual([`${OF3} src/app.js:6`]);
    const hono = await run("export {};\n", {
      "package.json": JSON.stringify({ name: "sse", type: "module", dependencies: { hono: "^4", openai: "^5" } }),
      "src/app.js": lines(
        'import { Hono } from "hono";',
        'import { streamSSE } from "hono/streaming";',
        'import { openai } from "./client.js";',
        "const app = new Hono();",
        'app.post("/ask", (c) => streamSSE(c, async (stream) => {', // 5
        "  const body = await c.req.json();",
        '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: body.text }] });',
        "  await stream.writeSSE({ event: \"answer\", data: r.choices[0].message.content });",
        "}));",
        "export default app;",
      ),
    });
    expect(hono.rows.filter((row) => row.startsWith(OF3))).toEqual([`${OF3} src/app.js:5`]);
  });

  it("chunks of a streamed answer enqueued into the response's ReadableStream are sent output; a stream the route only reads is not", async () => {
    const next = JSON.stringify({ name: "chat", dependencies: { next: "^15", openai: "^5" } });
    const route = (body: string[]) =>
      lines(
        'import OpenAI from "openai";',
        "const openai = new OpenAI();",
        "export async function POST(req: Request) {", // 3
        "  const { text } = await req.json();",
        '  const completion = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, stream: true, messages: [{ role: "user", content: text }] });',
        "  const encoder = new TextEncoder();",
        ...body,
        "}",
      );
    const r = await run("export {};\n", {
      "package.json": next,
      "app/api/chat/route.ts": route([
        "  const stream = new ReadableStream({",
        "    async start(controller) {",
        '      for await (const chunk of completion) controller.enqueue(encoder.encode(chunk.choices[0]?.delta?.content ?? ""));',
        "      controller.close();",
        "    },",
        "  });",
        "  return new Response(stream);",
      ]),
      "app/api/count/route.ts": route([
        "  let chars = 0;",
        "  const counter = new WritableStream({ write(chunk) { chars += String(chunk).length; } });",
        '  for await (const chunk of completion) await counter.getWriter().write(chunk.choices[0]?.delta?.content ?? "");',
        "  return Response.json({ chars });",
      ]),
    });
    expect(r.rows.filter((row) => row.startsWith(OF3))).toEqual([`${OF3} app/api/chat/route.ts:3`]);
  });

  it("a verdict stored in a variable nobody reads screens nothing", async () => {
    const r = await run(lines(...ROUTES_HEAD, 'router.post("/ask", async (req, res) => {', '  const verdict = await openai.moderations.create({ input: req.body.text });', ...ANSWER, "  res.json({ answer: c.choices[0].message.content });", "});"));
    expect(r.rows).toEqual([`${PI3} src/routes.js:4`, `${OF3} src/routes.js:4`]);
    expect(r.evidence("PI-3")).toEqual([]);
  });

  it("moderation in the route's middleware screens the input; a guard model on the answer screens the output", async () => {
    const r = await run(
      lines(
        'import Groq from "groq-sdk";',
        ...ROUTES_HEAD,
        "const groq = new Groq();",
        "async function screen(req, res, next) {",
        '  const m = await openai.moderations.create({ model: "omni-moderation-latest", input: req.body.text });',
        '  if (m.results[0].flagged) return res.status(400).json({ error: "blocked" });',
        "  next();",
        "}",
        'router.post("/ask", screen, async (req, res) => {',
        ...ANSWER,
        "  const answer = c.choices[0].message.content;",
        '  const safe = await groq.chat.completions.create({ model: "llama-guard-4-12b", max_tokens: 10, messages: [{ role: "user", content: answer }] });',
        '  if (safe.choices[0].message.content !== "safe") return res.json({ answer: "Sorry." });',
        "  res.json({ answer });",
        "});",
      ),
    );
    expect(r.rows).toEqual([]);
    expect(r.status("PI-3")).toBe("pass");
    expect(r.status("OF-3")).toBe("pass");
    expect(r.evidence("PI-3")).toEqual(["src/routes.js:7"]);
    expect(r.evidence("OF-3")).toEqual(["src/routes.js:14"]);
  });

  it("Lakera on the input and a profanity filter's clean text on the output", async () => {
    const r = await run(
      lines(
        'import filter from "leo-profanity";',
        ...ROUTES_HEAD,
        'router.post("/ask", async (req, res) => {',
        '  const guard = await fetch("https://api.lakera.ai/v2/guard", { method: "POST", body: JSON.stringify({ messages: [{ role: "user", content: req.body.text }] }) });',
        '  if ((await guard.json()).flagged) return res.status(400).end();',
        ...ANSWER,
        "  res.json({ answer: filter.clean(c.choices[0].message.content) });",
        "});",
      ),
    );
    expect(r.rows).toEqual([]);
    expect(r.evidence("PI-3")).toEqual(["src/routes.js:6"]);
    expect(r.evidence("OF-3")).toEqual(["src/routes.js:9"]);
  });

  it("a Bedrock guardrail on the Converse call counts for both sides; Mistral moderation before the call for the input", async () => {
    const r = await run(
      lines(
        'import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";',
        'import { Mistral } from "@mistralai/mistralai";',
        'import { Router } from "express";',
        "export const router = Router();",
        "const bedrock = new BedrockRuntimeClient({ region: \"eu-west-1\" });",
        "const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY });",
        'router.post("/bedrock", async (req, res) => {',
        "  const out = await bedrock.send(new ConverseCommand({",
        '    modelId: "anthropic.claude-3-haiku-20240307-v1:0",',
        '    messages: [{ role: "user", content: [{ text: req.body.text }] }],',
        "    inferenceConfig: { maxTokens: 300 },",
        '    guardrailConfig: { guardrailIdentifier: "gr-123", guardrailVersion: "1" },',
        "  }));",
        "  res.json({ answer: out.output.message.content[0].text });",
        "});",
        'router.post("/mistral", async (req, res) => {',
        '  const m = await mistral.classifiers.moderate({ model: "mistral-moderation-latest", inputs: [req.body.text] });',
        "  if (Object.values(m.results[0].categories).some(Boolean)) return res.status(400).end();",
        '  const c = await mistral.chat.complete({ model: "mistral-small-latest", maxTokens: 300, messages: [{ role: "user", content: req.body.text }] });',
        "  await saveAnswer(c.choices[0].message.content);",
        "  res.status(202).end();",
        "});",
        "async function saveAnswer(text) { return text; }",
      ),
    );
    expect(r.rows).toEqual([]);
    expect(r.evidence("PI-3")).toEqual(["src/routes.js:12", "src/routes.js:17"]);
    expect(r.evidence("OF-3")).toEqual(["src/routes.js:12"]);
  });

  it("the call judged is the one that generates, past an embedding made first; a legacy AI SDK stream wrapper sends its output", async () => {
    const r = await run(
      lines(
        'import { OpenAIStream, StreamingTextResponse } from "ai";',
        ...ROUTES_HEAD,
        'router.post("/rag", async (req, res) => {',
        '  const e = await openai.embeddings.create({ model: "text-embedding-3-small", input: req.body.text });',
        '  const c = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, stream: true, messages: [{ role: "user", content: `${e.data.length} ${req.body.text}` }] });',
        "  const stream = OpenAIStream(c);",
        "  return new StreamingTextResponse(stream);",
        "});",
      ),
    );
    expect(r.rows).toEqual([`${PI3} src/routes.js:5`, `${OF3} src/routes.js:5`]);
  });

  it("request input read by a helper and passed on through the handler makes a PI-3 subject", async () => {
    const r = await run(
      lines(
        ...ROUTES_HEAD,
        'import { readQuestion } from "./body.js";',
        'router.post("/ask", async (req, res) => {',
        "  const question = readQuestion(req);",
        '  const c = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: question }] });',
        "  await keep(c.choices[0].message.content);",
        "  res.status(202).end();",
        "});",
        "async function keep(text) { return text; }",
      ),
      { "src/body.js": lines("export function readQuestion(req) {", "  return String(req.body.question).slice(0, 2000);", "}") },
    );
    expect(r.rows).toEqual([`${PI3} src/routes.js:5`]);
    expect(r.status("OF-3")).toBe("n/a");
  });

  it("a route with no request input in its prompt that stores its answer is no subject of either: both items n/a", async () => {
    const r = await run(
      lines(
        ...ROUTES_HEAD,
        'router.post("/nightly", async (_req, res) => {',
        '  const c = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: "Write a tip of the day." }] });',
        "  await store(c.choices[0].message.content);",
        "  res.status(204).end();",
        "});",
        "async function store(text) { return text; }",
      ),
    );
    expect(r.rows).toEqual([]);
    expect(r.status("PI-3")).toBe("n/a");
    expect(r.status("OF-3")).toBe("n/a");
  });

  it("what a model-catalogue lookup answers is no model output: a route that sends it has no OF-3 subject there", async () => {
    const r = await run(
      lines(
        ...ROUTES_HEAD,
        'import axios from "axios";',
        'router.post("/models/check", async (req, res) => {', // 5
        ...ANSWER,
        "  if (!c.choices[0].message.content) return res.status(502).end();",
        '  const found = await axios.get(`https://api.replicate.com/v1/models/${req.body.model}`, { headers: { Authorization: `Token ${process.env.REPLICATE_API_TOKEN}` } });',
        '  const version = await axios.get(`https://api.replicate.com/v1/models/${req.body.model}/versions/${req.body.version}`, { headers: { Authorization: `Token ${process.env.REPLICATE_API_TOKEN}` } });',
        "  res.json({ name: found.data.name, version: version.data.id });",
        "});",
        'router.post("/ask", async (req, res) => {', // 12
        ...ANSWER,
        "  res.json({ answer: c.choices[0].message.content });",
        "});",
      ),
    );
    expect(r.rows).toEqual([`${PI3} src/routes.js:12`, `${PI3} src/routes.js:5`, `${OF3} src/routes.js:12`]);
  });
});
