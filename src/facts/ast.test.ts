/** Small syntax helpers shared by the model parts. */
import { beforeAll, describe, expect, it } from "vitest";
import { jsonStringifyArgument } from "./ast.js";
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
