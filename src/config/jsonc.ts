/**
 * Config text → value. The config may carry comments and trailing commas (as editors'
 * JSON-with-comments allows) and a UTF-8 byte-order mark; a syntax error is reported with
 * its line and column and what was expected, never with the text around it (a config
 * pointed at the wrong file must not print a key).
 */
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";

export type ParsedConfigText = { ok: true; value: unknown } | { ok: false; message: string };

// What each parser error means, in the user's words.
const EXPLAINED: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "malformed number",
  PropertyNameExpected: "a property name in double quotes is expected",
  ValueExpected: "a value is expected",
  ColonExpected: "a colon is expected",
  CommaExpected: "a comma is expected",
  CloseBraceExpected: "a closing } is expected",
  CloseBracketExpected: "a closing ] is expected",
  EndOfFileExpected: "unexpected text after the end of the value",
  InvalidCommentToken: "malformed comment",
  UnexpectedEndOfComment: "a comment is not closed",
  UnexpectedEndOfString: "a string is not closed",
  UnexpectedEndOfNumber: "a number is cut off",
  InvalidUnicode: "malformed \\u escape",
  InvalidEscapeCharacter: "invalid escape in a string",
  InvalidCharacter: "invalid character in a string (a raw line break or control character)",
};

export function parseConfigText(raw: string): ParsedConfigText {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.trim() === "") return { ok: false, message: "empty: write {} to use the defaults" };
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return { ok: true, value };
  const { line, column } = lineAndColumn(text, first.offset);
  const code = printParseErrorCode(first.error);
  return { ok: false, message: `not valid JSON: ${EXPLAINED[code] ?? code} at line ${line}, column ${column}` };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
