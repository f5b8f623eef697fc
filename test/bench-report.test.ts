import { describe, expect, it } from "vitest";
import { chunkArgs, countUnixFindings, formatTable, median, scalingVerdict, slowestFiles } from "../bench/report.js";

describe("bench report helpers", () => {
  it("lays a table out with the first column left-aligned and the others right-aligned", () => {
    expect(formatTable(["target", "ms"], [["a", "1234"], ["longer", "5"]]).split("\n")).toEqual([
      "target    ms",
      "------  ----",
      "a       1234",
      "longer     5",
    ]);
  });

  it("sums each file's parse and rule times and lists the costliest first, ties by path", () => {
    const slow = slowestFiles(
      [
        ["b.ts", "(parse)", 30],
        ["b.ts", "rule-x", 20],
        ["a.ts", "rule-x", 50],
        ["c.ts", "rule-y", 1],
      ],
      2,
    );
    expect(slow).toEqual([
      { file: "a.ts", ms: 50, parseMs: 0 },
      { file: "b.ts", ms: 50, parseMs: 30 },
    ]);
  });

  it("calls the time per file flat within 1.5× from the smallest row to the largest, and growing beyond", () => {
    const flat = scalingVerdict([
      { files: 8000, scanMs: 11_000, floorMs: 1000 },
      { files: 1000, scanMs: 1000, floorMs: 200 },
    ]);
    expect(flat?.flat).toBe(true);
    expect(flat?.growth).toBeCloseTo(1.375);
    const grows = scalingVerdict([
      { files: 1000, scanMs: 1000, floorMs: 200 },
      { files: 8000, scanMs: 13_000, floorMs: 1000 },
    ]);
    expect(grows?.flat).toBe(false);
    expect(grows?.text).toContain("grows");
    expect(scalingVerdict([{ files: 1000, scanMs: 1, floorMs: 1 }])).toBeUndefined();
  });

  it("counts secretlint unix-format findings and splits long argument lists", () => {
    expect(countUnixFindings("/t/a.env:3:1: found AWS key [Error/@secretlint/x]\n/t/b.ts:10:5: found key [Error/y]\n\n2 problems\n")).toBe(2);
    expect(chunkArgs(["aaaa", "bb", "cccc", "d"], 8)).toEqual([["aaaa", "bb"], ["cccc", "d"]]);
    expect(chunkArgs(["toolongforonechunk"], 4)).toEqual([["toolongforonechunk"]]);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});
