/**
 * SvelteKit routes: `+server.ts` endpoints (`export const POST: RequestHandler = …`),
 * form actions and the server `load` of `+page.server.ts`, and `hooks.server.ts`'s
 * `handle` (each handle of a `sequence(…)`) on every route of the app.
 * Conventions: `knowledge/route-conventions.ts`.
 */
import { propertyNameText } from "../../facts/ast.js";
import type { TsNode } from "../../facts/typescript.js";
import { SVELTEKIT as S } from "../../knowledge/route-conventions.js";
import { appFiles, appFilesAt, exportsOf, followLocal, makeRoute, methodOf, routeFilePath, unwrapHandler, type AppFile } from "./file-routes.js";
import { EvidenceFinder } from "./evidence.js";
import { deferredFileRoutes } from "./deferred.js";
import { attachHooks, pathAwareHook, type Hook } from "./path-guards.js";
import type { ChainEntry, ExtractorContext, Route } from "./types.js";

export function extractSvelteKitRoutes(context: ExtractorContext): Route[] {
  const routes: Array<{ route: Route; root: string }> = [];
  for (const file of appFiles(context, S.dependencies, S.endpoints.paths)) routes.push(...endpointRoutes(context, file).map((route) => ({ route, root: file.root })));
  for (const file of appFiles(context, S.dependencies, S.pageServer.paths)) routes.push(...pageServerRoutes(context, file).map((route) => ({ route, root: file.root })));
  const finder = new EvidenceFinder(context, context.project.customEvidence);
  const hooks = new Map<string, Hook[]>();
  for (const { route, root } of routes) {
    if (!hooks.has(root)) hooks.set(root, handleHooks(context, root).map((entry) => pathAwareHook(context, finder, entry)));
    // A form action posts to its page: `/ask?/named` is `/ask` to a hook.
    attachHooks(route, hooks.get(root)!, [route.path.split("?")[0]!]);
  }
  return routes.map((r) => r.route);
}

function endpointRoutes(context: ExtractorContext, file: AppFile): Route[] {
  const path = routeFilePath(file.local, S.endpoints, S.segments);
  if (path === undefined) return [];
  // An endpoint that cannot reach a model is parsed only if a rule asks for a handler.
  const deferred = deferredFileRoutes(context, file.rel, S.framework, path, S.endpoints.exports);
  if (deferred) return deferred;
  return exportsOf(context, file.rel).flatMap((entry) => {
    const method = methodOf(S.endpoints.exports, entry.name);
    return method ? [makeRoute({ framework: S.framework, method, path, file: file.rel, decl: entry.decl, unwrapped: unwrapHandler(context, file.rel, entry.expr) })] : [];
  });
}

/** `export const actions = { default: …, named: … }` (path `?/named`) and `export const load`. */
function pageServerRoutes(context: ExtractorContext, file: AppFile): Route[] {
  const { ts } = context;
  const path = routeFilePath(file.local, S.pageServer, S.segments);
  if (path === undefined) return [];
  const routes: Route[] = [];
  for (const entry of exportsOf(context, file.rel)) {
    const method = methodOf(S.pageServer.exports, entry.name);
    if (method) routes.push(makeRoute({ framework: S.framework, method, path, file: file.rel, decl: entry.decl, unwrapped: unwrapHandler(context, file.rel, entry.expr) }));
    if (entry.name !== S.pageServer.actions) continue;
    const actions = followLocal(context, entry.expr);
    if (!ts.isObjectLiteralExpression(actions)) continue;
    for (const property of actions.properties) {
      const name = property.name && propertyNameText(ts, property.name);
      const value = actionValue(context, property);
      if (!name || !value) continue;
      const actionPath = name === S.pageServer.defaultAction ? path : `${path}?/${name}`;
      routes.push(makeRoute({ framework: S.framework, method: S.pageServer.actionMethod, path: actionPath, file: file.rel, decl: property, unwrapped: unwrapHandler(context, file.rel, value) }));
    }
  }
  return routes;
}

/** `named: async (event) => …`, `async named(event) { … }`, `named` (shorthand). */
function actionValue(context: ExtractorContext, property: TsNode): TsNode | undefined {
  const { ts } = context;
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isMethodDeclaration(property)) return property;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}

/** `export const handle` of `hooks.server.ts`: one chain entry, or one per handle of `sequence(a, b)`. */
function handleHooks(context: ExtractorContext, root: string): ChainEntry[] {
  const { ts, evaluator } = context;
  const file = appFilesAt(context, root, S.hooks.paths)[0];
  const tree = file ? context.tree(file) : undefined;
  const entry = file ? exportsOf(context, file).find((e) => e.name === S.hooks.export) : undefined;
  if (!file || !tree || !entry) return [];
  const node = followLocal(context, entry.expr);
  if (ts.isCallExpression(node)) {
    const callee = evaluator.eval(node.expression, { file, tree });
    if (callee?.kind === "module" && S.sequence.packages.includes(callee.pkg) && callee.path.at(-1) === S.sequence.export) {
      return node.arguments.map((arg) => ({ file, node: arg, scope: S.hooks.scope }));
    }
  }
  return [{ file, node: entry.expr, scope: S.hooks.scope }];
}
