/**
 * Suppressions written in the scanned files, in any comment syntax (`//`, `#`, `<!-- -->`):
 *   aigis-disable-next-line [rule-id, …] [-- reason]
 *   aigis-disable-line [rule-id, …] [-- reason]
 *   aigis-disable [rule-id, …] [-- reason]   …   aigis-enable [rule-id, …]
 *   aigis-disable-file [rule-id, …] [-- reason]
 * Without rule ids, every rule is silenced. ESLint's own comments naming aigis' rules
 * (`eslint-disable-next-line aigis/hardcoded-provider-key`, and the `-line`, block and
 * `enable` forms) count too, so a team writes one comment for the CLI and the editor.
 *
 * Each directive remembers whether it silenced anything: the scan reports the ones that
 * did not (a stale suppression hides the next real finding on that line).
 */
import type { FileFacts } from "../facts/file-facts.js";
import { LiteralGate } from "../facts/literal-gates.js";

type Kind = "next-line" | "line" | "block" | "enable" | "file";

export interface Directive {
  kind: Kind;
  /** The line the comment is on (1-based). */
  line: number;
  /** Empty: every rule. */
  ids: string[];
  /** What follows `--`, if anything. */
  reason?: string;
  /** Written as an ESLint comment (`eslint-disable… aigis/<id>`). */
  eslint: boolean;
  used: boolean;
}

/** `aigis-disable-next-line`, `eslint-enable`…: the family, then the kind. */
const DIRECTIVE = /\b(aigis|eslint)-(disable-next-line|disable-line|disable-file|disable|enable)\b([^\n]*)/g;
const KIND: Record<string, Kind> = { "disable-next-line": "next-line", "disable-line": "line", "disable-file": "file", disable: "block", enable: "enable" };
const ESLINT_RULE_PREFIX = "aigis/";
// ESLint's directives count only where they name aigis' rules.
const MIGHT_HOLD_DIRECTIVE = new LiteralGate(["aigis-", ESLINT_RULE_PREFIX]);

class FileSuppressions {
  readonly directives: Directive[] = [];

  constructor(file: FileFacts) {
    // Most files hold no directive at all: the shared literal pass decides that (without the text, which may have been let go).
    if (!file.mayMatch(MIGHT_HOLD_DIRECTIVE)) return;
    for (const m of file.text.matchAll(DIRECTIVE)) {
      const parsed = parseDirective(m[3]!);
      const eslint = m[1] === "eslint";
      let ids = parsed.ids;
      if (eslint) {
        // ESLint's comments count only where they name aigis' rules (a bare one is ESLint's business).
        ids = ids.filter((id) => id.startsWith(ESLINT_RULE_PREFIX)).map((id) => id.slice(ESLINT_RULE_PREFIX.length));
        if (ids.length === 0 || KIND[m[2]!] === "file") continue;
      }
      this.directives.push({ kind: KIND[m[2]!]!, line: file.positionAt(m.index!).line, ids, ...(parsed.reason ? { reason: parsed.reason } : {}), eslint, used: false });
    }
  }

  /** The directive that silences `ruleId` on `line`, marked used; undefined when none does. */
  silencing(line: number, ruleId: string, aigisOnly = false): Directive | undefined {
    let block: Directive | undefined;
    for (const d of this.directives) {
      if (!names(d, ruleId) || (aigisOnly && d.eslint)) continue;
      if ((d.kind === "line" && d.line === line) || (d.kind === "next-line" && d.line === line - 1) || d.kind === "file") return use(d);
      // Blocks: the last disable above the line, unless an enable for the rule came after it.
      if (d.line <= line && d.kind === "block") block = d;
      else if (d.line <= line && d.kind === "enable") block = undefined;
    }
    return block ? use(block) : undefined;
  }
}

function use(d: Directive): Directive {
  d.used = true;
  return d;
}

function names(d: Directive, ruleId: string): boolean {
  return d.ids.length === 0 || d.ids.includes(ruleId);
}

function parseDirective(rest: string): { ids: string[]; reason?: string } {
  const cut = rest.indexOf("--");
  const ids = (cut < 0 ? rest : rest.slice(0, cut)).replace(/\*\/|-->|\}/g, " ").split(/[\s,]+/).filter(Boolean);
  // The comment's closing `*/` or `-->` is not part of the reason; the reason is the app's own text (printable, short).
  const reason = cut < 0 ? "" : rest.slice(cut + 2).replace(/\*\/\s*$|-->\s*$|\*\/\s*\}\s*$/, "").replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, 200);
  return { ids, ...(reason ? { reason } : {}) };
}

// One parse per file, however many findings it has.
const PARSED = new WeakMap<FileFacts, FileSuppressions>();

function suppressionsOf(file: FileFacts): FileSuppressions {
  let parsed = PARSED.get(file);
  if (!parsed) PARSED.set(file, (parsed = new FileSuppressions(file)));
  return parsed;
}

/**
 * `aigisOnly`: ESLint comments left out (the ESLint plugin: ESLint applies its own comments,
 * and one the plugin also honoured would look unused to ESLint).
 */
export function isSuppressed(file: FileFacts, line: number, ruleId: string, aigisOnly = false): boolean {
  return suppressionsOf(file).silencing(line, ruleId, aigisOnly) !== undefined;
}

/** The directive that silences `ruleId` on this line, with its reason (`-- why`), or undefined. */
export function suppressionOf(file: FileFacts, line: number, ruleId: string): { reason?: string } | undefined {
  const d = suppressionsOf(file).silencing(line, ruleId);
  return d ? { ...(d.reason ? { reason: d.reason } : {}) } : undefined;
}

/**
 * aigis' own directives in these files that silenced nothing (ESLint comments and
 * `aigis-enable` are left out: the first may be meant for ESLint rules, the second silences nothing by design).
 * Only meaningful once every finding of the scan was checked against them.
 */
export function unusedSuppressions(files: readonly FileFacts[], rulesRun: ReadonlySet<string>): Array<{ file: string; line: number; directive: string }> {
  const unused: Array<{ file: string; line: number; directive: string }> = [];
  for (const file of files) {
    for (const d of suppressionsOf(file).directives) {
      // A directive for a rule that did not run (switched off) cannot be judged.
      if (d.used || d.eslint || d.kind === "enable" || d.ids.some((id) => !rulesRun.has(id))) continue;
      unused.push({ file: file.relPath, line: d.line, directive: `aigis-${d.kind === "block" ? "disable" : `disable-${d.kind}`}${d.ids.length ? ` ${d.ids.join(", ")}` : ""}` });
    }
  }
  return unused;
}
