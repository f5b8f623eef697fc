/**
 * The committed corpus holds together: every labelled repository is pinned, labels name
 * known rules or items, the corpus is as large as it claims, and no label file carries
 * anything key-shaped (labels say where and why, never what).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../rules/index.js";
import { CHECKLIST } from "../src/checklist/items.js";
import { findProviderKeys } from "../src/facts/key-scanner.js";
import { CORPUS_SOURCE_DIR, checkCorpus, readLabelFiles, readManifest } from "./manifest.js";

const manifest = readManifest();
const labelFiles = readLabelFiles();
const known = new Set<string>([...ALL_RULES.map((r) => r.meta.id), ...CHECKLIST.map((c) => c.id)]);

describe("the committed corpus", () => {
  it("is consistent: pins agree, ids are known", () => {
    expect(checkCorpus(manifest, labelFiles, known)).toEqual([]);
  });

  it("has at least 40 repositories and 400 labels, with 30 expected findings for each headline item", () => {
    expect(manifest.repositories.length).toBeGreaterThanOrEqual(40);
    const labels = [...labelFiles.values()].flatMap((f) => f.labels);
    expect(labels.length).toBeGreaterThanOrEqual(400);
    const rulesOf = (id: string) => ALL_RULES.filter((r) => (r.meta.checklist as readonly string[]).includes(id)).map((r) => r.meta.id);
    for (const item of ["AK-1", "AK-2", "CS-1", "AU-1", "RL-1", "PI-1"]) {
      const ids = new Set([item, ...rulesOf(item)]);
      const positives = labels.filter((l) => l.expect === "finding" && ids.has(l.id)).length;
      expect({ item, positives: positives >= 30 }).toEqual({ item, positives: true });
    }
  });

  it("every pinned app has labels, with both expected findings and quiet places", () => {
    for (const entry of manifest.repositories.filter((r) => r.kind === "app")) {
      const labels = labelFiles.get(entry.repo)?.labels ?? [];
      expect({ repo: entry.repo, finding: labels.some((l) => l.expect === "finding"), quiet: labels.some((l) => l.expect === "quiet") }).toEqual({
        repo: entry.repo,
        finding: true,
        quiet: true,
      });
    }
  });

  it("no committed corpus file holds a key-shaped value", () => {
    const files = ["manifest.json", ...readdirSync(path.join(CORPUS_SOURCE_DIR, "labels")).map((n) => `labels/${n}`)];
    for (const name of files) {
      const keys = findProviderKeys(readFileSync(path.join(CORPUS_SOURCE_DIR, name), "utf8"));
      expect({ name, keys: keys.map((k) => k.label) }).toEqual({ name, keys: [] });
    }
  });
});
