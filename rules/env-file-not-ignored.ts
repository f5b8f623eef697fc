/**
 * AK-3: an env file that holds keys is tracked by git, or no `.gitignore` covers it.
 * Example env files (`.env.example`, `.env.sample`…) are meant to be committed and are
 * judged by AK-1 instead (they must hold placeholders only).
 */
import { defineRule } from "../src/engine/rule.js";
import { environmentOf } from "../src/facts/env-environments.js";
import { envSecrets } from "../src/facts/env-secrets.js";

export default defineRule({
  meta: {
    id: "env-file-not-ignored",
    title: "Env file with keys is not ignored by git",
    checklist: ["AK-3"],
    severity: "error",
    cwe: ["CWE-538", "CWE-798"],
    owaspLlm: { "2025": "LLM02", "2026": "LLM02" },
    description:
      "An env file that holds keys is committed, or nothing stops it from being committed. Once pushed, every clone and fork has the keys, and deleting the file does not remove them from history.",
    fix: "Add the file to .gitignore (e.g. `.env*` with `!.env.example`), run `git rm --cached <file>`, and rotate the keys it held.",
    example: { bad: "# .gitignore\nnode_modules\n# (.env.local is committed)", good: "# .gitignore\nnode_modules\n.env*\n!.env.example" },
    scope: "env files (.env, .env.local, .env.production, .dev.vars…)",
  },

  checkProject(project, context) {
    for (const file of project.envFiles) {
      if (environmentOf(file.relPath) === "example") continue;
      const secrets = envSecrets(file);
      if (secrets.length === 0) continue;
      context.judged();
      const tracked = project.isTracked(file.relPath);
      const ignored = project.isGitIgnored(file.relPath);
      if (!tracked && ignored) continue;
      const first = secrets[0]!.entry;
      const count = secrets.length === 1 ? "a key" : `${secrets.length} keys`;
      const problem = tracked
        ? ignored
          ? "is tracked by git although .gitignore lists it (it was committed before the ignore rule)"
          : "is tracked by git"
        : project.inGitWorkTree
          ? "is not covered by .gitignore, so the next `git add .` commits it"
          : "is not covered by any .gitignore";
      context.report({ file, start: first.nameStart, end: first.valueEnd, message: `${file.baseName} holds ${count} and ${problem}.`, identity: "env-file" });
    }
  },
});
