/**
 * Code inside `.vue`, `.svelte` and `.astro` files.
 *
 * Instead of parsing each `<script>` block separately and mapping positions back, we
 * blank everything outside the blocks (keeping newlines), so the result has the same
 * length and line structure as the original: every offset the parser reports is an
 * offset in the real file.
 *
 * The blocks are found with one forward pass (no regex that rescans the rest of the file
 * per opening tag, which a file of unclosed tags would turn quadratic). A block with no
 * closing tag runs to the end of the file, as in a browser, and is reported.
 */
export interface MaskedScript {
  text: string;
  /** The blocks declared `lang="ts"`. */
  typescript: boolean;
  blocks: number;
  /** 0-based offset of a `<script>` tag that is never closed (its code runs to the end of the file). */
  unclosedAt?: number;
}

const SCRIPT_OPEN = /<script\b/gi;
const SCRIPT_CLOSE = /<\/script\s*>/gi;

/** One `<script …>` block: its attributes' text and where its body runs (to the end of the text when never closed). */
export interface ScriptBlock {
  /** Offset of `<script`. */
  start: number;
  attrs: string;
  bodyStart: number;
  bodyEnd: number;
  closed: boolean;
}

/** The `<script>` blocks of a markup text from `from` on, in one forward pass. */
export function scriptBlocks(source: string, from = 0): ScriptBlock[] {
  const blocks: ScriptBlock[] = [];
  SCRIPT_OPEN.lastIndex = from;
  let open: RegExpExecArray | null;
  while ((open = SCRIPT_OPEN.exec(source))) {
    const tagEnd = source.indexOf(">", open.index);
    if (tagEnd === -1) break; // no later tag can end either
    const bodyStart = tagEnd + 1;
    SCRIPT_CLOSE.lastIndex = bodyStart;
    const close = SCRIPT_CLOSE.exec(source);
    blocks.push({ start: open.index, attrs: source.slice(open.index + open[0].length, tagEnd), bodyStart, bodyEnd: close ? close.index : source.length, closed: close !== null });
    SCRIPT_OPEN.lastIndex = close ? close.index + close[0].length : source.length;
  }
  return blocks;
}

export function maskToScripts(source: string, kind: "vue" | "svelte" | "astro"): MaskedScript {
  const keep: Array<[number, number]> = [];
  let typescript = false;
  if (kind === "astro") {
    // Astro component script: the front matter between the leading `---` fences.
    const fm = /^\s*---\r?\n([\s\S]*?)\r?\n---/.exec(source);
    if (fm) {
      const start = source.indexOf(fm[1]!, fm.index);
      keep.push([start, start + fm[1]!.length]);
      typescript = true;
    }
  }
  let unclosedAt: number | undefined;
  for (const { start, attrs, bodyStart, bodyEnd, closed } of scriptBlocks(source)) {
    if (!closed) unclosedAt = start;
    if (/\btype\s*=\s*["']?(?!module|text\/javascript|application\/javascript)[\w/+-]+/i.test(attrs)) continue; // JSON-LD, templates
    if (/\bsrc\s*=/.test(attrs)) continue;
    if (/\blang\s*=\s*["']?ts/i.test(attrs)) typescript = true;
    keep.push([bodyStart, bodyEnd]);
  }
  if (keep.length === 0) return { text: "", typescript, blocks: 0, unclosedAt };
  let out = "";
  let at = 0;
  for (const [start, end] of keep.sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    out += blank(source.slice(at, start)) + source.slice(start, end);
    at = end;
  }
  out += blank(source.slice(at));
  return { text: out, typescript: typescript || kind === "astro", blocks: keep.length, unclosedAt };
}

function blank(s: string): string {
  return s.replace(/[^\n\r]/g, " ");
}
