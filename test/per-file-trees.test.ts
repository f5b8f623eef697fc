/**
 * Per-file rules run file by file, before any project-wide part, and a syntax tree only
 * they asked for is let go once they are done with the file (memory on large repos). A
 * tree asked for again is parsed again: same shape, new nodes, its warnings given once.
 */
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { defineRule, type Rule, type RuleMeta } from "../src/engine/rule.js";
import { FileFacts } from "../src/facts/file-facts.js";
import { loadTypeScript, type TsSourceFile } from "../src/facts/typescript.js";
import { tempProjects } from "./helpers/temp-projects.js";

const project = tempProjects("aigis-per-file-trees-");

function meta(id: string): RuleMeta {
  return { id, title: id, checklist: [], severity: "info", cwe: [], description: "test only", fix: "none", example: { bad: "", good: "" }, scope: "test" };
}

describe("FileFacts.releaseSyntaxTree", () => {
  it("parses a released tree again, with new nodes and without repeating its warnings", async () => {
    const ts = await loadTypeScript();
    const file = new FileFacts("broken.ts", "/x/broken.ts", "const a = ;\nexport const b = 2;\n");
    const first = file.syntaxTree(ts)!;
    expect(file.warnings).toHaveLength(1);
    expect(file.warnings[0]!.message).toMatch(/could not be parsed cleanly/);
    file.releaseSyntaxTree();
    expect(file.hasSyntaxTree).toBe(false);
    const second = file.syntaxTree(ts)!;
    expect(second).not.toBe(first);
    expect(second.statements.map((s) => s.getText(second))).toEqual(first.statements.map((s) => s.getText(first)));
    expect(file.warnings).toHaveLength(1);
    expect(file.syntaxTree(ts)).toBe(second);
  });

  it("keeps a file that was refused as code refused", async () => {
    const ts = await loadTypeScript();
    const deep = `const x = ${"[".repeat(3000)}${"]".repeat(3000)};\n`;
    const file = new FileFacts("deep.ts", "/x/deep.ts", deep);
    expect(file.syntaxTree(ts)).toBeUndefined();
    expect(file.notAnalysed).toBeDefined();
    file.releaseSyntaxTree();
    expect(file.hasSyntaxTree).toBe(true);
    expect(file.syntaxTree(ts)).toBeUndefined();
    expect(file.warnings.filter((w) => /not analysed as code/.test(w.message))).toHaveLength(1);
  });
});

describe("per-file rules in the scan", () => {
  it("runs them file by file before any project-wide part, and lets go of the trees only they parsed", async () => {
    const dir = project({ "a.ts": "export const a = 1;\n", "b.ts": "export const b = ;\n", "c.ts": "export const c = 3;\n" });
    const calls: string[] = [];
    const seen = new Map<string, TsSourceFile>();
    const perFile = (id: string): Rule =>
      defineRule({
        meta: meta(id),
        checkFile(file, context) {
          calls.push(`${id} ${file.relPath}`);
          const tree = file.syntaxTree(context.ts)!;
          // The rules on one file share its tree.
          if (seen.has(file.relPath)) expect(tree).toBe(seen.get(file.relPath));
          seen.set(file.relPath, tree);
        },
      });
    let laterA: TsSourceFile | undefined;
    const early = defineRule({
      meta: meta("test-project-first"),
      checkProject(p, context) {
        calls.push("project");
        laterA = p.file("a.ts")!.syntaxTree(context.ts);
        p.file("b.ts")!.syntaxTree(context.ts);
      },
    });
    const result = await scan({ target: dir, rules: [early, perFile("test-x"), perFile("test-y")] });
    expect(calls).toEqual(["test-x a.ts", "test-y a.ts", "test-x b.ts", "test-y b.ts", "test-x c.ts", "test-y c.ts", "project"]);
    // Released after the per-file pass: the project part gets a tree of its own.
    expect(laterA).toBeDefined();
    expect(laterA).not.toBe(seen.get("a.ts"));
    // b.ts, parsed twice, has its parse error reported once.
    expect(result.stats.warnings.filter((w) => w.file === "b.ts")).toHaveLength(1);
  });
});
