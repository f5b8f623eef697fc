/**
 * The route model: every route of every framework the project uses (extractors in
 * `routes/extractors.ts`), which of them reach a model (an "AI route"), and the
 * authentication and rate-limit evidence on each AI route's whole path.
 */
import type { Ts } from "../../facts/typescript.js";
import type { AiSurface } from "../ai-surface.js";
import type { ProjectFiles } from "../project-files.js";
import { Evaluator } from "../values.js";
import { EvidenceFinder, type CustomEvidenceNames } from "./evidence.js";
import { ROUTE_EXTRACTORS } from "./extractors.js";
import { isDeferred, routeOffset } from "./deferred.js";
import { Reachability, type Reach } from "./reach.js";
import { privilegedWhy } from "./roles.js";
import type { Evidence, ExtractorContext, Route } from "./types.js";
import { AnalysisGaps, describeFailure } from "../gaps.js";

/** The name under which the route table's lost files are recorded (see `AnalysisGaps`). */
export const ROUTES_PART = "route table";

export interface AiRoute {
  route: Route;
  reach: Reach;
  auth: Evidence[];
  rateLimit: Evidence[];
  /** Role and plan checks and lookups on the route's path (AU-3): use `roleOrPlanChecks` / `planChecks` / `roleOrPlanLookups`. */
  roles: Evidence[];
  /** Budgets on the path that bound some callers' spending but limit nothing (RL-4 only): a balance checked for paid models. */
  budgets: Evidence[];
  /** Why the route looks privileged or paid (`\`admin\` in its path /api/admin/report`), when it does. */
  privileged?: string;
}

/** The checks of the caller's role or plan on an AI route's path (AU-3 evidence): gates some callers do not pass. */
export function roleOrPlanChecks(ai: AiRoute): Evidence[] {
  return ai.roles.filter((e) => e.kind !== "lookup");
}

/** Lookups of the caller's role or plan that turn away only an unknown one: the route knows its callers' plans, but lets every known plan through. */
export function roleOrPlanLookups(ai: AiRoute): Evidence[] {
  return ai.roles.filter((e) => e.kind === "lookup");
}

/** The checks of a paid plan or subscription on an AI route's path: such a route serves paying callers only. */
export function planChecks(ai: AiRoute): Evidence[] {
  return ai.roles.filter((e) => e.kind === "plan");
}

export class RouteModel {
  readonly routes: Route[];
  readonly aiRoutes: AiRoute[];
  readonly context: ExtractorContext;
  readonly evidence: EvidenceFinder;

  constructor(project: ProjectFiles, ts: Ts, surface: AiSurface, custom: CustomEvidenceNames) {
    const modules = project.modules;
    const fileOf = (rel: string) => project.file(rel);
    const gaps: AnalysisGaps = project.gaps ?? new AnalysisGaps();
    // The file an extractor last read: blamed when the extractor fails (extractors walk one file at a time).
    let reading = ".";
    const evaluator = new Evaluator(ts, modules, fileOf, () => true, () => surface.candidates, (name, from) => surface.autoImports.fileFor(name, from));
    this.context = {
      ts,
      project,
      modules,
      evaluator,
      file: fileOf,
      tree: (rel) => {
        reading = rel;
        return fileOf(rel)?.syntaxTree(ts);
      },
      codeFiles: modules.files,
      aiCandidates: new Set(surface.candidates),
      trpcMounts: [],
    };
    this.routes = ROUTE_EXTRACTORS.flatMap((extract) => {
      reading = ".";
      try {
        return extract(this.context);
      } catch (error) {
        gaps.noteInPart(ROUTES_PART, reading, describeFailure(error));
        return [];
      }
    }).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : routeOffset(a) - routeOffset(b)));
    // A tRPC router served by one app (`app.use("/trpc", createExpressMiddleware(…))`) gets that app's middleware
    // before its own; with several mounts it is not known which router each serves, so none is assumed.
    const mounts = this.context.trpcMounts;
    if (mounts.length === 1) for (const route of this.routes) if (route.framework === "trpc") route.chain = [...mounts[0]!.chain, ...route.chain];
    this.evidence = new EvidenceFinder(this.context, custom);
    // A handler can only reach a model from a file that imports AI code, directly or not
    // (the surface's candidates): the other routes are not followed at all.
    const candidates = this.context.aiCandidates;
    const reach = new Reachability(this.context, surface, (file) => candidates.has(file));
    this.aiRoutes = [];
    for (const route of this.routes) {
      // (A deferred route's file is no candidate, and its handler is in that file.)
      if (isDeferred(route) || !route.handler || !candidates.has(route.handler.file)) continue;
      const handler = route.handler;
      const judged = gaps.contain(ROUTES_PART, handler.file, () => {
        const found = reach.fromFunction(handler.file, handler.node);
        return found && { route, reach: found, ...this.judge(route, found), privileged: privilegedWhy(this.context, route) };
      });
      if (judged) this.aiRoutes.push(judged);
    }
  }

  private judge(route: Route, reach: Reach): Pick<AiRoute, "auth" | "rateLimit" | "roles" | "budgets"> {
    const inherited = [
      ...route.evidence,
      ...route.chain.flatMap((entry) => this.evidence.ofChainEntry(entry).filter((e) => !(entry.registeredAfterRoute && e.kind === "rate-limit"))),
    ];
    const optedOut = new Set((route.optOuts ?? []).map((o) => o.kind));
    const onPath = inherited.filter((e) => !optedOut.has(e.kind));
    const inHandler = route.handler ? this.evidence.inFunction(route.handler.file, route.handler.node, "handler", reach.at) : [];
    // A service the handler calls runs its own checks before it reaches the model (`await getUser(req)` first).
    const onTheWay = reach.steps.flatMap((step) => this.evidence.inFunction(step.file, step.node, `called before the model (${step.file})`, step.at));
    const all = [...onPath, ...inHandler, ...onTheWay];
    return {
      auth: all.filter((e) => e.kind === "auth"),
      rateLimit: all.filter((e) => e.kind === "rate-limit"),
      roles: all.filter((e) => e.kind === "role" || e.kind === "plan" || e.kind === "lookup"),
      budgets: all.filter((e) => e.kind === "budget"),
    };
  }
}
