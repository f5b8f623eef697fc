/**
 * AK-4: one provider key serves several environments. Env files are grouped by the
 * environment their name configures (table in `src/knowledge/env-vars.ts`); the same
 * key value in two different environments is reported at every place after the first.
 */
import { defineRule } from "../src/engine/rule.js";
import { environmentOf } from "../src/facts/env-environments.js";
import { envSecrets } from "../src/facts/env-secrets.js";

interface Occurrence {
  relPath: string;
  environment: string;
  line: number;
  name: string;
}

export default defineRule({
  meta: {
    id: "shared-key-across-environments",
    title: "Same provider key in several environments",
    checklist: ["AK-4"],
    severity: "warning",
    cwe: ["CWE-1051"],
    description:
      "The same provider key is configured for development and production (or staging). A key leaked from a laptop or a preview build then unlocks production, and usage cannot be told apart or capped per environment.",
    fix: "Create one key per environment in the provider's console, and give production its own key with its own budget.",
    example: { bad: "# .env.development\nOPENAI_API_KEY=sk-proj-AAA…\n# .env.production\nOPENAI_API_KEY=sk-proj-AAA…", good: "# .env.development\nOPENAI_API_KEY=sk-proj-DEV…\n# .env.production\nOPENAI_API_KEY=sk-proj-PRD…" },
    scope: "env files of different environments",
  },

  checkProject(project, context) {
    const byValue = new Map<string, Occurrence[]>();
    const filesWithKeys = new Set<string>();
    for (const file of project.envFiles) {
      const environment = environmentOf(file.relPath);
      if (environment === "example") continue;
      for (const secret of envSecrets(file)) {
        if (!secret.ai) continue;
        filesWithKeys.add(file.relPath);
        const occurrences = byValue.get(secret.entry.value) ?? [];
        occurrences.push({ relPath: file.relPath, environment, line: file.positionAt(secret.entry.valueStart).line, name: secret.entry.name });
        byValue.set(secret.entry.value, occurrences);
      }
    }
    if (filesWithKeys.size >= 2) context.judged(filesWithKeys.size);
    for (const occurrences of byValue.values()) {
      const environments = new Set(occurrences.map((o) => o.environment));
      if (environments.size < 2) continue;
      occurrences.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : a.line - b.line));
      const first = occurrences[0]!;
      for (const o of occurrences.slice(1)) {
        if (o.environment === first.environment) continue;
        const file = project.files.find((f) => f.relPath === o.relPath)!;
        const entry = file.envEntries.find((e) => file.positionAt(e.valueStart).line === o.line && e.name === o.name)!;
        context.report({
          file,
          start: entry.nameStart,
          end: entry.valueEnd,
          message: `${o.name} (${o.environment}) has the same key as ${first.name} in ${first.relPath}:${first.line} (${first.environment}).`,
          identity: `${o.name}\0${first.relPath}`,
          related: [{ file: first.relPath, line: first.line, note: `same key, ${first.environment}` }],
        });
      }
    }
  },
});
