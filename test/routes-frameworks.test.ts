/**
 * Routes of the file-based frameworks (Next.js, SvelteKit, Nuxt/Nitro, Remix/React
 * Router) on small projects written to a temp dir: the exact routes (method, path,
 * file:line of the declaration), and for the routes that reach a model, the auth and
 * rate-limit evidence with where it applies, both when it is there and when it is not.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import type { Evidence } from "../src/model/routes/types.js";

const base = mkdtempSync(join(tmpdir(), "aigis-routes-fw-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

const FRAMEWORKS = new Set(["Next.js", "SvelteKit", "Nuxt", "Nitro", "Remix", "React Router"]);

async function routesOf(files: Record<string, string>) {
  const dir = join(base, `p${++counter}`);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const { project, ts } = await loadProject(dir, defaultConfig());
  const model = project.routes(ts);
  const at = (file: string, start: number) => `${file}:${project.file(file)!.positionAt(start).line}`;
  const show = (e: Evidence) => `${e.label} @ ${e.scope} (${at(e.file, e.start)})`;
  return {
    routes: model.routes.filter((r) => FRAMEWORKS.has(r.framework)).map((r) => [r.method, r.path, at(r.file, r.start)]),
    ai: Object.fromEntries(model.aiRoutes.map((a) => [`${a.route.method} ${a.route.path}`, { auth: a.auth.map(show), rateLimit: a.rateLimit.map(show) }])),
    model,
  };
}

const OPENAI = 'import OpenAI from "openai";\nexport const openai = new OpenAI();\nexport async function complete(prompt: string) {\n  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });\n  return r.choices[0].message.content;\n}\n';
const pkg = (deps: Record<string, string>) => JSON.stringify({ name: "app", dependencies: { openai: "^4", ...deps } });

// ---------------------------------------------------------------------------------------

describe("Next.js", () => {
  const NEXT = pkg({ next: "15.0.0", "next-auth": "^5" });

  it("app router handlers: paths from directories, every method export, wrappers as chain entries", async () => {
    const { routes, ai } = await routesOf({
      "package.json": NEXT,
      "lib/ai.ts": OPENAI,
      "lib/with-auth.ts":
        'import { getToken } from "next-auth/jwt";\nexport function withAuth(handler: (req: Request) => Promise<Response>) {\n  return async (req: Request) => {\n    const token = await getToken({ req } as any);\n    if (!token) return new Response("Unauthorized", { status: 401 });\n    return handler(req);\n  };\n}\n',
      "src/app/api/chat/route.ts": 'import { complete } from "@/lib/ai";\n\nexport async function POST(req: Request) {\n  const { prompt } = await req.json();\n  return Response.json({ text: await complete(prompt) });\n}\n\nexport function GET() {\n  return Response.json({ ok: true });\n}\n',
      "src/app/(chat)/api/threads/[id]/route.ts": 'import { withAuth } from "@/lib/with-auth";\nimport { complete } from "@/lib/ai";\n\nexport const POST = withAuth(async (req) => Response.json({ text: await complete(await req.text()) }));\n',
      "src/app/@modal/docs/[...slug]/route.ts": "export const GET = async () => new Response('docs');\n",
      "src/app/_lib/route.ts": "export function GET() { return new Response('not routed'); }\n",
      "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }',
    });
    expect(routes).toEqual([
      ["POST", "/api/threads/:id", "src/app/(chat)/api/threads/[id]/route.ts:4"],
      ["GET", "/docs/*", "src/app/@modal/docs/[...slug]/route.ts:1"],
      ["POST", "/api/chat", "src/app/api/chat/route.ts:3"],
      ["GET", "/api/chat", "src/app/api/chat/route.ts:8"],
    ]);
    expect(ai).toEqual({
      "POST /api/threads/:id": { auth: ["NextAuth @ wrapper withAuth() (lib/with-auth.ts:4)", "custom check that rejects the caller (401/403 or a redirect to log in) @ wrapper withAuth() (lib/with-auth.ts:5)"], rateLimit: [] },
      "POST /api/chat": { auth: [], rateLimit: [] },
    });
  });

  const CHAT = 'import { complete } from "../../../lib/ai";\n\nexport async function POST(req: Request) {\n  return Response.json({ text: await complete(await req.text()) });\n}\n';
  const AUTH_V5 = 'import NextAuth from "next-auth";\nimport GitHub from "next-auth/providers/github";\n\nexport const { handlers, auth, signIn, signOut } = NextAuth({ providers: [GitHub] });\n';

  it("middleware.ts: a matcher that covers /api/chat and not /api/complete (NextAuth v5 auth re-exported as middleware)", async () => {
    const { routes, ai } = await routesOf({
      "package.json": NEXT,
      "lib/ai.ts": OPENAI,
      "auth.ts": AUTH_V5,
      "middleware.ts": 'export { auth as middleware } from "./auth";\n\nexport const config = {\n  matcher: ["/api/chat/:path*", { source: "/dashboard/:path+" }],\n};\n',
      "app/api/chat/route.ts": CHAT,
      "app/api/complete/route.ts": CHAT,
    });
    expect(routes).toEqual([
      ["POST", "/api/chat", "app/api/chat/route.ts:3"],
      ["POST", "/api/complete", "app/api/complete/route.ts:3"],
    ]);
    expect(ai).toEqual({
      "POST /api/chat": { auth: ["NextAuth @ middleware.ts (matcher covers /api/chat) (middleware.ts:1)"], rateLimit: [] },
      "POST /api/complete": { auth: [], rateLimit: [] },
    });
  });

  it("Clerk: a negative look-ahead matcher runs clerkMiddleware everywhere, createRouteMatcher + auth.protect() protects only /api/chat", async () => {
    const { ai } = await routesOf({
      "package.json": pkg({ next: "15.0.0", "@clerk/nextjs": "^6" }),
      "lib/ai.ts": OPENAI,
      "src/middleware.ts":
        'import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";\n\nconst isProtectedRoute = createRouteMatcher(["/dashboard(.*)", "/api/chat(.*)"]);\n\nexport default clerkMiddleware(async (auth, req) => {\n  if (isProtectedRoute(req)) await auth.protect();\n});\n\nexport const config = {\n  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],\n};\n',
      "src/app/api/chat/route.ts": 'import { complete } from "../../../../lib/ai";\nexport async function POST(req: Request) {\n  return Response.json({ text: await complete(await req.text()) });\n}\n',
      "src/app/api/complete/route.ts": 'import { complete } from "../../../../lib/ai";\nexport async function POST(req: Request) {\n  return Response.json({ text: await complete(await req.text()) });\n}\n',
    });
    expect(ai).toEqual({
      "POST /api/chat": { auth: ["Clerk auth.protect() @ middleware.ts (matcher covers /api/chat) (src/middleware.ts:6)"], rateLimit: [] },
      "POST /api/complete": { auth: [], rateLimit: [] },
    });
  });

  it("Clerk: public routes excluded with a negated matcher and an early return; clerkMiddleware() alone protects nothing", async () => {
    const files = (middleware: string) => ({
      "package.json": pkg({ next: "15.0.0", "@clerk/nextjs": "^6" }),
      "lib/ai.ts": OPENAI,
      "middleware.ts": middleware,
      "app/api/chat/route.ts": CHAT,
      "app/api/public/route.ts": CHAT,
    });
    const negated = await routesOf(
      files('import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";\nconst isPublicRoute = createRouteMatcher(["/sign-in(.*)", "/api/public"]);\nexport default clerkMiddleware(async (auth, request) => {\n  if (isPublicRoute(request)) return;\n  await auth.protect();\n});\n'),
    );
    expect(negated.ai).toEqual({
      "POST /api/chat": { auth: ["Clerk auth.protect() @ middleware.ts (no matcher: every path) (middleware.ts:5)"], rateLimit: [] },
      "POST /api/public": { auth: [], rateLimit: [] },
    });
    const bare = await routesOf(files('import { clerkMiddleware } from "@clerk/nextjs/server";\nexport default clerkMiddleware();\nexport const config = { matcher: ["/(api|trpc)(.*)"] };\n'));
    expect(bare.ai["POST /api/chat"]).toEqual({ auth: [], rateLimit: [] });
  });

  it("a middleware function with a rate limiter and no matcher covers every route; NextAuth v4 middleware re-exported with a matcher", async () => {
    const limited = await routesOf({
      "package.json": pkg({ next: "14.2.0", "@upstash/ratelimit": "^2", "@upstash/redis": "^1" }),
      "lib/ai.ts": OPENAI,
      "middleware.ts":
        'import { NextResponse, type NextRequest } from "next/server";\nimport { Ratelimit } from "@upstash/ratelimit";\nimport { Redis } from "@upstash/redis";\n\nconst ratelimit = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.slidingWindow(10, "10 s") });\n\nexport async function middleware(request: NextRequest) {\n  const { success } = await ratelimit.limit(request.ip ?? "anonymous");\n  return success ? NextResponse.next() : new NextResponse("Too many requests", { status: 429 });\n}\n',
      "app/api/chat/route.ts": CHAT,
    });
    expect(limited.ai).toEqual({ "POST /api/chat": { auth: [], rateLimit: ["@upstash/ratelimit @ middleware.ts (no matcher: every path) (middleware.ts:8)"] } });
    const v4 = await routesOf({
      "package.json": pkg({ next: "14.2.0", "next-auth": "^4" }),
      "lib/ai.ts": OPENAI,
      "middleware.ts": 'export { default } from "next-auth/middleware";\nexport const config = { matcher: ["/api/chat"] };\n',
      "app/api/chat/route.ts": CHAT,
      "app/api/complete/route.ts": CHAT,
    });
    expect(v4.ai).toEqual({
      "POST /api/chat": { auth: ["NextAuth middleware @ middleware.ts (matcher covers /api/chat) (middleware.ts:1)"], rateLimit: [] },
      "POST /api/complete": { auth: [], rateLimit: [] },
    });
  });

  it("pages API routes: default exports, a withAuth-wrapped one, Auth0's withApiAuthRequired, and an open one", async () => {
    const { routes, ai } = await routesOf({
      "package.json": pkg({ next: "14.2.0", "next-auth": "^4", "@auth0/nextjs-auth0": "^3" }),
      "lib/ai.ts": OPENAI,
      "lib/with-auth.ts":
        'import type { NextApiHandler } from "next";\nimport { getServerSession } from "next-auth/next";\nimport { authOptions } from "./auth-options";\n\nexport const withAuth = (handler: NextApiHandler): NextApiHandler => async (req, res) => {\n  const session = await getServerSession(req, res, authOptions);\n  if (!session) return res.status(401).json({ error: "Unauthorized" });\n  return handler(req, res);\n};\n',
      "lib/auth-options.ts": "export const authOptions = { providers: [] };\n",
      "pages/api/chat.ts": 'import type { NextApiRequest, NextApiResponse } from "next";\nimport { withAuth } from "../../lib/with-auth";\nimport { complete } from "../../lib/ai";\n\nasync function handler(req: NextApiRequest, res: NextApiResponse) {\n  res.json({ text: await complete(req.body.prompt) });\n}\n\nexport default withAuth(handler);\n',
      "pages/api/summarise/index.ts": 'import { withApiAuthRequired } from "@auth0/nextjs-auth0";\nimport { complete } from "../../../lib/ai";\n\nexport default withApiAuthRequired(async function summarise(req, res) {\n  res.json({ text: await complete(req.body.text) });\n});\n',
      "pages/api/open/[id].ts": 'import { complete } from "../../../lib/ai";\n\nexport default async function handler(req: any, res: any) {\n  res.json({ text: await complete(String(req.query.id)) });\n}\n',
      "pages/index.tsx": "export default function Home() { return null; }\n",
    });
    expect(routes).toEqual([
      ["ALL", "/api/chat", "pages/api/chat.ts:9"],
      ["ALL", "/api/open/:id", "pages/api/open/[id].ts:3"],
      ["ALL", "/api/summarise", "pages/api/summarise/index.ts:4"],
    ]);
    expect(ai).toEqual({
      "ALL /api/chat": {
        auth: ["NextAuth @ wrapper withAuth() (lib/with-auth.ts:6)", "custom check that rejects the caller (401/403 or a redirect to log in) @ wrapper withAuth() (lib/with-auth.ts:7)"],
        rateLimit: [],
      },
      "ALL /api/open/:id": { auth: [], rateLimit: [] },
      "ALL /api/summarise": { auth: ["Auth0 @ wrapper withApiAuthRequired() (pages/api/summarise/index.ts:4)"], rateLimit: [] },
    });
  });

  it("server actions: a \"use server\" module (one checks the session, one does not) and an inline action in a page; middleware reaches them through the pages that use them", async () => {
    const { routes, ai } = await routesOf({
      "package.json": NEXT,
      "lib/ai.ts": OPENAI,
      "auth.ts": AUTH_V5,
      "app/actions.ts":
        '"use server";\n\nimport { auth } from "@/auth";\nimport { complete } from "@/lib/ai";\n\nexport async function ask(prompt: string) {\n  const session = await auth();\n  if (!session?.user) throw new Error("Unauthorized");\n  return complete(prompt);\n}\n\nexport const summarise = async (text: string) => {\n  return complete(`Summarise: ${text}`);\n};\n',
      "app/chat/page.tsx": 'import { ask } from "../actions";\nimport { complete } from "@/lib/ai";\n\nexport default function Page() {\n  async function translate(formData: FormData) {\n    "use server";\n    await complete(String(formData.get("text")));\n  }\n  return <form action={translate}><button formAction={ask}>Go</button></form>;\n}\n',
      "middleware.ts": 'import { NextResponse } from "next/server";\nexport function middleware(req: any) {\n  if (!req.cookies.get("session")) return new NextResponse("Unauthorized", { status: 401 });\n  return NextResponse.next();\n}\nexport const config = { matcher: ["/chat/:path*"] };\n',
      "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }',
    });
    expect(routes).toEqual([
      ["ACTION", "ask", "app/actions.ts:6"],
      ["ACTION", "summarise", "app/actions.ts:12"],
      ["ACTION", "translate", "app/chat/page.tsx:5"],
    ]);
    const mw = "custom check that rejects the caller (401/403 or a redirect to log in) @ middleware.ts (matcher covers /chat) (middleware.ts:3)";
    expect(ai).toEqual({
      "ACTION ask": { auth: [mw, "NextAuth @ handler (app/actions.ts:7)", "custom check that rejects the caller (401/403 or a redirect to log in) @ handler (app/actions.ts:8)"], rateLimit: [] },
      "ACTION summarise": { auth: [mw], rateLimit: [] },
      "ACTION translate": { auth: [mw], rateLimit: [] },
    });
  });
});
