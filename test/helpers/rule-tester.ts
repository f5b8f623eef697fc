/**
 * The ESLint side of a rule test: RuleTester wired to vitest, with the TypeScript parser, and
 * the plugin's rule by id (as users load it), so a rule's one-file mode is tested through
 * ESLint's own API.
 */
import { RuleTester } from "eslint";
import tsParser from "@typescript-eslint/parser";
import { describe, it } from "vitest";
import aigis from "../../src/eslint/plugin.js";
import type { ScanResult } from "../../src/engine/scan.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export type PluginRule = Parameters<RuleTester["run"]>[1];

export function typescriptRuleTester(): RuleTester {
  return new RuleTester({ languageOptions: { parser: tsParser, sourceType: "module" } as never });
}

export function pluginRule(id: string): PluginRule {
  return aigis.rules[id as keyof typeof aigis.rules] as unknown as PluginRule;
}

/** A scan's findings of one rule as (rule, file, line) rows, in file and line order. */
export type Row = [ruleId: string, file: string, line: number];

export function rowsOf(result: ScanResult, ruleId: string): Row[] {
  return result.findings
    .filter((f) => f.ruleId === ruleId)
    .map((f): Row => [f.ruleId, f.file, f.line])
    .sort((a, b) => a[1].localeCompare(b[1]) || a[2] - b[2]);
}
