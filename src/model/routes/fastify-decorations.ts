/**
 * Functions a Fastify app adds to its instance (`fastify.decorate("getUser", fn)`), by name,
 * over the whole project: a plugin loaded by `@fastify/autoload` or registered from another
 * file decorates the instance the routes later call (`await fastify.getUser(request, reply)`,
 * `onRequest: [fastify.authenticate]`).
 */
import { FASTIFY } from "../../knowledge/server-apps.js";
import type { TsNode } from "../../facts/typescript.js";
import type { ExtractorContext } from "./types.js";

export type Decorations = ReadonlyMap<string, { file: string; node: TsNode }>;

const PACKAGES: readonly string[] = ["fastify", FASTIFY.unencapsulate.package];

export function fastifyDecorations(context: ExtractorContext): Decorations {
  const { ts, evaluator, modules } = context;
  const found = new Map<string, { file: string; node: TsNode }>();
  for (const file of context.codeFiles) {
    if (!modules.importsOf(file).some((e) => e.package && PACKAGES.includes(e.package))) continue;
    const tree = context.tree(file);
    if (!tree) continue;
    const visit = (node: TsNode): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === FASTIFY.decorate) {
        const [name, value] = node.arguments;
        const fn = name && value && ts.isStringLiteralLike(name) ? evaluator.eval(value, { file, tree }) : undefined;
        // The first decoration of a name wins (files in path order): deterministic.
        const key = name && ts.isStringLiteralLike(name) ? name.text : undefined;
        if (key && fn?.kind === "function" && !found.has(key)) found.set(key, { file: fn.file, node: fn.node });
      }
      ts.forEachChild(node, visit);
    };
    visit(tree);
  }
  return found;
}
