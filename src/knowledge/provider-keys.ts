/**
 * Shapes of LLM provider credentials, as data.
 *
 * Each entry is one key format. To teach aigis a new provider, add an entry here:
 * the engine, the AK-1 rule, redaction and the benchmark floor all read this table.
 *
 * - `keywords`: cheap, case-insensitive literals; the pattern only runs on text that
 *   contains one of them (the gitleaks idea: most files mention no key at all).
 * - `pattern`: the key itself (no flags: the engine adds them). Boundaries are added by
 *   the engine, so a shape never matches inside a longer token or a base64 run.
 * - `context`: for shapes that are not unique (a bare 32-character token), a regex
 *   that must match the same line, e.g. the provider's name in the variable.
 * - `notNear`: text within ~300 characters that means "not a secret here"
 *   (Firebase web config holds public `AIza…` keys by design).
 * - `visiblePrefix`: how much of a match may be shown after redaction: only the public
 *   prefix that names the format, never key material.
 */
export interface ProviderKeyShape {
  id: string;
  provider: string;
  /** Human label of the format, shown in messages. */
  label: string;
  keywords: readonly string[];
  pattern: string;
  context?: string;
  notNear?: string;
  visiblePrefix: number;
  /** Minimum Shannon entropy (bits/char) of the part after the prefix. */
  minEntropy?: number;
  /** True when the format belongs to an LLM / AI provider (AK-1 "provider key"). */
  ai: boolean;
}

export const PROVIDER_KEY_SHAPES: readonly ProviderKeyShape[] = [
  // OpenAI
  { id: "openai-project-key", provider: "OpenAI", label: "OpenAI project key", keywords: ["sk-proj-"], pattern: "sk-proj-[A-Za-z0-9_-]{40,}", visiblePrefix: 8, ai: true },
  { id: "openai-service-account-key", provider: "OpenAI", label: "OpenAI service-account key", keywords: ["sk-svcacct-", "sk-none-"], pattern: "sk-(?:svcacct|None)-[A-Za-z0-9_-]{40,}", visiblePrefix: 11, ai: true },
  { id: "openai-admin-key", provider: "OpenAI", label: "OpenAI admin key", keywords: ["sk-admin-"], pattern: "sk-admin-[A-Za-z0-9_-]{40,}", visiblePrefix: 9, ai: true },
  { id: "openai-legacy-key", provider: "OpenAI", label: "OpenAI user key (legacy format)", keywords: ["sk-"], pattern: "sk-[A-Za-z0-9]{48}", visiblePrefix: 3, ai: true },
  // Anthropic
  { id: "anthropic-api-key", provider: "Anthropic", label: "Anthropic API key", keywords: ["sk-ant-api"], pattern: "sk-ant-api\\d{2}-[A-Za-z0-9_-]{80,}", visiblePrefix: 13, ai: true },
  { id: "anthropic-admin-key", provider: "Anthropic", label: "Anthropic admin key", keywords: ["sk-ant-admin"], pattern: "sk-ant-admin\\d{2}-[A-Za-z0-9_-]{80,}", visiblePrefix: 15, ai: true },
  // Google AI Studio / Gemini (same shape as every Google API key)
  {
    id: "google-api-key", provider: "Google", label: "Google API key (the Gemini / AI Studio key format)", keywords: ["aiza"],
    pattern: "AIza[0-9A-Za-z_-]{35}",
    notNear: "firebase|authDomain|messagingSenderId|storageBucket|measurementId|google[_ -]?maps|maps_?api_?key|maps\\.googleapis|places?_?api|places\\.googleapis|x-goog-fieldmask|youtube",
    visiblePrefix: 4, ai: true,
  },
  // Groq, Mistral, Cohere
  { id: "groq-api-key", provider: "Groq", label: "Groq API key", keywords: ["gsk_"], pattern: "gsk_[A-Za-z0-9]{48,56}", visiblePrefix: 4, ai: true },
  { id: "mistral-api-key", provider: "Mistral", label: "Mistral API key", keywords: ["mistral"], pattern: "[A-Za-z0-9]{32}", context: "mistral", visiblePrefix: 0, minEntropy: 4, ai: true },
  { id: "cohere-api-key", provider: "Cohere", label: "Cohere API key", keywords: ["cohere", "co_api_key"], pattern: "[A-Za-z0-9]{40}", context: "cohere|co_api_key", visiblePrefix: 0, minEntropy: 4, ai: true },
  // Hosted inference platforms
  { id: "replicate-api-token", provider: "Replicate", label: "Replicate API token", keywords: ["r8_"], pattern: "r8_[A-Za-z0-9]{37}", visiblePrefix: 3, ai: true },
  { id: "openrouter-api-key", provider: "OpenRouter", label: "OpenRouter API key", keywords: ["sk-or-"], pattern: "sk-or-v1-[a-f0-9]{64}", visiblePrefix: 9, ai: true },
  { id: "xai-api-key", provider: "xAI", label: "xAI (Grok) API key", keywords: ["xai-"], pattern: "xai-[A-Za-z0-9]{70,90}", visiblePrefix: 4, ai: true },
  { id: "deepseek-api-key", provider: "DeepSeek", label: "DeepSeek-style API key (sk- and 32 hex digits)", keywords: ["sk-"], pattern: "sk-[a-f0-9]{32}", visiblePrefix: 3, minEntropy: 3.2, ai: true },
  { id: "perplexity-api-key", provider: "Perplexity", label: "Perplexity API key", keywords: ["pplx-"], pattern: "pplx-[A-Za-z0-9]{40,56}", visiblePrefix: 5, ai: true },
  { id: "together-api-key", provider: "Together AI", label: "Together AI API key", keywords: ["tgp_v1_"], pattern: "tgp_v1_[A-Za-z0-9_-]{40,}", visiblePrefix: 7, ai: true },
  { id: "together-legacy-key", provider: "Together AI", label: "Together AI API key (legacy format)", keywords: ["together"], pattern: "[a-f0-9]{64}", context: "together", visiblePrefix: 0, minEntropy: 3.2, ai: true },
  { id: "fireworks-api-key", provider: "Fireworks AI", label: "Fireworks AI API key", keywords: ["fw_"], pattern: "fw_[A-Za-z0-9]{24,}", visiblePrefix: 3, minEntropy: 3.5, ai: true },
  { id: "huggingface-token", provider: "Hugging Face", label: "Hugging Face access token", keywords: ["hf_"], pattern: "hf_[A-Za-z0-9]{34,40}", visiblePrefix: 3, ai: true },
  { id: "huggingface-org-token", provider: "Hugging Face", label: "Hugging Face organisation token", keywords: ["api_org_"], pattern: "api_org_[A-Za-z0-9]{34}", visiblePrefix: 8, ai: true },
  // Cloud-hosted models
  { id: "azure-openai-key", provider: "Azure OpenAI", label: "Azure OpenAI key", keywords: ["azure"], pattern: "[a-f0-9]{32}|[A-Za-z0-9]{84}", context: "azure", visiblePrefix: 0, minEntropy: 3.2, ai: true },
  { id: "aws-bedrock-api-key", provider: "AWS Bedrock", label: "AWS Bedrock API key", keywords: ["absk", "bedrock-api-key-"], pattern: "(?:ABSK|bedrock-api-key-)[A-Za-z0-9+/]{60,}={0,2}", visiblePrefix: 4, ai: true },
  // LLM tooling
  { id: "langsmith-api-key", provider: "LangSmith", label: "LangSmith API key", keywords: ["lsv2_", "ls__"], pattern: "lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}|ls__[a-f0-9]{32}", visiblePrefix: 5, ai: true },
  { id: "pinecone-api-key", provider: "Pinecone", label: "Pinecone API key", keywords: ["pcsk_"], pattern: "pcsk_[A-Za-z0-9_]{40,}", visiblePrefix: 5, ai: true },
];

/**
 * Files where a value is not found by its name (`apiKey: "…"`), only by its shape: saved
 * web pages, data dumps and logs, whose names and values are someone else's data.
 * JSON is such a file when it is large (a small one is a config).
 */
export const DATA_FILE_EXTENSIONS: readonly string[] = [".html", ".htm", ".xml", ".csv", ".tsv", ".log", ".har", ".svg", ".map", ".jsonl", ".ndjson"];
export const DATA_JSON_MIN_BYTES = 64 * 1024;

/**
 * Values that look like a key slot but are documentation: `sk-xxxx`, `your-api-key`,
 * `<OPENAI_KEY>`, `***`, `sk-proj-abc...`. Checked against the matched token and its
 * immediate surroundings.
 */
export const PLACEHOLDER_MARKERS: readonly string[] = [
  "xxxx", "XXXX", "****", "....", "…", "your", "YOUR", "Your", "example", "EXAMPLE", "placeholder", "PLACEHOLDER",
  "dummy", "DUMMY", "redacted", "REDACTED", "changeme", "CHANGEME", "insert", "INSERT", "replace", "REPLACE",
  "0000000000", "1234567890",
];

/**
 * Words a made-up default secret is written with (`super-secret-key`, `my_jwt_secret`,
 * `mysecretpassword`): an env value of lowercase words only, one of them holding one of
 * these, is a default left to be replaced, not a secret anyone generated.
 */
export const DEFAULT_SECRET_WORDS: readonly string[] = ["secret", "key", "token", "password", "passwd", "pass", "pwd"];

/**
 * Values passed in an SDK's key option that are not keys: what local servers (Ollama,
 * LM Studio, vLLM) and tests are given because the SDK wants a string, compared
 * case-insensitively. Prefixes alone (`sk-`, `sk-proj-`) and env-shaped names
 * (`"OPENAI_API_KEY"`) are placeholders too (see `judgeKeySlotLiteral`).
 */
export const KEY_SLOT_DUMMY_VALUES: readonly string[] = [
  "ollama", "lm-studio", "lmstudio", "empty", "none", "null", "undefined", "not-needed", "not-used", "unused", "no-key", "nokey",
  "sk-no-key-required", "no-key-required", "not-required", "dummy", "fake", "test", "testing", "local", "localhost", "anything", "any",
  "api-key", "apikey", "api_key", "key", "secret", "token", "missing", "required", "todo", "tbd", "n/a", "na",
];

/**
 * Text, one piece of which appears in (nearly) every credential secretlint's recommended
 * preset detects: a literal (case as written), or a literal and the regex it must be part
 * of. secretlint runs only on files that hold one of them; it costs far more per file than
 * a text pass. AI provider formats (OpenAI, Anthropic, Groq, Hugging Face) are left out:
 * the table above finds a superset of what secretlint's rules for them do.
 */
export const SECRETLINT_CANDIDATES: readonly (string | { literal: string; pattern: string })[] = [
  "AKIA", "aws_secret", "AWS_SECRET", "SecretAccessKey", "PRIVATE KEY", "private_key",
  "xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "hooks.slack.com",
  "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "npm_", "_authToken", "SG.",
  "shpat_", "shpca_", "shppa_", "shpss_", "lin_api_", "ops_", "rk_live_", "sk_live_",
  { literal: "dapi", pattern: "dapi[a-f0-9]" }, "dckr_pat_", "figd_", "glsa_", "hvs.",
  { literal: "secret_", pattern: "secret_[A-Za-z0-9]{40}" }, "ntn_", "tskey-", "vercel_", "cloudflare",
];

/** Credentials in a URL (`https://user:pass@host`). */
export const SECRETLINT_URL_CREDENTIALS = "://[^\\s/:@'\"]+:[^\\s/@'\"]+@";

/**
 * Credential formats masked in every snippet, whichever detector found them, or none did
 * (AK-1 switched off, a key in an env file git ignores quoted by another rule's finding):
 * the formats of secretlint's recommended preset and the AWS access key id it leaves out.
 * Redaction only: AK-1 reports these through secretlint. `prefix` is the part that names
 * the format and may show; `secret` is masked. Both are linear: a literal start, bounded
 * classes, no nested quantifiers.
 */
export interface RedactionShape {
  id: string;
  prefix: string;
  secret: string;
}

export const REDACTION_SHAPES: readonly RedactionShape[] = [
  { id: "aws-access-key-id", prefix: "(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)", secret: "[A-Z0-9]{16}" },
  { id: "github-token", prefix: "gh[pousr]_", secret: "[A-Za-z0-9_]{36,255}" },
  { id: "github-fine-grained-token", prefix: "github_pat_", secret: "[A-Za-z0-9_]{22,255}" },
  { id: "slack-token", prefix: "(?:xox[abposr]|xapp)-", secret: "[A-Za-z0-9-]{10,255}" },
  { id: "slack-webhook", prefix: "hooks\\.slack\\.com/services/", secret: "[A-Za-z0-9/]{10,200}" },
  { id: "stripe-key", prefix: "[rs]k_(?:live|test)_", secret: "[A-Za-z0-9]{24,99}" },
  { id: "npm-token", prefix: "npm_", secret: "[A-Za-z0-9_]{36}" },
  { id: "gitlab-token", prefix: "glpat-", secret: "[A-Za-z0-9_-]{20,128}" },
  { id: "sendgrid-key", prefix: "SG\\.", secret: "[\\w-]{16,128}\\.[\\w-]{16,128}" },
  { id: "shopify-token", prefix: "shp(?:pa|ca|at|ss)_", secret: "[A-Za-z0-9]{32,64}" },
  { id: "linear-key", prefix: "lin_api_", secret: "[A-Za-z0-9_]{32,128}" },
  { id: "notion-token", prefix: "ntn_", secret: "[0-9]{11}[A-Za-z0-9]{35}" },
  { id: "vault-token", prefix: "hv[sbr]\\.", secret: "[A-Za-z0-9_-]{90,300}" },
  { id: "vercel-token", prefix: "vc[piark]_", secret: "[A-Za-z0-9]{20,60}" },
  { id: "databricks-token", prefix: "dapi", secret: "[a-f0-9]{32}(?:-[0-9])?" },
  { id: "docker-token", prefix: "dckr_pat_", secret: "[A-Za-z0-9_-]{27}" },
  { id: "figma-token", prefix: "figd_", secret: "[A-Za-z0-9_-]{40,200}" },
  { id: "cloudflare-token", prefix: "(?:cfk|cfut|cfat)_", secret: "[A-Za-z0-9]{48}" },
  { id: "grafana-token", prefix: "gl(?:c|sa)_", secret: "[A-Za-z0-9+/_]{32,400}={0,2}" },
  { id: "1password-token", prefix: "ops_", secret: "ey[A-Za-z0-9+/=]{100,1280}" },
  { id: "tailscale-key", prefix: "tskey-[a-z]{2,20}-", secret: "[0-9A-Za-z_]{8,40}-[0-9A-Za-z_]{16,60}" },
  // A PEM block, header to footer (also inside a JSON string, with `\n` escapes).
  { id: "private-key", prefix: "-----BEGIN[ A-Z]{0,20}PRIVATE KEY(?: BLOCK)?-----", secret: "[A-Za-z0-9+/=\\s\\\\]{16,20000}" },
  // Credentials in a URL: the user name may show, the password never.
  { id: "url-password", prefix: "://[^\\s/:@'\"`]{1,256}:", secret: "[^\\s/@'\"`]{1,256}(?=@)" },
];
