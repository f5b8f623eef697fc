/**
 * The ESLint plugin, through ESLint's own machinery: RuleTester with the default parser
 * (espree) and with @typescript-eslint/parser, and the ESLint class with the plugin's
 * flat `recommended` config, as a user would set it up.
 */
import { ESLint, Linter, RuleTester } from "eslint";
import tsParser from "@typescript-eslint/parser";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import aigis from "../src/eslint/plugin.js";
import { execFileSync } from "node:child_process";
import { ensureBuilt, REPO_ROOT } from "./helpers/cli.js";

ensureBuilt();

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// Real-format keys, generated once (not real credentials).
const OPENAI_KEY = "sk-proj-Vq3LmT8xZr2NbW5kYc9PdH1sJf4GuA7eKo6iXp0tRw3yBn8mCq2zLv5sHd9fGj1kTe4QaW7uYb2R";
const ANTHROPIC_KEY = "sk-ant-api03-Zr8kQm2VxT5nLp9WbC3yHd7JfS1gKu4AeXo6iRt0vBw8qNc2MzL5sDh9FjG3kPe7QaY1uTb4RmW6xVn8ZkJc2Hd5Lq-AA";
const GEMINI_KEY = "AIzaSyC4vN8qLm2XtR7pW3kB9dF5hJ1sG6eZ0yQ";

// Each ESLint rule is a `@typescript-eslint/utils` rule; RuleTester wants ESLint's type.
type AnyRule = Parameters<RuleTester["run"]>[1];

/** The rules that can judge one file: every one but the whole-project rules (env files, routes, CORS, error handlers). */
const ESLINT_RULES = [
  "client-controlled-roles",
  "client-exposed-key",
  "client-side-provider-call",
  "hardcoded-provider-key",
  "insecure-provider-transport",
  "key-in-logs-or-responses",
  "missing-output-token-cap",
  "model-output-as-html",
  "model-output-executed",
  "prompt-in-logs",
  "static-shared-key",
  "unbounded-input-to-model",
  "untrusted-input-in-instructions",
  "unvalidated-input-to-model",
];
const hardcoded = aigis.rules["hardcoded-provider-key"] as unknown as AnyRule;
const clientExposed = aigis.rules["client-exposed-key"] as unknown as AnyRule;
const clientSideCall = aigis.rules["client-side-provider-call"] as unknown as AnyRule;

for (const [parserName, languageOptions] of [
  ["espree (default parser)", { ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } }],
  ["@typescript-eslint/parser", { parser: tsParser, sourceType: "module" }],
] as const) {
  describe(`with ${parserName}`, () => {
    const tester = new RuleTester({ languageOptions: languageOptions as never });

    tester.run("hardcoded-provider-key", hardcoded, {
      valid: [
        { code: "const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });" },
        { code: 'const hint = "sk-proj-abc123...";' },
        { code: 'const apiKey = "your-api-key";' },
        { code: `const firebaseConfig = { apiKey: "${GEMINI_KEY}", authDomain: "demo.firebaseapp.com" };` },
        { code: 'const sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";' },
      ],
      invalid: [
        {
          code: `const client = new OpenAI({ apiKey: "${OPENAI_KEY}" });`,
          errors: [{ messageId: "finding", line: 1, column: 38, endColumn: 38 + OPENAI_KEY.length }],
        },
        {
          code: `import Anthropic from "@anthropic-ai/sdk";\n\nexport const anthropic = new Anthropic({\n  apiKey: "${ANTHROPIC_KEY}",\n});`,
          errors: [{ messageId: "finding", line: 4, column: 12 }],
        },
        {
          code: `export const GEMINI_KEY = "${GEMINI_KEY}";`,
          errors: [{ messageId: "finding", line: 1, column: 28 }],
        },
      ],
    });

    tester.run("client-exposed-key", clientExposed, {
      valid: [
        { code: "const key = process.env.OPENAI_API_KEY;" },
        { code: "const url = process.env.NEXT_PUBLIC_API_URL;" },
        { code: "const model = import.meta.env.VITE_OPENAI_MODEL;" },
        // PUBLIC_ only reaches the browser in SvelteKit/Astro projects.
        { code: "const key = process.env.PUBLIC_OPENAI_API_KEY;", filename: join(tmpdir(), "no-such-project", "server.js") },
      ],
      invalid: [
        {
          code: "const openai = new OpenAI({ apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY, dangerouslyAllowBrowser: true });",
          errors: [{ messageId: "finding", line: 1, column: 37 }],
        },
        {
          code: 'const key = import.meta.env["VITE_GEMINI_API_KEY"];',
          errors: [{ messageId: "finding", line: 1, column: 13 }],
        },
        {
          code: "const { VITE_ANTHROPIC_KEY, VITE_API_URL } = import.meta.env;",
          errors: [{ messageId: "finding", line: 1, column: 9 }],
        },
        {
          code: "module.exports = {\n  env: {\n    OPENAI_API_KEY: process.env.OPENAI_API_KEY,\n  },\n};",
          filename: "next.config.js",
          errors: [{ messageId: "finding", line: 3, column: 5 }],
        },
        {
          code: "new webpack.DefinePlugin({ 'process.env.OPENAI_API_KEY': JSON.stringify(process.env.OPENAI_API_KEY) });",
          filename: "webpack.config.js",
          errors: [{ messageId: "finding", line: 1, column: 28 }],
        },
      ],
    });
  });
}

describe("client-side-provider-call, judged file by file", () => {
  const tester = new RuleTester({ languageOptions: { parser: tsParser, sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } } as never });
  tester.run("client-side-provider-call", clientSideCall, {
    valid: [
      // A server route: the same call is where it belongs.
      { code: 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function POST() { return openai.chat.completions.create({ model: "gpt-4o", messages: [] }); }', filename: "app/api/chat/route.ts" },
      // A client component calling its own API.
      { code: '"use client";\nexport async function ask(q: string) { return fetch("/api/chat", { method: "POST", body: q }); }', filename: "app/chat.tsx" },
      // A local model server without a key.
      { code: '"use client";\nfetch("http://localhost:11434/api/chat", { method: "POST" });', filename: "app/local.tsx" },
    ],
    invalid: [
      {
        code: '"use client";\nimport OpenAI from "openai";\nconst openai = new OpenAI({ apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY });\nexport const reply = (q: string) => openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] });',
        filename: "components/chat.tsx",
        errors: [{ messageId: "finding", line: 4 }],
      },
      {
        code: '"use client";\nconst BASE = "https://api.anthropic.com";\nexport const ask = (key: string) => fetch(`${BASE}/v1/messages`, { method: "POST", headers: { "x-api-key": key } });',
        filename: "components/ask.tsx",
        errors: [{ messageId: "finding", line: 3 }],
      },
      {
        // dangerouslyAllowBrowser is reported wherever it is.
        code: 'import OpenAI from "openai";\nexport const openai = new OpenAI({ dangerouslyAllowBrowser: true });',
        filename: "lib/openai.ts",
        errors: [{ messageId: "finding", line: 2, column: 36 }],
      },
    ],
  });

  it("treats a Vite SPA package's files as browser code", () => {
    const dir = mkdtempSync(join(tmpdir(), "aigis-eslint-spa-"));
    try {
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "spa", dependencies: { vite: "^7", "@google/generative-ai": "^0.21" } }));
      writeFileSync(join(dir, "index.html"), "<!doctype html><script type=module src=/src/main.ts></script>");
      const linter = new Linter({ cwd: dir });
      const code = 'import { GoogleGenerativeAI } from "@google/generative-ai";\nconst model = new GoogleGenerativeAI(import.meta.env.VITE_KEY).getGenerativeModel({ model: "gemini-1.5-flash" });\nexport const ask = (q: string) => model.generateContent(q);\n';
      const messages = linter.verify(code, [{ files: ["**/*.ts"], languageOptions: { parser: tsParser }, plugins: { aigis: aigis as never }, rules: { "aigis/client-side-provider-call": "error" } }], join(dir, "src", "gemini.ts"));
      expect(messages.map((m) => [m.line, m.message.split(" (")[0]])).toEqual([[3, "Google Gemini"]]);
      expect(messages[0]!.message).toMatch(/Vite single-page app/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("ESLint API with the recommended flat config", () => {
  const dir = mkdtempSync(join(tmpdir(), "aigis-eslint-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reports both rules with positions, and nothing on clean files", async () => {
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "web", dependencies: { vite: "^7.0.0" } }));
    writeFileSync(join(dir, "src", "ai.ts"), `import OpenAI from "openai";\n\nexport const openai = new OpenAI({\n  apiKey: import.meta.env.VITE_OPENAI_API_KEY,\n  dangerouslyAllowBrowser: true,\n});\n\nexport const backup = "${OPENAI_KEY}";\n`);
    writeFileSync(join(dir, "src", "clean.ts"), `export async function ask(message: string) {\n  const res = await fetch("/api/chat", { method: "POST", body: JSON.stringify({ message }) });\n  return res.json();\n}\n`);

    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tsParser } }, aigis.configs.recommended as never],
    });
    const results = await eslint.lintFiles(["src/**/*.ts"]);
    const byFile = Object.fromEntries(results.map((r) => [r.filePath.slice(dir.length + 1), r.messages.map((m) => [m.ruleId, m.line, m.column, m.severity])]));
    expect(byFile).toEqual({
      "src/ai.ts": [
        ["aigis/client-exposed-key", 4, 11, 2],
        ["aigis/client-side-provider-call", 5, 3, 2],
        ["aigis/hardcoded-provider-key", 8, 24, 2],
      ],
      "src/clean.ts": [],
    });
    // The message explains and never quotes the key.
    const messages = results.flatMap((r) => r.messages.map((m) => m.message));
    expect(messages.join("\n")).not.toContain(OPENAI_KEY.slice(8, 30));
    expect(messages[0]).toMatch(/VITE_OPENAI_API_KEY/);
  });

  it("in an AI SDK's own repository, reports the package's demo and leaves its published source alone, as the CLI does", async () => {
    const fixture = join(REPO_ROOT, "fixtures", "sdk-monorepo");
    const eslint = new ESLint({
      cwd: fixture,
      overrideConfigFile: true,
      overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tsParser } }, aigis.configs.recommended as never],
    });
    const results = await eslint.lintFiles(["packages/relay/**/*.ts"]);
    const byFile = Object.fromEntries(results.map((r) => [r.filePath.slice(fixture.length + 1), r.messages.map((m) => [m.ruleId, m.line])]));
    expect(byFile).toEqual({
      "packages/relay/examples/basic.ts": [["aigis/missing-output-token-cap", 6]],
      "packages/relay/src/handler.ts": [],
      "packages/relay/src/index.ts": [],
      "packages/relay/src/relay.ts": [],
    });
  });

  it("exposes plugin metadata and a recommended config naming every ESLint-capable rule", () => {
    expect(aigis.meta.name).toBe("aigis");
    expect(Object.keys(aigis.configs.recommended!.rules!).sort()).toEqual(ESLINT_RULES.map((id) => `aigis/${id}`));
  });
});

describe("the package entry point", () => {
  it('resolves `import aigis from "aigis/eslint-plugin"` to the built plugin', () => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", 'import aigis from "aigis/eslint-plugin"; console.log(Object.keys(aigis.rules).sort().join(","), Object.keys(aigis.configs).join(","))'], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(out.trim()).toBe(`${ESLINT_RULES.join(",")} recommended`);
  });

  it("the built entry (one bundled module, loaded quickly by every ESLint run) finds what the sources find", async () => {
    ensureBuilt();
    const built = (await import(join(REPO_ROOT, "dist", "eslint-plugin.js"))).default as typeof aigis;
    const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tsParser }, ...built.configs.recommended }] });
    const code = `import OpenAI from "openai";\nexport const client = new OpenAI({ apiKey: "${OPENAI_KEY}" });\n`;
    const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, "fixtures", "editor-only", "client.ts") });
    expect(result!.messages.map((m) => [m.ruleId, m.line])).toEqual([["aigis/hardcoded-provider-key", 2]]);
    expect(result!.messages[0]!.message).not.toContain(OPENAI_KEY);
  });
});

describe("data-flow findings in the editor", () => {
  it("carry the same path as the CLI's: source, steps, sink", async () => {
    const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: [{ files: ["**/*.js"], plugins: { aigis }, rules: { "aigis/untrusted-input-in-instructions": "error" } }] });
    const code = [
      'import express from "express";',
      'import OpenAI from "openai";',
      "const openai = new OpenAI();",
      "const app = express();",
      'app.post("/a", async (req, res) => {',
      "  const persona = req.body.persona;",
      '  res.json(await openai.chat.completions.create({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "system", content: "You are " + persona }] }));',
      "});",
      "",
    ].join("\n");
    const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, "fixtures", "editor-only", "app.js") });
    expect(result!.messages.map((m) => [m.ruleId, m.line])).toEqual([["aigis/untrusted-input-in-instructions", 7]]);
    expect(result!.messages[0]!.message).toMatch(/ Path: request body \(req\.body\.persona\) \(fixtures\/editor-only\/app\.js:6\) → /);
  });
});

describe("the shared parse", () => {
  it("reuses typescript-eslint's TypeScript tree instead of parsing the file again; espree-parsed files are parsed once by aigis", async () => {
    const { FileFacts } = await import("../src/facts/file-facts.js");
    const adopted: boolean[] = [];
    const original = FileFacts.prototype.adoptSyntaxTree;
    FileFacts.prototype.adoptSyntaxTree = function (this: InstanceType<typeof FileFacts>, ...args: Parameters<typeof original>) {
      const result = original.apply(this, args);
      adopted.push(result);
      return result;
    };
    try {
      const code = `export const k = "${OPENAI_KEY}";\n`;
      const lint = (parser?: unknown) =>
        new ESLint({ overrideConfigFile: true, overrideConfig: [{ files: ["**/*.ts"], ...(parser ? { languageOptions: { parser: parser as never } } : {}), plugins: { aigis }, rules: { "aigis/hardcoded-provider-key": "error", "aigis/client-side-provider-call": "error" } }] }).lintText(code, { filePath: "src/key.ts" });
      const [withTs] = await lint(tsParser);
      expect(withTs!.messages.map((m) => [m.ruleId, m.line])).toEqual([["aigis/hardcoded-provider-key", 1]]);
      expect(adopted).toEqual([true]);
      adopted.length = 0;
      const [withEspree] = await lint();
      // espree cannot read TypeScript-only syntax, but this line is plain JS; no TS tree to reuse.
      expect(withEspree!.messages.map((m) => [m.ruleId, m.line])).toEqual([["aigis/hardcoded-provider-key", 1]]);
      expect(adopted).toEqual([]);
    } finally {
      FileFacts.prototype.adoptSyntaxTree = original;
    }
  });
});

describe("a reused typescript-eslint tree", () => {
  it("gives the same findings as aigis' own parse, on .js and .ts files", async () => {
    const code = 'import OpenAI from "openai";\nconst openai = new OpenAI({\n  baseURL: "http://llm-gateway.lan:8080/v1",\n});\n';
    for (const filePath of ["src/gateway.js", "src/gateway.ts"]) {
      const lint = (parser?: unknown) =>
        new ESLint({ overrideConfigFile: true, overrideConfig: [{ files: ["**/*.js", "**/*.ts"], ...(parser ? { languageOptions: { parser: parser as never } } : {}), plugins: { aigis }, rules: { "aigis/insecure-provider-transport": "error" } }] }).lintText(code, { filePath });
      const [ours] = await lint(filePath.endsWith(".js") ? undefined : null);
      const [reused] = await lint(tsParser);
      expect(reused!.messages.map((m) => [m.ruleId, m.line])).toEqual([["aigis/insecure-provider-transport", 3]]);
      if (filePath.endsWith(".js")) expect(ours!.messages.map((m) => [m.ruleId, m.line])).toEqual([["aigis/insecure-provider-transport", 3]]);
    }
  });
});
