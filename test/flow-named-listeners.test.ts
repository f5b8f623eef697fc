/**
 * An extension background worker that registers its message listener by name
 * (`chrome.runtime.onMessage.addListener(receive)` with `function receive(message) { … }`)
 * receives the same untrusted message as an inline listener: page text a content script
 * scraped, or whatever another part of the extension sent.
 */
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";

const PI1 = "untrusted-input-in-instructions";
const write = tempProjects("aigis-listeners-");

async function pi1(background: string): Promise<string[]> {
  const dir = write({
    "package.json": JSON.stringify({ name: "reader-ext", private: true, dependencies: {} }),
    "manifest.json": JSON.stringify({ manifest_version: 3, name: "reader", version: "1", background: { service_worker: "background.js" } }),
    "background.js": background,
  });
  const result = await scan({ target: dir });
  return result.findings.filter((f) => f.ruleId === PI1).map((f) => `${f.file}:${f.line}`).sort();
}

/** A background script that asks a completion model about `text` with `prompt` (one line), its listener registered on `event`. */
function worker(declare: "function" | "arrow", event: string, prompt: string): string {
  const head = declare === "function" ? "function explain(request) {" : "const explain = (request) => {";
  return [
    `chrome.${event}.addListener(explain);`,
    head,
    "  const text = request.text;",
    `  const payload = { model: "gpt-3.5-turbo-instruct", max_tokens: 200, ${prompt} };`,
    '  return fetch("https://api.openai.com/v1/completions", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });',
    declare === "function" ? "}" : "};",
    "",
  ].join("\n");
}

describe("extension message listeners registered by name", () => {
  it("a declared function: scraped text inside the task text is reported", async () => {
    expect(await pi1(worker("function", "runtime.onMessage", "prompt: `Explain this passage to a beginner:\\n${text}\\nExplanation:`"))).toEqual(["background.js:4"]);
  });

  it("a function held in a const, on messages from web pages: reported", async () => {
    expect(await pi1(worker("arrow", "runtime.onMessageExternal", "prompt: `Explain this passage to a beginner: ${text}`"))).toEqual(["background.js:4"]);
  });

  it("the same function on an event that carries no message: quiet", async () => {
    expect(await pi1(worker("function", "alarms.onAlarm", "prompt: `Explain this passage to a beginner: ${text}`"))).toEqual([]);
  });

  it("the message's text alone in a user turn after fixed instructions: quiet", async () => {
    const messages = 'messages: [{ role: "system", content: "Explain the passage to a beginner." }, { role: "user", content: text }]';
    expect(await pi1(worker("function", "runtime.onMessage", messages).replace("/v1/completions", "/v1/chat/completions"))).toEqual([]);
  });
});

describe("the path a mixed prompt reports", () => {
  const writeApp = tempProjects("aigis-witness-");

  it("shows a free-text field rather than a count that defaults to a number", async () => {
    const app = [
      'import express from "express";',
      'import OpenAI from "openai";',
      "const openai = new OpenAI();",
      "export const app = express();",
      'app.post("/quiz", async (req, res) => {',
      "  const { count = 5, subject } = req.body;",
      "  const text = `Write ${count} multiple-choice questions.",
      "Subject: ${subject}",
      "Give four options per question and mark the right one.`;",
      '  const out = await openai.chat.completions.create({ model: "m", max_tokens: 500, messages: [{ role: "user", content: text }] });',
      "  res.json(out.choices[0].message);",
      "});",
      "",
    ].join("\n");
    const dir = writeApp({ "package.json": JSON.stringify({ name: "quiz", private: true, dependencies: { express: "^4", openai: "^4" } }), "src/app.ts": app });
    const result = await scan({ target: dir });
    const hit = result.findings.find((f) => f.ruleId === PI1);
    expect(hit?.line).toBe(10);
    expect(hit?.path?.map((p) => p.line)).toContain(8);
    expect(hit?.path?.map((p) => p.line)).not.toContain(7);
  });
});
