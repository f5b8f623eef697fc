/**
 * Handlers that run later, on events from elsewhere: a chat platform's messages to a bot, a
 * schedule's ticks, a topic someone else publishes to. A route that registers such a handler
 * (`bot.on("message", …)` in a "connect the bot" endpoint) does not run it: whatever the
 * handler calls (a model) is paid for by the platform's users, not by the route's caller.
 * Route reachability does not look inside these handlers.
 *
 * `req.on("end", …)` and `stream.on("data", …)` are not here: those run while the request is
 * being handled. To add a platform, name its package, the export whose instance takes the
 * handlers, and the methods that register one.
 */

export interface LaterEventSource {
  package: string;
  /** The export whose instance takes handlers (`new Bot(token)`), as the package exports it. */
  instanceOf?: string;
  /** How that instance is made: `new Bot()` or a factory call (`createClient()`). */
  made?: "new" | "call";
  /** Methods of the instance that register a handler for later events. */
  registers?: readonly string[];
  /** Exports that are themselves a registration (`cron.schedule(spec, fn)`, `new CronJob(spec, fn)`). */
  schedules?: readonly string[];
}

export const LATER_EVENT_SOURCES: readonly LaterEventSource[] = [
  // Telegram bots.
  { package: "grammy", instanceOf: "Bot", made: "new", registers: ["on", "command", "hears", "callbackQuery", "inlineQuery", "chatType", "reaction", "filter", "use", "catch"] },
  { package: "telegraf", instanceOf: "Telegraf", made: "new", registers: ["on", "command", "hears", "action", "start", "help", "settings", "inlineQuery", "use", "catch"] },
  { package: "node-telegram-bot-api", instanceOf: "default", made: "new", registers: ["on", "once", "onText", "onReplyToMessage"] },
  // Discord, Slack, WhatsApp bots.
  { package: "discord.js", instanceOf: "Client", made: "new", registers: ["on", "once"] },
  { package: "@slack/bolt", instanceOf: "App", made: "new", registers: ["message", "command", "event", "action", "shortcut", "view", "options"] },
  { package: "whatsapp-web.js", instanceOf: "Client", made: "new", registers: ["on", "once"] },
  { package: "@whiskeysockets/baileys", instanceOf: "default", made: "call", registers: ["ev.on"] },
  // Schedules and topics.
  { package: "node-cron", schedules: ["schedule"] },
  { package: "cron", schedules: ["CronJob", "CronJob.from"] },
  { package: "node-schedule", schedules: ["scheduleJob"] },
  { package: "pubsub-js", schedules: ["subscribe", "subscribeOnce"] },
];
