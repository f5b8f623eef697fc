/**
 * DP-1: which fields are obviously personal, which values are a person's record, and which
 * calls scrub personal data before it goes to a model.
 *
 * Field names are matched on their words (`dateOfBirth`, `date_of_birth` → date of birth):
 * a field is personal when its words END with a personal term (`patientEmail`,
 * `shippingAddress`), so `emailTemplate`, `addressBar`, `phoneticSpelling` are not. Left out
 * on purpose: `ipAddress`, `walletAddress` and other technical addresses, `username` and
 * `displayName` (handles, not obviously a person's name), `id`s. A few terms are personal only
 * on a person (`name`, bare `address`, `conditions`): a person record, or a path through a
 * person word (`patient.name`, `body.customer.address`), never `product.name` or `file.name`.
 */
import { identifierWords } from "../util/text.js";

/** Personal terms as word sequences (a field's words must end with one). */
export const PERSONAL_FIELD_TERMS: ReadonlyArray<PersonalTerm> = [
  // A bare `email` in a request is as often a pasted email message as an address: an address on a person, or validated as one.
  { words: ["email"], kind: "email address", onPerson: true, qualifiedBy: "person" },
  { words: ["e", "mail"], kind: "email address" },
  { words: ["email", "address"], kind: "email address" },
  { words: ["phone"], kind: "phone number" },
  { words: ["phone", "number"], kind: "phone number" },
  { words: ["mobile"], kind: "phone number", onPerson: true, qualifiedBy: "person" },
  { words: ["mobile", "number"], kind: "phone number" },
  { words: ["telephone"], kind: "phone number" },
  { words: ["address"], kind: "address", onPerson: true },
  { words: ["street"], kind: "address" },
  { words: ["postcode"], kind: "address" },
  { words: ["post", "code"], kind: "address" },
  { words: ["postal", "code"], kind: "address" },
  { words: ["zip"], kind: "address" },
  { words: ["zip", "code"], kind: "address" },
  { words: ["zipcode"], kind: "address" },
  { words: ["dob"], kind: "date of birth" },
  { words: ["date", "of", "birth"], kind: "date of birth" },
  { words: ["birth", "date"], kind: "date of birth" },
  { words: ["birthdate"], kind: "date of birth" },
  { words: ["birthday"], kind: "date of birth" },
  { words: ["ssn"], kind: "national id" },
  { words: ["social", "security", "number"], kind: "national id" },
  { words: ["passport"], kind: "national id" },
  { words: ["passport", "number"], kind: "national id" },
  { words: ["passport", "no"], kind: "national id" },
  { words: ["tax", "id"], kind: "national id" },
  { words: ["national", "id"], kind: "national id" },
  { words: ["national", "insurance", "number"], kind: "national id" },
  { words: ["nin"], kind: "national id" },
  { words: ["aadhaar"], kind: "national id" },
  { words: ["aadhar"], kind: "national id" },
  { words: ["full", "name"], kind: "name" },
  { words: ["fullname"], kind: "name" },
  { words: ["first", "name"], kind: "name" },
  { words: ["firstname"], kind: "name" },
  { words: ["last", "name"], kind: "name" },
  { words: ["lastname"], kind: "name" },
  { words: ["surname"], kind: "name" },
  { words: ["given", "name"], kind: "name" },
  { words: ["family", "name"], kind: "name" },
  { words: ["middle", "name"], kind: "name" },
  { words: ["legal", "name"], kind: "name" },
  // On a person's record a display name is usually the real one (auth providers fill it from the account).
  { words: ["display", "name"], kind: "name", onPerson: true },
  { words: ["displayname"], kind: "name", onPerson: true },
  { words: ["name"], kind: "name", onPerson: true, qualifiedBy: "person" },
  { words: ["diagnosis"], kind: "health data" },
  { words: ["diagnoses"], kind: "health data" },
  { words: ["symptom"], kind: "health data" },
  { words: ["symptoms"], kind: "health data" },
  { words: ["medication"], kind: "health data" },
  { words: ["medications"], kind: "health data" },
  { words: ["prescriptions"], kind: "health data" },
  { words: ["medical", "history"], kind: "health data" },
  { words: ["medical", "records"], kind: "health data" },
  { words: ["allergies"], kind: "health data" },
  { words: ["blood", "type"], kind: "health data" },
  { words: ["blood", "group"], kind: "health data" },
  { words: ["health", "record"], kind: "health data" },
  { words: ["health", "records"], kind: "health data" },
  { words: ["conditions"], kind: "health data", onPerson: true, qualifiedBy: "health" },
];

export interface PersonalTerm {
  words: readonly string[];
  kind: string;
  /** The bare term is personal only on a person (`patient.name`, not `product.name`). */
  onPerson?: boolean;
  /** A qualified term is personal only when the qualifier is a person (`customerEmail`, not `draftEmail`) or says health (`medicalConditions`). */
  qualifiedBy?: "person" | "health";
}

/** Qualifiers that make `conditions` health data: `medicalConditions`, `preexistingConditions`. */
export const HEALTH_QUALIFIERS: readonly string[] = ["medical", "health", "chronic", "preexisting", "pre", "existing", "underlying", "known", "patient"];

/**
 * Words before a personal term that make it something else: `ipAddress`, `walletAddress`,
 * `fileName`, `modelName`, `productName` (a qualifier that names a thing, not a person).
 */
export const NOT_PERSONAL_QUALIFIERS: readonly string[] = [
  "ip", "mac", "wallet", "contract", "token", "memory", "base", "server", "web", "url", "host", "remote", "local", "proxy", "node", "peer", "bucket", "ipv4", "ipv6",
  "company", "business", "org", "organization", "organisation", "office", "store", "shop", "support", "sender", "from", "reply", "noreply", "smtp", "template", "test", "example", "default", "fallback",
];

/**
 * Words that make a value a person's record: `user.name`, `patient.address`, a `customers`
 * table, `body.applicant.fullName`. `client` is left out: it is far more often an API client.
 */
export const PERSON_WORDS: readonly string[] = [
  "user", "users", "profile", "profiles", "customer", "customers", "patient", "patients", "contact", "contacts", "member", "members", "employee", "employees",
  "applicant", "applicants", "candidate", "candidates", "person", "people", "persons", "student", "students", "me", "recipient", "guest",
];

/** Names a person record may pass by without a field being read (`JSON.stringify(user)` is the whole record). */
export const RECORD_CONTAINER_WORDS: readonly string[] = ["data", "row", "rows", "record", "records", "result", "results", "doc", "document", "item", "current", "session", "found", "db"];

/** Receivers whose `.user` is the signed-in person: `req.user`, `session.user`, `ctx.session.user`, `event.locals.user`. */
export const SESSION_USER_HOLDERS: readonly string[] = ["req", "request", "session", "ctx", "context", "locals", "state", "auth", "token", "authSession", "serverSession"];

/** Members of those holders that hold the person (`req.user`, `session.user`, `locals.currentUser`). */
export const SESSION_USER_MEMBERS: readonly string[] = ["user", "currentUser", "profile", "customer", "patient", "member"];

/**
 * Calls that return the signed-in person or a person's record whatever their receiver:
 * Clerk `currentUser()`, `clerkClient.users.getUser(id)`, Supabase `auth.getUser()`,
 * project helpers named for it, and the hooks a front end reads the person with (Clerk and
 * Auth0 `useUser()`, a profile context's `useProfile()`).
 */
export const PERSON_RECORD_CALLS: readonly string[] = [
  "currentUser", "getCurrentUser", "getUser", "getUserById", "getUserProfile", "getProfile", "fetchUser", "fetchProfile", "getPatient", "getCustomer",
  "useUser", "useCurrentUser", "useProfile", "useUserProfile", "useAuthUser",
];

/** ORM reads of one or more rows: `prisma.user.findUnique`, `User.findById`, `db.query.users.findFirst`, `Patient.findByPk`. */
export const ROW_READ_METHODS: readonly string[] = ["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "findById", "findOne", "findByPk", "findAll", "find", "findOneBy", "findOneByOrFail", "findBy"];

/** Query builders naming a table in a string or identifier: Supabase `from("profiles")`, Drizzle `select().from(users)`, Knex `db("patients")`. */
export const TABLE_NAMING_METHODS: readonly string[] = ["from", "table", "collection"];

/** Type names that mark a parameter as a person's record (`function brief(patient: Patient)`). */
export const PERSON_TYPES: readonly string[] = ["User", "Patient", "Customer", "Profile", "UserProfile", "Contact", "Member", "Employee", "Applicant", "Candidate", "Person", "Student", "Lead"];

/**
 * Words in a function's name that say it scrubs personal data: `redact(text)`,
 * `anonymizeRecord`, `pseudonymise`, `scrubPII`, `maskEmail`, `deidentifyContent` (Google DLP).
 */
export const SCRUBBING_WORDS: readonly string[] = ["redact", "redacted", "redaction", "anonymize", "anonymise", "anonymized", "anonymised", "anonymizer", "pseudonymize", "pseudonymise", "pseudonymized", "pseudonymised", "scrub", "deidentify", "mask"];

/** Words that, with sanitize/remove/strip/filter/clean/hide, name a scrubber: `sanitizePII`, `removePersonalData`, `stripPii`. */
export const PII_WORDS: readonly string[] = ["pii", "phi", "personal", "sensitive", "gdpr", "hipaa"];
export const PII_VERBS: readonly string[] = ["sanitize", "sanitise", "remove", "strip", "filter", "clean", "hide", "obfuscate", "drop"];

/** Packages whose calls scrub personal data from text (`new SyncRedactor().redact(text)`, Presidio clients). */
export const SCRUBBER_PACKAGES: readonly string[] = ["redact-pii", "@redactpii/node", "pii-filter", "presidio-client", "@google-cloud/dlp"];

/** Calls that detect personal data for the app to remove (the text comes back from the app's own code, not the call). */
export const PII_DETECTION_CALLS: ReadonlyArray<{ name: string; packages: readonly string[]; what: string }> = [
  { name: "DetectPiiEntitiesCommand", packages: ["@aws-sdk/client-comprehend"], what: "Amazon Comprehend DetectPiiEntities" },
  { name: "detectPiiEntities", packages: ["@aws-sdk/client-comprehend", "aws-sdk"], what: "Amazon Comprehend DetectPiiEntities" },
  { name: "deidentifyContent", packages: ["@google-cloud/dlp"], what: "Google Cloud DLP deidentifyContent" },
];

// `dateOfBirth` → date, of, birth; `SSN` → ssn; `postal_code` → postal, code.
export { identifierWords };

/** The personal term a field name ends with (and whether it needs a person around it), or undefined. */
export function personalTerm(name: string): { kind: string; onPerson: boolean } | undefined {
  const words = identifierWords(name);
  for (const term of PERSONAL_FIELD_TERMS) {
    const n = term.words.length;
    if (words.length < n || term.words.some((w, i) => words[words.length - n + i] !== w)) continue;
    const before = words.slice(0, words.length - n);
    if (before.some((w) => NOT_PERSONAL_QUALIFIERS.includes(w))) return undefined;
    if (before.length === 0) return { kind: term.kind, onPerson: !!term.onPerson };
    if (term.qualifiedBy === "health") return before.some((w) => HEALTH_QUALIFIERS.includes(w)) ? { kind: term.kind, onPerson: false } : undefined;
    // `patientName`, `customerEmail`; not `fileName`, `draftEmail`, nor the handle `userName`.
    if (term.qualifiedBy === "person") return before.some((w) => PERSON_WORDS.includes(w) && !(term.words[0] === "name" && (w === "user" || w === "users"))) ? { kind: term.kind, onPerson: false } : undefined;
    // `homeAddress`, `shippingAddress`: qualified, personal as they are.
    return { kind: term.kind, onPerson: false };
  }
  return undefined;
}

/** Does a name say the value is a person (`user`, `patientRecord`, `customers`)? */
export function isPersonName(name: string): boolean {
  return identifierWords(name).some((w) => PERSON_WORDS.includes(w));
}

/** Does a function name say it scrubs personal data? */
export function isScrubberName(name: string): boolean {
  const words = identifierWords(name);
  if (words.some((w) => SCRUBBING_WORDS.includes(w))) return true;
  return words.some((w) => PII_VERBS.includes(w)) && words.some((w) => PII_WORDS.includes(w));
}
