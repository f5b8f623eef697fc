/**
 * AK-1 (hardcoded-provider-key) on small projects written to a temp dir: keys found by
 * their shape, by the SDK option they are passed in, and by a provider-key name; the
 * placeholders, truncated keys and look-alike names that stay quiet; and committed env
 * files in a tree exported from a commit. Keys are generated, never written out.
 */
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { makeKeys, mulberry32, randomBody } from "./helpers/cli.js";
import { tempProjects } from "./helpers/temp-projects.js";

const AK1 = "hardcoded-provider-key";
const project = tempProjects("aigis-ak1-");
const keys = makeKeys(1301);
const random = mulberry32(1302);
/** A random token of no known provider format. */
const opaque = (length: number) => randomBody(random, length);

type Row = [file: string, line: number, severity?: string];

async function ak1(files: Record<string, string>, options: { committedSnapshot?: boolean } = {}): Promise<Row[]> {
  const result = await scan({ target: project(files), ...options });
  return result.findings.filter((f) => f.ruleId === AK1).map((f): Row => [f.file, f.line, f.severity]);
}

const lines = (rows: Row[]) => rows.map(([file, line]) => [file, line]);

describe("env files in a tree exported from a commit (no .git)", () => {
  const files = () => ({ ".gitignore": ".env\n", ".env": `PORT=3000\nVITE_OPENAI_API_KEY=${keys.openai.value}\n` });

  it("a committed snapshot: the ignored .env was committed, its key is reported", async () => {
    expect(lines(await ak1(files(), { committedSnapshot: true }))).toEqual([[".env", 2]]);
  });

  it("a plain folder: an ignored .env is where keys belong", async () => {
    expect(await ak1(files())).toEqual([]);
  });
});

const PKG = JSON.stringify({ name: "app", type: "module", dependencies: { openai: "^4", "@google/generative-ai": "^0.21", "cohere-ai": "^7", replicate: "^1", "@huggingface/inference": "^3", "groq-sdk": "^0.9", "@anthropic-ai/sdk": "^0.30", "@mistralai/mistralai": "^1" } });
const js = (...code: string[]) => `${code.join("\n")}\n`;

describe("a literal in an SDK client's key option", () => {
  it("is a key whatever its format: an option, a first argument, token / auth slots, a constant, a fallback", async () => {
    const rows = await ak1({
      "package.json": PKG,
      "src/clients.js": js(
        'import OpenAI from "openai";',
        'import { GoogleGenerativeAI } from "@google/generative-ai";',
        'import { CohereClient } from "cohere-ai";',
        'import Replicate from "replicate";',
        'import { InferenceClient } from "@huggingface/inference";',
        'import Groq from "groq-sdk";',
        'import Anthropic from "@anthropic-ai/sdk";',
        `const CLAUDE = "${opaque(44)}";`,
        `export const openai = new OpenAI({ apiKey: "${opaque(40)}" });`,
        `export const gemini = new GoogleGenerativeAI("${opaque(39)}");`,
        `export const cohere = new CohereClient({ token: "${opaque(36)}" });`,
        `export const replicate = new Replicate({ auth: "${opaque(37)}" });`,
        `export const hf = new InferenceClient("${opaque(37)}");`,
        `export const groq = new Groq({ apiKey: process.env.GROQ_API_KEY || "${opaque(52)}" });`,
        "export const claude = new Anthropic({ apiKey: CLAUDE });",
        "export const claudeToo = new Anthropic({ apiKey: CLAUDE });",
      ),
    });
    expect(rows).toEqual([8, 9, 10, 11, 12, 13, 14].map((line) => ["src/clients.js", line, "error"]));
  });

  it("a short or word-like literal is a warning: it may be a key", async () => {
    const rows = await ak1({
      "package.json": PKG,
      "src/mistral.js": js('import { Mistral } from "@mistralai/mistralai";', 'export const mistral = new Mistral({ apiKey: "mistralsecret42" });'),
    });
    expect(rows).toEqual([["src/mistral.js", 2, "warning"]]);
  });

  it("placeholders, env-shaped names, bare prefixes and local-server dummies stay quiet", async () => {
    const placeholders = ["your-api-key", "sk-...", "<KEY>", "xxx", "", "OPENAI_API_KEY", "sk-proj-", "ollama", "lm-studio", "EMPTY", "sk-xxxxxxxxxxxxxxxxxxxx", "${OPENAI_API_KEY}", "not-a-real-key", "key2", "invalid_api_key"];
    const rows = await ak1({
      "package.json": PKG,
      "src/local.js": js('import OpenAI from "openai";', ...placeholders.map((p, i) => `export const c${i} = new OpenAI({ apiKey: "${p.replace(/\$/g, "\\$")}", baseURL: "http://localhost:11434/v1" });`)),
      "src/gemini.js": js('import { GoogleGenerativeAI } from "@google/generative-ai";', 'export const g = new GoogleGenerativeAI("YOUR_GEMINI_KEY");', "export const h = new GoogleGenerativeAI(process.env.GEMINI_API_KEY);"),
    });
    expect(rows).toEqual([]);
  });
});

describe("a literal found by the name it is assigned to", () => {
  it("provider key names anywhere; a generic apiKey / api_key with a provider named around it", async () => {
    const rows = await ak1({
      "settings.py": js("import os", "", `OPENAI_API_KEY = "${opaque(48)}"`, `GEMINI_KEY = '${opaque(39)}'`),
      ".env": js("PORT=3000", `ELEVENLABS_API_KEY=${opaque(32)}`),
      "config.toml": js("[wenxin]", 'url = "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions"', `api_key = "${opaque(24)}"`, "timeout = 90"),
      "token.py": js("import requests", "", `api_key = '${opaque(24)}'`, "", "def main():", '    url = "https://aip.baidubce.com/oauth/2.0/token?grant_type=client_credentials"'),
    });
    expect(lines(rows).sort()).toEqual([[".env", 2], ["config.toml", 3], ["settings.py", 3], ["settings.py", 4], ["token.py", 3]]);
  });

  it("tokens, session and CSRF secrets, public and cache keys, an api_key with no provider near: quiet", async () => {
    const rows = await ak1({
      "src/session.js": js('import OpenAI from "openai";', "export const openai = new OpenAI();", "export const settings = {", `  token: "${opaque(40)}",`, `  csrf_token: "${opaque(40)}",`, `  public_key: "${opaque(40)}",`, `  promptCacheKey: "chat-cache-key-${opaque(12)}",`, "};"),
      "server/.env.example": js('FIREWORKS_API_KEY=""', `DB_SESSION_SECRET="${opaque(32)}"`, `SESSION_SECRET=${opaque(32)}`),
      "weather.py": js("import requests", "", `api_key = "${opaque(32)}"`, 'requests.get("https://api.weather.example/v1", params={"key": api_key})'),
    });
    expect(rows).toEqual([]);
  });

  it("not in saved web pages, data dumps or minified bundles; a small JSON config still counts", async () => {
    const filler = Array.from({ length: 300 }, (_, i) => `"item${i}":"${opaque(60)}"`).join(",");
    const rows = await ak1({
      "saved/chat.html": js("<html><script>", `window.__STATE__ = {"openaiApiKey":"${opaque(48)}"};`, "</script></html>"),
      "dump/export.json": `{${filler},"OPENAI_API_KEY":"${opaque(48)}"}\n`,
      "public/bundle.min.js": `var a={${filler},OPENAI_API_KEY:"${opaque(48)}"};\n`,
      "config.json": js("{", `  "openaiApiKey": "${opaque(48)}"`, "}"),
    });
    expect(lines(rows)).toEqual([["config.json", 2]]);
  });

  it("a key truncated in docs stays quiet, a whole one does not", async () => {
    const rows = await ak1({
      "SECURITY.md": js("#### OpenAI API", `- Revoke the current key: \`${keys.openai.value.slice(0, 36)}...\``, `- OPENAI_API_KEY=sk-...${opaque(20)}`, `- Old key: ${keys.groq.value}`),
    });
    expect(lines(rows)).toEqual([["SECURITY.md", 4]]);
  });
});

describe("passwords in URLs (secretlint)", () => {
  it("template slots and local databases stay quiet; a hosted database's password is reported", async () => {
    const rows = await ak1({
      ".env.example": js('DATABASE_URL="postgresql://postgres.[project-ref]:[password]@aws-0-[region].pooler.supabase.com:6543/postgres"'),
      "docs/setup.md": js("Set `DATABASE_URL` to `postgresql://[USER]:[PASSWORD]@[HOST]:[PORT]/[DATABASE]`."),
      "notes.md": js(`DATABASE_URL=postgres://postgres:${opaque(10)}@localhost:5432/rag`, `REDIS_URL=redis://default:${opaque(10)}@redis:6379`, `OLD_URL=postgres://postgres:${opaque(6)}@42@localhost:5432/rag`),
      "server/db.js": js(`export const uri = "mongodb+srv://app:${opaque(16)}@cluster0.qz7rm.mongodb.net/app";`),
    });
    expect(lines(rows)).toEqual([["server/db.js", 1]]);
  });
});

describe("Google keys that are public by design", () => {
  it("a Places (New) key in its X-Goog-Api-Key header is not an AI key", async () => {
    const rows = await ak1({
      "src/places.js": js("export const config = {", "  headers: {", `    "X-Goog-Api-Key": "${keys.google.value}",`, '    "X-Goog-FieldMask": ["places.displayName", "places.id"],', "  },", "};"),
    });
    expect(rows).toEqual([]);
  });
});

describe("a long literal in a key slot", () => {
  it("is judged without running the label test on it (that test backtracks: 6,000 characters once took 14 s)", async () => {
    const { judgeKeySlotLiteral } = await import("../src/facts/key-scanner.js");
    expect(judgeKeySlotLiteral(`${"A".repeat(20_000)}-${"a".repeat(20_000)}`)).toBe("other");
    expect(judgeKeySlotLiteral("not-a-real-key")).toBe("placeholder");
    expect(judgeKeySlotLiteral("my_secret_key")).toBe("placeholder");
  });
});
