/**
 * AK-1 (hardcoded-provider-key) on small projects written to a temp dir: keys found by
 * their shape, by the SDK option they are passed in, and by a provider-key name; the
 * placeholders, truncated keys and look-alike names that stay quiet; and committed env
 * files in a tree exported from a commit. Keys are generated, never written out.
 */
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { makeKeys, mulberry32, randomBody } from "./helpers/cli.js";
import { tempProjects } from "./helpers/temp-projects.js";

const AK1 = "hardcoded-provider-key";
const project = tempProjects("aigis-ak1-");
const keys = makeKeys(1301);
const random = mulberry32(1302);
/** A random token of no known provider format. */
const opaque = (length: number) => randomBody(random, length);

type Row = [file: string, line: number, severity?: string];

async function ak1(files: Record<string, string>, options: { committedSnapshot?: boolean } = {}): Promise<Row[]> {
  const result = await scan({ target: project(files), ...options });
  return result.findings.filter((f) => f.ruleId === AK1).map((f): Row => [f.file, f.line, f.severity]);
}

const lines = (rows: Row[]) => rows.map(([file, line]) => [file, line]);

describe("env files in a tree exported from a commit (no .git)", () => {
  const files = () => ({ ".gitignore": ".env\n", ".env": `PORT=3000\nVITE_OPENAI_API_KEY=${keys.openai.value}\n` });

  it("a committed snapshot: the ignored .env was committed, its key is reported", async () => {
    expect(lines(await ak1(files(), { committedSnapshot: true }))).toEqual([[".env", 2]]);
  });

  it("a plain folder: an ignored .env is where keys belong", async () => {
    expect(await ak1(files())).toEqual([]);
  });
});
