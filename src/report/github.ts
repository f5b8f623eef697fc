/**
 * `--format github`: GitHub Actions workflow commands, so findings show up as
 * annotations on the pull request's diff (`::error file=…,line=…::message`).
 */
import type { ScanResult } from "../engine/scan.js";
import type { Severity } from "../engine/rule.js";
import { repositoryPaths } from "./repository-paths.js";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

export function formatGithub(result: ScanResult): string {
  // Annotations are placed by their path from the repository root, whatever folder was scanned.
  const { fromBase } = repositoryPaths(result);
  const lines = result.findings.map((f) => {
    const props = [`file=${escapeProperty(fromBase(f.file))}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`, `title=${escapeProperty(`aigis ${f.ruleId} (${f.checklist.join(", ")})`)}`];
    return `::${COMMAND[f.severity]} ${props.join(",")}::${escapeData(`${f.message} Fix: ${f.fix}`)}`;
  });
  // Files rules could not analyse: a gate must not read "no findings" as "checked".
  for (const gap of result.stats.incomplete ?? []) {
    const props = gap.file === "." ? "" : ` file=${escapeProperty(fromBase(gap.file))}`;
    lines.push(`::warning${props}::${escapeData(`aigis rule ${gap.rule} could not analyse this file (${gap.cause}); its checklist items are incomplete`)}`);
  }
  const failed = result.checklist.filter((c) => c.status === "fail").map((c) => c.id);
  const incomplete = result.checklist.filter((c) => c.incomplete).map((c) => c.id);
  lines.push(`aigis: ${result.findings.length} finding(s); checklist items failing: ${failed.length ? failed.join(", ") : "none"}${incomplete.length ? `; incomplete: ${incomplete.join(", ")}` : ""}`);
  return `${lines.join("\n")}\n`;
}

// Control characters other than CR/LF (ESC starts terminal escape sequences, which the
// Actions log obeys) and bidirectional overrides: the scanned repository controls them
// through file names and code, so they are shown as `\x1b`, never passed through.
const UNPRINTABLE = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(s: string): string {
  return s.replace(UNPRINTABLE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

// The escapes GitHub's runner expects (see @actions/core's command.ts): `%` first, so
// that no escape it writes is read twice.
export function escapeData(s: string): string {
  return visible(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
