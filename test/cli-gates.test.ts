/**
 * The options a CI gate is built from (`--quiet`, `--max-warnings`, `-f markdown`), run
 * in process through the CLI's own `main` (cli.test.ts spawns the built launcher for
 * what only a real process shows).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { makeKeys } from "./helpers/cli.js";

const K = makeKeys(0x6a7e_5eed);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
  const code = await main(["node", "aigis", ...args], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

interface SarifLog {
  runs: Array<{
    results: Array<{ ruleId: string; baselineState?: string; suppressions?: unknown[]; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }>;
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string }; locations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
  }>;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "aigis-gates-"));
  const files: Record<string, string> = {
    // One error (a key in code) and one warning (the same key in two environments' ignored env files).
    ".gitignore": ".env*\n",
    "src/keys.js": `export const groq = "${K.groq.value}";\n`,
    ".env.development": `OPENAI_API_KEY=${K.openai.value}\n`,
    ".env.production": `OPENAI_API_KEY=${K.openai.value}\n`,
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("CI gate options", () => {
  it("the project has one error and one warning", async () => {
    const run = await cli(["scan", dir, "-f", "json"]);
    const findings = (JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; severity: string }> }).findings;
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["shared-key-across-environments", "warning"],
      ["hardcoded-provider-key", "error"],
    ]);
  });

  it("--quiet reports the error only", async () => {
    const run = await cli(["scan", dir, "-f", "json", "--quiet"]);
    expect((JSON.parse(run.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId)).toEqual(["hardcoded-provider-key"]);
    expect(run.code).toBe(1);
  });

  it("--max-warnings fails on errors always and on warnings only past the count", async () => {
    expect((await cli(["scan", dir, "--max-warnings", "5"])).code).toBe(1);
    // Without the error: one warning is within 1, not within 0.
    const warningsOnly = join(dir, "..", `${dir.split("/").pop()}-w`);
    mkdirSync(warningsOnly);
    try {
      writeFileSync(join(warningsOnly, ".gitignore"), ".env*\n");
      writeFileSync(join(warningsOnly, ".env.development"), `OPENAI_API_KEY=${K.openai.value}\n`);
      writeFileSync(join(warningsOnly, ".env.production"), `OPENAI_API_KEY=${K.openai.value}\n`);
      expect((await cli(["scan", warningsOnly, "--max-warnings", "1"])).code).toBe(0);
      expect((await cli(["scan", warningsOnly, "--max-warnings", "0"])).code).toBe(1);
      expect((await cli(["scan", warningsOnly, "--max-warnings", "-1"])).code).toBe(2);
    } finally {
      rmSync(warningsOnly, { recursive: true, force: true });
    }
  });

  it("-f markdown gives findings by rule, the whole checklist and each finding with its fix, never a key", async () => {
    const run = await cli(["scan", dir, "-f", "markdown"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^## aigis: AI API security checklist\n\n2 findings \(1 error, 1 warning, 0 info\) in 4 files\./);
    expect(run.stdout).toContain("| [hardcoded-provider-key](https://github.com/aigis-dev/aigis/blob/main/docs/rules/hardcoded-provider-key.md) | AK-1 | 1 |");
    expect(run.stdout).toMatch(/\| \*\*AK-1\*\* No provider key is written into the repository.* \| ❌ fail \| 1 finding \|/);
    expect(run.stdout).toMatch(/\| \*\*AK-6\*\* .* \| 👤 manual \| check by hand \|/);
    expect(run.stdout).toMatch(/- \*\*error\*\* `src\/keys\.js:1` A Groq API key is written in this file\. \(hardcoded-provider-key, AK-1\)\n  Fix: /);
    expect(run.stdout.match(/^\| \*\*[A-Z]{2}-\d\*\*/gm)).toHaveLength(31);
    expect(run.stdout).not.toContain(K.groq.value.slice(4, 20));
    expect(run.stdout).not.toContain(K.openai.value.slice(8, 24));
  });
});

describe("accepted findings in the checklist", () => {
  it("an item whose only findings are suppressed reads accepted (with the reasons), never pass; baselined ones likewise", async () => {
    const project = mkdtempSync(join(tmpdir(), "aigis-accepted-"));
    try {
      mkdirSync(join(project, "src"));
      writeFileSync(
        join(project, "src", "demo.js"),
        [`// aigis-disable-next-line hardcoded-provider-key -- revoked demo key */`, `export const a = "${K.groq.value}";`, `export const b = "${K.google.value}"; // aigis-disable-line hardcoded-provider-key`, ""].join("\n"),
      );
      const run = await cli(["scan", project, "-f", "json"]);
      const report = JSON.parse(run.stdout) as { findings: unknown[]; checklist: Array<{ id: string; status: string; accepted?: unknown }> };
      expect(report.findings).toEqual([]);
      expect(run.code).toBe(0);
      expect(report.checklist.find((c) => c.id === "AK-1")).toMatchObject({ status: "accepted", findings: 0, accepted: { suppressed: 2, baselined: 0, reasons: ["revoked demo key"] } });
      const text = await cli(["scan", project, "--no-color"]);
      expect(text.stdout).toMatch(/ACCEPTED AK-1 .*2 suppressed \("revoked demo key"\)/);
      const suppressedSarif = JSON.parse((await cli(["scan", project, "-f", "sarif"])).stdout) as SarifLog;
      expect(suppressedSarif.runs[0]!.results.map((r) => [r.locations[0]!.physicalLocation.region.startLine, r.suppressions])).toEqual([
        [2, [{ kind: "inSource", justification: "revoked demo key" }]],
        [3, [{ kind: "inSource" }]],
      ]);

      // The same keys, unsuppressed and accepted through a baseline instead.
      writeFileSync(join(project, "src", "demo.js"), `export const a = "${K.groq.value}";\n`);
      const baseline = join(project, "baseline.json");
      await cli(["scan", project, "-f", "json", "-o", baseline]);
      const later = JSON.parse((await cli(["scan", project, "-f", "json", "--baseline", baseline])).stdout) as typeof report;
      expect(later.checklist.find((c) => c.id === "AK-1")).toMatchObject({ status: "accepted", accepted: { suppressed: 0, baselined: 1, reasons: [] } });
      // SARIF keeps it, closed: code scanning shows it as dismissed by the baseline, not as gone.
      const sarif = JSON.parse((await cli(["scan", project, "-f", "sarif", "--baseline", baseline])).stdout) as SarifLog;
      expect(sarif.runs[0]!.results.map((r) => [r.ruleId, r.baselineState, r.suppressions])).toEqual([["hardcoded-provider-key", "unchanged", [{ kind: "external", justification: "accepted in the baseline" }]]]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe("SARIF invocations", () => {
  it("list skipped files and warnings as notifications with their files", async () => {
    const project = mkdtempSync(join(tmpdir(), "aigis-invocation-"));
    try {
      writeFileSync(join(project, "big.js"), `// ${"x".repeat(200)}\n`);
      writeFileSync(join(project, "small.js"), "export const a = 1;\n");
      const log = JSON.parse((await cli(["scan", project, "-f", "sarif", "--max-file-size", "100"])).stdout) as SarifLog;
      const [invocation] = log.runs[0]!.invocations;
      expect(invocation!.executionSuccessful).toBe(true);
      expect(invocation!.toolExecutionNotifications).toEqual([{ level: "note", message: { text: expect.stringMatching(/^skipped: larger than 100 B/) }, locations: [{ physicalLocation: { artifactLocation: { uri: "big.js", uriBaseId: "SRCROOT" } } }] }]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
