/**
 * Checklist statuses against the labels: for each repository, the status a reviewer
 * expects an item to have (`checklist` in its label file) and the one the report gave.
 * Pure functions: the runner feeds them, tests check them.
 */
import type { ItemStatusLabel } from "./manifest.js";

export interface StatusTally {
  labelled: number;
  agreed: number;
}

export interface StatusDisagreement {
  repo: string;
  id: string;
  expected: ItemStatusLabel["status"];
  /** What the report said; `not scanned` when the scan did not finish. */
  got: string;
  why: string;
}

export interface StatusAgreement {
  byItem: Record<string, StatusTally>;
  disagreements: StatusDisagreement[];
}

export interface ScannedStatuses {
  repo: string;
  /** Absent when the scan did not finish: every label of the repository then disagrees. */
  checklist?: readonly { id: string; status: string }[];
}

export function statusAgreement(scans: readonly ScannedStatuses[], labelled: ReadonlyMap<string, Readonly<Record<string, ItemStatusLabel>> | undefined>, order: readonly string[]): StatusAgreement {
  const byItem = new Map<string, StatusTally>();
  const disagreements: StatusDisagreement[] = [];
  for (const scan of scans) {
    const expected = labelled.get(scan.repo) ?? {};
    for (const [id, label] of Object.entries(expected)) {
      const got = scan.checklist ? (scan.checklist.find((c) => c.id === id)?.status ?? "absent") : "not scanned";
      const t = byItem.get(id) ?? byItem.set(id, { labelled: 0, agreed: 0 }).get(id)!;
      t.labelled++;
      if (got === label.status) t.agreed++;
      else disagreements.push({ repo: scan.repo, id, expected: label.status, got, why: label.why });
    }
  }
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  const ids = [...byItem.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  disagreements.sort((a, b) => rank(a.id) - rank(b.id) || (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0));
  return { byItem: Object.fromEntries(ids.map((id) => [id, byItem.get(id)!])), disagreements };
}

export function formatAgreement(agreement: StatusAgreement, previous?: Record<string, StatusTally>): string {
  const head = `${"checklist item".padEnd(14)} labelled  agreed   share${previous ? "  before" : ""}`;
  const lines = [head, "-".repeat(head.length)];
  const total = { labelled: 0, agreed: 0 };
  const share = (t: StatusTally | undefined) => (t && t.labelled ? `${((t.agreed / t.labelled) * 100).toFixed(0)}%` : "-");
  for (const [id, t] of Object.entries(agreement.byItem)) {
    total.labelled += t.labelled;
    total.agreed += t.agreed;
    lines.push(`${id.padEnd(14)} ${String(t.labelled).padStart(8)} ${String(t.agreed).padStart(7)} ${share(t).padStart(7)}${previous ? share(previous[id]).padStart(8) : ""}`);
  }
  lines.push("-".repeat(head.length), `${"all".padEnd(14)} ${String(total.labelled).padStart(8)} ${String(total.agreed).padStart(7)} ${share(total).padStart(7)}`);
  if (agreement.disagreements.length) {
    lines.push("", "Status disagreements (expected → reported):");
    for (const d of agreement.disagreements) lines.push(`  ${d.id.padEnd(5)} ${d.repo}: ${d.expected} → ${d.got}  (${d.why})`);
  }
  return lines.join("\n");
}
