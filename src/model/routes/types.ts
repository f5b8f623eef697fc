/**
 * Routes, as every framework extractor reports them, and the evidence judged on their
 * whole path. An extractor finds the routes of one framework family and what is attached
 * to them (middleware, hooks, guards, wrappers, matchers); the route model
 * (`routes/index.ts`) decides which reach a model and what protects them.
 */
import type { Ts, TsNode, TsSourceFile } from "../../facts/typescript.js";
import type { FileFacts } from "../../facts/file-facts.js";
import type { Evaluator } from "../values.js";
import type { ModuleGraph } from "../module-graph.js";
import type { ProjectFiles } from "../project-files.js";

export type { EvidenceKind } from "../../knowledge/route-evidence.js";
import type { EvidenceKind } from "../../knowledge/route-evidence.js";

export interface Evidence {
  kind: EvidenceKind;
  /** What was recognised: `express-jwt`, `custom check returning 401`, `ThrottlerGuard (global)`. */
  label: string;
  file: string;
  start: number;
  /** Where it applies from: `app.use in src/app.ts`, `middleware.ts (matcher covers /api/chat)`, `handler`. */
  scope: string;
}

/** A middleware, hook, guard or wrapper on the route's path, to be judged by the evidence engine. */
export interface ChainEntry {
  file: string;
  /** The expression attached (a function, an identifier, a call such as `rateLimit({...})`). */
  node: TsNode;
  scope: string;
  /**
   * A Fastify package plugin registered after the route (same file): @fastify/rate-limit sets
   * its limit from an onRoute hook, which never sees a route declared before it, so any
   * rate limit it carries does not reach the route (its other evidence still counts).
   */
  registeredAfterRoute?: boolean;
}

export interface Route {
  framework: string;
  /** `GET`, `POST`…, `ALL`, `ACTION` (server actions, form actions), `PROCEDURE` (tRPC). */
  method: string;
  /** `/api/chat`, `chat.send` for tRPC, the action's name for server actions. */
  path: string;
  /** The declaration to report at (registration call, exported handler, decorator, action). */
  file: string;
  start: number;
  end: number;
  /** The function that handles the request, when known. */
  handler?: { file: string; node: TsNode };
  /** Middleware and hooks on the path, outermost first. */
  chain: ChainEntry[];
  /** Evidence the extractor established itself (global guards, procedure middleware, matchers). */
  evidence: Evidence[];
  /** Explicit opt-outs on this route (`@Public()`, `@SkipThrottle()`): they cancel inherited evidence of that kind. */
  optOuts?: Array<{ kind: EvidenceKind; label: string }>;
}

export interface ExtractorContext {
  ts: Ts;
  project: ProjectFiles;
  modules: ModuleGraph;
  /** Evaluates across every code file (not only the AI candidates). */
  evaluator: Evaluator;
  file(relPath: string): FileFacts | undefined;
  tree(relPath: string): TsSourceFile | undefined;
  /** Code files in path order. */
  codeFiles: readonly string[];
  /**
   * Files that import AI code directly or through others (the AI surface's candidates):
   * only there can a registration lead to an AI route, or mount a router that does.
   */
  aiCandidates: ReadonlySet<string>;
  /** Filled by the server-app extractor: where an app serves a tRPC router (the route model gives its chain to the procedures). */
  trpcMounts: TrpcMount[];
}

/** A server app serving a tRPC router through an adapter, and the middleware on the way to it. */
export interface TrpcMount {
  /** `use("/trpc") in src/server.ts`. */
  scope: string;
  chain: ChainEntry[];
}

export type RouteExtractor = (context: ExtractorContext) => Route[];
