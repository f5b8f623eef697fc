/**
 * Where a request carries a caller's credential, as data (AU-2, `rules/static-shared-key.ts`):
 * the headers, query parameters and body fields that hold a key or token, the calls and
 * properties that read them in each framework, and what a credential is compared with.
 *
 * Names are compared case-insensitively (HTTP header names are).
 */

/** Headers that carry a credential. */
export const CREDENTIAL_HEADERS: readonly string[] = [
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "api-key",
  "apikey",
  "x-apikey",
  "x-auth-token",
  "x-access-token",
  "x-token",
  "x-admin-token",
  "x-admin-key",
  "x-internal-key",
  "x-internal-token",
  "x-service-key",
  "x-secret",
  "x-cron-secret",
  "x-webhook-secret",
];

/** Any other `x-…-key` / `x-…-token` / `x-…-secret` header. */
export const CREDENTIAL_HEADER_PATTERN = /^x-[a-z0-9-]*(?:key|token|secret)$/i;

/** Query parameters and body fields that carry a credential (`?apiKey=…`, `{ token }`). */
export const CREDENTIAL_PARAMS: readonly string[] = [
  "apikey",
  "api_key",
  "api-key",
  "key",
  "token",
  "accesstoken",
  "access_token",
  "authtoken",
  "auth_token",
  "secret",
  "adminkey",
  "admin_key",
  "admintoken",
  "admin_token",
  "password",
  "passcode",
];

/**
 * Properties that hold a request's headers, query or body, on whatever object holds them:
 * `req.headers`, `ctx.request.headers`, `event.node.req.headers`, `req.query`, `ctx.query`,
 * `req.body`, `ctx.request.body`, `url.searchParams`. Route parameters (`req.params`) name
 * resources, not credentials.
 */
export const REQUEST_CONTAINERS: Readonly<Record<string, "headers" | "query" | "body">> = {
  headers: "headers",
  query: "query",
  searchParams: "query",
  body: "body",
};

/**
 * Calls that read one header: `req.get("x-api-key")` (Express), `ctx.get(…)` (Koa),
 * `req.header(…)` (Express), `c.req.header(…)` (Hono), `request.headers.get(…)` (Fetch),
 * `headers().get(…)` (Next), `req.headers.get(…)`.
 */
export const HEADER_GETTER_METHODS: readonly string[] = ["get", "header", "getHeader"];

/** Functions that read one header from an event: h3 / Nuxt `getHeader(event, "…")`, `getRequestHeader(event, "…")`. */
export const HEADER_GETTER_FUNCTIONS: readonly string[] = ["getHeader", "getRequestHeader"];

/** Calls that read one query parameter: `url.searchParams.get("apiKey")`, `c.req.query("apiKey")`, `c.req.param("key")`. */
export const QUERY_GETTER_METHODS: readonly string[] = ["get", "query", "param"];

/**
 * Calls that return a whole container: `await req.json()` / `await c.req.json()` (body),
 * `getQuery(event)`, `await readBody(event)` (h3 / Nuxt), `c.req.query()` with no argument.
 */
export const CONTAINER_CALLS: Readonly<Record<string, "headers" | "query" | "body">> = {
  json: "body",
  formData: "body",
  readBody: "body",
  getQuery: "query",
  getHeaders: "headers",
  getRequestHeaders: "headers",
  headers: "headers",
};

/**
 * Calls that check a presented token's signature (`jwt.verify(token, secret, cb)`,
 * `await jwtVerify(token, key)`, Firebase `verifyIdToken(token)`): a token compared with a
 * stored copy after one of them (a revocation check) was forged by nobody, so how long the
 * comparison takes tells an attacker nothing.
 */
export const TOKEN_SIGNATURE_CHECKS: readonly string[] = ["verify", "jwtVerify", "verifyToken", "verifyIdToken", "verifyAccessToken", "verifyJwt", "verifyJWT"];

/**
 * String methods that keep a credential a credential: `auth.replace(/^Bearer /, "")`,
 * `header.slice(7)`, `value.trim()`, `header.split(" ")[1]`.
 */
export const CREDENTIAL_PRESERVING_METHODS: readonly string[] = ["replace", "replaceAll", "slice", "substring", "substr", "trim", "trimStart", "trimEnd", "toString", "valueOf", "normalize", "split", "at"];

/** Functions that keep a credential a credential: `String(header)`, `decodeURIComponent(key)`. */
export const CREDENTIAL_PRESERVING_FUNCTIONS: readonly string[] = ["String", "decodeURIComponent", "decodeURI"];

/**
 * Literals a credential is compared with that are not keys: authentication schemes (the
 * first word of an Authorization header) and spelled-out empty values.
 */
export const NON_KEY_LITERALS = /^(?:bearer|basic|digest|token|apikey|api-key|hmac|negotiate|undefined|null|none|false|true)$/i;

/** `"Bearer …"` / `"Token …"` / `"Basic …"`: a whole Authorization header written out. */
export const AUTH_SCHEME_PREFIX = /^(?:bearer|token|basic)\s+/i;

/**
 * Reading a configuration value by name: `config.get("API_KEY")`, `configService.get(…)`
 * (NestJS), `env("API_KEY")`, `Deno.env.get(…)`.
 */
export const CONFIG_GETTER_METHODS: readonly string[] = ["get", "getOrThrow", "env"];

/** Comparisons the rule judges. */
export const EQUALITY_OPERATORS: readonly string[] = ["===", "!==", "==", "!="];
