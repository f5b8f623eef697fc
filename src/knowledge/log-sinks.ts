/**
 * Where a program writes what it wants people to read later: log calls, and (for the
 * key rule) error messages. Data for AK-5/LG-2 (`rules/key-in-logs-or-responses.ts`,
 * `rules/prompt-in-logs.ts`); a contributor adds a logger here, the rules never name one.
 *
 * What a response sends to the client is described once, for every rule, in
 * `knowledge/http-responses.ts` (`res.json`, `reply.send`, `c.json`, `NextResponse.json`,
 * `new Response(body)`, `json()` of Remix and SvelteKit, Koa's `ctx.body = …`…).
 */

/** `console.log(…)` and its siblings: every argument is printed. */
export const CONSOLE_RECEIVERS: readonly string[] = ["console"];
export const CONSOLE_METHODS: readonly string[] = ["log", "info", "warn", "error", "debug", "trace", "dir", "dirxml", "table", "group", "groupCollapsed", "assert", "timeLog"];

/**
 * Browser SDKs that record what the page prints to its console and send it to a service
 * (Sentry's browser SDKs keep console calls as breadcrumbs by default; LogRocket, Datadog's
 * browser logs and Bugsnag can forward them): in an app that uses one, a `console` call in
 * browser code is a log like any other.
 */
export const CONSOLE_COLLECTOR_PACKAGES: readonly string[] = [
  "@sentry/browser", "@sentry/react", "@sentry/vue", "@sentry/angular", "@sentry/svelte", "@sentry/sveltekit", "@sentry/nextjs", "@sentry/nuxt",
  "@sentry/remix", "@sentry/react-native", "@sentry/electron", "@sentry/capacitor", "sentry-expo", "logrocket", "@datadog/browser-logs",
  "@datadog/browser-rum", "@bugsnag/js", "@bugsnag/browser", "@bugsnag/react-native", "highlight.run", "@highlight-run/next", "@logtail/browser",
];

/**
 * Logger objects, by the last name of the receiver: `logger.info`, `this.logger.warn`,
 * `req.log.error` (pino-http), `fastify.log.info`, `app.log.debug`, `winston.error`,
 * NestJS `Logger.log` / `this.logger.log`, `consola.info`, `signale.error`.
 */
export const LOGGER_RECEIVER_NAMES: readonly string[] = ["logger", "log", "pino", "winston", "bunyan", "Logger", "consola", "signale", "loglevel", "tracer", "npmlog"];
/** Receiver names ending so are loggers too: `requestLogger`, `auditLog`, `appLogger`. */
export const LOGGER_RECEIVER_SUFFIX = /(?:Logger|Log)$/;
/** Methods that write a record; `child(bindings)` writes its bindings into every later record. */
export const LOGGER_METHODS: readonly string[] = ["info", "warn", "warning", "error", "debug", "trace", "fatal", "verbose", "silly", "log", "http", "notice", "critical", "crit", "alert", "emerg", "success", "child"];

/** Packages whose export makes a log function: `const debug = createDebug("app:ai"); debug("…", value)`. */
export const LOG_FUNCTION_FACTORIES: readonly string[] = ["debug"];

/** Streams a process writes its output to: `process.stdout.write(…)`. */
export const OUTPUT_STREAMS: ReadonlyArray<{ receiver: string; method: string }> = [
  { receiver: "process.stdout", method: "write" },
  { receiver: "process.stderr", method: "write" },
];

/** Error trackers: what they are given is stored and shown on a third-party dashboard. */
export const ERROR_TRACKER_CALLS: ReadonlyArray<{ receiver: string; methods: readonly string[] }> = [
  { receiver: "Sentry", methods: ["captureMessage", "setExtra", "setExtras", "setContext", "addBreadcrumb", "setTag"] },
];

/**
 * Errors: the message of `new Error(…)` (thrown, passed to `next()` or `reject()`) ends up
 * in logs, error trackers and, through error handlers, in responses. Classes whose name
 * matches are errors.
 */
export const ERROR_CLASS_NAME = /(?:Error|Exception)$/;

/**
 * HTTP clients whose errors carry the request they sent, credential headers included: a
 * failed model request's whole error, or these members of it, written to a log leak the
 * key. Matched on the call site's client (`axios.post …`, `request-promise …`,
 * `child_process.exec …`: the curl command line is the error's `cmd`).
 */
export const ERRORS_CARRYING_THE_REQUEST: readonly { client: string; members: readonly string[] }[] = [
  { client: "axios", members: ["config"] },
  { client: "request-promise", members: ["options"] },
  { client: "request-promise-native", members: ["options"] },
  { client: "request", members: ["options"] },
  { client: "got", members: ["options"] },
  { client: "child_process", members: ["cmd"] },
];

/**
 * Request loggers set up once for a whole server: what their request serializer returns is
 * written for every request the server takes. A serializer that returns the request's body
 * writes every prompt an AI route receives (LG-2). `exports`: the export called to make the
 * logger (`default` for `Fastify(…)`, `pino(…)`, `pinoHttp(…)`); `serializers`: where in its
 * arguments the serializer functions sit, by the name of what they serialize; `framework`:
 * the only framework whose requests it sees, when it is part of one (the route model's name).
 */
export interface RequestLoggerShape {
  package: string;
  exports: readonly string[];
  serializers: string;
  framework?: string;
}

export const REQUEST_LOGGERS: readonly RequestLoggerShape[] = [
  { package: "fastify", exports: ["default", "fastify", "Fastify"], serializers: "0.logger.serializers", framework: "Fastify" },
  { package: "pino", exports: ["default", "pino"], serializers: "0.serializers" },
  { package: "pino-http", exports: ["default", "pinoHttp"], serializers: "0.serializers" },
  { package: "express-pino-logger", exports: ["default"], serializers: "0.serializers" },
  { package: "koa-pino-logger", exports: ["default"], serializers: "0.serializers" },
];

/** The serializer keys that receive the incoming request. */
export const REQUEST_SERIALIZER_KEYS: readonly string[] = ["req", "request"];

/**
 * Log formats made of named tokens, whose token functions receive the request:
 * `morgan.token("body", (req) => JSON.stringify(req.body))` puts the body in every line
 * that names `:body`. `export`: the token-defining export; `function`: its argument.
 */
export const REQUEST_LOG_TOKENS: ReadonlyArray<{ package: string; export: string; function: number }> = [{ package: "morgan", export: "token", function: 1 }];

/** Where a request object keeps its parsed body: `req.body`, and pino-http's `req.raw.body`. */
export const REQUEST_BODY_PATHS: readonly (readonly string[])[] = [["body"], ["raw", "body"]];
