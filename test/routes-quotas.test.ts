/**
 * RL-1 and quotas: a per-user quota checked before the model call is a limit whatever it
 * answers (402, 403, a redirect, a thrown error); a balance the client sends, a bound on the
 * request's size, a counter only logged or checked after the call are not. A 403 a quota
 * answers is no authentication (AU-1). Also: reachability through callbacks, and calls
 * that generate nothing.
 */
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";

const project = tempProjects("aigis-quotas-");

const PACKAGE = JSON.stringify({ name: "quota-app", dependencies: { express: "^4", "express-jwt": "^8", openai: "^4", ioredis: "^5", "@upstash/redis": "^1", "@prisma/client": "^5" } });
const SUPPORT: Record<string, string> = {
  "package.json": PACKAGE,
  "src/db.ts": 'import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n',
  "src/redis.ts": 'import Redis from "ioredis";\nexport const redis = new Redis();\n',
  "src/credits.ts": 'import { prisma } from "./db";\nexport async function hasCredits(userId: string) {\n  const u = await prisma.user.findUnique({ where: { id: userId } });\n  return Boolean(u);\n}\n',
};

/** An Express app behind express-jwt whose one AI route (line 12) runs `check` before (or after) its model call. */
function app(check: string, { auth = true, after = "" }: { auth?: boolean; after?: string } = {}): Record<string, string> {
  const lines = [
    'import express from "express";',
    'import { expressjwt } from "express-jwt";',
    'import OpenAI from "openai";',
    'import { Redis as Upstash } from "@upstash/redis";',
    'import { prisma } from "./db";',
    'import { redis } from "./redis";',
    'import { hasCredits } from "./credits";',
    "const openai = new OpenAI();",
    "const upstash = Upstash.fromEnv();",
    "const app = express();",
    auth ? 'app.use(expressjwt({ secret: process.env.JWT_SECRET!, algorithms: ["HS256"] }));' : "app.use(express.json());",
    'app.post("/api/answer", async (req: any, res) => {',
    "  const userId: string = req.auth.sub;",
    "  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });",
    check,
    '  const out = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "system", content: "Answer briefly." }, { role: "user", content: "What is the capital of France?" }] });',
    after,
    "  res.json(out.choices[0]?.message);",
    "});",
  ];
  return { ...SUPPORT, "src/app.ts": lines.join("\n") + "\n" };
}

async function routeFindings(files: Record<string, string>): Promise<string[]> {
  const result = await scan({ target: project(files) });
  return result.findings.filter((f) => f.checklist[0] === "AU-1" || f.checklist[0] === "RL-1").map((f) => `${f.checklist[0]} ${f.file}:${f.line}`);
}

describe("quotas are rate-limit evidence", () => {
  it.each([
    ["a credit balance at zero answers 402", '  if (user.credits <= 0) return res.status(402).json({ error: "Out of credits" });'],
    ["a balance below the cost throws", '  if (user.creditBalance < 5) throw new Error("Insufficient credits");'],
    ["a stock read into a variable, tested and compared from below", '  const tokens = user.aitokens;\n  if (!tokens || tokens < 1) return res.status(402).end();'],
    ["today's count past the daily limit redirects to pricing", '  const DAILY_LIMIT = 20;\n  const sentToday = await prisma.message.count({ where: { userId } });\n  if (sentToday >= DAILY_LIMIT) return res.redirect("/pricing");'],
    ["a Redis counter (incr + expire) past a number answers 403", '  const n = await redis.incr(`q:${userId}`);\n  if (n === 1) await redis.expire(`q:${userId}`, 86400);\n  if (n > 20) return res.sendStatus(403);'],
    ["an Upstash value read with get, past a number", "  const v: number = (await upstash.get(userId)) as number;\n  if (v > 100) return res.status(402).end();"],
    ["today's messages against the plan's entitlement", "  const plan = { dailyMessages: 50 };\n  if (user.messagesToday >= plan.dailyMessages) return res.redirect(\"/upgrade\");"],
    ["a used counter against a constant", "  const DAILY_MESSAGES = 50;\n  if (user.dailyMessagesUsed >= DAILY_MESSAGES) return res.status(402).end();"],
    ["a quota helper's answer", '  if (!(await hasCredits(userId))) return res.status(402).json({ error: "Buy credits" });'],
  ])("%s", async (_name, check) => {
    expect(await routeFindings(app(check))).toEqual([]);
  });
});

describe("what is no quota", () => {
  it.each([
    ["a balance the client sends", '  if (req.body.credits < 1) return res.status(402).end();'],
    ["a bound on the request's size", '  if (String(req.body.q ?? "").length > 2000) return res.status(413).end();'],
    ["a request option named like a stock", '  const limit = Number(req.query.limit);\n  if (limit < 1) return res.status(400).end();'],
    ["a retry counter", "  const retryCount = Number(req.get(\"x-retry\"));\n  if (retryCount >= 3) throw new Error(\"too many retries\");"],
    ["a credits flag that lets the call through", '  if (!user.useCredits) return res.json({ note: "using your own key" });'],
    ["a balance only logged", '  if (user.credits < 1) console.warn("user is out of credits");'],
    ["a value of a plain Map", "  const seen = new Map<string, number>();\n  const v = seen.get(userId) ?? 0;\n  if (v > 3) return res.status(400).end();"],
  ])("%s: RL-1", async (_name, check) => {
    expect(await routeFindings(app(check))).toEqual(["RL-1 src/app.ts:12"]);
  });

  it("a counter checked only after the model call: RL-1", async () => {
    expect(await routeFindings(app("", { after: "  if (user.credits <= 0) return res.status(402).end();" }))).toEqual(["RL-1 src/app.ts:12"]);
  });
});

describe("a 403 a quota answers is no authentication", () => {
  it("an anonymous route limited by a counter that answers 403: AU-1 only", async () => {
    expect(await routeFindings(app('  const n = await redis.incr(String(req.ip));\n  if (n > 3) return res.status(403).json({ error: "Sign up to continue" });', { auth: false }))).toEqual(["AU-1 src/app.ts:12"]);
  });

  it("a free trial checked by a helper and answered with 403: AU-1 only", async () => {
    const files = app('  const freeTrial = await checkApiLimit(userId);\n  const isPro = false;\n  if (!freeTrial && !isPro) return res.status(403).json({ error: "Free trial has expired" });', { auth: false });
    files["src/app.ts"] = files["src/app.ts"]!.replace('import { hasCredits } from "./credits";', 'import { hasCredits, checkApiLimit } from "./credits";');
    files["src/credits.ts"] += "export async function checkApiLimit(userId: string) {\n  const row = await prisma.apiLimit.findUnique({ where: { userId } });\n  return !row || row.count < 5;\n}\n";
    expect(await routeFindings(files)).toEqual(["AU-1 src/app.ts:12"]);
  });

  it("a check on the session beside the quota still authenticates", async () => {
    expect(await routeFindings(app('  if (!req.auth || user.credits < 1) return res.status(403).end();', { auth: false }))).toEqual([]);
  });
});

describe("reachability", () => {
  const EMBED = {
    "package.json": JSON.stringify({ name: "rag", dependencies: { next: "14", openai: "^4" } }),
    "lib/embed.ts": 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function embedPost(text: string) {\n  const r = await openai.embeddings.create({ model: "text-embedding-3-small", input: text });\n  return r.data[0]!.embedding;\n}\nexport async function embedAll(posts: string[]) {\n  return Promise.all(posts.map(embedPost));\n}\n',
    "app/api/index/route.ts": 'import { embedAll } from "@/lib/embed";\nexport async function POST(req: Request) {\n  const { posts } = await req.json();\n  return Response.json(await embedAll(posts));\n}\n',
    "tsconfig.json": JSON.stringify({ compilerOptions: { paths: { "@/*": ["./*"] } } }),
  };

  it("a function handed to map runs there: embeddings per post make an AI route", async () => {
    expect(await routeFindings(EMBED)).toEqual(["AU-1 app/api/index/route.ts:2", "RL-1 app/api/index/route.ts:2"]);
  });

  it("a route that only lists models or counts tokens is no AI route", async () => {
    const files = {
      "package.json": JSON.stringify({ name: "picker", dependencies: { next: "14" } }),
      "app/api/models/route.ts": 'export async function GET() {\n  const r = await fetch("https://api.openai.com/v1/models", { headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` } });\n  return Response.json(await r.json());\n}\n',
      "app/api/count/route.ts": 'export async function POST(req: Request) {\n  const r = await fetch("https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:countTokens", { method: "POST", body: JSON.stringify(await req.json()) });\n  return Response.json(await r.json());\n}\n',
      "app/api/chat/route.ts": 'export async function POST(req: Request) {\n  const r = await fetch("https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent", { method: "POST", body: JSON.stringify({ contents: [{ parts: [{ text: "hello" }] }], generationConfig: { maxOutputTokens: 50 } }) });\n  return Response.json(await r.json());\n}\n',
    };
    expect(await routeFindings(files)).toEqual(["AU-1 app/api/chat/route.ts:1", "RL-1 app/api/chat/route.ts:1"]);
  });

  it("a URL known only up to `/models/` is a model call when posted to, the catalogue when read", async () => {
    const files = {
      "package.json": JSON.stringify({ name: "hub", dependencies: { next: "14", axios: "^1" } }),
      // Hugging Face's inference API generates at `POST /models/<id>`.
      "app/api/generate/route.ts": 'export async function POST(req: Request) {\n  const { model, prompt } = await req.json();\n  const r = await fetch(`https://api-inference.huggingface.co/models/${model}`, { method: "POST", headers: { Authorization: `Bearer ${process.env.HF_TOKEN}` }, body: JSON.stringify({ inputs: prompt }) });\n  return Response.json(await r.json());\n}\n',
      // The same prefix read (one model's card), and a version's metadata.
      "app/api/card/route.ts": 'import axios from "axios";\nexport async function POST(req: Request) {\n  const { model } = await req.json();\n  const card = await fetch(`https://api.openai.com/v1/models/${model}`, { headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` } });\n  const version = await axios.get("https://api.replicate.com/v1/models/stability-ai/sdxl/versions/7762fd07", { headers: { Authorization: `Token ${process.env.REPLICATE_API_TOKEN}` } });\n  return Response.json({ card: await card.json(), version: version.data });\n}\n',
    };
    expect(await routeFindings(files)).toEqual(["AU-1 app/api/generate/route.ts:1", "RL-1 app/api/generate/route.ts:1"]);
  });
});

describe("a model call on one side of a quota check", () => {
  const branchApp = (body: string[]) => ({
    ...SUPPORT,
    "src/app.ts": [
      'import express from "express";',
      'import { expressjwt } from "express-jwt";',
      'import OpenAI from "openai";',
      'import { prisma } from "./db";',
      "const openai = new OpenAI();",
      "const app = express();",
      'app.use(expressjwt({ secret: process.env.JWT_SECRET!, algorithms: ["HS256"] }));',
      'app.post("/api/answer", async (req: any, res) => {',
      "  const user = await prisma.user.findUniqueOrThrow({ where: { id: req.auth.sub } });",
      '  let reply = "";',
      ...body,
      "  res.json({ reply });",
      "});",
      "",
    ].join("\n"),
  });
  const ask = '    reply = String((await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: "hi" }] })).choices[0]?.message.content);';

  it("in the else of an over-quota branch that only sets a message, or the then of an under-quota check: limited", async () => {
    expect(await routeFindings(branchApp(["  if (user.tokenLimit !== 0 && user.tokenUsage > user.tokenLimit) {", '    reply = "Your token quota is used up";', "  } else {", ask, "  }"]))).toEqual([]);
    expect(await routeFindings(branchApp(["  if (user.credits > 0) {", ask, "  }"]))).toEqual([]);
  });

  it("on one side of a check of something else: RL-1", async () => {
    expect(await routeFindings(branchApp(["  if (req.body.short) {", '    reply = "ok";', "  } else {", ask, "  }"]))).toEqual(["RL-1 src/app.ts:8"]);
  });
});

describe("a quota checked only for some models", () => {
  const paidModelsOnly = '  const model = { isFree: req.body.model === "mini" };\n  if (!model.isFree) { if (user.balance <= 0) throw new Error("Please deposit first"); }';

  it("is no limit on the route (a caller picks a model it does not cover): RL-1; one checked for free users only still limits", async () => {
    expect(await routeFindings(app(paidModelsOnly))).toEqual(["RL-1 src/app.ts:12"]);
    const freeUsersOnly = '  if (!user.isSubscriber) { if (user.freeTrialMessages <= 0) return res.redirect("/pricing"); }';
    expect(await routeFindings(app(freeUsersOnly))).toEqual([]);
  });

  it("is still the paid models' per-user budget (RL-4 passes, with the check as evidence); without it RL-4 stays manual", async () => {
    const rl4 = async (check: string) => {
      const item = (await scan({ target: project(app(check)) })).checklist.find((c) => c.id === "RL-4")!;
      return { status: item.status, evidence: (item.evidence ?? []).map((e) => `${e.file}:${e.line} ${e.note}`) };
    };
    expect(await rl4(paidModelsOnly)).toEqual({
      status: "pass",
      evidence: ["src/app.ts:16 per-user quota check for some models only (user.balance <= 0) before the model call of POST /api/answer"],
    });
    expect((await rl4('  const model = { isFree: req.body.model === "mini" };')).status).toBe("manual");
  });
});
