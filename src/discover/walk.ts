/**
 * The directory walk: every entry under the root, with its type from the directory listing
 * (nothing is stat'ed or opened). fast-glob drives the traversal (concurrency, no link
 * following); the entries are taken from the listings it reads, not from its matches:
 * its matcher drops names with a newline and returns names with a backslash escaped
 * (both legal on POSIX), so paths are joined here with "/" and never re-read as patterns.
 * Unreadable directories are recorded and walked past, never fatal.
 */
import type { Dirent } from "node:fs";
import * as fs from "node:fs";
import { relative, sep } from "node:path";
import fg from "fast-glob";

export type EntryType = "file" | "directory" | "symlink" | "fifo" | "socket" | "device" | "unknown";

export interface WalkEntry {
  /** Relative to the root, forward slashes. */
  relPath: string;
  type: EntryType;
}

export interface WalkOptions {
  /** Directories by name that are never entered (dependencies, build output). */
  skipDirectory: (name: string) => boolean;
  /** Listings in flight at once. */
  concurrency?: number;
}

export interface WalkResult {
  entries: WalkEntry[];
  /** Directories that could not be listed, with the error code. */
  unreadable: Array<{ relPath: string; code: string }>;
}

export async function walk(root: string, options: WalkOptions): Promise<WalkResult> {
  const entries: WalkEntry[] = [];
  const unreadable: WalkResult["unreadable"] = [];
  const relDir = (dir: string) => {
    const rel = relative(root, dir);
    return sep === "/" ? rel : rel.split(sep).join("/");
  };
  type ReaddirCallback = (error: NodeJS.ErrnoException | null, dirents: Dirent[]) => void;
  const readdir = (dir: string, listOptions: { withFileTypes: true }, callback: ReaddirCallback) =>
    fs.readdir(dir, listOptions, (error, dirents) => {
      const at = relDir(dir);
      if (error) {
        if (error.code !== "ENOENT") unreadable.push({ relPath: at || ".", code: error.code ?? error.message });
        return callback(null, []);
      }
      // Excluded directories are never listed: fast-glob does not descend into what it is not given.
      const kept = dirents.filter((d) => !(d.isDirectory() && options.skipDirectory(d.name)));
      for (const d of kept) entries.push({ relPath: at === "" ? d.name : `${at}/${d.name}`, type: typeOf(d) });
      callback(null, kept);
    });
  await fg.async("**", {
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    concurrency: options.concurrency ?? 16,
    fs: { ...fs, readdir } as unknown as fg.FileSystemAdapter,
  });
  entries.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  return { entries, unreadable };
}

function typeOf(d: Dirent): EntryType {
  if (d.isFile()) return "file";
  if (d.isDirectory()) return "directory";
  if (d.isSymbolicLink()) return "symlink";
  if (d.isFIFO()) return "fifo";
  if (d.isSocket()) return "socket";
  if (d.isBlockDevice() || d.isCharacterDevice()) return "device";
  return "unknown";
}
