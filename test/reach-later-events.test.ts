/**
 * A route that registers a handler for later events (a chat bot's messages, a schedule's
 * ticks, a topic) does not run it: the model that handler calls is no part of the route
 * (`knowledge/later-events.ts`). A handler that runs while the request is handled
 * (`req.on("end", …)`, `.then(…)`) still is.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { tempProjects } from "./helpers/temp-projects.js";

const write = tempProjects("aigis-reach-later-");
const lines = (...l: string[]) => `${l.join("\n")}\n`;

async function aiRoutes(files: Record<string, string>): Promise<string[]> {
  const { project, ts } = await loadProject(write(files), defaultConfig());
  return project.routes(ts).aiRoutes.map((ai) => `${ai.route.method} ${ai.route.path}`).sort();
}

const MODEL = lines(
  'import OpenAI from "openai";',
  "const openai = new OpenAI();",
  "export async function reply(text: string) {",
  '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: text }] });',
  '  return r.choices[0]?.message?.content ?? "";',
  "}",
);

describe("handlers registered for later events", () => {
  it("a Discord client's, a cron schedule's and a topic's handlers are no part of the route that registers them", async () => {
    const routes = await aiRoutes({
      "package.json": JSON.stringify({ name: "relay", dependencies: { express: "^4", openai: "^5", "discord.js": "^14", "node-cron": "^3", "pubsub-js": "^1" } }),
      "src/model.ts": MODEL,
      "src/discord.ts": lines(
        'import { Client, GatewayIntentBits } from "discord.js";',
        'import { reply } from "./model";',
        "export function connect(token: string) {",
        "  const client = new Client({ intents: [GatewayIntentBits.Guilds] });",
        '  client.on("messageCreate", async (message) => { await message.reply(await reply(message.content)); });',
        "  return client.login(token);",
        "}",
      ),
      "src/server.ts": lines(
        'import express from "express";',
        'import cron from "node-cron";',
        'import PubSub from "pubsub-js";',
        'import { connect } from "./discord";',
        'import { reply } from "./model";',
        "const app = express();",
        'app.post("/discord", async (req, res) => { await connect(req.body.token); res.sendStatus(204); });',
        'app.post("/digest", (req, res) => { cron.schedule("0 8 * * *", async () => { await reply("Summarise yesterday."); }); res.sendStatus(204); });',
        'app.post("/topics/:id", (req, res) => { PubSub.subscribe(req.params.id, async (_t: string, text: string) => { await reply(text); }); res.sendStatus(204); });',
        'app.post("/echo", (req, res) => { let body = ""; req.on("data", (c) => (body += c)); req.on("end", async () => res.json({ text: await reply(body) })); });',
        'app.post("/now", async (req, res) => { res.json({ text: await reply("hello") }); });',
        "app.listen(3000);",
      ),
    });
    expect(routes).toEqual(["POST /echo", "POST /now"]);
  });

  it("a method of the same name on an object no platform made is followed as before", async () => {
    const routes = await aiRoutes({
      "package.json": JSON.stringify({ name: "relay", dependencies: { express: "^4", openai: "^5", grammy: "^1" } }),
      "src/model.ts": MODEL,
      "src/server.ts": lines(
        'import express from "express";',
        'import { Bot } from "grammy";',
        'import { reply } from "./model";',
        "const app = express();",
        "const hooks = { on: async (_event: string, run: () => Promise<unknown>) => run() };",
        'app.post("/bot", (req, res) => { const bot = new Bot(req.body.token); bot.on("message", async (ctx) => ctx.reply(await reply(ctx.msg.text ?? ""))); res.sendStatus(204); });',
        'app.post("/hook", async (req, res) => { await hooks.on("ask", async () => res.json({ text: await reply("hi") })); });',
        "app.listen(3000);",
      ),
    });
    expect(routes).toEqual(["POST /hook"]);
  });
});
