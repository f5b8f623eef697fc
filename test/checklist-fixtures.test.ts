/**
 * The checklist items judged by evidence (AU-3, RL-4, PI-3, OF-3, LG-1, DP-1) on their
 * fixture apps, `fixtures/checklist-<topic>-{safe,unsafe}`:
 * - the findings of these items are exactly the annotated lines (`// LG-1: why`);
 * - the evidence each item lists is exactly the lines annotated with a plus (`// +LG-1: why`);
 * - each item has the status `STATUSES` gives for the fixture.
 * Advisory findings count here (they are what these fixtures are about).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../src/engine/scan.js";
import type { ChecklistStatus } from "../src/checklist/evaluate.js";

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));
const ITEMS = ["AU-3", "RL-4", "PI-3", "OF-3", "LG-1", "DP-1"] as const;
type Item = (typeof ITEMS)[number];
const ITEM = String.raw`(?:AU-3|RL-4|PI-3|OF-3|LG-1|DP-1)`;
const FINDING = new RegExp(String.raw`(?:\/\/|<!--|\/\*|#)\s*(${ITEM}(?:\s*,\s*${ITEM})*)\s*:`);
const EVIDENCE = new RegExp(String.raw`(?:\/\/|<!--|\/\*|#)\s*(\+${ITEM}(?:\s*,\s*\+${ITEM})*)\s*:`);

/** The status of each item on each fixture; every `checklist-*` fixture has a row. */
const STATUSES: Record<string, Partial<Record<Item, ChecklistStatus>>> = {
  "checklist-moderation-safe": { "PI-3": "pass", "OF-3": "pass" },
  "checklist-moderation-unsafe": { "PI-3": "fail", "OF-3": "fail" },
};

const NAMES = readdirSync(FIXTURES).filter((n) => n.startsWith("checklist-") && statSync(join(FIXTURES, n)).isDirectory()).sort();

it("every checklist fixture has expected statuses, and every row a fixture", () => {
  expect(Object.keys(STATUSES).sort()).toEqual(NAMES);
});

describe.each(NAMES)("%s", (name) => {
  let result: Promise<ScanResult> | undefined;
  const run = () => (result ??= scan({ target: join(FIXTURES, name) }));

  it("findings of these items are exactly the annotated lines", async () => {
    const found = new Map<string, Set<string>>();
    for (const f of (await run()).findings) {
      for (const item of f.checklist) if ((ITEMS as readonly string[]).includes(item)) add(found, `${f.file}:${f.line}`, item);
    }
    expect(render(found)).toEqual(render(annotations(join(FIXTURES, name), FINDING)));
  });

  it("evidence is exactly the lines annotated with a plus", async () => {
    const found = new Map<string, Set<string>>();
    for (const item of (await run()).checklist) {
      if (!(ITEMS as readonly string[]).includes(item.id)) continue;
      for (const place of item.evidence ?? []) add(found, `${place.file}:${place.line}`, `+${item.id}`);
    }
    expect(render(found)).toEqual(render(annotations(join(FIXTURES, name), EVIDENCE)));
  });

  it("each item has its expected status", async () => {
    const expected = STATUSES[name] ?? {};
    const got = Object.fromEntries((await run()).checklist.filter((c) => c.id in expected).map((c) => [c.id, c.status]));
    expect(got).toEqual(expected);
  });
});

function add(map: Map<string, Set<string>>, key: string, item: string): void {
  map.set(key, (map.get(key) ?? new Set()).add(item));
}

function render(map: Map<string, Set<string>>): string[] {
  return [...map.entries()].map(([k, v]) => `${k} ${[...v].sort().join(",")}`).sort();
}

/** `file:line` → items, from the annotation comments of every code file of the fixture. */
function annotations(root: string, pattern: RegExp): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      if (entry === "node_modules") continue;
      const path = join(dir, entry);
      const relPath = rel ? `${rel}/${entry}` : entry;
      if (statSync(path).isDirectory()) walk(path, relPath);
      else if (/\.(ts|tsx|js|jsx|mjs|cjs|vue|svelte)$/.test(entry)) {
        readFileSync(path, "utf8").split("\n").forEach((line, i) => {
          const m = pattern.exec(line);
          if (m) out.set(`${relPath}:${i + 1}`, new Set(m[1]!.split(/\s*,\s*/)));
        });
      }
    }
  };
  walk(root, "");
  return out;
}
