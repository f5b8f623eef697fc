/** `npm run docs`: writes docs/rules/ from the rules' metadata (see rule-pages.ts). */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_RULES } from "../../rules/index.js";
import { RULE_DOCS_DIR, renderRuleDocs } from "./rule-pages.js";
import { packageRoot } from "../version.js";

const dir = join(packageRoot(), RULE_DOCS_DIR);
mkdirSync(dir, { recursive: true });
const pages = renderRuleDocs(ALL_RULES);
// A page of a rule that no longer exists goes too.
for (const name of readdirSync(dir)) if (name.endsWith(".md") && !pages.has(name)) rmSync(join(dir, name));
for (const [name, text] of pages) writeFileSync(join(dir, name), text);
console.log(`wrote ${pages.size} pages to ${RULE_DOCS_DIR}/`);
