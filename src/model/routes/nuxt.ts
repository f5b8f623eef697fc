/**
 * Nuxt and Nitro routes: `server/api/**` and `server/routes/**` files whose default export
 * is `defineEventHandler(fn)` (method from a `.post.ts` suffix, else ALL), server
 * middleware on every route of the app, and rate limiting configured in `nuxt.config`
 * (nuxt-security's rate limiter, on by default, globally or per route rule).
 * Conventions: `knowledge/route-conventions.ts`.
 */
import { posix } from "node:path";
import type { TsNode } from "../../facts/typescript.js";
import { NITRO_APPS, type ConfigRateLimiter, type NitroConventions, type RouteFiles } from "../../knowledge/route-conventions.js";
import { findProperty } from "../values.js";
import { appFiles, appFilesAt, exportsOf, followLocal, makeRoute, methodOf, segmentsOf, unwrapHandler, urlPath, type AppFile, type Unwrapped } from "./file-routes.js";
import { EvidenceFinder } from "./evidence.js";
import { attachHooks, pathAwareHook, type Hook } from "./path-guards.js";
import { routeRuleToRegExp } from "./path-patterns.js";
import type { ChainEntry, Evidence, ExtractorContext, Route } from "./types.js";

type ConfigEvidence = (path: string) => Evidence[];

export function extractNuxtRoutes(context: ExtractorContext): Route[] {
  const seen = new Set<string>();
  const routes: Route[] = [];
  const finder = new EvidenceFinder(context, context.project.customEvidence);
  for (const conv of NITRO_APPS) {
    const perApp = new Map<string, { hooks: Hook[]; config: ConfigEvidence }>();
    for (const files of conv.routes) {
      for (const file of appFiles(context, conv.dependencies, files.paths)) {
        if (seen.has(file.rel)) continue;
        seen.add(file.rel);
        const route = nitroRoute(context, conv, files, file);
        if (!route) continue;
        if (!perApp.has(file.root)) {
          const hooks = serverMiddleware(context, conv, file.root).map((entry) => pathAwareHook(context, finder, entry));
          perApp.set(file.root, { hooks, config: configEvidence(context, conv, file.root) });
        }
        const app = perApp.get(file.root)!;
        attachHooks(route, app.hooks, [route.path]);
        route.evidence.push(...app.config(route.path));
        routes.push(route);
      }
    }
  }
  return routes;
}

function nitroRoute(context: ExtractorContext, conv: NitroConventions, files: RouteFiles, file: AppFile): Route | undefined {
  const segments = segmentsOf(file.local, files);
  let last = segments.pop() ?? "";
  const suffix = conv.methodSuffix.exec(last);
  if (suffix) last = last.slice(0, suffix.index);
  if (!files.fileName?.test(last)) segments.push(last);
  const path = urlPath(segments, conv.segments, files.mount);
  const entry = exportsOf(context, file.rel).find((e) => methodOf(files.exports, e.name));
  if (path === undefined || !entry) return undefined;
  const method = suffix ? suffix[1]!.toUpperCase() : methodOf(files.exports, entry.name)!;
  return makeRoute({ framework: conv.framework, method, path, file: file.rel, decl: entry.decl, unwrapped: unwrapEventHandler(context, conv, file.rel, entry.expr) });
}

/**
 * `defineEventHandler(fn)` is the handler itself; `defineEventHandler({ onRequest: [auth], handler })`
 * adds hooks; any other call around a function (`defineAuthedHandler(fn)`) is a wrapper.
 */
function unwrapEventHandler(context: ExtractorContext, conv: NitroConventions, file: string, expr: TsNode): Unwrapped {
  const { ts } = context;
  const node = followLocal(context, expr);
  const arg = ts.isCallExpression(node) && ts.isIdentifier(node.expression) && conv.handlerWrappers.includes(node.expression.text) ? node.arguments[0] : undefined;
  if (!arg) return unwrapHandler(context, file, expr);
  const options = followLocal(context, arg);
  if (!ts.isObjectLiteralExpression(options)) return unwrapHandler(context, file, arg);
  const handler = findProperty(ts, options, "handler");
  const inner = handler ? unwrapHandler(context, file, ts.isPropertyAssignment(handler) ? handler.initializer : handler) : { chain: [] };
  const hooks = conv.handlerHooks.flatMap((hook) => {
    const property = findProperty(ts, options, hook);
    if (!property || !ts.isPropertyAssignment(property)) return [];
    const value = followLocal(context, property.initializer);
    const items = ts.isArrayLiteralExpression(value) ? [...value.elements] : [property.initializer];
    return items.map((item) => ({ file, node: item, scope: `${hook} of the handler` }));
  });
  return { ...inner, chain: [...hooks, ...inner.chain] };
}

/** Server middleware runs before every route, in file name order. */
function serverMiddleware(context: ExtractorContext, conv: NitroConventions, root: string): ChainEntry[] {
  return appFilesAt(context, root, conv.middleware).flatMap((file) => {
    const entry = exportsOf(context, file).find((e) => e.name === "default");
    if (!entry) return [];
    const scope = root ? file.slice(root.length + 1) : file;
    const unwrapped = unwrapEventHandler(context, conv, file, entry.expr);
    const handler = unwrapped.handler ? { file: unwrapped.handler.file, node: unwrapped.handler.node, scope } : { file, node: entry.expr, scope };
    return [...unwrapped.chain.map((c) => ({ ...c, scope })), handler];
  });
}

// ---------------------------------------------------------------------------------------
// Rate limiting in the config

interface Setting {
  file: string;
  node: TsNode;
  off: boolean;
}

/** The rate-limit evidence the app's config gives a route path. */
function configEvidence(context: ExtractorContext, conv: NitroConventions, root: string): ConfigEvidence {
  const file = appFilesAt(context, root, conv.config)[0];
  const config = file ? configObject(context, file) : undefined;
  if (!file || !config) return () => [];
  const modules = moduleEntries(context, config);
  const name = posix.basename(file);
  const limiters = conv.rateLimiters.flatMap((limiter) => {
    const module = modules.get(limiter.module);
    return module ? [{ limiter, module, global: globalSetting(context, file, config, limiter, module.options), rules: routeRuleSettings(context, file, config, limiter) }] : [];
  });
  return (path) =>
    limiters.flatMap(({ limiter, module, global, rules }) => {
      if (limiter.prefix && !`${path}/`.startsWith(limiter.prefix)) return [];
      const matching = rules.filter((r) => routeRuleToRegExp(r.pattern).test(path));
      if (matching.some((r) => r.setting.off)) return [];
      const rule = matching[0];
      if (rule) return [{ kind: "rate-limit" as const, label: limiter.label, file, start: rule.setting.node.getStart(), scope: `${name} routeRules "${rule.pattern}"` }];
      if (global?.off) return [];
      const at = global?.node ?? module.node;
      return limiter.onByDefault || global ? [{ kind: "rate-limit" as const, label: global ? limiter.label : `${limiter.label} (on by default)`, file, start: at.getStart(), scope: name }] : [];
    });
}

/** `export default defineNuxtConfig({ … })` or `export default { … }`. */
function configObject(context: ExtractorContext, file: string): TsNode | undefined {
  const { ts } = context;
  const entry = exportsOf(context, file).find((e) => e.name === "default");
  let node = entry && followLocal(context, entry.expr);
  if (node && ts.isCallExpression(node) && node.arguments[0]) node = followLocal(context, node.arguments[0]);
  return node && ts.isObjectLiteralExpression(node) ? node : undefined;
}

/** `modules: ["nuxt-security", ["nuxt-api-shield", { … }]]`: each module with its inline options. */
function moduleEntries(context: ExtractorContext, config: TsNode): Map<string, { node: TsNode; options?: TsNode }> {
  const { ts } = context;
  const found = new Map<string, { node: TsNode; options?: TsNode }>();
  const list = property(context, config, "modules");
  if (!list || !ts.isArrayLiteralExpression(list)) return found;
  for (const item of list.elements) {
    const node = followLocal(context, item);
    if (ts.isStringLiteralLike(node)) found.set(node.text, { node });
    const [name, options] = ts.isArrayLiteralExpression(node) ? node.elements : [];
    if (name && ts.isStringLiteralLike(name)) found.set(name.text, { node: name, options: options && followLocal(context, options) });
  }
  return found;
}

function globalSetting(context: ExtractorContext, file: string, config: TsNode, limiter: ConfigRateLimiter, inline?: TsNode): Setting | undefined {
  const options = property(context, config, limiter.configKey) ?? inline;
  if (!options) return undefined;
  if (isFalse(context, property(context, options, "enabled"))) return { file, node: options, off: true };
  return limiterSetting(context, file, options, limiter);
}

/** `routeRules: { "/api/**": { security: { rateLimiter: false } } }`, at the top and under `nitro`. */
function routeRuleSettings(context: ExtractorContext, file: string, config: TsNode, limiter: ConfigRateLimiter): Array<{ pattern: string; setting: Setting }> {
  const { ts } = context;
  if (!limiter.perRoute) return [];
  const nitro = property(context, config, "nitro");
  const tables = [property(context, config, "routeRules"), nitro && property(context, nitro, "routeRules")];
  const found: Array<{ pattern: string; setting: Setting }> = [];
  for (const table of tables) {
    if (!table || !ts.isObjectLiteralExpression(table)) continue;
    for (const rule of table.properties) {
      if (!ts.isPropertyAssignment(rule) || !ts.isStringLiteralLike(rule.name)) continue;
      const options = property(context, rule.initializer, limiter.configKey);
      const setting = options && limiterSetting(context, file, options, limiter);
      if (setting) found.push({ pattern: rule.name.text, setting });
    }
  }
  return found;
}

function limiterSetting(context: ExtractorContext, file: string, options: TsNode, limiter: ConfigRateLimiter): Setting | undefined {
  const node = limiter.limiterKey ? property(context, options, limiter.limiterKey) : options;
  return node ? { file, node, off: isFalse(context, node) } : undefined;
}

function property(context: ExtractorContext, object: TsNode, name: string): TsNode | undefined {
  const { ts } = context;
  const node = followLocal(context, object);
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const found = findProperty(ts, node, name);
  return found && ts.isPropertyAssignment(found) ? followLocal(context, found.initializer) : undefined;
}

function isFalse(context: ExtractorContext, node: TsNode | undefined): boolean {
  return node?.kind === context.ts.SyntaxKind.FalseKeyword;
}
