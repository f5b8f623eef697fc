/** package.json manifests: which packages each part of a (mono)repo depends on. */

export interface PackageManifest {
  /** Directory of the manifest, relative to the scan root ("" for the root). */
  dir: string;
  name?: string;
  version?: string;
  /** `"private": true`: never published, so never the package an app installs under its name. */
  private?: boolean;
  dependencies: ReadonlySet<string>;
  /** The version range each dependency is declared with (`^7.0.2`, `workspace:*`). */
  ranges: ReadonlyMap<string, string>;
}

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

/** Parses a manifest's text; `undefined` when it is not valid JSON. */
export function parseManifest(dir: string, text: string): PackageManifest | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== "object") return undefined;
  const record = json as Record<string, unknown>;
  const dependencies = new Set<string>();
  const ranges = new Map<string, string>();
  for (const field of DEPENDENCY_FIELDS) {
    const deps = record[field];
    if (!deps || typeof deps !== "object") continue;
    for (const [name, range] of Object.entries(deps)) {
      dependencies.add(name);
      if (typeof range === "string" && !ranges.has(name)) ranges.set(name, range);
    }
  }
  return { dir, name: typeof record.name === "string" ? record.name : undefined, version: typeof record.version === "string" ? record.version : undefined, ...(record.private === true ? { private: true } : {}), dependencies, ranges };
}

/**
 * The lowest major version of `pkg` that the app holding a file may run: from the nearest
 * manifest declaring it (`^7.0.2`, `~7.1`, `>=7`, `7.x` → 7), or, for a workspace
 * dependency (`workspace:*`), the version of the project's own package of that name.
 * Undefined when no manifest says (a tag such as `latest`, a git URL). `governing` are the
 * manifests over the file (`manifestsFor`, which a caller asking often keeps per folder).
 */
export function declaredMajor(pkg: string, governing: readonly PackageManifest[], manifests: readonly PackageManifest[]): number | undefined {
  let nearest: PackageManifest | undefined;
  for (const m of governing) if (m.ranges.has(pkg) && (!nearest || m.dir.length > nearest.dir.length)) nearest = m;
  const range = nearest?.ranges.get(pkg);
  if (range === undefined) return undefined;
  const declared = range.startsWith("workspace:") ? manifests.find((m) => m.name === pkg)?.version : range;
  const major = declared && /^\s*(?:(?:[\^~]|>=?|=)\s*)?v?(\d+)(?:[.\s]|$)/.exec(declared)?.[1];
  return major ? Number(major) : undefined;
}

/** The manifests that govern a file: its nearest package.json and every one above it. */
export function manifestsFor(relPath: string, manifests: readonly PackageManifest[]): PackageManifest[] {
  // `startsWith(dir + "/")` without building that string: asked per file of a monorepo with hundreds of manifests.
  return manifests.filter((m) => m.dir === "" || (relPath.charCodeAt(m.dir.length) === 47 /* / */ && relPath.startsWith(m.dir)));
}
