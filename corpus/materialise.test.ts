/** Materialising a pinned tree from a bare snapshot that lacks some blobs, as fetched snapshots do. */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

const root = mkdtempSync(path.join(tmpdir(), "aigis-corpus-"));
const savedEnv = { cache: process.env.AIGIS_CORPUS_CACHE, mirrors: process.env.AIGIS_CORPUS_MIRRORS };
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  // Test files share a process (vitest.config.ts): what this file set is put back.
  for (const [name, value] of [["AIGIS_CORPUS_CACHE", savedEnv.cache], ["AIGIS_CORPUS_MIRRORS", savedEnv.mirrors]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "core.hooksPath=/dev/null", ...args], { cwd, encoding: "utf8" }).trim();
}

describe("materialise", () => {
  it("writes the pinned tree, skips blobs the snapshot lacks and links, and reuses a finished tree", async () => {
    const work = path.join(root, "work");
    mkdirSync(path.join(work, "server"), { recursive: true });
    git(root, "init", "--quiet", work);
    writeFileSync(path.join(work, "server", "app.js"), "app.post('/chat', handler);\n");
    writeFileSync(path.join(work, "big.bin"), "pretend this blob is over the snapshot's size limit\n");
    symlinkSync("server/app.js", path.join(work, "link.js"));
    git(work, "add", "-A");
    git(work, "commit", "--quiet", "-m", "pinned");
    const commit = git(work, "rev-parse", "HEAD");
    writeFileSync(path.join(work, "server", "app.js"), "changed after the pin\n");
    git(work, "commit", "--quiet", "-am", "later");

    // A bare snapshot in the mirror layout, with one blob taken out.
    const mirror = path.join(root, "mirror");
    // `git commit` writes loose objects: a copy of the git directory is a snapshot one blob can be taken out of.
    const gitDir = path.join(mirror, "acme+chat", "repo");
    cpSync(path.join(work, ".git"), gitDir, { recursive: true });
    const bigSha = git(work, "rev-parse", `${commit}:big.bin`);
    rmSync(path.join(gitDir, "objects", bigSha.slice(0, 2), bigSha.slice(2)), { force: true });

    process.env.AIGIS_CORPUS_CACHE = path.join(root, "cache");
    process.env.AIGIS_CORPUS_MIRRORS = mirror;
    // The corpus modules read these variables when loaded: load them afresh, after setting them.
    vi.resetModules();
    const { materialise } = await import("./materialise.js");
    const tree = await materialise({ repo: "acme/chat", commit });
    expect(tree).toMatchObject({ repo: "acme/chat", commit, files: 1, missing: 1, notWritten: 1 });
    expect(readFileSync(path.join(tree.dir, "server", "app.js"), "utf8")).toBe("app.post('/chat', handler);\n");
    expect(existsSync(path.join(tree.dir, "big.bin"))).toBe(false);
    expect(existsSync(path.join(tree.dir, "link.js"))).toBe(false);
    expect(tree.dir.startsWith(path.join(root, "cache"))).toBe(true);

    // A second call reuses the finished tree.
    writeFileSync(path.join(tree.dir, "marker"), "");
    const again = await materialise({ repo: "acme/chat", commit });
    expect(again.dir).toBe(tree.dir);
    expect(existsSync(path.join(tree.dir, "marker"))).toBe(true);
  });

  it("names the repository and the commit when no snapshot holds it", async () => {
    const { findGitDir } = await import("./materialise.js");
    expect(findGitDir({ repo: "acme/none", commit: "0".repeat(40) })).toBeUndefined();
  });
});
