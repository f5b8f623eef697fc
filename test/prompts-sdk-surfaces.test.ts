/**
 * PI-1 on the SDK surfaces that take instructions outside a plain `messages` array:
 * LangChain messages and templates made ahead of any call, LangGraph/langchain agents'
 * prompts, Anthropic system text blocks, prefill and managed agents, and Gemini
 * instructions given when a model or chat is made. Exact (rule, file, line) both ways.
 */
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import aigis from "../src/eslint/plugin.js";
import { tempProjects } from "./helpers/temp-projects.js";
import { pluginRule, rowsOf, typescriptRuleTester, type Row } from "./helpers/rule-tester.js";

const PI1 = "untrusted-input-in-instructions";

const write = tempProjects("aigis-sdk-surfaces-");
const PACKAGE = JSON.stringify({
  name: "app",
  private: true,
  dependencies: { express: "^4", "@anthropic-ai/sdk": "^0.60", "@google/generative-ai": "^0.24", "@google/genai": "^1", "@langchain/core": "^0.3", "@langchain/openai": "^0.4", "@langchain/langgraph": "^0.2", openai: "^4" },
});

/** PI-1 findings of a small project, as (rule, file, line) rows. */
async function pi1(files: Record<string, string>): Promise<Row[]> {
  const result = await scan({ target: write({ "package.json": PACKAGE, ...files }) });
  return rowsOf(result, PI1);
}

const EXPRESS = 'import express from "express";\nconst app = express();\n';

describe("LangChain and LangGraph", () => {
  it("reports a SystemMessage built from input where it is built, even when a model never receives it in that file", async () => {
    const rows = await pi1({
      "src/persona.ts": 'import { SystemMessage } from "@langchain/core/messages";\nexport function personaMessage(name: string) {\n  return new SystemMessage(\n    `You are ${name}. Stay in character.`,\n  );\n}\n',
      "src/app.ts": `${EXPRESS}import { personaMessage } from "./persona";\napp.post("/persona", (req, res) => {\n  res.json({ message: personaMessage(req.body.name) });\n});\n`,
    });
    expect(rows).toEqual([[PI1, "src/persona.ts", 4]]);
  });

  it("reports createReactAgent's prompt given as a SystemMessage once, at the message's text", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}import { SystemMessage } from "@langchain/core/messages";\nimport { ChatOpenAI } from "@langchain/openai";\nimport { createReactAgent } from "@langchain/langgraph/prebuilt";\nconst llm = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 300 });\napp.post("/agent", async (req, res) => {\n  const agent = createReactAgent({\n    llm,\n    tools: [],\n    prompt: new SystemMessage(\n      "You answer questions about " + req.body.topic,\n    ),\n  });\n  res.json(await agent.invoke({ messages: [{ role: "user", content: req.body.q }] }));\n});\n`,
    });
    expect(rows).toEqual([[PI1, "src/app.ts", 12]]);
  });

  it("reports a system template whose placeholder is filled from the request at invoke, and a summary template around its slot, at the templates; the question in the human turn is the safe shape", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}import { ChatPromptTemplate, PromptTemplate } from "@langchain/core/prompts";\nimport { ChatOpenAI } from "@langchain/openai";\nconst llm = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 300 });\nconst chat = ChatPromptTemplate.fromMessages([["system", "You tutor {subject} students."], ["human", "{question}"]]);\nconst summary = PromptTemplate.fromTemplate("Summarise the text below in three bullet points.\\n\\n{text}");\napp.post("/ask", async (req, res) => {\n  res.json(await chat.pipe(llm).invoke({ subject: req.body.subject, question: req.body.question }));\n});\napp.post("/summary", async (req, res) => {\n  res.json(await summary.pipe(llm).invoke({ text: req.body.text }));\n});\n`,
    });
    expect(rows).toEqual([
      [PI1, "src/app.ts", 6],
      [PI1, "src/app.ts", 7],
    ]);
  });

  it("reports a template whose own text is built from input, and a human template that only holds the input stays quiet", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}import { PromptTemplate, HumanMessagePromptTemplate } from "@langchain/core/prompts";\napp.post("/t", async (req, res) => {\n  const a = new PromptTemplate({\n    inputVariables: ["text"],\n    template: \`Rewrite the text in the voice of \${req.body.voice}: {text}\`,\n  });\n  const b = HumanMessagePromptTemplate.fromTemplate(req.body.text);\n  res.json({ a, b });\n});\n`,
    });
    expect(rows).toEqual([[PI1, "src/app.ts", 7]]);
  });
});

describe("Anthropic", () => {
  it("reports a system text block at its text, not at the array, when the blocks are a named constant", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}import Anthropic from "@anthropic-ai/sdk";\nconst anthropic = new Anthropic();\napp.post("/a", async (req, res) => {\n  const blocks = [\n    { type: "text", text: "You review pull requests for the team.", cache_control: { type: "ephemeral" } },\n    {\n      type: "text",\n      text: "Focus on " + req.body.focus,\n    },\n  ];\n  const r = await anthropic.beta.messages.create({ model: "claude-sonnet-4-5", max_tokens: 500, system: blocks, messages: [{ role: "user", content: req.body.diff }] });\n  res.json(r);\n});\n`,
    });
    expect(rows).toEqual([[PI1, "src/app.ts", 10]]);
  });

  it("reports a prefill from input and an earlier assistant turn built around input, for Anthropic only; a constant prefill, a previous answer passed whole and OpenAI's final assistant turn stay quiet", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}import Anthropic from "@anthropic-ai/sdk";\nimport OpenAI from "openai";\nconst anthropic = new Anthropic();\nconst openai = new OpenAI();\napp.post("/a", async (req, res) => {\n  const a = await anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 500, messages: [{ role: "user", content: req.body.q }, { role: "assistant", content: "<answer>" }] });\n  const b = await anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 500, messages: [\n    { role: "user", content: req.body.q },\n    { role: "assistant", content: req.body.start },\n  ] });\n  const c = await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 500, messages: [{ role: "user", content: req.body.q }, { role: "assistant", content: req.body.start }] });\n  const d = await anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 500, messages: [\n    { role: "assistant", content: "Earlier you agreed to " + req.body.claim },\n    { role: "user", content: req.body.q },\n  ] });\n  const e = await anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 500, messages: [{ role: "assistant", content: req.body.previous }, { role: "user", content: req.body.q }] });\n  res.json({ a, b, c, d, e });\n});\n`,
    });
    expect(rows).toEqual([[PI1, "src/app.ts", 11], [PI1, "src/app.ts", 15]]);
  });

  it("reports the system prompt of a managed agent updated from input", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}import Anthropic from "@anthropic-ai/sdk";\nconst anthropic = new Anthropic();\napp.post("/agents/:id", async (req, res) => {\n  const agent = await anthropic.beta.agents.update(req.params.id, {\n    version: req.body.version,\n    system: req.body.instructions,\n  });\n  res.json(agent);\n});\n`,
    });
    expect(rows).toEqual([[PI1, "src/app.ts", 8]]);
  });
});

describe("Gemini", () => {
  it("reports systemInstruction at model creation in a helper, once, and not again at the call made through the model", async () => {
    const rows = await pi1({
      "src/model.ts": 'import { GoogleGenerativeAI } from "@google/generative-ai";\nconst genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY!);\nexport function modelFor(persona: string) {\n  return genAI.getGenerativeModel({\n    model: "gemini-2.0-flash",\n    systemInstruction: `You are ${persona}. Answer briefly.`,\n  });\n}\n',
      "src/app.ts": `${EXPRESS}import { modelFor } from "./model";\napp.post("/g", async (req, res) => {\n  const r = await modelFor(req.body.persona).generateContent(req.body.q);\n  res.json(r.response.text());\n});\n`,
    });
    expect(rows).toEqual([[PI1, "src/model.ts", 6]]);
  });

  it("reports a text part of a generateContent systemInstruction and stays quiet on constant parts", async () => {
    const rows = await pi1({
      "src/app.ts": `${EXPRESS}import { GoogleGenAI } from "@google/genai";\nconst ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });\napp.post("/g", async (req, res) => {\n  const r = await ai.models.generateContent({\n    model: "gemini-2.5-flash",\n    contents: req.body.q,\n    config: {\n      maxOutputTokens: 400,\n      systemInstruction: { parts: [\n        { text: "You are a travel planner." },\n        { text: \`The traveller's rules: \${req.body.rules}\` },\n      ] },\n    },\n  });\n  const quiet = ai.chats.create({ model: "gemini-2.5-flash", config: { systemInstruction: { parts: [{ text: "Be brief." }] } } });\n  res.json({ text: r.text, quiet });\n});\n`,
    });
    expect(rows).toEqual([[PI1, "src/app.ts", 13]]);
  });
});

describe("agents made with `new`", () => {
  it("reports a Mastra agent's instructions built from input where the agent is made, and constant instructions not at all", async () => {
    const rows = await pi1({
      "package.json": JSON.stringify({ name: "app", private: true, dependencies: { express: "^4", "@mastra/core": "^0.10", "@ai-sdk/openai": "^1" } }),
      "src/app.ts": `${EXPRESS}import { Agent } from "@mastra/core/agent";\nimport { openai } from "@ai-sdk/openai";\nconst fixed = new Agent({ name: "helper", model: openai("gpt-4o-mini"), instructions: "Answer in two sentences." });\napp.post("/m", async (req, res) => {\n  const agent = new Agent({\n    name: "custom",\n    model: openai("gpt-4o-mini"),\n    instructions: \`You are \${req.body.role}. Answer in two sentences.\`,\n  });\n  res.json({ agent, fixed });\n});\n`,
    });
    expect(rows).toEqual([[PI1, "src/app.ts", 10]]);
  });
});


describe("through ESLint, one file at a time", () => {
  const tester = typescriptRuleTester();
  const header = 'import { GoogleGenerativeAI } from "@google/generative-ai";\nconst genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY!);\n';
  tester.run(PI1, pluginRule(PI1), {
    valid: [{ filename: "src/app.ts", code: `${header}export async function POST(req: Request) {\n  const { q } = await req.json();\n  const model = genAI.getGenerativeModel({ model: "gemini-2.0-flash", systemInstruction: "Be brief." });\n  return Response.json({ model, q });\n}` }],
    invalid: [
      {
        filename: "src/app.ts",
        code: `${header}export async function POST(req: Request) {\n  const { tone } = await req.json();\n  const model = genAI.getGenerativeModel({\n    model: "gemini-2.0-flash",\n    systemInstruction: \`Answer in a \${tone} tone.\`,\n  });\n  return Response.json({ model });\n}`,
        errors: [{ messageId: "finding", line: 7 }],
      },
    ],
  });
});
