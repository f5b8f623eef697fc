/**
 * Name resolution inside one file's syntax tree: which declaration an identifier refers
 * to, honouring block and function scopes (a `client` parameter shadows a module-level
 * `client`). Bindings of each scope are collected once and cached.
 */
import { propertyNameText } from "../facts/ast.js";
import type { Ts, TsNode } from "../facts/typescript.js";
import type { ts as TsNamespace } from "ts-morph";

export type Binding =
  /** `const x = init`, or `const { a: x } = init` (path ["a"]), `const [x] = init` (path ["0"]). */
  | { kind: "variable"; name: string; declaration: TsNamespace.VariableDeclaration; init?: TsNamespace.Expression; path: string[] }
  | { kind: "function"; name: string; node: TsNamespace.FunctionDeclaration }
  | { kind: "class"; name: string; node: TsNamespace.ClassDeclaration }
  | { kind: "parameter"; name: string; node: TsNamespace.ParameterDeclaration; fn: TsNamespace.SignatureDeclaration; index: number; path: string[] }
  | { kind: "import"; name: string; specifier: string; imported: string; typeOnly: boolean };

const cache = new WeakMap<TsNode, Map<string, Binding>>();

/** The binding an identifier refers to, or undefined for globals and unknown names. */
export function resolveName(ts: Ts, name: string, from: TsNode): Binding | undefined {
  for (let scope: TsNode | undefined = from; scope; scope = scope.parent) {
    if (!isScope(ts, scope)) continue;
    const binding = bindingsOf(ts, scope).get(name);
    if (binding) return binding;
  }
  return undefined;
}

/** Per syntax kind, whether it opens a scope (every test below looks at the kind only). */
const scopeKinds: Array<boolean | undefined> = [];

function isScope(ts: Ts, node: TsNode): boolean {
  return (scopeKinds[node.kind] ??= opensScope(ts, node));
}

function opensScope(ts: Ts, node: TsNode): boolean {
  return ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseBlock(node) || ts.isFunctionLike(node) || ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isCatchClause(node);
}

export function bindingsOf(ts: Ts, scope: TsNode): Map<string, Binding> {
  let map = cache.get(scope);
  if (map) return map;
  map = new Map();
  if (ts.isFunctionLike(scope)) {
    scope.parameters.forEach((param, index) => addBindingName(ts, map!, param.name, [], (name, path) => ({ kind: "parameter", name, node: param, fn: scope, index, path })));
  } else if (ts.isCatchClause(scope)) {
    // catch (error): no value we can know
  } else if (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) {
    const init = scope.initializer;
    if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) addVariable(ts, map, d);
  } else {
    const statements = ts.isCaseBlock(scope) ? scope.clauses.flatMap((c) => [...c.statements]) : [...(scope as TsNamespace.Block).statements];
    for (const statement of statements) addStatement(ts, map, statement);
  }
  cache.set(scope, map);
  return map;
}

function addStatement(ts: Ts, map: Map<string, Binding>, statement: TsNamespace.Statement): void {
  if (ts.isVariableStatement(statement)) {
    for (const d of statement.declarationList.declarations) addVariable(ts, map, d);
  } else if (ts.isFunctionDeclaration(statement) && statement.name) {
    map.set(statement.name.text, { kind: "function", name: statement.name.text, node: statement });
  } else if (ts.isClassDeclaration(statement) && statement.name) {
    map.set(statement.name.text, { kind: "class", name: statement.name.text, node: statement });
  } else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
    const specifier = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if (!clause) return;
    const typeOnly = clause.isTypeOnly;
    if (clause.name) map.set(clause.name.text, { kind: "import", name: clause.name.text, specifier, imported: "default", typeOnly });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) map.set(bindings.name.text, { kind: "import", name: bindings.name.text, specifier, imported: "*", typeOnly });
    if (bindings && ts.isNamedImports(bindings)) {
      for (const el of bindings.elements) {
        map.set(el.name.text, { kind: "import", name: el.name.text, specifier, imported: (el.propertyName ?? el.name).text, typeOnly: typeOnly || el.isTypeOnly });
      }
    }
  } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
    map.set(statement.name.text, { kind: "import", name: statement.name.text, specifier: statement.moduleReference.expression.text, imported: "*", typeOnly: false });
  }
}

function addVariable(ts: Ts, map: Map<string, Binding>, declaration: TsNamespace.VariableDeclaration): void {
  addBindingName(ts, map, declaration.name, [], (name, path) => ({ kind: "variable", name, declaration, init: declaration.initializer, path }));
}

function addBindingName(ts: Ts, map: Map<string, Binding>, name: TsNamespace.BindingName, path: string[], make: (name: string, path: string[]) => Binding): void {
  if (ts.isIdentifier(name)) {
    map.set(name.text, make(name.text, path));
  } else if (ts.isObjectBindingPattern(name)) {
    for (const el of name.elements) {
      const key = el.propertyName ? propertyNameText(ts, el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
      if (key !== undefined && !el.dotDotDotToken) addBindingName(ts, map, el.name, [...path, key], make);
    }
  } else {
    name.elements.forEach((el, i) => {
      if (ts.isBindingElement(el) && !el.dotDotDotToken) addBindingName(ts, map, el.name, [...path, String(i)], make);
    });
  }
}
