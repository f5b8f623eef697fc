/**
 * `.gitignore` semantics over a tree: every ignore file applies to the paths below its
 * own directory, deeper files can re-include (`!pattern`), and the last word wins.
 * Matching itself is the `ignore` package's (the same rules git uses).
 */
import ignore, { type Ignore } from "ignore";

interface ScopedRules {
  /** Directory of the ignore file relative to the scan root ("" for the root and its ancestors). */
  dir: string;
  /** For an ignore file above the scan root: the scan root's path relative to it. */
  prefix: string;
  order: number;
  rules: Ignore;
}

export class IgnoreRules {
  private readonly scopes: ScopedRules[] = [];

  /** An ignore file inside the scanned tree, in `dir` (relative to the scan root, "" for the root). */
  add(dir: string, content: string): void {
    const order = dir === "" || dir === "." ? 0 : dir.split("/").length;
    this.push({ dir: order === 0 ? "" : dir, prefix: "", order, rules: ignore({ allowRelativePaths: true }).add(content) });
  }

  /**
   * An ignore file above the scan root (up to the git work tree's top): `rootFromThere`
   * is the scan root's path relative to the ignore file's directory.
   */
  addAncestor(rootFromThere: string, content: string): void {
    const order = -rootFromThere.split("/").length;
    this.push({ dir: "", prefix: `${rootFromThere}/`, order, rules: ignore({ allowRelativePaths: true }).add(content) });
  }

  private push(scope: ScopedRules): void {
    this.scopes.push(scope);
    // Outer scopes first, so that deeper files get the last word.
    this.scopes.sort((a, b) => a.order - b.order);
  }

  /** Is this path (relative to the scan root, forward slashes) ignored? */
  ignores(relPath: string, isDirectory = false): boolean {
    let ignored = false;
    for (const scope of this.scopes) {
      let local: string;
      if (scope.dir === "") local = scope.prefix + relPath;
      else if (relPath.startsWith(`${scope.dir}/`)) local = relPath.slice(scope.dir.length + 1);
      else continue;
      const verdict = scope.rules.test(isDirectory ? `${local}/` : local);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }
}
