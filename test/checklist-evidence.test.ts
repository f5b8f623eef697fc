import { describe, expect, it } from "vitest";
import { evaluateChecklist } from "../src/checklist/evaluate.js";
import type { Finding } from "../src/engine/finding.js";
import { defineRule, type Rule } from "../src/engine/rule.js";

function rule(id: string, item: "AU-3" | "RL-4"): Rule {
  return defineRule({
    meta: { id, title: id, checklist: [item], severity: "warning", cwe: [], description: "d", fix: "f", example: { bad: "b", good: "g" }, scope: "s" },
  });
}

const roles = rule("privileged-route", "AU-3");
const budgets = rule("spend-controls", "RL-4");
const item = (results: ReturnType<typeof evaluateChecklist>, id: string) => results.find((r) => r.id === id)!;

describe("checklist items judged by evidence", () => {
  it("passes with the evidence places sorted, each once, and the item's remaining manual check", () => {
    const evidence = new Map([
      [
        "spend-controls",
        [
          { rule: "spend-controls", file: "src/b.ts", line: 9, note: "usage stored" },
          { rule: "spend-controls", file: "src/a.ts", line: 40, note: "daily budget" },
          { rule: "spend-controls", file: "src/a.ts", line: 40, note: "daily budget" },
        ],
      ],
    ]);
    const rl4 = item(evaluateChecklist([budgets], [], new Map([["spend-controls", 2]]), { evidence }), "RL-4");
    expect(rl4.status).toBe("pass");
    expect(rl4.evidence).toEqual([
      { rule: "spend-controls", file: "src/a.ts", line: 40, note: "daily budget" },
      { rule: "spend-controls", file: "src/b.ts", line: 9, note: "usage stored" },
    ]);
    expect(rl4.evidenceCount).toBe(2);
    expect(rl4.alsoCheck).toMatch(/provider's own budget/);
  });

  it("is manual with the rule's reason first when the rule could not settle it", () => {
    const au3 = item(evaluateChecklist([roles], [], new Map([["privileged-route", 3]]), { undecided: new Map([["privileged-route", ["no AI route looks admin-only or paid"]]]) }), "AU-3");
    expect(au3.status).toBe("manual");
    expect(au3.manualCheck).toMatch(/^no AI route looks admin-only or paid\. List admin-only/);
    expect(au3.evidence).toBeUndefined();
  });

  it("fails on a finding even when the rule also said it could not settle other parts", () => {
    const finding = { ruleId: "privileged-route", checklist: ["AU-3"] } as unknown as Finding;
    const au3 = item(evaluateChecklist([roles], [finding], new Map([["privileged-route", 1]]), { undecided: new Map([["privileged-route", ["x"]]]) }), "AU-3");
    expect(au3.status).toBe("fail");
    expect(au3.manualCheck).toBeUndefined();
  });

  it("is n/a when the rule had nothing to judge, and lists no evidence of a rule the config turned off", () => {
    expect(item(evaluateChecklist([roles], [], new Map()), "AU-3").status).toBe("n/a");
    const off = item(evaluateChecklist([budgets], [], new Map([["spend-controls", 1]]), { disabled: new Set(["spend-controls"]), evidence: new Map([["spend-controls", [{ rule: "spend-controls", file: "a.ts", line: 1, note: "n" }]]]) }), "RL-4");
    expect(off.status).toBe("manual");
    expect(off.evidence).toBeUndefined();
  });
});
