/**
 * Which framework context a handler's parameter receives (table in
 * `knowledge/framework-contexts.ts`): purely syntactic, the evaluator then asks the
 * project's context factory what the context holds.
 */
import type { Ts, TsNode } from "../facts/typescript.js";
import { FRAMEWORK_CONTEXTS, type FrameworkContext } from "../knowledge/framework-contexts.js";

/** The context a function's parameter `index`, read at `path` (`{ ctx }` is `["ctx"]`), holds when the function is a framework handler. */
export function handlerContext(ts: Ts, fn: TsNode, index: number, path: readonly string[]): FrameworkContext | undefined {
  if (index !== 0 || path.length === 0) return undefined;
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.some((a) => a === fn)) return undefined;
  const method = ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : undefined;
  if (!method) return undefined;
  return FRAMEWORK_CONTEXTS.find((c) => c.field === path[0] && c.handlerMethods.includes(method));
}
