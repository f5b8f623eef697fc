/**
 * Vue props in the flow engine: a child's prop holds what its parents bind to it in their
 * templates, so a page-address value bound there reaches the child's prompt; a constant or
 * app data bound there keeps the prop trusted.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";

const PI1 = "untrusted-input-in-instructions";
const root = mkdtempSync(join(tmpdir(), "aigis-vue-props-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** PI-1 findings (file:line) of a small Vue app whose parent page binds `binding` to the child. */
async function pi1(page: string, child: string): Promise<string[]> {
  const dir = join(root, `app${++n}`);
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: "salon", private: true, dependencies: { vue: "^3", "vue-router": "^4", openai: "^4" } }),
    "src/lib/ask.ts": [
      'import OpenAI from "openai";',
      "const client = new OpenAI({ apiKey: import.meta.env.VITE_KEY, dangerouslyAllowBrowser: true });",
      "export async function ask(messages) {",
      '  const res = await client.chat.completions.create({ model: "gpt-4o-mini", messages, max_tokens: 300 });',
      "  return res.choices[0].message;",
      "}",
      "",
    ].join("\n"),
    "src/pages/Visit.vue": page,
    "src/components/StylistChat.vue": child,
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const result = await scan({ target: dir });
  return result.findings.filter((f) => f.ruleId === PI1).map((f) => `${f.file}:${f.line}`).sort();
}

const page = (attribute: string, script = "") =>
  ["<template>", "  <main>", `    <StylistChat ${attribute} />`, "  </main>", "</template>", "", "<script setup>", 'import StylistChat from "../components/StylistChat.vue";', script, "</script>", ""].join("\n");

const childWithProps = [
  "<template><p>{{ reply }}</p></template>",
  "<script setup>",
  'import { ref } from "vue";',
  'import { ask } from "../lib/ask";',
  "const props = defineProps({ guestCode: { type: String, required: true } });",
  'const reply = ref("");',
  "const history = ref([]);",
  "async function send(text) {",
  '  history.value.push({ role: "user", content: text });',
  '  const answer = await ask([{ role: "system", content: `You book haircuts for guest ${props.guestCode} only.` }, ...history.value]);',
  "  reply.value = answer.content;",
  "}",
  "</script>",
  "",
].join("\n");

const childDestructured = childWithProps
  .replace("const props = defineProps({ guestCode: { type: String, required: true } });", "const { guestCode } = defineProps({ guestCode: String });")
  .replace("${props.guestCode}", "${guestCode}");

const CHILD_LINE = "src/components/StylistChat.vue:10";

describe("Vue props bound by a parent template", () => {
  it("reports a route parameter bound in kebab-case into a props object", async () => {
    expect(await pi1(page(':guest-code="$route.params.code"'), childWithProps)).toEqual([CHILD_LINE]);
  });

  it("reports a useRoute() query bound in camelCase into a destructured prop", async () => {
    expect(await pi1(page(':guestCode="route.query.code"', 'import { useRoute } from "vue-router";\nconst route = useRoute();'), childDestructured)).toEqual([CHILD_LINE]);
  });

  it("reports text the visitor typed (v-model) bound with v-bind:", async () => {
    const typed = page('v-bind:guest-code="draft"', 'import { ref } from "vue";\nconst draft = ref("");').replace("<main>", '<main><input v-model="draft" />');
    expect(await pi1(typed, childWithProps)).toEqual([CHILD_LINE]);
  });

  it("stays quiet for a constant or app data bound to the prop", async () => {
    expect(await pi1(page(":guest-code=\"'walk-in'\""), childWithProps)).toEqual([]);
    expect(await pi1(page(':guest-code="account.code"', 'import { useAccount } from "../lib/account";\nconst account = useAccount();'), childWithProps)).toEqual([]);
    expect(await pi1(page(':guest-code="route.name"', 'import { useRoute } from "vue-router";\nconst route = useRoute();'), childWithProps)).toEqual([]);
  });

  it("stays quiet when the prop is bound on another component", async () => {
    expect(await pi1(page(':guest-code="$route.params.code"').replace("<StylistChat ", '<StylistChat guest-code="walk-in" /><OtherCard '), childWithProps)).toEqual([]);
  });
});
