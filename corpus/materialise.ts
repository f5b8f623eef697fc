/**
 * Writes each pinned tree of the manifest into the cache folder (outside the repository),
 * from a bare git snapshot: a local mirror when there is one, else a shallow fetch of the
 * pinned commit from GitHub. Blobs a snapshot lacks (large files, LFS) are skipped and
 * counted; symbolic links and submodules are not written (the scanner would not follow
 * them either). Nothing here runs code from the repositories: git only reads objects.
 *
 * Usage: node dist/corpus/materialise.js [owner/name …]   (default: every repository)
 *        node dist/corpus/materialise.js owner/name@<commit>   (a tree not in the manifest yet)
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CACHE_DIR, MIRROR_DIRS, readManifest, type ManifestEntry } from "./manifest.js";

export interface MaterialisedTree {
  repo: string;
  commit: string;
  dir: string;
  files: number;
  /** Blobs the snapshot does not hold (written as absent). */
  missing: number;
  /** Symbolic links and submodules, not written. */
  notWritten: number;
}

/** Git with repository hooks, fsmonitor and pagers off: a snapshot's config never runs anything. */
const SAFE_GIT = ["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "protocol.file.allow=never", "--no-pager"];

export function treeDir(entry: Pick<ManifestEntry, "repo" | "commit">): string {
  return path.join(CACHE_DIR, "trees", `${entry.repo.replace("/", "+")}@${entry.commit.slice(0, 12)}`);
}

function doneMarker(dir: string): string {
  return `${dir}.done.json`;
}

/** A git directory holding the pinned commit, or undefined. */
export function findGitDir(entry: Pick<ManifestEntry, "repo" | "commit">): string | undefined {
  const name = entry.repo.replace("/", "+");
  const candidates = MIRROR_DIRS.flatMap((root) => [path.join(root, name, "repo", ".git"), path.join(root, name, "repo"), path.join(root, name)]);
  candidates.push(path.join(CACHE_DIR, "git", `${name}.git`));
  for (const dir of candidates) {
    if (!existsSync(path.join(dir, "HEAD")) || !existsSync(path.join(dir, "objects"))) continue;
    if (git(dir, ["cat-file", "-e", `${entry.commit}^{commit}`]).status === 0) return dir;
  }
  return undefined;
}

function git(gitDir: string, args: string[]) {
  return spawnSync("git", [...SAFE_GIT, `--git-dir=${gitDir}`, ...args], { encoding: "buffer", maxBuffer: 1 << 30 });
}

/** Without a local snapshot: a shallow fetch of the one pinned commit (needs network). */
function fetchPinned(entry: Pick<ManifestEntry, "repo" | "commit">): string | undefined {
  const dir = path.join(CACHE_DIR, "git", `${entry.repo.replace("/", "+")}.git`);
  mkdirSync(dir, { recursive: true });
  spawnSync("git", ["init", "--bare", "--quiet", dir]);
  const url = `https://github.com/${entry.repo}.git`;
  const fetched = spawnSync("git", [...SAFE_GIT, `--git-dir=${dir}`, "fetch", "--quiet", "--depth", "1", url, entry.commit], {
    encoding: "utf8",
    timeout: 300_000,
  });
  return fetched.status === 0 ? dir : undefined;
}

interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  path: string;
}

function listTree(gitDir: string, commit: string): TreeEntry[] {
  const listed = git(gitDir, ["ls-tree", "-r", "-z", "--full-tree", commit]);
  if (listed.status !== 0) throw new Error(`git ls-tree failed: ${listed.stderr.toString().trim()}`);
  const out: TreeEntry[] = [];
  for (const record of listed.stdout.toString("utf8").split("\0")) {
    if (!record) continue;
    const tab = record.indexOf("\t");
    const [mode, type, sha] = record.slice(0, tab).split(" ");
    out.push({ mode: mode!, type: type!, sha: sha!, path: record.slice(tab + 1) });
  }
  return out;
}

/**
 * Reads blobs through one `git cat-file --batch` process: one request per blob, answers in
 * order, `<sha> missing` for a blob the snapshot lacks.
 */
async function writeBlobs(gitDir: string, blobs: TreeEntry[], into: string): Promise<number> {
  const child = spawn("git", [...SAFE_GIT, `--git-dir=${gitDir}`, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "inherit"] });
  let missing = 0;
  let buffer: Buffer = Buffer.alloc(0);
  let index = 0;
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.stdout.on("data", (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        const newline = buffer.indexOf(10);
        if (newline < 0) return;
        const header = buffer.subarray(0, newline).toString("utf8");
        const entry = blobs[index];
        if (!entry) return reject(new Error(`git cat-file answered more than asked: ${header}`));
        if (header.endsWith(" missing")) {
          missing++;
          index++;
          buffer = buffer.subarray(newline + 1);
          continue;
        }
        const size = Number(header.split(" ")[2]);
        if (buffer.length < newline + 1 + size + 1) return;
        const target = path.join(into, entry.path);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, buffer.subarray(newline + 1, newline + 1 + size));
        buffer = buffer.subarray(newline + 1 + size + 1);
        index++;
      }
    });
    child.on("close", (code) => (code === 0 || index === blobs.length ? resolve() : reject(new Error(`git cat-file exited ${code}`))));
  });
  for (const blob of blobs) {
    if (!child.stdin.write(`${blob.sha}\n`)) await new Promise((r) => child.stdin.once("drain", r));
  }
  child.stdin.end();
  await done;
  return missing;
}

export async function materialise(entry: Pick<ManifestEntry, "repo" | "commit">, log: (line: string) => void = () => {}): Promise<MaterialisedTree> {
  const dir = treeDir(entry);
  const marker = doneMarker(dir);
  if (existsSync(marker) && existsSync(dir)) return JSON.parse(readFileSync(marker, "utf8")) as MaterialisedTree;
  const gitDir = findGitDir(entry) ?? fetchPinned(entry);
  if (!gitDir) {
    throw new Error(`${entry.repo}@${entry.commit.slice(0, 12)}: no snapshot holds this commit (looked in ${MIRROR_DIRS.join(", ")}) and it could not be fetched`);
  }
  const entries = listTree(gitDir, entry.commit);
  const blobs = entries.filter((e) => e.type === "blob" && (e.mode === "100644" || e.mode === "100755") && isSafeRelative(e.path));
  const partial = `${dir}.part`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const missing = await writeBlobs(gitDir, blobs, partial);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  const tree: MaterialisedTree = { repo: entry.repo, commit: entry.commit, dir, files: blobs.length - missing, missing, notWritten: entries.length - blobs.length };
  writeFileSync(marker, JSON.stringify(tree, null, 2));
  log(`${entry.repo}: ${tree.files} files${missing ? `, ${missing} blobs not in the snapshot` : ""}${tree.notWritten ? `, ${tree.notWritten} links/submodules not written` : ""}`);
  return tree;
}

/** A tree path never escapes its folder (git forbids it, a hand-made snapshot might not). */
function isSafeRelative(p: string): boolean {
  return !path.isAbsolute(p) && !p.split("/").some((part) => part === ".." || part === ".git" || part === "");
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // `owner/name@commit`: a repository being considered, before it is pinned in the manifest.
  const adHoc = args.filter((a) => a.includes("@")).map((a) => ({ repo: a.split("@")[0]!, commit: a.split("@")[1]! }));
  const wanted = new Set(args.filter((a) => !a.includes("@")));
  const manifest = wanted.size || !adHoc.length ? readManifest() : { repositories: [] };
  const entries = [...manifest.repositories.filter((r) => wanted.size === 0 || wanted.has(r.repo)), ...adHoc];
  if (wanted.size && entries.length - adHoc.length !== wanted.size) {
    const known = new Set(entries.map((e) => e.repo));
    throw new Error(`not in corpus/manifest.json: ${[...wanted].filter((w) => !known.has(w)).join(", ")}`);
  }
  let failed = 0;
  for (const entry of entries) {
    try {
      const tree = await materialise(entry, (line) => process.stderr.write(`${line}\n`));
      process.stdout.write(`${tree.dir}\n`);
    } catch (error) {
      failed++;
      process.stderr.write(`${(error as Error).message}\n`);
    }
  }
  if (failed) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    process.stderr.write(`materialise: ${(error as Error).message}\n`);
    process.exitCode = 2;
  });
}
