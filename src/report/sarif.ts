/** `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure DevOps). */
import { pathToFileURL } from "node:url";
import type { Invocation, Log, ReportingDescriptor, Result } from "sarif";
import type { ScanResult } from "../engine/scan.js";
import type { Rule, Severity } from "../engine/rule.js";
import type { Finding } from "../engine/finding.js";
import type { AcceptedFinding } from "../checklist/evaluate.js";
import { TOOL_HOMEPAGE, ruleDocsUrl } from "../version.js";
import { repositoryPaths } from "./repository-paths.js";

const LEVEL: Record<Severity, Result.level> = { error: "error", warning: "warning", info: "note" };
const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.0", info: "2.0" };

export function formatSarif(result: ScanResult, rules: readonly Rule[]): string {
  const descriptors: ReportingDescriptor[] = rules.map((rule) => ({
    id: rule.meta.id,
    name: rule.meta.title,
    shortDescription: { text: rule.meta.title },
    fullDescription: { text: rule.meta.description },
    helpUri: ruleDocsUrl(rule.meta.id),
    help: { text: `${rule.meta.description}\n\nFix: ${rule.meta.fix}`, markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: LEVEL[rule.meta.severity] },
    properties: {
      tags: ["security", ...rule.meta.checklist.map((c) => `aigis/${c}`), ...rule.meta.cwe.map((c) => `external/cwe/${c.toLowerCase()}`), ...(rule.meta.owaspLlm ? [`owasp-llm-2025/${rule.meta.owaspLlm["2025"]}`] : [])],
      "security-severity": SECURITY_SEVERITY[rule.meta.severity],
      precision: rule.meta.precision ?? "high",
      checklist: rule.meta.checklist,
    },
  }));
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const paths = repositoryPaths(result);
  const uriOf = (relPath: string) => relativeUri(paths.fromBase(relPath));
  const baselineGiven = result.stats.baselined > 0 || (result.accepted ?? []).some((a) => a.how === "baselined");
  const toResult = (f: Finding, extra: Partial<Result>): Result => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: `${f.message} ${f.fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriOf(f.file), uriBaseId: "SRCROOT" },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn, snippet: { text: f.snippet } },
        },
      },
    ],
    // A data-flow finding's path, source first, as a code flow viewers can step through.
    ...(f.path?.length
      ? {
          codeFlows: [
            {
              threadFlows: [
                {
                  locations: f.path.map((p) => ({
                    location: { physicalLocation: { artifactLocation: { uri: uriOf(p.file), uriBaseId: "SRCROOT" }, region: { startLine: Math.max(1, p.line) } }, message: { text: p.note } },
                  })),
                },
              ],
            },
          ],
        }
      : {}),
    partialFingerprints: { "aigis/v1": f.fingerprint },
    // A key from git history: the commit that added it (its location's path may be gone from the tree).
    properties: { checklist: f.checklist, ...(f.history ? { history: f.history } : {}) },
    ...extra,
  });
  // Accepted findings stay in the log as suppressed results (code scanning shows them closed, with the reason), never dropped.
  const acceptedResult = (a: AcceptedFinding): Result =>
    toResult(a.finding, a.how === "suppressed" ? { suppressions: [{ kind: "inSource", ...(a.reason ? { justification: a.reason } : {}) }] } : { baselineState: "unchanged", suppressions: [{ kind: "external", justification: "accepted in the baseline" }] });
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: result.tool.name, version: result.tool.version, informationUri: TOOL_HOMEPAGE, rules: descriptors } },
        originalUriBaseIds: { SRCROOT: { uri: directoryUri(paths.base) } },
        results: [...result.findings.map((f) => toResult(f, baselineGiven ? { baselineState: "new" } : {})), ...(result.accepted ?? []).map(acceptedResult)],
        invocations: [invocation(result, uriOf)],
        properties: { checklist: result.checklist.map((c) => ({ id: c.id, status: c.status, findings: c.findings, ...(c.incomplete ? { incomplete: c.incomplete } : {}), ...(c.evidence ? { evidence: c.evidence.map(({ file, line, note }) => ({ file, line, note })) } : {}) })) },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** `file:///abs/dir%20with%20space/` (encodeURI leaves `#` and `?` alone, which would cut the path short). */
function directoryUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith("/") ? href : `${href}/`;
}

/** A relative path as a URI reference, each segment percent-encoded (`a#1.js` → `a%231.js`). */
function relativeUri(relPath: string): string {
  return relPath.split("/").map(encodeURIComponent).join("/");
}

function helpMarkdown(rule: Rule): string {
  const m = rule.meta;
  return [`**${m.title}** (${m.checklist.join(", ")})`, "", m.description, "", `**Fix:** ${m.fix}`, "", "Bad:", "```ts", m.example.bad, "```", "Good:", "```ts", m.example.good, "```"].join("\n");
}

/** What the run could not do: files skipped and warnings, as notifications (each with its file), so a dashboard can tell "clean" from "not looked at". */
function invocation(result: ScanResult, uriOf: (relPath: string) => string): Invocation {
  const at = (file: string) => (file === "." ? {} : { locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(file), uriBaseId: "SRCROOT" } } }] });
  return {
    executionSuccessful: true,
    toolExecutionNotifications: [
      ...result.stats.skipped.map((s) => ({ level: "note" as const, message: { text: `skipped: ${s.reason}` }, ...at(s.file) })),
      ...result.stats.warnings.map((w) => ({ level: "warning" as const, message: { text: w.message }, ...at(w.file) })),
    ],
  };
}
