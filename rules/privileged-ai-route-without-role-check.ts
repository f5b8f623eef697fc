/**
 * AU-3: an AI route that looks privileged or paid (admin, internal, staff, premium, pro…
 * in its path, handler or controller name, or file) with no check of the caller's role or
 * plan on its path: a role or plan compared with a rejection (`user.role !== "admin"` → 403),
 * a guard or middleware named for one (`RolesGuard`, `requireRole("admin")`), Clerk
 * `has({ role | permission | plan })`, CASL `can()`, scope and claim checks. Signing in is
 * not enough for such a route: any signed-in user can call it. Words and shapes are data in
 * `src/knowledge/role-checks.ts`; the checks are found on the route's whole path by the
 * route model (`roleOrPlanChecks`). A lookup of the caller's plan that turns away only an
 * unknown one (`plans[user.plan]` missing → 403) is evidence on an ordinary AI route, but no
 * gate for a privileged one: every known plan gets through it.
 */
import { defineRule } from "../src/engine/rule.js";
import { roleOrPlanChecks, roleOrPlanLookups } from "../src/model/routes/index.js";
import { describeCall, describeRoute, reportAtRoute } from "./support/route-report.js";

const LOOKED_FOR = "a role, permission or plan compared before the model call with a rejection (403, a throw, a redirect), a guard or middleware named for a role or plan, Clerk has({ role | permission | plan }), CASL can(), scope or claim checks";

export default defineRule({
  meta: {
    id: "privileged-ai-route-without-role-check",
    title: "Privileged AI route without a role or plan check",
    checklist: ["AU-3"],
    severity: "warning",
    cwe: ["CWE-285", "CWE-862"],
    description:
      "The route looks meant for some callers only (admins, staff, internal use, a paid plan: its path, handler or file says so), it reaches a model, and nothing on its path checks the caller's role or plan. Any signed-in user, or anyone, can call it and spend the budget meant for those few.",
    fix: "Check the role or plan before the model call and reject otherwise: `if (session.user.role !== \"admin\") return 403`, a `RolesGuard` with `@Roles(\"admin\")`, `requireRole(\"admin\")` middleware on the router, Clerk `has({ plan: \"pro\" })`.",
    example: {
      bad: 'app.post("/api/admin/summarise", requireAuth, async (req, res) => res.json(await openai.chat.completions.create({ model, max_tokens: 500, messages })));',
      good: 'app.post("/api/admin/summarise", requireAuth, requireRole("admin"), async (req, res) => res.json(await openai.chat.completions.create({ model, max_tokens: 500, messages })));',
    },
    scope: "AI routes (routes, handlers and server actions that reach a model call) whose path, handler or file looks privileged or paid, and AI routes that check a role or plan",
  },

  checkProject(project, context) {
    const routes = project.routes(context.ts).aiRoutes;
    if (routes.length === 0) return;
    let judged = 0;
    const shown = new Set<string>();
    for (const ai of routes) {
      const checks = roleOrPlanChecks(ai);
      // A lookup of the caller's plan (`plans[user.plan]`, 403 when missing) shows a route that knows its callers' plans; a privileged route needs a gate.
      const lookups = ai.privileged ? [] : roleOrPlanLookups(ai);
      if (!ai.privileged && checks.length === 0 && lookups.length === 0) continue;
      judged++;
      context.judged();
      for (const check of [...checks, ...lookups]) {
        const file = project.file(check.file);
        const key = `${check.file}:${check.start}`;
        if (!file || shown.has(key)) continue;
        shown.add(key);
        context.evidence({ file, start: check.start, note: `${check.label} on ${describeRoute(ai)}` });
      }
      if (!ai.privileged || checks.length > 0) continue;
      reportAtRoute(project, context, ai, `${describeRoute(ai)} looks privileged (${ai.privileged}) and reaches ${describeCall(project, ai)}, but nothing on its path checks the caller's role or plan (looked for ${LOOKED_FOR}).`);
    }
    if (judged === 0) context.undecided(`${routes.length} AI route${routes.length === 1 ? "" : "s"}, none looks privileged or paid (admin, internal, staff, premium, pro… in a path, handler or file) and none checks a role or plan: whether some should is for a person to say`);
  },
});
