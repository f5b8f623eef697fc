/**
 * Discovery: which files a scan reads. fast-glob walks the tree (symbolic links are not
 * followed, so link loops cannot trap it); `.gitignore` files (nested, and those above the
 * scan root up to the work tree's top), `.aigisignore` and the config's `ignore` list
 * decide what is left out. Git-ignored `.env` files are still read (flagged), because
 * a bundler ships their client-exposed variables whether git tracks them or not.
 */
import fg from "fast-glob";
import * as fs from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { ENV_FILE_NAME } from "../knowledge/env-vars.js";
import { toPosix } from "../util/text.js";
import { AIGIS_IGNORE_FILE, BINARY_EXTENSIONS, EXCLUDED_DIRECTORIES, EXCLUDED_FILE_PATTERNS } from "./defaults.js";
import { readGitState, type GitState } from "./git.js";
import { IgnoreRules } from "./ignore-rules.js";

export interface DiscoveredFile {
  absPath: string;
  /** Relative to the scan root, forward slashes. */
  relPath: string;
  gitIgnored: boolean;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface Discovery {
  /** Absolute directory every reported path is relative to. */
  root: string;
  files: DiscoveredFile[];
  skipped: SkippedFile[];
  /** `.gitignore` rules only: used to judge whether an env file is covered. */
  gitignore: IgnoreRules;
  git: GitState;
}

export interface DiscoveryOptions {
  /** Extra gitignore-style patterns (from the config or the command line). */
  ignore?: readonly string[];
}

export class ScanInputError extends Error {}

export async function discover(target: string, options: DiscoveryOptions): Promise<Discovery> {
  const absTarget = resolve(target);
  let targetStat: fs.Stats;
  try {
    targetStat = await stat(absTarget);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScanInputError(code === "ENOENT" ? `path does not exist: ${target}` : `cannot read ${target}: ${code ?? String(error)}`);
  }
  const root = targetStat.isDirectory() ? absTarget : dirname(absTarget);
  const git = await readGitState(root);
  const gitignore = new IgnoreRules();
  const scanIgnore = new IgnoreRules();
  if (options.ignore?.length) scanIgnore.add("", options.ignore.join("\n"));

  if (!targetStat.isDirectory()) {
    // A single file was named: scan it, whatever the ignore files say; but whether git
    // ignores it still decides the verdict on an env file, so the .gitignore rules in
    // force at its directory are read (not those of the whole tree below it).
    await loadAncestorIgnoreFiles(root, git, gitignore);
    const here = await readOptional(join(root, ".gitignore"));
    if (here !== undefined) gitignore.add("", here);
    const relPath = basename(absTarget);
    return { root, files: [{ absPath: absTarget, relPath, gitIgnored: gitignore.ignores(relPath) }], skipped: [], gitignore, git };
  }

  await loadAncestorIgnoreFiles(root, git, gitignore);

  // One walk: directory entries carry their type, so no file is stat'ed here (sizes are
  // checked when a file is opened). The ignore files found on the way are read first.
  const unreadable: SkippedFile[] = [];
  const entries = await fg("**", {
    cwd: root,
    dot: true,
    onlyFiles: false,
    objectMode: true,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: [...EXCLUDED_DIRECTORIES.map((d) => `**/${d}/**`), ...EXCLUDED_FILE_PATTERNS.map((p) => `**/${p}`)],
    fs: recordingFs(root, unreadable),
  });
  const paths = entries.map((e) => ({ relPath: toPosix(e.path), dirent: e.dirent })).sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  for (const { relPath, dirent } of paths) {
    const name = basename(relPath);
    if (!dirent.isFile() || (name !== ".gitignore" && name !== AIGIS_IGNORE_FILE)) continue;
    const content = await readOptional(join(root, relPath));
    if (content === undefined) continue;
    const dir = toPosix(dirname(relPath));
    (name === ".gitignore" ? gitignore : scanIgnore).add(dir === "." ? "" : dir, content);
  }

  const skipped: SkippedFile[] = [...unreadable];
  const files: DiscoveredFile[] = [];
  for (const { relPath, dirent } of paths) {
    if (dirent.isSymbolicLink()) {
      skipped.push({ file: relPath, reason: "symbolic link: not followed" });
      continue;
    }
    if (!dirent.isFile()) continue;
    if (scanIgnore.ignores(relPath)) continue;
    const name = basename(relPath);
    const isEnv = ENV_FILE_NAME.test(name);
    const gitIgnored = gitignore.ignores(relPath);
    if (gitIgnored && !isEnv) continue;
    if (BINARY_EXTENSIONS.has(extname(name).toLowerCase())) continue;
    files.push({ absPath: join(root, relPath), relPath, gitIgnored });
  }
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { root, files, skipped, gitignore, git };
}

/** `.gitignore` files above the scan root, from the work tree's top down. */
async function loadAncestorIgnoreFiles(root: string, git: GitState, gitignore: IgnoreRules): Promise<void> {
  if (!git.topLevel) return;
  const top = resolve(git.topLevel);
  let dir = dirname(root);
  const ancestors: string[] = [];
  while (dir.startsWith(top) && dir !== root) {
    ancestors.push(dir);
    if (dir === top) break;
    dir = dirname(dir);
  }
  for (const ancestor of ancestors) {
    const content = await readOptional(join(ancestor, ".gitignore"));
    if (content !== undefined) gitignore.addAncestor(toPosix(relative(ancestor, root)), content);
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The fs adapter fast-glob walks with, noting directories it could not list instead of losing them silently. */
function recordingFs(root: string, unreadable: SkippedFile[]): Partial<typeof fs> {
  const note = (path: fs.PathLike, error: NodeJS.ErrnoException | null) => {
    if (error && error.code !== "ENOENT") unreadable.push({ file: toPosix(relative(root, String(path))) || ".", reason: `cannot list directory (${error.code ?? error.message})` });
  };
  const readdir = ((path: fs.PathLike, options: unknown, callback?: (error: NodeJS.ErrnoException | null, entries: unknown) => void) => {
    if (typeof options === "function") {
      const cb = options as (error: NodeJS.ErrnoException | null, entries: unknown) => void;
      return fs.readdir(path, (error, entries) => (note(path, error), cb(error, entries)));
    }
    return fs.readdir(path, options as fs.ObjectEncodingOptions & { withFileTypes: true }, (error, entries) => (note(path, error), callback!(error, entries)));
  }) as unknown as typeof fs.readdir;
  return { readdir };
}
