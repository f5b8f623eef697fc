/**
 * OF-1: a model's answer inserted into a page as raw HTML, with no sanitizer on the way.
 *
 * Detector: every raw-HTML sink of `src/knowledge/output-sinks.ts` — `innerHTML` /
 * `outerHTML` assignments (also `+=`), `insertAdjacentHTML`, `document.write`, `.html(x)`,
 * React's `dangerouslySetInnerHTML={{ __html }}`, Vue `v-html` and render-function
 * `innerHTML`, Svelte `{@html}`, Astro `set:html`, `<ReactMarkdown>` with rehype-raw and no
 * rehype-sanitize, and server responses whose text has HTML tags (`res.send(\`<div>${x}</div>\`)`).
 * The inserted value is traced back with the model-output tracker that stops at HTML
 * sanitizers (`flow.modelOutputAsHtml`): a model call's result, a chat hook's messages
 * (`useChat`, `useCompletion`) or the body fetched from one of the app's own AI routes.
 * Markdown renderers carry the text through (`marked.parse(answer)` is still the answer),
 * except those that escape HTML unless told otherwise (a default markdown-it, micromark:
 * `ESCAPING_MARKDOWN_RENDERERS`). React text children and `textContent` are not sinks.
 *
 * Template expressions (Vue, Svelte, Astro) are read from the template text: the names
 * they use are the script's top-level bindings, or loop aliases of a list that is one.
 */
import { LiteralGate } from "../src/facts/literal-gates.js";
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import { calleeName, propertyNameText, rootIdentifier, unwrapExpression, walk } from "../src/facts/ast.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import type { Ts, TsNode, TsSourceFile } from "../src/facts/typescript.js";
import { HTML_SANITIZERS } from "../src/knowledge/data-flow.js";
import {
  HTML_METHODS,
  HTML_PROPERTIES,
  HTML_RESPONSE_METHODS,
  HTML_TAG,
  MARKDOWN_COMPONENTS,
  REACT_RAW_HTML,
  RENDER_FUNCTIONS,
  RESPONSE_BODY_PROPERTIES,
  RESPONSE_CONSTRUCTORS,
  RESPONSE_RECEIVER,
  TEMPLATE_HTML_DIRECTIVES,
  TEMPLATE_LOOPS,
} from "../src/knowledge/output-sinks.js";
import type { FlowModel } from "../src/model/flow/index.js";
import { oneFileModelFlow } from "../src/model/flow/one-file.js";
import { sourceLabels, tracePath } from "./support/flow-report.js";
import type { Trace } from "../src/model/flow/trace.js";
import { rendersEscapedHtml } from "../src/model/flow/oracles.js";
import type { Tracker } from "../src/model/flow/tracker.js";
import { bindingsOf, resolveName } from "../src/model/scopes.js";
import type { Site } from "../src/model/values.js";
import { escapeRegExp } from "../src/util/text.js";
import type { ts as TsNamespace } from "ts-morph";

/** A place that parses text as HTML, and where the text it gets can come from. */
interface HtmlSink {
  start: number;
  end: number;
  /** `innerHTML assignment`, `dangerouslySetInnerHTML`, `v-html`. */
  label: string;
  traces(): Trace[];
}

// Most files insert no HTML at all: skip them before walking their tree (a literal gate:
// answered from the one pass every file gets).
const MIGHT_INSERT_HTML = new LiteralGate([
  ...HTML_PROPERTIES,
  ...HTML_METHODS.map((m) => `${m.method}(`),
  ...HTML_RESPONSE_METHODS.map((m) => `.${m}(`),
  ...RESPONSE_CONSTRUCTORS.map((c) => `${c}(`),
  REACT_RAW_HTML.prop,
  ...MARKDOWN_COMPONENTS.flatMap((c) => c.rawPlugins),
  "v-html",
  "inner-html",
  "{@html",
  "set:html",
  ".body",
]);
// Then, since methods common on other objects (`.write(`, `.send(`, a `.body`) let most of
// those through: sinks known by a name of their own, or those methods in text that also
// names a receiver they need.
const NAMED_SINK = new RegExp(
  [
    ...[...HTML_PROPERTIES, REACT_RAW_HTML.prop, ...MARKDOWN_COMPONENTS.flatMap((c) => c.rawPlugins), "v-html", "inner-html", "{@html", "set:html"].map(escapeRegExp),
    ...HTML_METHODS.filter((m) => !m.receivers).map((m) => `${escapeRegExp(m.method)}\\s*\\(`),
    // `new Response(`, `new (NextResponse)(`, `new server.NextResponse(`.
    `\\bnew\\b[\\s(]*(?:[\\w$]+\\s*\\.\\s*)*(?:${RESPONSE_CONSTRUCTORS.map(escapeRegExp).join("|")})\\b`,
  ].join("|"),
);
/** Sinks found only on some receivers (`document.write(`, `res.send(`): a call or member, and the names its receiver must have. */
const RECEIVER_SINKS: ReadonlyArray<{ hint: RegExp; receiver: RegExp }> = [
  ...HTML_METHODS.filter((m) => m.receivers).map((m) => ({ hint: new RegExp(`\\b${escapeRegExp(m.method)}\\s*\\(`), receiver: new RegExp(`\\b(?:${m.receivers!.map(escapeRegExp).join("|")})\\b`) })),
  {
    // `res.send(…)`, `ctx.body =`, `ctx["body"] =`.
    hint: new RegExp(`\\.\\s*(?:${HTML_RESPONSE_METHODS.map(escapeRegExp).join("|")})\\s*\\(|\\b(?:${RESPONSE_BODY_PROPERTIES.map(escapeRegExp).join("|")})\\b`),
    receiver: new RegExp(RESPONSE_RECEIVER.source.replace(/^\^/, "\\b").replace(/\$$/, "\\b")),
  },
];

function mightInsertHtml(file: FileFacts): boolean {
  const text = file.text;
  return file.mayMatch(MIGHT_INSERT_HTML) && (NAMED_SINK.test(text) || RECEIVER_SINKS.some((s) => s.hint.test(text) && s.receiver.test(text)));
}

export default defineRule({
  meta: {
    id: "model-output-as-html",
    title: "Model output inserted as raw HTML",
    checklist: ["OF-1"],
    severity: "error",
    cwe: ["CWE-79"],
    owaspLlm: { "2025": "LLM05" },
    description:
      "A model's answer is written into a page as HTML (innerHTML, dangerouslySetInnerHTML, v-html, {@html}, a Markdown renderer with raw HTML on, an HTML response) without a sanitizer. The answer is text anyone can steer: a prompt injection in a document, a web page or a chat message makes the model write a <script>, an onerror handler or an image that sends the conversation to another site, and the user's browser runs it with the user's session (cross-site scripting).",
    fix: "Render the answer as text (React children, textContent, {{ }} interpolation), or pass the HTML through a sanitizer (DOMPurify.sanitize, sanitize-html, rehype-sanitize) right before it is inserted.",
    example: {
      bad: 'const { messages } = useChat();\n<div dangerouslySetInnerHTML={{ __html: marked.parse(message.content) }} />',
      good: 'const { messages } = useChat();\n<div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(marked.parse(message.content)) }} />',
    },
    scope: "raw-HTML sinks in JS/TS, JSX, Vue, Svelte and Astro files and HTML responses of server routes, traced back to model calls, AI SDK chat hooks and fetches of the app's own AI routes; test files are not checked",
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
  for (const file of files) {
    if (!file.isCode || !flow.mayHoldModelOutput(file) || !mightInsertHtml(file)) continue;
    const tree = file.syntaxTree(ts);
    if (!tree) continue;
    const site: Site = { file: file.relPath, tree };
    const sinks = [...codeSinks(ts, site, flow.modelOutputAsHtml, flow), ...templateSinks(ts, file, site, flow)];
    for (const sink of sinks) {
      context.judged();
      const traces = sink.traces();
      const first = traces[0];
      if (!first) continue;
      context.report({
        file,
        start: sink.start,
        end: sink.end,
        message: `Model output (${sourceLabels(traces)}) is inserted as raw HTML by ${sink.label}, with no sanitizer on the way: markup the model writes, or a prompt injection makes it write, runs in the user's page.`,
        identity: `${sink.label}\0${first.source.label}`,
        path: tracePath(first, { file: file.relPath, start: sink.start, note: sink.label }, fileOf),
      });
    }
  }
}

// ---------------------------------------------------------------------------------------
// Sinks in code

function codeSinks(ts: Ts, site: Site, tracker: Tracker, flow: FlowModel): HtmlSink[] {
  const sinks: HtmlSink[] = [];
  const at = (node: TsNode, label: string, value: TsNode): HtmlSink => ({ start: node.getStart(site.tree), end: node.getEnd(), label, traces: () => tracker.tracesOf(value, site) });
  walk(ts, site.tree, (n) => {
    if (ts.isBinaryExpression(n)) {
      const sink = assignmentSink(ts, n, site, flow);
      if (sink) sinks.push(at(n, sink, n.right));
    } else if (ts.isCallExpression(n)) {
      const hit = callSink(ts, n, site, flow);
      if (hit) sinks.push(at(n, hit.label, hit.value));
    } else if (ts.isNewExpression(n)) {
      const name = calleeName(ts, n.expression);
      const body = n.arguments?.[0];
      if (name && RESPONSE_CONSTRUCTORS.includes(name) && body && hasHtmlTags(ts, body, flow)) sinks.push(at(n, `new ${name}() with HTML`, body));
    } else if (ts.isJsxAttribute(n)) {
      const value = reactRawHtml(ts, n);
      if (value) sinks.push(at(n, REACT_RAW_HTML.prop, value));
    } else if (ts.isPropertyAssignment(n)) {
      const sink = propsSink(ts, n);
      if (sink) sinks.push(at(n, sink.label, sink.value));
    } else if (ts.isJsxElement(n) || ts.isJsxSelfClosingElement(n)) {
      const sink = markdownSink(ts, n, site, tracker);
      if (sink) sinks.push(sink);
    }
  });
  return sinks;
}

/** `el.innerHTML = x`, `el.outerHTML += x`, Koa's `ctx.body = \`<p>${x}</p>\``. */
function assignmentSink(ts: Ts, n: TsNamespace.BinaryExpression, site: Site, flow: FlowModel): string | undefined {
  const op = n.operatorToken.kind;
  if (op !== ts.SyntaxKind.EqualsToken && op !== ts.SyntaxKind.PlusEqualsToken) return undefined;
  const left = unwrapExpression(ts, n.left);
  const name = ts.isPropertyAccessExpression(left) ? left.name.text : ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression) ? left.argumentExpression.text : undefined;
  if (!name || !(ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left))) return undefined;
  if (HTML_PROPERTIES.includes(name)) return `an ${name} assignment`;
  const root = rootIdentifier(ts, left.expression);
  if (RESPONSE_BODY_PROPERTIES.includes(name) && root && RESPONSE_RECEIVER.test(root) && hasHtmlTags(ts, n.right, flow)) return `a response body with HTML (${left.getText(site.tree)})`;
  return undefined;
}

/** `el.insertAdjacentHTML(pos, x)`, `document.write(x)`, `$(el).html(x)`, `res.send(\`<div>${x}</div>\`)`. */
function callSink(ts: Ts, n: TsNamespace.CallExpression, site: Site, flow: FlowModel): { label: string; value: TsNode } | undefined {
  const callee = unwrapExpression(ts, n.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const root = rootIdentifier(ts, callee.expression);
  for (const sink of HTML_METHODS) {
    if (sink.method !== method || (sink.receivers && !(root && sink.receivers.includes(root)))) continue;
    const value = n.arguments[sink.arg];
    if (value) return { label: `${sink.receivers ? `${root}.` : "."}${method}()`, value };
  }
  const body = n.arguments[0];
  if (HTML_RESPONSE_METHODS.includes(method) && root && RESPONSE_RECEIVER.test(root) && body && hasHtmlTags(ts, body, flow)) {
    return { label: `a response with HTML (${shorten(callee.getText(site.tree))}())`, value: body };
  }
  return undefined;
}

/** `dangerouslySetInnerHTML={{ __html: x }}`: the `__html` value (or the whole object when it is built elsewhere). */
function reactRawHtml(ts: Ts, n: TsNamespace.JsxAttribute): TsNode | undefined {
  if (propertyNameText(ts, n.name) !== REACT_RAW_HTML.prop || !n.initializer || !ts.isJsxExpression(n.initializer) || !n.initializer.expression) return undefined;
  return htmlOfProps(ts, n.initializer.expression);
}

function htmlOfProps(ts: Ts, value: TsNode): TsNode | undefined {
  const object = unwrapExpression(ts, value);
  if (!ts.isObjectLiteralExpression(object)) return object;
  const html = object.properties.find((p) => p.name && propertyNameText(ts, p.name) === REACT_RAW_HTML.key);
  return html && ts.isPropertyAssignment(html) ? html.initializer : html && ts.isShorthandPropertyAssignment(html) ? html.name : undefined;
}

/** `createElement("div", { dangerouslySetInnerHTML: { __html: x } })`, Vue's `h("div", { innerHTML: x })`. */
function propsSink(ts: Ts, n: TsNamespace.PropertyAssignment): { label: string; value: TsNode } | undefined {
  const name = propertyNameText(ts, n.name);
  if (name === REACT_RAW_HTML.prop) {
    const value = htmlOfProps(ts, n.initializer);
    return value ? { label: REACT_RAW_HTML.prop, value } : undefined;
  }
  if (name && HTML_PROPERTIES.includes(name)) {
    const call = n.parent.parent;
    const fn = call && ts.isCallExpression(call) ? calleeName(ts, call.expression) : undefined;
    if (fn && RENDER_FUNCTIONS.includes(fn)) return { label: `${name} in ${fn}() props`, value: n.initializer };
  }
  return undefined;
}

/** `<ReactMarkdown rehypePlugins={[rehypeRaw]}>{answer}</ReactMarkdown>` without a sanitizing plugin. */
function markdownSink(ts: Ts, n: TsNamespace.JsxElement | TsNamespace.JsxSelfClosingElement, site: Site, tracker: Tracker): HtmlSink | undefined {
  const opening = ts.isJsxElement(n) ? n.openingElement : n;
  const tag = opening.tagName;
  if (!ts.isIdentifier(tag)) return undefined;
  const component = MARKDOWN_COMPONENTS.find((c) => importedFrom(ts, tag, c.packages));
  if (!component) return undefined;
  const attributes = opening.attributes.properties.filter(ts.isJsxAttribute);
  const plugins = attributes.filter((a) => component.pluginProps.includes(propertyNameText(ts, a.name) ?? ""));
  const used = plugins.flatMap((p) => identifiersIn(ts, p));
  if (!used.some((id) => importedFrom(ts, id, component.rawPlugins)) || used.some((id) => importedFrom(ts, id, component.sanitizers))) return undefined;
  const texts: TsNode[] = [];
  if (ts.isJsxElement(n)) for (const child of n.children) if (ts.isJsxExpression(child) && child.expression) texts.push(child.expression);
  for (const a of attributes) if (component.textProps.includes(propertyNameText(ts, a.name) ?? "") && a.initializer && ts.isJsxExpression(a.initializer) && a.initializer.expression) texts.push(a.initializer.expression);
  const name = tag.text;
  return {
    start: n.getStart(site.tree),
    end: opening.getEnd(),
    label: `<${name}> with ${component.rawPlugins.join(", ")}`,
    traces: () => texts.flatMap((t) => tracker.tracesOf(t, site)),
  };
}

function importedFrom(ts: Ts, id: TsNamespace.Identifier, packages: readonly string[]): boolean {
  const binding = resolveName(ts, id.text, id);
  return binding?.kind === "import" && packages.some((p) => binding.specifier === p || binding.specifier.startsWith(`${p}/`));
}

function identifiersIn(ts: Ts, node: TsNode): TsNamespace.Identifier[] {
  const out: TsNamespace.Identifier[] = [];
  walk(ts, node, (n) => {
    if (ts.isIdentifier(n)) out.push(n);
  });
  return out;
}

/** Does the text have markup in its fixed parts (`\`<div>${x}</div>\``, `"<p>" + x`, a variable built so)? */
function hasHtmlTags(ts: Ts, value: TsNode, flow: FlowModel): boolean {
  let found = false;
  const visit = (n: TsNode): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isStringLiteralLike(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) found = HTML_TAG.test(n.text);
    else ts.forEachChild(n, visit);
  };
  visit(flow.context.evaluator.followToExpression(value));
  return found;
}

function shorten(text: string): string {
  const one = text.replace(/\s+/g, "");
  return one.length > 40 ? `${one.slice(0, 37)}…` : one;
}

// ---------------------------------------------------------------------------------------
// Sinks in templates (Vue, Svelte, Astro)

const COMPONENT_KIND = /\.(vue|svelte|astro)$/i;
const MAX_ALIAS_DEPTH = 3;

function templateSinks(ts: Ts, file: FileFacts, site: Site, flow: FlowModel): HtmlSink[] {
  const kind = COMPONENT_KIND.exec(file.relPath)?.[1]?.toLowerCase() as "vue" | "svelte" | "astro" | undefined;
  if (!kind) return [];
  const masked = site.tree.text;
  const inTemplate = (start: number, length: number) => masked.slice(start, start + length).trim() === "";
  const aliases = loopAliases(file.text, inTemplate);
  const tracker = flow.modelOutputAsHtml;
  const cleans = (call: TsNamespace.CallExpression) => templateCallCleans(ts, call, site, flow);
  const sinks: HtmlSink[] = [];
  for (const pattern of TEMPLATE_HTML_DIRECTIVES[kind]) {
    for (const m of file.text.matchAll(pattern)) {
      if (!inTemplate(m.index, m[0].length)) continue;
      const start = m.index + (m[0].length - m[0].trimStart().length);
      const directive = /^[^\s=]+/.exec(m[0].trimStart())?.[0] ?? "template";
      const expression = m[1] ?? "";
      sinks.push({
        start,
        end: m.index + m[0].length,
        label: directive.startsWith("{") ? `${directive}}` : directive,
        traces: () => templateNames(ts, expression, aliases, cleans, 0).flatMap((name) => tracesOfScriptName(ts, name, site, tracker)),
      });
    }
  }
  return sinks;
}

/** `v-for="(m, i) in messages"` / `{#each messages as m}`: alias → the list expression. */
function loopAliases(text: string, inTemplate: (start: number, length: number) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const loop of TEMPLATE_LOOPS) {
    for (const m of text.matchAll(loop.pattern)) {
      if (!inTemplate(m.index, m[0].length)) continue;
      const list = m[loop.list]!.trim();
      for (const alias of m[loop.alias]!.match(/[A-Za-z_$][\w$]*/g) ?? []) if (!out.has(alias)) out.set(alias, list);
    }
  }
  return out;
}

/** The script names a template expression reads, except under a call that cleans HTML. */
function templateNames(ts: Ts, expression: string, aliases: ReadonlyMap<string, string>, cleans: (call: TsNamespace.CallExpression) => boolean, depth: number): string[] {
  const tree = ts.createSourceFile("template-expression.ts", `(${expression});`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const names = new Set<string>();
  const visit = (n: TsNode): void => {
    if (ts.isCallExpression(n) && cleans(n)) return;
    if (ts.isFunctionLike(n)) return;
    if (ts.isIdentifier(n) && !isPropertyName(ts, n)) names.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(tree);
  const out: string[] = [];
  for (const name of names) {
    const list = aliases.get(name);
    if (list !== undefined) {
      if (depth < MAX_ALIAS_DEPTH) out.push(...templateNames(ts, list, aliases, cleans, depth + 1));
    } else out.push(name);
  }
  return out;
}

/** A sanitizer (`DOMPurify.sanitize(x)`), or a script renderer that escapes HTML (`md.render(x)` of a default markdown-it). */
function templateCallCleans(ts: Ts, call: TsNamespace.CallExpression, site: Site, flow: FlowModel): boolean {
  const name = calleeName(ts, call.expression);
  if (!name) return false;
  if (HTML_SANITIZERS.includes(name)) return true;
  const callee = unwrapExpression(ts, call.expression);
  const targetName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : undefined;
  const target = targetName ? declaringIdentifier(ts, site.tree, targetName) : undefined;
  return target !== undefined && rendersEscapedHtml(flow.context, target, name, call.arguments, site);
}

function isPropertyName(ts: Ts, id: TsNamespace.Identifier): boolean {
  const parent = id.parent;
  return (ts.isPropertyAccessExpression(parent) && parent.name === id) || (ts.isPropertyAssignment(parent) && parent.name === id);
}

/** Where a top-level binding of the component's script gets its value (Svelte's `$store` is the store). */
function tracesOfScriptName(ts: Ts, name: string, site: Site, tracker: Tracker): Trace[] {
  const bindings = bindingsOf(ts, site.tree);
  const own = bindings.has(name) ? name : name.startsWith("$") && bindings.has(name.slice(1)) ? name.slice(1) : undefined;
  if (!own) return [];
  const id = declaringIdentifier(ts, site.tree, own);
  return id ? tracker.tracesOf(id, site) : [];
}

/** The identifier that declares a top-level name (the tracker starts from a node). */
function declaringIdentifier(ts: Ts, tree: TsSourceFile, name: string): TsNode | undefined {
  const binding = bindingsOf(ts, tree).get(name);
  if (!binding) return undefined;
  let found: TsNode | undefined;
  walk(ts, tree, (n) => {
    if (!found && ts.isIdentifier(n) && n.text === name && resolveName(ts, name, n) === binding) found = n;
  });
  return found;
}
