/** The tool's name and version, read from its own package.json (found from src/ and from dist/src/). */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

function readOwnManifest(): { name: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, "utf8")) as { name: string; version: string };
    dir = dirname(dir);
  }
  return { name: "aigis", version: "0.0.0" };
}

const manifest = readOwnManifest();

export const TOOL_NAME = manifest.name;
export const TOOL_VERSION = manifest.version;
