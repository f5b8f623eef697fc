/**
 * Hostile and broken input, scanned with the built CLI: binary files with a .js name, a
 * 50 MB bundle, bytes that are not UTF-8, UTF-16, syntax garbage, symlink loops,
 * unreadable files and directories. The scan must finish, report the planted keys,
 * and say what it skipped or read only partly — never crash.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ensureBuilt, leakedSlices, makeKeys, runCli, type CliResult } from "./helpers/cli.js";

const K = makeKeys(0xbad_1e55);
const MB = 1024 * 1024;

/** chmod 000 stops nobody who runs as root, so those checks need an ordinary user. */
const IS_ROOT = typeof process.getuid === "function" && process.getuid() === 0;
const NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];
/** Under root, can we run the CLI as uid 65534 instead (setpriv present, node and the repo readable)? */
const CAN_DROP_ROOT = IS_ROOT && spawnSync(NOBODY[0]!, [...NOBODY.slice(1), process.execPath, "-e", `require("fs").accessSync(${JSON.stringify(BIN)}, 4)`]).status === 0;

interface Report {
  findings: Array<{ ruleId: string; file: string; line: number; message: string; snippet: string }>;
  stats: { files: number; skipped: Array<{ file: string; reason: string }>; warnings: Array<{ file: string; message: string }> };
}

const dirs: string[] = [];
let dir: string;
let run: CliResult;
let report: Report;

function skippedReason(r: Report, file: string): string | undefined {
  return r.stats.skipped.find((s) => s.file === file)?.reason;
}

function warningsFor(r: Report, file: string): string[] {
  return r.stats.warnings.filter((w) => w.file === file).map((w) => w.message);
}

/** Writes the hostile tree. Returns the directory. */
function buildTree(): string {
  const root = mkdtempSync(join(tmpdir(), "aigis-bad-"));
  dirs.push(root);
  const w = (rel: string, content: string | Buffer) => writeFileSync(join(root, rel), content);

  // The one ordinary file with a planted key.
  w("key.js", `import Groq from "groq-sdk";\nexport const groq = new Groq({ apiKey: "${K.groq.value}" });\n`);

  // Binary content behind a .js name.
  w("binary.js", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x10, 0x3b, 0x00]));

  // A 50 MB minified bundle: one huge line. Buffer.alloc fills it without building a string,
  // and the buffer is dropped as soon as it is written.
  w("app.js", Buffer.alloc(50 * MB, "var a=1;"));

  // Not UTF-8 (Latin-1 é, then bytes that are never valid UTF-8), with a key further down.
  w(
    "latin1.js",
    Buffer.concat([Buffer.from('export const greeting = "caf'), Buffer.from([0xe9, 0xff, 0xfe, 0xc0]), Buffer.from(`";\nexport const k = "${K.anthropic.value}";\n`)]),
  );

  // UTF-16LE with a byte-order mark (what some Windows editors save).
  w("utf16.ts", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`// saved by Notepad\nexport const openai = "${K.openai.value}";\n`, "utf16le")]));

  // Syntax garbage that also holds a key. The first line reads a client-prefixed env var,
  // which makes the code rules ask for this file's syntax tree (so the parse failure is seen).
  w("broken.ts", `const site = process.env.NEXT_PUBLIC_SITE_URL;\nconst = = {{{ ;; function ( "${K.google.value}" }}}} <<< >>> @@@ interface enum\n`);

  // Minified, but under the size cap: read and checked for keys, not parsed.
  w("vendor.js", `!function(){${"var a=1,b=2;a+=b;".repeat(20_000)}}();\n`);

  // Symbolic link loops.
  mkdirSync(join(root, "loop"));
  symlinkSync("..", join(root, "loop", "a"));
  symlinkSync("self", join(root, "self"));

  // An unreadable file and an unreadable directory.
  w("unreadable.js", "export const x = 1;\n");
  chmodSync(join(root, "unreadable.js"), 0o000);
  mkdirSync(join(root, "locked"));
  writeFileSync(join(root, "locked", "inside.js"), "export const y = 2;\n");
  chmodSync(join(root, "locked"), 0o000);

  return root;
}

beforeAll(async () => {
  ensureBuilt();
  dir = buildTree();
  run = await runCli(["scan", dir, "--format", "json"]);
  report = JSON.parse(run.stdout) as Report;
});

afterAll(() => {
  for (const d of dirs) {
    // Make everything removable again (as an ordinary user a 000 directory cannot be emptied).
    for (const locked of ["locked", "unreadable.js"]) {
      try {
        chmodSync(join(d, locked), 0o755);
      } catch {
        // not in this tree
      }
    }
    rmSync(d, { recursive: true, force: true });
  }
});

describe("a tree full of bad input", () => {
  it("is scanned to the end: exit 1 for the planted keys, no internal error", () => {
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
  });

  it("finds the planted key, and the keys in the UTF-16, non-UTF-8 and unparsable files", () => {
    const keyFiles = report.findings.filter((f) => f.ruleId === "hardcoded-provider-key").map((f) => f.file);
    expect(keyFiles).toEqual(expect.arrayContaining(["key.js", "utf16.ts", "latin1.js", "broken.ts"]));
    const messageFor = (file: string) => report.findings.find((f) => f.file === file && f.ruleId === "hardcoded-provider-key")?.message;
    expect(messageFor("utf16.ts")).toMatch(/OpenAI project key/);
    expect(messageFor("latin1.js")).toMatch(/Anthropic API key/);
    expect(messageFor("broken.ts")).toMatch(/Google API key/);
    // Positions in the UTF-16 file are those of the decoded text.
    expect(report.findings.find((f) => f.file === "utf16.ts")!.line).toBe(2);
  });

  it("skips the 50 MB bundle for its size", () => {
    expect(skippedReason(report, "app.js")).toMatch(/larger than .*MB.*max-file-size/);
  });

  it("skips the binary file", () => {
    expect(skippedReason(report, "binary.js")).toMatch(/binary/);
    expect(report.findings.some((f) => f.file === "binary.js")).toBe(false);
  });

  it("warns about the file that is not UTF-8 and the one that does not parse", () => {
    expect(warningsFor(report, "latin1.js")).toEqual([expect.stringMatching(/not valid UTF-8/)]);
    expect(warningsFor(report, "broken.ts")).toEqual([expect.stringMatching(/could not be parsed/)]);
  });

  it('warns that a minified file under the size cap "looks minified"', () => {
    expect(warningsFor(report, "vendor.js")).toEqual([expect.stringMatching(/looks minified/)]);
    expect(skippedReason(report, "vendor.js")).toBeUndefined();
  });

  it("does not follow symbolic links, and says so", () => {
    expect(skippedReason(report, "loop/a")).toMatch(/symbolic link.*not followed/);
    expect(skippedReason(report, "self")).toMatch(/symbolic link.*not followed/);
    // Nothing was reached through the loop.
    expect(report.findings.every((f) => !f.file.startsWith("loop/"))).toBe(true);
  });

  it("reports the unreadable file and directory as skipped", () => {
    if (IS_ROOT) {
      // Root reads through chmod 000, so there is nothing unreadable to report here; the
      // test below repeats this part as an ordinary user when it can.
      return;
    }
    expect(skippedReason(report, "unreadable.js")).toMatch(/cannot read.*EACCES/);
    expect(skippedReason(report, "locked")).toMatch(/cannot list directory.*EACCES/);
  });

  it("never prints a key, in any format", async () => {
    const text = await runCli(["scan", dir]);
    const sarif = await runCli(["scan", dir, "--format", "sarif"]);
    expect(text.code).toBe(1);
    expect(sarif.code).toBe(1);
    expect(text.stdout).toMatch(/Skipped \d+ paths/);
    expect(text.stdout).toMatch(/Scanned with warnings/);
    for (const output of [run.stdout, run.stderr, text.stdout, text.stderr, sarif.stdout, sarif.stderr]) {
      for (const k of Object.values(K)) {
        expect(output).not.toContain(k.value);
        expect(leakedSlices(output, k)).toEqual([]);
      }
    }
  });

  it("with the size cap raised, reads the 50 MB bundle as a minified file", async () => {
    const big = await runCli(["scan", dir, "--format", "json", "--max-file-size", String(64 * MB)]);
    expect(big.stderr).not.toMatch(/internal error/);
    expect(big.code).toBe(1);
    const r = JSON.parse(big.stdout) as Report;
    expect(skippedReason(r, "app.js")).toBeUndefined();
    expect(warningsFor(r, "app.js")).toEqual([expect.stringMatching(/looks minified/)]);
    expect(r.findings.map((f) => f.file)).toEqual(expect.arrayContaining(["key.js", "utf16.ts", "latin1.js", "broken.ts"]));
  });
});

describe("bad paths", () => {
  it("a path that does not exist exits 2 with a message", async () => {
    const missing = await runCli(["scan", join(dir, "no", "such", "place")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/path does not exist/);
    expect(missing.stderr).not.toMatch(/internal error/);
  });

  it("a self-referencing link named as the target exits 2 with a message", async () => {
    const loop = await runCli(["scan", join(dir, "self")]);
    expect(loop.code).toBe(2);
    expect(loop.stderr).toMatch(/cannot read .*ELOOP/);
    expect(loop.stderr).not.toMatch(/internal error/);
  });

  it("a binary file named as the target is skipped, not an error", async () => {
    const one = await runCli(["scan", join(dir, "binary.js"), "--format", "json"]);
    expect(one.code).toBe(0);
    const r = JSON.parse(one.stdout) as Report;
    expect(skippedReason(r, "binary.js")).toMatch(/binary/);
  });

  it.runIf(process.platform !== "win32")("a FIFO named as the target exits 0 with a notice, without waiting for a writer (30 s kill guard)", () => {
    const root = mkdtempSync(join(tmpdir(), "aigis-bad-fifo-"));
    dirs.push(root);
    spawnSync("mkfifo", [join(root, "pipe")]);
    const run = spawnSync(process.execPath, [BIN, "scan", join(root, "pipe"), "--format", "json"], { encoding: "utf8", timeout: 30_000 });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expect(skippedReason(JSON.parse(run.stdout) as Report, "pipe")).toMatch(/named pipe \(FIFO\)/);
  });
});

describe.runIf(CAN_DROP_ROOT)("unreadable input, scanned as an ordinary user (uid 65534)", () => {
  it("reports the unreadable file and directory as skipped and still finds the key", async () => {
    const root = mkdtempSync(join(tmpdir(), "aigis-bad-nobody-"));
    dirs.push(root);
    chmodSync(root, 0o755); // mkdtemp makes it 0700
    writeFileSync(join(root, "key.js"), `export const k = "${K.groq.value}";\n`);
    writeFileSync(join(root, "unreadable.js"), "export const x = 1;\n");
    chmodSync(join(root, "unreadable.js"), 0o000);
    mkdirSync(join(root, "locked"));
    writeFileSync(join(root, "locked", "inside.js"), "export const y = 2;\n");
    chmodSync(join(root, "locked"), 0o000);

    const asNobody = await runCli(["scan", root, "--format", "json"], { prefix: NOBODY });
    expect(asNobody.stderr).not.toMatch(/internal error/);
    expect(asNobody.code).toBe(1);
    const r = JSON.parse(asNobody.stdout) as Report;
    expect(r.findings.map((f) => f.file)).toEqual(["key.js"]);
    expect(skippedReason(r, "unreadable.js")).toMatch(/cannot read.*EACCES/);
    expect(skippedReason(r, "locked")).toMatch(/cannot list directory.*EACCES/);
  });
});
