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
    const placeholders = ["your-api-key", "sk-...", "<KEY>", "xxx", "", "OPENAI_API_KEY", "sk-proj-", "ollama", "lm-studio", "EMPTY", "sk-xxxxxxxxxxxxxxxxxxxx", "${OPENAI_API_KEY}"];
    const rows = await ak1({
      "package.json": PKG,
      "src/local.js": js('import OpenAI from "openai";', ...placeholders.map((p, i) => `export const c${i} = new OpenAI({ apiKey: "${p.replace(/\$/g, "\\$")}", baseURL: "http://localhost:11434/v1" });`)),
      "src/gemini.js": js('import { GoogleGenerativeAI } from "@google/generative-ai";', 'export const g = new GoogleGenerativeAI("YOUR_GEMINI_KEY");', "export const h = new GoogleGenerativeAI(process.env.GEMINI_API_KEY);"),
    });
    expect(rows).toEqual([]);
  });
});
