/**
 * Moderation, content-safety and guard mechanisms, as data (PI-3 input moderation, OF-3
 * output moderation: `rules/ai-input-without-moderation.ts`, `rules/ai-output-without-moderation.ts`).
 *
 * A mechanism is either a call that screens a text (a moderation endpoint, a guard
 * library, a profanity filter) or a setting given to the model call or model object that
 * makes the provider filter what goes in and comes out (Gemini `safetySettings`, Bedrock
 * guardrails). `screens` says which side it can screen: a call screens whatever text it is
 * given, so the detector decides per call whether that was the request input or the answer.
 */

export type ScreenedSide = "input" | "output";

export interface ModerationCall {
  label: string;
  /** Packages whose exports, or what they make (a client, a filter), screen when called. */
  packages: readonly string[];
  /** Package name prefixes (`@guardrails-ai/`). */
  packagePrefixes?: readonly string[];
  /**
   * The names a screening call ends in (`isProfane` of `filter.isProfane(text)`,
   * `moderate` of `mistral.classifiers.moderate(…)`); any call into the package when omitted.
   */
  methods?: readonly string[];
  /** Member paths the call must end in, when the package also has calls that do not screen (`moderations.create` of `openai`). */
  paths?: readonly string[];
  /** Classes whose instances are the screening request (`new ApplyGuardrailCommand(…)` sent by a client). */
  commands?: readonly string[];
  screens: readonly ScreenedSide[];
}

const BOTH: readonly ScreenedSide[] = ["input", "output"];

/** Calls made through a package (or an object it makes) that screen a text. */
export const MODERATION_CALLS: readonly ModerationCall[] = [
  { label: "OpenAI moderation (moderations.create)", packages: ["openai"], paths: ["moderations.create", "createModeration"], screens: BOTH },
  { label: "Mistral moderation (classifiers.moderate)", packages: ["@mistralai/mistralai"], methods: ["moderate", "moderateChat"], screens: BOTH },
  { label: "Azure AI Content Safety", packages: ["@azure-rest/ai-content-safety", "@azure/ai-content-safety"], methods: ["post", "analyzeText", "analyzeImage"], screens: BOTH },
  { label: "AWS Bedrock guardrail (ApplyGuardrailCommand)", packages: ["@aws-sdk/client-bedrock-runtime"], commands: ["ApplyGuardrailCommand"], screens: BOTH },
  { label: "Rebuff prompt-injection detection", packages: ["rebuff"], methods: ["detectInjection"], screens: ["input"] },
  { label: "llm-guard", packages: ["llm-guard"], screens: BOTH },
  { label: "Guardrails AI", packages: [], packagePrefixes: ["@guardrails-ai/"], screens: BOTH },
  { label: "OpenAI Guardrails", packages: ["@openai/guardrails", "openai-guardrails"], screens: BOTH },
  { label: "Perspective API client", packages: ["perspective-api-client"], methods: ["analyze"], screens: BOTH },
  { label: "bad-words filter", packages: ["bad-words"], methods: ["isProfane", "clean"], screens: BOTH },
  { label: "leo-profanity filter", packages: ["leo-profanity"], methods: ["check", "clean"], screens: BOTH },
  { label: "obscenity matcher", packages: ["obscenity"], methods: ["hasMatch", "getAllMatches", "applyTo"], screens: BOTH },
];

/** Model call sites of these kinds screen (the AI surface already knows OpenAI's moderation endpoint). */
export const MODERATION_CALL_APIS: readonly string[] = ["moderation"];

/** A model call whose model name says it is a safety classifier (Llama Guard, ShieldGemma, any "guard" model). */
export const GUARD_MODEL_NAME = /guard|shieldgemma/i;

/** Hosts and paths of screening HTTP APIs, matched against a `fetch`/`axios` URL. */
export const MODERATION_URLS: ReadonlyArray<{ label: string; contains: string; screens: readonly ScreenedSide[] }> = [
  { label: "OpenAI moderation endpoint", contains: "/v1/moderations", screens: BOTH },
  { label: "Lakera Guard", contains: "api.lakera.ai", screens: BOTH },
  { label: "Perspective API", contains: "commentanalyzer.googleapis.com", screens: BOTH },
  { label: "Azure AI Content Safety", contains: "/contentsafety/text:analyze", screens: BOTH },
];

/** Calls that send an HTTP request, whose first argument is the URL. */
export const HTTP_REQUEST_CALLS: readonly string[] = ["fetch", "ofetch", "$fetch", "got", "ky"];
/** Receivers whose methods send a request to the URL in the first argument (`axios.post(url, body)`). */
export const HTTP_REQUEST_RECEIVERS: readonly string[] = ["axios", "ky", "got", "ofetch"];

/**
 * Settings on a model call or on the model object it is made through that make the provider
 * screen the prompt and the answer: they count for both sides.
 */
export const PROVIDER_SAFETY_SETTINGS: ReadonlyArray<{ property: string; label: string }> = [
  // Gemini: generateContent / getGenerativeModel / @google/genai config / the AI SDK google provider.
  { property: "safetySettings", label: "Gemini safetySettings" },
  // AWS Bedrock: InvokeModelCommand / ConverseCommand.
  { property: "guardrailIdentifier", label: "Bedrock guardrail (guardrailIdentifier)" },
  { property: "guardrailConfig", label: "Bedrock guardrail (guardrailConfig)" },
];

/**
 * Methods of a streaming call's result that send the stream to the client (AI SDK):
 * `return result.toTextStreamResponse()`, `result.pipeTextStreamToResponse(res)`.
 */
export const STREAM_RESPONSE_METHODS: readonly string[] = [
  "toTextStreamResponse",
  "toDataStreamResponse",
  "toUIMessageStreamResponse",
  "toAIStreamResponse",
  "pipeTextStreamToResponse",
  "pipeDataStreamToResponse",
  "pipeUIMessageStreamToResponse",
];

/**
 * Functions and classes of the AI SDK's earlier versions that wrap a provider's stream and
 * send it on: `return new StreamingTextResponse(OpenAIStream(response))` sends the model's output.
 */
export const STREAM_WRAPPERS: readonly string[] = [
  "OpenAIStream",
  "AnthropicStream",
  "CohereStream",
  "GoogleGenerativeAIStream",
  "HuggingFaceStream",
  "MistralStream",
  "ReplicateStream",
  "LangChainStream",
  "StreamingTextResponse",
  "streamToResponse",
];
