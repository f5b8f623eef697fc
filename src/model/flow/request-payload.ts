/**
 * `req.body`, `await request.json()` (or `JSON.stringify` of one), `c.req.json()`, `ctx.request.body`: the payload of a
 * request, read on a request-named object. A value like this passed whole to a model is
 * whatever the client sent (a proxy): the client picks the messages, roles and limits.
 */
import { jsonStringifyArgument, unwrapExpression } from "../../facts/ast.js";
import type { Ts, TsNode } from "../../facts/typescript.js";
import { CONTEXT_REQUEST_MEMBERS, REQUEST_MEMBERS, REQUEST_PARAM_NAMES } from "../../knowledge/data-flow.js";

const PAYLOAD_MEMBERS = new Set(REQUEST_MEMBERS.filter((m) => ["body", "payload", "json()", "formData()", "parseBody()"].includes(m)).map((m) => m.replace("()", "")));

export function isRequestPayload(ts: Ts, expression: TsNode): boolean {
  let node = unwrapExpression(ts, expression);
  // `JSON.stringify(req.body)`: the same payload, as text.
  node = jsonStringifyArgument(ts, node) ?? node;
  if (ts.isAwaitExpression(node)) node = unwrapExpression(ts, node.expression);
  if (ts.isCallExpression(node) && node.arguments.length === 0) node = unwrapExpression(ts, node.expression);
  if (!ts.isPropertyAccessExpression(node) || !PAYLOAD_MEMBERS.has(node.name.text)) return false;
  const holder = unwrapExpression(ts, node.expression);
  const name = ts.isIdentifier(holder) ? holder.text : ts.isPropertyAccessExpression(holder) ? holder.name.text : undefined;
  return name !== undefined && (REQUEST_PARAM_NAMES.includes(name) || CONTEXT_REQUEST_MEMBERS.includes(name));
}
