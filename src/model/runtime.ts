/**
 * Where each code file of the project runs: in the browser (it ships to the user's
 * device), on the server, or both. The conventions are data (`knowledge/runtimes.ts`);
 * this file applies them:
 *
 * 1. each file gets a seed from its own markers, its framework's path conventions, the
 *    shared rules (tooling, tests, public/), in that order;
 * 2. "a file imported from client code is client code": browser-ness spreads from every
 *    browser or universal file along run-time imports, but never into server-only files;
 * 3. files that only server code reaches are server code; the rest get the framework's
 *    fallback.
 *
 * Only the few universal files whose server-only parts matter (Next.js pages, Remix route
 * modules) are parsed; everything else comes from paths and the import graph.
 */
import { posix } from "node:path";
import { hasExportModifier } from "../facts/ast.js";
import type { FileFacts } from "../facts/file-facts.js";
import { scriptBlocks } from "../facts/script-blocks.js";
import type { Ts, TsNode, TsSourceFile } from "../facts/typescript.js";
import {
  EXTENSION_MANIFEST_ENTRIES,
  EXTENSION_MANIFEST_MARKER,
  FRAMEWORK_RUNTIMES,
  SERVED_ASSET_DIRS,
  SHARED_RULES,
  UNIVERSAL_RULES,
  type FrameworkRuntime,
  type RuntimeRule,
} from "../knowledge/runtimes.js";
import { globToRegExp } from "../util/glob.js";
import type { ImportEdge, ModuleGraph } from "./module-graph.js";
import type { ProjectFiles } from "./project-files.js";

export interface ServerOnlyRange {
  start: number;
  end: number;
  what: string;
}

export interface RuntimeVerdict {
  runtime: "browser" | "server" | "both" | "unknown";
  /** One short clause shown to users. */
  reason: string;
  /** For browser-by-import: the import chain from the browser entry file to this file. */
  via?: string[];
  /** For `both`: offsets of code that runs only on the server. */
  serverOnlyRanges?: ServerOnlyRange[];
  /** Only the app's framework default decided it (everything in a Node server runs there), directly or through the importers. */
  byDefault?: true;
}

interface App {
  root: string;
  framework?: FrameworkRuntime;
  /** Extension scripts the manifest names, with their role (popup, content script…). */
  manifestRoles?: ReadonlyMap<string, string>;
}

interface Seed {
  rule: RuntimeRule;
  reason: string;
  role: string;
  /** From the framework's catch-all ("everything else in a Node server runs there"), not a convention of its own. */
  byDefault?: true;
}

/** An import along which code ships, with how to say so when it is not a plain import. */
interface ShippingEdge {
  edge: ImportEdge;
  how?: string;
}

interface Split {
  runtime: "both" | "server";
  reason?: string;
  ranges: ServerOnlyRange[];
  shipping: ShippingEdge[];
  serverOnly: ImportEdge[];
}

export class RuntimeModel {
  private readonly modules: ModuleGraph;
  private readonly verdicts = new Map<string, RuntimeVerdict>();
  private readonly seeds = new Map<string, Seed>();
  private readonly splits = new Map<string, Split>();
  private readonly appOf = new Map<string, App>();
  private readonly regexes = new Map<string, RegExp>();

  constructor(
    private readonly project: ProjectFiles,
    private readonly ts: Ts,
  ) {
    this.modules = project.modules;
    const files = this.modules.files;
    const apps = new AppLocator(project, this.modules);
    for (const rel of files) {
      const app = apps.appFor(rel);
      this.appOf.set(rel, app);
      const seed = this.seedFor(rel, app);
      if (seed) this.seeds.set(rel, seed);
    }
    for (const rel of files) this.settleSeed(rel);
    this.spreadToBrowser(files);
    this.spreadToServer(files);
    for (const rel of files) if (!this.verdicts.has(rel)) this.verdicts.set(rel, this.fallback(rel));
  }

  verdict(relPath: string): RuntimeVerdict {
    return this.verdicts.get(relPath) ?? { runtime: "unknown", reason: this.project.file(relPath) ? "not a code file" : "not in the project" };
  }

  /** Does the code at this offset run in the browser? (`both` files: unless it is in a server-only range.) */
  isBrowserAt(relPath: string, offset: number): { browser: boolean; verdict: RuntimeVerdict } {
    const verdict = this.verdict(relPath);
    if (verdict.runtime === "browser") return { browser: true, verdict };
    if (verdict.runtime !== "both") return { browser: false, verdict };
    const serverOnly = (verdict.serverOnlyRanges ?? []).some((r) => offset >= r.start && offset < r.end);
    return { browser: !serverOnly, verdict };
  }

  // -------------------------------------------------------------------------------------
  // 1. Seeds

  private seedFor(rel: string, app: App): Seed | undefined {
    const local = app.root === "" ? rel : rel.slice(app.root.length + 1);
    const tryRules = (rules: readonly RuntimeRule[] | undefined) => rules?.find((r) => this.matches(r, rel, local));
    const universal = tryRules(UNIVERSAL_RULES);
    if (universal) return seedOf(universal);
    const role = app.manifestRoles?.get(rel);
    if (role) {
      const reason = `browser extension (manifest.json): ${role}`;
      return { rule: { runtime: "browser", reason }, reason, role: `an extension ${role}` };
    }
    const rule = tryRules(app.framework?.rules) ?? tryRules(SHARED_RULES);
    if (rule) return seedOf(rule);
    const everythingElse = tryRules(app.framework?.catchAll);
    return everythingElse ? { ...seedOf(everythingElse), byDefault: true } : undefined;
  }

  private matches(rule: RuntimeRule, rel: string, local: string): boolean {
    if (rule.directive && this.modules.header(rel)?.directive !== rule.directive) return false;
    if (rule.imports && !this.modules.importsPackage(rel, rule.imports)) return false;
    if (rule.paths && !rule.paths.some((glob) => this.regex(glob).test(local))) return false;
    return Boolean(rule.directive || rule.imports || rule.paths);
  }

  private regex(glob: string): RegExp {
    let re = this.regexes.get(glob);
    if (!re) this.regexes.set(glob, (re = globToRegExp(glob)));
    return re;
  }

  /** A seeded file's own verdict; universal files with server-only parts are split here. */
  private settleSeed(rel: string): void {
    const seed = this.seeds.get(rel);
    if (!seed) return;
    const { rule } = seed;
    const file = this.project.file(rel);
    if (file && rule.split === "astro") {
      const split = splitAstro(file, this.modules);
      this.splits.set(rel, split);
      this.verdicts.set(rel, { runtime: split.runtime, reason: split.reason ?? seed.reason, ...(split.runtime === "both" ? { serverOnlyRanges: split.ranges } : {}) });
      return;
    }
    if (file && rule.runtime === "both" && rule.serverExports?.length && mentionsAny(file.text, rule.serverExports)) {
      const split = splitServerExports(this.ts, file, rule.serverExports, this.runtimeEdges(rel));
      if (split) {
        this.splits.set(rel, split);
        this.verdicts.set(rel, { runtime: "both", reason: seed.reason, ...(split.ranges.length ? { serverOnlyRanges: split.ranges } : {}) });
        return;
      }
    }
    this.verdicts.set(rel, { runtime: rule.runtime, reason: seed.reason, ...(seed.byDefault ? { byDefault: true as const } : {}) });
  }

  // -------------------------------------------------------------------------------------
  // 2. Browser-ness spreads along run-time imports

  private spreadToBrowser(files: readonly string[]): void {
    const origin = new Map<string, { file: string; text: string }>();
    const chain = new Map<string, string[]>();
    // The names browser code imports of each file it reached (ALL: the whole module); a barrel's re-exports ship only for those.
    const wanted = new Map<string, Wanted>();
    const queue: string[] = [];
    for (const rel of files) {
      if (this.shippingEdges(rel).length === 0) continue;
      queue.push(rel);
      chain.set(rel, [rel]);
      wanted.set(rel, ALL);
      origin.set(rel, { file: rel, text: `${rel}, ${this.seeds.get(rel)?.role ?? "browser code"}` });
    }
    for (let i = 0; i < queue.length; i++) {
      const from = queue[i]!;
      for (const { edge, how } of this.shippingEdges(from)) {
        const to = edge.target!;
        const names = this.namesShipped(edge, wanted.get(from) ?? ALL);
        if (!names) continue;
        // Reached again, maybe for more names (a barrel imported elsewhere for others): its re-exports are looked at again.
        if (chain.has(to)) {
          if (addWanted(wanted, to, names)) queue.push(to);
          continue;
        }
        if (!this.canBecomeBrowser(to)) continue;
        wanted.set(to, names);
        const fromOrigin = origin.get(from)!;
        const reason = how ?? (fromOrigin.file === from ? `imported by ${fromOrigin.text}` : `imported by ${from}, reached from ${fromOrigin.text}`);
        const via = [...chain.get(from)!, to];
        this.verdicts.set(to, { runtime: "browser", reason, via });
        chain.set(to, via);
        origin.set(to, how ? { file: to, text: `${to}, ${how}` } : fromOrigin);
        queue.push(to);
      }
    }
  }

  /**
   * The names of `edge`'s target that ship when the importing file ships `wanted`: what a
   * plain import names; for a re-export (`export { embed } from`, `export * from`) only the
   * wanted names it passes on, or nothing, so a barrel imported for `cn` does not ship the
   * embeddings module beside it.
   */
  private namesShipped(edge: ImportEdge, wanted: Wanted): Wanted | undefined {
    const { record } = edge;
    if (record.kind !== "export-from") {
      const named = record.kind === "import" || record.kind === "require" ? record.names.map((n) => n.imported) : [];
      return named.length > 0 && !named.includes("*") ? new Set(named) : ALL;
    }
    if (wanted === ALL) return ALL;
    const passed = record.names.filter((n) => n.local !== undefined && wanted.has(n.local));
    if (passed.length) return passed.some((n) => n.imported === "*") ? ALL : new Set(passed.map((n) => n.imported));
    if (!record.names.some((n) => n.imported === "*" && n.local === undefined)) return undefined;
    // `export * from "./embeddings"`: the names the target declares as exports (a nested `export *` may pass any).
    const text = this.project.file(edge.target!)?.text ?? "";
    if (/(?<![\w$.])export\s*\*\s*from/.test(text)) return wanted;
    const found = [...wanted].filter((name) => declaresExport(text, name));
    return found.length ? new Set(found) : undefined;
  }

  /** Not yet browser code, and nothing keeps it on the server. */
  private canBecomeBrowser(rel: string): boolean {
    const current = this.verdicts.get(rel);
    if (current && current.runtime !== "server") return false;
    const seed = this.seeds.get(rel);
    return !seed?.rule.serverOnly;
  }

  private shippingEdges(rel: string): ShippingEdge[] {
    const split = this.splits.get(rel);
    if (split) return split.shipping;
    const runtime = this.verdicts.get(rel)?.runtime;
    if (runtime !== "browser" && runtime !== "both") return [];
    return this.runtimeEdges(rel).map((edge) => ({ edge }));
  }

  /** Imports of project files that exist at run time (not `import type`), by target path. */
  private runtimeEdges(rel: string): ImportEdge[] {
    return this.modules
      .importsOf(rel)
      .filter((e) => e.target !== undefined && !e.record.typeOnly && e.target !== rel)
      .sort((a, b) => (a.target! < b.target! ? -1 : a.target! > b.target! ? 1 : a.record.offset - b.record.offset));
  }

  // -------------------------------------------------------------------------------------
  // 3. What only server code reaches stays on the server; the rest gets the fallback

  private spreadToServer(files: readonly string[]): void {
    const queue = files.filter((rel) => this.serverEdges(rel).length > 0);
    for (let i = 0; i < queue.length; i++) {
      const from = queue[i]!;
      for (const edge of this.serverEdges(from)) {
        const to = edge.target!;
        if (this.verdicts.has(to)) continue;
        this.verdicts.set(to, { runtime: "server", reason: `imported only by server code (${from})`, ...(this.verdicts.get(from)?.byDefault ? { byDefault: true as const } : {}) });
        queue.push(to);
      }
    }
  }

  private serverEdges(rel: string): ImportEdge[] {
    const split = this.splits.get(rel);
    if (split) return split.serverOnly;
    return this.verdicts.get(rel)?.runtime === "server" ? this.runtimeEdges(rel) : [];
  }

  private fallback(rel: string): RuntimeVerdict {
    const framework = this.appOf.get(rel)?.framework;
    if (framework) return { ...framework.fallback, byDefault: true };
    return { runtime: "unknown", reason: "no framework convention or import decides where it runs" };
  }
}

/** Names of a module that ship, or the whole module. */
type Wanted = ReadonlySet<string> | typeof ALL;
const ALL = "all" as const;

/** Adds names to what a file ships; true when that grew. */
function addWanted(wanted: Map<string, Wanted>, file: string, names: Wanted): boolean {
  const current = wanted.get(file);
  if (current === ALL) return false;
  if (names === ALL || !current) {
    wanted.set(file, names);
    return true;
  }
  const grown = new Set([...current, ...names]);
  if (grown.size === current.size) return false;
  wanted.set(file, grown);
  return true;
}

/** Does a module's text export `name` (`export function name`, `export const name`, `export { name }`)? A textual test, erring towards yes. */
function declaresExport(text: string, name: string): boolean {
  const n = name.replace(/[$]/g, "\\$");
  if (name === "default") return /(?<![\w$.])export\s+default\b/.test(text);
  return new RegExp(`(?<![\\w$.])export\\s+(?:declare\\s+)?(?:async\\s+)?(?:function\\*?|class|const|let|var|enum|abstract\\s+class)\\s+${n}(?![\\w$])`).test(text) ||
    new RegExp(`(?<![\\w$.])export\\s*\\{[^}]*(?<![\\w$])${n}(?![\\w$])[^}]*\\}`).test(text);
}

function seedOf(rule: RuntimeRule): Seed {
  return { rule, reason: rule.reason, role: rule.role ?? rule.reason };
}

function mentionsAny(text: string, names: readonly string[]): boolean {
  return names.some((n) => text.includes(n));
}

// ---------------------------------------------------------------------------------------
// Apps: which framework governs a file

/**
 * App roots are package.json directories and browser-extension manifest directories; a
 * file belongs to the nearest one whose framework is recognised (a monorepo root that
 * lists the framework counts for packages that do not).
 */
class AppLocator {
  /** Folders holding a package.json or an extension manifest: each starts an app. */
  private readonly rootSet: ReadonlySet<string>;
  private readonly frameworks = new Map<string, FrameworkRuntime | undefined>();
  private readonly manifestRoles = new Map<string, Map<string, string>>();
  private readonly fileSet: ReadonlySet<string>;

  constructor(
    private readonly project: ProjectFiles,
    private readonly modules: ModuleGraph,
  ) {
    this.fileSet = new Set(project.files.map((f) => f.relPath));
    const roots = new Set(project.manifests.map((m) => m.dir));
    for (const file of project.files) {
      if (file.baseName !== "manifest.json" || !EXTENSION_MANIFEST_MARKER.test(file.text)) continue;
      const root = extensionRoot(file.relPath);
      roots.add(root);
      this.manifestRoles.set(root, new Map([...(this.manifestRoles.get(root) ?? []), ...extensionRoles(file, modules, this.fileSet, project)]));
    }
    this.rootSet = roots;
  }

  appFor(rel: string): App {
    // The roots above the file, deepest first: its folders looked up one by one (a monorepo has hundreds of roots).
    const chain: string[] = [];
    for (let cut = rel.lastIndexOf("/"); cut > 0; cut = rel.lastIndexOf("/", cut - 1)) {
      const folder = rel.slice(0, cut);
      if (this.rootSet.has(folder)) chain.push(folder);
    }
    if (this.rootSet.has("")) chain.push("");
    for (const root of chain) {
      const framework = this.frameworkAt(root);
      if (framework) return { root, framework, manifestRoles: this.manifestRoles.get(root) };
    }
    return { root: chain[0] ?? "" };
  }

  private frameworkAt(root: string): FrameworkRuntime | undefined {
    if (this.frameworks.has(root)) return this.frameworks.get(root);
    const deps = this.project.manifests.find((m) => m.dir === root)?.dependencies ?? new Set<string>();
    const detected = FRAMEWORK_RUNTIMES.filter(({ detect }) => {
      if (detect.dependencies?.length && !detect.dependencies.some((d) => deps.has(d))) return false;
      if (detect.files?.length && !detect.files.some((f) => this.hasFile(posix.join(root, f.path), f.contains))) return false;
      return Boolean(detect.dependencies?.length || detect.files?.length);
    });
    let found = detected[0];
    // Known only by a file that is a served asset (public/manifest.json): an app with a server of its own keeps its framework.
    if (found && !found.detect.dependencies?.length && this.onlyServedAssets(root, found)) {
      found = detected.find((f) => f.detect.dependencies?.length && f.fallback.runtime !== "browser") ?? found;
    }
    this.frameworks.set(root, found);
    return found;
  }

  private onlyServedAssets(root: string, framework: FrameworkRuntime): boolean {
    const present = (framework.detect.files ?? []).filter((f) => this.hasFile(posix.join(root, f.path), f.contains));
    return present.length > 0 && present.every((f) => SERVED_ASSET_DIRS.includes(f.path.split("/")[0]!) && f.path.includes("/"));
  }

  private hasFile(rel: string, contains?: RegExp): boolean {
    if (!this.fileSet.has(rel)) return false;
    return !contains || contains.test(this.project.file(rel)?.text ?? "");
  }
}

/** An extension keeps its manifest at its root, or in public/, src/ or static/ below it. */
function extensionRoot(manifestRel: string): string {
  const dir = posix.dirname(manifestRel);
  const root = /(^|\/)(public|src|static)$/.test(dir) ? posix.dirname(dir) : dir;
  return root === "." ? "" : root;
}

/** The scripts a manifest names (directly, or through the `<script src>` of the pages it names). */
function extensionRoles(manifest: FileFacts, modules: ModuleGraph, files: ReadonlySet<string>, project: ProjectFiles): Map<string, string> {
  const roles = new Map<string, string>();
  let json: unknown;
  try {
    json = JSON.parse(manifest.text);
  } catch {
    return roles;
  }
  const dir = posix.dirname(manifest.relPath);
  const resolve = (from: string, spec: string) => {
    const resolved = modules.resolver.resolve(from, spec.startsWith(".") || spec.startsWith("/") ? spec : `./${spec}`);
    return "file" in resolved ? resolved.file : undefined;
  };
  for (const entry of EXTENSION_MANIFEST_ENTRIES) {
    for (const value of fieldValues(json, entry.field)) {
      if (!entry.page) {
        const file = resolve(manifest.relPath, value);
        if (file && !roles.has(file)) roles.set(file, entry.role);
        continue;
      }
      const page = posix.normalize(posix.join(dir, value));
      if (!files.has(page)) continue;
      for (const src of scriptSources(project.file(page)?.text ?? "")) {
        const file = resolve(page, src);
        if (file && !roles.has(file)) roles.set(file, entry.role);
      }
    }
  }
  return roles;
}

/** String values at a path of object keys, `*` for every element or property. */
function fieldValues(value: unknown, path: readonly string[]): string[] {
  if (path.length === 0) return typeof value === "string" ? [value] : [];
  if (!value || typeof value !== "object") return [];
  const [head, ...rest] = path;
  const children = head === "*" ? Object.values(value as object) : [(value as Record<string, unknown>)[head!]];
  return children.flatMap((child) => (Array.isArray(child) && rest.length === 0 ? child.flatMap((c) => fieldValues(c, rest)) : fieldValues(child, rest)));
}

function scriptSources(html: string): string[] {
  return [...html.matchAll(/<script\b[^<>]*\bsrc\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!).filter((src) => !/^[a-z]+:\/\//i.test(src));
}

// ---------------------------------------------------------------------------------------
// Universal files: which parts run only on the server

/**
 * A Next.js page or Remix route module: the named exports run only on the server, and the
 * framework drops them from the client bundle with every import only they use.
 */
function splitServerExports(ts: Ts, file: FileFacts, names: readonly string[], edges: readonly ImportEdge[]): Split | undefined {
  const sf = file.syntaxTree(ts);
  if (!sf) return undefined;
  const wanted = new Set(names);
  const ranges: ServerOnlyRange[] = [];
  const serverReexports = new Set<number>();
  const topLevel = new Map<string, TsNode>();
  for (const stmt of sf.statements) for (const name of declaredNames(ts, stmt)) topLevel.set(name, stmt);

  const add = (node: TsNode, name: string) => {
    if (!ranges.some((r) => r.start === node.getStart(sf))) ranges.push({ start: node.getStart(sf), end: node.end, what: `${name} (runs only on the server)` });
  };
  for (const stmt of sf.statements) {
    if (hasExportModifier(ts, stmt)) for (const name of declaredNames(ts, stmt)) if (wanted.has(name)) add(stmt, name);
    if (!ts.isExportDeclaration(stmt) || !stmt.exportClause || !ts.isNamedExports(stmt.exportClause)) continue;
    const exported = stmt.exportClause.elements.map((e) => ({ name: e.name.text, local: (e.propertyName ?? e.name).getText(sf) }));
    if (stmt.moduleSpecifier) {
      // `export { loader } from "./chat.server"`: only server exports pass through.
      if (exported.length && exported.every((e) => wanted.has(e.name))) serverReexports.add(stmt.moduleSpecifier.getStart(sf) + 1);
      continue;
    }
    for (const e of exported) {
      const decl = topLevel.get(e.local);
      if (wanted.has(e.name) && decl) add(decl, e.name);
    }
  }
  ranges.sort((a, b) => a.start - b.start);
  const inRange = (offset: number) => ranges.some((r) => offset >= r.start && offset < r.end);
  const serverImports = serverOnlyImports(ts, sf, inRange);
  const isServerOnly = (edge: ImportEdge) => inRange(edge.record.offset) || serverImports.has(edge.record.offset) || serverReexports.has(edge.record.offset);
  return {
    runtime: "both",
    ranges,
    shipping: edges.filter((e) => !isServerOnly(e)).map((edge) => ({ edge })),
    serverOnly: edges.filter(isServerOnly),
  };
}


function declaredNames(ts: Ts, stmt: TsNode): string[] {
  if ((ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)) && stmt.name) return [stmt.name.text];
  if (ts.isVariableStatement(stmt)) return stmt.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  return [];
}

/**
 * Offsets (of the module specifier) of the imports whose every binding is used, and used
 * only, inside server-only code: the bundler removes them along with that code.
 */
function serverOnlyImports(ts: Ts, sf: TsSourceFile, inRange: (offset: number) => boolean): Set<number> {
  const bindings = new Map<string, number>();
  for (const stmt of sf.statements) {
    if (!ts.isImportDeclaration(stmt) || !stmt.importClause || stmt.importClause.isTypeOnly) continue;
    const clause = stmt.importClause;
    const offset = stmt.moduleSpecifier.getStart(sf) + 1;
    if (clause.name) bindings.set(clause.name.text, offset);
    const named = clause.namedBindings;
    if (named && ts.isNamespaceImport(named)) bindings.set(named.name.text, offset);
    if (named && ts.isNamedImports(named)) for (const el of named.elements) if (!el.isTypeOnly) bindings.set(el.name.text, offset);
  }
  const uses = new Map<string, boolean[]>();
  const visit = (node: TsNode): void => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return; // types are erased
    if (ts.isIdentifier(node) && bindings.has(node.text) && isReference(ts, node)) {
      uses.set(node.text, [...(uses.get(node.text) ?? []), inRange(node.getStart(sf))]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const byImport = new Map<number, boolean>();
  for (const [name, offset] of bindings) {
    const u = uses.get(name) ?? [];
    const serverOnly = u.length > 0 && u.every(Boolean);
    byImport.set(offset, (byImport.get(offset) ?? true) && serverOnly);
  }
  return new Set([...byImport].filter(([, serverOnly]) => serverOnly).map(([offset]) => offset));
}

/** An identifier that reads a binding (not a property name, a key or a JSX attribute). */
function isReference(ts: Ts, node: TsNode): boolean {
  const parent = node.parent;
  if (!parent) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isJsxAttribute(parent)) && parent.name === node) return false;
  return true;
}

/**
 * An `.astro` component: the front matter and the template run on the server; `<script>`
 * blocks ship, and so do the components the template hydrates (`client:*` islands).
 */
function splitAstro(file: FileFacts, modules: ModuleGraph): Split {
  const text = file.text;
  const fence = /^\s*---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const fmStart = fence ? text.indexOf(fence[1]!, fence.index) : 0;
  const fmEnd = fence ? fmStart + fence[1]!.length : 0;
  const templateStart = fence ? fence.index + fence[0].length : 0;
  const scripts: Array<[number, number]> = [];
  // Closed blocks only: a tag left open is template text here.
  for (const { attrs, bodyStart, bodyEnd, closed } of scriptBlocks(text, templateStart)) {
    if (!closed || /\bsrc\s*=/.test(attrs) || /\btype\s*=\s*["']?(?!module|text\/javascript)[\w/+-]+/i.test(attrs)) continue;
    scripts.push([bodyStart, bodyEnd]);
  }
  const ranges: ServerOnlyRange[] = fence ? [{ start: fmStart, end: fmEnd, what: "Astro front matter (runs on the server)" }] : [];
  let at = templateStart;
  for (const [start, end] of [...scripts, [text.length, text.length] as [number, number]]) {
    if (text.slice(at, start).replace(/<\/?script\b[^<>]*>/gi, "").trim()) ranges.push({ start: at, end: start, what: "Astro template (rendered on the server)" });
    at = end;
  }
  const template = text.slice(templateStart);
  const shipping: ShippingEdge[] = [];
  const serverOnly: ImportEdge[] = [];
  for (const edge of modules.importsOf(file.relPath)) {
    if (!edge.target || edge.record.typeOnly) continue;
    const offset = edge.record.offset;
    const island = edge.record.names.map((n) => n.local && new RegExp(`<${escapeRegex(n.local)}\\b[^<>]*?\\bclient:([\\w-]+)`).exec(template)).find(Boolean);
    if (scripts.some(([s, e]) => offset >= s && offset < e)) shipping.push({ edge, how: `imported by a <script> block of ${file.relPath}` });
    else if (island) shipping.push({ edge, how: `used as a client:${island[1]} island in ${file.relPath}` });
    else serverOnly.push(edge);
  }
  const byTarget = (a: ShippingEdge, b: ShippingEdge) => (a.edge.target! < b.edge.target! ? -1 : a.edge.target! > b.edge.target! ? 1 : 0);
  return scripts.length
    ? { runtime: "both", ranges, shipping: shipping.sort(byTarget), serverOnly }
    : { runtime: "server", reason: "Astro component (rendered on the server, no <script> block)", ranges: [], shipping: shipping.sort(byTarget), serverOnly };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
