/**
 * React context (`createContext`, `<Ctx.Provider value>`, `useContext`): what a component
 * reads out of a context is what the provider's `value` holds. A profile kept in the
 * provider's state and updated through a function the context hands out carries the text
 * one screen types to the system prompt another screen writes.
 */
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";

const PI1 = "untrusted-input-in-instructions";
const write = tempProjects("aigis-context-");
const PKG = JSON.stringify({ name: "app", private: true, dependencies: { openai: "^5", react: "^19", "react-native": "^0.79" } });

async function pi1(files: Record<string, string>): Promise<string[]> {
  const result = await scan({ target: write({ "package.json": PKG, ...files }) });
  return result.findings.filter((f) => f.ruleId === PI1).map((f) => `${f.file}:${f.line}`).sort();
}

/**
 * The provider: a profile in its state, and an update function merging a patch into it.
 * `value`: the provider's value; `element`: its tag; `before`: lines ahead of its `return`.
 */
const provider = (value: string, element = "ProfileContext.Provider", before = "") =>
  [
    'import { createContext, useContext, useMemo, useState, type ReactNode } from "react";',
    "type Profile = { name: string; bio: string };",
    "type Ctx = { profileData: Profile; updateProfileData: (patch: Partial<Profile>) => void };",
    "export const ProfileContext = createContext<Ctx | null>(null);",
    "export function ProfileProvider({ children }: { children: ReactNode }) {",
    '  const [profileData, setProfileData] = useState<Profile>({ name: "", bio: "" });',
    "  const updateProfileData = (patch: Partial<Profile>) => setProfileData((prev) => ({ ...prev, ...patch }));",
    before,
    `  return <${element} value={${value}}>{children}</${element}>;`,
    "}",
    "export const useProfile = () => useContext(ProfileContext)!;",
    "",
  ].join("\n");

/** The screen where the user types the bio. */
const edit = [
  'import { TextInput } from "react-native";',
  'import { useProfile } from "./ProfileContext";',
  "export function EditProfile() {",
  "  const { updateProfileData } = useProfile();",
  "  return <TextInput onChangeText={(t) => updateProfileData({ bio: t })} />;",
  "}",
  "",
].join("\n");

/** The screen that writes `persona` into a system prompt (line 8) after reading the context with `read`. */
const screen = (read: string, persona: string, imports = 'import { useProfile } from "./ProfileContext";') =>
  [
    'import OpenAI from "openai";',
    imports,
    'const openai = new OpenAI({ apiKey: "", dangerouslyAllowBrowser: true });',
    "export function Generate() {",
    `  ${read}`,
    "  const run = async () => {",
    '    const reply = await openai.chat.completions.create({ model: "m", max_tokens: 50, messages: [',
    `      { role: "system", content: \`You write posts for someone who says: \${${persona}}. Keep them short and friendly.\` },`,
    '      { role: "user", content: "Write today\'s post." },',
    "    ] });",
    "    return reply.choices[0]?.message.content;",
    "  };",
    "  return <button onClick={run}>Go</button>;",
    "}",
    "",
  ].join("\n");
const generate = screen("const { profileData } = useProfile();", "profileData.bio");

describe("values read out of a React context", () => {
  it("a field of the provider's state, updated through a function the context hands out, reaches the system prompt of another screen", async () => {
    expect(await pi1({ "src/ProfileContext.tsx": provider("{ profileData, updateProfileData }"), "src/EditProfile.tsx": edit, "src/Generate.tsx": generate })).toEqual(["src/Generate.tsx:8"]);
  });

  it("quiet: a context whose value is built from constants only", async () => {
    const constant = provider('{ profileData: { name: "Ada", bio: "a maths teacher" }, updateProfileData: () => {} }');
    expect(await pi1({ "src/ProfileContext.tsx": constant, "src/EditProfile.tsx": edit, "src/Generate.tsx": generate })).toEqual([]);
  });

  it("quiet: a constant context read beside one that carries the typed text (each context is its own createContext call)", async () => {
    const theme = 'import { createContext } from "react";\nexport const ThemeContext = createContext({ persona: "" });\nexport const ThemeProvider = ({ children }: { children: React.ReactNode }) => <ThemeContext.Provider value={{ persona: "a cheerful baker" }}>{children}</ThemeContext.Provider>;\n';
    const reader = screen("const { persona } = useContext(ThemeContext);", "persona", 'import { useContext } from "react";\nimport { ThemeContext } from "./ThemeContext";');
    expect(await pi1({ "src/ProfileContext.tsx": provider("{ profileData, updateProfileData }"), "src/ThemeContext.tsx": theme, "src/EditProfile.tsx": edit, "src/Generate.tsx": reader })).toEqual([]);
  });

  it("read in the component itself with React 19's use(), the value kept in useMemo", async () => {
    const memo = provider("value", "ProfileContext.Provider", "  const value = useMemo(() => ({ profileData, updateProfileData }), [profileData]);");
    const reader = screen("const ctx = use(ProfileContext);", "ctx.profileData.bio", 'import { use } from "react";\nimport { ProfileContext } from "./ProfileContext";');
    expect(await pi1({ "src/ProfileContext.tsx": memo, "src/EditProfile.tsx": edit, "src/Generate.tsx": reader })).toEqual(["src/Generate.tsx:9"]);
  });

  it("React 19: the context object itself as the provider element (<ProfileContext value>)", async () => {
    expect(await pi1({ "src/ProfileContext.tsx": provider("{ profileData, updateProfileData }", "ProfileContext"), "src/EditProfile.tsx": edit, "src/Generate.tsx": generate })).toEqual(["src/Generate.tsx:8"]);
  });

  it("DP-1: a profile read through useProfile() is still a person's record when the hook's context is followed", async () => {
    // The personal fields of the record are written into the user message; the hook's name says what it holds.
    const profile = screen("const { profileData } = useProfile();", "\"a writer\"").replace('{ role: "user", content: "Write today\'s post." }', "{ role: \"user\", content: `Name: ${profileData.name}, email: ${profileData.email}` }");
    const result = await scan({ target: write({ "package.json": PKG, "src/ProfileContext.tsx": provider("{ profileData, updateProfileData }"), "src/EditProfile.tsx": edit, "src/Generate.tsx": profile }) });
    const dp1 = result.findings.filter((f) => f.ruleId === "personal-data-in-prompt");
    expect(dp1.map((f) => `${f.file}:${f.line}`)).toEqual(["src/Generate.tsx:7"]);
    expect(dp1[0]!.message).toContain("user record (useProfile())");
  });
});
