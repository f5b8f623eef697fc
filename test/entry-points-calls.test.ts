/**
 * More model calls and entry points (issue 13): LangChain chain factories, requests to a
 * model API path on an env-configured base URL with any HTTP client, and tRPC v9 router
 * factories that carry middleware. Exact call sites, and the quiet shapes beside them.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { scan } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";

const writeProject = tempProjects("aigis-calls-");

async function callsOf(files: Record<string, string>) {
  const dir = writeProject(files);
  const { project, ts } = await loadProject(dir, defaultConfig());
  const at = (file: string, start: number) => `${file}:${project.file(file)!.positionAt(start).line}`;
  return project.aiSurface(ts).callSites.map((c) => [at(c.file, c.start), c.provider, c.method]);
}

const LANGCHAIN = JSON.stringify({ name: "rag", dependencies: { "@langchain/openai": "^0.3", "@langchain/core": "^0.3", langchain: "^0.3" } });

describe("LangChain chain factories run the model they are given", () => {
  it("createStuffDocumentsChain, createRetrievalChain, createHistoryAwareRetriever, LLMChain and loadQAStuffChain: invoke/stream/batch call the model", async () => {
    const calls = await callsOf({
      "package.json": LANGCHAIN,
      "src/model.ts": 'import { ChatOpenAI } from "@langchain/openai";\nexport const llm = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 200 });\n',
      "src/rag.ts": [
        'import { createStuffDocumentsChain } from "langchain/chains/combine_documents";',
        'import { createRetrievalChain } from "langchain/chains/retrieval";',
        'import { createHistoryAwareRetriever } from "langchain/chains/history_aware_retriever";',
        'import { LLMChain, loadQAStuffChain } from "langchain/chains";',
        'import { llm } from "./model";',
        "declare const prompt: any, retriever: any;",
        "export async function answer(q: string) {",
        "  const combineDocsChain = await createStuffDocumentsChain({ llm, prompt });",
        "  const chain = await createRetrievalChain({ combineDocsChain, retriever });",
        "  return chain.invoke({ input: q });",
        "}",
        "export async function rephrase(q: string) {",
        "  const r = await createHistoryAwareRetriever({ llm, retriever, rephrasePrompt: prompt });",
        "  return r.stream({ input: q, chat_history: [] });",
        "}",
        "export const legacy = (q: string) => new LLMChain({ llm, prompt }).call({ q });",
        "export const qa = (docs: any[]) => loadQAStuffChain(llm).batch([{ input_documents: docs }]);",
        "",
      ].join("\n"),
    });
    expect(calls).toEqual([
      ["src/rag.ts:10", "OpenAI", "invoke"],
      ["src/rag.ts:14", "OpenAI", "stream"],
      ["src/rag.ts:16", "OpenAI", "call"],
      ["src/rag.ts:17", "OpenAI", "batch"],
    ]);
  });

  it("runnables composed around a model (RunnableParallel.from, RunnablePassthrough.assign, a sequence holding a map) call it", async () => {
    const calls = await callsOf({
      "package.json": LANGCHAIN,
      "src/compose.ts": [
        'import { ChatOpenAI } from "@langchain/openai";',
        'import { RunnableParallel, RunnablePassthrough, RunnableSequence } from "@langchain/core/runnables";',
        "declare const prompt: any, retriever: any;",
        'const llm = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 200 });',
        "const answer = prompt.pipe(llm);",
        "export const both = (q: string) => RunnableParallel.from({ answer, echo: new RunnablePassthrough() }).invoke({ q });",
        "export const withAnswer = (q: string) => RunnablePassthrough.assign({ answer }).invoke({ q });",
        "export const rag = (q: string) => RunnableSequence.from([{ context: retriever, question: new RunnablePassthrough() }, prompt, llm]).stream(q);",
        "export const merged = (q: string) => Object.assign({}, { answer }, { q });",
        "",
      ].join("\n"),
    });
    expect(calls).toEqual([
      ["src/compose.ts:6", "OpenAI", "invoke"],
      ["src/compose.ts:7", "OpenAI", "invoke"],
      ["src/compose.ts:8", "OpenAI", "stream"],
    ]);
  });

  it("a retriever, a vector store or a prompt invoked on its own calls no model", async () => {
    const calls = await callsOf({
      "package.json": LANGCHAIN,
      "src/search.ts": [
        'import { ChatPromptTemplate } from "@langchain/core/prompts";',
        'import { MemoryVectorStore } from "langchain/vectorstores/memory";',
        "declare const embeddings: any;",
        "const store = new MemoryVectorStore(embeddings);",
        'const prompt = ChatPromptTemplate.fromTemplate("Find {q}");',
        "export const find = (q: string) => store.asRetriever().invoke(q);",
        "export const render = (q: string) => prompt.invoke({ q });",
        "",
      ].join("\n"),
    });
    expect(calls).toEqual([]);
  });
});

const HTTP = JSON.stringify({ name: "relay", dependencies: { needle: "^3", superagent: "^10", request: "^2", undici: "^6", axios: "^1", got: "^14" } });

describe("a model API path on an env-configured base URL is a model call, with any HTTP client", () => {
  it("needle, superagent, request, undici, got, fetch and an axios instance with an env baseURL", async () => {
    const calls = await callsOf({
      "package.json": HTTP,
      "src/client.ts": 'import axios from "axios";\nexport const gateway = axios.create({ baseURL: `${process.env.LLM_BASE_URL}/v1` });\n',
      "src/relay.ts": [
        'import needle from "needle";',
        'import superagent from "superagent";',
        'import request from "request";',
        'import { request as send } from "undici";',
        'import got from "got";',
        'import { gateway } from "./client";',
        "const BASE = process.env.OPENAI_BASE_URL!.replace(/\\/$/, \"\");",
        "export const a = (body: object) => needle(\"post\", `${BASE}/chat/completions`, body, { json: true });",
        "export const b = (body: object) => superagent.post(process.env.AI_GATEWAY_URL + \"/v1/chat/completions\").send(body);",
        "export const c = (json: object) => request.post({ url: `${process.env.ANTHROPIC_BASE_URL}/v1/messages`, json });",
        'export const d = (body: string) => send(new URL("/api/generate", process.env.OLLAMA_HOST), { method: "POST", body });',
        "export const e = (json: object) => got.post(`${import.meta.env.VITE_GEMINI_BASE}/v1beta/models/gemini-pro:generateContent`, { json });",
        "export const f = (body: string) => fetch(`${Deno.env.get(\"LLM_URL\")}/v1/embeddings`, { method: \"POST\", body });",
        'export const g = (data: object) => gateway.post("/chat/completions", data);',
        "",
      ].join("\n"),
    });
    expect(calls).toEqual([
      ["src/relay.ts:8", "OpenAI-compatible chat API at OPENAI_BASE_URL", "needle ${OPENAI_BASE_URL}/chat/completions"],
      ["src/relay.ts:9", "OpenAI-compatible chat API at AI_GATEWAY_URL", "superagent.post ${AI_GATEWAY_URL}/v1/chat/completions"],
      ["src/relay.ts:10", "Anthropic Messages API at ANTHROPIC_BASE_URL", "request.post ${ANTHROPIC_BASE_URL}/v1/messages"],
      ["src/relay.ts:11", "Ollama API at OLLAMA_HOST", "undici.request ${OLLAMA_HOST}/api/generate"],
      ["src/relay.ts:12", "Gemini API at VITE_GEMINI_BASE", "got.post ${VITE_GEMINI_BASE}/v1beta/models/gemini-pro:generateContent"],
      ["src/relay.ts:13", "OpenAI-compatible embeddings API at LLM_URL", "fetch ${LLM_URL}/v1/embeddings"],
      ["src/relay.ts:14", "OpenAI-compatible chat API at LLM_BASE_URL", "axios instance .post ${LLM_BASE_URL}/v1/chat/completions"],
    ]);
  });

  it("the base URL held in a config module: an exported constant, or a property of an exported object", async () => {
    const calls = await callsOf({
      "package.json": HTTP,
      "src/config.ts": 'export const LLM_URL = process.env.LLM_BASE_URL ?? "http://localhost:4000";\nexport const settings = { anthropicBase: process.env.ANTHROPIC_BASE_URL, retries: 2 };\n',
      "src/send.ts": [
        'import needle from "needle";',
        'import { LLM_URL, settings } from "./config";',
        "export const chat = (body: object) => needle(\"post\", `${LLM_URL}/v1/chat/completions`, body, { json: true });",
        "export const claude = (body: object) => needle(\"post\", `${settings.anthropicBase}/v1/messages`, body, { json: true });",
        "export const other = (body: object) => needle(\"post\", `${settings.retries}/v1/chat/completions`, body, { json: true });",
        "",
      ].join("\n"),
    });
    expect(calls).toEqual([
      ["src/send.ts:3", "OpenAI-compatible chat API at LLM_BASE_URL", "needle ${LLM_BASE_URL}/v1/chat/completions"],
      ["src/send.ts:4", "Anthropic Messages API at ANTHROPIC_BASE_URL", "needle ${ANTHROPIC_BASE_URL}/v1/messages"],
    ]);
  });

  it("ky and got instances made with an env prefixUrl, asked for a path without a leading slash", async () => {
    const calls = await callsOf({
      "package.json": JSON.stringify({ name: "relay", dependencies: { ky: "^1", got: "^14" } }),
      "src/clients.ts": [
        'import ky from "ky";',
        'import got from "got";',
        "const openai = ky.create({ prefixUrl: process.env.OPENAI_BASE_URL });",
        "const llm = got.extend({ prefixUrl: `${process.env.LLM_GATEWAY}/v1` });",
        'export const a = (json: object) => openai.post("chat/completions", { json }).json();',
        'export const b = (json: object) => llm("chat/completions", { method: "POST", json }).json();',
        'export const c = () => llm.get("models").json();',
        "",
      ].join("\n"),
    });
    expect(calls).toEqual([
      ["src/clients.ts:5", "OpenAI-compatible chat API at OPENAI_BASE_URL", "ky instance .post ${OPENAI_BASE_URL}/chat/completions"],
      ["src/clients.ts:6", "OpenAI-compatible chat API at LLM_GATEWAY", "got instance ${LLM_GATEWAY}/v1/chat/completions"],
    ]);
  });

  it("paths other APIs share need an AI name in the variable; a non-env base or a non-model path is no model call", async () => {
    const calls = await callsOf({
      "package.json": HTTP,
      "src/other.ts": [
        'import needle from "needle";',
        'import got from "got";',
        "declare const base: string;",
        "export const inbox = (m: object) => needle(\"post\", `${process.env.CHAT_SERVICE_URL}/v1/messages`, m);",
        "export const widget = (m: object) => got.post(`${process.env.HELPDESK_URL}/api/chat`, { json: m });",
        "export const survey = (m: object) => got.post(`${process.env.FORMS_API}/v1/responses`, { json: m });",
        "export const local = (m: object) => got.post(`${base}/chat/completions`, { json: m });",
        "export const invoices = (m: object) => needle(\"post\", `${process.env.OPENAI_BASE_URL}/invoices`, m);",
        "export const later = (m: object) => got.post(`https://example.com/${process.env.OPENAI_BASE_URL}/chat/completions`, { json: m });",
        "",
      ].join("\n"),
    });
    expect(calls).toEqual([]);
  });

  it("a browser request to an env-configured model path is a client-side provider call only when it carries a key", async () => {
    const dir = writeProject({
      "package.json": JSON.stringify({ name: "spa", dependencies: { react: "^18", vite: "^5" } }),
      "index.html": '<div id="root"></div><script type="module" src="/src/main.tsx"></script>',
      "src/main.tsx": [
        "export async function viaProxy(messages: unknown[]) {",
        "  return fetch(`${import.meta.env.VITE_LLM_PROXY}/v1/chat/completions`, { method: \"POST\", body: JSON.stringify({ messages, max_tokens: 200 }) });",
        "}",
        "export async function direct(messages: unknown[]) {",
        "  return fetch(`${import.meta.env.VITE_LLM_BASE}/v1/chat/completions`, { method: \"POST\", headers: { Authorization: `Bearer ${localStorage.getItem(\"k\")}` }, body: JSON.stringify({ messages, max_tokens: 200 }) });",
        "}",
        "",
      ].join("\n"),
    });
    const result = await scan({ target: dir });
    expect(result.findings.filter((f) => f.checklist.includes("CS-1")).map((f) => `${f.file}:${f.line}`)).toEqual(["src/main.tsx:5"]);
  });
});

describe("tRPC v9 router factories carry their middleware", () => {
  const files = (guard: string) => ({
    "package.json": JSON.stringify({ name: "v9", dependencies: { "@trpc/server": "^9.27.4", openai: "^4", zod: "^3" } }),
    "src/ai.ts": 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport const ask = (q: string) => openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: q }] });\n',
    "src/routers.ts": [
      'import * as trpc from "@trpc/server";',
      "type Context = { user?: { id: string } };",
      "export const createRouter = () => trpc.router<Context>();",
      `export const createProtectedRouter = () => createRouter().middleware(({ ctx, next }) => { ${guard} return next(); });`,
      "export const createAdminRouter = () => createProtectedRouter().middleware(({ next }) => next());",
      "",
    ].join("\n"),
    "src/app.ts": [
      'import { z } from "zod";',
      'import { createAdminRouter, createProtectedRouter, createRouter } from "./routers";',
      'import { ask } from "./ai";',
      "const account = createProtectedRouter();",
      'account.mutation("ask", { input: z.string().max(200), resolve: ({ input }) => ask(input) });',
      'const admin = createAdminRouter().mutation("ask", { input: z.string().max(200), resolve: ({ input }) => ask(input) });',
      'export const appRouter = createRouter().merge("account.", account).merge("admin.", admin);',
      "",
    ].join("\n"),
  });
  const auOf = async (guard: string) => {
    const result = await scan({ target: writeProject(files(guard)) });
    return result.findings.filter((f) => f.checklist.includes("AU-1")).map((f) => `${f.file}:${f.line}`);
  };

  it("a procedure on createProtectedRouter(), held in a variable or through a factory built on it, is authenticated", async () => {
    expect(await auOf('if (!ctx.user) throw new trpc.TRPCError({ code: "UNAUTHORIZED" });')).toEqual([]);
  });

  it("the same factories with middleware that checks nothing leave both procedures open", async () => {
    expect(await auOf("console.log(ctx);")).toEqual(["src/app.ts:5", "src/app.ts:6"]);
  });
});

describe("a service held in a field that starts empty", () => {
  it("reaches the model through the value a later method assigns (`private svc: Svc | null = null`, then `init()` sets it), behind a singleton", async () => {
    const dir = writeProject({
      "package.json": JSON.stringify({ dependencies: { "@sveltejs/kit": "^2.8.0", openai: "^4.77.0" } }),
      "svelte.config.js": "export default { kit: {} };\n",
      "src/lib/recommender.ts": [
        'import OpenAI from "openai";',
        "export class Recommender {",
        "  private client = new OpenAI();",
        "  suggest(taste: string) {",
        '    return this.client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: taste }] });',
        "  }",
        "}",
      ].join("\n"),
      "src/lib/manager.ts": [
        'import { Recommender } from "./recommender";',
        "export class Manager {",
        "  private static instance: Manager | null = null;",
        "  private recommender: Recommender | null = null;",
        "  private constructor() {}",
        "  static get(): Manager {",
        "    if (!Manager.instance) Manager.instance = new Manager();",
        "    return Manager.instance;",
        "  }",
        "  start() { this.recommender = new Recommender(); }",
        '  suggest(taste: string) { if (!this.recommender) throw new Error("not started"); return this.recommender.suggest(taste); }',
        "}",
      ].join("\n"),
      "src/routes/api/suggest/+server.ts": [
        'import { json } from "@sveltejs/kit";',
        'import { Manager } from "$lib/manager";',
        "export const POST = async ({ request }) => json(await Manager.get().suggest((await request.json()).taste));",
      ].join("\n"),
    });
    const { project, ts } = await loadProject(dir, defaultConfig());
    expect(project.routes(ts).aiRoutes.map((ai) => `${ai.route.method} ${ai.route.path} → ${ai.reach.call.file}`)).toEqual(["POST /api/suggest → src/lib/recommender.ts"]);
  });
});
