/**
 * The data-flow model of a project: trackers for each kind of source (untrusted input,
 * later model output and secrets), and the prompt analysis of every model call. Built on
 * first use from the AI surface (call sites) and the route table (handlers and their
 * frameworks say which parameters hold client data).
 */
import type { FileFacts } from "../../facts/file-facts.js";
import type { Ts, TsNode } from "../../facts/typescript.js";
import type { AiSurface } from "../ai-surface.js";
import type { ModuleGraph } from "../module-graph.js";
import type { Route } from "../routes/types.js";
import { Evaluator } from "../values.js";
import { PromptAnalysis, type PromptFlow } from "./prompts.js";
import { Tracker, type FlowContext } from "./tracker.js";
import { UntrustedInput, type HandlerInfo } from "./untrusted.js";

export interface FlowInputs {
  ts: Ts;
  modules: ModuleGraph;
  surface: AiSurface;
  fileOf(relPath: string): FileFacts | undefined;
  /** Every route the route table found (none in the one-file ESLint run). */
  routes: readonly Route[];
  /** An evaluator over every code file (the route table's), or a new one. */
  evaluator?: Evaluator;
}

export class FlowModel {
  readonly context: FlowContext;
  readonly untrusted: Tracker;
  private readonly surface: AiSurface;
  private _prompts?: PromptFlow[];

  constructor(inputs: FlowInputs) {
    const { ts, modules, surface, fileOf } = inputs;
    this.surface = surface;
    const evaluator = inputs.evaluator ?? new Evaluator(ts, modules, fileOf, () => true, () => surface.candidates, (name, from) => surface.autoImports.fileFor(name, from));
    this.context = { ts, modules, evaluator, tree: (rel) => fileOf(rel)?.syntaxTree(ts), file: fileOf, callerFiles: () => surface.candidates };
    const handlers = new Map<TsNode, HandlerInfo>();
    for (const route of inputs.routes) if (route.handler && !handlers.has(route.handler.node)) handlers.set(route.handler.node, { framework: route.framework, method: route.method, route });
    this.untrusted = new Tracker(this.context, new UntrustedInput(this.context, handlers));
  }

  /** The prompt analysis of every model call that takes a prompt (not local model servers' embeddings and the like). */
  get prompts(): PromptFlow[] {
    if (!this._prompts) {
      const analysis = new PromptAnalysis(this.context, this.untrusted);
      this._prompts = this.surface.callSites.filter((c) => c.api !== "embedding" && c.api !== "moderation").map((c) => analysis.analyse(c));
    }
    return this._prompts;
  }
}
