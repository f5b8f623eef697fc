/**
 * What counts as authentication and rate limiting on a route's path, as data.
 *
 * A shape names a package and what is used from it:
 * - `call`: an export called (`rateLimit()`, `passport.authenticate()`: `default.authenticate`);
 * - `instanceCall`: a method called on an instance of an exported class
 *   (`new Ratelimit(…).limit(id)`: `{ class: "Ratelimit", method: "limit" }`);
 * - `value`: the export itself used as middleware or guard (`ThrottlerGuard`, `AuthGuard`).
 * Export paths use `default` for the default export. A team adds its own helpers in the
 * config (`auth.functions`, `rateLimit.functions`); custom checks (401/403, 429) are
 * recognised in code by `CUSTOM_*` below.
 */

/**
 * The kinds of protection judged on a route's path: authentication, rate limits, (AU-3)
 * role and plan checks (`knowledge/role-checks.ts`) and lookups of the caller's role or plan
 * that only turn away an unknown one (`plans[user.plan]` missing: every known plan passes),
 * and (RL-4) budgets that bound what some callers spend without limiting the route (a
 * balance checked for paid models only).
 */
export type EvidenceKind = "auth" | "rate-limit" | "role" | "plan" | "lookup" | "budget";

export interface EvidenceShape {
  kind: EvidenceKind;
  packages: readonly string[];
  call?: readonly string[];
  instanceCall?: { class: readonly string[]; method: readonly string[] };
  value?: readonly string[];
  /** Functions the package makes global without an import (a Nuxt module's auto-imports): counted when the app depends on it. */
  global?: readonly string[];
  label: string;
}

export const EVIDENCE_SHAPES: readonly EvidenceShape[] = [
  // --- authentication
  { kind: "auth", packages: ["passport"], call: ["default.authenticate", "authenticate"], label: "passport.authenticate" },
  { kind: "auth", packages: ["express-jwt"], call: ["expressjwt", "default"], label: "express-jwt" },
  { kind: "auth", packages: ["express-oauth2-jwt-bearer"], call: ["auth", "requiredScopes", "claimCheck"], label: "express-oauth2-jwt-bearer" },
  { kind: "auth", packages: ["express-openid-connect"], call: ["requiresAuth"], label: "express-openid-connect requiresAuth" },
  { kind: "auth", packages: ["@clerk/express", "@clerk/clerk-sdk-node"], call: ["requireAuth", "ClerkExpressRequireAuth", "getAuth", "clerkMiddleware"], label: "Clerk" },
  { kind: "auth", packages: ["@clerk/nextjs/server", "@clerk/nextjs"], call: ["auth", "currentUser", "getAuth", "clerkMiddleware", "authMiddleware"], label: "Clerk" },
  { kind: "auth", packages: ["next-auth", "next-auth/next", "next-auth/jwt", "next-auth/react"], call: ["getServerSession", "getToken", "unstable_getServerSession", "withAuth", "default"], instanceCall: { class: ["default", "NextAuth"], method: ["auth"] }, label: "NextAuth" },
  { kind: "auth", packages: ["next-auth/middleware"], call: ["withAuth", "default"], value: ["default"], label: "NextAuth middleware" },
  { kind: "auth", packages: ["@auth0/nextjs-auth0", "@auth0/nextjs-auth0/edge"], call: ["getSession", "withApiAuthRequired", "withPageAuthRequired", "withMiddlewareAuthRequired"], label: "Auth0" },
  { kind: "auth", packages: ["@supabase/supabase-js", "@supabase/ssr", "@supabase/auth-helpers-nextjs"], call: [], instanceCall: { class: ["*"], method: ["auth.getUser", "auth.getSession", "auth.getClaims"] }, label: "Supabase auth" },
  { kind: "auth", packages: ["lucia"], instanceCall: { class: ["Lucia"], method: ["validateSession", "validateRequest"] }, label: "Lucia" },
  { kind: "auth", packages: ["better-auth"], instanceCall: { class: ["*"], method: ["api.getSession"] }, label: "Better Auth" },
  { kind: "auth", packages: ["firebase-admin", "firebase-admin/auth"], instanceCall: { class: ["*"], method: ["verifyIdToken", "auth.verifyIdToken", "verifySessionCookie", "auth.verifySessionCookie"] }, call: ["default.auth.verifyIdToken", "getAuth"], label: "Firebase Admin verifyIdToken" },
  { kind: "auth", packages: ["jsonwebtoken"], call: ["verify", "default.verify"], label: "jsonwebtoken.verify" },
  { kind: "auth", packages: ["jose"], call: ["jwtVerify"], label: "jose.jwtVerify" },
  // Registering @fastify/jwt only adds `request.jwtVerify()`; the call (AUTH_METHOD_NAMES) is the evidence.
  { kind: "auth", packages: ["koa-jwt"], call: ["default"], label: "koa-jwt" },
  { kind: "auth", packages: ["koa-passport"], call: ["default.authenticate"], label: "koa-passport" },
  { kind: "auth", packages: ["hono/jwt"], call: ["jwt", "verify"], label: "hono/jwt" },
  { kind: "auth", packages: ["hono/bearer-auth"], call: ["bearerAuth"], label: "hono/bearer-auth" },
  { kind: "auth", packages: ["hono/basic-auth"], call: ["basicAuth"], label: "hono/basic-auth" },
  { kind: "auth", packages: ["@hono/clerk-auth"], call: ["clerkMiddleware", "getAuth"], label: "Clerk (Hono)" },
  { kind: "auth", packages: ["@nestjs/passport"], call: ["AuthGuard"], label: "NestJS AuthGuard" },
  { kind: "auth", packages: ["@sveltejs/kit"], call: [], label: "SvelteKit" },
  { kind: "auth", packages: ["nuxt-auth-utils"], global: ["requireUserSession"], label: "nuxt-auth-utils requireUserSession" },
  // --- rate limiting
  { kind: "rate-limit", packages: ["express-rate-limit"], call: ["default", "rateLimit"], label: "express-rate-limit" },
  { kind: "rate-limit", packages: ["express-slow-down"], call: ["default", "slowDown"], label: "express-slow-down" },
  { kind: "rate-limit", packages: ["express-brute"], instanceCall: { class: ["default"], method: ["prevent", "getMiddleware"] }, label: "express-brute" },
  { kind: "rate-limit", packages: ["rate-limiter-flexible"], instanceCall: { class: ["*"], method: ["consume"] }, label: "rate-limiter-flexible" },
  { kind: "rate-limit", packages: ["@upstash/ratelimit"], instanceCall: { class: ["Ratelimit"], method: ["limit", "blockUntilReady"] }, label: "@upstash/ratelimit" },
  { kind: "rate-limit", packages: ["@fastify/rate-limit", "fastify-rate-limit"], value: ["default"], label: "@fastify/rate-limit" },
  { kind: "rate-limit", packages: ["hono-rate-limiter"], call: ["rateLimiter"], label: "hono-rate-limiter" },
  { kind: "rate-limit", packages: ["@nestjs/throttler"], value: ["ThrottlerGuard"], call: ["Throttle"], label: "@nestjs/throttler" },
  { kind: "rate-limit", packages: ["koa-ratelimit"], call: ["default"], label: "koa-ratelimit" },
  { kind: "rate-limit", packages: ["koa2-ratelimit"], call: ["RateLimit.middleware"], label: "koa2-ratelimit" },
  { kind: "rate-limit", packages: ["@arcjet/next", "@arcjet/node", "@arcjet/bun", "@arcjet/sveltekit", "@arcjet/remix", "@arcjet/nest"], instanceCall: { class: ["*"], method: ["protect"] }, label: "Arcjet" },
  { kind: "rate-limit", packages: ["next-rate-limit", "lambda-rate-limiter"], call: ["default"], label: "rate limiter" },
  // `const limiter = require("express-limiter")(app, store)`: `limiter({ lookup, total })` is a middleware (see APP_BOUND_LIMITERS for `{ path }`).
  { kind: "rate-limit", packages: ["express-limiter"], call: ["default"], label: "express-limiter" },
];

/**
 * Limiters bound to an app when made, which register themselves on a path of it:
 * `const limit = require("express-limiter")(app, store)`, then `limit({ path: "/api/chat", method: "post" })`
 * does `app.post("/api/chat", middleware)`. The app is the factory's argument `appArgument`;
 * without `pathOption` the call only returns a middleware. The method defaults to `defaultMethod`.
 */
export const APP_BOUND_LIMITERS: readonly { package: string; export: string; appArgument: number; pathOption: string; methodOption: string; defaultMethod: string }[] = [
  { package: "express-limiter", export: "default", appArgument: 0, pathOption: "path", methodOption: "method", defaultMethod: "all" },
];

/** A condition about the caller: session, user, token, key, authorization header. */
export const CUSTOM_AUTH_CONDITION = /session|user|auth|token|apikey|api_key|api-key|x-api-key|bearer|jwt|claims|principal|clerk|identity|isloggedin|isauthenticated|locals\.user/i;
/** What a failed authentication check does: 401/403, an unauthorized error, a redirect to log in. */
export const CUSTOM_AUTH_FAILURE = /\b40[13]\b|[Uu]nauthori[sz]ed|[Ff]orbidden|UNAUTHORIZED|FORBIDDEN|redirect\(\s*(?:\d{3}\s*,\s*)?["'`][^"'`]*(?:login|log-in|sign-?in|auth)/;
/** What a quota or rate check does when over: 429, "too many requests", a rate-limit error. */
export const CUSTOM_RATE_LIMIT_FAILURE = /\b429\b|too many requests|TOO_MANY_REQUESTS|rate.?limit|quota/i;

/**
 * Methods whose name alone says "verify the caller", whatever object they are called on
 * (`request.jwtVerify()` added by @fastify/jwt, `auth.protect()` in Clerk, an app's
 * `requireUser(request)` on a helper object).
 */
export const AUTH_METHOD_NAMES: readonly string[] = ["jwtVerify", "verifyIdToken", "verifySessionCookie", "getServerSession", "validateRequest", "validateSession", "requireAuth", "requireUser", "requireUserId", "requireSession", "ensureAuthenticated", "ensureLoggedIn", "protect", "authenticate"];
/**
 * Names of a flag that makes a user lookup optional (`getUser(req, { optional: true })`,
 * `getUser(request, reply, true)` where the parameter is `optional`): such a call lets
 * anonymous callers through, so the checks inside it are not authentication.
 */
export const OPTIONAL_LOOKUP_FLAGS: readonly string[] = ["optional", "allowanonymous", "allowguest", "anonymous", "soft", "lenient"];
/** The same, said the other way round (`{ required: false }`). */
export const REQUIRED_LOOKUP_FLAGS: readonly string[] = ["required", "throwonerror", "throwifmissing"];

/** The method a framework calls on a guard or middleware class (NestJS `canActivate`, `NestMiddleware.use`). */
export const GUARD_METHODS: readonly string[] = ["canActivate", "use"];
/** What a guard method does to reject a caller besides throwing: `return false`. */
export const GUARD_REJECTION = /^\{?\s*return\s+false\b/;

/**
 * A "check" whose subject is only what the client claims is not authentication:
 * `const user = await User.findById(req.body.userId); if (!user) return 401` lets anyone who
 * knows an id in. Request members that carry what the client sends (`req.body`, `req.query`,
 * `req.params`), and field names (lower-cased) that name a user rather than prove one. A
 * secret sent by the client (`req.query.apiKey`) is not in this list: looking it up is a check.
 */
export const CLIENT_DATA_MEMBERS: readonly string[] = ["body", "query", "params"];
export const CLAIMED_IDENTITY_FIELDS: readonly string[] = ["id", "_id", "userid", "user_id", "uid", "email", "username", "accountid", "account_id", "customerid", "memberid"];
