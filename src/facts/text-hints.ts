/**
 * Text hints several rules ask of every file. Each is a literal gate, so every hint of a
 * file is answered from the one pass its gates share.
 */
import { PROVIDER_HOSTS } from "../knowledge/provider-hosts.js";
import type { FileFacts } from "./file-facts.js";
import { LiteralGate } from "./literal-gates.js";

/** Reads an env var in any of the shapes bundlers and runtimes use (`process.env`, `import.meta.env`, `$env/…`, `env.X`). */
export const READS_ENV = new LiteralGate(["process.env", "import.meta.env", "$env/", "useRuntimeConfig", { literal: "env", pattern: /\benv\s*[.[]/ }]);

/** A provider's API host (`api.openai.com`, `generativelanguage.googleapis.com`…), in any case. */
export const PROVIDER_HOST = new LiteralGate(PROVIDER_HOSTS.map((h) => h.host.replace(/^[.-]/, "")), { ignoreCase: true });

const URL_SCHEME = new LiteralGate(["://"]);

/** A provider URL always has a scheme: the file names a provider host in one. */
export function namesProviderHost(file: FileFacts): boolean {
  return file.mayMatch(URL_SCHEME) && file.mayMatch(PROVIDER_HOST);
}
