/**
 * Deferred routes: a Next.js route file that cannot reach a model keeps its routes in the
 * route table, but its tree is read only when a rule asks for a handler or a position.
 * Which files qualify is decided from the text alone (`plainExports`), conservatively.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { scan } from "../src/engine/scan.js";
import { HandlerTable, handlerFileOf, isDeferred, plainExports, routeOffset } from "../src/model/routes/deferred.js";
import { tempProjects } from "./helpers/temp-projects.js";

const project = tempProjects("aigis-deferred-routes-");

describe("plainExports", () => {
  it("reads exports whose value the text alone shows", () => {
    const text = [
      'import { NextResponse } from "next/server";',
      "export const maxDuration = 30;",
      'export const dynamic = "force-dynamic"; // never cached',
      "export interface Row { id: string }",
      "export type Page = { rows: Row[] };",
      "export async function GET(request: Request) {",
      "  return NextResponse.json([]);",
      "}",
      "export const POST = async (request: Request, { params }: { params: { id: string } }): Promise<Response> => {",
      "  return NextResponse.json({});",
      "};",
      "export const DELETE = request => NextResponse.json({});",
      "export function* rows() {}",
      "export const PUT: RequestHandler = async ({ request }) => json(await request.json());",
      "export const prerender: boolean = false;",
      "",
    ].join("\n");
    expect(plainExports(text)?.map((e) => e.name)).toEqual(["maxDuration", "dynamic", "GET", "POST", "DELETE", "rows", "PUT", "prerender"]);
    expect(plainExports(text)?.find((e) => e.name === "GET")?.offset).toBe(text.indexOf("export async function GET"));
    expect(plainExports("const a = 1;\n")).toEqual([]);
    // A default export: a function written there, or an expression only the tree can read.
    expect(plainExports("export default async function handler(req, res) {}\n")).toEqual([{ name: "default", offset: 0 }]);
    expect(plainExports("function Home() {}\nexport default Home;\n")).toEqual([{ name: "default", offset: 19, opaque: true }]);
  });

  it.each([
    ["an export list", 'export { GET, POST } from "@/lib/handlers";\n'],
    ["a wrapped handler", "export const POST = withAuth(async (req) => Response.json({}));\n"],
    ["a name bound elsewhere", "export const GET = handler;\n"],
    ["a destructured export", "export const { GET, POST } = handlers;\n"],
    ["a default value that calls something", "export const GET = (req = defaults()) => Response.json({});\n"],
    ["an indented export", "  export function GET() {}\n"],
    ["an export named in a comment", "// export function GET() {}\nfunction GET() {}\n"],
    ["a type-only export list", 'export type { Row } from "./rows";\n'],
    ["a function type written before the value", "export const GET: (event: RequestEvent) => Response = handler;\n"],
  ])("leaves %s to the tree", (_label, text) => {
    expect(plainExports(text)).toBeUndefined();
  });
});

const app = {
  "package.json": JSON.stringify({ name: "deferred", dependencies: { next: "^14", openai: "^4" } }),
  "app/api/ping/route.js": [
    'import { NextResponse } from "next/server";',
    "",
    'export const dynamic = "force-dynamic";',
    "",
    "export async function GET(incoming) {",
    '  console.log("ping from", incoming.headers.get("authorization"));',
    "  return NextResponse.json({ ok: true });",
    "}",
    "",
  ].join("\n"),
  "app/api/chat/route.js": [
    'import OpenAI from "openai";',
    "const openai = new OpenAI();",
    "export async function POST(req) {",
    "  const { q } = await req.json();",
    '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: q }] });',
    "  return Response.json(r.choices[0].message);",
    "}",
    "",
  ].join("\n"),
};

describe("the route table with a deferred route file", () => {
  it("lists its routes without parsing it, and reads its handler on the first question", async () => {
    const { project: model, ts } = await loadProject(project(app), defaultConfig());
    const routes = model.routes(ts);
    const ping = model.file("app/api/ping/route.js")!;
    const [chat, get] = routes.routes;
    expect(routes.routes.map((r) => [r.method, r.path, r.file])).toEqual([
      ["POST", "/api/chat", "app/api/chat/route.js"],
      ["GET", "/api/ping", "app/api/ping/route.js"],
    ]);
    expect(isDeferred(chat!)).toBe(false);
    expect(isDeferred(get!)).toBe(true);
    expect(routes.aiRoutes.map((r) => r.route)).toEqual([chat]);
    // Its file, handler file and order are known from the text.
    expect(handlerFileOf(get!)).toBe("app/api/ping/route.js");
    expect(routeOffset(get!)).toBe(ping.text.indexOf("export async function GET"));
    expect(ping.hasSyntaxTree).toBe(false);

    // The flow's handler table reads it when a function of that file is asked about.
    const table = new HandlerTable(routes.routes, (r) => r.method, (rel) => model.file(rel)?.absPath);
    const tree = ping.syntaxTree(ts)!;
    const fn = tree.statements.find((s) => ts.isFunctionDeclaration(s))!;
    expect(table.get(fn)).toBe("GET");
    expect(isDeferred(get!)).toBe(false);
    expect(get!.handler!.node).toBe(fn);
    expect(get!.start).toBe(fn.getStart());
    expect(get!.end).toBe(fn.getEnd());
    expect(Object.keys(get!).sort()).toEqual(["chain", "end", "evidence", "file", "framework", "handler", "method", "path", "start"]);
  });

  it("a SvelteKit endpoint that cannot reach a model is deferred too, its hook still on its path", async () => {
    const { project: model, ts } = await loadProject(
      project({
        "package.json": JSON.stringify({ name: "kit", dependencies: { "@sveltejs/kit": "^2", openai: "^4" } }),
        "src/hooks.server.ts": "export const handle = async ({ event, resolve }) => resolve(event);\n",
        "src/routes/api/health/+server.ts": 'import { json, type RequestHandler } from "@sveltejs/kit";\n\nexport const GET: RequestHandler = async () => json({ ok: true });\n',
        "src/routes/api/ask/+server.ts": 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport const POST = async ({ request }) => {\n  const r = await openai.responses.create({ model: "gpt-4o-mini", input: await request.text() });\n  return new Response(r.output_text);\n};\n',
      }),
      defaultConfig(),
    );
    const routes = model.routes(ts);
    const health = routes.routes.find((r) => r.path === "/api/health")!;
    expect(routes.routes.map((r) => [r.method, r.path, isDeferred(r)])).toEqual([
      ["POST", "/api/ask", false],
      ["GET", "/api/health", true],
    ]);
    expect(health.chain.map((c) => c.scope)).toEqual(["hooks.server.ts handle"]);
    expect(model.file("src/routes/api/health/+server.ts")!.hasSyntaxTree).toBe(false);
    expect(model.file("src/routes/api/health/+server.ts")!.positionAt(health.start).line).toBe(3);
  });

  it("pages-router files: an API route and a page are deferred, an API route whose default export only the tree can read is not", async () => {
    const { project: model, ts } = await loadProject(
      project({
        "package.json": JSON.stringify({ name: "pages", dependencies: { next: "^14", openai: "^4" } }),
        "pages/api/health.ts": "export default async function handler(req, res) {\n  res.json({ ok: true });\n}\n",
        "pages/api/status.ts": "const handler = (req, res) => res.json({ up: true });\nexport default withLogging(handler);\n",
        "pages/about.tsx": "export const getServerSideProps = async () => ({ props: {} });\nfunction About() {\n  return <p>About</p>;\n}\nexport default About;\n",
      }),
      defaultConfig(),
    );
    const routes = model.routes(ts).routes;
    expect(routes.map((r) => [r.method, r.path, isDeferred(r)])).toEqual([
      ["LOADER", "/about", true],
      ["ALL", "/api/health", true],
      ["ALL", "/api/status", false],
    ]);
    expect(model.file("pages/about.tsx")!.hasSyntaxTree).toBe(false);
    const health = routes[1]!;
    expect(ts.isFunctionDeclaration(health.handler!.node)).toBe(true);
    expect(model.file("pages/api/health.ts")!.positionAt(health.start).line).toBe(1);
  });

  it("still finds a credential logged in it", async () => {
    const result = await scan({ target: project(app) });
    expect(result.findings.filter((f) => f.file === "app/api/ping/route.js").map((f) => [f.ruleId, f.line])).toEqual([["key-in-logs-or-responses", 6]]);
  });
});
