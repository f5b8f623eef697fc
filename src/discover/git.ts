/**
 * What git knows about the scanned tree: which files are tracked.
 *
 * git runs with repository hooks and fsmonitor switched off, so scanning an untrusted
 * checkout never runs a command configured inside it.
 */
import { execFile } from "node:child_process";

export interface GitState {
  /** Paths relative to the scan root (forward slashes) of tracked files, or undefined when not a git work tree. */
  tracked: ReadonlySet<string> | undefined;
  /** Absolute path of the work tree root, when there is one. */
  topLevel: string | undefined;
}

export const SAFE_GIT_OPTIONS = ["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.untrackedCache=false"];

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile("git", [...SAFE_GIT_OPTIONS, ...args], { cwd, maxBuffer: 256 * 1024 * 1024, timeout: 30_000, env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" } }, (error, stdout) => {
      resolve(error ? undefined : stdout);
    });
  });
}

export async function readGitState(rootDir: string): Promise<GitState> {
  // Both at once: outside a work tree both fail, and that costs no more than one.
  const [top, listing] = await Promise.all([git(rootDir, ["rev-parse", "--show-toplevel"]), git(rootDir, ["ls-files", "-z"])]);
  if (top === undefined) return { tracked: undefined, topLevel: undefined };
  if (listing === undefined) return { tracked: undefined, topLevel: top.trim() };
  return { tracked: new Set(listing.split("\0").filter(Boolean)), topLevel: top.trim() };
}

/**
 * Files changed since `ref`, as paths relative to `rootDir`: what differs between the
 * merge base of `ref` and HEAD and the working tree (committed, staged or not), plus new
 * untracked files; deleted files are left out. Undefined when `rootDir` is not in a work
 * tree or git does not know `ref`.
 */
export async function changedFilesSince(rootDir: string, ref: string): Promise<string[] | undefined> {
  // `--end-of-options`: a ref that starts with `-` is a ref, never an option.
  const base = await git(rootDir, ["merge-base", "--end-of-options", ref, "HEAD"]);
  if (base === undefined) return undefined;
  const changed = await git(rootDir, ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", "--relative", base.trim(), "--", "."]);
  const untracked = await git(rootDir, ["ls-files", "-z", "--others", "--exclude-standard", "--", "."]);
  if (changed === undefined || untracked === undefined) return undefined;
  return [...new Set([...changed.split("\0"), ...untracked.split("\0")].filter(Boolean))].sort();
}
