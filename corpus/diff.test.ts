import { describe, expect, it } from "vitest";
import { diffRuns } from "./diff.js";
import type { CorpusRun, RepoResult } from "./run.js";

const repo = (over: Partial<RepoResult>): RepoResult => ({ repo: "acme/chat", commit: "a".repeat(40), kind: "app", status: "ok", wallMs: 1000, scanMs: 1000, findings: [], labels: [], ...over });
const run = (repos: RepoResult[]): CorpusRun => ({ aigis: { version: "0" }, date: "2026-12-04T00:00:00Z", repositories: repos, byRule: {}, byItem: {} });
const catalogue = { checklistOf: new Map([["ai-route-without-auth", ["AU-1"]]]) };
const openRoute = { id: "AU-1", expect: "finding" as const, file: "app.js", line: 10, why: "open", index: 0 };
const guarded = { id: "AU-1", expect: "quiet" as const, file: "admin.js", line: 5, why: "guarded", index: 1 };

describe("diffRuns", () => {
  it("reports labels found and lost, false alarms, findings that moved, and compares only common repositories", () => {
    const before = run([
      repo({ labels: [{ ...openRoute, hit: false }, { ...guarded, hit: false }] }),
      repo({ repo: "acme/gone", findings: [{ ruleId: "ai-route-without-auth", checklist: ["AU-1"], file: "x.js", line: 1, message: "", verdict: "unlabelled" }] }),
    ]);
    const now = run([
      repo({
        scanMs: 9000,
        labels: [{ ...openRoute, hit: true }, { ...guarded, hit: true }],
        findings: [
          { ruleId: "ai-route-without-auth", checklist: ["AU-1"], file: "app.js", line: 10, message: "", verdict: "true-positive", label: 0 },
          { ruleId: "ai-route-without-auth", checklist: ["AU-1"], file: "admin.js", line: 5, message: "", verdict: "false-positive", label: 1 },
        ],
      }),
    ]);
    const diff = diffRuns(before, now, catalogue);
    expect(diff.found).toEqual(["AU-1 acme/chat app.js:10"]);
    expect(diff.lost).toEqual([]);
    expect(diff.newFalseAlarms).toEqual(["AU-1 acme/chat admin.js:5"]);
    expect(diff.appeared).toHaveLength(2);
    expect(diff.disappeared).toEqual([]); // acme/gone is not in both runs
    expect(diff.findings).toEqual([{ ruleId: "ai-route-without-auth", before: 0, now: 2 }]);
    const rule = diff.rules.find((r) => r.id === "ai-route-without-auth")!;
    expect(rule.before).toMatchObject({ positives: 1, found: 0 });
    expect(rule.now).toMatchObject({ positives: 1, found: 1, negativesHit: 1 });
    expect(diff.time).toEqual([{ repo: "acme/chat", beforeMs: 1000, nowMs: 9000, beforeStatus: "ok", nowStatus: "ok" }]);
  });
});
