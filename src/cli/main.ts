/**
 * The command line: `aigis scan [path]` (`--history` adds git history), `aigis inventory [path]`, `aigis rules`.
 * Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage, config or internal error
 * (and, with --strict, a file some rule could not analyse).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, relative, resolve, sep } from "node:path";
import { ConfigError, loadConfig } from "../config/config.js";
import { parseConfigText } from "../config/jsonc.js";
import { ScanInputError } from "../discover/discover.js";
import { scan } from "../engine/scan.js";
import type { Severity } from "../engine/rule.js";
import { formatJson } from "../report/json.js";
import { formatSarif } from "../report/sarif.js";
import { formatGithub } from "../report/github.js";
import { formatMarkdown } from "../report/markdown.js";
import { Progress } from "./progress.js";
import { formatTerminal, wantsColor } from "../report/terminal.js";
import { ALL_RULES } from "../../rules/index.js";
import { TOOL_VERSION } from "../version.js";
import { inventory } from "../engine/inventory.js";
import { formatInventoryJson, formatInventoryTable } from "../report/inventory.js";
import { changedFilesSince, readGitState } from "../discover/git.js";

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

interface ScanFlags {
  format: "text" | "json" | "sarif" | "github" | "markdown";
  output?: string;
  failOn?: Severity | "none";
  config?: string;
  ignore?: string[];
  maxFileSize?: number;
  baseline?: string;
  color?: boolean;
  strict?: boolean;
  history?: boolean;
  since?: string;
  quiet?: boolean;
  maxWarnings?: number;
  summaryFile?: string;
}

export async function main(argv: readonly string[], io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = process): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command()
    .name("aigis")
    .description("Finds the security mistakes of LLM-backed apps: exposed provider keys, client-side model calls, unprotected AI routes, prompt injection.")
    .version(TOOL_VERSION, "-v, --version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError("(run `aigis --help` for usage)");

  program
    .command("scan")
    .description("scan a directory (or one file) and report findings against the AI API security checklist")
    .argument("[paths...]", "directory or file to scan (default .); several files or folders (as lint-staged and pre-commit pass them): the project holding them is analysed, their findings reported")
    .addOption(new Option("-f, --format <format>", "report format (github: workflow annotations; markdown: a summary for PR comments and job summaries)").choices(["text", "json", "sarif", "github", "markdown"]).default("text"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .addOption(new Option("--fail-on <severity>", "exit 1 when a finding is at or above this severity (default: warning)").choices(["error", "warning", "info", "none"]))
    .option("-c, --config <file>", "config file (default: aigis.config.json or .aigisrc.json in the scanned directory)")
    .option("--ignore <pattern>", "a gitignore-style pattern to leave out (repeatable; adds to the config's)", collect, [] as string[])
    .option("--max-file-size <bytes>", "skip files larger than this (default 2 MB)", parsePositiveInt)
    .option("--baseline <file>", "a JSON report from an earlier scan: its findings are accepted and not reported again")
    .option("--no-color", "never colour the text report")
    .option("--summary-file <file>", "also append the Markdown summary to this file (e.g. $GITHUB_STEP_SUMMARY), whatever --format is")
    .option("-q, --quiet", "report errors only (warnings and info are left out of the report and the exit code)")
    .option("--max-warnings <count>", "exit 1 when there are more warnings than this (errors always fail); instead of --fail-on warning", parseCount)
    .option("--strict", "exit 2 when a rule could not analyse some file (its checklist items are incomplete)")
    .option("--history", "also search the git history for hard-coded provider keys (AK-1), keys deleted from the files included")
    .option("--since <ref>", "report only files changed since <ref> (its merge base with HEAD; the whole project is still analysed); with --history, only the commits in <ref>..HEAD")
    .action(async (paths: string[], flags: ScanFlags) => {
      exitCode = await runScan(paths, flags, io);
    });

  program
    .command("inventory")
    .description("list every model call site: provider, SDK, method, model, place, and whether it runs in the browser or on the server")
    .argument("[path]", "directory or file to inventory", ".")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"))
    .option("-o, --output <file>", "write the inventory to a file instead of stdout")
    .option("-c, --config <file>", "config file (for ignore patterns and the size cap)")
    .option("--no-color", "never colour the table")
    .action(async (path: string, flags: { format: "table" | "json"; output?: string; config?: string; color?: boolean }) => {
      exitCode = await runInventory(path, flags, io);
    });

  program
    .command("rules")
    .description("list the rules with their checklist items, severity and CWE")
    .action(() => {
      for (const r of ALL_RULES) io.stdout.write(`${r.meta.id.padEnd(32)} ${r.meta.checklist.join(",").padEnd(8)} ${r.meta.severity.padEnd(8)} ${r.meta.cwe.join(",").padEnd(18)} ${r.meta.title}\n`);
    });

  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version" ? EXIT_OK : EXIT_ERROR;
    }
    io.stderr.write(`aigis: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT_ERROR;
  }
  return exitCode;
}

async function runScan(paths: string[], flags: ScanFlags, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): Promise<number> {
  try {
    const { target: path, only: listed } = await scanTargets(paths);
    const configRoot = directoryOf(path);
    const { config } = loadConfig(configRoot, flags.config, ALL_RULES.map((r) => r.meta.id));
    if (flags.ignore?.length) config.ignore = [...config.ignore, ...flags.ignore];
    const baseline = flags.baseline ? readBaseline(flags.baseline) : undefined;
    const history = flags.history ? { since: flags.since } : undefined;
    const changed = flags.since !== undefined ? await changedSince(path, flags.since) : undefined;
    const only = listed && changed ? listed.filter((p) => changed.includes(p)) : (listed ?? changed);
    const progress = Progress.for(io.stderr, ALL_RULES.filter((r) => config.rules[r.meta.id] !== "off").length);
    let scanned;
    try {
      scanned = await scan({ target: path, config, maxFileBytes: flags.maxFileSize, baseline, history, ...(only ? { only } : {}), ...(progress ? { onRuleStarted: (id: string) => progress.ruleStarted(id) } : {}) });
    } finally {
      progress?.done();
    }
    const result = flags.quiet ? { ...scanned, findings: scanned.findings.filter((f) => f.severity === "error") } : scanned;

    const rules = ALL_RULES.filter((r) => config.rules[r.meta.id] !== "off");
    const toFile = flags.output !== undefined;
    const report =
      flags.format === "json"
        ? formatJson(result)
        : flags.format === "sarif"
          ? formatSarif(result, rules)
          : flags.format === "github"
            ? formatGithub(result)
            : flags.format === "markdown"
              ? formatMarkdown(result)
              : formatTerminal(result, { color: !toFile && flags.color !== false && wantsColor(io.stdout) });
    if (flags.summaryFile !== undefined) appendReport(flags.summaryFile, formatMarkdown(result));
    if (toFile) {
      writeReport(flags.output!, report);
      io.stderr.write(`aigis: ${result.findings.length} finding(s); report written to ${flags.output}\n`);
    } else {
      io.stdout.write(report);
    }

    const incomplete = result.checklist.filter((c) => c.incomplete).map((c) => c.id);
    if (result.stats.incomplete.length > 0) {
      const files = new Set(result.stats.incomplete.map((g) => g.file)).size;
      io.stderr.write(`aigis: ${files} file(s) could not be fully analysed; checklist items incomplete: ${incomplete.join(", ") || "none"}${flags.strict ? "" : " (--strict makes this exit 2)"}\n`);
      if (flags.strict) return EXIT_ERROR;
    }
    // --max-warnings: like ESLint's, errors always fail and warnings only past the count.
    const failOn = flags.failOn ?? config.failOn ?? (flags.maxWarnings !== undefined ? "error" : "warning");
    if (flags.maxWarnings !== undefined && result.findings.filter((f) => f.severity === "warning").length > flags.maxWarnings) return EXIT_FINDINGS;
    if (failOn === "none") return EXIT_OK;
    return result.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    if (error instanceof ScanInputError || error instanceof ConfigError || error instanceof BaselineError || error instanceof OutputError) {
      io.stderr.write(`aigis: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
}

async function runInventory(path: string, flags: { format: "table" | "json"; output?: string; config?: string; color?: boolean }, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): Promise<number> {
  try {
    const { config } = loadConfig(directoryOf(path), flags.config, ALL_RULES.map((r) => r.meta.id));
    const built = await inventory({ target: path, config });
    const text = flags.format === "json" ? formatInventoryJson(built) : formatInventoryTable(built, { color: !flags.output && flags.color !== false && wantsColor(io.stdout) });
    if (flags.output) writeReport(flags.output, text);
    else io.stdout.write(text);
    // The JSON holds its warnings; the table's go to stderr, like a scan's.
    if (flags.format !== "json") for (const w of built.warnings) io.stderr.write(`aigis: warning: ${w.file}: ${w.message}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ScanInputError || error instanceof ConfigError || error instanceof OutputError) {
      io.stderr.write(`aigis: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
}

/** Appends (a job summary file collects every step's summary). */
function appendReport(file: string, text: string): void {
  try {
    appendFileSync(file, text);
  } catch (error) {
    throw new OutputError(`cannot write the summary to ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function writeReport(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new OutputError(`cannot write the report to ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

class BaselineError extends Error {}
class OutputError extends Error {}

function readBaseline(file: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(resolve(file), "utf8");
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new BaselineError(`cannot use baseline ${file}: ${e.code ?? e.message}`);
  }
  const json = parseConfigText(text);
  if (!json.ok) throw new BaselineError(`cannot use baseline ${file}: it is ${json.message}`);
  // Any JSON value may arrive here (null, a number, an array): only a report's shape is read.
  const report = json.value;
  const findings = typeof report === "object" && report !== null && !Array.isArray(report) ? (report as { findings?: unknown }).findings : undefined;
  if (!Array.isArray(findings)) throw new BaselineError(`baseline ${file} is not an aigis JSON report (expected an object with a "findings" array; write one with \`aigis scan -f json -o ${file}\`)`);
  return new Set(findings.map((f) => (typeof f === "object" && f !== null ? (f as { fingerprint?: unknown }).fingerprint : undefined)).filter((f): f is string => typeof f === "string"));
}

/**
 * One path: scan it. Several: scan the git work tree that holds the first (else the folder
 * they share) and report the listed ones only, so each is judged with its whole project.
 */
async function scanTargets(paths: readonly string[]): Promise<{ target: string; only?: string[] }> {
  if (paths.length <= 1) return { target: paths[0] ?? "." };
  const absolute = paths.map((p) => resolve(p));
  for (const [i, p] of absolute.entries()) if (!existsSync(p)) throw new ScanInputError(`path does not exist: ${paths[i]}`);
  const top = (await readGitState(directoryOf(absolute[0]!))).topLevel;
  const root = top && absolute.every((p) => !relative(top, p).startsWith("..")) ? top : commonFolder(absolute);
  return { target: root, only: absolute.map((p) => relative(root, p).split(sep).join("/") || ".") };
}

function commonFolder(paths: readonly string[]): string {
  let common = directoryOf(paths[0]!);
  while (!paths.every((p) => p === common || p.startsWith(common.endsWith(sep) ? common : common + sep))) common = dirname(common);
  return common;
}

/** `--since REF`: the files changed since REF, relative to the scanned folder. */
async function changedSince(path: string, ref: string): Promise<string[]> {
  const changed = await changedFilesSince(directoryOf(path), ref);
  if (!changed) throw new ScanInputError(`--since ${ref}: not a git work tree, or git does not know "${ref}"`);
  // A single file named: only it, if it changed.
  if (!statSync(path).isDirectory()) return changed.includes(basename(path)) ? [basename(path)] : [];
  return changed;
}

function directoryOf(path: string): string {
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return path; // the scan reports the missing path clearly
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number (0 or more), got "${value}".`);
  return n;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  // InvalidArgumentError is reported by commander ("option '--max-file-size <bytes>' argument 'x' is invalid. …");
  // any other error thrown here would end the run with no message at all.
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive whole number of bytes, got "${value}".`);
  return n;
}
