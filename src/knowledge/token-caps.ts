/**
 * Output-token caps (RL-2), as data: which model wrappers may set one for every call, and
 * the cap fields of raw HTTP request bodies. SDK options live with each SDK in
 * `knowledge/ai-sdks.ts` (`maxTokens` paths, `requiresMaxTokens`).
 */

/**
 * Package exports that build a model object which may carry default call settings
 * (`wrapLanguageModel({ model, middleware: defaultSettingsMiddleware({ settings: { maxOutputTokens } }) })`):
 * a call through such a model cannot be judged from its own options.
 */
export const MODEL_WRAPPERS: ReadonlyArray<{ package: string; exports: readonly string[] }> = [
  { package: "ai", exports: ["wrapLanguageModel", "customProvider", "createProviderRegistry"] },
];

export interface HttpTokenCap {
  /** Provider names of `knowledge/provider-hosts.ts`. */
  providers: readonly string[];
  /** Matched against `host/path` of the request (no query string). */
  endpoint: RegExp;
  /** Body fields that cap the output, dotted for nested ones. */
  fields: readonly string[];
}

/** Providers that speak OpenAI's chat completions API under their own host. */
const OPENAI_STYLE = ["OpenAI", "Azure OpenAI", "Groq", "Mistral", "OpenRouter", "Together AI", "DeepSeek", "xAI", "Perplexity", "Fireworks AI", "Vercel AI Gateway"];

/** Raw requests to these endpoints are judged by the cap fields of their JSON body. */
export const HTTP_TOKEN_CAPS: readonly HttpTokenCap[] = [
  { providers: OPENAI_STYLE, endpoint: /\/chat\/completions$/, fields: ["max_tokens", "max_completion_tokens"] },
  { providers: OPENAI_STYLE, endpoint: /\/v1\/completions$/, fields: ["max_tokens"] },
  { providers: ["OpenAI", "Azure OpenAI"], endpoint: /\/responses$/, fields: ["max_output_tokens"] },
  { providers: ["Google Gemini", "Google Vertex AI"], endpoint: /:(generateContent|streamGenerateContent)$/, fields: ["generationConfig.maxOutputTokens"] },
  { providers: ["Cohere"], endpoint: /\/v[12]\/chat$/, fields: ["max_tokens"] },
];
