/**
 * Provider API hosts and the HTTP clients that can reach them, as data. A raw request
 * whose URL resolves to one of these hosts is a model call site.
 */
export interface ProviderHost {
  provider: string;
  /** Exact host, or a suffix starting with "." (`.openai.azure.com`). */
  host: string;
  /** Local model servers: a browser call to them leaks nothing unless a key is sent. */
  local?: boolean;
}

export const PROVIDER_HOSTS: readonly ProviderHost[] = [
  { provider: "OpenAI", host: "api.openai.com" },
  { provider: "Anthropic", host: "api.anthropic.com" },
  { provider: "Google Gemini", host: "generativelanguage.googleapis.com" },
  { provider: "Google Vertex AI", host: "-aiplatform.googleapis.com" },
  { provider: "Google Vertex AI", host: "aiplatform.googleapis.com" },
  { provider: "Groq", host: "api.groq.com" },
  { provider: "Mistral", host: "api.mistral.ai" },
  { provider: "Cohere", host: "api.cohere.ai" },
  { provider: "Cohere", host: "api.cohere.com" },
  { provider: "OpenRouter", host: "openrouter.ai" },
  { provider: "Together AI", host: "api.together.xyz" },
  { provider: "Together AI", host: "api.together.ai" },
  { provider: "DeepSeek", host: "api.deepseek.com" },
  { provider: "xAI", host: "api.x.ai" },
  { provider: "Perplexity", host: "api.perplexity.ai" },
  { provider: "Replicate", host: "api.replicate.com" },
  { provider: "Hugging Face", host: "api-inference.huggingface.co" },
  { provider: "Hugging Face", host: "router.huggingface.co" },
  { provider: "Hugging Face", host: ".endpoints.huggingface.cloud" },
  { provider: "Fireworks AI", host: "api.fireworks.ai" },
  { provider: "Azure OpenAI", host: ".openai.azure.com" },
  { provider: "Azure AI", host: ".services.ai.azure.com" },
  { provider: "Azure AI", host: ".cognitiveservices.azure.com" },
  { provider: "AWS Bedrock", host: ".amazonaws.com", },
  { provider: "Cloudflare Workers AI", host: "gateway.ai.cloudflare.com" },
  { provider: "Vercel AI Gateway", host: "ai-gateway.vercel.sh" },
  { provider: "Ollama (local)", host: "localhost:11434", local: true },
  { provider: "Ollama (local)", host: "127.0.0.1:11434", local: true },
];

/**
 * Provider endpoints that generate nothing: model catalogues (`/v1/models`,
 * `/v1/models/gpt-4o`, Replicate's `/v1/models/<owner>/<name>/versions/<id>`), token counts
 * (`/v1/messages/count_tokens`, Gemini `models/x:countTokens`). A request to one is still a
 * call site (it carries the key) but does not make a route an AI route, and its answer is no
 * model output. Matched on the URL path's last segment, the segment before it
 * (`models/<id>` with no `:action`), or a Gemini-style `:action`.
 */
export const NON_SPENDING_ENDPOINTS = {
  lastSegments: ["models", "versions", "count_tokens", "counttokens", "tokenize", "detokenize", "health", "healthz"],
  listedBy: ["models", "versions"],
  actions: ["countTokens", "computeTokens"],
} as const;

/** Bedrock's runtime hosts are `bedrock-runtime.<region>.amazonaws.com`; other AWS hosts are not models. */
export const HOST_MUST_CONTAIN: Readonly<Record<string, string>> = { ".amazonaws.com": "bedrock" };

/**
 * HTTP clients, as call shapes: which callee sends a request and where its URL is.
 * `callee` is a global or an import (`package:export`), then a member path.
 */
export interface HttpClientShape {
  /** `fetch`, `axios`, `axios.post`, `ky.post`, `$fetch`… (global names, or imports of `package`). */
  callee: string;
  package?: string;
  /** Argument path of the URL (`0`, or `0.url` for `axios({ url })`). */
  url: readonly string[];
  /** Argument path of the headers, to see whether a key is sent. */
  headers?: readonly string[];
  /** Argument paths of the request body (an object, or `JSON.stringify` of one), to read its options. */
  body?: readonly string[];
  /** `axios.create({ baseURL })`: returns a client whose requests are relative to this option. */
  createsClientWithBase?: string;
  /** The URL argument is a shell command line (`exec("curl https://api.openai.com/…")`): its first http(s) URL is the request's. */
  urlInCommand?: true;
}

const METHODS = ["get", "post", "put", "patch", "delete", "request", "head"];
/** `axios.post(url, data)`: the second argument is the body. */
const AXIOS_DATA_METHODS = ["post", "put", "patch"];

export const HTTP_CLIENTS: readonly HttpClientShape[] = [
  { callee: "fetch", url: ["0", "0.url"], headers: ["1.headers"], body: ["1.body"] },
  { callee: "window.fetch", url: ["0"], headers: ["1.headers"], body: ["1.body"] },
  { callee: "globalThis.fetch", url: ["0"], headers: ["1.headers"], body: ["1.body"] },
  { callee: "$fetch", url: ["0"], headers: ["1.headers"], body: ["1.body"] },
  { callee: "useFetch", url: ["0"], headers: ["1.headers"], body: ["1.body"] },
  { callee: "default", package: "node-fetch", url: ["0"], headers: ["1.headers"], body: ["1.body"] },
  { callee: "fetch", package: "undici", url: ["0"], headers: ["1.headers"], body: ["1.body"] },
  { callee: "request", package: "undici", url: ["0"], headers: ["1.headers"], body: ["1.body"] },
  { callee: "ofetch", package: "ofetch", url: ["0"], headers: ["1.headers"], body: ["1.body"] },
  { callee: "default", package: "axios", url: ["0.url", "0"], headers: ["0.headers", "1.headers"], body: ["0.data"] },
  ...METHODS.map((m) => ({ callee: `default.${m}`, package: "axios", url: ["0"], headers: [m === "get" || m === "delete" || m === "head" ? "1.headers" : "2.headers", "1.headers"], ...(AXIOS_DATA_METHODS.includes(m) ? { body: ["1"] } : {}) })),
  { callee: "default.create", package: "axios", url: [], headers: ["0.headers"], createsClientWithBase: "0.baseURL" },
  { callee: "default", package: "ky", url: ["0"], headers: ["1.headers"], body: ["1.json", "1.body"] },
  // `ky.create({ prefixUrl })`, `got.extend({ prefixUrl })`: instances whose requests are relative to it, like axios's.
  ...["default.create", "default.extend"].map((callee) => ({ callee, package: "ky", url: [], headers: ["0.headers"], createsClientWithBase: "0.prefixUrl" })),
  { callee: "default.extend", package: "got", url: [], headers: ["0.headers"], createsClientWithBase: "0.prefixUrl" },
  ...METHODS.map((m) => ({ callee: `default.${m}`, package: "ky", url: ["0"], headers: ["1.headers"], body: ["1.json", "1.body"] })),
  { callee: "default", package: "got", url: ["0"], headers: ["1.headers"], body: ["1.json", "1.body"] },
  ...METHODS.map((m) => ({ callee: `default.${m}`, package: "got", url: ["0"], headers: ["1.headers"], body: ["1.json", "1.body"] })),
  // needle("post", url, data, options); needle.post(url, data, options); needle.request(method, url, data, options).
  { callee: "default", package: "needle", url: ["1"], headers: ["3.headers"], body: ["2"] },
  { callee: "default.request", package: "needle", url: ["1"], headers: ["3.headers"], body: ["2"] },
  ...METHODS.filter((m) => m !== "request").map((m) => ({ callee: `default.${m}`, package: "needle", url: ["0"], headers: [m === "get" || m === "head" ? "1.headers" : "2.headers"], ...(AXIOS_DATA_METHODS.includes(m) ? { body: ["1"] } : {}) })),
  // superagent.post(url).set(…).send(body); superagent("POST", url). The body is sent by a later link.
  { callee: "default", package: "superagent", url: ["1", "0"] },
  ...METHODS.map((m) => ({ callee: `default.${m}`, package: "superagent", url: ["0"] })),
  // request({ url, method }); request.post(url | { url }, callback); the promise wrappers take the same.
  ...["request", "request-promise", "request-promise-native"].flatMap((pkg) => [
    { callee: "default", package: pkg, url: ["0", "0.url", "0.uri"], headers: ["0.headers", "1.headers"], body: ["0.json", "0.body", "1.json", "1.body"] },
    ...METHODS.map((m) => ({ callee: `default.${m}`, package: pkg, url: ["0", "0.url", "0.uri"], headers: ["0.headers", "1.headers"], body: ["0.json", "0.body", "1.json", "1.body"] })),
  ]),
  // `exec("curl https://api.openai.com/v1/chat/completions …")`: a request when the command names a provider URL.
  ...["child_process", "node:child_process"].flatMap((pkg) => ["exec", "execSync", "default.exec", "default.execSync"].map((fn) => ({ callee: fn, package: pkg, url: ["0"], urlInCommand: true as const }))),
];

/** The packages of those clients (a file importing one may send a request itself). */
export const HTTP_CLIENT_PACKAGES: ReadonlySet<string> = new Set(HTTP_CLIENTS.flatMap((c) => (c.package ? [c.package] : [])));

/** curl options whose value is the request body (`curl … -d '${data}'`): where a command's data is read. */
export const COMMAND_DATA_FLAGS: readonly string[] = ["-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json"];

/** Header names that carry a provider credential. */
/**
 * Global constructors that open a connection to a URL (`new WebSocket("wss://api.openai.com/v1/realtime")`):
 * a provider host there is a model session, like a request. Only the global (a local or
 * imported name of the same spelling is something else).
 */
export const SOCKET_CONSTRUCTORS: readonly HttpClientShape[] = [{ callee: "WebSocket", url: ["0"] }];

export const CREDENTIAL_HEADERS: readonly string[] = ["authorization", "x-api-key", "api-key", "x-goog-api-key", "anthropic-api-key"];
