/**
 * Authentication evidence as apps write it (issue 13): middleware from another module in
 * every export form and behind wrappers, Nest guards through any import path, path
 * semantics per framework, server actions only when client code can call them, and
 * "get the user or throw" helpers called in the handler. Each shape is checked both ways:
 * the protected route passes, its unprotected twin does not.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";

const base = mkdtempSync(join(tmpdir(), "aigis-auth-evidence-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

/** `METHOD path` of every AI route → whether authentication was found on it. */
async function authOf(files: Record<string, string>): Promise<Record<string, boolean>> {
  const dir = join(base, `p${++counter}`);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const { project, ts } = await loadProject(dir, defaultConfig());
  const out: Record<string, boolean> = {};
  for (const ai of project.routes(ts).aiRoutes) out[`${ai.route.method} ${ai.route.path}`] = ai.auth.length > 0 && !ai.route.optOuts?.some((o) => o.kind === "auth");
  return out;
}

const pkg = (deps: Record<string, string>, type?: string) => JSON.stringify({ name: "app", ...(type ? { type } : {}), dependencies: { openai: "^4", ...deps } });
const LLM_CJS = 'const OpenAI = require("openai");\nconst client = new OpenAI();\nexports.answer = async (text) => (await client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: text }] })).choices[0].message.content;\n';
const LLM_ESM = 'import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function answer(text: string) {\n  const r = await client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: text }] });\n  return r.choices[0].message.content;\n}\n';
/** The body of a middleware that verifies a bearer token and answers 401 otherwise. */
const VERIFY_BODY = '  const header = req.headers.authorization || "";\n  try {\n    req.account = jwt.verify(header.replace("Bearer ", ""), process.env.SIGNING_SECRET);\n    return next();\n  } catch (e) {\n    return res.status(401).json({ error: "sign in first" });\n  }\n';
/** A middleware that verifies the token when there is one and lets everyone through (optional sign-in). */
const OPTIONAL_BODY = '  try {\n    req.account = jwt.verify(String(req.headers.authorization || ""), process.env.SIGNING_SECRET);\n  } catch (e) {\n    req.account = null;\n  }\n  next();\n';
/** A middleware that only records the request. */
const TRACE_BODY = '  console.log(req.method, req.url);\n  next();\n';

describe("Express middleware from another module", () => {
  const routesCjs = (importLine: string, use: string) =>
    `const express = require("express");\n${importLine}\nconst { answer } = require("../llm");\nconst router = express.Router();\nrouter.post("/ask", ${use}, async (req, res) => res.json({ text: await answer(req.body.text) }));\nmodule.exports = router;\n`;
  const appCjs = 'const express = require("express");\nconst app = express();\napp.use(express.json());\napp.use("/api", require("./routes/ask"));\napp.listen(3000);\n';
  const cjs = (middleware: string, importLine: string, use: string) => authOf({
    "package.json": pkg({ express: "^4", jsonwebtoken: "^9", "express-async-handler": "^1" }),
    "llm.js": LLM_CJS,
    "app.js": appCjs,
    "middleware/guard.js": middleware,
    "routes/ask.js": routesCjs(importLine, use),
  });
  const jwtLine = 'const jwt = require("jsonwebtoken");\n';

  it("module.exports = fn, exports.x = fn, module.exports = { fn }: verifying counts, tracing does not", async () => {
    for (const body of [VERIFY_BODY, TRACE_BODY, OPTIONAL_BODY]) {
      const verifies = body === VERIFY_BODY;
      expect(await cjs(`${jwtLine}module.exports = function guard(req, res, next) {\n${body}};\n`, 'const guard = require("../middleware/guard");', "guard")).toEqual({ "POST /api/ask": verifies });
      expect(await cjs(`${jwtLine}exports.requireAccount = (req, res, next) => {\n${body}};\n`, 'const { requireAccount } = require("../middleware/guard");', "requireAccount")).toEqual({ "POST /api/ask": verifies });
      expect(await cjs(`${jwtLine}function requireAccount(req, res, next) {\n${body}}\nmodule.exports = { requireAccount };\n`, 'const guards = require("../middleware/guard");', "guards.requireAccount")).toEqual({ "POST /api/ask": verifies });
    }
  });

  it("behind a wrapper: a package's asyncHandler, a project's catchAsync and wrap", async () => {
    const catchAsync = "module.exports = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);\n";
    for (const body of [VERIFY_BODY, TRACE_BODY]) {
      const verifies = body === VERIFY_BODY;
      const guard = `${jwtLine}module.exports = async function guard(req, res, next) {\n${body}};\n`;
      expect(await cjs(guard, 'const guard = require("../middleware/guard");\nconst asyncHandler = require("express-async-handler");', "asyncHandler(guard)")).toEqual({ "POST /api/ask": verifies });
      const files = (wrapper: string, use: string) => authOf({
        "package.json": pkg({ express: "^4", jsonwebtoken: "^9" }),
        "llm.js": LLM_CJS,
        "app.js": appCjs,
        "middleware/guard.js": guard,
        "utils/wrappers.js": wrapper,
        "routes/ask.js": routesCjs('const guard = require("../middleware/guard");\nconst wrappers = require("../utils/wrappers");', use),
      });
      expect(await files(`exports.catchAsync = ${catchAsync.replace("module.exports = ", "")}`, "wrappers.catchAsync(guard)")).toEqual({ "POST /api/ask": verifies });
      expect(await files("exports.wrap = function wrap(fn) {\n  return function (req, res, next) {\n    fn(req, res, next).catch(next);\n  };\n};\n", "wrappers.wrap(guard)")).toEqual({ "POST /api/ask": verifies });
    }
  });

  it("ESM: default, named, and re-exported through an index module", async () => {
    const esm = (middleware: string, importLine: string, use: string) => authOf({
      "package.json": pkg({ express: "^4", jsonwebtoken: "^9" }, "module"),
      "src/llm.ts": LLM_ESM,
      "src/middleware/guard.ts": middleware,
      "src/middleware/index.ts": 'export { requireAccount } from "./guard";\nexport * from "./guard";\n',
      "src/server.ts": `import express from "express";\n${importLine}\nimport { answer } from "./llm";\nconst app = express();\napp.use(express.json());\napp.post("/ask", ${use}, async (req, res) => res.json({ text: await answer(req.body.text) }));\napp.listen(3000);\n`,
    });
    for (const body of [VERIFY_BODY, TRACE_BODY]) {
      const verifies = body === VERIFY_BODY;
      const fn = (name: string) => `function ${name}(req: any, res: any, next: any) {\n${body}}\n`;
      expect(await esm(`import jwt from "jsonwebtoken";\nexport default ${fn("guard")}`, 'import guard from "./middleware/guard";', "guard")).toEqual({ "POST /ask": verifies });
      expect(await esm(`import jwt from "jsonwebtoken";\nexport ${fn("requireAccount")}`, 'import { requireAccount } from "./middleware";', "requireAccount")).toEqual({ "POST /ask": verifies });
      expect(await esm(`import * as jwt from "jsonwebtoken";\nconst requireAccount = ${fn("inner")};\nexport { requireAccount as default };\n`, 'import guard from "./middleware/guard";', "guard")).toEqual({ "POST /ask": verifies });
    }
  });
});

describe("NestJS guards through any import path", () => {
  const GUARD = 'import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from "@nestjs/common";\nimport { JwtService } from "@nestjs/jwt";\n\n@Injectable()\nexport class TokenGuard implements CanActivate {\n  constructor(private readonly jwt: JwtService) {}\n  async canActivate(context: ExecutionContext): Promise<boolean> {\n    const request = context.switchToHttp().getRequest();\n    const token = String(request.headers.authorization ?? "").replace("Bearer ", "");\n    if (!token) throw new UnauthorizedException();\n    request.account = await this.jwt.verifyAsync(token);\n    return true;\n  }\n}\n';
  /** A guard that lets everyone through (it only tags the request). */
  const TAGGER = 'import { CanActivate, ExecutionContext, Injectable } from "@nestjs/common";\n\n@Injectable()\nexport class TokenGuard implements CanActivate {\n  canActivate(context: ExecutionContext): boolean {\n    context.switchToHttp().getRequest().seen = Date.now();\n    return true;\n  }\n}\n';
  const SERVICE = 'import { Injectable } from "@nestjs/common";\nimport OpenAI from "openai";\n\n@Injectable()\nexport class AskService {\n  private readonly client = new OpenAI();\n  async ask(text: string) {\n    const r = await this.client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: text }] });\n    return r.choices[0].message.content;\n  }\n}\n';
  const controller = (importLine: string, decorate: boolean) =>
    `import { Body, Controller, Post${decorate ? ", UseGuards" : ""} } from "@nestjs/common";\n${importLine}\nimport { AskService } from "./ask.service";\n\n${decorate ? "@UseGuards(TokenGuard)\n" : ""}@Controller("ask")\nexport class AskController {\n  constructor(private readonly asks: AskService) {}\n  @Post()\n  ask(@Body() body: { text: string }) {\n    return this.asks.ask(body.text);\n  }\n}\n`;
  const project = (guard: string, ctrl: string, module: string) => authOf({
    "package.json": pkg({ "@nestjs/common": "^10", "@nestjs/core": "^10", "@nestjs/jwt": "^10" }),
    "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@app/*": ["src/*"] } } }',
    "src/auth/token.guard.ts": guard,
    "src/auth/index.ts": 'export * from "./token.guard";\n',
    "src/ask/ask.service.ts": SERVICE,
    "src/ask/ask.controller.ts": ctrl,
    "src/ask/ask.module.ts": module,
    "src/app.module.ts": 'import { Module } from "@nestjs/common";\nimport { AskModule } from "./ask/ask.module";\n\n@Module({ imports: [AskModule] })\nexport class AppModule {}\n',
  });
  const MODULE = 'import { Module } from "@nestjs/common";\nimport { AskController } from "./ask.controller";\nimport { AskService } from "./ask.service";\n\n@Module({ controllers: [AskController], providers: [AskService] })\nexport class AskModule {}\n';
  const GLOBAL_MODULE = 'import { Module } from "@nestjs/common";\nimport { APP_GUARD } from "@nestjs/core";\nimport { TokenGuard } from "@app/auth";\nimport { AskController } from "./ask.controller";\nimport { AskService } from "./ask.service";\n\n@Module({ controllers: [AskController], providers: [AskService, { provide: APP_GUARD, useClass: TokenGuard }] })\nexport class AskModule {}\n';

  it("@UseGuards with the guard imported through a tsconfig path to a barrel, and relatively", async () => {
    for (const importLine of ['import { TokenGuard } from "@app/auth";', 'import { TokenGuard } from "../auth";', 'import { TokenGuard } from "../auth/token.guard";']) {
      expect(await project(GUARD, controller(importLine, true), MODULE)).toEqual({ "POST /ask": true });
      expect(await project(TAGGER, controller(importLine, true), MODULE)).toEqual({ "POST /ask": false });
    }
    expect(await project(GUARD, controller("", false), MODULE)).toEqual({ "POST /ask": false });
  });

  it("a guard applied module-wide by an APP_GUARD provider", async () => {
    expect(await project(GUARD, controller("", false), GLOBAL_MODULE)).toEqual({ "POST /ask": true });
    expect(await project(TAGGER, controller("", false), GLOBAL_MODULE)).toEqual({ "POST /ask": false });
  });
});

describe("middleware paths per framework", () => {
  const requireKey = (signature: string, reject: string, pass: string) => `${signature} {\n  if (!isKnownKey(HEADER)) ${reject};\n  ${pass};\n}`;

  it("Express: use(\"/\", mw) covers every path", async () => {
    const mw = requireKey("function requireKey(req, res, next)", 'return res.status(401).send("no key")', "next()").replace("HEADER", 'req.get("x-api-key")');
    const app = (use: string) => authOf({
      "package.json": pkg({ express: "^4" }),
      "llm.js": LLM_CJS,
      "server.js": `const express = require("express");\nconst { answer } = require("./llm");\nconst { isKnownKey } = require("./keys");\nconst app = express();\n${mw}\n${use}\napp.post("/api/ask", async (req, res) => res.json({ text: await answer(req.body.text) }));\napp.listen(3000);\n`,
      "keys.js": "exports.isKnownKey = (key) => key === process.env.SERVICE_KEY;\n",
    });
    expect(await app('app.use("/", requireKey);')).toEqual({ "POST /api/ask": true });
    expect(await app('app.use("/admin", requireKey);')).toEqual({ "POST /api/ask": false });
  });

  it("Hono: use(\"/\", mw) covers only /, use(\"/*\", mw) and use(\"*\", mw) cover every path", async () => {
    const app = (use: string) => authOf({
      "package.json": pkg({ hono: "^4" }, "module"),
      "src/llm.ts": LLM_ESM,
      "src/index.ts": `import { Hono } from "hono";\nimport { bearerAuth } from "hono/bearer-auth";\nimport { answer } from "./llm";\nconst app = new Hono();\n${use}\napp.post("/api/ask", async (c) => c.json({ text: await answer((await c.req.json()).text) }));\napp.post("/", async (c) => c.json({ text: await answer(await c.req.text()) }));\nexport default app;\n`,
    });
    const mw = 'bearerAuth({ token: process.env.SERVICE_TOKEN! })';
    expect(await app(`app.use("/", ${mw});`)).toEqual({ "POST /api/ask": false, "POST /": true });
    expect(await app(`app.use("/*", ${mw});`)).toEqual({ "POST /api/ask": true, "POST /": true });
    expect(await app(`app.use("*", ${mw});`)).toEqual({ "POST /api/ask": true, "POST /": true });
    expect(await app(`app.use(${mw});`)).toEqual({ "POST /api/ask": true, "POST /": true });
  });

  it("Fastify: a hook inside a registered plugin covers only that plugin's routes and its children", async () => {
    const app = (body: string) => authOf({
      "package.json": pkg({ fastify: "^4" }, "module"),
      "src/llm.ts": LLM_ESM,
      "src/server.ts": `import Fastify from "fastify";\nimport { answer } from "./llm";\nconst app = Fastify();\nconst verify = async (request: any, reply: any) => {\n  if (request.headers["x-api-key"] !== process.env.SERVICE_KEY) return reply.code(401).send({ error: "no key" });\n};\n${body}\napp.listen({ port: 3000 });\n`,
    });
    const ask = (on: string, path: string) => `${on}.post("${path}", async (request: any) => ({ text: await answer(request.body.text) }));`;
    expect(await app(`app.register(async (scope) => {\n  scope.addHook("onRequest", verify);\n  ${ask("scope", "/private")}\n  scope.register(async (inner) => {\n    ${ask("inner", "/private/deep")}\n  });\n});\n${ask("app", "/public")}`)).toEqual({ "POST /private": true, "POST /private/deep": true, "POST /public": false });
  });
});

describe("Fastify hook order", () => {
  it("a hook added after a route at the same level still runs for it (Fastify links hooks when the app is ready)", async () => {
    const verdict = await authOf({
      "package.json": pkg({ fastify: "^4" }, "module"),
      "src/llm.ts": LLM_ESM,
      "src/server.ts": 'import Fastify from "fastify";\nimport { answer } from "./llm";\nconst app = Fastify();\napp.post("/ask", async (request: any) => ({ text: await answer(request.body.text) }));\napp.addHook("onRequest", async (request: any, reply: any) => {\n  if (request.headers["x-api-key"] !== process.env.SERVICE_KEY) return reply.code(401).send({ error: "no key" });\n});\napp.listen({ port: 3000 });\n',
    });
    expect(verdict).toEqual({ "POST /ask": true });
  });
});

describe("Next.js server actions are entry points only when client code can call them", () => {
  const ACTIONS = '"use server";\nimport { answer } from "@/lib/llm";\n\nexport async function summarise(text: string) {\n  return answer(`Summarise: ${text}`);\n}\n';
  const next = (files: Record<string, string>) => authOf({
    "package.json": pkg({ next: "15.0.0", react: "^19" }),
    "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }',
    "lib/llm.ts": LLM_ESM,
    "app/actions.ts": ACTIONS,
    "app/layout.tsx": "export default function Layout({ children }: { children: React.ReactNode }) {\n  return <html><body>{children}</body></html>;\n}\n",
    ...files,
  });

  it("imported by a client component, or passed as a form action by a page: an open route", async () => {
    expect(await next({
      "components/SummaryForm.tsx": '"use client";\nimport { summarise } from "@/app/actions";\nexport function SummaryForm() {\n  return <button onClick={() => summarise("text")}>Go</button>;\n}\n',
      "app/page.tsx": 'import { SummaryForm } from "@/components/SummaryForm";\nexport default function Page() {\n  return <SummaryForm />;\n}\n',
    })).toEqual({ "ACTION summarise": false });
    expect(await next({
      "app/page.tsx": 'import { summarise } from "./actions";\nexport default function Page() {\n  return <form action={async (data: FormData) => { "use server"; await summarise(String(data.get("text"))); }}><input name="text" /></form>;\n}\n',
    })).toMatchObject({ "ACTION summarise": false });
  });

  it("a server-actions module nothing imports is not an open route", async () => {
    expect(await next({ "app/page.tsx": "export default function Page() {\n  return <p>Nothing to see</p>;\n}\n" })).toEqual({});
  });
});

describe("a lookup that rejects unless a user exists", () => {
  /** `getAccount(req, options)`: throws 401 without a valid token unless the caller made it optional. */
  const ACCOUNTS = 'import jwt from "jsonwebtoken";\n\nexport class HttpError extends Error {\n  constructor(readonly status: number, message: string) { super(message); }\n}\n\nexport async function getAccount(req: any, options: { optional?: boolean } = {}) {\n  const token = String(req.headers.authorization ?? "").replace("Bearer ", "");\n  try {\n    return jwt.verify(token, process.env.SIGNING_SECRET!) as { id: string };\n  } catch {\n    if (options.optional) return null;\n    throw new HttpError(401, "sign in first");\n  }\n}\n\n/** Never rejects: a missing or bad token gives back null. */\nexport async function peekAccount(req: any) {\n  const token = req.headers.authorization;\n  if (!token) return null;\n  try {\n    return jwt.verify(String(token), process.env.SIGNING_SECRET!) as { id: string };\n  } catch {\n    return null;\n  }\n}\n\nexport async function sendAccountOr401(req: any, res: any) {\n  const session = await req.sessionStore?.load(req.cookies?.sid);\n  if (!session) {\n    res.status(401).json({ error: "sign in" });\n    return;\n  }\n  return session;\n}\n';
  const express = (handlerBody: string, service = "") => authOf({
    "package.json": pkg({ express: "^4", jsonwebtoken: "^9" }, "module"),
    "src/llm.ts": LLM_ESM,
    "src/accounts.ts": ACCOUNTS,
    "src/service.ts": service || 'import { answer } from "./llm";\nimport { getAccount, peekAccount } from "./accounts";\nexport async function reply(req: any) {\n  await getAccount(req);\n  return answer(req.body.text);\n}\nexport async function replyToAnyone(req: any) {\n  await getAccount(req, { optional: true });\n  return answer(req.body.text);\n}\nexport async function replyPeeking(req: any) {\n  await peekAccount(req);\n  return answer(req.body.text);\n}\n',
    "src/server.ts": `import express from "express";\nimport { answer } from "./llm";\nimport { getAccount, peekAccount, sendAccountOr401 } from "./accounts";\nimport * as service from "./service";\nconst app = express();\napp.use(express.json());\napp.post("/ask", async (req, res) => {\n${handlerBody}\n});\napp.listen(3000);\n`,
  });

  it("called in the handler before the model call", async () => {
    expect(await express("  const account = await getAccount(req);\n  res.json({ text: await answer(`${account.id}: ${req.body.text}`) });")).toEqual({ "POST /ask": true });
    expect(await express("  const account = await getAccount(req, { optional: true });\n  res.json({ text: await answer(`${account?.id}: ${req.body.text}`) });")).toEqual({ "POST /ask": false });
    expect(await express("  const account = await peekAccount(req);\n  res.json({ text: await answer(`${account?.id}: ${req.body.text}`) });")).toEqual({ "POST /ask": false });
    // A helper that answers 401 itself and gives back nothing rejects the caller.
    expect(await express('  const account = await sendAccountOr401(req, res);\n  if (!account) return;\n  res.json({ text: await answer(req.body.text) });')).toEqual({ "POST /ask": true });
    // A soft lookup the handler checks itself is a check.
    expect(await express('  const account = await peekAccount(req);\n  if (!account) return res.status(401).json({ error: "sign in" });\n  res.json({ text: await answer(req.body.text) });')).toEqual({ "POST /ask": true });
  });

  it("called in a service the handler calls, before that service's model call", async () => {
    expect(await express("  res.json({ text: await service.reply(req) });")).toEqual({ "POST /ask": true });
    expect(await express("  res.json({ text: await service.replyToAnyone(req) });")).toEqual({ "POST /ask": false });
    expect(await express("  res.json({ text: await service.replyPeeking(req) });")).toEqual({ "POST /ask": false });
    const late = 'import { answer } from "./llm";\nimport { getAccount } from "./accounts";\nexport async function reply(req: any) {\n  const text = await answer(req.body.text);\n  await getAccount(req);\n  return text;\n}\n';
    expect(await express("  res.json({ text: await service.reply(req) });", late)).toEqual({ "POST /ask": false });
  });

  it("Fastify: a function decorated on the instance by a plugin, called as fastify.getUser(request, reply[, optional])", async () => {
    const app = (routeBody: string) => authOf({
      "package.json": pkg({ fastify: "^4", "fastify-plugin": "^4", jsonwebtoken: "^9" }, "module"),
      "src/llm.ts": LLM_ESM,
      "src/plugins/identity.ts": 'import fp from "fastify-plugin";\nimport type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";\nimport { verify } from "jsonwebtoken";\n\nexport default fp(async (fastify: FastifyInstance) => {\n  fastify.decorate("getUser", async function (request: FastifyRequest, reply: FastifyReply, optional?: boolean) {\n    try {\n      const token = request.headers.authorization?.slice(7);\n      if (!token) throw new Error("Please sign in");\n      return verify(token, process.env.SIGNING_SECRET!) as { id: string };\n    } catch (error) {\n      if (optional) return { id: "" };\n      throw error;\n    }\n  });\n});\n',
      "src/routes/ask.ts": `import type { FastifyInstance } from "fastify";\nimport { answer } from "../llm";\n\nexport default async function (fastify: FastifyInstance) {\n  fastify.post("/", async (request: any, reply) => {\n${routeBody}\n  });\n}\n`,
      "src/app.ts": 'import Fastify from "fastify";\nimport identity from "./plugins/identity";\nimport ask from "./routes/ask";\nconst app = Fastify();\napp.register(identity);\napp.register(ask, { prefix: "/ask" });\napp.listen({ port: 3000 });\n',
    });
    expect(await app("    const user = await fastify.getUser(request, reply);\n    return { text: await answer(`${user.id}: ${request.body.text}`) };")).toEqual({ "POST /ask": true });
    expect(await app("    const user = await fastify.getUser(request, reply, true);\n    return { text: await answer(`${user.id}: ${request.body.text}`) };")).toEqual({ "POST /ask": false });
  });
});

describe("Fastify plugins loaded by @fastify/autoload", () => {
  const files = (pluginFiles: Record<string, string>) => authOf({
    "package.json": pkg({ fastify: "^4", "fastify-plugin": "^4", "@fastify/autoload": "^5", "@fastify/jwt": "^8" }),
    "src/llm.ts": LLM_ESM,
    "src/app.ts": 'import { join } from "node:path";\nimport AutoLoad from "@fastify/autoload";\nimport type { FastifyPluginAsync } from "fastify";\n\nconst app: FastifyPluginAsync = async (fastify, opts) => {\n  void fastify.register(AutoLoad, { dir: join(__dirname, "plugins"), options: opts });\n  void fastify.register(AutoLoad, { dir: join(__dirname, "routes"), options: opts });\n};\n\nexport default app;\n',
    "src/routes/widget/root.ts": 'import type { FastifyPluginAsync } from "fastify";\nimport { answer } from "../../llm";\n\nconst root: FastifyPluginAsync = async (fastify) => {\n  fastify.post("/:id", async (request: any) => ({ text: await answer(request.body.text) }));\n};\n\nexport default root;\n',
    "src/routes/api/admin/root.ts": 'import type { FastifyPluginAsync } from "fastify";\nimport { answer } from "../../../llm";\n\nconst root: FastifyPluginAsync = async (fastify: any) => {\n  fastify.post("/draft", { onRequest: [fastify.authenticate] }, async (request: any) => ({ text: await answer(request.body.text) }));\n};\n\nexport default root;\n',
    "src/plugins/jwt.ts": 'import fp from "fastify-plugin";\nimport jwt from "@fastify/jwt";\n\nexport default fp(async (fastify: any) => {\n  fastify.register(jwt, { secret: process.env.SIGNING_SECRET });\n  fastify.decorate("authenticate", async (request: any, reply: any) => {\n    try {\n      await request.jwtVerify();\n    } catch (err) {\n      reply.send(err);\n    }\n  });\n});\n',
    ...pluginFiles,
  });
  const hook = 'fastify.addHook("onRequest", async (request: any, reply: any) => {\n    if (request.headers["x-api-key"] !== process.env.SERVICE_KEY) return reply.code(401).send({ error: "no key" });\n  });';

  it("routes answer under their folder; a decorated authenticate covers only the route that asks for it", async () => {
    expect(await files({})).toEqual({ "POST /widget/:id": false, "POST /api/admin/draft": true });
  });

  it("a hook from an autoloaded plugin covers every route when wrapped in fastify-plugin, none otherwise", async () => {
    expect(await files({ "src/plugins/key.ts": `import fp from "fastify-plugin";\nexport default fp(async (fastify: any) => {\n  ${hook}\n});\n` })).toEqual({ "POST /widget/:id": true, "POST /api/admin/draft": true });
    expect(await files({ "src/plugins/key.ts": `export default async function (fastify: any) {\n  ${hook}\n}\n` })).toEqual({ "POST /widget/:id": false, "POST /api/admin/draft": true });
  });
});

describe("Koa routers", () => {
  it("require(\"koa-router\")() makes a router; mounted with no auth middleware its AI route is open, behind a token check it is not", async () => {
    const app = (middleware: string) => authOf({
      "package.json": pkg({ koa: "^2", "koa-router": "^12", "koa-bodyparser": "^4" }),
      "llm.js": LLM_CJS,
      "routes/index.js": 'const router = require("koa-router")();\nconst { answer } = require("../llm");\n\nrouter.post("/api/ask", async (ctx) => {\n  ctx.body = { text: await answer(ctx.request.body.text) };\n});\n\nmodule.exports = router;\n',
      "app.js": `const Koa = require("koa");\nconst bodyparser = require("koa-bodyparser");\nconst index = require("./routes/index");\nconst app = new Koa();\napp.use(bodyparser());\n${middleware}\napp.use(index.routes(), index.allowedMethods());\napp.listen(3000);\n`,
    });
    expect(await app("")).toEqual({ "POST /api/ask": false });
    expect(await app('app.use(async (ctx, next) => {\n  if (ctx.get("x-api-key") !== process.env.SERVICE_KEY) ctx.throw(401, "no key");\n  await next();\n});')).toEqual({ "POST /api/ask": true });
  });
});

describe("AI SDK agents reach a model", () => {
  it("a route that runs a ToolLoopAgent (pipeAgentUIStreamToResponse, agent.generate) is an AI route: open without auth, passing behind it", async () => {
    const app = (use: string) => authOf({
      "package.json": pkg({ ai: "^6", "@ai-sdk/openai": "^2", express: "^5", jsonwebtoken: "^9" }, "module"),
      "src/agent.ts": 'import { openai } from "@ai-sdk/openai";\nimport { ToolLoopAgent } from "ai";\nexport const helper = new ToolLoopAgent({ model: openai("gpt-5-mini"), instructions: "Answer briefly." });\n',
      "src/guard.ts": `import jwt from "jsonwebtoken";\nexport function requireAccount(req: any, res: any, next: any) {\n${VERIFY_BODY}}\n`,
      "src/server.ts": `import express from "express";\nimport { pipeAgentUIStreamToResponse } from "ai";\nimport { helper } from "./agent";\nimport { requireAccount } from "./guard";\nconst app = express();\napp.use(express.json());\n${use}\napp.post("/chat", async (req, res) => {\n  pipeAgentUIStreamToResponse({ agent: helper, uiMessages: req.body.messages, response: res });\n});\napp.post("/ask", async (req, res) => {\n  res.json({ text: (await helper.generate({ prompt: String(req.body.question) })).text });\n});\napp.listen(3000);\n`,
    });
    expect(await app("")).toEqual({ "POST /chat": false, "POST /ask": false });
    expect(await app("app.use(requireAccount);")).toEqual({ "POST /chat": true, "POST /ask": true });
  });
});
