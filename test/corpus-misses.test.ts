/**
 * Shapes found missed on public apps of the corpus, each as a leaky/guarded pair of fixtures:
 * - a project class that extends an SDK class (`extends OpenAI`, `extends ChatOpenAI`,
 *   `extends Anthropic`): calls through it are model calls, on the server and in the browser;
 * - a CommonJS whole export built of spreads (`{ ...require("./openai"), ...helpers }`);
 * - a Hono sub-app with `basePath("/api")`: its routes answer under the prefix, so
 *   middleware on `/api/*` covers them;
 * - a barrel (`export * from "./embeddings"`) imported by browser code;
 * - and a false alarm: `dangerouslyAllowBrowser: true` on a client only server code builds
 *   (an integration library's own client) exposes nothing.
 * Every finding is pinned (rule, file, line), and so is the inventory of model calls.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { scan } from "../src/engine/scan.js";
import { buildInventory } from "../src/report/inventory.js";
import { withoutAdvisory } from "./helpers/advisory.js";

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));

type FindingRow = [ruleId: string, file: string, line: number];

const FINDINGS: Record<string, FindingRow[]> = {
  "routes-misses-open": [
    ["unvalidated-input-to-model", "notes-service/lib/claude.js", 6],
    ["unvalidated-input-to-model", "notes-service/lib/openai.js", 6],
    ["ai-route-without-auth", "notes-service/routes/notes.js", 10],
    ["ai-route-without-rate-limit", "notes-service/routes/notes.js", 10],
    ["ai-route-without-auth", "notes-service/routes/notes.js", 14],
    ["ai-route-without-rate-limit", "notes-service/routes/notes.js", 14],
    ["unvalidated-input-to-model", "src/lib/helpdesk-ai.ts", 10],
    ["ai-route-without-auth", "src/routes/drafts.ts", 8],
    ["ai-route-without-rate-limit", "src/routes/drafts.ts", 8],
    ["ai-route-without-auth", "src/routes/tickets.ts", 8],
    ["ai-route-without-rate-limit", "src/routes/tickets.ts", 8],
  ],
  "routes-misses-guarded": [
    ["unvalidated-input-to-model", "notes-service/lib/claude.js", 6],
    ["unvalidated-input-to-model", "notes-service/lib/openai.js", 6],
    ["unvalidated-input-to-model", "src/lib/helpdesk-ai.ts", 10],
  ],
  "browser-misses-leaky": [
    ["client-exposed-key", "lib/chef-ai.ts", 6],
    ["client-side-provider-call", "lib/chef-ai.ts", 6], // dangerouslyAllowBrowser, passed on by super(…)
    ["client-side-provider-call", "lib/chef-ai.ts", 10],
    ["client-exposed-key", "lib/embeddings.ts", 3],
    ["client-side-provider-call", "lib/embeddings.ts", 3],
    ["client-side-provider-call", "lib/embeddings.ts", 8],
  ],
  "browser-misses-clean": [
    ["ai-route-without-auth", "app/api/search/route.ts", 3],
    ["ai-route-without-rate-limit", "app/api/search/route.ts", 3],
    ["ai-route-without-auth", "app/api/substitute/route.ts", 5],
    ["ai-route-without-rate-limit", "app/api/substitute/route.ts", 5],
    ["unvalidated-input-to-model", "lib/chef-ai.ts", 11],
  ],
};

type CallRow = [where: string, provider: string, sdk: string, method: string, model: string | null, runtime: string];

const CALLS: Record<string, CallRow[]> = {
  "routes-misses-open": [
    ["notes-service/lib/claude.js:6", "Anthropic", "anthropic", "messages.create", "claude-3-5-haiku-20241022", "server"],
    ["notes-service/lib/openai.js:6", "OpenAI", "openai", "chat.completions.create", "gpt-4o-mini", "server"],
    ["src/lib/helpdesk-ai.ts:10", "OpenAI", "openai", "chat.completions.create", "gpt-4o-mini", "server"],
    ["src/routes/drafts.ts:10", "OpenAI", "langchain-openai", "invoke", "gpt-4o-mini", "server"],
  ],
  "browser-misses-leaky": [
    ["lib/chef-ai.ts:10", "OpenAI", "openai", "chat.completions.create", "gpt-4o-mini", "browser"],
    ["lib/embeddings.ts:8", "OpenAI", "openai", "embeddings.create", "text-embedding-3-small", "browser"],
  ],
  "browser-misses-clean": [
    ["components/ModelPicker.tsx:11", "OpenRouter", "http", "fetch openrouter.ai/api/v1/models", null, "browser"], // keyless, generates nothing: no CS-1
    ["lib/chef-ai.ts:11", "OpenAI", "openai", "chat.completions.create", "gpt-4o-mini", "server"],
    ["lib/embeddings.ts:8", "OpenAI", "openai", "embeddings.create", "text-embedding-3-small", "server"],
  ],
};

describe.each(Object.keys(FINDINGS))("fixture %s", (name) => {
  it("every finding, by rule, file and line", async () => {
    const result = await scan({ target: join(FIXTURES, name) });
    expect(withoutAdvisory(result.findings).map((f) => [f.ruleId, f.file, f.line])).toEqual(FINDINGS[name]);
    expect(result.stats.warnings).toEqual([]);
  });

  if (CALLS[name]) {
    it("every model call site, with where it runs", async () => {
      const { project, ts } = await loadProject(join(FIXTURES, name), defaultConfig());
      const inventory = buildInventory(project, ts, { name: "aigis", version: "test" });
      expect(inventory.callSites.map((c) => [`${c.file}:${c.line}`, c.provider, c.sdk, c.method, c.model, c.runtime])).toEqual(CALLS[name]);
    });
  }
});

describe("route paths and evidence", () => {
  it("a Hono sub-app's basePath prefixes its routes, and /api/* middleware on the root app covers them", async () => {
    for (const [name, guarded] of [["routes-misses-open", false], ["routes-misses-guarded", true]] as const) {
      const { project, ts } = await loadProject(join(FIXTURES, name), defaultConfig());
      const routes = project.routes(ts).aiRoutes.map((r) => [`${r.route.method} ${r.route.path}`, r.auth.length > 0, r.rateLimit.length > 0]);
      expect(routes).toEqual([
        ["POST /notes/summary", guarded, guarded],
        ["POST /notes/title", guarded, guarded],
        ["POST /api/drafts", guarded, guarded],
        ["POST /api/tickets/classify", guarded, guarded],
      ]);
    }
  });
});
