/**
 * Reachability and data flow through a table of functions picked by a run-time key
 * (`strategies[config.key](…)`, or a helper that returns the pick): every function of the
 * table may run, so a route reaches a model when one of them does, and what it returns may be any of theirs.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { scan } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";

const write = tempProjects("aigis-reach-tables-");
const lines = (...l: string[]) => `${l.join("\n")}\n`;

async function aiRoutes(files: Record<string, string>): Promise<{ routes: string[]; outputSent: string[] }> {
  const dir = write(files);
  const { project, ts } = await loadProject(dir, defaultConfig());
  const routes = project.routes(ts).aiRoutes.map((ai) => `${ai.route.method} ${ai.route.path} → ${ai.reach.call.file}:${project.file(ai.reach.call.file)!.positionAt(ai.reach.call.start).line}`);
  const outputSent = (await scan({ target: dir })).findings.filter((f) => f.ruleId === "ai-output-without-moderation").map((f) => `${f.file}:${f.line}`);
  return { routes, outputSent };
}

const PKG = JSON.stringify({ name: "studio", dependencies: { next: "^15", openai: "^5" } });

describe("a route that runs one function of a table, chosen at run time", () => {
  it("reaches the model a table entry calls, through a helper that returns the pick, and sends what it returns; a table of plain functions reaches none", async () => {
    const { routes, outputSent } = await aiRoutes({
      "package.json": PKG,
      "src/painters/openai.ts": lines(
        'import OpenAI from "openai";',
        "const openai = new OpenAI();",
        "export async function paintWithOpenAI(prompt: string) {",
        '  return openai.images.generate({ model: "gpt-image-1", prompt });',
        "}",
      ),
      "src/painters/local.ts": lines("export async function paintLocally(prompt: string) {", "  return { url: `/placeholder/${prompt.length}.png` };", "}"),
      "src/painters/index.ts": lines(
        'import { paintWithOpenAI } from "./openai";',
        'import { paintLocally } from "./local";',
        "const painters: Record<string, (prompt: string) => Promise<unknown>> = { local: paintLocally, openai: paintWithOpenAI };",
        "export function painterFor(name: string) {",
        "  return name in painters ? painters[name] : undefined;",
        "}",
      ),
      "src/formatters.ts": lines(
        "const formatters = { upper: (s: string) => s.toUpperCase(), lower: (s: string) => s.toLowerCase() };",
        "export const format = (kind: string, s: string) => formatters[kind as keyof typeof formatters](s);",
      ),
      "app/api/paint/route.ts": lines(
        'import { painterFor } from "../../../src/painters";',
        "export async function POST(req: Request) {",
        "  const { painter, prompt } = await req.json();",
        "  const paint = painterFor(painter);",
        '  if (!paint) return Response.json({ error: "unknown painter" }, { status: 400 });',
        "  return Response.json(await paint(prompt));",
        "}",
      ),
      "app/api/format/route.ts": lines(
        'import { format } from "../../../src/formatters";',
        "export async function POST(req: Request) {",
        "  const { kind, text } = await req.json();",
        "  return Response.json({ text: format(kind, text) });",
        "}",
      ),
    });
    expect(routes).toEqual(["POST /api/paint → src/painters/openai.ts:4"]);
    expect(outputSent).toEqual(["app/api/paint/route.ts:2"]);
  });
});
