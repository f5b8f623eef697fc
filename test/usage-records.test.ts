/**
 * LG-1 (an audit record per AI request: who, which model, how many tokens) and RL-4 (spend
 * controls, evidence only) on small Express apps: what counts as a record (a log or store
 * write of the response's usage with a user id, a usage helper, an observability wrapper, a
 * logging gateway, a process-wide instrumentation) and what does not (the completion
 * printed whole, the prompt logged, usage returned but never kept, usage without a user).
 */
import { describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";

const project = tempProjects("aigis-usage-");

const PACKAGE = JSON.stringify({
  name: "usage-app",
  dependencies: { express: "^4", "express-jwt": "^8", "express-rate-limit": "^7", openai: "^4", ioredis: "^5", "@prisma/client": "^5", pino: "^9", langsmith: "^0.2", langfuse: "^3", "@posthog/ai": "^4", "gpt-tokenizer": "^2", "@supabase/supabase-js": "^2", "drizzle-orm": "^0.36", "@traceloop/node-server-sdk": "^0.11", "@langchain/openai": "^0.3", "@anthropic-ai/sdk": "^0.30", "langfuse-langchain": "^3" },
});
const SUPPORT: Record<string, string> = {
  "package.json": PACKAGE,
  "src/db.ts": 'import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n',
  "src/redis.ts": 'import Redis from "ioredis";\nexport const redis = new Redis();\n',
  "src/log.ts": 'import pino from "pino";\nexport const logger = pino();\n',
  "src/stats.ts": 'import { prisma } from "./db";\nexport async function saveStats(who: string, u: unknown) {\n  await prisma.stat.create({ data: { who, u: JSON.stringify(u) } });\n}\n',
};
const CLIENT = "const openai = new OpenAI();";

/** An Express app behind express-jwt and a rate limiter whose one AI route is on line 13 (and a line lower per extra import line); `after` runs after the model call. */
function app(after: string, { client = CLIENT, imports = "", wrap = (h: string) => h }: { client?: string; imports?: string; wrap?: (handler: string) => string } = {}): Record<string, string> {
  const handler = [
    "async (req: any, res: any) => {",
    "  const userId: string = req.auth.sub;",
    '  const out = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, user: userId, messages: [{ role: "system", content: "Answer briefly." }, { role: "user", content: "What is the capital of France?" }] });',
    after,
    "  res.json({ answer: out.choices[0]?.message.content });",
    "}",
  ].join("\n");
  const lines = [
    'import express from "express";',
    'import { expressjwt } from "express-jwt";',
    'import rateLimit from "express-rate-limit";',
    'import OpenAI from "openai";',
    'import { prisma } from "./db";',
    'import { redis } from "./redis";',
    'import { logger } from "./log";',
    imports,
    client,
    "const app = express();",
    'app.use(expressjwt({ secret: process.env.JWT_SECRET!, algorithms: ["HS256"] }));',
    "app.use(rateLimit({ windowMs: 60_000, limit: 20 }));",
    `app.post("/api/answer", ${wrap(handler)});`,
  ];
  return { ...SUPPORT, "src/app.ts": lines.join("\n") + "\n" };
}

async function run(files: Record<string, string>): Promise<ScanResult> {
  return scan({ target: project(files) });
}

function lg1(result: ScanResult): string[] {
  return result.findings.filter((f) => f.checklist.includes("LG-1")).map((f) => `${f.file}:${f.line}`);
}

function item(result: ScanResult, id: string) {
  const found = result.checklist.find((c) => c.id === id)!;
  return { status: found.status, evidence: (found.evidence ?? []).map((e) => `${e.file}:${e.line}`) };
}

describe("LG-1: an audit record of who used how many tokens", () => {
  it.each([
    ["a logger given the user, the model and the usage", "  logger.info({ userId, model: out.model, tokens: out.usage?.total_tokens });", "src/app.ts:17"],
    ["a Prisma row with the user and the usage", "  await prisma.usage.create({ data: { userId, tokens: out.usage!.total_tokens } });", "src/app.ts:17"],
    ["a count of the usage destructured first", "  const { prompt_tokens, completion_tokens } = out.usage!;\n  logger.info({ user: req.auth.sub, prompt_tokens, completion_tokens });", "src/app.ts:18"],
    ["a usage helper given the user and the usage", "  await recordUsage(userId, out.usage);", "src/app.ts:17"],
    ["a project function that writes what it is given", "  await saveStats(userId, out.usage);", "src/app.ts:17"],
  ])("%s is a record", async (_, after, evidence) => {
    const files = app(after, { imports: 'import { saveStats } from "./stats";\ndeclare function recordUsage(id: string, u: unknown): Promise<void>;' });
    const result = await run(files);
    expect(lg1(result)).toEqual([]);
    expect(item(result, "LG-1")).toEqual({ status: "pass", evidence: [evidence] });
  });

  it.each([
    ["LangSmith's wrapOpenAI", 'import { wrapOpenAI } from "langsmith/wrappers";', "const openai = wrapOpenAI(new OpenAI());"],
    ["Langfuse's observeOpenAI", 'import { observeOpenAI } from "langfuse";', "const openai = observeOpenAI(new OpenAI());"],
    ["a Helicone base URL from the env", "", "const openai = new OpenAI({ baseURL: process.env.HELICONE_BASE_URL });"],
    ["PostHog's OpenAI client", 'import { OpenAI as TracedOpenAI } from "@posthog/ai";\nimport { PostHog } from "posthog-node";', "const openai = new TracedOpenAI({ apiKey: process.env.OPENAI_API_KEY!, posthog: new PostHog(\"phc\") });"],
  ])("a client observed by %s records every call", async (_, imports, client) => {
    const result = await run(app("", { imports, client }));
    expect(lg1(result)).toEqual([]);
    expect(item(result, "LG-1").status).toBe("pass");
  });

  it("a handler traced by LangSmith's traceable is recorded", async () => {
    const result = await run(app("", { imports: 'import { traceable } from "langsmith/traceable";', wrap: (h) => `traceable(${h})` }));
    expect(lg1(result)).toEqual([]);
    expect(item(result, "LG-1")).toEqual({ status: "pass", evidence: ["src/app.ts:13"] });
  });

  it("a LangChain call given Langfuse's callback handler is recorded; without it, it is not", async () => {
    const chain = (config: string) => ({
      ...SUPPORT,
      "src/app.ts": [
        'import express from "express";',
        'import { expressjwt } from "express-jwt";',
        'import rateLimit from "express-rate-limit";',
        'import { ChatOpenAI } from "@langchain/openai";',
        'import { CallbackHandler } from "langfuse-langchain";',
        'const model = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 200 });',
        "const langfuse = new CallbackHandler();",
        "const app = express();",
        'app.use(expressjwt({ secret: process.env.JWT_SECRET!, algorithms: ["HS256"] }));',
        "app.use(rateLimit({ windowMs: 60_000, limit: 20 }));",
        'app.post("/api/answer", async (req: any, res: any) => {',
        `  const out = await model.invoke([["system", "Answer briefly."], ["human", "What is the capital of France?"]]${config});`,
        "  res.json({ answer: out.content });",
        "});",
      ].join("\n"),
    });
    const traced = await run(chain(", { callbacks: [langfuse] }"));
    expect(item(traced, "LG-1")).toEqual({ status: "pass", evidence: ["src/app.ts:7"] });
    expect(lg1(await run(chain("")))).toEqual(["src/app.ts:11"]);
  });

  it("a process-wide instrumentation records every route", async () => {
    const files = { ...app(""), "src/tracing.ts": 'import * as traceloop from "@traceloop/node-server-sdk";\ntraceloop.initialize({ appName: "answers" });\n' };
    const result = await run(files);
    expect(lg1(result)).toEqual([]);
    expect(item(result, "LG-1")).toEqual({ status: "pass", evidence: ["src/tracing.ts:1"] });
  });

  it.each([
    ["the completion printed whole", "  console.log(out);", ""],
    ["the prompt's size logged with the user", '  logger.info({ userId, chars: "What is the capital of France?".length });', "names the user but not the token usage"],
    ["usage returned to the client but never kept", "  res.setHeader(\"x-tokens\", String(out.usage?.total_tokens));", ""],
    ["usage stored without any user", "  await prisma.usage.create({ data: { model: out.model, tokens: out.usage!.total_tokens } });", "records token usage but no user identity"],
  ])("%s is no record", async (_, after, missing) => {
    const result = await run(app(after));
    expect(lg1(result)).toEqual(["src/app.ts:13"]);
    const message = result.findings.find((f) => f.checklist.includes("LG-1"))!.message;
    expect(message).toContain("POST /api/answer");
    if (missing) expect(message).toContain(missing);
  });

  it("a wrapper of the project's own named like LangSmith's is no integration", async () => {
    const files = { ...app("", { imports: 'import { wrapOpenAI } from "./wrap";', client: "const openai = wrapOpenAI(new OpenAI());" }), "src/wrap.ts": "export function wrapOpenAI<T>(c: T): T {\n  return c;\n}\n" };
    expect(lg1(await run(files))).toEqual(["src/app.ts:13"]);
  });
});

describe("RL-4: spend controls, shown as evidence", () => {
  it("usage added to a per-user counter is evidence", async () => {
    const result = await run(app("  await redis.incrby(`tokens:${userId}`, out.usage?.total_tokens ?? 0);"));
    expect(item(result, "RL-4")).toEqual({ status: "pass", evidence: ["src/app.ts:16"] });
    expect(result.findings.filter((f) => f.checklist.includes("RL-4"))).toEqual([]);
  });

  it("usage only logged is no spend control", async () => {
    const result = await run(app("  logger.info({ userId, tokens: out.usage?.total_tokens });"));
    expect(item(result, "RL-4")).toEqual({ status: "manual", evidence: [] });
  });

  it("usage handed to a converter, to a helper that only prints it, or kept in an in-memory Map is no spend control", async () => {
    const files = app(
      [
        "  const metadata = convertUsageMetadata(out.usage);",
        "  printUsage(out.usage);",
        "  const perStep = new Map<string, unknown>();",
        "  perStep.set(userId, out.usage);",
      ].join("\n"),
      { imports: 'import { convertUsageMetadata, printUsage } from "./usage-format";' },
    );
    files["src/usage-format.ts"] = 'export const convertUsageMetadata = (u: any) => ({ input: u?.prompt_tokens, output: u?.completion_tokens });\nexport function printUsage(u: unknown) { console.log("usage", u); }\n';
    expect(item(await run(files), "RL-4")).toEqual({ status: "manual", evidence: [] });
  });

  it("a per-user daily message count checked before the call is evidence; a per-IP request counter is a rate limit, not a budget", async () => {
    const route = (check: string) => ({
      ...SUPPORT,
      "src/app.ts": [
        'import express from "express";',
        'import { expressjwt } from "express-jwt";',
        'import OpenAI from "openai";',
        'import { redis } from "./redis";',
        "const openai = new OpenAI();",
        "const app = express();",
        "const hits = new Map<string, { count: number }>();",
        'app.use(expressjwt({ secret: process.env.JWT_SECRET!, algorithms: ["HS256"] }));',
        'app.post("/api/ask", async (req: any, res: any) => {',
        check,
        '  const out = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: "Name a colour." }] });',
        "  res.json({ answer: out.choices[0]?.message.content });",
        "});",
      ].join("\n"),
    });
    const daily = await run(route("  const sentToday = Number(await redis.incr(`day:${req.auth.sub}`));\n  if (sentToday > 50) return res.status(403).json({ error: \"daily limit reached\" });"));
    expect(item(daily, "RL-4")).toEqual({ status: "pass", evidence: ["src/app.ts:11"] });
    const perIp = await run(route("  const maxRequests = 30;\n  const current = hits.get(req.ip) ?? { count: 0 };\n  if (current.count >= maxRequests) return res.status(403).json({ error: \"slow down\" });\n  current.count++;\n  hits.set(req.ip, current);"));
    expect(item(perIp, "RL-4")).toEqual({ status: "manual", evidence: [] });
  });

  it("a limit answering 429 in a function named for a budget is evidence; one named for requests is a rate limit", async () => {
    const route = (file: string, fn: string, counter = "allowed") => ({
      ...SUPPORT,
      [`src/${file}.ts`]: [
        'import { redis } from "./redis";',
        `export async function ${fn}(userId: string) {`,
        `  const ${counter} = Number(await redis.incr(\`n:\${userId}\`)) <= 20;`,
        `  if (!${counter}) throw Object.assign(new Error("limit reached"), { statusCode: 429 });`,
        "}",
      ].join("\n"),
      "src/app.ts": [
        'import express from "express";',
        'import { expressjwt } from "express-jwt";',
        'import OpenAI from "openai";',
        `import { ${fn} } from "./${file}";`,
        "const openai = new OpenAI();",
        "const app = express();",
        'app.use(expressjwt({ secret: process.env.JWT_SECRET!, algorithms: ["HS256"] }));',
        'app.post("/api/ask", async (req: any, res: any) => {',
        `  await ${fn}(req.auth.sub);`,
        '  const out = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: "Name a colour." }] });',
        "  res.json({ answer: out.choices[0]?.message.content });",
        "});",
      ].join("\n"),
    });
    expect(item(await run(route("usage.service", "checkAndIncrementUsage")), "RL-4")).toEqual({ status: "pass", evidence: ["src/usage.service.ts:4"] });
    expect(item(await run(route("throttle", "checkRequestRate")), "RL-4")).toEqual({ status: "manual", evidence: [] });
  });

  it("a kill switch in the handler is evidence; another flag is not", async () => {
    const on = await run(app('  if (process.env.DISABLE_AI === "1") return res.status(503).end();'));
    expect(item(on, "RL-4")).toEqual({ status: "pass", evidence: ["src/app.ts:16"] });
    const other = await run(app('  if (process.env.DARK_MODE_ENABLED === "1") return res.status(503).end();'));
    expect(item(other, "RL-4").status).toBe("manual");
    const cache = await run(app('  if (process.env.DISABLE_MODEL_CACHE === "1") return res.status(503).end();'));
    expect(item(cache, "RL-4").status).toBe("manual");
  });

  it("tokens counted and priced is a cost estimate; counted to truncate is not", async () => {
    const priced = { ...app(""), "src/cost.ts": 'import { encode } from "gpt-tokenizer";\nconst PRICE_PER_TOKEN = 0.00000015;\nexport function estimateCost(text: string) {\n  return encode(text).length * PRICE_PER_TOKEN;\n}\n' };
    expect(item(await run(priced), "RL-4")).toEqual({ status: "pass", evidence: ["src/cost.ts:4"] });
    const counted = { ...app(""), "src/cost.ts": 'import Anthropic from "@anthropic-ai/sdk";\nconst anthropic = new Anthropic();\nexport async function estimateCost(text: string) {\n  const { input_tokens } = await anthropic.messages.countTokens({ model: "claude-3-5-haiku-latest", messages: [{ role: "user", content: text }] });\n  return input_tokens * 0.0000008;\n}\n' };
    expect(item(await run(counted), "RL-4")).toEqual({ status: "pass", evidence: ["src/cost.ts:4"] });
    const truncated = { ...app(""), "src/trim.ts": 'import { encode, decode } from "gpt-tokenizer";\nexport function trim(text: string) {\n  return decode(encode(text).slice(0, 1000));\n}\n' };
    expect(item(await run(truncated), "RL-4").status).toBe("manual");
  });

  it("is n/a without a model call", async () => {
    const result = await run({ ...SUPPORT, "src/app.ts": 'import express from "express";\nconst app = express();\napp.get("/", (_req, res) => res.send("ok"));\n' });
    expect(item(result, "RL-4").status).toBe("n/a");
    expect(item(result, "LG-1").status).toBe("n/a");
  });
});
