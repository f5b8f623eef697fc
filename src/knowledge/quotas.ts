/**
 * Quotas as rate-limit evidence, as data. A per-user quota bounds what a caller can spend
 * as surely as a request limiter, whatever it answers when over (402, 403, 429, 404, a
 * redirect to a pricing page, a thrown error): a credit balance checked before the model
 * call (`if (user.credits <= 0) return 402`), a free-trial or daily-message counter, a
 * Redis/KV counter (`incr` + `expire`), a DB count compared with a limit.
 *
 * The engine (`src/model/routes/quota.ts`) reads an `if` condition as atoms joined by
 * `&&`/`||`; an atom is a quota check when it compares, or names, one of these quantities.
 * Words are matched inside lower-cased identifiers (`user.aiCredits`, `freeTrialsUsed`).
 */

/** What a user has left to spend: a quota when checked from below (`credits < cost`, `balance <= 0`) or tested alone (`!user.credits`). */
export const QUOTA_BALANCE_WORDS: readonly string[] = ["credit", "balance", "allowance", "remaining", "quota", "entitlement", "trial"];

/**
 * Stocks whose name alone is ambiguous (`tokens` may be a prompt's size, `imageLimit` a
 * setting): a quota only when compared from below with 0 or 1 (`aitokens < 1`,
 * `imageGenerationLimit <= 0`), the way a remaining allowance is checked, and only inside a
 * longer name: a bare `limit` or `tokens` is as often a request option (`?limit=0`).
 */
export const QUOTA_STOCK_WORDS: readonly string[] = ["token", "limit", "coin", "point", "generationsleft", "messagesleft"];

/** What a user has consumed: a quota when compared from above with anything (`usage > usageLimit`, `messagesToday >= DAILY_MESSAGES`). */
export const QUOTA_USAGE_WORDS: readonly string[] = ["usage", "used", "spent", "consumed", "today", "daily", "monthly"];

/** Counts that are a quota only when compared with a bound (`count >= MAX_FREE_COUNTS`, `requests > 100`). */
export const QUOTA_COUNT_WORDS: readonly string[] = ["count", "requests", "generations", "hits"];

/** What a count is compared with (`LIMIT`, `plan.maxMessages`, `FREE_QUOTA`, `tier.messages`); a number literal counts too. */
export const QUOTA_BOUND_WORDS: readonly string[] = ["limit", "max", "quota", "allowance", "cap", "entitlement", "allowed", "free", "plan", "tier"];

/**
 * Quantities that are no user's consumption: the request's own size (`prompt.length > MAX`,
 * `tokenCount > maxTokens` bound the input, RL-3), options, loop and retry counters.
 */
export const NOT_QUOTA_WORDS: readonly string[] = ["length", "size", "char", "word", "tokencount", "counttokens", "maxtoken", "max_token", "temperature", "byte", "retry", "retries", "attempt", "page", "index", "depth", "step", "iteration"];

/**
 * A balance the client sends is no quota (`body.credits`, `const { credits } = await req.json()`):
 * names (whole, lower-cased) on the way to an operand that say it came with the request.
 */
export const CLIENT_SENT_WORDS: readonly string[] = ["body", "query", "params", "searchparams", "json", "formdata", "input", "args"];

/** Helpers whose result says whether the caller is within a quota (`if (!(await checkApiLimit()))`, `const ok = await hasCredits(uid)`). */
export const QUOTA_HELPER_WORDS: readonly string[] = ["credit", "quota", "trial", "allowance", "apilimit", "usagelimit", "checklimit", "withinlimit", "entitlement", "balance"];

/**
 * Calls whose awaited result is a usage counter, whatever the variable is named
 * (`const n = await redis.incr(key)`, `const sent = await prisma.message.count({ where })`).
 * `methods` on a client made by one of `packages`; `anyReceiver` methods count on any
 * receiver (an ORM's `count` reached through the project's own `db` module).
 */
export interface CounterRead {
  packages: readonly string[];
  methods: readonly string[];
  anyReceiver?: boolean;
}

export const COUNTER_READS: readonly CounterRead[] = [
  { packages: ["ioredis", "redis", "@upstash/redis", "@vercel/kv", "@redis/client"], methods: ["get", "incr", "incrby", "incrBy", "hget", "hGet", "hincrby", "hIncrBy", "zcard", "zCard", "zcount", "zCount", "llen", "lLen", "decr", "decrby", "decrBy"] },
  { packages: [], methods: ["count", "countDocuments", "incr", "incrby", "incrBy", "hincrby", "hIncrBy"], anyReceiver: true },
];

/**
 * What the branch taken over quota says besides leaving: a 4xx status, an error, a refusal
 * (`{ valid: false }`), a redirect (to pricing). `if (!useCredits) return { valid: true }`
 * leaves without refusing anything: no quota.
 */
export const QUOTA_REFUSAL = /\b4\d\d\b|\bthrow\b|redirect|error|false|denied|insufficient|exceeded|upgrade|pricing/i;

/**
 * A quota checked only for some models is no limit on the route: a caller picks a model it
 * does not apply to (`if (model.isPaid) { if (balance <= 0) throw … }`). Words of an
 * enclosing condition that make it about the model chosen, not about the caller.
 */
export const MODEL_CHOICE_CONDITION = /\b(?:model|llm|engine)\b|\bis_?(?:free|paid|premium)\b|\b(?:isFree|isPaid|isPremium|isLoginRequired|requiresLogin)\b/i;
