import { describe, expect, it } from "vitest";
import { formatAgreement, statusAgreement } from "./statuses.js";

const why = "read the routes by hand";

describe("checklist status agreement", () => {
  it("counts agreement per item in checklist order and lists each disagreement, a scan that did not finish disagreeing", () => {
    const labels = new Map([
      ["acme/a", { "RL-4": { status: "manual" as const, why }, "AU-3": { status: "fail" as const, why } }],
      ["acme/b", { "AU-3": { status: "manual" as const, why } }],
      ["acme/c", { "AU-3": { status: "n/a" as const, why } }],
    ]);
    const result = statusAgreement(
      [
        { repo: "acme/a", checklist: [{ id: "AU-3", status: "fail" }, { id: "RL-4", status: "pass" }] },
        { repo: "acme/b", checklist: [{ id: "AU-3", status: "manual" }] },
        { repo: "acme/c" },
      ],
      labels,
      ["AU-3", "RL-4"],
    );
    expect(result.byItem).toEqual({ "AU-3": { labelled: 3, agreed: 2 }, "RL-4": { labelled: 1, agreed: 0 } });
    expect(Object.keys(result.byItem)).toEqual(["AU-3", "RL-4"]);
    expect(result.disagreements.map((d) => `${d.id} ${d.repo} ${d.expected}→${d.got}`)).toEqual(["AU-3 acme/c n/a→not scanned", "RL-4 acme/a manual→pass"]);
    const text = formatAgreement(result, { "AU-3": { labelled: 3, agreed: 3 } });
    expect(text).toMatch(/AU-3 +3 +2 +67% +100%/);
    expect(text).toMatch(/all +4 +2 +50%/);
    expect(text).toContain("RL-4  acme/a: manual → pass");
  });
});
