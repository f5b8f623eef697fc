/**
 * The project model: the whole scanned tree as the rules see it. Rules that judge more
 * than one file at a time (env files against `.gitignore`, the same key in several
 * environments; later the import graph, routes and data flow) read it from here.
 */
import { dirname } from "node:path";
import { isLeftOutByName, type Discovery } from "../discover/discover.js";
import type { FileFacts } from "../facts/file-facts.js";
import { declaredMajor, manifestsFor, parseManifest, type PackageManifest } from "./packages.js";
import { ModuleGraph } from "./module-graph.js";
import { RuntimeModel } from "./runtime.js";
import { AI_SURFACE_PART, AiSurface } from "./ai-surface.js";
import { SdkSource } from "./sdk-source.js";
import { AutoImports } from "./auto-imports.js";
import { ROUTES_PART, RouteModel } from "./routes/index.js";
import { FlowModel } from "./flow/index.js";
import type { CustomEvidenceNames, ProjectFiles } from "./project-files.js";
import type { Ts } from "../facts/typescript.js";
import { AnalysisGaps, UNANALYSED_CODE } from "./gaps.js";

export type { ProjectView } from "./project-files.js";

export class ProjectModel implements ProjectFiles {
  readonly root: string;
  readonly files: readonly FileFacts[];
  readonly manifests: readonly PackageManifest[];
  private readonly discovery: Discovery;
  private _modules?: ModuleGraph;

  /** Functions the team names as authentication or rate limiting (config `auth.functions`, `rateLimit.functions`). */
  readonly customEvidence: CustomEvidenceNames;
  /** Files the model parts could not analyse (each part contains failures per file, call site or route). */
  readonly gaps = new AnalysisGaps();

  constructor(discovery: Discovery, files: readonly FileFacts[], customEvidence: CustomEvidenceNames = { auth: [], rateLimit: [] }) {
    this.customEvidence = customEvidence;
    this.root = discovery.root;
    this.discovery = discovery;
    this.files = files;
    this.manifests = files
      .filter((f) => f.baseName === "package.json")
      .map((f) => parseManifest(dirname(f.relPath) === "." ? "" : dirname(f.relPath), f.text))
      .filter((m): m is PackageManifest => m !== undefined);
  }

  /** The import graph of all code files (built on first use). */
  get modules(): ModuleGraph {
    if (!this._modules) {
      const texts = new Map(this.files.filter((f) => f.baseName === "package.json").map((f) => [dirname(f.relPath) === "." ? "" : dirname(f.relPath), f.text]));
      this._modules = new ModuleGraph(this.files, this.manifests, texts);
    }
    return this._modules;
  }

  /** Every model call site and provider client of the project (built on first use). */
  aiSurface(ts: Ts): AiSurface {
    const fileOf = (rel: string) => this.file(rel);
    this._aiSurface ??= new AiSurface(ts, this.modules, fileOf, new AutoImports(this.manifests, fileOf, this.modules.files), this.gaps, (rel) => this.isSdkSource(rel));
    this.gaps.touch(UNANALYSED_CODE);
    this.gaps.touch(AI_SURFACE_PART);
    return this._aiSurface;
  }
  private _aiSurface?: AiSurface;

  /** Every route of the project, and the AI routes with their evidence (built on first use). */
  routes(ts: Ts): RouteModel {
    this._routes ??= new RouteModel(this, ts, this.aiSurface(ts), this.customEvidence);
    this.gaps.touch(UNANALYSED_CODE);
    this.gaps.touch(ROUTES_PART);
    return this._routes;
  }
  private _routes?: RouteModel;

  /** Data flow: untrusted input, model output and secrets, and the prompt of every model call (built on first use). */
  flow(ts: Ts): FlowModel {
    if (!this._flow) {
      const routes = this.routes(ts);
      this._flow = new FlowModel({ ts, modules: this.modules, surface: this.aiSurface(ts), fileOf: (rel) => this.file(rel), routes: routes.routes, evaluator: routes.context.evaluator, aiRoutePaths: routes.aiRoutes.map((r) => r.route.path), gaps: this.gaps, wholeProject: true, declaredMajor: (file, pkg) => declaredMajor(pkg, this.manifestsGoverning(file), this.manifests), inBrowser: (file, offset) => this.runtime(ts).isBrowserAt(file, offset).browser });
    }
    // Flow questions start from the surface's call sites and the routes' handlers: their losses are its losses.
    this.gaps.touch(UNANALYSED_CODE);
    this.gaps.touch(AI_SURFACE_PART);
    this.gaps.touch(ROUTES_PART);
    return this._flow;
  }
  private _flow?: FlowModel;

  /** Where each code file runs: browser, server or both (built on first use). */
  runtime(ts: Ts): RuntimeModel {
    this._runtime ??= new RuntimeModel(this, ts);
    this.gaps.touch(UNANALYSED_CODE);
    return this._runtime;
  }
  private _runtime?: RuntimeModel;

  private readonly sdkSource = new SdkSource((rel) => this.manifestsGoverning(rel));

  isSdkSource(relPath: string): boolean {
    return this.sdkSource.holds(relPath);
  }

  file(relPath: string): FileFacts | undefined {
    return (this._byPath ??= new Map(this.files.map((f) => [f.relPath, f]))).get(relPath);
  }
  private _byPath?: Map<string, FileFacts>;

  get envFiles(): FileFacts[] {
    return this.files.filter((f) => f.kind === "env");
  }

  dependsOn(relPath: string, pkg: string): boolean {
    return this.manifestsGoverning(relPath).some((m) => m.dependencies.has(pkg));
  }

  /** The manifests over a file, by its folder: a monorepo has hundreds, and every file of a folder has the same. */
  private manifestsGoverning(relPath: string): readonly PackageManifest[] {
    const slash = relPath.lastIndexOf("/");
    const folder = slash < 0 ? "" : relPath.slice(0, slash);
    let found = this.governing.get(folder);
    if (!found) this.governing.set(folder, (found = manifestsFor(relPath, this.manifests)));
    return found;
  }
  private readonly governing = new Map<string, readonly PackageManifest[]>();

  /** Is this path left out of the scan by name (`node_modules`, lock files, binaries), `.aigisignore` or the `ignore` patterns? */
  isLeftOutOfScan(relPath: string): boolean {
    return isLeftOutByName(relPath) || this.discovery.scanIgnore.ignores(relPath);
  }

  /** Would git ignore this path according to the `.gitignore` files in force? */
  isGitIgnored(relPath: string): boolean {
    return this.discovery.gitignore.ignores(relPath);
  }

  /** `true`/`false` inside a git work tree, `undefined` outside one. */
  isTracked(relPath: string): boolean | undefined {
    return this.discovery.git.tracked?.has(relPath);
  }

  get inGitWorkTree(): boolean {
    return this.discovery.git.tracked !== undefined;
  }
}
