/**
 * OF-2: a model's answer run as code, a shell command, SQL, a file path or a module name.
 *
 * Detector: every code sink of `src/knowledge/output-sinks.ts` — `eval`, `Function`,
 * string timers, `vm` (`runIn*Context`, `new vm.Script`), `child_process` `exec`/`execSync`
 * (the command), `spawn`/`execFile` (the program, or every argument with `shell: true` or
 * a shell program run with `-c`), raw SQL text (`.query/.execute/.raw/$queryRawUnsafe…` on a
 * database client, or in a file that imports a SQL package), the path argument of `fs`
 * calls, `require(x)` and `import(x)` — with the value traced back by the model-output
 * tracker (`flow.modelOutput`): a model call's result, through JSON parsing, tool-call
 * arguments, helpers and callers, across files.
 *
 * Not reported:
 * - a trace that a schema validated on the way (`Schema.parse`, `safeParse`, a validator
 *   guard): the safe shape is a schema of allowed values (`z.enum(["status", "log"])`)
 *   the model's choice must be one of. Any validation clears the trace, so a schema that
 *   only says "a string" clears it too (a known limit: the schema's body is not judged);
 * - parameterised SQL: a tagged template (`sql\`… ${x}\``, Prisma's `$queryRaw\`…\``) and
 *   bound values after the SQL text (`db.query("… $1", [x])`);
 * - `spawn`/`execFile` arguments without a shell (only the program counts), and `fs` calls'
 *   later arguments (the content written is data);
 * - what passes a call that keeps no text (`path.basename(x)`, `Number(x)`, an escaper).
 */
import { LiteralGate } from "../src/facts/literal-gates.js";
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import { calleeName, propertyNameText, rootIdentifier, unwrapExpression, walk } from "../src/facts/ast.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import type { Ts, TsNode } from "../src/facts/typescript.js";
import {
  DB_RECEIVER,
  GLOBAL_CODE_SINKS,
  PACKAGE_SINKS,
  PROMISIFIERS,
  SHELL_PROGRAMS,
  SQL_METHODS,
  SQL_PACKAGES,
  SQL_TEXT_PROPERTIES,
  type CodeSinkKind,
  type PackageSink,
  type SinkArgs,
} from "../src/knowledge/output-sinks.js";
import type { FlowModel } from "../src/model/flow/index.js";
import { oneFileModelFlow } from "../src/model/flow/one-file.js";
import { sourceLabels, tracePath } from "./support/flow-report.js";
import { resolveName } from "../src/model/scopes.js";
import type { Evaluator, Site, Value } from "../src/model/values.js";
import { escapeRegExp } from "../src/util/text.js";
import type { ts as TsNamespace } from "ts-morph";

/** A place that runs text, and the arguments that carry what it runs. */
interface CodeSink {
  node: TsNode;
  kind: CodeSinkKind;
  /** `eval()`, `exec()`, `db.query()`. */
  label: string;
  values: readonly TsNode[];
}

const CONSEQUENCE: Record<CodeSinkKind, { runs: string; what: string }> = {
  code: { runs: "runs it as JavaScript", what: "code runs on the server or in the page" },
  shell: { runs: "runs it as a shell command", what: "command runs, with the process's rights" },
  sql: { runs: "makes it part of an SQL statement", what: "query runs against the database" },
  path: { runs: "uses it as a file path", what: "file is read, written or deleted (`../` leaves the folder)" },
  module: { runs: "loads the module it names", what: "code is loaded and run" },
};

const GLOBAL_RECEIVERS = new Set(["window", "globalThis", "global", "self"]);

// Most files run nothing: skip them before walking their tree (a literal gate: each
// alternative's regex runs only on text holding its literal).
const MIGHT_RUN_TEXT = new LiteralGate([
  ...[...GLOBAL_CODE_SINKS.map((s) => s.name), "import"].map((name) => ({ literal: name, pattern: new RegExp(`\\b${escapeRegExp(name)}\\s*\\(`) })),
  ...[...new Set(PACKAGE_SINKS.flatMap((s) => s.packages))].map((pkg) => ({ literal: pkg, pattern: new RegExp(`["'](?:node:)?${escapeRegExp(pkg)}(?:/[^"']*)?["']`) })),
  ...SQL_METHODS.map((m) => ({ literal: `.${m.method}`, pattern: new RegExp(`\\.${escapeRegExp(m.method)}\\s*\\(`) })),
]);

export default defineRule({
  meta: {
    id: "model-output-executed",
    title: "Model output run as code, a command, SQL, a file path or a module",
    checklist: ["OF-2"],
    severity: "error",
    cwe: ["CWE-94", "CWE-78", "CWE-89", "CWE-22"],
    owaspLlm: { "2025": "LLM05" },
    description:
      "A model's answer is passed to something that executes it: eval or new Function, a vm script, a shell (child_process exec, spawn with shell: true), the text of an SQL query, the path of a file operation, or require()/import(). The answer is text anyone can steer with a prompt injection in whatever the model reads (a document, a web page, an earlier message), so they choose the code, the command, the query, the file or the module the server runs.",
    fix: "Keep model output as data: have the model choose from a fixed set validated by a schema (z.enum([...])) and map the choice to code you wrote; run programs with execFile/spawn and an argument array, no shell; bind values as SQL parameters; let the server pick file names and module paths.",
    example: {
      bad: 'const cmd = completion.choices[0].message.content;\nexec(`git ${cmd}`);',
      good: 'const choice = z.enum(["status", "log", "diff"]).parse(completion.choices[0].message.content);\nexecFile("git", [choice]);',
    },
    scope: "eval/Function/vm, child_process, SQL clients, fs paths and require()/import() in JS/TS files, traced back to model calls across files (tool-call arguments included); test files are not checked",
    eslint: true,
  },

  checkFileAlone(file, context) {
    const flow = oneFileModelFlow(file, context.ts, false, context.project);
    if (flow) report(flow, [file], () => file, context);
  },

  checkProject(project, context) {
    // Every model call's output is followed to the sinks: with model calls and no sink, the item passes.
    context.judged(project.aiSurface(context.ts).callSites.length);
    report(project.flow(context.ts), project.files, (rel) => project.file(rel), context);
  },
});

function report(flow: FlowModel, files: readonly FileFacts[], fileOf: (rel: string) => FileFacts | undefined, context: RuleContext): void {
  const { ts } = context;
  const modules = flow.context.modules;
  for (const file of files) {
    if (!file.isCode || !flow.mayHoldModelOutput(file) || !file.mayMatch(MIGHT_RUN_TEXT)) continue;
    const tree = file.syntaxTree(ts);
    if (!tree) continue;
    const site: Site = { file: file.relPath, tree };
    const inSqlFile = SQL_PACKAGES.some((p) => modules.importsPackage(file.relPath, p));
    for (const sink of codeSinks(ts, site, flow.context.evaluator, inSqlFile)) {
      context.judged();
      // Validated by a schema (an enum of allowed values): the model only picked one of them.
      const traces = sink.values.flatMap((v) => flow.modelOutput.tracesOf(v, site)).filter((t) => !t.validated);
      const first = traces[0];
      if (!first) continue;
      const start = sink.node.getStart(tree);
      const { runs, what } = CONSEQUENCE[sink.kind];
      context.report({
        file,
        start,
        end: sink.node.getEnd(),
        message: `Model output (${sourceLabels(traces)}) reaches ${sink.label}, which ${runs}: a prompt injection in anything the model reads decides what ${what}.`,
        identity: `${sink.kind}\0${sink.label}\0${first.source.label}`,
        path: tracePath(first, { file: file.relPath, start, note: sink.label }, fileOf),
      });
    }
  }
}

function codeSinks(ts: Ts, site: Site, evaluator: Evaluator, inSqlFile: boolean): CodeSink[] {
  const sinks: CodeSink[] = [];
  const promisifies = PROMISIFIERS.some((p) => site.tree.text.includes(p));
  walk(ts, site.tree, (n) => {
    let sink: CodeSink | undefined;
    if (ts.isCallExpression(n)) sink = globalSink(ts, n, n.arguments) ?? importCall(ts, n) ?? packageSink(ts, n, site, evaluator, promisifies) ?? sqlSink(ts, n, site, evaluator, inSqlFile);
    else if (ts.isNewExpression(n)) sink = globalSink(ts, n, n.arguments ?? []) ?? packageSink(ts, n, site, evaluator, false);
    if (sink && sink.values.length) sinks.push(sink);
  });
  return sinks;
}

function argsOf(args: readonly TsNode[], which: SinkArgs): TsNode[] {
  if (which === "all") return [...args];
  const arg = args[which];
  return arg ? [arg] : [];
}

/** `eval(x)`, `new Function(x)`, `window.eval(x)`, `require(x)`: the global, not a local of that name. */
function globalSink(ts: Ts, n: TsNamespace.CallExpression | TsNamespace.NewExpression, args: readonly TsNode[]): CodeSink | undefined {
  const callee = unwrapExpression(ts, n.expression);
  let name: string | undefined;
  if (ts.isIdentifier(callee)) name = callee.text;
  else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && GLOBAL_RECEIVERS.has(callee.expression.text)) name = callee.name.text;
  const sink = name ? GLOBAL_CODE_SINKS.find((s) => s.name === name) : undefined;
  if (!sink || (ts.isNewExpression(n) && sink.name !== "Function")) return undefined;
  // `setTimeout(() => …)`: a function is not text.
  const first = args[0] && unwrapExpression(ts, args[0]);
  if (sink.args === 0 && first && ts.isFunctionLike(first)) return undefined;
  if (ts.isIdentifier(callee) && resolveName(ts, callee.text, callee)) return undefined;
  return { node: n, kind: sink.kind, label: ts.isNewExpression(n) ? `new ${sink.label}` : sink.label, values: argsOf(args, sink.args) };
}

/** `import(x)`. */
function importCall(ts: Ts, n: TsNamespace.CallExpression): CodeSink | undefined {
  if (n.expression.kind !== ts.SyntaxKind.ImportKeyword) return undefined;
  return { node: n, kind: "module", label: "import()", values: argsOf(n.arguments, 0) };
}

/** `exec(cmd)`, `cp.spawn("sh", ["-c", cmd])`, `fs.writeFile(p)`, `new vm.Script(code)`, through `promisify`. */
function packageSink(ts: Ts, n: TsNamespace.CallExpression | TsNamespace.NewExpression, site: Site, evaluator: Evaluator, promisifies: boolean): CodeSink | undefined {
  // Evaluating a callee can cross files: only for the names of sinks and promisified wrappers.
  if (!mightBePackageSink(ts, n.expression, promisifies)) return undefined;
  const found = packageExport(ts, evaluator.eval(n.expression, site), evaluator, site, ts.isNewExpression(n));
  if (!found) return undefined;
  const { sink, name, pkg } = found;
  const args = n.arguments ?? [];
  const runsShell = sink.shellOption === true && (hasShellOption(ts, args, evaluator) || isShellProgram(args[0], evaluator, site));
  const callee = unwrapExpression(ts, n.expression);
  const written = ts.isPropertyAccessExpression(callee) ? `${rootIdentifier(ts, callee) ?? pkg}.${name}` : name;
  const label = `${ts.isNewExpression(n) ? "new " : ""}${written}() (${pkg}${runsShell ? ", through a shell" : ""})`;
  return { node: n, kind: sink.kind, label, values: argsOf(args, runsShell ? "all" : sink.args) };
}

const PACKAGE_SINK_NAMES = new Set(PACKAGE_SINKS.flatMap((s) => s.names));

function mightBePackageSink(ts: Ts, callee: TsNode, promisifies: boolean): boolean {
  const name = calleeName(ts, callee);
  if (!name) return false;
  if (PACKAGE_SINK_NAMES.has(name)) return true;
  if (!promisifies) return false;
  // `const run = promisify(exec)` then `run(cmd)`.
  const node = unwrapExpression(ts, callee);
  const binding = ts.isIdentifier(node) ? resolveName(ts, node.text, node) : undefined;
  const init = binding?.kind === "variable" && binding.init ? unwrapExpression(ts, binding.init) : undefined;
  return init !== undefined && ts.isCallExpression(init) && PROMISIFIERS.includes(calleeName(ts, init.expression) ?? "");
}

function packageExport(ts: Ts, value: Value | undefined, evaluator: Evaluator, site: Site, construct: boolean, depth = 0): { sink: PackageSink; name: string; pkg: string } | undefined {
  if (!value) return undefined;
  const pkg = value.kind === "module" ? value.pkg : value.kind === "made" ? value.of.pkg : undefined;
  const name = value.kind === "module" || value.kind === "made" ? value.path[value.path.length - 1] : undefined;
  if (!pkg) return undefined;
  // `const run = promisify(exec)`: the same sink, awaited.
  if (value.kind === "made" && value.path.length === 0 && PROMISIFIERS.includes(value.of.path[value.of.path.length - 1] ?? "") && depth < 2) {
    const call = value.origin.node;
    const wrapped = ts.isCallExpression(call) ? call.arguments[0] : undefined;
    const tree = evaluator.tree(value.origin.file);
    return wrapped && tree ? packageExport(ts, evaluator.eval(wrapped, { file: value.origin.file, tree }), evaluator, site, construct, depth + 1) : undefined;
  }
  if (!name) return undefined;
  const bare = pkg.replace(/^node:/, "");
  const sink = PACKAGE_SINKS.find((s) => s.packages.includes(bare) && s.names.includes(name) && !!s.construct === construct);
  return sink ? { sink, name, pkg: bare } : undefined;
}

/** `{ shell: true }` (or any shell but `false`) among the arguments. */
function hasShellOption(ts: Ts, args: readonly TsNode[], evaluator: Evaluator): boolean {
  for (const arg of args) {
    const object = evaluator.followToExpression(arg);
    if (!ts.isObjectLiteralExpression(object)) continue;
    const shell = object.properties.find((p) => p.name && propertyNameText(ts, p.name) === "shell");
    if (!shell) continue;
    if (ts.isPropertyAssignment(shell)) {
      const value = unwrapExpression(ts, shell.initializer);
      return value.kind !== ts.SyntaxKind.FalseKeyword && !(ts.isStringLiteralLike(value) && value.text === "");
    }
    return true;
  }
  return false;
}

/** `spawn("bash", ["-c", script])`: the program is a shell. */
function isShellProgram(program: TsNode | undefined, evaluator: Evaluator, site: Site): boolean {
  const value = program && evaluator.eval(program, site);
  return value?.kind === "string" && value.exact && SHELL_PROGRAMS.test(value.text);
}

/** `db.query(\`… ${x}\`)`, `prisma.$queryRawUnsafe(x)`, `knex.raw(x)`: the SQL text. */
function sqlSink(ts: Ts, n: TsNamespace.CallExpression, site: Site, evaluator: Evaluator, inSqlFile: boolean): CodeSink | undefined {
  const callee = unwrapExpression(ts, n.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = SQL_METHODS.find((m) => m.method === callee.name.text);
  if (!method) return undefined;
  const receiver = unwrapExpression(ts, callee.expression);
  const onDatabase = method.anyReceiver || (method.inSqlFiles && inSqlFile) || isDatabaseClient(ts, receiver, site, evaluator);
  if (!onDatabase) return undefined;
  const text = sqlText(ts, n.arguments[0], evaluator);
  const label = `${shortName(ts, receiver)}.${callee.name.text}()`;
  return { node: n, kind: "sql", label, values: text ? [text] : [] };
}

function isDatabaseClient(ts: Ts, receiver: TsNode, site: Site, evaluator: Evaluator): boolean {
  const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
  if (name && DB_RECEIVER.test(name)) return true;
  const value = evaluator.eval(receiver, site);
  const pkg = value?.kind === "made" ? value.of.pkg : value?.kind === "module" ? value.pkg : undefined;
  return pkg !== undefined && SQL_PACKAGES.includes(pkg);
}

/** The SQL text argument: none for a tagged template (parameterised), the `text` of a config object. */
function sqlText(ts: Ts, arg: TsNode | undefined, evaluator: Evaluator): TsNode | undefined {
  if (!arg) return undefined;
  const node = unwrapExpression(ts, arg);
  if (ts.isTaggedTemplateExpression(node)) return undefined;
  const followed = evaluator.followToExpression(node);
  if (ts.isTaggedTemplateExpression(followed)) return undefined;
  if (ts.isObjectLiteralExpression(followed)) {
    const text = followed.properties.find((p) => p.name && SQL_TEXT_PROPERTIES.includes(propertyNameText(ts, p.name) ?? ""));
    return text && ts.isPropertyAssignment(text) ? text.initializer : text && ts.isShorthandPropertyAssignment(text) ? text.name : undefined;
  }
  return arg;
}

function shortName(ts: Ts, receiver: TsNode): string {
  if (ts.isIdentifier(receiver)) return receiver.text;
  if (ts.isPropertyAccessExpression(receiver)) return receiver.name.text;
  return rootIdentifier(ts, receiver) ?? "…";
}
