import { describe, expect, it } from "vitest";
import { LiteralGate, LiteralsSeen } from "./literal-gates.js";
import { escapeRegExp } from "../util/text.js";

const seen = (text: string) => new LiteralsSeen(text);

describe("literal gates", () => {
  it("answers as the alternation of its literals would, case as written", () => {
    const gate = new LiteralGate(["apiKey", "x-api-key"]);
    expect(gate.test(seen("const apiKey = 1"))).toBe(true);
    expect(gate.test(seen("headers['x-api-key']"))).toBe(true);
    expect(gate.test(seen("const APIKEY = 1; const apikey = 2"))).toBe(false);
    expect(gate.test(seen(""))).toBe(false);
  });

  it("folds ASCII case when asked", () => {
    const gate = new LiteralGate(["mistral"], { ignoreCase: true });
    expect(gate.test(seen("MISTRAL_API_KEY=1"))).toBe(true);
    expect(gate.test(seen("Mistral"))).toBe(true);
    expect(gate.test(seen("mistra l"))).toBe(false);
  });

  it("sees every literal of overlapping and nested matches", () => {
    const short = new LiteralGate(["sk-"], { ignoreCase: true });
    const long = new LiteralGate(["sk-ant-api"], { ignoreCase: true });
    const inner = new LiteralGate(["ant-"], { ignoreCase: true });
    const text = seen("key: sk-ant-api03-abc");
    expect([short.test(text), long.test(text), inner.test(text)]).toEqual([true, true, true]);
    // The same literal, case-sensitive, is its own entry: `SK-` does not satisfy it.
    const exact = new LiteralGate(["sk-"]);
    expect(exact.test(seen("SK-ANT"))).toBe(false);
    expect(exact.test(seen("SK-ANT sk-x"))).toBe(true);
  });

  it("runs an alternative's pattern only where its literal is, and the pattern decides", () => {
    const gate = new LiteralGate([{ literal: "env", pattern: /\benv\s*[.[]/ }, "process.env"]);
    expect(gate.test(seen("const x = env.KEY"))).toBe(true);
    expect(gate.test(seen("const environment = 1"))).toBe(false);
    expect(gate.test(seen("process.env.X"))).toBe(true);
  });

  it("treats characters outside ASCII as breaks, never as parts of a literal", () => {
    const gate = new LiteralGate(["key"], { ignoreCase: true });
    expect(gate.test(seen("k\u00e9y ké\u212ay"))).toBe(false);
    expect(gate.test(seen("🔑 key"))).toBe(true);
  });

  it("agrees with the regex alternation on random texts", () => {
    const words = ["ab", "abc", "bca", "c-a", "A_b", "zz"];
    const sensitive = new LiteralGate(words);
    const folded = new LiteralGate(words, { ignoreCase: true });
    const exactRe = new RegExp(words.map(escapeRegExp).join("|"));
    const foldedRe = new RegExp(words.map(escapeRegExp).join("|"), "i");
    const alphabet = "abcABC-_zZ é\n";
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 2000; n++) {
      let text = "";
      const length = Math.floor(random() * 12);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(sensitive.test(seen(text)), text).toBe(exactRe.test(text));
      expect(folded.test(seen(text)), text).toBe(foldedRe.test(text));
    }
  });

  it("takes gates declared after a text was read: the text is read again", () => {
    const text = seen("a late literal: zq-late-zq");
    expect(new LiteralGate(["sk-"]).test(text)).toBe(false);
    const late = new LiteralGate(["zq-late-zq"]);
    expect(late.test(text)).toBe(true);
  });

  it("refuses literals it cannot match and patterns that keep state", () => {
    expect(() => new LiteralGate(["clé"])).toThrow(/printable ASCII/);
    expect(() => new LiteralGate([""])).toThrow(/printable ASCII/);
    expect(() => new LiteralGate([{ literal: "a", pattern: /a/g }])).toThrow(/no state/);
  });
});
