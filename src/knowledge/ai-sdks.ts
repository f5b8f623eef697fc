/**
 * Which SDK calls reach a model, as data (in the spirit of CodeQL's `*.model.yml`).
 *
 * An SDK is described as a few typed values and their members:
 * - `entries`: how code gets a value out of the package: `new OpenAI()`, `createOpenAI()`,
 *   the ready-made `ollama` instance, or a function that calls a model itself (`generateText`);
 * - `members`: what a value's properties lead to: a model call (`call`), or another typed
 *   value (`returns`: `getGenerativeModel()` gives a model object).
 *
 * Argument locations are paths: `0.model` is the `model` property of the first argument,
 * `0.0.modelId` steps into the arguments of an expression passed as the first argument
 * (`send(new ConverseCommand({ modelId }))`). A contributor adds an SDK here; the engine
 * (`src/model/ai-surface.ts`) never names a package.
 */

/** The input names Replicate's image, audio and video models commonly take the user's media under. */
const REPLICATE_MEDIA: readonly string[] = ["image", "input_image", "image_url", "img", "mask", "audio", "input_audio", "video", "input_video"];

export type CallApi = "chat" | "completion" | "responses" | "embedding" | "image" | "audio" | "moderation" | "assistant" | "realtime" | "rerank" | "other";

export interface ModelCallSpec {
  api: CallApi;
  model?: readonly string[];
  messages?: readonly string[];
  system?: readonly string[];
  prompt?: readonly string[];
  /**
   * Where the call takes the user's own image, audio or video for the model to work on
   * (`1.input.image` of a Replicate model, `0.image` of an image edit): content a route
   * should screen (PI-3), but no prompt text (the prompt rules do not read it).
   */
  media?: readonly string[];
  maxTokens?: readonly string[];
  /** The SDK rejects calls without a token cap (Anthropic): never report a missing one. */
  requiresMaxTokens?: boolean;
  /** A final assistant message is a prefill the model continues as its own answer (Anthropic). */
  prefill?: boolean;
  /**
   * A provider-specific payload that may carry the cap in its own format (Bedrock
   * `InvokeModelCommand({ body })`): when it is there, a missing cap cannot be judged.
   */
  opaquePayload?: readonly string[];
  /**
   * An agent run: where the agent is (`0`) and the context object the run hands to the
   * agent's instruction functions (`2.context`, read there as `runContext.context`).
   */
  agentContext?: { agent: string; context: string };
  /**
   * `false` for a member that reaches the provider but generates nothing by itself (adding a
   * message to an Assistants thread, creating an assistant): still analysed as a prompt
   * position, but it does not make a route an AI route (the run that follows does).
   */
  spends?: false;
  /**
   * The call runs an agent the server made (its tools and instructions are the app's, set
   * where it was created): a conversation the client writes meets them there.
   */
  runsAgent?: true;
}

export interface SdkEntry {
  /** `default`, `*` (the module object) or a named export. */
  export: string;
  /** `new X()`, `X()`, or the export itself is the value. */
  how: "new" | "call" | "value";
  /** The typed value it gives… */
  type?: string;
  /** …or, for functions that call a model themselves, the call. */
  call?: ModelCallSpec;
  /** Overrides the SDK's provider (AzureOpenAI in the `openai` package). */
  provider?: string;
  /** Where a model name is given at creation (`openai("gpt-4o")`, `new ChatOpenAI({ model })`). */
  model?: readonly string[];
  /** Where an output-token cap is given at creation, for every later call (`new ChatOpenAI({ maxTokens })`). */
  maxTokens?: readonly string[];
  /**
   * Where the model the made value runs is given (`createStuffDocumentsChain({ llm })`): the
   * value takes that model's provider, name and client, like `prompt.pipe(model)` does.
   */
  modelFrom?: readonly string[];
  /**
   * Instruction positions given when the value is made (`new Agent({ instructions })`,
   * `tool({ description })`): a sink in themselves, judged where they are written even when
   * the model is called elsewhere. A position may hold a string or a function returning one.
   */
  instructions?: readonly string[];
}

export interface SdkMember {
  type: string;
  /** Dotted member path from the typed value; "" is calling the value itself. */
  path: string;
  call?: ModelCallSpec;
  returns?: string;
  /** Where the returned value's model name is (`getGenerativeModel({ model })`). */
  model?: readonly string[];
  /** Where the returned value's output-token cap is, for every call made through it (`getGenerativeModel({ generationConfig })`). */
  maxTokens?: readonly string[];
  /** Only when the first argument is `new <one of these>(…)` (AWS SDK command objects). */
  whenArgIsNew?: readonly string[];
  /** Instruction positions of the value this member makes (`agent.asTool({ toolDescription })`), as for an entry. */
  instructions?: readonly string[];
}

export interface AiSdk {
  id: string;
  /** The provider, or `from-model` when the model object says (Vercel AI SDK, LangChain core). */
  provider: string;
  packages: readonly string[];
  entries: readonly SdkEntry[];
  members: readonly SdkMember[];
  /** Constructor options that hold the key (`0.apiKey`, or `0` for `new GoogleGenerativeAI(key)`). */
  keyOptions?: readonly string[];
  /** Options that let the SDK run in a browser: reported anywhere (CS-1). */
  browserOptIn?: readonly string[];
  /** Where a base URL option lives (the `openai` SDK pointed at OpenRouter, Groq, Ollama…). */
  baseUrlOptions?: readonly string[];
}

const OPENAI_CHAT: ModelCallSpec = { api: "chat", model: ["0.model"], messages: ["0.messages"], maxTokens: ["0.max_tokens", "0.max_completion_tokens"] };
const OPENAI_RESPONSES: ModelCallSpec = { api: "responses", model: ["0.model"], messages: ["0.input"], system: ["0.instructions"], prompt: ["0.input"], maxTokens: ["0.max_output_tokens"] };
const OPENAI_COMPLETION: ModelCallSpec = { api: "completion", model: ["0.model"], prompt: ["0.prompt"], maxTokens: ["0.max_tokens"] };
/** Assistants runs: the run's own instructions, and messages added to the thread with it. */
const OPENAI_RUN: ModelCallSpec = { api: "assistant", system: ["1.instructions", "1.additional_instructions"], messages: ["1.additional_messages"] };
/** Whisper's `prompt` guides the transcript: one instruction string, like a completion prompt. */
const OPENAI_AUDIO_TEXT: ModelCallSpec = { api: "audio", model: ["0.model"], prompt: ["0.prompt"] };
/** OpenAI Agents SDK `run(agent, input)`: the agent carries model, instructions and settings; input is a string or input items with roles. */
const AGENTS_RUN: ModelCallSpec = { api: "chat", messages: ["1"], prompt: ["1"], agentContext: { agent: "0", context: "2.context" }, runsAgent: true };
const AGENT_INSTRUCTIONS = ["0.instructions", "0.handoffDescription"];
/** OpenRouter SDK: request fields flat (older releases) or under `chatRequest` / `responsesRequest`. */
const OPENROUTER_CHAT: ModelCallSpec = {
  api: "chat",
  model: ["0.model", "0.chatRequest.model"],
  messages: ["0.messages", "0.chatRequest.messages"],
  maxTokens: ["0.maxTokens", "0.maxCompletionTokens", "0.chatRequest.maxTokens", "0.chatRequest.maxCompletionTokens"],
};
const openRouterResponses = (at: string, nested?: string): ModelCallSpec => {
  const paths = (field: string) => [`${at}.${field}`, ...(nested ? [`${at}.${nested}.${field}`] : [])];
  return { api: "responses", model: paths("model"), system: paths("instructions"), messages: paths("input"), prompt: paths("input"), maxTokens: paths("maxOutputTokens") };
};
/** `client.callModel({ instructions, input })`; chat-style `messages` are accepted too. */
const OPENROUTER_CALL_MODEL: ModelCallSpec = { ...openRouterResponses("0"), messages: ["0.input", "0.messages"] };
/** The agent module's `callModel(client, { … })` (the request alone in early releases). */
const OPENROUTER_CALL_MODEL_FN: ModelCallSpec = (() => {
  const [late, early] = [OPENROUTER_CALL_MODEL, openRouterResponses("1")];
  return { api: "responses", model: [...early.model!, ...late.model!], system: [...early.system!, ...late.system!], messages: ["1.input", "1.messages", ...late.messages!], prompt: [...early.prompt!, ...late.prompt!], maxTokens: [...early.maxTokens!, ...late.maxTokens!] };
})();
const EMBED = (model: string[] = ["0.model"]): ModelCallSpec => ({ api: "embedding", model });
const ANTHROPIC_MESSAGES: ModelCallSpec = { api: "chat", model: ["0.model"], messages: ["0.messages"], system: ["0.system"], maxTokens: ["0.max_tokens"], requiresMaxTokens: true, prefill: true };
const GEMINI_GENERATE: ModelCallSpec = { api: "chat", prompt: ["0"], messages: ["0.contents", "0"], maxTokens: ["0.generationConfig.maxOutputTokens"] };
const GENAI_GENERATE: ModelCallSpec = { api: "chat", model: ["0.model"], messages: ["0.contents"], prompt: ["0.contents"], system: ["0.config.systemInstruction"], maxTokens: ["0.config.maxOutputTokens"] };
const VERCEL_AI: ModelCallSpec = { api: "chat", model: ["0.model"], messages: ["0.messages"], system: ["0.system"], prompt: ["0.prompt"], maxTokens: ["0.maxOutputTokens", "0.maxTokens"] };
const LANGCHAIN_INVOKE: ModelCallSpec = { api: "chat", messages: ["0"], prompt: ["0"] };
/** A Mastra agent's messages (a string or a message array); its instructions and options are given at creation. */
const MASTRA_AGENT: ModelCallSpec = { api: "chat", messages: ["0"], prompt: ["0"], runsAgent: true };
// The Mistral SDKs name their options in camelCase.
const MISTRAL_CHAT: ModelCallSpec = { ...OPENAI_CHAT, maxTokens: ["0.maxTokens"] };
const MISTRAL_FIM: ModelCallSpec = { ...OPENAI_COMPLETION, maxTokens: ["0.maxTokens"] };
/** LangChain's OpenAI chat models take `maxTokens`, or the raw API option through `modelKwargs`. */
const LANGCHAIN_OPENAI_CAP = ["0.maxTokens", "0.modelKwargs.max_tokens", "0.modelKwargs.max_completion_tokens"];
/** A Gemini model or chat made with `generationConfig` caps every call made through it. */
const GEMINI_CREATION_CAP = ["0.generationConfig.maxOutputTokens"];
/** …and its `systemInstruction` instructs every call made through it. */
const GEMINI_CREATION_SYSTEM = ["0.systemInstruction"];
const HF_TASK: ModelCallSpec = { api: "chat", model: ["0.model"], messages: ["0.messages"], prompt: ["0.inputs"] };
const HF_CHAT: ModelCallSpec = { ...HF_TASK, maxTokens: ["0.max_tokens"] };
const HF_TEXT_GENERATION: ModelCallSpec = { ...HF_TASK, maxTokens: ["0.parameters.max_new_tokens"] };

const openAiStyleMembers = (type: string): SdkMember[] => [
  { type, path: "chat.completions.create", call: OPENAI_CHAT },
  { type, path: "chat.completions.parse", call: OPENAI_CHAT },
  { type, path: "chat.completions.stream", call: OPENAI_CHAT },
  { type, path: "beta.chat.completions.parse", call: OPENAI_CHAT },
  { type, path: "beta.chat.completions.stream", call: OPENAI_CHAT },
  { type, path: "completions.create", call: OPENAI_COMPLETION },
  { type, path: "embeddings.create", call: EMBED() },
];

/** Vercel AI SDK provider packages: `openai("gpt-4o")`, `createOpenAI({ apiKey })("gpt-4o")`, `openai.chat(…)`. */
const aiSdkProvider = (id: string, provider: string, pkg: string, instance: string, factory: string): AiSdk => ({
  id,
  provider,
  packages: [pkg],
  entries: [
    { export: instance, how: "value", type: "aisdk.provider" },
    { export: factory, how: "call", type: "aisdk.provider" },
  ],
  members: ["", "chat", "responses", "completion", "languageModel", "textEmbeddingModel", "embedding", "image", "imageModel", "transcription", "speech", "messages"].map((path) => ({
    type: "aisdk.provider",
    path,
    returns: "aisdk.model",
    model: ["0"],
  })),
  keyOptions: ["0.apiKey"],
  baseUrlOptions: ["0.baseURL"],
});

/**
 * LangChain chat-model classes: `new ChatOpenAI({ model })` then `.invoke()`. `caps` names
 * each class's output-token cap option; a class left out has a small default cap of its
 * own (the completion-style `OpenAI`: 256) or generates no text (embeddings).
 */
const langchainModel = (id: string, provider: string, packages: string[], classes: string[], caps: Readonly<Record<string, readonly string[]>> = {}): AiSdk => ({
  id,
  provider,
  packages,
  entries: classes.map((name) => ({ export: name, how: "new" as const, type: "langchain.model", model: ["0.model", "0.modelName", "0.model_name"], ...(caps[name] ? { maxTokens: caps[name] } : {}) })),
  members: [],
  keyOptions: ["0.apiKey", "0.openAIApiKey", "0.anthropicApiKey", "0.googleApiKey"],
});

export const AI_SDKS: readonly AiSdk[] = [
  {
    id: "openai",
    provider: "OpenAI",
    // @posthog/ai's `OpenAI` is the SDK's client, recording each call for PostHog.
    packages: ["openai", "@posthog/ai"],
    entries: [
      { export: "default", how: "new", type: "openai.client" },
      { export: "OpenAI", how: "new", type: "openai.client" },
      { export: "AzureOpenAI", how: "new", type: "openai.client", provider: "Azure OpenAI" },
      { export: "OpenAIApi", how: "new", type: "openai.v3" },
    ],
    members: [
      ...openAiStyleMembers("openai.client"),
      // The tool-running helpers take the same request as `create`.
      { type: "openai.client", path: "chat.completions.runTools", call: OPENAI_CHAT },
      { type: "openai.client", path: "beta.chat.completions.runTools", call: OPENAI_CHAT },
      { type: "openai.client", path: "responses.create", call: OPENAI_RESPONSES },
      { type: "openai.client", path: "responses.stream", call: OPENAI_RESPONSES },
      { type: "openai.client", path: "responses.parse", call: OPENAI_RESPONSES },
      { type: "openai.client", path: "images.generate", call: { api: "image", model: ["0.model"], prompt: ["0.prompt"] } },
      { type: "openai.client", path: "images.edit", call: { api: "image", model: ["0.model"], prompt: ["0.prompt"], media: ["0.image", "0.mask"] } },
      { type: "openai.client", path: "images.createVariation", call: { api: "image", model: ["0.model"], media: ["0.image"] } },
      { type: "openai.client", path: "audio.transcriptions.create", call: OPENAI_AUDIO_TEXT },
      { type: "openai.client", path: "audio.translations.create", call: OPENAI_AUDIO_TEXT },
      { type: "openai.client", path: "audio.speech.create", call: { api: "audio", model: ["0.model"], prompt: ["0.input"] } },
      { type: "openai.client", path: "moderations.create", call: { api: "moderation", model: ["0.model"] } },
      ...["create", "createAndPoll", "createAndStream", "stream"].map((verb) => ({ type: "openai.client", path: `beta.threads.runs.${verb}`, call: OPENAI_RUN })),
      ...["createAndRun", "createAndRunPoll", "createAndRunStream"].map((path) => ({ type: "openai.client", path: `beta.threads.${path}`, call: { api: "assistant" as const, system: ["0.instructions"], messages: ["0.thread.messages"] } })),
      { type: "openai.client", path: "beta.threads.create", call: { api: "assistant", messages: ["0.messages"], spends: false } },
      // One message added to a thread: `messages.create(threadId, { role, content })`.
      { type: "openai.client", path: "beta.threads.messages.create", call: { api: "assistant", messages: ["1"], spends: false } },
      { type: "openai.client", path: "beta.assistants.create", call: { api: "assistant", model: ["0.model"], system: ["0.instructions"], spends: false } },
      { type: "openai.client", path: "beta.assistants.update", call: { api: "assistant", model: ["1.model"], system: ["1.instructions"], spends: false } },
      { type: "openai.client", path: "beta.realtime.sessions.create", call: { api: "realtime", model: ["0.model"], system: ["0.instructions"] } },
      { type: "openai.v3", path: "createChatCompletion", call: OPENAI_CHAT },
      { type: "openai.v3", path: "createCompletion", call: OPENAI_COMPLETION },
      { type: "openai.v3", path: "createEmbedding", call: EMBED() },
      { type: "openai.v3", path: "createImage", call: { api: "image", prompt: ["0.prompt"] } },
      { type: "openai.v3", path: "createTranscription", call: { api: "audio", model: ["1"] } },
      { type: "openai.v3", path: "createModeration", call: { api: "moderation" } },
    ],
    keyOptions: ["0.apiKey"],
    browserOptIn: ["0.dangerouslyAllowBrowser"],
    baseUrlOptions: ["0.baseURL", "0.basePath"],
  },
  {
    // The edge-runtime port of the v3 `openai` SDK: same client and methods, fetch underneath.
    id: "openai-edge",
    provider: "OpenAI",
    packages: ["openai-edge"],
    entries: [{ export: "OpenAIApi", how: "new", type: "openai.v3" }],
    members: [],
    // `new OpenAIApi(new Configuration({ apiKey }))`
    keyOptions: ["0.0.apiKey"],
    baseUrlOptions: ["0.0.basePath"],
  },
  {
    // OpenAI Agents SDK: an agent is made in one place (its instructions are a sink there) and run in another.
    id: "openai-agents",
    provider: "OpenAI",
    packages: ["@openai/agents", "@openai/agents-core", "@openai/agents-realtime", "@openai/agents/realtime"],
    entries: [
      { export: "Agent", how: "new", type: "agents.agent", instructions: AGENT_INSTRUCTIONS },
      { export: "Agent.create", how: "call", type: "agents.agent", instructions: AGENT_INSTRUCTIONS },
      { export: "RealtimeAgent", how: "new", type: "agents.agent", instructions: AGENT_INSTRUCTIONS },
      { export: "tool", how: "call", type: "agents.tool", instructions: ["0.description"] },
      { export: "handoff", how: "call", type: "agents.tool", instructions: ["1.toolDescriptionOverride"] },
      { export: "run", how: "call", call: AGENTS_RUN },
      { export: "Runner", how: "new", type: "agents.runner" },
      { export: "Runner.run", how: "call", call: AGENTS_RUN },
    ],
    members: [
      { type: "agents.runner", path: "run", call: AGENTS_RUN },
      { type: "agents.agent", path: "asTool", returns: "agents.tool", instructions: ["0.toolDescription"] },
      { type: "agents.agent", path: "clone", returns: "agents.agent", instructions: AGENT_INSTRUCTIONS },
    ],
  },
  {
    // The OpenRouter SDK and its agent module (`callModel(client, { instructions, input })`, `tool({ description })`).
    id: "openrouter",
    provider: "OpenRouter",
    packages: ["@openrouter/sdk", "@openrouter/sdk/funcs/chatSend", "@openrouter/sdk/funcs/call-model", "@openrouter/agent", "@openrouter/agent/call-model", "@openrouter/agent/tool"],
    entries: [
      { export: "default", how: "new", type: "openrouter.client" },
      { export: "OpenRouter", how: "new", type: "openrouter.client" },
      { export: "callModel", how: "call", call: OPENROUTER_CALL_MODEL_FN },
      { export: "chatSend", how: "call", call: { ...OPENROUTER_CHAT, model: ["1.model", "1.chatRequest.model"], messages: ["1.messages", "1.chatRequest.messages"], maxTokens: ["1.maxTokens", "1.maxCompletionTokens", "1.chatRequest.maxTokens", "1.chatRequest.maxCompletionTokens"] } },
      { export: "tool", how: "call", type: "openrouter.tool", instructions: ["0.description"] },
    ],
    members: [
      // The OpenAI-compatible surface some releases and wrappers expose.
      ...openAiStyleMembers("openrouter.client"),
      { type: "openrouter.client", path: "chat.send", call: OPENROUTER_CHAT },
      { type: "openrouter.client", path: "callModel", call: OPENROUTER_CALL_MODEL },
      { type: "openrouter.client", path: "responses.send", call: openRouterResponses("0", "responsesRequest") },
      { type: "openrouter.client", path: "beta.responses.send", call: openRouterResponses("0", "responsesRequest") },
      { type: "openrouter.client", path: "embeddings.generate", call: EMBED() },
    ],
    keyOptions: ["0.apiKey"],
    baseUrlOptions: ["0.serverURL"],
  },
  {
    id: "anthropic",
    provider: "Anthropic",
    packages: ["@anthropic-ai/sdk", "@anthropic-ai/bedrock-sdk", "@anthropic-ai/vertex-sdk", "@posthog/ai"],
    entries: [
      { export: "default", how: "new", type: "anthropic.client" },
      { export: "Anthropic", how: "new", type: "anthropic.client" },
      { export: "AnthropicBedrock", how: "new", type: "anthropic.client", provider: "Anthropic (AWS Bedrock)" },
      { export: "AnthropicVertex", how: "new", type: "anthropic.client", provider: "Anthropic (Vertex AI)" },
    ],
    members: [
      { type: "anthropic.client", path: "messages.create", call: ANTHROPIC_MESSAGES },
      { type: "anthropic.client", path: "messages.stream", call: ANTHROPIC_MESSAGES },
      { type: "anthropic.client", path: "messages.parse", call: ANTHROPIC_MESSAGES },
      { type: "anthropic.client", path: "beta.messages.create", call: ANTHROPIC_MESSAGES },
      { type: "anthropic.client", path: "beta.messages.stream", call: ANTHROPIC_MESSAGES },
      { type: "anthropic.client", path: "beta.messages.toolRunner", call: ANTHROPIC_MESSAGES },
      { type: "anthropic.client", path: "messages.batches.create", call: { api: "chat" } },
      // Managed agents: the agent's `system` prompt is set when it is made or updated.
      { type: "anthropic.client", path: "beta.agents.create", call: { api: "assistant", model: ["0.model"], system: ["0.system"] } },
      { type: "anthropic.client", path: "beta.agents.update", call: { api: "assistant", model: ["1.model"], system: ["1.system"] } },
      { type: "anthropic.client", path: "completions.create", call: { api: "completion", model: ["0.model"], prompt: ["0.prompt"], maxTokens: ["0.max_tokens_to_sample"], requiresMaxTokens: true } },
    ],
    keyOptions: ["0.apiKey", "0.authToken"],
    browserOptIn: ["0.dangerouslyAllowBrowser"],
    baseUrlOptions: ["0.baseURL"],
  },
  {
    id: "google-generative-ai",
    provider: "Google Gemini",
    packages: ["@google/generative-ai"],
    entries: [{ export: "GoogleGenerativeAI", how: "new", type: "google.legacy" }],
    members: [
      { type: "google.legacy", path: "getGenerativeModel", returns: "google.model", model: ["0.model"], maxTokens: GEMINI_CREATION_CAP, instructions: GEMINI_CREATION_SYSTEM },
      { type: "google.model", path: "generateContent", call: GEMINI_GENERATE },
      { type: "google.model", path: "generateContentStream", call: GEMINI_GENERATE },
      { type: "google.model", path: "embedContent", call: EMBED([]) },
      { type: "google.model", path: "batchEmbedContents", call: EMBED([]) },
      { type: "google.model", path: "startChat", returns: "google.chat", maxTokens: GEMINI_CREATION_CAP, instructions: GEMINI_CREATION_SYSTEM },
      { type: "google.chat", path: "sendMessage", call: { api: "chat", prompt: ["0"], messages: ["0"] } },
      { type: "google.chat", path: "sendMessageStream", call: { api: "chat", prompt: ["0"], messages: ["0"] } },
    ],
    keyOptions: ["0"],
  },
  {
    id: "vertex-ai",
    provider: "Google Vertex AI",
    packages: ["@google-cloud/vertexai"],
    entries: [{ export: "VertexAI", how: "new", type: "vertex.client" }],
    members: [
      { type: "vertex.client", path: "getGenerativeModel", returns: "google.model", model: ["0.model"], maxTokens: GEMINI_CREATION_CAP, instructions: GEMINI_CREATION_SYSTEM },
      { type: "vertex.client", path: "preview.getGenerativeModel", returns: "google.model", model: ["0.model"], maxTokens: GEMINI_CREATION_CAP, instructions: GEMINI_CREATION_SYSTEM },
      { type: "google.model", path: "generateContent", call: GEMINI_GENERATE },
      { type: "google.model", path: "generateContentStream", call: GEMINI_GENERATE },
      { type: "google.model", path: "startChat", returns: "google.chat", maxTokens: GEMINI_CREATION_CAP, instructions: GEMINI_CREATION_SYSTEM },
      { type: "google.chat", path: "sendMessage", call: { api: "chat", prompt: ["0"], messages: ["0"] } },
      { type: "google.chat", path: "sendMessageStream", call: { api: "chat", prompt: ["0"], messages: ["0"] } },
    ],
  },
  {
    id: "google-genai",
    provider: "Google Gemini",
    packages: ["@google/genai"],
    entries: [{ export: "GoogleGenAI", how: "new", type: "genai.client" }],
    members: [
      { type: "genai.client", path: "models.generateContent", call: GENAI_GENERATE },
      { type: "genai.client", path: "models.generateContentStream", call: GENAI_GENERATE },
      { type: "genai.client", path: "models.embedContent", call: EMBED() },
      { type: "genai.client", path: "models.generateImages", call: { api: "image", model: ["0.model"], prompt: ["0.prompt"] } },
      { type: "genai.client", path: "models.generateVideos", call: { api: "other", model: ["0.model"], prompt: ["0.prompt"] } },
      { type: "genai.client", path: "chats.create", returns: "genai.chat", model: ["0.model"], maxTokens: ["0.config.maxOutputTokens"], instructions: ["0.config.systemInstruction"] },
      { type: "genai.chat", path: "sendMessage", call: { api: "chat", messages: ["0.message"], prompt: ["0.message"], maxTokens: ["0.config.maxOutputTokens"] } },
      { type: "genai.chat", path: "sendMessageStream", call: { api: "chat", messages: ["0.message"], prompt: ["0.message"], maxTokens: ["0.config.maxOutputTokens"] } },
      { type: "genai.client", path: "live.connect", call: { api: "realtime", model: ["0.model"], system: ["0.config.systemInstruction"] } },
    ],
    keyOptions: ["0.apiKey"],
  },
  {
    id: "vercel-ai",
    provider: "from-model",
    packages: ["ai", "ai/rsc"],
    entries: [
      ...["generateText", "streamText", "generateObject", "streamObject", "streamUI"].map((name) => ({ export: name, how: "call" as const, call: VERCEL_AI })),
      ...["embed", "embedMany"].map((name) => ({ export: name, how: "call" as const, call: EMBED() })),
      ...["generateImage", "experimental_generateImage"].map((name) => ({ export: name, how: "call" as const, call: { api: "image" as const, model: ["0.model"], prompt: ["0.prompt"] } })),
      ...["transcribe", "experimental_transcribe", "generateSpeech", "experimental_generateSpeech"].map((name) => ({ export: name, how: "call" as const, call: { api: "audio" as const, model: ["0.model"] } })),
      // Agents (AI SDK 5/6): made once with their model and instructions, run per request.
      ...["ToolLoopAgent", "Experimental_Agent"].map((name) => ({ export: name, how: "new" as const, type: "vercel-ai.agent", model: ["0.model"], instructions: ["0.instructions", "0.system"] })),
      // Helpers that run the agent they are given on the request's UI messages.
      ...["pipeAgentUIStreamToResponse", "createAgentUIStreamResponse", "createAgentUIStream"].map((name) => ({ export: name, how: "call" as const, call: { api: "chat" as const, messages: ["0.uiMessages", "0.messages"], runsAgent: true as const } })),
    ],
    members: [
      ...["generate", "stream"].map((path) => ({ type: "vercel-ai.agent", path, call: { api: "chat" as const, messages: ["0.messages"], prompt: ["0.prompt"], runsAgent: true as const } })),
    ],
  },
  aiSdkProvider("ai-sdk-openai", "OpenAI", "@ai-sdk/openai", "openai", "createOpenAI"),
  aiSdkProvider("ai-sdk-anthropic", "Anthropic", "@ai-sdk/anthropic", "anthropic", "createAnthropic"),
  aiSdkProvider("ai-sdk-google", "Google Gemini", "@ai-sdk/google", "google", "createGoogleGenerativeAI"),
  aiSdkProvider("ai-sdk-vertex", "Google Vertex AI", "@ai-sdk/google-vertex", "vertex", "createVertex"),
  aiSdkProvider("ai-sdk-groq", "Groq", "@ai-sdk/groq", "groq", "createGroq"),
  aiSdkProvider("ai-sdk-mistral", "Mistral", "@ai-sdk/mistral", "mistral", "createMistral"),
  aiSdkProvider("ai-sdk-cohere", "Cohere", "@ai-sdk/cohere", "cohere", "createCohere"),
  aiSdkProvider("ai-sdk-xai", "xAI", "@ai-sdk/xai", "xai", "createXai"),
  aiSdkProvider("ai-sdk-deepseek", "DeepSeek", "@ai-sdk/deepseek", "deepseek", "createDeepSeek"),
  aiSdkProvider("ai-sdk-perplexity", "Perplexity", "@ai-sdk/perplexity", "perplexity", "createPerplexity"),
  aiSdkProvider("ai-sdk-together", "Together AI", "@ai-sdk/togetherai", "togetherai", "createTogetherAI"),
  aiSdkProvider("ai-sdk-fireworks", "Fireworks AI", "@ai-sdk/fireworks", "fireworks", "createFireworks"),
  aiSdkProvider("ai-sdk-bedrock", "AWS Bedrock", "@ai-sdk/amazon-bedrock", "bedrock", "createAmazonBedrock"),
  aiSdkProvider("ai-sdk-azure", "Azure OpenAI", "@ai-sdk/azure", "azure", "createAzure"),
  aiSdkProvider("ai-sdk-openai-compatible", "OpenAI-compatible API", "@ai-sdk/openai-compatible", "openaiCompatible", "createOpenAICompatible"),
  aiSdkProvider("ai-sdk-openrouter", "OpenRouter", "@openrouter/ai-sdk-provider", "openrouter", "createOpenRouter"),
  aiSdkProvider("ai-sdk-ollama", "Ollama (local)", "ollama-ai-provider", "ollama", "createOllama"),
  langchainModel("langchain-openai", "OpenAI", ["@langchain/openai", "langchain/chat_models/openai", "langchain/llms/openai"], ["ChatOpenAI", "OpenAI", "AzureChatOpenAI", "OpenAIEmbeddings"], { ChatOpenAI: LANGCHAIN_OPENAI_CAP, AzureChatOpenAI: LANGCHAIN_OPENAI_CAP }),
  langchainModel("langchain-anthropic", "Anthropic", ["@langchain/anthropic", "langchain/chat_models/anthropic"], ["ChatAnthropic"], { ChatAnthropic: ["0.maxTokens"] }),
  langchainModel("langchain-google", "Google Gemini", ["@langchain/google-genai"], ["ChatGoogleGenerativeAI", "GoogleGenerativeAIEmbeddings"], { ChatGoogleGenerativeAI: ["0.maxOutputTokens"] }),
  langchainModel("langchain-vertex", "Google Vertex AI", ["@langchain/google-vertexai"], ["ChatVertexAI"], { ChatVertexAI: ["0.maxOutputTokens"] }),
  langchainModel("langchain-groq", "Groq", ["@langchain/groq"], ["ChatGroq"], { ChatGroq: ["0.maxTokens"] }),
  langchainModel("langchain-mistral", "Mistral", ["@langchain/mistralai"], ["ChatMistralAI", "MistralAIEmbeddings"], { ChatMistralAI: ["0.maxTokens"] }),
  langchainModel("langchain-cohere", "Cohere", ["@langchain/cohere"], ["ChatCohere", "CohereEmbeddings"]),
  langchainModel("langchain-bedrock", "AWS Bedrock", ["@langchain/aws"], ["ChatBedrockConverse"], { ChatBedrockConverse: ["0.maxTokens"] }),
  langchainModel("langchain-ollama", "Ollama (local)", ["@langchain/ollama"], ["ChatOllama", "Ollama"], { ChatOllama: ["0.numPredict"] }),
  langchainModel("langchain-community", "from-model", ["@langchain/community/chat_models/togetherai", "@langchain/community/chat_models/fireworks", "@langchain/community/chat_models/deepseek"], ["ChatTogetherAI", "ChatFireworks", "ChatDeepSeek"], { ChatTogetherAI: ["0.maxTokens"], ChatFireworks: ["0.maxTokens"], ChatDeepSeek: ["0.maxTokens"] }),
  {
    // LangChain's own runnables: anything built from a chat model calls it when invoked.
    id: "langchain-core",
    provider: "from-model",
    packages: ["@langchain/core", "langchain"],
    entries: [],
    members: [
      ...["invoke", "stream", "batch", "call", "generate", "predict", "predictMessages", "streamEvents"].flatMap((path) => [
        { type: "langchain.model", path, call: LANGCHAIN_INVOKE },
        { type: "langchain.runnable", path, call: LANGCHAIN_INVOKE },
      ]),
      ...["embedQuery", "embedDocuments"].map((path) => ({ type: "langchain.model", path, call: EMBED([]) })),
      ...["bind", "bindTools", "withStructuredOutput", "withConfig", "withRetry", "withFallbacks", "pipe"].flatMap((path) => [
        { type: "langchain.model", path, returns: "langchain.runnable" },
        { type: "langchain.runnable", path, returns: "langchain.runnable" },
      ]),
    ],
  },
  {
    // LangChain's chain factories: each returns a runnable that calls the model it was given.
    id: "langchain-chains",
    provider: "from-model",
    packages: [
      "langchain/chains",
      "langchain/chains/combine_documents",
      "langchain/chains/retrieval",
      "langchain/chains/history_aware_retriever",
      "langchain/chains/sql_db",
      "langchain/chains/query_constructor",
      "langchain/agents",
      // LangChain 1.x keeps the classic chains in their own package.
      "@langchain/classic/chains",
      "@langchain/classic/chains/combine_documents",
      "@langchain/classic/chains/retrieval",
      "@langchain/classic/chains/history_aware_retriever",
      "@langchain/classic/agents",
    ],
    entries: [
      ...["createStuffDocumentsChain", "createHistoryAwareRetriever", "createSqlQueryChain", "createOpenAIFunctionsAgent", "createToolCallingAgent"].map((name) => ({ export: name, how: "call" as const, type: "langchain.runnable", modelFrom: ["0.llm"] })),
      { export: "createRetrievalChain", how: "call", type: "langchain.runnable", modelFrom: ["0.combineDocsChain"] },
      // Older chains: `loadQAStuffChain(llm)`, `new LLMChain({ llm, prompt })`, `RetrievalQAChain.fromLLM(llm, retriever)`.
      ...["loadQAStuffChain", "loadQAMapReduceChain", "loadQARefineChain", "loadSummarizationChain"].map((name) => ({ export: name, how: "call" as const, type: "langchain.runnable", modelFrom: ["0"] })),
      ...["LLMChain", "ConversationChain"].map((name) => ({ export: name, how: "new" as const, type: "langchain.runnable", modelFrom: ["0.llm"] })),
      ...["RetrievalQAChain.fromLLM", "ConversationalRetrievalQAChain.fromLLM"].map((name) => ({ export: name, how: "call" as const, type: "langchain.runnable", modelFrom: ["0"] })),
      { export: "AgentExecutor", how: "new", type: "langchain.runnable", modelFrom: ["0.agent"] },
      { export: "AgentExecutor.fromAgentAndTools", how: "call", type: "langchain.runnable", modelFrom: ["0.agent"] },
    ],
    members: [],
  },
  {
    // LangGraph: a prebuilt agent, or a state graph once compiled, is a runnable whose nodes call models.
    id: "langgraph",
    provider: "from-model",
    packages: ["@langchain/langgraph", "@langchain/langgraph/prebuilt", "langchain"],
    entries: [
      // Their prompt (a string or a SystemMessage; `stateModifier`/`messageModifier` in older releases) instructs every run.
      { export: "createReactAgent", how: "call", type: "langchain.runnable", instructions: ["0.prompt", "0.stateModifier", "0.messageModifier"] },
      { export: "createAgent", how: "call", type: "langchain.runnable", instructions: ["0.systemPrompt", "0.prompt"] },
      { export: "StateGraph", how: "new", type: "langgraph.builder" },
    ],
    members: [
      ...["addNode", "addEdge", "addConditionalEdges", "addSequence", "setEntryPoint", "setFinishPoint"].map((path) => ({ type: "langgraph.builder", path, returns: "langgraph.builder" })),
      { type: "langgraph.builder", path: "compile", returns: "langchain.runnable" },
    ],
  },
  {
    // Mastra agents: `new Agent({ model })`, or `mastra.getAgent(name)`; each generate/stream runs the agent's model.
    id: "mastra",
    provider: "from-model",
    packages: ["@mastra/core"],
    entries: [
      { export: "Agent", how: "new", type: "mastra.agent", instructions: ["0.instructions"] },
      { export: "Mastra", how: "new", type: "mastra.instance" },
    ],
    members: [
      ...["generate", "stream", "generateLegacy", "streamLegacy", "generateVNext", "streamVNext"].map((path) => ({ type: "mastra.agent", path, call: MASTRA_AGENT })),
      { type: "mastra.instance", path: "getAgent", returns: "mastra.agent" },
      { type: "mastra.instance", path: "getAgentById", returns: "mastra.agent" },
    ],
  },
  {
    id: "groq",
    provider: "Groq",
    packages: ["groq-sdk"],
    entries: [
      { export: "default", how: "new", type: "groq.client" },
      { export: "Groq", how: "new", type: "groq.client" },
    ],
    members: [...openAiStyleMembers("groq.client"), { type: "groq.client", path: "audio.transcriptions.create", call: { api: "audio", model: ["0.model"] } }],
    keyOptions: ["0.apiKey"],
    browserOptIn: ["0.dangerouslyAllowBrowser"],
  },
  {
    id: "mistral",
    provider: "Mistral",
    packages: ["@mistralai/mistralai"],
    entries: [
      { export: "Mistral", how: "new", type: "mistral.client" },
      { export: "default", how: "new", type: "mistral.legacy" },
    ],
    members: [
      { type: "mistral.client", path: "chat.complete", call: MISTRAL_CHAT },
      { type: "mistral.client", path: "chat.stream", call: MISTRAL_CHAT },
      { type: "mistral.client", path: "chat.parse", call: MISTRAL_CHAT },
      { type: "mistral.client", path: "fim.complete", call: MISTRAL_FIM },
      { type: "mistral.client", path: "agents.complete", call: { api: "chat", messages: ["0.messages"], maxTokens: ["0.maxTokens"] } },
      { type: "mistral.client", path: "embeddings.create", call: EMBED() },
      { type: "mistral.legacy", path: "chat", call: MISTRAL_CHAT },
      { type: "mistral.legacy", path: "chatStream", call: MISTRAL_CHAT },
      { type: "mistral.legacy", path: "embeddings", call: EMBED() },
    ],
    keyOptions: ["0.apiKey", "0"],
  },
  {
    id: "cohere",
    provider: "Cohere",
    packages: ["cohere-ai"],
    entries: [
      { export: "CohereClient", how: "new", type: "cohere.client" },
      { export: "CohereClientV2", how: "new", type: "cohere.client" },
    ],
    members: [
      { type: "cohere.client", path: "chat", call: { api: "chat", model: ["0.model"], messages: ["0.messages", "0.message"], system: ["0.preamble"], maxTokens: ["0.maxTokens"] } },
      { type: "cohere.client", path: "chatStream", call: { api: "chat", model: ["0.model"], messages: ["0.messages", "0.message"], system: ["0.preamble"], maxTokens: ["0.maxTokens"] } },
      { type: "cohere.client", path: "generate", call: { api: "completion", model: ["0.model"], prompt: ["0.prompt"], maxTokens: ["0.maxTokens"] } },
      { type: "cohere.client", path: "embed", call: EMBED() },
      { type: "cohere.client", path: "rerank", call: { api: "rerank", model: ["0.model"] } },
    ],
    keyOptions: ["0.token"],
  },
  {
    id: "replicate",
    provider: "Replicate",
    packages: ["replicate"],
    entries: [
      { export: "default", how: "new", type: "replicate.client" },
      { export: "Replicate", how: "new", type: "replicate.client" },
    ],
    members: [
      { type: "replicate.client", path: "run", call: { api: "other", model: ["0"], prompt: ["1.input.prompt"], system: ["1.input.system_prompt"], media: REPLICATE_MEDIA.map((f) => `1.input.${f}`), maxTokens: ["1.input.max_tokens", "1.input.max_new_tokens"] } },
      { type: "replicate.client", path: "stream", call: { api: "other", model: ["0"], prompt: ["1.input.prompt"], system: ["1.input.system_prompt"], media: REPLICATE_MEDIA.map((f) => `1.input.${f}`), maxTokens: ["1.input.max_tokens", "1.input.max_new_tokens"] } },
      { type: "replicate.client", path: "predictions.create", call: { api: "other", model: ["0.model", "0.version"], prompt: ["0.input.prompt"], media: REPLICATE_MEDIA.map((f) => `0.input.${f}`) } },
    ],
    keyOptions: ["0.auth"],
  },
  {
    id: "huggingface",
    provider: "Hugging Face",
    packages: ["@huggingface/inference"],
    entries: [
      { export: "HfInference", how: "new", type: "hf.client" },
      { export: "InferenceClient", how: "new", type: "hf.client" },
      ...["chatCompletion", "chatCompletionStream"].map((name) => ({ export: name, how: "call" as const, call: HF_CHAT })),
      ...["textGeneration", "textGenerationStream"].map((name) => ({ export: name, how: "call" as const, call: HF_TEXT_GENERATION })),
    ],
    members: [
      ...["chatCompletion", "chatCompletionStream"].map((path) => ({ type: "hf.client", path, call: HF_CHAT })),
      ...["textGeneration", "textGenerationStream"].map((path) => ({ type: "hf.client", path, call: HF_TEXT_GENERATION })),
      // Task APIs bound their output their own way (summarization's `max_length`…).
      ...["summarization", "translation", "questionAnswering", "conversational"].map((path) => ({ type: "hf.client", path, call: HF_TASK })),
      ...["featureExtraction", "sentenceSimilarity"].map((path) => ({ type: "hf.client", path, call: EMBED() })),
      ...["textToImage", "imageToText", "imageToImage"].map((path) => ({ type: "hf.client", path, call: { api: "image" as const, model: ["0.model"], prompt: ["0.inputs"] } })),
      ...["automaticSpeechRecognition", "textToSpeech"].map((path) => ({ type: "hf.client", path, call: { api: "audio" as const, model: ["0.model"] } })),
    ],
    keyOptions: ["0"],
  },
  {
    id: "together",
    provider: "Together AI",
    packages: ["together-ai"],
    entries: [
      { export: "default", how: "new", type: "together.client" },
      { export: "Together", how: "new", type: "together.client" },
    ],
    members: [...openAiStyleMembers("together.client"), { type: "together.client", path: "images.create", call: { api: "image", model: ["0.model"], prompt: ["0.prompt"] } }],
    keyOptions: ["0.apiKey"],
  },
  {
    id: "aws-bedrock",
    provider: "AWS Bedrock",
    packages: ["@aws-sdk/client-bedrock-runtime"],
    entries: [{ export: "BedrockRuntimeClient", how: "new", type: "bedrock.client" }],
    members: [
      {
        type: "bedrock.client",
        path: "send",
        whenArgIsNew: ["InvokeModelCommand", "InvokeModelWithResponseStreamCommand", "ConverseCommand", "ConverseStreamCommand"],
        call: { api: "chat", model: ["0.0.modelId"], messages: ["0.0.messages", "0.0.body"], system: ["0.0.system"], maxTokens: ["0.0.inferenceConfig.maxTokens"], opaquePayload: ["0.0.body"] },
      },
    ],
    keyOptions: ["0.credentials"],
  },
  {
    id: "azure-openai-legacy",
    provider: "Azure OpenAI",
    packages: ["@azure/openai"],
    entries: [{ export: "OpenAIClient", how: "new", type: "azure.client" }],
    members: [
      { type: "azure.client", path: "getChatCompletions", call: { api: "chat", model: ["0"], messages: ["1"], maxTokens: ["2.maxTokens"] } },
      { type: "azure.client", path: "streamChatCompletions", call: { api: "chat", model: ["0"], messages: ["1"], maxTokens: ["2.maxTokens"] } },
      { type: "azure.client", path: "getCompletions", call: { api: "completion", model: ["0"], prompt: ["1"], maxTokens: ["2.maxTokens"] } },
      { type: "azure.client", path: "getEmbeddings", call: EMBED(["0"]) },
    ],
    keyOptions: ["1"],
  },
  {
    id: "ollama",
    provider: "Ollama (local)",
    packages: ["ollama", "ollama/browser"],
    entries: [
      { export: "default", how: "value", type: "ollama.client" },
      { export: "Ollama", how: "new", type: "ollama.client" },
    ],
    members: ["chat", "generate", "embed", "embeddings"].map((path) => ({
      type: "ollama.client",
      path,
      call: { api: path.startsWith("embed") ? ("embedding" as const) : ("chat" as const), model: ["0.model"], messages: ["0.messages"], prompt: ["0.prompt"], system: ["0.system"], maxTokens: ["0.options.num_predict"] },
    })),
  },
];
