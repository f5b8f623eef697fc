/**
 * Module resolution on hostile inputs: tsconfig `extends` graphs that fan out and circle
 * (each config must be parsed once, not once per path through the graph), a megabyte line
 * of export declarations (the comment check per match looks back a bounded distance), and
 * thousands of files importing types from one server module (its exports are read once,
 * and none of those imports makes it browser code), and a workspace package whose `exports`
 * map nests conditions thousands deep and has 20,000 pattern keys (conditions are followed to
 * a bounded depth; each resolution is cached). Inputs are generated into a temp dir;
 * the wall-clock guard (60 s a case) is generous.
 */

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/config.js";
import { loadProject } from "../../src/engine/load-project.js";
import { scan } from "../../src/engine/scan.js";
import { scanImports, typeOnlyExports } from "../../src/facts/imports.js";
import { tempProjects } from "../helpers/temp-projects.js";

const GUARD_MS = 60_000;
const write = tempProjects("aigis-resolution-robust-");

/** A NestJS route that reaches OpenAI only through `src/...` imports under baseUrl. */
const NEST_APP: Record<string, string> = {
  "package.json": JSON.stringify({ name: "api", dependencies: { "@nestjs/common": "^10.0.0", "@nestjs/core": "^10.0.0", openai: "^4.0.0" } }),
  "src/main.ts": 'import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "src/app.module";\nvoid NestFactory.create(AppModule).then((app) => app.listen(3000));\n',
  "src/app.module.ts": 'import { Module } from "@nestjs/common";\nimport { AskController } from "src/ask.controller";\nimport { LlmService } from "src/llm.service";\n@Module({ controllers: [AskController], providers: [LlmService] })\nexport class AppModule {}\n',
  "src/ask.controller.ts":
    'import { Body, Controller, Post } from "@nestjs/common";\nimport { LlmService } from "src/llm.service";\n@Controller("ask")\nexport class AskController {\n  constructor(private readonly llm: LlmService) {}\n  @Post()\n  ask(@Body() body: { q: string }) {\n    return this.llm.ask(body.q);\n  }\n}\n',
  "src/llm.service.ts":
    'import { Injectable } from "@nestjs/common";\nimport OpenAI from "openai";\n@Injectable()\nexport class LlmService {\n  private readonly openai = new OpenAI();\n  ask(q: string) {\n    return this.openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: q }] });\n  }\n}\n',
};

describe("module resolution robustness", () => {
  it(
    "60 tsconfigs, each extending all 60 in an array (a dense circle): each parsed once (≤ 60 parses), baseUrl imports still resolve",
    async () => {
      const n = 60;
      const configs: Record<string, string> = {};
      const names = Array.from({ length: n }, (_, i) => `./configs/tsconfig.${i}.json`);
      for (let i = 0; i < n; i++) configs[`configs/tsconfig.${i}.json`] = JSON.stringify({ extends: names.map((p) => p.replace("./configs/", "./")), compilerOptions: i === n - 1 ? { baseUrl: ".." } : {} });
      const dir = write({ ...NEST_APP, ...configs, "tsconfig.json": JSON.stringify({ extends: names }) });
      const { project } = await loadProject(dir, defaultConfig());
      expect(project.modules.resolver.tsconfigsParsed).toBeLessThanOrEqual(n + 1);
      expect(project.modules.resolver.resolve("src/main.ts", "src/app.module")).toEqual({ file: "src/app.module.ts" });
      const result = await scan({ target: dir });
      expect(result.findings.filter((f) => f.ruleId === "ai-route-without-auth").map((f) => `${f.file}:${f.line}`)).toEqual(["src/ask.controller.ts:6"]);
    },
    GUARD_MS,
  );

  it(
    "an exports map with conditions nested 3,000 deep and 20,000 pattern keys: no crash, the longest pattern wins, the deep entry names no file",
    async () => {
      let deep: unknown = "./src/deep.ts";
      for (let i = 0; i < 3_000; i++) deep = { import: deep };
      const exportsMap: Record<string, unknown> = { ".": "./src/index.ts", "./deep": deep };
      for (let i = 0; i < 20_000; i++) exportsMap[`./k${i}/*`] = `./src/k${i}/*.ts`;
      const files: Record<string, string> = {
        "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["packages/*", "apps/*"] }),
        "packages/kit/package.json": JSON.stringify({ name: "@acme/kit", exports: exportsMap }),
        "packages/kit/src/index.ts": "export const kit = 1;\n",
        "packages/kit/src/k19999/tool.ts": "export const tool = 1;\n",
        "apps/web/package.json": JSON.stringify({ name: "web", dependencies: { "@acme/kit": "workspace:*" } }),
      };
      for (let i = 0; i < 500; i++) files[`apps/web/src/f${i}.ts`] = 'import { kit } from "@acme/kit";\nimport { tool } from "@acme/kit/k19999/tool";\nexport const x = kit + tool;\n';
      const { project } = await loadProject(write(files), defaultConfig());
      const resolver = project.modules.resolver;
      expect(resolver.resolve("apps/web/src/f0.ts", "@acme/kit")).toEqual({ file: "packages/kit/src/index.ts" });
      expect(resolver.resolve("apps/web/src/f499.ts", "@acme/kit/k19999/tool")).toEqual({ file: "packages/kit/src/k19999/tool.ts" });
      expect(resolver.resolve("apps/web/src/f1.ts", "@acme/kit/deep")).toEqual({ package: "@acme/kit" });
    },
    GUARD_MS,
  );

  it(
    "a 2 MB line of 60,000 export declarations: the comment check looks back ≤ 2,048 characters per match, and the answer is exact",
    () => {
      const parts: string[] = [];
      for (let i = 0; i < 30_000; i++) parts.push(`export type T${i} = ${i};`, `export const V${i} = ${i};`);
      const line = `${parts.join(" ")} import { T1 } from "./x"; const m = require("./y");`;
      const names = typeOnlyExports(line);
      expect(names.size).toBe(30_000);
      expect(names.has("T29999") && !names.has("V0")).toBe(true);
      const header = scanImports(line);
      expect(header.imports.map((i) => [i.specifier, i.names.map((n) => n.local).join()])).toEqual([
        ["./x", "T1"],
        ["./y", "m"],
      ]);
    },
    GUARD_MS,
  );

  it(
    "3,000 client files importing a type from one server module: no run-time edge, the server code stays server code (no CS-1), other findings intact",
    async () => {
      const files: Record<string, string> = {
        "package.json": JSON.stringify({ name: "web", dependencies: { next: "14.2.0", openai: "^4.0.0" } }),
        "tsconfig.json": JSON.stringify({ compilerOptions: { paths: { "@/*": ["./src/*"] } } }),
        "src/server/ai.ts":
          'import OpenAI from "openai";\nexport interface Answer { text: string }\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport async function answer(q: string): Promise<Answer> {\n  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 50, messages: [{ role: "user", content: q }] });\n  return { text: r.choices[0]?.message?.content ?? "" };\n}\n',
        // A really leaky one beside them: a client file that imports the function.
        "src/leak/ask.tsx": '"use client";\nimport OpenAI from "openai";\nconst c = new OpenAI({ apiKey: "x", dangerouslyAllowBrowser: true });\nexport const go = () => c.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 5, messages: [] });\n',
      };
      for (let i = 0; i < 3_000; i++) files[`src/components/c${i}.tsx`] = `"use client";\nimport { Answer } from "@/server/ai";\nimport { type Answer as A2 } from "@/server/ai";\nexport const show${i} = (a: Answer, b: A2) => a.text + b.text;\n`;
      const result = await scan({ target: write(files) });
      const cs1 = result.findings.filter((f) => f.ruleId === "client-side-provider-call").map((f) => f.file);
      expect(cs1.length).toBeGreaterThan(0);
      expect(cs1.every((f) => f === "src/leak/ask.tsx")).toBe(true);
    },
    GUARD_MS,
  );
});
