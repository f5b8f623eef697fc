/**
 * The import graph of every code file in the project: who imports whom, which npm
 * packages each file uses, and each file's `"use client"` / `"use server"` directive.
 * Built from the cheap text scan in `facts/imports.ts`, for all files.
 */
import type { FileFacts } from "../facts/file-facts.js";
import { typeOnlyExports, type ImportRecord, type ModuleHeader } from "../facts/imports.js";
import { ModuleResolver, type Resolution } from "./resolve.js";
import type { PackageManifest } from "./packages.js";
import { isAiPackage } from "./sdk-table.js";
import { isPublishedSdk } from "./sdk-source.js";

export interface ImportEdge {
  from: string;
  record: ImportRecord;
  /** The project file imported, when the specifier resolves to one. */
  target?: string;
  /** The npm package imported, when it is one. */
  package?: string;
}

export class ModuleGraph {
  private readonly headers = new Map<string, ModuleHeader>();
  private readonly outgoing = new Map<string, ImportEdge[]>();
  private readonly incoming = new Map<string, ImportEdge[]>();
  readonly resolver: ModuleResolver;

  constructor(files: readonly FileFacts[], manifests: readonly PackageManifest[], manifestTexts: ReadonlyMap<string, string>) {
    // An AI SDK is the SDK by name, even in its own monorepo where `ai` is workspace source; so is
    // every published package of an SDK vendor there (`@ai-sdk/react`): an app imports it from npm.
    const sdkPackages = new Set(manifests.filter(isPublishedSdk).map((m) => m.name!));
    this.resolver = new ModuleResolver(files, manifests, manifestTexts, { keepAsPackage: (name) => isAiPackage(name) || sdkPackages.has(name) });
    const byPath = new Map(files.map((f) => [f.relPath, f]));
    const typeExports = new Map<string, ReadonlySet<string>>();
    const typeExportsOf = (rel: string) => {
      let names = typeExports.get(rel);
      if (!names) typeExports.set(rel, (names = typeOnlyExports(byPath.get(rel)?.text ?? "")));
      return names;
    };
    for (const file of files) {
      if (!file.isCode) continue;
      const header = file.header;
      this.headers.set(file.relPath, header);
      const edges: ImportEdge[] = [];
      for (const record of header.imports) {
        const resolution: Resolution = this.resolver.resolve(file.relPath, record.specifier);
        const edge: ImportEdge = { from: file.relPath, record };
        if ("file" in resolution) {
          edge.target = resolution.file;
          // `import { AppType } from "./server"` where AppType is only a type there: erased.
          if (takesOnlyTypes(record, () => typeExportsOf(resolution.file))) edge.record = { ...record, typeOnly: true };
        }
        else if ("package" in resolution) edge.package = resolution.package;
        edges.push(edge);
        if (edge.target) {
          // Appended in place: a file that thousands import (a logger) is not copied per importer.
          const importers = this.incoming.get(edge.target);
          if (importers) importers.push(edge);
          else this.incoming.set(edge.target, [edge]);
        }
      }
      this.outgoing.set(file.relPath, edges);
    }
  }

  /** Code files in the graph, in path order (sorted once: half a dozen model parts ask). */
  get files(): readonly string[] {
    return (this.sortedFiles ??= [...this.headers.keys()].sort());
  }
  private sortedFiles?: readonly string[];

  header(relPath: string): ModuleHeader | undefined {
    return this.headers.get(relPath);
  }

  importsOf(relPath: string): readonly ImportEdge[] {
    return this.outgoing.get(relPath) ?? [];
  }

  importersOf(relPath: string): readonly ImportEdge[] {
    return this.incoming.get(relPath) ?? [];
  }

  /**
   * The file and the files that can call its exports by name: those importing it at run
   * time, and those importing a barrel that re-exports it (not every file further up, which
   * would import something else that imports it). Computed once per file.
   */
  namingImporters(relPath: string): ReadonlySet<string> {
    let found = this.namingImporterSets.get(relPath);
    if (!found) this.namingImporterSets.set(relPath, (found = this.importersUpFrom(relPath, (edge) => !edge.record.typeOnly, (edge) => edge.record.kind === "export-from")));
    return found;
  }
  private readonly namingImporterSets = new Map<string, ReadonlySet<string>>();

  /** `relPath` and the files importing it that `counts` admits, climbing further only through those `climbs` lets through. */
  importersUpFrom(relPath: string, counts: (edge: ImportEdge) => boolean, climbs: (edge: ImportEdge) => boolean): ReadonlySet<string> {
    const found = new Set([relPath]);
    const queue = [relPath];
    for (let i = 0; i < queue.length; i++) {
      for (const edge of this.importersOf(queue[i]!)) {
        if (found.has(edge.from) || !counts(edge)) continue;
        found.add(edge.from);
        if (climbs(edge)) queue.push(edge.from);
      }
    }
    return found;
  }

  /** Does the file import this package (or a subpath of it) at run time? */
  importsPackage(relPath: string, pkg: string): boolean {
    return this.importsOf(relPath).some((e) => e.package === pkg && !e.record.typeOnly);
  }
}

/** A named import or re-export whose every name the target declares only as a type. */
function takesOnlyTypes(record: ImportRecord, typeNames: () => ReadonlySet<string>): boolean {
  if (record.typeOnly || (record.kind !== "import" && record.kind !== "export-from") || record.names.length === 0) return false;
  if (record.names.some((n) => n.imported === "default" || n.imported === "*")) return false;
  const names = typeNames();
  return names.size > 0 && record.names.every((n) => names.has(n.imported));
}
