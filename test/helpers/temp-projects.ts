/** Small projects written to a temp folder for one test file, removed after it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";

/** Returns a writer: each call lays out `files` (relative path → text) in a fresh folder and returns it. */
export function tempProjects(prefix: string): (files: Record<string, string>) => string {
  const base = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  let counter = 0;
  return (files) => {
    const dir = join(base, `p${++counter}`);
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    return dir;
  };
}
