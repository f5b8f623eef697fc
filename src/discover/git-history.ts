/**
 * The blobs of a repository's history, each once: `git log --raw` lists, commit by commit
 * (parents before children), the blob every added or modified file got; the first commit
 * that brings a blob is the one it is reported at. `git cat-file --batch` then streams the
 * contents of those blobs, in that order, through one process.
 *
 * git is spawned with argument arrays (never a shell), hooks, fsmonitor, external diff
 * drivers, text conversion and signature checks off: a scanned repository's own config
 * never runs a command.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { ScanInputError } from "./discover.js";
import { SAFE_GIT_OPTIONS } from "./git.js";

export interface HistoryCommit {
  hash: string;
  /** Author date, strict ISO 8601 (`2024-05-01T10:20:30+02:00`). */
  authorDate: string;
}

export interface HistoryBlob {
  oid: string;
  /** Path relative to the directory the walk ran in (forward slashes). */
  path: string;
  /** The first commit (oldest first) that holds this blob at this path. */
  commit: HistoryCommit;
}

export interface BlobListing {
  blobs: HistoryBlob[];
  commits: number;
  /** Set when the listing stopped early: more than `maxBlobs` blobs, or `maxMs` spent listing. */
  stoppedBy?: "blobs" | "time";
}

/** Thrown for what the user must fix: no git, not a repository, an unknown `--since` ref. */
export class GitHistoryError extends ScanInputError {}

// No lock taken, no prompt, replace refs ignored, and no network fetch for a partial clone's missing blobs.
const ENV = { ...process.env, GIT_OPTIONAL_LOCKS: "0", GIT_TERMINAL_PROMPT: "0", GIT_NO_REPLACE_OBJECTS: "1", GIT_NO_LAZY_FETCH: "1" };

function spawnGit(cwd: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn("git", [...SAFE_GIT_OPTIONS, ...args], { cwd, env: ENV, stdio: ["pipe", "pipe", "pipe"] });
}

/** Runs git to completion; its stdout, or a clear error (git missing, or git's own message). */
function runGit(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(cwd, args);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.stdin.end();
    child.on("error", (error: NodeJS.ErrnoException) => reject(gitMissing(error)));
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else reject(new GitHistoryError(Buffer.concat(err).toString("utf8").trim().split("\n")[0] || `git ${args[0]} failed (exit ${code})`));
    });
  });
}

function gitMissing(error: NodeJS.ErrnoException): Error {
  return error.code === "ENOENT" ? new GitHistoryError("--history needs git, and no `git` command was found on PATH") : error;
}

/**
 * Checks that `dir` is inside a git work tree, and resolves `since` (a commit-ish) to a
 * full hash. Throws GitHistoryError with a message for the user otherwise.
 */
export async function openHistory(dir: string, since?: string): Promise<{ sinceCommit?: string }> {
  try {
    // "false" inside a `.git` directory or a bare repository: no tree to compare with.
    if ((await runGit(dir, ["rev-parse", "--is-inside-work-tree"])).trim() !== "true") throw new GitHistoryError("not a work tree");
  } catch (error) {
    if (error instanceof GitHistoryError && !error.message.startsWith("--history needs git")) {
      throw new GitHistoryError(`--history needs a git repository, and ${dir} is not inside one (${error.message})`);
    }
    throw error;
  }
  if (since === undefined) return {};
  // `--end-of-options`: a ref that starts with `-` is a name, never an option.
  const resolved = await runGit(dir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${since}^{commit}`]).catch(() => undefined);
  if (!resolved?.trim()) throw new GitHistoryError(`--since ${since}: no such commit in this repository`);
  return { sinceCommit: resolved.trim() };
}

/**
 * Every blob added or modified in the walked commits, once each, oldest commit first.
 * Without `sinceCommit` every ref is walked (branches, tags, remotes, stash); with it,
 * only `sinceCommit..HEAD`. `pathspec` limits the walk (a single scanned file).
 * Regular files only: symbolic links and submodules hold no text of this repository.
 */
export function listHistoryBlobs(dir: string, options: { sinceCommit?: string; pathspec?: string; maxBlobs: number; maxMs: number; wanted: (path: string) => boolean }): Promise<BlobListing> {
  const range = options.sinceCommit ? [`${options.sinceCommit}..HEAD`] : ["--all"];
  const args = [
    "log", ...range, "--topo-order", "--reverse", "--raw", "--no-renames", "--no-abbrev", "--root", "--diff-merges=first-parent", "--relative",
    "-z", "--format=%x01%H%x02%aI", "--no-show-signature", "--no-ext-diff", "--no-textconv", "--no-color", "--",
    ...(options.pathspec ? [options.pathspec] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawnGit(dir, args);
    child.stdin.end();
    const blobs: HistoryBlob[] = [];
    const seen = new Set<string>();
    let commits = 0;
    let commit: HistoryCommit | undefined;
    // After a raw entry, the next token is its path: `undefined` when none is awaited, "" to skip it.
    let awaitingPath: string | undefined;
    let rest = "";
    let stoppedBy: BlobListing["stoppedBy"];
    const stop = (why: "blobs" | "time"): void => {
      stoppedBy ??= why;
      child.kill();
    };
    // git computes a reversed walk in full before it writes a line: a huge history is stopped by the clock.
    const timer = setTimeout(() => stop("time"), options.maxMs);
    const err: Buffer[] = [];

    const onToken = (raw: string): void => {
      if (stoppedBy) return;
      const t = raw.startsWith("\n") ? raw.slice(1) : raw;
      if (awaitingPath !== undefined) {
        const oid = awaitingPath;
        awaitingPath = undefined;
        if (oid && !seen.has(oid) && options.wanted(t)) {
          if (blobs.length >= options.maxBlobs) return stop("blobs");
          seen.add(oid);
          blobs.push({ oid, path: t, commit: commit! });
        }
      } else if (t.startsWith("\x01")) {
        const [hash, authorDate = ""] = t.slice(1).split("\x02") as [string, string?];
        commit = { hash, authorDate: authorDate.trim() };
        commits++;
      } else if (t.startsWith(":")) {
        // `:oldmode newmode oldoid newoid status`: regular files that now hold a blob.
        const [, newMode, , newOid = "", status] = t.slice(1).split(" ");
        const regularFile = newMode === "100644" || newMode === "100755";
        awaitingPath = regularFile && status !== "D" && !/^0+$/.test(newOid) ? newOid : "";
      }
    };

    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\0");
      rest = parts.pop()!;
      for (const part of parts) onToken(part);
    });
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(gitMissing(error));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (rest) onToken(rest);
      if (code !== 0 && !stoppedBy) {
        const message = Buffer.concat(err).toString("utf8").trim().split("\n")[0];
        reject(new GitHistoryError(`git log failed: ${message || `exit ${code}`}${/does not have any commits|unknown revision.*HEAD/.test(message ?? "") ? " (the repository has no commits)" : ""}`));
        return;
      }
      resolve({ blobs, commits, ...(stoppedBy ? { stoppedBy } : {}) });
    });
  });
}

export type BlobContent = { blob: HistoryBlob; size: number; data?: Buffer };

/**
 * Streams the blobs' contents through one `git cat-file --batch`, in order. A blob larger
 * than `maxBlobBytes` arrives with its size and no data (its bytes are passed over, never
 * held). `visit` returns false to stop the stream early.
 */
export function readBlobs(dir: string, blobs: readonly HistoryBlob[], maxBlobBytes: number, visit: (content: BlobContent) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    if (blobs.length === 0) return resolve();
    const child = spawnGit(dir, ["cat-file", "--batch"]);
    let index = 0;
    let stopped = false;
    let header = Buffer.alloc(0);
    let remaining = -1; // bytes of the current body still to come (+1 for its trailing newline); -1: reading a header
    let size = 0;
    let parts: Buffer[] | undefined;

    const finishBody = (): void => {
      const blob = blobs[index++]!;
      const data = parts ? Buffer.concat(parts) : undefined;
      parts = undefined;
      if (!visit({ blob, size, data })) stop();
    };
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      // What is still in the pipe is read and dropped (the loop checks `stopped`): a paused stream would never close.
      child.kill();
    };

    child.stdout.on("data", (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length && !stopped) {
        if (remaining < 0) {
          const nl = chunk.indexOf(10, at);
          if (nl === -1) {
            header = Buffer.concat([header, chunk.subarray(at)]);
            return;
          }
          const line = Buffer.concat([header, chunk.subarray(at, nl)]).toString("utf8");
          header = Buffer.alloc(0);
          at = nl + 1;
          const [, type, sizeText] = line.split(" ");
          if (type === undefined || sizeText === undefined) {
            // `<oid> missing` (a shallow or partial clone): nothing to read.
            index++;
            continue;
          }
          size = Number(sizeText);
          remaining = size + 1;
          parts = size <= maxBlobBytes ? [] : undefined;
        } else {
          const take = Math.min(remaining, chunk.length - at);
          // The body's last byte is followed by a newline that is not part of it.
          const bodyBytes = Math.min(take, remaining - 1);
          if (parts && bodyBytes > 0) parts.push(chunk.subarray(at, at + bodyBytes));
          remaining -= take;
          at += take;
          if (remaining === 0) {
            remaining = -1;
            finishBody();
          }
        }
      }
    });
    child.stderr.resume();
    child.stdin.on("error", () => undefined); // the process may be stopped before it read every name
    child.on("error", (error: NodeJS.ErrnoException) => reject(gitMissing(error)));
    child.on("close", (code) => {
      if (!stopped && code !== 0) reject(new GitHistoryError(`git cat-file failed (exit ${code})`));
      else resolve();
    });
    child.stdin.end(blobs.map((b) => b.oid).join("\n") + "\n");
  });
}
