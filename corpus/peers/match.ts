/**
 * Holding aigis' findings in one peer test file against the lines the peer expects to be
 * reported. A finding matches an expected line within the tolerance of its own lines (a
 * finding on a multi-line literal spans it: `system: [ … ]` covers the text block inside
 * it, where a peer writes its mark); each finding matches
 * at most one line, the nearest not yet taken (else the nearest taken: a second report of
 * the same place is not a false alarm). Findings near no expected line are false alarms.
 */

/** Where a finding sits: its first line and, when it spans several, its last. */
export interface Placed {
  line: number;
  endLine?: number;
}

export interface MatchResult<F extends Placed> {
  /** Each expected line, and the findings that matched it (none: a miss). */
  expected: { line: number; findings: F[] }[];
  falseAlarms: F[];
}

/** Lines between a finding and an expected line (0 inside the finding's span). */
export function distance(finding: Placed, line: number): number {
  const end = Math.max(finding.line, finding.endLine ?? finding.line);
  return line < finding.line ? finding.line - line : line > end ? line - end : 0;
}

export function matchFindings<F extends Placed>(expectedLines: readonly number[], findings: readonly F[], tolerance: number): MatchResult<F> {
  const expected = [...new Set(expectedLines)].sort((a, b) => a - b).map((line) => ({ line, findings: [] as F[] }));
  const near = (finding: F) => expected.filter((e) => distance(finding, e.line) <= tolerance);
  const unmatched = new Set(findings);
  // First one finding per line, closest pairs first, so that two close lines are both found when they can be.
  const pairs = findings.flatMap((finding) => near(finding).map((e) => ({ finding, e, lines: distance(finding, e.line) })));
  pairs.sort((a, b) => a.lines - b.lines || a.e.line - b.e.line || a.finding.line - b.finding.line);
  for (const { finding, e } of pairs) {
    if (!unmatched.has(finding) || e.findings.length) continue;
    e.findings.push(finding);
    unmatched.delete(finding);
  }
  for (const { finding, e } of pairs) {
    if (!unmatched.has(finding)) continue;
    e.findings.push(finding);
    unmatched.delete(finding);
  }
  return { expected, falseAlarms: findings.filter((f) => unmatched.has(f)) };
}

export interface PeerScore {
  expected: number;
  found: number;
  findings: number;
  falseAlarms: number;
}

export function scoreOf(result: MatchResult<Placed>): PeerScore {
  const matchedFindings = result.expected.reduce((n, e) => n + e.findings.length, 0);
  return {
    expected: result.expected.length,
    found: result.expected.filter((e) => e.findings.length > 0).length,
    findings: matchedFindings + result.falseAlarms.length,
    falseAlarms: result.falseAlarms.length,
  };
}

export function addScores(a: PeerScore, b: PeerScore): PeerScore {
  return { expected: a.expected + b.expected, found: a.found + b.found, findings: a.findings + b.findings, falseAlarms: a.falseAlarms + b.falseAlarms };
}

export const NO_SCORE: PeerScore = { expected: 0, found: 0, findings: 0, falseAlarms: 0 };

/** Undefined when nothing was expected. */
export function peerRecall(s: PeerScore): number | undefined {
  return s.expected ? s.found / s.expected : undefined;
}

/** Undefined when nothing was reported. */
export function peerPrecision(s: PeerScore): number | undefined {
  return s.findings ? (s.findings - s.falseAlarms) / s.findings : undefined;
}
