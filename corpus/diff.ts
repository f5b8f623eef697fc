/** What one corpus run gained and lost against another: labels, findings, time. */
import type { CorpusRun } from "./run.js";
import { precision, recall, tallyRecorded, type RuleCatalogue, type Tally } from "./score.js";

export interface RunDiff {
  /** `finding` labels found now and not before (or the reverse). */
  found: string[];
  lost: string[];
  /** `quiet` labels that now have a finding (or no longer do). */
  newFalseAlarms: string[];
  fixedFalseAlarms: string[];
  /** Findings per rule: count before and now, over repositories in both runs. */
  findings: { ruleId: string; before: number; now: number }[];
  /** Findings that appeared or went away, matched by repository, rule, file and line. */
  appeared: string[];
  disappeared: string[];
  rules: { id: string; before: Tally | undefined; now: Tally | undefined }[];
  time: { repo: string; beforeMs?: number; nowMs?: number; beforeStatus: string; nowStatus: string }[];
}

export function diffRuns(before: CorpusRun, now: CorpusRun, catalogue: RuleCatalogue): RunDiff {
  const common = new Set(now.repositories.map((r) => r.repo).filter((repo) => before.repositories.some((b) => b.repo === repo)));
  const labelKeys = (run: CorpusRun, expect: string, hit: boolean) =>
    new Set(
      run.repositories
        .filter((r) => common.has(r.repo))
        .flatMap((r) => r.labels.filter((l) => l.expect === expect && l.hit === hit).map((l) => `${l.id} ${r.repo} ${l.file}:${l.line}`)),
    );
  const minus = (a: Set<string>, b: Set<string>) => [...a].filter((k) => !b.has(k)).sort();
  const foundNow = labelKeys(now, "finding", true);
  const foundBefore = labelKeys(before, "finding", true);
  const firedNow = labelKeys(now, "quiet", true);
  const firedBefore = labelKeys(before, "quiet", true);

  const findingKeys = (run: CorpusRun) =>
    new Set(run.repositories.filter((r) => common.has(r.repo)).flatMap((r) => r.findings.map((f) => `${f.ruleId} ${r.repo} ${f.file}:${f.line} (${f.verdict})`)));
  const strip = (k: string) => k.replace(/ \([a-z-]+\)$/, "");
  const fNow = findingKeys(now);
  const fBefore = findingKeys(before);
  const nowStripped = new Set([...fNow].map(strip));
  const beforeStripped = new Set([...fBefore].map(strip));

  const counts = (run: CorpusRun) => {
    const out = new Map<string, number>();
    for (const r of run.repositories) if (common.has(r.repo)) for (const f of r.findings) out.set(f.ruleId, (out.get(f.ruleId) ?? 0) + 1);
    return out;
  };
  const cNow = counts(now);
  const cBefore = counts(before);
  const ruleIds = [...new Set([...cNow.keys(), ...cBefore.keys()])].sort();

  return {
    found: minus(foundNow, foundBefore),
    lost: minus(foundBefore, foundNow),
    newFalseAlarms: minus(firedNow, firedBefore),
    fixedFalseAlarms: minus(firedBefore, firedNow),
    findings: ruleIds.map((ruleId) => ({ ruleId, before: cBefore.get(ruleId) ?? 0, now: cNow.get(ruleId) ?? 0 })).filter((c) => c.before !== c.now),
    appeared: [...fNow].filter((k) => !beforeStripped.has(strip(k))).sort(),
    disappeared: [...fBefore].filter((k) => !nowStripped.has(strip(k))).sort(),
    // Tallied again over the repositories both runs scanned, so that `--only` compares like with like.
    rules: (() => {
      const b = tallyRecorded(before.repositories.filter((r) => common.has(r.repo)), catalogue);
      const n = tallyRecorded(now.repositories.filter((r) => common.has(r.repo)), catalogue);
      return [...new Set([...b.keys(), ...n.keys()])].sort().map((id) => ({ id, before: b.get(id), now: n.get(id) }));
    })(),
    time: now.repositories
      .filter((r) => common.has(r.repo))
      .map((r) => {
        const b = before.repositories.find((x) => x.repo === r.repo)!;
        return { repo: r.repo, beforeMs: b.scanMs, nowMs: r.scanMs, beforeStatus: b.status, nowStatus: r.status };
      }),
  };
}

const pct = (v: number | undefined) => (v === undefined ? "-" : `${(v * 100).toFixed(0)}%`);

export function formatDiff(diff: RunDiff, listLimit = 40): string {
  const out: string[] = [];
  const list = (title: string, items: string[]) => {
    out.push(`${title}: ${items.length}`);
    for (const item of items.slice(0, listLimit)) out.push(`  ${item}`);
    if (items.length > listLimit) out.push(`  … ${items.length - listLimit} more in the JSON results`);
  };
  out.push("rule                              recall before → now   precision before → now");
  for (const r of diff.rules) {
    const rb = pct(r.before && recall(r.before));
    const rn = pct(r.now && recall(r.now));
    const pb = pct(r.before && precision(r.before));
    const pn = pct(r.now && precision(r.now));
    if (rb === rn && pb === pn) continue;
    out.push(`${r.id.padEnd(34)} ${rb.padStart(6)} → ${rn.padEnd(6)}      ${pb.padStart(6)} → ${pn}`);
  }
  list("labels now found", diff.found);
  list("labels no longer found", diff.lost);
  list("new false alarms", diff.newFalseAlarms);
  list("false alarms gone", diff.fixedFalseAlarms);
  if (diff.findings.length) out.push(`findings per rule: ${diff.findings.map((f) => `${f.ruleId} ${f.before}→${f.now}`).join(", ")}`);
  list("findings that appeared", diff.appeared);
  list("findings that went away", diff.disappeared);
  const slower = diff.time.filter((t) => t.beforeStatus !== t.nowStatus || (t.beforeMs !== undefined && t.nowMs !== undefined && Math.abs(t.nowMs - t.beforeMs) > Math.max(1000, t.beforeMs * 0.25)));
  out.push(`time changes (over 25 % and 1 s, or status): ${slower.length}`);
  for (const t of slower) out.push(`  ${t.repo}: ${t.beforeStatus} ${t.beforeMs !== undefined ? (t.beforeMs / 1000).toFixed(1) + " s" : ""} → ${t.nowStatus} ${t.nowMs !== undefined ? (t.nowMs / 1000).toFixed(1) + " s" : ""}`);
  return out.join("\n");
}
