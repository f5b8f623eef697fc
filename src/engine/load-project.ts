/**
 * The first half of every scan: discover the files, read them, build the project model.
 * `scan` runs the rules on the result; `inventory` only reads the model.
 */
import type { AigisConfig } from "../config/config.js";
import { DEFAULT_MAX_FILE_BYTES } from "../discover/defaults.js";
import { discover, type SkippedFile } from "../discover/discover.js";
import { readTextFile } from "../discover/read-file.js";
import { FileFacts, type FileWarning } from "../facts/file-facts.js";
import { secretlintReads } from "../facts/secretlint.js";
import { isTestFile } from "../facts/test-files.js";
import { loadTypeScript, type Ts } from "../facts/typescript.js";
import { ProjectModel } from "../model/project.js";

export interface LoadedProject {
  project: ProjectModel;
  ts: Ts;
  skipped: SkippedFile[];
  /** Problems met while reading (encodings); rules and facts add theirs later. */
  warnings: FileWarning[];
  bytes: number;
  /** The git work tree holding the scanned folder, when there is one. */
  repositoryRoot: string | undefined;
}

/** Documents smaller than this keep their text (letting it go saves little). */
const DOCUMENT_TEXT_KEPT_BELOW = 8 * 1024;

/**
 * Lets go of the texts that later parts of the scan seldom read, once every per-file rule
 * has read them: documents (not code, not env files), except those secretlint will read,
 * and test files that no rule has parsed (the AI analysis leaves tests out). A text asked
 * for again is read again from disk, as it was read the first time. The facts later parts
 * read without parsing (imports, called names) are taken first.
 */
export function letSeldomReadTextsGo(files: readonly FileFacts[], maxFileBytes: number): void {
  for (const file of files) {
    const largeDocument = file.kind === "text" && file.text.length >= DOCUMENT_TEXT_KEPT_BELOW;
    const unparsedTest = file.isCode && !file.hasSyntaxTree && isTestFile(file.relPath);
    if ((!largeDocument && !unparsedTest) || secretlintReads(file)) continue;
    if (file.isCode) {
      void file.header;
      void file.calledNames;
    }
    file.letTextGo(() => {
      const read = readTextFile(file.absPath, maxFileBytes);
      return read.ok ? read.text : undefined;
    });
  }
}

export async function loadProject(target: string, config: AigisConfig, maxFileBytes?: number, committedSnapshot?: boolean): Promise<LoadedProject> {
  const discovery = await discover(target, { ignore: config.ignore, committedSnapshot });
  const limit = maxFileBytes ?? config.maxFileSize ?? DEFAULT_MAX_FILE_BYTES;
  const skipped = [...discovery.skipped];
  const warnings: FileWarning[] = [];
  const files: FileFacts[] = [];
  let bytes = 0;
  for (const entry of discovery.files) {
    const read = readTextFile(entry.absPath, limit);
    if (!read.ok) {
      skipped.push({ file: entry.relPath, reason: read.reason });
      continue;
    }
    if (read.warning) warnings.push({ file: entry.relPath, message: read.warning });
    bytes += read.bytes;
    files.push(new FileFacts(entry.relPath, entry.absPath, read.text, { gitIgnored: entry.gitIgnored, tracked: discovery.git.tracked?.has(entry.relPath) }));
  }
  const ts = await loadTypeScript();
  const custom = { auth: config.auth.functions, rateLimit: config.rateLimit.functions };
  return { project: new ProjectModel(discovery, files, custom), ts, skipped, warnings, bytes, repositoryRoot: discovery.git.topLevel };
}
