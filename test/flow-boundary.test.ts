/**
 * Prompts across boundaries and guards (issue 12): equality, allow-list and switch guards
 * narrow a value to the app's constants; selecting an array's system entry does not carry
 * its user entry's input; a thin wrapper's whole-prompt parameter is judged at each
 * caller's argument; a raw request's `JSON.stringify({ … })` body is read like SDK options.
 * The fixture twins are also checked line by line by flow-fixtures.test.ts.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));
const PI1 = "untrusted-input-in-instructions";
const write = tempProjects("aigis-boundary-");
const PKG = JSON.stringify({ name: "app", private: true, dependencies: { express: "^4", openai: "^4", "@anthropic-ai/sdk": "^0.32", ai: "^4", "@ai-sdk/openai": "^1" } });
const HEAD = 'import express from "express";\nimport OpenAI from "openai";\nconst openai = new OpenAI();\nexport const app = express();\n';

async function findings(dir: string, rule = PI1): Promise<string[]> {
  const result = await scan({ target: dir });
  return result.findings.filter((f) => f.ruleId === rule).map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort();
}

async function pi1(files: Record<string, string>): Promise<string[]> {
  return findings(write({ "package.json": PKG, ...files }));
}

/** A route whose system prompt is `system`, after `guard` (both one line). */
function route(guard: string, system: string): string {
  return `${HEAD}app.post("/x", async (req, res) => {\n  let v = req.body.v; let s = "You are helpful.";\n  ${guard}\n  await openai.chat.completions.create({ model: "m", max_tokens: 9, messages: [{ role: "system", content: ${system} }, { role: "user", content: req.body.q }] });\n});\n`;
}

describe("fixtures", () => {
  it("prompts-guards-unsafe: guards that do not narrow", async () => {
    expect(await findings(join(FIXTURES, "prompts-guards-unsafe"))).toEqual([
      `${PI1} routes/story.ts:18`,
      `${PI1} routes/story.ts:33`,
      `${PI1} routes/story.ts:49`,
      `${PI1} routes/story.ts:69`,
      `${PI1} routes/story.ts:80`,
    ]);
  });

  it("prompts-wrappers-unsafe: reported at the caller's string, in the builders it picks from, and inside raw bodies", async () => {
    expect(await findings(join(FIXTURES, "prompts-wrappers-unsafe"))).toEqual([
      `${PI1} lib/dictation.ts:21`,
      `${PI1} lib/letters.ts:3`,
      `${PI1} lib/letters.ts:7`,
      `${PI1} lib/llm.ts:32`,
      `${PI1} routes/notes.ts:11`,
      `${PI1} routes/notes.ts:17`,
      `${PI1} routes/notes.ts:23`,
      `${PI1} routes/raw.ts:17`,
      `${PI1} routes/raw.ts:30`,
    ]);
  });

  it("prompts-relay-unsafe: reported at the page's template posted to a proxy route", async () => {
    expect(await findings(join(FIXTURES, "prompts-relay-unsafe"))).toEqual([`${PI1} components/FlashCards.tsx:13`]);
  });

  it.each(["prompts-guards-safe", "prompts-wrappers-safe", "prompts-relay-safe"])("%s is quiet", async (name) => {
    expect(await findings(join(FIXTURES, name))).toEqual([]);
  });
});

describe("guards narrow a value to constants", () => {
  it.each([
    ["equality, then-branch", 'if (v === "pirate") s = `You are a ${v}.`;', "s"],
    ["inequality that returns", 'if (v !== "pirate") return res.status(400).end();', "`You are a ${v}.`"],
    ["two inequalities that throw", 'if (v !== "a" && v !== "b") throw new Error("bad");', "`You are a ${v}.`"],
    ["negated includes on an inline list", 'if (!["tutor", "editor"].includes(v)) return;', "`You are a ${v}.`"],
    ["negated has on a constant Set", 'const OK = new Set(["a", "b"]); if (!OK.has(v)) return;', "`You are a ${v}.`"],
    ["Object.hasOwn on a table", 'const T = { a: 1 }; if (!Object.hasOwn(T, v)) return;', "`You are a ${v}.`"],
    ["fallback to a constant", 'if (!["a", "b"].includes(v)) v = "a";', "`You are a ${v}.`"],
    ["conditional expression", "", '["a", "b"].includes(v) ? `You are a ${v}.` : "You are helpful."'],
    ["&& guard", "", '(v === "a" && `You are a ${v}.`) || "You are helpful."'],
    ["switch case", 'switch (v) { case "a": case "b": s = `You are a ${v}.`; break; default: s = "You are helpful."; }', "s"],
    ["a member path", 'if (req.body.v !== "a") return;', "`You are a ${req.body.v}.`"],
    ["a project predicate over a list", 'const isMode = (m: string) => ["a", "b"].includes(m); if (!isMode(v)) return;', "`You are a ${v}.`"],
  ])("%s: quiet", async (_name, guard, system) => {
    expect(await pi1({ "src/app.ts": route(guard, system) })).toEqual([]);
  });

  it.each([
    ["no guard", "", "`You are a ${v}.`"],
    ["inequality that only logs", 'if (v !== "pirate") console.warn(v);', "`You are a ${v}.`"],
    ["equality, else-branch", 'if (v === "pirate") s = "x"; else s = `You are a ${v}`;', "s"],
    ["a block list that returns", 'const BAD = ["x"]; if (BAD.includes(v)) return;', "`You are a ${v}.`"],
    ["one of two tests in ||", 'if (v === "a" || req.body.w === "b") s = `You are a ${v}`;', "s"],
    ["compared with other input", "if (v !== req.body.w) return;", "`You are a ${v}.`"],
    ["a list from the request", "if (!req.body.list.includes(v)) return;", "`You are a ${v}.`"],
    ["switch default", 'switch (v) { case "a": break; default: s = `You are a ${v}.`; }', "s"],
    ["another member guarded", 'if (req.body.w !== "a") return;', "`You are a ${req.body.v}.`"],
    ["guard inside a nested block only", 'if (req.body.x) { if (v !== "a") return; }', "`You are a ${v}.`"],
    ["a project predicate that checks a length", "const short = (m: string) => m.length < 40; if (!short(v)) return;", "`You are a ${v}.`"],
  ])("%s: reported", async (_name, guard, system) => {
    expect(await pi1({ "src/app.ts": route(guard, system) })).toEqual(["src/app.ts:8"].map((l) => `${PI1} ${l}`));
  });
});

describe("selecting an array's entry", () => {
  const arrayRoute = (select: string) =>
    `${HEAD}app.post("/x", async (req, res) => {\n  const msgs = [{ role: "system", content: "You are terse." }, { role: "user", content: \`Answer: \${req.body.q}\` }];\n  const [first, second] = msgs;\n  await openai.chat.completions.create({ model: "m", max_tokens: 9, messages: [{ role: "system", content: ${select} }, { role: "user", content: req.body.q }] });\n});\n`;

  it.each(["msgs[0].content", 'msgs.find((m) => m.role === "system")!.content', 'msgs.find(({ role }) => role === "system")?.content', "first.content"])("%s: quiet", async (select) => {
    expect(await pi1({ "src/app.ts": arrayRoute(select) })).toEqual([]);
  });

  it.each(["msgs[1].content", 'msgs.find((m) => m.role === "user")!.content', "second.content"])("%s: reported at the selected element", async (select) => {
    expect(await pi1({ "src/app.ts": arrayRoute(select) })).toEqual([`${PI1} src/app.ts:6`]);
  });

  it("every element's content joined: reported at the call", async () => {
    expect(await pi1({ "src/app.ts": arrayRoute("msgs.map((m) => m.content).join()") })).toEqual([`${PI1} src/app.ts:8`]);
  });

  it("an array appended to later is not read by index", async () => {
    const text = arrayRoute("msgs[0].content").replace("  const [first", '  msgs.unshift({ role: "system", content: req.body.q });\n  const [first');
    expect(await pi1({ "src/app.ts": text })).toEqual([`${PI1} src/app.ts:9`]);
  });
});

describe("thin wrappers", () => {
  const wrapper = 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function complete(prompt: string) {\n  return openai.chat.completions.create({ model: "m", max_tokens: 9, messages: [{ role: "user", content: prompt }] });\n}\n';
  const caller = (arg: string) => `import express from "express";\nimport { complete } from "../lib/llm";\nexport const app = express();\nconst FIXED = "Summarise the changelog of this week in one line.";\napp.post("/x", async (req, res) => {\n  res.json(await complete(${arg}));\n});\n`;

  it("instructions around input, in another file: reported at the caller", async () => {
    expect(await pi1({ "lib/llm.ts": wrapper, "src/app.ts": caller("`Summarise this as JSON, be brief: ${req.body.text}`") })).toEqual([`${PI1} src/app.ts:6`]);
  });

  it.each([["the input alone", "req.body.text"], ["a constant", "FIXED"], ["a neutral label", "`${req.body.text}`"]])("%s: quiet", async (_name, arg) => {
    expect(await pi1({ "lib/llm.ts": wrapper, "src/app.ts": caller(arg) })).toEqual([]);
  });

  it.each([
    ["destructured in the body", "const { prompt, maxTokens = 100 } = options;"],
    ["read as a member in the body", "const prompt = options.prompt; const maxTokens = 100;"],
  ])("a wrapper taking an options object, its prompt %s: reported at the caller's field, quiet for a constant", async (_name, read) => {
    const optionsWrapper = `import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function callModel(options: { prompt: string; maxTokens?: number }) {\n  ${read}\n  return openai.chat.completions.create({ model: "m", max_tokens: maxTokens, messages: [{ role: "user", content: prompt }] });\n}\n`;
    const app = (arg: string) => caller(arg).replace('import { complete } from "../lib/llm"', 'import { callModel } from "../lib/llm"').replace("await complete(", "await callModel(");
    expect(await pi1({ "lib/llm.ts": optionsWrapper, "src/app.ts": app("{ prompt: FIXED.replace('{X}', req.body.text), maxTokens: 50 }") })).toEqual([`${PI1} src/app.ts:6`]);
    expect(await pi1({ "lib/llm.ts": optionsWrapper, "src/app.ts": app("{ prompt: FIXED }") })).toEqual([]);
  });

  it("a prompt picked from builders: reported in the builder whose template wraps the input in instructions", async () => {
    const builders = "export const plain = (text: string) => `${text}`;\nexport function formal(text: string) {\n  return `Rewrite this note as a formal letter, three paragraphs: ${text}`;\n}\n";
    const app = caller("prompt").replace('import { complete } from "../lib/llm";', 'import { complete } from "../lib/llm";\nimport { formal, plain } from "../lib/builders";').replace("res.json(", 'const prompt = req.query.formal ? formal(req.body.text) : plain(req.body.text);\n  res.json(');
    expect(await pi1({ "lib/llm.ts": wrapper, "lib/builders.ts": builders, "src/app.ts": app })).toEqual([`${PI1} lib/builders.ts:3`]);
    // The same builders given the app's own text: quiet.
    expect(await pi1({ "lib/llm.ts": wrapper, "lib/builders.ts": builders, "src/app.ts": app.replaceAll("req.body.text", "FIXED") })).toEqual([]);
  });

  it("a wrapper of a wrapper: reported where the instructions are written", async () => {
    const relay = 'import { complete } from "./llm";\nexport function ask(text: string) {\n  return complete(text);\n}\n';
    const app = caller("`Translate into French and keep the tone: ${req.body.text}`").replace('import { complete } from "../lib/llm"', 'import { ask } from "../lib/relay"').replace("await complete(", "await ask(");
    expect(await pi1({ "lib/llm.ts": wrapper, "lib/relay.ts": relay, "src/app.ts": app })).toEqual([`${PI1} src/app.ts:6`]);
  });
});

describe("raw request bodies", () => {
  const raw = (body: string) => `${HEAD}app.post("/x", async (req, res) => {\n  const payload = { model: "m", max_tokens: 9, messages: [{ role: "system", content: \`You are \${req.body.persona}\` }] };\n  await fetch("https://api.openai.com/v1/chat/completions", { method: "POST", body: ${body} });\n});\n`;

  it.each(["JSON.stringify(payload)", "JSON.stringify(payload, null, 2)"])("%s: the system message inside is judged", async (body) => {
    expect(await pi1({ "src/app.ts": raw(body) })).toEqual([`${PI1} src/app.ts:6`]);
  });

  it.each([
    ["instructions around the input", "`Summarise the key points for a doctor: ${req.body.history}`", [`${PI1} src/app.ts:8`]],
    ["the input alone", "req.body.history", []],
  ])("Gemini REST contents parts, %s", async (_name, text, expected) => {
    const gemini = `${HEAD}app.post("/g", async (req, res) => {\n  await fetch("https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent", {\n    method: "POST",\n    body: JSON.stringify({ contents: [{ parts: [{ text: ${text} }] }] }),\n  });\n});\n`;
    expect(await pi1({ "src/app.ts": gemini })).toEqual(expected);
  });

  it("a constant system message inside the body is quiet", async () => {
    expect(await pi1({ "src/app.ts": raw("JSON.stringify(payload)").replace("`You are ${req.body.persona}`", '"You are terse."') })).toEqual([]);
  });
});

describe("an extension page's prompt relayed to the background worker", () => {
  const background =
    'import OpenAI from "openai";\nconst openai = new OpenAI({ apiKey: "", dangerouslyAllowBrowser: true });\nchrome.runtime.onMessage.addListener((message, _sender, reply) => {\n  void openai.chat.completions.create({ model: "m", max_tokens: 9, messages: [{ role: "user", content: message.prompt }] }).then((c) => reply(c.choices[0].message.content));\n  return true;\n});\n';
  const popup = (prompt: string) => `document.getElementById("go")!.addEventListener("click", async () => {\n  const question = window.prompt("Your question?") ?? "";\n  await chrome.runtime.sendMessage({ type: "ask", prompt: ${prompt} });\n});\n`;
  const extension = (prompt: string) => ({
    "package.json": JSON.stringify({ name: "ext", private: true, dependencies: { openai: "^4" } }),
    "manifest.json": JSON.stringify({ manifest_version: 3, name: "x", version: "1", background: { service_worker: "src/background.ts" }, action: { default_popup: "popup.html" } }),
    "src/background.ts": background,
    "src/popup.ts": popup(prompt),
  });

  it("instructions around the typed question: reported in the popup", async () => {
    expect(await findings(write(extension("`Explain this in simple words for a child: ${question}`")))).toEqual([`${PI1} src/popup.ts:3`]);
  });

  it("the question alone: quiet", async () => {
    expect(await findings(write(extension("question")))).toEqual([]);
  });
});

describe("a page's prompt posted through a helper to the app's API at an env base URL", () => {
  // A Vite front end and an Express back end in one repository; the front end knows the API by VITE_API_URL.
  const server = `import express from "express";\nimport OpenAI from "openai";\nconst openai = new OpenAI();\nconst app = express();\napp.use(express.json());\napp.post("/api/pets/advice", async (req, res) => {\n  const { prompt } = req.body;\n  const r = await openai.chat.completions.create({ model: "m", max_tokens: 200, messages: [{ role: "user", content: prompt }] });\n  res.json({ text: r.choices[0].message.content });\n});\napp.listen(3000);\n`;
  const helper = (prompt: string) =>
    `const API_URL = import.meta.env.VITE_API_URL;\nconst PREFIX = "Answer as a vet, in a numbered list of first-aid steps.";\nexport async function askVet(question) {\n  const res = await fetch(\`\${API_URL}/api/pets/advice\`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ prompt: ${prompt} }) });\n  return (await res.json()).text;\n}\n`;
  const page = `import { useState } from "react";\nimport { askVet } from "../api/vet";\nexport function Advice() {\n  const [question, setQuestion] = useState("");\n  const [answer, setAnswer] = useState("");\n  return (\n    <form onSubmit={async (e) => { e.preventDefault(); setAnswer(await askVet(question)); }}>\n      <textarea value={question} onChange={(e) => setQuestion(e.target.value)} />\n      <p dangerouslySetInnerHTML={{ __html: answer }} />\n    </form>\n  );\n}\n`;
  const project = (prompt: string) => ({
    "package.json": JSON.stringify({ name: "pets", private: true, workspaces: ["client", "server"] }),
    "server/package.json": JSON.stringify({ name: "server", dependencies: { express: "^4", openai: "^4" } }),
    "server/index.js": server,
    "client/package.json": JSON.stringify({ name: "client", dependencies: { react: "^18", vite: "^5" } }),
    "client/src/api/vet.js": helper(prompt),
    "client/src/pages/Advice.jsx": page,
  });

  it("instructions around what the page's caller typed: reported in the helper", async () => {
    expect(await findings(write(project("`${PREFIX}\\n\\n${question}`")))).toEqual([`${PI1} client/src/api/vet.js:4`]);
  });

  it("the route's answer fetched from that env base URL and set as HTML: OF-1 in the page", async () => {
    expect(await findings(write(project("question")), "model-output-as-html")).toEqual(["model-output-as-html client/src/pages/Advice.jsx:9"]);
  });

  it("the question alone: quiet", async () => {
    expect(await findings(write(project("question")))).toEqual([]);
  });
});
