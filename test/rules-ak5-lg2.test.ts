/**
 * AK-5/LG-2 (key-in-logs-or-responses) and LG-2 (prompt-in-logs) on small projects written
 * to a temp dir: every sink and source shape each rule knows, reported (rule, file, line)
 * and left alone; the checklist's pass / n/a; no finding text (message, snippet, path,
 * JSON, SARIF) ever quotes a key; and both rules through ESLint's RuleTester.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { RuleTester } from "eslint";
import tsParser from "@typescript-eslint/parser";
import { afterAll, describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../src/engine/scan.js";
import aigis from "../src/eslint/plugin.js";
import { ALL_RULES } from "../rules/index.js";
import { formatJson } from "../src/report/json.js";
import { formatSarif } from "../src/report/sarif.js";
import { formatTerminal } from "../src/report/terminal.js";
import { leakedSlices, makeKeys } from "./helpers/cli.js";

const KEY = "key-in-logs-or-responses";
const PROMPT = "prompt-in-logs";
const MINE = [KEY, PROMPT];

type Row = [ruleId: string, file: string, line: number];

const base = mkdtempSync(join(tmpdir(), "aigis-ak5-lg2-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

async function run(files: Record<string, string>): Promise<{ rows: Row[]; result: ScanResult; status: (id: string) => string | undefined }> {
  const dir = join(base, `p${++counter}`);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const result = await scan({ target: dir });
  const rows = result.findings.filter((f) => MINE.includes(f.ruleId)).map((f): Row => [f.ruleId, f.file, f.line]);
  return { rows, result, status: (id) => result.checklist.find((c) => c.id === id)?.status };
}

function finding(result: ScanResult, rule: string, file: string, line: number) {
  const f = result.findings.find((x) => x.ruleId === rule && x.file === file && x.line === line);
  if (!f) throw new Error(`no ${rule} finding at ${file}:${line}`);
  return f;
}

const lines = (...l: string[]) => `${l.join("\n")}\n`;
const pkg = (deps: Record<string, string>) => JSON.stringify({ name: "app", type: "module", dependencies: deps });
const EXPRESS = pkg({ express: "^4", openai: "^4", pino: "^9", axios: "^1" });

describe("AK-5/LG-2 key-in-logs-or-responses", () => {
  it("reports keys and credentials reaching log calls, at the line the call starts", async () => {
    const { rows, result } = await run({
      "package.json": EXPRESS,
      "src/logger.ts": lines('import pino from "pino";', "export const logger = pino();"),
      "src/config.ts": lines("export const config = {", "  port: Number(process.env.PORT ?? 3000),", '  openai: { apiKey: process.env.OPENAI_API_KEY, model: "gpt-4o-mini" },', "};"),
      "src/headers.ts": lines("export function authHeaders() {", "  return { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` };", "}"),
      "src/app.ts": lines(
        'import express from "express";',
        'import { logger } from "./logger.js";',
        'import { config } from "./config.js";',
        'import { authHeaders } from "./headers.js";',
        "const app = express();",
        'console.log("key", process.env.OPENAI_API_KEY);',
        "logger.info(",
        "  { cfg: config },",
        '  "config loaded",',
        ");",
        'console.debug("calling with", authHeaders());',
        "const child = logger.child({ anthropic: process.env.ANTHROPIC_API_KEY });",
        "console.log(process.env);",
        'app.post("/x", (req, res) => {',
        "  logger.info({ headers: req.headers });",
        '  const token = req.headers.authorization?.replace(/^Bearer /, "");',
        "  req.log.warn({ token });",
        "  const raw = req.headers.authorization?.slice(7);",
        '  process.stdout.write(`auth ${raw}\\n`);',
        "  res.end();",
        "});",
      ),
    });
    expect(rows).toEqual([
      [KEY, "src/app.ts", 6],
      [KEY, "src/app.ts", 7],
      [KEY, "src/app.ts", 11],
      [KEY, "src/app.ts", 12],
      [KEY, "src/app.ts", 13],
      [KEY, "src/app.ts", 15],
      [KEY, "src/app.ts", 17],
      [KEY, "src/app.ts", 19],
    ]);
    const f = finding(result, KEY, "src/app.ts", 11);
    expect(f.severity).toBe("error");
    expect(f.checklist).toEqual(["AK-5", "LG-2"]);
    expect(f.message).toContain("the secret in OPENAI_API_KEY");
    expect(f.message).toContain("console.debug");
    expect(f.path?.map((p) => `${p.file}:${p.line}`)).toEqual(["src/headers.ts:2", "src/app.ts:11"]);
    expect(finding(result, KEY, "src/app.ts", 7).path?.[0]).toMatchObject({ file: "src/config.ts", line: 3 });
    expect(finding(result, KEY, "src/app.ts", 15).message).toContain("the request headers");
    expect(finding(result, KEY, "src/app.ts", 17).message).toContain("authorization header");
    expect(finding(result, KEY, "src/app.ts", 13).message).toContain("process.env");
  });

  it("reports keys sent in responses of every framework, and returned where the framework sends the value", async () => {
    const { rows, result } = await run({
      "package.json": pkg({ express: "^4", next: "^14", hono: "^4", koa: "^2", fastify: "^4", openai: "^4", "@sveltejs/kit": "^2", "@remix-run/node": "^2" }),
      "src/express.ts": lines(
        'import express from "express";',
        "const app = express();",
        'app.get("/a", (_req, res) => res.json({ key: process.env.OPENAI_API_KEY }));',
        'app.get("/b", (_req, res) => {',
        "  res.status(200).send(`key=${process.env.OPENAI_API_KEY}`);",
        "});",
      ),
      "app/api/key/route.ts": lines(
        'import { NextResponse } from "next/server";',
        "export async function GET() {",
        "  return NextResponse.json({ key: process.env.OPENAI_API_KEY });",
        "}",
        "export async function POST() {",
        "  return new Response(JSON.stringify({ key: process.env.OPENAI_API_KEY }));",
        "}",
        "export async function PUT() {",
        "  return Response.json({ key: process.env.OPENAI_API_KEY });",
        "}",
      ),
      "app/actions.ts": lines('"use server";', "export async function settings() {", '  return { model: "gpt-4o", apiKey: process.env.OPENAI_API_KEY };', "}"),
      // The client calls the action (an unreferenced actions module is no entry point).
      "app/settings-button.tsx": lines('"use client";', 'import { settings } from "./actions";', "export function SettingsButton() {", "  return <button onClick={() => settings()}>Load</button>;", "}"),
      "src/hono.ts": lines('import { Hono } from "hono";', "const app = new Hono();", 'app.get("/k", (c) => c.json({ key: process.env.GROQ_API_KEY }));'),
      "src/koa.ts": lines('import Koa from "koa";', "const app = new Koa();", "app.use(async (ctx) => {", "  ctx.body = { key: process.env.MISTRAL_API_KEY };", "});"),
      "src/fastify.ts": lines(
        'import Fastify from "fastify";',
        'import OpenAI from "openai";',
        "const app = Fastify();",
        "const openai = new OpenAI();",
        'app.post("/chat", async () => {',
        '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });',
        "  return { answer: r.choices[0]?.message?.content, key: process.env.OPENAI_API_KEY };",
        "});",
      ),
      "src/routes/+server.ts": lines('import { json } from "@sveltejs/kit";', "export function GET() {", "  return json({ key: process.env.OPENAI_API_KEY });", "}"),
      "app/routes/settings.tsx": lines('import { json } from "@remix-run/node";', "export async function loader() {", "  return json({ key: process.env.ANTHROPIC_API_KEY });", "}"),
    });
    expect(rows).toEqual([
      [KEY, "app/actions.ts", 3],
      [KEY, "app/api/key/route.ts", 3],
      [KEY, "app/api/key/route.ts", 6],
      [KEY, "app/api/key/route.ts", 9],
      [KEY, "app/routes/settings.tsx", 3],
      [KEY, "src/express.ts", 3],
      [KEY, "src/express.ts", 5],
      [KEY, "src/fastify.ts", 7],
      [KEY, "src/hono.ts", 3],
      [KEY, "src/koa.ts", 4],
      [KEY, "src/routes/+server.ts", 3],
    ]);
    expect(finding(result, KEY, "src/express.ts", 5).message).toContain("res.status(…).send");
    expect(finding(result, KEY, "src/koa.ts", 4).message).toContain("ctx.body assignment");
    expect(finding(result, KEY, "app/actions.ts", 3).message).toContain("returns the secret in OPENAI_API_KEY");
  });

  it("reports an axios error's request configuration and a key in a thrown error's message", async () => {
    const { rows } = await run({
      "package.json": EXPRESS,
      "src/worker.ts": lines(
        'import axios from "axios";',
        'const api = axios.create({ baseURL: "https://api.openai.com/v1", headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` } });',
        "export async function run() {",
        "  try {",
        '    await api.post("/chat/completions", { model: "gpt-4o-mini", max_tokens: 10, messages: [] });',
        "  } catch (err) {",
        "    console.error(err.config);",
        '    console.error("failed", err.response?.config?.headers);',
        "    console.error(err.config?.url, err.config?.method, err.response?.status);",
        "  }",
        '  await api.get("/models").catch((e) => console.warn(e.config.headers.Authorization));',
        "}",
        "export function check() {",
        "  const key = process.env.OPENAI_API_KEY;",
        '  if (!key) throw new Error("OPENAI_API_KEY is not set");',
        '  if (!key.startsWith("sk-")) throw new Error(`Not an OpenAI key: ${key}`);',
        "  console.error(new Error(`rejected ${key}`));",
        "  return Promise.reject(TypeError(`bad key ${key}`));",
        "}",
      ),
    });
    expect(rows).toEqual([
      [KEY, "src/worker.ts", 7],
      [KEY, "src/worker.ts", 8],
      [KEY, "src/worker.ts", 11],
      [KEY, "src/worker.ts", 16],
      [KEY, "src/worker.ts", 17],
      [KEY, "src/worker.ts", 18],
    ]);
  });

  it("follows env destructuring, SvelteKit private env, barrels, logging helpers, NestJS loggers and exceptions, error trackers", async () => {
    const { rows, result } = await run({
      "package.json": pkg({ openai: "^4", "@nestjs/common": "^10", "@sentry/node": "^8", "@sveltejs/kit": "^2", debug: "^4" }),
      "src/env.ts": lines("const { OPENAI_API_KEY, PORT } = process.env;", "export const settings = { key: OPENAI_API_KEY, port: PORT };"),
      "src/index.ts": lines('export * from "./env.js";'),
      "src/log.ts": lines("export function debugValue(label: string, value: unknown) {", "  console.log(label, value);", "}"),
      "src/app.ts": lines(
        'import OpenAI from "openai";',
        'import * as Sentry from "@sentry/node";',
        'import { settings } from "./index.js";',
        'import { debugValue } from "./log.js";',
        "const openai = new OpenAI({ apiKey: settings.key });",
        'console.log("port", settings.port);',
        'console.log("settings", settings);',
        'debugValue("key", settings.key);',
        'Sentry.setContext("openai", { key: settings.key });',
      ),
      "src/nest.service.ts": lines(
        'import { BadRequestException, Injectable, Logger } from "@nestjs/common";',
        "@Injectable()",
        "export class KeysService {",
        "  private readonly logger = new Logger(KeysService.name);",
        "  check(key = \"\") {",
        "    const configured = process.env.ANTHROPIC_API_KEY;",
        "    this.logger.log(`configured key: ${configured}`);",
        "    if (key !== configured) throw new BadRequestException(`expected ${configured}`);",
        "  }",
        "}",
      ),
      "src/routes/+page.server.ts": lines('import { OPENAI_API_KEY } from "$env/static/private";', "export function load() {", '  console.log("loaded with", OPENAI_API_KEY);', "  return {};", "}"),
      "src/debug.ts": lines('import createDebug from "debug";', 'const debug = createDebug("app:ai");', 'const trace = require("debug")("app:trace");', 'debug("key %s", process.env.GROQ_API_KEY);', 'trace("port %s", process.env.PORT);', 'trace("token %s", process.env.HF_TOKEN);'),
    });
    expect(rows).toEqual([
      [KEY, "src/app.ts", 7],
      [KEY, "src/app.ts", 9],
      [KEY, "src/debug.ts", 4],
      [KEY, "src/debug.ts", 6],
      [KEY, "src/log.ts", 2],
      [KEY, "src/nest.service.ts", 7],
      [KEY, "src/nest.service.ts", 8],
      [KEY, "src/routes/+page.server.ts", 3],
    ]);
    expect(finding(result, KEY, "src/app.ts", 7).message).toContain("the secret in OPENAI_API_KEY");
    expect(finding(result, KEY, "src/log.ts", 2).path?.map((p) => `${p.file}:${p.line}`)).toContain("src/app.ts:8");
    expect(finding(result, KEY, "src/nest.service.ts", 8).message).toContain("new BadRequestException");
  });

  it("leaves alone what carries nothing of the key: fingerprints, lengths, booleans, other headers, the caller's own headers", async () => {
    const { rows, status } = await run({
      "package.json": EXPRESS,
      "src/redact.ts": lines(
        'import { createHash } from "node:crypto";',
        "export function keyFingerprint(key: string | undefined): string {",
        '  if (!key) return "missing";',
        '  return `sha256:${createHash("sha256").update(key).digest("hex").slice(0, 8)}`;',
        "}",
      ),
      "src/config.ts": lines("export const config = {", "  port: Number(process.env.PORT ?? 3000),", '  openai: { apiKey: process.env.OPENAI_API_KEY, model: "gpt-4o-mini" },', "};"),
      "src/app.ts": lines(
        'import express from "express";',
        'import { keyFingerprint } from "./redact.js";',
        'import { config } from "./config.js";',
        "const app = express();",
        "console.log(`listening on ${config.port} with ${config.openai.model}`);",
        'console.log("key", keyFingerprint(process.env.OPENAI_API_KEY));',
        'console.log("key set:", Boolean(process.env.OPENAI_API_KEY), process.env.OPENAI_API_KEY?.length);',
        'console.log("key ends with", process.env.OPENAI_API_KEY?.slice(-4));',
        'console.log(process.env.OPENAI_API_KEY ? "configured" : "missing");',
        'console.log("env", process.env.NODE_ENV, process.env.PORT, process.env.OPENAI_MODEL);',
        'for (const name of ["A", "B"]) console.log(name, process.env[name]);',
        'app.get("/echo", (req, res) => {',
        '  console.log(req.method, req.path, req.headers["user-agent"], req.get("x-request-id"));',
        "  console.log(req.headers.authorization?.length);",
        "  res.json({ headers: req.headers, auth: req.headers.authorization });",
        "});",
      ),
    });
    expect(rows).toEqual([]);
    expect(status("AK-5")).toBe("pass");
  });

  it("follows one field of an options object past conditional spreads: its sibling fields carry nothing of the key", async () => {
    const { rows } = await run({
      "package.json": EXPRESS,
      "src/session.ts": lines(
        "export interface SessionInput { workDir: string; settings: { apiKey?: string; debug?: boolean } }",
        "export function openSession(input: SessionInput) {",
        '  if (!input.workDir.startsWith("/srv/")) throw new Error(`work directory ${input.workDir} is outside /srv`);',
        "  if (!input.settings.apiKey) throw new Error(`no key in ${JSON.stringify(input.settings)}`);",
        "  return input;",
        "}",
      ),
      "src/start.ts": lines(
        'import { openSession } from "./session.js";',
        "export function start(dir: string, verbose?: boolean) {",
        "  return openSession({",
        "    workDir: dir,",
        "    settings: { apiKey: process.env.OPENAI_API_KEY },",
        "    ...(verbose ? { debug: true } : {}),",
        '    ...(process.env.TRACE === "1" && { trace: true }),',
        "  });",
        "}",
      ),
    });
    expect(rows).toEqual([[KEY, "src/session.ts", 4]]);
  });

  it("judges a member of a validated copy of process.env by that variable's name, not as the whole environment", async () => {
    const { rows, result } = await run({
      "package.json": pkg({ fastify: "^4", zod: "^3", openai: "^4" }),
      "src/config/env.ts": lines(
        'import { z } from "zod";',
        "const schema = z.object({ PORT: z.coerce.number().default(8080), OPENAI_API_KEY: z.string(), LOG_LEVEL: z.string().default(\"info\") });",
        "const checked = schema.safeParse(process.env);",
        "if (!checked.success) process.exit(1);",
        "export const settings = checked.data;",
        "export const raw = { ...process.env };",
      ),
      "src/server.ts": lines(
        'import Fastify from "fastify";',
        'import { settings, raw } from "./config/env.js";',
        "const server = Fastify();",
        "await server.listen({ port: settings.PORT });",
        "console.log(`up on :${settings.PORT} at level ${settings[\"LOG_LEVEL\"]}`);",
        "const { PORT } = settings;",
        "console.log(PORT, raw.NODE_ENV);",
        'console.info("booting with", settings.OPENAI_API_KEY);',
        'console.debug("environment", settings);',
      ),
    });
    expect(rows).toEqual([
      [KEY, "src/server.ts", 8],
      [KEY, "src/server.ts", 9],
    ]);
    // The member read names the one variable; the whole copy is still every variable.
    expect(finding(result, KEY, "src/server.ts", 8).message).toContain("the secret in OPENAI_API_KEY");
    expect(finding(result, KEY, "src/server.ts", 9).message).toContain("every environment variable");
  });

  it("leaves test files alone: a secret a test reads and logs never reaches the shipped app", async () => {
    const logs = lines('import { apiKey } from "./config.js";', 'console.log("key", process.env.OPENAI_API_KEY);', "console.info(apiKey);");
    const { rows } = await run({
      "package.json": EXPRESS,
      "src/config.ts": lines("export const apiKey = process.env.OPENAI_API_KEY;"),
      "src/app.ts": logs,
      "src/app.test.ts": logs,
      "src/__tests__/setup.ts": logs,
    });
    expect(rows).toEqual([
      [KEY, "src/app.ts", 2],
      [KEY, "src/app.ts", 3],
    ]);
  });

  it("leaves alone the headers of an answer a client request got, logged through a same-file helper", async () => {
    const script = lines(
      'import https from "node:https";',
      "function log(message: unknown) {",
      "  console.log(message);",
      "}",
      "function call(path: string): Promise<{ status?: number; headers: unknown }> {",
      "  return new Promise((resolve) => {",
      '    https.request(new URL(path, "https://api.example.com"), { headers: { Authorization: `Bearer ${process.env.API_TOKEN}` } }, (res) => resolve({ status: res.statusCode, headers: res.headers })).end();',
      "  });",
      "}",
      'const answer = await call("/health");',
      "log(answer);",
      "log(answer.headers);",
    );
    const { rows } = await run({ "package.json": EXPRESS, "scripts/smoke.ts": script });
    expect(rows).toEqual([]);
  });

  it("is n/a with nothing that logs or responds", async () => {
    const { status } = await run({ "package.json": pkg({}), "src/math.ts": lines("export const add = (a: number, b: number) => a + b;") });
    expect(status("AK-5")).toBe("n/a");
  });

  it("names a hard-coded key by its format and never quotes it: message, snippet, path, JSON, SARIF, terminal", async () => {
    const keys = makeKeys(5);
    const { rows, result } = await run({
      "package.json": EXPRESS,
      "src/app.ts": lines(
        'import express from "express";',
        `const OPENAI_API_KEY = "${keys.openai.value}";`,
        "const app = express();",
        'console.log("using", OPENAI_API_KEY);',
        `console.log("inline", "${keys.anthropic.value}");`,
        'app.get("/k", (_req, res) => {',
        "  res.json({ key: OPENAI_API_KEY });",
        "});",
      ),
    });
    expect(rows).toEqual([
      [KEY, "src/app.ts", 4],
      [KEY, "src/app.ts", 5],
      [KEY, "src/app.ts", 7],
    ]);
    expect(finding(result, KEY, "src/app.ts", 4).message).toContain("a hard-coded OpenAI project key");
    expect(finding(result, KEY, "src/app.ts", 5).message).toContain("Anthropic API key");
    const mine = { ...result, findings: result.findings.filter((f) => MINE.includes(f.ruleId)) };
    const texts = [
      ...mine.findings.flatMap((f) => [f.message, f.snippet, ...(f.path ?? []).map((p) => p.note)]),
      formatJson(mine),
      formatSarif(mine, ALL_RULES),
      formatTerminal(mine, { color: false } as never),
    ];
    for (const text of texts) {
      expect(leakedSlices(text, keys.openai)).toEqual([]);
      expect(leakedSlices(text, keys.anthropic)).toEqual([]);
    }
  });
});

describe("AK-5: the error of a failed model request, logged whole", () => {
  it("reports request-promise, axios and exec(curl) errors that keep the request (and its key), not fetch's", async () => {
    const { rows } = await run({
      "package.json": pkg({ "request-promise": "^4", axios: "^1", koa: "^2" }),
      "src/complete.js": lines(
        'const rp = require("request-promise");',
        'const axios = require("axios");',
        'const { exec } = require("child_process");',
        "const auth = { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` };",
        "exports.viaRp = (prompt) =>",
        '  rp({ method: "POST", uri: "https://api.openai.com/v1/completions", headers: auth, body: { model: "gpt-3.5-turbo-instruct", prompt, max_tokens: 200 }, json: true })',
        "    .then((res) => res.choices[0].text)",
        "    .catch((err) => console.log(err));", // 8
        "exports.viaAxios = async (messages) => {",
        "  try {",
        '    return (await axios.post("https://api.openai.com/v1/chat/completions", { model: "gpt-4o-mini", max_tokens: 200, messages }, { headers: auth })).data;',
        "  } catch (error) {",
        "    console.error(error);", // 13
        '    console.error("status", error.response?.status);',
        "  }",
        "};",
        "exports.viaCurl = (body) => new Promise((resolve) => {",
        "  exec(`curl https://api.openai.com/v1/chat/completions -H \"Authorization: Bearer ${process.env.OPENAI_API_KEY}\" -d '${body}'`, (err, stdout) => {",
        "    if (err) console.log(err);", // 19
        "    resolve(stdout);",
        "  });",
        "});",
        "exports.viaFetch = async (messages) => {",
        '  try { return await (await fetch("https://api.openai.com/v1/chat/completions", { method: "POST", headers: auth, body: JSON.stringify({ model: "gpt-4o-mini", max_tokens: 200, messages }) })).json(); }',
        "  catch (err) { console.log(err); }",
        "};",
      ),
    });
    expect(rows.filter(([rule]) => rule === KEY)).toEqual([
      [KEY, "src/complete.js", 8],
      [KEY, "src/complete.js", 13],
      [KEY, "src/complete.js", 19],
    ]);
  });

  it("finds it in a module that only imports request-promise, with the key from a config module", async () => {
    const { rows } = await run({
      "package.json": pkg({ "request-promise": "^4" }),
      "src/config.js": "module.exports = { openaiKey: process.env.OPENAI_API_KEY };\n",
      "src/complete.js": lines(
        'const rp = require("request-promise");',
        'const { openaiKey } = require("./config");',
        "module.exports = async (prompt) =>",
        '  await rp({ method: "POST", uri: "https://api.openai.com/v1/completions", headers: { Authorization: `Bearer ${openaiKey}` }, body: { model: "gpt-3.5-turbo-instruct", prompt, max_tokens: 200 }, json: true })',
        "    .then((res) => res.choices[0].text)",
        "    .catch((err) => console.log(err));", // 6
      ),
    });
    expect(rows.filter(([rule]) => rule === KEY)).toEqual([[KEY, "src/complete.js", 6]]);
  });
});

describe("LG-2 prompt-in-logs", () => {
  it("reports the values given to model calls as prompts reaching log calls", async () => {
    const { rows, result } = await run({
      "package.json": pkg({ express: "^4", openai: "^4", pino: "^9", ai: "^4", "@ai-sdk/openai": "^1", "@anthropic-ai/sdk": "^0.36" }),
      "src/logger.ts": lines('import pino from "pino";', "export const logger = pino();"),
      "src/ai.ts": lines(
        'import OpenAI from "openai";',
        'import { logger } from "./logger.js";',
        "const openai = new OpenAI();",
        "export async function ask(question: string) {",
        "  const messages = [",
        '    { role: "system" as const, content: "Answer briefly." },',
        '    { role: "user" as const, content: question },',
        "  ];",
        '  console.log("prompt", messages);',
        '  logger.info({ count: messages.length }, "asking");',
        '  const params = { model: "gpt-4o-mini", max_tokens: 200, messages };',
        "  logger.debug(params);",
        "  const r = await openai.chat.completions.create(params);",
        "  console.log(r.choices[0]?.message?.content, r.usage);",
        "}",
        "export async function complete(prompt: string) {",
        '  logger.trace({ prompt }, "completion");',
        '  return openai.completions.create({ model: "gpt-3.5-turbo-instruct", max_tokens: 50, prompt });',
        "}",
      ),
      "src/vercel.ts": lines(
        'import { generateText } from "ai";',
        'import { openai } from "@ai-sdk/openai";',
        "export async function haiku(topic: string) {",
        "  const prompt = `Write a haiku about ${topic.slice(0, 100)}`;",
        "  console.info(`prompt=${prompt}`, prompt.length);",
        '  const { text } = await generateText({ model: openai("gpt-4o-mini"), prompt, maxTokens: 100 });',
        "  return text;",
        "}",
      ),
      "src/claude.ts": lines(
        'import Anthropic from "@anthropic-ai/sdk";',
        "const anthropic = new Anthropic();",
        "export async function draft(company: string, ticket: string) {",
        "  const system = `You draft replies for ${company}.`;",
        "  console.warn(system.toUpperCase());",
        '  return anthropic.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 300, system, messages: [{ role: "user", content: ticket }] });',
        "}",
      ),
    });
    expect(rows).toEqual([
      [PROMPT, "src/ai.ts", 9],
      [PROMPT, "src/ai.ts", 12],
      [PROMPT, "src/ai.ts", 17],
      [PROMPT, "src/claude.ts", 5],
      [PROMPT, "src/vercel.ts", 5],
    ]);
    const f = finding(result, PROMPT, "src/ai.ts", 9);
    expect(f.severity).toBe("warning");
    expect(f.checklist).toEqual(["LG-2"]);
    expect(f.message).toContain("the prompt of chat.completions.create (messages)");
    // The path starts at the call the value is given to, and ends at the log call.
    expect(f.path?.[0]).toMatchObject({ file: "src/ai.ts", line: 13 });
    expect(f.path?.at(-1)).toMatchObject({ file: "src/ai.ts", line: 9, note: "logged by console.log" });
  });

  it("follows a prompt passed to a helper in another file that makes a raw request", async () => {
    const { rows, result } = await run({
      "package.json": pkg({ express: "^4" }),
      "src/openai-http.ts": lines(
        "export async function chat(messages: { role: string; content: string }[]) {",
        '  const res = await fetch("https://api.openai.com/v1/chat/completions", {',
        '    method: "POST",',
        "    headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` },",
        '    body: JSON.stringify({ model: "gpt-4o-mini", max_tokens: 100, messages }),',
        "  });",
        "  return res.json();",
        "}",
      ),
      "src/route.ts": lines(
        'import { chat } from "./openai-http.js";',
        "export async function summarise(ticket: string) {",
        '  const history = [{ role: "user", content: ticket }];',
        '  console.log("sending", JSON.stringify(history));',
        "  return chat(history);",
        "}",
      ),
    });
    expect(rows).toEqual([[PROMPT, "src/route.ts", 4]]);
    const f = finding(result, PROMPT, "src/route.ts", 4);
    expect(f.message).toContain("api.openai.com/v1/chat/completions (history)");
    expect(f.path?.map((p) => `${p.file}:${p.line}`)).toEqual(["src/openai-http.ts:2", "src/route.ts:4"]);
  });

  it("reports the user's text a user turn is written from, logged where it is read or where a caller passes it", async () => {
    const { rows, result } = await run({
      "package.json": pkg({ "@nestjs/common": "^10", express: "^4", openai: "^4" }),
      // A service writes the caller's text into the user turn; the controller logs what it passes.
      "src/menu/menu.service.ts": lines(
        'import { Injectable } from "@nestjs/common";',
        'import OpenAI from "openai";',
        "@Injectable()",
        "export class MenuService {",
        "  private openai = new OpenAI();",
        "  async suggest(wish: string, shop: string) {",
        "    const reply = await this.openai.chat.completions.create({",
        '      model: "gpt-4o-mini",',
        "      max_tokens: 300,",
        "      messages: [",
        '        { role: "system", content: `You suggest dishes from the menu of ${shop}.` },',
        '        { role: "user", content: `Suggest something for: ${wish}` },',
        "      ],",
        "    });",
        "    return reply.choices[0]?.message?.content;",
        "  }",
        "}",
      ),
      "src/menu/menu.controller.ts": lines(
        'import { Controller, Get, Query } from "@nestjs/common";',
        'import { MenuService } from "./menu.service";',
        '@Controller("menu")',
        "export class MenuController {",
        "  constructor(private readonly menu: MenuService) {}",
        '  @Get("suggest")',
        "  async suggest(@Query() query: { wish: string; shop: string }) {",
        "    const answer = await this.menu.suggest(query.wish, query.shop);",
        "    console.log({ wish: query.wish, answer });",
        '    console.log("shop", query.shop, "wish length", query.wish.length);',
        "    return answer;",
        "  }",
        "}",
      ),
      // The same request field read for the user turn and for the log line, in one handler.
      "src/server.ts": lines(
        'import express from "express";',
        'import OpenAI from "openai";',
        "const app = express();",
        "const openai = new OpenAI();",
        'app.post("/ask", async (req, res) => {',
        '  console.info("question:", req.body.question);',
        '  console.info("locale:", req.body.locale);',
        "  const r = await openai.chat.completions.create({",
        '    model: "gpt-4o-mini",',
        "    max_tokens: 100,",
        '    messages: [{ role: "system", content: `Reply in ${req.body.locale}.` }, { role: "user", content: req.body.question }],',
        "  });",
        "  res.json(r.choices[0]?.message);",
        "});",
      ),
    });
    // Quiet: what only the system turn is written from (the shop, the locale), and a length.
    expect(rows).toEqual([
      [PROMPT, "src/menu/menu.controller.ts", 9],
      [PROMPT, "src/server.ts", 6],
    ]);
    expect(finding(result, PROMPT, "src/menu/menu.controller.ts", 9).message).toContain("the prompt of chat.completions.create (query.wish)");
    expect(finding(result, PROMPT, "src/server.ts", 6).message).toContain("(req.body.question)");
  });

  it("leaves alone sizes, counts, usage and answers, and is n/a without a model call", async () => {
    const withCall = await run({
      "package.json": pkg({ openai: "^4" }),
      "src/ai.ts": lines(
        'import OpenAI from "openai";',
        "const openai = new OpenAI();",
        "export async function ask(question: string) {",
        '  const messages = [{ role: "user" as const, content: question }];',
        '  console.log("asking", messages.length, question.length);',
        '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages });',
        "  console.log(r.id, r.usage, r.choices[0]?.message?.content);",
        "}",
      ),
    });
    expect(withCall.rows).toEqual([]);
    expect(withCall.status("LG-2")).toBe("pass");
    const noCall = await run({ "package.json": pkg({}), "src/a.ts": lines('const messages = ["hi"];', "console.log(messages);") });
    expect(noCall.rows).toEqual([]);
    // A fixed prompt, logged: nothing a user wrote, only text the code already holds.
    const fixed = await run({
      "package.json": pkg({ openai: "^4" }),
      "src/ai.ts": lines(
        'import OpenAI from "openai";',
        "const openai = new OpenAI();",
        'const HAIKU = "Write a haiku about the sea.";',
        "export async function haiku(topic: string) {",
        "  const prompt = HAIKU;",
        '  console.log("prompt", prompt);',
        '  await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 60, messages: [{ role: "user", content: prompt }] });',
        "  const asked = `${HAIKU} About ${topic}.`;",
        "  console.log(asked);",
        '  return openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 60, messages: [{ role: "user", content: asked }] });',
        "}",
      ),
    });
    expect(fixed.rows).toEqual([[PROMPT, "src/ai.ts", 9]]);
  });

  it("leaves alone a prompt printed to the console in browser-only code, unless the app ships a collector of console output", async () => {
    const page = lines(
      'import OpenAI from "openai";',
      'const openai = new OpenAI({ apiKey: localStorage.getItem("key") ?? "", dangerouslyAllowBrowser: true });',
      "export async function ask(question: string) {",
      '  const messages = [{ role: "user" as const, content: question }];',
      '  console.debug("asking", messages);',
      '  return openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages });',
      "}",
    );
    const spa = { "index.html": '<div id="root"></div><script type="module" src="/src/main.ts"></script>\n', "src/main.ts": lines('import { ask } from "./ask";', 'document.querySelector("form")?.addEventListener("submit", () => ask("hi"));'), "src/ask.ts": page };
    const alone = await run({ "package.json": pkg({ openai: "^4", vite: "^5" }), ...spa });
    expect(alone.rows.filter((r) => r[0] === PROMPT)).toEqual([]);
    const collected = await run({ "package.json": pkg({ openai: "^4", vite: "^5", "@sentry/browser": "^8" }), ...spa, "src/monitoring.ts": lines('import * as Sentry from "@sentry/browser";', "Sentry.init({});") });
    expect(collected.rows.filter((r) => r[0] === PROMPT)).toEqual([[PROMPT, "src/ask.ts", 5]]);
  });

  // An AI route that takes its question from the posted body, for the request-logger cases.
  const askRoute = (app: string) =>
    lines(
      'import OpenAI from "openai";',
      "const openai = new OpenAI();",
      `${app}.post("/api/ask", async (req, res) => {`,
      '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: String(req.body.question).slice(0, 2000) }] });',
      "  res.send(r.choices[0]?.message?.content);",
      "});",
    );

  it("reports a server-wide request logger that writes request bodies, where the body is read", async () => {
    const { rows, result } = await run({
      "package.json": pkg({ fastify: "^5", openai: "^4", "pino-http": "^10", morgan: "^1", express: "^4" }),
      // Fastify's logger option: the req serializer returns the body with the rest.
      "api/server.ts": lines(
        'import Fastify from "fastify";',
        'import OpenAI from "openai";',
        "const openai = new OpenAI();",
        "const logging = {",
        "  serializers: {",
        "    req(request: { method: string; url: string; body: unknown }) {",
        "      return { method: request.method, url: request.url, body: request.body };",
        "    },",
        "  },",
        "};",
        "const app = Fastify({ logger: logging });",
        'app.post("/api/ask", async (request) => {',
        "  const { question } = request.body as { question: string };",
        '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: question.slice(0, 2000) }] });',
        "  return { answer: r.choices[0]?.message?.content };",
        "});",
      ),
      // pino-http with a serializer defined in another module, reading pino-http's raw request.
      "web/serializers.ts": lines("export function withBody(req: { raw: { body: unknown }; url: string }) {", "  return { url: req.url, payload: req.raw.body };", "}"),
      "web/app.ts": lines(
        'import express from "express";',
        'import pinoHttp from "pino-http";',
        'import morgan from "morgan";',
        'import { withBody } from "./serializers.js";',
        "export const app = express();",
        "app.use(pinoHttp({ serializers: { req: withBody } }));",
        'morgan.token("body", (req: { body?: unknown }) => JSON.stringify(req.body));',
        'app.use(morgan(":method :url :body"));',
      ).concat(askRoute("app")),
    });
    expect(rows).toEqual([
      [PROMPT, "api/server.ts", 7],
      [PROMPT, "web/app.ts", 7],
      [PROMPT, "web/serializers.ts", 2],
    ]);
    const fastify = finding(result, PROMPT, "api/server.ts", 7);
    expect(fastify.message).toContain("The fastify logger's req serializer writes the body of every request to the logs");
    expect(fastify.message).toContain("POST /api/ask");
    expect(finding(result, PROMPT, "web/app.ts", 7).message).toContain('The morgan token "body"');
    expect(finding(result, PROMPT, "web/serializers.ts", 2).message).toContain("The pino-http logger's req serializer");
  });

  it("follows the logger's options into the config module that writes them", async () => {
    const { rows } = await run({
      "package.json": pkg({ fastify: "^5", openai: "^4" }),
      "src/config/logging.ts": lines(
        "export const loggerOptions = {",
        '  level: "info",',
        "  serializers: { req: (request: { url: string; body: unknown }) => ({ url: request.url, body: request.body }) },",
        "};",
      ),
      "src/server.ts": lines(
        'import Fastify from "fastify";',
        'import OpenAI from "openai";',
        'import { loggerOptions } from "./config/logging.js";',
        "const openai = new OpenAI();",
        "const app = Fastify({ logger: loggerOptions });",
        'app.post("/api/ask", async (request) => {',
        "  const { question } = request.body as { question: string };",
        '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: question.slice(0, 2000) }] });',
        "  return { answer: r.choices[0]?.message?.content };",
        "});",
      ),
    });
    expect(rows).toEqual([[PROMPT, "src/config/logging.ts", 3]]);
  });

  it("finds the body taken by destructuring: in the serializer's parameter, nested under raw, or from the request in its body", async () => {
    const { rows } = await run({
      "package.json": pkg({ express: "^4", openai: "^4", "pino-http": "^10" }),
      "src/log.ts": lines(
        "export const fields = ({ method, url, body }: { method: string; url: string; body: unknown }) => ({ method, url, body });",
        "export const rawFields = ({ url, raw: { body: sent } }: { url: string; raw: { body: unknown } }) => ({ url, sent });",
        "export function later(req: { url: string; body: unknown }) {",
        "  const { body } = req;",
        "  return { url: req.url, body };",
        "}",
        "export const quiet = ({ method, url }: { method: string; url: string }) => ({ method, url });",
      ),
      "src/app.ts": lines(
        'import express from "express";',
        'import pinoHttp from "pino-http";',
        'import { fields, rawFields, later, quiet } from "./log.js";',
        "export const app = express();",
        "app.use(pinoHttp({ serializers: { req: fields } }));",
        "app.use(pinoHttp({ serializers: { req: rawFields } }));",
        "app.use(pinoHttp({ serializers: { req: later } }));",
        "app.use(pinoHttp({ serializers: { req: quiet } }));",
      ).concat(askRoute("app")),
    });
    expect(rows).toEqual([
      [PROMPT, "src/log.ts", 1],
      [PROMPT, "src/log.ts", 2],
      [PROMPT, "src/log.ts", 4],
    ]);
  });

  it("leaves request loggers alone that log no body, and body loggers of an app with no AI route taking one", async () => {
    const quietSerializers = await run({
      "package.json": pkg({ fastify: "^5", openai: "^4" }),
      "src/server.ts": lines(
        'import Fastify from "fastify";',
        'import OpenAI from "openai";',
        "const openai = new OpenAI();",
        "const app = Fastify({",
        "  logger: {",
        "    serializers: {",
        "      req: (request: { method: string; url: string; body: { length?: number } }) => ({ method: request.method, url: request.url }),",
        "      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),",
        "    },",
        "  },",
        "});",
        'app.post("/api/ask", async (request) => {',
        "  const { question } = request.body as { question: string };",
        '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: question.slice(0, 2000) }] });',
        "  return { answer: r.choices[0]?.message?.content };",
        "});",
      ),
    });
    expect(quietSerializers.rows).toEqual([]);
    // The body is logged, but the only model call runs in a script, behind no route.
    const noRoute = await run({
      "package.json": pkg({ "pino-http": "^10", openai: "^4", express: "^4" }),
      "src/app.ts": lines('import express from "express";', 'import pinoHttp from "pino-http";', "export const app = express();", "app.use(pinoHttp({ serializers: { req: (req: { body: unknown }) => ({ body: req.body }) } }));"),
      "scripts/digest.ts": lines(
        'import OpenAI from "openai";',
        "const openai = new OpenAI();",
        'const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: "Summarise yesterday." }] });',
        "console.log(r.choices[0]?.message?.content);",
      ),
    });
    expect(noRoute.rows).toEqual([]);
  });
});

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

type AnyRule = Parameters<RuleTester["run"]>[1];
const keyRule = aigis.rules[KEY] as unknown as AnyRule;
const promptRule = aigis.rules[PROMPT] as unknown as AnyRule;

for (const [parserName, languageOptions] of [
  ["espree (default parser)", { ecmaVersion: "latest", sourceType: "module" }],
  ["@typescript-eslint/parser", { parser: tsParser, sourceType: "module" }],
] as const) {
  describe(`AK-5/LG-2 in ESLint with ${parserName}`, () => {
    const tester = new RuleTester({ languageOptions: languageOptions as never });
    tester.run(KEY, keyRule, {
      valid: [
        { code: 'console.log("port", process.env.PORT);' },
        { code: 'console.log("key set:", Boolean(process.env.OPENAI_API_KEY));' },
        { code: 'import express from "express";\nconst app = express();\napp.get("/", (req, res) => res.json({ ua: req.headers["user-agent"] }));' },
      ],
      invalid: [
        { code: 'console.log("key", process.env.OPENAI_API_KEY);', errors: [{ messageId: "finding", line: 1, column: 1 }] },
        {
          code: 'import express from "express";\nconst app = express();\napp.get("/", (req, res) => {\n  res.json({ key: process.env.ANTHROPIC_API_KEY });\n});',
          errors: [{ messageId: "finding", line: 4, column: 3 }],
        },
        {
          code: 'import pino from "pino";\nconst logger = pino();\nexport function log(req) {\n  const headers = req.headers;\n  logger.info({ headers }, "request");\n}',
          errors: [{ messageId: "finding", line: 5, column: 3 }],
        },
      ],
    });
  });

  describe(`LG-2 prompt-in-logs in ESLint with ${parserName}`, () => {
    const tester = new RuleTester({ languageOptions: languageOptions as never });
    const call = 'const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages });';
    tester.run(PROMPT, promptRule, {
      valid: [{ code: `import OpenAI from "openai";\nconst openai = new OpenAI();\nconst messages = [{ role: "user", content: "hi" }];\nconsole.log(messages.length);\n${call}` }],
      invalid: [
        {
          code: `import OpenAI from "openai";\nconst openai = new OpenAI();\nconst messages = [{ role: "user", content: "hi" }];\nconsole.log("prompt", messages);\n${call}`,
          errors: [{ messageId: "finding", line: 4, column: 1 }],
        },
      ],
    });
  });
}
