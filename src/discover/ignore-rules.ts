/**
 * `.gitignore` semantics over a tree: every ignore file applies to the paths below its
 * own directory, deeper files can re-include (`!pattern`), the last word wins, and
 * nothing inside an excluded directory can be re-included (git does not look inside).
 * Matching is our own (ignore-file.ts): indexed, and without backtracking regexes,
 * because the patterns come from the scanned repository.
 */
import { IgnoreFile } from "./ignore-file.js";

interface ScopedRules {
  /** For an ignore file above the scan root: the scan root's path relative to it, lower-cased segments. */
  prefix: string[];
  /** Directory of the ignore file relative to the scan root, as lower-cased segments (empty for the root and its ancestors). */
  dirSegments: string[];
  order: number;
  rules: IgnoreFile;
}

export class IgnoreRules {
  private readonly scopes: ScopedRules[] = [];
  /** Verdicts on directories, so each directory is judged once however many files it holds. */
  private readonly excludedDirectories = new Map<string, boolean>();
  private rootExcluded: boolean | undefined;

  /** An ignore file inside the scanned tree, in `dir` (relative to the scan root, "" for the root). */
  add(dir: string, content: string): void {
    const order = dir === "" || dir === "." ? 0 : dir.split("/").length;
    const scopeDir = order === 0 ? "" : dir;
    this.push({ dirSegments: scopeDir ? scopeDir.toLowerCase().split("/") : [], prefix: [], order, rules: new IgnoreFile(content) });
  }

  /**
   * An ignore file above the scan root (up to the git work tree's top): `rootFromThere`
   * is the scan root's path relative to the ignore file's directory.
   */
  addAncestor(rootFromThere: string, content: string): void {
    const order = -rootFromThere.split("/").length;
    this.push({ dirSegments: [], prefix: rootFromThere.toLowerCase().split("/").filter(Boolean), order, rules: new IgnoreFile(content) });
  }

  private push(scope: ScopedRules): void {
    this.scopes.push(scope);
    // Outer scopes first, so that deeper files get the last word.
    this.scopes.sort((a, b) => a.order - b.order);
    this.excludedDirectories.clear();
    this.rootExcluded = undefined;
  }

  /** Glob matches tried, over every ignore file (for the robustness suite). */
  get attempts(): number {
    return this.scopes.reduce((sum, s) => sum + s.rules.attempts, 0);
  }

  /** Is this path (relative to the scan root, forward slashes) ignored? */
  ignores(relPath: string, isDirectory = false): boolean {
    if (this.scopes.length === 0) return false;
    if (this.isRootExcluded()) return true;
    const segments = relPath.toLowerCase().split("/");
    for (let depth = 1; depth < segments.length; depth++) {
      if (this.isDirectoryExcluded(segments.slice(0, depth))) return true;
    }
    return this.verdict(segments, isDirectory);
  }

  private isDirectoryExcluded(segments: string[]): boolean {
    const key = segments.join("/");
    let excluded = this.excludedDirectories.get(key);
    if (excluded === undefined) {
      excluded = this.verdict(segments, true);
      this.excludedDirectories.set(key, excluded);
    }
    return excluded;
  }

  /** The scan root itself lies in a directory an ignore file above it excludes. */
  private isRootExcluded(): boolean {
    if (this.rootExcluded === undefined) {
      this.rootExcluded = this.scopes.some((scope) => {
        const above = scope.prefix;
        for (let depth = 1; depth <= above.length; depth++) {
          const i = scope.rules.lastMatch(above.slice(0, depth), true);
          if (i >= 0 && !scope.rules.patterns[i]!.negative) return true;
        }
        return false;
      });
    }
    return this.rootExcluded;
  }

  private verdict(segments: string[], isDirectory: boolean): boolean {
    let ignored = false;
    for (const scope of this.scopes) {
      let local: string[];
      const dirSegments = scope.dirSegments;
      if (dirSegments.length === 0) local = scope.prefix.length ? [...scope.prefix, ...segments] : segments;
      else {
        if (segments.length <= dirSegments.length || dirSegments.some((s, i) => segments[i] !== s)) continue;
        local = segments.slice(dirSegments.length);
      }
      const i = scope.rules.lastMatch(local, isDirectory);
      if (i >= 0) ignored = !scope.rules.patterns[i]!.negative;
    }
    return ignored;
  }
}
