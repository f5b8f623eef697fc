/**
 * Does a handler reach a model? Its own model call sites (from the AI surface), or those
 * of the functions it calls, followed across files through the evaluator.
 */
import type { TsNode } from "../../facts/typescript.js";
import { spends, type AiSurface, type ModelCallSite } from "../ai-surface.js";
import type { ExtractorContext } from "./types.js";
import type { Site, Value } from "../values.js";
import { CALLBACK_RESULTS } from "../../knowledge/pass-through-calls.js";
import { LATER_EVENT_SOURCES } from "../../knowledge/later-events.js";
import { normaliseExport } from "../values.js";
import { calleeName, walk } from "../../facts/ast.js";

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
    const tree = this.context.tree(file);
    const site = tree && { file, tree };
    const later = site ? this.laterHandlers(fn, site) : [];
    const runsNow = (from: number, to: number) => !later.some((a) => from >= a.pos && to <= a.end);
    const direct = (this.byFile.get(file) ?? []).find((c) => c.start >= start && c.end <= end && runsNow(c.start, c.end));
    let best: Reach | undefined = direct ? { call: direct, via: [], at: direct.start, steps: [] } : undefined;
    if (depth >= MAX_DEPTH || !site) return best;
    const visit = (node: TsNode): void => {
      if (best && node.getStart() >= best.at) return;
      if (later.includes(node)) return;
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

  /**
   * The arguments of the calls in `fn` that register a handler for later events
   * (`bot.on("message", …)`, `cron.schedule(spec, …)`, `LATER_EVENT_SOURCES`): what they
   * call runs when the platform or the clock says, not while this function runs. Only asked
   * in files that call a method such a registration is made with, in a project that imports
   * one of those packages.
   */
  private laterHandlers(fn: TsNode, site: Site): TsNode[] {
    const { ts, evaluator } = this.context;
    const facts = this.context.file(site.file);
    if (!facts || !this.usesLaterEventPackage() || !callsALaterEventName(facts.calledNames)) return [];
    const found: TsNode[] = [];
    walk(ts, (fn as { body?: TsNode }).body ?? fn, (node) => {
      if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return;
      const name = calleeName(ts, node.expression);
      if (name !== undefined && LATER_EVENT_NAMES.has(name) && registersForLater(evaluator.eval(node.expression, site))) found.push(...(node.arguments ?? []));
    });
    return found;
  }

  private usesLaterEventPackage(): boolean {
    const { modules } = this.context;
    return (this.laterEventPackageUsed ??= modules.files.some((f) => LATER_EVENT_SOURCES.some((s) => modules.importsPackage(f, s.package))));
  }
  private laterEventPackageUsed?: boolean;

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

/** The last names of the calls `LATER_EVENT_SOURCES` describes (`on`, `schedule`, `CronJob`): the cheap test before evaluating. */
const LATER_EVENT_NAMES: ReadonlySet<string> = new Set(LATER_EVENT_SOURCES.flatMap((s) => [...(s.registers ?? []), ...(s.schedules ?? [])].map((n) => n.split(".").pop()!)));

function callsALaterEventName(calledNames: ReadonlySet<string>): boolean {
  for (const name of calledNames) if (LATER_EVENT_NAMES.has(name)) return true;
  return false;
}

/** Is this callee a registration of a handler for later events: a method of a bot or app the table names, or a schedule export? */
function registersForLater(callee: Value | undefined): boolean {
  if (callee?.kind === "made") {
    const member = callee.path.join(".");
    const exported = normaliseExport(callee.of.path);
    return LATER_EVENT_SOURCES.some((s) => s.package === callee.of.pkg && s.instanceOf === exported && s.made === callee.how && (s.registers ?? []).includes(member));
  }
  if (callee?.kind === "module") {
    const exported = normaliseExport(callee.path);
    return exported !== undefined && LATER_EVENT_SOURCES.some((s) => s.package === callee.pkg && (s.schedules ?? []).includes(exported));
  }
  return false;
}

/** Methods that run the function they are given while the request is handled (array iteration, promise continuations). */
const RUNS_CALLBACK: readonly string[] = [...CALLBACK_RESULTS.elementCallbacks, ...CALLBACK_RESULTS.settling];
