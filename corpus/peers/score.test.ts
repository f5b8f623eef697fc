import { describe, expect, it } from "vitest";
import { readExpectations, type AnnotationStyle } from "./annotations.js";
import { distance, matchFindings, peerPrecision, peerRecall, scoreOf } from "./match.js";
import { parseArgs, readSuites, unscoredLines } from "./score.js";
import { makeAiRoutes, MODEL_CALL } from "./ai-routes.js";
import { loadTypeScript } from "../../src/facts/typescript.js";

const commentBefore: AnnotationStyle = { kind: "comment-before", expected: ["ruleid", "todoruleid"], quiet: ["ok", "todook"], rulesContaining: "tone-from-user" };
const trailing: AnnotationStyle = { kind: "trailing-alert", queries: ["js/old-name", "js/new-name"] };

describe("comment-before annotations", () => {
  it("marks the next code line, past blank lines and stacked comments", () => {
    const text = [
      "function reply(input) {", // 1
      "  // ruleid: tone-from-user", // 2
      "", // 3
      "  // a note from the author", // 4
      "  const tone = input;", // 5
      "  // ok: tone-from-user", // 6
      '  const fixed = "calm";', // 7
      "}", // 8
    ].join("\n");
    expect(readExpectations(text, commentBefore)).toEqual({ expected: [5], quiet: [7] });
  });

  it("counts todo forms by what the line should be, and ignores other rules", () => {
    const text = [
      "// todoruleid: tone-from-user-ts", // 1
      "setTone(a);", // 2
      "// todook: tone-from-user", // 3
      "setTone(b);", // 4
      "// ruleid: unrelated-check", // 5
      "setTone(c);", // 6
      "// ruleid: unrelated-check, tone-from-user", // 7
      "setTone(d);", // 8
    ].join("\n");
    expect(readExpectations(text, commentBefore)).toEqual({ expected: [2, 8], quiet: [4] });
  });

  it("lets an expected marker win over a quiet one stacked on the same line", () => {
    const text = ["// ok: tone-from-user", "// ruleid: tone-from-user", "setTone(e);"].join("\n");
    expect(readExpectations(text, commentBefore)).toEqual({ expected: [3], quiet: [] });
  });
});

describe("trailing-alert annotations", () => {
  it("marks the line that ends with an alert for one of the queries", () => {
    const text = [
      "const a = build(x); // $ Alert[js/old-name]", // 1
      "const b = build(y); // $ Alert[js/new-name]", // 2
      "const c = build(z); // $ Alert[js/something-else]", // 3
      "const d = build(w); // $ Alert", // 4
      "const e = build(v); // fine here", // 5
      "const f = `${v}`; // $ Source", // 6
    ].join("\n");
    expect(readExpectations(text, trailing)).toEqual({ expected: [1, 2, 4], quiet: [] });
  });

  it("reads MISSING as expected and SPURIOUS as quiet", () => {
    const text = ["one(); // $ MISSING: Alert[js/new-name]", "two(); // $ SPURIOUS: Alert[js/old-name]", "three(); // $ Source SPURIOUS: Alert"].join("\n");
    expect(readExpectations(text, trailing)).toEqual({ expected: [1], quiet: [2, 3] });
  });
});

describe("matching findings to expected lines", () => {
  it("measures distance from a finding's span", () => {
    expect(distance({ line: 10, endLine: 14 }, 12)).toBe(0);
    expect(distance({ line: 10, endLine: 14 }, 16)).toBe(2);
    expect(distance({ line: 10 }, 7)).toBe(3);
  });

  it("matches within the tolerance and calls the rest false alarms", () => {
    const result = matchFindings([10, 30], [{ line: 12 }, { line: 33 }, { line: 50 }], 2);
    expect(result.expected).toEqual([
      { line: 10, findings: [{ line: 12 }] },
      { line: 30, findings: [] },
    ]);
    expect(result.falseAlarms).toEqual([{ line: 33 }, { line: 50 }]);
    const score = scoreOf(result);
    expect(score).toEqual({ expected: 2, found: 1, findings: 3, falseAlarms: 2 });
    expect(peerRecall(score)).toBe(0.5);
    expect(peerPrecision(score)).toBeCloseTo(1 / 3);
  });

  it("gives two close expected lines a finding each when it can", () => {
    // The finding at 21 is nearer 20, but 20 has its own; it takes 23.
    const result = matchFindings([20, 23], [{ line: 21 }, { line: 20 }], 2);
    expect(result.expected.map((e) => e.findings.map((f) => f.line))).toEqual([[20], [21]]);
    expect(result.falseAlarms).toEqual([]);
  });

  it("lets one finding match one line only, and a second report of a place is no false alarm", () => {
    const spanning = { line: 40, endLine: 44 };
    const again = { line: 41 };
    const result = matchFindings([41, 43], [spanning, again], 2);
    expect(scoreOf(result)).toEqual({ expected: 2, found: 2, findings: 2, falseAlarms: 0 });
    const duplicate = matchFindings([41], [spanning, again], 2);
    expect(scoreOf(duplicate)).toEqual({ expected: 1, found: 1, findings: 2, falseAlarms: 0 });
  });

  it("has no recall without expected lines and no precision without findings", () => {
    const score = scoreOf(matchFindings([], [], 2));
    expect(peerRecall(score)).toBeUndefined();
    expect(peerPrecision(score)).toBeUndefined();
  });
});

describe("the suites and the command line", () => {
  const { suites } = readSuites();

  it("names an option per peer, one folder serving all of a peer's suites", () => {
    expect(suites.map((s) => `${s.option} ${s.checklistItem ?? "PI-1"}`).sort()).toEqual(["--codeql PI-1", "--codeql RL-1", "--semgrep PI-1"]);
  });

  it("takes a folder per option and refuses anything else", () => {
    const chosen = parseArgs(["--codeql", "/somewhere/codeql"], suites);
    expect([...chosen].map(([s, dir]) => [s.name, dir])).toEqual([
      ["codeql", "/somewhere/codeql"],
      ["codeql-rate-limit", "/somewhere/codeql"],
    ]);
    expect(() => parseArgs([], suites)).toThrow("nothing to score");
    expect(() => parseArgs(["--semgrep"], suites)).toThrow("--semgrep needs a folder");
    expect(() => parseArgs(["--other", "x"], suites)).toThrow("unknown argument --other");
  });
});

describe("handlers made into AI routes", () => {
  it("gives each (req, res) handler a model call on its own line, and leaves middleware alone", async () => {
    const ts = await loadTypeScript();
    const text = [
      'const server = require("express")();', // 1
      "function show(req, res) { res.end(); }", // 2
      "const check = (req, res, next) => next();", // 3
      'server.get("/a", check, (request, reply) => reply.end());', // 4
      'server.get("/b", async function (req, res) {', // 5
      "  res.end();", // 6
      "});", // 7
    ].join("\n");
    const made = makeAiRoutes(ts, text, "server.js");
    const lines = made.text.split("\n");
    expect(made.handlers).toEqual([2, 4, 5]);
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe('const OpenAI = require("openai"); const openai = new OpenAI(); const server = require("express")();');
    expect(lines[1]).toBe(`async function show(req, res) { ${MODEL_CALL} res.end(); }`);
    expect(lines[2]).toBe(text.split("\n")[2]);
    expect(lines[3]).toBe(`server.get("/a", check, async (request, reply) => { ${MODEL_CALL} return (reply.end()); });`);
    expect(lines[4]).toBe(`server.get("/b", async function (req, res) { ${MODEL_CALL}`);
  });

  it("imports the client in a module", async () => {
    const ts = await loadTypeScript();
    const made = makeAiRoutes(ts, 'import fastify from "fastify";\nexport const h = (req, res) => {};', "srv.ts");
    expect(made.text.split("\n")[0]).toBe('import OpenAI from "openai"; const openai = new OpenAI(); import fastify from "fastify";');
    expect(made.handlers).toEqual([2]);
  });
});

describe("lines left unscored", () => {
  it("are the lines naming a handler the peer does not call expensive, outside the expected ones", () => {
    const text = ["app.get('/x', cheap);", "app.get('/y', cheapest);", "app.get('/z', cheap); // flagged", "// cheap in a comment only"].join("\n");
    expect([...unscoredLines(text, ["cheap"], [3])]).toEqual([1]);
    expect(unscoredLines(text, [], []).size).toBe(0);
  });
});
