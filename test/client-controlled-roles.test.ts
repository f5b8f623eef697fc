/**
 * client-controlled-roles (PI-1, warning): a client-posted conversation or a client-chosen
 * role, reported only where the provider takes a system role in the message list, quiet
 * when the roles are limited on the way, and off when the config says so. PI-1's own rule
 * (untrusted-input-in-instructions) no longer reports these shapes.
 */
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import aigis from "../src/eslint/plugin.js";
import { defaultConfig } from "../src/config/config.js";
import { tempProjects } from "./helpers/temp-projects.js";
import { pluginRule, typescriptRuleTester, type Row } from "./helpers/rule-tester.js";

const ROLES = "client-controlled-roles";
const PI1 = "untrusted-input-in-instructions";

const write = tempProjects("aigis-roles-");
const PACKAGE = JSON.stringify({ name: "app", private: true, dependencies: { express: "^4", openai: "^4", ai: "^5", "@ai-sdk/openai": "^2", "@anthropic-ai/sdk": "^0.30", "@google/genai": "^1", "@mistralai/mistralai": "^1", zod: "^3" } });

async function rows(files: Record<string, string>, off = false): Promise<Row[]> {
  const config = defaultConfig();
  if (off) config.rules = { ...config.rules, [ROLES]: "off" };
  const result = await scan({ target: write({ "package.json": PACKAGE, ...files }), config });
  return result.findings
    .filter((f) => f.ruleId === ROLES || f.ruleId === PI1)
    .map((f): Row => [f.ruleId, f.file, f.line])
    .sort((a, b) => a[1].localeCompare(b[1]) || a[2] - b[2] || a[0].localeCompare(b[0]));
}

const lines = (...l: string[]) => `${l.join("\n")}\n`;
const EXPRESS = ['import express from "express";', 'import OpenAI from "openai";', "const openai = new OpenAI();", "const app = express();"];
const SYSTEM = 'const SYSTEM = "You help customers of a bike shop with repairs.";';

/** An OpenAI chat route given the conversation expression `messages` (line 11 holds it). */
const openAiRoute = (prelude: string[], messages: string) =>
  lines(...EXPRESS, SYSTEM, 'app.post("/chat", async (req, res) => {', ...prelude, "  const r = await openai.chat.completions.create({", '    model: "gpt-4o-mini",', "    max_tokens: 300,", `    messages: [{ role: "system", content: SYSTEM }, ...${messages}],`, "  });", "  res.json(r);", "});");

describe("client-controlled-roles: reported where the provider takes a system role in the messages", () => {
  it("a posted conversation spread after the system message of an OpenAI chat call", async () => {
    const app = openAiRoute(["  const { messages } = req.body;"], "messages");
    expect(app.split("\n")[10]).toContain("...messages");
    expect(await rows({ "src/app.ts": app })).toEqual([[ROLES, "src/app.ts", 11]]);
  });

  it("a conversation under a longer name (chatMessages, conversationHistory)", async () => {
    for (const name of ["chatMessages", "conversationHistory"]) {
      expect(await rows({ "src/app.ts": openAiRoute([`  const { ${name} } = req.body;`], name) }), name).toEqual([[ROLES, "src/app.ts", 11]]);
    }
  });

  it("the same route is quiet when the config switches the rule off (bring-your-own-key chat)", async () => {
    expect(await rows({ "src/app.ts": openAiRoute(["  const { messages } = req.body;"], "messages") }, true)).toEqual([]);
  });

  it("a posted conversation given to the Vercel AI SDK's streamText beside its system option", async () => {
    const route = lines(
      'import { streamText } from "ai";',
      'import { openai } from "@ai-sdk/openai";',
      "export async function POST(req: Request) {",
      "  const { messages } = await req.json();",
      "  const result = streamText({",
      '    model: openai("gpt-4o-mini"),',
      "    maxOutputTokens: 400,",
      '    system: "You answer questions about train timetables.",',
      "    messages,",
      "  });",
      "  return result.toTextStreamResponse();",
      "}",
    );
    expect(await rows({ "app/api/chat/route.ts": route })).toEqual([[ROLES, "app/api/chat/route.ts", 9]]);
  });

  it("a posted history given to Mistral's chat.complete", async () => {
    const app = lines(
      'import express from "express";',
      'import { Mistral } from "@mistralai/mistralai";',
      "const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY });",
      "const app = express();",
      'app.post("/ask", async (req, res) => {',
      "  const history = req.body.history;",
      '  const out = await mistral.chat.complete({ model: "mistral-small-latest", maxTokens: 300, messages: [{ role: "system", content: "Answer as the shop." }, ...history] });',
      "  res.json(out);",
      "});",
    );
    expect(await rows({ "src/app.ts": app })).toEqual([[ROLES, "src/app.ts", 7]]);
  });

  it("a role read from the request, at the role", async () => {
    const app = lines(
      ...EXPRESS,
      'app.post("/turn", async (req, res) => {',
      "  const r = await openai.chat.completions.create({",
      '    model: "gpt-4o-mini",',
      "    max_tokens: 200,",
      '    messages: [{ role: "system", content: "You referee a debate." }, { role: req.body.speaker, content: req.body.text }],',
      "  });",
      "  res.json(r);",
      "});",
    );
    expect(await rows({ "src/app.ts": app })).toEqual([[ROLES, "src/app.ts", 9]]);
  });

  it("roles copied through a map that only trims the content, and a filter that does not look at the role", async () => {
    const mapped = openAiRoute(["  const turns = req.body.messages.map((m) => ({ role: m.role, content: String(m.content).slice(0, 2000) }));"], "turns");
    expect(await rows({ "src/app.ts": mapped })).toEqual([[ROLES, "src/app.ts", 11]]);
    const filtered = openAiRoute(["  const messages = req.body.messages.filter((m) => m.content.length > 0);"], "messages");
    expect(await rows({ "src/app.ts": filtered })).toEqual([[ROLES, "src/app.ts", 11]]);
    // Naming the role is not limiting it.
    const present = openAiRoute(["  const messages = req.body.messages.filter((m) => m.role && m.content);"], "messages");
    expect(await rows({ "src/app.ts": present })).toEqual([[ROLES, "src/app.ts", 11]]);
  });

  it.each([
    ["a spread of the element", "(m) => ({ ...m, content: m.content.trim() })"],
    ["a destructured role", "({ role, content }) => ({ role, content })"],
    ["a map after the last turns are kept", "(m) => ({ role: m.role, content: m.content })"],
    ["a rename that keeps every other role", '(m) => ({ role: m.role === "bot" ? "assistant" : m.role, content: m.text })'],
    ["a type assertion", '(m) => ({ role: m.role as "user" | "assistant", content: m.content })'],
  ])("roles copied by %s", async (name, map) => {
    const chain = name.includes("last turns") ? `req.body.messages.slice(-10).map(${map})` : `req.body.messages.map(${map})`;
    expect(await rows({ "src/app.ts": openAiRoute([`  const turns = ${chain};`], "turns") })).toEqual([[ROLES, "src/app.ts", 11]]);
  });
});

describe("client-controlled-roles: quiet", () => {
  it("Anthropic's messages take user and assistant turns only: a posted conversation and a posted role there", async () => {
    const app = lines(
      'import express from "express";',
      'import Anthropic from "@anthropic-ai/sdk";',
      "const anthropic = new Anthropic();",
      "const app = express();",
      'app.post("/chat", async (req, res) => {',
      "  const { messages } = req.body;",
      '  const a = await anthropic.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 300, system: "You plan hikes.", messages });',
      '  const b = await anthropic.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 300, messages: [{ role: req.body.role, content: req.body.text }] });',
      "  res.json([a, b]);",
      "});",
    );
    expect(await rows({ "src/app.ts": app })).toEqual([]);
  });

  it("Gemini contents take user and model turns only", async () => {
    const app = lines(
      'import express from "express";',
      'import { GoogleGenAI } from "@google/genai";',
      "const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });",
      "const app = express();",
      'app.post("/chat", async (req, res) => {',
      "  const { contents } = req.body;",
      '  const out = await ai.models.generateContent({ model: "gemini-2.0-flash", contents, config: { systemInstruction: "You plan hikes.", maxOutputTokens: 300 } });',
      "  res.json(out.text);",
      "});",
    );
    expect(await rows({ "src/app.ts": app })).toEqual([]);
  });

  it("a zod schema that closes the role to user and assistant, or to the literal user", async () => {
    for (const role of ['z.enum(["user", "assistant"])', 'z.literal("user")']) {
      const app = openAiRoute([`  const { messages } = Chat.parse(req.body);`], "messages").replace(
        SYSTEM,
        `${SYSTEM}\nimport { z } from "zod";\nconst Chat = z.object({\n  messages: z.array(z.object({\n    role: ${role},\n    content: z.string().max(4000),\n  })).max(30),\n});`,
      );
      expect(await rows({ "src/app.ts": app }), role).toEqual([]);
    }
  });

  it("a zod schema whose role enum lets system in is still reported", async () => {
    const app = openAiRoute([`  const { messages } = Chat.parse(req.body);`], "messages").replace(
      SYSTEM,
      `${SYSTEM}\nimport { z } from "zod";\nconst Chat = z.object({\n  messages: z.array(z.object({\n    role: z.enum(["system", "user", "assistant"]),\n    content: z.string().max(4000),\n  })).max(30),\n});`,
    );
    expect(await rows({ "src/app.ts": app })).toEqual([[ROLES, "src/app.ts", 18]]);
  });

  it("a map that sets every role to user, or picks it from a fixed choice", async () => {
    for (const map of ['(m) => ({ role: "user", content: m.content })', '(m) => ({ role: m.role === "assistant" ? "assistant" : "user", content: m.content })']) {
      expect(await rows({ "src/app.ts": openAiRoute([`  const turns = req.body.messages.map(${map});`], "turns") }), map).toEqual([]);
    }
  });

  it("a map that copies roles after a filter that dropped system messages, or looks the role up in the app's own table", async () => {
    const filtered = openAiRoute(['  const turns = req.body.messages.filter((m) => m.role !== "system").map((m) => ({ role: m.role, content: m.content }));'], "turns");
    expect(await rows({ "src/app.ts": filtered })).toEqual([]);
    const table = openAiRoute(['  const ROLE_OF = { customer: "user", agent: "assistant" };', "  const turns = req.body.messages.map((m) => ({ role: ROLE_OF[m.from], content: m.text }));"], "turns");
    expect(await rows({ "src/app.ts": table })).toEqual([]);
  });

  it("a pass-through whose server adds no instructions and no tools is quiet; the server's tools, or a thread's later run, make it a finding", async () => {
    const call = (options: string) => lines(...EXPRESS, 'app.post("/chat", async (req, res) => {', `  res.json(await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: req.body.messages${options} }));`, "});");
    expect(await rows({ "src/app.ts": call("") })).toEqual([]);
    expect(await rows({ "src/app.ts": call(', tools: [{ type: "function", function: { name: "refund", parameters: {} } }]') })).toEqual([[ROLES, "src/app.ts", 6]]);
    const thread = lines(...EXPRESS, 'app.post("/threads/:id", async (req, res) => {', "  res.json(await openai.beta.threads.messages.create(req.params.id, { role: req.body.role, content: String(req.body.text).slice(0, 2000) }));", "});");
    expect(await rows({ "src/app.ts": thread })).toEqual([[ROLES, "src/app.ts", 6]]);
  });

  it("a posted conversation handed to an agent the server made is reported, whether the agent has instructions or only tools", async () => {
    const agent = (options: string) =>
      lines(
        'import { openai } from "@ai-sdk/openai";',
        'import { ToolLoopAgent, tool } from "ai";',
        'import { z } from "zod";',
        `export const helpdesk = new ToolLoopAgent({ model: openai("gpt-4o-mini"), ${options} });`,
      );
    const route = lines(
      'import { createAgentUIStreamResponse } from "ai";',
      'import { helpdesk } from "../../../lib/agent";',
      "export async function POST(req: Request) {",
      "  const body = await req.json();",
      "  return createAgentUIStreamResponse({ agent: helpdesk, uiMessages: body.messages });",
      "}",
    );
    const tools = 'tools: { refund: tool({ description: "Refund an order", inputSchema: z.object({ id: z.string() }), execute: async () => "ok" }) }';
    expect(await rows({ "lib/agent.ts": agent(tools), "app/api/chat/route.ts": route })).toEqual([[ROLES, "app/api/chat/route.ts", 5]]);
    expect(await rows({ "lib/agent.ts": agent('instructions: "You answer questions about orders."'), "app/api/chat/route.ts": route })).toEqual([[ROLES, "app/api/chat/route.ts", 5]]);
  });

  it("a filter that drops system messages or keeps user and assistant ones", async () => {
    for (const filter of ['(m) => m.role !== "system"', '(m) => m.role === "user" || m.role === "assistant"', '(m) => ["user", "assistant"].includes(m.role)']) {
      expect(await rows({ "src/app.ts": openAiRoute([`  const turns = req.body.messages.filter(${filter});`], "turns") }), filter).toEqual([]);
    }
  });
});

describe("client-controlled-roles through ESLint, one file at a time", () => {
  const tester = typescriptRuleTester();
  const route = (imports: string, call: string) => `${imports}\nexport async function POST(req: Request) {\n  const { messages } = await req.json();\n  return ${call};\n}\n`;
  const OPENAI = 'import OpenAI from "openai";\nconst openai = new OpenAI();';
  const ANTHROPIC = 'import Anthropic from "@anthropic-ai/sdk";\nconst anthropic = new Anthropic();';
  tester.run(ROLES, pluginRule(ROLES), {
    valid: [
      { filename: "src/app.ts", code: route(ANTHROPIC, 'anthropic.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 9, system: "Be brief.", messages })') },
      { filename: "src/app.ts", code: route(OPENAI, 'openai.chat.completions.create({ model: "gpt-4o", max_tokens: 9, messages: messages.map((m) => ({ role: "user", content: m.content })) })') },
    ],
    invalid: [{ filename: "src/app.ts", code: route(OPENAI, 'openai.chat.completions.create({ model: "gpt-4o", max_tokens: 9, messages: [{ role: "system", content: "Be brief." }, ...messages] })'), errors: [{ messageId: "finding", line: 5 }] }],
  });
});
