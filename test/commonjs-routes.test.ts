/**
 * CommonJS in every form on an Express app's path (`fixtures/routes-express-cjs-*` hold the
 * whole app; these are the single shapes, one small app each): what `require()` of a project
 * file gives is its `module.exports` when it assigns one whole, so a required middleware, a
 * limiter, a class or a service object is followed to what it is.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { scan } from "../src/engine/scan.js";

const base = mkdtempSync(join(tmpdir(), "aigis-cjs-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

function app(files: Record<string, string>): string {
  const dir = join(base, `app${++counter}`);
  const all: Record<string, string> = {
    "package.json": JSON.stringify({ name: "cjs-app", dependencies: { express: "^4", "express-rate-limit": "^7", jsonwebtoken: "^9", openai: "^4" } }),
    "server.js": 'const express = require("express");\nconst routes = require("./routes");\nconst app = express();\napp.use("/api", routes);\napp.listen(3000);\n',
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** A service that calls OpenAI with a capped, fixed prompt (no flow finding of its own). */
const ASK = 'async (topic) => {\n    const r = await client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 50, messages: [{ role: "user", content: "Name a fact." }] });\n    return r.choices[0].message.content;\n  }';
const CLIENT = 'const OpenAI = require("openai");\nconst client = new OpenAI();\n';

async function aiRoutes(dir: string) {
  const { project, ts } = await loadProject(dir, defaultConfig());
  return project.routes(ts).aiRoutes.map((ai) => ({ route: `${ai.route.method} ${ai.route.path}`, auth: ai.auth.map((e) => e.label), rateLimit: ai.rateLimit.map((e) => e.label) }));
}

const ROUTES = (middleware: string, handler: string, requires: string) =>
  `const router = require("express").Router();\n${requires}\nrouter.post("/fact", ${middleware}${handler});\nmodule.exports = router;\n`;

describe("CommonJS exports reach the route table", () => {
  it("module.exports = a JWT-verifying function, = rateLimit({…}), = { aiLimiter: rateLimit(…) }: auth and both limiters are recognised", async () => {
    const dir = app({
      "auth.js": 'const jwt = require("jsonwebtoken");\nmodule.exports = function (req, res, next) {\n  req.user = jwt.verify(req.headers.authorization, process.env.SECRET);\n  next();\n};\n',
      "limiter.js": 'const rateLimit = require("express-rate-limit");\nmodule.exports = rateLimit({ windowMs: 60000, max: 5 });\n',
      "limits.js": 'const rateLimit = require("express-rate-limit");\nmodule.exports = { aiLimiter: rateLimit({ windowMs: 60000, max: 5 }) };\n',
      "service.js": `${CLIENT}exports.ask = ${ASK};\n`,
      "routes.js": ROUTES("auth, limiter, aiLimiter, ", "async (req, res) => res.json({ fact: await service.ask() })", 'const auth = require("./auth");\nconst limiter = require("./limiter");\nconst { aiLimiter } = require("./limits");\nconst service = require("./service");'),
    });
    expect(await aiRoutes(dir)).toEqual([{ route: "POST /api/fact", auth: ["jsonwebtoken.verify"], rateLimit: ["express-rate-limit", "express-rate-limit"] }]);
  });

  it("a named export taken from require (`const { rateLimit } = require(\"express-rate-limit\")`, `require(…).rateLimit`) is the package's limiter", async () => {
    const dir = app({
      "service.js": `${CLIENT}exports.ask = ${ASK};\n`,
      "routes.js": ROUTES(
        "perMinute, perHour, ",
        "async (req, res) => res.json({ fact: await service.ask() })",
        'const { rateLimit } = require("express-rate-limit");\nconst perMinute = rateLimit({ windowMs: 60000, limit: 5 });\nconst perHour = require("express-rate-limit").rateLimit({ windowMs: 3600000, limit: 50 });\nconst service = require("./service");',
      ),
    });
    expect(await aiRoutes(dir)).toEqual([{ route: "POST /api/fact", auth: [], rateLimit: ["express-rate-limit", "express-rate-limit"] }]);
  });

  it.each([
    ["module.exports = Class, then `const Svc = require(…); new Svc()`", `${CLIENT}class Facts {\n  ask = ${ASK};\n}\nmodule.exports = Facts;\n`, 'const Facts = require("./service");\nconst facts = new Facts();', "facts.ask()"],
    ["module.exports = Class, then `new (require(…))()`", `${CLIENT}module.exports = class Facts {\n  async ask() {\n    return client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 50, messages: [{ role: "user", content: "Name a fact." }] });\n  }\n};\n`, 'const facts = new (require("./service"))();', "facts.ask()"],
    ["module.exports = { ask }, a service object used from the handler", `${CLIENT}const ask = ${ASK};\nmodule.exports = { ask };\n`, 'const aiService = require("./service");', "aiService.ask()"],
    ["module.exports = new Service()", `${CLIENT}class Facts {\n  ask = ${ASK};\n}\nmodule.exports = new Facts();\n`, 'const facts = require("./service");', "facts.ask()"],
    ["module.exports.ask = …", `${CLIENT}module.exports.ask = ${ASK};\n`, 'const service = require("./service");', "service.ask()"],
    ["exports = module.exports = { ask } (chained)", `${CLIENT}const ask = ${ASK};\nexports = module.exports = { ask };\n`, 'const service = require("./service");', "service.ask()"],
    ["module.exports = a function, called directly", `${CLIENT}module.exports = ${ASK};\n`, 'const ask = require("./service");', "ask()"],
  ])("%s: the handler reaches the model, and the open route is reported at its line", async (_name, service, requires, call) => {
    const dir = app({ "service.js": service, "routes.js": ROUTES("", `async (req, res) => res.json({ fact: await ${call} })`, requires) });
    expect(await aiRoutes(dir)).toEqual([{ route: "POST /api/fact", auth: [], rateLimit: [] }]);
    const result = await scan({ target: dir });
    const line = requires.split("\n").length + 2;
    expect(result.findings.filter((f) => f.checklist.includes("AU-1") || f.checklist.includes("RL-1")).map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort()).toEqual([`ai-route-without-auth routes.js:${line}`, `ai-route-without-rate-limit routes.js:${line}`]);
  });
});

describe("what is not evidence, and what is not the route's error handler", () => {
  it("a 401 after looking the user up by the id the client sends is not authentication; one after a lookup by a token is", async () => {
    const middleware = (lookup: string) =>
      `const users = require("./users");\nmodule.exports.identify = async (req, res, next) => {\n  const user = await users.find(${lookup});\n  if (!user) return res.status(401).json({ error: "unknown" });\n  next();\n};\n`;
    const files = (lookup: string) => ({
      "users.js": "exports.find = async (key) => null;\n",
      "identify.js": middleware(lookup),
      "service.js": `${CLIENT}exports.ask = ${ASK};\n`,
      "routes.js": ROUTES("identify, ", "async (req, res) => res.json({ fact: await service.ask() })", 'const { identify } = require("./identify");\nconst service = require("./service");'),
    });
    expect((await aiRoutes(app(files("req.body.userId || req.query.userId"))))[0]!.auth).toEqual([]);
    expect((await aiRoutes(app(files("req.params.id"))))[0]!.auth).toEqual([]);
    expect((await aiRoutes(app(files("req.headers.authorization"))))[0]!.auth).toEqual(["custom check that rejects the caller (401/403 or a redirect to log in)"]);
    expect((await aiRoutes(app(files("req.query.apiKey"))))[0]!.auth).toEqual(["custom check that rejects the caller (401/403 or a redirect to log in)"]);
  });

  it("an Express error middleware registered before the routes never sees their errors: no EH-1; registered after, it does", async () => {
    const files = (before: boolean) => ({
      "errors.js": "module.exports = (err, req, res, next) => {\n  res.status(500).json({ error: err.message });\n};\n",
      "server.js": `const express = require("express");\nconst routes = require("./routes");\nconst errors = require("./errors");\nconst app = express();\n${before ? "app.use(errors);\napp.use(\"/api\", routes);" : "app.use(\"/api\", routes);\napp.use(errors);"}\napp.listen(3000);\n`,
      "service.js": `${CLIENT}exports.ask = ${ASK};\n`,
      "routes.js": ROUTES("", "async (req, res, next) => {\n  try {\n    res.json({ fact: await service.ask() });\n  } catch (err) {\n    next(err);\n  }\n}", 'const service = require("./service");'),
    });
    const eh1 = async (before: boolean) => (await scan({ target: app(files(before)) })).findings.filter((f) => f.checklist.includes("EH-1")).map((f) => `${f.file}:${f.line}`);
    expect(await eh1(true)).toEqual([]);
    expect(await eh1(false)).toEqual(["errors.js:2"]);
  });
});
