/** Which config file a scan uses, found as ESLint users expect, and the values it accepts. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/config.js";

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "aigis-config-"));
  // outer/ holds a config but is above the repository: never used for scans inside repo/.
  mkdirSync(join(base, "outer", "repo", ".git"), { recursive: true });
  mkdirSync(join(base, "outer", "repo", "apps", "web", "src"), { recursive: true });
  mkdirSync(join(base, "outer", "repo", "tools"), { recursive: true });
  mkdirSync(join(base, "plain", "sub"), { recursive: true });
  writeFileSync(join(base, "outer", "aigis.config.json"), JSON.stringify({ failOn: "info" }));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const repo = () => join(base, "outer", "repo");

describe("config discovery", () => {
  it("finds the repository root's config from a folder deep inside it (JSON with comments)", () => {
    writeFileSync(join(repo(), ".aigisrc.json"), '{\n  // gate on errors only\n  "failOn": "error",\n}\n');
    try {
      const { config, path } = loadConfig(join(repo(), "apps", "web", "src"), undefined, [], join(base, "plain"));
      expect(path).toBe(join(repo(), ".aigisrc.json"));
      expect(config.failOn).toBe("error");
    } finally {
      rmSync(join(repo(), ".aigisrc.json"));
    }
  });

  it("the nearest config wins over one further up", () => {
    writeFileSync(join(repo(), "aigis.config.json"), JSON.stringify({ failOn: "error" }));
    writeFileSync(join(repo(), "apps", "web", "aigis.config.json"), JSON.stringify({ failOn: "none" }));
    try {
      expect(loadConfig(join(repo(), "apps", "web", "src"), undefined, [], join(base, "plain")).config.failOn).toBe("none");
      expect(loadConfig(join(repo(), "tools"), undefined, [], join(base, "plain")).config.failOn).toBe("error");
    } finally {
      rmSync(join(repo(), "aigis.config.json"));
      rmSync(join(repo(), "apps", "web", "aigis.config.json"));
    }
  });

  it("never reads a config above the repository root", () => {
    const { config, path } = loadConfig(join(repo(), "apps", "web"), undefined, [], join(base, "plain"));
    expect(path).toBeUndefined();
    expect(config.failOn).toBeUndefined();
  });

  it("falls back to the working directory's config when the scanned folder has none", () => {
    writeFileSync(join(base, "plain", "aigis.config.json"), JSON.stringify({ failOn: "warning" }));
    try {
      const { path } = loadConfig(join(repo(), "apps", "web"), undefined, [], join(base, "plain", "sub"));
      // Outside a repository only the folder itself is looked at: plain/sub has none.
      expect(path).toBeUndefined();
      expect(loadConfig(join(repo(), "apps", "web"), undefined, [], join(base, "plain")).path).toBe(join(base, "plain", "aigis.config.json"));
    } finally {
      rmSync(join(base, "plain", "aigis.config.json"));
    }
  });

  it('accepts "warn" for "warning", as ESLint users write it', () => {
    writeFileSync(join(base, "plain", "aigis.config.json"), JSON.stringify({ rules: { "open-cors": "warn", "prompt-in-logs": "off" } }));
    try {
      const { config } = loadConfig(join(base, "plain"), undefined, ["open-cors", "prompt-in-logs"]);
      expect(config.rules).toEqual({ "open-cors": "warning", "prompt-in-logs": "off" });
    } finally {
      rmSync(join(base, "plain", "aigis.config.json"));
    }
  });
});
