/**
 * The data-flow model of one file alone, for the ESLint plugin: the same engine, with the
 * file as the whole project (no route table, so request objects are recognised by their
 * parameter names and types, and helpers in other files are not followed).
 */
import type { FileFacts } from "../../facts/file-facts.js";
import type { Ts } from "../../facts/typescript.js";
import { AiSurface, mayCallModelsAlone } from "../ai-surface.js";
import { ModuleGraph } from "../module-graph.js";
import type { ProjectView } from "../project-files.js";
import { FlowModel, MODEL_OUTPUT_HOOK_PACKAGES } from "./index.js";

const cache = new WeakMap<FileFacts, FlowModel>();

// ESLint runs on every file: most never import anything that could call a model.
const MIGHT_CALL_A_MODEL = /from\s*["']|require\(|:\/\/|import\(/;

/**
 * The flow model of `file` alone, or undefined when the file cannot involve a model (it
 * imports nothing). `evenWithoutImports`: a script logging `process.env` imports nothing
 * and still leaks a key.
 */
export function oneFileFlow(file: FileFacts, ts: Ts, evenWithoutImports = false, project?: ProjectView): FlowModel | undefined {
  if (!file.isCode || (!evenWithoutImports && !MIGHT_CALL_A_MODEL.test(file.text))) return undefined;
  let flow = cache.get(file);
  if (!flow) {
    const fileOf = (rel: string) => (rel === file.relPath ? file : undefined);
    const modules = new ModuleGraph([file], [], new Map());
    // An AI SDK's own source holds no surface, as in the whole-project scan.
    const sdkSource = project?.isSdkSource?.(file.relPath) ?? false;
    flow = new FlowModel({ ts, modules, surface: new AiSurface(ts, modules, fileOf, undefined, undefined, () => sdkSource), fileOf, routes: [] });
    cache.set(file, flow);
  }
  return flow;
}

/**
 * The flow model of `file` alone for the rules that start or end at a model call (prompts,
 * model output, call options): undefined when the file alone can hold no model call and
 * uses no chat hook, so those rules trace nothing in most files of an app.
 */
export function oneFileModelFlow(file: FileFacts, ts: Ts, evenWithoutImports = false, project?: ProjectView): FlowModel | undefined {
  if (!file.isCode) return undefined;
  if (!mayCallModelsAlone(file) && !file.header.imports.some((i) => MODEL_OUTPUT_HOOK_PACKAGES.has(i.specifier))) return undefined;
  return oneFileFlow(file, ts, evenWithoutImports, project);
}
