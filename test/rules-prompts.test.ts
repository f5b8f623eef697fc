/**
 * PI-1 (untrusted-input-in-instructions), PI-2 (unvalidated-input-to-model) and RL-3
 * (unbounded-input-to-model) on small projects written to a temp dir: shapes beyond the
 * fixture apps, reported (rule, file, line) and left alone, the path each finding carries,
 * and the same rules through ESLint's RuleTester on one file.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../src/engine/scan.js";
import aigis from "../src/eslint/plugin.js";
import { ensureBuilt, REPO_ROOT, runCli } from "./helpers/cli.js";
import { pluginRule, typescriptRuleTester, type Row } from "./helpers/rule-tester.js";

const PI1 = "untrusted-input-in-instructions";
const PI2 = "unvalidated-input-to-model";
const RL3 = "unbounded-input-to-model";
const ROLES = "client-controlled-roles";
const MINE = [PI1, PI2, RL3, ROLES];

const base = mkdtempSync(join(tmpdir(), "aigis-prompts-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

async function run(files: Record<string, string>): Promise<{ rows: Row[]; result: ScanResult }> {
  const dir = join(base, `p${++counter}`);
  for (const [rel, content] of Object.entries({ "package.json": JSON.stringify({ name: "app", private: true, dependencies: { express: "^4", openai: "^4", "@anthropic-ai/sdk": "^0.30", "@google/generative-ai": "^0.21", zod: "^3" } }), ...files })) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const result = await scan({ target: dir });
  const rows = result.findings
    .filter((f) => MINE.includes(f.ruleId))
    .map((f): Row => [f.ruleId, f.file, f.line])
    .sort((a, b) => a[1].localeCompare(b[1]) || a[2] - b[2] || a[0].localeCompare(b[0]));
  return { rows, result };
}

function sorted(rows: Row[]): Row[] {
  return rows.sort((a, b) => a[1].localeCompare(b[1]) || a[2] - b[2] || a[0].localeCompare(b[0]));
}

const EXPRESS = 'import express from "express";\nimport OpenAI from "openai";\nconst openai = new OpenAI();\nconst app = express();\n';

describe("PI-1, PI-2, RL-3 on projects", () => {
  it("a schema field that takes any value (z.any(), TypeBox Any, optional or not) validates nothing: PI-2; a typed field is validation", async () => {
    const route = (field: string) =>
      `${EXPRESS}import { z } from "zod";\nconst Body = z.object({\n  ${field},\n  tone: z.enum(["plain", "warm"]),\n});\napp.post("/ask", async (req, res) => {\n  const { question } = Body.parse(req.body);\n  const r = await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [{ role: "system", content: "Answer briefly." }, { role: "user", content: String(question).slice(0, 2000) }] });\n  res.json(r);\n});\n`;
    const callLine = EXPRESS.split("\n").length + 7;
    for (const open of ["question: z.any()", "question: z.unknown().optional()", "question: Type.Optional(Type.Any())"]) {
      expect((await run({ "src/app.ts": route(open) })).rows, open).toEqual([[PI2, "src/app.ts", callLine]]);
    }
    expect((await run({ "src/app.ts": route("question: z.string().min(1)") })).rows).toEqual([]);
  });

  it("follows input through a push onto the messages array and a helper's parameter in another file", async () => {
    const { rows, result } = await run({
      "src/prompt.ts": "export function persona(name: string) {\n  return `You are ${name}, a helpful guide.`;\n}\n",
      "src/app.ts": `${EXPRESS}import { persona } from "./prompt";\napp.post("/chat", async (req, res) => {\n  const messages = [];\n  messages.push({ role: "system", content: persona(req.body.name) });\n  messages.push({ role: "user", content: "hello" });\n  const r = await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages });\n  res.json(r);\n});\n`,
    });
    expect(rows).toEqual(sorted([
      [PI1, "src/app.ts", 8],
      [PI2, "src/app.ts", 10],
      [RL3, "src/app.ts", 10],
    ]));
    const pi1 = result.findings.find((f) => f.ruleId === PI1)!;
    expect(pi1.path?.map((p) => `${p.file}:${p.line}`)).toEqual(["src/app.ts:8", "src/prompt.ts:1", "src/prompt.ts:2"].slice(0, 1).concat(pi1.path!.slice(1).map((p) => `${p.file}:${p.line}`)));
    expect(pi1.path?.[0]?.note).toMatch(/request body \(req\.body\.name\)/);
    expect(pi1.path?.some((p) => p.file === "src/prompt.ts")).toBe(true);
  });

  it("finds a system message built by a helper in another file that returns the whole messages array", async () => {
    const { rows } = await run({
      "src/messages.ts": 'export function buildMessages(persona: string, question: string) {\n  return [\n    { role: "system", content: `You are ${persona}. Stay in character.` },\n    { role: "user", content: question },\n  ];\n}\n',
      "src/app.ts": `${EXPRESS}import { buildMessages } from "./messages";\napp.post("/chat", async (req, res) => {\n  const r = await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: buildMessages(req.body.persona, req.body.question) });\n  res.json(r);\n});\n`,
    });
    expect(rows).toEqual(sorted([
      [PI2, "src/app.ts", 7],
      [RL3, "src/app.ts", 7],
      [PI1, "src/messages.ts", 3],
    ]));
  });

  it("finds a system prompt given through a conditional spread of the options", async () => {
    const { rows } = await run({
      "src/app.ts": `${EXPRESS}app.post("/chat", async (req, res) => {\n  const { tone, question } = req.body;\n  const system = tone ? \`Answer in a \${tone} tone.\` : undefined;\n  const r = await openai.responses.create({ model: "gpt-4o", max_output_tokens: 100, input: "hi", ...(system && { instructions: system }) });\n  res.json(r);\n});\n`,
    });
    expect(rows.filter((r) => r[0] === PI1)).toEqual([[PI1, "src/app.ts", 8]]);
  });

  it("follows the client's message through the AI SDK's appendClientMessage into the conversation", async () => {
    const { rows } = await run({
      "package.json": JSON.stringify({ name: "chat", dependencies: { next: "^15", ai: "^4", "@ai-sdk/openai": "^1" } }),
      "app/api/chat/route.ts": [
        'import { appendClientMessage, streamText, type Message } from "ai";',
        'import { openai } from "@ai-sdk/openai";',
        "declare function history(id: string): Promise<Message[]>;",
        "export async function POST(req: Request) {",
        "  const { message, id }: { message: Message; id: string } = await req.json();",
        "  const messages = appendClientMessage({ message, messages: await history(id) });",
        '  const result = streamText({ model: openai("gpt-4o-mini"), maxTokens: 300, messages });', // 7
        "  return result.toDataStreamResponse();",
        "}",
      ].join("\n"),
    });
    expect(rows.filter((r) => r[0] === PI2 || r[0] === RL3)).toEqual(sorted([[PI2, "app/api/chat/route.ts", 7], [RL3, "app/api/chat/route.ts", 7]]));
  });

  it("follows an uploaded file through a LangChain document loader into the prompt", async () => {
    const { rows } = await run({
      "src/app.ts": [
        EXPRESS.trimEnd(), // 1-4
        'import multer from "multer";',
        'import { PDFLoader } from "@langchain/community/document_loaders/fs/pdf";',
        'const upload = multer({ dest: "uploads/" });',
        'app.post("/review", upload.single("cv"), async (req, res) => {',
        "  const docs = await new PDFLoader(req.file!.path).load();",
        '  const text = docs.map((d) => d.pageContent).join("\\n");',
        '  const r = await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 400, messages: [{ role: "user", content: text }] });', // 11
        "  res.json(r.choices[0].message);",
        "});",
      ].join("\n"),
    });
    expect(rows.filter((r) => r[0] === RL3)).toEqual([[RL3, "src/app.ts", 11]]);
  });

  it("shows a multer with no file size cap on the path of an upload's RL-3 finding (a byte cap is no bound on the text, and is not shown)", async () => {
    const reviewApp = (options: string, require = false) =>
      [
        EXPRESS.trimEnd(), // 1-4
        require ? 'const multer = require("multer");' : 'import multer from "multer";',
        'import { PDFLoader } from "@langchain/community/document_loaders/fs/pdf";',
        `const upload = multer(${options});`, // 7
        'app.post("/review", upload.single("cv"), async (req, res) => {',
        "  const docs = await new PDFLoader(req.file!.path).load();", // 9
        '  const text = docs.map((d) => d.pageContent).join("\\n");',
        '  const r = await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 400, messages: [{ role: "user", content: text }] });', // 11
        "  res.json(r.choices[0].message);",
        "});",
      ].join("\n");
    const uncapped = await run({ "src/app.ts": reviewApp('{ dest: "uploads/" }', true) });
    const finding = uncapped.result.findings.find((f) => f.ruleId === RL3)!;
    expect(finding.line).toBe(11);
    expect(finding.path?.slice(0, 2)).toEqual([
      { file: "src/app.ts", line: 9, note: "uploaded file (req.file.path)" },
      { file: "src/app.ts", line: 7, note: "multer() accepts files of any size (no limits.fileSize)" },
    ]);
    const capped = await run({ "src/app.ts": reviewApp('{ dest: "uploads/", limits: { fileSize: 2 * 1024 * 1024 } }') });
    const still = capped.result.findings.find((f) => f.ruleId === RL3)!;
    expect(still.line).toBe(11);
    expect(still.path?.some((p) => p.line === 7)).toBe(false);
  });

  it("reports a role the client chooses, and not a role mapped to fixed values", async () => {
    const { rows } = await run({
      "src/app.ts": `${EXPRESS}app.post("/a", async (req, res) => {\n  const r = await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [\n    { role: req.body.role, content: "hi" }, { role: "system", content: "Answer briefly." },\n  ] });\n  res.json(r);\n});\napp.post("/b", async (req, res) => {\n  const history = req.body.history.slice(-20).map((m) => ({ role: m.role === "assistant" ? "assistant" : "user", content: String(m.content).slice(0, 2000) }));\n  const r = await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: history });\n  res.json(r);\n});\n`,
    });
    expect(rows).toEqual(sorted([
      [PI2, "src/app.ts", 6],
      [RL3, "src/app.ts", 6],
      [ROLES, "src/app.ts", 7],
      [PI2, "src/app.ts", 13],
    ]));
  });

  it("leaves PI-2 and RL-3 n/a, not passed, where the only model call runs on the user's device on their own input", async () => {
    const spa = {
      "package.json": JSON.stringify({ name: "spa", private: true, dependencies: { openai: "^4", vite: "^5" } }),
      "index.html": '<script type="module" src="/src/main.ts"></script>\n',
      "src/main.ts": 'import OpenAI from "openai";\nconst openai = new OpenAI({ apiKey: localStorage.getItem("key") ?? "", dangerouslyAllowBrowser: true });\nconst box = document.querySelector<HTMLTextAreaElement>("#q")!;\ndocument.querySelector("form")!.addEventListener("submit", async () => {\n  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: box.value }] });\n  console.info(r.id);\n});\n',
    };
    const status = (result: ScanResult, id: string) => result.checklist.find((c) => c.id === id)?.status;
    const { rows, result } = await run(spa);
    expect(rows.filter((r) => r[0] === PI2 || r[0] === RL3)).toEqual([]);
    expect([status(result, "PI-2"), status(result, "RL-3")]).toEqual(["n/a", "n/a"]);
  });

  it("a Fastify route schema validates the request parts it describes: one for the query string leaves the body unchecked", async () => {
    const app = (schema: string) => ({
      "package.json": JSON.stringify({ name: "api", private: true, dependencies: { fastify: "^5", openai: "^4" } }),
      "src/handlers.ts": 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function ask(request: any) {\n  return openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "system", content: "Answer briefly." }, { role: "user", content: request.body.text }] });\n}\n',
      "src/server.ts": `import Fastify from "fastify";\nimport { ask } from "./handlers";\nconst app = Fastify();\napp.post("/ask", { schema: ${schema} }, ask);\napp.listen({ port: 3000 });\n`,
    });
    const flow = (rows: Row[]) => rows.filter((r) => r[0] === PI2 || r[0] === RL3);
    expect(flow((await run(app('{ querystring: { type: "object", properties: { lang: { type: "string" } } } }'))).rows)).toEqual(sorted([[PI2, "src/handlers.ts", 4], [RL3, "src/handlers.ts", 4]]));
    expect(flow((await run(app('{ body: { type: "object", required: ["text"], properties: { text: { type: "string", maxLength: 2000 } } } }'))).rows)).toEqual([]);
  });

  it("a Fastify route schema also validates the request its handler hands to a helper (`handleChat(request, reply)`); a helper some other caller hands an unchecked request is not", async () => {
    const app = (extra: string) => ({
      "package.json": JSON.stringify({ name: "api", private: true, dependencies: { fastify: "^5", openai: "^4" } }),
      "src/chat.ts": 'import OpenAI from "openai";\nconst openai = new OpenAI();\nasync function answer(request: any, reply: any) {\n  const { text } = request.body;\n  return openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "system", content: "Answer briefly." }, { role: "user", content: text }] });\n}\nexport const ask = async (request: any, reply: any) => answer(request, reply);\n' + extra,
      "src/server.ts": 'import Fastify from "fastify";\nimport { ask, askFreely } from "./chat";\nconst app = Fastify();\napp.post("/ask", { schema: { body: { type: "object", required: ["text"], properties: { text: { type: "string", maxLength: 2000 } } } } }, ask);\nif (askFreely) app.post("/free", askFreely);\napp.listen({ port: 3000 });\n',
    });
    const flow = (rows: Row[]) => rows.filter((r) => r[0] === PI2 || r[0] === RL3);
    expect(flow((await run(app("export const askFreely = undefined;\n"))).rows)).toEqual([]);
    expect(flow((await run(app("export const askFreely = async (request: any, reply: any) => answer(request, reply);\n"))).rows)).toEqual(sorted([[PI2, "src/chat.ts", 5], [RL3, "src/chat.ts", 5]]));
  });

  it("a type check that exits (`typeof prompt !== \"string\"`) validates the input for PI-2, not its size; a presence check does not", async () => {
    const app = (guard: string) => ({
      "src/app.ts": `${EXPRESS}app.post("/joke", async (req, res) => {\n  const { prompt } = req.body;\n  ${guard}\n  res.json(await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 80, messages: [{ role: "system", content: "Tell one short joke." }, { role: "user", content: prompt }] }));\n});\n`,
    });
    expect((await run(app('if (typeof prompt !== "string") return res.status(400).json({ error: "prompt must be text" });'))).rows).toEqual([[RL3, "src/app.ts", 8]]);
    expect((await run(app('if (typeof prompt === "undefined") return res.status(400).json({ error: "prompt is required" });'))).rows).toEqual(sorted([[PI2, "src/app.ts", 8], [RL3, "src/app.ts", 8]]));
  });

  it("a transcript of the user's own recording is their own input on the device that recorded it, and untrusted on a server", async () => {
    const transcribeThenAsk = (client: string) =>
      `import OpenAI from "openai";\n${client}\nexport async function ask(audio: File) {\n  const said = await openai.audio.transcriptions.create({ model: "whisper-1", file: audio });\n  return openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "system", content: "Answer briefly." }, { role: "user", content: said.text }] });\n}\n`;
    const device = await run({
      "package.json": JSON.stringify({ name: "spa", private: true, dependencies: { openai: "^4", vite: "^5" } }),
      "index.html": '<script type="module" src="/src/voice.ts"></script>\n',
      "src/voice.ts": transcribeThenAsk('const openai = new OpenAI({ apiKey: localStorage.getItem("key") ?? "", dangerouslyAllowBrowser: true });'),
    });
    expect(device.rows.filter((r) => r[0] === PI2 || r[0] === RL3)).toEqual([]);
    const server = await run({
      "src/voice.ts": transcribeThenAsk("const openai = new OpenAI();"),
      "src/app.ts": `${EXPRESS}import { ask } from "./voice";\napp.post("/voice", async (req: any, res) => {\n  res.json(await ask(req.file));\n});\n`,
    });
    expect(server.rows.filter((r) => r[0] === PI2 || r[0] === RL3)).toEqual(sorted([[PI2, "src/voice.ts", 5], [RL3, "src/voice.ts", 5]]));
  });

  it("reads a role limit in a schema constant named in lower case (messageSchema) that the body schema is built from", async () => {
    const app = (role: string) =>
      `${EXPRESS}import { z } from "zod";\nconst messageSchema = z.object({ role: ${role}, content: z.string().max(4000) });\nconst chatBody = z.object({ messages: z.array(messageSchema).max(30) });\napp.post("/chat", async (req, res) => {\n  const { messages } = chatBody.parse(req.body);\n  res.json(await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [{ role: "system", content: "Answer briefly." }, ...messages] }));\n});\n`;
    expect((await run({ "src/app.ts": app('z.enum(["user", "assistant"])') })).rows.filter((r) => r[0] === ROLES)).toEqual([]);
    expect((await run({ "src/app.ts": app("z.string()") })).rows.filter((r) => r[0] === ROLES)).toEqual([[ROLES, "src/app.ts", 10]]);
  });

  it("leaves a posted conversation to the AI SDK alone from version 7 on (it rejects system messages), unless the call allows them", async () => {
    const route = (extra: string) =>
      `import { streamText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nexport async function POST(req: Request) {\n  const { messages } = await req.json();\n  return streamText({ model: openai("gpt-4o"), maxOutputTokens: 300, system: "Answer briefly."${extra}, messages }).toTextStreamResponse();\n}\n`;
    const manifest = (ai: string) => JSON.stringify({ name: "web", private: true, dependencies: { next: "^15", ai, "@ai-sdk/openai": "^2" } });
    const roles = async (files: Record<string, string>) => (await run(files)).rows.filter((r) => r[0] === ROLES);
    expect(await roles({ "package.json": manifest("^7.0.2"), "app/api/chat/route.ts": route("") })).toEqual([]);
    expect(await roles({ "package.json": manifest("^4.3.0"), "app/api/chat/route.ts": route("") })).toEqual([[ROLES, "app/api/chat/route.ts", 5]]);
    expect(await roles({ "package.json": manifest("^7.0.2"), "app/api/chat/route.ts": route(", allowSystemInMessages: true") })).toEqual([[ROLES, "app/api/chat/route.ts", 5]]);
    // A workspace dependency is the version of the project's own package.
    const workspace = { "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["apps/*", "packages/*"] }), "packages/ai/package.json": JSON.stringify({ name: "ai", version: "7.1.0" }), "apps/web/package.json": manifest("workspace:*") };
    expect(await roles({ ...workspace, "apps/web/app/api/chat/route.ts": route("") })).toEqual([]);
  });

  it("clears PI-2 and RL-3 with a zod schema that sets a maximum, RL-3 alone with a length check that answers 413", async () => {
    const { rows } = await run({
      "src/app.ts": `${EXPRESS}import { z } from "zod";\nconst Body = z.object({ q: z.string().max(2000) });\napp.post("/a", async (req, res) => {\n  const { q } = Body.parse(req.body);\n  const r = await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [{ role: "user", content: q }] });\n  res.json(r);\n});\napp.post("/b", async (req, res) => {\n  const q = req.body.q;\n  if (q.length > 4000) return res.status(413).end();\n  const r = await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [{ role: "user", content: q }] });\n  res.json(r);\n});\n`,
    });
    expect(rows).toEqual([[PI2, "src/app.ts", 15]]);
  });

  it("clears RL-3 with a token count checked before the call: against a maximum, or charged to a budget whose verdict exits", async () => {
    const route = (path: string, check: string[]) => [
      `app.post("${path}", async (req, res) => {`,
      "  const { prompt } = req.body;",
      ...check,
      '  const r = await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [{ role: "user", content: prompt }] });',
      "  res.json(r);",
      "});",
    ];
    const { rows } = await run({
      "src/app.ts": [
        EXPRESS.trimEnd(),
        'import { estimateTokens, chargeDailyBudget } from "./budget";',
        ...route("/max", ["  if (estimateTokens(prompt) > 2000) return res.status(413).end();"]), // 6-11
        ...route("/budget", ["  const used = estimateTokens(`${prompt}`);", "  const verdict = chargeDailyBudget(req.ip, used);", "  if (!verdict.allowed) return res.status(429).end();"]), // 12-19
        ...route("/counted-only", ["  const used = estimateTokens(prompt);", "  console.info(used);"]), // 20-26, the call at 24
      ].join("\n"),
      "src/budget.ts": "export const estimateTokens = (text: string) => Math.ceil(text.length / 4);\nexport const chargeDailyBudget = (who: string, tokens: number) => ({ allowed: tokens < 10_000 });\n",
    });
    // Counted but never checked: still unbounded.
    expect(rows.filter((r) => r[0] === RL3)).toEqual([[RL3, "src/app.ts", 24]]);
  });

  it("counts koa-parameter's ctx.verifyParams(rules) before the read as validation, bounded only where the field's rules set a max", async () => {
    const koaRoute = (path: string, check: string) => [
      `router.post("${path}", async (ctx) => {`,
      ...(check ? [`  ${check}`] : []),
      "  const { msg } = ctx.request.body;",
      '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: msg }] });',
      "  ctx.body = r.choices[0]?.message;",
      "});",
    ];
    const { rows, result } = await run({
      "src/app.ts": [
        'import Koa from "koa";',
        'import Router from "@koa/router";',
        'import parameter from "koa-parameter";',
        'import OpenAI from "openai";',
        "const openai = new OpenAI();",
        "const app = new Koa();",
        "const router = new Router();",
        "parameter(app);",
        ...koaRoute("/typed", 'ctx.verifyParams({ msg: { type: "string", required: true } });'), // 9-14
        ...koaRoute("/capped", 'ctx.verifyParams({ msg: { type: "string", max: 2000 }, lang: "string" });'), // 15-20
        ...koaRoute("/open", ""), // 21-25
        "app.use(router.routes());",
      ].join("\n"),
    });
    expect(rows).toEqual(sorted([
      [RL3, "src/app.ts", 12],
      [PI2, "src/app.ts", 23],
      [RL3, "src/app.ts", 23],
    ]));
    // Where the rules are is the step to add a bound at.
    const typed = result.findings.find((f) => f.ruleId === RL3 && f.line === 12)!;
    expect(typed.path?.[1]).toEqual({ file: "src/app.ts", line: 10, note: "validated by ctx.verifyParams() (koa-parameter), which sets no size limit" });
  });

  it("leaves alone a typed Express controller no file imports, unless the app loads modules by a computed path", async () => {
    const controller = (name: string) =>
      `import { Request, Response } from "express";\nimport OpenAI from "openai";\nconst openai = new OpenAI();\nexport default {\n  async ${name}(req: Request, res: Response) {\n    const { text } = req.body;\n    const out = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 80, messages: [{ role: "user", content: \`Fix the spelling only: \${text}\` }] });\n    res.json(out.choices[0]);\n  },\n};\n`;
    const server = (loader: string) => `import express from "express";\nimport notes from "./controllers/notes";\nconst app = express();\napp.use(express.json());\napp.post("/notes/tidy", notes.tidy);\n${loader}app.listen(3000);\n`;
    const files = { "src/controllers/notes.ts": controller("tidy"), "src/controllers/spelling.ts": controller("fix") };
    const mounted = await run({ ...files, "src/server.ts": server("") });
    expect(mounted.rows.filter((r) => r[0] === PI1)).toEqual([[PI1, "src/controllers/notes.ts", 7]]);
    const loaded = await run({ ...files, "src/server.ts": server('for (const name of ["spelling"]) app.use(require(`./controllers/${name}`).default);\n') });
    expect(loaded.rows.filter((r) => r[0] === PI1)).toEqual([
      [PI1, "src/controllers/notes.ts", 7],
      [PI1, "src/controllers/spelling.ts", 7],
    ]);
    const consigned = await run({ ...files, "src/server.ts": server('import consign from "consign";\nconsign({ cwd: "src" }).include("controllers").into(app);\n') });
    expect(consigned.rows.filter((r) => r[0] === PI1).map((r) => r[1])).toEqual(["src/controllers/notes.ts", "src/controllers/spelling.ts"]);
  });

  it("reports input in Gemini's systemInstruction at model creation, and app data in it not at all", async () => {
    const { rows } = await run({
      "src/app.ts": `import express from "express";\nimport { GoogleGenerativeAI } from "@google/generative-ai";\nconst genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY!);\nconst app = express();\nconst TONES = { formal: "Answer formally.", casual: "Answer casually." };\napp.post("/a", async (req, res) => {\n  const model = genAI.getGenerativeModel({ model: "gemini-1.5-flash", systemInstruction: \`Speak like \${req.body.style}\`, generationConfig: { maxOutputTokens: 200 } });\n  const out = await model.generateContent(req.body.text.slice(0, 1000));\n  res.json(out);\n});\napp.post("/b", async (req, res) => {\n  const model = genAI.getGenerativeModel({ model: "gemini-1.5-flash", systemInstruction: TONES[req.body.tone], generationConfig: { maxOutputTokens: 200 } });\n  const out = await model.generateContent(String(req.body.text).slice(0, 1000));\n  res.json(out);\n});\n`,
    });
    expect(rows).toEqual(sorted([
      [PI1, "src/app.ts", 7],
      [PI2, "src/app.ts", 8],
      [RL3, "src/app.ts", 8],
      [PI2, "src/app.ts", 13],
    ]));
  });

  it("leaves trusted text alone: constants, env, the app's own data, model output", async () => {
    const { rows, result } = await run({
      "src/app.ts": `${EXPRESS}const SYSTEM = "You are a careful assistant.";\nasync function loadProfile(id: string) { return { bio: "stored bio" }; }\napp.get("/a", async (_req, res) => {\n  const profile = await loadProfile("1");\n  const first = await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "system", content: \`\${SYSTEM} Persona: \${process.env.PERSONA} \${profile.bio}\` }] });\n  const second = await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "system", content: \`Summarise: \${first.choices[0].message.content}\` }] });\n  res.json(second);\n});\n`,
    });
    expect(rows).toEqual([]);
    expect(result.checklist.find((c) => c.id === "PI-1")?.status).toBe("pass");
  });
});

describe("the path of a data-flow finding, as users get it from the CLI", () => {
  it("is in the JSON finding, under the finding in the text report, and a SARIF code flow", async () => {
    ensureBuilt();
    const fixture = join(REPO_ROOT, "fixtures", "prompts-nextjs-unsafe");
    const json = JSON.parse((await runCli(["scan", fixture, "--format", "json"])).stdout) as { findings: Array<{ ruleId: string; file: string; line: number; path?: Array<{ file: string; line: number; note: string }> }> };
    const search = json.findings.find((f) => f.ruleId === PI1 && f.file === "app/api/search/route.ts");
    // The query string, through the helper in lib/prompts.ts, into the system message.
    expect(search?.path?.map((p) => `${p.file}:${p.line}`)).toEqual(expect.arrayContaining(["app/api/search/route.ts:8", "app/api/search/route.ts:12"]));
    expect(search?.path?.some((p) => p.file === "lib/prompts.ts")).toBe(true);
    expect(search?.path?.[0]?.note).toMatch(/request URL|query string/);

    const text = (await runCli(["scan", fixture, "--no-color"])).stdout;
    expect(text).toMatch(/↳ app\/api\/search\/route\.ts:8 /);

    const sarif = JSON.parse((await runCli(["scan", fixture, "--format", "sarif"])).stdout) as { runs: Array<{ results: Array<{ ruleId: string; codeFlows?: Array<{ threadFlows: Array<{ locations: Array<{ location: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } } }> }> }> }> }> };
    const flows = sarif.runs[0]!.results.filter((r) => r.ruleId === PI1 && r.codeFlows);
    expect(flows.length).toBe(json.findings.filter((f) => f.ruleId === PI1).length);
    const steps = flows.flatMap((r) => r.codeFlows![0]!.threadFlows[0]!.locations.map((l) => `${l.location.physicalLocation.artifactLocation.uri}:${l.location.physicalLocation.region.startLine}`));
    // SARIF paths are from the repository root (this checkout), wherever the scan started.
    const fromRepositoryRoot = existsSync(join(REPO_ROOT, ".git")) ? "fixtures/prompts-nextjs-unsafe/" : "";
    expect(steps).toContain(`${fromRepositoryRoot}lib/prompts.ts:5`);
  });
});


describe("through ESLint, one file at a time", () => {
  const tester = typescriptRuleTester();
  const header = 'import OpenAI from "openai";\nconst openai = new OpenAI();\n';
  tester.run(PI1, pluginRule(PI1), {
    valid: [
      { filename: "src/app.ts", code: `${header}export async function POST(req: Request) {\n  const { question } = await req.json();\n  return openai.chat.completions.create({ model: "gpt-4o", max_tokens: 9, messages: [{ role: "system", content: "Be brief." }, { role: "user", content: question }] });\n}` },
    ],
    invalid: [
      {
        filename: "src/app.ts",
        code: `${header}export async function POST(req: Request) {\n  const { topic } = await req.json();\n  return openai.chat.completions.create({ model: "gpt-4o", max_tokens: 9, messages: [\n    { role: "system", content: \`Only talk about \${topic}.\` },\n  ] });\n}`,
        errors: [{ messageId: "finding", line: 6 }],
      },
    ],
  });
  tester.run(PI2, pluginRule(PI2), {
    valid: [{ filename: "src/app.ts", code: `${header}export async function GET() {\n  return openai.chat.completions.create({ model: "gpt-4o", max_tokens: 9, messages: [{ role: "user", content: "hi" }] });\n}` }],
    invalid: [{ filename: "src/app.ts", code: `${header}export async function POST(req: Request) {\n  const { q } = await req.json();\n  return openai.chat.completions.create({ model: "gpt-4o", max_tokens: 9, messages: [{ role: "user", content: q }] });\n}`, errors: [{ messageId: "finding", line: 5 }] }],
  });
  tester.run(RL3, pluginRule(RL3), {
    valid: [{ filename: "src/app.ts", code: `${header}export async function POST(req: Request) {\n  const { q } = await req.json();\n  return openai.chat.completions.create({ model: "gpt-4o", max_tokens: 9, messages: [{ role: "user", content: String(q).slice(0, 500) }] });\n}` }],
    invalid: [{ filename: "src/app.ts", code: `${header}export async function POST(req: Request) {\n  const { q } = await req.json();\n  return openai.chat.completions.create({ model: "gpt-4o", max_tokens: 9, messages: [{ role: "user", content: q }] });\n}`, errors: [{ messageId: "finding", line: 5 }] }],
  });
});
