/**
 * RL-2 (missing-output-token-cap) on small projects written to a temp dir: each SDK family
 * reported without a cap and left alone with one (at the call, in a shared options object,
 * or where the model or chat is created), the cases that are never reported (Anthropic's
 * SDK, embeddings, local servers, options out of sight), the message, the checklist, and
 * the rule through ESLint.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Linter, RuleTester } from "eslint";
import tsParser from "@typescript-eslint/parser";
import { afterAll, describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../src/engine/scan.js";
import aigis from "../src/eslint/plugin.js";

const RL2 = "missing-output-token-cap";

type Row = [file: string, line: number];

const base = mkdtempSync(join(tmpdir(), "aigis-rl2-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

async function run(files: Record<string, string>): Promise<{ rows: Row[]; result: ScanResult; messages: string[] }> {
  const dir = join(base, `p${++counter}`);
  for (const [rel, content] of Object.entries({ "package.json": '{ "name": "jobs", "type": "module" }', ...files })) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const result = await scan({ target: dir });
  const mine = result.findings.filter((f) => f.ruleId === RL2);
  return { rows: mine.map((f): Row => [f.file, f.line]), result, messages: mine.map((f) => f.message) };
}

const lines = (...l: string[]) => `${l.join("\n")}\n`;

const OPENAI = 'import OpenAI from "openai";\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });';

describe("OpenAI SDK", () => {
  it("reports chat completions and responses without a cap, at the line the call starts", async () => {
    const { rows, messages, result } = await run({
      "jobs/a.ts": lines(
        OPENAI, // 1-2
        "export async function a(text: string) {",
        "  const r = await openai.chat.completions.create({", // 4
        '    model: "gpt-4o-mini",',
        '    messages: [{ role: "user", content: text }],',
        "  });",
        '  await openai.responses.create({ model: "gpt-4.1", input: text });', // 8
        '  await openai.completions.create({ model: "gpt-3.5-turbo-instruct", prompt: text });', // 9
        '  await openai.beta.chat.completions.parse({ model: "gpt-4o", messages: [] });', // 10
        '  await openai.chat.completions.create({ model: "gpt-4o", messages: [], max_tokens: 10 });',
        "  return r;",
        "}",
      ),
    });
    expect(rows).toEqual([["jobs/a.ts", 4], ["jobs/a.ts", 8], ["jobs/a.ts", 9], ["jobs/a.ts", 10]]);
    expect(new Set(result.findings.filter((f) => f.ruleId === RL2).map((f) => f.fingerprint)).size).toBe(4);
    expect(messages[0]).toBe("`chat.completions.create` of OpenAI sets no output-token cap, so one call may generate up to the model's maximum output: set `max_tokens` or `max_completion_tokens` in its options.");
    expect(messages[1]).toMatch(/^`responses\.create` of OpenAI .*set `max_output_tokens` in its options\.$/);
  });

  it("leaves capped calls alone: max_tokens, max_completion_tokens, max_output_tokens", async () => {
    const { rows } = await run({
      "jobs/a.ts": lines(
        OPENAI,
        "export async function a(text: string, cap: number) {",
        '  await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [], max_tokens: 300 });',
        '  await openai.chat.completions.create({ model: "o4-mini", messages: [], max_completion_tokens: cap });',
        '  await openai.responses.create({ model: "gpt-4.1", input: text, max_output_tokens: 500 });',
        "}",
      ),
    });
    expect(rows).toEqual([]);
  });

  it("follows an options object built in a variable, and spreads of visible objects", async () => {
    const { rows } = await run({
      "jobs/a.ts": lines(
        OPENAI, // 1-2
        'const DEFAULTS = { temperature: 0, max_tokens: 200 };',
        'const STYLE = { temperature: 0.7 };',
        "export async function a(text: string) {",
        '  const params = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: text }] };',
        "  await openai.chat.completions.create(params);", // 7: reported
        '  await openai.chat.completions.create({ ...DEFAULTS, model: "gpt-4o-mini", messages: [] });', // 8: capped by the spread
        '  await openai.chat.completions.create({ ...STYLE, model: "gpt-4o-mini", messages: [] });', // 9: reported
        '  const capped = { ...params, max_tokens: 50 };',
        "  await openai.chat.completions.create(capped);", // 11: capped
        "}",
      ),
    });
    expect(rows).toEqual([["jobs/a.ts", 7], ["jobs/a.ts", 9]]);
  });

  it("reads conditional spreads of literals: `...(id && { … })` and `...(c ? { … } : { … })` add only their own keys", async () => {
    const { rows } = await run({
      "jobs/chat.ts": lines(
        OPENAI, // 1-2
        "export async function reply(input: string, previous?: string, long = false, extra?: object) {",
        "  await openai.responses.create({", // 4: reported, the spread adds no cap
        '    model: "gpt-5-mini",',
        "    input,",
        "    ...(previous && { previous_response_id: previous }),",
        '    reasoning: { effort: "high" },',
        "  });",
        '  await openai.responses.create({ model: "gpt-5-mini", input, ...(long ? { max_output_tokens: 4000 } : { max_output_tokens: 500 }) });',
        '  await openai.responses.create({ model: "gpt-5-mini", input, ...(long ? { temperature: 1 } : null) });', // 11: reported
        '  await openai.responses.create({ model: "gpt-5-mini", input, ...(long && { max_output_tokens: 4000 }) });',
        '  await openai.responses.create({ model: "gpt-5-mini", input, ...(long ? { temperature: 1 } : extra) });', // unknown: extra may cap
        "}",
      ),
    });
    expect(rows).toEqual([["jobs/chat.ts", 4], ["jobs/chat.ts", 11]]);
  });

  it("does not report options it cannot see: imported, built by a call, spread of a parameter, spread arguments", async () => {
    const { rows } = await run({
      "jobs/options.ts": 'export const REQUEST = { model: "gpt-4o-mini", messages: [], max_tokens: 100 };\nexport const EXTRA = { max_tokens: 100 };\n',
      "jobs/a.ts": lines(
        OPENAI,
        'import { EXTRA, REQUEST } from "./options.js";',
        "declare function buildRequest(): any;",
        "export async function a(overrides: Record<string, unknown>, args: [any]) {",
        "  await openai.chat.completions.create(REQUEST);",
        '  await openai.chat.completions.create({ ...EXTRA, model: "gpt-4o", messages: [] });',
        "  await openai.chat.completions.create(buildRequest());",
        '  await openai.chat.completions.create({ model: "gpt-4o", messages: [], ...overrides });',
        "  await openai.chat.completions.create(...args);",
        "}",
      ),
    });
    expect(rows).toEqual([]);
  });

  it("never reports embeddings, images, audio, moderation or assistants", async () => {
    const { rows } = await run({
      "jobs/a.ts": lines(
        OPENAI,
        "export async function a(text: string) {",
        '  await openai.embeddings.create({ model: "text-embedding-3-small", input: text });',
        '  await openai.images.generate({ model: "gpt-image-1", prompt: text });',
        '  await openai.audio.speech.create({ model: "gpt-4o-mini-tts", voice: "alloy", input: text });',
        "  await openai.moderations.create({ input: text });",
        '  await openai.beta.threads.runs.create("thread_1", { assistant_id: "asst_1" });',
        "}",
      ),
    });
    expect(rows).toEqual([]);
  });

  it("skips a client pointed at a local model server, and reports one pointed at a hosted OpenAI-compatible API", async () => {
    const { rows, messages } = await run({
      "jobs/a.ts": lines(
        'import OpenAI from "openai";',
        'const local = new OpenAI({ baseURL: "http://localhost:11434/v1", apiKey: "ollama" });',
        'const router = new OpenAI({ baseURL: "https://openrouter.ai/api/v1", apiKey: process.env.OPENROUTER_API_KEY });',
        "export async function a() {",
        '  await local.chat.completions.create({ model: "llama3.1", messages: [] });',
        '  await router.chat.completions.create({ model: "meta-llama/llama-3.1-8b-instruct", messages: [] });', // 6
        "}",
      ),
    });
    expect(rows).toEqual([["jobs/a.ts", 6]]);
    expect(messages[0]).toMatch(/^`chat\.completions\.create` of OpenRouter /);
  });
});

describe("Vercel AI SDK", () => {
  it("reports generateText / streamText / generateObject without maxOutputTokens or maxTokens", async () => {
    const { rows, messages } = await run({
      "jobs/a.ts": lines(
        'import { openai } from "@ai-sdk/openai";',
        'import { anthropic } from "@ai-sdk/anthropic";',
        'import { generateObject, generateText, streamText } from "ai";',
        'import { z } from "zod";',
        "export async function a(text: string) {",
        '  await generateText({ model: openai("gpt-4o"), prompt: text });', // 6
        '  streamText({ model: openai("gpt-4o-mini"), prompt: text });', // 7
        '  await generateObject({ model: openai("gpt-4o"), schema: z.object({ a: z.string() }), prompt: text });', // 8
        '  await generateText({ model: anthropic("claude-sonnet-4-5"), prompt: text });', // 9: the provider sends the model's maximum
        '  await generateText({ model: "openai/gpt-4o", prompt: text });', // 10: AI Gateway
        '  await generateText({ model: openai("gpt-4o"), prompt: text, maxOutputTokens: 400 });',
        '  await generateText({ model: openai("gpt-4o"), prompt: text, maxTokens: 400 });',
        "}",
      ),
    });
    expect(rows).toEqual([["jobs/a.ts", 6], ["jobs/a.ts", 7], ["jobs/a.ts", 8], ["jobs/a.ts", 9], ["jobs/a.ts", 10]]);
    expect(messages[0]).toBe("`generateText` of OpenAI sets no output-token cap, so one call may generate up to the model's maximum output: set `maxOutputTokens` or `maxTokens` in its options.");
    expect(messages[3]).toMatch(/^`generateText` of Anthropic /);
  });

  it("does not judge a model built by a wrapper that may set defaults, nor embeddings", async () => {
    const { rows } = await run({
      "jobs/a.ts": lines(
        'import { openai } from "@ai-sdk/openai";',
        'import { defaultSettingsMiddleware, embed, generateText, wrapLanguageModel } from "ai";',
        "const model = wrapLanguageModel({ model: openai(\"gpt-4o\"), middleware: defaultSettingsMiddleware({ settings: { maxOutputTokens: 300 } }) });",
        "export async function a(text: string) {",
        "  await generateText({ model, prompt: text });",
        '  await embed({ model: openai.textEmbeddingModel("text-embedding-3-small"), value: text });',
        "}",
      ),
    });
    expect(rows).toEqual([]);
  });
});

describe("Gemini (@google/generative-ai)", () => {
  it("reports generateContent through a model created without generationConfig, naming where it was created", async () => {
    const { rows, messages } = await run({
      "lib/gemini.ts": lines(
        'import { GoogleGenerativeAI } from "@google/generative-ai";',
        'const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? "");',
        'export const model = genAI.getGenerativeModel({ model: "gemini-1.5-flash" });', // 3
      ),
      "jobs/a.ts": lines(
        'import { model } from "../lib/gemini.js";',
        "export async function a(text: string) {",
        "  const r = await model.generateContent(`Summarise: ${text}`);", // 3
        "  await model.generateContent([text, \"and a second part\"]);", // 4
        "  await model.generateContent({ contents: [{ role: \"user\", parts: [{ text }] }], generationConfig: { maxOutputTokens: 100 } });",
        "  return r;",
        "}",
      ),
    });
    expect(rows).toEqual([["jobs/a.ts", 3], ["jobs/a.ts", 4]]);
    expect(messages[0]).toBe("`generateContent` of Google Gemini sets no output-token cap, so one call may generate up to the model's maximum output: set `generationConfig.maxOutputTokens` in its options or where its model is created (`getGenerativeModel`). Path: `getGenerativeModel` without `generationConfig.maxOutputTokens` (lib/gemini.ts:3).");
  });

  it("leaves calls through a capped model alone, in the same file, another file or a class field", async () => {
    const { rows } = await run({
      "lib/gemini.ts": lines(
        'import { GoogleGenerativeAI } from "@google/generative-ai";',
        'const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? "");',
        'export const model = genAI.getGenerativeModel({ model: "gemini-1.5-flash", generationConfig: { maxOutputTokens: 256 } });',
      ),
      "jobs/a.ts": lines(
        'import { GoogleGenerativeAI } from "@google/generative-ai";',
        'import { model } from "../lib/gemini.js";',
        'const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? "");',
        "const config = { maxOutputTokens: 64 };",
        "export class Tagger {",
        '  private model = genAI.getGenerativeModel({ model: "gemini-1.5-flash", generationConfig: config });',
        "  tag(text: string) { return this.model.generateContent(text); }",
        "}",
        "export async function a(text: string) {",
        "  await model.generateContent(text);",
        '  await genAI.getGenerativeModel({ model: "gemini-1.5-pro", generationConfig: { maxOutputTokens: 10 } }).generateContent(text);',
        "}",
      ),
    });
    expect(rows).toEqual([]);
  });

  it("judges chats: a cap at startChat or at the model covers sendMessage", async () => {
    const { rows, messages } = await run({
      "jobs/a.ts": lines(
        'import { GoogleGenerativeAI } from "@google/generative-ai";',
        'const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? "");',
        'const model = genAI.getGenerativeModel({ model: "gemini-1.5-flash" });', // 3
        "export async function a(text: string) {",
        "  const open = model.startChat();", // 5
        "  await open.sendMessage(text);", // 6: reported
        "  const capped = model.startChat({ generationConfig: { maxOutputTokens: 200 } });",
        "  await capped.sendMessage(text);",
        "}",
      ),
    });
    expect(rows).toEqual([["jobs/a.ts", 6]]);
    expect(messages[0]).toMatch(/set `generationConfig\.maxOutputTokens` where its chat is created \(`startChat`\) or where its model is created \(`getGenerativeModel`\)\. Path: `startChat` without `generationConfig\.maxOutputTokens` \(jobs\/a\.ts:5\) → `getGenerativeModel` without `generationConfig\.maxOutputTokens` \(jobs\/a\.ts:3\)\.$/);
  });

  it("does not report when the model or the request cannot be seen", async () => {
    const { rows } = await run({
      "jobs/a.js": lines(
        'import { GoogleGenerativeAI } from "@google/generative-ai";',
        'const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? "");',
        'const model = genAI.getGenerativeModel({ model: "gemini-1.5-flash" });',
        // The model handed in by a caller: its creation is not followed.
        "function ask(m, text) { return m.generateContent(`Q: ${text}`); }",
        'export const a = (text) => ask(genAI.getGenerativeModel({ model: "gemini-1.5-flash" }), text);',
        // An untyped parameter nobody calls with a string may be a request with its own generationConfig.
        "export const b = (request) => model.generateContent(request);",
        // A caller passes a string: that one is judged.
        "const c = (prompt) => model.generateContent(prompt);", // 7
        'export const d = () => c("Write a haiku about cron jobs.");',
      ),
    });
    expect(rows).toEqual([["jobs/a.js", 7]]);
  });

  it("judges a request's payload passed on whole as carrying no cap of the server's", async () => {
    const { rows } = await run({
      "server/chat.js": lines(
        'import express from "express";',
        'import { GoogleGenerativeAI } from "@google/generative-ai";',
        'const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? "");',
        "export const chat = express.Router();",
        'chat.post("/", async (req, res) => {',
        "  const { prompt } = await req.body;",
        '  const model = genAI.getGenerativeModel({ model: "gemini-1.5-flash" });',
        "  const result = await model.generateContent(prompt);", // 8
        "  res.json({ text: result.response.text() });",
        "});",
        'chat.post("/capped", async (req, res) => {',
        "  const { prompt } = req.body;",
        '  const model = genAI.getGenerativeModel({ model: "gemini-1.5-flash", generationConfig: { maxOutputTokens: 256 } });',
        "  res.json({ text: (await model.generateContent(prompt)).response.text() });",
        "});",
        // Built by the server from parts it chose: out of sight, so not judged.
        'chat.post("/built", async (req, res) => { const request = buildRequest(req.body); res.json(await genAI.getGenerativeModel({ model: "gemini-1.5-flash" }).generateContent(request)); });',
      ),
    });
    expect(rows).toEqual([["server/chat.js", 8]]);
  });
});

describe("Gemini (@google/genai)", () => {
  it("reports models.generateContent without config.maxOutputTokens, and chats created without a cap", async () => {
    const { rows, messages } = await run({
      "jobs/a.ts": lines(
        'import { GoogleGenAI } from "@google/genai";',
        "const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });",
        "export async function a(text: string) {",
        '  await ai.models.generateContent({ model: "gemini-2.5-flash", contents: text });', // 4
        '  await ai.models.generateContent({ model: "gemini-2.5-flash", contents: text, config: { temperature: 0 } });', // 5
        '  await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: text, config: { maxOutputTokens: 100 } });',
        '  const chat = ai.chats.create({ model: "gemini-2.5-flash" });', // 7
        "  await chat.sendMessage({ message: text });", // 8
        '  await chat.sendMessage({ message: text, config: { maxOutputTokens: 50 } });',
        '  const capped = ai.chats.create({ model: "gemini-2.5-flash", config: { maxOutputTokens: 300 } });',
        "  await capped.sendMessage({ message: text });",
        '  await ai.models.embedContent({ model: "text-embedding-004", contents: text });',
        "}",
      ),
    });
    expect(rows).toEqual([["jobs/a.ts", 4], ["jobs/a.ts", 5], ["jobs/a.ts", 8]]);
    expect(messages[2]).toMatch(/^`sendMessage` of Google Gemini .*set `config\.maxOutputTokens` in its options or where its chat is created \(`chats\.create`\)\. Path: `chats\.create` without `config\.maxOutputTokens` \(jobs\/a\.ts:7\)\.$/);
  });
});

describe("LangChain", () => {
  it("reports calls through a chat model created without maxTokens, naming the constructor", async () => {
    const { rows, messages } = await run({
      "lib/models.ts": lines(
        'import { ChatOpenAI } from "@langchain/openai";',
        'export const writer = new ChatOpenAI({ model: "gpt-4o" });', // 2
      ),
      "jobs/a.ts": lines(
        'import { ChatGoogleGenerativeAI } from "@langchain/google-genai";',
        'import { ChatOpenAI, OpenAIEmbeddings } from "@langchain/openai";',
        'import { ChatPromptTemplate } from "@langchain/core/prompts";',
        'import { writer } from "../lib/models.js";',
        'const capped = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 300 });',
        'const gemini = new ChatGoogleGenerativeAI({ model: "gemini-1.5-flash" });', // 6
        'const geminiCapped = new ChatGoogleGenerativeAI({ model: "gemini-1.5-flash", maxOutputTokens: 300 });',
        'const prompt = ChatPromptTemplate.fromMessages([["human", "{text}"]]);',
        "export async function a(text: string) {",
        "  await writer.invoke(text);", // 10
        "  await prompt.pipe(writer).invoke({ text });", // 11
        "  await capped.invoke(text);",
        "  await gemini.invoke(text);", // 13
        "  await geminiCapped.invoke(text);",
        '  await new OpenAIEmbeddings({ model: "text-embedding-3-small" }).embedQuery(text);',
        "}",
      ),
    });
    expect(rows).toEqual([["jobs/a.ts", 10], ["jobs/a.ts", 11], ["jobs/a.ts", 13]]);
    expect(messages[0]).toBe("`invoke` of OpenAI sets no output-token cap, so one call may generate up to the model's maximum output: set `maxTokens` where its model is created (`new ChatOpenAI`). Path: `new ChatOpenAI` without `maxTokens` (lib/models.ts:2).");
    expect(messages[2]).toMatch(/set `maxOutputTokens` where its model is created \(`new ChatGoogleGenerativeAI`\)\. Path: `new ChatGoogleGenerativeAI` without `maxOutputTokens` \(jobs\/a\.ts:6\)\.$/);
  });
});

describe("LangChain model built with a spread of stored settings", () => {
  // A factory spreads what a database row holds into the constructor; handlers call the model it makes.
  const factory = lines(
    'import { ChatOpenAI } from "@langchain/openai";',
    "export function buildModel(name: string, temperature: number, stored?: any) {",
    "  return new ChatOpenAI({", // 3
    "    model: name,",
    "    temperature,",
    "    ...stored,",
    "  });",
    "}",
  );
  const handler = lines(
    'import { buildModel } from "../lib/factory.js";',
    'import { db } from "../lib/db.js";',
    "export async function answer(botId: string, text: string) {",
    "  const row = await db.modelSetting.findFirst({ where: { botId } });",
    "  const model = buildModel(row.name, 0.2, { ...(row.settings as object) });",
    "  return model.invoke(text);", // 6
    "}",
  );
  const db = 'export const db: any = {};\n';

  it("reports the call when nothing in the project names the cap the spread could carry, with the construction on its path", async () => {
    const { rows, result } = await run({ "lib/factory.ts": factory, "lib/db.ts": db, "jobs/answer.ts": handler });
    expect(rows).toEqual([["jobs/answer.ts", 6]]);
    expect(result.findings.find((f) => f.ruleId === RL2)!.path).toEqual([{ file: "lib/factory.ts", line: 3, note: "`new ChatOpenAI` without `maxTokens`" }]);
  });

  it("stays quiet when some file of the project names the cap: the stored settings may hold it", async () => {
    const admin = lines(
      'import { db } from "../lib/db.js";',
      "export async function saveSettings(botId: string, limit: number) {",
      "  await db.modelSetting.update({ where: { botId }, data: { settings: { maxTokens: limit } } });",
      "}",
    );
    const { rows } = await run({ "lib/factory.ts": factory, "lib/db.ts": db, "jobs/answer.ts": handler, "jobs/admin.ts": admin });
    expect(rows).toEqual([]);
  });

  it("stays quiet on a spread through modelKwargs when the project names it", async () => {
    const { rows } = await run({
      "lib/factory.ts": factory,
      "lib/db.ts": db,
      "jobs/answer.ts": handler,
      "docs/settings.md": "Stored settings may carry `modelKwargs` for the provider.\n",
    });
    expect(rows).toEqual([]);
  });
});

describe("Groq, Mistral, Cohere, Bedrock, Hugging Face", () => {
  it("reports each without its own cap option, and leaves it alone with one", async () => {
    const { rows, messages } = await run({
      "jobs/a.ts": lines(
        'import Groq from "groq-sdk";',
        'import { Mistral } from "@mistralai/mistralai";',
        'import { CohereClientV2 } from "cohere-ai";',
        'import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";',
        'import { InferenceClient } from "@huggingface/inference";',
        "const groq = new Groq({ apiKey: process.env.GROQ_API_KEY });",
        "const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY });",
        "const cohere = new CohereClientV2({ token: process.env.COHERE_API_KEY });",
        'const bedrock = new BedrockRuntimeClient({ region: "us-east-1" });',
        "const hf = new InferenceClient(process.env.HF_TOKEN);",
        "export async function a(text: string) {",
        '  await groq.chat.completions.create({ model: "llama-3.1-8b-instant", messages: [] });', // 12
        '  await groq.chat.completions.create({ model: "llama-3.1-8b-instant", messages: [], max_tokens: 10 });',
        '  await mistral.chat.complete({ model: "mistral-small-latest", messages: [] });', // 14
        '  await mistral.chat.complete({ model: "mistral-small-latest", messages: [], maxTokens: 10 });',
        '  await cohere.chat({ model: "command-r", messages: [] });', // 16
        '  await cohere.chat({ model: "command-r", messages: [], maxTokens: 10 });',
        '  await bedrock.send(new ConverseCommand({ modelId: "amazon.nova-lite-v1:0", messages: [] }));', // 18
        '  await bedrock.send(new ConverseCommand({ modelId: "amazon.nova-lite-v1:0", messages: [], inferenceConfig: { maxTokens: 10 } }));',
        '  await bedrock.send(new InvokeModelCommand({ modelId: "amazon.titan-text-lite-v1", body: JSON.stringify({ inputText: text }) }));',
        '  await hf.chatCompletion({ model: "meta-llama/Llama-3.1-8B-Instruct", messages: [] });', // 21
        '  await hf.textGeneration({ model: "gpt2", inputs: text, parameters: { max_new_tokens: 50 } });',
        '  await hf.summarization({ model: "facebook/bart-large-cnn", inputs: text });',
        "}",
      ),
    });
    expect(rows).toEqual([["jobs/a.ts", 12], ["jobs/a.ts", 14], ["jobs/a.ts", 16], ["jobs/a.ts", 18], ["jobs/a.ts", 21]]);
    expect(messages[1]).toMatch(/^`chat\.complete` of Mistral .*set `maxTokens` in its options\.$/);
    expect(messages[3]).toMatch(/set `inferenceConfig\.maxTokens` in its options\.$/);
  });
});

describe("never reported", () => {
  it("Anthropic's SDK (it requires max_tokens) and local model servers", async () => {
    const { rows, result } = await run({
      "jobs/a.ts": lines(
        'import Anthropic from "@anthropic-ai/sdk";',
        'import ollama from "ollama";',
        'import { ChatOllama } from "@langchain/ollama";',
        "const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });",
        "export async function a(text: string) {",
        '  await anthropic.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 300, messages: [{ role: "user", content: text }] });',
        '  await anthropic.messages.stream({ model: "claude-3-5-haiku-latest", max_tokens: 300, messages: [] });',
        '  await ollama.chat({ model: "llama3.1", messages: [{ role: "user", content: text }] });',
        '  await new ChatOllama({ model: "llama3.1" }).invoke(text);',
        '  await fetch("http://localhost:11434/api/chat", { method: "POST", body: JSON.stringify({ model: "llama3.1", messages: [] }) });',
        "}",
      ),
    });
    expect(rows).toEqual([]);
    expect(result.checklist.find((c) => c.id === "RL-2")?.status).toBe("pass");
  });

  it("has nothing to judge without a text-generating call", async () => {
    const { rows, result } = await run({
      "jobs/a.ts": lines(OPENAI, 'export const v = () => openai.embeddings.create({ model: "text-embedding-3-small", input: "x" });'),
    });
    expect(rows).toEqual([]);
    expect(result.checklist.find((c) => c.id === "RL-2")?.status).toBe("n/a");
  });
});

describe("raw HTTP", () => {
  it("reports a proxy that forwards the client's body, through the SDK or HTTP: the client decides the cap", async () => {
    const { rows } = await run({
      "server/proxy.js": lines(
        'const express = require("express");',
        'const axios = require("axios");',
        'const OpenAI = require("openai");',
        "const openai = new OpenAI();",
        "const app = express();",
        'app.post("/api/chat", async (req, res) => {',
        '  const r = await axios.post("https://api.openai.com/v1/chat/completions", req.body, { headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` } });', // 7
        "  res.json(r.data);",
        "});",
        'app.post("/api/sdk", async (req, res) => res.json(await openai.chat.completions.create(req.body)));', // 10
        'app.post("/api/fixed", async (req, res) => res.json(await openai.chat.completions.create({ ...req.body, max_tokens: 300 })));',
      ),
    });
    expect(rows).toEqual([["server/proxy.js", 7], ["server/proxy.js", 10]]);
  });

  it("reports a cap followed by a spread of the client's options, which may replace it; not the spread first, nor options a schema bounds", async () => {
    const { rows, messages } = await run({
      "server/tuned.js": lines(
        'const express = require("express");',
        'const { z } = require("zod");',
        'const OpenAI = require("openai");',
        "const openai = new OpenAI();",
        "const app = express();",
        "const Options = z.object({ temperature: z.number().max(1), max_tokens: z.number().max(500) }).strict();",
        'app.post("/api/late", async (req, res) => res.json(await openai.chat.completions.create({ model: "gpt-4o-mini", messages: req.body.messages, max_tokens: 300, ...req.body.options })));', // 7
        'app.post("/api/early", async (req, res) => res.json(await openai.chat.completions.create({ ...req.body.options, model: "gpt-4o-mini", messages: req.body.messages, max_tokens: 300 })));',
        'app.post("/api/bounded", async (req, res) => res.json(await openai.chat.completions.create({ model: "gpt-4o-mini", messages: req.body.messages, max_tokens: 300, ...Options.parse(req.body.options) })));',
        'const DEFAULTS = { temperature: 0.2 };',
        'app.post("/api/defaults", async (req, res) => res.json(await openai.chat.completions.create({ model: "gpt-4o-mini", messages: req.body.messages, max_tokens: 300, ...DEFAULTS })));',
      ),
    });
    expect(rows).toEqual([["server/tuned.js", 7]]);
    expect(messages[0]).toContain("spreads options the client sent (`req.body.options`) after it");
  });

  it("reads the JSON body of requests to provider chat endpoints", async () => {
    const { rows, messages } = await run({
      "jobs/a.ts": lines(
        'import axios from "axios";',
        "const headers = { authorization: `Bearer ${process.env.OPENAI_API_KEY}` };",
        "export async function a(text: string, body: string) {",
        '  await fetch("https://api.openai.com/v1/chat/completions", {', // 4
        '    method: "POST",',
        "    headers,",
        '    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] }),',
        "  });",
        '  await fetch("https://api.openai.com/v1/chat/completions", { method: "POST", headers, body: JSON.stringify({ model: "gpt-4o-mini", messages: [], max_tokens: 100 }) });',
        '  await fetch("https://api.openai.com/v1/chat/completions", { method: "POST", headers, body });',
        '  const payload = { contents: [{ parts: [{ text }] }] };',
        '  await fetch(`https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent?key=${process.env.GEMINI_API_KEY}`, { method: "POST", body: JSON.stringify(payload) });', // 12
        '  await fetch("https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent", { method: "POST", body: JSON.stringify({ ...payload, generationConfig: { maxOutputTokens: 100 } }) });',
        '  await axios.post("https://api.groq.com/openai/v1/chat/completions", { model: "llama-3.1-8b-instant", messages: [] }, { headers });', // 14
        '  await fetch("https://api.anthropic.com/v1/messages", { method: "POST", body: JSON.stringify({ model: "claude-3-5-haiku-latest", messages: [] }) });',
        '  await fetch("https://api.openai.com/v1/embeddings", { method: "POST", headers, body: JSON.stringify({ model: "text-embedding-3-small", input: text }) });',
        "}",
      ),
    });
    expect(rows).toEqual([["jobs/a.ts", 4], ["jobs/a.ts", 12], ["jobs/a.ts", 14]]);
    expect(messages[0]).toBe("The request to OpenAI (api.openai.com/v1/chat/completions) sets no output-token cap: add `max_tokens` or `max_completion_tokens` to its JSON body.");
    expect(messages[1]).toMatch(/add `generationConfig\.maxOutputTokens` to its JSON body\.$/);
  });
});

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

type AnyRule = Parameters<RuleTester["run"]>[1];
const rule = aigis.rules[RL2] as unknown as AnyRule;

for (const [parserName, languageOptions] of [
  ["espree (default parser)", { ecmaVersion: "latest", sourceType: "module" }],
  ["@typescript-eslint/parser", { parser: tsParser, sourceType: "module" }],
] as const) {
  describe(`RL-2 in ESLint with ${parserName}`, () => {
    const tester = new RuleTester({ languageOptions: languageOptions as never });
    tester.run(RL2, rule, {
      valid: [
        { code: 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport const a = (text) => openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }], max_tokens: 200 });' },
        { code: 'import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\nexport const a = () => client.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 100, messages: [] });' },
        // Imported from another file: ESLint sees one file, so the model's creation is out of sight.
        { code: 'import { model } from "./gemini.js";\nexport const a = (text) => model.generateContent(text);' },
        { code: 'import OpenAI from "openai";\nimport { REQUEST } from "./requests.js";\nconst openai = new OpenAI();\nexport const a = () => openai.chat.completions.create(REQUEST);' },
        { code: 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport const a = (text) => openai.embeddings.create({ model: "text-embedding-3-small", input: text });' },
      ],
      invalid: [
        {
          code: 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function a(text) {\n  return openai.chat.completions.create({\n    model: "gpt-4o",\n    messages: [{ role: "user", content: text }],\n  });\n}',
          errors: [{ messageId: "finding", line: 4, column: 10, endColumn: 40 }],
        },
        {
          code: 'import { GoogleGenerativeAI } from "@google/generative-ai";\nconst model = new GoogleGenerativeAI(process.env.GEMINI_API_KEY).getGenerativeModel({ model: "gemini-1.5-flash" });\nexport const a = (text) => model.generateContent(`Explain: ${text}`);',
          errors: [{ messageId: "finding", line: 3, column: 28 }],
        },
        {
          code: 'import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nexport const a = (prompt) => generateText({ model: openai("gpt-4o"), prompt });',
          errors: [{ messageId: "finding", line: 3, column: 30 }],
        },
      ],
    });
  });
}

describe("RL-2 through the ESLint Linter", () => {
  it("reports with the message and the fix, as a warning in the recommended config", () => {
    const linter = new Linter();
    const code = 'import { ChatOpenAI } from "@langchain/openai";\nconst model = new ChatOpenAI({ model: "gpt-4o" });\nexport const a = (text: string) => model.invoke(text);\n';
    const messages = linter.verify(code, [{ files: ["**/*.ts"], languageOptions: { parser: tsParser }, plugins: { aigis: aigis as never }, rules: { [`aigis/${RL2}`]: "warn" } }], "jobs/a.ts");
    expect(messages.map((m) => [m.line, m.column, m.severity])).toEqual([[3, 36, 1]]);
    expect(messages[0]!.message).toMatch(/^`invoke` of OpenAI sets no output-token cap, .* set `maxTokens` where its model is created \(`new ChatOpenAI`\)\. Path: `new ChatOpenAI` without `maxTokens` \(jobs\/a\.ts:2\)\. Pass the SDK's output-token cap/);
    expect(aigis.configs.recommended!.rules![`aigis/${RL2}`]).toBe("warn");
  });
});
