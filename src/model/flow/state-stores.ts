/**
 * Client state stores (zustand, `knowledge/data-flow.ts` `STATE_STORES`): what a field of a
 * store holds is what the store's actions wrote to it. A component reads
 * `useResumeStore((s) => s.rawText)`; the store's `setRawText: (rawText) => set({ rawText })`
 * writes it; a screen calls `setRawText(text)`. The tracker asks for the field's writes and
 * follows each: a value the action computes, or what its callers pass for the parameter it
 * writes. Field by field: another field the same `set` writes is not this one.
 */
import type { ts as TsNamespace } from "ts-morph";
import { callIndexOf } from "../../facts/call-index.js";
import { calleeName, propertyNameText, returnedExpressions, unwrapExpression } from "../../facts/ast.js";
import type { TsNode } from "../../facts/typescript.js";
import { STATE_STORES } from "../../knowledge/data-flow.js";
import { definitionOf, type DefinitionContext } from "../routes/definitions.js";
import { resolveName } from "../scopes.js";
import type { Site } from "../values.js";

/** A store: the hook's name, where the store is made, and its creator's state object. */
interface Store {
  hook: string;
  file: string;
  /** The creator's first parameter (`set`). */
  setter: string;
  state: TsNamespace.ObjectLiteralExpression;
}

/** A value written to a field, and where it is. */
export interface FieldWrite {
  node: TsNode;
  site: Site;
  /** `setRawText()`: the action that wrote it. */
  action: string;
}

/** Middleware wrapped around a creator, and curried `create<T>()(…)`, looked through at most this deep. */
const MAX_WRAPPING = 5;
/** Callers of one action followed, as for any function's callers. */
const MAX_ACTION_CALLERS = 12;

/** One per project (its module graph): every tracker of the scan shares what it found. */
const SHARED = new WeakMap<object, StateStores>();

export class StateStores {
  private readonly stores = new Map<TsNode, Store | null>();
  /** Does any file import a state-store package? Most projects do not: then no read is looked at. */
  private readonly present: boolean;

  /** The project's stores, shared by every tracker of the scan. */
  static of(context: DefinitionContext): StateStores {
    let known = SHARED.get(context.modules);
    if (!known) SHARED.set(context.modules, (known = new StateStores(context)));
    return known;
  }

  private constructor(private readonly context: DefinitionContext) {
    const { modules } = context;
    this.present = modules.files.some((f) => STATE_STORES.some((s) => modules.importsPackage(f, s.package)));
  }

  /**
   * The store and field a read names: `useX((s) => s.field)` (a call), `useX.getState().field`
   * (a member of a call), or `useX()` destructured along `path` (`const { field } = useX()`).
   */
  readOf(node: TsNode, site: Site, path: readonly string[] = []): { store: Store; field: string } | undefined {
    if (!this.present) return undefined;
    const { ts } = this.context;
    const expr = unwrapExpression(ts, node);
    if (ts.isPropertyAccessExpression(expr)) {
      // `useX.getState().field`
      const inner = unwrapExpression(ts, expr.expression);
      if (!ts.isCallExpression(inner) || !ts.isPropertyAccessExpression(inner.expression)) return undefined;
      const store = this.storeOf(inner.expression.expression, site);
      return store && STATE_STORES.some((s) => s.read === (inner.expression as TsNamespace.PropertyAccessExpression).name.text) ? { store, field: expr.name.text } : undefined;
    }
    // A store's hook is a hook by name (`useResumeStore`); other calls are not resolved.
    if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression) || !expr.expression.text.startsWith("use")) return undefined;
    const store = this.storeOf(expr.expression, site);
    if (!store) return undefined;
    const selector = expr.arguments[0] && unwrapExpression(ts, expr.arguments[0]);
    if (!selector) return path[0] ? { store, field: path[0] } : undefined;
    if (!ts.isArrowFunction(selector) && !ts.isFunctionExpression(selector)) return undefined;
    const state = selector.parameters[0]?.name;
    const [returned] = returnedExpressions(ts, selector);
    const read = returned && unwrapExpression(ts, returned);
    if (!state || !ts.isIdentifier(state) || !read || !ts.isPropertyAccessExpression(read) || !ts.isIdentifier(read.expression) || read.expression.text !== state.text) return undefined;
    return { store, field: read.name.text };
  }

  /** The values the store's actions write to `field` (for a parameter they write: what their callers pass). */
  writesOf(store: Store, field: string): FieldWrite[] {
    const { ts } = this.context;
    const tree = this.context.tree(store.file);
    if (!tree) return [];
    const site: Site = { file: store.file, tree };
    const out: FieldWrite[] = [];
    for (const property of store.state.properties) {
      const action = ts.isPropertyAssignment(property) ? unwrapExpression(ts, property.initializer) : ts.isMethodDeclaration(property) ? property : undefined;
      const name = property.name && propertyNameText(ts, property.name);
      if (!action || !name || !ts.isFunctionLike(action)) continue;
      for (const call of callIndexOf(ts, tree).get(store.setter) ?? []) {
        if (call.pos < action.pos || call.end > action.end || !ts.isIdentifier(call.expression) || !call.arguments[0]) continue;
        for (const value of this.fieldValues(call.arguments[0], field)) {
          const parameter = this.parameterIndex(value, action);
          if (parameter === undefined) out.push({ node: value, site, action: name });
          else out.push(...this.callerArguments(store, name, parameter));
        }
      }
    }
    return out;
  }

  /** `set({ field: v })`, `set((s) => ({ field: v }))`: the values given to `field`. */
  private fieldValues(arg: TsNode, field: string): TsNode[] {
    const { ts } = this.context;
    const update = unwrapExpression(ts, arg);
    const objects = ts.isArrowFunction(update) || ts.isFunctionExpression(update) ? returnedExpressions(ts, update).map((r) => unwrapExpression(ts, r)) : [update];
    const out: TsNode[] = [];
    for (const object of objects) {
      if (!ts.isObjectLiteralExpression(object)) continue;
      for (const p of object.properties) {
        if (!p.name || propertyNameText(ts, p.name) !== field) continue;
        if (ts.isPropertyAssignment(p)) out.push(p.initializer);
        else if (ts.isShorthandPropertyAssignment(p)) out.push(p.name);
      }
    }
    return out;
  }

  /** The index of the action's parameter the value is (`(rawText) => set({ rawText })`), if it is one. */
  private parameterIndex(value: TsNode, action: TsNamespace.SignatureDeclaration): number | undefined {
    const { ts } = this.context;
    const node = unwrapExpression(ts, value);
    if (!ts.isIdentifier(node)) return undefined;
    const index = action.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === node.text);
    if (index < 0) return undefined;
    const binding = resolveName(ts, node.text, node);
    return binding?.kind === "parameter" && binding.fn === action ? index : undefined;
  }

  /**
   * What the action's callers pass at `index`: calls of `action` in the store's file and the
   * files importing it (through barrels too), where the callee came out of this store's hook
   * (`const setRawText = useX((s) => s.setRawText)`, `const { setRawText } = useX()`,
   * `useX.getState().setRawText(…)`).
   */
  private callerArguments(store: Store, action: string, index: number): FieldWrite[] {
    const { ts } = this.context;
    const out: FieldWrite[] = [];
    for (const file of this.context.modules.namingImporters(store.file)) {
      if (out.length >= MAX_ACTION_CALLERS) break;
      const tree = this.context.tree(file);
      if (!tree) continue;
      const site: Site = { file, tree };
      for (const call of callIndexOf(ts, tree).get(action) ?? []) {
        const arg = call.arguments[index];
        if (arg && this.fromStore(call.expression, store, action, site)) out.push({ node: arg, site, action });
        if (out.length >= MAX_ACTION_CALLERS) break;
      }
    }
    return out;
  }

  /** Did the callee come out of the store's hook? */
  private fromStore(callee: TsNode, store: Store, action: string, site: Site): boolean {
    const { ts } = this.context;
    const expr = unwrapExpression(ts, callee);
    if (ts.isPropertyAccessExpression(expr)) return this.readOf(expr, site)?.store === store;
    if (!ts.isIdentifier(expr)) return false;
    const binding = resolveName(ts, expr.text, expr);
    if (binding?.kind !== "variable" || !binding.init) return false;
    const read = this.readOf(binding.init, site, binding.path);
    return read?.store === store && read.field === action;
  }

  /** The store a hook expression names, when it is one made by a state-store package's `create`. */
  private storeOf(hook: TsNode, site: Site): Store | undefined {
    const { ts } = this.context;
    const name = unwrapExpression(ts, hook);
    if (!ts.isIdentifier(name)) return undefined;
    const made = definitionOf(this.context, name, site);
    if (made.node === name) return undefined;
    const known = this.stores.get(made.node);
    if (known !== undefined) return known ?? undefined;
    const store = this.creation(made.node, made.file, name.text);
    this.stores.set(made.node, store ?? null);
    return store;
  }

  /** `create((set) => ({…}))`, `create<T>()(persist((set) => ({…}), options))`: the store, when its file imports the `create` it calls. */
  private creation(node: TsNode, file: string, hook: string): Store | undefined {
    const { ts } = this.context;
    let call = unwrapExpression(ts, node);
    let creator: TsNode | undefined;
    let root: TsNode | undefined;
    for (let i = 0; i < MAX_WRAPPING && ts.isCallExpression(call) && !creator; i++) {
      // The call that makes the store: `create`, or `create<T>()` called again.
      let callee = unwrapExpression(ts, call.expression);
      if (ts.isCallExpression(callee)) callee = unwrapExpression(ts, callee.expression);
      root ??= callee;
      const first = call.arguments[0] && unwrapExpression(ts, call.arguments[0]);
      if (!first) return undefined;
      if (ts.isArrowFunction(first) || ts.isFunctionExpression(first)) creator = first;
      else call = first; // middleware: `persist(creator, options)`, `devtools(creator)`
    }
    const creates = root && ts.isIdentifier(root) ? root.text : root ? calleeName(ts, root) : undefined;
    if (!creator || !creates || !STATE_STORES.some((s) => s.create.includes(creates) && this.context.modules.importsPackage(file, s.package))) return undefined;
    const fn = creator as TsNamespace.SignatureDeclaration;
    const setter = fn.parameters[0]?.name;
    const [returned] = returnedExpressions(ts, fn);
    const state = returned && unwrapExpression(ts, returned);
    if (!setter || !ts.isIdentifier(setter) || !state || !ts.isObjectLiteralExpression(state)) return undefined;
    return { hook, file, setter: setter.text, state };
  }
}
