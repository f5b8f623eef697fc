/**
 * One ESLint run over a directory, in a process of its own (as an editor's first lint or a
 * CI step pays it): `node dist/bench/eslint-run.js <dir> base|aigis`. The baseline is what
 * a project typically runs: `@typescript-eslint/parser` for every JS/TS file and ESLint's
 * recommended core rules. `aigis` adds the built plugin entry's recommended config. Prints
 * one JSON line: wall time, plugin import time, files and aigis messages.
 */
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { ESLint, type Linter } from "eslint";
import { builtinRules } from "eslint/use-at-your-own-risk";
import tsParser from "@typescript-eslint/parser";

export interface EslintRunReport {
  ms: number;
  importMs: number;
  files: number;
  aigisMessages: number;
}

const CODE = ["**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}"];
const IGNORED = ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/build/**", "**/out/**", "**/coverage/**", "**/*.min.js"];
const PLUGIN_ENTRY = fileURLToPath(new URL("../eslint-plugin.js", import.meta.url));

async function main(): Promise<void> {
  const [dir, mode] = process.argv.slice(2);
  if (!dir || (mode !== "base" && mode !== "aigis")) throw new Error("usage: eslint-run <dir> base|aigis");
  const started = performance.now();
  const recommended = Object.fromEntries([...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([id]) => [id, "warn" as const]));
  const config: Linter.Config[] = [{ files: CODE, languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } }, rules: { ...recommended, "no-undef": "off" } }];
  let importMs = 0;
  if (mode === "aigis") {
    const importStarted = performance.now();
    const aigis = (await import(PLUGIN_ENTRY)) as { default: { configs: { recommended: Linter.Config } } };
    importMs = performance.now() - importStarted;
    config.push({ files: CODE, ...aigis.default.configs.recommended });
  }
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, ignorePatterns: IGNORED, errorOnUnmatchedPattern: false });
  const results = await eslint.lintFiles(["."]);
  const report: EslintRunReport = {
    ms: performance.now() - started,
    importMs,
    files: results.length,
    aigisMessages: results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId?.startsWith("aigis/")).length, 0),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (process.argv[1] && join(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`eslint-run: ${(error as Error).message}\n`);
    process.exitCode = 2;
  });
}
