/**
 * TR-1 (insecure-provider-transport) on small projects written to a temp dir: plain-HTTP
 * model endpoints (options, constants, requests, env files) and TLS certificate checks
 * turned off (code, env files, package.json scripts, Dockerfiles), reported at the
 * offending value's line, with their severities; loopback endpoints, https, unrelated
 * URLs and unknown values left alone; the checklist's pass / n/a. Also through ESLint's
 * RuleTester.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { RuleTester } from "eslint";
import tsParser from "@typescript-eslint/parser";
import { afterAll, describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../src/engine/scan.js";
import aigis from "../src/eslint/plugin.js";

const TR1 = "insecure-provider-transport";

type Row = [file: string, line: number, severity: string];

const base = mkdtempSync(join(tmpdir(), "aigis-tr1-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

const PKG = JSON.stringify({ name: "svc", type: "module", dependencies: { openai: "^4", ollama: "^0.5", "@ai-sdk/openai": "^1", "@langchain/openai": "^0.3", "@azure/openai": "^1", axios: "^1", undici: "^6" } });

async function run(files: Record<string, string>): Promise<{ rows: Row[]; result: ScanResult; status: string | undefined }> {
  const dir = join(base, `p${++counter}`);
  for (const [rel, content] of Object.entries({ "package.json": PKG, ...files })) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const result = await scan({ target: dir });
  const rows = result.findings.filter((f) => f.ruleId === TR1).map((f): Row => [f.file, f.line, f.severity]);
  return { rows, result, status: result.checklist.find((c) => c.id === "TR-1")?.status };
}

function messages(result: ScanResult): string[] {
  return result.findings.filter((f) => f.ruleId === TR1).map((f) => f.message);
}

const lines = (...l: string[]) => `${l.join("\n")}\n`;

describe("TR-1 insecure-provider-transport: plain-HTTP endpoints in code", () => {
  it("reports an AI client's base URL to another host, at the value", async () => {
    const { rows, result } = await run({
      "src/llm.ts": lines(
        'import OpenAI from "openai";',
        "export const openai = new OpenAI({",
        "  apiKey: process.env.GATEWAY_KEY,",
        '  baseURL: "http://llm-gateway.corp.internal:8080/v1",',
        "});",
      ),
    });
    expect(rows).toEqual([["src/llm.ts", 4, "warning"]]);
    expect(messages(result)[0]).toContain("baseURL option is http://llm-gateway.corp.internal:8080/v1");
  });

  it("follows constants, templates, fallbacks and object properties to the literal that holds the URL", async () => {
    const { rows, result } = await run({
      "src/clients.ts": lines(
        'import OpenAI from "openai";',
        'import { Ollama } from "ollama";',
        'const GATEWAY = "http://10.0.3.7:4000";',
        'const GPU_HOST = "gpu-box";',
        "export const gateway = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL ?? `${GATEWAY}/v1` });",
        "export const ollama = new Ollama({ host: `http://${GPU_HOST}:11434` });",
        'const settings = { llm: { baseURL: "http://vllm.lan:8000/v1" } };',
        "export const vllm = new OpenAI({ baseURL: settings.llm.baseURL });",
        'const TGI = "http://tgi.lan:8080";',
        'export const tgi = new OpenAI({ baseURL: new URL("/v1", TGI).toString() });',
      ),
    });
    expect(rows).toEqual([
      ["src/clients.ts", 3, "warning"],
      ["src/clients.ts", 6, "warning"],
      ["src/clients.ts", 7, "warning"],
      ["src/clients.ts", 9, "warning"],
    ]);
    expect(messages(result)[0]).toContain("(used at line 5)");
  });

  it("knows createOpenAI, LangChain's configuration.baseURL, a dev branch and a constant named like an AI endpoint", async () => {
    const { rows } = await run({
      "src/ai-sdk.ts": lines('import { createOpenAI } from "@ai-sdk/openai";', 'export const provider = createOpenAI({ baseURL: "http://litellm.internal/v1" });'),
      "src/langchain.ts": lines(
        'import { ChatOpenAI } from "@langchain/openai";',
        "export const model = new ChatOpenAI({",
        '  model: "gpt-4o-mini",',
        "  maxTokens: 300,",
        '  configuration: { baseURL: "http://vllm.lan/v1" },',
        "});",
      ),
      "src/branch.ts": lines(
        'import OpenAI from "openai";',
        'const isProd = process.env.NODE_ENV === "production";',
        'export const client = new OpenAI({ baseURL: isProd ? "https://gw.example.com/v1" : "http://dev-gw.lan/v1" });',
      ),
      "src/config.ts": lines('export const OLLAMA_BASE_URL = "http://gpu-box.lan:11434";'),
    });
    expect(rows).toEqual([
      ["src/ai-sdk.ts", 2, "warning"],
      ["src/branch.ts", 3, "warning"],
      ["src/config.ts", 1, "warning"],
      ["src/langchain.ts", 5, "warning"],
    ]);
  });

  it("knows positional endpoints of required AI clients, ws:// to a provider, and reports a shared constant once", async () => {
    const { rows, result } = await run({
      "src/azure.cjs": lines(
        'const { OpenAIClient, AzureKeyCredential } = require("@azure/openai");',
        'const PROXY = "http://azure-proxy.lan";',
        "exports.a = new OpenAIClient(PROXY, new AzureKeyCredential(process.env.AZURE_OPENAI_KEY));",
        "exports.b = new OpenAIClient(PROXY, new AzureKeyCredential(process.env.AZURE_OPENAI_KEY_2));",
      ),
      "src/realtime.ts": lines('export const socket = new WebSocket("ws://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview");'),
    });
    expect(rows).toEqual([
      ["src/azure.cjs", 2, "warning"],
      ["src/realtime.ts", 1, "error"],
    ]);
    expect(messages(result)[0]).toContain("The endpoint of this AI client is http://azure-proxy.lan");
  });

  it("reports requests to a provider host or a model API path over http, in any file", async () => {
    const { rows, result } = await run({
      "src/health.ts": lines('export const ping = () => fetch("http://api.openai.com/v1/models", { headers: { authorization: `Bearer ${process.env.OPENAI_API_KEY}` } });'),
      "src/raw.ts": lines(
        'import axios from "axios";',
        'const GATEWAY = "http://gw.lan:4000";',
        "export async function ask(body: unknown) {",
        "  return axios.post(`${GATEWAY}/v1/chat/completions`, body);",
        "}",
      ),
      "src/docs.ts": lines('export const LINK = "http://api.anthropic.com/v1/messages";'),
    });
    expect(rows).toEqual([
      ["src/docs.ts", 1, "error"],
      ["src/health.ts", 1, "error"],
      ["src/raw.ts", 2, "warning"],
    ]);
    expect(messages(result).join("\n")).toContain("plain http:// to OpenAI");
    expect(messages(result).join("\n")).toContain("OpenAI-compatible chat API on gw.lan");
  });

  it("leaves loopback, https, unknown and unrelated URLs alone", async () => {
    const { rows, status } = await run({
      "src/local.ts": lines(
        'import OpenAI from "openai";',
        'import { Ollama } from "ollama";',
        'export const a = new Ollama({ host: "http://localhost:11434" });',
        'export const b = new OpenAI({ baseURL: "http://127.0.0.1:8080/v1" });',
        'export const c = new OpenAI({ baseURL: "http://[::1]:8000/v1" });',
        'export const d = new OpenAI({ baseURL: "http://0.0.0.0:4000/v1" });',
        'export const e = new Ollama({ host: "http://host.docker.internal:11434" });',
        'export const f = new OpenAI({ baseURL: "http://ollama.localhost/v1" });',
        'export const g = new OpenAI({ baseURL: "https://gw.example.com/v1" });',
        "export const h = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });",
        "export const i = new OpenAI({ baseURL: `http://${process.env.GW_HOST}/v1` });",
        'const LEGACY = "http://gw.example.com/v1";',
        'export const j = new OpenAI({ baseURL: LEGACY.replace("http://", "https://") });',
        'export const k = new OpenAI({ baseURL: new URL("/v1", "https://gw.example.com").href });',
        'const DOCS = "http://example.com/docs";',
        "export const link = DOCS;",
      ),
      "src/status.ts": lines(
        'import axios from "axios";',
        'export const crm = axios.create({ baseURL: "http://crm.lan" });',
        'export const post = () => fetch("http://status.lan/api/events", { method: "POST" });',
      ),
    });
    expect(rows).toEqual([]);
    expect(status).toBe("pass");
  });

  it("redacts credentials in the URL from the message and the snippet", async () => {
    const { rows, result } = await run({
      "src/llm.ts": lines('import OpenAI from "openai";', 'export const openai = new OpenAI({ baseURL: "http://svc:hunter2-pass@gw.lan/v1?api-key=abcd1234" });'),
    });
    expect(rows).toEqual([["src/llm.ts", 2, "warning"]]);
    const finding = result.findings.find((f) => f.ruleId === TR1)!;
    expect(finding.message).toContain("http://***@gw.lan/v1?…");
    expect(JSON.stringify(finding)).not.toContain("hunter2");
    expect(JSON.stringify(finding)).not.toContain("abcd1234");
  });
});

describe("TR-1 insecure-provider-transport: certificate checks turned off in code", () => {
  it("reports every TLS switch that accepts any certificate, in any server file", async () => {
    const { rows, result } = await run({
      "src/tls.ts": lines(
        'import https from "node:https";',
        'import tls from "node:tls";',
        'import { Agent } from "undici";',
        "export const agent = new https.Agent({ rejectUnauthorized: false });",
        "export const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });",
        'process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = 0 as unknown as string;',
        "export const opts = { strictSSL: false };",
        "export const pinned = { checkServerIdentity: () => undefined };",
        "const rejectUnauthorized = false;",
        'export const socket = tls.connect({ host: "gw.example.com", port: 443, rejectUnauthorized });',
        "export const child = { env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: \"0\" } };",
        "https.globalAgent.options.rejectUnauthorized = false;",
      ),
    });
    expect(rows).toEqual([4, 5, 6, 7, 8, 10, 11, 12].map((line): Row => ["src/tls.ts", line, "error"]));
    expect(messages(result)[2]).toContain("NODE_TLS_REJECT_UNAUTHORIZED=0 turns TLS certificate checks off for every HTTPS request");
  });

  it("leaves checks that stay on alone, and reports test files as info", async () => {
    const { rows } = await run({
      "src/tls.ts": lines(
        'import https from "node:https";',
        'import tls from "node:tls";',
        "export const a = new https.Agent({ rejectUnauthorized: true });",
        'export const b = new https.Agent({ rejectUnauthorized: process.env.NODE_ENV === "production" });',
        "export const c = new https.Agent({ rejectUnauthorized: 0 as unknown as boolean });",
        "export const d = { checkServerIdentity: (host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(host, cert) };",
        'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "1";',
      ),
      "test/gateway.test.ts": lines('import https from "node:https";', "export const agent = new https.Agent({ rejectUnauthorized: false });"),
      // A URL in a test is test data: a mock server, a file the test links to.
      "src/provider.test.ts": lines('import OpenAI from "openai";', 'export const mock = new OpenAI({ baseURL: "http://mock-llm.test-infra.example:4010/v1" });', 'export const image = "http://images.example.com/cat.png";'),
    });
    expect(rows).toEqual([["test/gateway.test.ts", 2, "info"]]);
  });

  it("leaves a database or broker driver's `ssl` settings alone (no provider call goes through them), and still reports an HTTP agent beside them", async () => {
    const { rows } = await run({
      // A RAG app's vector store: pg with a managed database's self-signed certificate.
      "src/db.ts": lines(
        'import { Pool } from "pg";',
        'import https from "node:https";',
        "export const pool = new Pool({",
        "  connectionString: process.env.DATABASE_URL,",
        '  ssl: process.env.NODE_ENV === "production" ? { rejectUnauthorized: false } : false,',
        "});",
        "export const agent = new https.Agent({ rejectUnauthorized: false });",
      ),
      "src/orm.js": lines(
        'const { Sequelize } = require("sequelize");',
        'const { Kafka } = require("kafkajs");',
        'module.exports.sequelize = new Sequelize(process.env.DATABASE_URL, { dialectOptions: { ssl: { require: true, rejectUnauthorized: false } } });',
        'module.exports.kafka = new Kafka({ brokers: [process.env.BROKER], ssl: { rejectUnauthorized: false } });',
        'module.exports.replica = new (require("pg").Pool)({ ssl: process.env.PGSSL && { rejectUnauthorized: false } });',
      ),
    });
    expect(rows).toEqual([["src/db.ts", 7, "error"]]);
  });
});

describe("TR-1 insecure-provider-transport: env files and process settings", () => {
  it("reports NODE_TLS_REJECT_UNAUTHORIZED=0 and plain-HTTP AI endpoints in env files, at their lines", async () => {
    const { rows, result } = await run({
      ".env.example": lines(
        "OPENAI_BASE_URL=http://proxy.lan/v1",
        "OLLAMA_HOST=http://gpu-box:11434",
        "ANTHROPIC_BASE_URL=https://gw.example.com",
        "LOCAL_LLM_URL=http://localhost:8080/v1",
        "NEXTAUTH_URL=http://app.example.com",
        "UPSTREAM=http://api.anthropic.com",
        "NODE_TLS_REJECT_UNAUTHORIZED=0",
      ),
      ".env.test": lines("OPENAI_BASE_URL=http://mock-openai:4010/v1", "NODE_TLS_REJECT_UNAUTHORIZED=1"),
    });
    expect(rows).toEqual([
      [".env.example", 1, "warning"],
      [".env.example", 2, "warning"],
      [".env.example", 6, "error"],
      [".env.example", 7, "error"],
      [".env.test", 1, "info"],
    ]);
    expect(messages(result)[0]).toBe(
      "OPENAI_BASE_URL is http://proxy.lan/v1: plain http:// to proxy.lan, which is not this machine. Prompts, outputs and the API key cross the network unencrypted, readable and changeable by anyone on the path.",
    );
  });

  it("reports NODE_TLS_REJECT_UNAUTHORIZED=0 in package.json scripts and Dockerfiles, not in comments", async () => {
    const pkg = JSON.stringify({ name: "svc", scripts: { dev: "NODE_TLS_REJECT_UNAUTHORIZED=0 node server.js", start: "node server.js" }, dependencies: { openai: "^4" } }, null, 2);
    const { rows } = await run({
      "package.json": pkg,
      Dockerfile: lines("FROM node:20", "ENV NODE_TLS_REJECT_UNAUTHORIZED=0", 'CMD ["node", "server.js"]'),
      "scripts/start.sh": lines("#!/bin/sh", "# export NODE_TLS_REJECT_UNAUTHORIZED=0", "exec node server.js"),
    });
    expect(rows).toEqual([
      ["Dockerfile", 2, "error"],
      ["package.json", 4, "error"],
    ]);
  });
});

describe("TR-1 insecure-provider-transport: checklist", () => {
  it("is n/a when there is no AI code, no AI env setting and no TLS setting", async () => {
    const { status } = await run({ "src/index.ts": lines('export const STATUS = "http://status.lan/api";') });
    expect(status).toBe("n/a");
  });

  it("passes when AI code was looked at and nothing was found", async () => {
    const { rows, status } = await run({ "src/llm.ts": lines('import OpenAI from "openai";', "export const openai = new OpenAI();") });
    expect(rows).toEqual([]);
    expect(status).toBe("pass");
  });
});

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

type AnyRule = Parameters<RuleTester["run"]>[1];
const insecureTransport = aigis.rules[TR1] as unknown as AnyRule;

for (const [parserName, languageOptions] of [
  ["espree (default parser)", { ecmaVersion: "latest", sourceType: "module" }],
  ["@typescript-eslint/parser", { parser: tsParser, sourceType: "module" }],
] as const) {
  describe(`insecure-provider-transport in ESLint with ${parserName}`, () => {
    const tester = new RuleTester({ languageOptions: languageOptions as never });
    tester.run(TR1, insecureTransport, {
      valid: [
        { code: 'import OpenAI from "openai";\nconst openai = new OpenAI({ baseURL: "https://gw.example.com/v1" });' },
        { code: 'import { Ollama } from "ollama";\nconst ollama = new Ollama({ host: "http://localhost:11434" });' },
        { code: 'import https from "node:https";\nconst agent = new https.Agent({ rejectUnauthorized: true });' },
        { code: 'const crm = { baseURL: "http://crm.lan" };\nfetch("http://status.lan/api/events");' },
      ],
      invalid: [
        {
          code: 'import OpenAI from "openai";\nconst openai = new OpenAI({\n  baseURL: "http://llm-gateway.lan:8080/v1",\n});',
          errors: [{ messageId: "finding", line: 3, column: 12 }],
        },
        {
          code: 'import https from "node:https";\nconst agent = new https.Agent({\n  keepAlive: true,\n  rejectUnauthorized: false,\n});',
          errors: [{ messageId: "finding", line: 4, column: 3 }],
        },
        {
          code: 'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";',
          errors: [{ messageId: "finding", line: 1, column: 1 }],
        },
        {
          code: 'const BASE = "http://api.openai.com/v1";\nexport const list = () => fetch(`${BASE}/models`);',
          errors: [{ messageId: "finding", line: 1, column: 14 }],
        },
      ],
    });
  });
}
