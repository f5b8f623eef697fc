/**
 * `aigis inventory`: the model call sites and AI routes of a project, built by the same
 * project model as a scan and bounded by the same analysis budgets. A file whose analysis
 * runs out of time (or fails) is left out and named in the inventory's warnings; the rest
 * of the inventory is kept.
 */
import { defaultConfig, type AigisConfig } from "../config/config.js";
import type { FileWarning } from "../facts/file-facts.js";
import { AnalysisBudget, BudgetExceeded, limitsInForce, type BudgetOptions } from "../model/budget.js";
import { buildInventory, type Inventory } from "../report/inventory.js";
import { TOOL_NAME, TOOL_VERSION } from "../version.js";
import { loadProject } from "./load-project.js";

export interface InventoryOptions {
  target: string;
  config?: AigisConfig;
  /** Overrides the config's `budgets` (tests inject a clock). */
  budget?: BudgetOptions;
}

export async function inventory(options: InventoryOptions): Promise<Inventory> {
  const config = options.config ?? defaultConfig();
  const { project, ts, warnings } = await loadProject(options.target, config);
  const { now, ...limits } = options.budget ?? {};
  const budget = new AnalysisBudget(limitsInForce(project.files.length, config.budgets, limits), now, (rel) => project.file(rel)?.text.length ?? 0);
  project.gaps.budget = budget;
  project.gaps.currentRule = "inventory";
  let built: Inventory;
  try {
    built = budget.run(".", () => buildInventory(project, ts, { name: TOOL_NAME, version: TOOL_VERSION }));
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    built = { tool: { name: TOOL_NAME, version: TOOL_VERSION }, callSites: [], aiRoutes: [], providers: [], warnings: [] };
    warnings.push({ file: ".", message: `the inventory's analysis stopped (${error.message}): it is empty` });
  } finally {
    project.gaps.budget = undefined;
  }
  for (const file of project.files) {
    // A minified file is never analysed as code: said, as a scan says it.
    if (file.isCode && file.looksMinified) file.syntaxTree(ts);
    warnings.push(...file.warnings);
  }
  const lost = new Map<string, string>();
  for (const gap of project.gaps.list()) if (!lost.has(gap.file)) lost.set(gap.file, gap.cause);
  for (const [file, cause] of lost) warnings.push({ file, message: `left out of the inventory (${cause}): its call sites and routes may be missing` });
  return { ...built, warnings: dedupe(warnings) };
}

function dedupe(warnings: readonly FileWarning[]): FileWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.file}\0${w.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
