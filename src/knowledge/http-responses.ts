/**
 * How each server framework sends a response, and what in a caught error is internal, as
 * data (EH-1, `rules/error-details-leak.ts`).
 *
 * A response shape says which call (or `new`, or assignment) sends something to the
 * client and which of its arguments become the body. Export paths use `default` for the
 * default export, as in `knowledge/route-evidence.ts`.
 */

export interface ResponseMethod {
  /** `res.json(…)`, `reply.send(…)`, `c.json(…)`, `ctx.throw(500, msg)`. */
  method: string;
  /** Argument indexes sent to the client (all when omitted). */
  args?: readonly number[];
  /** Who sends this way, for the docs. */
  frameworks: string;
  /** A name only a response stream has (`writeSSE`): its receiver may be called anything (`stream`). */
  anyReceiver?: true;
  /**
   * The message reaches the client only with a status below this (Koa's `ctx.throw` makes an
   * http-errors error, exposed below 500; at 500 and up, or with no status given, the client
   * gets the status text alone).
   */
  exposedBelowStatus?: number;
}

/**
 * Methods called on the response object a handler receives (`res`, `reply`, `c`, `ctx`,
 * also through `res.status(500).json(…)`). The receiver must be a parameter of an enclosing
 * function, or have one of `RESPONSE_OBJECT_NAMES`, and the call must pass something.
 */
export const RESPONSE_METHODS: readonly ResponseMethod[] = [
  { method: "json", frameworks: "Express, Hono, Next pages API" },
  { method: "send", frameworks: "Express, Fastify, Next pages API" },
  { method: "jsonp", frameworks: "Express" },
  { method: "end", frameworks: "Express, Node http" },
  { method: "write", frameworks: "Express, Node http (streamed responses, server-sent events)" },
  { method: "text", frameworks: "Hono" },
  { method: "html", frameworks: "Hono" },
  { method: "body", frameworks: "Hono (c.body)" },
  { method: "throw", frameworks: "Koa (ctx.throw(status, message))", exposedBelowStatus: 500 },
  { method: "sse", frameworks: "Fastify server-sent events (fastify-sse-v2, @fastify/sse: reply.sse({ data }))" },
  { method: "writeSSE", frameworks: "Hono streamSSE (stream.writeSSE({ data }))", anyReceiver: true },
];

/**
 * Web streams sent as a response body (`return new Response(stream)`): what the controller
 * enqueues is sent. The controller is the parameter at `controllerIndex` of the named method
 * of the object literal given to the constructor (`new ReadableStream({ start(controller) { … } })`).
 */
export const STREAM_CONTROLLERS: readonly { constructor: string; methods: readonly string[]; controllerIndex: number; enqueue: readonly string[] }[] = [
  { constructor: "ReadableStream", methods: ["start", "pull"], controllerIndex: 0, enqueue: ["enqueue"] },
  { constructor: "TransformStream", methods: ["start", "transform", "flush"], controllerIndex: 1, enqueue: ["enqueue"] },
];

/** Chained calls between the response object and the sending method: `res.status(500).json(…)`. */
export const RESPONSE_CHAIN_METHODS: readonly string[] = ["status", "code", "type", "header", "headers", "set", "setHeader", "append", "vary", "cookie", "clearCookie", "contentType"];

/** Names that hold a response object even when they are not a parameter (`this.res`, a module-level `reply`). */
export const RESPONSE_OBJECT_NAMES: readonly string[] = ["res", "response", "reply", "ctx", "c", "context"];

/** Property assignments that set the body: Koa's `ctx.body = …`, `ctx.response.body = …`; Node's `res.statusMessage = …`. */
export const RESPONSE_BODY_ASSIGNMENTS: readonly string[] = ["body", "statusMessage"];

export interface ResponseFunction {
  /** Packages that export it; `global` when it needs no import (`Response`, Nuxt auto-imports). */
  packages: readonly string[];
  /** Export path (`json`, `NextResponse.json`, `default`), or the global name. */
  export: string;
  how: "call" | "new";
  /** Argument indexes sent to the client (all when omitted). */
  args?: readonly number[];
  /** Only these properties of an object argument reach the client (`new TRPCError({ message })`). */
  fields?: readonly string[];
  label: string;
}

const REMIX_PACKAGES = ["@remix-run/node", "@remix-run/cloudflare", "@remix-run/deno", "@remix-run/server-runtime", "@vercel/remix", "react-router", "react-router-dom", "@react-router/node"];
const H3_PACKAGES = ["h3", "nitropack", "nitropack/runtime", "#imports", "nuxt/app", "global"];

/** Functions and constructors whose result is the response (or an error response) the client gets. */
export const RESPONSE_FUNCTIONS: readonly ResponseFunction[] = [
  { packages: ["next/server"], export: "NextResponse.json", how: "call", label: "NextResponse.json" },
  { packages: ["next/server"], export: "NextResponse", how: "new", args: [0], label: "new NextResponse" },
  { packages: ["global"], export: "Response.json", how: "call", label: "Response.json" },
  { packages: ["global"], export: "Response", how: "new", args: [0], label: "new Response" },
  { packages: REMIX_PACKAGES, export: "json", how: "call", args: [0], label: "json()" },
  { packages: REMIX_PACKAGES, export: "data", how: "call", args: [0], label: "data()" },
  { packages: ["@sveltejs/kit"], export: "json", how: "call", args: [0], label: "json()" },
  { packages: ["@sveltejs/kit"], export: "text", how: "call", args: [0], label: "text()" },
  { packages: ["@sveltejs/kit"], export: "error", how: "call", args: [1], label: "error()" },
  { packages: ["@sveltejs/kit"], export: "fail", how: "call", args: [1], label: "fail()" },
  { packages: H3_PACKAGES, export: "createError", how: "call", args: [0], fields: ["message", "statusMessage", "data", "stack"], label: "createError" },
  { packages: H3_PACKAGES, export: "sendError", how: "call", args: [1], label: "sendError" },
  { packages: H3_PACKAGES, export: "send", how: "call", args: [1], label: "send" },
  { packages: ["@trpc/server"], export: "TRPCError", how: "new", args: [0], fields: ["message"], label: "new TRPCError" },
  { packages: ["hono/http-exception"], export: "HTTPException", how: "new", args: [1], fields: ["message", "res"], label: "new HTTPException" },
];

/** NestJS: every `*Exception` of `@nestjs/common` sends its first arguments as the response body. */
export const NEST_EXCEPTIONS = { packages: ["@nestjs/common"], exportPattern: /Exception$/, label: "Nest HTTP exception" };

/**
 * Frameworks that send what a handler returns (a plain object becomes the JSON body):
 * Fastify, NestJS controllers, tRPC procedures, Nuxt/Nitro event handlers, Remix and
 * React Router loaders and actions. Server actions (`ACTION`) too, whatever the framework.
 */
export const RETURN_SENDS_FRAMEWORKS: readonly string[] = ["Fastify", "nestjs", "trpc", "Nuxt", "Nitro", "Remix", "React Router"];
export const RETURN_SENDS_METHODS: readonly string[] = ["ACTION", "PROCEDURE", "QUERY", "MUTATION"];

/**
 * Members of a caught error that carry internal details: its message and stack, the
 * provider's response (`err.response.data` of axios and the OpenAI v3 SDK, `err.error`
 * and `err.body` of the v4+ SDKs, Anthropic's `err.error`), what caused it (`cause`),
 * and the request it made (axios' `err.config` holds the provider key). `status`, `code`,
 * `name`, `type` are safe to mirror; so are validation `errors`/`issues`.
 */
export const ERROR_DETAIL_MEMBERS: readonly string[] = ["message", "stack", "response", "error", "body", "cause", "details", "detail", "toString", "toJSON", "headers", "request", "config"];

/**
 * Functions that turn a whole error into text or JSON: `String(err)`, `JSON.stringify(err)`,
 * `util.inspect(err)`, and `getErrorMessage(err)` of `@ai-sdk/provider-utils` (its message).
 */
export const ERROR_SERIALISERS: readonly string[] = ["String", "stringify", "inspect", "format", "serializeError", "serialize", "toString", "encode", "getErrorMessage"];

/** String methods that only test the error's text (`err.message.includes("429")`): a boolean is not a leak. */
export const TEST_METHODS: readonly string[] = ["includes", "startsWith", "endsWith", "test", "indexOf", "search", "localeCompare"];

/**
 * `if (err instanceof ZodError)`: errors made for the user (validation, HTTP errors the
 * app throws on purpose) may be shown; a response inside such a branch is not reported.
 */
export const USER_FACING_ERROR_CLASS = /zod|valid|schema|yup|joi|http(?:error|exception)|usererror|authenticationerror|autherror|permissionerror|clienterror|publicerror|apperror|badrequest|notfound|forbidden|unauthori[sz]ed|conflict|trpcerror|h3error/i;

/** A condition that holds only in development: `process.env.NODE_ENV === "development"`, `!== "production"`, `isDev`, `dev` from `$app/environment`. */
export const DEV_ONLY_CONDITION = /NODE_ENV\s*(?:===?\s*["'`](?:development|dev|test)["'`]|!==?\s*["'`]production["'`])|^\s*(?:isDev(?:elopment)?|dev|IS_DEV|DEBUG|debug|import\.meta\.env\.DEV|import\.meta\.dev|process\.env\.DEBUG)\s*$|^\s*!\s*(?:isProd(?:uction)?|IS_PROD|import\.meta\.env\.PROD)\s*$/;
export const PRODUCTION_ONLY_CONDITION = /NODE_ENV\s*(?:===?\s*["'`]production["'`]|!==?\s*["'`](?:development|dev)["'`])|^\s*(?:isProd(?:uction)?|IS_PROD|import\.meta\.env\.PROD)\s*$|^\s*!\s*(?:isDev(?:elopment)?|dev|IS_DEV|DEBUG|debug|import\.meta\.env\.DEV|import\.meta\.dev)\s*$/;

export interface ErrorHandlerShape {
  /** Framework name as the route extractors report it. */
  framework: string;
  /** The app/router package the receiver is made from. */
  package: string;
  /** `app.onError(fn)`, `fastify.setErrorHandler(fn)`, `app.use(fn)` with an error-first 4-parameter fn. */
  method: string;
  /** The handler function's parameter that holds the error. */
  errorParam: number;
  /** Only functions with this many parameters are error handlers (Express tells them apart so). */
  arity?: number;
  /** A receiver that is a parameter annotated with one of these types is the app (a Fastify plugin's `fastify: FastifyInstance`). */
  instanceTypes?: readonly string[];
  label: string;
}

/** App-wide error handlers: whatever they send, every route of the app may send. */
export const ERROR_HANDLERS: readonly ErrorHandlerShape[] = [
  { framework: "Hono", package: "hono", method: "onError", errorParam: 0, instanceTypes: ["Hono"], label: "app.onError" },
  { framework: "Fastify", package: "fastify", method: "setErrorHandler", errorParam: 0, instanceTypes: ["FastifyInstance"], label: "setErrorHandler" },
  { framework: "Express", package: "express", method: "use", errorParam: 0, arity: 4, instanceTypes: ["Express", "Application"], label: "Express error middleware" },
];

/**
 * NestJS exception filters: `@Catch() class F implements ExceptionFilter { catch(exception, host) { … } }`.
 * `packageScope`: the framework's own packages, whose exception classes a service may rethrow a model call's failure as.
 */
export const NEST_EXCEPTION_FILTER = { decorator: "Catch", method: "catch", errorParam: 0, framework: "nestjs", label: "exception filter", packageScope: "@nestjs/" };
