/**
 * secretlint (core + recommended preset), in process, on the files that contain a
 * candidate literal. Its own messages quote the secret, so only the rule name and the
 * position are kept.
 */
import { SECRETLINT_PREFILTER, SECRETLINT_URL_CREDENTIALS } from "../knowledge/provider-keys.js";
import type { FileFacts } from "./file-facts.js";

export interface SecretlintHit {
  file: FileFacts;
  start: number;
  end: number;
  /** What kind of secret, e.g. "an AWS secret access key". */
  label: string;
}

const PREFILTER = new RegExp(SECRETLINT_PREFILTER.join("|"));
const URL_CREDENTIALS = new RegExp(SECRETLINT_URL_CREDENTIALS);

// `@secretlint/secretlint-rule-aws` + messageId → readable label.
const LABELS: Record<string, string> = {
  aws: "An AWS credential",
  gcp: "A Google Cloud service-account key",
  privatekey: "A private key",
  github: "A GitHub token",
  slack: "A Slack token or webhook",
  npm: "An npm token",
  sendgrid: "A SendGrid API key",
  shopify: "A Shopify token",
  openai: "An OpenAI API key",
  anthropic: "An Anthropic API key",
  basicauth: "A password in a URL",
  "database-connection-string": "A database password in a connection string",
  linear: "A Linear API key",
  "1password": "A 1Password service-account token",
  cloudflare: "A Cloudflare API token",
  databricks: "A Databricks token",
  docker: "A Docker Hub token",
  figma: "A Figma token",
  gitlab: "A GitLab token",
  grafana: "A Grafana token",
  groq: "A Groq API key",
  "hashicorp-vault": "A HashiCorp Vault token",
  huggingface: "A Hugging Face token",
  notion: "A Notion token",
  stripe: "A Stripe secret key",
  tailscale: "A Tailscale key",
  vercel: "A Vercel token",
};

type LintSource = typeof import("@secretlint/core").lintSource;
let engine: Promise<{ lintSource: LintSource; config: Parameters<LintSource>[0]["options"]["config"] }> | undefined;

function loadEngine() {
  engine ??= (async () => {
    const [{ lintSource }, { creator }] = await Promise.all([import("@secretlint/core"), import("@secretlint/secretlint-rule-preset-recommend")]);
    return { lintSource, config: { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: creator }] } };
  })();
  return engine;
}

export async function runSecretlint(files: readonly FileFacts[]): Promise<SecretlintHit[]> {
  const candidates = files.filter((f) => PREFILTER.test(f.text) || (f.text.includes("://") && URL_CREDENTIALS.test(f.text)));
  if (candidates.length === 0) return [];
  const { lintSource, config } = await loadEngine();
  const hits: SecretlintHit[] = [];
  for (const file of candidates) {
    const result = await lintSource({
      source: { content: file.text, filePath: file.absPath, ext: extOf(file.relPath), contentType: "text" },
      options: { config, maskSecrets: true },
    });
    for (const message of result.messages) {
      if (message.type !== "message") continue;
      const short = message.ruleId.replace(/^@secretlint\/secretlint-rule-/, "");
      hits.push({ file, start: message.range[0], end: message.range[1], label: LABELS[short] ?? `A secret (${short})` });
      // Every snippet of this file (any rule's) must mask what secretlint found.
      file.markSecret(message.range[0], message.range[1]);
    }
  }
  return hits;
}

function extOf(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot > path.lastIndexOf("/") ? path.slice(dot) : "";
}
