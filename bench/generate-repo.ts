/**
 * A deterministic synthetic monorepo for the benchmark: a Next.js web app, an Express
 * API, a Vite playground, shared packages (ui, utils, types, ai…), tests, scripts, docs,
 * configs, a few Vue/Svelte components and env files. About 1 % of the files hold AI
 * code (openai, @anthropic-ai/sdk, the ai SDK, provider-key env reads, one next.config.js
 * and one vite.config.ts), and a handful hold fake, generated provider keys, so a scan
 * has something to report.
 *
 * The tree is committed to its own git repository (so discovery sees a real work tree,
 * not the ignore rules of whatever repository holds the cache), and reused while its
 * marker file names the same files, seed and generator version.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { aiFiles, fixedFiles, keyFiles } from "./synthetic-fixed.js";
import {
  ENTITIES,
  Rng,
  UI_NOUNS,
  VERBS,
  cssFile,
  expressRouter,
  generatedTypes,
  jsonData,
  markdownDoc,
  nextPage,
  nextRoute,
  nodeScript,
  pascal,
  reactComponent,
  serviceModule,
  sourceSize,
  svelteComponent,
  testFile,
  utilityModule,
  vueComponent,
} from "./synthetic-code.js";

/** Bump when the generated content changes, so cached trees are rebuilt. */
export const GENERATOR_VERSION = 1;
export const MARKER_FILE = ".aigis-bench.json";

export interface GenerateOptions {
  files: number;
  seed: number;
}

export interface GeneratedRepo {
  dir: string;
  files: number;
  bytes: number;
  /** True when an existing tree with the same marker was reused. */
  reused: boolean;
  /** True when the tree is a committed git work tree of its own. */
  git: boolean;
}

interface Marker {
  version: number;
  files: number;
  seed: number;
  bytes: number;
  git: boolean;
}

export function generateRepo(dir: string, options: GenerateOptions): GeneratedRepo {
  const existing = readMarker(dir);
  if (existing && existing.version === GENERATOR_VERSION && existing.files === options.files && existing.seed === options.seed) {
    return { dir, files: existing.files, bytes: existing.bytes, git: existing.git, reused: true };
  }
  rmSync(dir, { recursive: true, force: true });
  const layout = planRepo(options);
  let bytes = 0;
  for (const [path, content] of layout.files) {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    bytes += Buffer.byteLength(content);
  }
  const git = commitAll(dir);
  // Written last: a half-written tree never carries a valid marker.
  const marker: Marker = { version: GENERATOR_VERSION, files: layout.files.size, seed: options.seed, bytes, git };
  writeFileSync(join(dir, MARKER_FILE), JSON.stringify(marker, null, 2) + "\n");
  return { dir, files: marker.files, bytes, git, reused: false };
}

function readMarker(dir: string): Marker | undefined {
  const path = join(dir, MARKER_FILE);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Marker;
  } catch {
    return undefined;
  }
}

/** Paths and contents of the whole tree; each path is unique. */
export class Layout {
  readonly files = new Map<string, string>();

  constructor(readonly r: Rng) {}

  add(path: string, content: string): void {
    this.files.set(this.free(path), content);
  }

  /** Draws paths until one is free (falls back to a numbered name), then writes it. */
  addDrawn(draw: () => DrawnFile): void {
    let drawn = draw();
    for (let tries = 0; tries < 8 && this.files.has(drawn.path); tries++) drawn = draw();
    this.files.set(this.free(drawn.path), drawn.content());
  }

  private free(path: string): string {
    if (!this.files.has(path)) return path;
    const dot = path.lastIndexOf(".");
    const slash = path.lastIndexOf("/");
    const [stem, ext] = dot > slash + 1 ? [path.slice(0, dot), path.slice(dot)] : [path, ""];
    for (let n = 2; ; n++) if (!this.files.has(`${stem}-${n}${ext}`)) return `${stem}-${n}${ext}`;
  }
}

export interface DrawnFile {
  path: string;
  content: () => string;
}

export function planRepo(options: GenerateOptions): Layout {
  const layout = new Layout(new Rng(options.seed));
  fixedFiles(layout);
  keyFiles(layout);
  aiFiles(layout, Math.max(10, Math.round(options.files * 0.01)));
  const kinds = fileKinds(layout.r);
  const total = kinds.reduce((sum, k) => sum + k.weight, 0);
  while (layout.files.size < options.files) {
    let roll = layout.r.next() * total;
    const kind = kinds.find((k) => (roll -= k.weight) < 0) ?? kinds[0]!;
    layout.addDrawn(kind.draw);
  }
  return layout;
}

interface Kind {
  weight: number;
  draw: () => DrawnFile;
}

const TOPICS = ["array", "string", "date", "number", "object", "async", "validation", "format", "url", "money", "color", "collection", "cache", "events", "permissions", "search"];
const SEGMENTS = ["(dashboard)", "(marketing)", "(settings)", "(admin)", ""];
const SUBPAGES = ["", "[id]", "new", "[id]/edit", "settings", "overview", "history", "[id]/members"];

function fileKinds(r: Rng): Kind[] {
  const entity = () => r.pick(ENTITIES);
  const component = (dir: string): DrawnFile => {
    const e = entity();
    const name = `${pascal(e)}${r.chance(0.4) ? pascal(r.pick(["active", "recent", "shared", "compact", "inline"])) : ""}${r.pick(UI_NOUNS)}`;
    return { path: `${dir}/${e}/${name}.tsx`, content: () => reactComponent(r, sourceSize(r, 3000), name, e) };
  };
  const util = (dir: string): DrawnFile => {
    const e = entity();
    return { path: `${dir}/${r.pick(TOPICS)}/${r.pick(VERBS)}${pascal(e)}${r.chance(0.5) ? "s" : ""}.ts`, content: () => utilityModule(r, sourceSize(r), e) };
  };
  return [
    { weight: 6, draw: () => page(r) },
    { weight: 2, draw: () => ({ path: `apps/web/app/api/${entity()}s/${r.pick(["", "[id]/", "search/", "[id]/export/"])}route.ts`, content: () => nextRoute(r, sourceSize(r, 2200), entity()) }) },
    { weight: 15, draw: () => component("apps/web/components") },
    { weight: 3, draw: () => hook(r) },
    { weight: 3, draw: () => util("apps/web/lib") },
    { weight: 5, draw: () => ({ path: `apps/api/src/routes/${entity()}${r.chance(0.3) ? "-" + r.pick(["admin", "public", "internal", "v2"]) : ""}.router.ts`, content: () => expressRouter(r, sourceSize(r, 3500), entity()) }) },
    { weight: 5, draw: () => ({ path: `apps/api/src/services/${entity()}${r.chance(0.4) ? "-" + r.pick(VERBS) : ""}.service.ts`, content: () => serviceModule(r, sourceSize(r, 4000), entity()) }) },
    { weight: 3, draw: () => util("apps/api/src/lib") },
    { weight: 2, draw: () => util("apps/api/src/models") },
    { weight: 8, draw: () => component("packages/ui/src/components") },
    { weight: 15, draw: () => util("packages/utils/src") },
    { weight: 3, draw: () => util("packages/types/src") },
    { weight: 14, draw: () => test(r) },
    { weight: 2, draw: () => ({ path: `apps/legacy-admin/src/${r.pick(TOPICS)}/${r.pick(VERBS)}${pascal(entity())}.js`, content: () => nodeScript(r, sourceSize(r, 2500), "cjs") }) },
    { weight: 1, draw: () => ({ path: `scripts/${r.pick(VERBS)}-${entity()}s.mjs`, content: () => nodeScript(r, sourceSize(r, 2000), "esm") }) },
    { weight: 1, draw: () => ({ path: `tools/${r.pick(VERBS)}-${entity()}s.cjs`, content: () => nodeScript(r, sourceSize(r, 2000), "cjs") }) },
    { weight: 1.5, draw: () => ({ path: `docs/${r.pick(TOPICS)}/${r.pick(VERBS)}-${entity()}s.md`, content: () => markdownDoc(r, sourceSize(r, 3000), `${pascal(r.pick(VERBS))} ${entity()}s`) }) },
    { weight: 1.5, draw: () => ({ path: `apps/web/messages/${r.pick(["en", "de", "fr", "es", "ja", "pt-BR"])}/${entity()}.json`, content: () => jsonData(r, sourceSize(r, 2000), "locale") }) },
    { weight: 1.5, draw: () => ({ path: `packages/utils/src/__fixtures__/${entity()}s-${r.int(1, 400)}.json`, content: () => jsonData(r, sourceSize(r, 3000), "fixture") }) },
    { weight: 0.6, draw: () => ({ path: `packages/widgets-vue/src/components/${pascal(entity())}${r.pick(UI_NOUNS)}.vue`, content: () => vueComponent(r, sourceSize(r, 2500), entity()) }) },
    { weight: 0.5, draw: () => ({ path: `packages/widgets-svelte/src/lib/${pascal(entity())}${r.pick(UI_NOUNS)}.svelte`, content: () => svelteComponent(r, sourceSize(r, 2000), entity()) }) },
    { weight: 2, draw: () => ({ path: `apps/web/styles/${entity()}${r.chance(0.6) ? ".module" : ""}.css`, content: () => cssFile(r, sourceSize(r, 1500), entity()) }) },
    // A few large generated files (API clients, big fixtures): the tail real repositories have.
    { weight: 0.35, draw: () => ({ path: `packages/api-client/src/generated/${entity()}-${r.int(1, 99)}.ts`, content: () => generatedTypes(r, r.int(40_000, 160_000)) }) },
    { weight: 0.15, draw: () => ({ path: `packages/utils/src/__fixtures__/large-${entity()}-${r.int(1, 99)}.json`, content: () => jsonData(r, r.int(60_000, 250_000), "fixture") }) },
  ];
}

function page(r: Rng): DrawnFile {
  const e = r.pick(ENTITIES);
  const segment = r.pick(SEGMENTS);
  const sub = r.pick(SUBPAGES);
  const dir = ["apps/web/app", segment, `${e}s`, sub].filter(Boolean).join("/");
  const file = r.chance(0.8) ? "page.tsx" : r.pick(["layout.tsx", "loading.tsx", "error.tsx"]);
  return { path: `${dir}/${file}`, content: () => nextPage(r, sourceSize(r, 3000), e, sub.includes("[id]")) };
}

function hook(r: Rng): DrawnFile {
  const e = r.pick(ENTITIES);
  const name = `use${pascal(r.pick(["", "active", "paged", "live", "filtered"]))}${pascal(e)}${r.chance(0.5) ? "s" : ""}`;
  const header = `import { useEffect, useState } from 'react';\n\nexport function ${name}(id: string) {\n  const [data, setData] = useState<unknown>(null);\n  const [error, setError] = useState<Error | null>(null);\n  useEffect(() => {\n    let cancelled = false;\n    fetch(\`/api/${e}s/\${id}\`)\n      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(res.statusText))))\n      .then((json) => !cancelled && setData(json))\n      .catch((err: Error) => !cancelled && setError(err));\n    return () => {\n      cancelled = true;\n    };\n  }, [id]);\n  return { data, error, loading: data === null && error === null };\n}\n\n`;
  return { path: `apps/web/hooks/${name}.ts`, content: () => utilityModule(r, sourceSize(r, 2000), e, header) };
}

function test(r: Rng): DrawnFile {
  const e = r.pick(ENTITIES);
  const subject = `${r.pick(VERBS)}${pascal(e)}s`;
  const where = r.pick([
    { path: `packages/utils/src/${r.pick(TOPICS)}/${subject}.test.ts`, from: `./${subject}` },
    { path: `apps/api/src/services/__tests__/${e}.${r.pick(VERBS)}.test.ts`, from: `../${e}.service` },
    { path: `apps/web/components/${e}/${pascal(e)}${r.pick(UI_NOUNS)}.test.tsx`, from: `./${pascal(e)}` },
    { path: `apps/api/test/${e}-${r.pick(VERBS)}.e2e.test.ts`, from: `../src/routes/${e}.router` },
  ]);
  return { path: where.path, content: () => testFile(r, sourceSize(r, 2500), subject, where.from, e) };
}

/**
 * Makes the tree its own git repository with one commit; false when git is unavailable.
 * GIT_DIR and GIT_WORK_TREE are pinned so that, whatever happens, git never touches the
 * repository the cache directory sits in.
 */
function commitAll(dir: string): boolean {
  const env = {
    ...process.env,
    GIT_DIR: join(dir, ".git"),
    GIT_WORK_TREE: dir,
    GIT_CEILING_DIRECTORIES: dirname(dir),
    GIT_AUTHOR_DATE: "2025-01-01T00:00:00Z",
    GIT_COMMITTER_DATE: "2025-01-01T00:00:00Z",
    GIT_CONFIG_NOSYSTEM: "1",
  };
  const git = (args: string[]) => execFileSync("git", ["-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false", "-c", "user.name=aigis bench", "-c", "user.email=bench@aigis.invalid", ...args], { cwd: dir, env, stdio: "ignore" });
  try {
    git(["init", "-q"]);
    git(["add", "-A"]);
    git(["commit", "-q", "-m", "synthetic repository"]);
    return true;
  } catch {
    return false;
  }
}
