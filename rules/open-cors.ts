/**
 * AU-4: CORS that lets any website call the app's AI routes from its visitors' browsers.
 *
 * Detector, only in projects with AI routes, and only for CORS that applies to them:
 * - CORS middleware on an AI route's path (the route model's chain: `app.use(cors())`,
 *   Hono `cors()`, `@koa/cors`, `fastify.register(cors, { origin: true })`) with no origin,
 *   `"*"`, `true`, a list with `"*"`, or a callback that allows every origin (table in
 *   `src/knowledge/cors.ts`);
 * - `Access-Control-Allow-Origin: *` (or the request's Origin echoed back unchecked) set in
 *   an AI route's handler, a helper it calls, a middleware function on its path, or an
 *   `OPTIONS` handler of the same path;
 * - app-wide settings: NestJS `enableCors()` / `NestFactory.create(…, { cors: true })`,
 *   Next.js `headers()` in next.config (per `source` pattern), Nuxt/Nitro `routeRules`
 *   (`cors: true`, headers), SvelteKit's `handle` hook and Next.js middleware.
 * A header set inside a route that does not reach a model is not reported.
 */
import { defineRule, type ProjectRuleContext } from "../src/engine/rule.js";
import { propertyChain, propertyNameText, stringValue, unwrapExpression, walk } from "../src/facts/ast.js";
import type { Ts, TsNode } from "../src/facts/typescript.js";
import type { ts as TsNamespace } from "ts-morph";
import { ALLOW_ORIGIN_HEADER, APP_WIDE_CORS_FILES, APP_WIDE_HOOK_FILES, CORS_MIDDLEWARE, HEADER_SETTERS, NEST_CORS, NEXT_CONFIG, NITRO_ROUTE_RULES, ORIGIN_HEADER } from "../src/knowledge/cors.js";
import { handlerFunctions, listOf, middlewareFunctions, packageRootOf } from "../src/model/routes/functions.js";
import type { AiRoute } from "../src/model/routes/index.js";
import { covers, pathToRegExp, routeRuleToRegExp, type PathPattern } from "../src/model/routes/path-patterns.js";
import { describeRoute } from "./support/route-report.js";
import type { ChainEntry, ExtractorContext } from "../src/model/routes/types.js";
import { argumentAt, findProperty } from "../src/model/values.js";
import { resolveName } from "../src/model/scopes.js";
import { oneLineSnippet } from "../src/util/text.js";

export default defineRule({
  meta: {
    id: "open-cors",
    title: "AI routes open to cross-origin calls from any site",
    checklist: ["AU-4"],
    severity: "warning",
    cwe: ["CWE-942"],
    owaspLlm: { "2025": "LLM10", "2026": "LLM06" },
    description:
      "The CORS policy on routes that reach a model allows every origin (Access-Control-Allow-Origin: *, the request's Origin echoed back, cors() with no origin). Any website can then call the AI routes from its visitors' browsers and read the answers: it spends your model budget with their traffic, and with credentials allowed it acts as the signed-in user.",
    fix: "List the origins that may call the AI routes (origin: [\"https://app.example.com\"]) or drop CORS when only your own pages call them; never reflect the request's Origin without checking it against that list.",
    example: {
      bad: "app.use(cors());\napp.post(\"/api/chat\", chatHandler);",
      good: 'app.use(cors({ origin: ["https://app.example.com"] }));\napp.post("/api/chat", chatHandler);',
    },
    scope: "CORS middleware, headers and framework settings that apply to routes reaching a model",
  },

  checkProject(project, context) {
    const model = project.routes(context.ts);
    if (model.aiRoutes.length === 0) return;
    context.judged(model.aiRoutes.length);
    const finder = new CorsFinder(model.context);
    const sites = new Map<TsNode, OpenSite & { routes: AiRoute[] }>();
    const add = (site: OpenSite, ai: AiRoute) => {
      const known = sites.get(site.node);
      if (known) {
        if (!known.routes.includes(ai)) known.routes.push(ai);
      } else sites.set(site.node, { ...site, routes: [ai] });
    };

    const chainFiles = new Set<string>();
    for (const ai of model.aiRoutes) {
      for (const entry of ai.route.chain) {
        const site = finder.middleware(entry);
        if (site) add(site, ai);
      }
      const middleware = middlewareFunctions(model.context, ai.route);
      for (const fn of middleware) chainFiles.add(fn.file);
      const preflight = model.routes.filter((r) => r.method === "OPTIONS" && r.path === ai.route.path && r.framework === ai.route.framework && r.handler);
      const functions = [...handlerFunctions(model.context, ai.route, 1), ...middleware, ...preflight.map((r) => ({ file: r.handler!.file, node: r.handler!.node }))];
      for (const fn of functions) for (const site of finder.headerSites(fn.file, (fn.node as { body?: TsNode }).body ?? fn.node)) add(site, ai);
    }

    // App-wide settings.
    const rc = model.context;
    const sameApp = (file: string, frameworks: readonly string[], pattern?: PathPattern) => {
      const root = packageRootOf(rc, file);
      return model.aiRoutes.filter((ai) => frameworks.includes(ai.route.framework) && packageRootOf(rc, ai.route.file) === root && (!pattern || covers(pattern, ai.route.path)));
    };
    for (const rel of rc.codeFiles) {
      const file = rc.file(rel);
      // App-wide CORS lives in a Nest bootstrap, a framework config, a hook or middleware file, or code around the AI routes.
      if (!file || !(rc.aiCandidates.has(rel) || APP_WIDE_CORS_FILES.test(file.baseName) || file.header.imports.some((i) => i.specifier.startsWith("@nestjs/"))) || !/enableCors|NestFactory|access-control-allow-origin|routeRules/i.test(file.text)) continue;
      const name = file.baseName;
      for (const site of finder.nestSites(rel)) for (const ai of sameApp(rel, [NEST_CORS.framework])) add(site, ai);
      if (NEXT_CONFIG.files.test(name)) for (const { site, source } of finder.nextConfigSites(rel)) for (const ai of sameApp(rel, [NEXT_CONFIG.framework], source === undefined ? undefined : pathToRegExp(source))) add(site, ai);
      if (NITRO_ROUTE_RULES.files.test(name)) for (const { site, pattern } of finder.routeRuleSites(rel)) for (const ai of sameApp(rel, NITRO_ROUTE_RULES.frameworks, routeRuleToRegExp(pattern))) add(site, ai);
      const hook = APP_WIDE_HOOK_FILES.find((h) => h.files.test(rel));
      if (hook && !chainFiles.has(rel)) {
        const tree = rc.tree(rel);
        if (tree) for (const site of finder.headerSites(rel, tree)) for (const ai of sameApp(rel, [hook.framework])) add(site, ai);
      }
    }

    report(project, context, [...sites.values()]);
  },
});

interface OpenSite {
  file: string;
  node: TsNode;
  /** `cors() with no options answers Access-Control-Allow-Origin: * to every site`. */
  what: string;
}

class CorsFinder {
  private readonly ts: Ts;

  constructor(private readonly context: ExtractorContext) {
    this.ts = context.ts;
  }

  /** A CORS middleware or plugin on the route's path that allows every origin. */
  middleware(entry: ChainEntry): OpenSite | undefined {
    const { ts } = this;
    const tree = this.context.tree(entry.file);
    if (!tree) return undefined;
    const value = this.context.evaluator.eval(entry.node, { file: entry.file, tree });
    if (value?.kind === "made" && value.how === "call" && value.path.length === 0) {
      const shape = CORS_MIDDLEWARE.find((s) => s.how === "call" && s.packages.includes(value.of.pkg) && s.export === exportName(value.of.path));
      if (!shape || !ts.isCallExpression(value.origin.node)) return undefined;
      const what = this.judgeOptions(value.origin.file, value.origin.node.arguments[shape.optionsArg], shape.originOption, shape.label, shape.whenMissing);
      return what ? { file: value.origin.file, node: value.origin.node, what } : undefined;
    }
    if (value?.kind === "module") {
      const shape = CORS_MIDDLEWARE.find((s) => s.how === "plugin" && s.packages.includes(value.pkg) && s.export === exportName(value.path));
      const register = entry.node.parent;
      if (!shape || !register || !ts.isCallExpression(register)) return undefined;
      const what = this.judgeOptions(entry.file, register.arguments[shape.optionsArg], shape.originOption, `${shape.label} registered`, shape.whenMissing);
      return what ? { file: entry.file, node: register, what } : undefined;
    }
    return undefined;
  }

  /** What an options object allows: a description when it is every origin. */
  private judgeOptions(file: string, options: TsNode | undefined, originOption: string, label: string, whenMissing: string): string | undefined {
    const { ts } = this;
    if (!options) return `${label} with no options ${whenMissing}`;
    const object = this.objectOf(file, options);
    if (!object) return undefined;
    const property = findProperty(ts, object, originOption);
    if (!property) return `${label} without an ${originOption} option ${whenMissing}`;
    const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    const verdict = value && this.judgeOrigin(value, 0);
    return verdict ? `${label} with ${verdict}` : undefined;
  }

  private objectOf(file: string, node: TsNode): TsNamespace.ObjectLiteralExpression | undefined {
    const { ts } = this;
    const direct = unwrapExpression(ts, node);
    if (ts.isObjectLiteralExpression(direct)) return direct;
    const tree = this.context.tree(file);
    const value = tree && this.context.evaluator.eval(node, { file, tree });
    return value?.kind === "object" ? value.node : undefined;
  }

  /** An `origin` setting that allows every origin: `"*"`, `true`, `["*"]`, `/.*​/`, `env ?? "*"`, a callback that always allows. */
  private judgeOrigin(expr: TsNode, depth: number): string | undefined {
    const { ts } = this;
    if (depth > 4) return undefined;
    const node = unwrapExpression(ts, expr);
    const text = stringValue(ts, node);
    if (text === "*") return 'origin: "*"';
    if (node.kind === ts.SyntaxKind.TrueKeyword) return "origin: true, which echoes any request's Origin back";
    if (ts.isArrayLiteralExpression(node) && node.elements.some((e) => stringValue(ts, unwrapExpression(ts, e)) === "*")) return 'an origin list that includes "*"';
    if (ts.isRegularExpressionLiteral(node) && /^\/\^?\.[*+]\$?\/[a-z]*$/.test(node.text)) return `origin: ${node.text}, which matches every origin`;
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      const fallback = this.judgeOrigin(node.right, depth + 1);
      return fallback ? `an origin that falls back to ${fallback.replace(/^origin: /, "")}` : undefined;
    }
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return this.alwaysAllows(node) ? "an origin callback that allows every origin" : undefined;
    if (ts.isIdentifier(node)) {
      const binding = resolveName(ts, node.text, node);
      if (binding?.kind === "variable" && binding.init && binding.path.length === 0) return this.judgeOrigin(binding.init, depth + 1);
      if (binding?.kind === "function") return this.alwaysAllows(binding.node) ? "an origin callback that allows every origin" : undefined;
    }
    return undefined;
  }

  /** `(origin, cb) => cb(null, true)`, `(origin) => origin`, `(ctx) => ctx.get("Origin")`: no check at all. */
  private alwaysAllows(fn: TsNode & { parameters: readonly TsNode[]; body?: TsNode }): boolean {
    const { ts } = this;
    const body = fn.body;
    if (!body) return false;
    const first = fn.parameters[0] && (fn.parameters[0] as TsNode & { name: TsNode }).name;
    const param = first && ts.isIdentifier(first) ? first.text : undefined;
    const allowing = (e: TsNode | undefined): boolean => {
      if (!e) return false;
      const n = unwrapExpression(ts, e);
      return n.kind === ts.SyntaxKind.TrueKeyword || stringValue(ts, n) === "*" || (ts.isIdentifier(n) && n.text === param) || this.isOriginRead(n, 0);
    };
    let checks = false;
    let allows = !ts.isBlock(body) && allowing(body);
    walk(ts, body, (n) => {
      if (ts.isIfStatement(n) || ts.isConditionalExpression(n) || ts.isSwitchStatement(n)) checks = true;
      if (ts.isBinaryExpression(n) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(n.operatorToken.kind)) checks = true;
      if (ts.isCallExpression(n)) {
        const callee = n.expression;
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
        if (/^(?:includes|has|test|match|matchAll|exec|endsWith|startsWith|indexOf|some|find|every|isAllowed\w*|check\w*|verify\w*)$/.test(name)) checks = true;
        if (n.arguments.length === 2 && allowing(n.arguments[1])) allows = true;
      }
      if (ts.isReturnStatement(n) && allowing(n.expression)) allows = true;
    });
    return allows && !checks;
  }

  /** `Access-Control-Allow-Origin` set to `*` (or to the request's Origin, unchecked) in a function or file. */
  headerSites(file: string, root: TsNode): OpenSite[] {
    const { ts } = this;
    const out: OpenSite[] = [];
    const check = (node: TsNode, value: TsNode | undefined) => {
      if (!value) return;
      const verdict = this.judgeHeaderValue(value, node, root);
      if (verdict) out.push({ file, node, what: verdict });
    };
    walk(ts, root, (node) => {
      if (ts.isCallExpression(node)) {
        const callee = unwrapExpression(ts, node.expression);
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
        if (!name || !HEADER_SETTERS.includes(name)) return;
        // `setResponseHeader(event, name, value)` (h3) takes the event first.
        const at = ts.isIdentifier(callee) ? 1 : 0;
        const header = node.arguments[at] && stringValue(ts, unwrapExpression(ts, node.arguments[at]!));
        if (header?.toLowerCase() === ALLOW_ORIGIN_HEADER) check(node, node.arguments[at + 1]);
        return;
      }
      if (ts.isPropertyAssignment(node)) {
        const name = propertyNameText(ts, node.name);
        if (name?.toLowerCase() === ALLOW_ORIGIN_HEADER) check(node, node.initializer);
        // `{ key: "Access-Control-Allow-Origin", value: "*" }` (next.config, vercel-style header lists)
        if (name === "key" && stringValue(ts, unwrapExpression(ts, node.initializer))?.toLowerCase() === ALLOW_ORIGIN_HEADER && ts.isObjectLiteralExpression(node.parent)) {
          const value = findProperty(ts, node.parent, "value");
          if (value && ts.isPropertyAssignment(value)) check(node.parent, value.initializer);
        }
      }
    });
    return out;
  }

  /** `"*"`, `origin || "*"`, or the request's Origin echoed back with no check around it. */
  private judgeHeaderValue(value: TsNode, at: TsNode, root: TsNode, depth = 0): string | undefined {
    const { ts } = this;
    if (depth > 4) return undefined;
    const node = unwrapExpression(ts, value);
    if (stringValue(ts, node) === "*") return "Access-Control-Allow-Origin: * lets every site read the responses";
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) && stringValue(ts, unwrapExpression(ts, node.right)) === "*") {
      return 'Access-Control-Allow-Origin falls back to "*", which lets every site read the responses';
    }
    if (this.isOriginRead(node, 0) && !this.checkedAround(at, root)) return "Access-Control-Allow-Origin echoes the request's Origin back unchecked, which lets every site read the responses";
    if (ts.isIdentifier(node)) {
      const binding = resolveName(ts, node.text, node);
      if (binding?.kind === "variable" && binding.init && binding.path.length === 0) return this.judgeHeaderValue(binding.init, at, root, depth + 1);
    }
    return undefined;
  }

  /** `req.headers.origin`, `request.headers.get("origin")`, `ctx.get("Origin")`, `getHeader(event, "origin")`. */
  private isOriginRead(expr: TsNode, depth: number): boolean {
    const { ts } = this;
    if (depth > 4) return false;
    const node = unwrapExpression(ts, expr);
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return this.isOriginRead(node.left, depth + 1);
    if (ts.isPropertyAccessExpression(node) && node.name.text.toLowerCase() === ORIGIN_HEADER) return /header/i.test(node.expression.getText());
    if (ts.isElementAccessExpression(node)) return stringValue(ts, unwrapExpression(ts, node.argumentExpression))?.toLowerCase() === ORIGIN_HEADER && /header/i.test(node.expression.getText());
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(ts, node.expression);
      const args = node.arguments.map((a) => stringValue(ts, unwrapExpression(ts, a))?.toLowerCase());
      if (ts.isPropertyAccessExpression(callee) && ["get", "header", "getHeader"].includes(callee.name.text)) return args[0] === ORIGIN_HEADER;
      if (ts.isIdentifier(callee) && ["getHeader", "getRequestHeader"].includes(callee.text)) return args[1] === ORIGIN_HEADER;
      return false;
    }
    if (ts.isIdentifier(node)) {
      const binding = resolveName(ts, node.text, node);
      if (binding?.kind === "variable" && binding.init && binding.path.length === 0) return this.isOriginRead(binding.init, depth + 1);
      if (binding?.kind === "variable" && binding.init && binding.path.length === 1 && binding.path[0]!.toLowerCase() === ORIGIN_HEADER) return /header/i.test(binding.init.getText());
    }
    return false;
  }

  /** The header is set inside a branch that checks something (an allowlist, a comparison). */
  private checkedAround(node: TsNode, root: TsNode): boolean {
    const { ts } = this;
    for (let child = node, parent = node.parent; parent && child !== root; child = parent, parent = parent.parent) {
      if ((ts.isIfStatement(parent) && child !== parent.expression) || (ts.isConditionalExpression(parent) && child !== parent.condition)) return true;
    }
    return false;
  }

  /** NestJS: `app.enableCors()` and `NestFactory.create(AppModule, { cors: true })`. */
  nestSites(file: string): OpenSite[] {
    const { ts } = this;
    const tree = this.context.tree(file);
    if (!tree) return [];
    const out: OpenSite[] = [];
    walk(ts, tree, (node) => {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      if (node.expression.name.text === NEST_CORS.enableMethod) {
        const what = this.judgeOptions(file, node.arguments[0], "origin", `${shortText(node.expression.getText())}()`, NEST_CORS.whenMissing);
        if (what) out.push({ file, node, what });
      } else if (node.expression.getText() === NEST_CORS.factory) {
        const option = argumentAt(ts, node, `1.${NEST_CORS.factoryOption}`);
        if (!option) return;
        const value = unwrapExpression(ts, option);
        if (value.kind === ts.SyntaxKind.TrueKeyword) out.push({ file, node: option, what: `${NEST_CORS.factory}(…, { cors: true }) ${NEST_CORS.whenMissing}` });
        else {
          const what = this.judgeOptions(file, value, "origin", `${NEST_CORS.factory}(…, { cors })`, NEST_CORS.whenMissing);
          if (what) out.push({ file, node: option, what });
        }
      }
    });
    return out;
  }

  /** next.config `headers()`: each open header with the `source` pattern it is sent on. */
  nextConfigSites(file: string): Array<{ site: OpenSite; source?: string }> {
    const { ts } = this;
    const tree = this.context.tree(file);
    if (!tree) return [];
    return this.headerSites(file, tree).map((site) => {
      let source: string | undefined;
      for (let n: TsNode | undefined = site.node.parent; n && source === undefined; n = n.parent) {
        if (!ts.isObjectLiteralExpression(n)) continue;
        const p = findProperty(ts, n, NEXT_CONFIG.sourceKey);
        if (p && ts.isPropertyAssignment(p)) source = stringValue(ts, unwrapExpression(ts, p.initializer));
      }
      return { site: { ...site, what: source ? `${site.what.replace(/ lets every site.*$/, "")} is sent on "${source}" by next.config, which lets every site read the responses` : site.what }, source };
    });
  }

  /** Nuxt / Nitro `routeRules`: `cors: true`, or an open `Access-Control-Allow-Origin` in `headers`. */
  routeRuleSites(file: string): Array<{ site: OpenSite; pattern: string }> {
    const { ts } = this;
    const tree = this.context.tree(file);
    if (!tree) return [];
    const out: Array<{ site: OpenSite; pattern: string }> = [];
    walk(ts, tree, (node) => {
      if (!ts.isPropertyAssignment(node)) return;
      const chain = propertyChain(ts, node);
      const at = chain.indexOf(NITRO_ROUTE_RULES.option);
      if (at < 0 || chain.length < at + 3) return;
      const pattern = chain[at + 1]!;
      const rest = chain.slice(at + 2);
      const value = unwrapExpression(ts, node.initializer);
      if (rest.length === 1 && rest[0] === NITRO_ROUTE_RULES.corsKey && value.kind === ts.SyntaxKind.TrueKeyword) {
        out.push({ site: { file, node, what: `routeRules "${pattern}" sets cors: true, which answers Access-Control-Allow-Origin: * to every site` }, pattern });
      } else if (rest.length === 2 && rest[0] === NITRO_ROUTE_RULES.headersKey && rest[1]!.toLowerCase() === ALLOW_ORIGIN_HEADER && stringValue(ts, value) === "*") {
        out.push({ site: { file, node, what: `routeRules "${pattern}" sends Access-Control-Allow-Origin: *, which lets every site read the responses` }, pattern });
      }
    });
    return out;
  }
}

function report(project: { file(rel: string): import("../src/facts/file-facts.js").FileFacts | undefined }, context: ProjectRuleContext, sites: Array<OpenSite & { routes: AiRoute[] }>): void {
  for (const site of sites) {
    const file = project.file(site.file);
    if (!file || site.routes.length === 0) continue;
    const routes = site.routes.map(describeRoute).filter((r, i, all) => all.indexOf(r) === i);
    const named = listOf(routes);
    context.report({
      file,
      start: site.node.getStart(),
      end: site.node.getEnd(),
      message: `${site.what}, and it applies to the AI route${routes.length === 1 ? "" : "s"} ${named}: any website can call ${routes.length === 1 ? "it" : "them"} from its visitors' browsers and read the answers.`,
      identity: site.what,
    });
  }
}

function exportName(path: readonly string[]): string {
  return path.map((p) => (p === "*" ? "default" : p)).join(".");
}

function shortText(text: string): string {
  return oneLineSnippet(text, 40);
}


