/**
 * Scanning what a commit or a pull request touches: `--since REF` and a list of files (as
 * lint-staged and pre-commit pass them). Findings are reported for those files only, but
 * each is judged with its whole project (a route's middleware may live in an unchanged file).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { makeKeys } from "./helpers/cli.js";

const K = makeKeys(0xc4a9_6ed0);

async function cli(args: string[], cwd?: string): Promise<{ code: number; findings: Array<{ ruleId: string; file: string; line: number }>; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
  const before = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(["node", "aigis", ...args, "-f", "json"], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
    return { code, findings: stdout ? (JSON.parse(stdout) as { findings: Array<{ ruleId: string; file: string; line: number }> }).findings : [], stderr };
  } finally {
    process.chdir(before);
  }
}

let repo: string;
const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: repo, stdio: "pipe" }).toString().trim();
const write = (files: Record<string, string>) => {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, rel)), { recursive: true });
    writeFileSync(join(repo, rel), text);
  }
};

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "aigis-changed-"));
  git("init", "-q", "-b", "main");
  write({ "src/old.js": `export const a = "${K.groq.value}";\n`, "src/keep.js": "export const x = 1;\n" });
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  git("checkout", "-q", "-b", "feature");
  write({ "src/new.js": `export const b = "${K.google.value}";\n` });
  git("add", "-A");
  git("commit", "-q", "-m", "feature");
  // Uncommitted and untracked changes count too.
  write({ "src/keep.js": `export const x = "${K.anthropic.value}";\n`, "src/draft.js": `export const d = "${K.openai.value}";\n` });
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe("--since REF", () => {
  it("reports only the files changed since the merge base with REF: committed, modified and untracked", async () => {
    const run = await cli(["scan", repo, "--since", "main"]);
    expect(run.findings.map((f) => f.file)).toEqual(["src/draft.js", "src/keep.js", "src/new.js"]);
    expect(run.code).toBe(1);
    const all = await cli(["scan", repo]);
    expect(all.findings.map((f) => f.file)).toEqual(["src/draft.js", "src/keep.js", "src/new.js", "src/old.js"]);
  });

  it("a ref git does not know is a usage error", async () => {
    const run = await cli(["scan", repo, "--since", "no-such-branch"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--since no-such-branch: not a git work tree, or git does not know/);
  });
});

describe("several paths", () => {
  it("reports the listed files only, judged within the work tree that holds them", async () => {
    const run = await cli(["scan", join(repo, "src", "new.js"), join(repo, "src", "old.js")]);
    expect(run.findings.map((f) => [f.file, f.line])).toEqual([
      ["src/new.js", 1],
      ["src/old.js", 1],
    ]);
    // Relative paths, as pre-commit passes them from the repository root.
    const relative = await cli(["scan", "src/draft.js", "src/keep.js"], repo);
    expect(relative.findings.map((f) => f.file)).toEqual(["src/draft.js", "src/keep.js"]);
  });

  it("a listed path that does not exist is a usage error", async () => {
    const run = await cli(["scan", join(repo, "src", "new.js"), join(repo, "src", "gone.js")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/path does not exist: .*gone\.js/);
  });
});
