/**
 * What keeps syntax trees in memory during a scan (issue 11's memory target):
 *
 *   npm run build && node --expose-gc dist/bench/tree-retainers.js <dir> [--after <rule-id>]
 *
 * Scans `dir`, and when the rule named by `--after` is done (default: the first rule), forces
 * a collection and writes a V8 heap snapshot to a temporary file. It then finds, for every
 * TypeScript SourceFile still alive, the shortest path from the GC roots that keeps it alive
 * besides its own file's cache (`FileFacts` holds every tree it parsed; the question is what
 * else does), and prints these paths grouped, most common first, with the tree nodes left
 * out. WeakMap entries are followed only once their key is reachable (an entry does not keep
 * its value alive by itself), and weak references are never followed.
 *
 * With `--holders` it prints instead, for each structure that holds tree nodes, how many
 * trees it holds and how many it holds alone (`tree-holders.ts`): a tree is freed only when
 * every holder lets go, which the shortest path alone does not show.
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { scan } from "../src/engine/scan.js";
import { HeapGraph } from "./heap-graph.js";
import { treeHolders } from "./tree-holders.js";

/** Objects a syntax tree is made of: paths through them are left out of the report. */
const TREE_OBJECTS = new Set(["NodeObject", "TokenObject", "IdentifierObject", "SourceFileObject", "PrivateIdentifierObject", "LeanNode", "Array", "Object"]);
const EPHEMERON_KEY = /part of key \(\S+ @(\d+)\)/;

function retainerPaths(heap: HeapGraph): { trees: number; unreachable: number; paths: Map<string, number> } {
  const { count } = heap;
  const indexOfId = new Map<number, number>();
  for (let i = 0; i < count; i++) indexOfId.set(heap.idOf(i), i);
  const edgeName = (e: number) => heap.edgeName(e).replace(/ \/ part of key.*/, " (WeakMap entry)");

  // Breadth first from the roots: the first path to reach an object is its shortest.
  const parent = new Int32Array(count).fill(-1);
  const viaEdge = new Int32Array(count).fill(-1);
  const waitingForKey = new Map<number, Array<[number, number]>>();
  const queue: number[] = [0];
  parent[0] = 0;
  const reach = (target: number, from: number, edge: number): void => {
    if (parent[target] !== -1) return;
    parent[target] = from;
    viaEdge[target] = edge;
    queue.push(target);
  };
  for (let head = 0; head < queue.length; head++) {
    const from = queue[head]!;
    for (const [holder, edge] of waitingForKey.get(from) ?? []) reach(heap.target(edge), holder, edge);
    waitingForKey.delete(from);
    for (const e of heap.edgesOf(from)) {
      if (heap.edgeType(e) === "weak") continue;
      // The file's own cache of its tree: what else holds the tree is the question.
      if (heap.isNamed(e) && heap.edgeName(e) === "_ast" && heap.nameOf(from) === "FileFacts") continue;
      const key = heap.isNamed(e) ? EPHEMERON_KEY.exec(heap.edgeName(e)) : null;
      const keyIndex = key ? indexOfId.get(Number(key[1])) : undefined;
      if (keyIndex !== undefined && parent[keyIndex] === -1) {
        const list = waitingForKey.get(keyIndex) ?? [];
        list.push([from, e]);
        waitingForKey.set(keyIndex, list);
        continue;
      }
      reach(heap.target(e), from, e);
    }
  }

  const paths = new Map<string, number>();
  let trees = 0;
  let unreachable = 0;
  for (let i = 0; i < count; i++) {
    if (!heap.isSourceFile(i)) continue;
    trees++;
    if (parent[i] === -1) {
      unreachable++;
      continue;
    }
    // Each link: the edge that reaches an object, then the object (`.evaluator Evaluator`).
    const links: string[] = [];
    for (let at = i, steps = 0; at !== 0 && steps < 10_000; at = parent[at]!, steps++) {
      const name = heap.typeOf(at) === "object" ? heap.nameOf(at) : `${heap.typeOf(at)}:${heap.nameOf(at).slice(0, 40)}`;
      // The roots and closure contexts above the first object of ours say nothing.
      if (name.startsWith("synthetic:") || name.startsWith("system / ")) continue;
      if (at === i || !TREE_OBJECTS.has(name) || !TREE_OBJECTS.has(heap.nameOf(parent[at]!))) links.push(`.${edgeName(viaEdge[at]!)} ${name}`);
    }
    const path = links.reverse().slice(-12).join(" > ").replace(/\[\d+\]/g, "[n]").replace(/\.\d+ /g, ".n ");
    paths.set(path, (paths.get(path) ?? 0) + 1);
  }
  return { trees, unreachable, paths };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const target = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--after");
  const afterAt = args.indexOf("--after");
  const after = afterAt >= 0 ? args[afterAt + 1] : undefined;
  const byHolder = args.includes("--holders");
  if (!target) throw new Error("usage: node --expose-gc dist/bench/tree-retainers.js <dir> [--after <rule-id>] [--holders]");
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc (the snapshot is taken after a full collection)");
  let snapshot: string | undefined;
  await scan({
    target,
    onRuleTimed: (ruleId) => {
      if (snapshot || (after && ruleId !== after)) return;
      gc();
      snapshot = writeHeapSnapshot(join(tmpdir(), `aigis-trees-${process.pid}.heapsnapshot`));
      process.stdout.write(`heap after ${ruleId}: ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB used\n`);
    },
  });
  if (!snapshot) throw new Error(`no rule named ${after} ran`);
  try {
    const heap = new HeapGraph(snapshot);
    if (byHolder) {
      const { trees, held, holders } = treeHolders(heap);
      process.stdout.write(`${trees} syntax trees in the heap, ${held} held by more than their file's cache; the structures that hold them (trees held, trees held by nothing else):\n`);
      for (const h of holders.slice(0, 25)) process.stdout.write(`${String(h.trees).padStart(6)} ${String(h.alone).padStart(6)}  ${h.holder}\n`);
    } else {
      const { trees, unreachable, paths } = retainerPaths(heap);
      process.stdout.write(`${trees} syntax trees in the heap; ${unreachable} held by their file's cache alone; what else holds the others (shortest path from the roots):\n`);
      for (const [path, n] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stdout.write(`${String(n).padStart(6)}  ${path}\n`);
    }
  } finally {
    rmSync(snapshot, { force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`tree-retainers: ${(error as Error).message}\n`);
  process.exitCode = 2;
});
