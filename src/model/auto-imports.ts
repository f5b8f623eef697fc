/**
 * Exports that a framework makes global (table in `knowledge/auto-imports.ts`): which
 * file provides an auto-imported name, and which files use one without importing it.
 */
import type { FileFacts } from "../facts/file-facts.js";
import { AUTO_IMPORTS } from "../knowledge/auto-imports.js";
import type { PackageManifest } from "./packages.js";

const EXPORTED_NAME = /export\s+(?:async\s+)?(?:const|let|var|function\*?|class)\s+([A-Za-z_$][\w$]*)/g;

interface Provider {
  file: string;
  appDir: string;
}

export class AutoImports {
  /** name → files exporting it from an auto-import directory. */
  private readonly providers = new Map<string, Provider[]>();

  constructor(manifests: readonly PackageManifest[], fileOf: (relPath: string) => FileFacts | undefined, codeFiles: readonly string[] = []) {
    for (const manifest of manifests) {
      const convention = AUTO_IMPORTS.find((c) => c.dependencies.some((d) => manifest.dependencies.has(d)));
      if (!convention) continue;
      const prefixes = convention.directories.map((d) => (manifest.dir ? `${manifest.dir}/${d}/` : `${d}/`));
      for (const file of codeFiles) {
        if (!prefixes.some((p) => file.startsWith(p))) continue;
        const text = fileOf(file)?.text ?? "";
        for (const m of text.matchAll(EXPORTED_NAME)) {
          const list = this.providers.get(m[1]!) ?? [];
          list.push({ file, appDir: manifest.dir });
          this.providers.set(m[1]!, list);
        }
      }
    }
  }

  /** The file that provides `name` to code in `fromFile`. */
  fileFor(name: string, fromFile: string): string | undefined {
    const candidates = this.providers.get(name)?.filter((p) => p.appDir === "" || fromFile.startsWith(`${p.appDir}/`));
    return candidates?.sort((a, b) => b.appDir.length - a.appDir.length)[0]?.file;
  }

  /** Files that mention a name provided by one of `providerFiles`. */
  usersOf(providerFiles: readonly string[], files: readonly string[], fileOf?: (relPath: string) => FileFacts | undefined): string[] {
    const wanted = new Set(providerFiles);
    const names = [...this.providers.entries()].filter(([, ps]) => ps.some((p) => wanted.has(p.file))).map(([name]) => name);
    if (names.length === 0 || !fileOf) return [];
    const pattern = new RegExp(`\\b(?:${names.join("|")})\\b`);
    return files.filter((f) => pattern.test(fileOf(f)?.text ?? ""));
  }
}
