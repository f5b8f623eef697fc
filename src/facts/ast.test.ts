/** Small syntax helpers shared by the model parts. */
import { beforeAll, describe, expect, it } from "vitest";
import { jsonStringifyArgument, returnedExpressions } from "./ast.js";
import { loadTypeScript, type Ts, type TsNode } from "./typescript.js";

let ts: Ts;
beforeAll(async () => {
  ts = await loadTypeScript();
});

/** The expression of `const x = <text>;`. */
function expression(text: string): TsNode {
  const tree = ts.createSourceFile("a.ts", `const x = ${text};`, ts.ScriptTarget.Latest, true);
  const statement = tree.statements[0] as unknown as { declarationList: { declarations: Array<{ initializer: TsNode }> } };
  return statement.declarationList.declarations[0]!.initializer;
}

describe("jsonStringifyArgument", () => {
  it("gives what JSON.stringify is given, however it is written around, and whatever else it is given", () => {
    for (const text of ["JSON.stringify(body)", "(JSON.stringify(body as Payload))", "JSON.stringify(body, null, 2)", "JSON.stringify(body)!"]) {
      expect(jsonStringifyArgument(ts, expression(text))?.getText()).toBe("body");
    }
  });

  it("is undefined for any other call or value", () => {
    for (const text of ["qs.stringify(body)", "stringify(body)", "JSON.parse(body)", "JSON.stringify()", "body", "myJSON.stringify(body)"]) {
      expect(jsonStringifyArgument(ts, expression(text))).toBeUndefined();
    }
  });
});

describe("returnedExpressions", () => {
  it("gives an arrow's expression body, or a function's own returns in order (not those of functions inside it), once", () => {
    const arrow = expression("(a) => a + 1");
    expect(returnedExpressions(ts, arrow).map((n) => n.getText())).toEqual(["a + 1"]);
    const fn = expression("function (x) { if (x) return first(x); const f = () => { return inner; }; [1].map(function () { return 2; }); return last; }");
    const returned = returnedExpressions(ts, fn);
    expect(returned.map((n) => n.getText())).toEqual(["first(x)", "last"]);
    expect(returnedExpressions(ts, fn)).toBe(returned);
    expect(returnedExpressions(ts, expression("function () { return; }"))).toEqual([]);
  });
});
