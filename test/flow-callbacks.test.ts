/**
 * Values and data that travel through callbacks, destructured handler arguments and option
 * objects (issue 11): the evaluator must still see the client a callback returns, and the
 * data flow must follow a callback's return, a destructured input passed on whole, and one
 * field of an options object without tainting its other fields. The fixture twins
 * `prompts-callbacks-unsafe` / `-safe` are checked line by line by flow-fixtures.test.ts;
 * here their call sites, and shapes beyond them on small projects.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { scan } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));
const PI1 = "untrusted-input-in-instructions";
const write = tempProjects("aigis-callbacks-");
const PKG = JSON.stringify({ name: "app", private: true, dependencies: { express: "^4", openai: "^4", react: "^19", "ts-pattern": "^5" } });
const EXPRESS = 'import express from "express";\nimport OpenAI from "openai";\nconst openai = new OpenAI();\nexport const app = express();\n';

async function callSites(dir: string): Promise<string[]> {
  const { project, ts } = await loadProject(dir, defaultConfig());
  return project.aiSurface(ts).callSites.map((c) => `${c.file}:${project.file(c.file)!.positionAt(c.start).line} ${c.sdk} ${c.method}`);
}

async function pi1(files: Record<string, string>): Promise<string[]> {
  const result = await scan({ target: write({ "package.json": PKG, ...files }) });
  return result.findings.filter((f) => f.ruleId === PI1).map((f) => `${f.file}:${f.line}`).sort();
}

describe("clients returned by callbacks are model clients", () => {
  it.each(["prompts-callbacks-unsafe", "prompts-callbacks-safe"])("%s: calls through match().with().otherwise(), .then(), .find() and .map()[0]", async (name) => {
    const agendaLine = name.endsWith("unsafe") ? 14 : 17;
    const shift = name.endsWith("unsafe") ? 0 : 1;
    expect(await callSites(join(FIXTURES, name))).toEqual([
      `app/api/agenda/route.ts:${agendaLine} openai chat.completions.create`,
      "lib/summarize.ts:6 openai chat.completions.create",
      "server/routers/notes.ts:17 openai chat.completions.create",
      `server/routers/notes.ts:${35 + shift} anthropic messages.create`,
      `server/routers/notes.ts:${48 + shift} openai chat.completions.create`,
    ]);
  });

  it("ts-pattern .exhaustive(), useMemo, an array literal's element, .catch()", async () => {
    const dir = write({
      "package.json": PKG,
      "lib/pick.ts":
        'import OpenAI from "openai";\nimport { match, P } from "ts-pattern";\nexport const pick = (mode: "fast" | "slow") =>\n  match(mode)\n    .with("fast", () => new OpenAI({ baseURL: "https://api.groq.com/openai/v1" }))\n    .with(P.string, () => new OpenAI())\n    .exhaustive();\n' +
        'export const pool = [new OpenAI(), new OpenAI()];\nasync function connect() {\n  return new OpenAI();\n}\nexport const ready = connect().catch(() => { throw new Error("no client"); });\n',
      "lib/use.ts":
        'import { pick, pool, ready } from "./pick";\nexport async function run(text: string) {\n  await pick("fast").chat.completions.create({ model: "m", messages: [{ role: "user", content: text }] });\n  await pool[1].chat.completions.create({ model: "m", messages: [{ role: "user", content: text }] });\n  await (await ready).chat.completions.create({ model: "m", messages: [{ role: "user", content: text }] });\n}\n',
      "components/Chat.tsx":
        'import OpenAI from "openai";\nimport { useMemo } from "react";\nexport function Chat() {\n  const client = useMemo(() => new OpenAI({ dangerouslyAllowBrowser: true }), []);\n  const send = () => client.chat.completions.create({ model: "m", messages: [] });\n  return <button onClick={send}>Send</button>;\n}\n',
    });
    expect(await callSites(dir)).toEqual([
      "components/Chat.tsx:5 openai chat.completions.create",
      "lib/use.ts:3 openai chat.completions.create",
      "lib/use.ts:4 openai chat.completions.create",
      "lib/use.ts:5 openai chat.completions.create",
    ]);
  });

  it("a .then() callback that returns something else is not a client", async () => {
    const dir = write({
      "package.json": PKG,
      "lib/use.ts": 'import OpenAI from "openai";\nconst ready = Promise.resolve(new OpenAI()).then(() => ({ chat: { completions: { create: async () => "stub" } } }));\nexport async function run() {\n  return (await ready).chat.completions.create();\n}\n',
    });
    expect(await callSites(dir)).toEqual([]);
  });

  it("Promise.resolve(client) settles to the client; the first element destructured from .map() is what the callback returns", async () => {
    const dir = write({
      "package.json": PKG,
      "lib/clients.ts": [
        'import OpenAI from "openai";',
        "const ready = Promise.resolve(new OpenAI());",
        "const [primary] = [process.env.OPENAI_API_KEY].map((apiKey) => new OpenAI({ apiKey }));",
        'const [label] = ["a", "b"].map((x) => x.toUpperCase());',
        "export async function ask() {",
        '  await (await ready).chat.completions.create({ model: "gpt-4o", messages: [] });',
        '  await primary.chat.completions.create({ model: "gpt-4o-mini", messages: [] });',
        "  return label;",
        "}",
        "",
      ].join("\n"),
      "lib/local.ts": 'const Promise = { resolve: (x: unknown) => ({ chat: { completions: { create: async () => x } } }) };\nexport const fake = Promise.resolve(1);\nexport const run = () => fake.chat.completions.create();\n',
    });
    expect(await callSites(dir)).toEqual(["lib/clients.ts:6 openai chat.completions.create", "lib/clients.ts:7 openai chat.completions.create"]);
  });
});

describe("a destructured request part passed on whole", () => {
  it("Express ({ body }, res) => handing body to a helper that writes body.persona into the system prompt", async () => {
    expect(
      await pi1({
        "src/prompt.ts": "export function systemFor(body: { persona: string }) {\n  return `You are ${body.persona}, a helpful guide.`;\n}\n",
        "src/app.ts": `${EXPRESS}import { systemFor } from "./prompt";\napp.post("/chat", async ({ body }, res) => {\n  const r = await openai.chat.completions.create({\n    model: "gpt-4o",\n    max_tokens: 100,\n    messages: [{ role: "system", content: systemFor(body) }, { role: "user", content: "hi" }],\n  });\n  res.json(r);\n});\n`,
      }),
    ).toEqual(["src/app.ts:10"]);
  });
});

describe("one field of an options object", () => {
  const helper = (systemField: string, userField: string) =>
    `export function systemPrompt(p: { model: string; hints: string; question: string }) {\n  return [\n    { role: "system", content: \`Answer as a support agent. \${p.${systemField}}\` },\n    { role: "user", content: p.${userField} },\n  ];\n}\n`;
  const app = `${EXPRESS}import { systemPrompt } from "./prompt";\nconst FIXED_HINTS = "Be brief. Never promise refunds.";\napp.post("/ask", async (req, res) => {\n  const r = await openai.chat.completions.create({\n    model: "gpt-4o",\n    max_tokens: 100,\n    messages: systemPrompt({ model: "gpt-4o", hints: FIXED_HINTS, question: req.body.q }),\n  });\n  res.json(r);\n});\n`;

  it("the helper puts only the fixed hints in the system message: not reported", async () => {
    expect(await pi1({ "src/prompt.ts": helper("hints", "question"), "src/app.ts": app })).toEqual([]);
  });

  it("the helper puts the question in the system message: reported there", async () => {
    expect(await pi1({ "src/prompt.ts": helper("question", "hints"), "src/app.ts": app })).toEqual(["src/prompt.ts:3"]);
  });

  it("a destructured parameter of an inlined helper takes only its own field", async () => {
    const inline = (field: string) =>
      `${EXPRESS}const HINTS = "Be brief.";\nfunction instructions({ hints, question }: { hints: string; question: string }) {\n  return \`Answer as a support agent. \${${field}}\`;\n}\napp.post("/ask", async (req, res) => {\n  const r = await openai.chat.completions.create({\n    model: "gpt-4o",\n    max_tokens: 100,\n    messages: [{ role: "system", content: instructions({ hints: HINTS, question: req.body.q }) }, { role: "user", content: req.body.q }],\n  });\n  res.json(r);\n});\n`;
    expect(await pi1({ "src/app.ts": inline("hints") })).toEqual([]);
    expect(await pi1({ "src/app.ts": inline("question") })).toEqual(["src/app.ts:13"]);
  });

  it("a field destructured from a helper's parameter is that field of what callers pass, not every field", async () => {
    // The helper makes the call itself; the route hands it the stored persona and the caller's question.
    const ask = (field: string) =>
      `import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function ask(body: { persona: string; question: string }) {\n  const { persona, question } = body;\n  return openai.chat.completions.create({\n    model: "gpt-4o",\n    max_tokens: 100,\n    messages: [{ role: "system", content: \`You are \${${field}}.\` }, { role: "user", content: question }],\n  });\n}\n`;
    const route = `${EXPRESS}import { ask } from "./ask";\nconst PERSONA = "a patient maths tutor";\napp.post("/ask", async (req, res) => {\n  res.json(await ask({ persona: PERSONA, question: req.body.q }));\n});\n`;
    expect(await pi1({ "src/ask.ts": ask("persona"), "src/app.ts": route })).toEqual([]);
    expect(await pi1({ "src/ask.ts": ask("question"), "src/app.ts": route })).toEqual(["src/ask.ts:8"]);
  });
});

describe("text returned by a callback", () => {
  const app = (callback: string) =>
    `${EXPRESS}app.post("/recap", async (req, res) => {\n  const transcript = req.body.messages.map(${callback}).join("\\n");\n  const r = await openai.chat.completions.create({\n    model: "gpt-4o",\n    max_tokens: 100,\n    messages: [{ role: "system", content: \`Summarise this chat for the team: \${transcript}\` }, { role: "user", content: "Go." }],\n  });\n  res.json(r);\n});\n`;

  it("messages.map((m) => m.content).join() in the system message: reported", async () => {
    expect(await pi1({ "src/app.ts": app("(m) => m.content") })).toEqual(["src/app.ts:10"]);
  });

  it("a callback that returns only the app's own constants: not reported", async () => {
    expect(await pi1({ "src/app.ts": app('(m) => (m.role === "user" ? "customer" : "agent")') })).toEqual([]);
  });

  it("a callback that calls a function the walk cannot see into keeps the receiver's data", async () => {
    expect(await pi1({ "src/app.ts": `import { toText } from "some-formatter";\n${app("(m) => toText(m)")}` })).toEqual(["src/app.ts:11"]);
  });
});
