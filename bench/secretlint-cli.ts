/**
 * The secretlint 13 CLI over the scan's own file list, for the benchmark's comparison:
 * what a user who runs the usual secret scanner on the same tree waits for.
 *
 * Its config (the recommend preset) lives in a temp dir, never in the target; its report
 * goes to a file (the CLI exits before a piped stdout is flushed). Paths are passed as
 * literals (`--no-glob`, `--no-gitignore`: the file list already is the scan's).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { chunkArgs, countUnixFindings } from "./report.js";

export type SecretlintRun =
  | { ok: true; version: string; ms: number; exitCode: number; findings: number; processes: number }
  | { ok: false; reason: string };

/** Under Linux's 2 MB ARG_MAX with room for the environment. */
const MAX_ARG_CHARS = 1_000_000;
const TIMEOUT_MS = 15 * 60 * 1000;

/** 12.x has an always-on O(n²) profiler (fixed in 13.0.5): timing it would mislead. */
function usableVersion(version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split(".").map((part) => Number.parseInt(part, 10));
  return major > 13 || (major === 13 && (minor > 0 || patch >= 5));
}

export function runSecretlintCli(repoRoot: string, targetDir: string, absPaths: readonly string[]): SecretlintRun {
  const packageJson = join(repoRoot, "node_modules", "secretlint", "package.json");
  if (!existsSync(packageJson)) return { ok: false, reason: "the secretlint package is not installed (npm ci installs it as a devDependency)" };
  const manifest = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string; bin?: string | Record<string, string> };
  if (!usableVersion(manifest.version)) return { ok: false, reason: `secretlint ${manifest.version} is installed; < 13.0.5 has an O(n²) profiler, not timed` };
  const binPath = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.["secretlint"];
  if (!binPath) return { ok: false, reason: "the secretlint package names no CLI" };
  if (absPaths.length === 0) return { ok: false, reason: "no files to scan" };

  const work = mkdtempSync(join(tmpdir(), "aigis-bench-secretlint-"));
  try {
    const rc = join(work, ".secretlintrc.json");
    writeFileSync(rc, JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
    const cli = join(repoRoot, "node_modules", "secretlint", binPath);
    const relPaths = absPaths.map((path) => relative(targetDir, path));
    let ms = 0;
    let findings = 0;
    let exitCode = 0;
    const chunks = chunkArgs(relPaths, MAX_ARG_CHARS);
    for (const [index, chunk] of chunks.entries()) {
      const output = join(work, `report-${index}.txt`);
      const began = performance.now();
      const child = spawnSync(process.execPath, [cli, "--secretlintrc", rc, "--format", "unix", "--output", output, "--no-color", "--no-glob", "--no-gitignore", ...chunk], {
        cwd: targetDir,
        encoding: "utf8",
        timeout: TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      });
      ms += performance.now() - began;
      if (child.error) return { ok: false, reason: `secretlint did not run: ${child.error.message}` };
      // 0: nothing found, 1: secrets found; anything else is a failure of the tool itself.
      if (child.status !== 0 && child.status !== 1) return { ok: false, reason: `secretlint exited ${child.status ?? child.signal}: ${firstLine(child.stderr)}` };
      exitCode = Math.max(exitCode, child.status);
      if (existsSync(output)) findings += countUnixFindings(readFileSync(output, "utf8"));
    }
    return { ok: true, version: manifest.version, ms, exitCode, findings, processes: chunks.length };
  } catch (error) {
    return { ok: false, reason: `secretlint could not be run: ${(error as Error).message}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function firstLine(text: string | undefined): string {
  return (text ?? "").trim().split("\n")[0]?.slice(0, 200) || "(no stderr)";
}
