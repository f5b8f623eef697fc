/** The tool's name and version, read from its own package.json (found from src/ and from dist/src/). */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

interface OwnManifest {
  name: string;
  version: string;
  homepage?: string;
  repository?: string | { url?: string };
}

/** The folder holding aigis' own package.json (the repository root in development, the package in node_modules). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, "package.json"))) return dir;
    dir = dirname(dir);
  }
  return dirname(fileURLToPath(import.meta.url));
}

function readOwnManifest(): OwnManifest {
  const candidate = join(packageRoot(), "package.json");
  return existsSync(candidate) ? (JSON.parse(readFileSync(candidate, "utf8")) as OwnManifest) : { name: "aigis", version: "0.0.0" };
}

const manifest = readOwnManifest();

export const TOOL_NAME = manifest.name;
export const TOOL_VERSION = manifest.version;

/** The repository's web address (`https://github.com/owner/name`), from package.json's `repository`. */
export const TOOL_REPOSITORY = webUrlOf(manifest.repository) ?? "https://www.npmjs.com/package/aigis";
export const TOOL_HOMEPAGE = manifest.homepage ?? TOOL_REPOSITORY;

/** Where a rule's page lives (docs/rules/<id>.md in the repository, generated from its metadata). */
export function ruleDocsUrl(ruleId: string): string {
  return `${TOOL_REPOSITORY}/blob/main/docs/rules/${ruleId}.md`;
}

function webUrlOf(repository: OwnManifest["repository"]): string | undefined {
  const url = typeof repository === "string" ? repository : repository?.url;
  if (!url) return undefined;
  return url.replace(/^git\+/, "").replace(/\.git$/, "");
}
