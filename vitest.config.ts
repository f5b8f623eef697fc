import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "rules/**/*.test.ts", "src/**/*.test.ts", "corpus/**/*.test.ts"],
    // Test files of a worker share its module cache: TypeScript and the engine are loaded
    // once per worker, not once per file (half of the suite's time when isolated). Tests
    // that change the environment put it back (see corpus/materialise.test.ts).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
