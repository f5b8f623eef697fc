import { describe, expect, it } from "vitest";
import { mightReadCredential } from "./credential-text.js";

describe("mightReadCredential", () => {
  it("says no where credential names are only written", () => {
    expect(mightReadCredential(`fetch(url, { headers: { Authorization: "Bearer test" } });\nconst schema = z.object({ apiKey: z.string() });`)).toBe(false);
    expect(mightReadCredential("expect(headers).toMatchInlineSnapshot(`\n  { \"x-api-key\": \"k\" }\n`);\n// the token is checked by the server")).toBe(false);
  });

  it("says yes where a credential is read or bound", () => {
    expect(mightReadCredential(`const { authorization } = req.headers;`)).toBe(true);
    expect(mightReadCredential(`const key = req.get("x-api-key");`)).toBe(true);
    expect(mightReadCredential(`if (req.query.token !== "x") return;`)).toBe(true);
    expect(mightReadCredential(`const check = (apiKey: string): boolean => apiKey === "k";`)).toBe(true);
    expect(mightReadCredential(`class A { constructor(private readonly apiKey: string) {} }`)).toBe(true);
    expect(mightReadCredential(`export default async ({ token }) => token === "t";`)).toBe(true);
    expect(mightReadCredential("if (auth !== `Bearer ${secret}`) throw new Error();")).toBe(true);
  });

  it("is not misled by a regex holding quotes", () => {
    expect(mightReadCredential(`const re = /['"]/; const { token } = await req.json();`)).toBe(true);
  });
});
