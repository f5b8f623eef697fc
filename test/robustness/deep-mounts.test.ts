/**
 * Express routers mounted on routers: the climb from a route to its app is bounded. A
 * router mounted under two prefixes at each of 22 levels has four million ways up (the scan
 * did not finish in 120 s), and a chain of 3,000 mounts overflowed the stack, which lost
 * every Express route of the app. Both now finish and report the AI route. tRPC routers
 * holding the next level's router under two keys: the walk from the root is bounded, and
 * telling nested routers from roots no longer walks every path (24 levels took 4.4 s).
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/config.js";
import { loadProject } from "../../src/engine/load-project.js";
import { scan } from "../../src/engine/scan.js";
import { hostileShapes } from "../../bench/hostile-shapes.js";
import { tempProjects } from "../helpers/temp-projects.js";

const write = tempProjects("aigis-deep-mounts-");
const GUARD_MS = 30_000;
const PACKAGE = JSON.stringify({ name: "mounts", dependencies: { openai: "^4", express: "^4" } });
const LEAF = 'import { Router } from "express";\nimport OpenAI from "openai";\nconst openai = new OpenAI();\nconst r = Router();\nr.post("/ask", async (req, res) => res.json(await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 200, messages: [{ role: "user", content: req.body.q }] })));\nexport default r;\n';
const SERVER = 'import express from "express";\nimport r0 from "./r0";\nconst app = express();\napp.use("/api", r0);\napp.listen(3000);\n';

function routers(levels: number, prefixes: readonly string[]): Record<string, string> {
  const files: Record<string, string> = { "package.json": PACKAGE, "src/server.ts": SERVER, [`src/r${levels}.ts`]: LEAF };
  for (let i = 0; i < levels; i++) {
    const uses = prefixes.map((p) => `r.use("/${p}", r${i + 1});`).join("\n");
    files[`src/r${i}.ts`] = `import { Router } from "express";\nimport r${i + 1} from "./r${i + 1}";\nconst r = Router();\n${uses}\nexport default r;\n`;
  }
  return files;
}

async function unauthenticated(files: Record<string, string>) {
  const started = Date.now();
  const result = await scan({ target: write(files) });
  expect(Date.now() - started).toBeLessThan(GUARD_MS);
  expect(result.stats.incomplete).toEqual([]);
  return result.findings.filter((f) => f.ruleId === "ai-route-without-auth");
}

describe("routers mounted on routers", () => {
  it("a router under two prefixes at each of 22 levels: a bounded number of ways up, each reported", { timeout: GUARD_MS * 4 }, async () => {
    const found = await unauthenticated(routers(22, ["a", "b"]));
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(64);
    expect(new Set(found.map((f) => `${f.file}:${f.line}`))).toEqual(new Set(["src/r22.ts:5"]));
    expect(found[0]!.message).toMatch(/^POST \/api\/[ab](\/[ab]){21}\/ask reaches OpenAI/);
  });

  it("a chain of 3,000 mounts: no stack overflow, the route is still reported", { timeout: GUARD_MS * 4 }, async () => {
    const found = await unauthenticated(routers(3_000, ["x"]));
    expect(found.map((f) => [f.file, f.line])).toEqual([["src/r3000.ts", 5]]);
  });

  it("a few levels with two prefixes each: every way up, with the app's prefix", async () => {
    const found = await unauthenticated(routers(3, ["v1", "v2"]));
    expect(found.map((f) => f.message.split(" reaches")[0]).sort()).toEqual([
      "POST /api/v1/v1/v1/ask",
      "POST /api/v1/v1/v2/ask",
      "POST /api/v1/v2/v1/ask",
      "POST /api/v1/v2/v2/ask",
      "POST /api/v2/v1/v1/ask",
      "POST /api/v2/v1/v2/ask",
      "POST /api/v2/v2/v1/ask",
      "POST /api/v2/v2/v2/ask",
    ]);
  });
});

describe("tRPC routers held twice at every level", () => {
  const diamond = (levels: number) => hostileShapes(1, levels).find((s) => s.name.startsWith("tRPC"))!.project;
  const procedures = async (levels: number) => {
    const started = Date.now();
    const { project, ts } = await loadProject(write(diamond(levels)), defaultConfig());
    const paths = project.routes(ts).routes.filter((r) => r.framework === "trpc").map((r) => r.path);
    expect(Date.now() - started).toBeLessThan(GUARD_MS);
    return paths;
  };

  it("a few levels: every path to the procedure", async () => {
    expect((await procedures(3)).sort()).toEqual(["api.a.a.a.ask", "api.a.a.b.ask", "api.a.b.a.ask", "api.a.b.b.ask", "api.b.a.a.ask", "api.b.a.b.ask", "api.b.b.a.ask", "api.b.b.b.ask"]);
  });

  it("24 levels: a bounded walk, within the guard", { timeout: GUARD_MS * 4 }, async () => {
    const paths = await procedures(24);
    expect(paths.length).toBeLessThanOrEqual(1024);
  });
});
