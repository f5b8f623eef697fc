/**
 * The search for a function's callers (what the data-flow tracker asks to follow a parameter
 * back to the arguments given it): it finds the calls wherever the function can be reached
 * from, through a barrel too, and parses no file that cannot reach it, however often that
 * file calls a function of the same name (issue 11: a generic name such as `run` is called
 * in thousands of files of a large repository).
 */
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { tempProjects } from "./helpers/temp-projects.js";

const write = tempProjects("aigis-callers-");
const PKG = JSON.stringify({ name: "app", private: true, dependencies: { openai: "^4" } });

describe("a caller search", () => {
  it("finds the calls in the files importing the function, and parses no file that cannot reach it", async () => {
    const dir = write({
      "package.json": PKG,
      "src/lib/summarise.ts":
        'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport function summarise(text: string) {\n  return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: `Summarise this: ${text}` }] });\n}\n',
      "src/lib/index.ts": 'export * from "./summarise";\n',
      "src/routes/notes.ts": 'import { summarise } from "../lib";\nexport const note = (body: { text: string }) => summarise(body.text);\n',
      // An AI file (it imports `openai`) with a function of its own by the same name: no call of the helper can be here.
      "src/tools/digest.ts": 'import { toFile } from "openai";\nfunction summarise(lines: string[]) {\n  return lines.join(" ").slice(0, 80);\n}\nexport const digest = (lines: string[]) => [summarise(lines), toFile];\n',
    });
    const { project, ts } = await loadProject(dir, defaultConfig());
    const { evaluator } = project.aiSurface(ts);
    const tree = project.file("src/lib/summarise.ts")!.syntaxTree(ts)!;
    const helper = tree.statements.find(ts.isFunctionDeclaration)!;
    const calls = [...evaluator.callsReachingFunction(helper, "summarise", "src/lib/summarise.ts")];
    expect(calls.map((c) => `${c.site.file}:${project.file(c.site.file)!.positionAt(c.node.getStart(c.site.tree)).line}`)).toEqual(["src/routes/notes.ts:2"]);
    expect(project.file("src/tools/digest.ts")!.hasSyntaxTree).toBe(false);
  });
});
