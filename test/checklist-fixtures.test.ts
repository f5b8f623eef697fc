/**
 * The checklist items judged by evidence (AU-3, RL-4, PI-3, OF-3, LG-1, DP-1) on their
 * fixture apps, `fixtures/checklist-<topic>-{safe,unsafe}`. For the items a fixture is
 * about (the ones `STATUSES` gives it):
 * - their findings are exactly the annotated lines (`// LG-1: why`);
 * - the evidence each lists is exactly the lines annotated with a plus (`// +LG-1: why`);
 * - each has the status `STATUSES` gives.
 * Advisory findings count here (they are what these fixtures are about).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../src/engine/scan.js";
import { fixtureAnnotations } from "./helpers/annotations.js";
import type { ChecklistStatus } from "../src/checklist/evaluate.js";

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));
const ITEMS = ["AU-3", "RL-4", "PI-3", "OF-3", "LG-1", "DP-1"] as const;
type Item = (typeof ITEMS)[number];
const ITEM = String.raw`(?:AU-3|RL-4|PI-3|OF-3|LG-1|DP-1)`;
const FINDING = new RegExp(String.raw`(?:\/\/|<!--|\/\*|#)\s*(${ITEM}(?:\s*,\s*${ITEM})*)\s*:`);
const EVIDENCE = new RegExp(String.raw`(?:\/\/|<!--|\/\*|#)\s*(\+${ITEM}(?:\s*,\s*\+${ITEM})*)\s*:`);

/** The status of each item on each fixture; every `checklist-*` fixture has a row. */
const STATUSES: Record<string, Partial<Record<Item, ChecklistStatus>>> = {
  "checklist-roles-plain-safe": { "AU-3": "manual" },
  "checklist-roles-safe": { "AU-3": "pass" },
  "checklist-roles-unsafe": { "AU-3": "fail" },
  "checklist-usage-safe": { "RL-4": "pass", "LG-1": "pass" },
  "checklist-usage-unsafe": { "RL-4": "manual", "LG-1": "fail" },
  "checklist-personal-data-safe": { "DP-1": "pass" },
  "checklist-personal-data-unsafe": { "DP-1": "fail" },
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

  const mine = new Set<string>(Object.keys(STATUSES[name] ?? {}));

  it("findings of its items are exactly the annotated lines", async () => {
    const found = new Map<string, Set<string>>();
    for (const f of (await run()).findings) for (const item of f.checklist) if (mine.has(item)) add(found, `${f.file}:${f.line}`, item);
    expect(render(found)).toEqual(render(fixtureAnnotations(join(FIXTURES, name), FINDING, { keep: (item) => mine.has(item) })));
  });

  it("evidence of its items is exactly the lines annotated with a plus", async () => {
    const found = new Map<string, Set<string>>();
    for (const item of (await run()).checklist) {
      if (!mine.has(item.id)) continue;
      for (const place of item.evidence ?? []) add(found, `${place.file}:${place.line}`, `+${item.id}`);
    }
    expect(render(found)).toEqual(render(fixtureAnnotations(join(FIXTURES, name), EVIDENCE, { keep: (item) => mine.has(item.slice(1)) })));
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

