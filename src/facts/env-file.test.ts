import { describe, expect, it } from "vitest";
import { isPlaceholderValue } from "./env-file.js";

describe("isPlaceholderValue", () => {
  it("counts hand-written defaults made of a secret's words as placeholders", () => {
    for (const value of ["super-secret-key", "local_dev_password", "mysecretpassword", "change.this.token"]) expect(isPlaceholderValue(value), value).toBe(true);
  });

  it("keeps generated values and passphrases without a secret's word as secrets", () => {
    // A long lowercase run may be a generated token that spells `key` by chance.
    for (const value of ["qhzkeyfmwqpalrnxbvtyuoiewqkdhfgs", "correct-horse-battery-staple", "Sup3r-secret-k3y", "a8Fk29dkeyX0"]) expect(isPlaceholderValue(value), value).toBe(false);
  });
});
