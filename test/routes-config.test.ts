/** Teams name their own auth and rate-limit helpers in the config; routes they guard pass. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configSchema } from "../src/config/config.js";
import { scan } from "../src/engine/scan.js";

const dir = mkdtempSync(join(tmpdir(), "aigis-routes-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files: Record<string, string> = {
  "package.json": JSON.stringify({ name: "api", dependencies: { express: "^4", openai: "^4" } }),
  "src/team.ts": "import type { Request, Response, NextFunction } from \"express\";\nexport function withTeam(req: Request, _res: Response, next: NextFunction) { req.team = lookupTeam(req.get(\"x-team\")); next(); }\nexport function meter(_req: Request, _res: Response, next: NextFunction) { next(); }\ndeclare function lookupTeam(id?: string): unknown;\n",
  "src/app.ts": 'import express from "express";\nimport OpenAI from "openai";\nimport { meter, withTeam } from "./team";\nconst openai = new OpenAI();\nconst app = express();\napp.post("/api/ask", withTeam, meter, async (req, res) => {\n  res.json(await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: String(req.body.q) }] }));\n});\n',
};
for (const [rel, content] of Object.entries(files)) {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), content);
}

const routeFindings = async (config: unknown) => (await scan({ target: dir, config: configSchema.parse(config) })).findings.filter((f) => f.checklist[0] === "AU-1" || f.checklist[0] === "RL-1").map((f) => [f.checklist[0], f.file, f.line]);

describe("config auth.functions / rateLimit.functions", () => {
  it("unknown helpers prove nothing: the route is reported both ways", async () => {
    expect(await routeFindings({})).toEqual([
      ["AU-1", "src/app.ts", 6],
      ["RL-1", "src/app.ts", 6],
    ]);
  });

  it("named in the config, they count as authentication and rate limiting", async () => {
    expect(await routeFindings({ auth: { functions: ["withTeam"] }, rateLimit: { functions: ["meter"] } })).toEqual([]);
  });
});
