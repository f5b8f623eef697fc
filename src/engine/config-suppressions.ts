/**
 * Suppressions from the config (`suppressions: [{ rules, files, reason }]`), for findings in
 * files that cannot hold a comment. File patterns are the user's: matched segment by segment
 * with `PathGlob` (no regular expression is built from them).
 */
import type { AigisConfig } from "../config/config.js";
import { PathGlob } from "../discover/glob.js";
import { trimRun } from "../util/text.js";

interface Entry {
  rules?: readonly string[];
  globs: PathGlob[];
  reason: string;
  used: boolean;
  /** As written, for the report of entries that matched nothing. */
  label: string;
}

export class ConfigSuppressions {
  private readonly entries: Entry[];

  constructor(config: Pick<AigisConfig, "suppressions">) {
    this.entries = config.suppressions.map((s) => ({
      ...(s.rules ? { rules: s.rules } : {}),
      globs: s.files.map(toGlob),
      reason: s.reason,
      used: false,
      label: `${s.rules ? s.rules.join(", ") : "every rule"} in ${s.files.join(", ")}`,
    }));
  }

  /** The reason of the first entry that accepts this finding, or undefined. */
  reasonFor(file: string, ruleId: string): string | undefined {
    const path = file.split("/");
    for (const e of this.entries) {
      if (e.rules && !e.rules.includes(ruleId)) continue;
      if (!e.globs.some((g) => g.matches(path))) continue;
      e.used = true;
      return e.reason;
    }
    return undefined;
  }

  /** As an inline suppression reads: `{ reason }`, or undefined. */
  suppression(file: string, ruleId: string): { reason: string } | undefined {
    const reason = this.reasonFor(file, ruleId);
    return reason === undefined ? undefined : { reason };
  }

  /** Entries that accepted nothing in this scan. */
  unused(): string[] {
    return this.entries.filter((e) => !e.used).map((e) => e.label);
  }
}

/** Like a .gitignore line: a pattern without a slash matches at any depth; a leading slash anchors it. */
function toGlob(pattern: string): PathGlob {
  const trimmed = trimRun(pattern, "/");
  const anchored = trimmed.startsWith("/") || trimmed.includes("/");
  const segments = trimRun(trimmed, "/", "start").split("/");
  return new PathGlob(anchored ? segments : ["**", ...segments]);
}
