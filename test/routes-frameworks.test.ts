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
import { covers, pathToRegExp, routeRuleToRegExp } from "../src/model/routes/path-patterns.js";
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
  const ACTIONS_APP: Record<string, string> = {
    "lib/ai.ts": OPENAI,
    "auth.ts": AUTH_V5,
    "app/actions.ts":
      '"use server";\n\nimport { auth } from "@/auth";\nimport { complete } from "@/lib/ai";\n\nexport async function ask(prompt: string) {\n  const session = await auth();\n  if (!session?.user) throw new Error("Unauthorized");\n  return complete(prompt);\n}\n\nexport const summarise = async (text: string) => {\n  return complete(`Summarise: ${text}`);\n};\n',
    "app/chat/page.tsx": 'import { ask } from "../actions";\nimport { complete } from "@/lib/ai";\n\nexport default function Page() {\n  async function translate(formData: FormData) {\n    "use server";\n    await complete(String(formData.get("text")));\n  }\n  return <form action={translate}><button formAction={ask}>Go</button></form>;\n}\n',
    "middleware.ts": 'import { NextResponse } from "next/server";\nexport function middleware(req: any) {\n  if (!req.cookies.get("session")) return new NextResponse("Unauthorized", { status: 401 });\n  return NextResponse.next();\n}\nexport const config = { matcher: ["/chat/:path*"] };\n',
    "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }',
  };

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

  it("pages router: API routes (a withAuth-wrapped one, Auth0's withApiAuthRequired, an open one) and getServerSideProps", async () => {
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
      "pages/_app.tsx": "export default function App({ Component, pageProps }: any) { return <Component {...pageProps} />; }\nexport async function getServerSideProps() { return { props: {} }; }\n",
      "pages/digest/[day].tsx":
        'import { complete } from "../../lib/ai";\n\nexport default function Digest({ text }: { text: string }) { return <p>{text}</p>; }\n\nexport async function getServerSideProps({ params }: { params: { day: string } }) {\n  return { props: { text: await complete(`Digest of ${params.day}`) } };\n}\n',
      "pages/team.tsx":
        'import { withPageAuthRequired } from "@auth0/nextjs-auth0";\nimport { complete } from "../lib/ai";\n\nexport default function Team({ text }: { text: string }) { return <p>{text}</p>; }\n\nexport const getServerSideProps = withPageAuthRequired({\n  async getServerSideProps() {\n    return { props: { text: await complete("Team digest") } };\n  },\n});\n',
    });
    expect(routes).toEqual([
      ["ALL", "/api/chat", "pages/api/chat.ts:9"],
      ["ALL", "/api/open/:id", "pages/api/open/[id].ts:3"],
      ["ALL", "/api/summarise", "pages/api/summarise/index.ts:4"],
      ["LOADER", "/digest/:day", "pages/digest/[day].tsx:5"],
      ["LOADER", "/team", "pages/team.tsx:6"],
    ]);
    expect(ai).toEqual({
      "ALL /api/chat": {
        auth: ["NextAuth @ wrapper withAuth() (lib/with-auth.ts:6)", "custom check that rejects the caller (401/403 or a redirect to log in) @ wrapper withAuth() (lib/with-auth.ts:7)"],
        rateLimit: [],
      },
      "ALL /api/open/:id": { auth: [], rateLimit: [] },
      "ALL /api/summarise": { auth: ["Auth0 @ wrapper withApiAuthRequired() (pages/api/summarise/index.ts:4)"], rateLimit: [] },
      "LOADER /digest/:day": { auth: [], rateLimit: [] },
      "LOADER /team": { auth: ["Auth0 @ wrapper withPageAuthRequired() (pages/team.tsx:6)"], rateLimit: [] },
    });
  });

  it("server actions (Next 14: every export of an imported module is one): a \"use server\" module (one checks the session, one does not) and an inline action in a page; middleware reaches them through the pages that use them", async () => {
    const { routes, ai } = await routesOf({
      ...ACTIONS_APP,
      "package.json": pkg({ next: "14.2.0", "next-auth": "^5" }),
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

  it("server actions from Next 15: an export of a \"use server\" module that no module imports gets no id, so it is no action", async () => {
    const { routes } = await routesOf({ ...ACTIONS_APP, "package.json": NEXT });
    expect(routes).toEqual([
      ["ACTION", "ask", "app/actions.ts:6"],
      ["ACTION", "translate", "app/chat/page.tsx:5"],
    ]);
  });
});

describe("Next.js export shapes and path-guarded middleware", () => {
  it("export { handler as POST }, export const { GET, POST } = handlers, re-exports; proxy.ts (Next 16) whose check runs only under /api/chat", async () => {
    const { routes, ai } = await routesOf({
      "package.json": pkg({ next: "16.0.0", "next-auth": "^5" }),
      "lib/ai.ts": OPENAI,
      "auth.ts": 'import NextAuth from "next-auth";\nexport const { handlers, auth } = NextAuth({ providers: [] });\n',
      "app/api/auth/[...nextauth]/route.ts": 'import { handlers } from "@/auth";\nexport const { GET, POST } = handlers;\n',
      "app/api/chat/route.ts": 'import { complete } from "@/lib/ai";\n\nasync function handler(req: Request) {\n  return Response.json({ text: await complete(await req.text()) });\n}\n\nexport { handler as GET, handler as POST };\n',
      "app/api/complete/route.ts": 'export { POST } from "@/lib/complete-route";\n',
      "lib/complete-route.ts": 'import { complete } from "./ai";\nexport async function POST(req: Request) {\n  return Response.json({ text: await complete(await req.text()) });\n}\n',
      "proxy.ts":
        'import { NextResponse, type NextRequest } from "next/server";\nexport function proxy(request: NextRequest) {\n  if (request.nextUrl.pathname.startsWith("/api/chat") && !request.cookies.has("session")) {\n    return NextResponse.json({ error: "Unauthorized" }, { status: 401 });\n  }\n  return NextResponse.next();\n}\n',
      "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }',
    });
    expect(routes).toEqual([
      ["GET", "/api/auth/*", "app/api/auth/[...nextauth]/route.ts:2"],
      ["POST", "/api/auth/*", "app/api/auth/[...nextauth]/route.ts:2"],
      ["GET", "/api/chat", "app/api/chat/route.ts:7"],
      ["POST", "/api/chat", "app/api/chat/route.ts:7"],
      ["POST", "/api/complete", "app/api/complete/route.ts:1"],
    ]);
    const check = "custom check that rejects the caller (401/403 or a redirect to log in) @ proxy.ts (no matcher: every path) (proxy.ts:3)";
    expect(ai).toEqual({
      "GET /api/chat": { auth: [check], rateLimit: [] },
      "POST /api/chat": { auth: [check], rateLimit: [] },
      "POST /api/complete": { auth: [], rateLimit: [] },
    });
  });
});

describe("path patterns", () => {
  const matches = (pattern: string, paths: string[]) => paths.map((p) => pathToRegExp(pattern)!.test(p));

  it("Next.js matchers and Clerk route matchers (path-to-regexp)", () => {
    expect(matches("/api/:path*", ["/api", "/api/chat", "/api/chat/1", "/apix", "/dashboard"])).toEqual([true, true, true, false, false]);
    expect(matches("/dashboard/:path+", ["/dashboard", "/dashboard/a", "/dashboard/a/b"])).toEqual([false, true, true]);
    expect(matches("/api/chat(.*)", ["/api/chat", "/api/chat/1", "/api/complete"])).toEqual([true, true, false]);
    expect(matches("/((?!_next/static|_next/image|favicon.ico).*)", ["/api/chat", "/", "/_next/static/x.js", "/favicon.ico"])).toEqual([true, true, false, false]);
    expect(matches("/((?!api|_next).*)", ["/api/chat", "/chat"])).toEqual([false, true]);
    expect(matches("/(api|trpc)(.*)", ["/api/chat", "/trpc/x", "/chat"])).toEqual([true, true, false]);
    expect(matches("/blog/:slug", ["/blog/x", "/blog/x/y", "/BLOG/x/"])).toEqual([true, false, true]);
    expect(matches("/users{/:id}?", ["/users", "/users/1"])).toEqual([true, true]);
  });

  it("Nitro route rules and sample paths for dynamic segments", () => {
    const rule = (pattern: string, paths: string[]) => paths.map((p) => routeRuleToRegExp(pattern).test(p));
    expect(rule("/api/**", ["/api", "/api/chat", "/api/a/b", "/apix"])).toEqual([true, true, true, false]);
    expect(rule("/api/*", ["/api/chat", "/api/a/b"])).toEqual([true, false]);
    expect(covers(pathToRegExp("/api/threads/:id")!, "/api/threads/:threadId")).toBe(true);
    expect(covers(pathToRegExp("/docs/:path*")!, "/docs/*")).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------

describe("SvelteKit", () => {
  const KIT = pkg({ "@sveltejs/kit": "^2", "@upstash/ratelimit": "^2", "@upstash/redis": "^1" });
  const AI_LIB = { "src/lib/server/ai.ts": OPENAI };

  it("+server.ts endpoints, form actions and the server load; hooks.server.ts sequence(): a path-guarded auth hook and a global limiter", async () => {
    const { routes, ai } = await routesOf({
      "package.json": KIT,
      ...AI_LIB,
      "src/routes/api/chat/+server.ts":
        'import type { RequestHandler } from "./$types";\nimport { complete } from "$lib/server/ai";\n\nexport const POST: RequestHandler = async ({ request }) => {\n  const { prompt } = await request.json();\n  return new Response(await complete(prompt));\n};\n',
      "src/routes/(app)/threads/[id=integer]/+server.ts": "export async function GET({ params }) {\n  return new Response(params.id);\n}\n",
      "src/routes/ask/+page.server.ts":
        'import { complete } from "$lib/server/ai";\nimport type { Actions, PageServerLoad } from "./$types";\n\nexport const load: PageServerLoad = async () => ({ title: "Ask" });\n\nexport const actions = {\n  default: async ({ request }) => {\n    const data = await request.formData();\n    return { answer: await complete(String(data.get("q"))) };\n  },\n  async translate({ request }) {\n    return { text: await complete(await request.text()) };\n  },\n} satisfies Actions;\n',
      "src/hooks.server.ts":
        'import { error, type Handle } from "@sveltejs/kit";\nimport { sequence } from "@sveltejs/kit/hooks";\nimport { Ratelimit } from "@upstash/ratelimit";\nimport { Redis } from "@upstash/redis";\n\nconst ratelimit = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.fixedWindow(20, "1 m") });\n\nconst authenticate: Handle = async ({ event, resolve }) => {\n  event.locals.user = await event.locals.sessions?.get(event.cookies.get("sid"));\n  if (event.url.pathname.startsWith("/api") && !event.locals.user) error(401, "Sign in first");\n  return resolve(event);\n};\n\nconst limit: Handle = async ({ event, resolve }) => {\n  const { success } = await ratelimit.limit(event.getClientAddress());\n  if (!success) error(429, "Slow down");\n  return resolve(event);\n};\n\nexport const handle = sequence(authenticate, limit);\n',
    });
    expect(routes).toEqual([
      ["GET", "/threads/:id", "src/routes/(app)/threads/[id=integer]/+server.ts:1"],
      ["POST", "/api/chat", "src/routes/api/chat/+server.ts:4"],
      ["LOADER", "/ask", "src/routes/ask/+page.server.ts:4"],
      ["ACTION", "/ask", "src/routes/ask/+page.server.ts:7"],
      ["ACTION", "/ask?/translate", "src/routes/ask/+page.server.ts:11"],
    ]);
    const limiter = ["@upstash/ratelimit @ hooks.server.ts handle (src/hooks.server.ts:15)", "custom limit that answers 429 @ hooks.server.ts handle (src/hooks.server.ts:16)"];
    expect(ai).toEqual({
      "POST /api/chat": { auth: ["custom check that rejects the caller (401/403 or a redirect to log in) @ hooks.server.ts handle (src/hooks.server.ts:10)"], rateLimit: limiter },
      "ACTION /ask": { auth: [], rateLimit: limiter },
      "ACTION /ask?/translate": { auth: [], rateLimit: limiter },
    });
  });

  it("a handle that only reads the session protects nothing; the action's own check does", async () => {
    const { ai } = await routesOf({
      "package.json": KIT,
      ...AI_LIB,
      "src/hooks.server.ts": 'import type { Handle } from "@sveltejs/kit";\nexport const handle: Handle = async ({ event, resolve }) => {\n  event.locals.user = await event.locals.sessions?.get(event.cookies.get("sid"));\n  return resolve(event);\n};\n',
      "src/routes/+page.server.ts":
        'import { fail } from "@sveltejs/kit";\nimport { complete } from "$lib/server/ai";\nexport const actions = {\n  summarise: async ({ request, locals }) => {\n    if (!locals.user) return fail(401, { message: "Sign in" });\n    return { text: await complete(await request.text()) };\n  },\n  open: async ({ request }) => ({ text: await complete(await request.text()) }),\n};\n',
    });
    expect(ai).toEqual({
      "ACTION /?/summarise": { auth: ["custom check that rejects the caller (401/403 or a redirect to log in) @ handler (src/routes/+page.server.ts:5)"], rateLimit: [] },
      "ACTION /?/open": { auth: [], rateLimit: [] },
    });
  });
});

// ---------------------------------------------------------------------------------------

describe("Nuxt and Nitro", () => {
  const NUXT = pkg({ nuxt: "^3.14", "nuxt-security": "^2", "nuxt-auth-utils": "^0.5" });
  const AI_UTIL = { "server/utils/ai.ts": OPENAI };
  const handler = (body = "complete(await readBody(event))") => `export default defineEventHandler(async (event) => {\n  return { text: await ${body} };\n});\n`;

  it("server/api and server/routes files: methods from suffixes, paths from names; server middleware that guards /api/ except a public list", async () => {
    const { routes, ai } = await routesOf({
      "package.json": NUXT,
      ...AI_UTIL,
      "nuxt.config.ts": 'export default defineNuxtConfig({ modules: ["nuxt-auth-utils"] });\n',
      "server/api/chat.post.ts": handler(),
      "server/api/threads/[id].get.ts": 'export default defineEventHandler((event) => ({ id: getRouterParam(event, "id") }));\n',
      "server/api/index.ts": 'export default eventHandler(() => "api");\n',
      "server/api/public/[...slug].ts": handler(),
      "server/routes/feed.xml.ts": handler(),
      "server/middleware/auth.ts":
        'export default defineEventHandler(async (event) => {\n  const path = getRequestURL(event).pathname;\n  if (!path.startsWith("/api/") || path.startsWith("/api/public/")) return;\n  const session = await getUserSession(event);\n  if (!session.user) throw createError({ statusCode: 401, statusMessage: "Unauthorized" });\n});\n',
    });
    expect(routes).toEqual([
      ["POST", "/api/chat", "server/api/chat.post.ts:1"],
      ["ALL", "/api", "server/api/index.ts:1"],
      ["ALL", "/api/public/*", "server/api/public/[...slug].ts:1"],
      ["GET", "/api/threads/:id", "server/api/threads/[id].get.ts:1"],
      ["ALL", "/feed.xml", "server/routes/feed.xml.ts:1"],
    ]);
    expect(ai).toEqual({
      "POST /api/chat": { auth: ["custom check that rejects the caller (401/403 or a redirect to log in) @ server/middleware/auth.ts (server/middleware/auth.ts:5)"], rateLimit: [] },
      "ALL /api/public/*": { auth: [], rateLimit: [] },
      "ALL /feed.xml": { auth: [], rateLimit: [] },
    });
  });

  it("nuxt-security's rate limiter: on by default, off globally, back on per route rule; a middleware that never rejects", async () => {
    const files = (config: string) => ({
      "package.json": NUXT,
      ...AI_UTIL,
      "nuxt.config.ts": config,
      "server/api/chat.post.ts": handler(),
      "server/api/summary.post.ts": handler(),
      "server/middleware/session.ts": "export default defineEventHandler(async (event) => {\n  event.context.user = (await getUserSession(event)).user;\n});\n",
    });
    const byDefault = await routesOf(files('export default defineNuxtConfig({\n  modules: ["nuxt-security"],\n});\n'));
    const onByDefault = "nuxt-security rateLimiter (on by default) @ nuxt.config.ts (nuxt.config.ts:2)";
    expect(byDefault.ai).toEqual({ "POST /api/chat": { auth: [], rateLimit: [onByDefault] }, "POST /api/summary": { auth: [], rateLimit: [onByDefault] } });
    const perRoute = await routesOf(
      files('export default defineNuxtConfig({\n  modules: ["nuxt-security"],\n  security: { rateLimiter: false },\n  routeRules: {\n    "/api/chat": { security: { rateLimiter: { tokensPerInterval: 5, interval: 60_000 } } },\n  },\n});\n'),
    );
    expect(perRoute.ai).toEqual({
      "POST /api/chat": { auth: [], rateLimit: ['nuxt-security rateLimiter @ nuxt.config.ts routeRules "/api/chat" (nuxt.config.ts:5)'] },
      "POST /api/summary": { auth: [], rateLimit: [] },
    });
  });

  it("server middleware that calls an auth helper only under /api/private", async () => {
    const { ai } = await routesOf({
      "package.json": NUXT,
      ...AI_UTIL,
      "server/utils/auth.ts": 'import type { H3Event } from "h3";\nexport async function requireUser(event: H3Event) {\n  const { user } = await getUserSession(event);\n  if (!user) throw createError({ statusCode: 401 });\n}\n',
      "server/middleware/01.private.ts": 'export default defineEventHandler(async (event) => {\n  if (event.path.startsWith("/api/private/")) await requireUser(event);\n});\n',
      "server/api/private/chat.post.ts": handler(),
      "server/api/chat.post.ts": handler(),
    });
    expect(ai).toEqual({
      "POST /api/chat": { auth: [], rateLimit: [] },
      "POST /api/private/chat": { auth: ["custom check that rejects the caller (401/403 or a redirect to log in) @ server/middleware/01.private.ts (server/utils/auth.ts:4)"], rateLimit: [] },
    });
  });

  it("nuxt-auth-utils' auto-imported requireUserSession() counts when the app depends on the module", async () => {
    const files = (deps: Record<string, string>) => ({
      "package.json": pkg({ nuxt: "^3.14", ...deps }),
      ...AI_UTIL,
      "server/middleware/auth.ts": 'export default defineEventHandler(async (event) => {\n  if (!getRequestURL(event).pathname.startsWith("/api/")) return;\n  await requireUserSession(event);\n});\n',
      "server/api/chat.post.ts": handler(),
    });
    expect((await routesOf(files({ "nuxt-auth-utils": "^0.5" }))).ai).toEqual({
      "POST /api/chat": { auth: ["nuxt-auth-utils requireUserSession @ server/middleware/auth.ts (server/middleware/auth.ts:3)"], rateLimit: [] },
    });
    expect((await routesOf(files({}))).ai).toEqual({ "POST /api/chat": { auth: [], rateLimit: [] } });
  });

  it("defineEventHandler({ onRequest: [requireUser], handler }) and a project wrapper around the handler", async () => {
    const { ai } = await routesOf({
      "package.json": NUXT,
      ...AI_UTIL,
      "server/utils/auth.ts": 'import type { H3Event } from "h3";\nexport async function requireUser(event: H3Event) {\n  const { user } = await getUserSession(event);\n  if (!user) throw createError({ statusCode: 401 });\n}\nexport const defineAuthedHandler = (fn: (event: H3Event) => unknown) =>\n  defineEventHandler(async (event) => {\n    await requireUser(event);\n    return fn(event);\n  });\n',
      "server/api/chat.post.ts": "export default defineEventHandler({\n  onRequest: [requireUser],\n  handler: async (event) => ({ text: await complete(await readBody(event)) }),\n});\n",
      "server/api/title.post.ts": "export default defineAuthedHandler(async (event) => ({ text: await complete(await readBody(event)) }));\n",
    });
    const check = (scope: string) => `custom check that rejects the caller (401/403 or a redirect to log in) @ ${scope} (server/utils/auth.ts:4)`;
    expect(ai).toEqual({
      "POST /api/chat": { auth: [check("onRequest of the handler")], rateLimit: [] },
      "POST /api/title": { auth: [check("wrapper defineAuthedHandler()")], rateLimit: [] },
    });
  });
});

// ---------------------------------------------------------------------------------------

describe("Remix and React Router", () => {
  const SESSION =
    'import { createCookieSessionStorage, redirect } from "@remix-run/node";\n\nconst storage = createCookieSessionStorage({ cookie: { name: "__session", secrets: [process.env.SESSION_SECRET!] } });\n\nexport async function getUserId(request: Request): Promise<string | undefined> {\n  const session = await storage.getSession(request.headers.get("Cookie"));\n  return session.get("userId");\n}\n\nexport async function requireUserId(request: Request, redirectTo = new URL(request.url).pathname) {\n  const userId = await getUserId(request);\n  if (!userId) {\n    const searchParams = new URLSearchParams([["redirectTo", redirectTo]]);\n    throw redirect(`/login?${searchParams}`);\n  }\n  return userId;\n}\n';

  it("flat routes: file names to paths, actions and loaders; requireUserId from session.server.ts (a redirect to /login) protects one action", async () => {
    const { routes, ai } = await routesOf({
      "package.json": pkg({ "@remix-run/node": "^2", "@remix-run/react": "^2" }),
      "app/lib/ai.server.ts": OPENAI,
      "app/session.server.ts": SESSION,
      "app/routes/_index.tsx": 'export const loader = async () => ({ ok: true });\nexport default function Index() { return null; }\n',
      "app/routes/api.chat.ts":
        'import type { ActionFunctionArgs } from "@remix-run/node";\nimport { complete } from "~/lib/ai.server";\nimport { requireUserId } from "~/session.server";\n\nexport async function action({ request }: ActionFunctionArgs) {\n  await requireUserId(request);\n  return { text: await complete(await request.text()) };\n}\n',
      "app/routes/notes.$id/route.tsx":
        'import { complete } from "~/lib/ai.server";\n\nexport const action = async ({ request }: { request: Request }) => ({ text: await complete(await request.text()) });\n\nexport async function loader({ params }: { params: { id: string } }) {\n  return { id: params.id };\n}\n',
      "app/routes/_auth.login.tsx": "export async function action() { return null; }\n",
      "app/routes/files.$.tsx": "export const loader = () => null;\n",
      "app/routes/($lang).about[.]json.ts": "export const loader = () => null;\n",
      "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "~/*": ["./app/*"] } } }',
    });
    expect(routes).toEqual([
      ["LOADER", "/:lang/about.json", "app/routes/($lang).about[.]json.ts:1"],
      ["ACTION", "/login", "app/routes/_auth.login.tsx:1"],
      ["LOADER", "/", "app/routes/_index.tsx:1"],
      ["ACTION", "/api/chat", "app/routes/api.chat.ts:5"],
      ["LOADER", "/files/*", "app/routes/files.$.tsx:1"],
      ["ACTION", "/notes/:id", "app/routes/notes.$id/route.tsx:3"],
      ["LOADER", "/notes/:id", "app/routes/notes.$id/route.tsx:5"],
    ]);
    expect(ai).toEqual({
      "ACTION /api/chat": { auth: ["custom check that rejects the caller (401/403 or a redirect to log in) @ handler (app/session.server.ts:12)"], rateLimit: [] },
      "ACTION /notes/:id": { auth: [], rateLimit: [] },
    });
  });

  it("React Router v7: paths from app/routes.ts (route, index, layout, prefix), and flatRoutes() when it spreads them", async () => {
    const RR = pkg({ "react-router": "^7", "@react-router/node": "^7", "@react-router/dev": "^7" });
    const chat = 'import { complete } from "../lib/ai.server";\nexport async function action({ request }: { request: Request }) {\n  return { text: await complete(await request.text()) };\n}\n';
    const explicit = await routesOf({
      "package.json": RR,
      "app/lib/ai.server.ts": OPENAI,
      "app/routes.ts":
        'import { type RouteConfig, index, layout, prefix, route } from "@react-router/dev/routes";\n\nexport default [\n  index("routes/home.tsx"),\n  route("api/chat", "routes/chat.ts"),\n  ...prefix("admin", [route("summaries/:id", "routes/admin-summary.ts")]),\n  layout("routes/shell.tsx", [route("settings", "./routes/settings.tsx")]),\n] satisfies RouteConfig;\n',
      "app/routes/home.tsx": "export function loader() { return null; }\n",
      "app/routes/chat.ts": chat,
      "app/routes/admin-summary.ts": chat,
      "app/routes/shell.tsx": "export function loader() { return null; }\n",
      "app/routes/settings.tsx": "export function action() { return null; }\n",
      "app/routes/not-routed.ts": chat,
    });
    expect(explicit.routes).toEqual([
      ["ACTION", "/admin/summaries/:id", "app/routes/admin-summary.ts:2"],
      ["ACTION", "/api/chat", "app/routes/chat.ts:2"],
      ["LOADER", "/", "app/routes/home.tsx:1"],
      ["ACTION", "/settings", "app/routes/settings.tsx:1"],
      ["LOADER", "/", "app/routes/shell.tsx:1"],
    ]);
    const flat = await routesOf({
      "package.json": RR,
      "app/lib/ai.server.ts": OPENAI,
      "app/routes.ts": 'import type { RouteConfig } from "@react-router/dev/routes";\nimport { flatRoutes } from "@react-router/fs-routes";\n\nexport default [...(await flatRoutes())] satisfies RouteConfig;\n',
      "app/routes/api.chat.ts": chat,
    });
    expect(flat.routes).toEqual([["ACTION", "/api/chat", "app/routes/api.chat.ts:2"]]);
    expect(flat.ai).toEqual({ "ACTION /api/chat": { auth: [], rateLimit: [] } });
  });
});

describe("Hono base-path views", () => {
  it("routes registered through `const api = app.basePath(…)` answer under it, and /api/* middleware covers them", async () => {
    const { ai } = await routesOf({
      "package.json": pkg({ hono: "^4" }),
      "src/lib/ai.ts": OPENAI,
      "src/index.ts": [
        'import { Hono } from "hono";',
        'import { bearerAuth } from "hono/bearer-auth";',
        'import { complete } from "./lib/ai";',
        "",
        'const app = new Hono().basePath("/v2");',
        'const api = app.basePath("/api");',
        'app.use("/api/*", bearerAuth({ token: process.env.API_TOKEN! }));',
        'api.post("/chat", async (c) => c.json({ text: await complete((await c.req.json()).prompt) }));',
        'const open = new Hono();',
        'const pub = open.basePath("/public");',
        'open.use("/private/*", bearerAuth({ token: process.env.API_TOKEN! }));',
        'pub.post("/ask", async (c) => c.json({ text: await complete(await c.req.text()) }));',
        "export default app;",
        "export { open };",
        "",
      ].join("\n"),
    });
    expect(Object.keys(ai).sort()).toEqual(["POST /public/ask", "POST /v2/api/chat"]);
    expect(ai["POST /v2/api/chat"]!.auth).toHaveLength(1);
    expect(ai["POST /public/ask"]!.auth).toEqual([]);
  });
});

describe("Fastify per-route rate limits", () => {
  it("counts the top-level `rateLimit` route option as well as `config.rateLimit`; a route with neither stays unlimited", async () => {
    const { ai } = await routesOf({
      "package.json": pkg({ fastify: "^5", "@fastify/rate-limit": "^10" }),
      "src/lib/ai.ts": OPENAI,
      "src/server.ts": [
        'import Fastify from "fastify";',
        'import rateLimit from "@fastify/rate-limit";',
        'import { complete } from "./lib/ai";',
        "",
        "const app = Fastify();",
        "await app.register(rateLimit, { global: false });",
        'app.post("/summary", { rateLimit: { max: 5, timeWindow: "1 minute" } }, async (req: any) => ({ text: await complete(req.body.text) }));',
        'app.post("/title", { config: { rateLimit: { max: 5, timeWindow: "1 minute" } } }, async (req: any) => ({ text: await complete(req.body.text) }));',
        'app.post("/open", { schema: {} }, async (req: any) => ({ text: await complete(req.body.text) }));',
        "",
      ].join("\n"),
    });
    const limited = (key: string) => ai[key]!.rateLimit.some((e) => e.startsWith("@fastify/rate-limit route config"));
    expect([limited("POST /summary"), limited("POST /title"), limited("POST /open")]).toEqual([true, true, false]);
  });
});

describe("Express limiters made with new", () => {
  it("`new RateLimit({…})` of express-rate-limit is a limiter like `rateLimit({…})`; a project class of that name is not", async () => {
    const { ai } = await routesOf({
      "package.json": pkg({ express: "^4", "express-rate-limit": "^5" }),
      "src/lib/ai.ts": OPENAI,
      "src/server.js": [
        'const express = require("express");',
        'const RateLimit = require("express-rate-limit");',
        'const { complete } = require("./lib/ai");',
        "class Budget { constructor(o) { this.o = o; } }",
        "const app = express();",
        "const limiter = new RateLimit({ windowMs: 60000, max: 10 });",
        "const notALimiter = new Budget({ max: 10 });",
        'app.post("/chat", limiter, async (req, res) => res.json({ text: await complete(req.body.text) }));',
        'app.post("/draft", (req, res, next) => next(), async (req, res) => res.json({ text: await complete(req.body.text) }));',
        "void notALimiter;",
        "module.exports = app;",
        "",
      ].join("\n"),
    });
    expect(ai["POST /chat"]!.rateLimit.map((e) => e.split(" @ ")[0])).toEqual(["express-rate-limit"]);
    expect(ai["POST /draft"]!.rateLimit).toEqual([]);
  });
});
