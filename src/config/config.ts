/**
 * The project's config file: `--config FILE`, or the nearest `aigis.config.json` /
 * `.aigisrc.json` found from the scanned folder upwards, then from the working directory
 * upwards, never above the repository root (the folder holding `.git`). JSON (comments and
 * trailing commas allowed) only: aigis never runs code from the repository it scans.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { CHECKLIST_IDS, type ChecklistId } from "../checklist/items.js";
import { readTextFile } from "../discover/read-file.js";
import { parseConfigText } from "./jsonc.js";
import { CONFIG_KEY_HINTS } from "./option-hints.js";

export const CONFIG_FILE_NAMES = ["aigis.config.json", ".aigisrc.json"] as const;

// A config is small; the cap only keeps a wrong path (a FIFO, a huge file) from hanging the run.
const CONFIG_MAX_BYTES = 4 * 1024 * 1024;

// "warn" as ESLint users write it; the config then holds "warning".
const severityOrOff = z.enum(["off", "error", "warning", "warn", "info"]).transform((v) => (v === "warn" ? "warning" : v));
const checklistId = z.enum(CHECKLIST_IDS as [ChecklistId, ...ChecklistId[]]);

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    ignore: z.array(z.string()).default([]).describe("gitignore-style patterns of paths to leave out"),
    rules: z.record(z.string(), severityOrOff).default({}).describe("severity per rule id, or off"),
    failOn: z.enum(["error", "warning", "info", "none"]).optional(),
    maxFileSize: z.number().int().positive().optional().describe("bytes; larger files are skipped with a notice"),
    budgets: z
      .object({
        fileMs: z.number().int().positive().optional().describe("milliseconds of CPU time one file's analysis may take (default 1000; as much per 100,000 characters of a larger file)"),
        scanMs: z.number().int().positive().optional().describe("milliseconds of CPU time the whole scan's analysis may take (default 120000, or 25 per file in larger projects)"),
      })
      .strict()
      .optional()
      .describe("time budgets: analysis that runs out stops there, is named in the warnings and leaves its checklist items incomplete"),
    auth: z.object({ functions: z.array(z.string()).default([]) }).strict().default({ functions: [] }).describe("your own authentication helpers and middleware, by name"),
    rateLimit: z.object({ functions: z.array(z.string()).default([]) }).strict().default({ functions: [] }).describe("your own rate-limit or quota helpers and middleware, by name"),
    suppressions: z
      .array(
        z
          .object({
            rules: z.array(z.string()).min(1).optional().describe("rule ids (default: every rule)"),
            files: z.array(z.string()).min(1).describe("gitignore-style globs, relative to the scanned folder (`docs/**/*.md`)"),
            reason: z.string().min(1).describe("why these findings are accepted (shown in the checklist and SARIF)"),
          })
          .strict(),
      )
      .default([])
      .describe("findings accepted by rule and file, for files that cannot hold a comment (JSON, env files, notebooks)"),
    attestations: z
      .partialRecord(
        checklistId,
        z.object({ by: z.string().min(1), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD"), note: z.string().optional() }).strict(),
      )
      .default({})
      .describe("a person's sign-off on checklist items code cannot verify"),
  })
  .strict();

export type AigisConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function defaultConfig(): AigisConfig {
  return configSchema.parse({});
}

/** The config's JSON Schema (what `$schema` in a config points at), generated from the schema above. */
export function configJsonSchema(knownRuleIds: readonly string[]): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: "input" }) as unknown as { properties: { rules: { propertyNames?: unknown } } };
  // Editors complete rule ids and flag unknown ones, as the CLI does.
  schema.properties.rules.propertyNames = { enum: [...knownRuleIds].sort() };
  return { ...schema, title: "aigis config", description: "aigis.config.json / .aigisrc.json (JSON with comments)" };
}

/** Loads the config named on the command line, or the nearest one (see the top of this file), or the defaults. */
export function loadConfig(rootDir: string, explicitPath?: string, knownRuleIds: readonly string[] = [], cwd: string = process.cwd()): { config: AigisConfig; path?: string } {
  const path = explicitPath ? resolve(explicitPath) : findConfig(rootDir) ?? findConfig(cwd);
  if (!path) return { config: defaultConfig() };
  const read = readTextFile(path, CONFIG_MAX_BYTES);
  if (!read.ok) throw new ConfigError(`cannot read config ${path}: ${read.reason}`);
  const json = parseConfigText(read.text);
  if (!json.ok) throw new ConfigError(`config ${path} is ${json.message}`);
  return { config: validateConfig(json.value, `config ${path}`, knownRuleIds), path };
}

/**
 * A config given as a value (the library API: `scan({ config: parseConfig({ rules: … }) })`),
 * checked like a file's: missing keys take their defaults, mistakes throw `ConfigError`.
 */
export function parseConfig(input: unknown, knownRuleIds: readonly string[] = []): AigisConfig {
  return validateConfig(input, "config", knownRuleIds);
}

function validateConfig(input: unknown, what: string, knownRuleIds: readonly string[]): AigisConfig {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(top level)"}: ${i.message}${hintFor(i)}`).join("\n");
    throw new ConfigError(`${what} is invalid:\n${problems}`);
  }
  const unknown = [...Object.keys(parsed.data.rules), ...parsed.data.suppressions.flatMap((x) => x.rules ?? [])].filter((id) => !knownRuleIds.includes(id));
  if (knownRuleIds.length && unknown.length) {
    throw new ConfigError(`${what} names unknown rule(s): ${unknown.join(", ")} (known: ${knownRuleIds.join(", ")})`);
  }
  return parsed.data;
}

/** The nearest config file from `dir` upwards, stopping at the repository root (or at `dir` itself outside a repository). */
export function findConfig(dir: string): string | undefined {
  const start = resolve(dir);
  const dirs: string[] = [];
  for (let d = start; ; d = dirname(d)) {
    dirs.push(d);
    if (existsSync(join(d, ".git"))) break;
    if (dirname(d) === d) return configIn(start);
  }
  for (const d of dirs) {
    const found = configIn(d);
    if (found) return found;
  }
  return undefined;
}

function configIn(dir: string): string | undefined {
  return CONFIG_FILE_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
}

/** For an unknown top-level key that is a command-line option or a near miss: what to write instead. */
function hintFor(issue: { code: string; path: PropertyKey[]; keys?: string[] }): string {
  if (issue.code !== "unrecognized_keys" || issue.path.length > 0) return "";
  const hints = (issue.keys ?? []).filter((k) => Object.hasOwn(CONFIG_KEY_HINTS, k)).map((k) => `"${k}" is ${CONFIG_KEY_HINTS[k]}`);
  return hints.length ? ` (${hints.join("; ")})` : "";
}
