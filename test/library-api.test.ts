/** The package's programmatic API, as `import … from "aigis"` gives it. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, formatMarkdown, formatSarif, parseConfig, scan, ALL_RULES } from "../src/index.js";
import { REPO_ROOT } from "./helpers/cli.js";

describe("the library API", () => {
  it("scan() with a partial config checked by the config schema", async () => {
    const target = join(REPO_ROOT, "fixtures", "nextjs-leaky");
    const all = await scan({ target });
    const quieter = await scan({ target, config: parseConfig({ rules: { "hardcoded-provider-key": "off", "client-exposed-key": "warn" } }) });
    expect(all.findings.some((f) => f.ruleId === "hardcoded-provider-key")).toBe(true);
    expect(quieter.findings.some((f) => f.ruleId === "hardcoded-provider-key")).toBe(false);
    expect(new Set(quieter.findings.filter((f) => f.ruleId === "client-exposed-key").map((f) => f.severity))).toEqual(new Set(["warning"]));
    expect(formatMarkdown(quieter)).toContain("## aigis: AI API security checklist");
    expect(JSON.parse(formatSarif(quieter, ALL_RULES)).version).toBe("2.1.0");
  });

  it("parseConfig rejects what a config file may not say, with the same messages", () => {
    expect(() => parseConfig({ rules: { "no-such-rule": "off" } })).toThrow(ConfigError);
    expect(() => parseConfig({ rules: { "no-such-rule": "off" } })).toThrow(/unknown rule\(s\): no-such-rule/);
    expect(() => parseConfig({ failOn: "sometimes" })).toThrow(/failOn: Invalid option/);
    expect(parseConfig().failOn).toBeUndefined();
  });
});
