/**
 * docs/rules/ is generated from the rules' metadata: these tests fail when a rule changed
 * and `npm run docs` was not run, and check that every link the tools print leads to a page.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../rules/index.js";
import { RULE_DOCS_DIR, renderRuleDocs, renderRulePage } from "../src/docs/rule-pages.js";
import plugin from "../src/eslint/plugin.js";
import { ruleDocsUrl } from "../src/version.js";

const REPO_ROOT = join(import.meta.dirname, "..");
const DOCS = join(REPO_ROOT, RULE_DOCS_DIR);

describe("rule pages", () => {
  it("are up to date with the rules' metadata (run `npm run docs` after changing a rule)", () => {
    const expected = renderRuleDocs(ALL_RULES);
    const onDisk = readdirSync(DOCS).filter((n) => n.endsWith(".md")).sort();
    expect(onDisk).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected) expect(readFileSync(join(DOCS, name), "utf8"), `${RULE_DOCS_DIR}/${name} is stale`).toBe(text);
  });

  it("say what the rule finds, its checklist items, CWE, examples and how to suppress it", () => {
    const rule = ALL_RULES.find((r) => r.meta.id === "hardcoded-provider-key")!;
    const page = renderRulePage(rule);
    expect(page).toContain("# hardcoded-provider-key");
    expect(page).toContain(rule.meta.description);
    expect(page).toContain(rule.meta.fix);
    expect(page).toContain(rule.meta.example.bad);
    expect(page).toContain("- **AK-1**: No provider key is written into the repository");
    expect(page).toContain("[CWE-798](https://cwe.mitre.org/data/definitions/798.html)");
    expect(page).toContain("// aigis-disable-next-line hardcoded-provider-key -- why this one is safe");
    expect(page).toContain("| In the ESLint plugin | yes");
  });

  it("are where the ESLint plugin's docs links point", () => {
    for (const [name, eslintRule] of Object.entries(plugin.rules!)) {
      const url = (eslintRule as { meta: { docs: { url: string } } }).meta.docs.url;
      expect(url).toBe(ruleDocsUrl(name));
      expect(existsSync(join(DOCS, url.slice(url.lastIndexOf("/") + 1))), url).toBe(true);
    }
  });
});
