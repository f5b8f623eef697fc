/**
 * The text gates the sink rules check before parsing or tracing (rules/insecure-provider-transport.ts
 * `mayWriteRemoteCleartextUrl`, src/model/flow/sinks.ts `sinkNameOffsets`, `writesOnlyLiterals`)
 * skip only what holds no finding: a URL whose host is cut short in the text, a response
 * function imported under another name, a key written in a logged literal are still found.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { makeKeys } from "./helpers/cli.js";

const base = mkdtempSync(join(tmpdir(), "aigis-sink-gates-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

const PKG = JSON.stringify({ name: "svc", type: "module", dependencies: { openai: "^4", "@remix-run/node": "^2" } });

async function findings(rule: string, files: Record<string, string>): Promise<Array<[file: string, line: number]>> {
  const dir = join(base, `p${++counter}`);
  for (const [rel, content] of Object.entries({ "package.json": PKG, ...files })) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  const result = await scan({ target: dir });
  return result.findings.filter((f) => f.ruleId === rule).map((f) => [f.file, f.line]);
}

const lines = (...l: string[]) => `${l.join("\n")}\n`;

describe("insecure-provider-transport: files whose http:// URLs all stay on this machine are not parsed", () => {
  it("still reads a file where a local URL sits beside one whose host is written apart", async () => {
    const rows = await findings("insecure-provider-transport", {
      "src/joined.ts": lines(
        'import OpenAI from "openai";',
        'export const HEALTH = "http://localhost:3000/health";',
        'export const gateway = new OpenAI({ baseURL: "http://localhost" + ".corp.example.net:8080/v1" });',
      ),
      "src/split.ts": lines(
        'import OpenAI from "openai";',
        'export const HEALTH = "http://localhost:3000/health";',
        'export const gateway = new OpenAI({ baseURL: "http:" + "//gw.corp.internal/v1" });',
      ),
    });
    expect(rows).toEqual([
      ["src/joined.ts", 3],
      ["src/split.ts", 3],
    ]);
  });

  it("reports nothing for loopback endpoints, with a port written in or filled in", async () => {
    const rows = await findings("insecure-provider-transport", {
      "src/llm.ts": lines(
        'import OpenAI from "openai";',
        "const port = process.env.PORT ?? 11434;",
        "export const local = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1` });",
        'export const ollama = new OpenAI({ baseURL: "http://localhost:11434/v1" });',
      ),
    });
    expect(rows).toEqual([]);
  });
});

describe("key-in-logs-or-responses: only subtrees that name a sink are walked, only named values traced", () => {
  it("finds a response function imported under another name", async () => {
    const rows = await findings("key-in-logs-or-responses", {
      "app/routes/config.ts": lines(
        'import { json as reply } from "@remix-run/node";',
        "export async function loader() {",
        "  return reply({ openaiKey: process.env.OPENAI_API_KEY });",
        "}",
      ),
    });
    expect(rows).toEqual([["app/routes/config.ts", 3]]);
  });

  it("finds a provider key written in a logged literal, not a logged message without one", async () => {
    const key = makeKeys(7).openai;
    const rows = await findings("key-in-logs-or-responses", {
      "src/boot.ts": lines(
        'import OpenAI from "openai";',
        `export const openai = new OpenAI({ apiKey: "${key.value}" });`,
        'console.log("starting", 3);',
        `console.log("using ${key.value}");`,
      ),
    });
    expect(rows).toEqual([["src/boot.ts", 4]]);
  });
});
