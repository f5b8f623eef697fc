/**
 * ReDoS from the scanned repository: path patterns written in the app (Next.js middleware
 * matchers, Clerk `createRouteMatcher` lists, regex literals tested against the pathname)
 * run only on RE2 (`src/util/safe-regex.ts`), never on the backtracking engine. On the
 * native engine `(a+)+b` against a 32-character path took 103 s; each case below is
 * exponential there and linear here. The wall-clock guard is generous (10 s per case,
 * dominated by project loading); the engine's own budget is asserted as "linear" by a
 * 100,000-character unit case.
 */

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/config.js";
import { loadProject } from "../../src/engine/load-project.js";
import { scan } from "../../src/engine/scan.js";
import { compileSafe } from "../../src/util/safe-regex.js";
import { templateSlots } from "../../src/model/flow/template-slots.js";
import { NEXTJS } from "../../src/knowledge/route-conventions.js";
import { ANY_VALUE_FIELD, OPEN_KEYS_SCHEMA } from "../../src/knowledge/data-flow.js";
import { declaredMajor } from "../../src/model/packages.js";
import { TEMPLATE_LOOPS } from "../../src/knowledge/output-sinks.js";
import { scanImports } from "../../src/facts/imports.js";
import { tempProjects } from "../helpers/temp-projects.js";

const GUARD_MS = 10_000;
const write = tempProjects("aigis-redos-");

async function authOf(files: Record<string, string>): Promise<Record<string, string[]>> {
  const { project, ts } = await loadProject(write(files), defaultConfig());
  return Object.fromEntries(project.routes(ts).aiRoutes.map((a) => [a.route.path, a.auth.map((e) => e.label)]));
}

const OPENAI = 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function complete(prompt: string) {\n  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });\n  return r.choices[0].message.content;\n}\n';
const ROUTE = 'import { complete } from "@/lib/ai";\nexport async function POST(req: Request) {\n  return Response.json({ text: await complete(await req.text()) });\n}\n';
const pkg = (deps: Record<string, string>) => JSON.stringify({ name: "app", dependencies: { openai: "^4", next: "15.0.0", ...deps } });
const TSCONFIG = '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }';

/** `n` characters of `a` as route segments (one segment when it fits a file name, else segments of 200 joined by `/`). */
function aSegments(n: number): string {
  const parts: string[] = [];
  for (let left = n; left > 0; left -= 201) parts.push("a".repeat(Math.min(200, left)));
  return parts.join("/");
}

/** The pattern for one segment; for a path longer than a file name, the same blow-up across segments. */
const matcherBody = (n: number) => (n <= 200 ? "(a+)+b" : "((a|\\\\/)+)+b");
const literalBody = (n: number) => (n <= 200 ? "(a+)+" : "((a|\\/)+)+");

const SIZES = [32, 64, 1_000];

function nextMatcherApp(n: number): Record<string, string> {
  return {
    "package.json": pkg({ "next-auth": "^4" }),
    "tsconfig.json": TSCONFIG,
    "lib/ai.ts": OPENAI,
    "middleware.ts": `export { default } from "next-auth/middleware";\nexport const config = { matcher: ["/api/:p(${matcherBody(n)})"] };\n`,
    [`app/api/${aSegments(n)}/route.ts`]: ROUTE,
    "app/api/aab/route.ts": ROUTE,
  };
}

function clerkApp(n: number): Record<string, string> {
  return {
    "package.json": pkg({ "@clerk/nextjs": "^6" }),
    "tsconfig.json": TSCONFIG,
    "lib/ai.ts": OPENAI,
    "middleware.ts": `import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";\nconst isProtectedRoute = createRouteMatcher(["/api/:p(${matcherBody(n)})"]);\nexport default clerkMiddleware(async (auth, req) => {\n  if (isProtectedRoute(req)) await auth.protect();\n});\n`,
    [`app/api/${aSegments(n)}/route.ts`]: ROUTE,
    "app/api/aab/route.ts": ROUTE,
  };
}

function hookApp(n: number): Record<string, string> {
  return {
    "package.json": pkg({ "next-auth": "^5" }),
    "tsconfig.json": TSCONFIG,
    "lib/ai.ts": OPENAI,
    "middleware.ts": `import { getToken } from "next-auth/jwt";\nimport { NextResponse, type NextRequest } from "next/server";\nexport async function middleware(req: NextRequest) {\n  if (/^\\/api\\/${literalBody(n)}$/.test(req.nextUrl.pathname)) {\n    const token = await getToken({ req });\n    if (!token) return new NextResponse("Unauthorized", { status: 401 });\n  }\n  return NextResponse.next();\n}\n`,
    // `[id]` makes the sample path `/api/aaa…/x1`: the literal fails after the repetition, the worst case.
    [`app/api/${aSegments(n)}/[id]/route.ts`]: ROUTE,
    "app/api/aaaa/route.ts": ROUTE,
  };
}

describe("patterns from the scanned code run in linear time", () => {
  it.each(SIZES)("Next.js middleware matcher `/api/:p((a+)+b)` against a %i-character path: finishes within the 10 s guard, semantics kept", { timeout: GUARD_MS }, async (n) => {
    const auth = await authOf(nextMatcherApp(n));
    expect(auth[`/api/${aSegments(n)}`]).toEqual([]);
    expect(auth["/api/aab"]).toEqual(["NextAuth middleware"]);
  });

  it.each(SIZES)("Clerk createRouteMatcher `/api/:p((a+)+b)` against a %i-character path: finishes within the 10 s guard, semantics kept", { timeout: GUARD_MS }, async (n) => {
    const auth = await authOf(clerkApp(n));
    expect(auth[`/api/${aSegments(n)}`]).toEqual([]);
    expect(auth["/api/aab"]).toEqual(["Clerk auth.protect()"]);
  });

  it.each(SIZES)("middleware regex literal `/^\\/api\\/(a+)+$/.test(pathname)` against a %i-character path: finishes within the 10 s guard, semantics kept", { timeout: GUARD_MS }, async (n) => {
    const auth = await authOf(hookApp(n));
    expect(auth[`/api/${aSegments(n)}/:id`]).toEqual([]);
    expect(auth["/api/aaaa"]).toContain("NextAuth");
  });

  it("the engine itself: `(a+)+b` and `^\\/api\\/(a+)+$` against 100,000 characters, linear (10 s guard)", { timeout: GUARD_MS }, () => {
    const text = `/api/${"a".repeat(100_000)}!`;
    for (const [source, flags] of [["(a+)+b", ""], ["^\\/api\\/(a+)+$", "i"], ["^/((?!_next|(a+)+b).*)$", ""]] as const) {
      const re = compileSafe(source, flags);
      expect(re.ok).toBe(true);
      expect(re.ok && re.test(text)).toBe(new RegExp(source, flags).test("/api/a!"));
    }
  });
});

describe("what the engine cannot run is refused, never backtracked, and said", () => {
  it("a back-reference in a matcher, a route matcher list and a path test: a warning naming the file and the pattern; no route credited", { timeout: GUARD_MS }, async () => {
    const dir = write({
      "package.json": pkg({ "@clerk/nextjs": "^6" }),
      "tsconfig.json": TSCONFIG,
      "lib/ai.ts": OPENAI,
      "middleware.ts":
        'import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";\nconst isPublicRoute = createRouteMatcher(["/api/:p((a)\\\\1)"]);\nexport default clerkMiddleware(async (auth, req) => {\n  if (!isPublicRoute(req)) await auth.protect();\n});\nexport const config = { matcher: ["/((.)\\\\2)(.*)", "/api/(.*)"] };\n',
      "app/api/chat/route.ts": ROUTE,
      "other/package.json": pkg({ "next-auth": "^5" }),
      "other/lib/ai.ts": OPENAI,
      "other/middleware.ts":
        'import { getToken } from "next-auth/jwt";\nexport async function middleware(req: any) {\n  if (!/^\\/(pub)\\1/.test(req.nextUrl.pathname)) {\n    const token = await getToken({ req });\n    if (!token) return new Response("Unauthorized", { status: 401 });\n  }\n}\n',
      "other/app/api/chat/route.ts": 'import { complete } from "../../../lib/ai";\nexport async function POST(req: Request) {\n  return Response.json({ text: await complete(await req.text()) });\n}\n',
    });
    const result = await scan({ target: dir });
    const warnings = result.stats.warnings.map((w) => `${w.file}: ${w.message}`);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^middleware\.ts: middleware matcher "\/\(\(\.\)\\\\2\)\(\.\*\)" is not run \(a back-reference;.*no route is credited/),
        expect.stringMatching(/^middleware\.ts: route matcher pattern "\\"\/api\/:p\(\(a\)\\\\\\\\1\)\\"" is not run \(a back-reference;.*not credited/),
        expect.stringMatching(/^other\/middleware\.ts: path test "\/\^\\\\\/\(pub\)\\\\1\/" is not run \(a back-reference;.*not credited/),
      ]),
    );
    // Unknown is never credited as protection, whichever way the condition reads.
    const unauthenticated = result.findings.filter((f) => f.ruleId === "ai-route-without-auth").map((f) => f.file);
    expect(unauthenticated.sort()).toEqual(["app/api/chat/route.ts", "other/app/api/chat/route.ts"]);
  });
});

describe("LangChain template text from the scanned app", () => {
  // Before: a mustache opener followed by spaces backtracked quadratically (200,000 spaces: about 30 s), and each unclosed `{` searched to the end of the text.
  it("is read in linear time: a mustache opener before 200,000 spaces, 400,000 unclosed braces", () => {
    const started = Date.now();
    expect(templateSlots(`{{${" ".repeat(200_000)}!`, true).slots).toEqual([]);
    expect(templateSlots("{".repeat(400_000), false).slots).toEqual([]);
    expect(templateSlots("Rephrase {question} given {chat_history}; {{literal}}", false)).toEqual({ slots: ["question", "chat_history"], rest: "Rephrase  given ; {literal}" });
    expect(Date.now() - started).toBeLessThan(GUARD_MS);
  }, GUARD_MS * 2);
});

describe("aigis' own patterns on the scanned app's text", () => {
  // Each had two `\s*` around an optional part, so a run of spaces with no match backtracked
  // quadratically or worse: Clerk's protect pattern took 20 s on 5,000 spaces.
  it("stay linear on a long run of spaces: Clerk's auth.protect(), an any-typed schema field, an open schema, a declared version, import clauses, template loops", () => {
    const spaces = " ".repeat(30_000);
    const started = Date.now();
    const protect = NEXTJS.routeMatcherMiddleware[0]!.protect;
    expect(protect.test(`auth${spaces}x`)).toBe(false);
    expect(protect.test("(await auth()).protect(")).toBe(true);
    expect(ANY_VALUE_FIELD.test(`config${spaces}x`)).toBe(false);
    expect(ANY_VALUE_FIELD.test(`config: z.any()${spaces}x`)).toBe(false);
    expect(ANY_VALUE_FIELD.test("config?: Type.Optional(Type.Any()),")).toBe(true);
    expect(OPEN_KEYS_SCHEMA.test(`.unknown(${spaces}x`)).toBe(false);
    expect(OPEN_KEYS_SCHEMA.test(".unknown( true )")).toBe(true);
    const manifest = (range: string) => [{ dir: "", name: "app", ranges: new Map([["ai", range]]) }] as unknown as Parameters<typeof declaredMajor>[1];
    expect(declaredMajor("ai", manifest(`${spaces}x`), [])).toBeUndefined();
    expect(declaredMajor("ai", manifest(" >= 5.1"), [])).toBe(5);
    // Every code file's `import` keywords: 4,000 spaces after one took 17 s.
    expect(scanImports(`import${spaces}!\nimport { a,\n  b } from "./ab";\n`).imports.map((i) => i.specifier)).toEqual(["./ab"]);
    const [vFor, each] = TEMPLATE_LOOPS;
    expect([...` v-for="${spaces}in ${spaces}`.matchAll(vFor!.pattern)]).toEqual([]);
    expect([...' v-for="(m, i) in list"'.matchAll(vFor!.pattern)].map((m) => [m[1], m[2]])).toEqual([["(m, i)", "list"]]);
    expect([...`{#each ${spaces} as `.matchAll(each!.pattern)]).toEqual([]);
    expect([...`{#each $store.filter((m) => m.ok) as m, i}`.matchAll(each!.pattern)].map((m) => [m[1], m[2]])).toEqual([["$store.filter((m) => m.ok)", "m"]]);
    expect(Date.now() - started).toBeLessThan(GUARD_MS);
  }, GUARD_MS * 4);
});
