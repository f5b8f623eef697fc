/**
 * The import graph of every code file in the project: who imports whom, which npm
 * packages each file uses, and each file's `"use client"` / `"use server"` directive.
 * Built from the cheap text scan in `facts/imports.ts`, for all files.
 */
import type { FileFacts } from "../facts/file-facts.js";
import { scanImports, type ImportRecord, type ModuleHeader } from "../facts/imports.js";
import { ModuleResolver, type Resolution } from "./resolve.js";
import type { PackageManifest } from "./packages.js";

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
    this.resolver = new ModuleResolver(files, manifests, manifestTexts);
    for (const file of files) {
      if (!file.isCode) continue;
      const header = file.header;
      this.headers.set(file.relPath, header);
      const edges: ImportEdge[] = [];
      for (const record of header.imports) {
        const resolution: Resolution = this.resolver.resolve(file.relPath, record.specifier);
        const edge: ImportEdge = { from: file.relPath, record };
        if ("file" in resolution) edge.target = resolution.file;
        else if ("package" in resolution) edge.package = resolution.package;
        edges.push(edge);
        if (edge.target) this.incoming.set(edge.target, [...(this.incoming.get(edge.target) ?? []), edge]);
      }
      this.outgoing.set(file.relPath, edges);
    }
  }

  /** Code files in the graph, in path order. */
  get files(): string[] {
    return [...this.headers.keys()].sort();
  }

  header(relPath: string): ModuleHeader | undefined {
    return this.headers.get(relPath);
  }

  importsOf(relPath: string): readonly ImportEdge[] {
    return this.outgoing.get(relPath) ?? [];
  }

  importersOf(relPath: string): readonly ImportEdge[] {
    return this.incoming.get(relPath) ?? [];
  }

  /** Does the file import this package (or a subpath of it) at run time? */
  importsPackage(relPath: string, pkg: string): boolean {
    return this.importsOf(relPath).some((e) => e.package === pkg && !e.record.typeOnly);
  }
}
