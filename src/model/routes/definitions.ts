/**
 * The expression a name is bound to, followed across imports and re-exports. Route
 * extractors need the syntax itself (a builder chain, a router's object literal), where
 * the evaluator only answers with values.
 */
import { returnedExpressions as returnedBy, unwrapExpression } from "../../facts/ast.js";
import type { TsNode, TsSourceFile } from "../../facts/typescript.js";
import { resolveName, type Binding } from "../scopes.js";
import type { ExtractorContext } from "./types.js";

/** An expression and the file it is in. */
export interface Located {
  file: string;
  tree: TsSourceFile;
  node: TsNode;
}

/** What a definition lookup needs: the parser, the import resolver and the trees. */
export type DefinitionContext = Pick<ExtractorContext, "ts" | "modules" | "tree">;

const MAX_DEPTH = 12;

/**
 * Follows an identifier to the initializer of its `const` (or the declaration a module
 * exports under that name); anything else, or a name it cannot follow, is returned as is.
 */
export function definitionOf(context: DefinitionContext, expr: TsNode, at: Omit<Located, "node">, depth = 0): Located {
  const { ts } = context;
  const node = unwrapExpression(ts, expr);
  const here = { file: at.file, tree: at.tree, node };
  if (depth > MAX_DEPTH || !ts.isIdentifier(node)) return here;
  const binding = resolveName(ts, node.text, node);
  return (binding && bindingDefinition(context, binding, at, depth)) ?? here;
}

function bindingDefinition(context: DefinitionContext, binding: Binding, at: Omit<Located, "node">, depth: number): Located | undefined {
  if (binding.kind === "variable") return binding.init && binding.path.length === 0 ? definitionOf(context, binding.init, at, depth + 1) : undefined;
  if (binding.kind === "function" || binding.kind === "class") return { file: at.file, tree: at.tree, node: binding.node };
  if (binding.kind === "import" && !binding.typeOnly && binding.imported !== "*") return importedDefinition(context, at.file, binding.specifier, binding.imported, depth + 1);
  return undefined;
}

/** What `specifier`'s export `name` is defined as, from the file that imports it. */
export function importedDefinition(context: DefinitionContext, from: string, specifier: string, name: string, depth: number): Located | undefined {
  const resolution = context.modules.resolver.resolve(from, specifier);
  return "file" in resolution ? exportDefinition(context, resolution.file, name, depth) : undefined;
}

/** The declaration or initializer a file exports under `name`. */
export function exportDefinition(context: DefinitionContext, file: string, name: string, depth = 0): Located | undefined {
  const { ts } = context;
  const tree = context.tree(file);
  if (!tree || depth > MAX_DEPTH) return undefined;
  const at = { file, tree };
  const stars: string[] = [];
  for (const statement of tree.statements) {
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    const exported = modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (exported && ts.isVariableStatement(statement)) {
      const d = statement.declarationList.declarations.find((x) => ts.isIdentifier(x.name) && x.name.text === name);
      if (d?.initializer) return definitionOf(context, d.initializer, at, depth + 1);
    }
    if (exported && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && (statement.name?.text === name || (isDefault && name === "default"))) return { ...at, node: statement };
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && name === "default") return definitionOf(context, statement.expression, at, depth + 1);
    if (!ts.isExportDeclaration(statement) || statement.isTypeOnly) continue;
    const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
    const clause = statement.exportClause;
    if (!clause) {
      if (from) stars.push(from);
      continue;
    }
    if (!ts.isNamedExports(clause)) continue;
    const spec = clause.elements.find((s) => s.name.text === name);
    if (!spec) continue;
    const local = (spec.propertyName ?? spec.name).text;
    if (from) return importedDefinition(context, file, from, local, depth + 1);
    const binding = resolveName(ts, local, tree);
    return binding && bindingDefinition(context, binding, at, depth + 1);
  }
  for (const from of stars) {
    const found = importedDefinition(context, file, from, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The expressions a function returns (its expression body, or its own `return` statements): see `facts/ast.ts`. */
export function returnedExpressions(context: DefinitionContext, fn: TsNode): readonly TsNode[] {
  return returnedBy(context.ts, fn);
}
