/**
 * Redaction, proven: keys of every shape the detectors know (the provider-key table and
 * the formats of secretlint's preset), planted in every kind of file aigis reads, never
 * show in any output format past their public prefix: no 8-character window of the
 * secret part appears in the text, JSON, SARIF or GitHub-annotation report (messages,
 * snippets, notes and warnings included).
 *
 * The regression this guards: secretlint's AWS rule reports a range that starts at the
 * key's *name* and is as long as the value, and the range was masked as is, so the tail
 * of every AWS secret access key was printed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_RULES } from "../../rules/index.js";
import { scan, type ScanResult } from "../../src/engine/scan.js";
import { FileFacts } from "../../src/facts/file-facts.js";
import { redactedSnippet } from "../../src/engine/finding.js";
import { PROVIDER_KEY_SHAPES, REDACTION_SHAPES } from "../../src/knowledge/provider-keys.js";
import { formatGithub } from "../../src/report/github.js";
import { formatJson } from "../../src/report/json.js";
import { formatSarif } from "../../src/report/sarif.js";
import { formatTerminal } from "../../src/report/terminal.js";
import { mulberry32 } from "../helpers/cli.js";

const WINDOW = 8;
const AK1 = "hardcoded-provider-key";

// ---------------------------------------------------------------------------------------
// Seeded bodies: random-looking, never a placeholder word or a sequential run (which the
// scanner rightly treats as documentation).

const random = mulberry32(20_251_204);
const FORBIDDEN = /example|test|your|xxxx|dummy|fake|sample|placeholder|redact|changeme|insert|replace|key|secret|token|0000|1234|abcd|live/i;
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";
const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const DIGITS = "0123456789";
const BASE64 = `${ALNUM}+/`;

function body(alphabet: string, length: number): string {
  for (;;) {
    let s = "";
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
    if (!FORBIDDEN.test(s) && !hasRun(s) && (alphabet !== ALNUM || (/[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s)))) return s;
  }
}
function hasRun(s: string): boolean {
  for (let i = 2; i < s.length; i++) {
    const a = s.charCodeAt(i - 2);
    const b = s.charCodeAt(i - 1);
    const c = s.charCodeAt(i);
    if ((b - a === 1 && c - b === 1) || (a === b && b === c) || (a - b === 1 && b - c === 1)) return true;
  }
  return false;
}

interface Planted {
  id: string;
  /** The variable / env name it is planted under (names a provider where the shape needs context). */
  name: string;
  value: string;
  /** What may show: the format's public prefix. */
  prefix: string;
  /** A PEM block: its value spans lines. */
  multiline?: boolean;
}

function planted(id: string, name: string, prefix: string, secret: string, extra: Partial<Planted> = {}): Planted {
  return { id, name, value: prefix + secret, prefix, ...extra };
}

const PEM_BODY = `MIIE${body(BASE64, 60)}\n${body(BASE64, 64)}\n${body(BASE64, 64)}\n${body(BASE64, 40)}==`;
const PEM = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----`;

/** A 1Password service-account token is base64 JSON (`{…}` → `ey…fQ==`); secretlint decodes it. */
function onePasswordBody(): string {
  let json = `{"email":"svc@1passwordserviceaccounts.lcl","secretKey":"${body(ALNUM, 60)}"}`;
  while (json.length % 3 !== 1) json = json.replace('"email"', ' "email"');
  return Buffer.from(json).toString("base64");
}

/** One key per format, keyed by the provider table's shape ids and secretlint's formats. */
const KEYS: readonly Planted[] = [
  // The provider-key table (every shape id must appear: see the first test).
  planted("openai-project-key", "OPENAI_API_KEY", "sk-proj-", body(ALNUM, 100)),
  planted("openai-service-account-key", "OPENAI_SVC_KEY", "sk-svcacct-", body(ALNUM, 60)),
  planted("openai-admin-key", "OPENAI_ADMIN_KEY", "sk-admin-", body(ALNUM, 60)),
  planted("openai-legacy-key", "OPENAI_LEGACY_KEY", "sk-", body(ALNUM, 48)),
  planted("anthropic-api-key", "ANTHROPIC_API_KEY", "sk-ant-api03-", `${body(ALNUM, 93)}AA`),
  planted("anthropic-admin-key", "ANTHROPIC_ADMIN_KEY", "sk-ant-admin01-", body(ALNUM, 93)),
  planted("google-api-key", "GEMINI_API_KEY", "AIza", body(ALNUM, 35)),
  planted("groq-api-key", "GROQ_API_KEY", "gsk_", body(ALNUM, 52)),
  planted("mistral-api-key", "MISTRAL_API_KEY", "", body(ALNUM, 32)),
  planted("cohere-api-key", "COHERE_API_KEY", "", body(ALNUM, 40)),
  planted("replicate-api-token", "REPLICATE_API_TOKEN", "r8_", body(ALNUM, 37)),
  planted("openrouter-api-key", "OPENROUTER_API_KEY", "sk-or-v1-", body(HEX, 64)),
  planted("xai-api-key", "XAI_API_KEY", "xai-", body(ALNUM, 80)),
  planted("deepseek-api-key", "DEEPSEEK_API_KEY", "sk-", body(HEX, 32)),
  planted("perplexity-api-key", "PERPLEXITY_API_KEY", "pplx-", body(ALNUM, 48)),
  planted("together-api-key", "TOGETHER_API_KEY", "tgp_v1_", body(ALNUM, 48)),
  planted("together-legacy-key", "TOGETHER_LEGACY_KEY", "", body(HEX, 64)),
  planted("fireworks-api-key", "FIREWORKS_API_KEY", "fw_", body(ALNUM, 30)),
  planted("huggingface-token", "HF_TOKEN", "hf_", body(ALNUM, 36)),
  planted("huggingface-org-token", "HF_ORG_TOKEN", "api_org_", body(ALNUM, 34)),
  planted("azure-openai-key", "AZURE_OPENAI_API_KEY", "", body(HEX, 32)),
  planted("aws-bedrock-api-key", "AWS_BEARER_TOKEN_BEDROCK", "ABSK", body(BASE64, 80)),
  planted("langsmith-api-key", "LANGSMITH_API_KEY", "lsv2_pt_", `${body(HEX, 32)}_${body(HEX, 10)}`),
  planted("pinecone-api-key", "PINECONE_API_KEY", "pcsk_", body(ALNUM, 60)),
  planted("named-ai-secret", "ANTHROPIC_KEY", "", body(ALNUM, 44)),
  // secretlint's preset (and the AWS id it leaves to redaction).
  planted("aws-access-key-id", "AWS_ACCESS_KEY_ID", "AKIA", body(UPPER_DIGITS, 16)),
  planted("aws-secret-access-key", "AWS_SECRET_ACCESS_KEY", "", body(BASE64, 40)),
  planted("github-token", "GITHUB_TOKEN", "ghp_", body(ALNUM, 36)),
  planted("github-fine-grained-token", "GH_PAT", "github_pat_", `${body(ALNUM, 22)}_${body(ALNUM, 59)}`),
  planted("slack-token", "SLACK_BOT_TOKEN", "xoxb-", `${body(DIGITS, 12)}-${body(DIGITS, 13)}-${body(ALNUM, 24)}`),
  planted("slack-webhook", "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/", `T${body(ALNUM, 10)}/B${body(ALNUM, 10)}/${body(ALNUM, 24)}`),
  planted("stripe-key", "STRIPE_SECRET_KEY", "sk_live_", body(ALNUM, 40)),
  planted("npm-token", "NPM_TOKEN", "npm_", body(ALNUM, 36)),
  planted("sendgrid-key", "SENDGRID_API_KEY", "SG.", `${body(ALNUM, 22)}.${body(ALNUM, 43)}`),
  planted("shopify-token", "SHOPIFY_ACCESS_TOKEN", "shpat_", body(HEX, 32)),
  planted("linear-key", "LINEAR_API_KEY", "lin_api_", body(ALNUM, 40)),
  planted("gitlab-token", "GITLAB_TOKEN", "glpat-", body(ALNUM, 20)),
  planted("databricks-token", "DATABRICKS_TOKEN", "dapi", body(HEX, 32)),
  planted("docker-token", "DOCKER_PAT", "dckr_pat_", body(ALNUM, 27)),
  planted("figma-token", "FIGMA_TOKEN", "figd_", body(ALNUM, 40)),
  planted("grafana-token", "GRAFANA_TOKEN", "glsa_", `${body(ALNUM, 32)}_${body(HEX, 8)}`),
  planted("vault-token", "VAULT_TOKEN", "hvs.", body(ALNUM, 95)),
  planted("notion-token", "NOTION_TOKEN", "ntn_", `${body(DIGITS, 11)}${body(ALNUM, 35)}`),
  planted("tailscale-key", "TS_AUTHKEY", "tskey-auth-", `${body(ALNUM, 12)}-${body(ALNUM, 30)}`),
  planted("vercel-token", "VERCEL_TOKEN", "vcp_", body(ALNUM, 40)),
  planted("1password-token", "OP_SERVICE_ACCOUNT_TOKEN", "ops_", onePasswordBody()),
  planted("cloudflare-token", "CLOUDFLARE_API_TOKEN", "cfut_", `${body(ALNUM, 40)}${body(HEX, 8)}`),
  planted("url-password", "PROXY_URL", "https://deploy:", `${body(ALNUM, 20)}@proxy.internal.net`),
  planted("database-password", "DATABASE_URL", "postgres://app:", `${body(ALNUM, 20)}@db.internal.net:5432/app`),
  planted("private-key", "SERVICE_PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----", PEM.slice("-----BEGIN PRIVATE KEY-----".length), { multiline: true }),
];

/** The part that must never show: for a URL, the password (the host after `@` is not secret). */
function secretOf(k: Planted): string[] {
  const secret = k.value.slice(k.prefix.length);
  if (k.id === "url-password" || k.id === "database-password") return [secret.slice(0, secret.indexOf("@"))];
  if (k.multiline) return PEM_BODY.split("\n");
  return [secret];
}

// ---------------------------------------------------------------------------------------
// The file kinds, each in its own idiom.

const camel = (name: string) => name.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const escaped = (value: string) => value.replace(/\n/g, "\\n");
// `AWS_SECRET_ACCESS_KEY` is what secretlint's AWS rule looks for; `secretAccessKey` too.
const codeName = (k: Planted) => (k.id === "aws-secret-access-key" ? "secretAccessKey" : camel(k.name));

const KINDS: Record<string, (keys: readonly Planted[]) => string> = {
  "src/config.ts": (keys) =>
    [
      'import OpenAI from "openai";',
      ...keys.map((k) => (k.multiline ? `export const ${codeName(k)} = \`${k.value}\`;` : `export const ${codeName(k)} = "${k.value}";`)),
      // The issue's shape: an AWS credentials object, id and secret side by side.
      `export const aws = { accessKeyId: "${byId("aws-access-key-id").value}", secretAccessKey: "${byId("aws-secret-access-key").value}" };`,
      `export const openai = new OpenAI({ apiKey: "${byId("openai-project-key").value}", dangerouslyAllowBrowser: true });`,
    ].join("\n"),
  "scripts/setup.js": (keys) => keys.map((k) => `module.exports.${codeName(k)} = '${escaped(k.value)}';`).join("\n"),
  ".env.production": (keys) => keys.map((k) => `${k.name}=${k.multiline ? `"${escaped(k.value)}"` : k.value}`).join("\n"),
  "config/settings.json": (keys) => `{\n${keys.map((k) => `  "${codeName(k)}": "${escaped(k.value)}"`).join(",\n")}\n}`,
  "config/minified.json": (keys) => JSON.stringify(Object.fromEntries(keys.map((k) => [codeName(k), k.value]))),
  "deploy/values.yaml": (keys) =>
    keys.map((k) => (k.multiline ? `${k.name.toLowerCase()}: |\n${k.value.split("\n").map((l) => `  ${l}`).join("\n")}` : `${k.name.toLowerCase()}: ${k.value}`)).join("\n"),
  "docs/SETUP.md": (keys) =>
    ["# Setup", "", "```bash", ...keys.map((k) => `export ${k.name}="${escaped(k.value)}"`), "```", "", ...keys.filter((k) => !k.multiline).map((k) => `Set \`${k.name}\` to ${k.value} before you start.`)].join("\n"),
  "notebooks/explore.ipynb": (keys) =>
    JSON.stringify({ cells: [{ cell_type: "code", metadata: {}, source: keys.map((k) => `${k.name} = "${escaped(k.value)}"\n`) }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1),
  "src/components/Chat.vue": (keys) =>
    ['<script setup lang="ts">', 'import OpenAI from "openai";', ...keys.map((k) => `const ${codeName(k)} = "${escaped(k.value)}";`), `const client = new OpenAI({ apiKey: "${byId("openai-project-key").value}", dangerouslyAllowBrowser: true });`, "</script>", "<template><div /></template>"].join("\n"),
  "src/routes/+page.svelte": (keys) => ["<script>", ...keys.map((k) => `  const ${codeName(k)} = "${escaped(k.value)}";`), "</script>", "<h1>chat</h1>"].join("\n"),
};

function byId(id: string): Planted {
  const k = KEYS.find((x) => x.id === id);
  if (!k) throw new Error(`no planted key ${id}`);
  return k;
}

// ---------------------------------------------------------------------------------------

const base = mkdtempSync(join(tmpdir(), "aigis-redaction-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let result: ScanResult;
let outputs: Array<[string, string]>;

function leaks(text: string): string[] {
  const found: string[] = [];
  for (const k of KEYS) {
    for (const secret of secretOf(k)) {
      for (let i = 0; i + WINDOW <= secret.length; i++) {
        const window = secret.slice(i, i + WINDOW);
        if (text.includes(window)) found.push(`${k.id}: ${window}`);
      }
    }
  }
  return found;
}

beforeAll(async () => {
  for (const [rel, make] of Object.entries(KINDS)) {
    mkdirSync(dirname(join(base, rel)), { recursive: true });
    writeFileSync(join(base, rel), `${make(KEYS)}\n`);
  }
  // A GCP service-account key is a file of its own.
  writeFileSync(join(base, "config/gcp-service-account.json"), JSON.stringify({ type: "service_account", project_id: "app", private_key_id: body(HEX, 40), private_key: `${PEM}\n`, client_email: "svc@app.iam.gserviceaccount.com" }, null, 2));
  writeFileSync(join(base, "package.json"), JSON.stringify({ name: "app", dependencies: { openai: "^4", vue: "^3", svelte: "^5" } }));
  result = await scan({ target: base });
  // Fingerprints are hex hashes: taken out, so that a hex secret cannot match one by chance.
  const withoutFingerprints = (text: string) => result.findings.reduce((t, f) => t.split(f.fingerprint).join(""), text);
  outputs = [
    ["text", formatTerminal(result, { color: false })],
    ["json", formatJson(result)],
    ["sarif", formatSarif(result, ALL_RULES)],
    ["github", formatGithub(result)],
  ].map(([name, text]) => [name!, withoutFingerprints(text!)] as [string, string]);
}, 120_000);

describe("redaction: every key shape, every file kind, every output format", () => {
  it("plants every shape of the provider-key table and every format redaction knows (so the test grows with the table)", () => {
    const ids = new Set(KEYS.map((k) => k.id));
    expect(PROVIDER_KEY_SHAPES.map((s) => s.id).filter((id) => !ids.has(id))).toEqual([]);
    expect(REDACTION_SHAPES.map((s) => s.id).filter((id) => !ids.has(id))).toEqual([]);
  });

  it("finds the planted keys (so the check below is not vacuous): each key in the code file and the committed env file", () => {
    const ak1 = result.findings.filter((f) => f.ruleId === AK1);
    for (const file of ["src/config.ts", ".env.production"]) {
      const lines = new Set(ak1.filter((f) => f.file === file).map((f) => f.line));
      const text = KINDS[file]!(KEYS).split("\n");
      const missed = KEYS.filter((k) => k.id !== "aws-access-key-id" && !lines.has(text.findIndex((l) => l.includes(k.value.split("\n")[0]!)) + 1)).map((k) => k.id);
      expect(missed, file).toEqual([]);
    }
    // Every file kind yields findings on lines that hold keys.
    expect(new Set(ak1.map((f) => f.file))).toEqual(new Set([...Object.keys(KINDS), "config/gcp-service-account.json"]));
    expect(ak1.length).toBeGreaterThan(300);
  });

  it("no 8-character window of any secret (past its public prefix) in text, JSON, SARIF or GitHub annotations", () => {
    for (const [name, text] of outputs) expect(leaks(text), name).toEqual([]);
  });

  it("no message, snippet, note or warning holds one either", () => {
    const texts = [...result.findings.flatMap((f) => [f.message, f.snippet, ...(f.path ?? []).map((p) => p.note), ...(f.related ?? []).map((r) => r.note)]), ...result.stats.warnings.map((w) => w.message)];
    expect(leaks(texts.join("\n"))).toEqual([]);
  });

  it("the AWS secret access key is masked from its first character, the access key id past AKIA, the name stays readable", () => {
    const id = byId("aws-access-key-id");
    const line = KINDS["src/config.ts"]!(KEYS).split("\n").findIndex((l) => l.startsWith("export const aws ")) + 1;
    const snippets = result.findings.filter((f) => f.file === "src/config.ts" && f.line === line).map((f) => f.snippet);
    expect(snippets.length).toBeGreaterThan(0);
    for (const s of snippets) expect(s).toBe('export const aws = { accessKeyId: "AKIA********", secretAccessKey: "********" };');
    expect(snippets.join("")).not.toContain(id.value.slice(4, 12));
  });
});

describe("redaction unit: the span masked is the value, whatever range a detector reports", () => {
  const text = 'const creds = { secretAccessKey: "Zk8vQ2pR7tYw3mN9bX4cF6hJ1sL5dG0aE2uI8oP7" };';
  const valueAt = text.indexOf("Zk8v");

  it("a range that starts at the name and is as long as the value (secretlint's AWS rule) still masks the whole value", () => {
    const file = new FileFacts("a.ts", "/a.ts", text);
    const nameAt = text.indexOf("secretAccessKey");
    file.markSecret(nameAt, nameAt + 40);
    const snippet = redactedSnippet(file, 1, 1);
    expect(snippet).not.toContain("oP7");
    expect(leaksOf(snippet, "Zk8vQ2pR7tYw3mN9bX4cF6hJ1sL5dG0aE2uI8oP7")).toEqual([]);
  });

  it("a range that starts inside the value masks it from its first character", () => {
    const file = new FileFacts("a.ts", "/a.ts", text);
    file.markSecret(valueAt + 10, valueAt + 20);
    expect(redactedSnippet(file, 1, 1)).toBe('const creds = { secretAccessKey: "********" };');
  });

  it("overlapping spans: a character shows only if every span over it lets it (a prefix inside another secret does not show)", () => {
    const file = new FileFacts("a.ts", "/a.ts", 'k = "sk-proj-AbC9dEf8GhI7jKl6MnO5pQr4StU3vWx2Yz1aB0cD9eF8gH7iJ6kL5mN4"');
    file.markSecret(8, 10); // from "proj": another detector says the key's format prefix is secret there
    expect(redactedSnippet(file, 1, 1)).toBe('k = "sk-********"');
  });

  it("a snippet of a long line is cut around the finding's own column, masks included", () => {
    const keys = Array.from({ length: 500 }, () => `"sk-proj-${body(ALNUM, 60)}"`);
    const line = `const keys = [${keys.join(", ")}];`;
    const file = new FileFacts("a.ts", "/a.ts", line);
    const at = line.indexOf(keys[400]!);
    const snippet = redactedSnippet(file, 1, at + 1);
    expect(snippet.startsWith("…") && snippet.endsWith("…")).toBe(true);
    expect(snippet).toContain('"sk-proj-********"');
    expect(leaksOf(snippet, keys[400]!.slice(9, -1))).toEqual([]);
  });
});

function leaksOf(text: string, secret: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + WINDOW <= secret.length; i++) if (text.includes(secret.slice(i, i + WINDOW))) found.push(secret.slice(i, i + WINDOW));
  return found;
}
