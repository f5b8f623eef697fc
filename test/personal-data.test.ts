/**
 * personal-data-in-prompt (DP-1, warning): which field names are obviously personal, which
 * values are a person's record, what scrubs, and the item's status on small apps.
 */
import { describe, expect, it } from "vitest";
import { scan, type ScanResult } from "../src/engine/scan.js";
import { isScrubberName, personalTerm } from "../src/knowledge/personal-data.js";
import { tempProjects } from "./helpers/temp-projects.js";

const RULE = "personal-data-in-prompt";
const write = tempProjects("aigis-dp1-");
const PACKAGE = JSON.stringify({ name: "app", private: true, dependencies: { express: "^4", openai: "^4", ai: "^5", "@ai-sdk/openai": "^2", zod: "^3", "@prisma/client": "^5", "@supabase/supabase-js": "^2", "redact-pii": "^3", next: "15.0.0", "next-auth": "^5" } });
const lines = (...l: string[]) => `${l.join("\n")}\n`;

async function run(files: Record<string, string>): Promise<{ rows: Array<[string, number, string]>; status: string | undefined; evidence: string[]; result: ScanResult }> {
  const result = await scan({ target: write({ "package.json": PACKAGE, ...files }) });
  const rows = result.findings.filter((f) => f.ruleId === RULE).map((f): [string, number, string] => [f.file, f.line, f.message]);
  const item = result.checklist.find((c) => c.id === "DP-1");
  return { rows, status: item?.status, evidence: (item?.evidence ?? []).map((e) => `${e.file}:${e.line}`), result };
}

/** An Express route whose handler body is `body` (the call is on line 6 when body has one line before it). */
const express = (...body: string[]) =>
  lines('import express from "express";', 'import OpenAI from "openai";', "const openai = new OpenAI();", "const app = express();", 'app.post("/api/ask", async (req, res) => {', ...body, "});");

const chat = (content: string) => `  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "system", content: "Answer briefly." }, { role: "user", content: ${content} }] });`;

describe("which field names are obviously personal", () => {
  it("matches personal terms at the end of camelCase and snake_case names", () => {
    for (const name of ["email", "dateOfBirth", "date_of_birth", "DOB", "birthDate", "SSN", "passportNumber", "phoneNumber", "postalCode", "zip", "fullName", "first_name", "lastName", "symptoms", "medicalHistory", "allergies", "bloodType", "customerEmail", "emailAddress", "shippingAddress", "patientName", "medicalConditions", "aadhaar", "taxId"]) {
      expect(personalTerm(name), name).toBeDefined();
    }
  });

  it("leaves out names that only contain a personal word, and technical addresses", () => {
    for (const name of ["emailTemplate", "addressBar", "phoneticSpelling", "ipAddress", "walletAddress", "subjectLine", "fileName", "productName", "modelName", "userName", "draftEmail", "supportEmail", "weatherConditions", "userId", "nameserver"]) {
      expect(personalTerm(name), name).toBeUndefined();
    }
  });

  it("a bare name, address, email or conditions is personal only on a person", () => {
    for (const name of ["name", "address", "email", "conditions", "mobile", "displayName"]) expect(personalTerm(name)?.onPerson, name).toBe(true);
    for (const name of ["symptoms", "dateOfBirth", "phone", "homeAddress"]) expect(personalTerm(name)?.onPerson, name).toBe(false);
  });

  it("scrubbers by name", () => {
    for (const name of ["redact", "redactPII", "anonymize", "anonymiseText", "pseudonymize", "scrubPii", "sanitizePII", "removePersonalData", "maskEmail", "deidentifyContent"]) expect(isScrubberName(name), name).toBe(true);
    for (const name of ["sanitizeHtml", "removeItem", "filterMessages", "cleanText", "task"]) expect(isScrubberName(name), name).toBe(false);
  });
});

describe("personal data reaching a prompt", () => {
  it("a front end's profile hook (`useProfile()`) read through `useMemo` into a prompt: its email is reported; a memoised list of topics is not personal", async () => {
    const screen = lines(
      'import { useMemo } from "react";',
      'import { useProfile } from "./profile";',
      "export function CoverLetter({ topics }: { topics: string[] }) {",
      "  const { profileData } = useProfile();",
      '  const about = useMemo(() => [`Contact: ${profileData.email}`, `Trade: ${profileData.trade}`].join("\\n"), [profileData]);',
      '  const focus = useMemo(() => topics.join(", "), [topics]);',
      "  return async () => {",
      '    const res = await fetch("https://api.openai.com/v1/chat/completions", {', // 8
      '      method: "POST",',
      '      body: JSON.stringify({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: `Write a letter.\\n${about}` }] }),',
      "    });",
      '    const plain = await fetch("https://api.openai.com/v1/chat/completions", {', // 12
      '      method: "POST",',
      '      body: JSON.stringify({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: `Suggest titles about ${focus}` }] }),',
      "    });",
      "    return [await res.json(), await plain.json()];",
      "  };",
      "}",
    );
    const profile = lines('import { createContext, useContext } from "react";', 'const Profile = createContext({ profileData: { email: "", trade: "" } });', "export const useProfile = () => useContext(Profile);");
    const { rows } = await run({ "app/cover-letter.tsx": screen, "app/profile.tsx": profile });
    expect(rows.map(([f, l]) => [f, l])).toEqual([["app/cover-letter.tsx", 8]]);
    expect(rows[0]![2]).toContain("`email` from user record (useProfile())");
  });

  it("a field of what a parser in another file returns, written property by property (`contact.name = lines[0]`): the name is reported, the skills beside it are not", async () => {
    const parser = lines(
      "export function parseResume(text) {",
      '  const lines = text.split("\\n");',
      "  return { skills: lines.filter((l) => l.startsWith(\"- \")), contact: contactOf(lines) };",
      "}",
      "function contactOf(lines) {",
      "  const contact = {};",
      "  contact.name = lines[0];",
      "  return contact;",
      "}",
    );
    const named = await run({
      "lib/resume.js": parser,
      "app.js": express('  const profile = parseResume(String(req.body.resume).slice(0, 8000));', chat("`Write a short cover letter for ${profile.contact.name}.`")).replace('import OpenAI from "openai";', 'import OpenAI from "openai";\nimport { parseResume } from "./lib/resume.js";'),
    });
    expect(named.rows.map(([f, l]) => `${f}:${l}`)).toEqual(["app.js:8"]);
    expect(named.rows[0]![2]).toMatch(/name/);
    const skills = await run({
      "lib/resume.js": parser,
      "app.js": express('  const profile = parseResume(String(req.body.resume).slice(0, 8000));', chat('`Suggest a job title for these skills: ${profile.skills.join(", ")}`')).replace('import OpenAI from "openai";', 'import OpenAI from "openai";\nimport { parseResume } from "./lib/resume.js";'),
    });
    expect(skills.rows).toEqual([]);
  });

  it("a request field validated as an email address goes into a prompt: reported at the call, naming the field", async () => {
    const app = express('  const { email, question } = z.object({ email: z.string().email().max(200), question: z.string().max(2000) }).parse(req.body);', chat("`From ${email}: ${question}`"), "  res.json(r);");
    const { rows, status } = await run({ "src/app.ts": `import { z } from "zod";\n${app}` });
    expect(rows.map(([f, l]) => [f, l])).toEqual([["src/app.ts", 8]]);
    expect(rows[0]![2]).toContain("`email` from request body");
    expect(status).toBe("fail");
  });

  it("a bare `email` field of pasted text (an email message to answer) is not an address: quiet, item manual", async () => {
    const app = express('  const { email } = z.object({ email: z.string().min(1).max(8000) }).parse(req.body);', chat("email"), "  res.json(r);");
    const { rows, status, result } = await run({ "src/app.ts": `import { z } from "zod";\n${app}` });
    expect(rows).toEqual([]);
    expect(status).toBe("manual");
    // Why the item is left to a person, then what to check: one sentence each.
    expect(result.checklist.find((c) => c.id === "DP-1")?.manualCheck).toMatch(/^Model calls exist, .* may still hold personal data\. List the personal fields/);
  });

  it("the session user's name goes into a system prompt; the user's id alone does not", async () => {
    const route = (field: string) =>
      lines(
        'import { streamText } from "ai";',
        'import { openai } from "@ai-sdk/openai";',
        'import { auth } from "@/auth";',
        "export async function POST(req: Request) {",
        "  const session = await auth();",
        '  if (!session) return new Response("Unauthorized", { status: 401 });',
        "  const result = streamText({",
        '    model: openai("gpt-4o-mini"),',
        "    maxOutputTokens: 300,",
        `    system: \`You are helping \${session.user.${field}}.\`,`,
        '    prompt: "Suggest a reading list.",',
        "  });",
        "  return result.toTextStreamResponse();",
        "}",
      );
    const named = await run({ "app/api/chat/route.ts": route("name") });
    expect(named.rows.map(([f, l]) => [f, l])).toEqual([["app/api/chat/route.ts", 7]]);
    expect(named.rows[0]![2]).toContain("`name` from signed-in user (session.user)");
    const id = await run({ "app/api/chat/route.ts": route("id") });
    expect(id.rows).toEqual([]);
  });

  it("JSON.stringify of a user row fetched by id is the whole user record", async () => {
    const app = express(
      '  const user = await prisma.user.findUnique({ where: { id: req.params.id } });',
      chat("`Profile: ${JSON.stringify(user)}`"),
      "  res.json(r);",
    );
    const { rows } = await run({ "src/app.ts": `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\n${app}` });
    expect(rows.map(([f, l]) => [f, l])).toEqual([["src/app.ts", 9]]);
    expect(rows[0]![2]).toContain("whole user record from user record (prisma.user.findUnique())");
  });

  it("a row query that selects its columns sends only those: quiet for an id and a plan, the email when it selects it", async () => {
    const app = (select: string) =>
      `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\n${express(`  const user = await prisma.user.findUnique({ where: { id: req.params.id }, select: ${select} });`, chat("JSON.stringify(user)"), "  res.json(r);")}`;
    expect((await run({ "src/app.ts": app("{ id: true, plan: true }") })).rows).toEqual([]);
    const { rows } = await run({ "src/app.ts": app("{ plan: true, email: true }") });
    expect(rows.map(([f, l, m]) => [f, l, m.includes("`email` from user record")])).toEqual([["src/app.ts", 9, true]]);
  });

  it("a Drizzle row of the users table (`.from(schema.users)`) returned by a query helper: its displayName is reported, a model's displayName is not", async () => {
    const queries = lines(
      'import { drizzle } from "drizzle-orm/node-postgres";',
      'import { eq } from "drizzle-orm";',
      'import * as schema from "./schema";',
      "const db = drizzle(process.env.DATABASE_URL!);",
      "export async function userById(id: string) {",
      "  const [user] = await db.select({ id: schema.users.id, displayName: schema.users.displayName }).from(schema.users).where(eq(schema.users.id, id));",
      "  return user;",
      "}",
    );
    const app = express("  const user = await userById(req.params.id);", '  const model = { displayName: "GPT-4o mini" };', chat("`Greet ${user.displayName} on behalf of ${model.displayName}.`"), "  res.json(r);");
    const { rows } = await run({ "src/queries.ts": queries, "src/app.ts": `import { userById } from "./queries";
${app}` });
    expect(rows.map(([f, l, m]) => [f, l, m.includes("`displayName` from users record (from(schema.users))")])).toEqual([["src/app.ts", 9, true]]);
    const modelOnly = express('  const model = { displayName: "GPT-4o mini" };', chat("`You are ${model.displayName}.`"), "  res.json(r);");
    expect((await run({ "src/app.ts": modelOnly })).rows).toEqual([]);
  });

  it("a Supabase profiles row and a parameter typed Patient are person records", async () => {
    const supabase = express(
      '  const { data: profile } = await supabase.from("profiles").select("*").eq("id", req.params.id).single();',
      chat("`Write a birthday note for ${profile.full_name}`"),
      "  res.json(r);",
    );
    const helper = lines(
      'import OpenAI from "openai";',
      "const openai = new OpenAI();",
      "type Patient = { id: string; diagnosis: string };",
      "export async function explain(patient: Patient) {",
      '  return openai.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 300, messages: [{ role: "user", content: `Explain ${patient.diagnosis} simply.` }] });',
      "}",
    );
    const { rows } = await run({ "src/app.ts": `import { createClient } from "@supabase/supabase-js";\nconst supabase = createClient("u", "k");\n${supabase}`, "src/explain.ts": helper });
    expect(rows.map(([f, l]) => [f, l])).toEqual([
      ["src/app.ts", 9],
      ["src/explain.ts", 5],
    ]);
    expect(rows[0]![2]).toContain("`full_name` from profiles record");
    expect(rows[1]![2]).toContain("`diagnosis` from Patient record (patient)");
  });

  it("fields read under Passport's req.user are the signed-in user's; a wallet address from the body is not personal", async () => {
    const app = express(chat("`Hello ${req.user.firstName}, we will call ${req.user.phone}. Wallet: ${req.body.address}`"), "  res.json(r);");
    const { rows } = await run({ "src/app.ts": app });
    expect(rows.map(([f, l]) => [f, l])).toEqual([["src/app.ts", 6]]);
    expect(rows[0]![2]).toContain("`firstName`, `phone` from signed-in user (req.user)");
    expect(rows[0]![2]).not.toContain("address");
  });

  it("product names, file names, email templates and subject lines stay quiet", async () => {
    const app = express(
      "  const { product, emailTemplate, subjectLine } = req.body;",
      chat("`Product: ${product.name}\\nTemplate: ${emailTemplate}\\nSubject: ${subjectLine}\\nFile: ${req.body.file.name}`"),
      "  res.json(r);",
    );
    expect((await run({ "src/app.ts": app })).rows).toEqual([]);
  });
});

describe("scrubbing on the way is evidence", () => {
  it("the project's own anonymize() before the prompt: no finding, evidence at the call, item passes", async () => {
    const app = express("  const { symptoms } = req.body;", "  const clean = anonymize(symptoms);", chat("clean"), "  res.json(r);");
    const { rows, status, evidence } = await run({ "src/app.ts": `import { anonymize } from "./pii";\n${app}`, "src/pii.ts": "export function anonymize(text: string) { return text.replace(/\\d/g, '#'); }\n" });
    expect(rows).toEqual([]);
    expect(evidence).toEqual(["src/app.ts:8"]);
    expect(status).toBe("pass");
  });

  it("redact-pii's redactor on the request text", async () => {
    const app = express("  const text = redactor.redact(req.body.notes);", chat("text"), "  res.json(r);");
    const { rows, status, evidence } = await run({ "src/app.ts": `import { SyncRedactor } from "redact-pii";\nconst redactor = new SyncRedactor();\n${app}` });
    expect(rows).toEqual([]);
    expect(evidence).toEqual(["src/app.ts:8"]);
    expect(status).toBe("pass");
  });

  it("Amazon Comprehend's DetectPiiEntities in the file that calls the model is evidence", async () => {
    const app = express(
      "  const found = await comprehend.send(new DetectPiiEntitiesCommand({ Text: req.body.note, LanguageCode: \"en\" }));",
      "  const note = maskSpans(req.body.note, found.Entities ?? []);",
      chat("note"),
      "  res.json(r);",
    );
    const { rows, status, evidence } = await run({ "src/app.ts": `import { ComprehendClient, DetectPiiEntitiesCommand } from "@aws-sdk/client-comprehend";\nimport { maskSpans } from "./spans";\nconst comprehend = new ComprehendClient({});\n${app}`, "src/spans.ts": "export function maskSpans(text: string, spans: Array<{ BeginOffset?: number }>) { return spans.length ? '[masked]' : text; }\n" });
    expect(rows).toEqual([]);
    expect(evidence).toEqual(["src/app.ts:9", "src/app.ts:10"]);
    expect(status).toBe("pass");
  });

  it("no model call: not applicable", async () => {
    const app = lines('import express from "express";', "const app = express();", 'app.post("/api/echo", (req, res) => res.json({ email: req.body.email }));');
    expect((await run({ "src/app.ts": app })).status).toBe("n/a");
  });
});
