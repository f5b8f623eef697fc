/**
 * Suppressions written in the code: line, next-line, block and file forms, ESLint's own
 * comments naming aigis' rules, and the report of suppressions that silence nothing.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import aigis from "../src/eslint/plugin.js";
import { makeKeys } from "./helpers/cli.js";
import { tempProjects } from "./helpers/temp-projects.js";

const K = makeKeys(0x5a9e_0001);
const write = tempProjects("aigis-suppress-");
const AK1 = "hardcoded-provider-key";

async function reported(text: string) {
  const dir = write({ "src/keys.js": text });
  const result = await scan({ target: dir });
  return {
    lines: result.findings.filter((f) => f.ruleId === AK1).map((f) => f.line),
    accepted: (result.accepted ?? []).map((a) => [a.finding.line, a.reason ?? null]),
    warnings: result.stats.warnings.map((w) => `${w.file}: ${w.message}`),
  };
}

const key = (name: string, value: string) => `export const ${name} = "${value}";`;

describe("suppression comments", () => {
  it("a block silences the rules it names up to aigis-enable; other rules and later lines are reported", async () => {
    const r = await reported(
      [
        `/* aigis-disable ${AK1} -- fixtures for the parser tests */`,
        key("a", K.groq.value),
        key("b", K.google.value),
        `/* aigis-enable ${AK1} */`,
        key("c", K.anthropic.value),
        "",
      ].join("\n"),
    );
    expect(r.lines).toEqual([5]);
    expect(r.accepted).toEqual([
      [2, "fixtures for the parser tests"],
      [3, "fixtures for the parser tests"],
    ]);
  });

  it("aigis-disable-file silences the whole file for the rules it names", async () => {
    const r = await reported([key("a", K.groq.value), `// aigis-disable-file ${AK1} -- generated test data`, key("b", K.google.value), ""].join("\n"));
    expect(r.lines).toEqual([]);
    expect(r.accepted.map(([line]) => line)).toEqual([1, 3]);
  });

  it("ESLint comments naming an aigis rule count; a bare eslint-disable or one for other rules does not", async () => {
    const r = await reported(
      [
        `// eslint-disable-next-line aigis/${AK1} -- demo key, revoked`,
        key("a", K.groq.value),
        "// eslint-disable-next-line no-console",
        key("b", K.google.value),
        "/* eslint-disable */",
        key("c", K.anthropic.value),
        "",
      ].join("\n"),
    );
    expect(r.lines).toEqual([4, 6]);
    expect(r.accepted).toEqual([[2, "demo key, revoked"]]);
  });

  it("a suppression that silences nothing is reported, so it cannot hide the next finding there", async () => {
    const r = await reported([`// aigis-disable-next-line ${AK1}`, "export const harmless = 1;", `// aigis-disable-next-line ${AK1}`, key("a", K.groq.value), ""].join("\n"));
    expect(r.lines).toEqual([]);
    expect(r.warnings).toEqual([`src/keys.js: aigis-disable-next-line ${AK1} at line 1 suppresses nothing: remove it`]);
  });
});

describe("in the ESLint plugin", () => {
  it("aigis' own comments silence the plugin's rules too", async () => {
    const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: [{ files: ["**/*.js"], plugins: { aigis }, rules: { [`aigis/${AK1}`]: "error" } }] });
    const code = [`// aigis-disable-next-line ${AK1} -- demo key`, key("a", K.groq.value), key("b", K.google.value), ""].join("\n");
    const [result] = await eslint.lintText(code, { filePath: "src/keys.js" });
    expect(result!.messages.map((m) => [m.ruleId, m.line])).toEqual([[`aigis/${AK1}`, 3]]);
  });
});

describe("suppressions in the config", () => {
  it("accept findings by rule and file glob with a reason; an entry that matches nothing is reported", async () => {
    const dir = write({
      "docs/setup.md": `Example: OPENAI_API_KEY=${K.openai.value}\n`,
      "data/seed.json": `{ "groq": "${K.groq.value}" }\n`,
      "src/app.js": key("a", K.google.value),
    });
    const config = (await import("../src/config/config.js")).configSchema.parse({
      suppressions: [
        { rules: [AK1], files: ["docs/**/*.md"], reason: "revoked keys kept in the tutorial" },
        { files: ["seed.json"], reason: "test data" },
        { rules: [AK1], files: ["vendor/**"], reason: "nothing there" },
      ],
    });
    const result = await scan({ target: dir, config });
    expect(result.findings.filter((f) => f.ruleId === AK1).map((f) => f.file)).toEqual(["src/app.js"]);
    expect((result.accepted ?? []).filter((a) => a.finding.ruleId === AK1).map((a) => [a.finding.file, a.reason])).toEqual([
      ["data/seed.json", "test data"],
      ["docs/setup.md", "revoked keys kept in the tutorial"],
    ]);
    expect(result.stats.warnings.map((w) => w.message)).toContain(`the config's suppression of ${AK1} in vendor/** matched no finding: remove it`);
  });
});
