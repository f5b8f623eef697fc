/**
 * AK-1: a provider key written into the repository.
 *
 * Detector: the provider-key table (`src/knowledge/provider-keys.ts`) over every scanned
 * text file, plus secretlint's recommended rules (AWS, GCP service accounts, private keys,
 * GitHub, Slack…) on files that contain a candidate. A key in an `.env` file that git
 * ignores and does not track is where keys belong, and is not reported.
 */
import type { FileFacts } from "../src/facts/file-facts.js";
import { defineRule } from "../src/engine/rule.js";
import { runSecretlint } from "../src/facts/secretlint.js";
import { environmentOf } from "../src/facts/env-environments.js";

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
    // secretlint knows credential formats beyond AI providers; it runs only where a candidate appears.
    const candidates = project.files.filter((f) => !isWhereKeysBelong(f));
    for (const hit of await runSecretlint(candidates)) {
      if (hit.file.providerKeys.some((k) => k.start < hit.end && hit.start < k.end)) continue;
      context.report({ file: hit.file, start: hit.start, end: hit.end, message: `${hit.label} is written in this file${whereSuffix(hit.file)} (detected by secretlint).` });
    }
  },
});

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
