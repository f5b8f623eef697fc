/** The default report: findings grouped by file, then the whole checklist, then a summary. */
import { Chalk, type ChalkInstance } from "chalk";
import type { ChecklistStatus } from "../checklist/evaluate.js";
import type { ScanResult } from "../engine/scan.js";
import type { Severity } from "../engine/rule.js";
import type { Finding } from "../engine/finding.js";
import { ruleDocsUrl } from "../version.js";
import { acceptedText } from "./accepted-text.js";

/** Evidence places listed under a passing checklist item. */
const MAX_EVIDENCE_SHOWN = 3;

export interface TerminalOptions {
  color: boolean;
}

/** Colour only for a terminal, never when NO_COLOR is set; FORCE_COLOR wins over "not a terminal". */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return Boolean(stream.isTTY) && env.TERM !== "dumb";
}

export function formatTerminal(result: ScanResult, options: TerminalOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  // Advisory findings (no moderation, no audit record) are suggestions: listed apart, one line each.
  const advisories = result.findings.filter((f) => f.advisory);
  for (const f of result.findings) if (!f.advisory) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);

  for (const [file, findings] of byFile) {
    lines.push(c.underline(printable(file)));
    for (const f of findings) {
      // The path is printed step by step below, not run on in the message.
      const message = f.path?.length ? f.message.slice(0, f.message.lastIndexOf(" Path: ")) : f.message;
      lines.push(`  ${c.dim(`${f.line}:${f.column}`.padEnd(8))}${severityLabel(c, f.severity)}  ${printable(message)}  ${c.dim(`${f.ruleId} · ${f.checklist.join(", ")}`)}`);
      if (f.snippet) lines.push(`  ${" ".repeat(8)}${c.dim("│")} ${printable(f.snippet.trim())}`);
      for (const p of f.path ?? []) lines.push(`  ${" ".repeat(8)}${c.dim(`↳ ${printable(p.file)}:${p.line} ${printable(p.note)}`)}`);
      if (f.history) lines.push(`  ${" ".repeat(8)}${c.dim(`↳ ${f.history.inTree ? "also in git history: first committed" : "git history: committed"} in ${f.history.shortCommit} (${f.history.commit}, ${f.history.authorDate}) at ${printable(f.history.file)}:${f.history.line}`)}`);
      for (const r of f.related ?? []) lines.push(`  ${" ".repeat(8)}${c.dim(`↳ ${printable(r.file)}:${r.line} ${printable(r.note)}`)}`);
      lines.push(`  ${" ".repeat(8)}${c.cyan("fix:")} ${f.fix}`);
    }
    lines.push("");
  }
  if (advisories.length) {
    lines.push(c.bold(`Hardening suggestions (${advisories.length}; info, they fail their checklist items but not the build by default)`));
    for (const f of advisories) lines.push(`  ${c.dim(`${printable(f.file)}:${f.line}`)}  ${printable(f.message)}  ${c.dim(`${f.ruleId} · ${f.checklist.join(", ")}`)}`);
    const fixes = new Map(advisories.map((f) => [f.ruleId, f.fix]));
    for (const [ruleId, fix] of [...fixes].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`  ${c.cyan(`fix (${ruleId}):`)} ${fix}`);
    lines.push("");
  }
  if (result.findings.length === 0) lines.push(c.green("No findings."), "");
  else {
    // Each rule's page once, not under every finding.
    const ruleIds = [...new Set(result.findings.map((f) => f.ruleId))].sort();
    lines.push(c.bold("About these rules"), ...ruleIds.map((id) => `  ${id.padEnd(34)}${c.dim(ruleDocsUrl(id))}`), "");
  }

  lines.push(c.bold("AI API security checklist"));
  for (const item of result.checklist) {
    const detail =
      item.status === "fail"
        ? c.red(`${item.findings} finding${item.findings === 1 ? "" : "s"}`)
        : item.status === "pass"
          ? c.dim(`judged ${item.judged}`)
          : item.status === "n/a"
            ? c.dim("nothing to judge")
            : item.status === "incomplete"
              ? c.yellow(`no finding, but ${incompleteFiles(item.incomplete)} not analysed`)
              : item.status === "accepted"
                ? c.yellow(printable(acceptedText(item.accepted)))
                : "";
    lines.push(`  ${statusLabel(c, item.status)} ${item.id.padEnd(5)} ${item.title}${detail ? `  ${detail}` : ""}`);
    if (item.attestation) lines.push(`  ${" ".repeat(14)}${c.green(`attested by ${item.attestation.by} on ${item.attestation.date}${item.attestation.note ? `: ${item.attestation.note}` : ""}`)}`);
    else if (item.manualCheck) lines.push(`  ${" ".repeat(14)}${c.dim(`check: ${item.manualCheck}`)}`);
    for (const place of (item.status === "pass" ? (item.evidence ?? []) : []).slice(0, MAX_EVIDENCE_SHOWN)) lines.push(`  ${" ".repeat(14)}${c.dim(`${printable(place.file)}:${place.line} ${printable(place.note)}`)}`);
    if (item.status === "pass" && (item.evidenceCount ?? 0) > MAX_EVIDENCE_SHOWN) lines.push(`  ${" ".repeat(14)}${c.dim(`… and ${item.evidenceCount! - MAX_EVIDENCE_SHOWN} more places (see --format json)`)}`);
    if (item.alsoCheck) lines.push(`  ${" ".repeat(14)}${c.dim(`also check: ${item.alsoCheck}`)}`);
    for (const gap of (item.incomplete ?? []).slice(0, 5)) lines.push(`  ${" ".repeat(14)}${c.yellow(`incomplete: ${printable(gap.file)} (${gap.rules.join(", ")}: ${printable(gap.cause)})`)}`);
    if ((item.incomplete?.length ?? 0) > 5) lines.push(`  ${" ".repeat(14)}${c.yellow(`incomplete: … and ${item.incomplete!.length - 5} more files (see --format json)`)}`);
  }
  lines.push("");

  const { stats } = result;
  if (stats.skipped.length) {
    lines.push(c.yellow(`Skipped ${stats.skipped.length} path${stats.skipped.length === 1 ? "" : "s"}:`));
    for (const s of stats.skipped.slice(0, 20)) lines.push(`  ${printable(s.file)}: ${printable(s.reason)}`);
    if (stats.skipped.length > 20) lines.push(`  … and ${stats.skipped.length - 20} more (see --format json)`);
  }
  if (stats.warnings.length) {
    lines.push(c.yellow(`Scanned with warnings:`));
    for (const w of stats.warnings.slice(0, 20)) lines.push(`  ${printable(w.file)}: ${printable(w.message)}`);
    if (stats.warnings.length > 20) lines.push(`  … and ${stats.warnings.length - 20} more (see --format json)`);
  }

  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) counts[f.severity]++;
  const statusCounts = { fail: 0, pass: 0, "n/a": 0, manual: 0, incomplete: 0, accepted: 0 };
  for (const item of result.checklist) statusCounts[item.status]++;
  const findingsText = `${result.findings.length} finding${result.findings.length === 1 ? "" : "s"} (${counts.error} error${counts.error === 1 ? "" : "s"}, ${counts.warning} warning${counts.warning === 1 ? "" : "s"}, ${counts.info} info)`;
  const extra = [stats.suppressed ? `${stats.suppressed} suppressed` : "", stats.baselined ? `${stats.baselined} in baseline` : ""].filter(Boolean).join(", ");
  if (stats.history) lines.push(`Git history${stats.history.since ? ` since ${printable(stats.history.since)}` : ""}: ${stats.history.commits} commits, ${stats.history.blobs} distinct blobs searched for keys${stats.history.complete ? "" : " (stopped early, see the warnings)"}`);
  lines.push(
    `${result.findings.length ? c.red(findingsText) : c.green(findingsText)}${extra ? ` [${extra}]` : ""} in ${stats.files} files · checklist: ${statusCounts.fail} fail, ${statusCounts.incomplete ? `${statusCounts.incomplete} incomplete, ` : ""}${statusCounts.accepted ? `${statusCounts.accepted} accepted, ` : ""}${statusCounts.pass} pass, ${statusCounts["n/a"]} n/a, ${statusCounts.manual} manual · ${(stats.durationMs / 1000).toFixed(2)}s`,
  );
  return `${lines.join("\n")}\n`;
}

// Control characters (ESC starts terminal escape sequences) and bidirectional overrides,
// which a scanned repository controls through its file names and lines.
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text from the scanned tree, made safe for a terminal: `\x1b` is shown, not obeyed. */
function printable(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

function severityLabel(c: ChalkInstance, severity: Severity): string {
  const text = severity.padEnd(7);
  return severity === "error" ? c.red(text) : severity === "warning" ? c.yellow(text) : c.blue(text);
}

function incompleteFiles(gaps: readonly { file: string }[] | undefined): string {
  const count = new Set((gaps ?? []).map((g) => g.file)).size;
  return `${count} file${count === 1 ? "" : "s"}`;
}

function statusLabel(c: ChalkInstance, status: ChecklistStatus): string {
  const text = status.toUpperCase().padEnd(7);
  switch (status) {
    case "fail":
      return c.red.bold(text);
    case "pass":
      return c.green(text);
    case "n/a":
      return c.dim(text);
    default:
      return c.yellow(text);
  }
}
