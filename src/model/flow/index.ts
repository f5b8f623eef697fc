/**
 * The data-flow model of a project: trackers for each kind of source (untrusted input,
 * later model output and secrets), and the prompt analysis of every model call. Built on
 * first use from the AI surface (call sites) and the route table (handlers and their
 * frameworks say which parameters hold client data).
 */
import type { FileFacts } from "../../facts/file-facts.js";
import type { Ts, TsNode } from "../../facts/typescript.js";
import type { AiSurface, InstructionSite } from "../ai-surface.js";
import type { ModuleGraph } from "../module-graph.js";
import type { Route } from "../routes/types.js";
import { argumentAt, Evaluator, type Site } from "../values.js";
import { PromptAnalysis, type InstructionHit, type PromptFlow } from "./prompts.js";
import { Tracker, type FlowContext } from "./tracker.js";
import { UntrustedInput, transcriptionCalls, type HandlerInfo } from "./untrusted.js";
import { HandlerTable } from "../routes/deferred.js";
import { ModelOutput, PromptValues, Secrets, type AiEndpoint } from "./oracles.js";
import { pathToRegExp } from "../routes/path-patterns.js";
import { DIRECTORY_LOADER_PACKAGES, MODEL_OUTPUT_HOOKS } from "../../knowledge/data-flow.js";
import { AnalysisGaps } from "../gaps.js";
import { isTestFile } from "../../facts/test-files.js";
import { pathBeforeParameters } from "../../util/text.js";

/** The name under which call sites whose prompt analysis failed are recorded (see `AnalysisGaps`). */
const PROMPTS_PART = "prompt analysis";

/** Packages of the chat hooks that hand model answers to UI code (read from the file's imports, no text pass). */
export const MODEL_OUTPUT_HOOK_PACKAGES: ReadonlySet<string> = new Set(MODEL_OUTPUT_HOOKS.flatMap((h) => h.packages));

export interface FlowInputs {
  ts: Ts;
  modules: ModuleGraph;
  surface: AiSurface;
  fileOf(relPath: string): FileFacts | undefined;
  /** Every route the route table found (none in the one-file ESLint run). */
  routes: readonly Route[];
  /** An evaluator over every code file (the route table's), or a new one. */
  evaluator?: Evaluator;
  /** Paths of the app's routes that reach a model (a page fetching one gets model output). */
  aiRoutePaths?: readonly string[];
  /** Where questions that fail on a file are recorded (the project's, in a scan). */
  gaps?: AnalysisGaps;
  /** Are all the project's files known (a scan), so that a module no file imports is never loaded? Not in the one-file ESLint run. */
  wholeProject?: boolean;
  /** The lowest major version of a package the app holding a file declares. */
  declaredMajor?(file: string, pkg: string): number | undefined;
  /** Does the code at this offset run in a browser or on a device? */
  inBrowser?(file: string, offset: number): boolean;
}

export class FlowModel {
  readonly context: FlowContext;
  readonly untrusted: Tracker;
  /** What counts as untrusted input (request data, action arguments…), for questions that build on it. */
  readonly untrustedInput: UntrustedInput;
  /** Model output, stopped by HTML sanitizers (is this raw HTML?). */
  readonly modelOutputAsHtml: Tracker;
  /** Model output, whatever it passes through (is it executed?). */
  readonly modelOutput: Tracker;
  /** Provider keys and callers' credentials. */
  readonly secrets: Tracker;
  /** The values given to model calls as prompts. */
  readonly promptValues: Tracker;
  /** The AI surface the flows start from (call sites, clients). */
  readonly surface: AiSurface;
  private readonly aiRoutePrefixes: readonly string[];
  /** What every prefix starts with (`/api/`): a file without it names none of them. */
  private readonly aiRouteStem: string;
  private _outputFiles?: Set<string>;
  private _prompts?: PromptFlow[];
  private _templates?: InstructionHit[];
  private _made?: Array<{ made: InstructionSite; instructions: InstructionHit[] }>;
  private readonly gaps: AnalysisGaps;

  constructor(inputs: FlowInputs) {
    const { ts, modules, surface, fileOf } = inputs;
    this.surface = surface;
    // `/api/chat/:id` is fetched as `/api/chat/…`: the part before any parameter is what a page names.
    this.aiRoutePrefixes = fewestNeedles([...new Set((inputs.aiRoutePaths ?? []).filter((p) => p.startsWith("/")).map(pathBeforeParameters))].filter((p) => p.length > 1));
    this.aiRouteStem = commonStart(this.aiRoutePrefixes);
    const evaluator = inputs.evaluator ?? new Evaluator(ts, modules, fileOf, () => true, () => surface.candidates, (name, from) => surface.autoImports.fileFor(name, from));
    this.gaps = inputs.gaps ?? new AnalysisGaps();
    this.context = { ts, modules, evaluator, tree: (rel) => fileOf(rel)?.syntaxTree(ts), file: fileOf, callerFiles: () => surface.candidates, gaps: this.gaps, declaredMajor: inputs.declaredMajor, inBrowser: inputs.inBrowser };
    const handlers = new HandlerTable<HandlerInfo>(inputs.routes, (route) => ({ framework: route.framework, method: route.method, route }), (rel) => fileOf(rel)?.absPath);
    this.context.routePathOf = (handler) => handlers.get(handler)?.route.path;
    this.untrustedInput = new UntrustedInput(this.context, handlers, transcriptionCalls(surface.callSites), inputs.wholeProject ? neverLoaded(modules, fileOf) : undefined);
    this.untrusted = new Tracker(this.context, this.untrustedInput);
    const endpoints: AiEndpoint[] = [];
    for (const path of new Set(inputs.aiRoutePaths ?? [])) {
      const pattern = path.startsWith("/") ? pathToRegExp(path.replace(/\*$/, ":rest*")) : undefined;
      if (pattern) endpoints.push({ pattern, label: path });
    }
    this.modelOutputAsHtml = new Tracker(this.context, new ModelOutput(this.context, surface.callSites, endpoints, true));
    this.modelOutput = new Tracker(this.context, new ModelOutput(this.context, surface.callSites, endpoints, false));
    this.secrets = new Tracker(this.context, new Secrets(this.context, surface.callSites));
    this.promptValues = new Tracker(this.context, new PromptValues(this.context, surface.callSites));
  }

  /**
   * Files model output can reach: AI code and the files that import it (the surface's
   * candidates), the files those import (helpers handed the output), and browser code that
   * uses a chat hook or names one of the app's AI routes, or imports a helper that does;
   * never a test file or an AI SDK's own source. Sinks elsewhere are not walked.
   */
  mayHoldModelOutput(file: FileFacts): boolean {
    // A test renders or runs what its mocks answer: nothing the shipped app shows. An SDK's
    // source renders what the app that installs it hands over, and is judged there.
    if (isTestFile(file.relPath) || this.surface.isSdkSource(file.relPath)) return false;
    if (!this._outputFiles) {
      const out = new Set(this.surface.candidates);
      let frontier = [...out];
      for (let depth = 0; depth < 2; depth++) {
        const next: string[] = [];
        for (const f of frontier) for (const edge of this.context.modules.importsOf(f)) if (edge.target && !out.has(edge.target)) (out.add(edge.target), next.push(edge.target));
        frontier = next;
      }
      this._outputFiles = out;
    }
    let known = this.outputHints.get(file);
    if (known === undefined) {
      known = this._outputFiles.has(file.relPath) || this.fetchesAiRoute(file) || this.context.modules.importsOf(file.relPath).some((e) => e.target !== undefined && !e.record.typeOnly && this.fetchesAiRoute(this.context.file(e.target)));
      this.outputHints.set(file, known);
    }
    return known;
  }

  /** Browser code that gets model output by itself: a chat hook, or a request to one of the app's AI routes (a page's own, or a helper's it imports). */
  private fetchesAiRoute(file: FileFacts | undefined): boolean {
    if (file === undefined) return false;
    let fetches = this.routeFetchers.get(file);
    if (fetches === undefined) {
      fetches = file.header.imports.some((i) => MODEL_OUTPUT_HOOK_PACKAGES.has(i.specifier)) || this.namesAiRoute(file.text);
      this.routeFetchers.set(file, fetches);
    }
    return fetches;
  }
  /** Asked once per file, however many files import it. */
  private readonly routeFetchers = new WeakMap<FileFacts, boolean>();
  private readonly outputHints = new WeakMap<FileFacts, boolean>();

  private namesAiRoute(text: string): boolean {
    if (this.aiRoutePrefixes.length === 0 || !text.includes(this.aiRouteStem)) return false;
    return this.aiRoutePrefixes.some((p) => text.includes(p));
  }

  /** The prompt analysis of every model call that takes a prompt (not local model servers' embeddings and the like). */
  get prompts(): PromptFlow[] {
    if (!this._prompts) {
      const analysis = new PromptAnalysis(this.context, this.untrusted, this.surface.instructionSites);
      // One call site that cannot be analysed costs that call site only.
      this._prompts = this.surface.callSites
        .filter((c) => c.api !== "embedding" && c.api !== "moderation")
        .map((c) => this.gaps.contain(PROMPTS_PART, c.file, () => analysis.analyse(c)))
        .filter((p): p is PromptFlow => p !== undefined);
    }
    this.gaps.touch(PROMPTS_PART);
    return this._prompts;
  }

  /** Untrusted input in instructions given where an agent or tool is made (`new Agent({ instructions })`). */
  get madeInstructions(): Array<{ made: InstructionSite; instructions: InstructionHit[] }> {
    if (!this._made) {
      const analysis = new PromptAnalysis(this.context, this.untrusted);
      this._made = this.surface.instructionSites
        .map((made) => this.gaps.contain(PROMPTS_PART, made.file, () => ({ made, instructions: analysis.creation(made, this.runContexts(made)) })))
        .filter((m): m is { made: InstructionSite; instructions: InstructionHit[] } => m !== undefined);
    }
    this.gaps.touch(PROMPTS_PART);
    return this._made;
  }

  /** The context objects handed to runs of this agent (`run(agent, input, { context })`), for its instruction functions. */
  private runContexts(made: InstructionSite): Array<{ node: TsNode; site: Site }> {
    const { ts, evaluator } = this.context;
    const out: Array<{ node: TsNode; site: Site }> = [];
    for (const call of this.surface.callSites) {
      const paths = call.spec?.agentContext;
      const tree = paths && this.context.tree(call.file);
      if (!paths || !tree) continue;
      const site: Site = { file: call.file, tree };
      const agent = argumentAt(ts, call.node, paths.agent);
      const value = agent && evaluator.eval(agent, site);
      if (value?.kind !== "sdk" || value.origin.node !== made.node) continue;
      const context = argumentAt(ts, call.node, paths.context, (n) => evaluator.followToExpression(n));
      if (context) out.push({ node: context, site });
    }
    return out;
  }

  /** Untrusted input in the system parts of prompt templates made ahead of the call (LangChain). */
  get templateInstructions(): InstructionHit[] {
    this._templates ??= this.gaps.contain(PROMPTS_PART, ".", () => new PromptAnalysis(this.context, this.untrusted).templates(this.surface.candidates)) ?? [];
    this.gaps.touch(PROMPTS_PART);
    return this._templates;
  }
}

/** The strings a text must contain one of, without those that hold a shorter one (`/api/chat/google-search` holds `/api/chat/google`). */
function fewestNeedles(needles: readonly string[]): string[] {
  const byLength = [...needles].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const needle of byLength) if (!kept.some((k) => needle.includes(k))) kept.push(needle);
  return kept;
}

function commonStart(strings: readonly string[]): string {
  if (strings.length === 0) return "";
  let start = strings[0]!;
  for (const s of strings) while (!s.startsWith(start)) start = start.slice(0, -1);
  return start;
}

/** `require(join(dir, name))`, ``import(`./routes/${name}`)``: a module loaded by a computed path, which no import edge shows. */
const COMPUTED_LOAD = /\b(?:require|import)\s*\(\s*(?:[A-Za-z_$]|`[^`]*\$\{)/;

/**
 * Does no file import the module (for its value), in an app that loads nothing by a computed
 * path or a folder loader (either would load modules no import edge shows)?
 */
function neverLoaded(modules: ModuleGraph, fileOf: (relPath: string) => FileFacts | undefined): (file: string) => boolean {
  let loadsUnseen: boolean | undefined;
  return (file) => {
    if (modules.importersOf(file).some((edge) => !edge.record.typeOnly)) return false;
    loadsUnseen ??= modules.files.some((f) => {
      if (isTestFile(f)) return false;
      if (DIRECTORY_LOADER_PACKAGES.some((pkg) => modules.importsPackage(f, pkg))) return true;
      const facts = fileOf(f);
      return facts !== undefined && COMPUTED_LOAD.test(facts.text);
    });
    return !loadsUnseen;
  };
}
