/**
 * Documents let go of their text once the per-file rules have read them: a later question
 * reads the file again from disk (and says so when it changed), and a scan of ordinary
 * documents reads none of them twice.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { ALL_RULES } from "../rules/index.js";
import type { Rule } from "../src/engine/rule.js";
import { ownCopy } from "../src/util/text.js";
import { FileFacts } from "../src/facts/file-facts.js";
import { LiteralGate, LiteralsSeen } from "../src/facts/literal-gates.js";
import { tempProjects } from "./helpers/temp-projects.js";
import { leakedSlices, makeKeys } from "./helpers/cli.js";

const write = tempProjects("aigis-document-texts-");
const PROSE = "Setting up the assistant.\n".repeat(600);

describe("a file's text, let go", () => {
  it("is read again when asked for, and a change or a deletion is said", () => {
    const dir = write({ "docs/guide.md": "# Guide\n", "docs/gone.md": "# Gone\n" });
    const read = (rel: string) => () => {
      try {
        return readFileSync(join(dir, rel), "utf8");
      } catch {
        return undefined;
      }
    };
    const same = new FileFacts("docs/guide.md", join(dir, "docs/guide.md"), "# Guide\n");
    same.letTextGo(read("docs/guide.md"));
    expect(same.text).toBe("# Guide\n");
    expect(same.warnings).toEqual([]);

    const changed = new FileFacts("docs/guide.md", join(dir, "docs/guide.md"), "# Guide\n");
    changed.letTextGo(read("docs/guide.md"));
    writeFileSync(join(dir, "docs/guide.md"), "# Guide, longer now\n");
    expect(changed.text).toBe("# Guide, longer now\n");
    expect(changed.warnings.map((w) => w.message)).toEqual(["changed during the scan: later checks saw its new text"]);

    const gone = new FileFacts("docs/gone.md", join(dir, "docs/gone.md"), "# Gone\n");
    gone.letTextGo(read("docs/gone.md"));
    rmSync(join(dir, "docs/gone.md"));
    expect(gone.text).toBe("");
    expect(gone.warnings.map((w) => w.message)).toEqual(["could not be read again during the scan (deleted or unreadable): later checks saw it as empty"]);
  });

  it("a gate's confirming pattern runs once per text, so asking again needs no text", () => {
    let reads = 0;
    const seen = new LiteralsSeen(() => {
      reads++;
      return "see https://user:pass@example.com";
    });
    const gate = new LiteralGate([{ literal: "://", pattern: /\w+:\w+@/ }]);
    expect(gate.test(seen)).toBe(true);
    const afterFirst = reads;
    expect(gate.test(seen)).toBe(true);
    expect(reads).toBe(afterFirst);
  });
});

describe("a scan", () => {
  it("reads no document twice, and still reports and masks a key written in one", async () => {
    const key = makeKeys(7).openai;
    const dir = write({
      "package.json": JSON.stringify({ name: "docs-app", dependencies: { openai: "^4" } }),
      "README.md": `# Docs app\n${PROSE}`,
      "docs/setup.md": `${PROSE}Export OPENAI_API_KEY=${key.value} before you start.\n${PROSE}`,
      "docs/notes.txt": `${PROSE}see https://example.com and ://\n`,
      "src/ai.ts": 'import OpenAI from "openai";\nexport const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n',
    });
    const before = FileFacts.textsReadAgain;
    const result = await scan({ target: dir });
    const keys = result.findings.filter((f) => f.ruleId === "hardcoded-provider-key");
    expect(keys.map((f) => [f.file, f.line])).toEqual([["docs/setup.md", 601]]);
    expect(leakedSlices(JSON.stringify(result), key)).toEqual([]);
    expect(FileFacts.textsReadAgain - before).toBe(0);
  });
});

describe("test files' texts", () => {
  it("are let go once the per-file rules are done when no rule parsed them; their imports and called names stay, and a test's inline \"use server\" is no server action", async () => {
    const dir = write({
      "package.json": JSON.stringify({ name: "chat", dependencies: { next: "^15", openai: "^4" } }),
      "lib/ai.ts": 'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport const complete = (prompt: string) => openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });\n',
      "app/actions.ts": '"use server";\nimport { complete } from "../lib/ai";\nexport async function ask(prompt: string) {\n  return complete(prompt);\n}\n',
      "app/page.tsx": 'import { ask } from "./actions";\nexport default function Page() {\n  return <form action={ask} />;\n}\n',
      "app/page.test.tsx": `import { complete } from "../lib/ai";\nexport function Fixture() {\n  async function act(form: FormData) {\n    "use server";\n    await complete(String(form.get("q")));\n  }\n  return <form action={act} />;\n}\n// ${PROSE.slice(0, 200)}\n`,
    });
    const held: Record<string, boolean> = {};
    const facts: Record<string, unknown> = {};
    // Runs after every rule: what the scan still holds at its end.
    const probe: Rule = {
      meta: { ...ALL_RULES[0]!.meta, id: "probe-texts", checklist: [] },
      checkProject(project) {
        for (const file of project.files) if (file.isCode) held[file.relPath] = file.holdsText;
        const test = project.file("app/page.test.tsx")!;
        facts.imports = test.header.imports.map((i) => i.specifier);
        facts.calls = [...test.calledNames].sort();
      },
    };
    const before = FileFacts.textsReadAgain;
    const result = await scan({ target: dir, rules: [...ALL_RULES, probe] });
    expect(held).toEqual({ "lib/ai.ts": true, "app/actions.ts": true, "app/page.tsx": true, "app/page.test.tsx": false });
    expect(facts).toEqual({ imports: ["../lib/ai"], calls: ["Fixture", "String", "act", "complete", "get"] });
    expect(FileFacts.textsReadAgain - before).toBe(0);
    expect(result.findings.filter((f) => f.ruleId === "ai-route-without-auth").map((f) => `${f.file}:${f.line}`)).toEqual(["app/actions.ts:3"]);
  });

  it("a name kept from a text is an equal string, short ones as they are", () => {
    const text = `const x = createChatCompletionStream(y);`;
    const long = text.slice(10, 36);
    expect(ownCopy(long)).toBe("createChatCompletionStream");
    const short = text.slice(0, 5);
    expect(ownCopy(short)).toBe(short);
  });
});
