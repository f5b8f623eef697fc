/**
 * The SDK table (`knowledge/ai-sdks.ts`), indexed once by package and by typed value:
 * the module graph, the evaluator and the rules look entries and members up here.
 */
import { AI_SDKS, type AiSdk, type SdkEntry, type SdkMember } from "../knowledge/ai-sdks.js";

const ENTRIES = new Map<string, Array<{ sdk: AiSdk; entry: SdkEntry }>>();
const MEMBERS = new Map<string, Map<string, SdkMember>>();
for (const sdk of AI_SDKS) {
  for (const pkg of sdk.packages) for (const entry of sdk.entries) ENTRIES.set(pkg, [...(ENTRIES.get(pkg) ?? []), { sdk, entry }]);
  for (const member of sdk.members) {
    const byPath = MEMBERS.get(member.type) ?? new Map<string, SdkMember>();
    byPath.set(member.path, member);
    MEMBERS.set(member.type, byPath);
  }
}

export function sdkEntry(pkg: string, exportName: string, how: SdkEntry["how"]): { sdk: AiSdk; entry: SdkEntry } | undefined {
  return ENTRIES.get(pkg)?.find((e) => e.entry.export === exportName && e.entry.how === how);
}

export function sdkMember(type: string, path: string): SdkMember | undefined {
  return MEMBERS.get(type)?.get(path);
}

/** Every package some SDK of the table names (its entries, or only members such as LangChain core's runnables). */
const PACKAGES: ReadonlySet<string> = new Set(AI_SDKS.flatMap((sdk) => sdk.packages));

/** Is this package (or entry subpath) an AI SDK of the table? Such a package is that SDK by name, even as workspace source in its own monorepo. */
export function isAiPackage(pkg: string): boolean {
  return PACKAGES.has(pkg);
}

