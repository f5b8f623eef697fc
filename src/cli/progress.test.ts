import { describe, expect, it } from "vitest";
import { Progress } from "./progress.js";

function fakeTerminal() {
  const out: string[] = [];
  return { out, stream: { columns: 60, write: (s: string) => (out.push(s), true) } as never };
}

describe("the progress line", () => {
  it("stays silent for the first second, then rewrites one line in place and clears it at the end", () => {
    let now = 0;
    const { out, stream } = fakeTerminal();
    const progress = new Progress(stream, 4, () => now);
    progress.ruleStarted("hardcoded-provider-key, client-exposed-key");
    expect(out).toEqual([]);
    now = 1500;
    progress.ruleStarted("ai-route-without-auth");
    now = 2500;
    progress.ruleStarted("untrusted-input-in-instructions");
    progress.done();
    expect(out).toEqual([
      "\raigis: analysing 3/4 (ai-route-without-auth) · 1.5 s\u001b[K",
      "\raigis: analysing 4/4 (untrusted-input-in-instructions) · 2.\u001b[K",
      "\r\u001b[K",
    ]);
  });

  it("writes nothing at the end of a scan that never showed it", () => {
    const { out, stream } = fakeTerminal();
    const progress = new Progress(stream, 2, () => 0);
    progress.ruleStarted("open-cors");
    progress.done();
    expect(out).toEqual([]);
  });
});
