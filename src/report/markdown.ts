/**
 * `--format markdown`: a summary for a pull-request comment or a GitHub job summary
 * (`$GITHUB_STEP_SUMMARY`): findings by rule, the checklist table, and the findings
 * themselves (the first hundred, each with its fix). Snippets are not repeated here: a
 * comment is read by more people than the repository's own reports. Text the scanned
 * repository controls (messages quote its names, its paths) is escaped; fixes are ours.
 */
import type { ScanResult } from "../engine/scan.js";
import type { Finding } from "../engine/finding.js";
import { ruleDocsUrl } from "../version.js";
import { repositoryPaths } from "./repository-paths.js";
import { acceptedText } from "./accepted-text.js";

const STATUS_LABEL = { fail: "❌ fail", pass: "✅ pass", "n/a": "➖ n/a", manual: "👤 manual", incomplete: "⚠️ incomplete", accepted: "🟡 accepted" } as const;
const SEVERITY_LABEL = { error: "error", warning: "warning", info: "info" } as const;
const MAX_LISTED = 100;

export function formatMarkdown(result: ScanResult): string {
  const { fromBase } = repositoryPaths(result);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) counts[f.severity]++;
  const lines = [
    "## aigis: AI API security checklist",
    "",
    `${result.findings.length} finding${result.findings.length === 1 ? "" : "s"} (${counts.error} error, ${counts.warning} warning, ${counts.info} info) in ${result.stats.files} files${result.stats.suppressed ? `; ${result.stats.suppressed} suppressed` : ""}${result.stats.baselined ? `; ${result.stats.baselined} in the baseline` : ""}.`,
    "",
  ];

  const byRule = new Map<string, Finding[]>();
  for (const f of result.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  if (byRule.size) {
    lines.push("| Rule | Checklist | Findings |", "|---|---|---|");
    for (const [ruleId, findings] of [...byRule].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))) {
      lines.push(`| [${ruleId}](${ruleDocsUrl(ruleId)}) | ${findings[0]!.checklist.join(", ")} | ${findings.length} |`);
    }
    lines.push("");
  }

  lines.push("### Checklist", "", "| Item | Status | |", "|---|---|---|");
  for (const item of result.checklist) {
    const detail = item.status === "fail" ? `${item.findings} finding${item.findings === 1 ? "" : "s"}` : item.status === "manual" ? (item.attestation ? `attested by ${cell(item.attestation.by)}` : "check by hand") : item.status === "incomplete" ? "some files not analysed" : item.status === "accepted" ? text(acceptedText(item.accepted)) : item.status === "pass" && item.evidence?.length ? evidenceCell(item.evidence.map((p) => ({ file: fromBase(p.file), line: p.line })), item.evidenceCount ?? item.evidence.length) : "";
    lines.push(`| **${item.id}** ${cell(item.title)} | ${STATUS_LABEL[item.status]} | ${detail} |`);
  }
  lines.push("");

  if (result.findings.length) {
    lines.push("### Findings", "");
    for (const f of result.findings.slice(0, MAX_LISTED)) {
      lines.push(`- **${SEVERITY_LABEL[f.severity]}** \`${inline(fromBase(f.file))}:${f.line}\` ${text(f.message)} (${f.ruleId}, ${f.checklist.join(", ")})`, `  Fix: ${f.fix}`);
    }
    if (result.findings.length > MAX_LISTED) lines.push(`- … and ${result.findings.length - MAX_LISTED} more (see the SARIF or JSON report)`);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

// The scanned repository controls messages' quoted names and paths: nothing it writes may
// become Markdown structure (a table cell, a link, HTML) in someone's pull request.
function text(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/[\\`*_[\]<>|#!]/g, (ch) => `\\${ch}`);
}

function cell(s: string): string {
  return text(s);
}

function inline(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f`]/g, "?");
}

/** The first places that show a passing item is handled. */
function evidenceCell(places: readonly { file: string; line: number }[], count: number): string {
  const shown = places.slice(0, 2).map((p) => `\`${inline(p.file)}:${p.line}\``);
  return `${shown.join(", ")}${count > shown.length ? ` and ${count - shown.length} more` : ""}`;
}
