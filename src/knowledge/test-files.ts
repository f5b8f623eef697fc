/**
 * Files only a test runner loads. Their model calls, clients and helpers are not part of
 * the app that ships, so the AI surface leaves them out, and so do the rules that follow
 * model output, prompts or secrets to a sink; keys in them are still reported, since a
 * committed key is exposed wherever it sits.
 *
 * Named test files and the folders test runners reserve (`__tests__`, `__mocks__`,
 * `__fixtures__` for the data tests load, and jscodeshift's `__testfixtures__` for a
 * codemod's input and expected output) only: a folder called `test` may hold a real route
 * (`app/api/test/route.ts`).
 */
export const TEST_FILES: readonly string[] = ["**/*.{test,spec}.{js,jsx,ts,tsx,mjs,cjs,mts,cts}", "**/*.{test,spec}-d.ts", "**/{__tests__,__mocks__,__fixtures__,__testfixtures__}/**"];
