/**
 * End-to-end expectations on the realistic apps in `fixtures/`: every finding (rule, file,
 * line) is written out by hand, so a new false positive fails as surely as a missed key.
 * Leaky apps come with a clean twin that must produce nothing; `lookalikes` is full of
 * key-shaped strings that are not secrets.
 *
 * The results must not depend on whether the fixtures are committed yet: no fixture file
 * is git-ignored, so a committed `.env` and a not-yet-committed one fail the same rules.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { withoutAdvisory } from "./helpers/advisory.js";
import type { Finding } from "../src/engine/finding.js";
import { scan, type ScanResult } from "../src/engine/scan.js";

const AK1 = "hardcoded-provider-key";
const AK2 = "client-exposed-key";
const AK3 = "env-file-not-ignored";
const AK4 = "shared-key-across-environments";
const CS1 = "client-side-provider-call";
const AU1 = "ai-route-without-auth";
const RL1 = "ai-route-without-rate-limit";
// Prompt data flow (the flow items are also checked line by line by flow-fixtures.test.ts).
const PI1 = "untrusted-input-in-instructions";
const ROLES = "client-controlled-roles"; // PI-1 too
const PI2 = "unvalidated-input-to-model";
const RL2 = "missing-output-token-cap";
const RL3 = "unbounded-input-to-model";

type Row = [ruleId: string, file: string, line: number];
type Status = "fail" | "pass" | "n/a";
type KeyChecklist = Record<"AK-1" | "AK-2" | "AK-3" | "AK-4" | "CS-1", Status>;

interface FixtureCase {
  name: string;
  findings: Row[];
  checklist: KeyChecklist;
  /** Message patterns for some findings, keyed `ruleId file:line`. */
  messages?: Record<string, RegExp>;
}

const FIXTURES_DIR = fileURLToPath(new URL("../fixtures", import.meta.url));

const CASES: FixtureCase[] = [
  {
    name: "nextjs-leaky",
    findings: [
      [AK3, ".env.local", 2], // first key of a committed env file
      [AK1, ".env.local", 2],
      [AK2, ".env.local", 4], // NEXT_PUBLIC_OPENAI_API_KEY
      [AK1, ".env.local", 4],
      [AK3, ".env.production", 2],
      [AK4, ".env.production", 2], // same key as .env.local (development)
      [AK1, ".env.production", 2],
      [AU1, "app/api/chat/route.ts", 8], // the server route calls OpenAI for anyone, as often as they like
      [RL1, "app/api/chat/route.ts", 8],
      [PI2, "app/api/chat/route.ts", 11], // the posted history is only cast
      [RL3, "app/api/chat/route.ts", 11],
      [ROLES, "app/api/chat/route.ts", 13], // ...messages: the client may add system turns
      [AK2, "app/page.tsx", 8], // process.env.NEXT_PUBLIC_OPENAI_API_KEY in a client component
      [CS1, "app/page.tsx", 9], // dangerouslyAllowBrowser: true
      [CS1, "app/page.tsx", 18], // openai.chat.completions.create in a "use client" component
      [RL2, "app/page.tsx", 18], // no max_tokens on the stream (the textarea text is the user's own, on their own device: no PI-2 or RL-3)
      [AK1, "lib/ai.ts", 13], // Anthropic key as a fallback value
      [AK2, "next.config.mjs", 6], // env: { OPENAI_API_KEY }
    ],
    checklist: { "AK-1": "fail", "AK-2": "fail", "AK-3": "fail", "AK-4": "fail", "CS-1": "fail" },
    messages: {
      [`${CS1} app/page.tsx:18`]: /OpenAI \(chat\.completions\.create\) is called from browser code \("use client" directive\)/,
      [`${AK1} lib/ai.ts:13`]: /Anthropic API key/,
      [`${AK1} .env.local:2`]: /OpenAI project key/,
      [`${AK2} .env.local:4`]: /NEXT_PUBLIC_OPENAI_API_KEY holds an OpenAI project key/,
      [`${AK3} .env.local:2`]: /\.env\.local holds 2 keys/,
      [`${AK4} .env.production:2`]: /same key as OPENAI_API_KEY in \.env\.local:2 \(development\)/,
    },
  },
  {
    name: "nextjs-clean",
    findings: [],
    // Only .env.example is committed: there is no env file with keys to judge.
    checklist: { "AK-1": "pass", "AK-2": "pass", "AK-3": "n/a", "AK-4": "n/a", "CS-1": "pass" },
  },
  {
    name: "vite-react-leaky",
    findings: [
      // .env line 2 holds the Firebase web key: public by design, not reported.
      [AK2, ".env", 5], // VITE_GEMINI_API_KEY
      [AK3, ".env", 5],
      [AK1, ".env", 5],
      [AK2, ".env", 6], // VITE_OPENAI_KEY
      [AK1, ".env", 6],
      [AK1, ".env", 8], // OPENAI_API_KEY, read by vite.config.ts
      [AK1, "src/lib/fridge-photo.ts", 7], // `new GoogleGenAI({` above, Firebase Storage around
      [CS1, "src/lib/fridge-photo.ts", 14], // the whole app runs in the browser
      [RL2, "src/lib/fridge-photo.ts", 14], // no config.maxOutputTokens
      [AK2, "src/lib/gemini.ts", 3], // import.meta.env.VITE_GEMINI_API_KEY
      [CS1, "src/lib/gemini.ts", 8], // getGenerativeModel(…).generateContent
      [PI1, "src/lib/gemini.ts", 8], // the typed ingredients inside the instruction string
      [RL2, "src/lib/gemini.ts", 8],
      [AK2, "src/lib/openai.ts", 3], // const { VITE_OPENAI_KEY } = import.meta.env
      [CS1, "src/lib/openai.ts", 7], // dangerouslyAllowBrowser: true
      [CS1, "src/lib/openai.ts", 11],
      [RL2, "src/lib/openai.ts", 11], // no max_tokens
      [AK2, "vite.config.ts", 11], // define: { "process.env.OPENAI_API_KEY": … }
    ],
    checklist: { "AK-1": "fail", "AK-2": "fail", "AK-3": "fail", "AK-4": "n/a", "CS-1": "fail" },
    messages: {
      [`${CS1} src/lib/gemini.ts:8`]: /Google Gemini \(generateContent\) is called from browser code \(Vite single-page app/,
      // The Gemini key sits next to Firebase settings: still recognised by its shape.
      [`${AK1} .env:5`]: /Google API key/,
      [`${AK2} .env:5`]: /VITE_GEMINI_API_KEY holds a Google API key/,
      [`${AK3} .env:5`]: /\.env holds 3 keys/,
      [`${AK1} src/lib/fridge-photo.ts:7`]: /Google API key/,
      [`${AK2} vite.config.ts:11`]: /OPENAI_API_KEY is injected by the build config/,
    },
  },
  {
    name: "vite-react-clean",
    findings: [],
    // The committed .env holds public settings only (API base URL, Firebase web config, Clerk and Stripe publishable keys).
    checklist: { "AK-1": "pass", "AK-2": "pass", "AK-3": "n/a", "AK-4": "n/a", "CS-1": "n/a" },
  },
  {
    name: "express-leaky",
    findings: [
      [AK1, "README.md", 20], // curl example with a real key
      [AK1, "config/default.json", 4], // "mistralApiKey"
      [AK1, "notebooks/reply-quality.ipynb", 21],
      [AK1, "scripts/download-reranker.sh", 5],
      [AK1, "src/lib/llm.ts", 7], // Groq
      [AK1, "src/lib/llm.ts", 11], // unknown format, right under `new OpenAI({`
      [AU1, "src/routes/chat.ts", 12], // the limiter is global, but nothing authenticates /api/chat
    ],
    checklist: { "AK-1": "fail", "AK-2": "n/a", "AK-3": "n/a", "AK-4": "n/a", "CS-1": "pass" },
    messages: {
      [`${AK1} README.md:20`]: /OpenAI project key/,
      [`${AK1} config/default.json:4`]: /Mistral API key/,
      [`${AK1} notebooks/reply-quality.ipynb:21`]: /Anthropic API key/,
      [`${AK1} scripts/download-reranker.sh:5`]: /Hugging Face access token/,
      [`${AK1} src/lib/llm.ts:7`]: /Groq API key/,
      [`${AK1} src/lib/llm.ts:11`]: /assigned to apiKey/,
    },
  },
  {
    name: "express-clean",
    findings: [],
    checklist: { "AK-1": "pass", "AK-2": "n/a", "AK-3": "n/a", "AK-4": "n/a", "CS-1": "pass" },
  },
  {
    // A typed Hono client takes only types from server modules (`import { type AppType }`,
    // and `import { Summary }` of an interface): erased, so the server stays server code.
    name: "hono-rpc-types-clean",
    findings: [],
    checklist: { "AK-1": "pass", "AK-2": "pass", "AK-3": "n/a", "AK-4": "n/a", "CS-1": "pass" },
  },
  {
    name: "hono-rpc-types-leaky",
    findings: [
      [CS1, "src/server/summarise.ts", 13], // the client component imports the function itself (and calls it on its own textarea text: no PI-2 or RL-3)
    ],
    checklist: { "AK-1": "pass", "AK-2": "pass", "AK-3": "n/a", "AK-4": "n/a", "CS-1": "fail" },
    messages: {
      [`${CS1} src/server/summarise.ts:13`]: /imported by src\/components\/notes-panel\.tsx, a "use client" file/,
    },
  },
  {
    name: "lookalikes",
    findings: [],
    checklist: { "AK-1": "pass", "AK-2": "pass", "AK-3": "n/a", "AK-4": "n/a", "CS-1": "n/a" },
  },
];

// One scan per fixture, shared by its tests.
const scans = new Map<string, Promise<ScanResult>>();
function scanFixture(name: string): Promise<ScanResult> {
  let result = scans.get(name);
  if (!result) scans.set(name, (result = scan({ target: join(FIXTURES_DIR, name) })));
  return result;
}

describe.each(CASES)("fixture $name", (fixture) => {
  const root = join(FIXTURES_DIR, fixture.name);
  const run = () => scanFixture(fixture.name);

  it("reports exactly the expected findings", async () => {
    const { findings } = await run();
    expect(rows(withoutAdvisory(findings))).toEqual(sortRows(fixture.findings));
  });

  it("judges the key checklist items", async () => {
    expect(keyChecklist(await run())).toEqual(fixture.checklist);
  });

  it("scans every file cleanly", async () => {
    const { stats } = await run();
    expect(stats.warnings).toEqual([]);
    expect(stats.skipped).toEqual([]);
  });

  it("never shows a raw key", async () => {
    const scanned = await run();
    const secrets = rawKeys(root, scanned.findings);
    if (fixture.findings.some(([ruleId]) => ruleId === AK1)) expect(secrets.length).toBeGreaterThan(0);
    expectRedacted(scanned, secrets);
  });
});

describe.each(CASES.filter((c) => c.messages))("fixture $name messages", (fixture) => {
  it.each(Object.entries(fixture.messages ?? {}))("%s", async (at, pattern) => {
    const { findings } = await scanFixture(fixture.name);
    const finding = findings.find((f) => `${f.ruleId} ${f.file}:${f.line}` === at);
    expect(finding?.message, at).toMatch(pattern);
  });
});

describe("env files and git", () => {
  const temps: string[] = [];
  afterAll(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  function copyFixture(name: string): string {
    const dir = mkdtempSync(join(tmpdir(), `aigis-${name}-`));
    temps.push(dir);
    cpSync(join(FIXTURES_DIR, name), dir, { recursive: true });
    return dir;
  }

  // The leaky twin's .env.local: a server key and the same key under NEXT_PUBLIC_.
  const leakyEnvLocal = () => readFileSync(join(FIXTURES_DIR, "nextjs-leaky/.env.local"), "utf8");

  it("accepts keys in a git-ignored, untracked .env.local, but not a NEXT_PUBLIC_ one", async () => {
    const dir = copyFixture("nextjs-clean");
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "init");
    writeFileSync(join(dir, ".env.local"), leakyEnvLocal());
    // The fixture's .gitignore covers it: git does not even list it as untracked.
    expect(git(dir, "status", "--porcelain")).toBe("");

    const result = await scan({ target: dir });
    // Neither AK-1 (keys belong in such a file) nor AK-3: only the browser-exposed name.
    expect(rows(withoutAdvisory(result.findings))).toEqual([[AK2, ".env.local", 4]]);
    expect(keyChecklist(result)).toEqual({ "AK-1": "pass", "AK-2": "fail", "AK-3": "pass", "AK-4": "n/a", "CS-1": "pass" });
    expectRedacted(result, rawKeysInText(leakyEnvLocal()));
  });

  it("reports a .env.local that was committed before .gitignore listed it", async () => {
    const dir = copyFixture("nextjs-clean");
    git(dir, "init", "-q");
    writeFileSync(join(dir, ".env.local"), leakyEnvLocal());
    git(dir, "add", "-A");
    git(dir, "add", "-f", ".env.local");
    git(dir, "commit", "-q", "-m", "init");

    const result = await scan({ target: dir });
    expect(rows(withoutAdvisory(result.findings))).toEqual(
      sortRows([
        [AK3, ".env.local", 2],
        [AK1, ".env.local", 2],
        [AK2, ".env.local", 4],
        [AK1, ".env.local", 4],
      ]),
    );
    expect(result.findings.find((f) => f.ruleId === AK3)?.message).toMatch(/tracked by git although \.gitignore lists it/);
    expect(result.findings.filter((f) => f.ruleId === AK1).map((f) => f.message)).toEqual([expect.stringMatching(/committed to git/), expect.stringMatching(/committed to git/)]);
    expectRedacted(result, rawKeysInText(leakyEnvLocal()));
  });

  it("reports env files that no .gitignore covers outside a git work tree", async () => {
    const dir = copyFixture("nextjs-leaky");
    // Make sure git does not find a repository above the temp dir.
    const result = await withEnv({ GIT_CEILING_DIRECTORIES: dirname(dir) }, () => scan({ target: dir }));
    const expected = CASES.find((c) => c.name === "nextjs-leaky")!;
    expect(rows(withoutAdvisory(result.findings))).toEqual(sortRows(expected.findings));
    const ak3 = result.findings.filter((f) => f.ruleId === AK3);
    expect(ak3.map((f) => f.file)).toEqual([".env.local", ".env.production"]);
    for (const f of ak3) expect(f.message).toMatch(/is not covered by any \.gitignore/);
    expectRedacted(result, rawKeys(dir, result.findings));
  });
});

// ---------------------------------------------------------------------------------------

const RULE_ORDER = [AK1, AK2, AK3, AK4, CS1, AU1, RL1, PI1, ROLES, PI2, RL2, RL3];

/** Findings as rows, ordered by file, line, then rule (columns are not part of the contract). */
function rows(findings: readonly Finding[]): Row[] {
  return sortRows(findings.map((f): Row => [f.ruleId, f.file, f.line]));
}

function sortRows(list: readonly Row[]): Row[] {
  return [...list].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2] || RULE_ORDER.indexOf(a[0]) - RULE_ORDER.indexOf(b[0])));
}

function keyChecklist(result: ScanResult): KeyChecklist {
  const status = (id: string) => result.checklist.find((c) => c.id === id)?.status as Status;
  return { "AK-1": status("AK-1"), "AK-2": status("AK-2"), "AK-3": status("AK-3"), "AK-4": status("AK-4"), "CS-1": status("CS-1") };
}

// Known key prefixes, found independently of the scanner; unknown formats come from AK-1's ranges.
const KEY_PREFIX = /^(?:sk-proj-|sk-ant-api\d\d-|gsk_|hf_|AIza|lgw_live_)/;
const KEY_LIKE = /(?:sk-proj-|sk-ant-api\d\d-|gsk_|hf_|AIza)[A-Za-z0-9_-]{30,}/g;

function rawKeysInText(text: string): string[] {
  return [...text.matchAll(KEY_LIKE)].map((m) => m[0]);
}

/** Every key in the fixture: prefixed keys in any file, plus the exact text of each AK-1 finding. */
function rawKeys(root: string, findings: readonly Finding[]): string[] {
  const keys = new Set<string>();
  for (const file of listFiles(root)) for (const key of rawKeysInText(readFileSync(join(root, file), "utf8"))) keys.add(key);
  for (const f of findings) {
    if (f.ruleId !== AK1) continue;
    const lines = readFileSync(join(root, f.file), "utf8").split("\n");
    expect(f.endLine).toBe(f.line);
    const flagged = lines[f.line - 1]!.slice(f.column - 1, f.endColumn - 1);
    expect(flagged.length, `${f.file}:${f.line}`).toBeGreaterThanOrEqual(20);
    keys.add(flagged);
  }
  return [...keys];
}

function listFiles(root: string, dir = ""): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.name === ".git") return [];
    return e.isDirectory() ? listFiles(root, rel) : [rel];
  });
}

/** No key, and no 8-character piece of one past its public prefix, anywhere in the result. */
function expectRedacted(result: ScanResult, secrets: readonly string[]): void {
  const shown = JSON.stringify({ findings: result.findings, stats: result.stats, checklist: result.checklist });
  for (const secret of secrets) {
    expect(shown).not.toContain(secret);
    const body = secret.replace(KEY_PREFIX, "");
    for (let i = 0; i + 8 <= body.length; i++) {
      const piece = body.slice(i, i + 8);
      if (shown.includes(piece)) expect.fail(`a piece of a key (${piece}) appears in the scan result`);
    }
  }
}

function git(cwd: string, ...args: string[]): string {
  const options = ["-c", "user.email=t@t", "-c", "user.name=t", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"];
  return execFileSync("git", [...options, ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
