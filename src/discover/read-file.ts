/**
 * Reads one discovered file as text, or says clearly why it cannot: binary content,
 * an unreadable file, bytes that are not UTF-8 (decoded with replacements, flagged),
 * something that is not a regular file (a FIFO would block forever), or a file too
 * large to become one JavaScript string.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { constants as bufferConstants, isUtf8 } from "node:buffer";
import { formatBytes } from "./format.js";

export type ReadOutcome = { ok: true; text: string; bytes: number; warning?: string } | { ok: false; reason: string };

const SNIFF_BYTES = 8000;

/**
 * The longest string V8 can build (about 512 MiB on 64-bit). Decoding never yields more
 * characters than bytes, so a file at most this large always decodes; a larger one is
 * skipped instead of ending the scan with "Cannot create a string longer than…".
 */
export const MAX_TEXT_BYTES = bufferConstants.MAX_STRING_LENGTH;

// Opening a FIFO for reading blocks until a writer appears; non-blocking, it returns at
// once and fstat tells us it is not a regular file. (No such flag on Windows.)
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Reads a file unless it is larger than `maxBytes` (one open, one fstat, one read). */
export function readTextFile(absPath: string, maxBytes: number, limits: { maxTextBytes: number } = { maxTextBytes: MAX_TEXT_BYTES }): ReadOutcome {
  let buffer: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(absPath, OPEN_FLAGS);
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return { ok: false, reason: "a directory" };
    if (!stats.isFile()) return { ok: false, reason: "not a regular file (a pipe, socket or device): not read" };
    const size = stats.size;
    if (size > maxBytes) return { ok: false, reason: `larger than ${formatBytes(maxBytes)} (${formatBytes(size)}): not scanned; raise --max-file-size to include it` };
    if (size > limits.maxTextBytes) return { ok: false, reason: `${size} bytes: more than the longest text this runtime can hold (${limits.maxTextBytes} bytes), not scanned` };
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
  try {
    return decodeText(buffer);
  } catch (error) {
    // Out of memory for the string: this file is lost, not the scan.
    return { ok: false, reason: `cannot be decoded as text (${(error as Error).message}): not scanned` };
  }
}

/** Bytes as text, or why not (binary content): the same judgement for a file and for a blob from git history. */
export function decodeText(buffer: Buffer): ReadOutcome {
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
