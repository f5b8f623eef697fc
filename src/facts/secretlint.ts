/**
 * secretlint (core + recommended preset), in process, on the files that contain a
 * candidate literal. Its own messages quote the secret, so only the rule name and the
 * value's position are kept.
 *
 * The position is derived from the value, not taken from the reported range: some rules
 * report a range that starts at the key's name and is as long as the value (AWS
 * `secretAccessKey: "…"`, npm `_authToken=…`), which would leave the value's tail outside.
 */
import { SECRETLINT_CANDIDATES, SECRETLINT_URL_CREDENTIALS } from "../knowledge/provider-keys.js";
import { LiteralGate } from "./literal-gates.js";
import type { FileFacts } from "./file-facts.js";
import { publicPrefixLength } from "./key-scanner.js";

export interface SecretlintHit {
  file: FileFacts;
  start: number;
  end: number;
  /** What kind of secret, e.g. "an AWS secret access key". */
  label: string;
}

const CANDIDATE = new LiteralGate([
  ...SECRETLINT_CANDIDATES.map((c) => (typeof c === "string" ? c : { literal: c.literal, pattern: new RegExp(c.pattern) })),
  { literal: "://", pattern: new RegExp(SECRETLINT_URL_CREDENTIALS) },
]);

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

/** Will `runSecretlint` read this file (does its text hold a shape some secretlint rule looks for)? */
export function secretlintReads(file: FileFacts): boolean {
  return file.mayMatch(CANDIDATE);
}

export async function runSecretlint(files: readonly FileFacts[]): Promise<SecretlintHit[]> {
  const candidates = files.filter(secretlintReads);
  if (candidates.length === 0) return [];
  const { lintSource, config } = await loadEngine();
  const hits: SecretlintHit[] = [];
  for (const file of candidates) {
    const result = await lintSource({
      source: { content: file.text, filePath: file.absPath, ext: extOf(file.relPath), contentType: "text" },
      // Unmasked, so that the value can be found in the text; the messages are dropped here.
      options: { config, maskSecrets: false },
    });
    const found: SecretlintHit[] = [];
    for (const message of result.messages) {
      if (message.type !== "message") continue;
      const short = message.ruleId.replace(/^@secretlint\/secretlint-rule-/, "");
      const [start, end] = valueSpan(file.text, message.range, message.data);
      if (URL_CREDENTIAL_RULES.has(short) && !urlPasswordIsReal(file.text, start, end)) continue;
      found.push({ file, start, end, label: LABELS[short] ?? `A secret (${short})` });
    }
    // Every snippet of this file (any rule's) must mask what secretlint found.
    file.markSecrets(found.map(({ start, end }) => ({ start, end, visible: publicPrefixLength(file.text.slice(start, end)) })));
    for (const hit of found) hits.push(hit);
  }
  return hits;
}

// secretlint rules that report a password written in a URL.
const URL_CREDENTIAL_RULES = new Set(["basicauth", "database-connection-string"]);
// `scheme://user:password@host`, each part bounded and free of the separators that end it.
const URL_WITH_PASSWORD = /:\/\/([^\s/:@'"`]{0,256}):([^\s/@'"`]{1,256})@([^\s/:?#'"`,;]{0,256})/g;
// A password spelled as a slot to fill (`[password]`, `<PASSWORD>`, `${DB_PASS}`, `your_password`).
const PASSWORD_SLOT = /^[[<{(%$]|^\*+$|^x{3,}$|^(?:pass(?:word)?|passwd|pwd|secret|changeme|user(?:name)?|dbpass(?:word)?|db_pass(?:word)?)$|your|placeholder|example/i;
// Hosts that only the developer's machine or its compose network reach: a local default, not a leak.
const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|host\.docker\.internal|\[[^\]]*\]|[A-Za-z0-9_-]+)$/i;

/**
 * A password in a URL counts when it is one someone could use: not a template slot
 * (`postgresql://[USER]:[PASSWORD]@[HOST]`), and not for a database on localhost or a
 * compose service (`postgres://postgres:postgres@db:5432`).
 */
export function urlPasswordIsReal(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf("\n", start) + 1;
  const lineEnd = text.indexOf("\n", end);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  URL_WITH_PASSWORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  let judged = false;
  while ((m = URL_WITH_PASSWORD.exec(line))) {
    const at = lineStart + m.index;
    if (at > end || at + m[0].length < start) continue;
    judged = true;
    const [, user, password, rest] = m;
    // A password may hold an `@` itself (`p@ss@localhost`): the host follows the last one.
    const host = rest!.slice(rest!.lastIndexOf("@") + 1);
    if (!PASSWORD_SLOT.test(password!) && !PASSWORD_SLOT.test(user!) && !LOCAL_HOST.test(host)) return true;
  }
  return !judged;
}

// How far past the reported range's start the value may sit (the name, quotes, `=` before it).
const VALUE_SEARCH_WINDOW = 512;

/**
 * Where the secret value is: the first of the message's data values (the matched token,
 * key or URI) found at or after the reported start. A range that already holds it (a URI,
 * a whole-file report such as a GCP service-account JSON) stands; redaction widens every
 * span to whole tokens anyway.
 */
export function valueSpan(text: string, range: readonly [number, number], data: unknown): [number, number] {
  const from = range[0];
  const to = Math.max(from, range[1]);
  let best: [number, number] | undefined;
  for (const value of stringsIn(data)) {
    if (value.length < 8) continue;
    // Searched in a bounded window: a value not near its report costs no pass over the file.
    const found = text.slice(from, Math.max(to, from + VALUE_SEARCH_WINDOW) + value.length).indexOf(value);
    if (found === -1) continue;
    const at = from + found;
    if (at + value.length <= to) return [from, to];
    if (!best || at < best[0]) best = [at, at + value.length];
  }
  return best ?? [from, to];
}

function stringsIn(data: unknown): string[] {
  if (typeof data === "string") return [data];
  if (data === null || typeof data !== "object") return [];
  return Object.values(data as Record<string, unknown>).flatMap((v) => (typeof v === "string" ? [v] : []));
}

function extOf(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot > path.lastIndexOf("/") ? path.slice(dot) : "";
}
