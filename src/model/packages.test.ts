import { describe, expect, it } from "vitest";
import { declaredMajor, manifestsFor, parseManifest, type PackageManifest } from "./packages.js";

const manifest = (dir: string, json: object): PackageManifest => parseManifest(dir, JSON.stringify(json))!;

describe("manifestsFor", () => {
  const root = manifest("", { name: "repo" });
  const web = manifest("apps/web", { dependencies: { ai: "^7.1.0" } });
  const web2 = manifest("apps/web2", { dependencies: { ai: "^4.0.0" } });
  const all = [root, web, web2];

  it("gives the root and every manifest in a folder above the file, and no folder that only starts alike", () => {
    expect(manifestsFor("apps/web/app/page.tsx", all)).toEqual([root, web]);
    expect(manifestsFor("apps/web2/app/page.tsx", all)).toEqual([root, web2]);
    expect(manifestsFor("apps/web", all)).toEqual([root]);
    expect(manifestsFor("scripts/x.ts", all)).toEqual([root]);
  });

  it("feeds declaredMajor the nearest declaration", () => {
    expect(declaredMajor("ai", manifestsFor("apps/web/route.ts", all), all)).toBe(7);
    expect(declaredMajor("ai", manifestsFor("apps/web2/route.ts", all), all)).toBe(4);
    expect(declaredMajor("ai", manifestsFor("scripts/x.ts", all), all)).toBeUndefined();
  });
});
