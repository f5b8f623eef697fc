/** JSON parsing for files a user points aigis at, with errors that never quote the file. */

export class JsonSyntaxError extends Error {}

/**
 * Like JSON.parse, but the error says where, not what: Node's own message quotes the
 * text around the error, and a mistaken `--baseline .env` must not print a key.
 */
export function parseJsonQuietly(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    if (!at) throw new JsonSyntaxError("not valid JSON");
    const offset = Number(at[1]);
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    throw new JsonSyntaxError(`not valid JSON (syntax error at line ${line}, column ${column})`);
  }
}
