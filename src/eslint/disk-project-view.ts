/**
 * The project around one linted file, answered from disk: ESLint hands a rule one file,
 * but some judgements need its package.json (does this package use SvelteKit, which
 * exposes `PUBLIC_` variables?). Manifests are read once per directory and cached.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, parse, sep } from "node:path";
import type { ProjectView } from "../model/project-files.js";
import { parseManifest, type PackageManifest } from "../model/packages.js";
import { SdkSource } from "../model/sdk-source.js";

const toPosix = (path: string) => path.split(sep).join("/");

export class DiskProjectView implements ProjectView {
  private readonly manifests = new Map<string, PackageManifest | null>();

  constructor(private readonly cwd: string) {}

  dependsOn(relPath: string, pkg: string): boolean {
    let dir = dirname(this.absolute(relPath));
    const { root } = parse(dir);
    for (;;) {
      if (this.manifestIn(dir)?.dependencies.has(pkg)) return true;
      if (dir === root) return false;
      dir = dirname(dir);
    }
  }

  packageHasFile(relPath: string, name: string): boolean {
    const dir = this.packageDirOf(this.absolute(relPath));
    return dir !== undefined && existsSync(join(dir, name));
  }

  isSdkSource(relPath: string): boolean {
    return this.sdkSource.holds(toPosix(this.absolute(relPath)));
  }

  /** Asked with absolute paths: the nearest manifest's folder (also absolute) is its start. */
  private readonly sdkSource = new SdkSource((path) => {
    const dir = this.packageDirOf(path);
    return dir === undefined ? [] : [{ ...this.manifestIn(dir)!, dir: toPosix(dir) }];
  });

  private absolute(relPath: string): string {
    return isAbsolute(relPath) ? relPath : join(this.cwd, relPath);
  }

  /** The folder of the nearest package.json above a file (the package that owns it), if any. */
  private packageDirOf(path: string): string | undefined {
    let dir = dirname(path);
    const { root } = parse(dir);
    for (;;) {
      if (this.manifestIn(dir)) return dir;
      if (dir === root) return undefined;
      dir = dirname(dir);
    }
  }

  private manifestIn(dir: string): PackageManifest | null {
    let manifest = this.manifests.get(dir);
    if (manifest === undefined) {
      try {
        manifest = parseManifest(dir, readFileSync(join(dir, "package.json"), "utf8")) ?? null;
      } catch {
        manifest = null;
      }
      this.manifests.set(dir, manifest);
    }
    return manifest;
  }
}
