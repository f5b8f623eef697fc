/**
 * PI-1 "mixed" judgement: a user message beside a system prompt that wraps the input in
 * instructions of its own (task, format, persona) is reported; a neutral label around the
 * input is not. Letters are counted in any script, so Chinese, Russian or Arabic
 * instructions count, and a short label in those scripts does not.
 */
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { instructionLetters, unlabelledLetters } from "../src/model/flow/instruction-text.js";
import { tempProjects } from "./helpers/temp-projects.js";

const PI1 = "untrusted-input-in-instructions";
const write = tempProjects("aigis-wrapped-");
const PACKAGE = JSON.stringify({ name: "app", private: true, dependencies: { express: "^4", openai: "^4", "@anthropic-ai/sdk": "^0.30", ai: "^5", "@ai-sdk/openai": "^2" } });

async function pi1Lines(files: Record<string, string>): Promise<string[]> {
  const result = await scan({ target: write({ "package.json": PACKAGE, ...files }) });
  return result.findings.filter((f) => f.ruleId === PI1).map((f) => `${f.file}:${f.line}`).sort();
}

/** An OpenAI route whose line 9 is the user message `content`, beside a system message on line 8. */
const besideSystem = (content: string) =>
  [
    'import express from "express";',
    'import OpenAI from "openai";',
    "const openai = new OpenAI();",
    "const app = express();",
    'app.post("/go", async (req, res) => {',
    "  const text = req.body.text;",
    '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [',
    '    { role: "system", content: "You answer for a ferry company." },',
    `    { role: "user", content: ${content} },`,
    "  ] });",
    "  res.json(r);",
    "});",
    "",
  ].join("\n");

describe("a user message beside a system message", () => {
  it.each([
    ["persona, task and format in English", '`You are a travel agent. Answer only in JSON with "route" and "price" fields for this request: ${text}`'],
    ["a task in Russian", "`Переведи следующий текст на английский язык и ответь только переводом: ${text}`"],
    ["a task in Chinese (no spaces)", "`请把下面的乘客留言翻译成英文，只输出译文：${text}`"],
    ["a task in Arabic", "`ترجم النص التالي إلى اللغة الإنجليزية وأجب بالترجمة فقط: ${text}`"],
    ["instructions after the input, joined with +", '"Passenger note: " + text + "\\nList every date the note mentions and reply with one date per line."'],
  ])("wrapping the input in instructions (%s) is reported", async (_name, content) => {
    expect(await pi1Lines({ "src/app.ts": besideSystem(content) })).toEqual(["src/app.ts:9"]);
  });

  it.each([
    ["Question:", "`Question: ${text}`"],
    ["User said:", "`User said: ${text}`"],
    ["Text: and a newline", "`Text:\\n${text}`"],
    ["a Chinese label", "`问题：${text}`"],
    ["a Russian label", "`Вопрос: ${text}`"],
    ["an Arabic label", "`السؤال: ${text}`"],
    ["tags around the input", "`<note>\\n${text}\\n</note>`"],
    ["the input alone", "text"],
    ["a short phrase under the wrapped threshold", "`Here is my note: ${text}`"],
  ])("a neutral label (%s) is not", async (_name, content) => {
    expect(await pi1Lines({ "src/app.ts": besideSystem(content) })).toEqual([]);
  });

  it("an assistant message with the same wrapping is not judged as the user's turn", async () => {
    const app = besideSystem('`You are a travel agent. Answer only in JSON with "route" and "price" fields for this request: ${text}`').replace('{ role: "user", content: `You', '{ role: "assistant", content: `You');
    expect(await pi1Lines({ "src/app.ts": app })).toEqual([]);
  });

  /** A Next.js route calling the AI SDK's generateText with these option lines after the model and the cap (from line 8 on). */
  const aiSdkRoute = (...options: string[]) =>
    [
      'import { generateText } from "ai";',
      'import { openai } from "@ai-sdk/openai";',
      "export async function POST(req: Request) {",
      "  const { note } = await req.json();",
      "  const { text } = await generateText({",
      '    model: openai("gpt-4o-mini"),',
      "    maxOutputTokens: 200,",
      ...options.map((o) => `    ${o},`),
      "  });",
      "  return Response.json({ text });",
      "}",
      "",
    ].join("\n");

  it("the Vercel AI SDK's system option makes its lone user message a user turn, judged the same way", async () => {
    const route = (content: string) => aiSdkRoute('system: "You answer for a ferry company."', `messages: [{ role: "user", content: ${content} }]`);
    expect(await pi1Lines({ "app/api/note/route.ts": route("`Summarise the passenger's note in two sentences and list any booking numbers it contains:\\n${note}`") })).toEqual(["app/api/note/route.ts:9"]);
    expect(await pi1Lines({ "app/api/note/route.ts": route("`Passenger note:\\n${note}`") })).toEqual([]);
  });

  it("a prompt string beside the system option is the user's turn too; alone it is the whole instruction", async () => {
    const prompt = "prompt: `Reply in French: ${note}`";
    expect(await pi1Lines({ "app/api/note/route.ts": aiSdkRoute('system: "You answer for a ferry company and never promise refunds."', prompt) })).toEqual([]);
    expect(await pi1Lines({ "app/api/note/route.ts": aiSdkRoute(prompt) })).toEqual(["app/api/note/route.ts:8"]);
  });
});

describe("letter counts", () => {
  it("count letters of every script, scripts written without spaces more per character", () => {
    expect(instructionLetters("Answer in JSON.")).toBe(12);
    expect(instructionLetters("Ответь по-русски")).toBe(14);
    expect(instructionLetters("请翻译")).toBe(9);
    expect(instructionLetters("123 :: {}")).toBe(0);
  });

  it("leave out labels and tags, keep instructions", () => {
    expect(unlabelledLetters("Question: ")).toBe(0);
    expect(unlabelledLetters("Email to use: ")).toBe(0);
    expect(unlabelledLetters("问题：")).toBe(0);
    expect(unlabelledLetters("<document>")).toBe(0);
    expect(unlabelledLetters("Summarise the text below in three bullet points:")).toBe(40);
    expect(unlabelledLetters("请用三句话总结下面的顾客评价，并指出顾客最关心的问题：")).toBe(3 * 25);
  });
});
