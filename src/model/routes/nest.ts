/**
 * NestJS routes: the route methods (`@Post("complete")`) of controllers
 * (`@Controller("chat")`), under the global prefix (`app.setGlobalPrefix`), with what
 * is on their path, outermost first: `app.use(mw)` in the bootstrap, module middleware (`consumer.apply(M).forRoutes(…)`),
 * global guards (`APP_GUARD` providers, `app.useGlobalGuards`), then `@UseGuards` and
 * evidence decorators (`@Throttle()`) on the controller and on the method. Opt-outs
 * (`@Public()`, `@SkipThrottle()`) cancel inherited evidence; composite decorators
 * (`applyDecorators`, a project function returning decorators) are expanded.
 * The names are data in `knowledge/route-conventions-nest-trpc.ts`.
 */
import { propertyNameText, unwrapExpression, walk } from "../../facts/ast.js";
import type { TsNode, TsSourceFile } from "../../facts/typescript.js";
import { NEST_CONVENTIONS as NEST, type PackageExports } from "../../knowledge/route-conventions-nest-trpc.js";
import type { ts as TsNamespace } from "ts-morph";
import { findProperty, type Value } from "../values.js";
import { compileSafe } from "../../util/safe-regex.js";
import type { PathPattern } from "./path-patterns.js";
import { returnedExpressions } from "./definitions.js";
import type { ChainEntry, EvidenceKind, ExtractorContext, Route } from "./types.js";
import { trimRun } from "../../util/text.js";

interface Site {
  file: string;
  tree: TsSourceFile;
}

type OptOut = { kind: EvidenceKind; label: string };

/** What a list of decorators puts on the path. */
interface Decorated {
  chain: ChainEntry[];
  optOuts: OptOut[];
}

/** Where a middleware applies: a controller, or a path pattern and method. */
interface RouteTarget {
  controller?: TsNode;
  pattern?: PathPattern;
  method?: string;
}

interface MiddlewareBinding {
  entries: ChainEntry[];
  include: RouteTarget[];
  exclude: RouteTarget[];
}

/** What applies to every route of the application. */
interface NestApp {
  prefix: string;
  /** `app.use([path,] mw)` in the bootstrap, on the full path. */
  uses: Array<{ path: string; entries: ChainEntry[] }>;
  guards: ChainEntry[];
  middleware: MiddlewareBinding[];
}

interface Controller extends Site {
  node: TsNamespace.ClassDeclaration;
  name: string;
  paths: string[];
}

const MAX_DECORATOR_DEPTH = 3;

export function extractNestRoutes(context: ExtractorContext): Route[] {
  const files = context.codeFiles.filter((file) => context.modules.importsOf(file).some((e) => e.package?.startsWith(NEST.packageScope) && !e.record.typeOnly));
  if (files.length === 0) return [];
  const app = nestApp(context, files);
  return files.flatMap((file) => controllersIn(context, file).flatMap((c) => controllerRoutes(context, c, app)));
}

/** The export name when a value is one of `spec`'s package exports. */
function packageExport(value: Value | undefined, spec: PackageExports): string | undefined {
  if (value?.kind !== "module" || value.pkg !== spec.package) return undefined;
  const name = value.path[value.path.length - 1];
  return name !== undefined && spec.exports.includes(name) ? name : undefined;
}

function decoratorsOf(context: ExtractorContext, node: TsNode): readonly TsNamespace.Decorator[] {
  const { ts } = context;
  return ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
}

function controllersIn(context: ExtractorContext, file: string): Controller[] {
  const { ts, evaluator } = context;
  const tree = context.tree(file);
  if (!tree) return [];
  const site = { file, tree };
  const found: Controller[] = [];
  for (const statement of tree.statements) {
    if (!ts.isClassDeclaration(statement)) continue;
    for (const d of decoratorsOf(context, statement)) {
      const call = ts.isCallExpression(d.expression) ? d.expression : undefined;
      if (!packageExport(evaluator.eval(call?.expression ?? d.expression, site), NEST.controller)) continue;
      found.push({ ...site, node: statement, name: statement.name?.text ?? "default", paths: pathsOf(context, call?.arguments[0], site) });
      break;
    }
  }
  return found;
}

/** `"chat"`, `["a", "b"]`, `{ path: "chat" }`, nothing: the paths a controller or route decorator declares. */
function pathsOf(context: ExtractorContext, arg: TsNode | undefined, site: Site): string[] {
  const { ts } = context;
  if (!arg) return [""];
  const node = unwrapExpression(ts, arg);
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((e) => pathsOf(context, e, site));
  if (ts.isObjectLiteralExpression(node)) {
    const path = findProperty(ts, node, "path");
    return path && ts.isPropertyAssignment(path) ? pathsOf(context, path.initializer, site) : [""];
  }
  return [pathText(context, node, site)];
}

/** A constant path, or the expression's text in angle brackets when it is not constant. */
function pathText(context: ExtractorContext, node: TsNode, site: Site): string {
  const value = context.evaluator.eval(node, site);
  return value?.kind === "string" ? value.text : `<${node.getText(site.tree)}>`;
}

function joinPath(...parts: string[]): string {
  return "/" + parts.flatMap((p) => p.split("/")).filter(Boolean).join("/");
}

function controllerRoutes(context: ExtractorContext, c: Controller, app: NestApp): Route[] {
  const { ts } = context;
  const onController = decorated(context, decoratorsOf(context, c.node), c, c.name);
  const routes: Route[] = [];
  for (const member of c.node.members) {
    if (!ts.isMethodDeclaration(member)) continue;
    const decorators = decoratorsOf(context, member);
    const routing = decorators.flatMap((d) => routeDecorator(context, d, c));
    if (routing.length === 0) continue;
    const onMethod = decorated(context, decorators, c, `${c.name}.${propertyNameText(ts, member.name) ?? "method"}`);
    const optOuts = [...onController.optOuts, ...onMethod.optOuts];
    for (const { decorator, method, paths } of routing) {
      for (const local of c.paths.flatMap((cp) => paths.map((mp) => joinPath(cp, mp)))) {
        routes.push({
          framework: "nestjs",
          method,
          path: joinPath(app.prefix, local),
          file: c.file,
          start: decorator.getStart(c.tree),
          end: decorator.getEnd(),
          handler: { file: c.file, node: member },
          chain: [...appUses(app, joinPath(app.prefix, local)), ...middlewareFor(app, c.node, local, method), ...app.guards, ...onController.chain, ...onMethod.chain],
          evidence: [],
          ...(optOuts.length > 0 ? { optOuts } : {}),
        });
      }
    }
  }
  return routes;
}

/** `@Post("x")`: the method and paths it routes. */
function routeDecorator(context: ExtractorContext, d: TsNamespace.Decorator, site: Site): Array<{ decorator: TsNode; method: string; paths: string[] }> {
  const { ts } = context;
  const call = ts.isCallExpression(d.expression) ? d.expression : undefined;
  if (!call) return [];
  const value = context.evaluator.eval(call.expression, site);
  const name = packageExport(value, { package: NEST.routeDecorators.package, exports: Object.keys(NEST.routeDecorators.methods) });
  return name ? [{ decorator: d, method: NEST.routeDecorators.methods[name]!, paths: pathsOf(context, call.arguments[0], site) }] : [];
}

function decorated(context: ExtractorContext, decorators: readonly TsNamespace.Decorator[], site: Site, target: string): Decorated {
  const out: Decorated = { chain: [], optOuts: [] };
  for (const d of decorators) {
    const callee = context.ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
    expand(context, d.expression, site, { scope: `@${callee.getText(site.tree)} on ${target}`, label: d.getText(site.tree) }, out, 0);
  }
  return out;
}

/** One decorator expression: guards, evidence and opt-outs it adds, through composites. */
function expand(context: ExtractorContext, expr: TsNode, site: Site, origin: { scope: string; label: string }, out: Decorated, depth: number): void {
  const { ts, evaluator } = context;
  const node = unwrapExpression(ts, expr);
  const call = ts.isCallExpression(node) ? node : undefined;
  const calleeNode = call ? call.expression : node;
  const args = call ? [...call.arguments] : [];
  const callee = evaluator.eval(calleeNode, site);
  const optOut = NEST.optOutDecorators.find((spec) => packageExport(callee, spec));
  if (packageExport(callee, NEST.useGuards)) {
    out.chain.push(...args.map((a) => ({ file: site.file, node: a, scope: origin.scope })));
  } else if (NEST.evidenceDecorators.some((spec) => packageExport(callee, spec))) {
    out.chain.push({ file: site.file, node, scope: origin.scope });
  } else if (optOut) {
    if (!turnedOff(context, args)) out.optOuts.push({ kind: optOut.kind, label: origin.label });
  } else if (packageExport(callee, NEST.setMetadata)) {
    if (marksPublic(context, args, site)) out.optOuts.push({ kind: "auth", label: origin.label });
  } else if (packageExport(callee, NEST.composeDecorators)) {
    for (const a of args) expand(context, a, site, origin, out, depth);
  } else if (callee?.kind === "function" && depth < MAX_DECORATOR_DEPTH) {
    const tree = context.tree(callee.file);
    for (const r of tree ? returnedExpressions(context, callee.node) : []) expand(context, r, { file: callee.file, tree: tree! }, origin, out, depth + 1);
  }
  const name = ts.isIdentifier(calleeNode) ? calleeNode.text : ts.isPropertyAccessExpression(calleeNode) ? calleeNode.name.text : undefined;
  if (name && NEST.publicDecoratorNames.includes(name) && !out.optOuts.some((o) => o.kind === "auth")) out.optOuts.push({ kind: "auth", label: origin.label });
}

/** `@SkipThrottle(false)`, `@SkipThrottle({ default: false })`: the opt-out is turned off. */
function turnedOff(context: ExtractorContext, args: TsNode[]): boolean {
  const { ts } = context;
  const arg = args[0] && unwrapExpression(ts, args[0]);
  if (!arg) return false;
  if (arg.kind === ts.SyntaxKind.FalseKeyword) return true;
  return ts.isObjectLiteralExpression(arg) && arg.properties.length > 0 && arg.properties.every((p) => ts.isPropertyAssignment(p) && p.initializer.kind === ts.SyntaxKind.FalseKeyword);
}

/** `SetMetadata(IS_PUBLIC_KEY, true)`, `SetMetadata("isPublic", true)`. */
function marksPublic(context: ExtractorContext, args: TsNode[], site: Site): boolean {
  const { ts } = context;
  const [key, value] = args;
  if (!key || (value && unwrapExpression(ts, value).kind === ts.SyntaxKind.FalseKeyword)) return false;
  const keyValue = context.evaluator.eval(key, site);
  const names = [ts.isIdentifier(key) ? key.text : "", keyValue?.kind === "string" ? keyValue.text : ""];
  return names.some((n) => n !== "" && NEST.publicMetadataKey.test(n));
}

/** Global prefix, global guards and module middleware, from every Nest file. */
function nestApp(context: ExtractorContext, files: readonly string[]): NestApp {
  const { ts } = context;
  const app: NestApp = { prefix: "", uses: [], guards: [], middleware: [] };
  let prefixed = false;
  for (const file of files) {
    const tree = context.tree(file);
    if (!tree) continue;
    const site = { file, tree };
    walk(ts, tree, (node) => {
      if (ts.isObjectLiteralExpression(node)) app.guards.push(...providedGuards(context, node, site));
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      const method = node.expression.name.text;
      if (NEST.globalGuardMethods.includes(method)) {
        app.guards.push(...node.arguments.map((a) => ({ file, node: a, scope: `global guard (${file})` })));
      } else if (NEST.globalPrefixMethods.includes(method) && node.arguments[0] && !prefixed) {
        app.prefix = pathText(context, node.arguments[0], site);
        prefixed = true;
      } else if (NEST.appMiddlewareMethods.includes(method) && isNestApp(context, node.expression.expression, site)) {
        const [first, ...rest] = node.arguments;
        const path = first && context.evaluator.eval(first, site);
        const entries = (path?.kind === "string" ? rest : node.arguments).map((a) => ({ file, node: a, scope: `app.use in ${file}` }));
        app.uses.push({ path: path?.kind === "string" ? path.text : "/", entries });
      } else if (method === NEST.middleware.forRoutes) {
        const binding = middlewareBinding(context, node, site);
        if (binding) app.middleware.push(binding);
      }
    });
  }
  return app;
}

/** What `NestFactory.create(…)` gave. */
function isNestApp(context: ExtractorContext, node: TsNode, site: Site): boolean {
  const value = context.evaluator.eval(node, site);
  return value?.kind === "made" && value.path.length === 0 && packageExport({ kind: "module", pkg: value.of.pkg, path: value.of.path.slice(0, 1) }, NEST.appFactory) !== undefined;
}

function appUses(app: NestApp, path: string): ChainEntry[] {
  const under = (prefix: string) => prefix === "/" || path === joinPath(prefix) || path.startsWith(joinPath(prefix) + "/");
  return app.uses.filter((u) => under(u.path)).flatMap((u) => u.entries);
}

/** `{ provide: APP_GUARD, useClass: X }`. */
function providedGuards(context: ExtractorContext, node: TsNamespace.ObjectLiteralExpression, site: Site): ChainEntry[] {
  const { ts } = context;
  const provide = findProperty(ts, node, "provide");
  if (!provide || !ts.isPropertyAssignment(provide) || !packageExport(context.evaluator.eval(provide.initializer, site), NEST.globalGuardToken)) return [];
  return NEST.providerValueKeys.flatMap((key) => {
    const p = findProperty(ts, node, key);
    return p && ts.isPropertyAssignment(p) ? [{ file: site.file, node: p.initializer, scope: `global guard (${site.file})` }] : [];
  });
}

/** `consumer.apply(A, B).exclude(…).forRoutes(…)`. */
function middlewareBinding(context: ExtractorContext, forRoutes: TsNamespace.CallExpression, site: Site): MiddlewareBinding | undefined {
  const { ts } = context;
  const exclude: TsNode[] = [];
  let receiver = (forRoutes.expression as TsNamespace.PropertyAccessExpression).expression;
  while (ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression)) {
    const name = receiver.expression.name.text;
    if (name === NEST.middleware.apply) {
      const scope = `consumer.apply in ${site.file}`;
      return {
        entries: receiver.arguments.map((a) => ({ file: site.file, node: a, scope })),
        include: forRoutes.arguments.flatMap((a) => routeTargets(context, a, site)),
        exclude: exclude.flatMap((a) => routeTargets(context, a, site)),
      };
    }
    if (name === NEST.middleware.exclude) exclude.push(...receiver.arguments);
    receiver = receiver.expression.expression;
  }
  return undefined;
}

/** A controller class, a path (`"chat/*"`), or `{ path, method: RequestMethod.POST }`. */
function routeTargets(context: ExtractorContext, arg: TsNode, site: Site): RouteTarget[] {
  const { ts } = context;
  const node = unwrapExpression(ts, arg);
  const value = context.evaluator.eval(node, site);
  if (value?.kind === "class") return [{ controller: value.node }];
  if (value?.kind === "string") return [{ pattern: pathPattern(value.text), method: "ALL" }];
  if (!ts.isObjectLiteralExpression(node)) return [];
  const path = findProperty(ts, node, "path");
  const method = findProperty(ts, node, "method");
  const pathValue = path && ts.isPropertyAssignment(path) ? context.evaluator.eval(path.initializer, site) : undefined;
  const methodValue = method && ts.isPropertyAssignment(method) ? context.evaluator.eval(method.initializer, site) : undefined;
  if (pathValue?.kind !== "string") return [];
  return [{ pattern: pathPattern(pathValue.text), method: methodValue?.kind === "module" ? methodValue.path[methodValue.path.length - 1] : "ALL" }];
}

/** A Nest route pattern (`chat/*`, `users/:id`, `(.*)`, `{*splat}`) as a regular expression on the path without its leading slash. */
function pathPattern(path: string): PathPattern {
  const clean = trimRun(path, "/", "both");
  if (NEST.wildcardPaths.includes(path) || NEST.wildcardPaths.includes(clean)) return /^.*$/;
  const segment = (s: string): string => {
    if (s === "(.*)" || /^\*\w*$/.test(s) || /^\{\*\w*\}$/.test(s)) return ".*";
    if (s.startsWith(":")) return "[^/]+";
    return s.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  };
  // From the scanned code (`a*a*a*…` would backtrack): on the linear-time engine; one it refuses (too long) selects nothing.
  const compiled = compileSafe(`^${clean.split("/").map(segment).join("/")}$`);
  return compiled.ok ? compiled : { test: () => false };
}

function middlewareFor(app: NestApp, controller: TsNode, local: string, method: string): ChainEntry[] {
  const path = local.replace(/^\//, "");
  const hits = (t: RouteTarget) => (t.controller ? t.controller === controller : Boolean(t.pattern?.test(path)) && (t.method === "ALL" || t.method === method));
  return app.middleware.filter((m) => m.include.some(hits) && !m.exclude.some(hits)).flatMap((m) => m.entries);
}
