/**
 * Environment-variable conventions, as data.
 *
 * Bundlers copy some variables into the JavaScript they ship to browsers. A provider key
 * in one of them is public. Add a framework's convention here; the AK-2 rule reads it.
 */
export interface ClientEnvPrefix {
  prefix: string;
  /** Who inlines variables with this prefix into client bundles. */
  framework: string;
  /**
   * The prefix only reaches the browser in projects that depend on one of these
   * packages (`PUBLIC_` means nothing to a plain Express app). Empty: always.
   */
  onlyWithDependency?: readonly string[];
  /**
   * The build tools that expose this prefix. When the package depends on a build tool of
   * this table but on none of these, the prefix is an ordinary server variable there
   * (`REACT_APP_` in a Vite app, `VITE_` under Create React App). Absent: always exposed.
   */
  bundlers?: readonly string[];
  /**
   * The tool builds browser code only: a server file that reads the name (a Node proxy
   * next to the app) is never bundled. Full-stack frameworks (Next.js, Nuxt…) compile their
   * server code with the public values inlined too, so there a read anywhere counts.
   */
  clientOnlyBuild?: true;
}

const VITE_BASED = ["vite", "@sveltejs/kit", "astro", "nuxt", "@remix-run/dev", "vitepress", "wxt", "@quasar/app-vite", "electron-vite", "@solidjs/start", "@analogjs/platform", "vinxi"];
const CRA_BASED = ["react-scripts", "@craco/craco", "react-app-rewired", "@rescripts/cli"];

export const CLIENT_ENV_PREFIXES: readonly ClientEnvPrefix[] = [
  { prefix: "NEXT_PUBLIC_", framework: "Next.js" },
  { prefix: "VITE_", framework: "Vite", bundlers: VITE_BASED, clientOnlyBuild: true },
  { prefix: "REACT_APP_", framework: "Create React App", bundlers: CRA_BASED, clientOnlyBuild: true },
  { prefix: "EXPO_PUBLIC_", framework: "Expo" },
  { prefix: "NUXT_PUBLIC_", framework: "Nuxt" },
  { prefix: "NUXT_ENV_", framework: "Nuxt 2" },
  { prefix: "GATSBY_", framework: "Gatsby" },
  { prefix: "VUE_APP_", framework: "Vue CLI", clientOnlyBuild: true },
  { prefix: "PLASMO_PUBLIC_", framework: "Plasmo" },
  { prefix: "STORYBOOK_", framework: "Storybook" },
  { prefix: "NG_APP_", framework: "Angular (@ngx-env)", clientOnlyBuild: true },
  { prefix: "WXT_", framework: "WXT" },
  { prefix: "SNOWPACK_PUBLIC_", framework: "Snowpack", clientOnlyBuild: true },
  { prefix: "PUBLIC_", framework: "SvelteKit / Astro", onlyWithDependency: ["@sveltejs/kit", "astro"] },
];

/**
 * Words in a variable name that tie it to an LLM provider. Matched as whole
 * `_`-separated words (or camelCase words) of the name, case-insensitively.
 */
export const AI_PROVIDER_NAME_WORDS: readonly string[] = [
  "openai", "anthropic", "claude", "gemini", "genai", "generative", "googleai", "aistudio", "palm", "vertex",
  "groq", "mistral", "cohere", "co", "huggingface", "hf", "replicate", "openrouter", "xai", "grok", "together",
  "perplexity", "pplx", "deepseek", "fireworks", "azureopenai", "bedrock", "langsmith", "langchain", "pinecone",
  "llm", "ai", "gpt", "chatgpt", "ollama", "voyage", "elevenlabs", "eleven", "assemblyai", "deepgram",
  // Chinese providers: Baidu Wenxin / ERNIE (Qianfan), Alibaba DashScope (Qwen), Zhipu, Moonshot.
  "wenxin", "ernie", "qianfan", "dashscope", "qwen", "zhipu", "moonshot",
];

/** Last words of a variable name that mean "this holds a credential". */
export const SECRET_NAME_WORDS: readonly string[] = ["key", "apikey", "token", "secret", "password", "pass", "pat", "credential", "credentials"];

/** Names that end in a secret word but are not secrets (public identifiers). */
export const NON_SECRET_NAME_WORDS: readonly string[] = ["public", "publishable", "id", "url", "endpoint", "model", "region", "version", "org", "organization", "project", "deployment", "name"];

/**
 * Words that, anywhere in a name ending in `key` / `token` / `secret`, say the value is
 * not a provider credential: a cache or idempotency label (`promptCacheKey`), a session or
 * CSRF secret, a public key, a storage or lookup key. AK-1's name-based fallback skips them.
 */
export const NOT_PROVIDER_KEY_NAME_WORDS: readonly string[] = [
  "cache", "idempotency", "dedupe", "session", "cookie", "csrf", "xsrf", "jwt", "public", "publishable", "storage",
  "local", "sort", "partition", "primary", "foreign", "lookup", "i18n", "translation", "encryption", "signing", "webhook",
];

/**
 * Keys made to be published: web and mobile apps ship them to every visitor, and alone they
 * grant nothing (Clerk and Stripe publishable keys). An env entry holding one is no secret,
 * by a word of its name or by the value's prefix.
 */
export const PUBLISHED_KEY_NAME_WORDS: readonly string[] = ["publishable"];
export const PUBLISHED_KEY_VALUE_PREFIXES: readonly string[] = ["pk_test_", "pk_live_"];

/** The last words of a generic API key name (`apiKey`, `API_KEY`, `x-api-key`, `apikey`). */
export const GENERIC_API_KEY_NAME_ENDINGS: readonly (readonly string[])[] = [["api", "key"], ["apikey"], ["api", "token"], ["api", "secret"]];

/**
 * `.env` file names and the environment each one configures. A file name is lower-cased
 * and matched against `pattern`; the first match wins.
 */
export const ENV_FILE_ENVIRONMENTS: readonly { pattern: RegExp; environment: string }[] = [
  { pattern: /\.(example|sample|template|dist|defaults|schema)$|\.(example|sample|template)\./, environment: "example" },
  { pattern: /^\.env\.(production|prod)(\.local)?$/, environment: "production" },
  { pattern: /^\.env\.(staging|stage|preview|uat)(\.local)?$/, environment: "staging" },
  { pattern: /^\.env\.(test|testing|ci)(\.local)?$/, environment: "test" },
  { pattern: /^\.env\.(development|dev|local)(\.local)?$|^\.dev\.vars$/, environment: "development" },
  { pattern: /^\.env$/, environment: "all environments" },
  { pattern: /^\.env\./, environment: "other" },
];

/** Files that hold environment variables (matched on the base name). */
export const ENV_FILE_NAME = /^(\.env(\..+)?|\.dev\.vars)$/i;
