/**
 * The corpus manifest and label files: their shape, where they live, and the checks that
 * keep them honest (every labelled repository is pinned, every label names a known rule or
 * checklist item, and says why).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** `corpus/` in the source tree, whether this module runs compiled (`dist/corpus/`) or from source (tests). */
export const CORPUS_SOURCE_DIR = sourceDir(path.dirname(fileURLToPath(import.meta.url)));

function sourceDir(here: string): string {
  return path.basename(path.dirname(here)) === "dist" ? path.resolve(here, "../../corpus") : here;
}

/** Where pinned trees are written: outside the repository, never committed. */
export const CACHE_DIR = process.env.AIGIS_CORPUS_CACHE ?? path.join(homedir(), ".cache", "aigis-corpus");

/** Where bare git snapshots are looked for (`<owner>+<name>/…`) before the network is tried. */
export const MIRROR_DIRS = (process.env.AIGIS_CORPUS_MIRRORS ?? "/work/.mirror").split(path.delimiter).filter(Boolean);

const repoName = z.string().regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/, "owner/name");
const commit = z.string().regex(/^[0-9a-f]{40}$/, "a full 40-hex commit");

export const ManifestEntry = z.object({
  repo: repoName,
  commit,
  /** Frameworks and runtimes the app uses (express, nestjs, nextjs-app, vite-react, expo…). */
  frameworks: z.array(z.string()).min(1),
  /** Shapes the repository was chosen for (commonjs-controllers, middleware-matcher, committed-env…). */
  shapes: z.array(z.string()).default([]),
  /** `large` repositories are in the corpus for speed; their labels are few. */
  kind: z.enum(["app", "large"]).default("app"),
  why: z.string().min(10),
});
export type ManifestEntry = z.infer<typeof ManifestEntry>;

export const Manifest = z.object({
  $comment: z.string().optional(),
  repositories: z.array(ManifestEntry).min(1),
});
export type Manifest = z.infer<typeof Manifest>;

export const Label = z.object({
  /** A rule id (`ai-route-without-auth`) or a checklist id (`AU-1`). */
  id: z.string().min(2),
  /** `finding`: a careful reviewer expects one here. `quiet`: a naive tool would fire here, and must not. */
  expect: z.enum(["finding", "quiet"]),
  file: z.string().min(1),
  line: z.number().int().positive(),
  /** The label covers lines `line…endLine` (a multi-line registration or call). */
  endLine: z.number().int().positive().optional(),
  why: z.string().min(10),
});
export type Label = z.infer<typeof Label>;

/** The status a reviewer expects a whole checklist item to have for this repository, and why. */
export const ItemStatusLabel = z.object({
  status: z.enum(["fail", "pass", "n/a", "manual"]),
  why: z.string().min(10),
});
export type ItemStatusLabel = z.infer<typeof ItemStatusLabel>;

export const LabelFile = z.object({
  repo: repoName,
  commit,
  /** Who judged and how (read the code at the pinned commit; aigis output never decides). */
  reviewed: z.string().optional(),
  labels: z.array(Label),
  /** Checklist id → the item's expected status in the report. */
  checklist: z.record(z.string(), ItemStatusLabel).optional(),
});
export type LabelFile = z.infer<typeof LabelFile>;

export function slug(repo: string): string {
  return repo.replace("/", "__");
}

export function readManifest(dir = CORPUS_SOURCE_DIR): Manifest {
  const file = path.join(dir, "manifest.json");
  return parseJson(file, Manifest);
}

export function readLabelFiles(dir = CORPUS_SOURCE_DIR): Map<string, LabelFile> {
  const labelDir = path.join(dir, "labels");
  const out = new Map<string, LabelFile>();
  if (!existsSync(labelDir)) return out;
  for (const name of readdirSync(labelDir).filter((n) => n.endsWith(".json")).sort()) {
    const labels = parseJson(path.join(labelDir, name), LabelFile);
    if (name !== `${slug(labels.repo)}.json`) throw new Error(`corpus/labels/${name}: should be named ${slug(labels.repo)}.json`);
    out.set(labels.repo, labels);
  }
  return out;
}

function parseJson<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${file}: ${first?.path.join(".") || "(root)"}: ${first?.message}`);
  }
  return parsed.data;
}

/** Problems that make a corpus run meaningless: unpinned labels, pins that disagree, unknown ids. */
export function checkCorpus(manifest: Manifest, labelFiles: Map<string, LabelFile>, knownIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const pinned = new Map(manifest.repositories.map((r) => [r.repo, r]));
  if (pinned.size !== manifest.repositories.length) problems.push("manifest.json lists a repository twice");
  for (const [repo, file] of labelFiles) {
    const entry = pinned.get(repo);
    if (!entry) problems.push(`labels for ${repo}, which manifest.json does not pin`);
    else if (entry.commit !== file.commit) problems.push(`labels for ${repo} were judged at ${file.commit.slice(0, 12)}, the manifest pins ${entry.commit.slice(0, 12)}`);
    for (const label of file.labels) {
      if (!knownIds.has(label.id)) problems.push(`${repo}: label id ${label.id} is neither a rule nor a checklist item`);
      if (label.endLine !== undefined && label.endLine < label.line) problems.push(`${repo}: ${label.file}:${label.line} ends before it starts`);
    }
    for (const id of Object.keys(file.checklist ?? {})) {
      if (!/^[A-Z]{2}-\d+$/.test(id) || !knownIds.has(id)) problems.push(`${repo}: checklist label ${id} is not a checklist item`);
    }
  }
  return problems;
}
