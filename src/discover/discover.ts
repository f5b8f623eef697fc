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
  size: number;
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
  maxFileBytes: number;
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
    await loadIgnoreFiles(root, git, gitignore, scanIgnore, false);
    const relPath = basename(absTarget);
    const file = { absPath: absTarget, relPath, size: targetStat.size, gitIgnored: gitignore.ignores(relPath) };
    const skipped: SkippedFile[] = [];
    return { root, files: sizeFilter([file], options.maxFileBytes, skipped), skipped, gitignore, git };
  }

  await loadIgnoreFiles(root, git, gitignore, scanIgnore);

  const unreadable: SkippedFile[] = [];
  const entries = await fg("**", {
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    stats: true,
    suppressErrors: true,
    ignore: [...EXCLUDED_DIRECTORIES.map((d) => `**/${d}/**`), ...EXCLUDED_FILE_PATTERNS.map((p) => `**/${p}`)],
    fs: recordingFs(root, unreadable),
  });

  const skipped: SkippedFile[] = [...unreadable];
  const files: DiscoveredFile[] = [];
  for (const entry of entries) {
    const relPath = toPosix(entry.path);
    const st = entry.stats!;
    if (st.isSymbolicLink()) {
      skipped.push({ file: relPath, reason: "symbolic link: not followed" });
      continue;
    }
    if (!st.isFile()) continue;
    if (scanIgnore.ignores(relPath)) continue;
    const name = basename(relPath);
    const isEnv = ENV_FILE_NAME.test(name);
    const gitIgnored = gitignore.ignores(relPath);
    if (gitIgnored && !isEnv) continue;
    if (BINARY_EXTENSIONS.has(extname(name).toLowerCase())) continue;
    files.push({ absPath: join(root, entry.path), relPath, size: st.size, gitIgnored });
  }
  files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { root, files: sizeFilter(files, options.maxFileBytes, skipped), skipped, gitignore, git };
}

function sizeFilter(files: DiscoveredFile[], maxBytes: number, skipped: SkippedFile[]): DiscoveredFile[] {
  return files.filter((f) => {
    if (f.size <= maxBytes) return true;
    skipped.push({ file: f.relPath, reason: `larger than ${formatBytes(maxBytes)} (${formatBytes(f.size)}): not scanned; raise --max-file-size to include it` });
    return false;
  });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

async function loadIgnoreFiles(root: string, git: GitState, gitignore: IgnoreRules, scanIgnore: IgnoreRules, wholeTree = true): Promise<void> {
  // Ignore files above the scan root, from the work tree's top down.
  if (git.topLevel) {
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
  if (!wholeTree) {
    const content = await readOptional(join(root, ".gitignore"));
    if (content !== undefined) gitignore.add("", content);
    return;
  }
  const ignoreFiles = await fg([`**/.gitignore`, `**/${AIGIS_IGNORE_FILE}`], {
    cwd: root,
    dot: true,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: EXCLUDED_DIRECTORIES.map((d) => `**/${d}/**`),
  });
  for (const rel of ignoreFiles.sort()) {
    const content = await readOptional(join(root, rel));
    if (content === undefined) continue;
    const dir = toPosix(dirname(rel));
    (basename(rel) === ".gitignore" ? gitignore : scanIgnore).add(dir === "." ? "" : dir, content);
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
