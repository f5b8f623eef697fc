/**
 * `scan --history`: AK-1 over git history, for keys deleted from the tree that the
 * repository still holds. Each blob is read once (the first commit that brings it, oldest
 * first) and judged by the same per-file detector the tree scan runs on files (the
 * provider-key table, its placeholders, the named-secret fallback). Each secret value is
 * reported once, at its first occurrence; scan.ts folds a value the tree still holds into
 * the tree's finding ("also in history") instead of reporting it twice.
 *
 * Not searched in history: secretlint's non-AI credential formats (a cost per blob the
 * tree scan pays only on candidates), blobs no walked commit adds (dangling objects).
 */
import { performance } from "node:perf_hooks";
import { statSync } from "node:fs";
import { basename, join } from "node:path";
import { listHistoryBlobs, openHistory, readBlobs, type HistoryBlob } from "../discover/git-history.js";
import { decodeText } from "../discover/read-file.js";
import { formatBytes } from "../discover/format.js";
import { FileFacts, type FileWarning } from "../facts/file-facts.js";
import type { FindingDraft, Rule, RuleContext } from "./rule.js";

export interface HistoryOptions {
  /** Only commits in `since..HEAD` (any commit-ish); every ref when absent. */
  since?: string;
  /** Budget of the walk: distinct blobs read, bytes read, milliseconds of wall time. */
  maxBlobs?: number;
  maxBytes?: number;
  maxMs?: number;
  /** The clock the time budget is read on (tests inject one). */
  now?: () => number;
}

export const HISTORY_DEFAULTS = { maxBlobs: 100_000, maxBytes: 1024 * 1024 * 1024, maxMs: 120_000 };

export interface HistoryStats {
  since?: string;
  commits: number;
  /** Distinct blobs read and judged. */
  blobs: number;
  bytes: number;
  /** False when a budget stopped the walk early (a warning says which). */
  complete: boolean;
}

/** Where a secret was first committed. */
export interface HistoryOccurrence {
  commit: string;
  shortCommit: string;
  authorDate: string;
  file: string;
  line: number;
}

export interface HistoryHit {
  draft: FindingDraft;
  /** The secret itself: compared with the tree's, never shown. */
  value: string;
  occurrence: HistoryOccurrence;
}

const SHORT_HASH = 7;
// Blobs not scanned (binary, too large) are named one by one up to this many, then counted.
const MAX_SKIP_WARNINGS = 20;

/**
 * Every secret value `rule` finds in the blobs of the history of `target`'s repository
 * (limited to `target`'s directory, or to the file itself), once each, oldest first.
 */
export async function scanHistory(
  target: string,
  root: string,
  rule: Rule,
  context: Omit<RuleContext, "report" | "judged" | "evidence" | "undecided">,
  run: { options: HistoryOptions; maxFileBytes: number; leftOut: (path: string) => boolean },
): Promise<{ hits: HistoryHit[]; warnings: FileWarning[]; stats: HistoryStats }> {
  const { options } = run;
  const limits = { ...HISTORY_DEFAULTS, ...definedOnly(options) };
  const now = options.now ?? (() => performance.now());
  const began = now();
  const { sinceCommit } = await openHistory(root, options.since);
  const singleFile = isFile(target) ? basename(target) : undefined;
  const listing = await listHistoryBlobs(root, {
    sinceCommit,
    // A literal pathspec: a file name with `*` or `:` in it is that name.
    pathspec: singleFile ? `:(literal)${singleFile}` : undefined,
    maxBlobs: limits.maxBlobs,
    maxMs: limits.maxMs,
    // The paths the tree scan leaves out (by name, `.aigisignore`, `ignore` patterns) are left out of history too.
    wanted: (path) => !run.leftOut(path),
  });

  const warnings: FileWarning[] = [];
  const stats: HistoryStats = { ...(options.since !== undefined ? { since: options.since } : {}), commits: listing.commits, blobs: 0, bytes: 0, complete: !listing.stoppedBy };
  if (listing.stoppedBy === "blobs") warnings.push({ file: ".", message: `git history: more than ${limits.maxBlobs} distinct blobs; only the first ${limits.maxBlobs} (oldest commits first) were scanned for keys, later ones were not` });
  if (listing.stoppedBy === "time") warnings.push({ file: ".", message: `git history: listing the commits took more than its budget (${Math.round(limits.maxMs / 1000)} s); only the ${listing.blobs.length} blobs listed by then were scanned for keys (--since <ref> walks fewer commits)` });
  const skipped: Array<{ blob: HistoryBlob; reason: string }> = [];
  const hits: HistoryHit[] = [];
  const seenValues = new Set<string>();

  await readBlobs(root, listing.blobs, run.maxFileBytes, ({ blob, size, data }) => {
    // Only bytes read count: a blob too large to scan is passed over, not held.
    const cost = data ? size : 0;
    const outOfTime = now() - began > limits.maxMs;
    if (outOfTime || stats.bytes + cost > limits.maxBytes) {
      stats.complete = false;
      const which = outOfTime ? `${Math.round(limits.maxMs / 1000)} s` : formatBytes(limits.maxBytes);
      warnings.push({ file: ".", message: `git history: the walk stopped at its budget (${which}) after ${stats.blobs} of ${listing.blobs.length} blobs; keys in later commits were not searched` });
      return false;
    }
    stats.blobs++;
    stats.bytes += cost;
    if (!data) {
      skipped.push({ blob, reason: `larger than ${formatBytes(run.maxFileBytes)} (${formatBytes(size)}): not scanned` });
      return true;
    }
    const decoded = decodeText(data);
    if (!decoded.ok) {
      skipped.push({ blob, reason: decoded.reason });
      return true;
    }
    // Committed: whatever git ignores today, this blob is in the repository.
    const file = new FileFacts(blob.path, join(root, blob.path), decoded.text, { gitIgnored: false, tracked: true });
    const drafts: FindingDraft[] = [];
    rule.checkFile!(file, { ...context, report: (d) => drafts.push(d), judged: () => undefined, evidence: () => undefined, undecided: () => undefined });
    for (const draft of drafts) {
      const value = file.text.slice(draft.start, draft.end);
      if (seenValues.has(value)) continue;
      seenValues.add(value);
      const line = file.positionAt(draft.start).line;
      hits.push({ draft, value, occurrence: { commit: blob.commit.hash, shortCommit: blob.commit.hash.slice(0, SHORT_HASH), authorDate: blob.commit.authorDate, file: blob.path, line } });
    }
    return true;
  });

  for (const { blob, reason } of skipped.slice(0, MAX_SKIP_WARNINGS)) warnings.push({ file: blob.path, message: `git history, commit ${blob.commit.hash.slice(0, SHORT_HASH)}: ${reason}` });
  if (skipped.length > MAX_SKIP_WARNINGS) warnings.push({ file: ".", message: `git history: ${skipped.length - MAX_SKIP_WARNINGS} more blobs not scanned (binary or too large)` });
  return { hits, warnings, stats };
}

/** The message of a key found only in history: where and when it was committed. */
export function historyMessage(message: string, at: HistoryOccurrence): string {
  return `In commit ${at.shortCommit} (${at.authorDate.slice(0, 10)}): ${message} The tree no longer reports it, but the git history still holds it.`;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function definedOnly(options: HistoryOptions): Partial<typeof HISTORY_DEFAULTS> {
  const out: Partial<typeof HISTORY_DEFAULTS> = {};
  if (options.maxBlobs !== undefined) out.maxBlobs = options.maxBlobs;
  if (options.maxBytes !== undefined) out.maxBytes = options.maxBytes;
  if (options.maxMs !== undefined) out.maxMs = options.maxMs;
  return out;
}
