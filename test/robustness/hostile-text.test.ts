/**
 * aigis' own patterns on text the scanned app controls: each case below is a shape that
 * made a pattern read the same stretch again from each of many starting points. Each took
 * between 7 s and 120 s on 400 KB, and a file at the 2 MB limit would take 25 times longer
 * still. Every pattern now reads each stretch a bounded number of times. The unit cases
 * show the semantics are kept. The scans show that a whole project of such files finishes,
 * with the findings of its ordinary files.
 */
import { describe, expect, it } from "vitest";
import { scan } from "../../src/engine/scan.js";
import { parseEnvFile } from "../../src/facts/env-file.js";
import { scanImports, typeOnlyExports } from "../../src/facts/imports.js";
import { scriptBlocks } from "../../src/facts/script-blocks.js";
import { TEMPLATE_HTML_DIRECTIVES } from "../../src/knowledge/output-sinks.js";
import { fieldSnippet } from "../../src/model/flow/schemas.js";
import { identifierWords, pathBeforeParameters, trimRun } from "../../src/util/text.js";
import { tempProjects } from "../helpers/temp-projects.js";

const write = tempProjects("aigis-hostile-");
/** Enough newlines that a file of one long line is not taken for a minified bundle (those are not parsed). */
const LINES = "\n".repeat(4_000);
const N = 400_000;
/** A generous bound on what takes milliseconds when linear (each case took 7–120 s before). */
const GUARD_MS = 10_000;

/** Runs `check` and fails when it took longer than the guard. */
function withinGuard(check: () => void): void {
  const started = Date.now();
  check();
  expect(Date.now() - started).toBeLessThan(GUARD_MS);
}

describe("patterns read each stretch of hostile text a bounded number of times", () => {
  it("env lines: a long run of tabs before a stray carriage return", () => {
    withinGuard(() => {
      expect(parseEnvFile(`p:${"\t".repeat(N)}\rx\n`)).toEqual([]);
      const [entry] = parseEnvFile("export OPENAI_API_KEY = \t sk-abc \nEMPTY=\t\n");
      expect(entry).toMatchObject({ name: "OPENAI_API_KEY", value: "sk-abc" });
      expect(parseEnvFile("EMPTY=\t\n")).toMatchObject([{ name: "EMPTY", value: "" }]);
    });
  });

  it("import and export clauses: thousands of unclosed `import {` and `export {`", () => {
    withinGuard(() => {
      const imports = scanImports(`${"import {".repeat(N / 8)}\nimport Client, { type Options, chat as ask } from "./client";\n`).imports;
      expect(imports.map((i) => [i.specifier, i.names])).toEqual([
        [
          "./client",
          [
            { imported: "default", local: "Client" },
            { imported: "chat", local: "ask" },
          ],
        ],
      ]);
      expect(scanImports(`${"export {".repeat(N / 8)}\nexport { chat } from "./chat";\n`).imports.map((i) => i.specifier)).toEqual(["./chat"]);
      expect(scanImports('import * as ai from "ai";\nimport React, * as all from "react";\nimport type from "./type";\n').imports.map((i) => [i.specifier, i.names.map((n) => n.local)])).toEqual([
        ["ai", ["ai"]],
        ["react", ["all", "React"]],
        ["./type", ["type"]],
      ]);
      expect([...typeOnlyExports(`export type Props = {};\n${"export{".repeat(N / 7)}`)]).toEqual(["Props"]);
      expect(scanImports(`const {${"const {".repeat(N / 7)} = require("./b");\nconst { b } = require("./b");\n`).imports.map((i) => i.names)).toEqual([[], [{ imported: "b", local: "b" }]]);
    });
  });

  it("Svelte {@html} and Astro set:html: unclosed openers, and an opener before a run of spaces", () => {
    withinGuard(() => {
      const [svelte] = TEMPLATE_HTML_DIRECTIVES.svelte;
      const [astro] = TEMPLATE_HTML_DIRECTIVES.astro;
      expect([..."{@html ".repeat(N / 7).matchAll(svelte!)]).toEqual([]);
      expect([...`{@html${" ".repeat(N)}x`.matchAll(svelte!)]).toEqual([]);
      expect([...' set:html={'.repeat(N / 11).matchAll(astro!)]).toEqual([]);
      // One level of braces inside the expression is read whole (it used to stop at the inner `}`).
      expect([..."<p>{@html marked(answer, { breaks: true })}</p>".matchAll(svelte!)].map((m) => m[1])).toEqual(["marked(answer, { breaks: true })"]);
      expect([...'<div set:html={render({ text: reply })} />'.matchAll(astro!)].map((m) => m[1])).toEqual(["render({ text: reply })"]);
    });
  });

  it("script blocks: thousands of unclosed <script> tags", () => {
    withinGuard(() => {
      expect(scriptBlocks("<script>".repeat(N / 8))).toEqual([{ start: 0, attrs: "", bodyStart: 8, bodyEnd: N, closed: false }]);
      expect(scriptBlocks('<p></p><script type="module">a()</script><script src="x.js"></script>')).toEqual([
        { start: 7, attrs: ' type="module"', bodyStart: 29, bodyEnd: 32, closed: true },
        { start: 41, attrs: ' src="x.js"', bodyStart: 60, bodyEnd: 60, closed: true },
      ]);
    });
  });

  it("schema fields, identifier words and route paths", () => {
    withinGuard(() => {
      expect(fieldSnippet(`subject${" ".repeat(N)}x`, "subject")).toBeUndefined();
      expect(fieldSnippet("const Body = z.object({\n  subject ?: z.string().max(80),\n});", "subject")).toBe(" subject ?: z.string().max(80)");
      expect(identifierWords("A".repeat(N))).toEqual(["a".repeat(N)]);
      expect(identifierWords("HTTPServerURL")).toEqual(["http", "server", "url"]);
      expect(identifierWords("NEXT_PUBLIC_OPENAI_API_KEY")).toEqual(["next", "public", "openai", "api", "key"]);
      expect(trimRun(`${"/".repeat(N)}x${"/".repeat(N)}`, "/", "both")).toBe("x");
      expect(trimRun("/api/", "/")).toBe("/api");
      expect(trimRun("//api", "/", "start")).toBe("api");
      expect(pathBeforeParameters("/api/chat/:id/[slug]")).toBe("/api/chat");
      expect(pathBeforeParameters("/:".repeat(N / 2))).toBe("");
      expect(pathBeforeParameters("/api/chat")).toBe("/api/chat");
    });
  });
});

describe("a project made of such files is scanned to the end", () => {
  it("gives the findings of its ordinary files", { timeout: 120_000 }, async () => {
    const dir = write({
      "package.json": JSON.stringify({ name: "hostile", dependencies: { openai: "^4", svelte: "^4", astro: "^4" } }),
      ".env": `p:${"\t".repeat(N)}\rx\n`,
      "src/imports.ts": `${"import {".repeat(N / 8)}${LINES}`,
      "src/exports.ts": `${"export {".repeat(N / 8)}${LINES}`,
      "src/credential.ts": `if (a === b) {}\n${"{ apiKey ".repeat(N / 9)}${LINES}`,
      "src/logs.ts": `const p = "x";\nconsole.log${" ".repeat(N)}x\n${LINES}`,
      "src/Html.svelte": `<script>\nlet reply = "";\n</script>\n{@html${" ".repeat(N)}${LINES}`,
      "src/Set.astro": `---\nconst a = 1;\n---\n${" set:html={".repeat(N / 11)}${LINES}`,
      "src/routes.ts": `import express from "express";\nconst app = express();\napp.get("${"/".repeat(N)}", (req, res) => res.end());\n${LINES}`,
      "src/leak.ts": 'import OpenAI from "openai";\nexport const client = new OpenAI({ apiKey: "sk-proj-Zq3t8Xw2Lm9Vb4Nc7Hd1Kf6Jp0Rs5Ty2Ue8Wi3Oa7Sg1Dh4Fj9Gk2Lz5Xc8Vb3Nm6Qw1" });\n',
    });
    const result = await scan({ target: dir });
    expect(result.findings.filter((f) => f.ruleId === "hardcoded-provider-key").map((f) => [f.file, f.line])).toEqual([["src/leak.ts", 2]]);
    expect(result.stats.files).toBe(10);
  });
});
