/**
 * A helper's model call reached from several routes: when more sources reach it than a
 * trace list keeps, those with the fewest checks on the way are kept (what the rules report
 * is a missing check), so an unchecked route is not dropped behind checked ones; and the
 * finding's path names every other unchecked route as a step (found on gpinterface, whose
 * one unchecked route came fifth).
 */
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";

const write = tempProjects("aigis-sources-");
const PKG = JSON.stringify({ name: "app", private: true, type: "module", dependencies: { express: "^4", openai: "^4", zod: "^3" } });
const HELPER = [
  'import OpenAI from "openai";',
  "const openai = new OpenAI();",
  "export async function summarise(text) {",
  '  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "system", content: "Summarise the text in two sentences." }, { role: "user", content: text }] });',
  "  return r.choices[0].message.content;",
  "}",
].join("\n");
// Three checked fields each: three sources per route, ahead of the unchecked routes (8 in all, over a list's 6).
const checked = (path: string) =>
  [
    'import { Router } from "express";',
    'import { z } from "zod";',
    'import { summarise } from "../lib/summarise.js";',
    "export const router = Router();",
    "const Body = z.object({ title: z.string().max(200), text: z.string().max(2000), tags: z.string().max(100) });",
    `router.post("${path}", async (req, res) => {`,
    "  const { title, text, tags } = Body.parse(req.body);",
    '  res.json({ out: await summarise(title + " / " + text + " / " + tags) });',
    "});",
  ].join("\n");
const unchecked = (path: string) =>
  [
    'import { Router } from "express";',
    'import { summarise } from "../lib/summarise.js";',
    "export const router = Router();",
    `router.post("${path}", async (req, res) => res.json({ out: await summarise(req.body.text) }));`,
  ].join("\n");

describe("sources of a shared helper's call", () => {
  it("unchecked routes are kept past checked ones, and each is a step of the finding's path", async () => {
    const result = await scan({
      target: write({ "package.json": PKG, "lib/summarise.js": HELPER, "routes/a.js": checked("/a"), "routes/b.js": checked("/b"), "routes/e.js": unchecked("/e"), "routes/f.js": unchecked("/f") }),
    });
    const found = result.findings.filter((f) => f.ruleId === "unbounded-input-to-model" || f.ruleId === "unvalidated-input-to-model");
    expect(found.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(["unbounded-input-to-model lib/summarise.js:4", "unvalidated-input-to-model lib/summarise.js:4"]);
    for (const finding of found) {
      expect((finding.path ?? []).map((p) => `${p.file}:${p.line}`)).toEqual(["routes/e.js:4", "routes/f.js:4", "lib/summarise.js:3", "lib/summarise.js:4"]);
    }
  });
});
