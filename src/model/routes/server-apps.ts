/**
 * Routes of Express, Koa (and koa-router), Hono and Fastify apps, from their registration
 * calls, across files: routers created in one file and mounted in another (any depth),
 * middleware attached before a route or a mount (`app.use(limiter)`, `app.use("/api",
 * requireAuth, router)`), Hono sub-apps (`app.route`), Fastify plugin scopes (`register`,
 * with `fastify-plugin` lifting hooks to the parent), hooks, decorated auth functions and
 * per-route options.
 */
import { APP_BOUND_LIMITERS } from "../../knowledge/route-evidence.js";
import { FASTIFY, MOUNT_METHODS, ROUTE_METHODS, ROUTER_AS_MIDDLEWARE, SERVER_APPS, type ServerAppShape } from "../../knowledge/server-apps.js";
import { unwrapExpression } from "../../facts/ast.js";
import type { TsNode } from "../../facts/typescript.js";
import type { ts as TsNamespace } from "ts-morph";
import { posix } from "node:path";
import { argumentAt, type Site, type Value } from "../values.js";
import { TRPC_ADAPTERS } from "../../knowledge/route-conventions-nest-trpc.js";
import type { ChainEntry, Evidence, ExtractorContext, Route } from "./types.js";
import { fastifyDecorations, type Decorations } from "./fastify-decorations.js";
import { trimRun } from "../../util/text.js";

interface AppNode {
  key: string;
  framework: string;
  /** The router's own prefix (`new Router({ prefix })`). */
  prefix: string;
  registrations: Registration[];
  /** Where this app is mounted: parent, path, middleware on the mount, order of the mount. */
  mounts: Mount[];
  /** Fastify hooks (apply whatever the order). */
  scopeEntries: ChainEntry[];
  /** Limiters that registered themselves on one path and method of the app (`APP_BOUND_LIMITERS`). */
  boundLimits: Array<{ method: string; path: string; entry: ChainEntry; order: number }>;
  /** Fastify package plugins (`@fastify/rate-limit`), with their order: a limit reaches only the routes declared after it. */
  plugins: Array<{ entry: ChainEntry; order: number }>;
  encapsulated: boolean;
}

interface Registration {
  kind: "route" | "use";
  method: string;
  path: string;
  args: TsNode[];
  call: TsNamespace.CallExpression;
  site: Site;
  order: number;
}

interface Mount {
  parent: string;
  path: string;
  middleware: ChainEntry[];
  order: number;
}

// Only calls with these method names can register anything: `res.json(…)` is never evaluated.
const METHODS_FIRST = SERVER_APPS.flatMap((a) => (a.methodsFirst ? [a.methodsFirst] : []));
const REGISTRATION_METHODS = new Set<string>([...ROUTE_METHODS, ...MOUNT_METHODS, ...METHODS_FIRST, FASTIFY.register, FASTIFY.addHook, FASTIFY.decorate, FASTIFY.routeObject]);
/** A factory's own app (`const r = Router()` inside `chatRouter()`) is reached through each call's app before anything registered on it there. */
const FACTORY_MOUNT_ORDER = -1;

export function extractServerAppRoutes(context: ExtractorContext): Route[] {
  return new ServerAppExtractor(context).run();
}

class ServerAppExtractor {
  private readonly apps = new Map<string, AppNode>();
  private readonly decorations = new Map<string, { file: string; node: TsNode }>();
  /** Decorations made anywhere in the project (plugins loaded by autoload or from other files). */
  private projectDecorations?: Decorations;
  private order = 0;
  /** The file of each registration: order is source order within a file only. */
  private readonly fileOfOrder = new Map<number, string>();

  constructor(private readonly context: ExtractorContext) {}

  run(): Route[] {
    for (const file of this.filesToWalk()) {
      const tree = this.context.tree(file);
      if (tree) this.walk(tree, { file, tree }, undefined);
    }
    this.autoloaded();
    return this.routes();
  }

  /**
   * AI candidate files that import a server package, or a project file that does (the
   * module of a factory: `createApp()` from `utils/server` returning `new Hono()`).
   */
  private filesToWalk(): string[] {
    const { modules, aiCandidates } = this.context;
    const packages = new Set(SERVER_APPS.map((a) => a.package));
    const direct = new Set(this.context.codeFiles.filter((f) => modules.importsOf(f).some((e) => e.package && packages.has(e.package))));
    return this.context.codeFiles.filter((f) => aiCandidates.has(f) && (direct.has(f) || modules.importsOf(f).some((e) => e.target && !e.record.typeOnly && direct.has(e.target))));
  }

  /**
   * Registration calls in `root`; inside a Fastify plugin, calls on its instance parameter belong to `scope`.
   * A call's receiver is visited before the call, so `app.use(mw).post(…)` registers in source order.
   */
  private walk(root: TsNode, site: Site, scope: { param: string; app: AppNode } | undefined): void {
    const { ts } = this.context;
    const boundLimiters = this.boundLimitersIn(site.file);
    const visit = (node: TsNode): void => {
      ts.forEachChild(node, visit);
      if (boundLimiters && ts.isCallExpression(node) && !ts.isPropertyAccessExpression(node.expression)) this.boundLimit(node, site);
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && REGISTRATION_METHODS.has(node.expression.name.text)) {
        const receiver = node.expression.expression;
        const method = node.expression.name.text;
        const pathRoute = ROUTE_METHODS.includes(method) ? this.pathRouteOf(receiver, site) : undefined;
        if (pathRoute) return this.registerOnPathRoute(pathRoute, method, node, site);
        const app = scope && ts.isIdentifier(receiver) && receiver.text === scope.param ? scope.app : this.appOf(receiver, site);
        if (app) this.register(app, method, node, site, this.viewPrefix(receiver, app, site));
      }
    };
    ts.forEachChild(root, visit);
  }

  /** Whether the file imports a package of `APP_BOUND_LIMITERS` (only then are plain calls evaluated). */
  private boundLimitersIn(file: string): boolean {
    return this.context.modules.importsOf(file).some((e) => APP_BOUND_LIMITERS.some((l) => l.package === e.package));
  }

  /** `limit({ path, method })` where `limit = require("express-limiter")(app, store)`: a limiter on that path of `app`. */
  private boundLimit(call: TsNamespace.CallExpression, site: Site): void {
    const { ts, evaluator } = this.context;
    const made = evaluator.eval(call.expression, site);
    if (made?.kind !== "made" || made.path.length > 0 || made.how !== "call") return;
    const shape = APP_BOUND_LIMITERS.find((l) => l.package === made.of.pkg && l.export === normalise(made.of.path));
    const appArg = shape && ts.isCallExpression(made.origin.node) ? made.origin.node.arguments[shape.appArgument] : undefined;
    const tree = this.context.tree(made.origin.file);
    const app = appArg && tree ? this.appOf(appArg, { file: made.origin.file, tree }) : undefined;
    const pathNode = shape && argumentAt(ts, call, `0.${shape.pathOption}`);
    const path = pathNode && evaluator.eval(pathNode, site);
    if (!app || !shape || path?.kind !== "string") return;
    const methodNode = argumentAt(ts, call, `0.${shape.methodOption}`);
    const method = methodNode && evaluator.eval(methodNode, site);
    const order = this.order++;
    this.fileOfOrder.set(order, site.file);
    app.boundLimits.push({ method: httpMethod(method?.kind === "string" ? method.text.toLowerCase() : shape.defaultMethod), path: path.text, entry: { file: site.file, node: call, scope: `${shape.package} on "${path.text}" in ${site.file}` }, order });
  }

  /** Express `router.route("/x")` (through `.get(h)` chained on it): the app and the path its route methods register at. */
  private pathRouteOf(receiver: TsNode, site: Site): { app: AppNode; path: string } | undefined {
    const { ts } = this.context;
    let node = receiver;
    for (let steps = 0; steps < MAX_CHAIN && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression); steps++) {
      const name = node.expression.name.text;
      // `route.get(h)` takes handlers only; `app.get("/a", h)` is a chain on the app itself.
      if (ROUTE_METHODS.includes(name)) {
        const first = node.arguments[0];
        if (first && this.context.ts.isStringLiteralLike(first)) return undefined;
        node = node.expression.expression;
        continue;
      }
      if (node.arguments.length !== 1 || !SERVER_APPS.some((a) => a.pathRoute === name)) return undefined;
      const app = this.appOf(node.expression.expression, site);
      const shape = app && SERVER_APPS.find((a) => a.framework === app.framework && a.pathRoute === name);
      const path = shape && this.context.evaluator.eval(node.arguments[0]!, site);
      return app && path?.kind === "string" ? { app, path: path.text } : undefined;
    }
    return undefined;
  }

  private registerOnPathRoute(target: { app: AppNode; path: string }, method: string, call: TsNamespace.CallExpression, site: Site): void {
    if (call.arguments.length === 0) return;
    target.app.registrations.push({ kind: "route", method: httpMethod(method), path: target.path, args: [...call.arguments], call, site, order: this.order++ });
  }

  private appOf(expression: TsNode, site: Site): AppNode | undefined {
    const value = this.context.evaluator.eval(expression, site);
    return value ? this.appFromValue(value) : undefined;
  }

  private appFromValue(value: Value): AppNode | undefined {
    if (value.kind !== "made" || value.path.length > 0) return undefined;
    const shape = SERVER_APPS.find((s) => s.package === value.of.pkg && s.create.some((c) => c.how === value.how && c.export === normalise(value.of.path)));
    if (!shape) return undefined;
    const app = this.appNode(value.origin, shape, value);
    if (!value.instance) return app;
    // `createApp()` / `chatRouter()`: this call's own app, reached by what the factory registered on its app.
    const instance = this.appNode(value.instance, shape, value);
    if (!app.mounts.some((m) => m.parent === instance.key)) app.mounts.push({ parent: instance.key, path: "", middleware: [], order: FACTORY_MOUNT_ORDER });
    return instance;
  }

  private appNode(at: { file: string; node: TsNode }, shape: ServerAppShape, value: Extract<Value, { kind: "made" }>): AppNode {
    const key = `${at.file}:${at.node.getStart()}`;
    let app = this.apps.get(key);
    if (!app) {
      app = { key, framework: shape.framework, prefix: at === value.origin ? this.ownPrefix(shape, value) : "", registrations: [], mounts: [], scopeEntries: [], boundLimits: [], plugins: [], encapsulated: true };
      this.apps.set(key, app);
    }
    return app;
  }

  private ownPrefix(shape: ServerAppShape, value: Extract<Value, { kind: "made" }>): string {
    const tree = this.context.tree(value.origin.file);
    if (!tree) return "";
    const site = { file: value.origin.file, tree };
    const option = shape.prefixOption ? argumentAt(this.context.ts, value.origin.node, `0.${shape.prefixOption}`) : undefined;
    const given = option ?? (shape.basePath ? this.basePathArgument(value.origin.node, shape) : undefined);
    const v = given && this.context.evaluator.eval(given, site);
    return v?.kind === "string" ? v.text : "";
  }

  /** `new Hono().basePath("/api")` (further links may follow): the path given to the base-path call chained on the creation. */
  private basePathArgument(creation: TsNode, shape: ServerAppShape): TsNode | undefined {
    const { ts } = this.context;
    let node = creation;
    for (let steps = 0; steps < MAX_CHAIN; steps++) {
      const access = node.parent;
      const call = access?.parent;
      if (!access || !call || !ts.isPropertyAccessExpression(access) || access.expression !== node || !ts.isCallExpression(call) || call.expression !== access) return undefined;
      if (access.name.text === shape.basePath) return call.arguments[0];
      if (!shape.returnsSelf.includes(access.name.text)) return undefined;
      node = call;
    }
    return undefined;
  }

  /**
   * Hono's `const api = app.basePath("/api")`: a view of the same app whose registrations
   * all sit under its base path. The base paths met on the way from the receiver back to the
   * app's creation, through variables and self-returning calls; those chained on the
   * creation itself are the app's own prefix already.
   */
  private viewPrefix(receiver: TsNode, app: AppNode, site: Site): string {
    const { ts, evaluator } = this.context;
    const shape = SERVER_APPS.find((a) => a.framework === app.framework && a.basePath);
    if (!shape) return "";
    const segments: string[][] = [[]];
    let node = unwrapExpression(ts, receiver);
    for (let steps = 0; steps < MAX_CHAIN; steps++) {
      if (ts.isIdentifier(node)) {
        const next = evaluator.followToExpression(node);
        if (next === node) break;
        segments.push([]);
        node = next;
        continue;
      }
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) break;
      const name = node.expression.name.text;
      if (name === shape.basePath) {
        const given = node.arguments[0] && evaluator.eval(node.arguments[0], site);
        if (given?.kind !== "string") return "";
        segments[segments.length - 1]!.unshift(given.text);
      } else if (!shape.returnsSelf.includes(name)) break;
      node = unwrapExpression(ts, node.expression.expression);
    }
    // The last variable's chain ends at the creation (`new Hono().basePath("/api")`): counted in the app's prefix.
    if (ts.isNewExpression(node) || (ts.isCallExpression(node) && !ts.isPropertyAccessExpression(node.expression))) segments.pop();
    return segments.reverse().flat().join("");
  }

  private register(app: AppNode, method: string, call: TsNamespace.CallExpression, site: Site, viewPrefix = ""): void {
    const { ts } = this.context;
    const args = [...call.arguments];
    const order = this.order++;
    this.fileOfOrder.set(order, site.file);
    const first = args[0] && this.context.evaluator.eval(args[0], site);
    const given = first?.kind === "string" ? first.text : undefined;
    // Through a base-path view, a path-less `use` covers everything under the base path.
    const path = viewPrefix ? joinPaths(viewPrefix, given ?? "*") : given;
    if (app.framework === "Fastify" && this.fastify(app, method, call, args, site, order)) return;
    if (ROUTE_METHODS.includes(method) && given !== undefined && path !== undefined && args.length >= 2) {
      app.registrations.push({ kind: "route", method: httpMethod(method), path, args: args.slice(1), call, site, order });
      return;
    }
    if (METHODS_FIRST.includes(method)) return this.registerMethodsFirst(app, method, call, args, site, order, viewPrefix);
    if (!MOUNT_METHODS.includes(method)) return;
    const rest = given !== undefined ? args.slice(1) : args;
    const middleware: ChainEntry[] = [];
    for (const arg of rest) {
      const child = this.mountedApp(arg, site);
      if (child) {
        child.mounts.push({ parent: app.key, path: path ?? "", middleware: [...middleware], order });
        continue;
      }
      const entry = { file: site.file, node: arg, scope: `${method === "route" ? "route" : "use"}(${path ? `"${path}"` : ""}) in ${site.file}` };
      middleware.push(entry);
      app.registrations.push({ kind: "use", method, path: path ?? "", args: [arg], call, site, order });
    }
    void ts;
  }

  /** Hono `app.on(["POST", "GET"], "/path", …handlers)`: one route per method. */
  private registerMethodsFirst(app: AppNode, method: string, call: TsNamespace.CallExpression, args: TsNode[], site: Site, order: number, viewPrefix: string): void {
    const { ts, evaluator } = this.context;
    if (!SERVER_APPS.some((a) => a.framework === app.framework && a.methodsFirst === method) || args.length < 3) return;
    const path = evaluator.eval(args[1]!, site);
    if (path?.kind !== "string") return;
    const first = unwrapExpression(ts, args[0]!);
    const names = ts.isArrayLiteralExpression(first) ? [...first.elements] : [first];
    for (const name of names) {
      const m = evaluator.eval(name, site);
      if (m?.kind === "string") app.registrations.push({ kind: "route", method: m.text.toUpperCase(), path: viewPrefix ? joinPaths(viewPrefix, path.text) : path.text, args: args.slice(2), call, site, order });
    }
  }

  /** `router`, `router.routes()`, `sub` (Hono) when mounted. */
  private mountedApp(arg: TsNode, site: Site): AppNode | undefined {
    const { ts } = this.context;
    if (ts.isCallExpression(arg) && ts.isPropertyAccessExpression(arg.expression) && ROUTER_AS_MIDDLEWARE.includes(arg.expression.name.text)) {
      return this.appOf(arg.expression.expression, site);
    }
    return this.appOf(arg, site);
  }

  /** Fastify's own registration shapes; true when the call was one of them. */
  private fastify(app: AppNode, method: string, call: TsNamespace.CallExpression, args: TsNode[], site: Site, order: number): boolean {
    const { ts, evaluator } = this.context;
    if (method === FASTIFY.addHook) {
      const name = args[0] && ts.isStringLiteralLike(args[0]) ? args[0].text : "";
      if ((FASTIFY.requestHooks as readonly string[]).includes(name) && args[1]) app.scopeEntries.push({ file: site.file, node: args[1], scope: `${name} hook in ${site.file}` });
      return true;
    }
    if (method === FASTIFY.decorate) {
      const name = args[0] && ts.isStringLiteralLike(args[0]) ? args[0].text : undefined;
      const fn = args[1] && evaluator.eval(args[1], site);
      if (name && fn?.kind === "function") this.decorations.set(name, { file: fn.file, node: fn.node });
      return true;
    }
    if (method === FASTIFY.register && args[0]) {
      const prefixValue = args[1] && argumentAt(ts, call, "1.prefix");
      const prefix = prefixValue ? evaluator.eval(prefixValue, site) : undefined;
      if (this.loadPlugin(app, evaluator.eval(args[0], site), prefix?.kind === "string" ? prefix.text : "", `register:${site.file}:${call.getStart()}`, order)) return true;
      // A package plugin (`@fastify/rate-limit`, `@fastify/jwt`): scope-wide (unless `{ global: false }`,
      // which leaves it to the routes that opt in); the evidence engine judges it. Its onRoute hook
      // sees only the routes declared after it loads, so a route declared before stays unlimited.
      const global = argumentAt(ts, call, "1.global");
      if (!global || global.kind !== ts.SyntaxKind.FalseKeyword) app.plugins.push({ entry: { file: site.file, node: args[0], scope: `register in ${site.file}` }, order });
      return true;
    }
    if (method === FASTIFY.routeObject && args[0] && ts.isObjectLiteralExpression(args[0])) {
      const get = (name: string) => argumentAt(ts, call, `0.${name}`);
      const methodNode = get("method");
      const url = get("url") ?? get("path");
      const handler = get("handler");
      const m = methodNode && evaluator.eval(methodNode, site);
      const u = url && evaluator.eval(url, site);
      if (handler && u?.kind === "string") {
        app.registrations.push({ kind: "route", method: m?.kind === "string" ? m.text.toUpperCase() : "ALL", path: u.text, args: [args[0], handler], call, site, order });
      }
      return true;
    }
    if (ROUTE_METHODS.includes(method) && args[0] && ts.isStringLiteralLike(args[0]) && args.length >= 2) {
      app.registrations.push({ kind: "route", method: method.toUpperCase(), path: args[0].text, args: args.slice(1), call, site, order });
      return true;
    }
    return false;
  }

  /**
   * A Fastify plugin function registered on `app`: its routes and hooks in a scope of their
   * own under `prefix`, or in `app`'s scope when wrapped in `fastify-plugin`. False when the
   * plugin is not a function of the project.
   */
  private loadPlugin(app: AppNode, value: Value | undefined, prefix: string, key: string, order: number): boolean {
    const { ts, evaluator } = this.context;
    let plugin = value;
    let encapsulated = true;
    // `fp(async (app) => …)`: the plugin's hooks land in the parent scope.
    if (plugin?.kind === "made" && plugin.of.pkg === FASTIFY.unencapsulate.package && ts.isCallExpression(plugin.origin.node) && plugin.origin.node.arguments[0]) {
      const tree = this.context.tree(plugin.origin.file);
      plugin = tree ? evaluator.eval(plugin.origin.node.arguments[0], { file: plugin.origin.file, tree }) : undefined;
      encapsulated = false;
    }
    if (plugin?.kind !== "function") return false;
    const param = plugin.node.parameters[0];
    const tree = this.context.tree(plugin.file);
    if (param && ts.isIdentifier(param.name) && tree && !this.apps.has(key)) {
      const child: AppNode = encapsulated
        ? { key, framework: "Fastify", prefix: "", registrations: [], mounts: [{ parent: app.key, path: prefix, middleware: [], order }], scopeEntries: [], boundLimits: [], plugins: [], encapsulated }
        : app;
      if (encapsulated) this.apps.set(child.key, child);
      this.walk(plugin.node, { file: plugin.file, tree }, { param: param.name.text, app: child });
    }
    return true;
  }

  /**
   * `fastify.register(AutoLoad, { dir: join(__dirname, "routes") })`: every plugin file under
   * the directory is registered, under its folder path (`routes/bot/root.ts` answers at `/bot`).
   * The scope it loads into is the receiver's app, or the plugin whose instance parameter the
   * receiver is (an app plugin started by fastify-cli), read once.
   */
  private autoloaded(): void {
    const { ts, evaluator, modules } = this.context;
    for (const file of this.context.codeFiles) {
      if (!modules.importsOf(file).some((e) => e.package && (FASTIFY.autoload.packages as readonly string[]).includes(e.package))) continue;
      const tree = this.context.tree(file);
      if (!tree) continue;
      const site = { file, tree };
      const visit = (node: TsNode): void => {
        ts.forEachChild(node, visit);
        if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== FASTIFY.register || !node.arguments[0]) return;
        const loader = evaluator.eval(node.arguments[0], site);
        if (loader?.kind !== "module" || !(FASTIFY.autoload.packages as readonly string[]).includes(loader.pkg)) return;
        const dirNode = argumentAt(ts, node, `1.${FASTIFY.autoload.dirOption}`);
        const dir = dirNode && lastStringLiteral(ts, dirNode);
        const app = dir !== undefined ? this.appOf(node.expression.expression, site) ?? this.pluginScopeOf(node.expression.expression, site) : undefined;
        if (!app || dir === undefined) return;
        const root = posix.join(posix.dirname(file), dir);
        const order = this.order++;
        for (const plugin of this.context.codeFiles) {
          if (!plugin.startsWith(`${root}/`) || plugin.endsWith(".d.ts")) continue;
          const folder = posix.relative(root, posix.dirname(plugin));
          this.loadPlugin(app, evaluator.evalExport(plugin, "default"), folder ? `/${folder}` : "", `autoload:${plugin}`, order);
        }
      };
      visit(tree);
    }
  }

  /** `async (fastify, opts) => { fastify.register(…) }` whose instance nothing here creates: an app of its own, its body read once. */
  private pluginScopeOf(receiver: TsNode, site: Site): AppNode | undefined {
    const { ts } = this.context;
    if (!ts.isIdentifier(receiver)) return undefined;
    let fn: TsNode | undefined = receiver.parent;
    while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
    const param = fn && (fn as TsNamespace.FunctionLikeDeclaration).parameters?.[0];
    if (!fn || !param || !ts.isIdentifier(param.name) || param.name.text !== receiver.text) return undefined;
    const key = `plugin:${site.file}:${fn.getStart()}`;
    let app = this.apps.get(key);
    if (!app) {
      app = { key, framework: "Fastify", prefix: "", registrations: [], mounts: [], scopeEntries: [], boundLimits: [], plugins: [], encapsulated: true };
      this.apps.set(key, app);
      this.walk(fn, site, { param: param.name.text, app });
    }
    return app;
  }

  private routes(): Route[] {
    const routes: Route[] = [];
    for (const app of [...this.apps.values()].sort((a, b) => (a.key < b.key ? -1 : 1))) {
      for (const reg of app.registrations) {
        if (reg.kind !== "route") continue;
        for (const context of this.contexts(app, reg.path, reg.order)) {
          const handlerArg = reg.args[reg.args.length - 1]!;
          const handler = this.handlerOf(handlerArg, reg.site);
          const { chain, evidence, optOuts } = this.routeOptions(reg, app);
          // Registered like a route of its own (`app.post(path, mw)`): it runs before a route of that method and path declared after it.
          const bound = app.boundLimits.filter((b) => b.order < reg.order && (b.method === "ALL" || b.method === reg.method) && boundPathMatches(b.path, reg.path, app.framework));
          routes.push({
            framework: app.framework,
            method: reg.method,
            path: normalisePath(context.prefix + app.prefix + reg.path),
            file: reg.site.file,
            start: registrationStart(this.context.ts, reg.call),
            end: reg.call.getEnd(),
            ...(handler ? { handler } : {}),
            chain: [...context.chain, ...bound.map((b) => b.entry), ...chain],
            evidence,
            ...(optOuts.length ? { optOuts } : {}),
          });
        }
      }
      this.trpcMounts(app);
    }
    return routes;
  }

  /** `app.use("/trpc", auth, createExpressMiddleware({ router }))`: what runs before the adapter serves a procedure. */
  private trpcMounts(app: AppNode): void {
    const { ts, evaluator } = this.context;
    for (const reg of app.registrations) {
      const arg = reg.kind === "use" ? unwrapExpression(ts, reg.args[0]!) : undefined;
      if (!arg || !ts.isCallExpression(arg)) continue;
      const callee = evaluator.eval(arg.expression, reg.site);
      if (callee?.kind !== "module" || !TRPC_ADAPTERS.some((a) => a.how === "call" && a.package === callee.pkg && a.export === callee.path[callee.path.length - 1])) continue;
      // Middleware given before it in the same call (`use(path, auth, adapter)`) share its order: taken in argument order.
      const before = app.registrations.filter((r) => r.call === reg.call && r !== reg && r.call.arguments.indexOf(r.args[0] as TsNamespace.Expression) < reg.call.arguments.indexOf(reg.args[0] as TsNamespace.Expression));
      const scope = `use(${reg.path ? `"${reg.path}"` : ""}) in ${reg.site.file}`;
      for (const context of this.contexts(app, reg.path || "*", reg.order)) {
        this.context.trpcMounts.push({ scope, chain: [...context.chain, ...before.map((r) => ({ file: r.site.file, node: r.args[0]!, scope }))] });
      }
    }
  }

  /**
   * Every way a route of `app` at `path` is reached: its full prefix and the middleware
   * before it. The climb is bounded: a router mounted under two prefixes at each of twenty
   * levels has a million ways up, and a chain of mounts may be as long as the app is large.
   * Past `MAX_MOUNT_STEPS` mounts followed for one route, the rest are not followed; the
   * ways found stand.
   */
  private contexts(app: AppNode, path: string, order: number): Array<{ prefix: string; chain: ChainEntry[] }> {
    return this.climb(app, path, order, new Set<string>(), { left: MAX_MOUNT_STEPS });
  }

  private climb(app: AppNode, path: string, order: number, seen: Set<string>, steps: { left: number }): Array<{ prefix: string; chain: ChainEntry[] }> {
    if (seen.has(app.key)) return [];
    seen.add(app.key);
    const own = [
      ...app.scopeEntries,
      // Across files the walk order is no source order: there the plugin is given the benefit of the doubt.
      ...app.plugins.map((p) => (p.order > order && p.entry.file === this.fileOfOrder.get(order) ? { ...p.entry, registeredAfterRoute: true } : p.entry)),
      ...app.registrations
        .filter((r) => r.kind === "use" && (app.framework === "Fastify" || r.order < order) && coversPath(r.path && app.prefix + r.path, app.prefix + path, app.framework))
        .map((r) => ({ file: r.site.file, node: r.args[0]!, scope: `${r.method}(${r.path ? `"${r.path}"` : ""}) in ${r.site.file}` })),
    ];
    if (app.mounts.length === 0) return [{ prefix: "", chain: own }];
    const out: Array<{ prefix: string; chain: ChainEntry[] }> = [];
    for (const mount of app.mounts) {
      const parent = this.apps.get(mount.parent);
      if (!parent || steps.left <= 0) continue;
      steps.left--;
      for (const up of this.climb(parent, mount.path + app.prefix + path, mount.order, new Set(seen), steps)) {
        // The parent's own prefix (`basePath`, a router's `prefix`) is part of every path below it.
        out.push({ prefix: up.prefix + parent.prefix + mount.path, chain: [...up.chain, ...mount.middleware, ...own] });
      }
    }
    return out.length ? out : [{ prefix: "", chain: own }];
  }

  /** The route's own middleware (all but the last argument) and Fastify route options. */
  private routeOptions(reg: Registration, app: AppNode): { chain: ChainEntry[]; evidence: Evidence[]; optOuts: Array<{ kind: "auth" | "rate-limit"; label: string }> } {
    const { ts } = this.context;
    const chain: ChainEntry[] = [];
    const evidence: Evidence[] = [];
    const optOuts: Array<{ kind: "auth" | "rate-limit"; label: string }> = [];
    for (const arg of reg.args.slice(0, -1)) {
      if (app.framework === "Fastify" && ts.isObjectLiteralExpression(arg)) {
        for (const hook of FASTIFY.requestHooks) {
          const option = argumentAt(ts, arg, hook);
          const entries = option && ts.isArrayLiteralExpression(option) ? [...option.elements] : option ? [option] : [];
          for (const e of entries) chain.push(this.decorated({ file: reg.site.file, node: e, scope: `${hook} option of the route` }));
        }
        for (const path of FASTIFY.rateLimitOptions) {
          const limit = argumentAt(ts, arg, path);
          if (limit && limit.kind === ts.SyntaxKind.FalseKeyword) optOuts.push({ kind: "rate-limit", label: `${path}: false` });
          else if (limit) evidence.push({ kind: "rate-limit", label: "@fastify/rate-limit route config", file: reg.site.file, start: limit.getStart(), scope: "route options" });
        }
        continue;
      }
      if (ts.isArrayLiteralExpression(arg)) for (const e of arg.elements) chain.push({ file: reg.site.file, node: e, scope: "route middleware" });
      else chain.push(this.decorated({ file: reg.site.file, node: arg, scope: "route middleware" }));
    }
    return { chain, evidence, optOuts };
  }

  /** `fastify.authenticate` where `decorate("authenticate", fn)` was called: judge `fn`. */
  private decorated(entry: ChainEntry): ChainEntry {
    const { ts } = this.context;
    const name = ts.isPropertyAccessExpression(entry.node) ? entry.node.name.text : undefined;
    this.projectDecorations ??= fastifyDecorations(this.context);
    const target = name ? (this.decorations.get(name) ?? this.projectDecorations.get(name)) : undefined;
    return target ? { file: target.file, node: target.node, scope: `${entry.scope} (decorated ${name})` } : entry;
  }

  private handlerOf(arg: TsNode, site: Site): { file: string; node: TsNode } | undefined {
    const value = this.context.evaluator.eval(arg, site);
    if (value?.kind === "function") return { file: value.file, node: value.node };
    // `asyncHandler(async (req, res) => …)` from a package: the wrapped function handles.
    if (value?.kind === "made" && this.context.ts.isCallExpression(arg) && arg.arguments[0]) return this.handlerOf(arg.arguments[0], site);
    return undefined;
  }
}

/** Receivers followed through a chain (`router.route("/x").get(h).post(h)`). */
const MAX_CHAIN = 64;
/** Mounts followed up from one route (see `contexts`): real apps climb a few levels, through one or two mounts each. */
const MAX_MOUNT_STEPS = 64;

/** Where a route is declared: the call, or in a chain (`new Hono().get(…).post(…)`) its own method name. */
function registrationStart(ts: typeof TsNamespace, call: TsNamespace.CallExpression): number {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && (ts.isCallExpression(callee.expression) || ts.isNewExpression(callee.expression)) ? callee.name.getStart() : call.getStart();
}

function httpMethod(method: string): string {
  return method === "del" ? "DELETE" : method.toUpperCase();
}

function normalise(path: readonly string[]): string {
  return path.map((p) => (p === "*" ? "default" : p)).join(".");
}

/** `"/api"` + `"/chat"`, `"/api/"` + `"chat"`: one slash between. */
function joinPaths(prefix: string, path: string): string {
  return `${trimRun(prefix, "/")}/${trimRun(path, "/", "start")}`;
}

/** `/api/*` → `/api`, `/api*` → `/api`: the wildcard run at the end and one slash before it. */
function withoutWildcardTail(prefix: string): string {
  const stars = trimRun(prefix, "*");
  return stars !== prefix && stars.endsWith("/") ? stars.slice(0, -1) : stars;
}

function normalisePath(path: string): string {
  const joined = `/${path}`.replace(/\/+/g, "/");
  return joined.length > 1 ? joined.replace(/\/$/, "") : joined;
}

/** A path a limiter registered as a route of its own: the same path, or under it when it ends in `*`. */
function boundPathMatches(limited: string, path: string, framework: string): boolean {
  if (/\*$/.test(limited)) return coversPath(limited, path, framework);
  return normalisePath(limited) === normalisePath(path);
}

/**
 * `use("/api", mw)` covers `/api/chat` (Express, Koa: a mount prefix); `use("/api/*", mw)` too;
 * `use(mw)` covers everything. Hono matches a middleware path like a route path (`exactUsePaths`):
 * `use("/", mw)` and `use("/api", mw)` cover only that path, a trailing `*` everything below it.
 */
function coversPath(prefix: string, path: string, framework: string): boolean {
  const wildcard = /\*$/.test(prefix);
  if (!prefix || (!EXACT_USE_PATHS.has(framework) && prefix === "/") || prefix === "*" || prefix === "/*") return true;
  const base = normalisePath(withoutWildcardTail(prefix));
  const full = normalisePath(path);
  if (EXACT_USE_PATHS.has(framework) && !wildcard) return full === base;
  return full === base || full.startsWith(`${base}/`);
}

/** Frameworks whose `use(path, mw)` matches the path exactly unless it ends with `*`. */
const EXACT_USE_PATHS = new Set(SERVER_APPS.filter((a) => a.exactUsePaths).map((a) => a.framework));

/** `join(__dirname, "routes")`, `path.resolve(__dirname, "./routes")`: the last string literal in an expression. */
function lastStringLiteral(ts: typeof TsNamespace, node: TsNode): string | undefined {
  let found: string | undefined;
  const visit = (n: TsNode): void => {
    if (ts.isStringLiteralLike(n)) found = n.text;
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found === undefined ? undefined : trimRun(found.replace(/^\.\//, ""), "/");
}
