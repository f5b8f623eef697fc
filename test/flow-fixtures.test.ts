/**
 * Prompt and output data flow on every fixture app: the findings of the flow rules
 * (PI-1, PI-2, RL-2, RL-3, OF-1, OF-2, TR-1, AK-5, LG-2) must be exactly the lines
 * annotated in the code, Semgrep style (`// PI-1, RL-3: why` as a trailing comment on the
 * flagged line, `<!-- OF-1: why -->` in templates, `{/* OF-1: why *\/}` in JSX, `# TR-1: why`
 * in env files). A fixture named `*-safe` must produce no finding at all.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { withoutAdvisory } from "./helpers/advisory.js";

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));
const ITEMS = ["PI-1", "PI-2", "RL-2", "RL-3", "OF-1", "OF-2", "TR-1", "AK-5", "LG-2"] as const;
const ITEM = String.raw`(?:PI-[12]|RL-[23]|OF-[12]|TR-1|AK-5|LG-2)`;
const ANNOTATION = new RegExp(String.raw`(?:\/\/|<!--|\/\*|#)\s*(${ITEM}(?:\s*,\s*${ITEM})*)\s*:`);
const NAMES = readdirSync(FIXTURES).filter((n) => statSync(join(FIXTURES, n)).isDirectory()).sort();

describe.each(NAMES)("%s", (name) => {
  it("flow findings are exactly the annotated lines", async () => {
    const result = await scan({ target: join(FIXTURES, name) });
    const found = new Map<string, Set<string>>();
    for (const f of result.findings) {
      for (const item of f.checklist) {
        if (!(ITEMS as readonly string[]).includes(item)) continue;
        const key = `${f.file}:${f.line}`;
        found.set(key, (found.get(key) ?? new Set()).add(item));
      }
    }
    expect(render(found)).toEqual(render(annotations(join(FIXTURES, name))));
    if (name.endsWith("-safe")) expect(withoutAdvisory(result.findings).map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([]);
  });
});

function render(map: Map<string, Set<string>>): string[] {
  return [...map.entries()].map(([k, v]) => `${k} ${[...v].sort().join(",")}`).sort();
}

/** `file:line` → items, from the annotation comments of every text file in the fixture. */
export function annotations(root: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      if (entry === "node_modules") continue;
      const path = join(dir, entry);
      const relPath = rel ? `${rel}/${entry}` : entry;
      if (statSync(path).isDirectory()) walk(path, relPath);
      else if (/\.(ts|tsx|js|jsx|mjs|cjs|vue|svelte|astro)$|^\.env/.test(entry)) {
        readFileSync(path, "utf8").split("\n").forEach((line, i) => {
          const m = ANNOTATION.exec(line);
          if (m) out.set(`${relPath}:${i + 1}`, new Set(m[1]!.split(/\s*,\s*/)));
        });
      }
    }
  };
  walk(root, "");
  return out;
}
