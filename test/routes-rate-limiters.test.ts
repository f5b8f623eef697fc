/**
 * Rate limiters as server apps attach them, on small projects written to a temp dir: which
 * AI routes a limiter reaches (by order, scope and wrapping) and which it leaves unlimited.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";

const base = mkdtempSync(join(tmpdir(), "aigis-limiters-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

/** For each AI route (`METHOD /path`), the labels of its rate-limit evidence. */
async function limitsOf(files: Record<string, string>): Promise<Record<string, string[]>> {
  const dir = join(base, `p${++counter}`);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const { project, ts } = await loadProject(dir, defaultConfig());
  const model = project.routes(ts);
  return Object.fromEntries(model.aiRoutes.map((a) => [`${a.route.method} ${a.route.path}`, a.rateLimit.map((e) => e.label)]));
}

const AI = 'const OpenAI = require("openai");\nconst client = new OpenAI();\nasync function summarise(text) {\n  const r = await client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: text }] });\n  return r.choices[0].message.content;\n}\nmodule.exports = { summarise };\n';
const pkg = (deps: Record<string, string>) => JSON.stringify({ name: "app", dependencies: { openai: "^4", ...deps } });

describe("Express routers made with new", () => {
  it("a `new express.Router()` built in a factory is a router: limited when mounted after the app's limiter, not before", async () => {
    const limits = await limitsOf({
      "package.json": pkg({ express: "^4", "express-rate-limit": "^7" }),
      "ai.js": AI,
      "server.js": [
        'const express = require("express");',
        'const rateLimit = require("express-rate-limit");',
        'const { summarise } = require("./ai");',
        "function notesRouter() {",
        "  const notes = new express.Router();",
        '  notes.post("/notes/digest", async (req, res) => res.json({ digest: await summarise(req.body.text) }));',
        "  return notes;",
        "}",
        "const { Router } = express;",
        "function draftsRouter() {",
        "  const drafts = new Router();",
        '  drafts.post("/drafts/outline", async (req, res) => res.json({ outline: await summarise(req.body.text) }));',
        "  return drafts;",
        "}",
        "const server = express();",
        "server.use(notesRouter());",
        "server.use(rateLimit({ windowMs: 60000, max: 20 }));",
        "server.use(draftsRouter());",
        "module.exports = server;",
        "",
      ].join("\n"),
    });
    expect(limits).toEqual({ "POST /notes/digest": [], "POST /drafts/outline": ["express-rate-limit"] });
  });
});

describe("Fastify limiter plugins and route order", () => {
  it("a route declared before `register(rateLimit)` in the same file stays unlimited; one after, or in a plugin registered after, is limited", async () => {
    const limits = await limitsOf({
      "package.json": pkg({ fastify: "^5", "@fastify/rate-limit": "^10" }),
      "ai.js": AI,
      "server.js": [
        'const Fastify = require("fastify");',
        'const { summarise } = require("./ai");',
        "const api = Fastify({ logger: true });",
        'api.post("/first", async (request) => ({ text: await summarise(request.body.text) }));',
        "api.register(async (scope) => {",
        '  scope.post("/scoped-early", async (request) => ({ text: await summarise(request.body.text) }));',
        "});",
        'api.register(require("@fastify/rate-limit"), { max: 30, timeWindow: "1 minute" });',
        'api.post("/second", async (request) => ({ text: await summarise(request.body.text) }));',
        "api.register(async (scope) => {",
        '  scope.post("/scoped-late", async (request) => ({ text: await summarise(request.body.text) }));',
        "});",
        "module.exports = api;",
        "",
      ].join("\n"),
    });
    expect(limits).toEqual({
      "POST /first": [],
      "POST /scoped-early": [],
      "POST /second": ["@fastify/rate-limit"],
      "POST /scoped-late": ["@fastify/rate-limit"],
    });
  });

  it("a limiter registered in another file than the routes still counts (no order across files)", async () => {
    const limits = await limitsOf({
      "package.json": pkg({ fastify: "^5", "@fastify/rate-limit": "^10" }),
      "ai.js": AI,
      "app.js": ['const Fastify = require("fastify");', "const api = Fastify();", "module.exports = { api };", ""].join("\n"),
      "routes.js": ['const { api } = require("./app");', 'const { summarise } = require("./ai");', 'api.post("/ask", async (request) => ({ text: await summarise(request.body.q) }));', ""].join("\n"),
      "start.js": ['const { api } = require("./app");', 'require("./routes");', 'api.register(require("@fastify/rate-limit"), { max: 5 });', ""].join("\n"),
    });
    expect(limits).toEqual({ "POST /ask": ["@fastify/rate-limit"] });
  });
});

describe("middleware handed to a wrapper", () => {
  it("`wrap(limitByIp)` carries the limiter inside limitByIp; `wrap(logVisit)` carries nothing", async () => {
    const limits = await limitsOf({
      "package.json": pkg({ express: "^4", "rate-limiter-flexible": "^5" }),
      "ai.js": AI,
      "server.js": [
        'const express = require("express");',
        'const { RateLimiterMemory } = require("rate-limiter-flexible");',
        'const { summarise } = require("./ai");',
        "const budget = new RateLimiterMemory({ points: 10, duration: 60 });",
        "const wrap = (step) => (req, res, next) => Promise.resolve(step(req, res, next)).catch(next);",
        "async function limitByIp(req, res, next) {",
        "  await budget.consume(req.ip);",
        "  next();",
        "}",
        "function logVisit(req, res, next) {",
        "  console.log(req.path);",
        "  next();",
        "}",
        "const server = express();",
        'server.post("/brief", wrap(limitByIp), async (req, res) => res.json({ text: await summarise(req.body.text) }));',
        'server.post("/open", wrap(logVisit), async (req, res) => res.json({ text: await summarise(req.body.text) }));',
        "module.exports = server;",
        "",
      ].join("\n"),
    });
    expect(limits).toEqual({ "POST /brief": ["rate-limiter-flexible"], "POST /open": [] });
  });
});
