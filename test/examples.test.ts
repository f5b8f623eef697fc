/**
 * The example workflows in `examples/github/` and the Action they use (`action.yml`), checked
 * without GitHub: their structure (permissions, an upload that runs whatever the scan found),
 * then the scan steps' own shell run as a runner runs them, in a monorepo, with `npx` standing
 * in for the registry (it runs the built launcher). The SARIF they write must validate
 * against the SARIF 2.1.0 schema and place every result at a file of the repository; the job
 * summary must hold the whole checklist.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Validator } from "@cfworker/json-schema";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKLIST_IDS } from "../src/checklist/items.js";
import { BIN, ensureBuilt, makeKeys, REPO_ROOT } from "./helpers/cli.js";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Workflow {
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}
interface Action {
  inputs: Record<string, { default: string }>;
  runs: { steps: Step[] };
}

const read = <T>(path: string): T => parse(readFileSync(join(REPO_ROOT, path), "utf8")) as T;
const ACTION = read<Action>("action.yml");
const WITH_ACTION = read<Workflow>("examples/github/aigis-action.yml");
const PLAIN_STEPS = read<Workflow>("examples/github/aigis-steps.yml");
const stepsOf = (workflow: Workflow) => Object.values(workflow.jobs)[0]!.steps;

/** The SARIF 2.1.0 schema as published with the standard (shipped in @microsoft/jest-sarif). */
const SARIF_SCHEMA = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as object;
const K = makeKeys(0xe8a3_91e5);
const base = mkdtempSync(join(tmpdir(), "aigis-examples-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A small monorepo in a git work tree: a Next.js app with an open AI route, an API with a hard-coded key, a shared package. */
function monorepo(name: string): string {
  const repo = join(base, name);
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: "acme", private: true, workspaces: ["apps/*", "packages/*"] }),
    "apps/web/package.json": JSON.stringify({ name: "web", dependencies: { next: "^15", openai: "^4" } }),
    "apps/web/app/api/chat/route.ts": [
      'import OpenAI from "openai";',
      "const openai = new OpenAI();",
      "export async function POST(req: Request) {",
      "  const { question } = await req.json();",
      '  const answer = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: question }] });',
      "  return Response.json({ answer: answer.choices[0].message.content });",
      "}",
      "",
    ].join("\n"),
    "apps/api/package.json": JSON.stringify({ name: "api", dependencies: { express: "^4", groq: "^0.9" } }),
    "apps/api/src/groq.js": `export const GROQ_API_KEY = "${K.groq.value}";\n`,
    "packages/ui/package.json": JSON.stringify({ name: "ui" }),
    "packages/ui/src/button.tsx": "export const Button = () => null;\n",
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, rel)), { recursive: true });
    writeFileSync(join(repo, rel), text);
  }
  execFileSync("git", ["init", "-q"], { cwd: repo });
  return repo;
}

/** `npx --yes aigis[@version] …` as the runner would run it, without the registry: the built launcher. */
function npxShim(): string {
  const dir = join(base, "shim");
  mkdirSync(dir, { recursive: true });
  const script = [
    "#!/bin/sh",
    'while [ "$1" = "--yes" ] || [ "$1" = "-y" ]; do shift; done',
    'case "$1" in aigis|aigis@*) shift ;; *) echo "npx shim: unexpected package $1" >&2; exit 127 ;; esac',
    `exec "${process.execPath}" "${BIN}" "$@"`,
    "",
  ].join("\n");
  writeFileSync(join(dir, "npx"), script);
  chmodSync(join(dir, "npx"), 0o755);
  return dir;
}

interface RunnerResult {
  code: number | null;
  stderr: string;
  summary: string;
  outputs: string;
}

/** A step's `run:` script under bash, in the repository, with the runner's files and the step's env. */
function runStep(script: string, repo: string, env: Record<string, string>): RunnerResult {
  const summary = join(repo, "..", `${repo.split("/").pop()}-summary.md`);
  const outputs = join(repo, "..", `${repo.split("/").pop()}-outputs.txt`);
  writeFileSync(summary, "");
  writeFileSync(outputs, "");
  const child = spawnSync("bash", ["-e", "-c", script], {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, ...env, PATH: `${npxShim()}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs, NO_COLOR: "1" },
  });
  return { code: child.status, stderr: child.stderr, summary: readFileSync(summary, "utf8"), outputs: readFileSync(outputs, "utf8") };
}

/** Every result (and related location) of the log, resolved from the repository root, is a file there. */
function unplacedUris(log: { runs: Array<{ results: Array<{ locations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> }, repo: string): string[] {
  const uris = log.runs.flatMap((run) => run.results.flatMap((r) => (r.locations ?? []).map((l) => l.physicalLocation.artifactLocation.uri)));
  return uris.filter((uri) => !existsSync(join(repo, decodeURIComponent(uri))));
}

function schemaErrors(log: unknown): string[] {
  const result = new Validator(SARIF_SCHEMA, "4", false).validate(log);
  return result.errors.map((e) => `${e.instanceLocation}: ${e.error}`);
}

beforeAll(() => ensureBuilt());

describe("examples/github workflows", () => {
  it("may upload to code scanning, and upload the SARIF whatever the scan found", () => {
    for (const workflow of [WITH_ACTION, PLAIN_STEPS]) expect(workflow.permissions["security-events"]).toBe("write");
    // The Action: its own upload step runs on failure too; the gate fails the job after it.
    expect(stepsOf(WITH_ACTION).some((s) => s.uses?.startsWith("aigis-dev/aigis@"))).toBe(true);
    const [scan, upload, gate] = ACTION.runs.steps;
    expect(upload!.uses).toMatch(/^github\/codeql-action\/upload-sarif@/);
    expect(upload!.if).toContain("always()");
    expect(gate!.if).toContain("steps.scan.outputs.exit-code == '1'");
    expect(scan!.run).toContain("--summary-file");
    // Plain steps: the upload comes after the scan, runs always, and reads the file the scan writes.
    const steps = stepsOf(PLAIN_STEPS);
    const scanAt = steps.findIndex((s) => s.run?.includes("aigis scan"));
    const uploadAt = steps.findIndex((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(scanAt).toBeGreaterThanOrEqual(0);
    expect(uploadAt).toBeGreaterThan(scanAt);
    expect(steps[uploadAt]!.if).toBe("always()");
    expect(steps[scanAt]!.run).toContain(`--output ${steps[uploadAt]!.with!.sarif_file}`);
  });

  it("the Action's scan step, on a folder of a monorepo: exits 0 so the upload runs, hands exit code 1 to the gate, valid SARIF placed from the repository root, the checklist in the summary", () => {
    const repo = monorepo("action-run");
    const inputs = Object.fromEntries(Object.entries(ACTION.inputs).map(([name, input]) => [name, input.default]));
    // `${{ inputs.x }}` in the step's env, as the runner fills it in.
    const env = Object.fromEntries(Object.entries(ACTION.runs.steps[0]!.env!).map(([name, value]) => [name, value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, input: string) => (input === "path" ? "apps/web" : inputs[input] ?? ""))]));
    const run = runStep(ACTION.runs.steps[0]!.run!, repo, env);
    expect(run.stderr).toMatch(/report written to aigis\.sarif/);
    expect(run.code).toBe(0);
    // The open AI route is an error-level finding: the gate step fails the job, after the upload.
    expect(run.outputs.trim()).toBe("exit-code=1");
    const log = JSON.parse(readFileSync(join(repo, inputs["sarif-file"]!), "utf8"));
    expect(schemaErrors(log)).toEqual([]);
    const uris = log.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain("apps/web/app/api/chat/route.ts");
    expect(unplacedUris(log, repo)).toEqual([]);
    for (const id of CHECKLIST_IDS) expect(run.summary).toMatch(new RegExp(`^\\| \\*\\*${id}\\*\\* `, "m"));
  });

  it("the Action's scan step, on the whole monorepo: the key in another app is found and placed, and redacted everywhere", () => {
    const repo = monorepo("action-gate");
    const inputs = Object.fromEntries(Object.entries(ACTION.inputs).map(([name, input]) => [name, input.default]));
    const env = Object.fromEntries(Object.entries(ACTION.runs.steps[0]!.env!).map(([name, value]) => [name, value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, input: string) => inputs[input] ?? "")]));
    const run = runStep(ACTION.runs.steps[0]!.run!, repo, env);
    expect(run.code).toBe(0);
    expect(run.outputs.trim()).toBe("exit-code=1");
    const log = JSON.parse(readFileSync(join(repo, "aigis.sarif"), "utf8"));
    expect(schemaErrors(log)).toEqual([]);
    expect(unplacedUris(log, repo)).toEqual([]);
    expect(log.runs[0].results.map((r: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => `${r.ruleId} ${r.locations[0]!.physicalLocation.artifactLocation.uri}`)).toContain("hardcoded-provider-key apps/api/src/groq.js");
    // The key itself is in no output.
    expect(readFileSync(join(repo, "aigis.sarif"), "utf8")).not.toContain(K.groq.value);
    expect(run.summary).not.toContain(K.groq.value);
  });

  it("the plain scan step fails on the error-level finding (the upload still runs: always()) and writes valid, placed SARIF and the summary", () => {
    const repo = monorepo("steps-run");
    const scan = stepsOf(PLAIN_STEPS).find((s) => s.run?.includes("aigis scan"))!;
    const run = runStep(scan.run!, repo, {});
    expect(run.code).toBe(1);
    const log = JSON.parse(readFileSync(join(repo, "aigis.sarif"), "utf8"));
    expect(schemaErrors(log)).toEqual([]);
    expect(unplacedUris(log, repo)).toEqual([]);
    for (const id of CHECKLIST_IDS) expect(run.summary).toMatch(new RegExp(`^\\| \\*\\*${id}\\*\\* `, "m"));
  });

  it("the schema check can fail: a log with a result missing its message is rejected", () => {
    const bad = { version: "2.1.0", runs: [{ tool: { driver: { name: "aigis" } }, results: [{ ruleId: "x" }] }] };
    expect(schemaErrors(bad).length).toBeGreaterThan(0);
  });
});
