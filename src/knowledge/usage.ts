/**
 * Token usage, spend controls and audit records, as data: what RL-4 (spend caps and
 * per-user budgets) and LG-1 (each AI request audit-logged: who, which model, how many
 * tokens) look for. The engine (`src/model/usage.ts`) reads names; a contributor adds an
 * SDK's field, a store's write method or an observability package here.
 *
 * Per-user quotas checked before a call (credit balances, usage counters) are described in
 * `knowledge/quotas.ts` (they are RL-1 evidence too); log calls in `knowledge/log-sinks.ts`.
 */

/**
 * Names under which a model response carries its token usage: the container (`usage` of
 * OpenAI, Anthropic, Bedrock and the AI SDK — also given to `onFinish({ usage })` and
 * `onStepFinish`; `totalUsage` of the AI SDK; `usageMetadata` of Gemini; `usage_metadata`
 * and `llmOutput.tokenUsage` of LangChain) and the counts inside it.
 */
export const USAGE_CONTAINERS: readonly string[] = ["usage", "totalUsage", "usageMetadata", "usage_metadata", "tokenUsage", "token_usage"];
export const USAGE_COUNTS: readonly string[] = [
  // OpenAI chat completions and responses, Anthropic
  "total_tokens",
  "prompt_tokens",
  "completion_tokens",
  "input_tokens",
  "output_tokens",
  // Gemini usageMetadata
  "totalTokenCount",
  "promptTokenCount",
  "candidatesTokenCount",
  // AI SDK, LangChain tokenUsage, Bedrock Converse
  "totalTokens",
  "promptTokens",
  "completionTokens",
  "inputTokens",
  "outputTokens",
];

/**
 * Who made the request: names (compared whole, lower-cased) that hold a user's identity
 * (`userId`, `user.id`, `session.user`, `auth().userId`, `req.user`, `ctx.user`, an email).
 */
export const IDENTITY_NAMES: readonly string[] = ["userid", "user_id", "user", "uid", "email", "useremail", "user_email", "accountid", "account_id", "customerid", "customer_id", "ownerid", "owner_id", "memberid", "orgid", "org_id", "organizationid", "tenantid", "tenant_id", "sub", "clerkid", "username"];

/**
 * Identity names in more words than the list above: the first word says whose (`user`,
 * `account`…) and the last that it is a key (`userHashId`, `account_uuid`, `customerPublicId`).
 * Words are split at case changes, `_` and `-`, and compared lower-cased.
 */
export const IDENTITY_OWNER_WORDS: readonly string[] = ["user", "account", "customer", "owner", "member", "org", "organization", "tenant", "clerk"];
export const IDENTITY_KEY_WORDS: readonly string[] = ["id", "uid", "uuid", "hashid", "email"];

/**
 * Store writes, by method name, with the method that must start the chain where one does
 * (Drizzle's `db.insert(t).values({...})`): Prisma `create/update/upsert` (`increment` in
 * its data), Drizzle `insert().values()` / `update().set()`, Mongoose `create/save/
 * updateOne/findOneAndUpdate` (`$inc`), Supabase `.from(t).insert/update/upsert` and `.rpc`,
 * Redis / Upstash / Vercel KV `incr/incrby/hincrby/set/hset/zincrby`, Firestore
 * `set/update/add` (`FieldValue.increment`), Knex/SQL clients `insert`.
 */
export const STORE_WRITE_METHODS: readonly string[] = [
  "create",
  "createMany",
  "update",
  "updateMany",
  "upsert",
  "insert",
  "insertOne",
  "insertMany",
  "updateOne",
  "findOneAndUpdate",
  "findByIdAndUpdate",
  "save",
  "add",
  "rpc",
  "incr",
  "incrby",
  "incrBy",
  "incrbyfloat",
  "incrByFloat",
  "hincrby",
  "hIncrBy",
  "hincrbyfloat",
  "hIncrByFloat",
  "zincrby",
  "zIncrBy",
  "hset",
  "hSet",
  "set",
  "lpush",
  "lPush",
  "rpush",
  "rPush",
  "xadd",
  "xAdd",
];
/** Chained writes: the method, and what must come before it in the chain (`insert(t).values(…)`, `update(t).set(…)`). */
export const CHAINED_STORE_WRITES: ReadonlyArray<{ method: string; after: readonly string[] }> = [
  { method: "values", after: ["insert", "insertInto"] },
  { method: "set", after: ["update", "updateTable"] },
];
/** Receivers whose `set`/`add` keep nothing (`res.set`, `headers.set`, `searchParams.set`, a `Set`). */
export const NOT_A_STORE: readonly string[] = ["res", "response", "reply", "headers", "header", "searchparams", "params", "url", "cookies", "cookie", "map", "cache", "seen", "classlist", "formdata"];

/**
 * A project helper that records usage, by words of its name (`recordUsage(userId, usage)`,
 * `trackTokens(…)`, `auditLog.write(…)`, `meterUsage(…)`): a call that hands it usage and a
 * user is taken as the record.
 */
export const RECORDER_WORDS: readonly string[] = ["usage", "audit", "track", "record", "meter", "billing", "charge", "consume", "deduct", "ledger"];

/**
 * LLM observability: integrations that record every call (who, model, tokens) on a dashboard.
 * - `clientWrappers`: a function given the client or model (`wrapOpenAI(new OpenAI())` of
 *   LangSmith, `observeOpenAI` of Langfuse, `withTracing(model, posthog)` of @posthog/ai);
 * - `functionWrappers`: a function given the code that makes the call (LangSmith
 *   `traceable(fn)`, Langfuse `observe(fn)`);
 * - `callbackHandlers`: LangChain callback handlers given to a call or model
 *   (`callbacks: [new CallbackHandler()]` of Langfuse);
 * - `clientPackage`: the package's own clients record every call (`new OpenAI({ posthog })`
 *   from @posthog/ai);
 * - `instrumentations`: packages that instrument every call of the process once set up
 *   (Traceloop / OpenLLMetry, OpenInference), by import prefix.
 */
export interface ObservabilityShape {
  label: string;
  packages: readonly string[];
  clientWrappers?: readonly string[];
  functionWrappers?: readonly string[];
  callbackHandlers?: readonly string[];
  clientPackage?: boolean;
  instrumentation?: boolean;
}

export const OBSERVABILITY: readonly ObservabilityShape[] = [
  { label: "LangSmith", packages: ["langsmith"], clientWrappers: ["wrapOpenAI", "wrapSDK", "wrapAISDK", "wrapAISDKModel", "wrapAnthropic", "wrapGemini"], functionWrappers: ["traceable"] },
  { label: "Langfuse", packages: ["langfuse", "@langfuse/openai", "@langfuse/tracing", "langfuse-node", "langfuse-langchain", "@langfuse/langchain"], clientWrappers: ["observeOpenAI"], functionWrappers: ["observe"], callbackHandlers: ["CallbackHandler"] },
  { label: "PostHog LLM analytics", packages: ["@posthog/ai"], clientWrappers: ["withTracing"], clientPackage: true },
  { label: "Helicone", packages: ["@helicone/helpers", "@helicone/async"], clientWrappers: ["HeliconeManualLogger"] },
  { label: "Traceloop (OpenLLMetry)", packages: ["@traceloop/node-server-sdk"], instrumentation: true },
  { label: "OpenInference", packages: ["@arizeai/openinference-instrumentation-openai", "@arizeai/openinference-instrumentation-langchain", "@arizeai/openinference-instrumentation-anthropic", "@arizeai/openinference-vercel"], instrumentation: true },
];

/**
 * Gateways that log every request a client sends through them: a client built with such a
 * `baseURL` host, or with such a header (`defaultHeaders: { "Helicone-Auth": … }`).
 */
export const GATEWAY_HOSTS: readonly string[] = ["helicone.ai", "portkey.ai", "gateway.ai.cloudflare.com"];
export const GATEWAY_HEADERS: readonly string[] = ["helicone-auth", "x-portkey-api-key", "cf-aig-authorization"];
/** Env variables naming such a gateway's URL (`baseURL: process.env.HELICONE_BASE_URL`). */
export const GATEWAY_ENV_WORDS: readonly string[] = ["HELICONE", "PORTKEY"];

/** Call options that turn on per-call telemetry (AI SDK `experimental_telemetry: { isEnabled: true }`). */
export const TELEMETRY_OPTIONS: ReadonlyArray<{ option: string; enabled: string }> = [{ option: "experimental_telemetry", enabled: "isEnabled" }];

/**
 * Tokenizers: packages and the calls that count a text's tokens (`encoding_for_model(m)`,
 * `encode(text).length`, `countTokens(text)`), and the provider APIs that count them
 * (`messages.countTokens`, Gemini `countTokens`). A count is a cost estimate where the same
 * function prices it (`COST_WORDS`).
 */
export const TOKENIZER_PACKAGES: readonly string[] = ["tiktoken", "js-tiktoken", "@dqbd/tiktoken", "gpt-tokenizer", "gpt-3-encoder", "gpt3-tokenizer", "@anthropic-ai/tokenizer", "@xenova/transformers", "llama-tokenizer-js"];
export const TOKENIZER_CALLS: readonly string[] = ["encoding_for_model", "get_encoding", "getEncoding", "encodingForModel", "encode", "encodeChat", "countTokens", "count_tokens", "isWithinTokenLimit"];
export const COST_WORDS: readonly string[] = ["cost", "price", "pricing", "budget", "credit", "spend", "charge", "bill", "usd", "cents", "dollar"];

/**
 * Kill switches and spend caps, by the name of the env variable or constant a condition
 * reads (upper-cased, `_`-separated words): a name with an AI word and a switch word and
 * nothing else but filler (`AI_ENABLED`, `DISABLE_AI`, `NEXT_PUBLIC_AI_FEATURES_ENABLED`,
 * `LLM_KILL_SWITCH`; not `DISABLE_MODEL_CACHE`), or a name holding a spend-cap phrase
 * (`OPENAI_SPEND_LIMIT`, `MAX_MONTHLY_COST`, `DAILY_BUDGET_USD`).
 */
export const KILL_SWITCH_AI_WORDS: readonly string[] = ["AI", "LLM", "GPT", "OPENAI", "ANTHROPIC", "GEMINI", "MODEL", "CHATBOT", "COMPLETIONS", "GENERATION"];
export const KILL_SWITCH_WORDS: readonly string[] = ["ENABLED", "ENABLE", "DISABLED", "DISABLE", "KILL", "KILLSWITCH", "OFF", "PAUSED", "PAUSE"];
export const KILL_SWITCH_FILLER: readonly string[] = ["SWITCH", "FEATURE", "FEATURES", "CALLS", "API", "SERVICE", "IS", "NEXT", "PUBLIC", "VITE", "GLOBAL", "ALL", "FLAG", "REQUESTS"];
export const SPEND_CAP_PHRASES: readonly string[] = ["SPEND_LIMIT", "SPEND_CAP", "SPENDING_LIMIT", "COST_LIMIT", "COST_CAP", "MAX_COST", "MAX_MONTHLY_COST", "MAX_DAILY_COST", "MONTHLY_BUDGET", "DAILY_BUDGET", "BUDGET_USD", "BUDGET_LIMIT", "USAGE_CAP", "MAX_SPEND", "MONTHLY_SPEND", "TOKEN_BUDGET"];

/**
 * Words that make a counter checked before a call a rate limit rather than a spend budget
 * (`count >= maxRequests`, `hits > RATE_LIMIT`): RL-1's evidence, not RL-4's.
 */
export const RATE_COUNTER_WORDS: readonly string[] = ["request", "requests", "rate", "ratelimit", "hits", "ip"];

/**
 * Words in the name of the function (or file) holding a limit that answers 429 that make
 * it a per-user budget (`checkAndIncrementUsage` in `usage.service.js`, `assertCredits`)
 * rather than a request rate limit.
 */
export const BUDGET_WORDS: readonly string[] = ["usage", "quota", "quotas", "credit", "credits", "budget", "budgets", "tokens", "billing", "allowance", "daily", "monthly"];
