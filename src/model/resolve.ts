/**
 * Module resolution inside the scanned tree, the way bundlers and TypeScript do it:
 * relative paths with extension and index probing (`./ai.js` may be `./ai.ts`),
 * tsconfig/jsconfig `paths` (`@/lib/ai`) and `baseUrl` (`src/openai/openai.service`), along
 * `extends` chains (local files and workspace packages such as `@repo/tsconfig/base.json`),
 * framework aliases (`$lib`, `~/`), and workspace packages of a monorepo, through their
 * package.json `exports` map when they have one. A bare specifier that is none of these is an
 * npm package, and so is one the caller keeps as a package by name (an AI SDK's own monorepo
 * builds `ai` from its workspace source; it is still the SDK).
 *
 * Hand-written on purpose, after measuring `oxc-resolver` (tsconfig: "auto") and
 * `enhanced-resolve` + `get-tsconfig` on corpus monorepos (vercel/ai, kayaGPT, gpinterface,
 * ai-chat-monorepo, a NestJS baseUrl app). Scanned trees have no node_modules, and both
 * libraries need it: neither found a single workspace package (0 of 7,411 in vercel/ai, where
 * this resolver finds 7,401), and a tsconfig whose `extends` names an uninstalled package
 * (`expo/tsconfig.base`, `@vercel/ai-tsconfig/…`, `.nuxt/tsconfig.json`) makes get-tsconfig
 * throw and oxc-resolver fail every import under it, relative ones included (oxc: 16 of 9,662
 * relative imports in vercel/ai). They also resolve against the disk, not the discovered file
 * set (files discovery excluded, the ESLint plugin's one-file view). The only cases they won
 * were non-code assets (`./globals.css`). Speed is no reason either: cold, per 1,000
 * resolutions, ours took 12–37 ms on the monorepos, oxc 35–48, enhanced-resolve 110–1,200.
 */
import { posix } from "node:path";
import { parse, type ParseError } from "jsonc-parser";
import type { FileFacts } from "../facts/file-facts.js";
import { FRAMEWORK_ALIASES } from "../knowledge/module-aliases.js";
import type { PackageManifest } from "./packages.js";
import { exportsTargets, importsTargets, readPackageEntries, sourceStems, type PackageEntries } from "./package-exports.js";

export type Resolution = { file: string } | { package: string } | { unresolved: true };

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".vue", ".svelte", ".astro"];

interface PathsConfig {
  /** `baseUrl`, when set: bare specifiers that name a file under it resolve there. */
  baseUrl?: string;
  /** Directory the tsconfig applies to. */
  dir: string;
  /** `targets` are paths in the tree, resolved against the effective baseUrl (or the declaring config, or `${configDir}`). */
  paths: Array<{ prefix: string; suffix: string; wildcard: boolean; targets: string[] }>;
}

export interface ResolverOptions {
  /**
   * Bare specifiers (or their package names) that stay npm packages whatever they resolve to
   * in the tree: the AI SDKs, which their own monorepos build from workspace source.
   */
  keepAsPackage?: (specifier: string) => boolean;
}

type WorkspacePackage = PackageManifest & PackageEntries;

export class ModuleResolver {
  private readonly files: ReadonlySet<string>;
  private readonly pathsConfigs: PathsConfig[];
  private readonly workspaces: Map<string, WorkspacePackage>;
  private readonly keepAsPackage: (specifier: string) => boolean;
  private readonly manifests: readonly PackageManifest[];
  /** Every package some manifest of the project depends on. */
  private readonly dependencies: ReadonlySet<string>;
  /** How many tsconfig/jsconfig files were parsed (each at most once). */
  readonly tsconfigsParsed: number;

  constructor(files: readonly FileFacts[], manifests: readonly PackageManifest[], private readonly manifestTexts: ReadonlyMap<string, string>, options: ResolverOptions = {}) {
    this.files = new Set(files.map((f) => f.relPath));
    this.manifests = manifests;
    this.keepAsPackage = options.keepAsPackage ?? (() => false);
    this.dependencies = new Set(manifests.flatMap((m) => [...m.dependencies]));
    this.workspaces = new Map();
    for (const m of manifests) if (m.name && !this.workspaces.has(m.name)) this.workspaces.set(m.name, { ...m, ...readPackageEntries(manifestTexts.get(m.dir)) });
    const chains = new ExtendsChains(new Map(files.map((f) => [f.relPath, f])), (spec) => this.packageConfig(spec));
    this.pathsConfigs = files
      .filter((f) => /^(tsconfig|jsconfig)(\.[\w-]+)?\.json$/.test(f.baseName))
      .flatMap((f) => readPathsConfig(f, chains))
      .sort((a, b) => b.dir.length - a.dir.length);
    this.tsconfigsParsed = chains.parsed;
  }

  private readonly cache = new Map<string, Resolution>();
  /** The same answers by importing file: the evaluator asks again and again, and these keys need no new string. */
  private readonly byFile = new Map<string, Map<string, Resolution>>();

  /** Resolutions depend only on the importing directory and the specifier: cached on both. */
  resolve(fromRel: string, specifier: string): Resolution {
    let known = this.byFile.get(fromRel);
    if (!known) this.byFile.set(fromRel, (known = new Map()));
    let hit = known.get(specifier);
    if (hit) return hit;
    const key = `${posix.dirname(fromRel)}\0${specifier}`;
    hit = this.cache.get(key);
    if (!hit) this.cache.set(key, (hit = this.resolveUncached(fromRel, specifier)));
    known.set(specifier, hit);
    return hit;
  }

  private resolveUncached(fromRel: string, specifier: string): Resolution {
    if (specifier.startsWith(".") || specifier.startsWith("/")) {
      const base = specifier.startsWith("/") ? specifier.slice(1) : posix.join(posix.dirname(fromRel), specifier);
      return this.probe(posix.normalize(base)) ?? { unresolved: true };
    }
    const name = packageName(specifier);
    if (this.keepAsPackage(specifier) || this.keepAsPackage(name)) return { package: name };
    const viaPaths = this.viaTsconfigPaths(fromRel, specifier);
    if (viaPaths) return viaPaths;
    // `#lib/ai`: a tsconfig path may claim it (above), else the package's own `imports` map.
    if (specifier.startsWith("#")) return this.viaSubpathImports(fromRel, specifier) ?? { unresolved: true };
    const viaAlias = this.viaFrameworkAlias(fromRel, specifier);
    if (viaAlias) return viaAlias;
    const workspace = this.workspaces.get(name);
    if (workspace) {
      const hit = this.viaWorkspace(workspace, specifier.slice(name.length).replace(/^\//, ""));
      if (hit) return hit;
    }
    return { package: name };
  }

  /** `#lib/ai`: the `imports` map of the nearest package.json above the importing file. */
  private viaSubpathImports(fromRel: string, specifier: string): Resolution | undefined {
    const owner = this.ownManifest(fromRel);
    for (const target of importsTargets(owner?.imports, specifier) ?? []) {
      const hit = this.probe(normalise(posix.join(owner!.dir, target)));
      if (hit) return hit;
    }
    return undefined;
  }

  /** The innermost manifest whose folder holds `rel`, with its entries read. */
  /** The package.json nearest above a file (the first listed, among equals). */
  private nearestManifest(rel: string): PackageManifest | undefined {
    let best: PackageManifest | undefined;
    for (const m of this.manifests) {
      const holds = m.dir === "" || (rel.startsWith(m.dir) && rel.charCodeAt(m.dir.length) === 47 /* / */);
      if (holds && (!best || m.dir.length > best.dir.length)) best = m;
    }
    return best;
  }

  private ownManifest(rel: string): PackageEntries & { dir: string } | undefined {
    const best = this.nearestManifest(rel);
    if (!best) return undefined;
    let entries = this.manifestEntries.get(best.dir);
    if (!entries) this.manifestEntries.set(best.dir, (entries = { ...readPackageEntries(this.manifestTexts.get(best.dir)), dir: best.dir }));
    return entries;
  }

  private readonly manifestEntries = new Map<string, PackageEntries & { dir: string }>();

  /** `@repo/ui/button` in the monorepo that has `@repo/ui`: its `exports` map first, then the usual layouts. */
  private viaWorkspace(workspace: WorkspacePackage, rest: string): { file: string } | undefined {
    const fromExports = exportsTargets(workspace.exports, rest ? `./${rest}` : ".") ?? [];
    const guesses = rest ? [rest, `src/${rest}`] : [...workspace.mainFields.flatMap(sourceStems), "src/index", "index"];
    for (const stem of [...fromExports, ...guesses]) {
      const hit = this.probe(normalise(posix.join(workspace.dir, stem)));
      if (hit) return hit;
    }
    return undefined;
  }

  /** The tsconfig file a non-relative `extends` names, when it is a workspace package's (`@repo/tsconfig/nextjs.json`). */
  private packageConfig(spec: string): string | undefined {
    const name = packageName(spec);
    const workspace = this.workspaces.get(name);
    if (!workspace) return undefined;
    const rest = spec.slice(name.length).replace(/^\//, "");
    const stems = rest ? [...(exportsTargets(workspace.exports, `./${rest}`) ?? []), rest, `${rest}.json`, `${rest}/tsconfig.json`] : ["tsconfig.json"];
    return stems.map((s) => normalise(posix.join(workspace.dir, s))).find((p) => p.endsWith(".json") && this.files.has(p));
  }

  /** Probes by path: many specifiers in many directories name the same file (`../logger`, `@/lib/logger`). */
  private readonly probed = new Map<string, { file: string } | undefined>();

  /** `base`, `base.ts`…, `base/index.ts`…; `x.js` may name `x.ts` (TypeScript's ESM convention). */
  private probe(path: string): { file: string } | undefined {
    if (this.probed.has(path)) return this.probed.get(path);
    const hit = this.probeUncached(path);
    this.probed.set(path, hit);
    return hit;
  }

  private probeUncached(path: string): { file: string } | undefined {
    // `../shared/v3/` names the folder's index.
    const base = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
    if (base.startsWith("..")) return undefined;
    if (this.files.has(base) && EXTENSIONS.some((e) => base.endsWith(e))) return { file: base };
    const withoutJs = base.replace(/\.(c|m)?jsx?$/, "");
    for (const stem of withoutJs === base ? [base] : [withoutJs, base]) {
      for (const ext of EXTENSIONS) if (this.files.has(stem + ext)) return { file: stem + ext };
    }
    for (const ext of EXTENSIONS) if (this.files.has(`${base}/index${ext}`)) return { file: `${base}/index${ext}` };
    return undefined;
  }

  /** The configs over the importing file, nearest first: the nearest decides, farther ones are a lenient fallback. */
  private viaTsconfigPaths(fromRel: string, specifier: string): Resolution | undefined {
    for (const config of this.pathsConfigs) {
      if (config.dir !== "" && !fromRel.startsWith(`${config.dir}/`)) continue;
      const hit = this.viaConfig(config, specifier);
      if (hit) return hit;
    }
    return undefined;
  }

  private viaConfig(config: PathsConfig, specifier: string): Resolution | undefined {
    for (const p of config.paths) {
      let middle: string;
      if (p.wildcard) {
        if (!specifier.startsWith(p.prefix) || !specifier.endsWith(p.suffix) || specifier.length < p.prefix.length + p.suffix.length) continue;
        middle = specifier.slice(p.prefix.length, specifier.length - p.suffix.length);
      } else {
        if (specifier !== p.prefix) continue;
        middle = "";
      }
      for (const target of p.targets) {
        const hit = this.probe(posix.normalize(target.replace("*", middle)));
        if (hit) return hit;
      }
    }
    // `baseUrl` alone: `src/openai/openai.service` is a file under it, not a package named `src`.
    // A package the project depends on keeps its name even beside a file of that name (`src/ai.ts` and `ai`).
    if (config.baseUrl !== undefined && !this.dependencies.has(packageName(specifier))) return this.probe(posix.normalize(posix.join(config.baseUrl, specifier)));
    return undefined;
  }

  /** `$lib/…` in SvelteKit, `~/…` and `@/…` in Nuxt and Vite apps: relative to the owning package. */
  private viaFrameworkAlias(fromRel: string, specifier: string): Resolution | undefined {
    if (!ALIAS_STEMS.some((stem) => specifier.startsWith(stem))) return undefined;
    const root = this.nearestManifest(fromRel)?.dir ?? "";
    for (const alias of FRAMEWORK_ALIASES) {
      if (specifier !== aliasStem(alias.prefix) && !specifier.startsWith(alias.prefix)) continue;
      const rest = specifier.slice(alias.prefix.length);
      for (const target of alias.targets) {
        const hit = this.probe(posix.normalize(posix.join(root, target, rest)));
        if (hit) return hit;
      }
    }
    return undefined;
  }
}

/** `$lib/` → `$lib`: an alias names its folder with or without the slash. */
function aliasStem(prefix: string): string {
  return prefix.replace(/\/$/, "");
}

const ALIAS_STEMS = FRAMEWORK_ALIASES.map((a) => aliasStem(a.prefix));

/** `@scope/pkg/sub` → `@scope/pkg`; `pkg/sub` → `pkg`; `node:fs` stays. */
export function packageName(specifier: string): string {
  // Asked for every import of every file: cut at the first (scoped: second) slash, no split.
  const first = specifier.indexOf("/");
  if (first === -1) return specifier;
  if (!specifier.startsWith("@")) return specifier.slice(0, first);
  const second = specifier.indexOf("/", first + 1);
  return second === -1 ? specifier : specifier.slice(0, second);
}

interface RawTsconfig {
  extends?: string | string[];
  compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> };
}

/** What one config (with what it inherits) says about bare specifiers, directories already resolved. */
interface Effective {
  /** A path in the tree, or kept as written when it starts with `${configDir}` (resolved per config in use). */
  baseUrl?: string;
  paths?: { declaredIn: string; entries: Record<string, string[]> };
}

/**
 * The `baseUrl` and `paths` a tsconfig applies, following local `extends` chains (a later
 * entry of an `extends` array wins, the config itself over all of them). Each option is
 * inherited on its own, relative to the config that declares it; `paths` targets are
 * relative to the effective `baseUrl`, else to the config that declares `paths`.
 */
function readPathsConfig(file: FileFacts, chains: ExtendsChains): PathsConfig[] {
  const dir = dirOf(file.relPath);
  const effective = chains.effective(file, 0);
  if (!effective.paths && effective.baseUrl === undefined) return [];
  // `${configDir}` (TypeScript 5.5) is the directory of the config in use, so a shared base in a package can say `${configDir}/src/*`.
  const inTree = (from: string, path: string) => (path.startsWith(CONFIG_DIR) ? normalise(posix.join(dir, path.slice(CONFIG_DIR.length))) : normalise(posix.join(from, path)));
  const baseUrl = effective.baseUrl === undefined ? undefined : inTree("", effective.baseUrl);
  const base = baseUrl ?? effective.paths!.declaredIn;
  const paths = Object.entries(effective.paths?.entries ?? {}).map(([pattern, targets]) => {
    const star = pattern.indexOf("*");
    const resolved = Array.isArray(targets) ? targets.filter((t): t is string => typeof t === "string").map((t) => inTree(base, t)) : [];
    return { prefix: star === -1 ? pattern : pattern.slice(0, star), suffix: star === -1 ? "" : pattern.slice(star + 1), wildcard: star !== -1, targets: resolved };
  });
  return [{ dir, paths, ...(baseUrl !== undefined ? { baseUrl } : {}) }];
}

/**
 * Effective options per config, each config parsed once however many others extend it
 * (an `extends` array may fan out, and configs may extend each other in a circle).
 */
class ExtendsChains {
  private readonly memo = new Map<string, Effective>();
  /** Configs parsed: at most one per tsconfig file. */
  parsed = 0;

  constructor(
    private readonly byPath: ReadonlyMap<string, FileFacts>,
    /** A non-relative `extends` that names a workspace package's config, as a path in the tree. */
    private readonly packageConfig: (spec: string) => string | undefined,
  ) {}

  effective(file: FileFacts, depth: number): Effective {
    const known = this.memo.get(file.relPath);
    if (known) return known;
    const result: Effective = {};
    this.memo.set(file.relPath, result); // a circle back here inherits nothing more
    this.parsed++;
    const json = parseJsonc(file.text) as RawTsconfig | undefined;
    if (!json || typeof json !== "object") return result;
    const dir = dirOf(file.relPath);
    const parents = typeof json.extends === "string" ? [json.extends] : Array.isArray(json.extends) ? json.extends : [];
    for (const spec of parents) {
      // Only configs inside the scanned tree: local files and workspace packages. Installed ones
      // (`@tsconfig/node18`, `expo/tsconfig.base`) are not there, and set neither option.
      if (typeof spec !== "string" || depth >= MAX_EXTENDS_DEPTH) continue;
      const path = spec.startsWith(".") ? normalise(posix.join(dir, spec.endsWith(".json") ? spec : `${spec}.json`)) : this.packageConfig(spec);
      const parent = path === undefined ? undefined : this.byPath.get(path);
      if (!parent) continue;
      const inherited = this.effective(parent, depth + 1);
      if (inherited.baseUrl !== undefined) result.baseUrl = inherited.baseUrl;
      if (inherited.paths) result.paths = inherited.paths;
    }
    const options = json.compilerOptions;
    if (typeof options?.baseUrl === "string") result.baseUrl = options.baseUrl.startsWith(CONFIG_DIR) ? options.baseUrl : normalise(posix.join(dir, options.baseUrl));
    if (options?.paths && typeof options.paths === "object" && !Array.isArray(options.paths)) result.paths = { declaredIn: dir, entries: options.paths };
    return result;
  }
}

const MAX_EXTENDS_DEPTH = 8;

const CONFIG_DIR = "${configDir}";

function dirOf(rel: string): string {
  const dir = posix.dirname(rel);
  return dir === "." ? "" : dir;
}

/** `a/./b/..` → `a`; the tree's root is the empty string. */
function normalise(rel: string): string {
  const n = posix.normalize(rel).replace(/\/$/, "");
  return n === "." ? "" : n;
}

/** JSON with comments and trailing commas (tsconfig's dialect); `undefined` when it does not parse cleanly. */
export function parseJsonc(text: string): unknown {
  const errors: ParseError[] = [];
  try {
    const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
    return errors.length ? undefined : value;
  } catch {
    // The parser recurses per nesting level: a tsconfig nested thousands deep is not read.
    return undefined;
  }
}
