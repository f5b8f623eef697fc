/**
 * The CLI as a user runs it: the built launcher (`node bin/aigis.js …`) in a child
 * process, on small projects written to a temp dir by each test. Behaviour only: exit
 * codes, what goes to stdout / stderr / files, the report formats, config, suppressions,
 * and that no secret ever reaches any output.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withoutAdvisory } from "./helpers/advisory.js";
import { BIN, ensureBuilt, leakedSlices, makeKeys, REPO_ROOT, runCli, type CliResult } from "./helpers/cli.js";

const K = makeKeys(0x5eed_a161);
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

const CHECKLIST_IDS = [
  "AK-1", "AK-2", "AK-3", "AK-4", "AK-5", "AK-6", "AK-7", "CS-1", "AU-1", "AU-2", "AU-3", "AU-4", "RL-1", "RL-2", "RL-3", "RL-4",
  "PI-1", "PI-2", "PI-3", "OF-1", "OF-2", "OF-3", "EH-1", "LG-1", "LG-2", "LG-3", "DP-1", "DP-2", "TR-1", "TR-2", "OP-1",
];

const ANSI = /\u001b\[/;

let base: string;
let counter = 0;

/** A fresh project directory under the suite's temp dir, with these files in it. */
function project(files: Record<string, string>): string {
  const dir = join(base, `p${++counter}`);
  mkdirSync(dir);
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

interface JsonFinding {
  ruleId: string;
  checklist: string[];
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fingerprint: string;
  snippet: string;
}
interface JsonChecklistItem {
  id: string;
  title: string;
  status: "fail" | "pass" | "n/a" | "manual";
  findings: number;
  judged: number;
  rules: string[];
  attestation?: { by: string; date: string; note?: string };
}
interface JsonReport {
  tool: { name: string; version: string };
  findings: JsonFinding[];
  checklist: JsonChecklistItem[];
  stats: { files: number; bytes: number; durationMs: number; skipped: unknown[]; warnings: unknown[]; suppressed: number; baselined: number };
}

async function scanJson(args: string[]): Promise<{ run: CliResult; report: JsonReport }> {
  const run = await runCli(["scan", ...args, "--format", "json"]);
  expect(run.stderr).not.toMatch(/internal error/);
  return { run, report: JSON.parse(run.stdout) as JsonReport };
}

function item(report: JsonReport, id: string): JsonChecklistItem {
  const found = report.checklist.find((c) => c.id === id);
  expect(found, `checklist item ${id}`).toBeDefined();
  return found!;
}

/** Every fake key in a plain list (lines 2–6): only their shapes say what they are. */
function keysList(): string {
  return ["export const rows = [", ...[K.openai, K.anthropic, K.groq, K.google, K.github].map((k) => `  "${k.value}",`), "];", ""].join("\n");
}

/** A JS file with every fake key, one per line (lines 2–6). */
function keysModule(): string {
  return [
    "// provider clients",
    `const openaiKey = "${K.openai.value}";`,
    `const anthropicKey = "${K.anthropic.value}";`,
    `const groqKey = "${K.groq.value}";`,
    `const geminiKey = "${K.google.value}";`,
    `const ghToken = "${K.github.value}";`,
    "export { openaiKey, anthropicKey, groqKey, geminiKey, ghToken };",
    "",
  ].join("\n");
}

const CLEAN_FILES = {
  "index.js": 'import { answer } from "./lib/answer.js";\nconsole.log(answer());\n',
  "lib/answer.js": "export function answer() {\n  return 42;\n}\n",
  "README.md": "# A small app\n\nNothing secret here.\n",
};

beforeAll(() => {
  ensureBuilt();
  base = mkdtempSync(join(tmpdir(), "aigis-cli-"));
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe("usage", () => {
  it("--help prints usage on stdout and exits 0", async () => {
    const run = await runCli(["--help"], { spawn: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: aigis/);
    expect(run.stdout).toMatch(/\bscan\b/);
    expect(run.stderr).toBe("");
  });

  it("scan --help lists the scan options and exits 0", async () => {
    const run = await runCli(["scan", "--help"]);
    expect(run.code).toBe(0);
    for (const option of ["--format", "--output", "--fail-on", "--config", "--ignore", "--baseline", "--no-color"]) expect(run.stdout).toContain(option);
  });

  it("--version prints the package.json version and exits 0", async () => {
    const run = await runCli(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(VERSION);
  });

  it("an unknown command exits 2 with a message on stderr", async () => {
    const run = await runCli(["frobnicate"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command/);
    expect(run.stdout).toBe("");
  });

  it("an unknown option exits 2 with a message on stderr", async () => {
    const run = await runCli(["scan", "--frobnicate", base]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option/);
    expect(run.stdout).toBe("");
  });

  it("an invalid option value exits 2 with a message on stderr", async () => {
    const format = await runCli(["scan", base, "--format", "xml"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/xml/);
    const size = await runCli(["scan", base, "--max-file-size", "lots"]);
    expect(size.code).toBe(2);
    expect(size.stderr).toMatch(/max-file-size/);
    expect(size.stderr).toMatch(/lots/);
  });

  it("scanning a path that does not exist exits 2", async () => {
    const run = await runCli(["scan", join(base, "no-such-dir")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/path does not exist/);
    expect(run.stderr).not.toMatch(/internal error/);
  });

  it("an --output file that cannot be written exits 2 with a message, not a crash", async () => {
    const dir = project(CLEAN_FILES);
    const run = await runCli(["scan", dir, "--output", join(base, "missing-dir", "report.txt")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot write the report/);
    expect(run.stderr).not.toMatch(/internal error/);
  });
});

describe("pipes", () => {
  it("a reader that stops early (`aigis scan | head`) ends the run quietly, with its exit code", async () => {
    // ~1000 findings: far more text than a pipe buffer holds, so the write is cut off.
    const dir = project({ "src/many.js": Array.from({ length: 1000 }, (_, i) => `export const k${i} = "${K.groq.value}";`).join("\n") });
    const env = { ...process.env };
    delete env.FORCE_COLOR;
    delete env.NO_COLOR;
    const child = spawn(process.execPath, [BIN, "scan", dir], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|internal error/);
    expect(code).toBe(1);
  });
});

describe("exit codes", () => {
  it("exits 1 when there is a finding at or above the default threshold (warning)", async () => {
    const dir = project({ "src/ai.js": keysModule() });
    const run = await runCli(["scan", dir], { spawn: true });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/hardcoded-provider-key/);
  });

  it("exits 0 on a clean directory", async () => {
    const run = await runCli(["scan", project(CLEAN_FILES)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/No findings\./);
  });

  describe("with only a warning-level finding (AK-4: one key in development and production)", () => {
    let dir: string;
    beforeAll(() => {
      // The env files are git-ignored (and there is no repository), so AK-1 and AK-3 stay quiet.
      dir = project({
        ".gitignore": "node_modules\n.env*\n",
        ".env.development": `OPENAI_API_KEY=${K.openai.value}\n`,
        ".env.production": `OPENAI_API_KEY=${K.openai.value}\n`,
        "index.js": "export const model = 'gpt-4o-mini';\n",
      });
    });

    it("reports exactly that warning", async () => {
      const { run, report } = await scanJson([dir]);
      expect(report.findings.map((f) => [f.ruleId, f.severity, f.file])).toEqual([["shared-key-across-environments", "warning", ".env.production"]]);
      expect(run.code).toBe(1);
    });

    it("--fail-on error exits 0", async () => {
      expect((await runCli(["scan", dir, "--fail-on", "error"])).code).toBe(0);
    });

    it("--fail-on info exits 1", async () => {
      expect((await runCli(["scan", dir, "--fail-on", "info"])).code).toBe(1);
    });

    it('the config\'s "failOn" is used when no flag is given, and the flag wins over it', async () => {
      writeFileSync(join(dir, "aigis.config.json"), JSON.stringify({ failOn: "error" }));
      try {
        expect((await runCli(["scan", dir])).code).toBe(0);
        expect((await runCli(["scan", dir, "--fail-on", "warning"])).code).toBe(1);
      } finally {
        rmSync(join(dir, "aigis.config.json"));
      }
    });
  });

  it("--fail-on none exits 0 even with error findings", async () => {
    const run = await runCli(["scan", project({ "src/ai.js": keysModule() }), "--fail-on", "none"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/hardcoded-provider-key/);
  });
});

describe("--format json", () => {
  let dir: string;
  beforeAll(() => {
    dir = project({
      "src/ai.js": keysModule(),
      "src/b/more.ts": `export const cfg = {\n  provider: "groq",\n  apiKey: "${K.groq.value}",\n};\n`,
      ".env": `OPENAI_API_KEY=${K.openai.value}\nNEXT_PUBLIC_OPENAI_API_KEY=${K.openai.value}\n`,
      "package.json": JSON.stringify({ name: "demo", dependencies: { next: "15.0.0", openai: "5.0.0" } }),
      "docs/setup.md": `Set the key:\n\n    export GEMINI_API_KEY=${K.google.value}\n`,
    });
  });

  it("prints exactly one JSON document of the documented shape", async () => {
    const { run, report } = await scanJson([dir]);
    expect(run.code).toBe(1);
    expect(run.stdout.trim().startsWith("{")).toBe(true);
    expect(Object.keys(report).sort()).toEqual(["checklist", "findings", "stats", "tool"]);
    expect(report.tool).toEqual({ name: "aigis", version: VERSION });

    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings) {
      expect(f).toMatchObject({
        ruleId: expect.any(String),
        checklist: expect.any(Array),
        severity: expect.stringMatching(/^(error|warning|info)$/),
        file: expect.any(String),
        line: expect.any(Number),
        column: expect.any(Number),
        endLine: expect.any(Number),
        endColumn: expect.any(Number),
        message: expect.any(String),
        fingerprint: expect.stringMatching(/^[0-9a-f]{16,}$/),
      });
      expect(f.file).not.toMatch(/^\/|\\/); // relative, forward slashes
      expect(f.line).toBeGreaterThanOrEqual(1);
      expect(f.column).toBeGreaterThanOrEqual(1);
      expect(f.endLine * 1e6 + f.endColumn).toBeGreaterThanOrEqual(f.line * 1e6 + f.column);
      for (const c of f.checklist) expect(CHECKLIST_IDS).toContain(c);
    }

    for (const c of report.checklist) {
      expect(c).toMatchObject({ id: expect.any(String), title: expect.any(String), status: expect.stringMatching(/^(fail|pass|n\/a|manual)$/), findings: expect.any(Number) });
      expect(c.findings).toBe(report.findings.filter((f) => f.checklist.includes(c.id)).length);
      if (c.findings > 0) expect(c.status).toBe("fail");
    }

    expect(report.stats).toMatchObject({ files: expect.any(Number), bytes: expect.any(Number), durationMs: expect.any(Number), skipped: expect.any(Array) });
    expect(report.stats.files).toBe(5);
    expect(report.stats.bytes).toBeGreaterThan(0);
  });

  it("lists all 31 checklist items, AK-1 … OP-1, in order", async () => {
    const { report } = await scanJson([dir]);
    expect(report.checklist.map((c) => c.id)).toEqual(CHECKLIST_IDS);
  });

  it("sorts findings by file, line, column, rule", async () => {
    const { report } = await scanJson([dir]);
    const files = new Set(report.findings.map((f) => f.file));
    expect(files.size).toBeGreaterThanOrEqual(3); // the order is actually exercised
    const key = (f: JsonFinding) => [f.file, f.line, f.column, f.ruleId] as const;
    for (let i = 1; i < report.findings.length; i++) {
      const [a, b] = [key(report.findings[i - 1]!), key(report.findings[i]!)];
      const cmp = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0);
      expect(cmp, `${a.join(":")} before ${b.join(":")}`).toBeLessThanOrEqual(0);
    }
  });

  it("--output writes the same document to a file (and nothing to stdout)", async () => {
    const out = join(base, "report-output.json");
    const toFile = await runCli(["scan", dir, "--format", "json", "--output", out]);
    expect(toFile.code).toBe(1);
    expect(toFile.stdout).toBe("");
    expect(toFile.stderr).toContain(out);
    const written = JSON.parse(readFileSync(out, "utf8")) as JsonReport;
    const { report } = await scanJson([dir]);
    written.stats.durationMs = report.stats.durationMs = 0;
    expect(written).toEqual(report);
  });

  it("is deterministic: two runs give identical findings and checklist", async () => {
    const [first, second] = await Promise.all([scanJson([dir]), scanJson([dir])]);
    expect(second.report.findings).toEqual(first.report.findings);
    expect(second.report.checklist).toEqual(first.report.checklist);
    expect(second.run.stdout.replace(/"durationMs": \d+/, "")).toBe(first.run.stdout.replace(/"durationMs": \d+/, ""));
  });

  it("never contains colour codes, even with FORCE_COLOR", async () => {
    const run = await runCli(["scan", dir, "--format", "json"], { env: { FORCE_COLOR: "1" } });
    expect(run.stdout).not.toMatch(ANSI);
    JSON.parse(run.stdout);
  });
});

describe("--format sarif", () => {
  it("is a SARIF 2.1.0 log whose results point at declared rules", async () => {
    const dir = project({ "src/ai.js": keysModule(), ".env": `ANTHROPIC_API_KEY=${K.anthropic.value}\n` });
    const run = await runCli(["scan", dir, "--format", "sarif"], { spawn: true });
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif/);
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe("aigis");
    expect(driver.version).toBe(VERSION);
    expect(Array.isArray(driver.rules)).toBe(true);
    const ruleIds: string[] = driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toContain("hardcoded-provider-key");
    for (const r of driver.rules) expect(r.shortDescription.text).toEqual(expect.any(String));
    // Each rule links to its generated page in the repository (docs/rules/<id>.md).
    for (const r of driver.rules) expect(r.helpUri).toMatch(new RegExp(`^https://github\\.com/[^/]+/[^/]+/blob/main/docs/rules/${r.id}\\.md$`));
    expect(driver.informationUri).toMatch(/^https:\/\/github\.com\//);
    for (const r of driver.rules) expect(["very-high", "high", "medium", "low"]).toContain(r.properties.precision);
    expect(driver.rules.find((r: { id: string }) => r.id === "hardcoded-provider-key").properties.precision).toBe("very-high");

    const results = log.runs[0].results as Array<Record<string, any>>;
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(ruleIds).toContain(r.ruleId);
      expect(driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(["error", "warning", "note"]).toContain(r.level);
      expect(r.message.text).toEqual(expect.any(String));
      expect(r.locations).toHaveLength(1);
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toEqual(expect.any(String));
      expect(loc.artifactLocation.uri).not.toMatch(/^\//);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
      expect(r.partialFingerprints).toEqual({ "aigis/v1": expect.stringMatching(/^[0-9a-f]+$/) });
    }
    // The same findings as the JSON report, fingerprint for fingerprint.
    const { report } = await scanJson([dir]);
    expect(results.map((r) => r.partialFingerprints["aigis/v1"])).toEqual(report.findings.map((f) => f.fingerprint));
  });

  it("paths with spaces and # are valid URIs that resolve back to the file", async () => {
    const dir = join(base, "with space #1");
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "src", "notes #2.js"), `export const k = "${K.groq.value}";\n`);
    const run = await runCli(["scan", dir, "--format", "sarif"]);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout);
    const rootUri: string = log.runs[0].originalUriBaseIds.SRCROOT.uri;
    expect(rootUri).toMatch(/^file:\/\/.*\/$/);
    const uri: string = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
    const resolved = new URL(uri, rootUri);
    expect(resolved.hash).toBe("");
    expect(decodeURIComponent(resolved.pathname)).toBe(`${dir}/src/notes #2.js`);
  });
});

describe("a folder inside a git repository (monorepo)", () => {
  it("gives SARIF and GitHub annotation paths from the repository root, not from the scanned folder", async () => {
    const repo = join(base, "monorepo");
    mkdirSync(join(repo, "apps", "web", "src"), { recursive: true });
    writeFileSync(join(repo, "apps", "web", "src", "ai.js"), `export const k = "${K.groq.value}";\n`);
    execFileSync("git", ["init", "-q"], { cwd: repo });
    const web = join(repo, "apps", "web");
    const [sarif, github] = await Promise.all([runCli(["scan", web, "--format", "sarif"]), runCli(["scan", web, "--format", "github"])]);
    expect(sarif.code).toBe(1);
    const run = JSON.parse(sarif.stdout).runs[0];
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("apps/web/src/ai.js");
    const resolved = new URL(run.results[0].locations[0].physicalLocation.artifactLocation.uri, run.originalUriBaseIds.SRCROOT.uri);
    expect(realpathSync(decodeURIComponent(resolved.pathname))).toBe(realpathSync(join(web, "src", "ai.js")));
    expect(github.stdout).toMatch(/^::error file=apps\/web\/src\/ai\.js,line=1,/);
  });
});

describe("--format github", () => {
  it("prints one workflow annotation per finding, escaped, and a summary line", async () => {
    const dir = project({ "src/a,b.js": `export const k = "${K.groq.value}";\n` });
    const run = await runCli(["scan", dir, "--format", "github"]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::error file=src\/a%2Cb\.js,line=1,col=\d+,endLine=1,endColumn=\d+,title=aigis hardcoded-provider-key \(AK-1\)::A Groq API key is written in this file\. Fix: /);
    expect(lines[1]).toBe("aigis: 1 finding(s); checklist items failing: AK-1");
    expect(run.stdout).not.toContain(K.groq.value.slice(4, 20));
  });
});

describe("secrets never reach any output", () => {
  let dir: string;
  let outFiles: string[];
  const runs: Record<string, CliResult> = {};

  beforeAll(async () => {
    // No .gitignore: the .env looks committed.
    dir = project({
      "src/ai.js": keysModule(),
      "src/rows.js": keysList(),
      ".env": [
        `OPENAI_API_KEY=${K.openai.value}`,
        `ANTHROPIC_API_KEY="${K.anthropic.value}"`,
        `GROQ_API_KEY=${K.groq.value}`,
        `GEMINI_API_KEY=${K.google.value}`,
        `VITE_OPENAI_API_KEY=${K.openai.value}`,
        `GITHUB_TOKEN=${K.github.value}`,
        "",
      ].join("\n"),
      ".env.production": `OPENAI_API_KEY=${K.openai.value}\n`,
      "package.json": JSON.stringify({ name: "demo", devDependencies: { vite: "6.0.0" } }),
    });
    const textOut = join(base, "leak-report.txt");
    const jsonOut = join(base, "leak-report.json");
    const sarifOut = join(base, "leak-report.sarif");
    outFiles = [textOut, jsonOut, sarifOut];
    const all = await Promise.all([
      runCli(["scan", dir]),
      runCli(["scan", dir], { env: { FORCE_COLOR: "1" } }),
      runCli(["scan", dir, "--format", "json"]),
      runCli(["scan", dir, "--format", "sarif"]),
      runCli(["scan", dir, "--output", textOut]),
      runCli(["scan", dir, "--format", "json", "--output", jsonOut]),
      runCli(["scan", dir, "--format", "sarif", "--output", sarifOut]),
    ]);
    ["text", "colour", "json", "sarif", "text-file", "json-file", "sarif-file"].forEach((name, i) => (runs[name] = all[i]!));
  });

  it("the keys are found (so the check below is not vacuous)", () => {
    const report = JSON.parse(runs.json!.stdout) as JsonReport;
    const inCode = report.findings.filter((f) => f.file === "src/ai.js" && f.ruleId === "hardcoded-provider-key");
    expect(inCode.map((f) => f.line)).toEqual([2, 3, 4, 5, 6]);
    const inList = report.findings.filter((f) => f.file === "src/rows.js");
    expect(inList.map((f) => [f.line, f.ruleId])).toEqual([2, 3, 4, 5, 6].map((line) => [line, "hardcoded-provider-key"]));
    expect(inList.map((f) => f.message)).toEqual([
      expect.stringMatching(/OpenAI project key/),
      expect.stringMatching(/Anthropic API key/),
      expect.stringMatching(/Groq API key/),
      expect.stringMatching(/Google API key/),
      expect.stringMatching(/GitHub token .*secretlint/),
    ]);
    expect(inList.map((f) => f.snippet.trim())).toEqual(['"sk-proj-********",', '"sk-ant-api03-********",', '"gsk_********",', '"AIza********",', '"********",']);
    const inEnv = report.findings.filter((f) => f.file === ".env").map((f) => f.ruleId);
    expect(inEnv).toEqual(expect.arrayContaining(["hardcoded-provider-key", "client-exposed-key", "env-file-not-ignored"]));
    expect(report.findings.some((f) => f.ruleId === "shared-key-across-environments")).toBe(true);
    // Snippets keep only the public prefix.
    const snippets = inCode.map((f) => f.snippet);
    expect(snippets).toEqual([
      'const openaiKey = "sk-proj-********";',
      'const anthropicKey = "sk-ant-api03-********";',
      'const groqKey = "gsk_********";',
      'const geminiKey = "AIza********";',
      'const ghToken = "********";',
    ]);
  });

  it("no output, file or stream contains a key or any 12-character slice of one", () => {
    const outputs: Array<[string, string]> = [];
    for (const [name, run] of Object.entries(runs)) {
      expect(run.code, name).toBe(1);
      outputs.push([`${name} stdout`, run.stdout], [`${name} stderr`, run.stderr]);
    }
    for (const file of outFiles) outputs.push([file, readFileSync(file, "utf8")]);
    expect(outputs.filter(([, text]) => text.length > 0).length).toBeGreaterThanOrEqual(10);
    for (const [where, text] of outputs) {
      for (const [name, k] of Object.entries(K)) {
        expect(text.includes(k.value), `${name} key in ${where}`).toBe(false);
        expect(leakedSlices(text, k), `${name} key slices in ${where}`).toEqual([]);
      }
    }
  });
});

describe("colour", () => {
  let dir: string;
  beforeAll(() => {
    dir = project({ "src/ai.js": keysModule() });
  });

  it("FORCE_COLOR=1 colours the text report even when piped", async () => {
    const run = await runCli(["scan", dir], { env: { FORCE_COLOR: "1" } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(ANSI);
  });

  it("NO_COLOR=1 gives plain text", async () => {
    const run = await runCli(["scan", dir], { env: { NO_COLOR: "1" } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/hardcoded-provider-key/);
    expect(run.stdout).not.toMatch(ANSI);
  });

  it("piped, with neither variable set, gives plain text", async () => {
    const run = await runCli(["scan", dir]);
    expect(run.stdout).toMatch(/hardcoded-provider-key/);
    expect(run.stdout).not.toMatch(ANSI);
  });

  it("--no-color wins over FORCE_COLOR", async () => {
    const run = await runCli(["scan", dir, "--no-color"], { env: { FORCE_COLOR: "1" } });
    expect(run.stdout).not.toMatch(ANSI);
  });

  it("escape sequences planted in the scanned files are shown, not obeyed", async () => {
    // A hostile repository controls file names and the lines quoted as snippets.
    const hostile = project({
      "src/\u001b[31mred.js": `export const k = "${K.groq.value}"; // \u001b]0;owned\u0007\u001b[2J \u202e reversed\n`,
    });
    const run = await runCli(["scan", hostile], { env: { NO_COLOR: "1" } });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(ANSI);
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(run.stdout).toContain("src/\\x1b[31mred.js");
    expect(run.stdout).toContain("\\x1b]0;owned\\x07\\x1b[2J \\u202e reversed");
  });

  it("a report written with --output is never coloured", async () => {
    const out = join(base, "colour-report.txt");
    await runCli(["scan", dir, "--output", out], { env: { FORCE_COLOR: "1" } });
    expect(readFileSync(out, "utf8")).not.toMatch(ANSI);
  });
});

describe("config", () => {
  it("an aigis.config.json that is not valid JSON exits 2, naming the file", async () => {
    const dir = project({ ...CLEAN_FILES, "aigis.config.json": '{ "rules": { "hardcoded-provider-key": "off", } ' });
    const run = await runCli(["scan", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(join(dir, "aigis.config.json"));
    expect(run.stderr).toMatch(/not valid JSON/);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toMatch(/internal error/);
  });

  it("an unknown rule id exits 2, naming the rule", async () => {
    const dir = project({ ...CLEAN_FILES, "aigis.config.json": JSON.stringify({ rules: { "no-such-rule": "off" } }) });
    const run = await runCli(["scan", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no-such-rule/);
    expect(run.stderr).toMatch(/aigis\.config\.json/);
  });

  it("a config that breaks the schema exits 2, naming the setting", async () => {
    const dir = project({ ...CLEAN_FILES, ".aigisrc.json": JSON.stringify({ failOn: "sometimes" }) });
    const run = await runCli(["scan", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\.aigisrc\.json/);
    expect(run.stderr).toMatch(/failOn/);
  });

  it('"rules": { id: "off" } silences that rule', async () => {
    const dir = project({ "src/ai.js": keysModule(), "aigis.config.json": JSON.stringify({ rules: { "hardcoded-provider-key": "off" } }) });
    const { run, report } = await scanJson([dir]);
    expect(report.findings.filter((f) => f.ruleId === "hardcoded-provider-key")).toEqual([]);
    expect(run.code).toBe(0);
    expect(item(report, "AK-1").rules).not.toContain("hardcoded-provider-key");
    // Control: without the config the same files fail.
    rmSync(join(dir, "aigis.config.json"));
    expect((await runCli(["scan", dir])).code).toBe(1);
  });

  it("a rule's severity can be changed", async () => {
    const dir = project({ "src/ai.js": keysModule(), "aigis.config.json": JSON.stringify({ rules: { "hardcoded-provider-key": "warning" } }) });
    const { report } = await scanJson([dir]);
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings) expect(f.severity).toBe("warning");
    expect((await runCli(["scan", dir, "--fail-on", "error"])).code).toBe(0);
  });

  it("--config names a config file elsewhere", async () => {
    const dir = project({ "src/ai.js": keysModule() });
    const config = join(base, "elsewhere.json");
    writeFileSync(config, JSON.stringify({ rules: { "hardcoded-provider-key": "off" } }));
    expect((await runCli(["scan", dir, "--config", config])).code).toBe(0);
    const missing = await runCli(["scan", dir, "--config", join(base, "missing.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.json/);
  });

  it("attestations appear in the JSON checklist entry and in the text report", async () => {
    const attestation = { by: "Dana Okafor", date: "2025-03-14", note: "keys live in Vault, rotated quarterly" };
    const dir = project({ ...CLEAN_FILES, "aigis.config.json": JSON.stringify({ attestations: { "AK-6": attestation } }) });
    const { report } = await scanJson([dir]);
    expect(item(report, "AK-6").attestation).toEqual(attestation);
    expect(item(report, "AK-7").attestation).toBeUndefined();
    const text = await runCli(["scan", dir]);
    expect(text.code).toBe(0);
    const line = text.stdout.split("\n").findIndex((l) => /\bAK-6\b/.test(l));
    expect(line).toBeGreaterThanOrEqual(0);
    expect(text.stdout.split("\n")[line + 1]).toContain("attested by Dana Okafor on 2025-03-14: keys live in Vault, rotated quarterly");
  });

  it("an attestation for an unknown checklist item, or without a date, is a config error", async () => {
    const bad = project({ ...CLEAN_FILES, "aigis.config.json": JSON.stringify({ attestations: { "ZZ-9": { by: "x", date: "2025-01-01" } } }) });
    expect((await runCli(["scan", bad])).code).toBe(2);
    const noDate = project({ ...CLEAN_FILES, "aigis.config.json": JSON.stringify({ attestations: { "AK-6": { by: "x" } } }) });
    expect((await runCli(["scan", noDate])).code).toBe(2);
  });

  it('"ignore" patterns (and --ignore) leave files out', async () => {
    const files = { ...CLEAN_FILES, "generated/client.js": keysModule(), "vendor/sdk.js": `export const k = "${K.groq.value}";\n` };
    const control = project(files);
    const { report: all } = await scanJson([control]);
    expect(new Set(all.findings.map((f) => f.file))).toEqual(new Set(["generated/client.js", "vendor/sdk.js"]));

    const dir = project({ ...files, "aigis.config.json": JSON.stringify({ ignore: ["generated/"] }) });
    const { report } = await scanJson([dir]);
    expect(report.findings.map((f) => f.file)).toEqual(["vendor/sdk.js"]);
    expect(report.stats.files).toBe(all.stats.files); // generated/client.js out, aigis.config.json in

    const both = await runCli(["scan", dir, "--ignore", "vendor/**"]);
    expect(both.code).toBe(0);
    expect(both.stdout).toMatch(/No findings\./);
  });
});

describe("suppressions and baselines", () => {
  it("aigis-disable-next-line silences exactly that finding and is counted", async () => {
    const dir = project({
      "src/ai.js": [
        "// aigis-disable-next-line hardcoded-provider-key -- rotated, kept for the demo",
        `export const a = "${K.groq.value}";`,
        `export const b = "${K.google.value}";`,
        "// aigis-disable-next-line client-exposed-key",
        `export const c = "${K.openai.value}";`,
        "",
      ].join("\n"),
    });
    const { run, report } = await scanJson([dir]);
    expect(report.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ["hardcoded-provider-key", 3],
      ["hardcoded-provider-key", 5],
    ]);
    expect(report.stats.suppressed).toBe(1);
    expect(run.code).toBe(1);
    const text = await runCli(["scan", dir]);
    expect(text.stdout).toMatch(/1 suppressed/);
  });

  it("--baseline drops the findings of an earlier report", async () => {
    const dir = project({ "src/old.js": `export const a = "${K.groq.value}";\nexport const b = "${K.google.value}";\n` });
    const previous = join(base, "previous.json");
    const first = await runCli(["scan", dir, "--format", "json", "--output", previous]);
    expect(first.code).toBe(1);
    const before = JSON.parse(readFileSync(previous, "utf8")) as JsonReport;
    expect(before.findings).toHaveLength(2);

    // Nothing new: nothing reported, exit 0.
    const same = await scanJson([dir, "--baseline", previous]);
    expect(same.report.findings).toEqual([]);
    expect(same.report.stats.baselined).toBe(2);
    expect(same.run.code).toBe(0);

    // A new key (and edits that move the old ones) are judged on their own.
    writeFileSync(join(dir, "src/old.js"), `// moved down a line\nexport const a = "${K.groq.value}";\nexport const b = "${K.google.value}";\n`);
    writeFileSync(join(dir, "src/new.js"), `export const c = "${K.anthropic.value}";\n`);
    const later = await scanJson([dir, "--baseline", previous]);
    expect(later.report.findings.map((f) => f.file)).toEqual(["src/new.js"]);
    expect(later.report.stats.baselined).toBe(2);
    expect(later.run.code).toBe(1);
  });

  it("a baseline that is not an aigis JSON report exits 2", async () => {
    const dir = project(CLEAN_FILES);
    const notReport = join(base, "not-a-report.json");
    writeFileSync(notReport, '{"hello": "world"}');
    const run = await runCli(["scan", dir, "--baseline", notReport]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/baseline/);
  });
});

describe("checklist statuses", () => {
  it("no env files and no keys: AK-1 passes, AK-3/AK-4 have nothing to judge, rule-less items are manual", async () => {
    const { run, report } = await scanJson([project(CLEAN_FILES)]);
    expect(run.code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(item(report, "AK-1")).toMatchObject({ status: "pass", findings: 0 });
    expect(item(report, "AK-1").judged).toBeGreaterThan(0);
    expect(item(report, "AK-3").status).toBe("n/a");
    expect(item(report, "AK-4").status).toBe("n/a");
    for (const c of report.checklist) {
      if (c.rules.length === 0) expect(c.status, c.id).toBe("manual");
      else expect(c.status, c.id).not.toBe("manual");
    }
    // Items only a person can check never have rules.
    for (const id of ["AK-6", "AK-7", "LG-3", "DP-2", "TR-2", "OP-1"]) expect(item(report, id).status).toBe("manual");
  });

  it("an env file with a key: AK-3 fails when git does not ignore it, passes when it does", async () => {
    const exposed = await scanJson([project({ ".env": `OPENAI_API_KEY=${K.openai.value}\n` })]);
    expect(item(exposed.report, "AK-3").status).toBe("fail");
    expect(item(exposed.report, "AK-1").status).toBe("fail");

    const ignored = await scanJson([project({ ".env": `OPENAI_API_KEY=${K.openai.value}\n`, ".gitignore": ".env\n" })]);
    expect(ignored.report.findings).toEqual([]);
    expect(item(ignored.report, "AK-3").status).toBe("pass");
    expect(item(ignored.report, "AK-1").status).toBe("pass");
    expect(ignored.run.code).toBe(0);
  });
});

describe("scanning one file", () => {
  it("reports the file by its name", async () => {
    const dir = project({ "src/ai.js": keysModule(), "src/other.js": `export const k = "${K.groq.value}";\n` });
    const { report } = await scanJson([join(dir, "src", "ai.js")]);
    expect(new Set(report.findings.map((f) => f.file))).toEqual(new Set(["ai.js"]));
    expect(report.stats.files).toBe(1);
  });

  it("an env file named directly is judged against the .gitignore next to it", async () => {
    const dir = project({ ".gitignore": ".env*\n", ".env.local": `OPENAI_API_KEY=${K.openai.value}\n` });
    const ignored = await scanJson([join(dir, ".env.local")]);
    expect(ignored.report.findings).toEqual([]);
    expect(ignored.run.code).toBe(0);
    expect(item(ignored.report, "AK-3").status).toBe("pass");

    writeFileSync(join(dir, ".gitignore"), "node_modules\n");
    const exposed = await scanJson([join(dir, ".env.local")]);
    expect(exposed.report.findings.map((f) => f.ruleId).sort()).toEqual(["env-file-not-ignored", "hardcoded-provider-key"]);
  });
});

describe("the bundled fixture apps, as the README scans them", () => {
  beforeAll(() => ensureBuilt());

  for (const leaky of ["nextjs-leaky", "vite-react-leaky", "express-leaky"]) {
    it(`fixtures/${leaky}: exit 1, findings and the whole checklist in the text report`, async () => {
      // The README's own command, so run as a user runs it.
      const run = await runCli(["scan", `fixtures/${leaky}`], { spawn: leaky === "nextjs-leaky" });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/hardcoded-provider-key · AK-1/);
      expect(run.stdout).toMatch(/^ {2}FAIL +AK-1 /m);
      for (const id of CHECKLIST_IDS) expect(run.stdout).toMatch(new RegExp(`^ {2}(FAIL|PASS|N/A|MANUAL) +${id} `, "m"));
      expect(run.stderr).toBe("");
    });
  }

  for (const clean of ["nextjs-clean", "vite-react-clean", "express-clean", "lookalikes"]) {
    it(`fixtures/${clean}: exit 0 and no findings`, async () => {
      const run = await runCli(["scan", `fixtures/${clean}`, "--format", "json"]);
      expect(run.code).toBe(0);
      // Advisory findings (no moderation, no audit record) are suggestions, not mistakes: a clean app may carry them.
      expect(withoutAdvisory((JSON.parse(run.stdout) as { findings: Array<{ ruleId: string }> }).findings)).toEqual([]);
    });
  }
});

describe("aigis inventory", () => {
  beforeAll(() => ensureBuilt());

  it("lists every model call site of a fixture as a table, browser calls included", async () => {
    const run = await runCli(["inventory", "fixtures/nextjs-leaky"]);
    expect(run.code).toBe(0);
    const rows = run.stdout.trim().split("\n");
    expect(rows[0]).toMatch(/^where +provider +sdk +method +model +runs in$/);
    expect(rows.slice(1, 4).map((r) => r.split(/\s{2,}/).slice(0, 5))).toEqual([
      ["app/api/chat/route.ts:11:28", "OpenAI", "openai", "chat.completions.create", "gpt-4o-mini"],
      ["app/page.tsx:18:26", "OpenAI", "openai", "chat.completions.create", "gpt-4o-mini"],
      ["lib/ai.ts:17:25", "Anthropic", "anthropic", "messages.create", "claude-3-5-haiku-20241022"],
    ]);
    expect(rows[2]).toMatch(/browser \("use client" directive\)$/);
    expect(rows[3]).toMatch(/server \(imported only by server code/);
  });

  it("--format json gives the call sites and a per-provider summary", async () => {
    const run = await runCli(["inventory", "fixtures/vite-react-leaky", "--format", "json"]);
    expect(run.code).toBe(0);
    const inventory = JSON.parse(run.stdout) as { callSites: Array<Record<string, unknown>>; providers: unknown[] };
    expect(inventory.callSites.map((c) => [c.file, c.line, c.provider, c.sdk, c.method, c.model, c.runtime])).toEqual([
      ["src/lib/fridge-photo.ts", 14, "Google Gemini", "google-genai", "models.generateContent", "gemini-2.0-flash", "browser"],
      ["src/lib/gemini.ts", 8, "Google Gemini", "google-generative-ai", "generateContent", "gemini-1.5-flash", "browser"],
      ["src/lib/openai.ts", 11, "OpenAI", "openai", "chat.completions.create", "gpt-4o-mini", "browser"],
    ]);
    expect(inventory.providers).toEqual([
      { provider: "Google Gemini", callSites: 2, browser: 2 },
      { provider: "OpenAI", callSites: 1, browser: 1 },
    ]);
  });

  it("says so when there is no AI code, and exits 2 on a missing path", async () => {
    const empty = await runCli(["inventory", "fixtures/lookalikes"]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe("No model call sites found.\n");
    const missing = await runCli(["inventory", "no/such/dir"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/path does not exist/);
  });
});
