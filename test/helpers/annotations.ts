/**
 * Semgrep-style annotations in fixture apps: a trailing comment on a line names the items
 * expected there (`// PI-1, RL-3: why`, `<!-- OF-1: why -->`, `# TR-1: why`). One reader
 * for every fixture test; each passes its own pattern (group 1: the comma-separated items).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Code files; env files too when `withEnvFiles`. */
const CODE = /\.(ts|tsx|js|jsx|mjs|cjs|vue|svelte|astro)$/;

/** `file:line` → items, for the annotations `pattern` finds in the fixture at `root` (those `keep` accepts). */
export function fixtureAnnotations(root: string, pattern: RegExp, { withEnvFiles = false, keep = () => true }: { withEnvFiles?: boolean; keep?: (item: string) => boolean } = {}): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      if (entry === "node_modules") continue;
      const path = join(dir, entry);
      const relPath = rel ? `${rel}/${entry}` : entry;
      if (statSync(path).isDirectory()) walk(path, relPath);
      else if (CODE.test(entry) || (withEnvFiles && entry.startsWith(".env"))) {
        readFileSync(path, "utf8").split("\n").forEach((line, i) => {
          const m = pattern.exec(line);
          const items = m ? m[1]!.split(/\s*,\s*/).filter(keep) : [];
          if (items.length) out.set(`${relPath}:${i + 1}`, new Set(items));
        });
      }
    }
  };
  walk(root, "");
  return out;
}
