/**
 * AI routes on the per-framework route fixtures (`fixtures/routes-<framework>-open` and
 * `-guarded`): the findings of AU-1, RL-1, AU-2, AU-4 and EH-1 must be exactly the lines
 * annotated in the code (`// AU-1, RL-1: why`), and guarded twins carry only the
 * annotations their README explains (a `@Public()` AI route). The inventory must show,
 * for every AI route of a guarded twin, the evidence that made it pass.
 * The prompt/output flow items (PI-1, RL-3…) in the same fixtures belong to
 * flow-fixtures.test.ts: this test neither reads their annotations nor counts their findings.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { scan } from "../src/engine/scan.js";
import { withoutAdvisory } from "./helpers/advisory.js";
import { fixtureAnnotations } from "./helpers/annotations.js";

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));
const ITEMS = ["AU-1", "RL-1", "AU-2", "AU-4", "EH-1"] as const;
/** Checked by flow-fixtures.test.ts; RL-2/RL-3 must not be read as the route item RL-1. */
const FLOW_ITEMS = ["PI-1", "PI-2", "RL-2", "RL-3", "OF-1", "OF-2", "TR-1", "AK-5", "LG-2"] as const;
const ITEM = String.raw`(?:AU-[124]|RL-1|EH-1)`;
const ANNOTATION = new RegExp(String.raw`(?:\/\/|<!--)\s*(${ITEM}(?:\s*,\s*${ITEM})*)\s*:`);
const NAMES = readdirSync(FIXTURES).filter((n) => n.startsWith("routes-")).sort();

describe.each(NAMES)("%s", (name) => {
  it("AU-1, RL-1, AU-2, AU-4 and EH-1 findings are exactly the annotated lines", async () => {
    const result = await scan({ target: join(FIXTURES, name) });
    const found = new Map<string, Set<string>>();
    for (const f of result.findings) {
      const item = f.checklist.find((c) => (ITEMS as readonly string[]).includes(c));
      if (!item) continue;
      const key = `${f.file}:${f.line}`;
      found.set(key, (found.get(key) ?? new Set()).add(item));
    }
    expect(render(found)).toEqual(render(fixtureAnnotations(join(FIXTURES, name), ANNOTATION)));
    // The fixtures are about routes (and prompt flow): no key or browser-call finding, no unreadable file.
    const known: readonly string[] = [...ITEMS, ...FLOW_ITEMS];
    expect(withoutAdvisory(result.findings).filter((f) => !f.checklist.some((c) => known.includes(c)))).toEqual([]);
    expect(result.stats.warnings).toEqual([]);
  });

  if (name.endsWith("-guarded")) {
    it("the inventory shows the evidence each AI route passed on", async () => {
      const { project, ts } = await loadProject(join(FIXTURES, name), defaultConfig());
      const routes = project.routes(ts).aiRoutes;
      expect(routes.length).toBeGreaterThan(0);
      for (const ai of routes) {
        if (ai.route.optOuts?.some((o) => o.kind === "auth")) continue;
        expect({ route: `${ai.route.method} ${ai.route.path}`, auth: ai.auth.length > 0, rateLimit: ai.rateLimit.length > 0 }).toEqual({ route: `${ai.route.method} ${ai.route.path}`, auth: true, rateLimit: true });
      }
    });
  }
});

function render(map: Map<string, Set<string>>): string[] {
  return [...map.entries()].map(([k, v]) => `${k} ${[...v].sort().join(",")}`).sort();
}

