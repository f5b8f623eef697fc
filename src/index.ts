/** The library API: run a scan programmatically, or reuse the rules and reporters. */
export { scan, type ScanOptions, type ScanResult, type ScanStats } from "./engine/scan.js";
export { inventory, type InventoryOptions } from "./engine/inventory.js";
export type { Inventory } from "./report/inventory.js";
export type { Finding } from "./engine/finding.js";
export type { Rule, RuleMeta, Severity } from "./engine/rule.js";
export { ALL_RULES } from "../rules/index.js";
export { CHECKLIST } from "./checklist/items.js";
export type { ChecklistResult, ChecklistStatus } from "./checklist/evaluate.js";
export { loadConfig, configSchema, ConfigError, type AigisConfig } from "./config/config.js";
import { parseConfig as parseConfigFor } from "./config/config.js";
import { ALL_RULES as RULES } from "../rules/index.js";

/** A config from a value, validated like a config file (unknown rule ids included); missing keys take their defaults. */
export function parseConfig(input: unknown = {}): import("./config/config.js").AigisConfig {
  return parseConfigFor(input, RULES.map((r) => r.meta.id));
}
export { formatJson } from "./report/json.js";
export { formatSarif } from "./report/sarif.js";
export { formatTerminal } from "./report/terminal.js";
export { formatGithub } from "./report/github.js";
export { formatMarkdown } from "./report/markdown.js";
