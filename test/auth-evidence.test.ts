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
    for (const body of [VERIFY_BODY, TRACE_BODY]) {
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
