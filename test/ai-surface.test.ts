/**
 * The AI surface model on small projects written to a temp dir: every shape of "this
 * code calls a model" that real repositories use, including the ones only visible
 * across files. Each test asserts the exact call sites (file, line, provider, SDK,
 * method, model).
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { tempProjects } from "./helpers/temp-projects.js";

const writeProject = tempProjects("aigis-surface-");

async function surfaceOf(files: Record<string, string>) {
  const dir = writeProject(files);
  const { project, ts } = await loadProject(dir, defaultConfig());
  const surface = project.aiSurface(ts);
  const at = (file: string, start: number) => `${file}:${project.file(file)!.positionAt(start).line}`;
  return {
    calls: surface.callSites.map((c) => [at(c.file, c.start), c.provider, c.sdk, c.method, c.model ?? null]),
    clients: surface.clients.map((c) => [at(c.file, c.start), c.provider, Boolean(c.keyNode), Boolean(c.browserOptIn)]),
    surface,
    parsed: (file: string) => project.file(file)!.hasSyntaxTree,
  };
}

const PKG = JSON.stringify({ name: "app", dependencies: { openai: "^4", "@anthropic-ai/sdk": "^0.30", ai: "^4", "@ai-sdk/openai": "^1" } });

describe("SDK clients followed across files", () => {
  it("a client exported from lib/ai.ts, re-exported by lib/index.ts, imported under another name", async () => {
    const { calls, clients } = await surfaceOf({
      "package.json": PKG,
      "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } } // comment\n}',
      "src/lib/ai.ts": 'import OpenAI from "openai";\n\nexport const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n',
      "src/lib/index.ts": 'export { openai as client } from "./ai";\nexport * from "./other";\n',
      "src/lib/other.ts": "export const unrelated = 1;\n",
      "src/routes/chat.ts": 'import { client as llm } from "@/lib";\n\nexport async function reply(q: string) {\n  const r = await llm.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] });\n  return r.choices[0].message.content;\n}\n',
    });
    expect(calls).toEqual([["src/routes/chat.ts:4", "OpenAI", "openai", "chat.completions.create", "gpt-4o"]]);
    expect(clients).toEqual([["src/lib/ai.ts:3", "OpenAI", true, false]]);
  });

  it("require, renamed named import, a factory function's return, a class field and a typed constructor parameter", async () => {
    const { calls } = await surfaceOf({
      "package.json": PKG,
      "a.js": 'const OpenAI = require("openai");\nconst ai = new OpenAI();\nai.embeddings.create({ model: "text-embedding-3-small", input: "x" });\n',
      "b.ts": 'import { OpenAI as Client } from "openai";\nconst c = new Client();\nexport function getClient() { return c; }\n',
      "c.ts": 'import { getClient } from "./b";\nconst MODEL = "gpt-4o-mini";\ngetClient().responses.create({ model: MODEL, input: "hi" });\n',
      "d.ts": 'import Anthropic from "@anthropic-ai/sdk";\nexport class Summariser {\n  private client = new Anthropic();\n  run(text: string) {\n    return this.client.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 300, messages: [{ role: "user", content: text }] });\n  }\n}\n',
      "e.ts": 'import OpenAI from "openai";\nexport class ChatService {\n  constructor(private readonly openai: OpenAI) {}\n  ask(q: string) {\n    return this.openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] });\n  }\n}\n',
    });
    expect(calls).toEqual([
      ["a.js:3", "OpenAI", "openai", "embeddings.create", "text-embedding-3-small"],
      ["c.ts:3", "OpenAI", "openai", "responses.create", "gpt-4o-mini"],
      ["d.ts:5", "Anthropic", "anthropic", "messages.create", "claude-3-5-haiku-latest"],
      ["e.ts:5", "OpenAI", "openai", "chat.completions.create", "gpt-4o"],
    ]);
  });

  it("a wrapper in another file that takes the client as an untyped parameter", async () => {
    const { calls } = await surfaceOf({
      "package.json": PKG,
      "lib/complete.js": "export async function complete(client, prompt, model = \"gpt-4o-mini\") {\n  const r = await client.chat.completions.create({ model, messages: [{ role: \"user\", content: prompt }] });\n  return r.choices[0].message.content;\n}\n",
      "app.js": 'import OpenAI from "openai";\nimport { complete } from "./lib/complete.js";\nconst openai = new OpenAI();\nexport const answer = (q) => complete(openai, q);\n',
    });
    expect(calls).toEqual([["lib/complete.js:2", "OpenAI", "openai", "chat.completions.create", "gpt-4o-mini"]]);
  });

  it("the openai SDK pointed at OpenRouter and at a local Ollama server", async () => {
    const { surface, calls } = await surfaceOf({
      "package.json": PKG,
      "a.ts": 'import OpenAI from "openai";\nconst router = new OpenAI({ baseURL: "https://openrouter.ai/api/v1", apiKey: process.env.OPENROUTER_API_KEY });\nrouter.chat.completions.create({ model: "meta-llama/llama-3.1-8b-instruct", messages: [] });\nconst local = new OpenAI({ baseURL: "http://localhost:11434/v1", apiKey: "ollama" });\nlocal.chat.completions.create({ model: "llama3.1", messages: [] });\n',
    });
    expect(calls).toEqual([
      ["a.ts:3", "OpenRouter", "openai", "chat.completions.create", "meta-llama/llama-3.1-8b-instruct"],
      ["a.ts:5", "Ollama (local)", "openai", "chat.completions.create", "llama3.1"],
    ]);
    expect(surface.callSites.map((c) => c.local)).toEqual([false, true]);
  });
});

describe("SDK families", () => {
  it("Vercel AI SDK with a provider from another file, createOpenAI, and a gateway model string", async () => {
    const { calls } = await surfaceOf({
      "package.json": PKG,
      "models.ts": 'import { createOpenAI } from "@ai-sdk/openai";\nimport { anthropic } from "@ai-sdk/anthropic";\nconst openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport const fast = openai("gpt-4o-mini");\nexport const smart = anthropic.messages("claude-sonnet-4-5");\n',
      "route.ts": 'import { generateText, streamText as stream } from "ai";\nimport { fast, smart } from "./models";\nexport async function POST(req: Request) {\n  const { prompt } = await req.json();\n  await generateText({ model: fast, prompt });\n  await generateText({ model: "openai/gpt-5", prompt });\n  return stream({ model: smart, prompt }).toTextStreamResponse();\n}\n',
    });
    expect(calls).toEqual([
      ["route.ts:5", "OpenAI", "vercel-ai", "generateText", "gpt-4o-mini"],
      ["route.ts:6", "Vercel AI Gateway (openai)", "vercel-ai", "generateText", "openai/gpt-5"],
      ["route.ts:7", "Anthropic", "vercel-ai", "streamText", "claude-sonnet-4-5"],
    ]);
  });

  it("Gemini (legacy and new SDK), LangChain chains, Bedrock commands, Groq, Mistral, Cohere, Replicate, Ollama", async () => {
    const { calls } = await surfaceOf({
      "package.json": PKG,
      "gemini.ts": 'import { GoogleGenerativeAI } from "@google/generative-ai";\nimport { GoogleGenAI } from "@google/genai";\nconst genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY!);\nconst model = genAI.getGenerativeModel({ model: "gemini-1.5-flash" });\nmodel.generateContent("hi");\nconst ai = new GoogleGenAI({});\nai.models.generateContent({ model: "gemini-2.5-flash", contents: "hi" });\nconst chat = model.startChat();\nchat.sendMessage("x");\n',
      "lc.ts": 'import { ChatOpenAI } from "@langchain/openai";\nimport { ChatPromptTemplate } from "@langchain/core/prompts";\nconst llm = new ChatOpenAI({ model: "gpt-4o" });\nconst prompt = ChatPromptTemplate.fromMessages([["system", "Be brief"], ["human", "{q}"]]);\nconst chain = prompt.pipe(llm);\nchain.invoke({ q: "x" });\nllm.invoke("direct");\n',
      "bedrock.ts": 'import { BedrockRuntimeClient, ConverseCommand, ListFoundationModelsCommand } from "@aws-sdk/client-bedrock-runtime";\nconst client = new BedrockRuntimeClient({ region: "us-east-1" });\nclient.send(new ConverseCommand({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", messages: [] }));\nclient.send(new ListFoundationModelsCommand({}));\n',
      "others.ts": 'import Groq from "groq-sdk";\nimport { Mistral } from "@mistralai/mistralai";\nimport { CohereClientV2 } from "cohere-ai";\nimport Replicate from "replicate";\nimport ollama from "ollama";\nnew Groq().chat.completions.create({ model: "llama-3.3-70b-versatile", messages: [] });\nnew Mistral({ apiKey: "" }).chat.complete({ model: "mistral-small-latest", messages: [] });\nnew CohereClientV2({}).chat({ model: "command-r", messages: [] });\nnew Replicate().run("meta/meta-llama-3-8b-instruct", { input: { prompt: "x" } });\nollama.chat({ model: "llama3.1", messages: [] });\n',
    });
    expect(calls).toEqual([
      ["bedrock.ts:3", "AWS Bedrock", "aws-bedrock", "send", "anthropic.claude-3-haiku-20240307-v1:0"],
      ["gemini.ts:5", "Google Gemini", "google-generative-ai", "generateContent", "gemini-1.5-flash"],
      ["gemini.ts:7", "Google Gemini", "google-genai", "models.generateContent", "gemini-2.5-flash"],
      ["gemini.ts:9", "Google Gemini", "google-generative-ai", "sendMessage", "gemini-1.5-flash"],
      ["lc.ts:6", "OpenAI", "langchain-openai", "invoke", "gpt-4o"],
      ["lc.ts:7", "OpenAI", "langchain-openai", "invoke", "gpt-4o"],
      ["others.ts:6", "Groq", "groq", "chat.completions.create", "llama-3.3-70b-versatile"],
      ["others.ts:7", "Mistral", "mistral", "chat.complete", "mistral-small-latest"],
      ["others.ts:8", "Cohere", "cohere", "chat", "command-r"],
      ["others.ts:9", "Replicate", "replicate", "run", "meta/meta-llama-3-8b-instruct"],
      ["others.ts:10", "Ollama (local)", "ollama", "chat", "llama3.1"],
    ]);
  });
});

describe("raw HTTP to provider hosts", () => {
  it("fetch with literal, constant-built and imported URLs; axios instance with baseURL; own API routes stay out", async () => {
    const { calls, surface } = await surfaceOf({
      "package.json": JSON.stringify({ name: "web", dependencies: { axios: "^1" } }),
      "config.ts": 'export const ANTHROPIC_BASE = "https://api.anthropic.com";\n',
      "a.ts": 'import { ANTHROPIC_BASE } from "./config";\nconst key = import.meta.env.VITE_KEY;\nfetch("https://api.openai.com/v1/chat/completions", { method: "POST", headers: { Authorization: `Bearer ${key}` } });\nfetch(`${ANTHROPIC_BASE}/v1/messages`, { method: "POST", headers: { "x-api-key": key } });\nfetch("/api/chat", { method: "POST" });\nfetch("http://localhost:11434/api/chat", { method: "POST" });\n',
      "b.ts": 'import axios from "axios";\nconst api = axios.create({ baseURL: "https://api.groq.com/openai/v1" });\napi.post("/chat/completions", {});\naxios.post("https://api.mistral.ai/v1/chat/completions", {}, { headers: { Authorization: "Bearer x" } });\n',
    });
    expect(calls).toEqual([
      ["a.ts:3", "OpenAI", "http", "fetch api.openai.com/v1/chat/completions", null],
      ["a.ts:4", "Anthropic", "http", "fetch api.anthropic.com/v1/messages", null],
      ["a.ts:6", "Ollama (local)", "http", "fetch localhost:11434/api/chat", null],
      ["b.ts:3", "Groq", "http", "axios instance .post api.groq.com/openai/v1/chat/completions", null],
      ["b.ts:4", "Mistral", "http", "axios.post api.mistral.ai/v1/chat/completions", null],
    ]);
    expect(surface.callSites.map((c) => [c.sendsKey, c.local])).toEqual([
      [true, false],
      [true, false],
      [false, true],
      [false, false],
      [true, false],
    ]);
  });

  it("a realtime session opened with the global WebSocket; a local class of that name is not a socket", async () => {
    const { calls } = await surfaceOf({
      "package.json": JSON.stringify({ name: "web" }),
      "voice.ts": 'export const live = new WebSocket("wss://api.openai.com/v1/realtime?model=gpt-realtime");\n',
      "fake.ts": 'class WebSocket { constructor(readonly url: string) {} }\nexport const stub = new WebSocket("wss://api.openai.com/v1/realtime");\n',
    });
    expect(calls).toEqual([["voice.ts:1", "OpenAI", "http", "WebSocket api.openai.com/v1/realtime", null]]);
  });
});

describe("stays quiet", () => {
  it("on look-alike method names, shadowed names and unrelated packages", async () => {
    const { calls, clients } = await surfaceOf({
      "package.json": PKG,
      "a.ts": 'import OpenAI from "openai";\nconst db = { chat: { completions: { create: () => 1 } } };\ndb.chat.completions.create();\nfunction f(openai: { chat: any }) { return openai.chat.completions.create(); }\nconst messages = { create: () => 2 };\nmessages.create();\nexport type T = OpenAI;\n',
      "b.ts": 'import { generateText } from "./local-helpers";\ngenerateText({ prompt: "x" });\n',
      "local-helpers.ts": "export function generateText(o: { prompt: string }) { return o.prompt; }\n",
    });
    expect(calls).toEqual([]);
    expect(clients).toEqual([]);
  });
});

describe("model calls behind a framework or an agent library", () => {
  it("a tRPC procedure calls the client its context factory puts in `ctx` (through an inner factory)", async () => {
    const { calls } = await surfaceOf({
      "package.json": JSON.stringify({ name: "app", dependencies: { openai: "^3", "@trpc/server": "^10" } }),
      "server/openai.ts": 'import { Configuration, OpenAIApi } from "openai";\nexport const openai = new OpenAIApi(new Configuration({ apiKey: process.env.OPENAI_API_KEY }));\n',
      "server/context.ts": 'import { openai } from "./openai";\nexport const createContextInner = async (opts: { user: string | null }) => ({ user: opts.user, openai });\nexport const createContext = async () => await createContextInner({ user: null });\n',
      "server/router.ts": 'import { initTRPC } from "@trpc/server";\nimport "./context";\nconst t = initTRPC.create();\nexport const r = t.router({\n  art: t.procedure.mutation(async ({ ctx }) => ctx.openai.createImage({ prompt: "a lighthouse" })),\n});\n',
    });
    expect(calls).toEqual([["server/router.ts:5", "OpenAI", "openai", "createImage", null]]);
  });

  it("a `ctx` parameter of a handler that is not a framework's is left unknown", async () => {
    const { calls } = await surfaceOf({
      "package.json": PKG,
      "a.ts": 'import OpenAI from "openai";\nexport function createContext() { return { openai: new OpenAI() }; }\n',
      "b.ts": 'import "./a";\nexport const job = { run: ({ ctx }: any) => ctx.openai.chat.completions.create({ model: "gpt-4o", messages: [] }) };\n',
    });
    expect(calls).toEqual([]);
  });

  it("openai-edge, a Mastra agent (new and through getAgent), createReactAgent and a compiled StateGraph", async () => {
    const { calls } = await surfaceOf({
      "package.json": JSON.stringify({ name: "app", dependencies: { "openai-edge": "^1", "@mastra/core": "^0.10", "@langchain/langgraph": "^0.2", "@langchain/openai": "^0.3" } }),
      "edge.ts": 'import { Configuration, OpenAIApi } from "openai-edge";\nconst ai = new OpenAIApi(new Configuration({ apiKey: process.env.KEY }));\nai.createChatCompletion({ model: "gpt-4o-mini", messages: [] });\n',
      "mastra.ts": 'import { Agent, Mastra } from "@mastra/core";\nconst helper = new Agent({ name: "h", instructions: "help", model: undefined as any });\nhelper.stream("hi");\nconst m = new Mastra({ agents: { helper } });\nm.getAgent("helper").generateLegacy([{ role: "user", content: "hi" }]);\n',
      "graph.ts": 'import { ChatOpenAI } from "@langchain/openai";\nimport { StateGraph, START, END } from "@langchain/langgraph";\nimport { createReactAgent } from "@langchain/langgraph/prebuilt";\nconst llm = new ChatOpenAI({ model: "gpt-4o" });\nexport const agent = createReactAgent({ llm, tools: [] });\nconst g = new StateGraph({}).addNode("a", async () => ({})).addNode("b", async () => ({})).addEdge(START, "a").addEdge("a", "b").addEdge("b", END).compile();\ng.invoke({});\n',
      "use.ts": 'import { agent } from "./graph";\nagent.stream({ messages: [] });\n',
    });
    expect(calls).toEqual([
      ["edge.ts:3", "OpenAI", "openai-edge", "createChatCompletion", "gpt-4o-mini"],
      ["graph.ts:7", "unknown provider", "langgraph", "invoke", null],
      ["mastra.ts:3", "unknown provider", "mastra", "stream", null],
      ["mastra.ts:5", "unknown provider", "mastra", "generateLegacy", null],
      ["use.ts:2", "unknown provider", "langgraph", "stream", null],
    ]);
  });

  it("the SDK's own monorepo: `ai` and `@ai-sdk/openai` as workspace packages are still the SDK", async () => {
    const { calls } = await surfaceOf({
      "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["packages/*", "examples/*"] }),
      "packages/ai/package.json": JSON.stringify({ name: "ai", main: "src/index.ts" }),
      "packages/ai/src/index.ts": "export async function generateText(options: unknown) { return options; }\n",
      "packages/openai/package.json": JSON.stringify({ name: "@ai-sdk/openai", main: "src/index.ts" }),
      "packages/openai/src/index.ts": "export const openai = (id: string) => ({ id });\n",
      "examples/demo/package.json": JSON.stringify({ name: "demo", dependencies: { ai: "workspace:*", "@ai-sdk/openai": "workspace:*" } }),
      "examples/demo/run.ts": 'import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\ngenerateText({ model: openai("gpt-4o"), prompt: "hi" });\n',
    });
    expect(calls).toEqual([["examples/demo/run.ts:3", "OpenAI", "vercel-ai", "generateText", "gpt-4o"]]);
  });
});

describe("what the surface leaves out", () => {
  it("test files: their model calls and mocks are not the shipped app, a folder named test is", async () => {
    const call = 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function ask(q: string) {\n  return openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: q }] });\n}\n';
    const { calls } = await surfaceOf({
      "package.json": PKG,
      "src/ask.ts": call,
      "src/ask.test.ts": call,
      "src/__tests__/ask.ts": call,
      "src/__fixtures__/recorded-chat.ts": call,
      "src/codemods/__testfixtures__/rename-call.input.ts": call,
      "src/app/api/test/route.ts": call,
      "src/ask.spec.tsx": call,
    });
    expect(calls.map((c) => c[0])).toEqual(["src/app/api/test/route.ts:4", "src/ask.ts:4"]);
  });

  it("member calls whose name no SDK or HTTP client uses are not evaluated, without losing a renamed client", async () => {
    const { calls } = await surfaceOf({
      "package.json": PKG,
      "src/ai.ts": 'import OpenAI from "openai";\nexport const llm = new OpenAI();\n',
      "src/use.ts": 'import { llm as model } from "./ai";\nexport const run = (q: string) => [q].map((x) => model.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: x }] }));\n',
    });
    expect(calls).toEqual([["src/use.ts:2", "OpenAI", "openai", "chat.completions.create", "gpt-4o"]]);
  });

  it("a file that holds an imported SDK function in a variable is still walked; one importing only types or plain helpers records nothing", async () => {
    const { calls } = await surfaceOf({
      "package.json": PKG,
      "src/held.ts": 'import { generateText } from "ai";\nconst draft = generateText;\nexport const ask = (prompt: string) => draft({ model: "openai/gpt-4o", prompt });\n',
      "src/types.ts": 'import type { LanguageModel } from "ai";\nexport const describe = (model: LanguageModel) => String(model);\n',
      "src/helpers.ts": 'import { jsonSchema } from "ai";\nexport const schema = jsonSchema({ type: "object" });\n',
    });
    expect(calls).toEqual([["src/held.ts:3", "Vercel AI Gateway (openai)", "vercel-ai", "generateText", "openai/gpt-4o"]]);
  });
});

describe("which files the surface parses", () => {
  it("an SDK export re-exported by project files under another name and called bare is a call site; a bare call of the project's own helper named like an SDK method parses nothing", async () => {
    const { calls, surface, parsed } = await surfaceOf({
      "package.json": PKG,
      "src/lib/ai.ts": 'export { generateText as draftText, streamText } from "ai";\n',
      "src/lib/index.ts": 'export * from "./ai";\n',
      "src/routes/summary.ts": 'import { draftText } from "../lib";\n\nexport const summarise = (text: string) => draftText({ model: "openai/gpt-4o", prompt: text });\n',
      // Imports `ai` itself, but its `run` is its own: no SDK's `run`.
      "src/lib/run.ts": 'import { APICallError } from "ai";\nexport function run(job: () => Promise<unknown>) {\n  return job().catch((e) => console.error(APICallError.isInstance(e) ? e.message : e));\n}\n',
      "src/scripts/nightly.ts": 'import { run } from "../lib/run";\nimport { stream } from "./local";\n\nrun(async () => stream(await Promise.resolve([1, 2])));\n',
      "src/scripts/local.ts": "export const stream = (xs: number[]) => xs.map((x) => x * 2);\n",
    });
    expect(calls).toEqual([["src/routes/summary.ts:3", "Vercel AI Gateway (openai)", "vercel-ai", "generateText", "openai/gpt-4o"]]);
    // A candidate (it imports a file that imports `ai`), yet never parsed: nothing in it can be a call site.
    expect(surface.candidates).toContain("src/scripts/nightly.ts");
    expect(parsed("src/scripts/nightly.ts")).toBe(false);
    expect(parsed("src/routes/summary.ts")).toBe(true);
  });

  it("a bare call is an HTTP client's only when the name is a global (fetch) or imported from the client's package", async () => {
    const { calls, surface, parsed } = await surfaceOf({
      "package.json": PKG,
      // `export default (…)` reads like a call of `default`; `request` here is the project's own queue helper.
      "src/lib/queue.ts": 'import { generateText } from "ai";\nexport default (jobs: string[]) => jobs.length;\nexport function request(job: string) { return job.trim(); }\n',
      "src/jobs/nightly.ts": 'import { request } from "../lib/queue";\n\nexport const nightly = () => request("  sweep  ");\n',
      "src/lib/curl.ts": 'import { exec } from "node:child_process";\nexport const ask = (body: string) => exec(`curl https://api.openai.com/v1/chat/completions -d \'${body}\'`);\n',
    });
    expect(calls.map((c) => c[0])).toEqual(["src/lib/curl.ts:2"]);
    expect(surface.candidates).toContain("src/jobs/nightly.ts");
    expect(parsed("src/jobs/nightly.ts")).toBe(false);
  });
});

describe("an SDK's own monorepo", () => {
  it("a package the SDK table names only for its members (LangChain core) stays the SDK, even when its exports map resolves to workspace source", async () => {
    const { calls } = await surfaceOf({
      "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["libs/*", "apps/*"] }),
      "libs/core/package.json": JSON.stringify({ name: "@langchain/core", exports: { "./prompts": "./src/prompts.ts" } }),
      "libs/core/src/prompts.ts":
        "class RunnableSequence {\n  constructor(readonly steps: unknown[]) {}\n  async invoke(input: unknown) { return input; }\n}\nexport class ChatPromptTemplate {\n  static fromMessages(m: unknown[]) { return new ChatPromptTemplate(); }\n  pipe(next: unknown) { return new RunnableSequence([this, next]); }\n}\n",
      "apps/web/package.json": JSON.stringify({ name: "web", dependencies: { "@langchain/core": "workspace:*", "@langchain/openai": "workspace:*" } }),
      "apps/web/src/chain.ts":
        'import { ChatOpenAI } from "@langchain/openai";\nimport { ChatPromptTemplate } from "@langchain/core/prompts";\nconst chain = ChatPromptTemplate.fromMessages([["human", "{q}"]]).pipe(new ChatOpenAI({ model: "gpt-4o-mini" }));\nexport const answer = (q: string) => chain.invoke({ q });\n',
    });
    expect(calls.map((c) => [c[0], c[1], c[3]])).toEqual([["apps/web/src/chain.ts:4", "OpenAI", "invoke"]]);
  });
});

describe("clients made by a project class that extends an SDK class", () => {
  it("the client is recorded at the class's super(…) call, with its key and browser opt-in, once for every `new`", async () => {
    const { clients } = await surfaceOf({
      "package.json": PKG,
      "src/lib/assistant.ts":
        'import OpenAI from "openai";\n\nexport class Assistant extends OpenAI {\n  constructor() {\n    super({ apiKey: import.meta.env.VITE_OPENAI_KEY, dangerouslyAllowBrowser: true });\n  }\n  ask(q: string) {\n    return this.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: q }] });\n  }\n}\n',
      "src/a.ts": 'import { Assistant } from "./lib/assistant";\nexport const first = new Assistant();\n',
      "src/b.ts": 'import { Assistant } from "./lib/assistant";\nexport const second = new Assistant();\n',
    });
    expect(clients).toEqual([["src/lib/assistant.ts:5", "OpenAI", true, true]]);
  });
});

describe("curl run through child_process", () => {
  it("a command naming a provider URL is a model request; one naming another host, or a plain command, is not", async () => {
    const { calls } = await surfaceOf({
      "package.json": JSON.stringify({ name: "app" }),
      "util/ask.js": [
        'const exec = require("child_process").exec;',
        "function ask(body, headers) {",
        "  return new Promise((resolve, reject) => {",
        "    exec(`curl https://api.openai.com/v1/chat/completions -X POST ${headers} -d '${body}'`, (err, out) => (err ? reject(err) : resolve(JSON.parse(out))));",
        "  });",
        "}",
        'const { execSync } = require("node:child_process");',
        "const weather = () => execSync(`curl https://wttr.example.com/paris`).toString();",
        'const listing = () => execSync("ls -la").toString();',
        "module.exports = { ask, weather, listing };",
        "",
      ].join("\n"),
    });
    expect(calls).toEqual([["util/ask.js:4", "OpenAI", "http", "child_process.exec api.openai.com/v1/chat/completions", null]]);
  });
});

describe("an in-house HTTP client asked for a model API path", () => {
  it("a wrapper method that sends the request (through its own generic request method) is called with /chat/completions: a model request there, unless the wrapper's own request is seen", async () => {
    const { calls } = await surfaceOf({
      "package.json": JSON.stringify({ name: "films", dependencies: { express: "^5" } }),
      "src/http/client.ts": [
        "export class HttpClient {",
        "  constructor(private readonly base: string, private readonly token: string) {}",
        "  async send<T>(path: string, init: RequestInit): Promise<T> {",
        "    const res = await fetch(`${this.base}${path}`, { ...init, headers: { Authorization: `Bearer ${this.token}` } });",
        "    return (await res.json()) as T;",
        "  }",
        "  post<T>(path: string, body: unknown) {",
        '    return this.request<T>(path, { method: "POST", body: JSON.stringify(body) });',
        "  }",
        "  private request<T>(path: string, init: RequestInit) {",
        "    return this.send<T>(path, init);",
        "  }",
        "}",
        "",
      ].join("\n"),
      "src/http/axios-client.ts": [
        'import axios from "axios";',
        "// Sends through axios; its base is set at run time, so its own request names no endpoint.",
        "export class AxiosJson {",
        "  constructor(private readonly base: () => string) {}",
        "  async post(path: string, body: unknown) {",
        "    const { data } = await axios.post(this.base() + path, body);",
        "    return data;",
        "  }",
        "}",
        "// Its own request is seen (an env base and the caller's path): that request is the call site.",
        "export class EnvJson {",
        "  private readonly http = axios.create({ baseURL: process.env.EMBEDDINGS_BASE });",
        "  async post(path: string, body: unknown) {",
        "    const { data } = await this.http.post(path, body);",
        "    return data;",
        "  }",
        "}",
        "",
      ].join("\n"),
      "src/memo.ts": [
        "// Stores answers under a path-like key: no request is sent.",
        "export class Memo {",
        "  private readonly entries = new Map<string, unknown>();",
        "  post(key: string, value: unknown) { this.entries.set(key, value); }",
        "}",
        "",
      ].join("\n"),
      "src/films.ts": [
        'import { HttpClient } from "./http/client";',
        'import { Memo } from "./memo";',
        'import { AxiosJson, EnvJson } from "./http/axios-client";',
        'import express from "express";',
        "export class FilmAdvisor {",
        '  private readonly llm = new HttpClient(process.env.LLM_BASE ?? "", process.env.LLM_TOKEN ?? "");',
        "  private readonly memo = new Memo();",
        "  private readonly vectors = new AxiosJson(() => globalThis.location?.origin ?? \"\");",
        "  private readonly envVectors = new EnvJson();",
        "  async suggest(taste: string) {", // 10
        '    const reply = await this.llm.post<{ choices: { message: { content: string } }[] }>("/chat/completions", { model: "gpt-4o-mini", messages: [{ role: "user", content: taste }] });',
        '    this.memo.post("/chat/completions", reply);',
        '    await this.llm.post("/v1/messages", { text: taste });',
        '    await this.vectors.post("/v1/embeddings", { model: "text-embedding-3-small", input: taste });',
        '    await this.envVectors.post("/v1/embeddings", { model: "text-embedding-3-small", input: taste });',
        "    return reply.choices[0].message.content;",
        "  }",
        "}",
        "// An OpenAI-compatible endpoint this app serves is a route, not a request.",
        "const app = express();",
        'app.post("/v1/chat/completions", (req, res) => res.json({}));',
        "",
      ].join("\n"),
    });
    expect(calls).toEqual([
      ["src/films.ts:11", "OpenAI-compatible chat API", "http", "post /chat/completions", null],
      ["src/films.ts:14", "OpenAI-compatible embeddings API", "http", "post /v1/embeddings", null],
      ["src/http/axios-client.ts:14", "OpenAI-compatible embeddings API at EMBEDDINGS_BASE", "http", "axios instance .post ${EMBEDDINGS_BASE}/v1/embeddings", null],
    ]);
  });
});
