/**
 * `aigis inventory`: what AI the code base talks to. Every model call site with its
 * provider, SDK, method, model name (when constant), place, and whether it runs in the
 * browser or on the server, and why.
 */
import { Chalk } from "chalk";
import type { Ts } from "../facts/typescript.js";
import type { ProjectModel } from "../model/project.js";
import type { Evidence } from "../model/routes/types.js";

export interface InventoryCallSite {
  file: string;
  line: number;
  column: number;
  provider: string;
  sdk: string;
  method: string;
  api: string;
  model: string | null;
  runtime: "browser" | "server" | "both" | "unknown";
  runtimeReason: string;
  /** A local model server (Ollama on localhost). */
  local: boolean;
  /** For a call of a helper that sends the request with the body it is given: where the helper sends it (`util/relay.js:5`). */
  sentBy?: string;
}

export interface InventoryEvidence {
  label: string;
  where: string;
  scope: string;
}

export interface InventoryRoute {
  framework: string;
  method: string;
  path: string;
  file: string;
  line: number;
  /** The model call it reaches: `OpenAI chat.completions.create at lib/ai.ts:12`. */
  reaches: string;
  /** Functions on the way from the handler to the call. */
  via: string[];
  auth: InventoryEvidence[];
  rateLimit: InventoryEvidence[];
}

export interface Inventory {
  tool: { name: string; version: string };
  callSites: InventoryCallSite[];
  /** Routes, handlers and server actions that reach a model, with what protects them. */
  aiRoutes: InventoryRoute[];
  providers: Array<{ provider: string; callSites: number; browser: number }>;
  /** Files left out or analysed in part (unparsable, minified, out of time), as in a scan's warnings. */
  warnings: Array<{ file: string; message: string }>;
}

export function buildInventory(project: ProjectModel, ts: Ts, tool: Inventory["tool"]): Inventory {
  const surface = project.aiSurface(ts);
  const runtime = project.runtime(ts);
  const callSites = surface.callSites.map((c): InventoryCallSite => {
    const file = project.file(c.file)!;
    const at = file.positionAt(c.start);
    const where = runtime.isBrowserAt(c.file, c.start);
    return {
      file: c.file,
      line: at.line,
      column: at.column,
      provider: c.provider,
      sdk: c.sdk,
      method: c.method,
      api: c.api,
      model: c.model ?? null,
      runtime: where.browser ? "browser" : where.verdict.runtime === "both" ? "server" : where.verdict.runtime,
      runtimeReason: where.verdict.reason,
      local: c.local,
      ...(c.sentBy ? { sentBy: `${c.sentBy.file}:${project.file(c.sentBy.file)?.positionAt(c.sentBy.start).line ?? 0}` } : {}),
    };
  });
  const byProvider = new Map<string, { callSites: number; browser: number }>();
  for (const c of callSites) {
    const entry = byProvider.get(c.provider) ?? { callSites: 0, browser: 0 };
    entry.callSites++;
    if (c.runtime === "browser") entry.browser++;
    byProvider.set(c.provider, entry);
  }
  const providers = [...byProvider.entries()].map(([provider, counts]) => ({ provider, ...counts })).sort((a, b) => (a.provider < b.provider ? -1 : 1));
  const line = (file: string, offset: number) => project.file(file)?.positionAt(offset).line ?? 0;
  const evidence = (e: Evidence): InventoryEvidence => ({ label: e.label, where: `${e.file}:${line(e.file, e.start)}`, scope: e.scope });
  const aiRoutes = project.routes(ts).aiRoutes.map(
    (ai): InventoryRoute => ({
      framework: ai.route.framework,
      method: ai.route.method,
      path: ai.route.path,
      file: ai.route.file,
      line: line(ai.route.file, ai.route.start),
      reaches: `${ai.reach.call.provider} ${ai.reach.call.method} at ${ai.reach.call.file}:${line(ai.reach.call.file, ai.reach.call.start)}`,
      via: ai.reach.via,
      auth: ai.auth.map(evidence),
      rateLimit: ai.rateLimit.map(evidence),
    }),
  );
  return { tool, callSites, aiRoutes, providers, warnings: [] };
}

export function formatInventoryJson(inventory: Inventory): string {
  return `${JSON.stringify(inventory, null, 2)}\n`;
}

export function formatInventoryTable(inventory: Inventory, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  if (inventory.callSites.length === 0) return "No model call sites found.\n";
  const header = ["where", "provider", "sdk", "method", "model", "runs in"];
  const rows = inventory.callSites.map((s) => [`${s.file}:${s.line}:${s.column}`, s.provider, s.sdk, s.sentBy ? `${s.method} (sent by ${s.sentBy})` : s.method, s.model ?? "-", `${s.runtime} (${s.runtimeReason})`]);
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ");
  const out = [c.bold(line(header))];
  for (const [i, row] of rows.entries()) {
    const text = line(row);
    out.push(inventory.callSites[i]!.runtime === "browser" ? c.red(text) : text);
  }
  out.push("");
  if (inventory.aiRoutes.length) {
    out.push(c.bold("AI routes"));
    for (const r of inventory.aiRoutes) {
      out.push(`${r.method} ${r.path}  ${c.dim(`${r.framework}, ${r.file}:${r.line}`)}  → ${r.reaches}`);
      const show = (label: string, list: InventoryEvidence[]) =>
        list.length ? `  ${label}: ${list.map((e) => `${e.label} (${e.scope}, ${e.where})`).join("; ")}` : `  ${label}: ${c.red("none found")}`;
      out.push(show("auth", r.auth));
      out.push(show("rate limit", r.rateLimit));
    }
    out.push("");
  }
  out.push(inventory.providers.map((p) => `${p.provider}: ${p.callSites} call site${p.callSites === 1 ? "" : "s"}${p.browser ? c.red(` (${p.browser} in browser code)`) : ""}`).join(" · "));
  return `${out.join("\n")}\n`;
}
