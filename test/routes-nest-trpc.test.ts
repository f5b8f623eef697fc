/**
 * NestJS and tRPC route extraction on small projects written to a temp dir: the exact
 * routes (method, path, file:line) and, for the routes that reach a model, the auth and
 * rate-limit evidence found on their path (label @ scope), both ways.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";

const base = mkdtempSync(join(tmpdir(), "aigis-routes-nest-trpc-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

type Files = Record<string, string | string[]>;

async function routesOf(framework: string, files: Files) {
  const dir = join(base, `p${++counter}`);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), Array.isArray(content) ? content.join("\n") + "\n" : content);
  }
  const { project, ts } = await loadProject(dir, defaultConfig());
  const model = project.routes(ts);
  const at = (file: string, start: number) => `${file}:${project.file(file)!.positionAt(start).line}`;
  const evidence = (list: Array<{ label: string; scope: string }>) => list.map((e) => `${e.label} @ ${e.scope}`);
  return {
    routes: model.routes.filter((r) => r.framework === framework).map((r) => [r.method, r.path, at(r.file, r.start)]),
    ai: Object.fromEntries(
      model.aiRoutes.filter((a) => a.route.framework === framework).map((a) => [`${a.route.method} ${a.route.path}`, { auth: evidence(a.auth), rateLimit: evidence(a.rateLimit) }]),
    ),
    optOuts: Object.fromEntries(model.routes.filter((r) => r.optOuts?.length).map((r) => [`${r.method} ${r.path}`, r.optOuts!.map((o) => `${o.kind} ${o.label}`)])),
  };
}

const NEST_PKG = JSON.stringify({
  name: "api",
  dependencies: { "@nestjs/common": "^10", "@nestjs/core": "^10", "@nestjs/passport": "^10", "@nestjs/throttler": "^6", openai: "^4", "nest-keycloak-connect": "^1", "express-rate-limit": "^7" },
});

const CHAT_SERVICE = [
  'import { Injectable } from "@nestjs/common";',
  'import OpenAI from "openai";',
  "",
  "@Injectable()",
  "export class ChatService {",
  "  private readonly openai = new OpenAI();",
  "  async complete(prompt: string) {",
  '    const r = await this.openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });',
  "    return r.choices[0].message.content;",
  "  }",
  "}",
];

const JWT = "NestJS AuthGuard (extended by JwtAuthGuard) @ global guard (src/app.module.ts)";
const THROTTLER = "@nestjs/throttler @ global guard (src/app.module.ts)";

describe("NestJS", () => {
  it("global APP_GUARD JwtAuthGuard and ThrottlerGuard, a @Public-style opt-out made with SetMetadata, @SkipThrottle, the global prefix", async () => {
    const { routes, ai, optOuts } = await routesOf("nestjs", {
      "package.json": NEST_PKG,
      "src/main.ts": [
        'import { NestFactory } from "@nestjs/core";',
        'import { AppModule } from "./app.module";',
        "",
        "async function bootstrap() {",
        "  const app = await NestFactory.create(AppModule);",
        '  app.setGlobalPrefix("api");',
        "  await app.listen(3000);",
        "}",
        "bootstrap();",
      ],
      "src/app.module.ts": [
        'import { Module } from "@nestjs/common";',
        'import { APP_GUARD } from "@nestjs/core";',
        'import { ThrottlerGuard, ThrottlerModule } from "@nestjs/throttler";',
        'import { JwtAuthGuard } from "./auth/jwt-auth.guard";',
        'import { ChatController } from "./chat/chat.controller";',
        'import { ChatService } from "./chat/chat.service";',
        "",
        "@Module({",
        "  imports: [ThrottlerModule.forRoot([{ ttl: 60000, limit: 10 }])],",
        "  controllers: [ChatController],",
        "  providers: [ChatService, { provide: APP_GUARD, useClass: JwtAuthGuard }, { provide: APP_GUARD, useClass: ThrottlerGuard }],",
        "})",
        "export class AppModule {}",
      ],
      "src/auth/open.decorator.ts": ['import { SetMetadata } from "@nestjs/common";', 'export const IS_PUBLIC_KEY = "isPublic";', "export const Open = () => SetMetadata(IS_PUBLIC_KEY, true);"],
      "src/auth/jwt-auth.guard.ts": [
        'import { ExecutionContext, Injectable } from "@nestjs/common";',
        'import { Reflector } from "@nestjs/core";',
        'import { AuthGuard } from "@nestjs/passport";',
        'import { IS_PUBLIC_KEY } from "./open.decorator";',
        "",
        "@Injectable()",
        'export class JwtAuthGuard extends AuthGuard("jwt") {',
        "  constructor(private reflector: Reflector) {",
        "    super();",
        "  }",
        "  canActivate(context: ExecutionContext) {",
        "    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);",
        "    if (isPublic) return true;",
        "    return super.canActivate(context);",
        "  }",
        "}",
      ],
      "src/chat/chat.service.ts": CHAT_SERVICE,
      "src/chat/chat.controller.ts": [
        'import { Body, Controller, Get, Post } from "@nestjs/common";',
        'import { SkipThrottle } from "@nestjs/throttler";',
        'import { Open } from "../auth/open.decorator";',
        'import { ChatService } from "./chat.service";',
        "",
        '@Controller("chat")',
        "export class ChatController {",
        "  constructor(private readonly chat: ChatService) {}",
        "",
        '  @Get("health")',
        "  health() {",
        "    return { ok: true };",
        "  }",
        "",
        "  @Post()",
        "  complete(@Body() body: { prompt: string }) {",
        "    return this.chat.complete(body.prompt);",
        "  }",
        "",
        "  @Open()",
        '  @Post("demo")',
        "  demo(@Body() body: { prompt: string }) {",
        "    return this.chat.complete(body.prompt);",
        "  }",
        "",
        "  @SkipThrottle()",
        '  @Post("internal/:id")',
        "  internal(@Body() body: { prompt: string }) {",
        "    return this.chat.complete(body.prompt);",
        "  }",
        "}",
      ],
    });
    expect(routes).toEqual([
      ["GET", "/api/chat/health", "src/chat/chat.controller.ts:10"],
      ["POST", "/api/chat", "src/chat/chat.controller.ts:15"],
      ["POST", "/api/chat/demo", "src/chat/chat.controller.ts:21"],
      ["POST", "/api/chat/internal/:id", "src/chat/chat.controller.ts:27"],
    ]);
    expect(ai).toEqual({
      "POST /api/chat": { auth: [JWT], rateLimit: [THROTTLER] },
      "POST /api/chat/demo": { auth: [], rateLimit: [THROTTLER] },
      "POST /api/chat/internal/:id": { auth: [JWT], rateLimit: [] },
    });
    expect(optOuts).toEqual({ "POST /api/chat/demo": ["auth @Open()"], "POST /api/chat/internal/:id": ["rate-limit @SkipThrottle()"] });
  });

  it("@UseGuards on the controller (a project guard whose canActivate checks the API key), @Throttle, @Sse, { path } controllers, app.use on a path, and a guard that checks nothing", async () => {
    const { routes, ai } = await routesOf("nestjs", {
      "package.json": NEST_PKG,
      "src/main.ts": [
        'import { NestFactory } from "@nestjs/core";',
        'import rateLimit from "express-rate-limit";',
        'import { AppModule } from "./app.module";',
        'import { LoggingGuard } from "./guards/logging.guard";',
        "",
        "const app = await NestFactory.create(AppModule);",
        "app.useGlobalGuards(new LoggingGuard());",
        'app.use("/summarize/stream", rateLimit({ windowMs: 60_000, max: 20 }));',
        "await app.listen(3000);",
      ],
      "src/app.module.ts": ['import { Module } from "@nestjs/common";', 'import { SummarizeController } from "./summarize.controller";', "", "@Module({ controllers: [SummarizeController] })", "export class AppModule {}"],
      "src/guards/api-key.guard.ts": [
        'import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from "@nestjs/common";',
        "",
        "@Injectable()",
        "export class ApiKeyGuard implements CanActivate {",
        "  canActivate(context: ExecutionContext): boolean {",
        "    const request = context.switchToHttp().getRequest();",
        '    if (request.headers["x-api-key"] !== process.env.API_KEY) {',
        "      throw new UnauthorizedException();",
        "    }",
        "    return true;",
        "  }",
        "}",
      ],
      "src/guards/logging.guard.ts": ['import { CanActivate, Injectable } from "@nestjs/common";', "", "@Injectable()", "export class LoggingGuard implements CanActivate {", "  canActivate() {", '    console.log("request");', "    return true;", "  }", "}"],
      "src/chat/chat.service.ts": CHAT_SERVICE,
      "src/summarize.controller.ts": [
        'import { Body, Controller, Post, Sse, UseGuards } from "@nestjs/common";',
        'import { Throttle } from "@nestjs/throttler";',
        'import { ApiKeyGuard } from "./guards/api-key.guard";',
        'import { ChatService } from "./chat/chat.service";',
        "",
        '@Controller({ path: "summarize", version: "1" })',
        "@UseGuards(ApiKeyGuard)",
        "export class SummarizeController {",
        "  constructor(private readonly chat: ChatService) {}",
        "",
        "  @Post()",
        "  @Throttle({ default: { limit: 3, ttl: 60000 } })",
        "  run(@Body() body: { text: string }) {",
        "    return this.chat.complete(body.text);",
        "  }",
        "",
        '  @Sse("stream")',
        "  stream() {",
        '    return this.chat.complete("stream");',
        "  }",
        "}",
      ],
    });
    expect(routes).toEqual([
      ["POST", "/summarize", "src/summarize.controller.ts:11"],
      ["GET", "/summarize/stream", "src/summarize.controller.ts:17"],
    ]);
    const apiKey = "custom check that rejects the caller (401/403 or a redirect to log in) @ @UseGuards on SummarizeController";
    expect(ai).toEqual({
      "POST /summarize": { auth: [apiKey], rateLimit: ["@nestjs/throttler @ @Throttle on SummarizeController.run"] },
      "GET /summarize/stream": { auth: [apiKey], rateLimit: ["express-rate-limit @ app.use in src/main.ts"] },
    });
  });

  it("composite decorators (applyDecorators), an opt-out known by name only, module middleware with forRoutes and exclude", async () => {
    const { routes, ai, optOuts } = await routesOf("nestjs", {
      "package.json": NEST_PKG,
      "src/auth/auth.decorator.ts": [
        'import { applyDecorators, SetMetadata, UseGuards } from "@nestjs/common";',
        'import { AuthGuard } from "@nestjs/passport";',
        "",
        "export function Auth(...roles: string[]) {",
        '  return applyDecorators(SetMetadata("roles", roles), UseGuards(AuthGuard("jwt")));',
        "}",
      ],
      "src/auth/session.middleware.ts": [
        'import { Injectable, NestMiddleware } from "@nestjs/common";',
        "",
        "@Injectable()",
        "export class SessionMiddleware implements NestMiddleware {",
        "  use(req: any, res: any, next: () => void) {",
        "    if (!req.session?.user) {",
        "      return res.status(401).end();",
        "    }",
        "    next();",
        "  }",
        "}",
      ],
      "src/app.module.ts": [
        'import { MiddlewareConsumer, Module, NestModule } from "@nestjs/common";',
        'import { SessionMiddleware } from "./auth/session.middleware";',
        'import { AssistantController } from "./assistant.controller";',
        "",
        "@Module({ controllers: [AssistantController] })",
        "export class AppModule implements NestModule {",
        "  configure(consumer: MiddlewareConsumer) {",
        '    consumer.apply(SessionMiddleware).exclude("assistant/public").forRoutes("assistant/*");',
        "  }",
        "}",
      ],
      "src/chat/chat.service.ts": CHAT_SERVICE,
      "src/assistant.controller.ts": [
        'import { Body, Controller, Post } from "@nestjs/common";',
        'import { Public } from "nest-keycloak-connect";',
        'import { Auth } from "./auth/auth.decorator";',
        'import { ChatService } from "./chat/chat.service";',
        "",
        '@Controller("assistant")',
        "export class AssistantController {",
        "  constructor(private readonly chat: ChatService) {}",
        "",
        '  @Post("admin")',
        '  @Auth("admin")',
        "  admin(@Body() body: { q: string }) {",
        "    return this.chat.complete(body.q);",
        "  }",
        "",
        '  @Post("public")',
        "  @Public()",
        "  open(@Body() body: { q: string }) {",
        "    return this.chat.complete(body.q);",
        "  }",
        "",
        '  @Post("session")',
        "  session(@Body() body: { q: string }) {",
        "    return this.chat.complete(body.q);",
        "  }",
        "}",
      ],
    });
    expect(routes).toEqual([
      ["POST", "/assistant/admin", "src/assistant.controller.ts:10"],
      ["POST", "/assistant/public", "src/assistant.controller.ts:16"],
      ["POST", "/assistant/session", "src/assistant.controller.ts:22"],
    ]);
    const session = "custom check that rejects the caller (401/403 or a redirect to log in) @ consumer.apply in src/app.module.ts";
    expect(ai).toEqual({
      "POST /assistant/admin": { auth: [session, "NestJS AuthGuard @ @Auth on AssistantController.admin"], rateLimit: [] },
      "POST /assistant/public": { auth: [], rateLimit: [] },
      "POST /assistant/session": { auth: [session], rateLimit: [] },
    });
    expect(optOuts).toEqual({ "POST /assistant/public": ["auth @Public()"] });
  });

  it("useGlobalGuards(new Guard()) whose canActivate returns false, controller path arrays, @SkipThrottle turned off, forRoutes with a method", async () => {
    const { routes, ai, optOuts } = await routesOf("nestjs", {
      "package.json": NEST_PKG,
      "src/main.ts": [
        'import { NestFactory } from "@nestjs/core";',
        'import { AppModule } from "./app.module";',
        'import { SessionGuard } from "./session.guard";',
        "",
        "async function bootstrap() {",
        "  const app = await NestFactory.create(AppModule);",
        "  app.useGlobalGuards(new SessionGuard());",
        "  await app.listen(3000);",
        "}",
        "void bootstrap();",
      ],
      "src/session.guard.ts": [
        'import { CanActivate, ExecutionContext } from "@nestjs/common";',
        "export class SessionGuard implements CanActivate {",
        "  canActivate(context: ExecutionContext) {",
        "    const req = context.switchToHttp().getRequest();",
        "    if (!req.session?.userId) return false;",
        "    return true;",
        "  }",
        "}",
      ],
      "src/quota.middleware.ts": [
        'import { Injectable, NestMiddleware } from "@nestjs/common";',
        "const used = new Map<string, number>();",
        "@Injectable()",
        "export class QuotaMiddleware implements NestMiddleware {",
        "  use(req: any, res: any, next: () => void) {",
        "    const n = (used.get(req.ip) ?? 0) + 1;",
        "    used.set(req.ip, n);",
        "    if (n > 100) return res.status(429).send();",
        "    next();",
        "  }",
        "}",
      ],
      "src/app.module.ts": [
        'import { MiddlewareConsumer, Module, RequestMethod } from "@nestjs/common";',
        'import { QuotaMiddleware } from "./quota.middleware";',
        'import { AskController } from "./ask.controller";',
        "",
        "@Module({ controllers: [AskController] })",
        "export class AppModule {",
        "  configure(consumer: MiddlewareConsumer) {",
        '    consumer.apply(QuotaMiddleware).forRoutes({ path: "v2/ask/*", method: RequestMethod.POST });',
        "  }",
        "}",
      ],
      "src/chat/chat.service.ts": CHAT_SERVICE,
      "src/ask.controller.ts": [
        'import { Body, Controller, Post } from "@nestjs/common";',
        'import { SkipThrottle } from "@nestjs/throttler";',
        'import { ChatService } from "./chat/chat.service";',
        "",
        '@Controller(["ask", "v2/ask"])',
        "export class AskController {",
        "  constructor(private readonly chat: ChatService) {}",
        "",
        '  @Post("now")',
        "  @SkipThrottle({ default: false })",
        "  now(@Body() body: { q: string }) {",
        "    return this.chat.complete(body.q);",
        "  }",
        "}",
      ],
    });
    expect(routes).toEqual([
      ["POST", "/ask/now", "src/ask.controller.ts:9"],
      ["POST", "/v2/ask/now", "src/ask.controller.ts:9"],
    ]);
    const session = "guard that rejects the caller (returns false) @ global guard (src/main.ts)";
    expect(ai).toEqual({
      "POST /ask/now": { auth: [session], rateLimit: [] },
      "POST /v2/ask/now": { auth: [session], rateLimit: ["custom limit that answers 429 @ consumer.apply in src/app.module.ts"] },
    });
    expect(optOuts).toEqual({});
  });
});

const TRPC_PKG = JSON.stringify({ name: "web", dependencies: { "@trpc/server": "^11", "@upstash/ratelimit": "^2", "@upstash/redis": "^1", openai: "^4", zod: "^3" } });

const TRPC_INIT = [
  'import { initTRPC, TRPCError } from "@trpc/server";',
  'import type { Context } from "./context";',
  "",
  "const t = initTRPC.context<Context>().create();",
  "",
  "export const createTRPCRouter = t.router;",
  "export const publicProcedure = t.procedure;",
  "",
  "const isAuthed = t.middleware(({ ctx, next }) => {",
  "  if (!ctx.session?.user) {",
  '    throw new TRPCError({ code: "UNAUTHORIZED" });',
  "  }",
  "  return next({ ctx: { user: ctx.session.user } });",
  "});",
  "",
  "export const protectedProcedure = t.procedure.use(isAuthed);",
];

const SESSION_CHECK = "custom check that rejects the caller (401/403 or a redirect to log in) @ middleware of protectedProcedure (src/server/trpc.ts)";

describe("tRPC", () => {
  it("public and protected procedures (protected defined in another file), a rate-limited builder, nested routers by dotted path", async () => {
    const { routes, ai } = await routesOf("trpc", {
      "package.json": TRPC_PKG,
      "src/server/trpc.ts": TRPC_INIT,
      "src/server/ratelimit.ts": [
        'import { Ratelimit } from "@upstash/ratelimit";',
        'import { Redis } from "@upstash/redis";',
        'import { TRPCError } from "@trpc/server";',
        'import { protectedProcedure } from "./trpc";',
        "",
        'const limiter = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.slidingWindow(10, "1 m") });',
        "",
        "export const limitedProcedure = protectedProcedure.use(async ({ ctx, next }) => {",
        "  const { success } = await limiter.limit(ctx.user.id);",
        '  if (!success) throw new TRPCError({ code: "TOO_MANY_REQUESTS" });',
        "  return next();",
        "});",
      ],
      "src/server/ai.ts": [
        'import OpenAI from "openai";',
        "const openai = new OpenAI();",
        "export async function complete(q: string) {",
        '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: q }] });',
        "  return r.choices[0].message.content;",
        "}",
      ],
      "src/server/routers/chat.ts": [
        'import { z } from "zod";',
        'import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";',
        'import { limitedProcedure } from "../ratelimit";',
        'import { complete } from "../ai";',
        "",
        "export const chatRouter = createTRPCRouter({",
        '  models: publicProcedure.query(() => ["gpt-4o-mini"]),',
        "  ask: publicProcedure.input(z.object({ q: z.string() })).mutation(({ input }) => complete(input.q)),",
        "  send: protectedProcedure.input(z.string()).mutation(({ input }) => complete(input)),",
        '  limited: limitedProcedure.mutation(() => complete("x")),',
        "});",
      ],
      "src/server/root.ts": [
        'import { createTRPCRouter, publicProcedure } from "./trpc";',
        'import { chatRouter } from "./routers/chat";',
        "",
        "export const appRouter = createTRPCRouter({",
        "  chat: chatRouter,",
        '  health: createTRPCRouter({ ping: publicProcedure.query(() => "pong") }),',
        "});",
      ],
    });
    expect(routes).toEqual([
      ["QUERY", "health.ping", "src/server/root.ts:6"],
      ["QUERY", "chat.models", "src/server/routers/chat.ts:7"],
      ["MUTATION", "chat.ask", "src/server/routers/chat.ts:8"],
      ["MUTATION", "chat.send", "src/server/routers/chat.ts:9"],
      ["MUTATION", "chat.limited", "src/server/routers/chat.ts:10"],
    ]);
    const limiter = "middleware of limitedProcedure (src/server/ratelimit.ts)";
    expect(ai).toEqual({
      "MUTATION chat.ask": { auth: [], rateLimit: [] },
      "MUTATION chat.send": { auth: [SESSION_CHECK], rateLimit: [] },
      "MUTATION chat.limited": { auth: [SESSION_CHECK], rateLimit: [`@upstash/ratelimit @ ${limiter}`, `custom limit that answers 429 @ ${limiter}`] },
    });
  });

  it("t.router and t.mergeRouters on initTRPC.create(), a middleware factory, plain nested objects, a handler declared elsewhere", async () => {
    const { routes, ai } = await routesOf("trpc", {
      "package.json": TRPC_PKG,
      "src/trpc.ts": [
        'import { initTRPC, TRPCError } from "@trpc/server";',
        "export const t = initTRPC.create();",
        "const hits = new Map<string, number>();",
        "export function perMinute(max: number) {",
        "  return t.middleware(({ ctx, next }) => {",
        "    const n = (hits.get(ctx.ip) ?? 0) + 1;",
        "    hits.set(ctx.ip, n);",
        '    if (n > max) throw new TRPCError({ code: "TOO_MANY_REQUESTS" });',
        "    return next();",
        "  });",
        "}",
      ],
      "src/handlers.ts": [
        'import OpenAI from "openai";',
        "const openai = new OpenAI();",
        "export async function draft({ input }: { input: string }) {",
        '  return openai.responses.create({ model: "gpt-4o-mini", input });',
        "}",
      ],
      "src/app.ts": [
        'import { t, perMinute } from "./trpc";',
        'import { draft } from "./handlers";',
        "",
        "const writing = t.router({",
        "  draft: t.procedure.use(perMinute(5)).mutation(draft),",
        "  tools: { outline: t.procedure.mutation(draft) },",
        "});",
        'const misc = t.router({ version: t.procedure.query(() => "1") });',
        "export const appRouter = t.mergeRouters(writing, misc);",
      ],
    });
    expect(routes).toEqual([
      ["MUTATION", "draft", "src/app.ts:5"],
      ["MUTATION", "tools.outline", "src/app.ts:6"],
      ["QUERY", "version", "src/app.ts:8"],
    ]);
    expect(ai).toEqual({
      "MUTATION draft": { auth: [], rateLimit: ["custom limit that answers 429 @ middleware of the procedure (src/app.ts)"] },
      "MUTATION tools.outline": { auth: [], rateLimit: [] },
    });
  });

  it("a path alias and a barrel, a middleware helper, inline .use chains, concat, a procedure held in a variable, shorthand keys", async () => {
    const { routes, ai } = await routesOf("trpc", {
      "package.json": TRPC_PKG,
      "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "~/*": ["./src/*"] } } }',
      "src/server/api/trpc.ts": [
        'import { initTRPC, TRPCError } from "@trpc/server";',
        "const t = initTRPC.context<{ session: { user?: { id: string } } | null }>().create();",
        "export const createTRPCRouter = t.router;",
        "export const middleware = t.middleware;",
        "const timing = middleware(async ({ next }) => next());",
        "export const publicProcedure = t.procedure.use(timing);",
        "export const protectedProcedure = t.procedure.use(timing).use(({ ctx, next }) => {",
        '  if (!ctx.session?.user) throw new TRPCError({ code: "UNAUTHORIZED" });',
        "  return next({ ctx });",
        "});",
        "const quota = t.procedure.use(async ({ ctx, next }) => {",
        '  if ((await countToday(ctx)) > 50) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "daily quota" });',
        "  return next();",
        "});",
        "async function countToday(_ctx: unknown) { return 0; }",
        "export const meteredProcedure = protectedProcedure.concat(quota);",
      ],
      "src/server/api/index.ts": 'export * from "./trpc";\n',
      "src/server/ai.ts": [
        'import OpenAI from "openai";',
        "const openai = new OpenAI();",
        'export const ask = (q: string) => openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: q }] });',
      ],
      "src/server/api/routers/assistant.ts": [
        'import { createTRPCRouter, meteredProcedure, protectedProcedure } from "~/server/api";',
        'import { ask } from "~/server/ai";',
        "",
        'const summarize = protectedProcedure.mutation(() => ask("summarize"));',
        'const metered = meteredProcedure.mutation(() => ask("metered"));',
        "",
        "export const assistantRouter = createTRPCRouter({ summarize, metered });",
      ],
      "src/server/api/root.ts": [
        'import { createTRPCRouter, publicProcedure } from "~/server/api";',
        'import { assistantRouter } from "./routers/assistant";',
        'import { ask } from "~/server/ai";',
        "",
        "export const appRouter = createTRPCRouter({",
        "  assistant: assistantRouter,",
        '  open: publicProcedure.query(() => ask("open")),',
        "});",
      ],
    });
    expect(routes).toEqual([
      ["QUERY", "open", "src/server/api/root.ts:7"],
      ["MUTATION", "assistant.summarize", "src/server/api/routers/assistant.ts:7"],
      ["MUTATION", "assistant.metered", "src/server/api/routers/assistant.ts:7"],
    ]);
    const auth = "custom check that rejects the caller (401/403 or a redirect to log in) @ middleware of protectedProcedure (src/server/api/trpc.ts)";
    expect(ai).toEqual({
      "QUERY open": { auth: [], rateLimit: [] },
      "MUTATION assistant.summarize": { auth: [auth], rateLimit: [] },
      "MUTATION assistant.metered": { auth: [auth], rateLimit: ["custom limit that answers 429 @ middleware of quota (src/server/api/trpc.ts)"] },
    });
  });
});
