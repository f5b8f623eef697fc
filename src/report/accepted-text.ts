/** How an `accepted` checklist item reads in the text and Markdown reports (callers make it printable). */
import type { ChecklistResult } from "../checklist/evaluate.js";

/** `2 suppressed ("test key", "demo only"), 1 in the baseline`. */
export function acceptedText(accepted: ChecklistResult["accepted"]): string {
  if (!accepted) return "";
  const parts: string[] = [];
  if (accepted.suppressed) parts.push(`${accepted.suppressed} suppressed${accepted.reasons.length ? ` (${accepted.reasons.map((r) => `"${r}"`).join(", ")})` : " (no reason given)"}`);
  if (accepted.baselined) parts.push(`${accepted.baselined} in the baseline`);
  return parts.join(", ");
}
