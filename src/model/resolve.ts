/**
 * Module resolution inside the scanned tree, the way bundlers and TypeScript do it:
 * relative paths with extension and index probing (`./ai.js` may be `./ai.ts`),
 * tsconfig/jsconfig `paths` (`@/lib/ai`), framework aliases (`$lib`, `~/`), and workspace
 * packages of a monorepo. A bare specifier that is none of these is an npm package.
 */
import { posix } from "node:path";
import type { FileFacts } from "../facts/file-facts.js";
import { FRAMEWORK_ALIASES } from "../knowledge/module-aliases.js";
import type { PackageManifest } from "./packages.js";

export type Resolution = { file: string } | { package: string } | { unresolved: true };

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".vue", ".svelte", ".astro"];

interface PathsConfig {
  /** Directory the `paths` targets are relative to (baseUrl, or the tsconfig's own directory). */
  base: string;
  /** Directory the tsconfig applies to. */
  dir: string;
  paths: Array<{ prefix: string; suffix: string; wildcard: boolean; targets: string[] }>;
}

export class ModuleResolver {
  private readonly files: ReadonlySet<string>;
  private readonly pathsConfigs: PathsConfig[];
  private readonly workspaces: Map<string, PackageManifest & { main?: string }>;
  private readonly manifests: readonly PackageManifest[];

  constructor(files: readonly FileFacts[], manifests: readonly PackageManifest[], manifestTexts: ReadonlyMap<string, string>) {
    this.files = new Set(files.map((f) => f.relPath));
    this.manifests = manifests;
    this.pathsConfigs = files
      .filter((f) => /^(tsconfig|jsconfig)(\.[\w-]+)?\.json$/.test(f.baseName))
      .flatMap((f) => readPathsConfig(f, files))
      .sort((a, b) => b.dir.length - a.dir.length);
    this.workspaces = new Map();
    for (const m of manifests) {
      if (!m.name) continue;
      const text = manifestTexts.get(m.dir);
      let main: string | undefined;
      try {
        const json = JSON.parse(text ?? "{}") as { main?: string; module?: string; source?: string; types?: string };
        main = json.source ?? json.module ?? json.main ?? json.types;
      } catch {
        main = undefined;
      }
      this.workspaces.set(m.name, { ...m, main });
    }
  }

  private readonly cache = new Map<string, Resolution>();

  /** Resolutions depend only on the importing directory and the specifier: cached on both. */
  resolve(fromRel: string, specifier: string): Resolution {
    const key = `${posix.dirname(fromRel)}\0${specifier}`;
    let hit = this.cache.get(key);
    if (!hit) this.cache.set(key, (hit = this.resolveUncached(fromRel, specifier)));
    return hit;
  }

  private resolveUncached(fromRel: string, specifier: string): Resolution {
    if (specifier.startsWith(".") || specifier.startsWith("/")) {
      const base = specifier.startsWith("/") ? specifier.slice(1) : posix.join(posix.dirname(fromRel), specifier);
      return this.probe(posix.normalize(base)) ?? { unresolved: true };
    }
    const viaPaths = this.viaTsconfigPaths(fromRel, specifier);
    if (viaPaths) return viaPaths;
    const viaAlias = this.viaFrameworkAlias(fromRel, specifier);
    if (viaAlias) return viaAlias;
    const name = packageName(specifier);
    const workspace = this.workspaces.get(name);
    if (workspace) {
      const rest = specifier.slice(name.length).replace(/^\//, "");
      const dir = workspace.dir;
      const candidates = rest ? [posix.join(dir, rest), posix.join(dir, "src", rest)] : [workspace.main ? posix.join(dir, workspace.main) : "", posix.join(dir, "src/index"), posix.join(dir, "index")];
      for (const c of candidates) {
        const hit = c && this.probe(posix.normalize(c));
        if (hit) return hit;
      }
    }
    return { package: name };
  }

  /** `base`, `base.ts`…, `base/index.ts`…; `x.js` may name `x.ts` (TypeScript's ESM convention). */
  private probe(base: string): { file: string } | undefined {
    if (base.startsWith("..")) return undefined;
    if (this.files.has(base) && EXTENSIONS.some((e) => base.endsWith(e))) return { file: base };
    const withoutJs = base.replace(/\.(c|m)?jsx?$/, "");
    for (const stem of withoutJs === base ? [base] : [withoutJs, base]) {
      for (const ext of EXTENSIONS) if (this.files.has(stem + ext)) return { file: stem + ext };
    }
    for (const ext of EXTENSIONS) if (this.files.has(`${base}/index${ext}`)) return { file: `${base}/index${ext}` };
    return undefined;
  }

  private viaTsconfigPaths(fromRel: string, specifier: string): Resolution | undefined {
    const config = this.pathsConfigs.find((c) => c.dir === "" || fromRel.startsWith(`${c.dir}/`));
    if (!config) return undefined;
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
        const hit = this.probe(posix.normalize(posix.join(config.base, target.replace("*", middle))));
        if (hit) return hit;
      }
    }
    return undefined;
  }

  /** `$lib/…` in SvelteKit, `~/…` and `@/…` in Nuxt and Vite apps: relative to the owning package. */
  private viaFrameworkAlias(fromRel: string, specifier: string): Resolution | undefined {
    if (!FRAMEWORK_ALIASES.some((a) => specifier.startsWith(a.prefix.replace(/\/$/, "")))) return undefined;
    const owner = this.manifests.filter((m) => m.dir === "" || fromRel.startsWith(`${m.dir}/`)).sort((a, b) => b.dir.length - a.dir.length)[0];
    const root = owner?.dir ?? "";
    for (const alias of FRAMEWORK_ALIASES) {
      if (specifier !== alias.prefix.replace(/\/$/, "") && !specifier.startsWith(alias.prefix)) continue;
      const rest = specifier.slice(alias.prefix.length);
      for (const target of alias.targets) {
        const hit = this.probe(posix.normalize(posix.join(root, target, rest)));
        if (hit) return hit;
      }
    }
    return undefined;
  }
}

/** `@scope/pkg/sub` → `@scope/pkg`; `pkg/sub` → `pkg`; `node:fs` stays. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function readPathsConfig(file: FileFacts, files: readonly FileFacts[], depth = 0): PathsConfig[] {
  const json = parseJsonc(file.text) as { extends?: string; compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } } | undefined;
  if (!json) return [];
  const dir = posix.dirname(file.relPath) === "." ? "" : posix.dirname(file.relPath);
  let options = json.compilerOptions;
  // `extends: "./tsconfig.base.json"`: inherit paths from a local base config.
  if (!options?.paths && typeof json.extends === "string" && json.extends.startsWith(".") && depth < 4) {
    const parentRel = posix.normalize(posix.join(dir, json.extends.endsWith(".json") ? json.extends : `${json.extends}.json`));
    const parent = files.find((f) => f.relPath === parentRel);
    const inherited = parent ? readPathsConfig(parent, files, depth + 1) : [];
    return inherited.map((c) => ({ ...c, dir }));
  }
  if (!options?.paths) return [];
  const base = posix.normalize(posix.join(dir, options.baseUrl ?? "."));
  const paths = Object.entries(options.paths).map(([pattern, targets]) => {
    const star = pattern.indexOf("*");
    return { prefix: star === -1 ? pattern : pattern.slice(0, star), suffix: star === -1 ? "" : pattern.slice(star + 1), wildcard: star !== -1, targets: Array.isArray(targets) ? targets : [] };
  });
  return [{ base: base === "." ? "" : base, dir, paths }];
}

/** JSON with comments and trailing commas (tsconfig's dialect). */
export function parseJsonc(text: string): unknown {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (ch === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
    } else {
      out += ch;
      i++;
    }
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
  } catch {
    return undefined;
  }
}
