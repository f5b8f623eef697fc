import { describe, expect, it } from "vitest";
import type { Label } from "./manifest.js";
import type { ScannedFinding } from "./scan-repo.js";
import { labelCovers, precision, precisionFloor, recall, scoreRepo, tally, type RuleCatalogue, type Tally } from "./score.js";

const finding = (over: Partial<ScannedFinding>): ScannedFinding => ({
  ruleId: "ai-route-without-auth",
  checklist: ["AU-1"],
  file: "server/routes/chat.js",
  line: 10,
  endLine: 10,
  message: "",
  ...over,
});
const label = (over: Partial<Label>): Label => ({ id: "AU-1", expect: "finding", file: "server/routes/chat.js", line: 10, why: "an open AI route", ...over });

const catalogue: RuleCatalogue = {
  checklistOf: new Map([
    ["ai-route-without-auth", ["AU-1"]],
    ["key-in-logs-or-responses", ["AK-5", "LG-2"]],
    ["prompt-in-logs", ["LG-2"]],
  ]),
};

describe("labelCovers", () => {
  it("matches by rule id or checklist item, within three lines", () => {
    expect(labelCovers(label({}), finding({ line: 13 }))).toBe(true);
    expect(labelCovers(label({}), finding({ line: 14 }))).toBe(false);
    expect(labelCovers(label({ line: 14 }), finding({ line: 11 }))).toBe(true);
    expect(labelCovers(label({ id: "ai-route-without-auth" }), finding({}))).toBe(true);
    expect(labelCovers(label({ id: "RL-1" }), finding({}))).toBe(false);
    expect(labelCovers(label({ file: "server/app.js" }), finding({}))).toBe(false);
  });

  it("covers a label's whole span and any step of a data-flow path", () => {
    expect(labelCovers(label({ line: 20, endLine: 40 }), finding({ line: 38 }))).toBe(true);
    const flow = finding({ ruleId: "untrusted-input-in-instructions", checklist: ["PI-1"], file: "lib/ai.ts", line: 50, path: [{ file: "api/chat.ts", line: 7 }] });
    expect(labelCovers(label({ id: "PI-1", file: "api/chat.ts", line: 5 }), flow)).toBe(true);
    expect(labelCovers(label({ id: "PI-1", file: "api/chat.ts", line: 1 }), flow)).toBe(false);
  });
});

describe("scoreRepo and tally", () => {
  it("counts found labels, false alarms on quiet labels and unlabelled findings", () => {
    const labels = [
      label({ line: 10 }), // found
      label({ line: 30 }), // missed
      label({ line: 50, expect: "quiet", why: "mounted behind a JWT middleware" }), // fired: false alarm
      label({ line: 70, expect: "quiet", why: "protected by a guard" }), // stays quiet
    ];
    const score = scoreRepo([finding({ line: 11 }), finding({ line: 51 }), finding({ line: 90 })], labels);
    expect(score.findings.map((f) => f.verdict)).toEqual(["true-positive", "false-positive", "unlabelled"]);
    expect(score.findings[1]!.label).toBe(2);
    expect(score.labels.map((l) => l.hit)).toEqual([true, false, true, false]);

    const byRule = new Map<string, Tally>();
    const byItem = new Map<string, Tally>();
    tally(score, catalogue, byRule, byItem);
    const t = byRule.get("ai-route-without-auth")!;
    expect(t).toEqual({ positives: 2, found: 1, negatives: 2, negativesHit: 1, truePositives: 1, falsePositives: 1, unlabelled: 1 });
    expect(byItem.get("AU-1")).toEqual(t);
    expect(recall(t)).toBe(0.5);
    expect(precision(t)).toBe(0.5);
    expect(precisionFloor(t)).toBeCloseTo(1 / 3);
  });

  it("a finding on both a finding label and a quiet label counts as found", () => {
    const score = scoreRepo([finding({})], [label({ expect: "quiet", line: 10 }), label({})]);
    expect(score.findings[0]).toMatchObject({ verdict: "true-positive", label: 1 });
  });

  it("a finding beside a quiet label fires on it only when it is nearer than the finding labels it covers", () => {
    // A right finding at line 10: the quiet label two lines down is about another line.
    const labels = [label({}), label({ expect: "quiet", line: 12 }), label({ line: 30 }), label({ expect: "quiet", line: 32 })];
    const score = scoreRepo([finding({}), finding({ line: 31 })], labels);
    expect(score.findings.map((f) => [f.verdict, f.label])).toEqual([["true-positive", 0], ["true-positive", 2]]);
    expect(score.labels.map((l) => l.hit)).toEqual([true, false, true, false]);
    // Nearer to the quiet label: it fires there too.
    const near = scoreRepo([finding({ line: 12 })], [label({}), label({ expect: "quiet", line: 13 })]);
    expect(near.labels.map((l) => l.hit)).toEqual([true, true]);
  });

  it("finds every finding label it covers, through its path too, and names the nearest", () => {
    // A browser call's finding whose path passes the client's construction: both labels are found.
    const call = finding({ ruleId: "client-side-provider-call", checklist: ["CS-1"], file: "src/chat.ts", line: 24, path: [{ file: "src/client.ts", line: 15 }] });
    const labels = [label({ id: "CS-1", file: "src/client.ts", line: 13, endLine: 16 }), label({ id: "CS-1", file: "src/chat.ts", line: 24 })];
    const score = scoreRepo([call], labels);
    expect(score.labels.map((l) => l.hit)).toEqual([true, true]);
    expect(score.findings[0]).toMatchObject({ verdict: "true-positive", label: 1 });
  });

  it("a label of an item two rules share counts for the item, not for either rule", () => {
    const score = scoreRepo([], [label({ id: "LG-2", file: "a.ts" })]);
    const byRule = new Map<string, Tally>();
    const byItem = new Map<string, Tally>();
    tally(score, catalogue, byRule, byItem);
    expect(byRule.size).toBe(0);
    expect(byItem.get("LG-2")?.positives).toBe(1);
  });
});
