/** The library API: run a scan programmatically, or reuse the rules and reporters. */
export { scan, type ScanOptions, type ScanResult, type ScanStats } from "./engine/scan.js";
export { inventory, type InventoryOptions } from "./engine/inventory.js";
export type { Inventory } from "./report/inventory.js";
export type { Finding } from "./engine/finding.js";
export type { Rule, RuleMeta, Severity } from "./engine/rule.js";
export { ALL_RULES } from "../rules/index.js";
export { CHECKLIST } from "./checklist/items.js";
export type { ChecklistResult, ChecklistStatus } from "./checklist/evaluate.js";
export { loadConfig, configSchema, type AigisConfig } from "./config/config.js";
export { formatJson } from "./report/json.js";
export { formatSarif } from "./report/sarif.js";
export { formatTerminal } from "./report/terminal.js";
