/**
 * Routes whose syntax is read only when someone asks for it. A route file that cannot reach
 * a model (not among the AI surface's candidates) still has routes: other rules look at their
 * paths, methods and middleware, and a few at their handlers. Most never ask for a handler,
 * so such a file is parsed on the first question, not when the route table is built. On a
 * large Next.js or SvelteKit app most route files are like that (Next.js route handlers,
 * pages and API routes, and SvelteKit endpoints are deferred; the other route files are read
 * at once).
 *
 * A file is deferred only when its text alone says what it exports: every `export` in it
 * starts a line and declares a function by name, or a name bound (with or without a type
 * written before the value) to a function written right there
 * (`export const POST: RequestHandler = async ({ request }) => …`), a literal (a route
 * segment's config), or a type. A default export may be anything where `default` is no route
 * (a page's component), and `export default function` is a function written right there.
 * Then each route's handler is that function, in that file, with no
 * wrapper around it (or there is none), so a route's file, handler file and chain are known
 * without a tree. Anything else (`export { … }`, `export const GET = withAuth(…)`) is read
 * from the tree at once, as before.
 */
import type { TsNode } from "../../facts/typescript.js";
import { exportsOf, methodOf, unwrapHandler } from "./file-routes.js";
import type { ExtractorContext, Route } from "./types.js";

/** A route-defining export found in the text: its name and the offset of its `export` keyword. */
export interface PlainExport {
  name: string;
  offset: number;
  /** `export default <an expression>`: only its tree tells what it is (fine where `default` is no route). */
  opaque?: true;
}

const EXPORT_WORD = /\bexport\b/g;
// At a line start, one of the forms whose exported value is plain from the text.
const EXPORTED_FUNCTION = /export[ \t]+(?:async[ \t]+)?function[ \t]*\*?[ \t]*([A-Za-z_$][\w$]*)[ \t]*[(<]/y;
// An arrow's parameters hold no parentheses (a default value calling something is left to the tree).
const EXPORTED_FUNCTION_VALUE = /export[ \t]+(?:const|let|var)[ \t]+([A-Za-z_$][\w$]*)(?:[ \t]*:[^=\n]*)?[ \t]*=[ \t]*(?:async[ \t]+)?(?:function\b|\([^()]*\)[ \t]*(?::[^=\n]*)?=>|[A-Za-z_$][\w$]*[ \t]*=>)/y;
// A literal (a route segment's config: `export const maxDuration = 30;`, `export const dynamic = "force-dynamic";`).
const EXPORTED_LITERAL = /export[ \t]+(?:const|let|var)[ \t]+([A-Za-z_$][\w$]*)(?:[ \t]*:[^=\n]*)?[ \t]*=[ \t]*(?:"[^"\n\\]*"|'[^'\n\\]*'|-?\d[\w.]*|true|false|null)[ \t]*;?[ \t]*(?:\/\/[^\n]*)?(?:\r?\n|$)/y;
const EXPORTED_DEFAULT_FUNCTION = /export[ \t]+default[ \t]+(?:async[ \t]+)?function\b/y;
const EXPORTED_DEFAULT = /export[ \t]+default\b/y;
const EXPORTED_TYPE = /export[ \t]+(?:declare[ \t]+)?(?:interface|type|enum|const[ \t]+enum|abstract[ \t]+class|class|namespace)\b(?![ \t]*\{)/y;

/**
 * The exports of a file when its text alone says what each is (see the module comment), or
 * undefined when only its tree can tell. Types are left out.
 */
export function plainExports(text: string): PlainExport[] | undefined {
  const found: PlainExport[] = [];
  EXPORT_WORD.lastIndex = 0;
  for (let m = EXPORT_WORD.exec(text); m; m = EXPORT_WORD.exec(text)) {
    const at = m.index;
    // Not at a line's start: indented, in a comment or a string, or after other code.
    if (at > 0 && text.charCodeAt(at - 1) !== 10 /* \n */) return undefined;
    const named = matchAt(EXPORTED_FUNCTION, text, at) ?? matchAt(EXPORTED_FUNCTION_VALUE, text, at) ?? matchAt(EXPORTED_LITERAL, text, at);
    if (named !== undefined) found.push({ name: named, offset: at });
    else if (matchAt(EXPORTED_DEFAULT_FUNCTION, text, at) !== undefined) found.push({ name: "default", offset: at });
    else if (matchAt(EXPORTED_DEFAULT, text, at) !== undefined) found.push({ name: "default", offset: at, opaque: true });
    else if (matchAt(EXPORTED_TYPE, text, at) === undefined) return undefined;
  }
  return found;
}

function matchAt(sticky: RegExp, text: string, at: number): string | undefined {
  sticky.lastIndex = at;
  const m = sticky.exec(text);
  return m ? (m[1] ?? "") : undefined;
}

/**
 * The routes of a file-based route file (`exports`: export name → method) as deferred
 * routes, or undefined when the file must be read now: it can reach a model, or its text
 * does not show plainly what it exports. `options` are the wrapper option names
 * `unwrapHandler` looks in (`undefined` stands for the export's own name).
 */
export function deferredFileRoutes(context: ExtractorContext, file: string, framework: string, path: string, exports: Readonly<Record<string, string>>, options: ReadonlyArray<string | undefined> = []): Route[] | undefined {
  if (context.aiCandidates.has(file)) return undefined;
  const plain = plainExports(context.file(file)?.text ?? "");
  // A default export the text cannot read is fine where `default` is no route (a page's component).
  if (!plain || plain.some((e) => e.opaque && methodOf(exports, e.name))) return undefined;
  const routes: Route[] = [];
  for (const entry of plain) {
    const method = methodOf(exports, entry.name);
    const names = options.map((o) => o ?? entry.name);
    if (method) routes.push(deferredRoute({ framework, method, path, file }, entry.offset, () => syntaxOf(context, file, entry.offset, names)));
  }
  return routes;
}

/** A deferred route's declaration and handler: the export whose statement starts at `offset`, read as the extractor reads it. */
function syntaxOf(context: ExtractorContext, file: string, offset: number, options: readonly string[]): RouteSyntax {
  const entry = exportsOf(context, file).find((e) => e.decl.getStart() === offset);
  if (!entry) return { start: offset, end: offset };
  const unwrapped = unwrapHandler(context, file, entry.expr, options);
  return { start: entry.decl.getStart(), end: entry.decl.getEnd(), ...(unwrapped.handler ? { handler: unwrapped.handler } : {}) };
}

/** What a deferred route reads from the tree when first asked. */
export interface RouteSyntax {
  start: number;
  end: number;
  handler?: { file: string; node: TsNode };
}

const DEFERRED = new WeakMap<Route, { offset: number }>();

/**
 * A route whose `start`, `end` and `handler` are read from the tree on first access (then
 * kept as plain properties). Its chain and evidence are plain arrays from the start: the
 * extractor adds middleware to them, and the handler adds no wrapper.
 */
export function deferredRoute(fields: Pick<Route, "framework" | "method" | "path" | "file">, offset: number, read: () => RouteSyntax): Route {
  const route = { ...fields, chain: [], evidence: [] } as unknown as Route;
  let syntax: RouteSyntax | undefined;
  const settle = (): RouteSyntax => {
    if (syntax) return syntax;
    syntax = read();
    DEFERRED.delete(route);
    Object.defineProperty(route, "start", { value: syntax.start, writable: true, enumerable: true, configurable: true });
    Object.defineProperty(route, "end", { value: syntax.end, writable: true, enumerable: true, configurable: true });
    if (syntax.handler) Object.defineProperty(route, "handler", { value: syntax.handler, writable: true, enumerable: true, configurable: true });
    else delete (route as { handler?: unknown }).handler;
    return syntax;
  };
  Object.defineProperties(route, {
    start: { get: () => settle().start, enumerable: true, configurable: true },
    end: { get: () => settle().end, enumerable: true, configurable: true },
    handler: { get: () => settle().handler, enumerable: true, configurable: true },
  });
  DEFERRED.set(route, { offset });
  return route;
}

/** Is the route's syntax still unread? (Its file is then not an AI candidate, and its handler sits in that file.) */
export function isDeferred(route: Route): boolean {
  return DEFERRED.has(route);
}

/** The route's start, without reading a deferred route's tree (its `export` keyword is where its statement starts). */
export function routeOffset(route: Route): number {
  return DEFERRED.get(route)?.offset ?? route.start;
}

/** The file of the route's handler, without reading a deferred route's tree (it is the route's own file). */
export function handlerFileOf(route: Route): string | undefined {
  return isDeferred(route) ? route.file : route.handler?.file;
}

/** Parents from a deferred handler up to its file: statement, declaration list, declaration, function. */
const MAX_HANDLER_DEPTH = 4;

/**
 * Route handlers by their function node, for the flow (a handler's parameters are the
 * request). A deferred route's handler is read only when a function of its file is asked
 * about: its handler can be nowhere else.
 */
export class HandlerTable<T> {
  private readonly known = new Map<TsNode, T>();
  /** Deferred routes by their file's absolute path (a tree's `fileName`). */
  private readonly pending = new Map<string, Route[]>();

  constructor(
    routes: readonly Route[],
    private readonly infoOf: (route: Route) => T,
    absPathOf: (rel: string) => string | undefined,
  ) {
    for (const route of routes) {
      const abs = isDeferred(route) ? absPathOf(route.file) : undefined;
      if (abs !== undefined) this.pending.set(abs, [...(this.pending.get(abs) ?? []), route]);
      else this.add(route);
    }
  }

  get(fn: TsNode): T | undefined {
    if (this.pending.size > 0) {
      // A deferred handler is a top-level function (`export function GET`, `export const GET = async () => …`):
      // its file is at most a few parents up. A function deeper down is nobody's deferred handler.
      let tree: TsNode | undefined = fn;
      for (let up = 0; up < MAX_HANDLER_DEPTH && tree?.parent; up++) tree = tree.parent;
      const file = tree?.parent === undefined ? (tree as { fileName?: string } | undefined)?.fileName : undefined;
      const routes = file === undefined ? undefined : this.pending.get(file);
      if (routes) {
        this.pending.delete(file!);
        for (const route of routes) this.add(route);
      }
    }
    return this.known.get(fn);
  }

  private add(route: Route): void {
    const handler = route.handler;
    if (handler && !this.known.has(handler.node)) this.known.set(handler.node, this.infoOf(route));
  }
}
