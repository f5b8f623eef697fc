/**
 * Which structures hold each syntax tree in a heap snapshot: every object outside the tree
 * with an edge into one of its nodes, named by the fields that own it
 * (`Evaluator.exprMemo > Memo.entries`). A tree is freed only when all of its holders let
 * go, so for each holder the report gives the trees it holds and the trees it holds alone.
 * The file's own cache of its tree (`FileFacts._ast`) is left out: the question is what else
 * holds it.
 */
import type { HeapGraph } from "./heap-graph.js";

export interface HolderCount {
  /** The owning fields, outermost first (`RouteModel.context > Evaluator.exprMemo`). */
  holder: string;
  /** Trees this holder has an edge into. */
  trees: number;
  /** Trees nothing else holds. */
  alone: number;
}

/** Objects that only store another object's contents: a holder is named by what owns them. */
const CONTAINERS = new Set(["Map", "Set", "WeakMap", "Array", "Object"]);
const MAX_CLIMB = 6;

export function treeHolders(heap: HeapGraph): { trees: number; held: number; holders: HolderCount[] } {
  const { count } = heap;
  // Each object's first strong holder, to name a holder by the fields above it.
  const owner = new Int32Array(count).fill(-1);
  const ownerEdge = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    for (const e of heap.edgesOf(i)) {
      if (heap.edgeType(e) === "weak") continue;
      const to = heap.target(e);
      if (owner[to] === -1) {
        owner[to] = i;
        ownerEdge[to] = e;
      }
    }
  }
  const treeOf = treeRoots(heap);
  const isContainer = (i: number) => {
    const type = heap.typeOf(i);
    return type === "array" || type === "hidden" || (type === "object" && CONTAINERS.has(heap.nameOf(i)));
  };
  // A node list or a node's field store belongs to the tree whose node owns it.
  const insideTree = (i: number) => {
    for (let at = i, steps = 0; at >= 0 && steps < 3; at = owner[at]!, steps++) if (heap.isTreeNode(at)) return true;
    return false;
  };
  const nameOf = (holder: number, edge: number): string => {
    const fields: string[] = [];
    let at = holder;
    let via = edge;
    for (let steps = 0; steps < MAX_CLIMB && at >= 0; steps++) {
      const type = heap.typeOf(at);
      if (type === "synthetic" || heap.nameOf(at).startsWith("system /")) break;
      if (!isContainer(at)) fields.unshift(`${heap.nameOf(at)}.${heap.edgeName(via)}`);
      if (fields.length === 2) break;
      via = ownerEdge[at]!;
      at = owner[at]!;
    }
    return fields.length ? fields.join(" > ").replace(/\.\d+\b/g, ".n") : "(containers held by a closure or a root)";
  };

  const holdersOf = new Map<number, Set<string>>();
  for (let x = 0; x < count; x++) {
    if (heap.isTreeNode(x) || insideTree(x)) continue;
    const isFileCache = heap.typeOf(x) === "object" && heap.nameOf(x) === "FileFacts";
    for (const e of heap.edgesOf(x)) {
      if (heap.edgeType(e) === "weak") continue;
      const root = treeOf[heap.target(e)]!;
      if (root < 0 || (isFileCache && heap.edgeName(e) === "_ast")) continue;
      let holders = holdersOf.get(root);
      if (!holders) holdersOf.set(root, (holders = new Set()));
      holders.add(nameOf(x, e));
    }
  }
  let trees = 0;
  for (let i = 0; i < count; i++) if (heap.isSourceFile(i)) trees++;
  const counts = new Map<string, HolderCount>();
  for (const holders of holdersOf.values()) {
    for (const holder of holders) {
      const entry = counts.get(holder) ?? { holder, trees: 0, alone: 0 };
      entry.trees++;
      if (holders.size === 1) entry.alone++;
      counts.set(holder, entry);
    }
  }
  const holders = [...counts.values()].sort((a, b) => b.trees - a.trees || b.alone - a.alone || (a.holder < b.holder ? -1 : 1));
  return { trees, held: holdersOf.size, holders };
}

/** For every tree node, the index of its tree's root (-1: not a tree node, or a tree cut from its root). */
function treeRoots(heap: HeapGraph): Int32Array {
  const rootOf = new Int32Array(heap.count).fill(-2);
  const parentOf = (i: number): number => {
    for (const e of heap.edgesOf(i)) if (heap.isNamed(e) && heap.edgeName(e) === "parent") return heap.target(e);
    return -1;
  };
  for (let i = 0; i < heap.count; i++) {
    if (rootOf[i] !== -2) continue;
    if (!heap.isTreeNode(i)) {
      rootOf[i] = -1;
      continue;
    }
    // Up the parent links (a loop, not recursion: trees are deep), then every node met gets the answer.
    const path: number[] = [];
    let at = i;
    let root = -1;
    while (at >= 0 && heap.isTreeNode(at)) {
      if (rootOf[at] !== -2) {
        root = rootOf[at]!;
        break;
      }
      if (heap.isSourceFile(at)) {
        root = at;
        path.push(at);
        break;
      }
      path.push(at);
      at = parentOf(at);
    }
    for (const node of path) rootOf[node] = root;
  }
  return rootOf;
}
