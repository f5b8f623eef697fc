/**
 * Next.js routes: app router route handlers (`app/api/chat/route.ts` exporting `POST`),
 * pages API routes (`pages/api/chat.ts`), pages' `getServerSideProps`, server actions
 * (`"use server"` files and functions), and the middleware (`middleware.ts`, Next 16's
 * `proxy.ts`) on each of them when its `config.matcher` covers the route (for an action:
 * the pages that use it). Conventions: `knowledge/route-conventions.ts`.
 */
import { posix } from "node:path";
import type { TsNode } from "../../facts/typescript.js";
import { isTestFile } from "../../facts/test-files.js";
import { declaredMajor, manifestsFor } from "../packages.js";
import { NEXTJS as N } from "../../knowledge/route-conventions.js";
import { findProperty } from "../values.js";
import { appFiles, appFilesAt, exportsOf, globMatches, makeRoute, methodOf, routeFilePath, unwrapHandler, type AppFile, type ExportedEntry } from "./file-routes.js";
import { EvidenceFinder } from "./evidence.js";
import { deferredFileRoutes } from "./deferred.js";
import { attachHooks, pathAwareHook, warnUnrunnablePattern, type Hook } from "./path-guards.js";
import { routeMatcherMiddleware, type RouteMatcherAnalysis } from "./route-matchers.js";
import { compilePathPattern, covers, type PathPattern } from "./path-patterns.js";
import type { ExtractorContext, Route } from "./types.js";

const CODE_FILES = ["**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}"];
const MAX_IMPORTERS = 200;

interface Found {
  route: Route;
  root: string;
  /** For server actions: the paths of the pages that use them (they post to the page's URL). */
  pages?: string[];
}

interface Middleware {
  file: string;
  /** The expression Next runs, unless it is a route-matcher middleware, analysed here instead. */
  hook?: (scope: string) => Hook;
  /** `config.matcher` as patterns; undefined: every path. */
  matchers?: PathPattern[];
  routeMatcher?: RouteMatcherAnalysis;
}

export function extractNextRoutes(context: ExtractorContext): Route[] {
  const found = [...routeHandlers(context), ...pagesRouterRoutes(context), ...serverActions(context)];
  const middleware = new Map<string, Middleware | undefined>();
  const finder = new EvidenceFinder(context, context.project.customEvidence);
  for (const f of found) {
    if (!middleware.has(f.root)) middleware.set(f.root, readMiddleware(context, finder, f.root));
    const mw = middleware.get(f.root);
    if (mw) applyMiddleware(mw, f);
  }
  return found.map((f) => f.route);
}

// ---------------------------------------------------------------------------------------
// Routes

function routeHandlers(context: ExtractorContext): Found[] {
  const found: Found[] = [];
  for (const file of appFiles(context, N.dependencies, N.appRoutes.paths)) {
    const path = routeFilePath(file.local, N.appRoutes, N.segments);
    if (path === undefined) continue;
    // A route file that cannot reach a model is parsed only if a rule asks for a handler.
    const deferred = deferredFileRoutes(context, file.rel, N.framework, path, N.appRoutes.exports, [undefined, "handler"]);
    if (deferred) {
      for (const route of deferred) found.push({ route, root: file.root });
      continue;
    }
    for (const entry of exportsOf(context, file.rel)) {
      const method = methodOf(N.appRoutes.exports, entry.name);
      if (method) found.push(routeOf(context, file, entry, method, path));
    }
  }
  return found;
}

/** API routes (`pages/api/**`) and the pages' `getServerSideProps` (`_app`, `_document` are private). */
function pagesRouterRoutes(context: ExtractorContext): Found[] {
  const found: Found[] = [];
  for (const file of appFiles(context, N.dependencies, N.pagesData.paths)) {
    const files = globMatches(N.pagesApi.paths, file.local) ? N.pagesApi : N.pagesData;
    const path = routeFilePath(file.local, files, N.segments);
    if (path === undefined) continue;
    // Pages and API routes that cannot reach a model are parsed only if a rule asks for a handler.
    const deferred = deferredFileRoutes(context, file.rel, N.framework, path, files.exports, [undefined, "handler"]);
    if (deferred) {
      for (const route of deferred) found.push({ route, root: file.root });
      continue;
    }
    for (const entry of exportsOf(context, file.rel)) {
      const method = methodOf(files.exports, entry.name);
      if (method) found.push(routeOf(context, file, entry, method, path));
    }
  }
  return found;
}

function routeOf(context: ExtractorContext, file: AppFile, entry: ExportedEntry, method: string, path: string): Found {
  const unwrapped = unwrapHandler(context, file.rel, entry.expr, [entry.name, "handler"]);
  const route = makeRoute({ framework: N.framework, method, path, file: file.rel, decl: entry.decl, unwrapped });
  return { route, root: file.root };
}

// ---------------------------------------------------------------------------------------
// Server actions

function serverActions(context: ExtractorContext): Found[] {
  const { directive } = N.serverActions;
  const pages = pagePaths(context);
  const found: Found[] = [];
  for (const file of appFiles(context, N.dependencies, CODE_FILES)) {
    // A test's actions are its fixtures, not the app's (and its text is let go after the per-file rules).
    if (isTestFile(file.rel)) continue;
    // A directive is a quoted string (`"use server"`), never the words inside "reuse server".
    const text = context.file(file.rel)?.text;
    if (!text || (!text.includes(`"${directive}"`) && !text.includes(`'${directive}'`))) continue;
    const usedBy = pagesReaching(context, file.rel, pages);
    const isModule = context.modules.header(file.rel)?.directive === directive;
    // A "use server" module reaches the client only through an import (a client component's, or a
    // page's that passes an action down or into a form): a module nothing imports exposes nothing.
    if (isModule && !context.modules.importersOf(file.rel).some((edge) => !edge.record.typeOnly)) continue;
    const actions = isModule ? moduleActions(context, file) : inlineActions(context, file);
    for (const route of actions) found.push({ route, root: file.root, pages: usedBy });
  }
  return found;
}

/**
 * Every export of a `"use server"` file is an action; from Next 15, only those some module
 * imports (an unused one gets no id, so no client can call it).
 */
function moduleActions(context: ExtractorContext, file: AppFile): Route[] {
  const routes: Route[] = [];
  const { manifests } = context.project;
  const major = declaredMajor("next", manifestsFor(file.rel, manifests), manifests);
  const imported = major !== undefined && major >= N.serverActions.unusedDroppedSince ? importedNames(context, file.rel) : undefined;
  for (const entry of exportsOf(context, file.rel)) {
    if (imported && !imported.has(entry.name) && !imported.has("*")) continue;
    const unwrapped = unwrapHandler(context, file.rel, entry.expr);
    if (!unwrapped.handler) continue;
    const name = entry.name === "default" ? (functionName(context, unwrapped.handler.node) ?? "default") : entry.name;
    routes.push(makeRoute({ framework: N.framework, method: N.serverActions.method, path: name, file: file.rel, decl: entry.decl, unwrapped }));
  }
  return routes;
}

/** The names other modules import from a file (`*`: all of them, as a namespace, a re-export of everything, a `require` or a dynamic import may use any). */
function importedNames(context: ExtractorContext, rel: string): Set<string> {
  const names = new Set<string>();
  for (const edge of context.modules.importersOf(rel)) {
    if (edge.record.typeOnly) continue;
    if (edge.record.names.length === 0) names.add("*");
    for (const name of edge.record.names) names.add(name.imported);
  }
  return names;
}

/** Functions whose body starts with `"use server"` (in a server component or any module). */
function inlineActions(context: ExtractorContext, file: AppFile): Route[] {
  const { ts } = context;
  const tree = context.tree(file.rel);
  if (!tree) return [];
  const routes: Route[] = [];
  const visit = (node: TsNode): void => {
    if (ts.isFunctionLike(node) && hasDirective(context, node)) {
      const path = functionName(context, node) ?? "(inline action)";
      routes.push(makeRoute({ framework: N.framework, method: N.serverActions.method, path, file: file.rel, decl: node, unwrapped: { handler: { file: file.rel, node }, chain: [] } }));
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return routes;
}

function hasDirective(context: ExtractorContext, fn: TsNode): boolean {
  const { ts } = context;
  const body = (fn as { body?: TsNode }).body;
  const first = body && ts.isBlock(body) ? body.statements[0] : undefined;
  return Boolean(first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === N.serverActions.directive);
}

function functionName(context: ExtractorContext, fn: TsNode): string | undefined {
  const { ts } = context;
  const named = (fn as { name?: TsNode }).name;
  if (named && ts.isIdentifier(named)) return named.text;
  const parent = fn.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** App router pages by file, with their URL paths. */
function pagePaths(context: ExtractorContext): Map<string, string> {
  const pages = new Map<string, string>();
  for (const file of appFiles(context, N.dependencies, N.pages.paths)) {
    const path = routeFilePath(file.local, N.pages, N.segments);
    if (path !== undefined) pages.set(file.rel, path);
  }
  return pages;
}

/** The pages that import a file (directly or through components), itself included. */
function pagesReaching(context: ExtractorContext, rel: string, pages: ReadonlyMap<string, string>): string[] {
  const seen = new Set([rel]);
  const queue = [rel];
  const paths = new Set<string>();
  for (let i = 0; i < queue.length && i < MAX_IMPORTERS; i++) {
    const page = pages.get(queue[i]!);
    if (page !== undefined) paths.add(page);
    for (const edge of context.modules.importersOf(queue[i]!)) {
      if (seen.has(edge.from)) continue;
      seen.add(edge.from);
      queue.push(edge.from);
    }
  }
  return [...paths].sort();
}

// ---------------------------------------------------------------------------------------
// Middleware

function readMiddleware(context: ExtractorContext, finder: EvidenceFinder, root: string): Middleware | undefined {
  const file = appFilesAt(context, root, N.middleware.paths)[0];
  if (!file) return undefined;
  const exported = exportsOf(context, file);
  const entry = N.middleware.exports.map((name) => exported.find((e) => e.name === name)).find((e) => e !== undefined);
  if (!entry) return undefined;
  const matchers = readMatchers(context, file, exported);
  const routeMatcher = routeMatcherMiddleware(context, file, entry.expr, N.routeMatcherMiddleware);
  if (routeMatcher) return { file, matchers, routeMatcher };
  return { file, matchers, hook: (scope) => pathAwareHook(context, finder, { file, node: entry.expr, scope }) };
}

/**
 * `export const config = { matcher: "/api/:path*" | [...] | [{ source }] }`; undefined: every path.
 * A pattern the linear-time engine cannot run selects no route (its protection is not credited), with a warning.
 */
function readMatchers(context: ExtractorContext, file: string, exported: readonly ExportedEntry[]): PathPattern[] | undefined {
  const { ts, evaluator } = context;
  const config = exported.find((e) => e.name === N.middleware.config);
  const object = config && evaluator.followToExpression(config.expr);
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  const property = findProperty(ts, object, N.middleware.matcher);
  if (!property || !ts.isPropertyAssignment(property)) return undefined;
  const value = evaluator.followToExpression(property.initializer);
  const items = ts.isArrayLiteralExpression(value) ? [...value.elements] : [value];
  const patterns = items.flatMap((item) => {
    const source = matcherSource(context, file, item);
    const compiled = source === undefined ? undefined : compilePathPattern(source);
    if (compiled?.ok === false) {
      warnUnrunnablePattern(context, file, "middleware matcher", source!, compiled.reason, "no route is credited with this middleware's protection");
      return [SELECTS_NOTHING];
    }
    return compiled?.ok ? [compiled] : [];
  });
  return patterns.length ? patterns : undefined;
}

const SELECTS_NOTHING: PathPattern = { test: () => false };

function matcherSource(context: ExtractorContext, file: string, item: TsNode): string | undefined {
  const { ts, evaluator } = context;
  const tree = context.tree(file)!;
  let node = evaluator.followToExpression(item);
  if (ts.isObjectLiteralExpression(node)) {
    const source = findProperty(ts, node, N.middleware.matcherSource);
    if (!source || !ts.isPropertyAssignment(source)) return undefined;
    node = source.initializer;
  }
  const value = evaluator.eval(node, { file, tree });
  return value?.kind === "string" && value.exact ? value.text : undefined;
}

function applyMiddleware(mw: Middleware, found: Found): void {
  const paths = found.pages ?? [found.route.path];
  const name = posix.basename(mw.file);
  if (mw.matchers && (paths.length === 0 || !paths.every((p) => mw.matchers!.some((re) => covers(re, p))))) return;
  const scope = mw.matchers ? `${name} (matcher covers ${paths[0]})` : `${name} (no matcher: every path)`;
  if (mw.hook) attachHooks(found.route, [mw.hook(scope)], paths);
  if (!mw.routeMatcher) return;
  const protection = mw.routeMatcher.protects(paths);
  for (const e of [...(protection ? [protection] : []), ...mw.routeMatcher.rateLimits, ...mw.routeMatcher.roleChecks(paths)]) found.route.evidence.push({ ...e, scope });
}
