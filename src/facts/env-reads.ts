/**
 * Reads of environment variables in code, in the shapes bundlers understand:
 * `process.env.X`, `process.env["X"]`, `const { X } = process.env`, `import.meta.env.X`,
 * SvelteKit's `$env/*` modules and Nuxt's `useRuntimeConfig().public.x`.
 */
import { propertyNameText, walk } from "./ast.js";
import type { Ts, TsNode, TsSourceFile } from "./typescript.js";

export type EnvReadSource = "process.env" | "import.meta.env" | "$env/static/public" | "$env/dynamic/public" | "$env/static/private" | "$env/dynamic/private" | "runtimeConfig.public";

export interface EnvRead {
  name: string;
  source: EnvReadSource;
  /** The node to point at. */
  node: TsNode;
}

export function findEnvReads(ts: Ts, sourceFile: TsSourceFile): EnvRead[] {
  const reads: EnvRead[] = [];
  const svelteEnvObjects = new Map<string, EnvReadSource>();
  const runtimeConfigs = new Set<string>();

  // Module-level bindings first: `import { env } from '$env/dynamic/public'`, `const config = useRuntimeConfig()`.
  walk(ts, sourceFile, (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text.startsWith("$env/")) {
      const source = node.moduleSpecifier.text as EnvReadSource;
      const named = node.importClause?.namedBindings;
      if (named && ts.isNamedImports(named)) {
        for (const spec of named.elements) {
          const imported = (spec.propertyName ?? spec.name).text;
          if (source.startsWith("$env/static/")) reads.push({ name: imported, source, node: spec });
          else if (imported === "env") svelteEnvObjects.set(spec.name.text, source);
        }
      }
    }
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.name) && isCallTo(ts, node.initializer, "useRuntimeConfig")) {
      runtimeConfigs.add(node.name.text);
    }
  });

  walk(ts, sourceFile, (node) => {
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const name = accessedName(ts, node);
      if (name === undefined) return;
      const base = node.expression;
      const source = envObjectSource(ts, base, svelteEnvObjects);
      if (source) reads.push({ name, source, node });
      else if (ts.isPropertyAccessExpression(base) && base.name.text === "public" && isRuntimeConfig(ts, base.expression, runtimeConfigs)) {
        reads.push({ name, source: "runtimeConfig.public", node });
      }
    } else if (ts.isVariableDeclaration(node) && node.initializer && ts.isObjectBindingPattern(node.name)) {
      const source = envObjectSource(ts, node.initializer, svelteEnvObjects);
      if (!source) return;
      for (const element of node.name.elements) {
        const name = element.propertyName ? propertyNameText(ts, element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
        if (name) reads.push({ name, source, node: element });
      }
    }
  });
  return reads;
}

function accessedName(ts: Ts, node: TsNode): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return ts.isIdentifier(node.name) ? node.name.text : undefined;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

/** `process.env`, `import.meta.env`, or a SvelteKit `env` import. */
function envObjectSource(ts: Ts, node: TsNode, svelteEnvObjects: ReadonlyMap<string, EnvReadSource>): EnvReadSource | undefined {
  if (ts.isPropertyAccessExpression(node) && node.name.text === "env") {
    if (ts.isIdentifier(node.expression) && node.expression.text === "process") return "process.env";
    if (ts.isMetaProperty(node.expression) && node.expression.keywordToken === ts.SyntaxKind.ImportKeyword) return "import.meta.env";
  }
  if (ts.isIdentifier(node)) return svelteEnvObjects.get(node.text);
  return undefined;
}

function isCallTo(ts: Ts, node: TsNode, callee: string): boolean {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === callee;
}

function isRuntimeConfig(ts: Ts, node: TsNode, names: ReadonlySet<string>): boolean {
  return isCallTo(ts, node, "useRuntimeConfig") || (ts.isIdentifier(node) && names.has(node.text)) || (ts.isPropertyAccessExpression(node) && node.name.text === "$config");
}
