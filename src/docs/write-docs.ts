/**
 * `npm run docs`: writes what is generated from the code, never edited by hand: the rule
 * pages (docs/rules/, from each rule's metadata) and the config's JSON Schema (from the
 * zod schema the CLI validates with). A test fails when either is stale.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_RULES } from "../../rules/index.js";
import { configJsonSchema } from "../config/config.js";
import { packageRoot } from "../version.js";
import { CONFIG_SCHEMA_FILE, RULE_DOCS_DIR, renderConfigSchema, renderRuleDocs } from "./rule-pages.js";

const root = packageRoot();
const dir = join(root, RULE_DOCS_DIR);
mkdirSync(dir, { recursive: true });
const pages = renderRuleDocs(ALL_RULES);
// A page of a rule that no longer exists goes too.
for (const name of readdirSync(dir)) if (name.endsWith(".md") && !pages.has(name)) rmSync(join(dir, name));
for (const [name, text] of pages) writeFileSync(join(dir, name), text);
writeFileSync(join(root, CONFIG_SCHEMA_FILE), renderConfigSchema(configJsonSchema(ALL_RULES.map((r) => r.meta.id))));
console.log(`wrote ${pages.size} pages to ${RULE_DOCS_DIR}/ and ${CONFIG_SCHEMA_FILE}`);
