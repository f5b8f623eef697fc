/**
 * JSX elements of components (`<MessageList messages={list} />`, `<ProfileContext.Provider
 * value={…}>`), indexed once per tree: the data-flow tracker follows props into components
 * and callbacks out of them, and React contexts to their providers, all from this one list.
 */
import type { ts as TsNamespace } from "ts-morph";
import type { Ts, TsNode, TsSourceFile } from "./typescript.js";
import { walk } from "./ast.js";

export type JsxElement = TsNamespace.JsxOpeningElement | TsNamespace.JsxSelfClosingElement;

/** Files that may hold JSX: `.jsx`/`.tsx`, and plain `.js` (Create React App and others write JSX there); `.ts` cannot. */
const MAY_HOLD_JSX = /\.(?:[jt]sx|[cm]?js)$/;

export function mayHoldJsx(relPath: string): boolean {
  return MAY_HOLD_JSX.test(relPath);
}

const COMPONENT_ELEMENTS = new WeakMap<TsSourceFile, readonly JsxElement[]>();

/**
 * A tree's elements whose tag names a component: a capitalised name (`<MessageList>`) or a
 * member (`<Ctx.Provider>`, `<motion.div>`), not an HTML element (`<input>`). One walk per tree.
 */
export function componentElementsOf(ts: Ts, tree: TsSourceFile): readonly JsxElement[] {
  let found = COMPONENT_ELEMENTS.get(tree);
  if (!found) {
    const elements: JsxElement[] = [];
    walk(ts, tree, (n) => {
      if ((ts.isJsxOpeningElement(n) || ts.isJsxSelfClosingElement(n)) && isComponentTag(ts, n.tagName)) elements.push(n);
    });
    COMPONENT_ELEMENTS.set(tree, (found = elements));
  }
  return found;
}

function isComponentTag(ts: Ts, tag: TsNode): boolean {
  return ts.isPropertyAccessExpression(tag) || (ts.isIdentifier(tag) && /^[A-Z]/.test(tag.text));
}

/** The attribute `name` of an element, when it is given an expression (`value={…}`, not `value="…"` or a spread). */
export function attributeExpression(ts: Ts, element: JsxElement, name: string): { attribute: TsNamespace.JsxAttribute; value: TsNamespace.Expression } | undefined {
  for (const attribute of element.attributes.properties) {
    if (!ts.isJsxAttribute(attribute) || !ts.isIdentifier(attribute.name) || attribute.name.text !== name) continue;
    const value = attribute.initializer && ts.isJsxExpression(attribute.initializer) ? attribute.initializer.expression : undefined;
    return value ? { attribute, value } : undefined;
  }
  return undefined;
}
