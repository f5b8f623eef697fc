/**
 * What the file-based routers (Next.js, SvelteKit, Nuxt/Nitro, Remix) share: which app a
 * file belongs to, file paths → URL paths, a module's exports, and the handler inside a
 * wrapper call (`withAuth(async (req) => …)`), with each wrapper as a chain entry.
 */
import { posix } from "node:path";
import { unwrapExpression } from "../../facts/ast.js";
import type { TsNode } from "../../facts/typescript.js";
import type { RouteFiles, SegmentRules } from "../../knowledge/route-conventions.js";
import { globToRegExp } from "../../util/glob.js";
import { manifestsFor } from "../packages.js";
import { resolveName } from "../scopes.js";
import { findProperty } from "../values.js";
import type { ChainEntry, ExtractorContext, Route } from "./types.js";

export interface AppFile {
  rel: string;
  /** The app's directory ("" for the scan root). */
  root: string;
  /** The path relative to the app. */
  local: string;
}

const globs = new Map<string, RegExp>();

export function globMatches(patterns: readonly string[], path: string): boolean {
  for (const p of patterns) {
    let re = globs.get(p);
    if (!re) globs.set(p, (re = globToRegExp(p)));
    if (re.test(path)) return true;
  }
  return false;
}

/** The directory of the package.json nearest to a file. */
const appRoots = new WeakMap<ExtractorContext, Map<string, string>>();

export function appRootOf(context: ExtractorContext, rel: string): string {
  let cache = appRoots.get(context);
  if (!cache) appRoots.set(context, (cache = new Map()));
  let root = cache.get(rel);
  if (root === undefined) cache.set(rel, (root = manifestsFor(rel, context.project.manifests).reduce((best, m) => (m.dir.length > best.length ? m.dir : best), "")));
  return root;
}

/** Code files whose app-relative path matches a glob, in apps that depend on one of `dependencies`. */
export function appFiles(context: ExtractorContext, dependencies: readonly string[], patterns: readonly string[]): AppFile[] {
  const found: AppFile[] = [];
  // Most projects use none of a given framework: ask the manifests before looking at any file.
  if (!context.project.manifests.some((m) => dependencies.some((d) => m.dependencies.has(d)))) return found;
  for (const rel of context.codeFiles) {
    const root = appRootOf(context, rel);
    const local = root ? rel.slice(root.length + 1) : rel;
    if (!globMatches(patterns, local)) continue;
    if (dependencies.some((d) => context.project.dependsOn(rel, d))) found.push({ rel, root, local });
  }
  return found;
}

/** The directories and file name below a route family's base, without the extension. */
export function segmentsOf(local: string, files: Pick<RouteFiles, "base">): string[] {
  return local.replace(files.base, "").replace(/\.[^./]+$/, "").split("/");
}

/** Segments → `/api/chat/:id`; undefined when a segment keeps the file out of routing. */
export function urlPath(segments: readonly string[], rules: SegmentRules, mount = ""): string | undefined {
  const parts: string[] = [];
  for (const segment of segments) {
    if (!segment) continue;
    if (rules.private?.test(segment)) return undefined;
    if (rules.drop.some((d) => d.test(segment))) continue;
    parts.push(rules.rewrite.reduce((s, r) => s.replace(r.pattern, r.to), segment));
  }
  return joinPath(mount, parts.join("/"));
}

/** The URL path of a route file (the file name left out when it is `route`, `+server`, `index`…). */
export function routeFilePath(local: string, files: Pick<RouteFiles, "base" | "fileName" | "mount">, rules: SegmentRules): string | undefined {
  const segments = segmentsOf(local, files);
  if (files.fileName?.test(segments.at(-1) ?? "")) segments.pop();
  return urlPath(segments, rules, files.mount);
}

/** The method an export stands for, if it handles requests. */
export function methodOf(exports: Readonly<Record<string, string>>, name: string): string | undefined {
  return Object.hasOwn(exports, name) ? exports[name] : undefined;
}

/** Follows names defined in this file to what they hold (`const mw = clerkMiddleware(…); export default mw`). */
export function followLocal(context: ExtractorContext, node: TsNode): TsNode {
  let current = unwrapExpression(context.ts, node);
  for (let i = 0; i < MAX_WRAPPERS; i++) {
    const next = localDefinition(context, current);
    if (!next) break;
    current = unwrapExpression(context.ts, next);
  }
  return current;
}

export function joinPath(...parts: string[]): string {
  const joined = posix.join("/", ...parts.filter(Boolean));
  return joined.length > 1 ? joined.replace(/\/$/, "") : joined;
}

// ---------------------------------------------------------------------------------------
// Exports

export interface ExportedEntry {
  /** The exported name (`default` for the default export). */
  name: string;
  /** Where to report: the exporting statement or specifier. */
  decl: TsNode;
  /** What is exported: a function declaration, an initializer, an export specifier, a destructured name. */
  expr: TsNode;
}

/** The top-level exports of a file, in source order. */
export function exportsOf(context: ExtractorContext, file: string): ExportedEntry[] {
  const { ts } = context;
  const tree = context.tree(file);
  if (!tree) return [];
  const found: ExportedEntry[] = [];
  for (const stmt of tree.statements) {
    const modifiers = ts.canHaveModifiers(stmt) ? (ts.getModifiers(stmt) ?? []) : [];
    const exported = modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (exported && ts.isFunctionDeclaration(stmt) && (isDefault || stmt.name)) found.push({ name: isDefault ? "default" : stmt.name!.text, decl: stmt, expr: stmt });
    if (exported && ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer) found.push({ name: d.name.text, decl: stmt, expr: d.initializer });
        else if (!ts.isIdentifier(d.name)) for (const id of boundIdentifiers(context, d.name)) found.push({ name: id.text, decl: stmt, expr: id });
      }
    }
    if (ts.isExportAssignment(stmt) && !stmt.isExportEquals) found.push({ name: "default", decl: stmt, expr: stmt.expression });
    if (ts.isExportDeclaration(stmt) && !stmt.isTypeOnly && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
      for (const spec of stmt.exportClause.elements) if (!spec.isTypeOnly) found.push({ name: spec.name.text, decl: spec, expr: spec });
    }
  }
  return found;
}

function boundIdentifiers(context: ExtractorContext, name: TsNode): Array<TsNode & { text: string }> {
  const { ts } = context;
  if (ts.isIdentifier(name)) return [name];
  if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) {
    return name.elements.flatMap((el: TsNode) => (ts.isBindingElement(el) ? boundIdentifiers(context, el.name) : []));
  }
  return [];
}

// ---------------------------------------------------------------------------------------
// Handlers inside wrappers

export interface Unwrapped {
  handler?: { file: string; node: TsNode };
  /** The wrapper calls around the handler, outermost first. */
  chain: ChainEntry[];
}

const MAX_WRAPPERS = 6;

/**
 * The function an exported expression handles requests with. A call with a function
 * argument (`withAuth(handler)`, `auth((req) => …)`) is a wrapper: a chain entry, and the
 * handler is inside, also when passed as one of its options named in `options`
 * (`withPageAuthRequired({ getServerSideProps })`). Names are followed through the file to
 * see their wrappers; imported ones through the evaluator.
 */
export function unwrapHandler(context: ExtractorContext, file: string, expr: TsNode, options: readonly string[] = [], depth = 0): Unwrapped {
  const { ts, evaluator } = context;
  const tree = context.tree(file);
  if (!tree || depth > MAX_WRAPPERS) return { chain: [] };
  const node = unwrapExpression(ts, expr);
  if (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) return { handler: { file, node }, chain: [] };
  const local = localDefinition(context, node);
  if (local) return unwrapHandler(context, file, local, options, depth + 1);
  if (ts.isCallExpression(node)) {
    for (const arg of node.arguments) {
      const inner = unwrapHandler(context, file, optionHandler(context, arg, options) ?? arg, options, depth + 1);
      if (inner.handler) return { handler: inner.handler, chain: [{ file, node, scope: wrapperScope(context, node) }, ...inner.chain] };
    }
  }
  const value = evaluator.eval(node, { file, tree });
  return value?.kind === "function" ? { handler: { file: value.file, node: value.node }, chain: [] } : { chain: [] };
}

/** `withPageAuthRequired({ getServerSideProps() {…} })`: the handler passed as one of the wrapper's options. */
function optionHandler(context: ExtractorContext, arg: TsNode, names: readonly string[]): TsNode | undefined {
  const { ts } = context;
  const object = unwrapExpression(ts, arg);
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  for (const name of names) {
    const property = findProperty(ts, object, name);
    if (property && ts.isPropertyAssignment(property)) return property.initializer;
    if (property && (ts.isMethodDeclaration(property) || ts.isShorthandPropertyAssignment(property))) return ts.isShorthandPropertyAssignment(property) ? property.name : property;
  }
  return undefined;
}

/** A name defined in this file: its initializer or function declaration. */
export function localDefinition(context: ExtractorContext, node: TsNode): TsNode | undefined {
  const { ts } = context;
  let name: string | undefined;
  if (ts.isIdentifier(node)) name = node.text;
  else if (ts.isExportSpecifier(node) && !node.parent.parent.moduleSpecifier) name = (node.propertyName ?? node.name).text;
  if (!name) return undefined;
  const binding = resolveName(ts, name, node);
  if (binding?.kind === "function") return binding.node;
  if (binding?.kind === "variable" && binding.init && binding.path.length === 0) return binding.init;
  return undefined;
}

/** How a wrapper call around a handler is named in its chain entry's scope: `wrapper withAuth()`. */
export const WRAPPER_SCOPE = "wrapper ";

export function wrapperScope(context: ExtractorContext, call: TsNode): string {
  const { ts } = context;
  const callee = ts.isCallExpression(call) ? call.expression.getText() : call.getText();
  return `${WRAPPER_SCOPE}${callee.length > 40 ? `${callee.slice(0, 37)}…` : callee}()`;
}

// ---------------------------------------------------------------------------------------
// Routes

export interface RouteParts {
  framework: string;
  method: string;
  path: string;
  file: string;
  decl: TsNode;
  unwrapped: Unwrapped;
}

export function makeRoute(parts: RouteParts): Route {
  const { unwrapped } = parts;
  return {
    framework: parts.framework,
    method: parts.method,
    path: parts.path,
    file: parts.file,
    start: parts.decl.getStart(),
    end: parts.decl.getEnd(),
    ...(unwrapped.handler ? { handler: unwrapped.handler } : {}),
    // Fresh arrays: app middleware and hooks are added to them later.
    chain: [...unwrapped.chain],
    evidence: [],
  };
}

/** Files of the app at `root` (not of an app nested in it) matching one of the globs. */
export function appFilesAt(context: ExtractorContext, root: string, patterns: readonly string[]): string[] {
  return context.codeFiles.filter((rel) => (root ? rel.startsWith(`${root}/`) : true) && globMatches(patterns, root ? rel.slice(root.length + 1) : rel) && appRootOf(context, rel) === root);
}
