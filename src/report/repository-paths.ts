/**
 * Code-scanning services place results by their path from the repository root, whatever
 * folder was scanned: `aigis scan apps/web` reports `src/a.ts`, which GitHub must see as
 * `apps/web/src/a.ts`. Outside a git work tree, paths stay relative to the scanned folder.
 */
import { realpathSync } from "node:fs";
import { relative, sep } from "node:path";
import type { ScanResult } from "../engine/scan.js";

export interface RepositoryPaths {
  /** The folder paths are given from (the work tree's top, else the scanned folder). */
  base: string;
  /** A path relative to the scanned folder, as a path from `base` (forward slashes). */
  fromBase(relPath: string): string;
}

export function repositoryPaths(result: Pick<ScanResult, "root" | "repositoryRoot">): RepositoryPaths {
  const prefix = result.repositoryRoot ? prefixWithin(result.repositoryRoot, result.root) : undefined;
  if (prefix === undefined) return { base: result.root, fromBase: (relPath) => relPath };
  return { base: result.repositoryRoot!, fromBase: (relPath) => (relPath === "." ? prefix.replace(/\/$/, "") || "." : prefix + relPath) };
}

/** `apps/web/` for a root inside the work tree, `` at its top; undefined when it is not inside (git reports real paths: compare real paths). */
function prefixWithin(top: string, root: string): string | undefined {
  const rel = relative(realOrSame(top), realOrSame(root));
  if (rel.startsWith("..") || rel.includes(":")) return undefined;
  return rel === "" ? "" : `${rel.split(sep).join("/")}/`;
}

function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
