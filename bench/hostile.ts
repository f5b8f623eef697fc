/**
 * A sweep of hostile text: for each token a scanner of ours keys on, small projects whose
 * code file, `.env` file and Markdown page hold that token over and over, the token before a
 * long run of spaces and a stray carriage return, or the token on every line. Each is scanned in a fresh process with a time limit. A pattern that
 * reads the same stretch again from each starting point (quadratic or worse) shows up here
 * as a scan that takes seconds, or runs into the limit. Its linear neighbours take under
 * one second.
 *
 * With `--shapes`, hostile project shapes instead (`bench/hostile-shapes.ts`: chains of
 * thousands of files, diamonds whose ways through double at every level).
 *
 * Usage: npm run build && node dist/bench/hostile.js [--kb 300] [--limit-s 60] [--slow-ms 3000] [--only <substring>]
 *        npm run build && node dist/bench/hostile.js --shapes [--files 3000] [--levels 22]   (--slow-ms defaults to 10000 there)
 * Exit code 1 when any case is slower than --slow-ms. Timings are this machine's; never a test.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ScanOnceReport } from "./scan-once.js";
import { hostileShapes } from "./hostile-shapes.js";

const HERE = dirname(fileURLToPath(import.meta.url));
// Outside the repository: a folder its .gitignore covers (.bench-cache) would be scanned as empty.
const WORK = mkdtempSync(join(tmpdir(), "aigis-hostile-"));

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

/** Writes a project, scans it in a fresh process with a time limit, removes it. */
function runCase(name: string, project: Record<string, string>, limitMs: number): { name: string; ms: number; outcome: string } {
  const dir = join(WORK, "case");
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(project)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const started = Date.now();
  const child = spawnSync(process.execPath, [join(HERE, "scan-once.js"), dir], { encoding: "utf8", timeout: limitMs });
  const ms = Date.now() - started;
  const report = child.status === 0 ? (JSON.parse(child.stdout) as ScanOnceReport) : undefined;
  const outcome = child.error ? "over the limit" : !report ? `exit ${child.status}: ${child.stderr.split("\n")[0]}` : report.files === 0 ? "no file scanned" : `${report.files} files, ${report.findings} findings`;
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(".");
  return { name, ms, outcome };
}

/** The text cases: each token in each shape, as a code (or component) file, an env file and a Markdown page. */
function textCases(bytes: number, only: string | undefined): Array<{ name: string; project: Record<string, string> }> {
  const tokens = [...TOKENS.map((t) => [t, "ts"] as const), ...COMPONENT_TOKENS].filter(([t]) => only === undefined || t.includes(only));
  return tokens.flatMap(([token, ext]) =>
    SHAPES.map((shape) => {
      const text = body(token, shape, bytes);
      return {
        name: `${JSON.stringify(token)} ${shape} (.${ext})`,
        project: {
          "package.json": JSON.stringify({ name: "hostile", dependencies: { openai: "^4", ai: "^4", express: "^4", next: "15.0.0", "@langchain/core": "^0.3" } }),
          [`a.${ext}`]: (ext === "ts" ? "import OpenAI from 'openai';\n" : "") + text,
          // The same text as an env file and a document: those are read by other scanners (env entries, keys in prose).
          ".env": text,
          "notes.md": text,
        },
      };
    }),
  );
}

function main(): void {
  const bytes = option("--kb", 300) * 1024;
  const limitMs = option("--limit-s", 60) * 1000;
  const shapes = process.argv.includes("--shapes");
  // A text case is one file; a shape is thousands, judged like a corpus repository (10 s).
  const slowMs = option("--slow-ms", shapes ? 10_000 : 3000);
  const onlyAt = process.argv.indexOf("--only");
  const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;
  const cases = shapes ? hostileShapes(option("--files", 3000), option("--levels", 22)) : textCases(bytes, only);
  const results = cases.map(({ name, project }) => runCase(name, project, limitMs));
  rmSync(WORK, { recursive: true, force: true });
  process.stderr.write("\n");
  const sorted = [...results].sort((a, b) => b.ms - a.ms);
  const slow = sorted.filter((r) => r.ms > slowMs || r.outcome === "over the limit" || r.outcome === "no file scanned" || r.outcome.startsWith("exit"));
  console.log(shapes ? `hostile project shapes: ${results.length} cases, each in a fresh process` : `hostile-text sweep: ${results.length} cases of ${Math.round(bytes / 1024)} KB, each in a fresh process`);
  for (const r of sorted.slice(0, 10)) console.log(`${String(r.ms).padStart(8)} ms  ${r.name}  ${r.outcome}`);
  console.log(slow.length ? `${slow.length} case(s) over ${slowMs} ms or failed` : `every case under ${slowMs} ms`);
  if (slow.length) process.exitCode = 1;
}

main();
