/**
 * Hostile project shapes for `bench/hostile.ts --shapes`: the same few lines repeated across
 * thousands of files, in chains (each file leads to the next) and diamonds (each level
 * leads twice to the next, so the ways through double with every level). A walk that
 * follows every way, or recurses once per file, shows up here. Each project has one AI
 * route or call at the far end, so the walk is worth taking.
 */

export type ProjectFiles = Record<string, string>;

const ASK = 'openai.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [{ role: "user", content: q }] })';
const OPENAI = 'import OpenAI from "openai";\nconst openai = new OpenAI();\n';

function manifest(dependencies: Record<string, string>): string {
  return JSON.stringify({ name: "hostile-shape", dependencies: { openai: "^4", ...dependencies } });
}

function expressServer(entry: string): string {
  return `import express from "express";\nimport root from "./${entry}";\nconst app = express();\napp.use("/api", root);\napp.listen(3000);\n`;
}

/** `export * from "./f{i+1}"` down a chain; the route imports the far end's function from the first file. */
function reexportChain(n: number): ProjectFiles {
  const files: ProjectFiles = { "package.json": manifest({ express: "^4" }) };
  for (let i = 0; i < n; i++) files[`src/f${i}.ts`] = `export * from "./f${i + 1}";\n`;
  files[`src/f${n}.ts`] = `${OPENAI}export async function ask(q: string) { return ${ASK}; }\n`;
  files["src/server.ts"] = 'import express from "express";\nimport { ask } from "./f0";\nconst app = express();\napp.post("/ask", async (req, res) => res.json(await ask(req.body.q)));\napp.listen(3000);\n';
  return files;
}

/** Each wrapper calls the next; the last calls the model. */
function wrapperChain(n: number): ProjectFiles {
  const files: ProjectFiles = { "package.json": manifest({ express: "^4" }) };
  for (let i = 0; i < n; i++) files[`src/w${i}.ts`] = `import { w${i + 1} } from "./w${i + 1}";\nexport function w${i}(q: string) { return w${i + 1}(q); }\n`;
  files[`src/w${n}.ts`] = `${OPENAI}export function w${n}(q: string) { return ${ASK}; }\n`;
  files["src/server.ts"] = 'import express from "express";\nimport { w0 } from "./w0";\nconst app = express();\napp.post("/ask", async (req, res) => res.json(await w0(req.body.q)));\napp.listen(3000);\n';
  return files;
}

/** A ring of functions, each calling the next or the model. */
function callRing(n: number): ProjectFiles {
  const files: ProjectFiles = { "package.json": manifest({ express: "^4" }) };
  for (let i = 0; i < n; i++) {
    const next = (i + 1) % n;
    files[`src/c${i}.ts`] = `import { c${next} } from "./c${next}";\n${OPENAI}export function c${i}(q: string): unknown { if (q.length > ${i}) return c${next}(q); return ${ASK}; }\n`;
  }
  files["src/server.ts"] = 'import express from "express";\nimport { c0 } from "./c0";\nconst app = express();\napp.post("/ask", async (req, res) => res.json(await c0(req.body.q)));\napp.listen(3000);\n';
  return files;
}

/** Express routers mounted on routers, each level under every prefix given. */
function expressMounts(levels: number, prefixes: readonly string[]): ProjectFiles {
  const files: ProjectFiles = { "package.json": manifest({ express: "^4" }), "src/server.ts": expressServer("r0") };
  for (let i = 0; i < levels; i++) {
    const uses = prefixes.map((p) => `r.use("/${p}", r${i + 1});`).join("\n");
    files[`src/r${i}.ts`] = `import { Router } from "express";\nimport r${i + 1} from "./r${i + 1}";\nconst r = Router();\n${uses}\nexport default r;\n`;
  }
  files[`src/r${levels}.ts`] = `import { Router } from "express";\n${OPENAI}const r = Router();\nr.post("/ask", async (req, res) => { const q = req.body.q; res.json(await ${ASK}); });\nexport default r;\n`;
  return files;
}

/** tRPC routers holding the next level's router under two keys. */
function trpcDiamond(levels: number): ProjectFiles {
  const files: ProjectFiles = {
    "package.json": manifest({ "@trpc/server": "^10", zod: "^3" }),
    "src/trpc.ts": 'import { initTRPC } from "@trpc/server";\nconst t = initTRPC.create();\nexport const router = t.router;\nexport const publicProcedure = t.procedure;\n',
    "src/root.ts": 'import { router } from "./trpc";\nimport { r0 } from "./r0";\nexport const appRouter = router({ api: r0 });\n',
  };
  for (let i = 0; i < levels; i++) files[`src/r${i}.ts`] = `import { router } from "./trpc";\nimport { r${i + 1} } from "./r${i + 1}";\nexport const r${i} = router({ a: r${i + 1}, b: r${i + 1} });\n`;
  files[`src/r${levels}.ts`] = `import { router, publicProcedure } from "./trpc";\nimport { z } from "zod";\n${OPENAI}export const r${levels} = router({ ask: publicProcedure.input(z.object({ q: z.string() })).mutation(async ({ input }) => { const q = input.q; return ${ASK}; }) });\n`;
  return files;
}

/** Fastify plugins registering the next level's plugin under two prefixes. */
function fastifyDiamond(levels: number): ProjectFiles {
  const files: ProjectFiles = {
    "package.json": manifest({ fastify: "^4" }),
    "src/server.ts": 'import Fastify from "fastify";\nimport p0 from "./p0";\nconst app = Fastify();\napp.register(p0, { prefix: "/api" });\napp.listen({ port: 3000 });\n',
  };
  for (let i = 0; i < levels; i++) files[`src/p${i}.ts`] = `import p${i + 1} from "./p${i + 1}";\nexport default async function p${i}(app: any) { app.register(p${i + 1}, { prefix: "/a" }); app.register(p${i + 1}, { prefix: "/b" }); }\n`;
  files[`src/p${levels}.ts`] = `${OPENAI}export default async function p${levels}(app: any) { app.post("/ask", async (req: any) => { const q = req.body.q; return ${ASK}; }); }\n`;
  return files;
}

/** NestJS modules importing the next level's module twice. */
function nestDiamond(levels: number): ProjectFiles {
  const files: ProjectFiles = {
    "package.json": manifest({ "@nestjs/common": "^10", "@nestjs/core": "^10" }),
    "src/main.ts": 'import { NestFactory } from "@nestjs/core";\nimport { M0 } from "./m0.module";\nasync function boot() { const app = await NestFactory.create(M0); await app.listen(3000); }\nboot();\n',
  };
  for (let i = 0; i < levels; i++) files[`src/m${i}.module.ts`] = `import { Module } from "@nestjs/common";\nimport { M${i + 1} } from "./m${i + 1}.module";\n@Module({ imports: [M${i + 1}, M${i + 1}] })\nexport class M${i} {}\n`;
  files[`src/m${levels}.module.ts`] = `import { Body, Controller, Module, Post } from "@nestjs/common";\n${OPENAI}@Controller("ask")\nexport class AskController { @Post() ask(@Body() b: { q: string }) { const q = b.q; return ${ASK}; } }\n@Module({ controllers: [AskController] })\nexport class M${levels} {}\n`;
  return files;
}

/** tsconfig files extending one another down a chain, and two extending each other. */
function tsconfigs(n: number): ProjectFiles {
  const files: ProjectFiles = {
    "package.json": manifest({}),
    "tsconfig.json": JSON.stringify({ extends: "./cfg/c0.json" }),
    "loop/tsconfig.json": JSON.stringify({ extends: "./other.json" }),
    "loop/other.json": JSON.stringify({ extends: "./tsconfig.json" }),
    "src/lib/ai.ts": `${OPENAI}export async function ask(q: string) { return ${ASK}; }\n`,
    "src/app.ts": 'import { ask } from "@/lib/ai";\nexport const answer = (q: string) => ask(q);\n',
  };
  for (let i = 0; i < n; i++) files[`cfg/c${i}.json`] = JSON.stringify({ extends: `./c${i + 1}.json` });
  files[`cfg/c${n}.json`] = JSON.stringify({ compilerOptions: { baseUrl: "..", paths: { "@/*": ["src/*"] } } });
  return files;
}

/** Every shape, by name: `files` is how many files a chain holds, `levels` how deep a diamond goes. */
export function hostileShapes(files: number, levels: number): Array<{ name: string; project: ProjectFiles }> {
  return [
    { name: `re-export chain of ${files}`, project: reexportChain(files) },
    { name: `wrapper call chain of ${files}`, project: wrapperChain(files) },
    { name: `call ring of ${files}`, project: callRing(files) },
    { name: `Express mount chain of ${files}`, project: expressMounts(files, ["x"]) },
    { name: `Express mount diamond, ${levels} levels`, project: expressMounts(levels, ["a", "b"]) },
    { name: `tRPC router diamond, ${levels} levels`, project: trpcDiamond(levels) },
    { name: `Fastify register diamond, ${levels} levels`, project: fastifyDiamond(levels) },
    { name: `NestJS module diamond, ${levels} levels`, project: nestDiamond(levels) },
    { name: `tsconfig extends chain of ${files}, and a loop`, project: tsconfigs(files) },
  ];
}
