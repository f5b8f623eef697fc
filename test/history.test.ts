/**
 * `scan --history`: hard-coded keys (AK-1) searched in git history. Each test builds a
 * small repository in a temp dir (git init, commits with fixed dates), then scans it in
 * process; one test runs the built CLI.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { ScanInputError } from "../src/discover/discover.js";
import { ensureBuilt, runCli } from "./helpers/cli.js";

// Real formats, bodies typed for these tests.
const GROQ_OLD = "gsk_Qm7RtV2wLp9XzK4nB8cJ1dHf6GsYaE3uTo5iWq0ZvNe2MbRk";
const GROQ_NEW = "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";
const OPENAI = "sk-proj-Vb3nQ8rT1yWm6KpZ2xLc9HdF4sGj7AeR0uNo5iYt3BvM8wXqPz1h";
const AK1 = "hardcoded-provider-key";

let base: string;
let counter = 0;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "aigis-history-"));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A repository whose commits are made by `commit`, each a day after the last. */
function repo(): { dir: string; git: (args: string[]) => string; write: (files: Record<string, string>) => void; remove: (path: string) => void; commit: (message: string) => string } {
  const dir = join(base, `r${++counter}`);
  mkdirSync(dir);
  let day = 0;
  const git = (args: string[], date?: string) =>
    execFileSync("git", ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "user.name=Dev", "-c", "user.email=dev@example.org", ...args], {
      cwd: dir,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
      encoding: "utf8",
    }).trim();
  git(["init", "-q"]);
  return {
    dir,
    git: (args) => git(args),
    write: (files) => {
      for (const [rel, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, rel)), { recursive: true });
        writeFileSync(join(dir, rel), content);
      }
    },
    remove: (path) => unlinkSync(join(dir, path)),
    commit: (message) => {
      day++;
      git(["add", "-A"]);
      git(["commit", "-q", "-m", message], `2024-05-${String(day).padStart(2, "0")}T09:00:00+00:00`);
      return git(["rev-parse", "HEAD"]);
    },
  };
}

const client = (key: string) => `import Groq from "groq-sdk";\n\nconst groq = new Groq({ apiKey: "${key}" });\nexport default groq;\n`;
const fromEnv = `import Groq from "groq-sdk";\n\nconst groq = new Groq({ apiKey: process.env.GROQ_API_KEY });\nexport default groq;\n`;

function keyFindings(result: Awaited<ReturnType<typeof scan>>) {
  return result.findings.filter((f) => f.ruleId === AK1).map((f) => ({ file: f.file, line: f.line, history: f.history }));
}

describe("scan --history", () => {
  it("reports a key deleted from the tree at the commit, path and line that added it", async () => {
    const r = repo();
    r.write({ "src/llm.ts": client(GROQ_OLD), "node_modules/pkg/index.js": `module.exports = "${GROQ_NEW}";\n`, "vendor/sdk.js": `module.exports = "${OPENAI}";\n`, ".aigisignore": "vendor/\n" });
    const added = r.commit("add client");
    r.write({ "src/llm.ts": fromEnv });
    r.remove("vendor/sdk.js");
    r.commit("read the key from the environment");

    expect(keyFindings(await scan({ target: r.dir }))).toEqual([]);
    const result = await scan({ target: r.dir, history: {} });
    // node_modules and what .aigisignore excludes are left out of history as they are of the tree.
    expect(keyFindings(result)).toEqual([
      { file: "src/llm.ts", line: 3, history: { commit: added, shortCommit: added.slice(0, 7), authorDate: "2024-05-01T09:00:00+00:00", file: "src/llm.ts", line: 3, inTree: false } },
    ]);
    const [finding] = result.findings;
    expect(finding!.message).toBe(`In commit ${added.slice(0, 7)} (2024-05-01): A Groq API key is written in this file. The tree no longer reports it, but the git history still holds it.`);
    expect(finding!.snippet).toBe('const groq = new Groq({ apiKey: "gsk_********" });');
    expect(JSON.stringify(result)).not.toContain(GROQ_OLD.slice(4));
    expect(result.stats.history).toEqual({ commits: 2, blobs: 3, bytes: client(GROQ_OLD).length + fromEnv.length + "vendor/\n".length, complete: true });
  });

  it("reports a key still in the tree once, at its tree line, with the commit that first added it", async () => {
    const r = repo();
    r.write({ "config.ts": `export const openaiKey = "${OPENAI}";\n` });
    const first = r.commit("config");
    // Edited twice: three blobs hold the key, the tree holds it one line lower.
    r.write({ "config.ts": `// settings\nexport const openaiKey = "${OPENAI}";\n` });
    r.commit("comment");
    r.write({ "config.ts": `// settings\nexport const openaiKey = "${OPENAI}";\nexport const model = "gpt-4o";\n` });
    r.commit("model");

    const result = await scan({ target: r.dir, history: {} });
    expect(keyFindings(result)).toEqual([
      { file: "config.ts", line: 2, history: { commit: first, shortCommit: first.slice(0, 7), authorDate: "2024-05-01T09:00:00+00:00", file: "config.ts", line: 1, inTree: true } },
    ]);
    // The tree finding keeps its own message and fingerprint.
    const tree = await scan({ target: r.dir });
    expect(result.findings.map((f) => [f.message, f.fingerprint])).toEqual(tree.findings.map((f) => [f.message, f.fingerprint]));
  });

  it("with since, searches only the commits after that ref", async () => {
    const r = repo();
    r.write({ "old.ts": client(GROQ_OLD) });
    r.commit("old key");
    r.remove("old.ts");
    const cut = r.commit("drop old key");
    r.write({ "new.ts": client(GROQ_NEW) });
    const added = r.commit("new key");
    r.remove("new.ts");
    r.commit("drop new key");

    const all = await scan({ target: r.dir, history: {} });
    expect(keyFindings(all).map((f) => [f.file, f.line, f.history?.shortCommit])).toEqual([
      ["new.ts", 3, added.slice(0, 7)],
      ["old.ts", 3, expect.any(String)],
    ]);
    const since = await scan({ target: r.dir, history: { since: cut } });
    expect(keyFindings(since).map((f) => [f.file, f.line, f.history?.commit])).toEqual([["new.ts", 3, added]]);
    expect(since.stats.history).toMatchObject({ since: cut, commits: 2, complete: true });
  });

  it("walks every ref, not only the checked-out branch; since walks REF..HEAD only", async () => {
    const r = repo();
    r.write({ "README.md": "# app\n" });
    const root = r.commit("init");
    r.git(["checkout", "-q", "-b", "spike"]);
    r.write({ "spike.ts": client(GROQ_NEW) });
    const spike = r.commit("spike with a key");
    r.git(["checkout", "-q", "main"]);

    expect(keyFindings(await scan({ target: r.dir, history: {} })).map((f) => [f.file, f.line, f.history?.commit, f.history?.inTree])).toEqual([["spike.ts", 3, spike, false]]);
    expect(keyFindings(await scan({ target: r.dir, history: { since: root } }))).toEqual([]);
  });

  it("stops at its budget with a warning, and names blobs it cannot read as text", async () => {
    const r = repo();
    r.write({ "a.ts": client(GROQ_OLD) });
    r.commit("a");
    r.remove("a.ts");
    r.write({ "data.txt": "head\u0000binary\n", "b.ts": client(GROQ_NEW) });
    r.commit("b");
    r.remove("b.ts");
    r.commit("no b");

    const full = await scan({ target: r.dir, history: {} });
    expect(keyFindings(full).map((f) => f.file)).toEqual(["a.ts", "b.ts"]);
    expect(full.stats.warnings).toContainEqual({ file: "data.txt", message: expect.stringMatching(/^git history, commit [0-9a-f]{7}: binary content: not scanned$/) });

    const cut = await scan({ target: r.dir, history: { maxBlobs: 1 } });
    expect(keyFindings(cut).map((f) => f.file)).toEqual(["a.ts"]);
    expect(cut.stats.history?.complete).toBe(false);
    expect((await scan({ target: r.dir, history: { maxBlobs: 3 } })).stats.history).toMatchObject({ blobs: 3, complete: true });
    expect(cut.stats.warnings.map((w) => w.message)).toContain("git history: more than 1 distinct blobs; only the first 1 (oldest commits first) were scanned for keys, later ones were not");

    // Time (an injected clock, a minute per reading) and bytes stop the walk between two blobs.
    let t = 0;
    const slow = await scan({ target: r.dir, history: { maxMs: 60_000, now: () => (t += 60_000) } });
    expect(slow.stats.history).toMatchObject({ blobs: 1, complete: false });
    expect(slow.stats.warnings.map((w) => w.message)).toContain("git history: the walk stopped at its budget (60 s) after 1 of 3 blobs; keys in later commits were not searched");
    const small = await scan({ target: r.dir, history: { maxBytes: client(GROQ_OLD).length + 1 } });
    expect(keyFindings(small).map((f) => f.file)).toEqual(["a.ts"]);
    expect(small.stats.history?.complete).toBe(false);
  });

  it("refuses a directory outside any git repository and an unknown ref", async () => {
    const plain = mkdtempSync(join(tmpdir(), "aigis-nogit-"));
    try {
      writeFileSync(join(plain, "a.ts"), "export const a = 1;\n");
      await expect(scan({ target: plain, history: {} })).rejects.toThrow(ScanInputError);
      await expect(scan({ target: plain, history: {} })).rejects.toThrow(/--history needs a git repository/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
    const r = repo();
    r.write({ "a.ts": "export const a = 1;\n" });
    r.commit("a");
    await expect(scan({ target: r.dir, history: { since: "no-such-ref" } })).rejects.toThrow("--since no-such-ref: no such commit in this repository");
  });

  it("works through the CLI: SARIF and text carry the commit, the key never shows", async () => {
    ensureBuilt();
    const r = repo();
    r.write({ "src/llm.ts": client(GROQ_OLD) });
    const added = r.commit("add client");
    r.write({ "src/llm.ts": fromEnv });
    r.commit("env");

    const sarif = await runCli(["scan", r.dir, "--history", "--format", "sarif"]);
    expect(sarif.code).toBe(1);
    expect(sarif.stdout).not.toContain(GROQ_OLD.slice(4));
    const results = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<Record<string, any>> }> }).runs[0]!.results;
    expect(results.map((x) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region.startLine, x.properties.history.commit])).toEqual([[AK1, "src/llm.ts", 3, added]]);

    const text = await runCli(["scan", r.dir, "--history", "--no-color"]);
    expect(text.stdout).toContain(`↳ git history: committed in ${added.slice(0, 7)} (${added}, 2024-05-01T09:00:00+00:00) at src/llm.ts:3`);
    expect(text.stdout).not.toContain(GROQ_OLD.slice(4));

  });

  it("exits 2 through the CLI outside a repository, without git, or with a --since ref git does not know", async () => {
    ensureBuilt();
    const r = repo();
    r.write({ "a.ts": "export const a = 1;\n" });
    r.commit("a");
    const noGit = mkdtempSync(join(tmpdir(), "aigis-nogit-"));
    try {
      const outside = await runCli(["scan", noGit, "--history"]);
      expect(outside.code).toBe(2);
      expect(outside.stderr).toMatch(/^aigis: --history needs a git repository, and .* is not inside one/);
    } finally {
      rmSync(noGit, { recursive: true, force: true });
    }
    // No git on PATH (the launcher is started by its absolute path).
    const noGitOnPath = await runCli(["scan", r.dir, "--history"], { env: { PATH: join(base, "no-such-bin") } });
    expect(noGitOnPath.code).toBe(2);
    expect(noGitOnPath.stderr).toBe("aigis: --history needs git, and no `git` command was found on PATH\n");

    const unknownRef = await runCli(["scan", r.dir, "--since", "no-such-ref"]);
    expect(unknownRef.code).toBe(2);
    expect(unknownRef.stderr).toBe('aigis: --since no-such-ref: not a git work tree, or git does not know "no-such-ref"\n');
  });
});
