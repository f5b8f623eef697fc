/** Is a file one only a test runner loads (`knowledge/test-files.ts`)? By its path alone. */
import { TEST_FILES } from "../knowledge/test-files.js";
import { matchesAnyGlob } from "../util/glob.js";

const matchesTestGlob = matchesAnyGlob(TEST_FILES);
/** Answers by path, kept: a dozen rules and model parts ask about every file. Bounded, so a long-lived ESLint process does not grow it without end. */
const answers = new Map<string, boolean>();
const MAX_ANSWERS = 200_000;

export function isTestFile(relPath: string): boolean {
  let answer = answers.get(relPath);
  if (answer === undefined) {
    answer = matchesTestGlob(relPath);
    if (answers.size >= MAX_ANSWERS) answers.clear();
    answers.set(relPath, answer);
  }
  return answer;
}
