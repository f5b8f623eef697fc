/**
 * Reads one discovered file as text, or says clearly why it cannot: binary content,
 * an unreadable file, bytes that are not UTF-8 (decoded with replacements, flagged).
 */
import { readFileSync } from "node:fs";
import { isUtf8 } from "node:buffer";

export type ReadOutcome = { ok: true; text: string; warning?: string } | { ok: false; reason: string };

const SNIFF_BYTES = 8000;

export function readTextFile(absPath: string): ReadOutcome {
  let buffer: Buffer;
  try {
    buffer = readFileSync(absPath);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { ok: false, reason: `cannot read (${e.code ?? e.message})` };
  }
  // UTF-16 with a byte-order mark (Windows editors write these).
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { ok: true, text: buffer.subarray(2).toString("utf16le") };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return { ok: true, text: swapBytes(buffer.subarray(2)).toString("utf16le") };
  const sniff = buffer.subarray(0, SNIFF_BYTES);
  if (sniff.includes(0)) return { ok: false, reason: "binary content: not scanned" };
  const start = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  const body = start ? buffer.subarray(start) : buffer;
  if (isUtf8(body)) return { ok: true, text: body.toString("utf8") };
  return { ok: true, text: body.toString("latin1"), warning: "not valid UTF-8: read as Latin-1, so columns on non-ASCII lines may be off" };
}

function swapBytes(b: Buffer): Buffer {
  const out = Buffer.from(b);
  if (out.length % 2 === 1) return out.subarray(0, out.length - 1).swap16();
  return out.swap16();
}
