/**
 * Advisory rules (`meta.advisory`: no moderation, no audit record) fire on most AI routes
 * by design. Fixtures written for other rules are judged without them; their own fixtures
 * (`fixtures/checklist-*`) are judged with them, line by line.
 */
import { ALL_RULES } from "../../rules/index.js";

export const ADVISORY_RULES: ReadonlySet<string> = new Set(ALL_RULES.filter((r) => r.meta.advisory).map((r) => r.meta.id));

/** The findings other rules' fixtures are judged on. */
export function withoutAdvisory<T extends { ruleId: string }>(findings: readonly T[]): T[] {
  return findings.filter((f) => !ADVISORY_RULES.has(f.ruleId));
}
