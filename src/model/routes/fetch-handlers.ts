/**
 * Fetch-handler servers (`knowledge/route-conventions.ts`, `FETCH_HANDLER_PLATFORMS`): a
 * Worker's `export default { fetch(request, env) { … } }`, `Bun.serve({ fetch })`,
 * `Deno.serve(handler)`. The one function answers every request, so it is one route, every
 * method on every path, with no middleware of a framework before it: what protects it is
 * in the handler (the evidence search reads the handler before the model call).
 */
import type { TsNode } from "../../facts/typescript.js";
import { FETCH_HANDLER_PLATFORMS, type FetchHandlerPlatform } from "../../knowledge/route-conventions.js";
import { findProperty } from "../values.js";
import { resolveName } from "../scopes.js";
import { exportsOf, followLocal, makeRoute, unwrapHandler } from "./file-routes.js";
import type { ExtractorContext, Route } from "./types.js";

const METHOD = "ALL";
const EVERY_PATH = "/*";

export function extractFetchHandlerRoutes(context: ExtractorContext): Route[] {
  const routes: Route[] = [];
  // Only a handler that can reach a model matters to the AI rules: the files importing AI code, directly or not.
  for (const rel of context.codeFiles) {
    if (!context.aiCandidates.has(rel)) continue;
    const text = context.file(rel)?.text ?? "";
    if (!text.includes("fetch") && !FETCH_HANDLER_PLATFORMS.some((p) => p.serve && text.includes(p.serve.callee))) continue;
    routes.push(...defaultExportRoutes(context, rel, text), ...serveCallRoutes(context, rel, text));
  }
  return routes;
}

/** `export default { async fetch(request, env) { … } }` (also through a local constant). */
function defaultExportRoutes(context: ExtractorContext, rel: string, text: string): Route[] {
  if (!text.includes("export default")) return [];
  const platform = FETCH_HANDLER_PLATFORMS.find((p) => p.defaultExport && servesDefaultExport(context, rel, p.defaultExport));
  if (!platform) return [];
  const { ts } = context;
  const entry = exportsOf(context, rel).find((e) => e.name === "default");
  const object = entry && followLocal(context, entry.expr);
  if (!entry || !object || !ts.isObjectLiteralExpression(object)) return [];
  const member = findProperty(ts, object, "fetch");
  const found = member && route(context, platform, rel, member, handlerOf(context, member));
  return found ? [found] : [];
}

function servesDefaultExport(context: ExtractorContext, rel: string, signals: NonNullable<FetchHandlerPlatform["defaultExport"]>): boolean {
  if (signals.dependencies.some((d) => context.project.dependsOn(rel, d))) return true;
  return (context.modules.header(rel)?.imports ?? []).some((i) => signals.imports.includes(i.specifier));
}

/** `Bun.serve({ fetch(req) { … } })`, `Deno.serve(handler)`, `Deno.serve({ port }, handler)`: on the global, not a local of that name. */
function serveCallRoutes(context: ExtractorContext, rel: string, text: string): Route[] {
  const { ts } = context;
  const platforms = FETCH_HANDLER_PLATFORMS.filter((p) => p.serve && text.includes(p.serve.callee));
  const tree = platforms.length ? context.tree(rel) : undefined;
  if (!tree) return [];
  const routes: Route[] = [];
  const visit = (node: TsNode): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(tree);
      const platform = platforms.find((p) => p.serve!.callee === callee);
      const global = callee.split(".")[0]!;
      if (platform && !resolveName(ts, global, node)) {
        for (const at of platform.serve!.handler) {
          const place = handlerArgument(context, node, at);
          const found = place && route(context, platform, rel, node, handlerOf(context, place));
          if (found) {
            routes.push(found);
            break;
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return routes;
}

/** The argument at `0.fetch`, or the last argument that is a function or names one (`last`). */
function handlerArgument(context: ExtractorContext, call: TsNode & { arguments: readonly TsNode[] }, at: string): TsNode | undefined {
  const { ts } = context;
  if (at === "last") return call.arguments[call.arguments.length - 1];
  const [index, name] = at.split(".");
  const arg = call.arguments[Number(index)];
  if (!arg || name === undefined) return arg;
  const object = followLocal(context, arg);
  return ts.isObjectLiteralExpression(object) ? findProperty(ts, object, name) : undefined;
}

/** The expression a `fetch` member or argument holds (a method is its own handler). */
function handlerOf(context: ExtractorContext, place: TsNode): TsNode {
  const { ts } = context;
  return ts.isPropertyAssignment(place) ? place.initializer : ts.isShorthandPropertyAssignment(place) ? place.name : place;
}

/** The route, when the handler is a function of the project (inside wrappers, which become its chain: `fetch: withAuth(handle)`). */
function route(context: ExtractorContext, platform: FetchHandlerPlatform, rel: string, decl: TsNode, handler: TsNode): Route | undefined {
  const unwrapped = unwrapHandler(context, rel, handler, ["fetch", "handler"]);
  return unwrapped.handler ? makeRoute({ framework: platform.framework, method: METHOD, path: EVERY_PATH, file: rel, decl, unwrapped }) : undefined;
}
