/**
 * Does a handler reach a model? Its own model call sites (from the AI surface), or those
 * of the functions it calls, followed across files through the evaluator.
 */
import type { TsNode } from "../../facts/typescript.js";
import { spends, type AiSurface, type ModelCallSite } from "../ai-surface.js";
import type { ExtractorContext } from "./types.js";
import type { Site, Value } from "../values.js";
import { CALLBACK_RESULTS } from "../../knowledge/pass-through-calls.js";

export interface Reach {
  call: ModelCallSite;
  /** Functions on the way, as `file:line name` (empty when the handler calls the model itself). */
  via: string[];
  /** Offset in the handler of the statement that leads to the model (evidence must come before it). */
  at: number;
  /** The functions on the way (as `via`), each with the offset in it of the call that leads on: their code before it runs first. */
  steps: Array<{ file: string; node: TsNode; at: number }>;
}

const MAX_DEPTH = 8;

export class Reachability {
  private readonly byFile = new Map<string, ModelCallSite[]>();
  private readonly memo = new Map<TsNode, Reach | null>();

  constructor(
    private readonly context: ExtractorContext,
    /** Only its call sites are read (a caller may hand a subset: PI-3 skips moderation calls). */
    surface: Pick<AiSurface, "callSites">,
    /** Files that can lead to a model at all; calls into other files are not followed. */
    private readonly mayReach: (file: string) => boolean = () => true,
  ) {
    for (const call of surface.callSites) {
      // A local model server is not a cost or abuse risk for the app's own routes.
      if (call.local) continue;
      // A model list or a token count spends nothing: the route is judged by the call that generates.
      if (!spends(call)) continue;
      this.byFile.set(call.file, [...(this.byFile.get(call.file) ?? []), call]);
    }
  }

  /** The first model call the function leads to, or undefined. */
  fromFunction(file: string, fn: TsNode, depth = 0): Reach | undefined {
    const known = this.memo.get(fn);
    if (known !== undefined) return known ?? undefined;
    this.memo.set(fn, null); // recursion resolves to "no"
    const result = this.search(file, fn, depth);
    this.memo.set(fn, result ?? null);
    return result;
  }

  private search(file: string, fn: TsNode, depth: number): Reach | undefined {
    const { ts, evaluator } = this.context;
    const start = fn.getStart();
    const end = fn.getEnd();
    const direct = (this.byFile.get(file) ?? []).find((c) => c.start >= start && c.end <= end);
    let best: Reach | undefined = direct ? { call: direct, via: [], at: direct.start, steps: [] } : undefined;
    if (depth >= MAX_DEPTH) return best;
    const tree = this.context.tree(file);
    if (!tree) return best;
    const site = { file, tree };
    const visit = (node: TsNode): void => {
      if (best && node.getStart() >= best.at) return;
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const callee = evaluator.eval(node.expression, site);
        const target = (callee?.kind === "function" && this.mayReach(callee.file) ? callee : undefined) ?? this.callbackOf(node, site);
        // `strategies[key](…)`: any function of the table may run; the first that reaches a model is the way.
        const targets = target ? [target] : callee === undefined && ts.isCallExpression(node) ? evaluator.tableCallees(node.expression, site).filter((f) => this.mayReach(f.file)) : [];
        for (const t of targets) {
          if (t.node === fn) continue;
          const inner = this.fromFunction(t.file, t.node, depth + 1);
          if (inner && (!best || node.getStart() < best.at)) {
            const line = this.context.file(t.file)?.positionAt(t.node.getStart()).line ?? 0;
            best = { call: inner.call, via: [`${t.file}:${line}`, ...inner.via], at: node.getStart(), steps: [{ file: t.file, node: t.node, at: inner.at }, ...inner.steps] };
            break;
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    const body = (fn as { body?: TsNode }).body ?? fn;
    // `(x) => complete(x)`: an expression body is itself the first node to look at.
    visit(body);
    return best;
  }

  /** `posts.map(embedDocument)`, `load().then(summarise)`: a function of the project handed to an array or promise method runs there. */
  private callbackOf(node: TsNode, site: Site): Extract<Value, { kind: "function" }> | undefined {
    const { ts, evaluator } = this.context;
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || !RUNS_CALLBACK.includes(node.expression.name.text)) return undefined;
    const arg = node.arguments[0];
    if (!arg || !(ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg))) return undefined;
    const value = evaluator.eval(arg, site);
    return value?.kind === "function" && this.mayReach(value.file) ? value : undefined;
  }
}

/** Methods that run the function they are given while the request is handled (array iteration, promise continuations). */
const RUNS_CALLBACK: readonly string[] = [...CALLBACK_RESULTS.elementCallbacks, ...CALLBACK_RESULTS.settling];
