/** Is a file one only a test runner loads (`knowledge/test-files.ts`)? By its path alone. */
import { TEST_FILES } from "../knowledge/test-files.js";
import { matchesAnyGlob } from "../util/glob.js";

export const isTestFile: (relPath: string) => boolean = matchesAnyGlob(TEST_FILES);
