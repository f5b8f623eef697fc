/**
 * A sweep of hostile text: for each token a scanner of ours keys on, small projects whose
 * code file, `.env` file and Markdown page hold that token over and over, the token before a
 * long run of spaces and a stray carriage return, or the token on every line. Each is scanned in a fresh process with a time limit. A pattern that
 * reads the same stretch again from each starting point (quadratic or worse) shows up here
 * as a scan that takes seconds, or runs into the limit. Its linear neighbours take under
 * one second.
 *
 * Usage: npm run build && node dist/bench/hostile.js [--kb 300] [--limit-s 60] [--slow-ms 3000] [--only <substring>]
 * Exit code 1 when any case is slower than --slow-ms. Timings are this machine's; never a test.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ScanOnceReport } from "./scan-once.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const WORK = join(ROOT, ".bench-cache", "hostile");

/** What the scanners key on: import and export syntax, keys and env names, sinks, routes, prompts, templates. */
const TOKENS: readonly string[] = [
  "import {", "import type {", "import * as x from '", "export {", "export type {", "export * from '", "export default ", "export const ",
  "require(", "import(", "from '", "process.env.", "import.meta.env.", "NEXT_PUBLIC_", "VITE_", "OPENAI_API_KEY=", "sk-", "sk-proj-",
  "AIza", "hf_", "gsk_", "-----BEGIN", "eyJ", "apiKey", "apiKey: '", "x-api-key", "authorization", "Bearer ", "=== '",
  "{", "(", "[", "`${", "'", '"', "/*", "//", "<", "fetch(", "fetch<", "console.log(", "logger.info(", "res.json(", "res.send(",
  "throw new Error(", "catch (e) {", "ctx.body =", "c.json(", "app.get(", "router.post(", "app.use(", "@Controller(", "@UseGuards(",
  "export async function POST(", "defineEventHandler(", "matcher: [", "createRouteMatcher([", "cors(", "origin: '", "rateLimit(",
  "max_tokens:", "maxTokens:", "messages: [", "role: 'system', content: `", "system:", "new OpenAI({", "openai.chat.completions.create(",
  "generateText({", "streamText(", "ChatPromptTemplate.fromMessages([", "{input}", "{{", "z.object({", ".mutation(", "useChat(",
  "useState(", "onChange={(e) =>", "localStorage.getItem(", "dangerouslySetInnerHTML={{__html:", "innerHTML =", "eval(", "new Function(",
  "marked(", "JSON.parse(", "new RegExp(", "'use server'", "'use client'",
];
/** Tokens of component templates: written into a `.vue`, `.svelte` or `.astro` file instead. */
const COMPONENT_TOKENS: ReadonlyArray<[string, "vue" | "svelte" | "astro"]> = [
  ['v-html="', "vue"], ['v-for="', "vue"], ["{@html", "svelte"], ["{#each ", "svelte"], ["set:html={", "astro"], ["<Island client:load", "astro"], ["<script>", "astro"],
];

type Shape = "repeated" | "before-spaces" | "every-line";
const SHAPES: readonly Shape[] = ["repeated", "before-spaces", "every-line"];
/** Newlines after the text, so that a file of one long line is not taken for a minified bundle (those are not parsed). */
const LINE_PADDING = "\n".repeat(4_000);

function body(token: string, shape: Shape, bytes: number): string {
  if (shape === "repeated") return token.repeat(Math.ceil(bytes / token.length)) + LINE_PADDING;
  // The carriage return makes a line pattern fail at the end, after trying every split of the spaces.
  if (shape === "before-spaces") return `${token}${" ".repeat(bytes)}\rx\n${LINE_PADDING}`;
  return `${token}\n`.repeat(Math.ceil(bytes / (token.length + 1)));
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

function main(): void {
  const bytes = option("--kb", 300) * 1024;
  const limitMs = option("--limit-s", 60) * 1000;
  const slowMs = option("--slow-ms", 3000);
  const onlyAt = process.argv.indexOf("--only");
  const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;
  const cases = [...TOKENS.map((t) => [t, "ts"] as const), ...COMPONENT_TOKENS].filter(([t]) => only === undefined || t.includes(only));
  rmSync(WORK, { recursive: true, force: true });
  const results: Array<{ name: string; ms: number; outcome: string }> = [];
  cases.forEach(([token, ext], index) => {
    for (const shape of SHAPES) {
      const dir = join(WORK, `${String(index).padStart(3, "0")}-${shape}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "hostile", dependencies: { openai: "^4", ai: "^4", express: "^4", next: "15.0.0", "@langchain/core": "^0.3" } }));
      const text = body(token, shape, bytes);
      writeFileSync(join(dir, `a.${ext}`), (ext === "ts" ? "import OpenAI from 'openai';\n" : "") + text);
      // The same text as an env file and a document: those are read by other scanners (env entries, keys in prose).
      writeFileSync(join(dir, ".env"), text);
      writeFileSync(join(dir, "notes.md"), text);
      const started = Date.now();
      const child = spawnSync(process.execPath, [join(HERE, "scan-once.js"), dir], { encoding: "utf8", timeout: limitMs });
      const ms = Date.now() - started;
      const outcome = child.error ? "over the limit" : child.status === 0 ? `${(JSON.parse(child.stdout) as ScanOnceReport).findings} findings` : `exit ${child.status}: ${child.stderr.split("\n")[0]}`;
      results.push({ name: `${JSON.stringify(token)} ${shape} (.${ext})`, ms, outcome });
      rmSync(dir, { recursive: true, force: true });
      process.stderr.write(".");
    }
  });
  process.stderr.write("\n");
  const sorted = [...results].sort((a, b) => b.ms - a.ms);
  const slow = sorted.filter((r) => r.ms > slowMs || r.outcome === "over the limit" || r.outcome.startsWith("exit"));
  console.log(`hostile-text sweep: ${results.length} cases of ${Math.round(bytes / 1024)} KB, each in a fresh process`);
  for (const r of sorted.slice(0, 10)) console.log(`${String(r.ms).padStart(8)} ms  ${r.name}  ${r.outcome}`);
  console.log(slow.length ? `${slow.length} case(s) over ${slowMs} ms or failed` : `every case under ${slowMs} ms`);
  if (slow.length) process.exitCode = 1;
}

main();
