/**
 * Is a file part of an AI SDK's own published source (`knowledge/sdk-source.ts`)? Decided by
 * the nearest `package.json` above it, once per folder.
 */
import { SDK_DEMO_FOLDERS, SDK_VENDOR_SCOPES } from "../knowledge/sdk-source.js";
import type { PackageManifest } from "./packages.js";
import { isAiPackage } from "./sdk-table.js";

export class SdkSource {
  private readonly byFolder = new Map<string, boolean>();

  constructor(
    /** The manifests over a file, the root's included (`manifestsFor`). */
    private readonly governing: (relPath: string) => readonly PackageManifest[],
  ) {}

  holds(relPath: string): boolean {
    const slash = relPath.lastIndexOf("/");
    const folder = slash < 0 ? "" : relPath.slice(0, slash);
    let answer = this.byFolder.get(folder);
    if (answer === undefined) {
      let nearest: PackageManifest | undefined;
      for (const m of this.governing(relPath)) if (!nearest || m.dir.length > nearest.dir.length) nearest = m;
      answer = nearest !== undefined && isPublishedSdk(nearest) && !inDemoFolder(folder.slice(nearest.dir.length));
      this.byFolder.set(folder, answer);
    }
    return answer;
  }
}

/** Is this manifest an AI SDK's published package (by the table's names or an SDK vendor's scope)? */
export function isPublishedSdk(manifest: PackageManifest): boolean {
  const name = manifest.name;
  if (name === undefined || manifest.private) return false;
  return isAiPackage(name) || SDK_VENDOR_SCOPES.some((scope) => name.startsWith(scope));
}

/** `below`: the folder's path under the package's own folder (`/examples/basic`). */
function inDemoFolder(below: string): boolean {
  return below.split("/").some((segment) => SDK_DEMO_FOLDERS.includes(segment));
}
