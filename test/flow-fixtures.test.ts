/**
 * Prompt and output data flow on every fixture app: the findings of the flow rules
 * (PI-1, PI-2, RL-2, RL-3, OF-1, OF-2, TR-1, AK-5, LG-2) must be exactly the lines
 * annotated in the code, Semgrep style (`// PI-1, RL-3: why` as a trailing comment on the
 * flagged line, `<!-- OF-1: why -->` in templates, `{/* OF-1: why *\/}` in JSX, `# TR-1: why`
 * in env files). A fixture named `*-safe` must produce no finding at all.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { withoutAdvisory } from "./helpers/advisory.js";
import { fixtureAnnotations } from "./helpers/annotations.js";

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
    expect(render(found)).toEqual(render(fixtureAnnotations(join(FIXTURES, name), ANNOTATION, { withEnvFiles: true })));
    if (name.endsWith("-safe")) expect(withoutAdvisory(result.findings).map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([]);
  });
});

function render(map: Map<string, Set<string>>): string[] {
  return [...map.entries()].map(([k, v]) => `${k} ${[...v].sort().join(",")}`).sort();
}

