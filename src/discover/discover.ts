/**
 * Discovery: which files a scan reads. walk.ts lists the tree (symbolic links are not
 * followed, so link loops cannot trap it; pipes and devices are reported, never opened);
 * `.gitignore` files (nested, and those above the scan root up to the work tree's top), `.aigisignore` and the config's `ignore` list
 * decide what is left out. Git-ignored `.env` files are still read (flagged), because
 * a bundler ships their client-exposed variables whether git tracks them or not.
 */
import type * as fs from "node:fs";
import { stat } from "node:fs/promises";
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { ENV_FILE_NAME } from "../knowledge/env-vars.js";
import { AIGIS_IGNORE_FILE, BINARY_EXTENSIONS, EXCLUDED_DIRECTORIES, EXCLUDED_FILE_PATTERNS } from "./defaults.js";
import { SegmentGlob } from "./glob.js";
import { readGitState, type GitState } from "./git.js";
import { IgnoreRules } from "./ignore-rules.js";
import { readTextFile } from "./read-file.js";
import { walk, type EntryType } from "./walk.js";

const EXCLUDED_DIRECTORY_NAMES = new Set(EXCLUDED_DIRECTORIES);
const EXCLUDED_FILE_GLOBS = EXCLUDED_FILE_PATTERNS.map((p) => new SegmentGlob(p));
// Most of them are plain names or `*.ext`: a set and a suffix test, not a glob per file.
const EXCLUDED_FILE_NAMES = new Set(EXCLUDED_FILE_GLOBS.flatMap((g) => (g.literal !== undefined ? [g.literal] : [])));
const EXCLUDED_FILE_SUFFIXES = EXCLUDED_FILE_GLOBS.flatMap((g) => (g.literal === undefined && g.source === `*${g.tail}` && !/[*?[\\]/.test(g.tail) ? [g.tail] : []));
const EXCLUDED_FILE_OTHERS = EXCLUDED_FILE_GLOBS.filter((g) => g.literal === undefined && !EXCLUDED_FILE_SUFFIXES.includes(g.tail));

function isExcludedFile(name: string): boolean {
  return EXCLUDED_FILE_NAMES.has(name) || EXCLUDED_FILE_SUFFIXES.some((s) => name.endsWith(s)) || EXCLUDED_FILE_OTHERS.some((g) => g.matches(name));
}

/**
 * Left out by name whatever the ignore files say: dependency and build directories,
 * generated files, binary formats. Git history blobs are filtered the same way.
 */
export function isLeftOutByName(relPath: string): boolean {
  const segments = relPath.split("/");
  const name = segments.pop()!;
  return segments.some((s) => EXCLUDED_DIRECTORY_NAMES.has(s)) || isExcludedFile(name) || BINARY_EXTENSIONS.has(extname(name).toLowerCase());
}

/** Entries that are not regular files are never opened: reading a FIFO or a device would block or never end. */
const NOT_A_FILE: Record<Exclude<EntryType, "file" | "directory">, string> = {
  symlink: "symbolic link: not followed",
  fifo: "named pipe (FIFO): not a regular file, not read",
  socket: "socket: not a regular file, not read",
  device: "device file: not a regular file, not read",
  unknown: "not a regular file: not read",
};

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
  /** `.aigisignore` files and the `ignore` patterns: what the scan leaves out (history walks too). */
  scanIgnore: IgnoreRules;
  git: GitState;
}

export interface DiscoveryOptions {
  /** Extra gitignore-style patterns (from the config or the command line). */
  ignore?: readonly string[];
  /**
   * The target is an export of one commit without its `.git` (the corpus trees, an
   * unpacked archive of a commit): every file in it is tracked.
   */
  committedSnapshot?: boolean;
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
  // git runs in its own processes while the tree is walked: the walk does not need its answer.
  const gitState = readGitState(root);
  const gitignore = new IgnoreRules();
  const scanIgnore = new IgnoreRules();
  if (options.ignore?.length) scanIgnore.add("", options.ignore.join("\n"));

  if (!targetStat.isDirectory()) {
    // A single file was named: scan it, whatever the ignore files say; but whether git
    // ignores it still decides the verdict on an env file, so the .gitignore rules in
    // force at its directory are read (not those of the whole tree below it).
    const git = await gitState;
    await loadAncestorIgnoreFiles(root, git, gitignore);
    const here = await readOptional(join(root, ".gitignore"));
    if (here !== undefined) gitignore.add("", here);
    const relPath = basename(absTarget);
    if (!targetStat.isFile()) {
      const type = targetStat.isFIFO() ? "fifo" : targetStat.isSocket() ? "socket" : targetStat.isBlockDevice() || targetStat.isCharacterDevice() ? "device" : "unknown";
      return { root, files: [], skipped: [{ file: relPath, reason: NOT_A_FILE[type] }], gitignore, scanIgnore, git };
    }
    return { root, files: [{ absPath: absTarget, relPath, gitIgnored: gitignore.ignores(relPath) }], skipped: [], gitignore, scanIgnore, git };
  }

  // One walk: directory entries carry their type, so no file is stat'ed here (sizes are
  // checked when a file is opened). The ignore files found on the way are read first.
  const [git, walked] = await Promise.all([gitState, walk(root, { skipDirectory: (name) => EXCLUDED_DIRECTORY_NAMES.has(name) })]);
  await loadAncestorIgnoreFiles(root, git, gitignore);
  const paths = walked.entries.filter((e) => !(e.type === "file" && isExcludedFile(basename(e.relPath))));
  for (const { relPath, type } of paths) {
    const name = basename(relPath);
    if (type !== "file" || (name !== ".gitignore" && name !== AIGIS_IGNORE_FILE)) continue;
    const content = await readOptional(join(root, relPath));
    if (content === undefined) continue;
    const dir = dirname(relPath);
    (name === ".gitignore" ? gitignore : scanIgnore).add(dir === "." ? "" : dir, content);
  }

  const skipped: SkippedFile[] = walked.unreadable.map((u) => ({ file: u.relPath, reason: `cannot list directory (${u.code})` }));
  const files: DiscoveredFile[] = [];
  let leftOutByGit = 0;
  for (const { relPath, type } of paths) {
    if (type === "directory") continue;
    if (scanIgnore.ignores(relPath)) continue;
    if (type !== "file") {
      skipped.push({ file: relPath, reason: NOT_A_FILE[type] });
      continue;
    }
    const name = basename(relPath);
    const isEnv = ENV_FILE_NAME.test(name);
    const gitIgnored = gitignore.ignores(relPath);
    if (gitIgnored && !isEnv) {
      leftOutByGit++;
      continue;
    }
    if (BINARY_EXTENSIONS.has(extname(name).toLowerCase())) continue;
    files.push({ absPath: join(root, relPath), relPath, gitIgnored });
  }
  // A folder git ignores as a whole (a build or cache folder, asked for by name) would otherwise be "0 files" and no reason.
  if (files.length === 0 && leftOutByGit > 0) {
    skipped.push({ file: ".", reason: "a .gitignore covers every file here, so none was scanned; scan a copy outside the repository, or narrow the .gitignore rule" });
  }
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const tracked = options.committedSnapshot && git.tracked === undefined ? { tracked: new Set(paths.filter((p) => p.type === "file").map((p) => p.relPath)), topLevel: root } : git;
  return { root, files, skipped, gitignore, scanIgnore, git: tracked };
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
    if (content !== undefined) gitignore.addAncestor(relative(ancestor, root).split(sep).join("/"), content);
  }
}

// Ignore files are read like any scanned file: never a FIFO (it would block), never unbounded.
const IGNORE_FILE_MAX_BYTES = 32 * 1024 * 1024;

async function readOptional(path: string): Promise<string | undefined> {
  const read = readTextFile(path, IGNORE_FILE_MAX_BYTES);
  return read.ok ? read.text : undefined;
}
