/**
 * AK-1: a provider key written into the repository.
 *
 * Detector: the provider-key table (`src/knowledge/provider-keys.ts`) and provider key
 * names over every scanned text file; string literals in an SDK client's key option (the
 * `keyOptions` of `src/knowledge/ai-sdks.ts`, CLI only: it needs the AI surface); and
 * secretlint's recommended rules (AWS, GCP service accounts, private keys, GitHub,
 * Slack…) on files that contain a candidate. A key in an `.env` file that git ignores and
 * does not track is where keys belong, and is not reported.
 */
import type { FileFacts } from "../src/facts/file-facts.js";
import { defineRule } from "../src/engine/rule.js";
import { runSecretlint } from "../src/facts/secretlint.js";
import { environmentOf } from "../src/facts/env-environments.js";
import { judgeKeySlotLiteral } from "../src/facts/key-scanner.js";
import type { ProjectRuleContext } from "../src/engine/rule.js";
import type { ProjectModel } from "../src/model/project.js";
import type { Ts, TsNode } from "../src/facts/typescript.js";
import type { ts as TsNamespace } from "ts-morph";

export default defineRule({
  meta: {
    id: "hardcoded-provider-key",
    title: "Provider key written into the repository",
    checklist: ["AK-1"],
    severity: "error",
    cwe: ["CWE-798"],
    owaspLlm: { "2025": "LLM02", "2026": "LLM02" },
    description:
      "An API key for an LLM provider (or another credential) appears in a file of the repository: source, config, docs, notebooks or a committed env file. Anyone who can read the repository, its forks or its history can spend on the account.",
    fix: "Revoke the key in the provider's console, load a new one from an environment variable or a secrets manager, and keep env files out of git.",
    example: {
      bad: 'const openai = new OpenAI({ apiKey: "sk-proj-…" });',
      good: "const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });",
    },
    precision: "very-high",
    scope: "every text file (code, config, docs, notebooks, env files)",
    eslint: true,
  },

  checkFile(file, context) {
    context.judged();
    if (isWhereKeysBelong(file)) return;
    for (const key of file.providerKeys) {
      const what = key.shapeId === "named-ai-secret" ? `A hard-coded value is assigned to ${key.name ?? "a provider key variable"}` : `${article(key.label)} ${key.label} is written in this file`;
      context.report({ file, start: key.start, end: key.end, message: `${what}${whereSuffix(file)}.` });
    }
  },

  async checkProject(project, context) {
    reportKeySlotLiterals(project, context);
    // secretlint knows credential formats beyond AI providers; it runs only where a candidate appears.
    const candidates = project.files.filter((f) => !isWhereKeysBelong(f));
    for (const hit of await runSecretlint(candidates)) {
      if (hit.file.providerKeys.some((k) => k.start < hit.end && hit.start < k.end)) continue;
      context.report({ file: hit.file, start: hit.start, end: hit.end, message: `${hit.label} is written in this file${whereSuffix(hit.file)} (detected by secretlint).` });
    }
  },
});

/**
 * A string literal in an SDK client's key option (`new OpenAI({ apiKey: "…" })`,
 * `new GoogleGenerativeAI("…")`, `new CohereClient({ token: "…" })`: the `keyOptions` of
 * `knowledge/ai-sdks.ts`), whatever its format, is a key written into the code, unless it
 * is a placeholder. A value the key table already found is reported once, by its shape.
 */
function reportKeySlotLiterals(project: ProjectModel, context: ProjectRuleContext): void {
  const { ts } = context;
  const byPath = new Map(project.files.map((f) => [f.absPath, f]));
  const surface = project.aiSurface(ts);
  const follow = (n: TsNode) => surface.evaluator.followToExpression(n);
  // One constant may key several clients: reported once, where it is written.
  const reported = new Set<string>();
  for (const client of surface.clients) {
    if (!client.keyNode) continue;
    for (const literal of literalsIn(ts, client.keyNode, follow)) {
      const file = byPath.get(literal.getSourceFile().fileName);
      if (!file || isWhereKeysBelong(file)) continue;
      const start = literal.getStart();
      const end = literal.getEnd();
      if (reported.has(`${file.relPath}\0${start}`) || file.providerKeys.some((k) => k.start < end && start < k.end)) continue;
      reported.add(`${file.relPath}\0${start}`);
      const verdict = judgeKeySlotLiteral(literal.text);
      if (verdict === "placeholder") continue;
      file.markSecret(start + 1, end - 1);
      const owner = `the ${client.provider} client`;
      context.report({
        file,
        start,
        end,
        severity: verdict === "key" ? "error" : "warning",
        message: verdict === "key" ? `A key is written into the key option of ${owner}.` : `A literal is written into the key option of ${owner}: if it is a real key, it is readable by everyone who can read the code.`,
      });
    }
  }
}

/**
 * The string literals a key expression may evaluate to: itself, the constant it names
 * (`const KEY = "…"`), or a fallback (`process.env.KEY || "…"`, `a ? "…" : b`).
 */
function literalsIn(ts: Ts, node: TsNode, follow: (n: TsNode) => TsNode): (TsNamespace.StringLiteral | TsNamespace.NoSubstitutionTemplateLiteral)[] {
  const out: (TsNamespace.StringLiteral | TsNamespace.NoSubstitutionTemplateLiteral)[] = [];
  const pending: { node: TsNode; depth: number }[] = [{ node, depth: 0 }];
  while (pending.length > 0) {
    const { node: n, depth } = pending.pop()!;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push(n);
    else if (depth >= 4) continue;
    else if (ts.isIdentifier(n)) {
      const value = follow(n);
      if (value !== n) pending.push({ node: value, depth: depth + 1 });
    }
    else if (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isNonNullExpression(n)) pending.push({ node: n.expression, depth: depth + 1 });
    else if (ts.isConditionalExpression(n)) pending.push({ node: n.whenTrue, depth: depth + 1 }, { node: n.whenFalse, depth: depth + 1 });
    else if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.BarBarToken || n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      pending.push({ node: n.left, depth: depth + 1 }, { node: n.right, depth: depth + 1 });
    }
  }
  return out.sort((a, b) => a.getStart() - b.getStart());
}

/** An env file that git ignores and does not track: the intended home of keys. */
function isWhereKeysBelong(file: FileFacts): boolean {
  return file.kind === "env" && file.status.gitIgnored && file.status.tracked !== true && environmentOf(file.relPath) !== "example";
}

function whereSuffix(file: FileFacts): string {
  if (file.kind !== "env") return "";
  if (environmentOf(file.relPath) === "example") return " (an example env file, meant to be committed: it should hold placeholders only)";
  return file.status.tracked ? " (an env file committed to git)" : " (an env file git does not ignore)";
}

function article(label: string): string {
  return /^[AEIOU]/i.test(label) ? "An" : "A";
}
