/**
 * AK-2: a provider key that ships to the browser.
 *
 * Three kinds of evidence, all judged by the variable's name (and its value's shape
 * where one is written down):
 * - an env file line with a client-exposed prefix (`NEXT_PUBLIC_OPENAI_API_KEY=…`),
 *   tracked or not: the bundler reads the file either way;
 * - a read in code (`process.env.NEXT_PUBLIC_…`, `import.meta.env.VITE_…`, SvelteKit
 *   `$env/*​/public`, Nuxt `runtimeConfig.public`);
 * - a build config that copies a server key into client code (table in
 *   `src/knowledge/build-configs.ts`).
 *
 * With the whole project (CLI), three more: a browser read of a name the build config
 * injects; a browser read of any exposed name (`VITE_API_KEY`) that becomes a provider
 * client's key or a provider request's credential; and only the prefixes the package's
 * build tool really exposes (plus Vite `envPrefix`), never reads in server-only code.
 * A key written as the fallback of an exposed read ships as well, CLI and ESLint alike.
 */
import { basename } from "node:path";
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import { propertyChain, propertyNameText, stringValue, unwrapExpression, walk } from "../src/facts/ast.js";
import { definesNoKey } from "../src/facts/env-file.js";
import { findEnvReads, type EnvRead } from "../src/facts/env-reads.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import { READS_ENV } from "../src/facts/text-hints.js";
import { LiteralGate } from "../src/facts/literal-gates.js";
import { clientExposedPrefix, isAiSecretName, mentionsAiProvider } from "../src/facts/secret-names.js";
import type { Ts, TsNode } from "../src/facts/typescript.js";
import { BUILD_CONFIG_INJECTIONS, BUILD_INJECTION_CONSTRUCTORS, type BuildConfigInjection } from "../src/knowledge/build-configs.js";
import { CLIENT_ENV_PREFIXES, type ClientEnvPrefix } from "../src/knowledge/env-vars.js";
import type { ProjectModel } from "../src/model/project.js";
import { escapeRegExp } from "../src/util/text.js";

export default defineRule({
  meta: {
    id: "client-exposed-key",
    title: "Provider key exposed to the browser",
    checklist: ["AK-2"],
    severity: "error",
    cwe: ["CWE-798", "CWE-200"],
    owaspLlm: { "2025": "LLM02", "2026": "LLM02" },
    description:
      "Bundlers copy variables with a public prefix (NEXT_PUBLIC_, VITE_, REACT_APP_, EXPO_PUBLIC_…) and values named in build settings into the JavaScript every visitor downloads. A provider key there is readable by anyone with the page open.",
    fix: "Keep the key in a server-only variable (no public prefix), call the provider from a server route, and have the browser call that route.",
    example: {
      bad: "const openai = new OpenAI({ apiKey: import.meta.env.VITE_OPENAI_API_KEY, dangerouslyAllowBrowser: true });",
      good: 'const reply = await fetch("/api/chat", { method: "POST", body: JSON.stringify({ message }) });',
    },
    precision: "very-high",
    scope: "env files, JS/TS and component code, build configs (next, vite, nuxt, astro, webpack…)",
    eslint: true,
  },

  checkFileAlone(file, context) {
    if (file.kind === "env") checkEnvFile(file, context);
    else if (file.isCode) checkCode(file, context);
  },

  checkProject(project, context) {
    const exposure = projectExposure(project, context.ts);
    // Build configs first: the names they inject decide what the reads elsewhere mean.
    const configs = project.files.filter((f) => f.isCode && injectionsFor(f).length > 0);
    const others = project.files.filter((f) => !configs.includes(f));
    for (const file of [...configs, ...others]) {
      if (file.kind === "env") checkEnvFile(file, context, exposure);
      else if (file.isCode) checkCode(file, context, exposure);
    }
  },
});

/** What the whole project says about exposure, beyond one file (CLI only). */
interface Exposure {
  /** Env names a build config injects into client code: where it does, and the directory it builds. */
  injected: Map<string, { where: string; dir: string }>;
  /** Prefixes a build config adds (Vite `envPrefix`), by the config's directory. */
  extraPrefixes: Map<string, ClientEnvPrefix[]>;
  /** Code at this offset runs only on the server. */
  serverOnly(relPath: string, offset: number): boolean;
  /** Code at this offset runs in the browser. */
  browser(relPath: string, offset: number): boolean;
  /** The provider whose key (client option or request credential) this env read becomes. */
  providerFed(read: EnvRead): string | undefined;
}

function projectExposure(project: ProjectModel, ts: Ts): Exposure {
  // Built on first use: most projects read no public name at all.
  const runtime = () => project.runtime(ts);
  let sinks: { node: TsNode; provider: string }[] | undefined;
  // Where keys go: client key options, and provider requests that send a credential.
  const keySinks = () => {
    const surface = project.aiSurface(ts);
    return (sinks ??= [
      ...surface.clients.flatMap((c) => (c.keyNode ? [{ node: c.keyNode, provider: c.provider }] : [])),
      ...surface.callSites.filter((c) => c.sdk === "http" && c.sendsKey && !c.local).map((c) => ({ node: c.node, provider: c.provider })),
    ]);
  };
  return {
    injected: new Map(),
    extraPrefixes: new Map(),
    serverOnly: (relPath, offset) => {
      const side = runtime().verdict(relPath).runtime;
      return side === "server" || (side === "both" && !runtime().isBrowserAt(relPath, offset).browser);
    },
    browser: (relPath, offset) => runtime().isBrowserAt(relPath, offset).browser,
    providerFed: (read) => {
      const source = read.node.getSourceFile();
      // The read itself, or the variable it initialises (`const key = import.meta.env.VITE_KEY`).
      const holder = variableHolding(ts, read.node);
      const name = holder ? new RegExp(`(?<![\\w$])${escapeRegExp(holder)}(?![\\w$])`) : undefined;
      for (const sink of keySinks()) {
        if (sink.node.getSourceFile() !== source) continue;
        if (read.node.getStart() >= sink.node.getStart() && read.node.getEnd() <= sink.node.getEnd()) return sink.provider;
        if (name && name.test(sink.node.getText())) return sink.provider;
      }
      return undefined;
    },
  };
}

/** `const key = <read>` (or `<read> || fallback`): the variable's name. */
function variableHolding(ts: Ts, node: TsNode): string | undefined {
  let n = node;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent) || (ts.isBinaryExpression(n.parent) && n.parent.left === n && isFallbackOperator(ts, n.parent)))) n = n.parent;
  return n.parent && ts.isVariableDeclaration(n.parent) && n.parent.initializer === n && ts.isIdentifier(n.parent.name) ? n.parent.name.text : undefined;
}

function isFallbackOperator(ts: Ts, node: TsNode): boolean {
  if (!ts.isBinaryExpression(node)) return false;
  const op = node.operatorToken.kind;
  return op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken;
}

/** The directory a file's build config governs: its own. */
function dirOf(relPath: string): string {
  const i = relPath.lastIndexOf("/");
  return i === -1 ? "" : relPath.slice(0, i);
}

/** Prefixes added by the nearest build config above this file. */
function extraPrefixesFor(relPath: string, exposure: Exposure | undefined): ClientEnvPrefix[] {
  if (!exposure) return [];
  return [...exposure.extraPrefixes].filter(([dir]) => dir === "" || relPath.startsWith(`${dir}/`)).flatMap(([, prefixes]) => prefixes);
}

// A client prefix, a framework's runtime config or SvelteKit's public env module: the rare hints, before the env-read one.
const CLIENT_ENV_HINT = new LiteralGate([...CLIENT_ENV_PREFIXES.map((p) => p.prefix), "runtimeConfig", "RuntimeConfig", "$config", "$env/"]);
const INJECTION_CONSTRUCTOR = new LiteralGate(BUILD_INJECTION_CONSTRUCTORS);

function checkEnvFile(file: FileFacts, context: RuleContext, exposure?: Exposure): void {
  for (const entry of file.envEntries) {
    const prefix = clientExposedPrefix(entry.name, (pkg) => context.project.dependsOn(file.relPath, pkg), extraPrefixesFor(file.relPath, exposure));
    if (!prefix) continue;
    context.judged();
    // Empty, placeholder or cut-short values (`sk-proj-...` in .env.example) put no key in the bundle.
    if (definesNoKey(entry.value)) continue;
    const valueKey = file.providerKeys.find((k) => k.start >= entry.valueStart && k.end <= entry.valueEnd && k.shapeId !== "named-ai-secret");
    // `AIza…` is every Google key's shape; Firebase and Maps keys are public by design, so the name must say AI.
    const keyByShape = valueKey && (valueKey.shapeId !== "google-api-key" || mentionsAiProvider(entry.name));
    if (!isAiSecretName(entry.name) && !keyByShape) continue;
    const why = keyByShape ? `holds ${/^[AEIOU]/i.test(valueKey!.label) ? "an" : "a"} ${valueKey!.label}` : "is named like a provider key";
    context.report({
      file,
      start: entry.nameStart,
      end: entry.nameStart + entry.name.length,
      message: `${entry.name} ${why}, and the ${prefix.prefix} prefix makes ${prefix.framework} copy it into the browser bundle.`,
      identity: entry.name,
    });
  }
}

function checkCode(file: FileFacts, context: RuleContext, exposure?: Exposure): void {
  const injections = injectionsFor(file);
  // The injected names are searched for only in a file that reads env at all (one pass per name is costly on every file).
  const readsEnv = file.mayMatch(READS_ENV) && (file.mayMatch(CLIENT_ENV_HINT) || (exposure !== undefined && [...exposure.injected.keys()].some((n) => file.text.includes(n))));
  if (!readsEnv && injections.length === 0) return;
  const tree = file.syntaxTree(context.ts);
  if (!tree) return;
  const { ts } = context;

  if (readsEnv) {
    const extra = extraPrefixesFor(file.relPath, exposure);
    for (const read of findEnvReads(ts, tree)) {
      const plainRead = read.source === "process.env" || read.source === "import.meta.env";
      const offset = read.node.getStart();
      const injected = plainRead ? exposure?.injected.get(read.name) : undefined;
      // The config builds its own directory; server code there (API routes) keeps the value to itself.
      if (injected && (injected.dir === "" || file.relPath.startsWith(`${injected.dir}/`)) && !exposure!.serverOnly(file.relPath, offset)) {
        context.judged();
        report(context, file, read.node, `This reads ${read.name} in code built for the browser, and ${injected.where} injects a provider key under that name into the bundle.`, read.name);
        continue;
      }
      const prefix: ClientEnvPrefix | undefined = read.source === "runtimeConfig.public" ? { prefix: "runtimeConfig.public", framework: "Nuxt" } : read.source.endsWith("/public") || plainRead ? clientExposedPrefix(read.name, (pkg) => context.project.dependsOn(file.relPath, pkg), extra) : undefined;
      if (!prefix) continue;
      // A Node server that reads a REACT_APP_ name (a proxy next to the app) bundles nothing.
      if (prefix.clientOnlyBuild && exposure?.serverOnly(file.relPath, offset)) continue;
      context.judged();
      const where = read.source === "runtimeConfig.public" ? `Nuxt's public runtime config (${read.name})` : `${read.name}, whose ${prefix.prefix} prefix makes ${prefix.framework} inline it into the browser bundle`;
      const fallback = fallbackKey(ts, file, read.node);
      if (isAiSecretName(read.name)) {
        report(context, file, read.node, `This reads a provider key from ${where}${fallback ? `, with ${article(fallback.label)} written in as its fallback` : ""}.`, read.name);
        continue;
      }
      if (fallback) {
        report(context, file, read.node, `This reads ${where}, and falls back to ${article(fallback.label)} written in the code: the bundle ships that key as is.`, read.name);
        continue;
      }
      // A generic name (`VITE_API_KEY`) counts where browser code makes it a provider key.
      const provider = exposure?.browser(file.relPath, offset) ? exposure.providerFed(read) : undefined;
      if (provider) report(context, file, read.node, `This reads ${where}, and uses it as the ${provider} key.`, read.name);
    }
  }

  for (const injection of injections) {
    if (injection.constructorName) {
      walk(ts, tree, (node) => {
        if (ts.isNewExpression(node) && calleeName(ts, node.expression) === injection.constructorName && node.arguments?.[0]) {
          context.judged();
          checkInjectedValue(ts, context, file, injection, unwrapExpression(ts, node.arguments[0]), exposure);
        }
      });
      continue;
    }
    walk(ts, tree, (node) => {
      if (!ts.isPropertyAssignment(node)) return;
      const chain = propertyChain(ts, node);
      if (!endsWith(chain, injection.path!)) return;
      context.judged();
      checkInjectedValue(ts, context, file, injection, unwrapExpression(ts, node.initializer), exposure);
    });
  }
}

/** `import.meta.env.VITE_KEY || "gsk_…"`: the provider key written as the read's fallback. */
function fallbackKey(ts: Ts, file: FileFacts, read: TsNode): { label: string } | undefined {
  let n = read;
  while (n.parent && ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const parent = n.parent;
  if (!parent || !isFallbackOperator(ts, parent) || !ts.isBinaryExpression(parent) || parent.left !== n) return undefined;
  const right = unwrapExpression(ts, parent.right);
  if (!ts.isStringLiteralLike(right)) return undefined;
  const key = file.providerKeys.find((k) => k.start >= right.getStart() && k.end <= right.getEnd() && k.shapeId !== "named-ai-secret" && k.shapeId !== "google-api-key");
  return key && { label: key.label };
}

function article(label: string): string {
  return `${/^[AEIOU]/i.test(label) ? "an" : "a"} ${label}`;
}

/** Build-config injections that can apply to this file. */
function injectionsFor(file: FileFacts): BuildConfigInjection[] {
  const name = basename(file.relPath);
  const byFile = BUILD_CONFIG_INJECTIONS.filter((i) => i.file?.test(name));
  const byConstructor = file.mayMatch(INJECTION_CONSTRUCTOR) ? BUILD_CONFIG_INJECTIONS.filter((i) => i.constructorName && file.text.includes(i.constructorName)) : [];
  return [...byFile, ...byConstructor];
}

function checkInjectedValue(ts: Ts, context: RuleContext, file: FileFacts, injection: BuildConfigInjection, value: TsNode, exposure?: Exposure): void {
  const shipped = `${injection.tool} copies it into the code sent to browsers`;
  // Names whose browser reads are then reported too.
  const injects = (name: string, node: TsNode) => {
    if (exposure && !exposure.injected.has(name)) exposure.injected.set(name, { where: `${file.relPath}:${file.positionAt(node.getStart()).line}`, dir: dirOf(file.relPath) });
  };
  if (injection.mode === "prefixes") {
    const prefixes = ts.isArrayLiteralExpression(value) ? value.elements.map((e) => ({ node: e, text: stringValue(ts, e) })) : [{ node: value, text: stringValue(ts, value) }];
    for (const p of prefixes) {
      if (p.text === undefined) continue;
      if (exposure && p.text !== "") {
        const dir = dirOf(file.relPath);
        exposure.extraPrefixes.set(dir, [...(exposure.extraPrefixes.get(dir) ?? []), { prefix: p.text, framework: `${injection.tool} (envPrefix)` }]);
      }
      if (p.text === "") report(context, file, p.node, `An empty env prefix exposes every environment variable, provider keys included: ${shipped}.`, "envPrefix:");
      else if (mentionsAiProvider(p.text)) report(context, file, p.node, `The env prefix "${p.text}" exposes provider keys (such as ${p.text}API_KEY): ${shipped}.`, `envPrefix:${p.text}`);
    }
    return;
  }
  if (injection.mode === "names") {
    const names = ts.isArrayLiteralExpression(value)
      ? value.elements.map((e) => ({ node: e, name: stringValue(ts, e) }))
      : ts.isObjectLiteralExpression(value)
        ? value.properties.map((p) => ({ node: p as TsNode, name: p.name ? propertyNameText(ts, p.name) : undefined }))
        : [{ node: value, name: stringValue(ts, value) }];
    for (const n of names) {
      if (n.name && isAiSecretName(n.name)) {
        injects(n.name, n.node);
        report(context, file, n.node, `${n.name} is passed to ${injection.constructorName}: ${shipped}.`, n.name);
      }
    }
    return;
  }
  if (!ts.isObjectLiteralExpression(value)) {
    if (readsWholeEnv(value.getText())) report(context, file, value, `The whole environment is injected, provider keys included: ${shipped}.`, "whole-env");
    return;
  }
  for (const property of value.properties) {
    const key = property.name ? propertyNameText(ts, property.name) : undefined;
    const initializer = ts.isPropertyAssignment(property) ? injectedText(ts, property.initializer) : ts.isShorthandPropertyAssignment(property) ? property.name.text : "";
    if (injection.mode === "define" && key !== undefined && /^(process\.env|import\.meta\.env)$/.test(key)) {
      report(context, file, property, `${key} is replaced with the whole environment, provider keys included: ${shipped}.`, key);
      continue;
    }
    if (readsWholeEnv(initializer)) {
      report(context, file, property, `The whole environment is injected as ${key ?? "a value"}, provider keys included: ${shipped}.`, key ?? "whole-env");
      continue;
    }
    const keyName = key?.split(".").pop();
    const envName = envNamesIn(initializer).find(isAiSecretName);
    if ((keyName && isAiSecretName(keyName)) || envName) {
      const label = envName ?? keyName!;
      if (keyName && (injection.mode === "define" ? /^(?:process\.env|import\.meta\.env)\./.test(key!) : injection.path?.[injection.path.length - 1] === "env")) injects(keyName, property);
      report(context, file, property, `${label} is injected by the build config: ${shipped}.`, label);
    }
  }
}

/**
 * The text of an injected value, through `JSON.stringify(x)` and one local variable
 * (`const apiKey = env.VITE_API_KEY || env.OPENROUTER_API_KEY`), so the env names it holds show.
 */
function injectedText(ts: Ts, value: TsNode): string {
  let v = unwrapExpression(ts, value);
  if (ts.isCallExpression(v) && v.expression.getText() === "JSON.stringify" && v.arguments[0]) v = unwrapExpression(ts, v.arguments[0]);
  if (!ts.isIdentifier(v)) return value.getText();
  const name = v.text;
  let initializer: string | undefined;
  walk(ts, value.getSourceFile(), (node) => {
    if (initializer === undefined && ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer) initializer = node.initializer.getText();
  });
  return initializer ?? value.getText();
}

const ENV_NAME_IN_TEXT = /(?:process\.env|import\.meta\.env|\benv)(?:\.|\[\s*["'`])([A-Za-z_][A-Za-z0-9_]*)/g;

function envNamesIn(text: string): string[] {
  return [...text.matchAll(ENV_NAME_IN_TEXT)].map((m) => m[1]!);
}

function readsWholeEnv(text: string): boolean {
  return /^(?:JSON\.stringify\(\s*)?(?:process\.env|import\.meta\.env)\s*\)?$/.test(text.trim()) || /\.\.\.\s*process\.env\b/.test(text);
}

function calleeName(ts: Ts, node: TsNode): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return undefined;
}

function endsWith(chain: readonly string[], path: readonly string[]): boolean {
  if (chain.length < path.length) return false;
  return path.every((p, i) => chain[chain.length - path.length + i] === p);
}

function report(context: RuleContext, file: FileFacts, node: TsNode, message: string, identity: string): void {
  context.report({ file, start: node.getStart(), end: node.getEnd(), message, identity });
}
