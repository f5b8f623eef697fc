/** Which environment an env file configures, from its name (table in `knowledge/env-vars.ts`). */
import { basename } from "node:path";
import { ENV_FILE_ENVIRONMENTS } from "../knowledge/env-vars.js";

export function environmentOf(relPath: string): string {
  const name = basename(relPath).toLowerCase();
  return ENV_FILE_ENVIRONMENTS.find((e) => e.pattern.test(name))?.environment ?? "other";
}
