/**
 * Cost of findings × line length: thousands of matches on one very long line. Each finding
 * used to re-build and re-redact its whole line (3,000 keys on a 131 KB line: 3.8 s and
 * 366 MB; 23,000 on a 1 MB line: out of memory), a JSON list of MD5 hashes next to the
 * word "azure" gave 9,965 false "Azure OpenAI key" findings, and two 1 MB lines of
 * `openai_key: "…"` or `mistral <32 chars>` ran out of memory or past 120 s.
 *
 * Now: a file's masks are built once and each line measured once (counted below), a
 * snippet costs its own width, findings past 100 per file and rule are counted in a
 * warning instead of listed, and every look around a key match is bounded. Inputs are
 * generated into a temp directory; the wall-clock guard (60 s a case) is generous.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../../src/engine/scan.js";
import { MAX_FINDINGS_PER_FILE_AND_RULE } from "../../src/engine/finding.js";
import { redactionWork } from "../../src/engine/redaction.js";
import { findProviderKeys } from "../../src/facts/key-scanner.js";
import { makeKeys } from "../helpers/cli.js";

const GUARD_MS = 60_000;
const AK1 = "hardcoded-provider-key";
const base = mkdtempSync(join(tmpdir(), "aigis-long-lines-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

// Another file with an ordinary key: its finding must stand whatever the long line does.
const keys = makeKeys(77);
const NEIGHBOUR = { "src/ai.ts": `export const client = { apiKey: "${keys.openai.value}" };\n` };

function write(files: Record<string, string>): string {
  const dir = join(base, `p${++counter}`);
  for (const [rel, content] of Object.entries({ ...NEIGHBOUR, ...files })) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

const hex = (n: number) => randomBytes(Math.ceil(n / 2)).toString("hex").slice(0, n);
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function alnum(n: number): string {
  const bytes = randomBytes(n);
  let s = "";
  for (let i = 0; i < n; i++) s += ALNUM[bytes[i]! % 62];
  return s;
}
function consonants(n: number): string {
  const alphabet = "BCDFHJKMNPQRSTVWXZ23456789";
  const bytes = randomBytes(n);
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[bytes[i]! % alphabet.length];
  return s;
}
function lineOf(size: number, item: () => string): string {
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const p = item();
    parts.push(p);
    length += p.length;
  }
  return parts.join("");
}

interface Run {
  result: ScanResult;
  maskBuilds: number;
  lineBounds: number;
}

async function run(files: Record<string, string>): Promise<Run> {
  const before = { ...redactionWork };
  const result = await scan({ target: write(files) });
  return { result, maskBuilds: redactionWork.maskBuilds - before.maskBuilds, lineBounds: redactionWork.lineBounds - before.lineBounds };
}

function expectNeighbourIntact(result: ScanResult): void {
  expect(result.findings.filter((f) => f.file === "src/ai.ts" && f.ruleId === AK1).map((f) => f.line)).toEqual([1]);
}

/** The capped file lists exactly the cap and says how many more there are, naming file and rule. */
function expectCapped(result: ScanResult, file: string, total: number): void {
  expect(result.findings.filter((f) => f.file === file && f.ruleId === AK1)).toHaveLength(MAX_FINDINGS_PER_FILE_AND_RULE);
  const notice = result.stats.warnings.find((w) => w.file === file && w.message.includes(AK1));
  expect(notice?.message).toBe(`${total - MAX_FINDINGS_PER_FILE_AND_RULE} more findings of rule ${AK1} in this file not listed (${total} in all; the first ${MAX_FINDINGS_PER_FILE_AND_RULE} are listed)`);
}

function totalFrom(result: ScanResult, file: string): number {
  const notice = result.stats.warnings.find((w) => w.file === file && w.message.includes(AK1));
  return Number(/\((\d+) in all/.exec(notice?.message ?? "")?.[1] ?? 0);
}

describe("many findings on one long line", () => {
  it("3,000 keys on one 131 KB line: 100 listed and a count; ≤ 2 mask builds, ≤ 3 line measurements", async () => {
    const line = `export const keys = [${Array.from({ length: 3000 }, () => `"sk-${hex(32)}"`).join(", ")}];`;
    expect(line.length).toBeGreaterThan(110_000);
    const { result, maskBuilds, lineBounds } = await run({ "src/keys.ts": `${line}\n` });
    // A few random bodies look like filler (a run, "0000") and are rightly passed over.
    const total = totalFrom(result, "src/keys.ts");
    expect(total).toBeGreaterThan(2900);
    expectCapped(result, "src/keys.ts", total);
    // One build and one line measurement for the long file, the same for the neighbour.
    expect(maskBuilds).toBeLessThanOrEqual(2);
    expect(lineBounds).toBeLessThanOrEqual(3);
    // Each snippet is cut at its own finding: all 100 differ in where they start.
    const snippets = result.findings.filter((f) => f.file === "src/keys.ts").map((f) => f.snippet);
    expect(snippets.every((s) => s.length <= 162 && s.includes("sk-********"))).toBe(true);
    expectNeighbourIntact(result);
  }, GUARD_MS);

  it("23,000 keys on one 1 MB line (was out of memory): 100 listed and a count; ≤ 2 mask builds", async () => {
    const line = `export const keys = [${Array.from({ length: 23_000 }, () => `"sk-${hex(32)}"`).join(", ")}];`;
    expect(line.length).toBeGreaterThan(850_000);
    const { result, maskBuilds } = await run({ "src/keys.ts": `${line}\n` });
    const total = totalFrom(result, "src/keys.ts");
    expect(total).toBeGreaterThan(22_500);
    expectCapped(result, "src/keys.ts", total);
    expect(maskBuilds).toBeLessThanOrEqual(2);
    expectNeighbourIntact(result);
  }, GUARD_MS);

  it("two 1 MB lines of `openai_key: \"…\"` (was out of memory): capped with a count; ≤ 2 mask builds, ≤ 3 line measurements", async () => {
    const make = () => lineOf(1_000_000, () => `openai_key: "${alnum(30)}", `);
    // Short lines after them keep the average line short: a file that looks minified has no name-based findings at all.
    const { result, maskBuilds, lineBounds } = await run({ "config/keys.yaml": `${make()}\n${make()}\n${"retries: 3\n".repeat(5_000)}` });
    const total = totalFrom(result, "config/keys.yaml");
    expect(total).toBeGreaterThan(40_000);
    expectCapped(result, "config/keys.yaml", total);
    expect(maskBuilds).toBeLessThanOrEqual(2);
    expect(lineBounds).toBeLessThanOrEqual(3);
    expectNeighbourIntact(result);
  }, GUARD_MS);

  it("two 1 MB lines of `mistral <32 chars>` (was > 120 s): capped with a count; ≤ 2 mask builds", async () => {
    const make = () => lineOf(1_000_000, () => `mistral ${alnum(32)} `);
    const { result, maskBuilds } = await run({ "docs/notes.md": `${make()}\n${make()}\n` });
    const total = totalFrom(result, "docs/notes.md");
    expect(total).toBeGreaterThan(40_000);
    expectCapped(result, "docs/notes.md", total);
    expect(maskBuilds).toBeLessThanOrEqual(2);
    expectNeighbourIntact(result);
  }, GUARD_MS);
});

describe("key context on long lines", () => {
  it("10,000 MD5 hashes in a one-line JSON list next to \"azure\" (was 9,965 false Azure keys, 1.28 GB): no finding; a real Azure key still found", async () => {
    const hashes = `{"azure": [${Array.from({ length: 10_000 }, () => `"${hex(32)}"`).join(",")}]}\n`;
    // A fixed value: about 1 random 32-hex string in 250 has too little entropy to pass for a key.
    const azureKey = "9c2e71f04ab83d56e1f7a0c49b3d8e25";
    const { result } = await run({ "data/hashes.json": hashes, ".env.local": `AZURE_OPENAI_API_KEY=${azureKey}\n` });
    expect(result.findings.filter((f) => f.file === "data/hashes.json")).toEqual([]);
    expect(result.findings.filter((f) => f.file === ".env.local" && f.ruleId === AK1).map((f) => f.message)).toEqual([expect.stringContaining("Azure OpenAI key")]);
    expectNeighbourIntact(result);
  }, GUARD_MS);

  it("a context word names only the value right after it: a hash 200 characters on is not a key, one right after is", () => {
    const near = hex(32);
    const far = hex(32);
    const text = `azure_key = "${near}"; ${"x".repeat(200)} checksum = "${far}"\n`;
    expect(findProviderKeys(text).map((k) => text.slice(k.start, k.end))).toEqual([near]);
  });

  it("a list of hashes after the context word is a list, not a key: none of its items counts", () => {
    const items = Array.from({ length: 3 }, () => hex(32));
    for (const text of [`azure: [${items.map((h) => `"${h}"`).join(", ")}]`, `AZURE_HASHES=${items.join(",")}`, `mistral ids: ${items.map(() => alnum(32)).join(" , ")}`]) {
      expect(findProviderKeys(text), text.slice(0, 40)).toEqual([]);
    }
  });

  it("30,000 `api_key: \"…\"` on one 1 MB line under no provider name (the look above a name is bounded): no finding, within the guard", () => {
    // Bodies that can never spell a provider's name (no vowels, no G or L).
    const line = lineOf(1_000_000, () => `api_key: "${consonants(24)}", `);
    expect(findProviderKeys(`${line}\n${line}\n`)).toEqual([]);
  }, GUARD_MS);

  it("30,000 Google-shaped keys on one 1 MB line under a provider name (the look for a name before each is bounded): all found, within the guard", () => {
    const line = `gemini: ${lineOf(1_000_000, () => `"AIza${alnum(35)}", `)}`;
    const found = findProviderKeys(`import { initializeApp } from "firebase/app";\n${line}\n`);
    expect(found.length).toBeGreaterThan(20_000);
  }, GUARD_MS);
});
