/**
 * Shared by the CLI tests: runs the built launcher (`node bin/aigis.js …`) the way a user
 * does, and makes realistic fake provider keys to plant in scan targets.
 */
import { execSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BIN = join(REPO_ROOT, "bin", "aigis.js");

/** `npm test` builds first (pretest); a bare `npx vitest run` on a fresh checkout builds here. */
export function ensureBuilt(): void {
  if (!existsSync(join(REPO_ROOT, "dist", "src", "cli", "main.js")) || !existsSync(join(REPO_ROOT, "dist", "cli.js"))) {
    execSync("npm run build", { cwd: REPO_ROOT, stdio: "inherit" });
  }
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Variables to set (undefined removes one). NO_COLOR and FORCE_COLOR are removed unless given here. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Run the command through another program first (e.g. setpriv to drop root). */
  prefix?: string[];
  /** Run the built launcher in a child process even when nothing above asks for one. */
  spawn?: boolean;
}

/**
 * Runs the CLI. In the test process (its `main` with captured streams, as a user's shell
 * gives it pipes) unless the run needs a process of its own: another environment, working
 * folder or prefix, or `spawn: true` for the few true end-to-end runs of the built launcher.
 */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return options.spawn || options.env || options.cwd || options.prefix ? spawnCli(args, options) : runInProcess(args);
}

/** A pipe as `main` sees it: no terminal, so no colour and no progress line. */
class CapturedStream {
  readonly isTTY = false;
  private readonly chunks: string[] = [];
  write(chunk: string | Uint8Array, encoding?: unknown, done?: () => void): boolean {
    this.chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    (typeof encoding === "function" ? (encoding as () => void) : done)?.();
    return true;
  }
  on(): this {
    return this;
  }
  once(): this {
    return this;
  }
  get text(): string {
    return this.chunks.join("");
  }
}

async function runInProcess(args: readonly string[]): Promise<CliResult> {
  const { main } = await import("../../src/cli/main.js");
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  const code = await main([process.execPath, BIN, ...args], { stdout: stdout as unknown as NodeJS.WriteStream, stderr: stderr as unknown as NodeJS.WriteStream });
  return { code, signal: null, stdout: stdout.text, stderr: stderr.text };
}

let cacheDir: string | undefined;
// The folder goes with the test process that made it.
process.on("exit", () => {
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

/** The built launcher in a child process, exactly as a user runs it. */
export function spawnCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  // The launcher's compiler code cache goes to a folder of this test run, not the user's cache.
  const env: NodeJS.ProcessEnv = { ...process.env, AIGIS_CACHE_DIR: (cacheDir ??= mkdtempSync(join(tmpdir(), "aigis-cli-cache-"))) };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const command = [...(options.prefix ?? []), process.execPath, BIN, ...args];
  return new Promise((resolve, reject) => {
    // stdout and stderr are pipes, never a terminal: this is the "piped" case.
    const child = spawn(command[0]!, command.slice(1), { cwd: options.cwd ?? REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

// ---------------------------------------------------------------------------------------
// Fake keys: the real formats, random-looking bodies, deterministic (seeded) so a failure
// reproduces. Bodies never contain the placeholder words or sequential runs the scanner
// treats as documentation, so they are found exactly like real keys.

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const FORBIDDEN_WORDS = /example|test|your|xxxx|dummy|fake|sample|placeholder|redact|changeme|insert|replace|key|secret|token|0000|1234/i;

/** A small seeded generator (mulberry32): fake keys are random-looking and reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hasRun(value: string, length: number): boolean {
  let up = 1;
  let down = 1;
  let same = 1;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    same = d === 0 ? same + 1 : 1;
    if (up >= length || down >= length || same >= length) return true;
  }
  return false;
}

export function randomBody(random: () => number, length: number): string {
  for (;;) {
    let s = "";
    for (let i = 0; i < length; i++) s += ALPHANUMERIC[Math.floor(random() * ALPHANUMERIC.length)];
    const mixed = /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);
    if (mixed && !hasRun(s, 3) && !FORBIDDEN_WORDS.test(s)) return s;
  }
}

export interface FakeKey {
  /** The whole key as it would be pasted. */
  value: string;
  /** The public prefix reports may show (`sk-proj-`). */
  prefix: string;
  /** Everything after the prefix: none of it may ever appear in output. */
  secret: string;
}

function key(prefix: string, secret: string): FakeKey {
  return { value: prefix + secret, prefix, secret };
}

export function makeKeys(seed: number) {
  const random = mulberry32(seed);
  return {
    openai: key("sk-proj-", randomBody(random, 100)),
    anthropic: key("sk-ant-api03-", `${randomBody(random, 93)}AA`),
    groq: key("gsk_", randomBody(random, 52)),
    google: key("AIza", randomBody(random, 35)),
    /** Not an AI key: found by secretlint only, which exercises its redaction path. */
    github: key("ghp_", randomBody(random, 36)),
  };
}

/** Every 12-character window of the key's secret part that occurs in `text`. */
export function leakedSlices(text: string, k: FakeKey, width = 12): string[] {
  const leaks: string[] = [];
  for (let i = 0; i + width <= k.secret.length; i++) {
    const slice = k.secret.slice(i, i + width);
    if (text.includes(slice)) leaks.push(slice);
  }
  return leaks;
}
