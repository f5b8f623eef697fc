/**
 * Middleware that protects only the routes its own matcher selects (Clerk's
 * `clerkMiddleware` with `createRouteMatcher` and `auth.protect()`): which calls reject
 * signed-out callers, under which path conditions, and whether a route path meets them.
 * The shapes are data (`RouteMatcherMiddleware` in `knowledge/route-conventions.ts`).
 */
import type { TsNode } from "../../facts/typescript.js";
import type { RouteMatcherMiddleware } from "../../knowledge/route-conventions.js";
import type { Value } from "../values.js";
import { EvidenceFinder } from "./evidence.js";
import { followLocal } from "./file-routes.js";
import { holds, pathConditions, regexLiteral, warnUnrunnablePattern, type ConditionReader, type PathCondition } from "./path-guards.js";
import { compilePathPattern, covers } from "./path-patterns.js";
import type { SafeRegex } from "../../util/safe-regex.js";
import type { Evidence, ExtractorContext } from "./types.js";
import { optionKind } from "./roles.js";

interface Protection {
  file: string;
  call: TsNode;
  conditions: PathCondition[];
}

export interface RouteMatcherAnalysis {
  /**
   * Rate limiting in the callback (it runs for every path the middleware's own matcher
   * covers). Its auth calls are not taken from here: they protect only what `protects` says.
   */
  rateLimits: Array<Omit<Evidence, "scope">>;
  /** The auth evidence for a route whose URL paths are these, when some protect call covers them all. */
  protects(paths: readonly string[]): Omit<Evidence, "scope"> | undefined;
  /** AU-3: protect calls covering these paths that also ask for a role or plan (`auth.protect({ role: "org:admin" })`). */
  roleChecks(paths: readonly string[]): Array<Omit<Evidence, "scope">>;
}

/** The analysis when `expr` is a call to one of the shapes' middleware factories. */
export function routeMatcherMiddleware(context: ExtractorContext, file: string, expr: TsNode, shapes: readonly RouteMatcherMiddleware[]): RouteMatcherAnalysis | undefined {
  const { ts, evaluator } = context;
  const tree = context.tree(file);
  const node = followLocal(context, expr);
  if (!tree || !ts.isCallExpression(node)) return undefined;
  const site = { file, tree };
  const callee = evaluator.eval(node.expression, site);
  const shape = shapes.find((s) => isExport(callee, s.packages, s.wrapper));
  if (!shape) return undefined;
  const index = node.arguments.findIndex((a) => evaluator.eval(a, site)?.kind === "function");
  const fn = index < 0 ? undefined : evaluator.eval(node.arguments[index]!, site);
  const protections = fn?.kind === "function" ? findProtections(context, fn.file, fn.node, shape) : [];
  const inCallback = fn?.kind === "function" ? new EvidenceFinder(context, context.project.customEvidence).inFunction(fn.file, fn.node, "") : [];
  return {
    rateLimits: inCallback.filter((e) => e.kind === "rate-limit").map(({ scope: _, ...e }) => e),
    protects(paths) {
      const hit = protections.find((p) => holds(p.conditions, paths));
      return hit && { kind: "auth", label: shape.label, file: hit.file, start: hit.call.getStart() };
    },
    roleChecks(paths) {
      return protections.flatMap((p) => {
        const kind = holds(p.conditions, paths) ? optionKind(ts, p.call) : undefined;
        return kind ? [{ kind, label: `${kind} check (${p.call.getText().slice(0, 60)})`, file: p.file, start: p.call.getStart() }] : [];
      });
    },
  };
}

function isExport(value: Value | undefined, packages: readonly string[], name: string): boolean {
  if (value?.kind === "module") return packages.includes(value.pkg) && value.path.at(-1) === name;
  return false;
}

function findProtections(context: ExtractorContext, file: string, fn: TsNode, shape: RouteMatcherMiddleware): Protection[] {
  const { ts } = context;
  const read: ConditionReader = (expr) => {
    const patterns = ts.isCallExpression(expr) ? matcherPatterns(context, file, expr.expression, shape) : undefined;
    // Selected when a pattern selects it; unknown when only a pattern the engine could not run might.
    return patterns && ((path) => patterns.some((re) => re.ok && covers(re, path)) || (patterns.some((re) => !re.ok) ? undefined : false));
  };
  const found: Protection[] = [];
  const visit = (node: TsNode): void => {
    if (ts.isCallExpression(node) && shape.protect.test(`${node.expression.getText()}(`)) found.push({ file, call: node, conditions: pathConditions(context, node, fn, read) });
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

/** `isProtectedRoute` where `const isProtectedRoute = createRouteMatcher(["/api/chat(.*)"])` (in any file). */
function matcherPatterns(context: ExtractorContext, file: string, callee: TsNode, shape: RouteMatcherMiddleware): SafeRegex[] | undefined {
  const { ts, evaluator } = context;
  const tree = context.tree(file);
  const value = tree && evaluator.eval(callee, { file, tree });
  if (value?.kind !== "made" || value.how !== "call" || value.path.length || !shape.packages.includes(value.of.pkg) || value.of.path.at(-1) !== shape.matcherFactory) return undefined;
  const origin = value.origin.node;
  const first = ts.isCallExpression(origin) ? origin.arguments[0] : undefined;
  if (!first) return undefined;
  const list = evaluator.followToExpression(first);
  const items = ts.isArrayLiteralExpression(list) ? [...list.elements] : [list];
  return items.flatMap((item) => {
    const node = evaluator.followToExpression(item);
    const pattern = ts.isStringLiteralLike(node) ? compilePathPattern(node.text) : ts.isRegularExpressionLiteral(node) ? regexLiteral(node.text) : undefined;
    if (pattern?.ok === false) warnUnrunnablePattern(context, value.origin.file, "route matcher pattern", node.getText(), pattern.reason, "routes it might select are not credited with its protection");
    return pattern ? [pattern] : [];
  });
}
