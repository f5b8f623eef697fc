/**
 * RL-4: spend caps and per-user budgets. Evidence only: it never reports a finding, it
 * lists where the server side controls what model calls cost, or leaves the item manual.
 *
 * Evidence: a per-user quota checked before a model call (the route model's quota checks,
 * `src/model/routes/quota.ts`: credit balances, usage counters; also one checked for the
 * paid models only, which is no rate limit but still bounds their spending), token usage from a
 * response written to a store (`prisma.usage.create({ data: { tokens: usage.totalTokens } })`,
 * `redis.incrby(key, completion.usage.total_tokens)`), a tokenizer count priced before a
 * call (tiktoken, gpt-tokenizer, `countTokens`), a kill switch or spend cap in a condition
 * (`AI_ENABLED`, `OPENAI_SPEND_LIMIT`, `MAX_MONTHLY_COST`). Names in `knowledge/usage.ts`.
 */
import { BUDGET_WORDS, RATE_COUNTER_WORDS } from "../src/knowledge/usage.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import type { Ts, TsNode } from "../src/facts/typescript.js";
import type { ts as TsNamespace } from "ts-morph";
import { calleeName, functionName, innermostFunctionAt, nodeStartingAt, unwrapExpression, walk } from "../src/facts/ast.js";
import { resolveName } from "../src/model/scopes.js";
import { defineRule } from "../src/engine/rule.js";
import { spends } from "../src/model/ai-surface.js";
import { usageFinderFor } from "../src/model/usage.js";
import { describeRoute } from "./support/route-report.js";
import { isTestFile } from "../src/facts/test-files.js";


/** `quota check (current.count >= maxRequests)`: a request counter, a rate limit (RL-1) rather than a budget. */
function countsRequests(label: string): boolean {
  const words = label.split(/[^A-Za-z]+|(?<=[a-z])(?=[A-Z])/).map((w) => w.toLowerCase());
  return words.some((w) => RATE_COUNTER_WORDS.includes(w));
}

/** The label of a check of the project's own that answers 429 (`routes/evidence.ts`). */
const CUSTOM_LIMIT_LABEL = /^custom limit that answers 429\b/;

/**
 * A 429 answered inside a function or file named for a budget (`checkAndIncrementUsage` in
 * `usage.service.js`), or by a check whose subject is (`if (!tokenCheck.allowed)` after
 * `const tokenCheck = trackTokenUsage(userId, estimate)`), not for requests.
 */
function budgetNamed(file: FileFacts | undefined, at: number, ts: Ts): boolean {
  const tree = file?.syntaxTree(ts);
  if (!file || !tree) return false;
  const fn = innermostFunctionAt(ts, tree, at);
  const names = [file.relPath.split("/").pop() ?? "", fn ? (functionName(ts, fn) ?? "") : "", ...checkSubjectNames(ts, fn ?? tree, at)].join(" ");
  const words = names.split(/[^A-Za-z]+|(?<=[a-z])(?=[A-Z])/).map((w) => w.toLowerCase());
  return words.some((w) => BUDGET_WORDS.includes(w)) && !words.some((w) => RATE_COUNTER_WORDS.includes(w));
}

/** The names in the condition of the `if` that starts at `at`, and of the functions whose results they hold (`tokenCheck`, `trackTokenUsage`). */
function checkSubjectNames(ts: Ts, scope: TsNode, at: number): string[] {
  const check = nodeStartingAt(ts, scope, at, (n): n is TsNamespace.IfStatement => ts.isIfStatement(n));
  if (!check) return [];
  const names: string[] = [];
  walk(ts, check.expression, (n) => {
    if (!ts.isIdentifier(n)) return;
    names.push(n.text);
    const binding = resolveName(ts, n.text, n);
    const init = binding?.kind === "variable" && binding.init ? unwrapExpression(ts, binding.init) : undefined;
    const call = init && ts.isAwaitExpression(init) ? unwrapExpression(ts, init.expression) : init;
    const callee = call && ts.isCallExpression(call) ? calleeName(ts, call.expression) : undefined;
    if (callee) names.push(callee);
  });
  return names;
}

/** Labels the evidence engine gives quota checks (`quota check (…)`, `quota check around the call (…)`). */
const QUOTA_LABEL = /^quota check\b/;

export default defineRule({
  meta: {
    id: "spend-controls",
    title: "Spend caps and per-user budgets (evidence only)",
    checklist: ["RL-4"],
    severity: "info",
    cwe: ["CWE-770"],
    owaspLlm: { "2025": "LLM10", "2026": "LLM06" },
    description:
      "Shows where the server side bounds what model calls can cost: a per-user budget or quota checked before a call, token usage from responses counted in a store, a cost estimate before a call, a kill switch or a spend cap. When the project calls a model on the server and none of these is in its code, the item is left to check by hand (a provider-side budget may exist).",
    fix: "Count each user's token usage from the responses (store `usage.total_tokens` per user and day) and check it against a budget before the next call; keep a global switch or monthly cap that turns AI calls off, and set a budget alert in the provider's console.",
    example: {
      bad: 'const completion = await openai.chat.completions.create({ model, max_tokens: 400, messages });\nreturn Response.json({ reply: completion.choices[0].message.content });',
      good: 'if ((await usageToday(userId)) >= DAILY_TOKEN_LIMIT) return Response.json({ error: "Daily limit reached" }, { status: 429 });\nconst completion = await openai.chat.completions.create({ model, max_tokens: 400, messages });\nawait redis.incrby(`tokens:${userId}:${day}`, completion.usage?.total_tokens ?? 0);',
    },
    scope: "server-side model calls, the AI routes' quota checks, usage writes, tokenizers and kill switches",
    evidenceOnly: true,
  },

  checkProject(project, context) {
    const { ts } = context;
    const surface = project.aiSurface(ts);
    const runtime = project.runtime(ts);
    const onServer = (file: string, offset: number) => !runtime.isBrowserAt(file, offset).browser;
    // Browser-side calls are CS-1's problem; without a server-side call nothing is spent here.
    if (!surface.callSites.some((c) => !c.local && spends(c) && onServer(c.file, c.start))) return;
    let found = 0;
    const seen = new Set<string>();
    const show = (rel: string, start: number, note: string): void => {
      const file = project.file(rel);
      if (!file || seen.has(`${rel}:${start}`) || !onServer(rel, start)) return;
      seen.add(`${rel}:${start}`);
      found++;
      context.evidence({ file, start, note });
    };
    for (const ai of project.routes(ts).aiRoutes) {
      for (const e of ai.rateLimit) if (CUSTOM_LIMIT_LABEL.test(e.label) && budgetNamed(project.file(e.file), e.start, ts)) show(e.file, e.start, `per-user budget (${e.label} in ${e.file})`);
      for (const e of ai.rateLimit) if (QUOTA_LABEL.test(e.label) && !countsRequests(e.label)) show(e.file, e.start, `per-user ${e.label} before the model call of ${describeRoute(ai)}`);
      for (const e of ai.budgets) if (!countsRequests(e.label)) show(e.file, e.start, `per-user ${e.label} before the model call of ${describeRoute(ai)}`);
    }
    const finder = usageFinderFor(project, ts);
    for (const rel of surface.candidates) {
      const file = project.file(rel);
      if (!file) continue;
      // Only a file that names a usage field can write one; the others are not parsed for it.
      const tree = finder.mentionsUsage(file) ? file.syntaxTree(ts) : undefined;
      if (tree) for (const record of finder.recordsIn(rel, tree, true, { logs: false, identity: false })) {
        // A call named like a recorder (`convertUsageMetadata`) is no store write until followed to one.
        if ((record.kind === "store" || (record.kind === "helper" && record.stores)) && record.usage) show(rel, record.node.getStart(), `token usage counted in a store (${record.label})`);
      }
      for (const check of finder.killSwitches(file)) show(rel, check.node.getStart(), `kill switch or spend cap (${check.name})`);
    }
    for (const file of project.files) {
      if (!file.isCode || isTestFile(file.relPath)) continue;
      for (const node of finder.costEstimates(file)) show(file.relPath, node.getStart(), "tokens counted to estimate a call's cost");
    }
    if (found) context.judged();
    else context.undecided("no per-user budget, cost estimate, kill switch or usage record found in code");
  },
});
