/**
 * A helper that sends a raw request with whatever body its caller hands it: the model, the
 * messages and the token cap are written at each call of the helper, so each call is the
 * call site (its argument the request body), and the helper's own request is where it is
 * sent (`sentBy`). Shapes: `fetch` with `JSON.stringify(param)`, and a `curl` command run
 * through `child_process.exec` with `-d '${param}'`; an SDK call handed its caller's whole
 * options object (`create(options)`), when every caller writes the options out.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { inventory } from "../src/engine/inventory.js";
import { scan } from "../src/engine/scan.js";
import { formatInventoryTable } from "../src/report/inventory.js";
import { tempProjects } from "./helpers/temp-projects.js";

const writeProject = tempProjects("aigis-lifted-");

const PKG = JSON.stringify({ name: "relay", dependencies: { express: "^4", koa: "^2", "koa-router": "^12" } });

const FETCH_HELPER = [
  "async function postCompletion(payload) {",
  '  const response = await fetch("https://api.openai.com/v1/chat/completions", {',
  '    method: "POST",',
  '    headers: { "Content-Type": "application/json", Authorization: `Bearer ${process.env.OPENAI_API_KEY}` },',
  "    body: JSON.stringify(payload),",
  "  });",
  "  return response.json();",
  "}",
  "",
  "module.exports = { complete: postCompletion };",
  "",
].join("\n");

const EXPRESS_ROUTE = [
  'const express = require("express");',
  'const { complete } = require("../lib/openai-http");',
  "",
  "const router = express.Router();",
  'router.post("/ask", async (req, res) => {',
  "  const { messages } = req.body;",
  '  const answer = await complete({ model: "gpt-4o-mini", messages });',
  "  res.json(answer);",
  "});",
  "",
  "module.exports = router;",
  "",
].join("\n");

async function surfaceOf(files: Record<string, string>) {
  const { project, ts } = await loadProject(writeProject(files), defaultConfig());
  const line = (file: string, start: number) => `${file}:${project.file(file)!.positionAt(start).line}`;
  return project.aiSurface(ts).callSites.map((c) => ({ at: line(c.file, c.start), sentBy: c.sentBy ? line(c.sentBy.file, c.sentBy.start) : undefined, body: c.requestBody }));
}

describe("requests lifted to the helper's callers", () => {
  it("a fetch helper posting the payload it is given: the call site is the route's call of it", async () => {
    const calls = await surfaceOf({ "package.json": PKG, "lib/openai-http.js": FETCH_HELPER, "routes/ask.js": EXPRESS_ROUTE });
    expect(calls).toEqual([{ at: "routes/ask.js:7", sentBy: "lib/openai-http.js:2", body: ["0"] }]);
  });

  it("the inventory lists the caller's call, and where the helper sends the request", async () => {
    const result = await inventory({ target: writeProject({ "package.json": PKG, "lib/openai-http.js": FETCH_HELPER, "routes/ask.js": EXPRESS_ROUTE }) });
    expect(result.callSites.map((c) => [c.file, c.line, c.sentBy])).toEqual([["routes/ask.js", 7, "lib/openai-http.js:2"]]);
    expect(formatInventoryTable(result, { color: false })).toContain("fetch api.openai.com/v1/chat/completions (sent by lib/openai-http.js:2)");
  });

  it("the route is judged by the body written there: no token cap, the client's messages as they are", async () => {
    const result = await scan({ target: writeProject({ "package.json": PKG, "lib/openai-http.js": FETCH_HELPER, "routes/ask.js": EXPRESS_ROUTE, "app.js": 'const express = require("express");\nconst app = express();\napp.use(express.json());\napp.use("/api", require("./routes/ask"));\napp.listen(3000);\n' }) });
    const rows = result.findings.filter((f) => ["missing-output-token-cap", "unvalidated-input-to-model", "ai-route-without-auth"].includes(f.ruleId)).map((f) => [f.ruleId, f.file, f.line]);
    expect(rows).toEqual([
      ["ai-route-without-auth", "routes/ask.js", 5],
      ["missing-output-token-cap", "routes/ask.js", 7],
      ["unvalidated-input-to-model", "routes/ask.js", 7],
    ]);
    expect(result.findings.find((f) => f.ruleId === "ai-route-without-auth")?.message).toContain("through postCompletion() at routes/ask.js:7");
  });

  it("a curl command run with exec, its data interpolated from a parameter", async () => {
    const calls = await surfaceOf({
      "package.json": PKG,
      "util/relay.js": [
        'const { exec } = require("child_process");',
        "",
        "function relay(data) {",
        "  return new Promise((resolve, reject) => {",
        "    exec(`curl https://api.openai.com/v1/chat/completions -H \"Content-Type: application/json\" -d '${data}'`, (err, stdout) => {",
        "      if (err) return reject(err);",
        "      resolve(JSON.parse(stdout));",
        "    });",
        "  });",
        "}",
        "",
        "exports.send = relay;",
        "",
      ].join("\n"),
      "routes/chat.js": [
        'const router = require("koa-router")();',
        'const { send } = require("../util/relay");',
        "",
        'router.post("/chat", async (ctx) => {',
        '  ctx.body = await send(JSON.stringify({ model: "gpt-4o-mini", max_tokens: 300, messages: ctx.request.body.messages }));',
        "});",
        "",
        "module.exports = router;",
        "",
      ].join("\n"),
    });
    expect(calls).toEqual([{ at: "routes/chat.js:5", sentBy: "util/relay.js:5", body: ["0"] }]);
  });

  it("leaves the request where it is when the helper writes the body itself, or nothing in the project calls it", async () => {
    const calls = await surfaceOf({
      "package.json": PKG,
      // The body is built here: the prompt parameter is one field of it.
      "lib/summarise.js": [
        "async function summarise(text) {",
        '  const response = await fetch("https://api.openai.com/v1/chat/completions", {',
        '    method: "POST",',
        '    body: JSON.stringify({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: text }] }),',
        "  });",
        "  return response.json();",
        "}",
        "module.exports = { summarise };",
        "",
      ].join("\n"),
      "lib/use.js": 'const { summarise } = require("./summarise");\nsummarise("some text");\n',
      // An opaque body, but no caller in the project: a library's entry point.
      "lib/unused.js": 'async function forward(body) {\n  return fetch("https://api.anthropic.com/v1/messages", { method: "POST", body });\n}\nmodule.exports = { forward };\n',
    });
    expect(calls).toEqual([
      { at: "lib/summarise.js:2", sentBy: undefined, body: ["1.body"] },
      { at: "lib/unused.js:2", sentBy: undefined, body: ["1.body"] },
    ]);
  });
});

describe("SDK calls given their caller's whole options object", () => {
  const PKG_SDK = JSON.stringify({ name: "notes", type: "module", dependencies: { express: "^4", openai: "^4", "@anthropic-ai/sdk": "^0.36" } });
  // The options are written by each caller; the helper only sends them (and holds the client).
  const HELPERS = [
    'import OpenAI from "openai";',
    'import Anthropic from "@anthropic-ai/sdk";',
    "const openai = new OpenAI();",
    "const anthropic = new Anthropic();",
    "export async function complete(options) {",
    "  const completion = await openai.chat.completions.create(options);", // 6
    "  return completion.choices[0]?.message?.content ?? '';",
    "}",
    "export async function claude(label, params) {",
    "  const reply = await anthropic.messages.create(params);", // 10
    "  return { label, reply };",
    "}",
    "",
  ].join("\n");
  const ROUTES = [
    'import express from "express";',
    'import { complete, claude } from "../lib/llm.js";',
    "export const router = express.Router();",
    'router.post("/summaries", async (req, res) => {',
    "  const notes = String(req.body.notes);",
    '  const messages = [{ role: "system", content: "Summarise the notes." }, { role: "user", content: notes }];',
    '  res.json({ summary: await complete({ model: "gpt-4o-mini", messages }) });', // 7: no max_tokens
    "});",
    'router.post("/titles", async (req, res) => {',
    "  const text = String(req.body.text).slice(0, 4000);",
    '  res.json(await claude("title", { model: "claude-3-5-haiku-latest", max_tokens: 60, system: `Title this for ${req.body.audience}.`, messages: [{ role: "user", content: text }] }));', // 11
    "});",
    "",
  ].join("\n");

  it("is the call site at each caller, with the spec's paths on the helper's parameter", async () => {
    const calls = await surfaceOf({ "package.json": PKG_SDK, "lib/llm.js": HELPERS, "routes/notes.js": ROUTES });
    expect(calls).toEqual([
      { at: "routes/notes.js:7", sentBy: "lib/llm.js:6", body: undefined },
      { at: "routes/notes.js:11", sentBy: "lib/llm.js:10", body: undefined },
    ]);
  });

  it("is judged by what each caller writes: its token cap, its messages, its system prompt", async () => {
    const result = await scan({ target: writeProject({ "package.json": PKG_SDK, "lib/llm.js": HELPERS, "routes/notes.js": ROUTES }) });
    const rows = result.findings
      .filter((f) => ["missing-output-token-cap", "unbounded-input-to-model", "untrusted-input-in-instructions"].includes(f.ruleId))
      .map((f) => [f.ruleId, f.file, f.line]);
    expect(rows).toEqual([
      ["missing-output-token-cap", "routes/notes.js", 7],
      ["unbounded-input-to-model", "routes/notes.js", 7],
      ["unbounded-input-to-model", "routes/notes.js", 11], // the audience, written into the system prompt uncut
      ["untrusted-input-in-instructions", "routes/notes.js", 11],
    ]);
    // The path ends where the helper sends the request: the place a reader looks for the client.
    const pathOf = (rule: string) => result.findings.find((f) => f.ruleId === rule && f.line === 7)?.path?.map((p) => `${p.file}:${p.line}`);
    expect(pathOf("missing-output-token-cap")).toEqual(["lib/llm.js:6"]);
    expect(pathOf("unbounded-input-to-model")?.slice(-2)).toEqual(["routes/notes.js:7", "lib/llm.js:6"]);
    // The message names the helper the line calls, beside the SDK method it ends in.
    const messageOf = (rule: string, line: number) => result.findings.find((f) => f.ruleId === rule && f.line === line)?.message;
    expect(messageOf("missing-output-token-cap", 7)).toContain("`chat.completions.create` of OpenAI through complete() sets no output-token cap");
    expect(messageOf("untrusted-input-in-instructions", 11)).toContain("messages.create (Anthropic) through claude()");
  });

  it("stays in the helper when a caller hands it anything but an options object it writes", async () => {
    const calls = await surfaceOf({
      "package.json": PKG_SDK,
      "lib/llm.js": HELPERS,
      "routes/proxy.js": [
        'import express from "express";',
        'import { complete } from "../lib/llm.js";',
        "export const router = express.Router();",
        'router.post("/proxy", async (req, res) => res.json(await complete(req.body)));',
        'router.post("/ask", async (req, res) => res.json(await complete({ model: "gpt-4o-mini", max_tokens: 100, messages: [] })));',
        "",
      ].join("\n"),
    });
    expect(calls).toEqual([
      { at: "lib/llm.js:6", sentBy: undefined, body: undefined },
      { at: "lib/llm.js:10", sentBy: undefined, body: undefined },
    ]);
  });

  it("reads the client or model the request goes through where the helper sends it: a cap set on the model counts", async () => {
    const dir = writeProject({
      "package.json": JSON.stringify({ name: "g", type: "module", dependencies: { "@google/generative-ai": "^0.21" } }),
      "lib/gemini.js": [
        'import { GoogleGenerativeAI } from "@google/generative-ai";',
        'const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? "");',
        'const capped = genAI.getGenerativeModel({ model: "gemini-1.5-flash", generationConfig: { maxOutputTokens: 300 } });',
        'const open = genAI.getGenerativeModel({ model: "gemini-1.5-flash" });',
        "export const askCapped = (request) => capped.generateContent(request);",
        "export const askOpen = (request) => open.generateContent(request);",
        "",
      ].join("\n"),
      "jobs/digest.js": [
        'import { askCapped, askOpen } from "../lib/gemini.js";',
        'export const a = () => askCapped({ contents: [{ role: "user", parts: [{ text: "Digest of the day." }] }] });',
        'export const b = () => askOpen({ contents: [{ role: "user", parts: [{ text: "Digest of the week." }] }] });',
        "",
      ].join("\n"),
    });
    const result = await scan({ target: dir });
    expect(result.findings.filter((f) => f.ruleId === "missing-output-token-cap").map((f) => [f.file, f.line])).toEqual([["jobs/digest.js", 3]]);
  });
});
