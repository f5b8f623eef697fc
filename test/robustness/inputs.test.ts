/**
 * Robustness: the inputs around the code (file names, file types, sizes, ignore files,
 * config and baseline files, output escaping) that must never stop, hang or mislead a scan.
 * Everything is generated into a temp directory; nothing large is written (the huge file
 * is sparse).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { discover } from "../../src/discover/discover.js";
import { IgnoreRules } from "../../src/discover/ignore-rules.js";
import { MAX_TEXT_BYTES, readTextFile } from "../../src/discover/read-file.js";
import { scan } from "../../src/engine/scan.js";
import { maskToScripts } from "../../src/facts/script-blocks.js";
import { formatGithub } from "../../src/report/github.js";
import { makeKeys } from "../helpers/cli.js";

const base = mkdtempSync(join(tmpdir(), "aigis-robust-inputs-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;
function project(files: Record<string, string>): string {
  const dir = join(base, `p${counter++}`);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const keys = makeKeys(1010);
const leakyModule = `export const client = { apiKey: "${keys.openai.value}" };\n`;
const AK1 = "hardcoded-provider-key";
const posix = process.platform !== "win32";

/** Runs the CLI in-process (no spawn), capturing what it writes. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (append: (s: string) => void) => ({ write: (s: string) => (append(String(s)), true), isTTY: false }) as unknown as NodeJS.WriteStream;
  const code = await main(["node", "aigis", ...args], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

describe("file sizes", () => {
  it("a sparse file one byte over V8's longest string, with the size cap raised: skipped with a notice, no read, other files scanned", async () => {
    const dir = project({ "src/ai.js": leakyModule });
    const huge = join(dir, "huge.txt");
    writeFileSync(huge, "");
    truncateSync(huge, MAX_TEXT_BYTES + 1); // sparse: no disk, and never read
    const result = await scan({ target: dir, maxFileBytes: 2 * MAX_TEXT_BYTES });
    expect(result.stats.skipped).toContainEqual({ file: "huge.txt", reason: expect.stringMatching(/longest text this runtime can hold/) });
    expect(result.findings.filter((f) => f.ruleId === AK1).map((f) => f.file)).toEqual(["src/ai.js"]);
  });

  it("a text file above the string limit (limit lowered to 1 KiB for the test): skipped with a notice, never decoded", () => {
    const dir = project({ "big.js": "x".repeat(2048) });
    const outcome = readTextFile(join(dir, "big.js"), 1 << 20, { maxTextBytes: 1024 });
    expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(/2\.0 KB|2 KB|2048|longest text/) });
  });
});

describe.runIf(posix)("FIFOs", () => {
  const fifoProject = () => {
    const dir = project({ "src/ai.js": leakyModule });
    execFileSync("mkfifo", [join(dir, "pipe")]);
    return dir;
  };

  it("a FIFO inside the scanned folder: skipped with a notice, never opened (the scan would block), other files scanned", async () => {
    const result = await scan({ target: fifoProject() });
    expect(result.stats.skipped).toContainEqual({ file: "pipe", reason: expect.stringMatching(/named pipe \(FIFO\)/) });
    expect(result.findings.some((f) => f.ruleId === AK1 && f.file === "src/ai.js")).toBe(true);
  });

  it("`aigis scan <a FIFO>`: finishes with a notice instead of blocking", async () => {
    const run = await cli(["scan", join(fifoProject(), "pipe"), "-f", "json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).stats.skipped).toEqual([{ file: "pipe", reason: expect.stringMatching(/named pipe/) }]);
  });

  it("a FIFO named as the config file or as .gitignore is not read (no hang)", async () => {
    const dir = fifoProject();
    execFileSync("mkfifo", [join(dir, ".gitignore")]);
    const result = await scan({ target: dir });
    expect(result.findings.some((f) => f.file === "src/ai.js")).toBe(true);
    execFileSync("mkfifo", [join(dir, "aigis.config.json")]);
    const run = await cli(["scan", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot read config .*not a regular file/);
  });
});

describe.runIf(posix)("file names", () => {
  it("names with a newline, a backslash, glob characters and a leading dash are all scanned", async () => {
    const names = ["new\nline.js", "back\\slash.js", "star*[x]{a,b}.js", "-dash.js", "(parens) !bang.js"];
    const dir = project(Object.fromEntries(names.map((n) => [n, leakyModule])));
    const result = await scan({ target: dir });
    expect(result.stats.skipped).toEqual([]);
    const flagged = new Set(result.findings.filter((f) => f.ruleId === AK1).map((f) => f.file));
    for (const n of names) expect(flagged, JSON.stringify(n)).toContain(n);
  });

  it("git-tracked names with a newline or a backslash are known as tracked", async () => {
    const dir = project({ "new\nline.js": leakyModule, "back\\slash.js": leakyModule });
    execFileSync("git", ["init", "-q", "."], { cwd: dir });
    execFileSync("git", ["add", "-A"], { cwd: dir });
    const discovery = await discover(dir, {});
    expect(discovery.files.map((f) => f.relPath).sort()).toEqual(["back\\slash.js", "new\nline.js"]);
    for (const f of discovery.files) expect(discovery.git.tracked?.has(f.relPath), JSON.stringify(f.relPath)).toBe(true);
  });
});

describe("components", () => {
  it("an unclosed <script> in a .vue file: a warning naming the file and the line, its code still read", async () => {
    const dir = project({ "src/Chat.vue": `<template><div/></template>\n<script setup>\nimport OpenAI from "openai";\n${leakyModule}`, "src/ai.js": leakyModule });
    const result = await scan({ target: dir });
    expect(result.stats.warnings).toContainEqual({ file: "src/Chat.vue", message: expect.stringMatching(/<script> at 2:1 is never closed/) });
    expect(result.findings.some((f) => f.file === "src/ai.js" && f.ruleId === AK1)).toBe(true);
  });

  it("20,000 unclosed <script tags: one forward pass (finishes, one block kept)", () => {
    const source = "<script>\n" + "<script x>\n".repeat(20_000);
    const masked = maskToScripts(source, "svelte");
    expect(masked.blocks).toBe(1);
    expect(masked.unclosedAt).toBe(0);
    expect(masked.text.length).toBe(source.length);
    const noEnd = maskToScripts("<script".repeat(20_000), "vue");
    expect(noEnd.blocks).toBe(0);
  });
});

describe("-f github", () => {
  it("file names with ESC, %, CR/LF, ':' and ',' cannot break out of a workflow command: one line per finding, escaped per GitHub's rules", async () => {
    const names = posix ? ["esc\u001b[31mred.js", "pct%0Aname.js", "cr\rlf\nname.js", "a:b,c.js"] : ["pct%0Aname.js"];
    const dir = project(Object.fromEntries(names.map((n) => [n, leakyModule])));
    const result = await scan({ target: dir });
    const out = formatGithub(result);
    const lines = out.trimEnd().split("\n");
    const commands = lines.filter((l) => l.startsWith("::"));
    expect(commands.length).toBe(result.findings.length);
    expect(lines.length).toBe(result.findings.length + 1);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    const fileProps = commands.map((l) => /file=([^,]*),/.exec(l)![1]);
    if (posix) {
      expect(fileProps).toContain("esc\\x1b[31mred.js");
      expect(fileProps).toContain("cr%0Dlf%0Aname.js");
      expect(fileProps).toContain("a%3Ab%2Cc.js");
    }
    expect(fileProps).toContain("pct%250Aname.js");
  });
});

describe("ignore files", () => {
  const LINES = 20_000;
  const FILES = 2_000;
  // Literal names, anchored paths, extensions, prefixes, a few negations: a generated .gitignore.
  const gitignore = Array.from({ length: LINES }, (_, i) => {
    switch (i % 5) {
      case 0: return `generated-${i}.js`;
      case 1: return `/out/run-${i}/`;
      case 2: return `*.tmp${i}`;
      case 3: return `cache-${i}-*`;
      default: return `!keep-${i}.js`;
    }
  }).join("\n");

  it("20,000-line .gitignore × 2,000 paths: ≤ 4 glob matches per path (not 20,000), same verdicts as git's rules", () => {
    const rules = new IgnoreRules();
    rules.add("", `${gitignore}\ndocs/**\n!docs/keep.md\n*.log\n`);
    const paths = Array.from({ length: FILES }, (_, i) => (i % 4 === 0 ? `src/generated-${i * 5}.js` : i % 4 === 1 ? `lib/file-${i}.tmp${i * 5 + 2}` : i % 4 === 2 ? `cache-${i * 5 + 3}-x/a.js` : `src/app-${i}.ts`));
    const ignored = paths.filter((p) => rules.ignores(p));
    expect(ignored.length).toBe(FILES * 3 / 4);
    expect(rules.ignores("docs/a.md")).toBe(true);
    expect(rules.ignores("docs/keep.md")).toBe(false);
    expect(rules.ignores("x/debug.log")).toBe(true);
    expect(rules.attempts).toBeLessThanOrEqual(4 * (FILES + 5));
  });

  it("20,000-line .gitignore, 2,000-file tree: the scan keeps exactly the unignored files (60 s guard)", async () => {
    const files: Record<string, string> = { ".gitignore": gitignore };
    for (let i = 0; i < FILES; i++) files[i % 2 ? `src/d${i % 20}/generated-${i * 5}.js` : `src/d${i % 20}/mod-${i}.js`] = `export const n = ${i};\n`;
    const dir = project(files);
    const discovery = await discover(dir, {});
    expect(discovery.files.length).toBe(FILES / 2 + 1); // the .gitignore itself is scanned
    expect(discovery.gitignore.attempts).toBeLessThanOrEqual(4 * (FILES + 40));
  }, 60_000);

  it("git's semantics kept: nested files re-include, an excluded directory cannot be re-entered, ancestors' rules apply", () => {
    const rules = new IgnoreRules();
    rules.add("", "*.log\nbuild/\n!build/keep.js\n");
    rules.add("sub", "!keep.log\n");
    rules.addAncestor("app", "app/gen/\n/top.js\n");
    expect(rules.ignores("a.log")).toBe(true);
    expect(rules.ignores("sub/keep.log")).toBe(false);
    expect(rules.ignores("keep.log")).toBe(true);
    expect(rules.ignores("build/keep.js")).toBe(true);
    expect(rules.ignores("gen/a.js")).toBe(true);
    expect(rules.ignores("top.js")).toBe(false);
    expect(rules.ignores("src/A.LOG")).toBe(true);
  });

  it("a pattern built to backtrack (*a*a*a*a*a*a*a*a*a*a*b) against 250-character names: linear matching, ≤ 10 glob matches", () => {
    const rules = new IgnoreRules();
    rules.add("", `${"*a".repeat(10)}*b\n${"a*".repeat(12)}[!x]?c\n`);
    const name = "a".repeat(250);
    expect(rules.ignores(`src/${name}`)).toBe(false);
    expect(rules.ignores(`src/${name}b`)).toBe(true);
    expect(rules.attempts).toBeLessThanOrEqual(10);
  });
});

describe("baselines", () => {
  const dir = project({ "src/ai.js": leakyModule });
  for (const [label, content] of [["null", "null"], ["a number", "42"], ["an array", "[1, 2]"], ["a report without findings", '{"tool": "aigis"}'], ["findings holding null", '{"findings": [null, 3]}']] as const) {
    it(`a baseline holding ${label}: a clear message or a clean run, never a stack`, async () => {
      const file = join(base, `baseline-${label.replace(/\W+/g, "-")}.json`);
      writeFileSync(file, content);
      const run = await cli(["scan", dir, "--baseline", file]);
      expect(run.stderr).not.toMatch(/TypeError|    at /);
      if (label === "findings holding null") expect(run.code).toBe(1);
      else {
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/is not an aigis JSON report \(expected an object with a "findings" array/);
      }
    });
  }
});

describe("config files", () => {
  const configRun = async (content: string | Buffer) => {
    const dir = project({ "src/ai.js": leakyModule });
    writeFileSync(join(dir, "aigis.config.json"), content);
    return cli(["scan", dir, "-f", "json"]);
  };

  it("a BOM, comments and trailing commas are accepted", async () => {
    const run = await configRun(`\ufeff{\n  // leave the fixtures out\n  "ignore": ["fixtures/",],\n  /* block */ "rules": { "${AK1}": "off", },\n}\n`);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout).findings.some((f: { ruleId: string }) => f.ruleId === AK1)).toBe(false);
  });

  it("an empty config: says it is empty and what to write", async () => {
    const run = await configRun("  \n");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/aigis\.config\.json is empty: write \{\} to use the defaults/);
  });

  it("a syntax error: line and column and what was expected, without quoting the file", async () => {
    const run = await configRun(`{\n  "ignore": ["a"]\n  "failOn": "${keys.openai.value}"\n}\n`);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not valid JSON: a comma is expected at line 3, column 3/);
    expect(run.stderr).not.toContain(keys.openai.secret.slice(0, 12));
  });

  it('the key "baseline" (and other command-line options) in the config: the error says to pass it on the command line', async () => {
    const run = await configRun(`{ "baseline": "old.json", "max-file-size": 10 }`);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/"baseline" is a command-line option: pass --baseline <file>/);
    expect(run.stderr).toMatch(/"max-file-size" is not a config key; did you mean "maxFileSize" \(bytes\)\?/);
  });
});

describe("a folder git ignores as a whole", () => {
  it("scans no file and says why, instead of a bare '0 files'", async () => {
    const dir = project({ ".gitignore": "cache/\n", "src/app.ts": "export const a = 1;\n", "cache/build/ai.ts": leakyModule, "cache/notes.md": "# notes\n" });
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const result = await scan({ target: join(dir, "cache") });
    expect(result.stats.files).toBe(0);
    expect(result.stats.skipped).toEqual([{ file: ".", reason: "a .gitignore covers every file here, so none was scanned; scan a copy outside the repository, or narrow the .gitignore rule" }]);
    // A folder with some files left out by git says nothing of the kind.
    const whole = await scan({ target: dir });
    expect(whole.stats.skipped).toEqual([]);
  });
});
