/**
 * AK-2 as the build decides it: names a build config injects, generic public names that
 * become a provider key, key fallbacks of public reads, and only the prefixes each build
 * tool exposes. `exposed-env-leaky` holds five small apps; `exposed-env-clean` the same
 * apps with the quiet shapes (placeholders, foreign prefixes, private Nuxt config, server
 * code). Every finding of every rule is written out, so a new false alarm fails too.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../src/engine/scan.js";
import { FileFacts } from "../src/facts/file-facts.js";
import clientExposedKey from "../rules/client-exposed-key.js";
import { loadTypeScript, type Ts } from "../src/facts/typescript.js";

const AK1 = "hardcoded-provider-key";
const AK2 = "client-exposed-key";
const AK3 = "env-file-not-ignored";
const CS1 = "client-side-provider-call";

type Row = [ruleId: string, file: string, line: number];

const FIXTURES_DIR = fileURLToPath(new URL("../fixtures", import.meta.url));
const scans = new Map<string, Promise<ScanResult>>();
function scanFixture(name: string): Promise<ScanResult> {
  let result = scans.get(name);
  if (!result) scans.set(name, (result = scan({ target: join(FIXTURES_DIR, name) })));
  return result;
}

function rows(result: ScanResult): Row[] {
  return sortRows(result.findings.map((f): Row => [f.ruleId, f.file, f.line]));
}

function sortRows(list: readonly Row[]): Row[] {
  return [...list].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

function messageAt(result: ScanResult, ruleId: string, file: string, line: number): string | undefined {
  return result.findings.find((f) => f.ruleId === ruleId && f.file === file && f.line === line)?.message;
}

describe("exposed-env-leaky", () => {
  const run = () => scanFixture("exposed-env-leaky");

  it("reports exactly the expected findings", async () => {
    expect(rows(await run())).toEqual(
      sortRows([
        // Nuxt: runtimeConfig.public carries the key, and a composable reads it from there.
        [AK2, "bookings/nuxt.config.ts", 7],
        [AK2, "bookings/composables/useAssistantKey.ts", 3],
        // webpack DefinePlugin, and the entry that reads the injected name.
        [AK2, "classic/webpack.config.js", 9],
        [AK2, "classic/src/index.js", 1],
        // next.config env, read by a "use client" component (the API route's read is server-side).
        [AK2, "dashboard/next.config.mjs", 5],
        [AK2, "dashboard/app/status-badge.tsx", 4],
        // Vite exposes REACT_APP_ here because envPrefix says so.
        [AK2, "legacy-spa/.env", 1],
        [AK1, "legacy-spa/.env", 1],
        [AK3, "legacy-spa/.env", 1],
        // A generic VITE_ name holding a Groq-shaped key; REACT_APP_ (line 4) is not exposed by Vite.
        [AK2, "storefront/.env", 2],
        [AK1, "storefront/.env", 2],
        [AK3, "storefront/.env", 2],
        [AK1, "storefront/.env", 4],
        // VITE_API_KEY becomes the OpenRouter client's key.
        [AK2, "storefront/src/assistant.ts", 3],
        [CS1, "storefront/src/assistant.ts", 5],
        [CS1, "storefront/src/assistant.ts", 8],
        // process.env.MISTRAL_API_KEY, injected by vite.config define; a Groq key as a fallback.
        [AK2, "storefront/src/config.ts", 3],
        [AK2, "storefront/src/config.ts", 4],
        [AK1, "storefront/src/config.ts", 4],
        [AK2, "storefront/vite.config.ts", 10],
        // VITE_ means nothing to react-scripts: a key, but not a public one.
        [AK1, "support-desk/.env", 2],
        [AK3, "support-desk/.env", 2],
        // REACT_APP_DESK_TOKEN in the Authorization header of a request to OpenAI; server.js stays quiet.
        [CS1, "support-desk/src/App.js", 7],
        [AK2, "support-desk/src/App.js", 11],
      ]),
    );
  });

  it("says why each read is exposed", async () => {
    const result = await run();
    expect(messageAt(result, AK2, "storefront/src/config.ts", 3)).toMatch(/MISTRAL_API_KEY .*storefront\/vite\.config\.ts:10 injects a provider key/);
    expect(messageAt(result, AK2, "storefront/src/config.ts", 4)).toMatch(/VITE_WEATHER_KEY.*falls back to a Groq API key written in the code/);
    expect(messageAt(result, AK2, "storefront/src/assistant.ts", 3)).toMatch(/VITE_API_KEY.*uses it as the OpenRouter key/);
    expect(messageAt(result, AK2, "support-desk/src/App.js", 11)).toMatch(/REACT_APP_DESK_TOKEN.*Create React App.*uses it as the OpenAI key/);
    expect(messageAt(result, AK2, "legacy-spa/.env", 1)).toMatch(/REACT_APP_ prefix makes Vite \(envPrefix\) copy it/);
    expect(messageAt(result, AK2, "storefront/.env", 2)).toMatch(/VITE_ASSISTANT_KEY holds a Groq API key/);
    expect(messageAt(result, AK2, "dashboard/app/status-badge.tsx", 4)).toMatch(/dashboard\/next\.config\.mjs:5 injects/);
  });
});

describe("exposed-env-clean", () => {
  it("reports nothing, and judged AK-2", async () => {
    const result = await scanFixture("exposed-env-clean");
    expect(rows(result)).toEqual([]);
    expect(result.checklist.find((c) => c.id === "AK-2")?.status).toBe("pass");
  });
});

describe("AK-2 in one file (ESLint)", () => {
  let ts: Ts;
  beforeAll(async () => {
    ts = await loadTypeScript();
  });

  function check(relPath: string, text: string, deps: readonly string[]): number[] {
    const lines: number[] = [];
    const file = new FileFacts(relPath, `/project/${relPath}`, text);
    clientExposedKey.checkFileAlone!(file, {
      ts,
      project: { dependsOn: (_rel, pkg) => deps.includes(pkg) },
      report: (draft) => lines.push(draft.file.positionAt(draft.start).line),
      judged: () => {},
      evidence: () => {},
      undecided: () => {},
    });
    return lines;
  }

  it("reports a key-shaped fallback of a public read, and a Nuxt useRuntimeConfig read", () => {
    expect(check("src/config.ts", 'export const k = import.meta.env.VITE_MAPS_KEY ?? "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";\n', ["vite"])).toEqual([1]);
    expect(check("composables/useKey.ts", "export const useKey = () => useRuntimeConfig().public.openaiApiKey;\n", ["nuxt"])).toEqual([1]);
  });

  it("stays quiet on prefixes the package's build tool does not expose, and on placeholders", () => {
    expect(check("src/config.ts", "export const k = import.meta.env.REACT_APP_OPENAI_API_KEY;\n", ["vite"])).toEqual([]);
    expect(check("src/config.js", "export const k = process.env.VITE_OPENAI_API_KEY;\n", ["react-scripts"])).toEqual([]);
    expect(check("src/config.js", "export const k = process.env.REACT_APP_OPENAI_API_KEY;\n", ["react-scripts"])).toEqual([1]);
    expect(check(".env.example", "VITE_OPENAI_API_KEY=sk-proj-...\nVITE_GROQ_API_KEY=\nVITE_GEMINI_API_KEY=Gemini_Key\n", ["vite"])).toEqual([]);
    expect(check(".env", "VITE_OPENAI_API_KEY=sk-live-4f9a2c7e1b\n", ["vite"])).toEqual([1]);
  });
});
