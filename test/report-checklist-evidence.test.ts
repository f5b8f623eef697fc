/**
 * How reports show the evidence-judged items: advisory findings listed apart in the
 * terminal, evidence places under a passing item (terminal, Markdown, SARIF), and what a
 * person must still check.
 */
import { describe, expect, it } from "vitest";
import { evaluateChecklist } from "../src/checklist/evaluate.js";
import type { Finding } from "../src/engine/finding.js";
import { defineRule } from "../src/engine/rule.js";
import type { ScanResult } from "../src/engine/scan.js";
import { formatMarkdown } from "../src/report/markdown.js";
import { formatSarif } from "../src/report/sarif.js";
import { formatTerminal } from "../src/report/terminal.js";

const meta = { title: "t", severity: "info" as const, cwe: [], description: "d", fix: "Record who used which model.", example: { bad: "b", good: "g" }, scope: "s" };
const audit = defineRule({ meta: { ...meta, id: "audit-record", checklist: ["LG-1"], advisory: true } });
const spend = defineRule({ meta: { ...meta, id: "spend-controls", checklist: ["RL-4"], evidenceOnly: true } });
const auth = defineRule({ meta: { ...meta, id: "route-auth", checklist: ["AU-1"], severity: "error", fix: "Add auth." } });

function finding(ruleId: string, item: "LG-1" | "AU-1", line: number, advisory: boolean): Finding {
  return {
    ruleId,
    checklist: [item],
    severity: advisory ? "info" : "error",
    file: "src/chat.ts",
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
    message: `${ruleId} message ${line}`,
    fingerprint: `fp${line}`,
    snippet: "app.post(",
    fix: advisory ? "Record who used which model." : "Add auth.",
    ...(advisory ? { advisory: true as const } : {}),
  };
}

function result(): ScanResult {
  const findings = [finding("route-auth", "AU-1", 3, false), finding("audit-record", "LG-1", 3, true), finding("audit-record", "LG-1", 9, true)];
  const checklist = evaluateChecklist([audit, spend, auth], findings, new Map([["spend-controls", 1], ["audit-record", 2], ["route-auth", 2]]), {
    evidence: new Map([["spend-controls", [{ rule: "spend-controls", file: "src/budget.ts", line: 12, note: "per-user daily token budget checked before the call" }]]]),
  });
  return { tool: { name: "aigis", version: "0" }, root: "/nowhere", findings, checklist, stats: { files: 2, bytes: 10, durationMs: 1, skipped: [], warnings: [], incomplete: [], suppressed: 0, baselined: 0 } };
}

describe("reports of evidence-judged items", () => {
  it("the terminal lists advisory findings apart, one line each with the rule's fix once, and evidence under a passing item", () => {
    const text = formatTerminal(result(), { color: false });
    const [main, rest] = text.split("Hardening suggestions (2;");
    expect(main).toContain("route-auth message 3");
    expect(main).not.toContain("audit-record message");
    expect(rest).toContain("src/chat.ts:3  audit-record message 3  audit-record · LG-1");
    expect(rest).toContain("src/chat.ts:9  audit-record message 9");
    expect(rest!.match(/fix \(audit-record\): Record who used which model\./g)).toHaveLength(1);
    expect(text).toMatch(/PASS\s+RL-4 .*\n\s+src\/budget\.ts:12 per-user daily token budget checked before the call\n\s+also check: Code cannot show the provider's own budget limits/);
  });

  it("Markdown names the first evidence place of a passing item, SARIF lists them with the item", () => {
    expect(formatMarkdown(result())).toMatch(/\| \*\*RL-4\*\* .* \| .*pass.* \| `src\/budget\.ts:12` \|/i);
    const sarif = JSON.parse(formatSarif(result(), [audit, spend, auth]));
    const rl4 = sarif.runs[0].properties.checklist.find((c: { id: string }) => c.id === "RL-4");
    expect(rl4).toEqual({ id: "RL-4", status: "pass", findings: 0, evidence: [{ file: "src/budget.ts", line: 12, note: "per-user daily token budget checked before the call" }] });
  });
});
