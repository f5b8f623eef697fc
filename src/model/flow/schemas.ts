/**
 * What a validating schema says about one field of the data it checked: is the field
 * bounded in size, closed to a fixed set of values (an enum, a number), and are message
 * roles limited. Judged on the part of the schema that describes the field the data is
 * read from, so a `.max()` on one field does not bound another.
 */
import { unwrapExpression } from "../../facts/ast.js";
import type { TsNode } from "../../facts/typescript.js";
import { ANY_VALUE_FIELD, CLOSED_FIELD, OPEN_KEYS_SCHEMA, SCHEMA_BOUND } from "../../knowledge/data-flow.js";
import { definitionOf, type DefinitionContext } from "../routes/definitions.js";
import type { Site } from "../values.js";
import { escapeRegExp } from "../../util/text.js";
import type { Trace } from "./trace.js";

/** The schema text that describes the field a trace ends in, or the whole schema when no field is named. */
function fieldText(trace: Trace): { text: string; field: boolean } | undefined {
  if (trace.schema === undefined) return undefined;
  for (const name of [...trace.names].reverse()) {
    const snippet = fieldSnippet(trace.schema, name);
    if (snippet) return { text: snippet, field: true };
  }
  return { text: trace.schema, field: false };
}

const fieldPatterns = new Map<string, RegExp>();

/** `name:` as a schema field or class property, compiled once per name. */
function fieldPattern(name: string): RegExp {
  let pattern = fieldPatterns.get(name);
  if (!pattern) fieldPatterns.set(name, (pattern = new RegExp(`(?:^|[\\s{,(])["']?${escapeRegExp(name)}["']?\\s*(?:[?!]\\s*)?:`)));
  return pattern;
}

/** `name: z.string().max(10)` (and the lines nested under it), or a class property with its decorators. */
export function fieldSnippet(text: string, name: string): string | undefined {
  const lines = text.split("\n");
  const pattern = fieldPattern(name);
  const at = lines.findIndex((l) => pattern.test(l));
  if (at < 0) return undefined;
  const indent = (l: string) => /^\s*/.exec(l)![0].length;
  let from = at;
  while (from > 0 && /^\s*@/.test(lines[from - 1]!)) from--; // class-validator decorators above a DTO property
  const start = lines[at]!.search(pattern);
  let to = at + 1;
  const open = (s: string) => (s.match(/[([{]/g) ?? []).length - (s.match(/[)\]}]/g) ?? []).length;
  let depth = open(lines[at]!.slice(start));
  // The field goes on while brackets are open or lines are indented under it (`.max(40)` chained below).
  while (to < lines.length && (depth > 0 || indent(lines[to]!) > indent(lines[at]!))) depth += open(lines[to++]!);
  const first = from === at ? lines[at]!.slice(start) : lines.slice(from, at + 1).join("\n");
  // One line holding several fields (`{ a: z.string(), b: z.string().max(9) }`): stop at the next field.
  const rest = from === at && to === at + 1 ? cutAtNextField(first) : [first, ...lines.slice(at + 1, to)].join("\n");
  return rest;
}

function cutAtNextField(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) {
      if (depth === 0) return text.slice(0, i);
      depth--;
    } else if (ch === "," && depth === 0) return text.slice(0, i);
  }
  return text;
}

/** Checked by a schema (or an allow-list) on the way: not when the schema's field for it takes any value (`config: z.any()`). */
export function isValidated(trace: Trace): boolean {
  if (trace.allowListed !== undefined) return true;
  if (trace.validated === undefined) return false;
  const field = fieldText(trace);
  return !(field?.field && ANY_VALUE_FIELD.test(field.text.trimStart()));
}

/**
 * May an object spread into a request (`{ model, messages, ...config }`) carry any of `keys`?
 * Yes unless a schema fixed its fields: not validated, its field takes any value
 * (`config: Type.Any()`), the schema passes unknown keys on (`.passthrough()`, a record),
 * or it names one of the keys itself.
 */
export function mayCarryKeys(trace: Trace, keys: readonly string[]): boolean {
  if (!isValidated(trace)) return true;
  const field = fieldText(trace);
  if (field === undefined) return false;
  return OPEN_KEYS_SCHEMA.test(field.text) || keys.some((key) => fieldSnippet(field.text, key) !== undefined);
}

export function isBounded(trace: Trace): boolean {
  if (trace.bounded || trace.allowListed || isClosed(trace)) return true;
  const field = fieldText(trace);
  return field !== undefined && SCHEMA_BOUND.test(field.text);
}

/** Validated to a fixed set of values (an enum, a literal, a number) or checked against an allow-list. */
export function isClosed(trace: Trace): boolean {
  if (trace.allowListed) return true;
  const field = fieldText(trace);
  return field !== undefined && field.field && CLOSED_FIELD.test(field.text);
}

/** Message roles fixed on the way, or a schema whose `role` field is closed to values other than `system`. */
export function rolesLimited(trace: Trace): boolean {
  if (trace.rolesLimited) return true;
  if (trace.schema === undefined) return false;
  const role = fieldSnippet(trace.schema, "role");
  return role !== undefined && CLOSED_FIELD.test(role) && !/["'`](?:system|developer)["'`]/.test(role);
}

/**
 * The text of a schema (`ChatBody` of `ChatBody.parse`, across files) with the named
 * schemas it is built from (`z.array(ChatMessage)`), two levels deep: what field judgments read.
 */
export function schemaText(context: DefinitionContext, expr: TsNode, site: Site): string {
  const { ts } = context;
  let node = unwrapExpression(ts, expr);
  while (ts.isPropertyAccessExpression(node)) node = unwrapExpression(ts, node.expression);
  const def = definitionOf(context, node, site);
  return withReferencedSchemas(context, def.node, { file: def.file, tree: def.tree }, 0);
}

/** Names a schema constant goes by: a type's (`ChatMessage`), or one that says it is a schema (`chatMessageSchema`, `bodyValidator`). */
const SCHEMA_NAME = /^[A-Z]|(?:Schema|Validator|Shape|Dto)$/;

function withReferencedSchemas(context: DefinitionContext, node: TsNode, site: Site, depth: number): string {
  const { ts } = context;
  const parts = [node.getText(site.tree)];
  if (depth >= 2 || ts.isFunctionLike(node)) return parts[0]!;
  const seen = new Set<string>();
  const visit = (n: TsNode): void => {
    // Schemas are named like types (`ChatMessage`) or as schemas (`messageSchema`); other identifiers are not followed.
    if (ts.isIdentifier(n) && SCHEMA_NAME.test(n.text) && !seen.has(n.text) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
      seen.add(n.text);
      const def = definitionOf(context, n, site);
      if (def.node !== n && !ts.isFunctionLike(def.node) && !ts.isClassLike(def.node)) parts.push(withReferencedSchemas(context, def.node, { file: def.file, tree: def.tree }, depth + 1));
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return parts.join("\n");
}
