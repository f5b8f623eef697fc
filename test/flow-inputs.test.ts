/**
 * Inputs real apps read (issue 12): DOM form controls, `new FormData(form)`, Vue Options API
 * `this.x` bound with `v-model`, React functional updaters, speech transcripts, files read
 * in the browser and uploads parsed on the server are untrusted sources for the flow rules.
 * Each shape is checked both ways: flagged when it reaches the instructions, quiet when the
 * value is a constant, a lookalike, or never reaches a model. The fixture twins
 * `prompts-browser-inputs-*` and `prompts-uploads-*` are checked by flow-fixtures.test.ts.
 */
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";

const PI1 = "untrusted-input-in-instructions";
const write = tempProjects("aigis-inputs-");
const PKG = JSON.stringify({
  name: "app",
  private: true,
  dependencies: { openai: "^5", react: "^19", vue: "^3", express: "^4", formidable: "^3", busboy: "^1", multer: "^1", "react-speech-recognition": "^4" },
});
const CLIENT = 'import OpenAI from "openai";\nconst openai = new OpenAI({ apiKey: "", dangerouslyAllowBrowser: true });\n';
/** A call whose system message is written around `expr`, on one line. */
const sys = (expr: string): string => `openai.chat.completions.create({ model: "m", max_tokens: 50, messages: [{ role: "system", content: \`Answer as \${${expr}} and keep it short.\` }, { role: "user", content: "hi" }] })`;
/** The same value sent alone in its own user message. */
const user = (expr: string): string => `openai.chat.completions.create({ model: "m", max_tokens: 50, messages: [{ role: "system", content: "Answer briefly." }, { role: "user", content: ${expr} }] })`;

async function pi1(files: Record<string, string>): Promise<string[]> {
  const result = await scan({ target: write({ "package.json": PKG, ...files }) });
  return result.findings.filter((f) => f.ruleId === PI1).map((f) => `${f.file}:${f.line}`).sort();
}

describe("DOM form controls and FormData", () => {
  it("value of an element found by id, by selector, through a variable, from querySelectorAll, and of a parameter typed as a textarea", async () => {
    expect(
      await pi1({
        "src/a.ts":
          CLIENT +
          `export const byId = () => ${sys('(document.getElementById("persona") as HTMLInputElement).value')};\n` +
          `export const bySelector = () => ${sys('document.querySelector<HTMLInputElement>("#tone")!.value')};\n` +
          `const field = document.getElementsByName("role")[0] as HTMLInputElement;\nexport const viaVariable = () => ${sys("field.value.trim()")};\n` +
          `export const fromAll = () => ${sys('(document.querySelectorAll("textarea")[0] as HTMLTextAreaElement).value')};\n` +
          `export const typed = (box: HTMLTextAreaElement) => ${sys("box.value")};\n`,
      }),
    ).toEqual(["src/a.ts:3", "src/a.ts:4", "src/a.ts:6", "src/a.ts:7", "src/a.ts:8"]);
  });

  it("a form's controls by name: e.currentTarget.elements.x.value, form.elements[\"x\"].value", async () => {
    expect(
      await pi1({
        "src/a.ts":
          CLIENT +
          `export function submit(e: SubmitEvent) {\n  e.preventDefault();\n  return ${sys("(e.currentTarget as HTMLFormElement).elements.tone.value")};\n}\n` +
          `export const named = (form: HTMLFormElement) => ${sys('form.elements["persona"].value')};\n` +
          `const settings = { elements: { theme: { value: "a pirate" } } };\nexport const plain = () => ${sys("settings.elements.theme.value")};\n`,
      }),
    ).toEqual(["src/a.ts:5", "src/a.ts:7"]);
  });

  it("quiet: page text (textContent, dataset), an object's own value, a DOM value sent in its own user message", async () => {
    expect(
      await pi1({
        "src/a.ts":
          CLIENT +
          `export const heading = () => ${sys('document.getElementById("title")!.textContent')};\n` +
          `export const data = () => ${sys('document.querySelector("main")!.dataset.persona')};\n` +
          `const option = { value: "a librarian" };\nexport const own = () => ${sys("option.value")};\n` +
          `export const alone = () => ${user('(document.getElementById("question") as HTMLInputElement).value')};\n`,
      }),
    ).toEqual([]);
  });

  it("new FormData(form): its fields are input; an empty FormData the code fills is not", async () => {
    expect(
      await pi1({
        "src/a.ts":
          CLIENT +
          `export function submit(form: HTMLFormElement) {\n  const fields = new FormData(form);\n  return ${sys('fields.get("tone")')};\n}\n` +
          `export function built() {\n  const fields = new FormData();\n  fields.append("tone", "calm");\n  return ${sys('fields.get("tone")')};\n}\n`,
      }),
    ).toEqual(["src/a.ts:5"]);
  });
});

describe("Vue Options API", () => {
  const vue = (script: string, template: string): string => `<script>\n${CLIENT}export default {\n  data() { return { persona: "", level: "beginners", form: { tone: "" } }; },\n  methods: {\n${script}  },\n};\n</script>\n<template>${template}</template>\n`;

  it("this.x bound with v-model (also a field: v-model=\"form.tone\") is input; this.x the template does not bind is not", async () => {
    expect(
      await pi1({
        "src/Card.vue": vue(`    a() { return ${sys("this.persona")}; },\n    b() { return ${sys("this.form.tone")}; },\n    c() { return ${sys("this.level")}; },\n`, '<input v-model.trim="persona" /><input v-model="form.tone" />'),
      }),
    ).toEqual(["src/Card.vue:7", "src/Card.vue:8"]);
  });

  it("quiet: the bound value sent in its own user message", async () => {
    expect(await pi1({ "src/Card.vue": vue(`    a() { return ${user("this.persona")}; },\n`, '<input v-model="persona" />') })).toEqual([]);
  });
});

describe("React state updated by a functional updater", () => {
  const component = (body: string): string => `import { useState } from "react";\n${CLIENT}export function Box() {\n  const [text, setText] = useState("");\n${body}  return <button onClick={() => ${sys("text")}}>Ask</button>;\n}\n`;

  it("setText((prev) => prev + typed) keeps the typed text's taint", async () => {
    expect(await pi1({ "src/Box.tsx": component("  const add = (typed: string) => setText((prev) => prev + typed);\n  const field = <input onChange={(e) => add(e.target.value)} />;\n") })).toEqual(["src/Box.tsx:8"]);
  });

  it("quiet: an updater that only appends constants", async () => {
    expect(await pi1({ "src/Box.tsx": component('  const more = () => setText((prev) => `${prev} and baking`);\n') })).toEqual([]);
  });
});

describe("props of React components", () => {
  const page = (coachProp: string, answerProp: string) =>
    [
      'import { useState } from "react";',
      'import { Coach as Mentor } from "./Coach";',
      'import { Answer } from "./Answer";',
      "export function Page() {",
      '  const [name, setName] = useState("");',
      '  const [reply] = useState("");',
      "  return (",
      "    <main>",
      "      <input value={name} onChange={(e) => setName(e.target.value)} />",
      `      <Mentor persona={${coachProp}} />`,
      `      <Answer html={${answerProp}} />`,
      "    </main>",
      "  );",
      "}",
    ].join("\n");
  const coach = `${CLIENT}export function Coach({ persona }: { persona: string }) {\n  const start = () => ${sys("persona")};\n  return <button onClick={start}>Start</button>;\n}\n`;
  const answer = `${CLIENT}export function Answer({ html }: { html: string }) {\n  const ask = async () => ${user("html")};\n  return <button onClick={ask}>Ask</button>;\n}\n`;

  it("what an element passes for a destructured prop reaches the component's own model call (the component imported under another name)", async () => {
    expect(await pi1({ "src/Page.tsx": page("name", "name"), "src/Coach.tsx": coach, "src/Answer.tsx": answer })).toEqual(["src/Coach.tsx:4"]);
  });

  it("a constant prop, or the typed text given to a component that sends it alone, is quiet", async () => {
    expect(await pi1({ "src/Page.tsx": page('"a maths tutor"', "name"), "src/Coach.tsx": coach, "src/Answer.tsx": answer })).toEqual([]);
  });

  it("the same in plain .js files holding JSX (as Create React App writes them)", async () => {
    const untyped = (code: string) => code.replace(": { persona: string }", "").replace(": { html: string }", "");
    expect(await pi1({ "src/Page.js": page("name", "name"), "src/Coach.js": untyped(coach), "src/Answer.js": untyped(answer) })).toEqual(["src/Coach.js:4"]);
  });
});

describe("speech recognition", () => {
  it("the event of onresult and of addEventListener(\"result\"), and react-speech-recognition's transcript", async () => {
    expect(
      await pi1({
        "src/dictate.ts":
          CLIENT +
          `const recognition = new (window as any).webkitSpeechRecognition();\nrecognition.onresult = (e: any) => ${sys("e.results[0][0].transcript")};\n` +
          `const other = new (window as any).SpeechRecognition();\nother.addEventListener("result", (event: any) => { const said = event.results[event.results.length - 1][0].transcript; return ${sys("said")}; });\n`,
        "src/Voice.tsx": `import { useSpeechRecognition } from "react-speech-recognition";\n${CLIENT}export function Voice() {\n  const { transcript } = useSpeechRecognition();\n  return <button onClick={() => ${sys("transcript")}}>Ask</button>;\n}\n`,
      }),
    ).toEqual(["src/Voice.tsx:6", "src/dictate.ts:4", "src/dictate.ts:6"]);
  });

  it("handlers registered by name: recognition.onresult = handleResult, reader.addEventListener(\"load\", onLoad)", async () => {
    expect(
      await pi1({
        "src/named.ts":
          CLIENT +
          `function handleResult(event: any) {\n  return ${sys("event.results[0][0].transcript")};\n}\n` +
          `const recognition = new (window as any).webkitSpeechRecognition();\nrecognition.onresult = handleResult;\n` +
          `const onLoad = (e: ProgressEvent<FileReader>) => ${sys("String(e.target?.result)")};\nconst reader = new FileReader();\nreader.addEventListener("load", onLoad);\n` +
          `function onImage(e: any) {\n  return ${sys("e.target.src")};\n}\nconst image = new Image();\nimage.onload = onImage;\n`,
      }),
    ).toEqual(["src/named.ts:4", "src/named.ts:8"]);
  });

  it("quiet: a project hook of the same name, other load and result handlers", async () => {
    expect(
      await pi1({
        "src/speech.ts": 'export function useSpeechRecognition() {\n  return { transcript: "a pirate" };\n}\n',
        "src/Voice.tsx": `import { useSpeechRecognition } from "./speech";\n${CLIENT}export function Voice() {\n  const { transcript } = useSpeechRecognition();\n  return <button onClick={() => ${sys("transcript")}}>Ask</button>;\n}\n`,
        "src/load.ts": CLIENT + `const image = new Image();\nimage.onload = (e: any) => ${sys("e.target.src")};\nconst request = indexedDB.open("notes");\nrequest.addEventListener("success", () => ${sys("String(request.result)")});\n`,
      }),
    ).toEqual([]);
  });
});

describe("files read in the browser", () => {
  it("FileReader result (reader.result and the load event's target.result), file.text() of a dropped or picked file", async () => {
    expect(
      await pi1({
        "src/files.ts":
          CLIENT +
          `export function read(file: File) {\n  const reader = new FileReader();\n  reader.onload = () => ${sys("String(reader.result)")};\n  reader.readAsText(file);\n}\n` +
          `export function readEvent(file: File) {\n  const reader = new FileReader();\n  reader.addEventListener("load", (e) => ${sys("String(e.target?.result)")});\n  reader.readAsText(file);\n}\n` +
          `export async function dropped(e: DragEvent) {\n  const file = e.dataTransfer!.files[0]!;\n  return ${sys("await file.text()")};\n}\n` +
          `export async function picked(e: Event) {\n  const file = (e.target as HTMLInputElement).files![0]!;\n  return ${sys("await file.text()")};\n}\n`,
      }),
    ).toEqual(["src/files.ts:10", "src/files.ts:15", "src/files.ts:19", "src/files.ts:5"]);
  });

  it("a FileReader wrapped in a promise: what the executor resolves with", async () => {
    expect(
      await pi1({
        "src/files.ts":
          CLIENT +
          "function readText(file: File): Promise<string> {\n  return new Promise((resolve, reject) => {\n    const reader = new FileReader();\n    reader.onload = () => resolve(String(reader.result));\n    reader.onerror = () => reject(reader.error);\n    reader.readAsText(file);\n  });\n}\n" +
          `export async function fromFile(file: File) {\n  const notes = await readText(file);\n  return ${sys("notes")};\n}\n` +
          'const wait = (): Promise<string> => new Promise((resolve) => setTimeout(() => resolve("a tutor"), 10));\n' +
          `export async function fixed() {\n  const persona = await wait();\n  return ${sys("persona")};\n}\n`,
      }),
    ).toEqual(["src/files.ts:13"]);
  });

  it("OCR of a picked picture (tesseract.js, through URL.createObjectURL and state)", async () => {
    expect(
      await pi1({
        "src/Scan.tsx":
          `import { useState } from "react";\nimport Tesseract from "tesseract.js";\n${CLIENT}export function Scan() {\n  const [image, setImage] = useState("");\n` +
          `  const pick = (e: any) => setImage(URL.createObjectURL(e.target.files[0]));\n` +
          `  const read = async () => {\n    const { data } = await Tesseract.recognize(image, "eng");\n    return ${sys("data.text")};\n  };\n` +
          `  return <input type="file" onChange={pick} onBlur={read} />;\n}\n`,
      }),
    ).toEqual(["src/Scan.tsx:10"]);
  });

  it("quiet: the file's text sent in its own user message; a result member of something else", async () => {
    expect(
      await pi1({
        "src/files.ts":
          CLIENT +
          `export function read(file: File) {\n  const reader = new FileReader();\n  reader.onload = () => ${user("String(reader.result)")};\n  reader.readAsText(file);\n}\n` +
          `const job = { result: "a tutor" };\nexport const other = () => ${sys("job.result")};\n`,
      }),
    ).toEqual([]);
  });
});

describe("uploads parsed on the server", () => {
  const EXPRESS = 'import express from "express";\nimport OpenAI from "openai";\nconst openai = new OpenAI();\nconst app = express();\n';

  it("formidable (callback fields, awaited parse, a temp file read back), busboy fields, multer's disk file", async () => {
    expect(
      await pi1({
        "src/server.ts":
          EXPRESS +
          'import formidable from "formidable";\nimport busboy from "busboy";\nimport multer from "multer";\nimport { readFile } from "node:fs/promises";\n' +
          `app.post("/a", (req, res) => { formidable().parse(req, async (err, fields) => res.json(await ${sys("fields.role")})); });\n` +
          `app.post("/b", async (req, res) => { const [fields] = await formidable().parse(req); res.json(await ${sys("fields.role")}); });\n` +
          `app.post("/c", async (req, res) => { const [, files] = await formidable().parse(req); const doc = files.doc![0]!; res.json(await ${sys('await readFile(doc.filepath, "utf8")')}); });\n` +
          `app.post("/d", (req, res) => { const bb = busboy({ headers: req.headers }); bb.on("field", async (name, value) => res.json(await ${sys("value")})); req.pipe(bb); });\n` +
          `app.post("/e", multer({ dest: "tmp/" }).single("doc"), async (req, res) => { res.json(await ${sys('await readFile(req.file!.path, "utf8")')}); });\n`,
      }),
    ).toEqual(["src/server.ts:10", "src/server.ts:11", "src/server.ts:12", "src/server.ts:13", "src/server.ts:9"]);
  });

  it("text extracted from an uploaded document (pdf-parse, mammoth; imported or required) carries the upload; from the app's own document it does not", async () => {
    expect(
      await pi1({
        "src/server.ts":
          EXPRESS +
          'import multer from "multer";\nimport pdfParse from "pdf-parse";\nimport * as mammoth from "mammoth";\nimport { readFileSync } from "node:fs";\nconst upload = multer();\n' +
          `app.post("/a", upload.single("cv"), async (req, res) => { const parsed = await pdfParse(req.file!.buffer); res.json(await ${sys("parsed.text")}); });\n` +
          `app.post("/b", upload.single("cv"), async (req, res) => { const { value } = await mammoth.extractRawText({ buffer: req.file!.buffer }); res.json(await ${sys("value")}); });\n` +
          `app.post("/c", async (req, res) => { const policy = await pdfParse(readFileSync("./docs/policy.pdf")); res.json(await ${sys("policy.text")}); });\n`,
        "src/legacy.js": 'const express = require("express");\nconst multer = require("multer");\nconst pdf = require("pdf-parse");\nconst OpenAI = require("openai");\nconst openai = new OpenAI();\nconst app = express();\n' +
          `app.post("/d", multer().single("cv"), async (req, res) => { const data = await pdf(req.file.buffer); res.json(await ${sys("data.text")}); });\n`,
      }),
    ).toEqual(["src/legacy.js:7", "src/server.ts:10", "src/server.ts:11"]);
  });

  it("quiet: JSON.parse and readFile of the app's own files where formidable is imported, busboy's close event, fields in their own user message", async () => {
    expect(
      await pi1({
        "src/server.ts":
          EXPRESS +
          'import formidable from "formidable";\nimport busboy from "busboy";\nimport { readFile } from "node:fs/promises";\n' +
          `app.post("/a", async (req, res) => { const config = JSON.parse(await readFile("./persona.json", "utf8")); res.json(await ${sys("config.persona")}); });\n` +
          `app.post("/b", (req, res) => { const bb = busboy({ headers: req.headers }); bb.on("close", async (info) => res.json(await ${sys("info")})); req.pipe(bb); });\n` +
          `app.post("/c", async (req, res) => { const [fields] = await formidable().parse(req); res.json(await ${user("String(fields.question)")}); });\n`,
      }),
    ).toEqual([]);
  });
});

describe("sloppy JavaScript", () => {
  it("a name assigned without a declaration (an implicit global) carries what the function assigns to it", async () => {
    const found = await pi1({
      "server/persona.js": [
        'const express = require("express");',
        'const OpenAI = require("openai");',
        "const openai = new OpenAI();",
        "const app = express();",
        'app.post("/persona", async (req, res) => {',
        "  persona = req.body.persona;",
        `  res.json(await ${sys("persona")});`, // 7
        "});",
        'app.post("/fixed", async (req, res) => {',
        '  tone = "cheerful";',
        `  res.json(await ${sys("tone")});`,
        "});",
      ].join("\n"),
    });
    expect(found).toEqual(["server/persona.js:7"]);
  });
});
