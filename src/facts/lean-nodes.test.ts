/**
 * Lean syntax-tree nodes: the trees aigis parses answer every question the rules ask of a
 * node as before, lack only the fields of the checker and emitter, and the compiler's own
 * constructors are back once the parse ends (a program built afterwards gets full nodes).
 */
import { describe, expect, it } from "vitest";
import { loadTypeScript, type TsNode } from "./typescript.js";
import { withLeanNodes } from "./lean-nodes.js";
import { FileFacts } from "./file-facts.js";

const CODE = 'import OpenAI from "openai";\nexport const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n#private;\n';

describe("lean nodes", () => {
  it("parses trees whose nodes keep the compiler's methods but not the checker's fields", async () => {
    const ts = await loadTypeScript();
    const facts = new FileFacts("src/client.ts", "/app/src/client.ts", 'import OpenAI from "openai";\nexport const client = new OpenAI();\n');
    const tree = facts.syntaxTree(ts)!;
    const statement = tree.statements[1]!;
    expect(statement.getText()).toBe("export const client = new OpenAI();");
    expect(statement.getStart()).toBe(29);
    const identifiers: TsNode[] = [];
    const visit = (node: TsNode): void => {
      if (ts.isIdentifier(node)) identifiers.push(node);
      ts.forEachChild(node, visit);
    };
    visit(tree);
    expect(identifiers.map((node) => (node as { text: string } & TsNode).text)).toEqual(["OpenAI", "client", "OpenAI"]);
    for (const node of [tree, statement, ...identifiers]) {
      expect(Object.hasOwn(node, "emitNode")).toBe(false);
      expect(Object.hasOwn(node, "original")).toBe(false);
      expect(Object.hasOwn(node, "id")).toBe(false);
    }
    // The compiler still treats the missing fields as their initial values.
    expect(ts.getCombinedModifierFlags(statement as never) & ts.ModifierFlags.Export).toBe(ts.ModifierFlags.Export);
  });

  it("stores no binder field the factories write as undefined, and keeps one that is given a value", async () => {
    const ts = await loadTypeScript();
    const tree = withLeanNodes(ts, () => ts.createSourceFile("d.ts", "function f(a) { return a?.b; }\nconst x = f(1);\n", ts.ScriptTarget.Latest));
    const nodes: TsNode[] = [];
    const visit = (node: TsNode): void => {
      nodes.push(node);
      ts.forEachChild(node, visit);
    };
    visit(tree);
    expect(nodes.length).toBeGreaterThan(10);
    for (const node of nodes) {
      for (const field of ["symbol", "localSymbol", "jsDoc", "flowNode", "locals", "nextContainer"]) {
        expect(Object.hasOwn(node, field)).toBe(false);
        expect((node as unknown as Record<string, unknown>)[field]).toBeUndefined();
      }
    }
    // A syntax field the parser writes as undefined is stored as usual.
    const call = nodes.find((node) => ts.isCallExpression(node))!;
    expect(Object.hasOwn(call, "questionDotToken")).toBe(true);
    const marker = { flags: 0 };
    (call as unknown as { symbol: unknown }).symbol = marker;
    expect((call as unknown as { symbol: unknown }).symbol).toBe(marker);
    expect(Object.hasOwn(nodes.find((node) => ts.isIdentifier(node))!, "symbol")).toBe(false);
    // A tree of the compiler's own constructors still has them.
    const full = ts.createSourceFile("e.ts", "const y = 1;\n", ts.ScriptTarget.Latest);
    expect(Object.hasOwn(full.statements[0]!, "jsDoc")).toBe(true);
  });

  it("puts the compiler's constructors back, also when the parse throws", async () => {
    const ts = await loadTypeScript();
    const allocator = (ts as unknown as { objectAllocator: { getNodeConstructor(): unknown; getIdentifierConstructor(): unknown } }).objectAllocator;
    const own = [allocator.getNodeConstructor(), allocator.getIdentifierConstructor()];
    withLeanNodes(ts, () => ts.createSourceFile("a.ts", CODE, ts.ScriptTarget.Latest));
    expect(() =>
      withLeanNodes(ts, () => {
        throw new RangeError("Maximum call stack size exceeded");
      }),
    ).toThrow(RangeError);
    expect([allocator.getNodeConstructor(), allocator.getIdentifierConstructor()]).toEqual(own);
    const full = ts.createSourceFile("b.ts", CODE, ts.ScriptTarget.Latest);
    expect(Object.hasOwn(full.statements[0]!, "emitNode")).toBe(true);
  });

  it("parses as usual with a compiler that hides its allocator", async () => {
    const ts = await loadTypeScript();
    const hidden = new Proxy(ts, { get: (target, name) => (name === "objectAllocator" ? undefined : Reflect.get(target, name)) });
    const tree = withLeanNodes(hidden, () => ts.createSourceFile("c.ts", CODE, ts.ScriptTarget.Latest));
    expect(Object.hasOwn(tree.statements[0]!, "emitNode")).toBe(true);
  });
});
