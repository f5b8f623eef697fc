/**
 * Code inside `.vue`, `.svelte` and `.astro` files.
 *
 * Instead of parsing each `<script>` block separately and mapping positions back, we
 * blank everything outside the blocks (keeping newlines), so the result has the same
 * length and line structure as the original: every offset the parser reports is an
 * offset in the real file.
 */
export interface MaskedScript {
  text: string;
  /** The blocks declared `lang="ts"`. */
  typescript: boolean;
  blocks: number;
}

const SCRIPT_BLOCK = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

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
  SCRIPT_BLOCK.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SCRIPT_BLOCK.exec(source))) {
    const attrs = m[1]!;
    if (/\btype\s*=\s*["']?(?!module|text\/javascript|application\/javascript)[\w/+-]+/i.test(attrs)) continue; // JSON-LD, templates
    if (/\bsrc\s*=/.test(attrs)) continue;
    if (/\blang\s*=\s*["']?ts/i.test(attrs)) typescript = true;
    const bodyStart = m.index + m[0].indexOf(">") + 1;
    keep.push([bodyStart, bodyStart + m[2]!.length]);
  }
  if (keep.length === 0) return { text: "", typescript, blocks: 0 };
  let out = "";
  let at = 0;
  for (const [start, end] of keep.sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    out += blank(source.slice(at, start)) + source.slice(start, end);
    at = end;
  }
  out += blank(source.slice(at));
  return { text: out, typescript: typescript || kind === "astro", blocks: keep.length };
}

function blank(s: string): string {
  return s.replace(/[^\n\r]/g, " ");
}
