/**
 * A V8 heap snapshot read as a graph, for the memory diagnostics of the benchmark
 * (`tree-retainers.ts`): objects by index, their outgoing edges, and which objects are
 * the roots of syntax trees.
 */
import { readFileSync } from "node:fs";

interface HeapSnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export class HeapGraph {
  /** Objects in the snapshot. */
  readonly count: number;
  private readonly nodes: number[];
  private readonly edges: number[];
  private readonly strings: string[];
  private readonly nodeFields: number;
  private readonly edgeFields: number;
  private readonly nodeTypes: string[];
  private readonly edgeTypes: string[];
  /** Offset of each object's first edge in `edges` (one past the last object: the end). */
  private readonly firstEdge: Uint32Array;

  constructor(file: string) {
    const heap = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshotFile;
    const { meta } = heap.snapshot;
    this.nodes = heap.nodes;
    this.edges = heap.edges;
    this.strings = heap.strings;
    this.nodeFields = meta.node_fields.length;
    this.edgeFields = meta.edge_fields.length;
    this.nodeTypes = meta.node_types[0];
    this.edgeTypes = meta.edge_types[0];
    this.count = this.nodes.length / this.nodeFields;
    this.firstEdge = new Uint32Array(this.count + 1);
    for (let i = 0, e = 0; i < this.count; i++) {
      this.firstEdge[i] = e;
      e += this.nodes[i * this.nodeFields + 4]! * this.edgeFields;
      this.firstEdge[i + 1] = e;
    }
  }

  nameOf(i: number): string {
    return this.strings[this.nodes[i * this.nodeFields + 1]!]!;
  }

  typeOf(i: number): string {
    return this.nodeTypes[this.nodes[i * this.nodeFields]!]!;
  }

  /** The snapshot's id of an object (what WeakMap entry names refer to). */
  idOf(i: number): number {
    return this.nodes[i * this.nodeFields + 2]!;
  }

  /** An object's own size in bytes. */
  sizeOf(i: number): number {
    return this.nodes[i * this.nodeFields + 3]!;
  }

  /** The offsets of an object's outgoing edges. */
  *edgesOf(i: number): Generator<number> {
    for (let e = this.firstEdge[i]!; e < this.firstEdge[i + 1]!; e += this.edgeFields) yield e;
  }

  edgeType(e: number): string {
    return this.edgeTypes[this.edges[e]!]!;
  }

  /** A property edge has a name; element and hidden edges have an index. */
  isNamed(e: number): boolean {
    const type = this.edgeType(e);
    return type !== "element" && type !== "hidden";
  }

  edgeName(e: number): string {
    return this.isNamed(e) ? String(this.strings[this.edges[e + 1]!]) : `[${this.edges[e + 1]}]`;
  }

  target(e: number): number {
    return this.edges[e + 2]! / this.nodeFields;
  }

  /** Is this object a syntax tree's node (the compiler's, or a lean one: `facts/lean-nodes.ts`)? */
  isTreeNode(i: number): boolean {
    if (this.typeOf(i) !== "object") return false;
    const name = this.nameOf(i);
    return name === "LeanNode" || name === "NodeObject" || name === "TokenObject" || name === "IdentifierObject" || name === "SourceFileObject" || name === "PrivateIdentifierObject";
  }

  /** A tree's root: a SourceFileObject or lean node with a file name and statements. */
  isSourceFile(i: number): boolean {
    if (this.typeOf(i) !== "object" || (this.nameOf(i) !== "SourceFileObject" && this.nameOf(i) !== "LeanNode")) return false;
    // The class's prototype bears the same name: a tree's root has a file name and statements.
    let fields = 0;
    for (const e of this.edgesOf(i)) if (this.isNamed(e) && (this.edgeName(e) === "fileName" || this.edgeName(e) === "statements")) fields++;
    return fields === 2;
  }
}
