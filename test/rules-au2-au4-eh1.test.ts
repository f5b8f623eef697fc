/**
 * AU-2 (static-shared-key), AU-4 (open-cors) and EH-1 (error-details-leak) on small
 * projects written to a temp dir, and on copies of the route fixture apps with one file
 * changed: every shape each rule knows, reported (rule, file, line) and left alone, and the
 * checklist's pass / n/a. AU-2 also through ESLint's RuleTester.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RuleTester } from "eslint";
import tsParser from "@typescript-eslint/parser";
import { afterAll, describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../src/engine/scan.js";
import aigis from "../src/eslint/plugin.js";

const AU2 = "static-shared-key";
const AU4 = "open-cors";
const EH1 = "error-details-leak";
const MINE = [AU2, AU4, EH1];

type Row = [ruleId: string, file: string, line: number];

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));
const base = mkdtempSync(join(tmpdir(), "aigis-au2-au4-eh1-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
}

async function run(files: Record<string, string>, fixture?: string): Promise<{ rows: Row[]; result: ScanResult; status: (id: string) => string | undefined }> {
  const dir = join(base, `p${++counter}`);
  if (fixture) cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  write(dir, files);
  const result = await scan({ target: dir });
  const rows = result.findings.filter((f) => MINE.includes(f.ruleId)).map((f): Row => [f.ruleId, f.file, f.line]);
  return { rows, result, status: (id) => result.checklist.find((c) => c.id === id)?.status };
}

function message(result: ScanResult, rule: string, file: string, line: number): string {
  return result.findings.find((f) => f.ruleId === rule && f.file === file && f.line === line)?.message ?? "(no finding)";
}

/** A fixture file with `from` replaced by `to` (which must be there), for each pair. */
function patched(fixture: string, file: string, from: string | RegExp, to: string, ...more: Array<[string | RegExp, string]>): Record<string, string> {
  let text = readFileSync(join(FIXTURES, fixture, file), "utf8");
  for (const [f, t] of [[from, to] as [string | RegExp, string], ...more]) {
    const out = text.replace(f, t);
    if (out === text) throw new Error(`${fixture}/${file}: nothing to replace for ${String(f)}`);
    text = out;
  }
  return { [file]: text };
}

const lines = (...l: string[]) => `${l.join("\n")}\n`;

const EXPRESS_PKG = JSON.stringify({ name: "api", type: "module", dependencies: { express: "^4", cors: "^2", openai: "^4", zod: "^3" } });
const AI_LIB = lines(
  'import OpenAI from "openai";',
  "const openai = new OpenAI();",
  "export async function ask(q: string): Promise<string> {",
  '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: q }], max_tokens: 100 });',
  '  return r.choices[0]?.message?.content ?? "";',
  "}",
);

/** An Express app: `app.ts` builds it; `body` lines go between the app and the routes. */
function expressApp(body: string[], routes: string[] = []): Record<string, string> {
  return {
    "package.json": EXPRESS_PKG,
    "src/ai.ts": AI_LIB,
    "src/app.ts": lines('import express from "express";', 'import cors from "cors";', 'import { ask } from "./ai.js";', "", "export const app = express();", ...body, ...routes),
  };
}

// ---------------------------------------------------------------------------------------
// AU-2

describe("AU-2 static-shared-key", () => {
  it("a header, a query parameter and a body field checked against keys written in the code", async () => {
    const { rows, result } = await run({
      "package.json": EXPRESS_PKG,
      "src/ai.ts": AI_LIB,
      "src/app.ts": lines(
        'import express from "express";',
        'import { ask } from "./ai.js";',
        "",
        'const SHARED_KEY = "team-shared-key-2024";',
        'const KEYS = ["partner-a-key-1111", "partner-b-key-2222"];',
        'const FALLBACK = process.env.API_KEY || "dev-key-123456";',
        "export const app = express();",
        "",
        'app.post("/a", async (req, res) => {',
        '  if (req.headers["x-api-key"] !== "internal-demo-token") return res.status(401).end();', // 10
        '  if (req.header("X-API-Key") === SHARED_KEY) res.json({ a: await ask("a") });', // 11
        "});",
        'app.post("/b", async (req, res) => {',
        '  if (req.query.apiKey != "query-key-9876") return res.sendStatus(401);', // 14
        "  const { token } = req.body;",
        '  if (token !== "body-token-5555") return res.sendStatus(401);', // 16
        '  if (!KEYS.includes(req.get("x-api-key"))) return res.sendStatus(401);', // 17
        '  if (req.headers["x-api-key"] !== FALLBACK) return res.sendStatus(401);', // 18
        '  res.json({ b: await ask("b") });',
        "});",
        'app.post("/c", async (req, res) => {',
        "  const auth = req.headers.authorization;",
        '  if (auth !== "Bearer static-bearer-777") return res.sendStatus(401);', // 23
        '  res.json({ c: await ask("c") });',
        "});",
      ),
    });
    expect(rows).toEqual([
      [AU2, "src/app.ts", 10],
      [AU2, "src/app.ts", 11],
      [AU2, "src/app.ts", 14],
      [AU2, "src/app.ts", 16],
      [AU2, "src/app.ts", 17],
      [AU2, "src/app.ts", 18],
      [AU2, "src/app.ts", 23],
    ]);
    expect(message(result, AU2, "src/app.ts", 10)).toMatch(/^The x-api-key header is checked against a key written in the code: one static key shared by every caller/);
    expect(message(result, AU2, "src/app.ts", 11)).toMatch(/SHARED_KEY, a key written in the code/);
    expect(message(result, AU2, "src/app.ts", 14)).toMatch(/^The apiKey query parameter/);
    expect(message(result, AU2, "src/app.ts", 16)).toMatch(/^The token body field/);
    expect(message(result, AU2, "src/app.ts", 17)).toMatch(/KEYS, a list of keys written in the code/);
    expect(message(result, AU2, "src/app.ts", 18)).toMatch(/process\.env\.API_KEY, which falls back to a key written in the code/);
    expect(message(result, AU2, "src/app.ts", 23)).toMatch(/^The Authorization header is checked against/);
    expect(result.findings.filter((f) => f.ruleId === AU2).every((f) => f.severity === "warning")).toBe(true);
    // The static keys never show in a snippet.
    const shown = JSON.stringify(result.findings);
    for (const key of ["internal-demo-token", "query-key-9876", "body-token-5555", "static-bearer-777"]) expect(shown).not.toContain(key);
  });

  it("secrets from env or config compared with === are reported as not constant-time (info)", async () => {
    const { rows, result } = await run({
      "package.json": JSON.stringify({ name: "web", dependencies: { next: "^15", openai: "^4" } }),
      "lib/ai.ts": AI_LIB,
      "app/api/cron/route.ts": lines(
        'import { ask } from "@/lib/ai";',
        "",
        "export async function GET(request: Request) {",
        '  if (request.headers.get("authorization") !== `Bearer ${process.env.CRON_SECRET}`) {', // 4
        '    return new Response("unauthorized", { status: 401 });',
        "  }",
        '  return Response.json({ text: await ask("digest") });',
        "}",
      ),
      "lib/auth.ts": lines(
        "const ADMIN_TOKEN = process.env.ADMIN_TOKEN;",
        "export function isAdmin(req: { headers: Record<string, string | undefined> }) {",
        '  const token = req.headers.authorization?.replace(/^Bearer /, "");',
        "  return token === ADMIN_TOKEN;", // 4
        "}",
        "export function fromUrl(url: URL, config: { get(name: string): string }) {",
        '  return url.searchParams.get("token") === config.get("API_TOKEN");', // 7
        "}",
        "export function validKey(apiKey: string | null) {",
        "  return apiKey == process.env.SERVICE_KEY;", // 10
        "}",
      ),
      "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }',
    });
    expect(rows).toEqual([
      [AU2, "app/api/cron/route.ts", 4],
      [AU2, "lib/auth.ts", 4],
      [AU2, "lib/auth.ts", 7],
      [AU2, "lib/auth.ts", 10],
    ]);
    expect(result.findings.filter((f) => f.ruleId === AU2).map((f) => f.severity)).toEqual(["info", "info", "info", "info"]);
    expect(message(result, AU2, "app/api/cron/route.ts", 4)).toMatch(/^The Authorization header is compared with `Bearer \$\{process\.env\.CRON_SECRET\}` using !==, which is not constant-time.*crypto\.timingSafeEqual/);
    expect(message(result, AU2, "lib/auth.ts", 4)).toMatch(/compared with ADMIN_TOKEN \(process\.env\.ADMIN_TOKEN\) using ===/);
    expect(message(result, AU2, "lib/auth.ts", 7)).toMatch(/^The token query parameter is compared with config\.get\("API_TOKEN"\)/);
    expect(message(result, AU2, "lib/auth.ts", 10)).toMatch(/^The apiKey parameter is compared with process\.env\.SERVICE_KEY using ==/);
  });

  it("a token compared with its stored copy after its signature was checked (in jwt.verify's callback, or after await jwtVerify) is a revocation check, not a timing leak; without the check it is reported", async () => {
    const { rows } = await run({
      "package.json": JSON.stringify({ name: "api", dependencies: { express: "^4", jsonwebtoken: "^9", jose: "^5" } }),
      "src/guards.js": lines(
        'const jwt = require("jsonwebtoken");',
        'const { jwtVerify } = require("jose");',
        "exports.inCallback = (req, res, next) => {",
        '  const token = req.headers["authorization"]?.split(" ")[1];',
        "  jwt.verify(token, process.env.JWT_SECRET, async (err, claims) => {",
        "    if (err) return res.sendStatus(401);",
        "    const session = await findSession(claims.sub);",
        "    if (session && session.token == token) return next();", // 8: quiet
        "    res.sendStatus(401);",
        "  });",
        "};",
        "exports.afterAwait = async (req, res, next) => {",
        '  const token = req.headers["authorization"]?.split(" ")[1];',
        "  const { payload } = await jwtVerify(token, KEY);",
        "  const session = await findSession(payload.sub);",
        "  if (session.token === token) return next();", // 16: quiet
        "  res.sendStatus(401);",
        "};",
        "exports.unchecked = async (req, res, next) => {",
        '  const token = req.headers["authorization"]?.split(" ")[1];',
        "  const session = await findSessionByToken(token);",
        "  if (session.token === token) return next();", // 22: reported
        "  res.sendStatus(401);",
        "};",
      ),
    });
    expect(rows).toEqual([[AU2, "src/guards.js", 22]]);
  });

  it("a helper in the same file, called with the header, compares it with a literal", async () => {
    const { rows } = await run({
      "package.json": EXPRESS_PKG,
      "src/mw.js": lines(
        "function checkKey(presented) {",
        '  return presented === "helper-static-key-42";', // 2
        "}",
        "export function requireKey(req, res, next) {",
        '  if (!checkKey(req.headers["x-api-key"])) return res.status(401).end();',
        "  next();",
        "}",
      ),
    });
    expect(rows).toEqual([[AU2, "src/mw.js", 2]]);
  });

  it("stays quiet on constant-time checks, presence and type checks, schemes, other headers and route parameters", async () => {
    const { rows, status } = await run({
      "package.json": EXPRESS_PKG,
      "src/ai.ts": AI_LIB,
      "src/app.ts": lines(
        'import express from "express";',
        'import { timingSafeEqual } from "node:crypto";',
        'import { ask } from "./ai.js";',
        "export const app = express();",
        'app.post("/chat", async (req, res) => {',
        '  const presented = req.headers["x-api-key"];',
        '  if (typeof presented !== "string" || presented === "" || presented === undefined || presented == null) return res.sendStatus(401);',
        '  const a = Buffer.from(presented);',
        '  const b = Buffer.from(process.env.INTERNAL_API_KEY ?? "");',
        "  if (a.length !== b.length || !timingSafeEqual(a, b)) return res.sendStatus(401);",
        '  const [scheme, token] = (req.headers.authorization ?? "").split(" ");',
        '  if (scheme !== "Bearer" || !token || token.length < 10) return res.sendStatus(401);',
        '  if (req.headers["content-type"] !== "application/json") return res.sendStatus(415);',
        '  if (req.params.key === "default" || req.query.mode === "fast-and-cheap") return res.sendStatus(400);',
        '  if (req.headers.authorization?.startsWith("Bearer ")) console.log("bearer");',
        '  res.json({ reply: await ask(String(req.body.q)) });',
        "});",
        'export function onKey(event) { if (event.key === "Enter-key-pressed") return true; }',
      ),
    });
    expect(rows).toEqual([]);
    // The timingSafeEqual check was looked at: AU-2 passes rather than being n/a.
    expect(status("AU-2")).toBe("pass");
  });

  it("leaves test files alone: their tokens are made up for the test, no caller is authenticated", async () => {
    const check = 'if (req.headers["x-api-key"] !== "internal-demo-token") return res.status(401).end();';
    const handler = (where: string) => lines('import express from "express";', 'import { ask } from "./ai.js";', "export const app = express();", 'app.post("/a", async (req, res) => {', `  ${check}`, '  res.json({ a: await ask("a") });', "});", `// ${where}`);
    const { rows } = await run({
      "package.json": EXPRESS_PKG,
      "src/ai.ts": AI_LIB,
      "src/app.ts": handler("the app"),
      "src/app.test.ts": handler("a test"),
      "src/__tests__/auth.ts": handler("a test helper"),
    });
    expect(rows.filter((r) => r[0] === "static-shared-key")).toEqual([["static-shared-key", "src/app.ts", 5]]);
  });

  it("is n/a when no code compares a credential", async () => {
    const { rows, status } = await run({ "package.json": EXPRESS_PKG, "src/ai.ts": AI_LIB });
    expect(rows).toEqual([]);
    expect(status("AU-2")).toBe("n/a");
  });
});

// ---------------------------------------------------------------------------------------
// AU-4

describe("AU-4 open-cors", () => {
  const chatRoute = ['app.post("/api/chat", async (req, res) => {', "  res.json({ reply: await ask(String(req.body.q)) });", "});"];

  it("cors() with no options on an Express app with an AI route, naming the route", async () => {
    const { rows, result, status } = await run(expressApp(["app.use(cors());"], chatRoute));
    expect(rows).toEqual([[AU4, "src/app.ts", 6]]);
    expect(message(result, AU4, "src/app.ts", 6)).toBe(
      "cors() with no options answers Access-Control-Allow-Origin: * to every site, and it applies to the AI route POST /api/chat: any website can call it from its visitors' browsers and read the answers.",
    );
    expect(status("AU-4")).toBe("fail");
  });

  it.each([
    ['cors({ origin: "*" })', /cors\(\) with origin: "\*"/],
    ["cors({ origin: true, credentials: true })", /origin: true, which echoes any request's Origin back/],
    ['cors({ origin: process.env.WEB_ORIGIN || "*" })', /an origin that falls back to "\*"/],
    ['cors({ origin: ["https://app.example.com", "*"] })', /an origin list that includes "\*"/],
    ["cors({ origin: (origin, callback) => callback(null, true) })", /an origin callback that allows every origin/],
    ["cors({ credentials: true })", /cors\(\) without an origin option answers Access-Control-Allow-Origin: \*/],
    ["cors(corsOptions)", /cors\(\) with origin: true/],
  ])("open: app.use(%s)", async (call, pattern) => {
    const { rows, result } = await run(expressApp(["const corsOptions = { origin: true };", `app.use(${call});`], chatRoute));
    expect(rows).toEqual([[AU4, "src/app.ts", 7]]);
    expect(message(result, AU4, "src/app.ts", 7)).toMatch(pattern);
  });

  it.each([
    'cors({ origin: ["https://app.example.com"] })',
    "cors({ origin: process.env.WEB_ORIGIN })",
    'cors({ origin: (origin, callback) => callback(null, ALLOWED.includes(origin ?? "")) })',
    "cors({ origin: false })",
  ])("closed: app.use(%s)", async (call) => {
    const { rows, status } = await run(expressApp(['const ALLOWED = ["https://app.example.com"];', `app.use(${call});`], chatRoute));
    expect(rows).toEqual([]);
    expect(status("AU-4")).toBe("pass");
  });

  it("CORS registered after the AI route, or in a project without AI routes, is not reported", async () => {
    const after = await run(expressApp([], [...chatRoute, "app.use(cors());"]));
    expect(after.rows).toEqual([]);
    const noAi = await run({ "package.json": EXPRESS_PKG, "src/app.ts": lines('import express from "express";', 'import cors from "cors";', "const app = express();", "app.use(cors());", 'app.get("/health", (_req, res) => res.json({ ok: true }));') });
    expect(noAi.rows).toEqual([]);
    expect(noAi.status("AU-4")).toBe("n/a");
  });

  it("Access-Control-Allow-Origin set in an AI handler or a middleware before it, not in a route that reaches no model", async () => {
    const { rows, result } = await run(
      expressApp(
        [
          'const ALLOWED = ["https://app.example.com"];',
          "app.use((req, res, next) => {",
          '  res.setHeader("Access-Control-Allow-Origin", req.headers.origin ?? "");', // 8
          "  next();",
          "});",
        ],
        [
          'app.get("/health", (_req, res) => {',
          '  res.setHeader("Access-Control-Allow-Origin", "*");', // 12: no model here
          "  res.json({ ok: true });",
          "});",
          'app.post("/api/chat", async (req, res) => {',
          '  res.set("Access-Control-Allow-Origin", "*");', // 16
          '  const origin = req.get("origin");',
          '  if (origin && ALLOWED.includes(origin)) res.header("Access-Control-Allow-Origin", origin);', // 18: checked
          "  res.json({ reply: await ask(String(req.body.q)) });",
          "});",
        ],
      ),
    );
    expect(rows).toEqual([
      [AU4, "src/app.ts", 8],
      [AU4, "src/app.ts", 16],
    ]);
    expect(message(result, AU4, "src/app.ts", 8)).toMatch(/echoes the request's Origin back unchecked/);
    expect(message(result, AU4, "src/app.ts", 16)).toMatch(/^Access-Control-Allow-Origin: \* lets every site read the responses, and it applies to the AI route POST \/api\/chat/);
  });

  it("Hono cors() with no origin, and with a fixed origin", async () => {
    const pkg = JSON.stringify({ name: "edge", type: "module", dependencies: { hono: "^4", openai: "^4" } });
    const app = (cors: string) =>
      lines(
        'import { Hono } from "hono";',
        'import { cors } from "hono/cors";',
        'import { ask } from "./ai.js";',
        "const app = new Hono();",
        `app.use("/api/*", ${cors});`, // 5
        'app.post("/api/chat", async (c) => c.json({ reply: await ask((await c.req.json()).q) }));',
        "export default app;",
      );
    const open = await run({ "package.json": pkg, "src/ai.ts": AI_LIB, "src/index.ts": app("cors()") });
    expect(open.rows).toEqual([[AU4, "src/index.ts", 5]]);
    expect(message(open.result, AU4, "src/index.ts", 5)).toMatch(/^cors\(\) from hono\/cors with no options answers Access-Control-Allow-Origin: \*/);
    const closed = await run({ "package.json": pkg, "src/ai.ts": AI_LIB, "src/index.ts": app('cors({ origin: "https://app.example.com" })') });
    expect(closed.rows).toEqual([]);
  });

  it("@fastify/cors registered with no options or origin: true, not with a list", async () => {
    const pkg = JSON.stringify({ name: "api", type: "module", dependencies: { fastify: "^5", "@fastify/cors": "^10", openai: "^4" } });
    const app = (register: string) =>
      lines(
        'import Fastify from "fastify";',
        'import cors from "@fastify/cors";',
        'import { ask } from "./ai.js";',
        "const app = Fastify();",
        `await app.register(${register});`, // 5
        'app.post("/api/chat", async (request) => ({ reply: await ask(String(request.body)) }));',
      );
    expect((await run({ "package.json": pkg, "src/ai.ts": AI_LIB, "src/server.ts": app("cors") })).rows).toEqual([[AU4, "src/server.ts", 5]]);
    const reflect = await run({ "package.json": pkg, "src/ai.ts": AI_LIB, "src/server.ts": app("cors, { origin: true }") });
    expect(reflect.rows).toEqual([[AU4, "src/server.ts", 5]]);
    expect(message(reflect.result, AU4, "src/server.ts", 5)).toMatch(/^@fastify\/cors registered with origin: true/);
    expect((await run({ "package.json": pkg, "src/ai.ts": AI_LIB, "src/server.ts": app('cors, { origin: ["https://app.example.com"] }') })).rows).toEqual([]);
  });

  it("NestJS: enableCors() and NestFactory.create(…, { cors: true }), not enableCors({ origin })", async () => {
    const main = "src/main.ts";
    const enable = await run({}, "routes-nestjs-open");
    expect(enable.rows).toEqual([[AU4, main, 9]]);
    expect(message(enable.result, AU4, main, 9)).toMatch(/^app\.enableCors\(\) with no options allows every site.*POST \/api\/chat and POST \/api\/suggest/);
    const none = await run(patched("routes-nestjs-open", main, "app.enableCors(); // AU-4: enableCors() with no options allows any origin", ""), "routes-nestjs-open");
    expect(none.rows).toEqual([]);
    const created = await run(patched("routes-nestjs-open", main, /NestFactory\.create\(AppModule\);[^\n]*\n([\s\S]*?)app\.enableCors\(\);[^\n]*/, "NestFactory.create(AppModule, { cors: true });\n$1"), "routes-nestjs-open");
    expect(created.rows).toEqual([[AU4, main, 7]]);
    const listed = await run(patched("routes-nestjs-open", main, "app.enableCors();", 'app.enableCors({ origin: ["https://app.example.com"] });'), "routes-nestjs-open");
    expect(listed.rows).toEqual([]);
  });

  it("Next.js next.config headers(): reported for the AI routes its source covers only", async () => {
    const open = await run({}, "routes-nextjs-open");
    expect(open.rows.filter((r) => r[0] === AU4)).toEqual([[AU4, "next.config.mjs", 9]]);
    expect(message(open.result, AU4, "next.config.mjs", 9)).toMatch(/^Access-Control-Allow-Origin: \* is sent on "\/api\/:path\*" by next\.config.*POST \/api\/chat, POST \/api\/complete and ALL \/api\/summarize/);
    const elsewhere = await run(patched("routes-nextjs-open", "next.config.mjs", '"/api/:path*"', '"/static/:path*"'), "routes-nextjs-open");
    expect(elsewhere.rows.filter((r) => r[0] === AU4)).toEqual([]);
  });

  it("Nuxt routeRules cors: true on /api/**, not on a pattern that covers no AI route", async () => {
    const open = await run({}, "routes-nuxt-open");
    expect(open.rows).toEqual([[AU4, "nuxt.config.ts", 10]]);
    const elsewhere = await run(patched("routes-nuxt-open", "nuxt.config.ts", '"/api/**"', '"/assets/**"'), "routes-nuxt-open");
    expect(elsewhere.rows).toEqual([]);
  });

  it("SvelteKit handle hook setting Access-Control-Allow-Origin: *, not a fixed origin", async () => {
    const open = await run({}, "routes-sveltekit-open");
    expect(open.rows.filter((r) => r[0] === AU4)).toEqual([[AU4, "src/hooks.server.ts", 7]]);
    expect(message(open.result, AU4, "src/hooks.server.ts", 7)).toMatch(/POST \/api\/chat and SvelteKit action \/ask/);
    const fixed = await run(patched("routes-sveltekit-open", "src/hooks.server.ts", '"Access-Control-Allow-Origin", "*"', '"Access-Control-Allow-Origin", "https://trips.example.com"'), "routes-sveltekit-open");
    expect(fixed.rows.filter((r) => r[0] === AU4)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// EH-1

describe("EH-1 error-details-leak", () => {
  it("a Next route that streams its progress (`new ReadableStream({ start(controller) })`) and enqueues the caught error's message; a generic message is fine", async () => {
    const route = (sent: string) =>
      lines(
        'import { ask } from "../../../src/ai";',
        "const encoder = new TextEncoder();",
        "const line = (event: object) => encoder.encode(JSON.stringify(event) + \"\\n\");",
        "export async function POST(req: Request) {",
        "  const stream = new ReadableStream<Uint8Array>({",
        "    async start(controller) {",
        "      const emit = (event: object) => controller.enqueue(line(event));", // 7
        "      try {",
        "        const { q } = await req.json();",
        "        emit({ status: \"done\", answer: await ask(q) });",
        "      } catch (error) {",
        `        emit({ status: "error", error: ${sent} });`,
        "      } finally {",
        "        controller.close();",
        "      }",
        "    },",
        "  });",
        "  return new Response(stream);",
        "}",
      );
    const pkg = JSON.stringify({ name: "studio", dependencies: { next: "^15", openai: "^4" } });
    const leaky = await run({ "package.json": pkg, "src/ai.ts": AI_LIB, "app/api/draw/route.ts": route('error instanceof Error ? error.message : "failed"') });
    expect(leaky.rows).toEqual([[EH1, "app/api/draw/route.ts", 7]]);
    expect(message(leaky.result, EH1, "app/api/draw/route.ts", 7)).toContain("controller.enqueue (ReadableStream body)");
    const quiet = await run({ "package.json": pkg, "src/ai.ts": AI_LIB, "app/api/draw/route.ts": route('"Generation failed, try again."') });
    expect(quiet.rows).toEqual([]);
  });

  it("Express catch blocks that send the error, its message, stack or provider body", async () => {
    const { rows, result } = await run(
      expressApp(
        [],
        [
          'app.post("/a", async (req, res) => {',
          "  try {",
          "    res.json({ reply: await ask(req.body.q) });",
          "  } catch (err: any) {",
          "    res.status(500).json({ error: err.message });", // 10
          "  }",
          "});",
          'app.post("/b", async (req, res) => {',
          "  try {",
          "    res.json({ reply: await ask(req.body.q) });",
          "  } catch (error) {",
          "    res.status(502).send(error);", // 17
          "  }",
          "});",
          'app.post("/c", async (req, res) => {',
          "  try {",
          "    res.json({ reply: await ask(req.body.q) });",
          "  } catch (e) {",
          '    const detail = e instanceof Error ? e.message : "unknown";',
          "    res.status(500).json({ error: `chat failed: ${detail}` });", // 25
          "  }",
          "});",
          'app.post("/d", async (req, res) => {',
          "  try {",
          "    res.json({ reply: await ask(req.body.q) });",
          "  } catch (e: any) {",
          "    res.status(e.status ?? 500).json({ error: e.response?.data ?? JSON.stringify(e) });", // 32
          "  }",
          "});",
          'app.post("/e", (req, res) => {',
          "  ask(req.body.q).then((reply) => res.json({ reply })).catch((err) => res.status(500).send(String(err)));", // 36
          "});",
        ],
      ),
    );
    expect(rows).toEqual([
      [EH1, "src/app.ts", 10],
      [EH1, "src/app.ts", 17],
      [EH1, "src/app.ts", 25],
      [EH1, "src/app.ts", 32],
      [EH1, "src/app.ts", 36],
    ]);
    expect(message(result, EH1, "src/app.ts", 10)).toBe(
      "POST /a sends err.message to the client when it fails (res.status(500).json): internal and provider error details such as messages, request ids and stack traces reach the caller.",
    );
    expect(message(result, EH1, "src/app.ts", 17)).toMatch(/^POST \/b sends the error object \(error\) to the client/);
    expect(message(result, EH1, "src/app.ts", 25)).toMatch(/^POST \/c sends e\.message/);
    expect(message(result, EH1, "src/app.ts", 32)).toMatch(/^POST \/d sends e\.response/);
    expect(message(result, EH1, "src/app.ts", 36)).toMatch(/^POST \/e sends String\(err\)/);
  });

  it("a helper the error is passed to, and a helper of the handler with its own catch, in other files", async () => {
    const { rows, result } = await run({
      "package.json": EXPRESS_PKG,
      "src/ai.ts": AI_LIB,
      "src/errors.ts": lines(
        'import type { Response } from "express";',
        "export function sendError(res: Response, error: unknown) {",
        "  const e = error as Error;",
        "  res.status(500).json({ message: e.message, stack: e.stack });", // 4
        "}",
      ),
      "src/service.ts": lines(
        'import type { Response } from "express";',
        'import { ask } from "./ai.js";',
        "export async function answer(res: Response, q: string) {",
        "  try {",
        "    return await ask(q);",
        "  } catch (err) {",
        "    res.status(502).json({ error: (err as Error).stack });", // 7
        "    return undefined;",
        "  }",
        "}",
      ),
      "src/app.ts": lines(
        'import express from "express";',
        'import { ask } from "./ai.js";',
        'import { sendError } from "./errors.js";',
        'import { answer } from "./service.js";',
        "export const app = express();",
        'app.post("/api/chat", async (req, res) => {',
        "  try {",
        "    res.json({ reply: await ask(req.body.q) });",
        "  } catch (err) {",
        "    sendError(res, err);",
        "  }",
        "});",
        'app.post("/api/answer", async (req, res) => {',
        "  const reply = await answer(res, req.body.q);",
        "  if (reply) res.json({ reply });",
        "});",
      ),
    });
    expect(rows).toEqual([
      [EH1, "src/errors.ts", 4],
      [EH1, "src/service.ts", 7],
    ]);
    expect(message(result, EH1, "src/errors.ts", 4)).toMatch(/^POST \/api\/chat sends e\.message/);
    expect(message(result, EH1, "src/service.ts", 7)).toMatch(/^POST \/api\/answer sends err\.stack/);
    // Where the route's code hands the error over is a step of the helper's finding; a catch of its own has no path.
    const find = (file: string) => result.findings.find((f) => f.ruleId === EH1 && f.file === file)!;
    expect(find("src/errors.ts").path).toEqual([
      { file: "src/app.ts", line: 10, note: "the error object (err) handed to sendError()" },
      { file: "src/errors.ts", line: 4, note: "sent to the client by res.status(500).json" },
    ]);
    expect(find("src/service.ts").path).toBeUndefined();
  });

  it("follows an error into a helper only on the branches that send internal errors, not those of user-facing error classes", async () => {
    const sendError = lines(
      'import type { Response } from "express";',
      "export class AuthenticationError extends Error {}",
      "export function sendError(res: Response, error: unknown, status: number) {",
      "  res.status(status).json({ error: (error as Error).message });", // 4
      "}",
    );
    const route = (otherwise: string) => [
      'app.post("/api/chat", async (req, res) => {',
      "  try {",
      "    res.json({ reply: await ask(req.body.q) });",
      "  } catch (err) {",
      "    if (err instanceof AuthenticationError) sendError(res, err, 401);", // 11
      `    else ${otherwise}`, // 12
      "  }",
      "});",
    ];
    const leaky = await run({ ...expressApp(['import { AuthenticationError, sendError } from "./errors.js";'], route("sendError(res, err, 502);")), "src/errors.ts": sendError });
    expect(leaky.rows).toEqual([[EH1, "src/errors.ts", 4]]);
    // The step shown is the branch that sends the provider's error, not the sign-in failure's.
    expect(leaky.result.findings.find((f) => f.ruleId === EH1)!.path?.map((p) => `${p.file}:${p.line}`)).toEqual(["src/app.ts:12", "src/errors.ts:4"]);
    const quiet = await run({ ...expressApp(['import { AuthenticationError, sendError } from "./errors.js";'], route('res.status(502).json({ error: "The assistant is unavailable." });')), "src/errors.ts": sendError });
    expect(quiet.rows).toEqual([]);
  });

  it("stays quiet on next(err), logged errors with a generic answer, development-only details, validation errors and non-AI routes", async () => {
    const { rows, status } = await run({
      ...expressApp(
        ['import { ZodError } from "zod";'],
        [
          'app.post("/a", async (req, res, next) => {',
          "  try {",
          "    res.json({ reply: await ask(req.body.q) });",
          "  } catch (err) {",
          "    next(err);",
          "  }",
          "});",
          'app.post("/b", async (req, res) => {',
          "  try {",
          "    res.json({ reply: await ask(req.body.q) });",
          "  } catch (err: any) {",
          '    console.error("chat failed", err.message, err.stack);',
          "    if (err instanceof ZodError) return res.status(400).json({ error: err.message, issues: err.issues });",
          '    if (process.env.NODE_ENV === "development") return res.status(500).json({ stack: err.stack });',
          '    res.status(err.status ?? 500).json({ error: "The assistant is unavailable.", code: err.code, debug: process.env.NODE_ENV !== "production" ? err.message : undefined });',
          "  }",
          "});",
          'app.get("/users", async (_req, res) => {',
          "  try {",
          "    res.json({ users: [] });",
          "  } catch (err: any) {",
          "    res.status(500).json({ error: err.message });",
          "  }",
          "});",
        ],
      ),
    });
    expect(rows).toEqual([]);
    expect(status("EH-1")).toBe("pass");
  });

  it("is n/a without AI routes", async () => {
    const { status } = await run({ "package.json": EXPRESS_PKG, "src/app.ts": lines('import express from "express";', "const app = express();", 'app.get("/x", (_req, res) => { try { res.json({}); } catch (e) { res.json({ e }); } });') });
    expect(status("EH-1")).toBe("n/a");
  });

  it("Express error middleware, Hono onError and Fastify setErrorHandler apply to the app's AI routes", async () => {
    const express = await run(
      expressApp(
        [],
        [
          ...['app.post("/api/chat", async (req, res) => {', "  res.json({ reply: await ask(String(req.body.q)) });", "});"],
          "app.use((err, _req, res, _next) => {",
          "  res.status(500).json({ error: err.message });", // 10
          "});",
        ],
      ),
    );
    expect(express.rows).toEqual([[EH1, "src/app.ts", 10]]);
    expect(message(express.result, EH1, "src/app.ts", 10)).toMatch(/^Express error middleware sends err\.message to the client \(res\.status\(500\)\.json\) for every error of POST \/api\/chat/);

    const fastifyPkg = JSON.stringify({ name: "api", type: "module", dependencies: { fastify: "^5", openai: "^4" } });
    const fastify = await run({
      "package.json": fastifyPkg,
      "src/ai.ts": AI_LIB,
      "src/server.ts": lines(
        'import Fastify from "fastify";',
        'import { ask } from "./ai.js";',
        "const app = Fastify();",
        "app.setErrorHandler((error, _request, reply) => {",
        "  reply.status(500).send({ message: error.message });", // 5
        "});",
        'app.post("/api/chat", async (request, reply) => {',
        "  try {",
        "    return { reply: await ask(String(request.body)) };",
        "  } catch (err) {",
        "    return { error: (err as Error).message };", // 11: Fastify sends what the handler returns
        "  }",
        "});",
      ),
    });
    expect(fastify.rows).toEqual([
      [EH1, "src/server.ts", 5],
      [EH1, "src/server.ts", 11],
    ]);

    // The handler set in a plugin (`fastify-plugin`), on its `fastify: FastifyInstance` parameter.
    const plugin = (send: string) =>
      run({
        "package.json": JSON.stringify({ name: "api", type: "module", dependencies: { fastify: "^5", "fastify-plugin": "^5", openai: "^4" } }),
        "src/ai.ts": AI_LIB,
        "src/plugins/errors.ts": lines(
          'import fp from "fastify-plugin";',
          'import type { FastifyInstance } from "fastify";',
          "export default fp(async (fastify: FastifyInstance) => {",
          "  fastify.setErrorHandler((error, _request, reply) => {",
          `    reply.status(500).send(${send});`, // 5
          "  });",
          "});",
        ),
        "src/server.ts": lines('import Fastify from "fastify";', 'import errors from "./plugins/errors.js";', 'import { ask } from "./ai.js";', "const app = Fastify();", "app.register(errors);", 'app.post("/api/chat", async (request) => ({ reply: await ask(String(request.body)) }));'),
      });
    expect((await plugin("{ message: error.message }")).rows).toEqual([[EH1, "src/plugins/errors.ts", 5]]);
    expect((await plugin('{ message: "Something went wrong" }')).rows).toEqual([]);

    const hono = await run({}, "routes-hono-open");
    expect(hono.rows.filter((r) => r[0] === EH1)).toEqual([[EH1, "src/index.ts", 24]]);
    expect(message(hono.result, EH1, "src/index.ts", 24)).toMatch(/^app\.onError sends err\.message to the client \(c\.json\) for every error of POST \/api\/chat and POST \/api\/translate/);
  });

  it("a Koa error middleware on the path, and a NestJS exception filter", async () => {
    // The fixture's own error middleware wraps `await next()` and answers with err.message.
    const koa = await run({}, "routes-koa-open");
    expect(koa.rows.filter((r) => r[0] === EH1 && r[1] === "src/server.ts")).toEqual([[EH1, "src/server.ts", 19]]);
    expect(message(koa.result, EH1, "src/server.ts", 19)).toMatch(/^POST \/account\/bio, POST \/ai\/rewrite and POST \/ai\/tags send err\.message to the client when they fail \(ctx\.body =\)/);

    const nest = await run(
      {
        "src/all-exceptions.filter.ts": lines(
          'import { ArgumentsHost, Catch, ExceptionFilter } from "@nestjs/common";',
          "@Catch()",
          "export class AllExceptionsFilter implements ExceptionFilter {",
          "  catch(exception: any, host: ArgumentsHost) {",
          "    const res = host.switchToHttp().getResponse();",
          "    res.status(500).json({ statusCode: 500, message: exception.message });", // 6
          "  }",
          "}",
        ),
      },
      "routes-nestjs-open",
    );
    expect(nest.rows.filter((r) => r[0] === EH1)).toEqual([[EH1, "src/all-exceptions.filter.ts", 6]]);
    expect(message(nest.result, EH1, "src/all-exceptions.filter.ts", 6)).toMatch(/^AllExceptionsFilter exception filter sends exception\.message to the client \(res\.status\(500\)\.json\) for every error of POST \/api\/chat and POST \/api\/suggest/);

    // A filter for an ORM's errors never sees a model call's; one for Nest's own HttpException may (a service rethrows the failure as one).
    const filterFor = (caught: string, from: string) =>
      lines(
        'import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from "@nestjs/common";',
        `import { ${caught.split(".")[0]} } from "${from}";`,
        `@Catch(${caught})`,
        "export class NarrowFilter implements ExceptionFilter {",
        "  catch(exception: any, host: ArgumentsHost) {",
        "    const res = host.switchToHttp().getResponse();",
        "    res.status(409).json({ message: exception.message });", // 7
        "  }",
        "}",
      );
    const orm = await run({ "src/narrow.filter.ts": filterFor("Prisma.PrismaClientKnownRequestError", "@prisma/client") }, "routes-nestjs-open");
    expect(orm.rows.filter((r) => r[0] === EH1)).toEqual([]);
    const http = await run({ "src/narrow.filter.ts": filterFor("HttpException", "@nestjs/common").replace(", HttpException }", " }") }, "routes-nestjs-open");
    expect(http.rows.filter((r) => r[0] === EH1)).toEqual([[EH1, "src/narrow.filter.ts", 7]]);
  });

  it("Koa ctx.body and ctx.throw (whose message Koa sends below status 500 only)", async () => {
    const thrown = (call: string) => run(patched("routes-koa-open", "src/routes/ai.ts", "ctx.body = { error: (err as Error).message }; // EH-1: the provider's error message goes to the client", `${call}; // EH-1 only where Koa exposes the message`), "routes-koa-open");
    const inRoute = (rows: Row[]) => rows.filter((r) => r[0] === EH1 && r[1] === "src/routes/ai.ts");
    const koa = await thrown("ctx.throw(422, `rewrite failed: ${err}`)");
    expect(inRoute(koa.rows)).toEqual([[EH1, "src/routes/ai.ts", 12]]);
    expect(message(koa.result, EH1, "src/routes/ai.ts", 12)).toMatch(/sends String\(err\) to the client when it fails \(ctx\.throw\)/);
    // At 500 and up, or with the error itself, Koa answers with the status text alone.
    expect(inRoute((await thrown("ctx.throw(502, `rewrite failed: ${err}`)")).rows)).toEqual([]);
    expect(inRoute((await thrown("ctx.throw(err as Error)")).rows)).toEqual([]);
  });

  it("Next.js Response / NextResponse, SvelteKit error(), Remix json(), Nuxt createError", async () => {
    const next = await run(patched("routes-nextjs-open", "app/api/complete/route.ts", "return NextResponse.json({ error: (err as Error).message }, { status: 500 });", "return new Response(JSON.stringify({ error: String(err) }), { status: 500 });"), "routes-nextjs-open");
    expect(next.rows.filter((r) => r[0] === EH1)).toEqual([[EH1, "app/api/complete/route.ts", 10]]);
    expect(message(next.result, EH1, "app/api/complete/route.ts", 10)).toMatch(/^POST \/api\/complete sends String\(err\) to the client when it fails \(new Response\)/);
    const nextGeneric = await run(patched("routes-nextjs-open", "app/api/complete/route.ts", "{ error: (err as Error).message }", '{ error: "completion failed" }'), "routes-nextjs-open");
    expect(nextGeneric.rows.filter((r) => r[0] === EH1)).toEqual([]);

    const svelte = await run({}, "routes-sveltekit-open");
    expect(svelte.rows.filter((r) => r[0] === EH1)).toEqual([[EH1, "src/routes/api/chat/+server.ts", 10]]);
    expect(message(svelte.result, EH1, "src/routes/api/chat/+server.ts", 10)).toMatch(/sends err\.message to the client when it fails \(error\(\)\)/);

    const remix = await run(
      patched("routes-remix-open", "app/routes/api.chat.ts", "  return json({ reply: await chatAboutNotes(messages.slice(-20)) });", "  try {\n    return json({ reply: await chatAboutNotes(messages.slice(-20)) });\n  } catch (e: any) {\n    return json({ error: e.error ?? e.message }, { status: 502 });\n  }"),
      "routes-remix-open",
    );
    expect(remix.rows.filter((r) => r[0] === EH1)).toEqual([[EH1, "app/routes/api.chat.ts", 10]]);
    expect(message(remix.result, EH1, "app/routes/api.chat.ts", 10)).toMatch(/sends e\.error to the client when it fails \(json\(\)\)/);

    const nuxt = await run(
      patched("routes-nuxt-open", "server/api/chat.post.ts", "  return { answer: await askShopAssistant(String(question).slice(0, 1000), catalogueText()) };", "  try {\n    return { answer: await askShopAssistant(String(question).slice(0, 1000), catalogueText()) };\n  } catch (err: any) {\n    throw createError({ statusCode: 502, statusMessage: err.message, cause: err });\n  }"),
      "routes-nuxt-open",
    );
    expect(nuxt.rows.filter((r) => r[0] === EH1)).toEqual([[EH1, "server/api/chat.post.ts", 9]]);
    // `cause` stays on the server: createError({ cause: err }) alone is fine.
    const nuxtCause = await run(
      patched("routes-nuxt-open", "server/api/chat.post.ts", "  return { answer: await askShopAssistant(String(question).slice(0, 1000), catalogueText()) };", "  try {\n    return { answer: await askShopAssistant(String(question).slice(0, 1000), catalogueText()) };\n  } catch (err: any) {\n    throw createError({ statusCode: 502, statusMessage: \"assistant unavailable\", cause: err });\n  }"),
      "routes-nuxt-open",
    );
    expect(nuxtCause.rows.filter((r) => r[0] === EH1)).toEqual([]);
  });

  it("a wrapper around Nuxt handlers whose catch returns the error's message, which h3 sends", async () => {
    const pkg = JSON.stringify({ name: "gen", dependencies: { nuxt: "^3", openai: "^4" } });
    const wrapper = (fallback: string) =>
      [
        'import type { H3Event } from "h3";',
        "function describe(error: unknown) {",
        "  return error instanceof Error ? error.message : String(error);",
        "}",
        "export function withUser(handler: (event: H3Event) => Promise<unknown>) {",
        "  return async (event: H3Event) => {",
        "    try {",
        "      return await handler(event);",
        "    } catch (error) {",
        `      return ${fallback};`, // 10
        "    }",
        "  };",
        "}",
      ].join("\n");
    const route = [
      'import OpenAI from "openai";',
      'import { withUser } from "../utils/with-user";',
      "const openai = new OpenAI();",
      "export default defineEventHandler(withUser(async (event) => {",
      "  const { text } = await readBody(event);",
      '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 50, messages: [{ role: "user", content: String(text).slice(0, 500) }] });',
      "  return { answer: r.choices[0].message.content };",
      "}));",
    ].join("\n");
    const leaky = await run({ "package.json": pkg, "server/utils/with-user.ts": wrapper("{ ok: false, error: describe(error) }"), "server/api/gen.post.ts": route });
    expect(leaky.rows.filter((r) => r[0] === EH1)).toEqual([[EH1, "server/utils/with-user.ts", 10]]);
    const generic = await run({ "package.json": pkg, "server/utils/with-user.ts": wrapper('{ ok: false, error: "generation failed" }'), "server/api/gen.post.ts": route });
    expect(generic.rows.filter((r) => r[0] === EH1)).toEqual([]);
  });

  it("NestJS HttpException with the error's message, tRPC TRPCError message (not cause)", async () => {
    const nest = await run(
      patched(
        "routes-nestjs-open",
        "src/chat/chat.controller.ts",
        "    return { reply: await this.chatService.reply(body.messages) };",
        "    try {\n      return { reply: await this.chatService.reply(body.messages) };\n    } catch (err) {\n      throw new HttpException((err as Error).message, HttpStatus.BAD_GATEWAY);\n    }",
        ['import { Body, Controller, Post } from "@nestjs/common";', 'import { Body, Controller, HttpException, HttpStatus, Post } from "@nestjs/common";'],
      ),
      "routes-nestjs-open",
    );
    expect(nest.rows.filter((r) => r[0] === EH1)).toEqual([[EH1, "src/chat/chat.controller.ts", 14]]);
    expect(message(nest.result, EH1, "src/chat/chat.controller.ts", 14)).toMatch(/^POST \/api\/chat sends err\.message to the client when it fails \(new HttpException\)/);

    // A project exception class over HttpException, thrown by a helper in another file that the catch hands the error to.
    const own = await run(
      {
        ...patched(
          "routes-nestjs-open",
          "src/chat/chat.controller.ts",
          "    return { reply: await this.chatService.reply(body.messages) };",
          "    try {\n      return { reply: await this.chatService.reply(body.messages) };\n    } catch (err) {\n      fail(err);\n    }",
          ['import { Body, Controller, Post } from "@nestjs/common";', 'import { Body, Controller, Post } from "@nestjs/common";\nimport { fail } from "../common/fail";'],
        ),
        "src/common/api-error.ts": lines('import { HttpException } from "@nestjs/common";', "export class AppHttpError extends HttpException {}", "export class ApiError extends AppHttpError {", "  constructor(body: { message: string }, status: number) {", "    super(body, status);", "  }", "}"),
        "src/common/fail.ts": lines('import { ApiError } from "./api-error";', "export function fail(error: any): never {", '  throw new ApiError({ message: error?.message ?? "failed" }, 502);', "}"),
      },
      "routes-nestjs-open",
    );
    expect(own.rows.filter((r) => r[0] === EH1)).toEqual([[EH1, "src/common/fail.ts", 3]]);
    expect(message(own.result, EH1, "src/common/fail.ts", 3)).toMatch(/\(new ApiError \(extends HttpException\)\)/);
    // The catch that hands the error over is the first step of its path.
    const failed = own.result.findings.find((f) => f.ruleId === EH1)!;
    expect(failed.path?.map((p) => `${p.file}: ${p.note}`)).toEqual(["src/chat/chat.controller.ts: the error object (err) handed to fail()", "src/common/fail.ts: sent to the client by new ApiError (extends HttpException)"]);

    const trpcCall = "    .mutation(async ({ input }) => ({ explanation: await explainTopic(input.topic, input.level) })),";
    const trpcWith = (thrown: string) =>
      patched(
        "routes-trpc-open",
        "server/routers/study.ts",
        trpcCall,
        `    .mutation(async ({ input }) => {\n      try {\n        return { explanation: await explainTopic(input.topic, input.level) };\n      } catch (err) {\n        ${thrown}\n      }\n    }),`,
        ['import { z } from "zod";', 'import { z } from "zod";\nimport { TRPCError } from "@trpc/server";'],
      );
    const trpc = await run(trpcWith('throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: (err as Error).message, cause: err });'), "routes-trpc-open");
    expect(trpc.rows.filter((r) => r[0] === EH1)).toEqual([[EH1, "server/routers/study.ts", 13]]);
    const trpcCause = await run(trpcWith('throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "could not explain", cause: err });'), "routes-trpc-open");
    expect(trpcCause.rows.filter((r) => r[0] === EH1)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// AU-2 in ESLint

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

type AnyRule = Parameters<RuleTester["run"]>[1];
const staticSharedKey = aigis.rules[AU2] as unknown as AnyRule;

for (const [parserName, languageOptions] of [
  ["espree (default parser)", { ecmaVersion: "latest", sourceType: "module" }],
  ["@typescript-eslint/parser", { parser: tsParser, sourceType: "module" }],
] as const) {
  describe(`AU-2 in ESLint with ${parserName}`, () => {
    const tester = new RuleTester({ languageOptions: languageOptions as never });
    tester.run(AU2, staticSharedKey, {
      valid: [
        { code: 'if (typeof req.headers["x-api-key"] !== "string") res.status(401).end();' },
        { code: "if (req.headers.authorization === undefined || req.headers.authorization === null) res.status(401).end();" },
        { code: 'const [scheme, token] = req.headers.authorization.split(" ");\nif (scheme !== "Bearer") res.status(401).end();' },
        { code: 'if (req.headers["content-type"] !== "application/json") res.status(415).end();' },
        { code: 'import { timingSafeEqual } from "node:crypto";\nconst ok = timingSafeEqual(Buffer.from(String(req.headers["x-api-key"])), Buffer.from(process.env.KEY));' },
      ],
      invalid: [
        {
          code: 'if (req.headers["x-api-key"] !== "internal-demo-token") res.status(401).end();',
          errors: [{ messageId: "finding", line: 1, column: 5, endColumn: 55 }],
        },
        {
          code: 'const API_KEY = "shared-secret-1234";\nexport function check(req) {\n  const key = req.query.apiKey;\n  return key === API_KEY;\n}',
          errors: [{ messageId: "finding", line: 4, column: 10 }],
        },
        {
          code: "const token = req.headers.authorization?.replace(/^Bearer /, \"\");\nif (token !== process.env.ADMIN_TOKEN) throw new Error(\"forbidden\");",
          errors: [{ messageId: "finding", line: 2, column: 5 }],
        },
      ],
    });
  });
}
