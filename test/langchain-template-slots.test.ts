/**
 * PI-1 for LangChain prompt templates whose `{slots}` are filled with untrusted input where
 * the template (or a chain that starts with it) runs: `template.invoke(values)`,
 * `template.pipe(model).invoke(values)`, `RunnableSequence.from([template, model]).invoke(values)`,
 * `new LLMChain({ prompt }).call(values)`. A slot of a system message is an instruction
 * position; a slot of a text that is instructions (a condense-question template) mixes the
 * input into them. The user's question alone in its own human message, slots filled with
 * constants or validated values, and a template with no instruction text stay quiet.
 */
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";

const PI1 = "untrusted-input-in-instructions";
const write = tempProjects("aigis-slots-");
const PACKAGE = JSON.stringify({ name: "app", private: true, dependencies: { express: "^4", zod: "^3", "@langchain/core": "^0.3", "@langchain/openai": "^0.4", langchain: "^0.3" } });

type Row = [string, string, number];

async function pi1(files: Record<string, string>): Promise<Row[]> {
  const result = await scan({ target: write({ "package.json": PACKAGE, ...files }) });
  return result.findings
    .filter((f) => f.ruleId === PI1)
    .map((f): Row => [f.ruleId, f.file, f.line])
    .sort((a, b) => a[1].localeCompare(b[1]) || a[2] - b[2]);
}

async function findings(files: Record<string, string>) {
  const result = await scan({ target: write({ "package.json": PACKAGE, ...files }) });
  return result.findings.filter((f) => f.ruleId === PI1);
}

/** Lines 1-6: imports, the model and the app. */
const HEAD = [
  'import express from "express";',
  'import { ChatPromptTemplate, PromptTemplate, SystemMessagePromptTemplate, HumanMessagePromptTemplate } from "@langchain/core/prompts";',
  'import { StringOutputParser } from "@langchain/core/output_parsers";',
  'import { RunnableSequence } from "@langchain/core/runnables";',
  'import { ChatOpenAI } from "@langchain/openai";',
  'const model = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 300 });',
  "const app = express();",
];
const src = (...lines: string[]) => [...HEAD, ...lines, ""].join("\n");
/** The line (1-based) of the first body line. */
const FIRST = HEAD.length + 1;

const CONDENSE = "const condense = PromptTemplate.fromTemplate(`Given the conversation and a follow-up question, rephrase the follow-up to be a standalone question.\\nChat history: {chat_history}\\nFollow-up: {question}\\nStandalone question:`);";

describe("LangChain template slots filled with untrusted input", () => {
  it("reports the condense-question template piped to a model, at the template, with the path through the value that fills the slot", async () => {
    const files = {
      "src/app.ts": src(
        CONDENSE,
        "const chain = condense.pipe(model).pipe(new StringOutputParser());",
        'app.post("/chat", async (req, res) => {',
        "  res.json(await chain.invoke({ question: req.body.question, chat_history: req.body.history }));",
        "});",
      ),
    };
    expect(await pi1(files)).toEqual([[PI1, "src/app.ts", FIRST]]);
    const [finding] = await findings(files);
    expect(finding!.message).toContain("slot {chat_history}");
    expect(finding!.path?.map((p) => p.line)).toEqual(expect.arrayContaining([FIRST + 3, FIRST]));
  });

  it("reports the same template run through RunnableSequence.from (the template in another file), an LLMChain, a helper that returns the chain, or .format()", async () => {
    const prompts = "src/prompts.ts";
    expect(
      await pi1({
        [prompts]: src(CONDENSE.replace("const", "export const")),
        "src/app.ts": src(
          'import { condense } from "./prompts";',
          "const chain = RunnableSequence.from([condense, model, new StringOutputParser()]).withConfig({ runName: \"condense\" });",
          'app.post("/chat", async (req, res) => {',
          "  const question = req.body.question;",
          '  res.json(await chain.invoke({ question, chat_history: "" }));',
          "});",
        ),
      }),
    ).toEqual([[PI1, prompts, FIRST]]);
    expect(
      await pi1({
        "src/app.ts": src(
          'import { LLMChain } from "langchain/chains";',
          CONDENSE,
          "const chain = new LLMChain({ prompt: condense, llm: model });",
          'app.post("/chat", async (req, res) => {',
          '  res.json(await chain.call({ question: req.query.q, chat_history: "" }));',
          "});",
          'app.post("/text", async (req, res) => {',
          '  res.json(await condense.format({ question: "fixed", chat_history: req.body.history }));',
          "});",
        ),
      }),
    ).toEqual([[PI1, "src/app.ts", FIRST + 1]]);
    expect(
      await pi1({
        "src/app.ts": src(
          CONDENSE,
          "function makeChain() {",
          "  return condense.pipe(model);",
          "}",
          'app.post("/made", async (req, res) => {',
          "  const made = makeChain();",
          '  res.json(await made.invoke({ question: "fixed", chat_history: req.body.history }));',
          "});",
        ),
      }),
    ).toEqual([[PI1, "src/app.ts", FIRST]]);
  });

  it("reports a slot of a chat template's system message however short its text, and one of a system message template", async () => {
    expect(
      await pi1({
        "src/app.ts": src(
          "const chat = ChatPromptTemplate.fromMessages([",
          '  ["system", "You tutor {subject} students."],',
          '  ["human", "{question}"],',
          "]);",
          "const tone = ChatPromptTemplate.fromMessages([",
          '  SystemMessagePromptTemplate.fromTemplate("Be {tone}."),',
          '  HumanMessagePromptTemplate.fromTemplate("{question}"),',
          "]);",
          'app.post("/ask", async (req, res) => {',
          "  res.json(await chat.pipe(model).invoke({ subject: req.body.subject, question: req.body.question }));",
          "  res.json(await tone.invoke({ tone: req.body.tone, question: req.body.question }));",
          "});",
        ),
      }),
    ).toEqual([
      [PI1, "src/app.ts", FIRST + 1],
      [PI1, "src/app.ts", FIRST + 5],
    ]);
  });

  it("reports a human message that wraps its slot in instructions of its own beside a system message, and a mustache template", async () => {
    expect(
      await pi1({
        "src/app.ts": src(
          "const rag = ChatPromptTemplate.fromMessages([",
          '  ["system", "You answer questions about our ferry timetable."],',
          '  ["human", "Translate the following text into French and reply only with the translation:\\n{text}"],',
          "]);",
          'const stache = PromptTemplate.fromTemplate("Summarise the review in three bullet points: {{review}}", { templateFormat: "mustache" });',
          'app.post("/ask", async (req, res) => {',
          "  res.json(await rag.pipe(model).invoke({ text: req.body.text }));",
          "  res.json(await stache.pipe(model).invoke({ review: req.body.review }));",
          "});",
        ),
      }),
    ).toEqual([
      [PI1, "src/app.ts", FIRST + 2],
      [PI1, "src/app.ts", FIRST + 4],
    ]);
  });

  it("stays quiet on the question alone in its human message beside a fixed system message, constant or validated slots, and a template with no instruction text", async () => {
    expect(
      await pi1({
        "src/app.ts": src(
          'import { z } from "zod";',
          "const chat = ChatPromptTemplate.fromMessages([",
          '  ["system", "You answer questions about our ferry timetable. Be brief and polite."],',
          '  ["placeholder", "{history}"],',
          '  ["human", "Question: {question}"],',
          "]);",
          CONDENSE,
          'const bare = PromptTemplate.fromTemplate("{question}");',
          'const persona = ChatPromptTemplate.fromMessages([["system", "You are a {tone} assistant for {company}."], ["human", "{question}"]]);',
          'const Body = z.object({ tone: z.enum(["warm", "plain"]), question: z.string().max(2000) });',
          'app.post("/ask", async (req, res) => {',
          "  const body = Body.parse(req.body);",
          "  res.json(await chat.pipe(model).invoke({ question: req.body.question, history: [] }));",
          '  res.json(await condense.pipe(model).invoke({ question: "What changed?", chat_history: "" }));',
          "  res.json(await bare.pipe(model).invoke({ question: req.body.question }));",
          '  res.json(await persona.pipe(model).invoke({ tone: body.tone, company: "Acme", question: body.question }));',
          '  const escaped = PromptTemplate.fromTemplate("Answer the question below in one short paragraph {{question}}");',
          "  res.json(await escaped.pipe(model).invoke({ question: req.body.question }));",
          "});",
        ),
      }),
    ).toEqual([]);
  });
});
