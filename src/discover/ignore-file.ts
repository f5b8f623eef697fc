/**
 * One ignore file (`.gitignore` syntax), compiled once and indexed, so that testing a path
 * costs a few map look-ups instead of one match per line: a generated 20,000-line
 * `.gitignore` must not make every file cost 20,000 matches.
 *
 * Literal patterns are looked up by name or path; wildcard patterns are filed under the
 * literal text their last segment ends (or starts) with, so a name meets only
 * the patterns whose fixed part it carries; only the few patterns with neither (`*`,
 * `?*`) are tried on every path.
 */
import { PathGlob } from "./glob.js";

export interface IgnorePattern {
  negative: boolean;
  /** A trailing `/`: matches directories only. */
  dirOnly: boolean;
  glob: PathGlob;
}

/**
 * Patterns filed under a fixed string a name must start (or end) with; `collect` finds
 * those filed under any prefix (suffix) of a name, with one look-up per distinct key
 * length (few in practice, at most the name's length).
 */
class AffixIndex {
  private readonly byKey = new Map<string, number[]>();
  private readonly lengths = new Set<number>();

  constructor(private readonly end: "start" | "end") {}

  add(key: string, pattern: number): void {
    const list = this.byKey.get(key);
    if (list) list.push(pattern);
    else this.byKey.set(key, [pattern]);
    this.lengths.add(key.length);
  }

  collect(name: string, into: number[]): void {
    for (const length of this.lengths) {
      if (length > name.length) continue;
      const hit = this.byKey.get(this.end === "start" ? name.slice(0, length) : name.slice(name.length - length));
      if (hit) for (const p of hit) into.push(p);
    }
  }
}

export class IgnoreFile {
  readonly patterns: IgnorePattern[] = [];
  private readonly byName = new Map<string, number[]>();
  private readonly byPath = new Map<string, number[]>();
  /** Wildcard patterns by the literal end of their last segment (`*.log` under ".log"). */
  private readonly byTail = new AffixIndex("end");
  /** Wildcard patterns by the literal start of their last segment (`cache-*` under "cache-"). */
  private readonly byHead = new AffixIndex("start");
  private readonly byFirstSegment = new Map<string, number[]>();
  private readonly unindexed: number[] = [];
  /** Glob matches tried so far (the robustness suite's budget: paths × a few, never paths × lines). */
  attempts = 0;

  constructor(content: string) {
    for (const line of content.split("\n")) {
      const pattern = parseIgnoreLine(line);
      if (pattern) this.index(pattern);
    }
  }

  /**
   * The index of the last pattern that matches this path (segments relative to the
   * file's directory, lower-cased), or -1. The caller checks parent directories first.
   */
  lastMatch(segments: readonly string[], isDirectory: boolean): number {
    const name = segments[segments.length - 1] ?? "";
    const candidates: number[] = [];
    const gather = (map: Map<string, number[]>, key: string) => {
      const hit = map.get(key);
      if (hit) for (const i of hit) candidates.push(i);
    };
    gather(this.byName, name);
    gather(this.byPath, segments.join("/"));
    this.byTail.collect(name, candidates);
    this.byHead.collect(name, candidates);
    if (segments.length > 1) gather(this.byFirstSegment, segments[0]!);
    for (const i of this.unindexed) candidates.push(i);
    candidates.sort((a, b) => b - a);
    for (const i of candidates) {
      const pattern = this.patterns[i]!;
      if (pattern.dirOnly && !isDirectory) continue;
      this.attempts++;
      if (pattern.glob.matches(segments)) return i;
    }
    return -1;
  }

  private index(pattern: IgnorePattern): void {
    const i = this.patterns.push(pattern) - 1;
    const segs = pattern.glob.segments;
    const last = segs[segs.length - 1]!;
    const add = (map: Map<string, number[]>, key: string) => {
      const list = map.get(key);
      if (list) list.push(i);
      else map.set(key, [i]);
    };
    const literals = segs.map((s) => (s === "**" ? undefined : s.literal));
    const unanchoredName = segs.length === 2 && segs[0] === "**" && last !== "**" ? last.literal : undefined;
    if (unanchoredName !== undefined) return add(this.byName, unanchoredName);
    if (literals.every((l) => l !== undefined)) return add(this.byPath, literals.join("/"));
    if (last !== "**" && last.tail) return this.byTail.add(last.tail, i);
    if (last !== "**" && last.head) return this.byHead.add(last.head, i);
    const first = segs[0]!;
    if (segs.length > 1 && first !== "**" && first.literal !== undefined) return add(this.byFirstSegment, first.literal);
    this.unindexed.push(i);
  }
}

/** One line of an ignore file, as git reads it; undefined for blanks and comments. */
export function parseIgnoreLine(raw: string): IgnorePattern | undefined {
  let line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  if (line === "" || line.startsWith("#")) return undefined;
  // Trailing spaces are dropped unless escaped with a backslash.
  let end = line.length;
  while (end > 0 && line[end - 1] === " " && line[end - 2] !== "\\") end--;
  line = line.slice(0, end);
  let negative = false;
  if (line.startsWith("!")) {
    negative = true;
    line = line.slice(1);
  } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
    line = line.slice(1);
  }
  let dirOnly = false;
  while (line.endsWith("/") && !line.endsWith("\\/")) {
    dirOnly = true;
    line = line.slice(0, -1);
  }
  if (line === "") return undefined;
  // A slash at the start or in the middle anchors the pattern to the file's directory;
  // otherwise it matches a name at any depth.
  const anchored = line.includes("/");
  if (line.startsWith("/")) line = line.slice(1);
  const segments = line.toLowerCase().split("/").filter((s) => s !== "");
  if (segments.length === 0) return undefined;
  if (!anchored) segments.unshift("**");
  // `dir/**` matches everything inside dir, not dir itself.
  if (segments.length > 1 && segments[segments.length - 1] === "**") segments.splice(segments.length - 1, 0, "*");
  return { negative, dirOnly, glob: new PathGlob(segments) };
}

