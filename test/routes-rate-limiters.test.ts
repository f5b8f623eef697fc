/**
 * Rate limiters as server apps attach them, on small projects written to a temp dir: which
 * AI routes a limiter reaches (by order, scope and wrapping) and which it leaves unlimited.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { tempProjects } from "./helpers/temp-projects.js";

const write = tempProjects("aigis-limiters-");

/** For each AI route (`METHOD /path`), the labels of its rate-limit evidence. */
async function limitsOf(files: Record<string, string>): Promise<Record<string, string[]>> {
  const dir = write(files);
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

describe("express-limiter", () => {
  it("limits the path and method it registers itself on (declared before the route), and works as route middleware", async () => {
    const limits = await limitsOf({
      "package.json": pkg({ express: "^4", "express-limiter": "^1", redis: "^4" }),
      "ai.js": AI,
      "server.js": [
        'const express = require("express");',
        'const store = require("redis").createClient();',
        'const { summarise } = require("./ai");',
        "const server = express();",
        'const limit = require("express-limiter")(server, store);',
        'limit({ path: "/tldr", method: "post", lookup: ["ip"], total: 50, expire: 60000 });',
        'limit({ path: "/reports/*", lookup: ["ip"], total: 50, expire: 60000 });',
        'server.post("/tldr", async (req, res) => res.json({ text: await summarise(req.body.text) }));',
        'server.put("/tldr", async (req, res) => res.json({ text: await summarise(req.body.text) }));',
        'server.post("/reports/weekly", async (req, res) => res.json({ text: await summarise(req.body.text) }));',
        'server.post("/recap", async (req, res) => res.json({ text: await summarise(req.body.text) }));',
        'server.post("/gist", limit({ lookup: ["ip"], total: 10, expire: 60000 }), async (req, res) => res.json({ text: await summarise(req.body.text) }));',
        'server.post("/late", async (req, res) => res.json({ text: await summarise(req.body.text) }));',
        'limit({ path: "/late", method: "post", lookup: ["ip"], total: 5, expire: 60000 });',
        "module.exports = server;",
        "",
      ].join("\n"),
    });
    expect(limits).toEqual({
      "POST /tldr": ["express-limiter"],
      "PUT /tldr": [],
      "POST /reports/weekly": ["express-limiter"],
      "POST /recap": [],
      "POST /gist": ["express-limiter"],
      "POST /late": [],
    });
  });
});

describe("more limiter packages and shapes", () => {
  it("express-brute's getMiddleware({…}) is a limiter like its prevent", async () => {
    const limits = await limitsOf({
      "package.json": pkg({ express: "^4", "express-brute": "^1" }),
      "ai.js": AI,
      "server.js": [
        'const express = require("express");',
        'const Brute = require("express-brute");',
        'const { summarise } = require("./ai");',
        "const guard = new Brute(new Brute.MemoryStore(), { freeRetries: 3 });",
        "const server = express();",
        'server.post("/keyed", guard.getMiddleware({ key: (req, res, next) => next(req.body.account) }), async (req, res) => res.json({ text: await summarise(req.body.text) }));',
        'server.post("/plain", async (req, res) => res.json({ text: await summarise(req.body.text) }));',
        "module.exports = server;",
        "",
      ].join("\n"),
    });
    expect(limits).toEqual({ "POST /keyed": ["express-brute"], "POST /plain": [] });
  });

  it("a Fastify plugin registered as a dynamic import is that package; an unrelated one is not a limiter", async () => {
    const limits = await limitsOf({
      "package.json": pkg({ fastify: "^5", "@fastify/rate-limit": "^10", "@fastify/cors": "^10" }),
      "ai.js": AI,
      "limited.mjs": [
        'import Fastify from "fastify";',
        'import ai from "./ai.js";',
        "const api = Fastify();",
        'await api.register(import("@fastify/rate-limit"), { max: 20, timeWindow: "1 minute" });',
        'api.post("/limited", async (request) => ({ text: await ai.summarise(request.body.text) }));',
        "export default api;",
        "",
      ].join("\n"),
      "open.mjs": [
        'import Fastify from "fastify";',
        'import ai from "./ai.js";',
        "const api = Fastify();",
        'await api.register(import("@fastify/cors"), { origin: false });',
        'api.post("/open", async (request) => ({ text: await ai.summarise(request.body.text) }));',
        "export default api;",
        "",
      ].join("\n"),
    });
    expect(limits).toEqual({ "POST /limited": ["@fastify/rate-limit"], "POST /open": [] });
  });

  it("koa2-ratelimit's RateLimit.middleware({…}) on a router limits its routes; another router stays open", async () => {
    const limits = await limitsOf({
      "package.json": pkg({ koa: "^2", "@koa/router": "^12", "koa2-ratelimit": "^1" }),
      "ai.js": AI,
      "server.js": [
        'const Koa = require("koa");',
        'const Router = require("@koa/router");',
        'const { RateLimit } = require("koa2-ratelimit");',
        'const { summarise } = require("./ai");',
        "const app = new Koa();",
        "const metered = new Router();",
        "metered.use(RateLimit.middleware({ interval: { min: 1 }, max: 30 }));",
        'metered.post("/metered", async (ctx) => { ctx.body = await summarise(ctx.request.body.text); });',
        "const free = new Router();",
        'free.post("/free", async (ctx) => { ctx.body = await summarise(ctx.request.body.text); });',
        "app.use(metered.routes());",
        "app.use(free.routes());",
        "module.exports = app;",
        "",
      ].join("\n"),
    });
    expect(limits).toEqual({ "POST /metered": ["koa2-ratelimit"], "POST /free": [] });
  });
});

describe("a package's limiter behind a wrapper", () => {
  it("`catchAsync(limiter)` and `asyncHandler(wrap(limiter))` are the limiter's evidence; a wrapped logger is none", async () => {
    const limits = await limitsOf({
      "package.json": pkg({ express: "^4", "express-rate-limit": "^7", "express-async-handler": "^1" }),
      "ai.js": AI,
      "catch-async.js": "module.exports = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);\n",
      "server.js": [
        'const express = require("express");',
        'const rateLimit = require("express-rate-limit");',
        'const asyncHandler = require("express-async-handler");',
        'const catchAsync = require("./catch-async");',
        'const { summarise } = require("./ai");',
        "const aiLimiter = rateLimit({ windowMs: 60000, max: 10 });",
        "const wrap = (mw) => (req, res, next) => mw(req, res, next);",
        "const logVisit = (req, res, next) => { console.log(req.path); next(); };",
        "const app = express();",
        'app.post("/a", catchAsync(aiLimiter), async (req, res) => res.json({ t: await summarise(req.body.q) }));',
        'app.post("/b", asyncHandler(wrap(aiLimiter)), async (req, res) => res.json({ t: await summarise(req.body.q) }));',
        'app.post("/c", catchAsync(logVisit), async (req, res) => res.json({ t: await summarise(req.body.q) }));',
        "module.exports = app;",
        "",
      ].join("\n"),
    });
    expect(limits).toEqual({ "POST /a": ["express-rate-limit"], "POST /b": ["express-rate-limit"], "POST /c": [] });
  });
});
