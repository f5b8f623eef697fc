/**
 * The AI API security checklist every report is judged against, in aigis' own words.
 * Items are stable: ids never change meaning. Which rules evidence an item is declared
 * by the rules (`meta.checklist`), not here.
 */

export const CHECKLIST_SECTIONS = {
  AK: "Provider keys",
  CS: "Browser / server boundary",
  AU: "Who may call the AI",
  RL: "Rate and cost limits",
  PI: "Prompt injection",
  OF: "Handling model output",
  EH: "Errors",
  LG: "Logs and monitoring",
  DP: "Personal data",
  TR: "Transport and storage",
  OP: "Operations",
} as const;

export interface ChecklistItem {
  id: string;
  section: keyof typeof CHECKLIST_SECTIONS;
  title: string;
  /** What a person should look at when code cannot answer (or not fully). */
  manualCheck: string;
  /** Code can answer it (fully or partly), so a version of aigis without a rule for it says so. */
  checkableInCode?: boolean;
  /** What code can never show even when the item passes: a person still checks it. */
  alsoCheck?: string;
  /** For items whose statuses mean more than "a finding or not": what each status says here (docs/checklist.md). */
  statuses?: Partial<Record<"fail" | "pass" | "manual" | "n/a", string>>;
}

export const CHECKLIST = [
  { id: "AK-1", section: "AK", title: "No provider key is written into the repository (code, config, docs, notebooks, committed env files)", manualCheck: "Search the git history too: a key removed from the tree is still in old commits and must be revoked.", checkableInCode: true },
  { id: "AK-2", section: "AK", title: "No provider key can reach the browser (client-exposed env prefixes, client code, build-time injection)", manualCheck: "Open the production bundle and search it for key prefixes such as sk- or AIza.", checkableInCode: true },
  { id: "AK-3", section: "AK", title: "Env files that hold keys are ignored by git and not tracked", manualCheck: "Check that deployment uses the platform's secret store, not files copied into the image.", checkableInCode: true },
  { id: "AK-4", section: "AK", title: "Development, staging and production use different keys", manualCheck: "Confirm in each provider's console that every environment has its own key.", checkableInCode: true },
  { id: "AK-5", section: "AK", title: "Keys never end up in logs, responses or error messages", manualCheck: "Grep production logs for key prefixes and Authorization headers.", checkableInCode: true },
  { id: "AK-6", section: "AK", title: "Keys live in a secrets manager and are rotated at least every 90 days, and at once when exposure is suspected", manualCheck: "Record who rotates which key, when it was last rotated, and the runbook for a leak." },
  { id: "AK-7", section: "AK", title: "Each key has only the permissions it needs (models, endpoints, projects)", manualCheck: "Review key scopes in the provider console; switch off capabilities the product does not use." },
  { id: "CS-1", section: "CS", title: "Providers are called from the server only, never from browser, extension or mobile code", manualCheck: "Watch the browser's network tab while using the AI features: no request should go to a provider's host.", checkableInCode: true },
  { id: "AU-1", section: "AU", title: "Every route, handler or server action that reaches a model requires a signed-in caller", manualCheck: "Call each AI endpoint without credentials and expect 401/403.", checkableInCode: true },
  { id: "AU-2", section: "AU", title: "Users are authenticated by sessions or signed tokens, not one shared key compared in code; secrets are compared in constant time", manualCheck: "Look for shared static API keys handed to end users.", checkableInCode: true },
  { id: "AU-3", section: "AU", title: "Privileged AI routes check the caller's role or plan", manualCheck: "List admin-only and paid-only AI features and confirm each checks role or plan on the server.", checkableInCode: true, statuses: {
      fail: "an AI route whose path or name says admin, internal, billing, premium, pro or the like checks no role, permission or plan before the model call",
      pass: "every such route checks one (a role comparison that rejects, a permissions library, NestJS @Roles with a guard, Clerk has(), a subscription check); the checks are listed",
      manual: "there are AI routes, but none looks privileged or paid and none checks a role or plan: only a person knows whether one should",
      "n/a": "no AI routes",
    } },
  { id: "AU-4", section: "AU", title: "Only known origins may call AI routes cross-origin", manualCheck: "Send a request with a foreign Origin header and check the CORS response.", checkableInCode: true },
  { id: "RL-1", section: "RL", title: "Every AI route is rate limited per user, key or IP", manualCheck: "Fire a burst of requests at an AI route and expect 429s.", checkableInCode: true },
  { id: "RL-2", section: "RL", title: "Every model call caps the tokens it may generate", manualCheck: "Check provider-side defaults for calls made outside this code base.", checkableInCode: true },
  { id: "RL-3", section: "RL", title: "User input is bounded in size before it reaches a model", manualCheck: "Send an oversized prompt and expect a 4xx before any provider call.", checkableInCode: true },
  { id: "RL-4", section: "RL", title: "Spending is capped: provider budget limits, alerts at 50/80/100 %, a kill switch, per-user daily budgets", manualCheck: "Check the provider's billing limits and alerts, and that someone receives them.", checkableInCode: true, alsoCheck: "Code cannot show the provider's own budget limits and alerts: check them in its console.", statuses: {
      pass: "code shows a spend control: a per-user budget or quota checked before a call, a cost estimate from a tokenizer, a kill switch or spend cap, or token usage stored per user; the places are listed",
      manual: "the server calls models and code shows none of these (provider-side budgets and alerts never show in code)",
      "n/a": "no server-side model calls",
    } },
  { id: "PI-1", section: "PI", title: "Untrusted input never becomes part of a system prompt or instruction string; it travels in its own user message", manualCheck: "Review prompt templates that are assembled outside this code base (prompt stores, CMS).", checkableInCode: true },
  { id: "PI-2", section: "PI", title: "Untrusted input is validated against a schema before use", manualCheck: "Confirm validation on every entry point, including queues and webhooks.", checkableInCode: true },
  { id: "PI-3", section: "PI", title: "Public-facing input is screened by a moderation or content filter", manualCheck: "Decide whether the product needs input moderation and record where it runs.", checkableInCode: true, statuses: {
      fail: "an AI route takes request input into a model with no moderation or content filter first, and no paid plan in front of it",
      pass: "every such route screens the input first (a moderation endpoint, a guard model, provider safety settings, a guardrail or content-filter library); the screens are listed",
      "n/a": "no AI route takes request input into a model",
    } },
  { id: "OF-1", section: "OF", title: "Model output is never rendered as raw HTML without sanitising", manualCheck: "Ask the model to answer with a <script> tag and check what the UI renders.", checkableInCode: true },
  { id: "OF-2", section: "OF", title: "Model output is never executed or pasted into code, shell commands, SQL or file paths", manualCheck: "Review agent and tool-calling code paths for execution of model output.", checkableInCode: true },
  { id: "OF-3", section: "OF", title: "User-facing output passes a moderation or secondary filter, and flagged output is logged", manualCheck: "Record whether outputs are moderated and where flagged outputs are reviewed.", checkableInCode: true, statuses: {
      fail: "an AI route returns model output to the client with no moderation or filter on the output",
      pass: "every such route screens the output before returning it; the screens are listed",
      "n/a": "no AI route returns model output",
    } },
  { id: "EH-1", section: "EH", title: "Internal errors, provider error bodies and stack traces are not sent to clients", manualCheck: "Make a provider call fail (bad key in staging) and check what the client receives.", checkableInCode: true },
  { id: "LG-1", section: "LG", title: "Each AI request is logged for audit: who, which model, how many tokens", manualCheck: "Check that usage can be traced to a user and a model after the fact.", checkableInCode: true, statuses: {
      fail: "an AI route leaves no record of who called which model with how many tokens",
      pass: "every AI route writes such a record (a log or store write with the user and the response's token usage) or goes through an LLM observability integration; the records are listed",
      "n/a": "no AI routes",
    } },
  { id: "LG-2", section: "LG", title: "Logs contain no secrets and no raw personal data", manualCheck: "Sample production logs for prompts, keys and personal data.", checkableInCode: true },
  { id: "LG-3", section: "LG", title: "Abuse spikes raise alerts and repeat abusers are blocked automatically", manualCheck: "Record the alert thresholds and the blocking mechanism." },
  { id: "DP-1", section: "DP", title: "Personal data is removed or pseudonymised before it is sent to a provider", manualCheck: "List the personal fields that can reach prompts and how each is masked.", checkableInCode: true, alsoCheck: "Free text typed by users can hold personal data too: decide whether it must be masked.", statuses: {
      fail: "an obviously personal field (email, phone, address, date of birth, national id, full name, health data) from a request or a user record goes into a prompt as it is",
      pass: "personal fields reach prompts only through a redaction or pseudonymisation step, which is listed",
      manual: "models are called, no personal field is sent as it is and no redaction step is visible: free text may still carry personal data",
      "n/a": "no model calls",
    } },
  { id: "DP-2", section: "DP", title: "Provider retention, training use and compliance terms are reviewed, and a deletion process exists", manualCheck: "Record the provider's data-retention settings and the review date." },
  { id: "TR-1", section: "TR", title: "Providers are reached over HTTPS with certificate checks on", manualCheck: "Check proxies and gateways between the app and the provider.", checkableInCode: true },
  { id: "TR-2", section: "TR", title: "Stored prompts, outputs and model artefacts are encrypted at rest", manualCheck: "Check the storage encryption settings of every store that keeps prompts or outputs." },
  { id: "OP-1", section: "OP", title: "Model workloads are isolated; audits, dependency updates, backups, an incident plan and documentation are in place", manualCheck: "Record the date of the last review of these operational controls." },
] as const satisfies readonly ChecklistItem[];

export type ChecklistId = (typeof CHECKLIST)[number]["id"];

export const CHECKLIST_IDS: readonly ChecklistId[] = CHECKLIST.map((item) => item.id);
