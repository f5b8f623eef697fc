/**
 * Parsing with smaller syntax-tree nodes.
 *
 * The compiler's node constructors set ten fields on every node. Four of them (`id`,
 * `modifierFlagsCache`, `original`, `emitNode`) serve only the binder, checker and emitter,
 * which aigis never runs. Left unset they read as `undefined`, which the compiler treats
 * the same as their initial values: `!node.id` still gives a node its id on first use, and
 * an unset `modifierFlagsCache` still means "not computed yet". Each node is then about 14 %
 * smaller. That is about 25 MB less heap on a large repository, and fewer bytes for the
 * young-generation collector to copy.
 *
 * The compiler's factories then write `undefined` to the binder's fields (`symbol`,
 * `locals`, `flowNode`…) on most nodes. The lean nodes' prototype turns those writes into
 * nothing (about 15 % of a tree more), while a real value is still stored on the node.
 *
 * The lean nodes inherit the compiler's methods (their prototype sits on the compiler's),
 * so `getStart()`, `getText()` and `text` behave as before. The constructors are installed
 * only for the duration of one `createSourceFile` call and the compiler's own are put back
 * afterwards. A program built with the same module instance (a ts-morph `Project`, say)
 * gets ordinary nodes.
 */
import type { Ts, TsSourceFile } from "./typescript.js";

type NodeConstructor = new (kind: number, pos: number, end: number) => unknown;

interface ObjectAllocator {
  getNodeConstructor(): NodeConstructor;
  getTokenConstructor(): NodeConstructor;
  getIdentifierConstructor(): NodeConstructor;
  getPrivateIdentifierConstructor(): NodeConstructor;
  getSourceFileConstructor(): NodeConstructor;
}

type Constructors = Pick<ObjectAllocator, keyof ObjectAllocator>;

interface Installed {
  allocator: ObjectAllocator;
  set(constructors: Constructors): void;
  lean: Constructors;
}

const installed = new WeakMap<object, Installed | null>();

/** Runs `parse` with the lean constructors when this compiler exposes its allocator, else as it is. */
export function withLeanNodes(ts: Ts, parse: () => TsSourceFile): TsSourceFile {
  const lean = leanFor(ts);
  if (!lean) return parse();
  const { allocator, set } = lean;
  const own: Constructors = {
    getNodeConstructor: allocator.getNodeConstructor,
    getTokenConstructor: allocator.getTokenConstructor,
    getIdentifierConstructor: allocator.getIdentifierConstructor,
    getPrivateIdentifierConstructor: allocator.getPrivateIdentifierConstructor,
    getSourceFileConstructor: allocator.getSourceFileConstructor,
  };
  set(lean.lean);
  try {
    return parse();
  } finally {
    set(own);
  }
}

function leanFor(ts: Ts): Installed | undefined {
  let found = installed.get(ts);
  if (found === undefined) {
    found = build(ts) ?? null;
    installed.set(ts, found);
  }
  return found ?? undefined;
}

/** The compiler's allocator and setter are internal: a compiler without them (another build, a future version) parses as usual. */
function build(ts: Ts): Installed | undefined {
  const internals = ts as unknown as { objectAllocator?: Partial<ObjectAllocator>; setObjectAllocator?: (alloc: Partial<ObjectAllocator>) => void };
  const allocator = internals.objectAllocator;
  const setter = internals.setObjectAllocator;
  if (!allocator || typeof setter !== "function") return undefined;
  const names = ["getNodeConstructor", "getTokenConstructor", "getIdentifierConstructor", "getPrivateIdentifierConstructor", "getSourceFileConstructor"] as const;
  if (!names.every((name) => typeof allocator[name] === "function")) return undefined;
  const full = allocator as ObjectAllocator;
  const leanOf = (base: NodeConstructor): (() => NodeConstructor) => {
    // One function per constructor: each keeps its own hidden class, as the compiler's do.
    function LeanNode(this: Record<string, unknown>, kind: number, pos: number, end: number): void {
      this.pos = pos;
      this.end = end;
      this.kind = kind;
      this.flags = 0;
      this.transformFlags = 0;
      this.parent = undefined;
    }
    LeanNode.prototype = withBinderFieldsUnstored(base.prototype as object);
    const made = LeanNode as unknown as NodeConstructor;
    return () => made;
  };
  const lean: Constructors = {
    getNodeConstructor: leanOf(full.getNodeConstructor()),
    getTokenConstructor: leanOf(full.getTokenConstructor()),
    getIdentifierConstructor: leanOf(full.getIdentifierConstructor()),
    getPrivateIdentifierConstructor: leanOf(full.getPrivateIdentifierConstructor()),
    getSourceFileConstructor: leanOf(full.getSourceFileConstructor()),
  };
  return { allocator: full, set: (constructors) => setter(constructors), lean };
}

/**
 * Fields only the binder and the flow analysis fill in. The compiler's factories write
 * `undefined` to them on every node they make (to keep node shapes alike for the
 * checker), which costs a tree about two slots a node and pushes a fifth of the nodes past
 * the slots kept inside the object. Unused here, they are not stored at all.
 */
const BINDER_FIELDS = ["symbol", "localSymbol", "jsDoc", "flowNode", "endFlowNode", "returnFlowNode", "locals", "nextContainer"] as const;

/**
 * A prototype under `base` on which writing `undefined` to a binder field stores nothing
 * (reading it gives `undefined`, as before). Any other value becomes the node's own field,
 * so a compiler that does fill one in still reads it back.
 */
function withBinderFieldsUnstored(base: object): object {
  const prototype = Object.create(base) as object;
  for (const name of BINDER_FIELDS) {
    Object.defineProperty(prototype, name, {
      configurable: true,
      get: () => undefined,
      set(this: object, value: unknown) {
        if (value !== undefined) Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
      },
    });
  }
  return prototype;
}
