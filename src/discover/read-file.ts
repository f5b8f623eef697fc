/**
 * Reads one discovered file as text, or says clearly why it cannot: binary content,
 * an unreadable file, bytes that are not UTF-8 (decoded with replacements, flagged).
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isUtf8 } from "node:buffer";
import { formatBytes } from "./format.js";

export type ReadOutcome = { ok: true; text: string; bytes: number; warning?: string } | { ok: false; reason: string };

const SNIFF_BYTES = 8000;

/** Reads a file unless it is larger than `maxBytes` (one open, one fstat, one read). */
export function readTextFile(absPath: string, maxBytes: number): ReadOutcome {
  let buffer: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(absPath, "r");
    const size = fstatSync(fd).size;
    if (size > maxBytes) return { ok: false, reason: `larger than ${formatBytes(maxBytes)} (${formatBytes(size)}): not scanned; raise --max-file-size to include it` };
    buffer = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, null);
      if (n === 0) break;
      read += n;
    }
    buffer = buffer.subarray(0, read);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { ok: false, reason: e.code === "EISDIR" ? "a directory" : `cannot read (${e.code ?? e.message})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  // UTF-16 with a byte-order mark (Windows editors write these).
  const bytes = buffer.length;
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { ok: true, bytes, text: buffer.subarray(2).toString("utf16le") };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return { ok: true, bytes, text: swapBytes(buffer.subarray(2)).toString("utf16le") };
  const sniff = buffer.subarray(0, SNIFF_BYTES);
  if (sniff.includes(0)) return { ok: false, reason: "binary content: not scanned" };
  const start = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  const body = start ? buffer.subarray(start) : buffer;
  if (isUtf8(body)) return { ok: true, bytes, text: body.toString("utf8") };
  return { ok: true, bytes, text: body.toString("latin1"), warning: "not valid UTF-8: read as Latin-1, so columns on non-ASCII lines may be off" };
}

function swapBytes(b: Buffer): Buffer {
  const out = Buffer.from(b);
  if (out.length % 2 === 1) return out.subarray(0, out.length - 1).swap16();
  return out.swap16();
}
