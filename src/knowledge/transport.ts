/**
 * How provider traffic is sent, as data for TR-1 (`insecure-provider-transport`): which
 * options point an AI client at an endpoint, which settings turn certificate checks off,
 * which URL paths are model APIs, and which hosts never leave the machine.
 */

import { TEST_FILES } from "./test-files.js";

/** URL schemes that send everything in clear text. */
export const CLEARTEXT_SCHEMES: readonly string[] = ["http", "ws"];

/**
 * Object properties that hold the endpoint an AI client talks to, in files that use an
 * AI package: the `openai` SDK's `baseURL` (and v3's `basePath`), `createOpenAI({ baseURL })`,
 * LangChain's `configuration: { baseURL }` / `baseUrl` / `anthropicApiUrl`, Ollama's
 * `host`, Azure's `endpoint`, Mistral's `serverURL`, Hugging Face's `endpointUrl`,
 * Google GenAI's `httpOptions: { baseUrl }`.
 */
export const ENDPOINT_OPTIONS: readonly string[] = [
  "baseURL",
  "baseUrl",
  "basePath",
  "apiBase",
  "apiUrl",
  "host",
  "endpoint",
  "endpointUrl",
  "serverURL",
  "serverUrl",
  "anthropicApiUrl",
  "azureOpenAIBasePath",
  "azureOpenAIEndpoint",
];

/**
 * URL paths of model APIs. A plain-HTTP request to one of them is a model call whatever
 * the host (a self-hosted, OpenAI-compatible gateway). `port`: only on that port (Ollama's
 * `/api/chat` is also the name of many apps' own routes).
 */
export interface ModelApiPath {
  /** Matched anywhere in the URL's path. */
  path: string;
  port?: string;
  /**
   * Other APIs use this path too (`/v1/messages` of a chat app): on a host read from an env
   * variable it is a model call only when the variable names an AI provider (`ANTHROPIC_BASE_URL`).
   */
  shared?: boolean;
  api: string;
}

export const MODEL_API_PATHS: readonly ModelApiPath[] = [
  { path: "/chat/completions", api: "OpenAI-compatible chat API" },
  { path: "/v1/completions", api: "OpenAI-compatible completions API" },
  { path: "/v1/embeddings", api: "OpenAI-compatible embeddings API" },
  { path: "/v1/responses", shared: true, api: "OpenAI Responses API" },
  { path: "/v1/messages", shared: true, api: "Anthropic Messages API" },
  { path: "/openai/deployments/", api: "Azure OpenAI API" },
  { path: "/v1beta/models/", api: "Gemini API" },
  { path: ":generateContent", api: "Gemini API" },
  { path: ":streamGenerateContent", api: "Gemini API" },
  { path: "/api/chat", port: "11434", api: "Ollama API" },
  { path: "/api/generate", port: "11434", api: "Ollama API" },
  { path: "/api/embed", port: "11434", api: "Ollama API" },
];

/**
 * Hosts that stay on the machine, beyond the loopback addresses `isLoopbackHost` knows
 * (`localhost`, `127.x.x.x`, `[::1]`, `0.0.0.0`): `*.localhost` names resolve to loopback
 * (RFC 6761), and `host.docker.internal` is the machine a container runs on. A leading
 * "." is a suffix. Other single-label names (`gpu-box`, a compose service `ollama`) are
 * network hosts: traffic to them can be read on the way.
 */
export const LOCAL_HOSTS: readonly string[] = [".localhost", "host.docker.internal"];

/** The value that turns a TLS setting's certificate checks off. */
export type TlsOffValue =
  /** exactly `false` (Node checks `!== false`, so `0` or `"false"` do not count) */
  | "false"
  /** `0` or `"0"` (an environment variable) */
  | "zero"
  /** a function that accepts every certificate: empty body, or returns `undefined`/`null` */
  | "accept-all";

export interface TlsSwitch {
  /** Property, option or environment variable name. */
  name: string;
  off: TlsOffValue;
  /** What it applies to, for the message. */
  scope: string;
}

export const TLS_SWITCHES: readonly TlsSwitch[] = [
  { name: "rejectUnauthorized", off: "false", scope: "the requests made with these options (https/tls agents, undici, axios, got)" },
  { name: "strictSSL", off: "false", scope: "the requests made with these options (request, needle)" },
  { name: "NODE_TLS_REJECT_UNAUTHORIZED", off: "zero", scope: "every HTTPS request the Node process makes, provider calls included" },
  { name: "checkServerIdentity", off: "accept-all", scope: "the connections made with these options (a valid certificate for any host name is accepted)" },
];

/**
 * Option keys whose object configures a connection that is not HTTP: database and broker
 * drivers take their TLS settings under `ssl` (`new Pool({ ssl: { rejectUnauthorized: false } })`
 * in pg, mysql2, TypeORM, Knex, Sequelize's `dialectOptions`, kafkajs). A TLS switch written
 * there reaches no model provider; one anywhere else still counts (HTTP clients take theirs
 * bare, or under `https`, `connect`, an agent or a dispatcher).
 */
export const NON_HTTP_TLS_OPTION_KEYS: readonly string[] = ["ssl"];

/** The environment variable that turns Node's certificate checks off process-wide. */
export const TLS_OFF_ENV_VAR = "NODE_TLS_REJECT_UNAUTHORIZED";

/**
 * Files other than code and env files where `NODE_TLS_REJECT_UNAUTHORIZED=0` is set for the
 * app's process: package.json scripts, Dockerfiles, compose files, Procfiles, shell scripts.
 * Matched against the file's base name.
 */
export const TLS_ENV_SETTING_FILES: readonly RegExp[] = [
  /^package\.json$/,
  /^Dockerfile(\..+)?$|\.Dockerfile$/i,
  /^(docker-)?compose(\..+)?\.ya?ml$/i,
  /^Procfile$/,
  /\.(sh|bash|zsh)$/,
];

/**
 * Env variable names that hold a model endpoint: a name that mentions an AI provider
 * (`OPENAI`, `OLLAMA`, `LLM`…) and ends with one of these words (`OPENAI_BASE_URL`,
 * `OLLAMA_HOST`, `LLM_API_BASE`).
 */
export const ENDPOINT_ENV_SUFFIXES: readonly string[] = ["BASE_URL", "BASEURL", "BASE_PATH", "API_BASE", "API_URL", "API_HOST", "ENDPOINT", "HOST", "URL"];

/**
 * Test code: a TLS or plain-HTTP setting there talks to a local test double, not to a
 * provider in production. Still reported (the setting may be copied), at `info`.
 */
export const TEST_PATHS: readonly string[] = [...TEST_FILES, "**/{test,tests,e2e,cypress,playwright}/**"];
