/**
 * AU-3 as data: which AI routes look privileged or paid, and what counts as a check of the
 * caller's role or plan on their path.
 *
 * Names are split into lower-cased words (on punctuation and camelCase: `adminSummarise` →
 * admin, summarise; `/api/gemini-pro` → api, gemini, pro) and matched whole, so `/api/process`,
 * `approve` or `proxy` never read as `pro`.
 */
import type { EvidenceShape } from "./route-evidence.js";

/** Words of a route path, handler or function name or route file that make an AI route look privileged or paid. */
export const PRIVILEGED_WORDS: readonly string[] = [
  "admin", "admins", "administrator", "administration", "internal", "staff", "superuser", "superadmin", "backoffice",
  "moderator", "moderators", "billing", "premium", "pro", "paid", "enterprise", "vip", "subscriber", "subscribers",
];
/** Two words that say the same when written apart (`back-office`, `superUser`). */
export const PRIVILEGED_PAIRS: readonly (readonly [string, string])[] = [["back", "office"], ["super", "user"], ["super", "admin"]];
/** `internal` in a file path is as often code organisation (`lib/internal/…`) as an internal API: paths and names only. */
export const NOT_IN_FILE_PATHS: readonly string[] = ["internal"];
/**
 * A word before `pro` that makes it a model's name, not a plan (`gemini-pro`, `gpt-4-pro`,
 * `gemini-1.5-pro`); a number before it counts too.
 */
export const MODEL_NAME_WORDS: readonly string[] = ["gemini", "gpt", "claude", "o1", "o3", "sonar", "mistral", "llama", "deepseek", "grok", "qwen", "flash", "vision", "ultra", "imagen", "veo", "kling", "max", "macbook", "iphone"];

/**
 * Words in a condition (identifiers, property names, callee names) that make it a role or
 * plan check, by kind. A plan check gates a paid feature (PI-3 does not ask paid routes for
 * moderation); a role check gates staff features.
 */
export const ROLE_WORDS: readonly string[] = ["role", "roles", "admin", "admins", "administrator", "superuser", "superadmin", "staff", "moderator", "permission", "permissions", "internal", "scope", "scopes", "acl"];
export const PLAN_WORDS: readonly string[] = ["subscription", "subscriptions", "subscribed", "subscriber", "premium", "vip", "enterprise", "plan", "tier", "pro", "paid", "paying", "plus"];
/**
 * Words that also name other things (a job `role` in a form, an agent's `plan`, a `tier` of a cache, `plus` in maths, a variable's `scope`):
 * a check only next to a word about the caller in the same name or access chain
 * (`user.plan`, `session.user.tier`, `userPlan`), after `is`/`has` (`isPro`), or compared with a plan's name (`plan !== "pro"`).
 */
export const WEAK_WORDS: readonly string[] = ["role", "roles", "plan", "tier", "pro", "paid", "plus", "scope", "scopes", "internal", "staff"];
export const CALLER_WORDS: readonly string[] = ["user", "users", "session", "account", "customer", "org", "organization", "organisation", "team", "profile", "claims", "metadata", "member", "membership", "workspace", "me", "viewer", "tenant", "auth", "token", "jwt", "payload", "decoded", "locals", "current", "subscription", "stripe", "billing"];
/**
 * A credential named for a role (`INTERNAL_API_KEY`, `ADMIN_SECRET`, `"internal-job-token"`): an
 * internal or admin route that compares it checks that the caller holds the role's key.
 */
export const KEY_WORDS: readonly string[] = ["key", "secret", "token", "password", "apikey"];
/** String values a role or plan is compared with (`user.plan !== "pro"`, `role === "admin"`). */
export const ROLE_AND_PLAN_VALUES: readonly string[] = ["admin", "superadmin", "super_admin", "owner", "moderator", "staff", "editor", "pro", "premium", "plus", "paid", "enterprise", "business", "team", "free", "basic", "starter", "active", "trialing", "past_due", "canceled", "cancelled", "vip"];
/**
 * A message's role is no caller's role: a condition about chat roles (`m.role !== "user"`,
 * `lastMessage.role === "assistant"`) is input validation.
 */
export const CHAT_ROLE_VALUES: readonly string[] = ["user", "assistant", "system", "tool", "function", "developer", "model"];
export const CHAT_MESSAGE_WORDS: readonly string[] = ["message", "messages", "msg", "msgs", "chat", "turn", "turns", "content", "history", "conversation", "prompt", "completion", "choice", "choices", "delta", "part", "parts"];
/** Words that make a condition about the model chosen, not the caller (`model.isPro`, `llm.tier`). */
export const MODEL_WORDS: readonly string[] = ["model", "models", "llm", "engine"];

/** Calls whose result says whether the caller may act, whatever they are named on (CASL `ability.can`, casbin `enforce`). */
export const PERMISSION_CALLS: readonly string[] = ["can", "cannot", "enforce", "isGranted", "isAllowed", "throwUnlessCan"];
/**
 * Keys of an object given to a call that make it a role or plan check (Clerk
 * `has({ role: "org:admin" })`, `auth.protect({ permission: "org:ai:use" })`, `has({ plan: "pro" })`).
 */
export const ROLE_OPTION_KEYS: readonly string[] = ["role", "roles", "permission", "permissions"];
export const PLAN_OPTION_KEYS: readonly string[] = ["plan", "plans", "feature", "features", "tier"];
/**
 * Calls that reject by themselves (they throw or answer 403) when the role or plan is
 * missing: the name says what they enforce, with one of these verbs (`requireRole("admin")`,
 * `ensureAdmin`, `adminOnly`, `checkPermission`, `restrictTo("admin")`, `authorize("admin")`).
 */
export const ENFORCING_VERBS: readonly string[] = ["require", "requires", "ensure", "assert", "check", "verify", "enforce", "only", "must", "restrict", "authorize", "authorise", "guard", "protect", "permit", "allow", "allowed", "has", "is", "can", "roles", "with"];
/** Class names of guards and middleware whose words say role or plan (NestJS `RolesGuard`, `AdminGuard`, `PermissionsGuard`, `SubscriptionGuard`). */
export const GUARD_CLASS_WORDS: readonly string[] = ["guard", "middleware", "interceptor"];

/**
 * What a failed role check does: throw, answer 401/402/403/404, redirect, say forbidden,
 * denied or upgrade, answer an `{ error: … }`, pass an error on (`console.error` alone lets the caller through); a bare `return` (`return null/false`) counts after a negative condition,
 * judged on the syntax tree (`roles.ts`).
 */
export const ROLE_REJECTION = /\bthrow\b|\b40[1-4]\b|redirect\s*\(|notFound\s*\(|forbidden|unauthori[sz]ed|denied|not allowed|not permitted|upgrade|subscribe|\berror["']?\s*:|\bnext\s*\(\s*[^)\s]/i;

/**
 * Packages whose middleware or calls enforce a role, scope or claim by themselves
 * (same shape as the route evidence table, `knowledge/route-evidence.ts`).
 */
export const ROLE_SHAPES: readonly EvidenceShape[] = [
  { kind: "role", packages: ["express-oauth2-jwt-bearer"], call: ["requiredScopes", "claimCheck", "claimEquals", "claimIncludes", "scopeIncludesAny"], label: "express-oauth2-jwt-bearer scope/claim check" },
  { kind: "role", packages: ["express-jwt-authz"], call: ["default"], label: "express-jwt-authz" },
  { kind: "role", packages: ["express-jwt-permissions"], instanceCall: { class: ["default"], method: ["check"] }, label: "express-jwt-permissions" },
  { kind: "role", packages: ["@casl/ability"], instanceCall: { class: ["ForbiddenError.from", "*"], method: ["throwUnlessCan"] }, label: "CASL ForbiddenError" },
];
