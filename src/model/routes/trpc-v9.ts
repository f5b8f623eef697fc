/**
 * tRPC v9 routes: procedures declared on a router chain (`createRouter().mutation("ask",
 * { input, resolve })`), at their dotted path through `.merge("prefix.", sub)`, with the
 * `.middleware(fn)` links before them (in their router and in the routers that merge it)
 * as their chain. A router is identified by the call that made it, followed by the
 * evaluator through project factories (`createRouter = () => router<Context>()`).
 * The names are data in `knowledge/route-conventions-nest-trpc.ts`.
 */
import { unwrapExpression } from "../../facts/ast.js";
import { findProperty } from "../values.js";
import { returnedExpressions } from "./definitions.js";
import { TRPC_V9_CONVENTIONS as V9 } from "../../knowledge/route-conventions-nest-trpc.js";
import type { TsNode } from "../../facts/typescript.js";
import type { ts as TsNamespace } from "ts-morph";
import type { Site } from "../values.js";
import type { ChainEntry, ExtractorContext, Route } from "./types.js";

interface Router {
  procedures: Array<{ name: string; method: string; call: TsNamespace.CallExpression; options: TsNode | undefined; site: Site; order: number }>;
  merges: Array<{ prefix: string; child: string; order: number }>;
  middleware: Array<{ entry: ChainEntry; order: number }>;
  merged: boolean;
}

/** Links of one router chain followed back to its start. */
const MAX_CHAIN = 256;
/** Routers merged into routers merged into… followed this deep. */
const MAX_NESTING = 16;
const LINKS = new Set([...Object.keys(V9.procedures), V9.merge, V9.middleware]);

export function extractTrpcV9Routes(context: ExtractorContext): Route[] {
  const files = filesToWalk(context);
  if (files.length === 0) return [];
  return new TrpcV9Routes(context).run(files);
}

/** Files that import `@trpc/server`, or a project file that does (a `createRouter` factory). */
function filesToWalk(context: ExtractorContext): string[] {
  const direct = new Set(context.codeFiles.filter((f) => context.modules.importsPackage(f, V9.package)));
  if (direct.size === 0) return [];
  return context.codeFiles.filter((f) => direct.has(f) || context.modules.importsOf(f).some((e) => e.target && !e.record.typeOnly && direct.has(e.target)));
}

class TrpcV9Routes {
  private readonly routers = new Map<string, Router>();
  private order = 0;

  constructor(private readonly context: ExtractorContext) {}

  run(files: readonly string[]): Route[] {
    const { ts } = this.context;
    for (const file of files) {
      const tree = this.context.tree(file);
      if (!tree) continue;
      const site = { file, tree };
      // Receivers before their calls: a chain's links are seen in source order.
      const visit = (node: TsNode): void => {
        ts.forEachChild(node, visit);
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && LINKS.has(node.expression.name.text)) this.link(node, site);
      };
      ts.forEachChild(tree, visit);
    }
    const routes: Route[] = [];
    const reached = new Set<string>();
    for (const [key, router] of this.routers) if (!router.merged) this.emit(key, "", [], routes, 0, reached);
    // Routers merged only in a circle have no root: each is reported from itself.
    for (const key of this.routers.keys()) if (!reached.has(key)) this.emit(key, "", [], routes, 0, reached);
    return routes;
  }

  private link(call: TsNamespace.CallExpression, site: Site): void {
    const { ts, evaluator } = this.context;
    const name = (call.expression as TsNamespace.PropertyAccessExpression).name.text;
    const args = call.arguments;
    const method = V9.procedures[name];
    // v9 procedures take a name first; v10's `.query(fn)` is left to trpc.ts.
    if (method && !(args[0] && ts.isStringLiteralLike(args[0]))) return;
    const router = this.routerOf(chainStart(ts, call), site);
    if (!router) return;
    const order = this.order++;
    if (method) {
      router.procedures.push({ name: (args[0] as TsNamespace.StringLiteralLike).text, method, call, options: args[1], site, order });
    } else if (name === V9.merge && args.length > 0) {
      const prefix = args.length > 1 ? evaluator.eval(args[0]!, site) : undefined;
      const child = this.routerKey(args[args.length - 1]!, site);
      const sub = child && child !== this.routerKey(chainStart(ts, call), site) ? this.routerOf(args[args.length - 1]!, site) : undefined;
      if (child && sub) {
        sub.merged = true;
        router.merges.push({ prefix: prefix?.kind === "string" ? prefix.text : "", child, order });
      }
    } else if (name === V9.middleware && args[0]) {
      router.middleware.push({ entry: { file: site.file, node: args[0], scope: `.middleware() of the router (${site.file})` }, order });
    }
  }

  private routerOf(start: TsNode, site: Site): Router | undefined {
    const made = this.madeAt(start, site);
    if (!made) return undefined;
    const key = `${made.file}:${made.node.getStart()}`;
    let router = this.routers.get(key);
    if (!router) {
      const tree = this.context.tree(made.file);
      const guards = tree ? this.factoryMiddleware(made.node, { file: made.file, tree }, 0).map((entry) => ({ entry, order: -1 })) : [];
      router = { procedures: [], merges: [], middleware: guards, merged: false };
      this.routers.set(key, router);
    }
    return router;
  }

  /**
   * `createProtectedRouter()` whose body returns `createRouter().middleware(fn)`: the
   * middleware of the factory's chain runs before every procedure of each router it makes,
   * and so do those of the factories it builds on.
   */
  private factoryMiddleware(start: TsNode, site: Site, depth: number): ChainEntry[] {
    const { ts, evaluator } = this.context;
    const call = unwrapExpression(ts, evaluator.followToExpression(start));
    if (depth > MAX_NESTING || !ts.isCallExpression(call)) return [];
    const fn = evaluator.eval(call.expression, site);
    const tree = fn?.kind === "function" ? this.context.tree(fn.file) : undefined;
    const returned = fn?.kind === "function" && tree ? returnedExpressions(this.context, fn.node)[0] : undefined;
    if (!returned || fn?.kind !== "function" || !tree) return [];
    const name = ts.isFunctionDeclaration(fn.node) && fn.node.name ? fn.node.name.text : "the router factory";
    const links: ChainEntry[] = [];
    let node = unwrapExpression(ts, returned);
    for (let steps = 0; steps < MAX_CHAIN && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && LINKS.has(node.expression.name.text); steps++) {
      if (node.expression.name.text === V9.middleware && node.arguments[0]) links.unshift({ file: fn.file, node: node.arguments[0], scope: `.middleware() of ${name} (${fn.file})` });
      node = unwrapExpression(ts, node.expression.expression);
    }
    return [...this.factoryMiddleware(node, { file: fn.file, tree }, depth + 1), ...links];
  }

  /** `router()` from `@trpc/server`, directly or through a factory or a name: the call that made this router. */
  private routerKey(expr: TsNode, site: Site): string | undefined {
    const at = this.madeAt(expr, site);
    return at && `${at.file}:${at.node.getStart()}`;
  }

  /** The call that made this router: `router()` itself, or the project factory call that returned it. */
  private madeAt(expr: TsNode, site: Site): { file: string; node: TsNode } | undefined {
    const value = this.context.evaluator.eval(expr, site);
    if (value?.kind !== "made" || value.path.length > 0 || value.of.pkg !== V9.package || value.of.path[value.of.path.length - 1] !== V9.routerExport) return undefined;
    return value.instance ?? value.origin;
  }

  private emit(key: string, prefix: string, inherited: ChainEntry[], routes: Route[], depth: number, reached: Set<string>, path: ReadonlySet<string> = new Set()): void {
    const router = this.routers.get(key);
    if (!router || depth > MAX_NESTING || path.has(key)) return;
    reached.add(key);
    const inside = new Set(path).add(key);
    const before = (order: number) => [...inherited, ...router.middleware.filter((m) => m.order < order).map((m) => m.entry)];
    for (const p of router.procedures) {
      const handler = this.resolver(p.options, p.site);
      routes.push({
        framework: "trpc",
        method: p.method,
        path: prefix + p.name,
        file: p.site.file,
        start: (p.call.expression as TsNamespace.PropertyAccessExpression).name.getStart(),
        end: p.call.getEnd(),
        ...(handler ? { handler } : {}),
        chain: before(p.order),
        evidence: [],
      });
    }
    for (const m of router.merges) this.emit(m.child, prefix + m.prefix, before(m.order), routes, depth + 1, reached, inside);
  }

  /** The `resolve` function of a procedure's options. */
  private resolver(options: TsNode | undefined, site: Site): { file: string; node: TsNode } | undefined {
    const { ts, evaluator } = this.context;
    if (!options) return undefined;
    const object = evaluator.eval(options, site);
    if (object?.kind !== "object") return undefined;
    const property = findProperty(ts, object.node, V9.resolver);
    const tree = this.context.tree(object.file);
    if (!property || !tree) return undefined;
    const fn = ts.isMethodDeclaration(property)
      ? { kind: "function" as const, file: object.file, node: property }
      : ts.isPropertyAssignment(property)
        ? evaluator.eval(property.initializer, { file: object.file, tree })
        : ts.isShorthandPropertyAssignment(property)
          ? evaluator.eval(property.name, { file: object.file, tree })
          : undefined;
    return fn?.kind === "function" ? { file: fn.file, node: fn.node } : undefined;
  }
}

/** `createRouter().query(…).merge(…)`: the expression the chain starts from. */
function chainStart(ts: typeof TsNamespace, call: TsNamespace.CallExpression): TsNode {
  let node: TsNode = (call.expression as TsNamespace.PropertyAccessExpression).expression;
  for (let steps = 0; steps < MAX_CHAIN && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && LINKS.has(node.expression.name.text); steps++) {
    node = node.expression.expression;
  }
  return node;
}
