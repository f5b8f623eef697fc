/** The entries of an env file that hold a real secret (not a placeholder, not a public setting). */
import { isPlaceholderValue, type EnvEntry } from "./env-file.js";
import type { FileFacts } from "./file-facts.js";
import { isPublicByDesign } from "./key-scanner.js";
import { isAiSecretName, isPublishedKey, isSecretName } from "./secret-names.js";

export interface EnvSecret {
  entry: EnvEntry;
  /** A provider key (by shape or by an AI-provider variable name). */
  ai: boolean;
  /** "an OpenAI project key", "the value of OPENAI_API_KEY". */
  label: string;
}

export function envSecrets(file: FileFacts): EnvSecret[] {
  const out: EnvSecret[] = [];
  for (const entry of file.envEntries) {
    if (entry.valueEnd <= entry.valueStart) continue;
    const key = file.providerKeys.find((k) => k.start >= entry.valueStart && k.end <= entry.valueEnd);
    if (key && key.shapeId !== "named-ai-secret") {
      out.push({ entry, ai: true, label: key.label });
    } else if (isSecretName(entry.name) && !isPlaceholderValue(entry.value) && !isPublicByDesign(entry.name, entry.value) && !isPublishedKey(entry.name, entry.value)) {
      // (Firebase web and Maps browser keys, publishable keys: they ship in every page that uses them, so committing one leaks nothing.)
      out.push({ entry, ai: isAiSecretName(entry.name), label: `the value of ${entry.name}` });
    }
  }
  return out;
}
