/**
 * PI-1 on the OpenAI family of SDK surfaces that take instructions, beyond the fixture apps:
 * the OpenAI Agents SDK (instructions judged where an agent or tool is made), the OpenRouter
 * SDK and its agent module, and the Assistants / legacy / audio endpoints of `openai`. Each
 * case asserts the exact (rule, file, line) rows; the safe shapes next to them stay quiet.
 * The AI surface sees the new SDKs' calls as model calls (CS-1 in browser code); ESLint
 * judges an agent's instructions in the one file it lints.
 */
import { describe, expect, it } from "vitest";
import aigis from "../src/eslint/plugin.js";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { scan } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";
import { pluginRule, rowsOf, typescriptRuleTester, type Row } from "./helpers/rule-tester.js";

const PI1 = "untrusted-input-in-instructions";

const writeProject = tempProjects("aigis-openai-surfaces-");
const PKG = JSON.stringify({ name: "app", private: true, dependencies: { express: "^4", openai: "^4", "@openai/agents": "^0.3", "@openrouter/sdk": "^0.1", "@openrouter/agent": "^0.8", next: "^15", react: "^19" } });

async function pi1(files: Record<string, string>): Promise<Row[]> {
  const dir = writeProject({ "package.json": PKG, ...files });
  const result = await scan({ target: dir });
  return rowsOf(result, PI1);
}

const EXPRESS = 'import express from "express";\nconst app = express();\n';

describe("OpenAI Agents SDK", () => {
  it("reports instructions at the agent made in a helper file, not at the run in the route", async () => {
    const rows = await pi1({
      "src/agent.ts": 'import { Agent } from "@openai/agents";\n\nexport const makeAgent = (style: string) =>\n  new Agent({ name: "Writer", instructions: `You write release notes in the ${style} style.` });\n',
      "src/app.ts": `${EXPRESS}import { run } from "@openai/agents";\nimport { makeAgent } from "./agent";\napp.post("/notes", async (req, res) => {\n  const result = await run(makeAgent(req.body.style), req.body.changes);\n  res.json(result.finalOutput);\n});\n`,
    });
    expect(rows).toEqual([[PI1, "src/agent.ts", 4]]);
  });

  it("judges an agent made through a namespace import, a clone, Runner.run input items and a RealtimeAgent", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}import * as agents from "@openai/agents";\nimport { RealtimeAgent } from "@openai/agents/realtime";\nconst base = new agents.Agent({ name: "Base", instructions: "You answer billing questions." });\napp.post("/a", async (req, res) => {\n  const variant = base.clone({ instructions: req.body.rules });\n  const voice = new RealtimeAgent({ name: "Voice", instructions: \`Greet callers as \${req.body.brand} support.\` });\n  const out = await agents.Runner.run(base, [\n    { role: "system", content: req.body.policy },\n    { role: "user", content: req.body.question },\n  ]);\n  res.json({ variant: variant.name, voice: voice.name, out: out.finalOutput });\n});\n`,
    });
    expect(rows).toEqual([
      [PI1, "src/app.ts", 7],
      [PI1, "src/app.ts", 8],
      [PI1, "src/app.ts", 10],
    ]);
  });

  it("follows an instructions function that reads the run's context to the context the agent's runs pass", async () => {
    const rows = await pi1({
      "src/agents.ts": 'import { Agent } from "@openai/agents";\n\nexport const greeter = new Agent<{ name: string; plan: string }>({\n  name: "Greeter",\n  instructions: (rc) => `Greet ${rc.context.name} warmly and list the ${rc.context.plan} plan perks.`,\n});\nexport const upsell = new Agent<{ name: string; plan: string }>({\n  name: "Upsell",\n  instructions: async (ctx) => `Suggest upgrades to customers on the ${ctx.context.plan} plan.`,\n});\n',
      "src/app.ts": `${EXPRESS}import { run } from "@openai/agents";\nimport { greeter, upsell } from "./agents";\napp.post("/hi", async (req, res) => {\n  const a = await run(greeter, "Say hello", { context: { name: req.body.name, plan: "pro" } });\n  const b = await run(upsell, "Go on", { context: { name: req.body.name, plan: "pro" } });\n  res.json([a.finalOutput, b.finalOutput]);\n});\n`,
    });
    expect(rows).toEqual([[PI1, "src/agents.ts", 5]]);
  });

  it("stays quiet on constant instructions, enum-keyed variants and user text in a user item", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}import { z } from "zod";\nimport { Agent, Runner, tool } from "@openai/agents";\nconst TONES = { calm: "Answer calmly.", upbeat: "Answer with energy." };\nconst Body = z.object({ tone: z.enum(["calm", "upbeat"]), question: z.string().max(2000) });\nconst runner = new Runner();\napp.post("/a", async (req, res) => {\n  const { tone, question } = Body.parse(req.body);\n  const search = tool({ name: "search", description: "Search the help centre", parameters: z.object({ q: z.string() }), execute: async ({ q }) => q });\n  const agent = new Agent({ name: "Help", instructions: () => \`You answer help-centre questions. \${TONES[tone]}\`, tools: [search] });\n  const out = await runner.run(agent, [\n    { role: "developer", content: "Cite the article you used." },\n    { role: "user", content: question },\n  ]);\n  res.json(out.finalOutput);\n});\n`,
    });
    expect(rows).toEqual([]);
  });
});

describe("OpenRouter SDK", () => {
  it("reads request fields nested under chatRequest / responsesRequest, the standalone chatSend and the agent module's tool()", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}import { OpenRouter } from "@openrouter/sdk";\nimport { chatSend } from "@openrouter/sdk/funcs/chatSend";\nimport { tool } from "@openrouter/agent";\nconst client = new OpenRouter({ apiKey: process.env.OPENROUTER_API_KEY });\napp.post("/a", async (req, res) => {\n  await client.chat.send({ chatRequest: { model: "openai/gpt-4o", maxTokens: 300, messages: [{ role: "system", content: req.body.rules }, { role: "user", content: req.body.q }] } });\n  await client.responses.send({ responsesRequest: { model: "openai/gpt-4o", maxOutputTokens: 300, instructions: req.body.rules, input: req.body.q } });\n  await chatSend(client, { model: "openai/gpt-4o", maxTokens: 300, messages: [{ role: "developer", content: req.body.rules }] });\n  const lookup = tool({ name: "lookup", description: req.body.toolHelp, inputSchema: undefined as never, execute: async () => "none" });\n  res.json({ lookup: lookup.function.name });\n});\n`,
    });
    expect(rows).toEqual([
      [PI1, "src/app.ts", 8],
      [PI1, "src/app.ts", 9],
      [PI1, "src/app.ts", 10],
      [PI1, "src/app.ts", 11],
    ]);
  });

  it("reads the agent module's callModel with the request alone (early releases) and chat-style messages", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}import { callModel } from "@openrouter/agent";\napp.post("/a", async (req, res) => {\n  const a = callModel({ model: "openai/gpt-4o", maxOutputTokens: 300, instructions: \`Answer as the \${req.body.team} team lead would.\`, input: "Hello" });\n  const b = callModel({ model: "openai/gpt-4o", maxOutputTokens: 300, messages: [{ role: "system", content: req.body.rules }] });\n  const c = callModel({ model: "openai/gpt-4o", maxOutputTokens: 300, instructions: "Answer briefly.", messages: [{ role: "user", content: req.body.q }] });\n  res.json([await a.getText(), await b.getText(), await c.getText()]);\n});\n`,
    });
    expect(rows).toEqual([
      [PI1, "src/app.ts", 5],
      [PI1, "src/app.ts", 6],
    ]);
  });

  it("judges an instructions function of callModel by what it returns, and stays quiet on user input", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}import { OpenRouter } from "@openrouter/sdk";\nconst client = new OpenRouter({ apiKey: process.env.OPENROUTER_API_KEY });\napp.post("/a", async (req, res) => {\n  const bad = client.callModel({ model: "openai/gpt-4o", maxOutputTokens: 300, instructions: () => \`Reply as \${req.body.persona}, never break character.\`, input: req.body.q });\n  const good = client.callModel({ model: "openai/gpt-4o", maxOutputTokens: 300, instructions: "Reply briefly.", input: [{ role: "user", content: req.body.q }] });\n  res.json({ a: await bad.getText(), b: await good.getText() });\n});\n`,
    });
    expect(rows).toEqual([[PI1, "src/app.ts", 6]]);
  });
});

describe("openai: Assistants, legacy and audio endpoints, content parts", () => {
  const CLIENT = 'import OpenAI from "openai";\nconst openai = new OpenAI();\n';

  it("reports assistants.create instructions, createAndRun instructions and a system message added to a thread", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}${CLIENT}app.post("/a", async (req, res) => {\n  const assistant = await openai.beta.assistants.create({ model: "gpt-4o", instructions: \`You are \${req.body.role} for our shop.\` });\n  await openai.beta.threads.createAndRun({ assistant_id: assistant.id, instructions: req.body.extra, thread: { messages: [{ role: "user", content: req.body.q }] } });\n  await openai.beta.threads.messages.create("thread_1", { role: "system", content: req.body.note });\n  res.json({ id: assistant.id });\n});\n`,
    });
    expect(rows).toEqual([
      [PI1, "src/app.ts", 6],
      [PI1, "src/app.ts", 7],
      [PI1, "src/app.ts", 8],
    ]);
  });

  it("reports a mixed legacy prompt and a mixed translation prompt, not a prompt that is the input alone or a short label", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}${CLIENT}app.post("/a", async (req, res) => {\n  await openai.completions.create({ model: "gpt-3.5-turbo-instruct", max_tokens: 50, prompt: \`Summarise this support ticket in one line: \${req.body.ticket}\` });\n  await openai.completions.create({ model: "gpt-3.5-turbo-instruct", max_tokens: 50, prompt: req.body.ticket });\n  await openai.audio.translations.create({ model: "whisper-1", file: req.body.file, prompt: \`This is a lecture on \${req.body.subject}; keep technical terms in English.\` });\n  await openai.audio.transcriptions.create({ model: "whisper-1", file: req.body.file, prompt: \`Terms: \${req.body.terms}\` });\n  res.json({});\n});\n`,
    });
    expect(rows).toEqual([
      [PI1, "src/app.ts", 6],
      [PI1, "src/app.ts", 8],
    ]);
  });

  it("reports at the text part of a system or developer message, and at a spread of parts the client sends", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}${CLIENT}app.post("/a", async (req, res) => {\n  await openai.responses.create({\n    model: "gpt-4o",\n    max_output_tokens: 200,\n    input: [\n      {\n        role: "developer",\n        content: [\n          { type: "input_text", text: "Answer from the catalogue only." },\n          { type: "input_text", text: req.body.extra },\n        ],\n      },\n      { role: "user", content: [{ type: "input_text", text: req.body.q }] },\n    ],\n  });\n  await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 200, messages: [\n    { role: "system", content: [\n      ...req.body.parts] },\n  ] });\n  res.json({});\n});\n`,
    });
    expect(rows).toEqual([
      [PI1, "src/app.ts", 14],
      [PI1, "src/app.ts", 22],
    ]);
  });
});

describe("the AI surface knows the new SDKs", () => {
  it("records run(), Runner#run, chat.send and callModel as model calls, and agents made with instructions", async () => {
    const dir = writeProject({
      "package.json": PKG,
      "src/calls.ts": 'import { Agent, Runner, run } from "@openai/agents";\nimport { OpenRouter } from "@openrouter/sdk";\nimport { callModel } from "@openrouter/agent";\nconst agent = new Agent({ name: "A", instructions: "Be brief." });\nconst router = new OpenRouter({ apiKey: process.env.OPENROUTER_API_KEY });\nexport async function go(q: string) {\n  await run(agent, q);\n  await new Runner().run(agent, q);\n  await router.chat.send({ model: "openai/gpt-4o", messages: [{ role: "user", content: q }] });\n  await callModel(router, { model: "openai/gpt-4o", input: q }).getText();\n}\n',
    });
    const { project, ts } = await loadProject(dir, defaultConfig());
    const surface = project.aiSurface(ts);
    const line = (start: number) => project.file("src/calls.ts")!.positionAt(start).line;
    expect(surface.callSites.map((c) => [line(c.start), c.provider, c.sdk, c.method])).toEqual([
      [7, "OpenAI", "openai-agents", "run"],
      [8, "OpenAI", "openai-agents", "run"],
      [9, "OpenRouter", "openrouter", "chat.send"],
      [10, "OpenRouter", "openrouter", "callModel"],
    ]);
    expect(surface.instructionSites.map((s) => [line(s.start), s.method, s.paths])).toEqual([[4, "new Agent", ["0.instructions", "0.handoffDescription"]]]);
  });

  it("records calls through a namespace import (`agents.run`, `ai.generateText`) and static members (`agents.Runner.run`)", async () => {
    const dir = writeProject({
      "package.json": JSON.stringify({ name: "app", dependencies: { ai: "^4", "@openai/agents": "^0.3" } }),
      "src/ns.ts": 'import * as ai from "ai";\nimport * as agents from "@openai/agents";\nconst agent = new agents.Agent({ name: "A", instructions: "Be brief." });\nexport async function go(q: string) {\n  await ai.generateText({ model: "openai/gpt-4o", prompt: q });\n  await agents.run(agent, q);\n  await agents.Runner.run(agent, q);\n}\n',
    });
    const { project, ts } = await loadProject(dir, defaultConfig());
    const surface = project.aiSurface(ts);
    const line = (start: number) => project.file("src/ns.ts")!.positionAt(start).line;
    expect(surface.callSites.map((c) => [line(c.start), c.method])).toEqual([
      [5, "generateText"],
      [6, "run"],
      [7, "Runner.run"],
    ]);
  });

  it("reports an OpenRouter client with a key and its call in browser code (CS-1)", async () => {
    const dir = writeProject({
      "package.json": PKG,
      "app/chat/page.tsx": '"use client";\nimport { OpenRouter } from "@openrouter/sdk";\nconst router = new OpenRouter({ apiKey: process.env.NEXT_PUBLIC_OPENROUTER_KEY });\nexport default function Page() {\n  const ask = async () => {\n    await router.chat.send({ model: "openai/gpt-4o", maxTokens: 100, messages: [{ role: "user", content: "hi" }] });\n  };\n  return <button onClick={ask}>Ask</button>;\n}\n',
    });
    const result = await scan({ target: dir });
    const rows = result.findings.filter((f) => f.ruleId === "client-side-provider-call").map((f) => [f.file, f.line]);
    expect(rows).toEqual([["app/chat/page.tsx", 6]]);
  });
});


describe("through ESLint, one file at a time", () => {
  const tester = typescriptRuleTester();
  const header = 'import { Agent, run } from "@openai/agents";\n';
  tester.run(PI1, pluginRule(PI1), {
    valid: [
      { filename: "src/app.ts", code: `${header}export async function POST(req: Request) {\n  const { question } = await req.json();\n  const agent = new Agent({ name: "Help", instructions: "Answer help-centre questions briefly." });\n  return run(agent, question);\n}` },
    ],
    invalid: [
      {
        filename: "src/app.ts",
        code: `${header}export async function POST(req: Request) {\n  const { product, question } = await req.json();\n  const agent = new Agent({\n    name: "Help",\n    instructions: \`Answer questions about \${product} only.\`,\n  });\n  return run(agent, question);\n}`,
        errors: [{ messageId: "finding", line: 6 }],
      },
    ],
  });
});
