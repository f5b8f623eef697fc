/**
 * tRPC routes: every procedure (`.query(fn)`, `.mutation(fn)`, `.subscription(fn)`) of
 * the routers built with the instance's `router` (`t.router`, or a name bound to it such
 * as `createTRPCRouter`) and `mergeRouters`, at its dotted path from the root router.
 * The chain is every `.use(mw)` of the procedure's builder, followed through the names
 * it is built from (`protectedProcedure = t.procedure.use(isAuthed)`) across files; the
 * evidence engine judges each middleware. The names are data in
 * `knowledge/route-conventions-nest-trpc.ts`.
 */
import { propertyNameText, unwrapExpression, walk } from "../../facts/ast.js";
import type { TsNode } from "../../facts/typescript.js";
import { TRPC_CONVENTIONS as TRPC } from "../../knowledge/route-conventions-nest-trpc.js";
import type { ts as TsNamespace } from "ts-morph";
import { definitionOf, type Located } from "./definitions.js";
import type { ChainEntry, ExtractorContext, Route } from "./types.js";

type Site = Omit<Located, "node">;
type RouterKind = "router" | "merge";

interface Builder {
  entries: ChainEntry[];
}

/** What a walk over a router does with the nested routers and the procedures it meets. */
interface RouterVisitor {
  /** A nested router: walk into it? */
  router(node: TsNode): boolean;
  procedure(property: TsNamespace.ObjectLiteralElementLike, site: Site, path: string, definition: Located & { node: TsNamespace.CallExpression }): void;
  /** Nested routers still to be walked into from this root (a router held under two keys at each of twenty levels is a million paths). */
  routersLeft: number;
}

const MAX_DEPTH = 16;
/** Nested routers walked into from one root router: real apps nest tens. */
const MAX_ROUTER_VISITS = 1024;

export function extractTrpcRoutes(context: ExtractorContext): Route[] {
  if (!context.codeFiles.some((file) => context.modules.importsPackage(file, TRPC.init.package))) return [];
  return new TrpcRoutes(context).routes();
}

class TrpcRoutes {
  private readonly instances = new Map<TsNode, boolean>();
  private readonly routers = new Map<TsNode, { kind: RouterKind; site: Site }>();

  constructor(private readonly context: ExtractorContext) {}

  routes(): Route[] {
    this.findRouters();
    // Which routers sit inside another: each router's own record says, without walking into the routers it holds.
    const nested = new Set<TsNode>();
    for (const [node, r] of this.routers) {
      const collect: RouterVisitor = { router: (inner) => (nested.add(inner), false), procedure: () => undefined, routersLeft: 0 };
      this.walkRouter(node, r.site, "", collect, new Set());
    }
    const routes: Route[] = [];
    for (const [node, r] of this.routers) {
      if (nested.has(node)) continue;
      const emit: RouterVisitor = { router: () => true, procedure: (property, site, path, def) => routes.push(this.route(property, site, path, def)), routersLeft: MAX_ROUTER_VISITS };
      this.walkRouter(node, r.site, "", emit, new Set());
    }
    return routes;
  }

  /** Every `router({...})` and `mergeRouters(...)` call of the project. */
  private findRouters(): void {
    const { ts } = this.context;
    for (const file of this.context.codeFiles) {
      const tree = this.context.tree(file);
      if (!tree) continue;
      const site = { file, tree };
      walk(ts, tree, (node) => {
        if (!ts.isCallExpression(node) || !this.mayBeRouter(node)) return;
        const kind = this.routerKind(node.expression, site);
        if (kind) this.routers.set(node, { kind, site });
      });
    }
  }

  /** A cheap syntactic filter before resolving the callee: a record argument, or a factory's own name. */
  private mayBeRouter(call: TsNamespace.CallExpression): boolean {
    const { ts } = this.context;
    const first = call.arguments[0] && unwrapExpression(ts, call.arguments[0]);
    if (first && ts.isObjectLiteralExpression(first)) return true;
    const callee = call.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    return name !== undefined && (TRPC.routerFactories.includes(name) || TRPC.mergeFactories.includes(name));
  }

  /** `t.router`, `t.mergeRouters`, or a name bound to one of them (`createTRPCRouter`). */
  private routerKind(callee: TsNode, site: Site): RouterKind | undefined {
    const { ts } = this.context;
    const def = definitionOf(this.context, callee, site);
    const node = def.node;
    const name = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isIdentifier(node) ? node.text : undefined;
    if (!name) return undefined;
    const kind: RouterKind | undefined = TRPC.routerFactories.includes(name) ? "router" : TRPC.mergeFactories.includes(name) ? "merge" : undefined;
    if (!kind) return undefined;
    if (ts.isPropertyAccessExpression(node)) return this.isInstance(node.expression, def) ? kind : undefined;
    // `mergeRouters` imported from `@trpc/server` itself.
    const value = this.context.evaluator.eval(node, def);
    return value?.kind === "module" && value.pkg === TRPC.init.package ? kind : undefined;
  }

  /** `initTRPC.context<C>().create(…)`, followed from a name (`t`). */
  private isInstance(expr: TsNode, site: Site): boolean {
    const { ts } = this.context;
    const def = definitionOf(this.context, expr, site);
    const known = this.instances.get(def.node);
    if (known !== undefined) return known;
    let result = false;
    const node = def.node;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === TRPC.init.create) {
      let root: TsNode = node.expression.expression;
      while (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root)) root = root.expression;
      const value = this.context.evaluator.eval(root, def);
      result = value?.kind === "module" && value.pkg === TRPC.init.package && TRPC.init.exports.includes(value.path[value.path.length - 1] ?? "");
    }
    this.instances.set(def.node, result);
    return result;
  }

  private walkRouter(node: TsNode, site: Site, prefix: string, visit: RouterVisitor, seen: Set<TsNode>): void {
    const router = this.routers.get(node);
    if (!router || seen.has(node) || seen.size > MAX_DEPTH) return;
    const inner = new Set(seen).add(node);
    const call = node as TsNamespace.CallExpression;
    if (router.kind === "merge") {
      for (const arg of call.arguments) this.walkValue(arg, site, prefix, undefined, visit, inner);
      return;
    }
    const object = call.arguments[0] && definitionOf(this.context, call.arguments[0], site);
    if (object && this.context.ts.isObjectLiteralExpression(object.node)) this.walkObject(object.node, object, prefix, visit, inner);
  }

  /** The procedures, nested routers and nested plain objects of a router's record. */
  private walkObject(object: TsNamespace.ObjectLiteralExpression, site: Site, prefix: string, visit: RouterVisitor, seen: Set<TsNode>): void {
    const { ts } = this.context;
    for (const property of object.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = definitionOf(this.context, property.expression, site);
        if (ts.isObjectLiteralExpression(spread.node) && !seen.has(spread.node)) this.walkObject(spread.node, spread, prefix, visit, new Set(seen).add(spread.node));
        continue;
      }
      const key = property.name && propertyNameText(ts, property.name);
      const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
      if (key === undefined || !value) continue;
      this.walkValue(value, site, prefix ? `${prefix}.${key}` : key, property, visit, seen);
    }
  }

  /** A router record's value: a procedure, a router, or a plain object of more. */
  private walkValue(value: TsNode, site: Site, path: string, property: TsNamespace.ObjectLiteralElementLike | undefined, visit: RouterVisitor, seen: Set<TsNode>): void {
    const { ts } = this.context;
    const def = definitionOf(this.context, value, site);
    if (this.routers.has(def.node)) {
      if (!visit.router(def.node) || visit.routersLeft <= 0) return;
      visit.routersLeft--;
      this.walkRouter(def.node, def, path, visit, seen);
    } else if (ts.isObjectLiteralExpression(def.node) && !seen.has(def.node)) {
      this.walkObject(def.node, def, path, visit, new Set(seen).add(def.node));
    } else if (property && ts.isCallExpression(def.node) && ts.isPropertyAccessExpression(def.node.expression) && TRPC.handlers[def.node.expression.name.text]) {
      visit.procedure(property, site, path, { ...def, node: def.node });
    }
  }

  private route(property: TsNamespace.ObjectLiteralElementLike, site: Site, path: string, def: Located & { node: TsNamespace.CallExpression }): Route {
    const callee = def.node.expression as TsNamespace.PropertyAccessExpression;
    const fnArg = def.node.arguments[0];
    const fn = fnArg && this.context.evaluator.eval(fnArg, def);
    return {
      framework: "trpc",
      method: TRPC.handlers[callee.name.text]!,
      path,
      file: site.file,
      start: property.getStart(site.tree),
      end: property.getEnd(),
      ...(fn?.kind === "function" ? { handler: { file: fn.file, node: fn.node } } : {}),
      chain: this.builder(callee.expression, def, 0).entries,
      evidence: [],
    };
  }

  /** The middleware of a procedure builder, outermost first. */
  private builder(expr: TsNode, site: Site, depth: number): Builder {
    const { ts } = this.context;
    const node = unwrapExpression(ts, expr);
    if (depth > MAX_DEPTH) return { entries: [] };
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const callee = node.expression;
      const method = callee.name.text;
      const inner = () => this.builder(callee.expression, site, depth + 1).entries;
      if (TRPC.middlewareMethods.includes(method)) return { entries: [...inner(), ...node.arguments.map((a) => this.middleware(a, site, node))] };
      if (TRPC.keepMethods.includes(method)) return { entries: inner() };
      if (TRPC.concatMethods.includes(method)) return { entries: [...inner(), ...node.arguments.flatMap((a) => this.builder(a, site, depth + 1).entries)] };
      return { entries: [] };
    }
    if (ts.isIdentifier(node)) {
      const def = definitionOf(this.context, node, site);
      if (def.node !== node) return this.builder(def.node, def, depth + 1);
    }
    return { entries: [] };
  }

  /** A `.use(mw)` argument: the function inside `t.middleware(fn)` when it is one, else the argument itself. */
  private middleware(arg: TsNode, site: Site, use: TsNamespace.CallExpression): ChainEntry {
    const { ts } = this.context;
    const scope = `middleware of ${builderName(this.context, use) ?? "the procedure"} (${site.file})`;
    const def = definitionOf(this.context, arg, site);
    const node = def.node;
    if (ts.isCallExpression(node) && node.arguments[0]) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
      if (name && TRPC.middlewareFactories.includes(name)) {
        const fn = definitionOf(this.context, node.arguments[0], def);
        return { file: fn.file, node: fn.node, scope };
      }
    }
    if (ts.isFunctionLike(node)) return { file: def.file, node, scope };
    return { file: site.file, node: arg, scope };
  }
}

/** The variable a builder chain is assigned to (`protectedProcedure`), when it is. */
function builderName(context: ExtractorContext, node: TsNode): string | undefined {
  const { ts } = context;
  let current = node;
  while (current.parent && (ts.isCallExpression(current.parent) || ts.isPropertyAccessExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isParenthesizedExpression(current.parent))) {
    if (ts.isCallExpression(current.parent) && current.parent.arguments.includes(current as TsNamespace.Expression)) return undefined;
    current = current.parent;
  }
  const parent = current.parent;
  return parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
}
