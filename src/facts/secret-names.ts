/** What a variable's name says about its value, from the tables in `knowledge/env-vars.ts`. */
import {
  AI_PROVIDER_NAME_WORDS,
  CLIENT_ENV_PREFIXES,
  GENERIC_API_KEY_NAME_ENDINGS,
  NON_SECRET_NAME_WORDS,
  NOT_PROVIDER_KEY_NAME_WORDS,
  PUBLISHED_KEY_NAME_WORDS,
  PUBLISHED_KEY_VALUE_PREFIXES,
  SECRET_NAME_WORDS,
  type ClientEnvPrefix,
} from "../knowledge/env-vars.js";
import { identifierWords } from "../util/text.js";

const AI_WORDS = new Set(AI_PROVIDER_NAME_WORDS);
const SECRET_WORDS = new Set(SECRET_NAME_WORDS);
const NON_SECRET_WORDS = new Set(NON_SECRET_NAME_WORDS);
const NOT_PROVIDER_KEY_WORDS = new Set(NOT_PROVIDER_KEY_NAME_WORDS);
const PUBLISHED_NAME_WORDS = new Set(PUBLISHED_KEY_NAME_WORDS);
// Joined spellings: `OPENAIKEY`, `huggingfacehub`, `googleGenerativeAi` split oddly.
const AI_SUBSTRINGS = AI_PROVIDER_NAME_WORDS.filter((w) => w.length >= 5);

/** `…_API_KEY`, `…Token`, `…_SECRET`: the name says it holds a credential. */
export function isSecretName(name: string): boolean {
  const words = identifierWords(name);
  const last = words[words.length - 1];
  if (!last) return false;
  if (NON_SECRET_WORDS.has(last)) return false;
  if (SECRET_WORDS.has(last)) return true;
  // `OPENAIKEY`, `apikey`
  return /(?:key|token|secret)$/i.test(last) && !/(?:monkey|turkey|hockey|jockey)$/i.test(last);
}

/** A key made to be published (a Clerk or Stripe publishable key), by its name or its value. */
export function isPublishedKey(name: string, value: string): boolean {
  const v = value.trim();
  return identifierWords(name).some((w) => PUBLISHED_NAME_WORDS.has(w)) || PUBLISHED_KEY_VALUE_PREFIXES.some((p) => v.startsWith(p));
}

/** The name ties the value to an LLM provider (`OPENAI_API_KEY`, `hfToken`, `GEMINI_KEY`). */
export function mentionsAiProvider(name: string): boolean {
  const words = identifierWords(name);
  if (words.some((w) => AI_WORDS.has(w))) return true;
  const joined = words.join("");
  return AI_SUBSTRINGS.some((s) => joined.includes(s));
}

export function isAiSecretName(name: string): boolean {
  return isSecretName(name) && mentionsAiProvider(name);
}

/** Every build tool named by a prefix's `bundlers`: depending on one of them decides which of those prefixes are exposed. */
const KNOWN_BUNDLERS = CLIENT_ENV_PREFIXES.flatMap((p) => p.bundlers ?? []);

/**
 * The name says "a provider's API key" (`OPENAI_API_KEY`, `geminiKey`, `hfToken`), or
 * "an API key" (`apiKey`, `api_key`) when `generic` is allowed; never a cache label,
 * session or CSRF secret or public key (`promptCacheKey`, `DB_SESSION_SECRET`).
 */
export function isProviderKeyName(name: string, generic: boolean): boolean {
  if (!isSecretName(name)) return false;
  const words = identifierWords(name);
  if (words.some((w) => NOT_PROVIDER_KEY_WORDS.has(w))) return false;
  if (mentionsAiProvider(name)) return true;
  return generic && GENERIC_API_KEY_NAME_ENDINGS.some((ending) => ending.length <= words.length && ending.every((w, i) => words[words.length - ending.length + i] === w));
}

/**
 * The client-exposed prefix of an env var name, if any. `hasDependency` answers
 * whether the project that reads it depends on a package (for prefixes like `PUBLIC_`
 * that only some frameworks expose, and `REACT_APP_` that Vite does not). `extraPrefixes`:
 * prefixes the build config adds (Vite `envPrefix`).
 */
export function clientExposedPrefix(name: string, hasDependency: (pkg: string) => boolean, extraPrefixes: readonly ClientEnvPrefix[] = []): ClientEnvPrefix | undefined {
  const extra = extraPrefixes.find((p) => p.prefix !== "" && name.startsWith(p.prefix));
  if (extra) return extra;
  for (const p of CLIENT_ENV_PREFIXES) {
    if (!name.startsWith(p.prefix)) continue;
    if (p.onlyWithDependency && !p.onlyWithDependency.some(hasDependency)) continue;
    if (p.bundlers && !p.bundlers.some(hasDependency) && KNOWN_BUNDLERS.some(hasDependency)) continue;
    return p;
  }
  return undefined;
}
