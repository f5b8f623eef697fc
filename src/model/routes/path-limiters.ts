/**
 * Limits registered by path rather than on a route (`limiter({ path: "/api/chat", method:
 * "post" })`, knowledge in `knowledge/path-limiters.ts`): found once per project, then
 * given to each route whose path and method they name.
 */
import { PATH_LIMITERS } from "../../knowledge/path-limiters.js";
import type { TsNode } from "../../facts/typescript.js";
import { argumentAt } from "../values.js";
import type { Evidence, ExtractorContext, Route } from "./types.js";

interface PathLimit {
  path: string;
  /** Upper-cased, or `ALL`. */
  method: string;
  evidence: Evidence;
}

export class PathLimits {
  private readonly limits: PathLimit[] = [];

  constructor(private readonly context: ExtractorContext) {
    const packages = new Set(PATH_LIMITERS.map((l) => l.package));
    for (const file of context.codeFiles) {
      if (!context.modules.importsOf(file).some((e) => e.package && packages.has(e.package))) continue;
      const tree = context.tree(file);
      if (tree) this.collect(file, tree);
    }
  }

  /** The path limits that apply to `route`. */
  of(route: Route): Evidence[] {
    return this.limits.filter((l) => (l.method === "ALL" || l.method === route.method) && samePath(l.path, route.path)).map((l) => l.evidence);
  }

  private collect(file: string, tree: TsNode): void {
    const { ts, evaluator } = this.context;
    const site = { file, tree: tree as never };
    const visit = (node: TsNode): void => {
      if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isObjectLiteralExpression(node.arguments[0]!)) {
        const callee = evaluator.eval(node.expression, site);
        const shape = callee?.kind === "made" && callee.path.length === 0 ? PATH_LIMITERS.find((l) => l.package === callee.of.pkg && exportName(callee.of.path) === l.export) : undefined;
        const pathArg = shape && argumentAt(ts, node, `0.${shape.pathOption}`);
        const path = pathArg && evaluator.eval(pathArg, site);
        if (shape && path?.kind === "string") {
          const methodArg = argumentAt(ts, node, `0.${shape.methodOption}`);
          const method = methodArg && evaluator.eval(methodArg, site);
          this.limits.push({
            path: path.text,
            method: method?.kind === "string" ? method.text.toUpperCase() : "ALL",
            evidence: { kind: "rate-limit", label: `${shape.label} on ${path.text}`, file, start: node.getStart(), scope: `${shape.label} registered in ${file}` },
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(tree);
  }
}

function exportName(path: readonly string[]): string {
  return path.map((p) => (p === "*" ? "default" : p)).join(".");
}

function samePath(limit: string, route: string): boolean {
  const norm = (p: string) => `/${p}`.replace(/\/+/g, "/").replace(/(.)\/$/, "$1");
  return limit === "*" || norm(limit) === norm(route);
}
