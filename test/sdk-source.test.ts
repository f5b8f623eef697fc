/**
 * An AI SDK's own published source is the library apps install, not an app: the AI analysis
 * leaves it out (`knowledge/sdk-source.ts`), while the demos inside the package and the apps
 * beside it are analysed as usual.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { scan } from "../src/engine/scan.js";
import { SdkSource } from "../src/model/sdk-source.js";
import { manifestsFor, parseManifest, type PackageManifest } from "../src/model/packages.js";

const FIXTURE = fileURLToPath(new URL("../fixtures/sdk-monorepo", import.meta.url));

describe("sdk-monorepo fixture", () => {
  it("reports the private app named `ai` and the package's demo, nothing in the SDK's source", async () => {
    const result = await scan({ target: FIXTURE });
    const rows = result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);
    expect(rows).toEqual([
      "ai-input-without-moderation apps/ai/src/server.ts:11",
      "ai-output-without-moderation apps/ai/src/server.ts:11",
      "ai-route-without-audit-log apps/ai/src/server.ts:11",
      "ai-route-without-auth apps/ai/src/server.ts:11",
      "ai-route-without-rate-limit apps/ai/src/server.ts:11",
      "missing-output-token-cap apps/ai/src/server.ts:13",
      "unvalidated-input-to-model apps/ai/src/server.ts:13",
      // `toBaseMessages` of @ai-sdk/langchain hands the messages on; `getErrorMessage` of @ai-sdk/provider-utils is the error's message.
      "ai-input-without-moderation apps/ai/src/server.ts:24",
      "ai-output-without-moderation apps/ai/src/server.ts:24",
      "ai-route-without-audit-log apps/ai/src/server.ts:24",
      "ai-route-without-auth apps/ai/src/server.ts:24",
      "ai-route-without-rate-limit apps/ai/src/server.ts:24",
      "unbounded-input-to-model apps/ai/src/server.ts:28",
      "unvalidated-input-to-model apps/ai/src/server.ts:28",
      "error-details-leak apps/ai/src/server.ts:31",
      "key-in-logs-or-responses apps/ai/src/server.ts:36",
      "missing-output-token-cap packages/relay/examples/basic.ts:6",
    ]);
  });

  it("imports the SDK's own package as a package, as apps installing it from npm do, not its workspace source", async () => {
    const { project } = await loadProject(FIXTURE, defaultConfig());
    const edges = project.modules.importsOf("apps/ai/src/summarise.ts").map((e) => ({ specifier: e.record.specifier, package: e.package, target: e.target }));
    expect(edges).toEqual([{ specifier: "@ai-sdk/relay", package: "@ai-sdk/relay", target: undefined }]);
  });
});

describe("SdkSource", () => {
  const manifest = (dir: string, json: Record<string, unknown>): PackageManifest => parseManifest(dir, JSON.stringify(json))!;
  const sourceOf = (...manifests: PackageManifest[]) => new SdkSource((rel) => manifestsFor(rel, manifests));

  it("is the source of a published package named like an SDK of the table, or under an SDK vendor's scope", () => {
    const source = sourceOf(manifest("", { name: "monorepo", private: true }), manifest("packages/openai", { name: "@ai-sdk/openai", version: "2.0.0" }), manifest("libs/mine", { name: "@langchain/mine", version: "0.1.0" }), manifest("packages/utils", { name: "@acme/llm-utils", version: "1.0.0" }));
    expect(source.holds("packages/openai/src/chat-model.ts")).toBe(true);
    expect(source.holds("libs/mine/src/index.ts")).toBe(true);
    // Another team's package is an app's code, whatever it does with models.
    expect(source.holds("packages/utils/src/complete.ts")).toBe(false);
    expect(source.holds("scripts/release.ts")).toBe(false);
  });

  it("is not a private package, whatever its name", () => {
    const source = sourceOf(manifest("", { name: "ai", private: true }));
    expect(source.holds("App.tsx")).toBe(false);
  });

  it("leaves the demos inside an SDK package to the analysis, and follows the nearest manifest", () => {
    const source = sourceOf(manifest("", { name: "openai", version: "4.73.0" }), manifest("ecosystem-tests/node-app", { name: "node-app", private: true }));
    expect(source.holds("src/resources/chat/completions.ts")).toBe(true);
    expect(source.holds("examples/stream.ts")).toBe(false);
    expect(source.holds("src/demo/server.ts")).toBe(false);
    expect(source.holds("ecosystem-tests/node-app/index.ts")).toBe(false);
  });
});
