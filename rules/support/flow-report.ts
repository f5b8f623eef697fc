/** Helpers the data-flow rules share to word their findings and attach the path. */
import type { ProjectRuleContext, RuleContext } from "../../src/engine/rule.js";
import type { ProjectModel } from "../../src/model/project.js";
import { oneFileModelFlow } from "../../src/model/flow/one-file.js";
import type { FileFacts } from "../../src/facts/file-facts.js";
import type { FlowModel } from "../../src/model/flow/index.js";
import { requestOf, throughHelper, type ModelCallSite } from "../../src/model/ai-surface.js";
import { pathOf, type PathEntry, type Step, type Trace } from "../../src/model/flow/trace.js";
import type { InstructionHit, InstructionKind } from "../../src/model/flow/prompts.js";

/** `chat.completions.create (OpenAI)`, `chat.completions.create (OpenAI) through complete()`. */
export function describeCall(call: ModelCallSite): string {
  return `${call.sdk === "http" ? `the request to ${call.provider}` : `${call.method} (${call.provider})`}${throughHelper(call)}`;
}

/**
 * For a call of a helper that sends the request it is handed (`complete({ model, messages })`
 * where `complete` calls `openai.chat.completions.create(options)`): the step where the
 * request leaves, shown after the call. Nothing for a request sent where it is written.
 */
export function sentByStep(call: ModelCallSite, fileOf: (rel: string) => FileFacts | undefined): PathEntry[] {
  const sent = call.sentBy;
  const file = sent && fileOf(sent.file);
  if (!sent || !file) return [];
  return [{ file: sent.file, line: file.positionAt(sent.start).line, note: "where the helper sends the request it is handed" }];
}

/** The path of a trace ending at a sink, source first. */
export function tracePath(trace: Trace, sink: { file: string; start: number; note: string }, fileOf: (rel: string) => FileFacts | undefined): PathEntry[] {
  return pathOf(trace, sink, fileOf);
}

/** Distinct source labels, for a message: `request body (req.body.question), WebSocket message "message"`. */
export function sourceLabels(traces: readonly Trace[]): string {
  const labels = [...new Set(traces.map((t) => t.source.label))];
  return labels.length > 2 ? `${labels.slice(0, 2).join(", ")} and ${labels.length - 2} more` : labels.join(", ");
}

/**
 * PI-2 and RL-3 ask the same question of every model call: does untrusted input reach it
 * without something on the way (a schema, a size bound)? One finding per call, at the call.
 */
export function reportInputsMissing(flow: FlowModel, fileOf: (rel: string) => FileFacts | undefined, context: RuleContext, protectedBy: (trace: Trace) => boolean, missing: string, whereMissing?: (trace: Trace) => Step[]): void {
  const { inBrowser } = flow.context;
  for (const prompt of flow.prompts) {
    // What the user entered on the device that makes the call never crossed a trust boundary: a check there would run on their side.
    const request = requestOf(prompt.call);
    const onDevice = inBrowser?.(request.file, request.start) ?? false;
    const inputs = onDevice ? prompt.inputs.filter((t) => !t.source.ownInput) : prompt.inputs;
    // A call on the device fed only by its user is not this item's to judge (CS-1 is): with nothing else the item is n/a, not a pass.
    if (onDevice && inputs.length === 0) continue;
    context.judged();
    const unprotected = inputs.filter((t) => !protectedBy(t));
    const first = unprotected[0];
    const file = fileOf(prompt.call.file);
    if (!first || !file) continue;
    const call = describeCall(prompt.call);
    context.report({
      file,
      start: prompt.call.start,
      end: prompt.call.end,
      message: `Untrusted input (${sourceLabels(unprotected)}) reaches ${call} ${missing} on the way.`,
      identity: `${prompt.call.method}\0${first.source.label}`,
      path: [...withSteps(tracePath(first, { file: prompt.call.file, start: prompt.call.start, note: `prompt of ${call}` }, fileOf), [...(whereMissing?.(first) ?? []), ...otherSources(unprotected)], fileOf), ...sentByStep(prompt.call, fileOf)],
    });
  }
}

/** The other places unprotected input enters by (another route calling the same helper): each is a step of the path, after the first source. */
function otherSources(unprotected: readonly Trace[]): Step[] {
  const first = unprotected[0];
  const out: Step[] = [];
  for (const t of unprotected.slice(1)) {
    if (t.source.file === first?.source.file && t.source.start === first.source.start) continue;
    if (out.some((s) => s.file === t.source.file && s.start === t.source.start)) continue;
    out.push({ file: t.source.file, start: t.source.start, note: `also reaches it: ${t.source.label}` });
  }
  return out;
}

/** Places where what is missing would go (a schema with no `.max()`, an upload with no size cap): shown after the source. */
function withSteps(path: PathEntry[], steps: readonly Step[], fileOf: (rel: string) => FileFacts | undefined): PathEntry[] {
  const extra: PathEntry[] = [];
  for (const step of steps) {
    const line = fileOf(step.file)?.positionAt(step.start).line ?? 0;
    if (![...path, ...extra].some((p) => p.file === step.file && p.line === line)) extra.push({ file: step.file, line, note: step.note });
  }
  return extra.length ? [path[0]!, ...extra, ...path.slice(1)] : path;
}

/**
 * PI-1 and client-controlled-roles report the prompt analysis's hits of their own kinds,
 * once per flagged node, at that node, with the path from the source.
 */
export function reportInstructionHits(flow: FlowModel, fileOf: (rel: string) => FileFacts | undefined, context: RuleContext, kinds: readonly InstructionKind[], message: (hit: InstructionHit, call: string) => string): void {
  const reported = new Set<unknown>();
  // Instructions given at a model's creation (`getGenerativeModel({ systemInstruction })`) are judged like those of a call.
  const sites = [
    ...flow.prompts.map((p) => ({ call: describeCall(p.call), hits: p.instructions })),
    ...flow.madeInstructions.map((m) => ({ call: `${m.made.method} (${m.made.provider})`, hits: m.instructions })),
    { call: "a prompt template", hits: flow.templateInstructions },
  ];
  for (const prompt of sites) {
    context.judged();
    for (const hit of prompt.hits) {
      if (!kinds.includes(hit.kind) || reported.has(hit.node)) continue;
      reported.add(hit.node);
      const file = fileOf(hit.file);
      if (!file) continue;
      const start = hit.node.getStart();
      const call = prompt.call;
      context.report({
        file,
        start,
        end: hit.node.getEnd(),
        message: message(hit, call),
        identity: `${hit.kind}\0${hit.position}\0${hit.trace.source.label}`,
        path: tracePath(hit.trace, { file: hit.file, start, note: `${hit.position} of ${call}` }, fileOf),
      });
    }
  }
}

/** How a flow rule reports, given the flow model and a way to the files it names. */
export type FlowReport = (flow: FlowModel, fileOf: (rel: string) => FileFacts | undefined, context: RuleContext) => void;

/**
 * The two ways in of a flow rule: the whole project's flow model (CLI), and a one-file
 * approximation (ESLint, `checkFileAlone`), both reporting through `report`.
 */
export function flowRuleChecks(report: FlowReport): {
  checkFileAlone(file: FileFacts, context: RuleContext): void;
  checkProject(project: ProjectModel, context: ProjectRuleContext): void;
} {
  return {
    checkFileAlone(file, context) {
      const flow = oneFileModelFlow(file, context.ts, false, context.project);
      if (flow) report(flow, () => file, context);
    },
    checkProject(project, context) {
      report(project.flow(context.ts), (rel) => project.file(rel), context);
    },
  };
}
