import { describe, expect, it } from "vitest";
import { isIdentityName } from "./usage.js";

describe("isIdentityName", () => {
  it("takes the listed names whole, in any case", () => {
    for (const name of ["userId", "user_id", "USER", "email", "clerkId", "sub"]) expect(isIdentityName(name), name).toBe(true);
  });

  it("takes longer names whose first word says whose and last word that it is a key", () => {
    for (const name of ["userHashId", "userID", "account_uuid", "customerPublicId", "tenant-uid", "ownerEmail"]) expect(isIdentityName(name), name).toBe(true);
  });

  it("leaves names that only start or only end like one", () => {
    for (const name of ["userMessage", "userAgent", "messageId", "requestId", "hashId", "users", "idempotencyKey"]) expect(isIdentityName(name), name).toBe(false);
  });
});
