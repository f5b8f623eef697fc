/**
 * The pipeline's layering, as a test: the project model's modules import one another
 * without a cycle (type-only imports included: a cycle of types is still a knot to
 * untie), and the knowledge tables and per-file facts never reach up into the model.
 */
import { readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import fg from "fast-glob";
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

function importGraph(): Map<string, string[]> {
  const files = fg.sync("**/*.ts", { cwd: SRC, ignore: ["**/*.test.ts"] }).sort();
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const imported = ts.preProcessFile(readFileSync(join(SRC, file), "utf8"), true, false).importedFiles;
    const targets = imported
      .map((i) => i.fileName)
      .filter((s) => s.startsWith("."))
      .map((s) => relative(SRC, normalize(join(SRC, dirname(file), s.replace(/\.js$/, ".ts")))).split("\\").join("/"))
      .filter((t) => known.has(t));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components of more than one module (Tarjan, iterative over a small graph). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return found;
}

describe("layering of src/", () => {
  const graph = importGraph();

  it("reads the imports it checks", () => {
    expect(graph.get("model/module-graph.ts")).toContain("model/resolve.ts");
  });

  it("has no import cycle, type-only imports included", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("keeps knowledge tables and per-file facts below the project model", () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      /^(knowledge|facts|util)\//.test(file) ? targets.filter((t) => /^(model|engine|rules|report|checklist|cli)\//.test(t)).map((t) => `${file} -> ${t}`) : [],
    );
    expect(upward).toEqual([]);
  });
});
