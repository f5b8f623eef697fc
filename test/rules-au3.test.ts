/**
 * AU-3 (privileged-ai-route-without-role-check) on small Express apps written to a temp dir:
 * which AI routes look privileged (whole words of the path, handler or file, camelCase-aware),
 * which role and plan checks count (a rejection must follow; chat roles, agent plans and
 * quotas are not role or plan checks), and the item's fail / pass / manual / n/a.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { nameWords, privilegedWord } from "../src/model/routes/roles.js";

const RULE = "privileged-ai-route-without-role-check";
const base = mkdtempSync(join(tmpdir(), "aigis-au3-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

const PACKAGE = JSON.stringify({ name: "t", type: "module", dependencies: { express: "^4", "express-jwt": "^8", "express-rate-limit": "^7", openai: "^4", "express-oauth2-jwt-bearer": "^1" } });
const AI = [
  'import OpenAI from "openai";',
  "const openai = new OpenAI();",
  "export async function ask(text: string) {",
  '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: text }] });',
  '  return r.choices[0]?.message?.content ?? "";',
  "}",
].join("\n");
const HEAD = [
  'import express from "express";',
  'import { expressjwt } from "express-jwt";',
  'import rateLimit from "express-rate-limit";',
  'import { ask } from "./ai.js";',
  "const app = express();",
  "app.use(rateLimit({ windowMs: 60_000, limit: 10 }));",
  'app.use(expressjwt({ secret: process.env.S!, algorithms: ["HS256"] }));',
];

async function scanFiles(files: Record<string, string>) {
  const dir = join(base, `p${++counter}`);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const result = await scan({ target: dir });
  const item = result.checklist.find((c) => c.id === "AU-3")!;
  return {
    rows: result.findings.filter((f) => f.ruleId === RULE).map((f) => `${f.file}:${f.line}`),
    messages: result.findings.filter((f) => f.ruleId === RULE).map((f) => f.message),
    status: item.status,
    evidence: (item.evidence ?? []).map((e) => `${e.file}:${e.line}`),
  };
}

/** Runs the scan on `src/app.ts` = HEAD + `body` (its first line is line 8), plus other files. */
function run(body: string[], files: Record<string, string> = {}) {
  return scanFiles({ "package.json": PACKAGE, "src/ai.ts": AI, "src/app.ts": [...HEAD, ...body].join("\n") + "\n", ...files });
}

describe("privileged words", () => {
  it.each([
    ["/api/admin/summarise", true],
    ["adminSummarise", true],
    ["/api/premium/rewrite", true],
    ["proOutline", true],
    ["back-office", true],
    ["superUserTools", true],
    ["/api/process", false],
    ["/api/products", false],
    ["proxy", false],
    ["approveDraft", false],
    ["/api/gemini-pro/chat", false],
    ["/api/gemini-1.5-pro", false],
    ["/api/moderation", false],
  ])("%s → %s", (name, privileged) => {
    expect(privilegedWord(nameWords(name)) !== undefined).toBe(privileged);
  });
});

describe("AU-3", () => {
  it("reports an admin AI route with no role check, and says why it looks privileged", async () => {
    const r = await run(['app.post("/api/admin/summarise", async (req, res) => res.json({ s: await ask(String(req.body.text).slice(0, 500)) }));']);
    expect(r.rows).toEqual(["src/app.ts:8"]);
    expect(r.messages[0]).toContain("`admin` in its path /api/admin/summarise");
    expect(r.status).toBe("fail");
  });

  it("a role compared with a rejection before the call is the check", async () => {
    const r = await run([
      'app.post("/api/admin/summarise", async (req: any, res) => {',
      '  if (req.auth?.role !== "admin") return res.sendStatus(403);',
      "  res.json({ s: await ask(String(req.body.text).slice(0, 500)) });",
      "});",
    ]);
    expect(r).toMatchObject({ rows: [], status: "pass", evidence: ["src/app.ts:9"] });
  });

  it("a positive check around the call, rejecting after it, counts", async () => {
    const r = await run([
      'app.post("/api/admin/summarise", async (req: any, res) => {',
      "  if (req.auth?.isAdmin) {",
      "    return res.json({ s: await ask(String(req.body.text).slice(0, 500)) });",
      "  }",
      "  return res.status(403).end();",
      "});",
    ]);
    expect(r).toMatchObject({ rows: [], status: "pass", evidence: ["src/app.ts:9"] });
  });

  it("a message's role is no caller's role", async () => {
    const r = await run([
      'app.post("/api/admin/chat", async (req: any, res) => {',
      '  if (req.body.messages.some((m: any) => m.role === "system")) return res.status(400).json({ error: "bad role" });',
      "  res.json({ s: await ask(String(req.body.messages.at(-1).content).slice(0, 500)) });",
      "});",
    ]);
    expect(r.rows).toEqual(["src/app.ts:8"]);
  });

  it("a role or plan the client sends is no role it holds", async () => {
    const r = await run([
      'app.post("/api/interview/questions", async (req: any, res) => {',
      "  const { role, plan } = req.body;",
      '  if (!role) return res.status(400).json({ error: "role is required" });',
      '  if (plan !== "pro") return res.status(402).json({ error: "upgrade" });',
      "  res.json({ s: await ask(String(role).slice(0, 100)) });",
      "});",
    ]);
    expect(r).toMatchObject({ rows: [], status: "manual", evidence: [] });
  });

  it("a branch that only logs is no rejection", async () => {
    const r = await run([
      'app.post("/api/outline", async (req: any, res) => {',
      '  if (req.auth?.plan !== "pro") console.error("free user on outline");',
      "  res.json({ s: await ask(String(req.body.text).slice(0, 500)) });",
      "});",
    ]);
    expect(r).toMatchObject({ rows: [], status: "manual", evidence: [] });
  });

  it("custom claims (Firebase, Supabase metadata) and CASL abilities are role checks", async () => {
    const claims = await run([
      'app.post("/api/admin/summarise", async (req: any, res) => {',
      "  const claims = req.auth as { admin?: boolean; app_metadata?: { role?: string } };",
      '  if (!claims.admin && claims.app_metadata?.role !== "moderator") return res.status(403).json({ error: "staff only" });',
      "  res.json({ s: await ask(String(req.body.text).slice(0, 500)) });",
      "});",
    ]);
    expect(claims).toMatchObject({ rows: [], status: "pass", evidence: ["src/app.ts:10"] });
    const casl = await run([
      "declare const ability: { can(action: string, subject: string): boolean };",
      'app.post("/api/admin/summarise", async (req: any, res) => {',
      '  if (!ability.can("summarise", "Ticket")) throw new Error("not allowed");',
      "  res.json({ s: await ask(String(req.body.text).slice(0, 500)) });",
      "});",
    ]);
    expect(casl).toMatchObject({ rows: [], status: "pass", evidence: ["src/app.ts:10"] });
  });

  it("a credit balance is a quota, not a plan check", async () => {
    const r = await run([
      'app.post("/api/pro/outline", async (req: any, res) => {',
      "  const credits = await getCredits(req.auth.sub);",
      '  if (credits <= 0) return res.status(402).json({ error: "no credits" });',
      "  res.json({ s: await ask(String(req.body.text).slice(0, 500)) });",
      "});",
      "async function getCredits(_id: string) { return 3; }",
    ]);
    expect(r.rows).toEqual(["src/app.ts:8"]);
  });

  it("a role middleware defined in another file, written as a ternary, counts", async () => {
    const r = await run(['import { adminOnly } from "./roles.js";', 'app.post("/api/admin/summarise", adminOnly, async (req, res) => res.json({ s: await ask(String(req.body.text).slice(0, 500)) }));'], {
      "src/roles.ts": ["export function adminOnly(req: any, res: any, next: any) {", "  return req.auth?.roles?.includes(\"admin\") ? next() : res.status(403).end();", "}"].join("\n"),
    });
    expect(r).toMatchObject({ rows: [], status: "pass", evidence: ["src/roles.ts:2"] });
  });

  it("a package's scope check on the route counts", async () => {
    const r = await run(['import { requiredScopes } from "express-oauth2-jwt-bearer";', 'app.post("/api/admin/summarise", requiredScopes("admin:ai"), async (req, res) => res.json({ s: await ask(String(req.body.text).slice(0, 500)) }));']);
    expect(r).toMatchObject({ rows: [], status: "pass", evidence: ["src/app.ts:9"] });
  });

  it("a handler named for a paid feature looks privileged", async () => {
    const r = await run(['app.post("/api/rewrite", async function premiumRewrite(req, res) { res.json({ s: await ask(String(req.body.text).slice(0, 500)) }); });']);
    expect(r.rows).toEqual(["src/app.ts:8"]);
    expect(r.messages[0]).toContain("`premium` in its handler's name premiumRewrite");
  });

  it("an agent's plan is no plan check; with no privileged route the item is manual", async () => {
    const r = await run([
      'app.post("/api/agent", async (req: any, res) => {',
      "  const plan = parsePlan(req.body.steps);",
      '  if (!plan) return res.status(400).json({ error: "no plan" });',
      "  res.json({ s: await ask(plan.slice(0, 500)) });",
      "});",
      'function parsePlan(steps: unknown) { return Array.isArray(steps) ? steps.join("\\n") : undefined; }',
    ]);
    expect(r).toMatchObject({ rows: [], status: "manual", evidence: [] });
  });

  it("leaving early for admins (a quota they skip) is no check; leaving early for non-admins is", async () => {
    const skip = await run([
      "async function countUse(auth: any) {",
      '  if (auth?.plan === "admin") return;',
      "  await Promise.resolve(auth);",
      "}",
      'app.post("/api/generate", async (req: any, res) => {',
      "  await countUse(req.auth);",
      "  res.json({ s: await ask(String(req.body.text).slice(0, 500)) });",
      "});",
    ]);
    expect(skip).toMatchObject({ rows: [], status: "manual", evidence: [] });
    const gate = await run([
      "async function onlyAdmins(auth: any) {",
      '  if (auth?.role !== "admin") return false;',
      "  return true;",
      "}",
      'app.post("/api/admin/generate", async (req: any, res) => {',
      "  if (!(await onlyAdmins(req.auth))) return res.status(403).end();",
      "  res.json({ s: await ask(String(req.body.text).slice(0, 500)) });",
      "});",
    ]);
    expect(gate).toMatchObject({ rows: [], status: "pass" });
  });

  it("a plan check on a route that does not look paid still passes the item", async () => {
    const r = await run([
      'app.post("/api/outline", async (req: any, res) => {',
      '  if (req.auth?.plan !== "pro") return res.status(402).json({ error: "upgrade" });',
      "  res.json({ s: await ask(String(req.body.text).slice(0, 500)) });",
      "});",
    ]);
    expect(r).toMatchObject({ rows: [], status: "pass", evidence: ["src/app.ts:9"] });
  });

  it("a table looked up by the caller's plan, rejected when there is no entry, shows the route knows its callers' plans (not a gate for a premium route); looked up by a plan the client sends, it shows nothing", async () => {
    const PLANS = "const PLANS: Record<string, { daily: number }> = { free: { daily: 5 }, pro: { daily: 200 } };";
    // A route at `path` (line 9) that looks up the settings of `plan` and answers 403 when there are none.
    const lookup = (path: string, plan: string) =>
      run([
        PLANS,
        `app.post("${path}", async (req: any, res) => {`,
        "  const account = await loadAccount(req.auth.sub);",
        `  const planSettings = PLANS[${plan}];`,
        '  if (!planSettings) return res.status(403).json({ error: "unknown plan" });',
        "  res.json({ s: await ask(String(req.body.text).slice(0, 500)) });",
        "});",
        "declare function loadAccount(id: string): Promise<{ plan: string }>;",
      ]);
    expect(await lookup("/api/outline", "account.plan")).toMatchObject({ rows: [], status: "pass", evidence: ["src/app.ts:12"] });
    // Every known plan passes such a lookup: it is no gate on a route meant for some callers only.
    expect(await lookup("/api/premium/outline", "account.plan")).toMatchObject({ rows: ["src/app.ts:9"], status: "fail", evidence: [] });
    const sent = await lookup("/api/outline", "req.body.userPlan");
    expect(sent).toMatchObject({ rows: [], status: "manual", evidence: [] });
  });

  it("an admin route without a model call is not judged: no AI route, n/a", async () => {
    const r = await run(['app.get("/admin/stats", (_req, res) => { res.json({ ok: true }); });', "void ask;"]);
    expect(r).toMatchObject({ rows: [], status: "n/a" });
  });
});

it("names split into words on punctuation and camelCase", () => {
  expect(nameWords("APIProxy")).toEqual(["api", "proxy"]);
  expect(nameWords("stripeSubscriptionStatus")).toEqual(["stripe", "subscription", "status"]);
  expect(nameWords("/api/gemini-1.5-pro")).toEqual(["api", "gemini", "1", "5", "pro"]);
  expect(nameWords("ADMIN_EMAILS")).toEqual(["admin", "emails"]);
});

it("tRPC: an admin procedure whose middleware checks the role passes, the admin router's procedure on the signed-in builder is reported", async () => {
  const r = await scanFiles({
    "package.json": JSON.stringify({ name: "web", dependencies: { "@trpc/server": "^11", openai: "^4", zod: "^3" } }),
    "src/ai.ts": AI,
    "src/trpc.ts": [
      'import { initTRPC, TRPCError } from "@trpc/server";',
      "type Ctx = { session?: { user: { id: string; role: \"USER\" | \"ADMIN\" } } };",
      "const t = initTRPC.context<Ctx>().create();",
      "export const router = t.router;",
      "export const signedIn = t.procedure.use(({ ctx, next }) => {",
      '  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED" });',
      "  return next({ ctx: { user: ctx.session.user } });",
      "});",
      "export const adminProcedure = signedIn.use(({ ctx, next }) => {",
      '  if (ctx.user.role !== "ADMIN") throw new TRPCError({ code: "FORBIDDEN" });',
      "  return next();",
      "});",
    ].join("\n"),
    "src/admin.ts": [
      'import { z } from "zod";',
      'import { adminProcedure, router, signedIn } from "./trpc";',
      'import { ask } from "./ai";',
      "export const adminRouter = router({",
      "  summarise: adminProcedure.input(z.string().max(500)).mutation(({ input }) => ask(input)),",
      "  draft: signedIn.input(z.string().max(500)).mutation(({ input }) => ask(input)),",
      "});",
      "export const appRouter = router({ admin: adminRouter });",
    ].join("\n"),
  });
  expect(r).toMatchObject({ rows: ["src/admin.ts:6"], status: "fail", evidence: ["src/trpc.ts:10"] });
});

it("Next.js: a Clerk middleware that asks for a role on the admin routes' matcher only covers those routes", async () => {
  const route = [
    'import OpenAI from "openai";',
    "const openai = new OpenAI();",
    "export async function POST(req: Request) {",
    "  const { q } = await req.json();",
    '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: String(q).slice(0, 200) }] });',
    "  return Response.json({ a: r.choices[0]?.message.content });",
    "}",
  ].join("\n");
  const files = (protectAdmin: string) => ({
    "package.json": JSON.stringify({ name: "w", dependencies: { next: "14", "@clerk/nextjs": "6", openai: "4" } }),
    "app/api/admin/ask/route.ts": route,
    "app/api/ask/route.ts": route,
    "middleware.ts": [
      'import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";',
      'const isAdminRoute = createRouteMatcher(["/api/admin(.*)"]);',
      "export default clerkMiddleware(async (auth, req) => {",
      `  if (isAdminRoute(req)) await auth.protect(${protectAdmin});`,
      "  else await auth.protect();",
      "});",
    ].join("\n"),
  });
  expect(await scanFiles(files('{ role: "org:admin" }'))).toMatchObject({ rows: [], status: "pass", evidence: ["middleware.ts:4"] });
  expect(await scanFiles(files(""))).toMatchObject({ rows: ["app/api/admin/ask/route.ts:3"], status: "fail", evidence: [] });
});
