/**
 * Everything the rules may ask about one file, computed lazily and at most once:
 * its text and lines, the provider keys in it, its env entries, its syntax tree.
 * The CLI builds one per scanned file; the ESLint plugin builds one per linted file.
 */
import { scanCalls } from "./called-names.js";
import { LiteralsSeen, type LiteralGate } from "./literal-gates.js";
import { scanImports, type ModuleHeader } from "./imports.js";
import { basename, extname } from "node:path";
import { performance } from "node:perf_hooks";
import { ENV_FILE_NAME } from "../knowledge/env-vars.js";
import { computeLineStarts, positionAt, type Position } from "../util/text.js";
import { parseEnvFile, type EnvEntry } from "./env-file.js";
import { findProviderKeys, namedSecretsApply, type KeyMatch } from "./key-scanner.js";
import { maskToScripts } from "./script-blocks.js";
import type { Ts, TsSourceFile } from "./typescript.js";
import { linkParentsWithin, MAX_SYNTAX_DEPTH, nestsDeeperThan } from "./ast.js";
import { withLeanNodes } from "./lean-nodes.js";

/** script: JS/TS family; component: .vue/.svelte/.astro; env: dotenv files; text: anything else readable. */
export type FileKind = "script" | "component" | "env" | "text";

const SCRIPT_EXTENSIONS = new Set([".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts"]);
const COMPONENT_EXTENSIONS = new Set([".vue", ".svelte", ".astro"]);

export function fileKindOf(relPath: string): FileKind {
  const name = basename(relPath);
  if (ENV_FILE_NAME.test(name)) return "env";
  const ext = extname(name).toLowerCase();
  if (SCRIPT_EXTENSIONS.has(ext) && !name.endsWith(".d.ts")) return "script";
  if (COMPONENT_EXTENSIONS.has(ext)) return "component";
  return "text";
}

export interface FileStatus {
  /** Matched by a `.gitignore` (such files are only read when they are `.env` files). */
  gitIgnored: boolean;
  /** Tracked by git; `undefined` when the scan is not inside a git work tree. */
  tracked: boolean | undefined;
}

export interface FileWarning {
  file: string;
  message: string;
}

/** A stretch of the file that must never be shown: only `visible` leading characters may be. */
export interface SecretSpan {
  start: number;
  end: number;
  visible: number;
}

// Env values masked in snippets even when no key shape matched: better safe than quoted.
const SECRETISH_ENV_NAME = /key|token|secret|pass|pwd|auth|credential|private|dsn|database_url|connection/i;

// A file whose lines average this many characters is a build artefact, not source.
const MINIFIED_AVERAGE_LINE = 500;

/**
 * No analysis reads JSDoc: skipping it saves a tenth of the parse (a TypeScript older
 * than 5.3, as an ESLint setup may hand in, parses it as it always did).
 */
function parseOptions(ts: Ts): Parameters<Ts["createSourceFile"]>[2] {
  const mode = (ts as { JSDocParsingMode?: { ParseNone: number } }).JSDocParsingMode;
  return mode ? { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: mode.ParseNone } : ts.ScriptTarget.Latest;
}

export class FileFacts {
  readonly kind: FileKind;
  readonly warnings: FileWarning[] = [];
  private _lineStarts?: number[];
  private _keys?: KeyMatch[];
  private _env?: EnvEntry[];
  private _ast?: TsSourceFile | null;
  /** Its tree was let go once (a later parse gives no warnings again). */
  private released = false;
  /** How long building the syntax tree took, in ms, every build summed (0 until it is built; for the corpus runner's slowest files). */
  parseMs = 0;
  private _secretSpans?: SecretSpan[];
  private _header?: ModuleHeader;
  private _literals?: LiteralsSeen;
  private _calls?: { names: ReadonlySet<string>; afterDot: ReadonlySet<string> };

  constructor(
    /** Path relative to the scan root, with forward slashes. */
    readonly relPath: string,
    readonly absPath: string,
    text: string,
    readonly status: FileStatus = { gitIgnored: false, tracked: undefined },
    /** Overrides the kind the name implies (ESLint lints code whatever the file is called). */
    kind?: FileKind,
  ) {
    this.kind = kind ?? fileKindOf(relPath);
    this._text = text;
    this.textLength = text.length;
  }

  private _text: string | undefined;
  /** Reads the text again after `letTextGo` (undefined: it cannot be read any more). */
  private readAgain?: () => string | undefined;
  private readonly textLength: number;

  /** The file's text (read again from disk if the scan let it go). */
  get text(): string {
    return this._text ?? this.textAgain();
  }

  /**
   * Lets the text go until it is next asked for; it is then read again with `readAgain`.
   * The scan does this for documents once every per-file rule has read them: their text is
   * a tenth of a large repository's heap, and few are read again. A text that comes back
   * different (the file changed during the scan) is used as it is, and said.
   */
  letTextGo(readAgain: () => string | undefined): void {
    if (this._text === undefined) return;
    this._text = undefined;
    this.readAgain = readAgain;
  }

  /** Is the text in memory (not let go, or read again since)? For tests and the benchmark. */
  get holdsText(): boolean {
    return this._text !== undefined;
  }

  /** Texts read again after `letTextGo`, over every file (the benchmark and tests count them). */
  static textsReadAgain = 0;

  private textAgain(): string {
    FileFacts.textsReadAgain++;
    const text = this.readAgain?.();
    if (text === undefined || text.length !== this.textLength) {
      this.warnings.push({ file: this.relPath, message: text === undefined ? "could not be read again during the scan (deleted or unreadable): later checks saw it as empty" : "changed during the scan: later checks saw its new text" });
    }
    this._text = text ?? "";
    this.readAgain = undefined;
    return this._text;
  }

  /** Imports, re-exports and the leading directive, from a cheap text scan (once; the import graph and rules share it). */
  get header(): ModuleHeader {
    return (this._header ??= scanImports(this.text));
  }

  /** Could the text match this gate? Every gate of a file is answered from one shared pass. */
  mayMatch(gate: LiteralGate): boolean {
    return gate.test(this.literalsSeen);
  }

  /** The declared gate literals this text holds (one pass, on the first question). */
  get literalsSeen(): LiteralsSeen {
    return (this._literals ??= new LiteralsSeen(() => this.text));
  }

  /** Names the text calls or constructs (`x.create(`, `new OpenAI(`): a superset, from one pass without parsing. */
  get calledNames(): ReadonlySet<string> {
    return this.calls.names;
  }

  /** The names of `calledNames` called through a member (`x.create(`), from the same pass. */
  get memberCalledNames(): ReadonlySet<string> {
    return this.calls.afterDot;
  }

  private get calls(): { names: ReadonlySet<string>; afterDot: ReadonlySet<string> } {
    return (this._calls ??= this.isCode ? scanCalls(this.text) : { names: new Set(), afterDot: new Set() });
  }

  get baseName(): string {
    return basename(this.relPath);
  }

  get isCode(): boolean {
    return this.kind === "script" || this.kind === "component";
  }

  /** Lines in the text, counted without building `lineStarts` (most files never need positions). */
  private get lineCount(): number {
    if (this._lineStarts) return this._lineStarts.length;
    let lines = 1;
    for (let at = this.text.indexOf("\n"); at !== -1; at = this.text.indexOf("\n", at + 1)) lines++;
    return lines;
  }

  get lineStarts(): number[] {
    return (this._lineStarts ??= computeLineStarts(this.text));
  }

  positionAt(offset: number): Position {
    return positionAt(this.lineStarts, offset);
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const next = this.lineStarts[line];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, "");
  }

  /** Provider-key-shaped strings in the file (also used to redact every snippet). */
  get providerKeys(): KeyMatch[] {
    // A minified bundle's or a data file's names are not the app's own: keys are found there by their shape only.
    return (this._keys ??= findProviderKeys(this.text, { namedSecrets: !this.looksMinified && namedSecretsApply(this.relPath, this.text.length), seen: this.literalsSeen }));
  }

  /**
   * Everything in the file that snippets must mask: provider keys (their public prefix
   * may show), secret-looking env values, and whatever other detectors marked.
   */
  get secretSpans(): readonly SecretSpan[] {
    if (!this._secretSpans) {
      const spans = this.providerKeys.map((k) => ({ start: k.start, end: k.end, visible: k.visiblePrefix }));
      for (const entry of this.envEntries) {
        if (entry.valueEnd > entry.valueStart && SECRETISH_ENV_NAME.test(entry.name)) spans.push({ start: entry.valueStart, end: entry.valueEnd, visible: 0 });
      }
      this._secretSpans = spans.sort((a, b) => a.start - b.start);
    }
    return this._secretSpans;
  }

  /** A secret found by another detector (secretlint): masked in every snippet of this file. */
  markSecret(start: number, end: number): void {
    this.markSecrets([{ start, end }]);
  }

  /** Many at once: one copy and sort, however many a detector found (`visible`: its public prefix, if known). */
  markSecrets(found: readonly { start: number; end: number; visible?: number }[]): void {
    if (found.length === 0) return;
    const spans = [...this.secretSpans, ...found.map(({ start, end, visible }) => ({ start, end, visible: visible ?? 0 }))];
    this._secretSpans = spans.sort((a, b) => a.start - b.start);
  }

  get envEntries(): EnvEntry[] {
    return (this._env ??= this.kind === "env" ? parseEnvFile(this.text) : []);
  }

  get looksMinified(): boolean {
    // Asked by every rule that reads the file: counting a large file's lines each time added up.
    return (this._minified ??= this.text.length > 20_000 && this.text.length / this.lineCount > MINIFIED_AVERAGE_LINE);
  }
  private _minified?: boolean;

  /**
   * The syntax tree of the file's code (for components: of its script blocks, at their
   * real offsets), or `undefined` for non-code and minified files.
   */
  syntaxTree(ts: Ts): TsSourceFile | undefined {
    if (this._ast !== undefined) {
      if (this.notAnalysed !== undefined) this.onNotAnalysed?.(this);
      return this._ast ?? undefined;
    }
    this._ast = null;
    // A released tree is parsed again from the same text: its warnings were given the first time.
    const firstParse = !this.released;
    if (!this.isCode) return undefined;
    if (this.looksMinified) {
      this.warnings.push({ file: this.relPath, message: "looks minified (very long lines): checked for keys only, not analysed as code" });
      return undefined;
    }
    let code = this.text;
    let scriptKind: number;
    const ext = extname(this.relPath).toLowerCase();
    if (this.kind === "component") {
      const masked = maskToScripts(this.text, ext.slice(1) as "vue" | "svelte" | "astro");
      if (masked.unclosedAt !== undefined && firstParse) {
        const at = this.positionAt(masked.unclosedAt);
        this.warnings.push({ file: this.relPath, message: `<script> at ${at.line}:${at.column} is never closed: its code was read to the end of the file; findings in this file may be incomplete` });
      }
      if (masked.blocks === 0) return undefined;
      code = masked.text;
      scriptKind = masked.typescript ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    } else {
      scriptKind = ext === ".tsx" ? ts.ScriptKind.TSX : ext === ".ts" || ext === ".mts" || ext === ".cts" ? ts.ScriptKind.TS : ts.ScriptKind.JSX;
    }
    const parseStarted = performance.now();
    let sourceFile: TsSourceFile;
    try {
      // Parents are linked below, in the walk that checks the depth (not by the compiler's own extra pass).
      sourceFile = withLeanNodes(ts, () => ts.createSourceFile(this.absPath, code, parseOptions(ts), false, scriptKind));
    } catch (error) {
      // The compiler's parser recurses per nesting level: 1,000 nested calls exhaust the stack.
      return this.refuseTree(error instanceof RangeError ? "the parser ran out of stack: nested too deeply" : `the parser failed: ${(error as Error).message}`);
    } finally {
      this.parseMs += performance.now() - parseStarted;
    }
    // Every walk over the tree may then recurse per level without running out of stack.
    const linkStarted = performance.now();
    const shallowEnough = linkParentsWithin(ts, sourceFile, MAX_SYNTAX_DEPTH);
    this.parseMs += performance.now() - linkStarted;
    if (!shallowEnough) return this.refuseTree(`its syntax nests more than ${MAX_SYNTAX_DEPTH} levels deep`);
    const diagnostics = (sourceFile as unknown as { parseDiagnostics?: { start?: number; messageText: unknown }[] }).parseDiagnostics;
    if (diagnostics && diagnostics.length > 0 && firstParse) {
      const first = diagnostics[0]!;
      const at = this.positionAt(first.start ?? 0);
      const text = typeof first.messageText === "string" ? first.messageText : "syntax error";
      this.warnings.push({ file: this.relPath, message: `could not be parsed cleanly (${text} at ${at.line}:${at.column}); code findings in this file may be incomplete` });
    }
    // The parser's table of every identifier's text serves only the emitter's unique names; kept, it is 3 % of a tree.
    (sourceFile as { identifiers?: unknown }).identifiers = undefined;
    this._ast = sourceFile;
    return sourceFile;
  }

  /**
   * Takes a tree another parser already built for this very text (typescript-eslint's, in
   * the ESLint plugin), so the file is not parsed twice. Refused like a parse of our own
   * when it nests too deep. Only for plain scripts, and only before any tree was built.
   */
  adoptSyntaxTree(ts: Ts, sourceFile: TsSourceFile): boolean {
    if (this._ast !== undefined || this.kind !== "script" || sourceFile.text !== this.text || this.looksMinified) return false;
    if (nestsDeeperThan(ts, sourceFile, MAX_SYNTAX_DEPTH)) return false;
    this._ast = sourceFile;
    return true;
  }

  /** Has the syntax tree been asked for (and is it still held, if there is one)? */
  get hasSyntaxTree(): boolean {
    return this._ast !== undefined;
  }

  /**
   * Lets the tree go (the scan's per-file rules, done with a file no model part has seen).
   * Only for a tree whose nodes nothing else holds: asked for again, the tree is parsed
   * again and its nodes are new objects. A file refused as code stays refused.
   */
  releaseSyntaxTree(): void {
    if (!this._ast) return;
    this._ast = undefined;
    this.released = true;
  }

  /**
   * Why this code file was not analysed as code (its parse overflowed, its tree is too
   * deep), or undefined. Such a file loses the code findings of every rule that asked.
   */
  notAnalysed?: string;
  /** Told each time a rule asks for the tree of a file that was not analysed (the scan marks that rule's checklist items incomplete). */
  onNotAnalysed?: (file: FileFacts) => void;

  private refuseTree(cause: string): undefined {
    this.notAnalysed = cause;
    this.warnings.push({ file: this.relPath, message: `not analysed as code (${cause}); its code findings are missing` });
    this.onNotAnalysed?.(this);
    return undefined;
  }
}
