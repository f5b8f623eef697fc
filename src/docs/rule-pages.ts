/**
 * One Markdown page per rule (`docs/rules/<id>.md`) and an index, rendered from the rules'
 * metadata and the checklist: the pages are never edited by hand, so they cannot drift
 * from what the scanner does. `npm run docs` writes them; a test fails when they are stale.
 */
import { CHECKLIST, CHECKLIST_SECTIONS } from "../checklist/items.js";
import type { Rule } from "../engine/rule.js";
import { ruleDocsUrl } from "../version.js";

const SEVERITY_WORD = { error: "error", warning: "warning", info: "info" } as const;

/** The folder, from the package root, that holds the pages. */
export const RULE_DOCS_DIR = "docs/rules";
/** The config's JSON Schema, at the package root (shipped: a config's `$schema` can point into node_modules/aigis). */
export const CONFIG_SCHEMA_FILE = "aigis.config.schema.json";

export function renderConfigSchema(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export function renderRulePage(rule: Rule): string {
  const m = rule.meta;
  const items = m.checklist.map((id) => CHECKLIST.find((c) => c.id === id)).filter((c) => c !== undefined);
  const lines = [
    GENERATED_NOTICE,
    "",
    `# ${m.id}`,
    "",
    `**${m.title}**`,
    "",
    "| | |",
    "|---|---|",
    `| Default severity | ${severityCell(rule)} |`,
    `| Checklist | ${items.map((c) => `${c.id}`).join(", ")} |`,
    `| CWE | ${m.cwe.map((c) => `[${c}](https://cwe.mitre.org/data/definitions/${c.replace(/^CWE-/, "")}.html)`).join(", ") || "none"} |`,
    `| OWASP Top 10 for LLM apps | ${m.owaspLlm ? `${m.owaspLlm["2025"]} (2025)${m.owaspLlm["2026"] ? `, ${m.owaspLlm["2026"]} (2026)` : ""}` : "none"} |`,
    ...(m.evidenceOnly ? [] : [`| Precision | ${m.precision ?? "high"} (how often a finding is right, measured on public apps) |`]),
    `| Looks at | ${m.scope} |`,
    `| In the ESLint plugin | ${m.eslint ? "yes (the same detector, one file at a time)" : rule.checkFileAlone ? "yes, as a one-file approximation (the CLI judges the whole project)" : "no (needs the whole project: CLI and CI only)"} |`,
    "",
    "## What it finds and why it matters",
    "",
    m.description,
    "",
    "## How to fix it",
    "",
    m.fix,
    "",
    "## Examples",
    "",
    m.evidenceOnly ? "Nothing shown (the item is left to check by hand):" : "Reported:",
    "",
    "```ts",
    m.example.bad,
    "```",
    "",
    m.evidenceOnly ? "Shown as evidence that the item is handled:" : "Not reported:",
    "",
    "```ts",
    m.example.good,
    "```",
    "",
    "## Checklist items",
    "",
    ...items.map((c) => `- **${c.id}**: ${c.title}. Beyond the code, check by hand: ${c.manualCheck.charAt(0).toLowerCase()}${c.manualCheck.slice(1)}`),
    "",
    "## Options",
    "",
    m.evidenceOnly ? "Switch it off in `aigis.config.json`:" : "Set the rule's severity, or switch it off, in `aigis.config.json`:",
    "",
    "```json",
    `{ "rules": { "${m.id}": "${m.evidenceOnly ? "off" : "warning"}" } }`,
    "```",
    "",
    ...(m.evidenceOnly ? [] : ["Values: `\"error\"`, `\"warning\"`, `\"info\"`, `\"off\"`."]),
    "",
    ...(m.evidenceOnly ? [] : suppressing(m.id)),
  ];
  return lines.join("\n");
}

function suppressing(id: string): string[] {
  return [
    "## Suppressing a finding",
    "",
    "On the line before the finding, or at the end of its line, with a reason after `--`:",
    "",
    "```ts",
    `// aigis-disable-next-line ${id} -- why this one is safe`,
    "```",
    "",
    `\`aigis-disable-line\` silences the line it is on, \`aigis-disable ${id}\` … \`aigis-enable ${id}\` a block, \`aigis-disable-file ${id}\` the whole file. ESLint's comments work too (\`// eslint-disable-next-line aigis/${id}\`), in the CLI and the editor alike. A suppression that silences nothing is reported, and the checklist shows the item as \`accepted\` with your reason, never as \`pass\`.`,
    "",
    "To accept every current finding at once, save a report as a baseline (`aigis scan --format json --output aigis-baseline.json`) and scan with `--baseline aigis-baseline.json`: only new findings are reported.",
    "",
  ];
}

/** An evidence-only rule has no findings to rate: it shows where its item is handled, or leaves it manual. */
function severityCell(rule: Rule): string {
  return rule.meta.evidenceOnly ? "none: reports no findings (it lists where the item is handled, or leaves it to check by hand)" : SEVERITY_WORD[rule.meta.severity];
}

export function renderRuleIndex(rules: readonly Rule[]): string {
  const rows = [...rules]
    .sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))
    .map((r) => `| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.title} | ${r.meta.checklist.join(", ")} | ${r.meta.evidenceOnly ? "none (evidence only)" : SEVERITY_WORD[r.meta.severity]} |`);
  return [GENERATED_NOTICE, "", "# Rules", "", "| Rule | What it finds | Checklist | Default severity |", "|---|---|---|---|", ...rows, "", `Each page is also linked from findings: ${ruleDocsUrl("<id>")}. What each checklist status means, item by item: [checklist.md](checklist.md).`, ""].join("\n");
}

/** What each status means for an item judged by findings alone. */
const PLAIN_STATUSES = {
  fail: "one of its rules reported a finding",
  pass: "its rules judged something (a key read, a route, a call…) and found nothing",
  "n/a": "its rules found nothing to judge",
} as const;

/**
 * The whole checklist: each item, the rules that judge it, and what each status means
 * for it (items judged by evidence say it in their own `statuses`).
 */
export function renderChecklistPage(rules: readonly Rule[]): string {
  const lines = [
    GENERATED_NOTICE,
    "",
    "# The AI API security checklist",
    "",
    "Every report shows every item with a status. Besides the statuses below, an item is `incomplete` when it has no finding but one of its rules could not analyse some file, and `accepted` when its only findings were suppressed or baselined. A `manual` item can be signed off in the config (`attestations`).",
    "",
  ];
  let section = "";
  for (const item of CHECKLIST) {
    if (item.section !== section) {
      section = item.section;
      lines.push(`## ${CHECKLIST_SECTIONS[item.section]}`, "");
    }
    const judges = rules.filter((r) => (r.meta.checklist as readonly string[]).includes(item.id));
    lines.push(`### ${item.id}: ${item.title}`, "");
    if (!judges.length) {
      const why = "checkableInCode" in item && item.checkableInCode ? "No rule of this version judges it yet" : "Only a person can check it";
      lines.push(`${why} (\`manual\`): ${item.manualCheck}`, "");
      continue;
    }
    lines.push(`Judged by ${judges.map((r) => `[${r.meta.id}](${r.meta.id}.md)`).join(", ")}.`, "");
    const statuses: Partial<Record<string, string>> = "statuses" in item && item.statuses ? item.statuses : PLAIN_STATUSES;
    for (const [status, meaning] of Object.entries(statuses)) lines.push(`- \`${status}\`: ${meaning}.`);
    if ("alsoCheck" in item && item.alsoCheck) lines.push(`- Even when it passes: ${item.alsoCheck}`);
    lines.push(`- By hand: ${item.manualCheck}`, "");
  }
  return lines.join("\n");
}

/** Every page by its file name, the index as `README.md`, the checklist as `checklist.md`. */
export function renderRuleDocs(rules: readonly Rule[]): Map<string, string> {
  const pages = new Map<string, string>([
    ["README.md", renderRuleIndex(rules)],
    ["checklist.md", renderChecklistPage(rules)],
  ]);
  for (const rule of rules) pages.set(`${rule.meta.id}.md`, renderRulePage(rule));
  return pages;
}

const GENERATED_NOTICE = "<!-- Generated from the rule's metadata by `npm run docs`; edit the rule, not this page. -->";
