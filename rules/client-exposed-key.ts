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
 */
import { basename } from "node:path";
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import { propertyChain, propertyNameText, stringValue, unwrapExpression, walk } from "../src/facts/ast.js";
import { findEnvReads } from "../src/facts/env-reads.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import { clientExposedPrefix, isAiSecretName, mentionsAiProvider } from "../src/facts/secret-names.js";
import type { Ts, TsNode } from "../src/facts/typescript.js";
import { BUILD_CONFIG_INJECTIONS, BUILD_INJECTION_CONSTRUCTORS, type BuildConfigInjection } from "../src/knowledge/build-configs.js";
import { CLIENT_ENV_PREFIXES } from "../src/knowledge/env-vars.js";

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
    scope: "env files, JS/TS and component code, build configs (next, vite, nuxt, astro, webpack…)",
    eslint: true,
  },

  checkFile(file, context) {
    if (file.kind === "env") checkEnvFile(file, context);
    else if (file.isCode) checkCode(file, context);
  },
});

const CLIENT_PREFIX_HINT = new RegExp(CLIENT_ENV_PREFIXES.map((p) => p.prefix).join("|"));

function checkEnvFile(file: FileFacts, context: RuleContext): void {
  for (const entry of file.envEntries) {
    const prefix = clientExposedPrefix(entry.name, (pkg) => context.project.dependsOn(file.relPath, pkg));
    if (!prefix) continue;
    context.judged();
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

function checkCode(file: FileFacts, context: RuleContext): void {
  const injections = injectionsFor(file);
  // The rare client prefixes first: the general env-read hint is a slower pass, and most files have neither.
  const readsEnv = (CLIENT_PREFIX_HINT.test(file.text) || file.text.includes("runtimeConfig") || file.text.includes("$env/")) && file.mentions("readsEnv");
  if (!readsEnv && injections.length === 0) return;
  const tree = file.syntaxTree(context.ts);
  if (!tree) return;
  const { ts } = context;

  if (readsEnv) {
    for (const read of findEnvReads(ts, tree)) {
      const prefix = read.source === "runtimeConfig.public" ? { prefix: "runtimeConfig.public", framework: "Nuxt" } : read.source.endsWith("/public") || read.source === "process.env" || read.source === "import.meta.env" ? clientExposedPrefix(read.name, (pkg) => context.project.dependsOn(file.relPath, pkg)) : undefined;
      if (!prefix) continue;
      context.judged();
      if (!isAiSecretName(read.name)) continue;
      const where = read.source === "runtimeConfig.public" ? `Nuxt's public runtime config (${read.name})` : `${read.name}, whose ${prefix.prefix} prefix makes ${prefix.framework} inline it into the browser bundle`;
      report(context, file, read.node, `This reads a provider key from ${where}.`, read.name);
    }
  }

  for (const injection of injections) {
    if (injection.constructorName) {
      walk(ts, tree, (node) => {
        if (ts.isNewExpression(node) && calleeName(ts, node.expression) === injection.constructorName && node.arguments?.[0]) {
          context.judged();
          checkInjectedValue(ts, context, file, injection, unwrapExpression(ts, node.arguments[0]));
        }
      });
      continue;
    }
    walk(ts, tree, (node) => {
      if (!ts.isPropertyAssignment(node)) return;
      const chain = propertyChain(ts, node);
      if (!endsWith(chain, injection.path!)) return;
      context.judged();
      checkInjectedValue(ts, context, file, injection, unwrapExpression(ts, node.initializer));
    });
  }
}

/** Build-config injections that can apply to this file. */
function injectionsFor(file: FileFacts): BuildConfigInjection[] {
  const name = basename(file.relPath);
  const byFile = BUILD_CONFIG_INJECTIONS.filter((i) => i.file?.test(name));
  const byConstructor = BUILD_INJECTION_CONSTRUCTORS.some((c) => file.text.includes(c)) ? BUILD_CONFIG_INJECTIONS.filter((i) => i.constructorName && file.text.includes(i.constructorName)) : [];
  return [...byFile, ...byConstructor];
}

function checkInjectedValue(ts: Ts, context: RuleContext, file: FileFacts, injection: BuildConfigInjection, value: TsNode): void {
  const shipped = `${injection.tool} copies it into the code sent to browsers`;
  if (injection.mode === "prefixes") {
    const prefixes = ts.isArrayLiteralExpression(value) ? value.elements.map((e) => ({ node: e, text: stringValue(ts, e) })) : [{ node: value, text: stringValue(ts, value) }];
    for (const p of prefixes) {
      if (p.text === undefined) continue;
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
      if (n.name && isAiSecretName(n.name)) report(context, file, n.node, `${n.name} is passed to ${injection.constructorName}: ${shipped}.`, n.name);
    }
    return;
  }
  if (!ts.isObjectLiteralExpression(value)) {
    if (readsWholeEnv(value.getText())) report(context, file, value, `The whole environment is injected, provider keys included: ${shipped}.`, "whole-env");
    return;
  }
  for (const property of value.properties) {
    const key = property.name ? propertyNameText(ts, property.name) : undefined;
    const initializer = ts.isPropertyAssignment(property) ? property.initializer.getText() : ts.isShorthandPropertyAssignment(property) ? property.name.text : "";
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
      report(context, file, property, `${label} is injected by the build config: ${shipped}.`, label);
    }
  }
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
