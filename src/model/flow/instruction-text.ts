/**
 * How much instruction a piece of a prompt's fixed text holds: its letters in any script,
 * and the same less the labels that only name what follows (`Question:`, `<document>`).
 * The prompt analysis (`prompts.ts`) judges "fixed instructions mixed with input" by these.
 */

export function sum(parts: readonly string[], measure: (text: string) => number): number {
  return parts.reduce((total, part) => total + measure(part), 0);
}

/** Scripts whose characters are syllables or words (Han, kana, Hangul): each counts as three letters, so a Chinese instruction weighs about as much as its English translation. */
const DENSE_LETTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const LETTER = /\p{L}/gu;

/** Letters of any script (`\p{L}`): prompts in Cyrillic, Arabic or Chinese count as much as English ones. */
export function instructionLetters(text: string): number {
  return (text.match(LETTER)?.length ?? 0) + 2 * (text.match(DENSE_LETTER)?.length ?? 0);
}

/** The largest label that is not an instruction: at most three words, this many letters. */
const MAX_LABEL_WORDS = 3;
const MAX_LABEL_LETTERS = 24;

/**
 * Letters of a piece of fixed text, less its labels: a line that names what follows
 * (`Question:`, `User said:`, `问题：`, `<document>`) is not an instruction.
 */
export function unlabelledLetters(text: string): number {
  let total = 0;
  for (const line of text.split("\n")) {
    const bare = withoutTags(line);
    const letters = instructionLetters(bare);
    if (letters > 0 && !isLabel(bare, letters)) total += letters;
  }
  return total;
}

function isLabel(line: string, letters: number): boolean {
  let end = line.length;
  while (end > 0 && " \t\r\"'`«»“”「」([{".includes(line[end - 1]!)) end--;
  const last = line[end - 1];
  if (last !== ":" && last !== "：") return false;
  const words = line.slice(0, end).split(/\s+/).filter((w) => w.length > 0).length;
  return words <= MAX_LABEL_WORDS && letters <= MAX_LABEL_LETTERS;
}

const MAX_TAG_LENGTH = 40;

/** `<document>` and `</document>` around the input are delimiters, not words. */
function withoutTags(line: string): string {
  let out = "";
  let i = 0;
  let close = -1; // the next `>`, found once per stretch of text (linear however many `<` there are)
  while (i < line.length) {
    if (line[i] === "<") {
      if (close <= i) close = line.indexOf(">", i + 1);
      if (close < 0) return out + line.slice(i);
      // Tag names are short: a longer stretch is text, and is never sliced.
      if (close - i <= MAX_TAG_LENGTH && /^\/?[\w-]+$/.test(line.slice(i + 1, close))) {
        i = close + 1;
        continue;
      }
    }
    out += line[i++];
  }
  return out;
}
