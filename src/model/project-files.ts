/**
 * What the parts of the project model read from the project: its files, manifests, import
 * graph and gaps. `ProjectModel` (project.ts) implements it and builds the parts on top;
 * the parts take this view, so none of them depends on the facade that builds them.
 */
import type { FileFacts } from "../facts/file-facts.js";
import type { AnalysisGaps } from "./gaps.js";
import type { ModuleGraph } from "./module-graph.js";
import type { PackageManifest } from "./packages.js";

/** What a per-file rule may ask about the project around its file (the ESLint plugin answers it from disk). */
export interface ProjectView {
  /** Does the package that owns this file (or a workspace root above it) depend on `pkg`? */
  dependsOn(relPath: string, pkg: string): boolean;
  /** Does the directory of the package that owns this file hold `name` (e.g. `index.html`)? */
  packageHasFile?(relPath: string, name: string): boolean;
  /** Is this file an AI SDK's own published source, which the AI analysis leaves out (`knowledge/sdk-source.ts`)? */
  isSdkSource?(relPath: string): boolean;
}

/** Functions the team names as authentication or rate limiting (config `auth.functions`, `rateLimit.functions`). */
export interface CustomEvidenceNames {
  auth: readonly string[];
  rateLimit: readonly string[];
}

export interface ProjectFiles extends ProjectView {
  readonly files: readonly FileFacts[];
  readonly manifests: readonly PackageManifest[];
  readonly modules: ModuleGraph;
  readonly gaps: AnalysisGaps;
  readonly customEvidence: CustomEvidenceNames;
  file(relPath: string): FileFacts | undefined;
}
