/**
 * Remix and React Router v7 routes: the `action` (ACTION) and `loader` (LOADER) of every
 * route module. Paths come from flat-route file names (`api.chat.ts` → `/api/chat`,
 * `_index` → the parent, `$id` → `:id`, folders with `route.tsx`), or from React
 * Router's `app/routes.ts` (`route("api/chat", "routes/chat.ts")`, `index`, `layout`,
 * `prefix`, `...await flatRoutes()`). Conventions: `knowledge/route-conventions.ts`.
 */
import { unwrapExpression } from "../../facts/ast.js";
import type { TsNode } from "../../facts/typescript.js";
import { REMIX_APPS, type RemixConventions } from "../../knowledge/route-conventions.js";
import { appFiles, appFilesAt, exportsOf, followLocal, joinPath, makeRoute, methodOf, unwrapHandler, urlPath, type AppFile } from "./file-routes.js";
import type { ExtractorContext, Route } from "./types.js";

interface RouteModule {
  rel: string;
  path: string;
}

export function extractRemixRoutes(context: ExtractorContext): Route[] {
  const seen = new Set<string>();
  const routes: Route[] = [];
  for (const conv of REMIX_APPS) {
    const files = appFiles(context, conv.dependencies, conv.routes.paths);
    const roots = new Set([...files.map((f) => f.root), ...appFiles(context, conv.dependencies, conv.config?.paths ?? []).map((f) => f.root)]);
    for (const root of [...roots].sort()) {
      for (const module of routeModules(context, conv, root, files.filter((f) => f.root === root))) {
        const key = `${module.rel}\0${module.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        routes.push(...moduleRoutes(context, conv, module));
      }
    }
  }
  return routes;
}

function moduleRoutes(context: ExtractorContext, conv: RemixConventions, module: RouteModule): Route[] {
  return exportsOf(context, module.rel).flatMap((entry) => {
    const method = methodOf(conv.exports, entry.name);
    return method ? [makeRoute({ framework: conv.framework, method, path: module.path, file: module.rel, decl: entry.decl, unwrapped: unwrapHandler(context, module.rel, entry.expr) })] : [];
  });
}

/** The app's route modules: from `app/routes.ts` when there is one, else by file convention. */
function routeModules(context: ExtractorContext, conv: RemixConventions, root: string, files: readonly AppFile[]): RouteModule[] {
  const configFile = conv.config ? appFilesAt(context, root, conv.config.paths)[0] : undefined;
  if (!configFile) return flatModules(conv, files);
  const fromConfig = configModules(context, conv, configFile);
  return fromConfig.flat ? [...fromConfig.modules, ...flatModules(conv, files)] : fromConfig.modules;
}

/** `api.chat.ts`, `api.chat/route.ts`, and Remix v1 folders (`api/chat.ts`, `api/index.ts`). */
function flatModules(conv: RemixConventions, files: readonly AppFile[]): RouteModule[] {
  const modules: RouteModule[] = [];
  for (const file of files) {
    const parts = file.local.replace(conv.routes.base, "").replace(/\.[^./]+$/, "").split("/");
    let segments: string[];
    if (parts.length === 1) segments = parts[0]!.split(conv.separator);
    else if (parts.length === 2 && conv.routes.folderRoute.test(parts[1]!)) segments = parts[0]!.split(conv.separator);
    else {
      segments = parts.flatMap((p) => p.split(conv.separator));
      if (conv.nestedIndex.test(segments.at(-1) ?? "")) segments.pop();
    }
    const path = urlPath(segments, conv.segments);
    if (path !== undefined) modules.push({ rel: file.rel, path });
  }
  return modules;
}

/** The modules `app/routes.ts` names, and whether it also spreads `flatRoutes()`. */
function configModules(context: ExtractorContext, conv: RemixConventions, configFile: string): { modules: RouteModule[]; flat: boolean } {
  const { ts } = context;
  const entry = exportsOf(context, configFile).find((e) => e.name === "default");
  const list = entry && followLocal(context, entry.expr);
  const result = { modules: [] as RouteModule[], flat: false };
  if (list && ts.isArrayLiteralExpression(list)) walkConfig(context, conv, configFile, [...list.elements], "", result);
  return result;
}

function walkConfig(context: ExtractorContext, conv: RemixConventions, configFile: string, items: readonly TsNode[], prefix: string, result: { modules: RouteModule[]; flat: boolean }): void {
  const { ts } = context;
  const names = conv.config!;
  for (const item of items) {
    let node = followLocal(context, ts.isSpreadElement(item) ? item.expression : item);
    if (ts.isAwaitExpression(node)) node = unwrapExpression(ts, node.expression);
    if (ts.isArrayLiteralExpression(node)) {
      walkConfig(context, conv, configFile, [...node.elements], prefix, result);
      continue;
    }
    if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression)) continue;
    const [first, second] = node.arguments;
    const children = [...node.arguments].reverse().find((a) => ts.isArrayLiteralExpression(unwrapExpression(ts, a)));
    const nested = children ? [...(unwrapExpression(ts, children) as TsNode & { elements: readonly TsNode[] }).elements] : [];
    const callee = node.expression.text;
    const text = (n: TsNode | undefined) => (n ? stringOf(context, configFile, n) : undefined);
    if (callee === names.flatRoutes) result.flat = true;
    else if (callee === names.prefix) walkConfig(context, conv, configFile, nested, joinPath(prefix, text(first) ?? ""), result);
    else if (callee === names.index) addModule(context, configFile, text(first), joinPath(prefix), result);
    else if (callee === names.layout) {
      addModule(context, configFile, text(first), joinPath(prefix), result);
      walkConfig(context, conv, configFile, nested, prefix, result);
    } else if (callee === names.route) {
      const path = joinPath(prefix, text(first) ?? "");
      addModule(context, configFile, text(second), path, result);
      walkConfig(context, conv, configFile, nested, path, result);
    }
  }
}

function addModule(context: ExtractorContext, configFile: string, file: string | undefined, path: string, result: { modules: RouteModule[] }): void {
  if (!file) return;
  const resolved = context.modules.resolver.resolve(configFile, file.startsWith(".") ? file : `./${file}`);
  if ("file" in resolved) result.modules.push({ rel: resolved.file, path });
}

function stringOf(context: ExtractorContext, file: string, node: TsNode): string | undefined {
  const tree = context.tree(file);
  const value = tree && context.evaluator.eval(node, { file, tree });
  return value?.kind === "string" && value.exact ? value.text : undefined;
}
