/** Helpers the data-flow rules share to word their findings and attach the path. */
import type { FileFacts } from "../../facts/file-facts.js";
import type { ModelCallSite } from "../ai-surface.js";
import { pathOf, type PathEntry, type Trace } from "./trace.js";

/** `chat.completions.create (OpenAI)`. */
export function describeCall(call: ModelCallSite): string {
  return call.sdk === "http" ? `the request to ${call.provider}` : `${call.method} (${call.provider})`;
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
