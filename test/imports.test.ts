/** The import scanner that builds the module graph of every file. */
import { describe, expect, it } from "vitest";
import { scanImports } from "../src/facts/imports.js";

describe("scanImports", () => {
  it("reads every import form, and skips commented-out and type-only edges correctly", () => {
    const text = [
      '"use client";',
      'import OpenAI, { type ClientOptions, toFile as upload } from "openai";',
      'import * as ai from "ai";',
      'import type { Session } from "next-auth";',
      'import "./styles.css";',
      'export { chat as default } from "./chat";',
      'export * from "./more";',
      'const { Groq } = require("groq-sdk");',
      'const lazy = await import("./lazy");',
      '// import nope from "commented";',
      ' * import alsoNope from "jsdoc";',
    ].join("\n");
    const header = scanImports(text);
    expect(header.directive).toBe("use client");
    expect(header.imports.map((i) => [i.specifier, i.kind, i.typeOnly, i.names.map((n) => `${n.imported}:${n.local ?? ""}`).join(",")])).toEqual([
      ["openai", "import", false, "default:OpenAI,toFile:upload"],
      ["ai", "import", false, "*:ai"],
      ["next-auth", "import", true, "Session:Session"],
      ["./styles.css", "import", false, ""],
      ["./chat", "export-from", false, "chat:default"],
      ["./more", "export-from", false, "*:"],
      ["groq-sdk", "require", false, "Groq:Groq"],
      ["./lazy", "dynamic", false, "*:lazy"],
    ]);
  });

  it("finds keywords at the file's start and nowhere inside longer words or methods", () => {
    const text = [
      'export * from "./first";',
      'const important = reimport("./no"); // supports exported names',
      'const x = loader.require("./method");',
      'const merged = { ...require("./spread") };',
      'import {a}from"./tight";',
    ].join("\n");
    expect(scanImports(text).imports.map((i) => [i.specifier, i.kind, i.offset])).toEqual([
      ["./first", "export-from", 15],
      ["./spread", "require", text.indexOf("./spread")],
      ["./tight", "import", text.indexOf("./tight")],
    ]);
  });

  it("finds a directive after a long comment header quickly (no regex backtracking)", () => {
    const header = `${"/**\n * licence line\n */\n// another\n".repeat(5000)}\n'use server';\nexport async function act() {}\n`;
    expect(scanImports(header).directive).toBe("use server");
    // A long comment header without a directive used to take seconds in a backtracking regex.
    expect(scanImports(`${"/** x */\n\n// y\n".repeat(20000)}const a = 1;`).directive).toBeUndefined();
  });
});
