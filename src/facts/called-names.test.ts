import { describe, expect, it } from "vitest";
import { calledNames, scanCalls } from "./called-names.js";

describe("calledNames", () => {
  it("finds calls, member calls, constructions and generic calls", () => {
    const names = calledNames("const a = foo(1); x.y.create ( {} ); new OpenAI(); useState<string | null>(null); f\n(2)");
    expect([...names].sort()).toEqual(["OpenAI", "create", "f", "foo", "useState"]);
  });

  it("ignores words not followed by a call", () => {
    const names = calledNames("const model = client.chat; a < b; { c }");
    expect([...names]).toEqual([]);
  });

  it("gives a superset: keywords and comparisons that look like type arguments may count, calls never go missing", () => {
    const names = calledNames("if (a < b; c > (d)) g(1)");
    expect(names.has("g")).toBe(true);
    expect(names.has("a")).toBe(false);
    expect(names.has("if")).toBe(true);
  });

  it("is linear on one very long word", () => {
    const names = calledNames("a".repeat(200_000) + " x");
    expect(names.size).toBe(0);
  });

  it("reads a name back from its parenthesis: leading digits dropped, nested type arguments skipped, arrows and comparisons left out", () => {
    const names = calledNames("0x1f(2); load<Map<string, Array<number>>>(k); const f = (x) => (x); if (a > (b)) {} n<T>\n (1)");
    expect([...names].sort()).toEqual(["if", "load", "n", "x1f"]);
  });

  it("stays linear on parentheses after long runs of spaces, words and type brackets", () => {
    const text = `${"(".repeat(50_000)}${" ".repeat(100_000)}(${"w".repeat(100_000)}(${">".repeat(100_000)}(`;
    // A walk back past the previous parenthesis would be quadratic here: minutes, past the test's timeout.
    const names = calledNames(text);
    expect([...names]).toEqual(["w".repeat(100_000)]);
  });

  it("tells member calls apart: after a dot (optional chaining and line breaks too), not after a spread", () => {
    const { names, afterDot } = scanCalls("run(job);\nclient.chat.completions.create({});\nagent?.stream(x);\nconst s = res\n  .json(body);\nf(...items(1));\nnew OpenAI();\ntool(x); a.tool(y);");
    expect([...names].sort()).toEqual(["OpenAI", "create", "f", "items", "json", "run", "stream", "tool"]);
    expect([...afterDot].sort()).toEqual(["create", "json", "stream", "tool"]);
  });
});
