/**
 * The code that runs for a route, as functions: its handler, the project functions the
 * handler calls (followed across files through the evaluator), and the middleware on its
 * path that are functions of the project. Rules that look inside a route's code (EH-1
 * error responses, AU-4 headers) walk these.
 */
import type { TsNode } from "../../facts/typescript.js";
import type { ExtractorContext, Route } from "./types.js";
import { WRAPPER_SCOPE } from "./file-routes.js";

export interface RouteFunction {
  file: string;
  node: TsNode;
  /** `handler`, `helper` (called by the handler, directly or not), `middleware` (a chain entry). */
  role: "handler" | "helper" | "middleware";
  /** A wrapper's function around the handler (`withAuth(handler)` returns it): what it returns is what the route answers. */
  wraps?: true;
}

const HELPER_DEPTH = 2;

/** The handler and the project functions it calls, `depth` calls deep. */
export function handlerFunctions(context: ExtractorContext, route: Route, depth = HELPER_DEPTH): RouteFunction[] {
  if (!route.handler) return [];
  const out: RouteFunction[] = [{ file: route.handler.file, node: route.handler.node, role: "handler" }];
  const seen = new Set<TsNode>([route.handler.node]);
  let frontier = [out[0]!];
  for (let level = 0; level < depth && frontier.length; level++) {
    const next: RouteFunction[] = [];
    for (const fn of frontier) {
      for (const callee of calledFunctions(context, fn.file, fn.node)) {
        if (seen.has(callee.node)) continue;
        seen.add(callee.node);
        const helper: RouteFunction = { file: callee.file, node: callee.node, role: "helper" };
        out.push(helper);
        next.push(helper);
      }
    }
    frontier = next;
  }
  return out;
}

/** Chain entries (middleware, hooks, wrappers) that are functions of the project. */
export function middlewareFunctions(context: ExtractorContext, route: Route): RouteFunction[] {
  const out: RouteFunction[] = [];
  for (const entry of route.chain) {
    const tree = context.tree(entry.file);
    if (!tree) continue;
    const value = context.evaluator.eval(entry.node, { file: entry.file, tree });
    if (value?.kind === "function" && !out.some((f) => f.node === value.node)) out.push({ file: value.file, node: value.node, role: "middleware", ...(entry.scope.startsWith(WRAPPER_SCOPE) ? { wraps: true as const } : {}) });
  }
  return out;
}

/** Project functions called (or constructed) inside a function's body. */
export function calledFunctions(context: ExtractorContext, file: string, fn: TsNode): Array<{ file: string; node: TsNode; call: TsNode }> {
  const { ts, evaluator } = context;
  const tree = context.tree(file);
  if (!tree) return [];
  const site = { file, tree };
  const out: Array<{ file: string; node: TsNode; call: TsNode }> = [];
  const visit = (node: TsNode): void => {
    if (ts.isCallExpression(node)) {
      const callee = evaluator.eval(node.expression, site);
      if (callee?.kind === "function" && callee.node !== fn && !out.some((o) => o.node === callee.node)) out.push({ file: callee.file, node: callee.node, call: node });
    }
    ts.forEachChild(node, visit);
  };
  const body = (fn as { body?: TsNode }).body ?? fn;
  ts.forEachChild(body, visit);
  return out;
}

/** The directory of the package a file belongs to (its nearest package.json), "" for the root. */
export { appRootOf as packageRootOf } from "./file-routes.js";

/** Is `node` inside `container` (same file)? */
export function within(node: TsNode, container: TsNode): boolean {
  return node.getSourceFile() === container.getSourceFile() && node.getStart() >= container.getStart() && node.getEnd() <= container.getEnd();
}

/** `A`, `A and B`, `A, B and C`, `A, B, C and 2 more`. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  const shown = items.length > 4 ? [...items.slice(0, 3), `${items.length - 3} more`] : [...items];
  return `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}
