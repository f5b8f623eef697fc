/**
 * OF-1 (model-output-as-html) and OF-2 (model-output-executed) on small projects written to
 * a temp dir: every sink shape each rule knows, reported (rule, file, line) at the line
 * where the sink starts, and the safe twins left alone (sanitizers, text rendering,
 * schema-validated choices, parameterised SQL, no shell). Also through ESLint's RuleTester
 * for the shapes one file shows by itself.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { RuleTester } from "eslint";
import tsParser from "@typescript-eslint/parser";
import { afterAll, describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../src/engine/scan.js";
import aigis from "../src/eslint/plugin.js";

const OF1 = "model-output-as-html";
const OF2 = "model-output-executed";
const MINE = [OF1, OF2];

type Row = [ruleId: string, file: string, line: number];

const base = mkdtempSync(join(tmpdir(), "aigis-of-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

const PKG = JSON.stringify({
  name: "answers",
  type: "module",
  dependencies: { openai: "^4", express: "^4", hono: "^4", pg: "^8", knex: "^3", "@prisma/client": "^6", zod: "^3", "@ai-sdk/react": "^1", "@ai-sdk/vue": "^1", marked: "^15", dompurify: "^3", "sanitize-html": "^2", react: "^18", "react-markdown": "^9", "rehype-raw": "^7", "rehype-sanitize": "^6", vue: "^3", svelte: "^5", jquery: "^3", "markdown-it": "^14", micromark: "^4" },
});

const lines = (...l: string[]) => `${l.join("\n")}\n`;

/** `ask(q)`: one model call, its text returned (the source every case starts from). */
const LLM = lines(
  'import OpenAI from "openai";',
  "export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });",
  "export async function ask(question: string): Promise<string> {",
  '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: question }] });',
  '  return r.choices[0]?.message?.content ?? "";',
  "}",
);

async function run(files: Record<string, string>): Promise<{ rows: Row[]; result: ScanResult; status: (id: string) => string | undefined }> {
  const dir = join(base, `p${++counter}`);
  for (const [rel, content] of Object.entries({ "package.json": PKG, "src/llm.ts": LLM, ...files })) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const result = await scan({ target: dir });
  const rows = result.findings
    .filter((f) => MINE.includes(f.ruleId))
    .map((f): Row => [f.ruleId, f.file, f.line])
    .sort((a, b) => a[1].localeCompare(b[1]) || a[2] - b[2]);
  return { rows, result, status: (id) => result.checklist.find((c) => c.id === id)?.status };
}

function finding(result: ScanResult, rule: string, file: string, line: number) {
  const f = result.findings.find((x) => x.ruleId === rule && x.file === file && x.line === line);
  if (!f) throw new Error(`no ${rule} finding at ${file}:${line}`);
  return f;
}

// ---------------------------------------------------------------------------------------
// OF-1

describe("OF-1 model-output-as-html", () => {
  it("reports DOM sinks at the line where they start, and leaves text, sanitised and fixed HTML alone", async () => {
    const { rows, result } = await run({
      "src/show.ts": lines(
        'import DOMPurify from "dompurify";', // 1
        'import $ from "jquery";',
        'import { ask } from "./llm";',
        "export async function show(question: string, el: HTMLElement) {",
        "  const answer = await ask(question);", // 5
        "  el.innerHTML = answer;",
        "  el.innerHTML += `<p>${answer}</p>`;",
        '  el.insertAdjacentHTML("beforeend", answer);',
        "  document.write(answer);",
        '  $("#out").html(answer);', // 10
        "  el.textContent = answer;",
        "  el.innerHTML = DOMPurify.sanitize(answer);",
        '  el.innerHTML = "<p>Loading…</p>";',
        '  el.insertAdjacentHTML("beforeend", escapeHtml(answer));',
        "  el.append(answer);", // 15
        "}",
        "function escapeHtml(s: string) {",
        '  return s.replace(/</g, "&lt;");',
        "}",
      ),
    });
    expect(rows).toEqual([
      [OF1, "src/show.ts", 6],
      [OF1, "src/show.ts", 7],
      [OF1, "src/show.ts", 8],
      [OF1, "src/show.ts", 9],
      [OF1, "src/show.ts", 10],
    ]);
    const f = finding(result, OF1, "src/show.ts", 6);
    expect(f.message).toContain("output of chat.completions.create (OpenAI)");
    expect(f.message).toContain("innerHTML");
    expect(f.path?.map((p) => `${p.file}:${p.line}`)).toEqual(["src/llm.ts:4", "src/llm.ts:5", "src/show.ts:5", "src/show.ts:6"]);
  });

  it("reports React's dangerouslySetInnerHTML and rehype-raw Markdown fed by useChat, not sanitised or text rendering", async () => {
    const { rows } = await run({
      "src/Chat.tsx": lines(
        'import { useChat } from "@ai-sdk/react";', // 1
        'import DOMPurify from "dompurify";',
        'import { marked } from "marked";',
        'import { createElement } from "react";',
        'import ReactMarkdown from "react-markdown";', // 5
        'import rehypeRaw from "rehype-raw";',
        'import rehypeSanitize from "rehype-sanitize";',
        "export function Chat() {",
        "  const { messages } = useChat();",
        "  return (", // 10
        "    <div>",
        "      {messages.map((m) => (",
        "        <div key={m.id}>",
        "          <div",
        "            className=\"bubble\"", // 15
        "            dangerouslySetInnerHTML={{ __html: marked.parse(m.content) as string }}",
        "          />",
        "          <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(marked.parse(m.content) as string) }} />",
        "          <p>{m.content}</p>",
        "          <ReactMarkdown rehypePlugins={[rehypeRaw]}>{m.content}</ReactMarkdown>", // 20
        "          <ReactMarkdown rehypePlugins={[rehypeRaw, rehypeSanitize]}>{m.content}</ReactMarkdown>",
        "          <ReactMarkdown>{m.content}</ReactMarkdown>",
        '          {createElement("div", { dangerouslySetInnerHTML: { __html: m.content } })}',
        "        </div>",
        "      ))}", // 25
        "    </div>",
        "  );",
        "}",
      ),
    });
    expect(rows).toEqual([
      [OF1, "src/Chat.tsx", 16],
      [OF1, "src/Chat.tsx", 20],
      [OF1, "src/Chat.tsx", 23],
    ]);
  });

  it("lets Markdown renderers that escape HTML by default through (markdown-it, micromark), unless raw HTML is turned on", async () => {
    const { rows } = await run({
      "src/Answers.tsx": lines(
        'import MarkdownIt from "markdown-it";', // 1
        'import markdownit from "markdown-it";',
        'import { micromark } from "micromark";',
        'import { useChat } from "@ai-sdk/react";',
        "const md = new MarkdownIt();", // 5
        "const raw = markdownit({ html: true, linkify: true });",
        "const plugged = markdownit().use(() => {}).set({ html: true });",
        'const commonmark = new MarkdownIt("commonmark");',
        "export function Answers() {",
        "  const { messages } = useChat();", // 10
        "  return messages.map((m) => (",
        "    <div key={m.id}>",
        "      <div dangerouslySetInnerHTML={{ __html: md.render(m.content) }} />",
        "      <div dangerouslySetInnerHTML={{ __html: raw.render(m.content) }} />",
        "      <div dangerouslySetInnerHTML={{ __html: plugged.render(m.content) }} />", // 15
        "      <div dangerouslySetInnerHTML={{ __html: commonmark.render(m.content) }} />",
        "      <div dangerouslySetInnerHTML={{ __html: micromark(m.content) }} />",
        "      <div dangerouslySetInnerHTML={{ __html: micromark(m.content, { allowDangerousHtml: true }) }} />",
        "    </div>",
        "  ));", // 20
        "}",
      ),
      "src/Thread.vue": lines(
        '<script setup lang="ts">', // 1
        'import { useChat } from "@ai-sdk/vue";',
        'import MarkdownIt from "markdown-it";',
        "const { messages } = useChat();",
        "const md = new MarkdownIt({ linkify: true });", // 5
        "const raw = new MarkdownIt({ html: true });",
        "</script>",
        "<template>",
        '  <article v-for="m in messages" :key="m.id">',
        '    <div v-html="md.render(m.content)"></div>', // 10
        '    <div v-html="raw.render(m.content)"></div>',
        "  </article>",
        "</template>",
      ),
    });
    expect(rows).toEqual([
      [OF1, "src/Answers.tsx", 14],
      [OF1, "src/Answers.tsx", 15],
      [OF1, "src/Answers.tsx", 16],
      [OF1, "src/Answers.tsx", 18],
      [OF1, "src/Thread.vue", 11],
    ]);
  });

  it("reports server responses whose text has HTML tags, not plain text, JSON or sanitised fragments", async () => {
    const { rows, result } = await run({
      "src/server.ts": lines(
        'import express from "express";', // 1
        'import sanitizeHtml from "sanitize-html";',
        'import { ask } from "./llm";',
        "const app = express();",
        'app.post("/a", async (req, res) => {', // 5
        "  const answer = await ask(String(req.body.q));",
        '  res.send(`<div class="answer">${answer}</div>`);',
        "});",
        'app.post("/b", async (req, res) => {',
        "  const answer = await ask(String(req.body.q));", // 10
        '  res.type("text/plain").send(answer);',
        "  res.json({ answer });",
        "});",
        'app.post("/c", async (req, res) => {',
        "  const answer = await ask(String(req.body.q));", // 15
        '  const page = "<main>" + answer + "</main>";',
        "  res.status(200).send(page);",
        "});",
        'app.post("/d", async (req, res) => {',
        "  const answer = await ask(String(req.body.q));", // 20
        "  res.send(`<div>${sanitizeHtml(answer)}</div>`);",
        '  res.status(400).send("<p>Please ask a question.</p>");',
        "});",
        "app.listen(3000);",
      ),
      "src/hono.ts": lines(
        'import { Hono } from "hono";', // 1
        'import { ask } from "./llm";',
        "export const app = new Hono();",
        'app.post("/answer", async (c) => {',
        '  const { q } = await c.req.json();', // 5
        "  const answer = await ask(q);",
        "  return c.html(`<p>${answer}</p>`);",
        "});",
        'app.post("/text", async (c) => c.text(await ask("hi")));',
      ),
    });
    expect(rows).toEqual([
      [OF1, "src/hono.ts", 7],
      [OF1, "src/server.ts", 7],
      [OF1, "src/server.ts", 17],
    ]);
    expect(finding(result, OF1, "src/server.ts", 7).message).toContain("res.send()");
  });

  it("reads Vue templates: v-html of a script binding or a loop alias over useChat messages, not a sanitised computed or interpolation", async () => {
    const { rows } = await run({
      "src/Answers.vue": lines(
        '<script setup lang="ts">', // 1
        'import { useChat } from "@ai-sdk/vue";',
        'import DOMPurify from "dompurify";',
        'import { marked } from "marked";',
        'import { computed } from "vue";', // 5
        "const { messages } = useChat();",
        'const banner = "<b>Welcome</b>";',
        "const safeLast = computed(() => DOMPurify.sanitize(messages.value.at(-1)?.content ?? \"\"));",
        "</script>",
        "", // 10
        "<template>",
        '  <div v-for="(m, i) in messages" :key="m.id">',
        '    <div class="bubble" v-html="marked.parse(m.content)"></div>',
        '    <div v-html="DOMPurify.sanitize(marked.parse(m.content))"></div>',
        "    <p>{{ m.content }}</p>", // 15
        "  </div>",
        '  <header v-html="banner"></header>',
        '  <footer v-html="safeLast"></footer>',
        "</template>",
      ),
    });
    expect(rows).toEqual([[OF1, "src/Answers.vue", 13]]);
  });

  it("reads Svelte and Astro templates: {@html} of a reply fetched from the app's own AI route (in and out of {#each}, through $derived), set:html of front matter", async () => {
    const { rows, result } = await run({
      "src/api.ts": lines(
        'import express from "express";',
        'import { ask } from "./llm";',
        "const app = express();",
        'app.post("/api/chat", async (req, res) => res.json({ reply: await ask(String(req.body.q)) }));',
        'app.post("/api/history", async (req, res) => res.json({ items: [{ text: await ask("summarise") }] }));',
        "app.listen(3000);",
      ),
      "src/Reply.svelte": lines(
        "<script>", // 1
        '  import DOMPurify from "dompurify";',
        '  let reply = $state("");',
        "  let items = $state([]);",
        "  async function load() {", // 5
        '    const res = await fetch("/api/chat", { method: "POST" });',
        "    reply = (await res.json()).reply;",
        '    items = (await (await fetch("/api/history")).json()).items;',
        "  }",
        "</script>", // 10
        "",
        '<button onclick={load}>Ask</button>',
        "<aside>{@html reply}</aside>",
        "<aside>{@html DOMPurify.sanitize(reply)}</aside>",
        "<p>{reply}</p>", // 15
        "{#each items as item}",
        "  <li>{@html item.text}</li>",
        "{/each}",
      ),
      "src/Rendered.svelte": lines(
        "<script>", // 1
        '  import { marked } from "marked";',
        '  let answer = $state("");',
        "  const html = $derived(marked(answer));",
        '  async function ask() { answer = (await (await fetch("/api/chat")).json()).reply; }', // 5
        "</script>",
        "<div>{@html html}</div>",
      ),
      "src/pages/answer.astro": lines(
        "---", // 1
        'import { ask } from "../llm";',
        'const answer = await ask("What is new this week?");',
        'const intro = "<em>Fresh from the assistant</em>";',
        "---", // 5
        "<p set:html={intro} />",
        "<article set:html={answer} />",
        "<p>{answer}</p>",
      ),
    });
    expect(rows).toEqual([
      [OF1, "src/pages/answer.astro", 7],
      [OF1, "src/Rendered.svelte", 7],
      [OF1, "src/Reply.svelte", 13],
      [OF1, "src/Reply.svelte", 17],
    ]);
    expect(finding(result, OF1, "src/Reply.svelte", 13).message).toContain("/api/chat");
  });

  it("leaves test files alone: a test renders and runs what its mocks answer, not the shipped app", async () => {
    // A chat hook's messages are model output wherever the hook is used: a test of the chat UI uses it too.
    const chat = lines(
      'import { useChat } from "@ai-sdk/react";',
      "export function Chat() {",
      "  const { messages } = useChat();",
      "  messages.forEach((m) => eval(m.content));",
      "  return messages.map((m) => <div key={m.id} dangerouslySetInnerHTML={{ __html: m.content }} />);",
      "}",
    );
    const { rows } = await run({ "src/ui/Chat.tsx": chat, "src/ui/Chat.test.tsx": chat, "src/__tests__/ChatHarness.tsx": chat });
    expect(rows).toEqual([
      [OF2, "src/ui/Chat.tsx", 4],
      [OF1, "src/ui/Chat.tsx", 5],
    ]);
  });

  it("passes when model output reaches no HTML sink or only safe ones", async () => {
    // The output of every model call is followed: no raw-HTML sink on its way is a pass.
    const none = await run({ "src/main.ts": lines('import { ask } from "./llm";', 'console.log(await ask("hi"));') });
    expect(none.rows).toEqual([]);
    expect(none.status("OF-1")).toBe("pass");
    const safe = await run({ "src/show.ts": lines('import { ask } from "./llm";', "export async function show(el: HTMLElement) {", '  el.innerHTML = "<p>…</p>";', '  el.textContent = await ask("hi");', "}") });
    expect(safe.rows).toEqual([]);
    expect(safe.status("OF-1")).toBe("pass");
  });
});

// ---------------------------------------------------------------------------------------
// OF-2

describe("OF-2 model-output-executed", () => {
  it("reports code, shell, path and module sinks at the call line", async () => {
    const { rows, result } = await run({
      "src/run.ts": lines(
        'import { exec, execSync, spawn } from "node:child_process";', // 1
        'import { promisify } from "node:util";',
        'import vm from "node:vm";',
        'import * as fs from "node:fs";',
        'import { readFile } from "node:fs/promises";', // 5
        'import { ask } from "./llm";',
        "const run = promisify(exec);",
        "export async function go(question: string) {",
        "  const out = await ask(question);",
        "  eval(out);", // 10
        '  new Function("x", out);',
        "  vm.runInNewContext(out, {});",
        "  new vm.Script(out);",
        "  execSync(`ls ${out}`);",
        "  await run(out);", // 15
        '  spawn("git", [out], { shell: true });',
        '  spawn("bash", ["-c", out]);',
        '  fs.writeFileSync(`/tmp/${out}`, "x");',
        '  await readFile(out, "utf8");',
        "  await fs.promises.unlink(out);", // 20
        "  require(out);",
        "  await import(out);",
        "  setTimeout(out, 10);",
        "}",
      ),
    });
    expect(rows).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23].map((l): Row => [OF2, "src/run.ts", l]));
    expect(finding(result, OF2, "src/run.ts", 14).message).toMatch(/execSync\(\).*shell command/);
    expect(finding(result, OF2, "src/run.ts", 18).message).toContain("file path");
    expect(finding(result, OF2, "src/run.ts", 16).message).toContain("through a shell");
  });

  it("finds CommonJS requires, namespace members and util.promisify wrappers of child_process", async () => {
    const { rows } = await run({
      "src/ops.cjs": lines(
        'const { execSync } = require("child_process");', // 1
        'const cp = require("node:child_process");',
        'const util = require("util");',
        'const { ask } = require("./llm");',
        "const execAsync = util.promisify(cp.exec);", // 5
        "async function main() {",
        '  const out = await ask("which command?");',
        "  execSync(out);",
        "  cp.exec(out);",
        "  await execAsync(out);", // 10
        "  window.document.write(out);",
        "}",
        "module.exports = { main };",
      ),
    });
    expect(rows).toEqual([
      [OF2, "src/ops.cjs", 8],
      [OF2, "src/ops.cjs", 9],
      [OF2, "src/ops.cjs", 10],
      [OF1, "src/ops.cjs", 11],
    ]);
  });

  it("leaves alone validated choices, programs without a shell, file contents, basenames, functions given to timers and literal modules", async () => {
    const { rows, status } = await run({
      "src/safe.ts": lines(
        'import { execFile, spawn } from "node:child_process";',
        'import fs from "node:fs";',
        'import path from "node:path";',
        'import { z } from "zod";',
        'import { ask } from "./llm";',
        'const Command = z.enum(["status", "log"]);',
        "export async function go(question: string) {",
        "  const out = await ask(question);",
        '  execFile("git", [out]);',
        '  spawn("git", ["log", out], { shell: false });',
        "  const command = Command.parse(out);",
        '  execFile("git", [command], { shell: true });',
        '  fs.writeFileSync(path.join("/tmp", "fixed.txt"), out);',
        '  fs.readFileSync(path.join("/srv/docs", path.basename(out)));',
        "  setTimeout(() => console.log(out), 10);",
        '  eval("1 + 1");',
        "  /x/.exec(out);",
        '  await import("./llm");',
        "}",
      ),
    });
    expect(rows).toEqual([]);
    expect(status("OF-2")).toBe("pass");
  });

  it("reports SQL text built from model output, not bound parameters or tagged templates", async () => {
    const { rows, result } = await run({
      "src/search.ts": lines(
        'import pg from "pg";', // 1
        'import { PrismaClient } from "@prisma/client";',
        'import knex from "knex";',
        'import { ask } from "./llm";',
        "const pool = new pg.Pool();", // 5
        "const prisma = new PrismaClient();",
        'const qb = knex({ client: "pg" });',
        "export async function find(question: string) {",
        "  const name = await ask(question);",
        "  await pool.query(`SELECT * FROM items WHERE name = '${name}'`);", // 10
        '  await pool.query("SELECT * FROM items WHERE name = $1", [name]);',
        '  await pool.query({ text: "SELECT * FROM items WHERE name = \'" + name + "\'" });',
        "  await prisma.$queryRawUnsafe(`SELECT * FROM items WHERE name = '${name}'`);",
        "  await prisma.$queryRaw`SELECT * FROM items WHERE name = ${name}`;",
        "  await qb.raw(`select '${name}'`);", // 15
        "  await qb(\"items\").whereRaw(`name = '${name}'`);",
        '  await qb("items").where({ name });',
        "}",
      ),
      // No SQL import here: the receiver's name says it is a database client.
      "src/repo.ts": lines(
        'import { ask } from "./llm";',
        "export async function lookup(db: { query(sql: string): Promise<unknown> }, question: string) {",
        "  const table = await ask(question);",
        "  return db.query(`SELECT * FROM ${table}`);",
        "}",
        "export async function notSql(parser: { query(s: string): unknown }) {",
        '  return parser.query(await ask("x"));',
        "}",
      ),
    });
    expect(rows).toEqual([
      [OF2, "src/repo.ts", 4],
      [OF2, "src/search.ts", 10],
      [OF2, "src/search.ts", 12],
      [OF2, "src/search.ts", 13],
      [OF2, "src/search.ts", 15],
      [OF2, "src/search.ts", 16],
    ]);
    expect(finding(result, OF2, "src/search.ts", 10).message).toContain("SQL");
  });

  it("follows tool-call arguments JSON-parsed in an agent loop to the helper that runs them, in another file", async () => {
    const { rows, result } = await run({
      "src/tools.ts": lines(
        'import { execSync } from "node:child_process";',
        "export function runShell(command: string): string {",
        '  return execSync(command, { encoding: "utf8" });',
        "}",
      ),
      "src/agent.ts": lines(
        'import { openai } from "./llm";',
        'import { runShell } from "./tools";',
        "export async function agent(messages: any[]) {",
        '  const completion = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 500, messages, tools: [] });',
        "  for (const call of completion.choices[0]!.message.tool_calls ?? []) {",
        "    const { command } = JSON.parse(call.function.arguments);",
        "    runShell(command);",
        "  }",
        "}",
      ),
    });
    expect(rows).toEqual([[OF2, "src/tools.ts", 3]]);
    const notes = finding(result, OF2, "src/tools.ts", 3).path?.map((p) => p.file);
    expect(notes?.[0]).toBe("src/agent.ts");
    expect(notes?.at(-1)).toBe("src/tools.ts");
  });

  it("clears a tool argument validated by a zod enum before it runs", async () => {
    const { rows } = await run({
      "src/agent.ts": lines(
        'import { execSync } from "node:child_process";',
        'import { z } from "zod";',
        'import { openai } from "./llm";',
        'const Args = z.object({ command: z.enum(["git status", "git log -5"]) });',
        "export async function agent(messages: any[]) {",
        '  const completion = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 500, messages });',
        "  for (const call of completion.choices[0]!.message.tool_calls ?? []) {",
        "    const { command } = Args.parse(JSON.parse(call.function.arguments));",
        "    execSync(command);",
        "  }",
        "}",
      ),
    });
    expect(rows).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// ESLint

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

type AnyRule = Parameters<RuleTester["run"]>[1];
const asHtml = aigis.rules[OF1] as unknown as AnyRule;
const executed = aigis.rules[OF2] as unknown as AnyRule;

const CALL = lines(
  'import OpenAI from "openai";',
  "const openai = new OpenAI();",
  "export async function answer(question) {",
  '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: question }] });',
  "  return r.choices[0].message.content;",
  "}",
);

for (const [parserName, languageOptions, ext] of [
  ["espree (default parser)", { ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } }, "jsx"],
  ["@typescript-eslint/parser", { parser: tsParser, sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } }, "tsx"],
] as const) {
  describe(`OF-1 and OF-2 in ESLint with ${parserName}`, () => {
    const tester = new RuleTester({ languageOptions: languageOptions as never });
    const filename = `Answer.${ext}`;

    tester.run(OF1, asHtml, {
      valid: [
        { filename, code: `${CALL}export async function show(el) {\n  el.textContent = await answer("hi");\n}` },
        { filename, code: `import DOMPurify from "dompurify";\n${CALL}export async function show(el) {\n  el.innerHTML = DOMPurify.sanitize(await answer("hi"));\n}` },
        { filename, code: 'import { useChat } from "@ai-sdk/react";\nexport function Chat() {\n  const { messages } = useChat();\n  return <div>{messages.map((m) => <p key={m.id}>{m.content}</p>)}</div>;\n}' },
        { filename, code: 'export function Banner({ html }) {\n  return <div dangerouslySetInnerHTML={{ __html: html }} />;\n}' },
      ],
      invalid: [
        {
          filename,
          code: `${CALL}export async function show(el) {\n  el.innerHTML = await answer("hi");\n}`,
          errors: [{ messageId: "finding", line: 8, column: 3 }],
        },
        {
          filename,
          code: 'import { useChat } from "@ai-sdk/react";\nimport { marked } from "marked";\nexport function Chat() {\n  const { messages } = useChat();\n  return <div>{messages.map((m) => <div key={m.id} dangerouslySetInnerHTML={{ __html: marked.parse(m.content) }} />)}</div>;\n}',
          errors: [{ messageId: "finding", line: 5 }],
        },
      ],
    });

    tester.run(OF2, executed, {
      valid: [
        { filename, code: `import { execFile } from "node:child_process";\n${CALL}export async function go() {\n  execFile("git", [await answer("hi")]);\n}` },
        { filename, code: `import { z } from "zod";\nimport { exec } from "node:child_process";\n${CALL}export async function go() {\n  exec(z.enum(["ls", "pwd"]).parse(await answer("hi")));\n}` },
        { filename, code: 'import { exec } from "node:child_process";\nexport function go(cmd) {\n  exec(cmd);\n}' },
      ],
      invalid: [
        {
          filename,
          code: `import { exec } from "node:child_process";\n${CALL}export async function go() {\n  const cmd = await answer("hi");\n  exec(\`git \${cmd}\`);\n}`,
          errors: [{ messageId: "finding", line: 10, column: 3 }],
        },
        {
          filename,
          code: `${CALL}export async function calc() {\n  return eval(await answer("2+2"));\n}`,
          errors: [{ messageId: "finding", line: 8, column: 10 }],
        },
      ],
    });
  });
}
