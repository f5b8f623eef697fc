/** package.json manifests: which packages each part of a (mono)repo depends on. */

export interface PackageManifest {
  /** Directory of the manifest, relative to the scan root ("" for the root). */
  dir: string;
  name?: string;
  dependencies: ReadonlySet<string>;
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
  for (const field of DEPENDENCY_FIELDS) {
    const deps = record[field];
    if (deps && typeof deps === "object") for (const name of Object.keys(deps)) dependencies.add(name);
  }
  return { dir, name: typeof record.name === "string" ? record.name : undefined, dependencies };
}

/** The manifests that govern a file: its nearest package.json and every one above it. */
export function manifestsFor(relPath: string, manifests: readonly PackageManifest[]): PackageManifest[] {
  return manifests.filter((m) => m.dir === "" || relPath.startsWith(`${m.dir}/`));
}
