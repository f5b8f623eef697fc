/**
 * `--format github`: GitHub Actions workflow commands, so findings show up as
 * annotations on the pull request's diff (`::error file=…,line=…::message`).
 */
import type { ScanResult } from "../engine/scan.js";
import type { Severity } from "../engine/rule.js";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

export function formatGithub(result: ScanResult): string {
  const lines = result.findings.map((f) => {
    const props = [`file=${escapeProperty(f.file)}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`, `title=${escapeProperty(`aigis ${f.ruleId} (${f.checklist.join(", ")})`)}`];
    return `::${COMMAND[f.severity]} ${props.join(",")}::${escapeData(`${f.message} Fix: ${f.fix}`)}`;
  });
  const failed = result.checklist.filter((c) => c.status === "fail").map((c) => c.id);
  lines.push(`aigis: ${result.findings.length} finding(s); checklist items failing: ${failed.length ? failed.join(", ") : "none"}`);
  return `${lines.join("\n")}\n`;
}

// The escapes GitHub's runner expects (see @actions/core's command.ts).
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
