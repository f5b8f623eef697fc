/**
 * `aigis/eslint-plugin`: the rules that can judge one file, in the editor and in
 * `eslint` runs. Each ESLint rule calls the very same `checkFile` the CLI calls.
 *
 * The analysers walk a TypeScript syntax tree. ESLint's own tree (espree or
 * typescript-eslint) is ESTree, so the file's text is parsed once more with the
 * TypeScript compiler API, once per file however many aigis rules are on (cached per
 * SourceCode object).
 *
 * Plain ESLint rule objects: `@typescript-eslint/utils` (an optional peer) is only needed
 * for its types, so installing the CLI never pulls ESLint or a second compiler. The
 * compiler itself is loaded when the first file is linted, not when the plugin is imported
 * (a config that lists the plugin but lints no JS/TS pays nothing for it).
 */
import type { TSESLint } from "@typescript-eslint/utils";
import { createRequire } from "node:module";
import type { Ts, TsSourceFile } from "../facts/typescript.js";
import { ALL_RULES } from "../../rules/index.js";
import type { Rule, Severity } from "../engine/rule.js";
import { FileFacts, fileKindOf } from "../facts/file-facts.js";
import { TOOL_NAME, TOOL_VERSION, ruleDocsUrl } from "../version.js";
import { DiskProjectView } from "./disk-project-view.js";
import { isSuppressed } from "../engine/suppressions.js";
import { messageWithPath } from "../engine/finding.js";
import { relative } from "node:path";
import { toPosix } from "../util/text.js";

type MessageIds = "finding";

let compiler: Ts | undefined;
/** ts-morph's bundled TypeScript, required on first use (ESLint calls rules synchronously). */
function typescript(): Ts {
  return (compiler ??= (createRequire(import.meta.url)("ts-morph") as { ts: Ts }).ts);
}

/** Per SourceCode: the file's facts and the compiler module its tree belongs to. */
const factsBySource = new WeakMap<object, { facts: FileFacts; ts: Ts }>();
const projectViews = new Map<string, DiskProjectView>();

function factsFor(sourceCode: TSESLint.SourceCode, filename: string, cwd: string): { facts: FileFacts; ts: Ts } {
  let entry = factsBySource.get(sourceCode);
  if (!entry) {
    const relPath = toPosix(relative(cwd, filename)) || filename;
    // ESLint only hands us code: a file named `<input>` or `foo.md/0.js` is still a script.
    const kind = fileKindOf(relPath) === "component" ? "component" : "script";
    const facts = new FileFacts(relPath, filename, sourceCode.text, undefined, kind);
    // Parsed by typescript-eslint: its TypeScript tree is reused (with its own compiler module), not
    // parsed again, and our own compiler copy is never loaded.
    const reused = kind === "script" ? treeFromParser(sourceCode) : undefined;
    entry = reused && facts.adoptSyntaxTree(reused.ts, reused.tree) ? { facts, ts: reused.ts } : { facts, ts: typescript() };
    factsBySource.set(sourceCode, entry);
  }
  return entry;
}

let parserTypescript: { ts: Ts; sourceFilePrototype: object } | null | undefined;

/**
 * The TypeScript syntax tree typescript-eslint built for this file, with the compiler module
 * that built it (nodes and kinds are only ever compared within one module instance).
 */
function treeFromParser(sourceCode: TSESLint.SourceCode): { ts: Ts; tree: TsSourceFile } | undefined {
  const map = (sourceCode.parserServices as { esTreeNodeToTSNodeMap?: { get(node: unknown): unknown } } | undefined)?.esTreeNodeToTSNodeMap;
  const tree = map?.get(sourceCode.ast) as TsSourceFile | undefined;
  if (!tree || (tree as { kind?: unknown }).kind === undefined) return undefined;
  if (parserTypescript === undefined) {
    const ts = typescriptOfParser();
    parserTypescript = ts ? { ts, sourceFilePrototype: Object.getPrototypeOf(ts.createSourceFile("x.ts", "", ts.ScriptTarget.Latest)) as object } : null;
  }
  // The tree must come from that very module (a project may hold several TypeScript copies).
  if (!parserTypescript || Object.getPrototypeOf(tree) !== parserTypescript.sourceFilePrototype) return undefined;
  return { ts: parserTypescript.ts, tree };
}

/** The `typescript` package typescript-eslint's parser loads, if it can be found. */
function typescriptOfParser(): Ts | undefined {
  try {
    const estree = createRequire(import.meta.url).resolve("@typescript-eslint/typescript-estree");
    return createRequire(estree)("typescript") as Ts;
  } catch {
    return undefined;
  }
}

function projectViewFor(cwd: string): DiskProjectView {
  let view = projectViews.get(cwd);
  if (!view) projectViews.set(cwd, (view = new DiskProjectView(cwd)));
  return view;
}

function toEslintRule(rule: Rule): TSESLint.RuleModule<MessageIds, []> {
  return {
    meta: {
      type: "problem",
      docs: { description: `${rule.meta.title} (${rule.meta.checklist.join(", ")}, ${rule.meta.cwe.join(", ")})`, url: ruleDocsUrl(rule.meta.id) },
      messages: { finding: "{{message}} {{fix}}" },
      schema: [],
    },
    defaultOptions: [],
    create(context: Readonly<TSESLint.RuleContext<MessageIds, []>>) {
      return {
        Program() {
          const { facts, ts } = factsFor(context.sourceCode, context.filename, context.cwd);
          const check = rule.checkFileAlone ?? rule.checkFile!;
          check.call(rule, facts, {
            ts,
            project: projectViewFor(context.cwd),
            // The checklist is the CLI's: an editor shows findings only.
            judged: () => {},
            evidence: () => {},
            undecided: () => {},
            report: (draft) => {
              const start = facts.positionAt(draft.start);
              const end = facts.positionAt(Math.max(draft.start, draft.end));
              // The CLI's own comments (`aigis-disable-next-line …`) hold in the editor too; ESLint applies its own.
              if (isSuppressed(facts, start.line, rule.meta.id, true)) return;
              context.report({
                messageId: "finding",
                data: { message: messageWithPath(draft), fix: rule.meta.fix },
                loc: { start: { line: start.line, column: start.column - 1 }, end: { line: end.line, column: end.column - 1 } },
              });
            },
          });
        },
      };
    },
  };
}

const ESLINT_RULES = ALL_RULES.filter((r) => r.meta.eslint && (r.checkFileAlone || r.checkFile));

const ESLINT_SEVERITY: Record<Severity, "error" | "warn"> = { error: "error", warning: "warn", info: "warn" };

const rules = Object.fromEntries(ESLINT_RULES.map((r) => [r.meta.id, toEslintRule(r)]));

const plugin = {
  meta: { name: TOOL_NAME, version: TOOL_VERSION },
  rules,
  configs: {} as Record<string, TSESLint.FlatConfig.Config>,
};

plugin.configs.recommended = {
  name: "aigis/recommended",
  plugins: { aigis: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: Object.fromEntries(ESLINT_RULES.map((r) => [`aigis/${r.meta.id}`, ESLINT_SEVERITY[r.meta.severity]])),
};

export default plugin;
export { rules };
