/**
 * The AI surface and CS-1 on every fixture app, both ways:
 * - the inventory of each app, call site by call site (provider, SDK, method, model, and
 *   where it runs), so a missed call or a browser/server mistake fails;
 * - CS-1 findings equal the lines annotated `// CS-1: …` in the fixtures (the Semgrep
 *   way: the expectation sits next to the code), and clean twins carry no annotation;
 * - every finding of the framework fixtures, written out, except those of the prompt and
 *   output data flow rules, which flow-fixtures.test.ts checks line by line against the
 *   annotations in the same files.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/config.js";
import { loadProject } from "../src/engine/load-project.js";
import { scan, type ScanResult } from "../src/engine/scan.js";
import { buildInventory } from "../src/report/inventory.js";
import { withoutAdvisory } from "./helpers/advisory.js";

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));
const CS1 = "client-side-provider-call";
/** Checklist items of the data flow rules: their findings are pinned by flow-fixtures.test.ts. */
const FLOW_ITEMS = new Set(["PI-1", "PI-2", "RL-2", "RL-3", "OF-1", "OF-2", "TR-1", "AK-5", "LG-2"]);

type InventoryRow = [where: string, provider: string, sdk: string, method: string, model: string | null, runtime: string];

const INVENTORY: Record<string, InventoryRow[]> = {
  "browser-extension-clean": [
      ["server/src/index.ts:25","OpenAI","openai","chat.completions.create","gpt-4o-mini","server"],
      ["server/src/index.ts:42","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","server"],
      ["src/options/options.ts:7","Ollama (local)","http","fetch localhost:11434/api/chat",null,"browser"],
  ],
  "browser-extension-leaky": [
      ["src/background.ts:10","Anthropic","http","fetch api.anthropic.com/v1/messages",null,"browser"],
      ["src/lib/gemini.ts:7","Google Gemini","google-generative-ai","generateContent","gemini-1.5-flash","browser"],
      ["src/popup/popup.ts:11","OpenAI","openai","chat.completions.create","gpt-4o-mini","browser"],
  ],
  "expo-clean": [
      ["app/api/chat+api.ts:11","OpenAI","openai","chat.completions.create","gpt-4o-mini","server"],
      ["app/api/tidy+api.ts:16","Groq","groq","chat.completions.create","llama-3.1-8b-instant","server"],
      ["app/api/translate+api.ts:11","Groq","groq","chat.completions.create","llama-3.1-8b-instant","server"],
      ["components/LocalModelSwitch.tsx:6","Ollama (local)","http","fetch localhost:11434/api/chat",null,"browser"],
  ],
  "expo-leaky": [
      ["app/(tabs)/index.tsx:13","OpenAI","openai","chat.completions.create","gpt-4o-mini","browser"],
      ["app/api/health+api.ts:7","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","server"],
      ["components/VoiceNote.tsx:22","OpenAI","http","fetch api.openai.com/v1/audio/transcriptions",null,"browser"],
      ["lib/groq.ts:7","Groq","groq","chat.completions.create","llama-3.1-8b-instant","browser"],
      ["lib/groq.ts:27","Groq","groq","chat.completions.create","llama-3.1-8b-instant","browser"],
  ],
  "express-clean": [
      ["src/lib/llm.ts:22","Groq","groq","chat.completions.create","llama-3.1-8b-instant","server"],
      ["src/lib/llm.ts:40","OpenAI","openai","chat.completions.create","gpt-4o","server"],
      ["src/lib/llm.ts:43","Mistral","mistral","chat.complete","mistral-small-latest","server"],
  ],
  "express-leaky": [
      ["src/lib/llm.ts:21","Groq","groq","chat.completions.create","llama-3.1-8b-instant","server"],
      ["src/lib/llm.ts:39","OpenAI","openai","chat.completions.create","gpt-4o","server"],
      ["src/lib/llm.ts:42","Mistral","mistral","chat.complete","mistral-small-latest","server"],
  ],
  "lookalikes": [],
  "nextjs-clean": [
      ["app/api/chat/route.ts:30","OpenAI","openai","chat.completions.create","gpt-4o-mini","server"],
      ["lib/ai.ts:24","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","server"],
  ],
  "nextjs-leaky": [
      ["app/api/chat/route.ts:11","OpenAI","openai","chat.completions.create","gpt-4o-mini","server"],
      ["app/page.tsx:18","OpenAI","openai","chat.completions.create","gpt-4o-mini","browser"],
      ["lib/ai.ts:17","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","server"],
  ],
  "nextjs-pages-clean": [
      ["components/LocalDraft.tsx:8","Ollama (local)","http","fetch localhost:11434/api/chat",null,"browser"],
      ["lib/report.ts:7","OpenAI","vercel-ai","generateText","gpt-4o-mini","server"],
      ["pages/api/ask.ts:19","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","server"],
      ["pages/api/standup.ts:17","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","server"],
      ["pages/index.tsx:37","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","server"],
  ],
  "nextjs-pages-leaky": [
      ["components/ChatBox.tsx:16","OpenAI","openai","chat.completions.create","gpt-4o-mini","browser"],
      ["lib/ai/report.ts:5","OpenAI","vercel-ai","generateText","gpt-4o-mini","browser"],
      ["pages/api/standup.ts:8","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","server"],
      ["pages/index.tsx:31","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","server"],
      ["pages/report.tsx:12","OpenAI","vercel-ai","generateText","gpt-4o-mini","browser"],
  ],
  "nuxt-clean": [
      ["composables/useLocalModel.ts:4","Ollama (local)","http","fetch localhost:11434/api/chat",null,"browser"],
      ["server/api/action-items.post.ts:9","Groq","groq","chat.completions.create","llama-3.1-8b-instant","server"],
      ["server/api/summary.post.ts:7","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","server"],
      ["server/api/title.post.ts:8","OpenAI","openai","chat.completions.create","gpt-4o-mini","server"],
      ["server/api/translate.post.ts:7","OpenAI","openai","chat.completions.create","gpt-4o-mini","server"],
  ],
  "nuxt-leaky": [
      ["components/TranslateNotes.vue:7","OpenAI","http","fetch api.openai.com/v1/chat/completions",null,"browser"],
      ["composables/useActionItems.ts:10","Groq","groq","chat.completions.create","llama-3.1-8b-instant","browser"],
      ["plugins/claude.client.ts:9","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","browser"],
      ["server/api/title.post.ts:4","OpenAI","openai","chat.completions.create","gpt-4o-mini","server"],
  ],
  "remix-clean": [
      ["app/routes/_index.tsx:23","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","server"],
      ["app/routes/api.answer.ts:16","OpenAI","openai","chat.completions.create","gpt-4o-mini","server"],
      ["app/routes/api.moderate.ts:11","OpenAI","http","fetch api.openai.com/v1/moderations",null,"server"],
      ["app/routes/chat.tsx:12","Ollama (local)","http","fetch localhost:11434/api/chat",null,"browser"],
  ],
  "remix-leaky": [
      ["app/routes/_index.tsx:19","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","browser"],
      ["app/routes/api.moderate.ts:7","OpenAI","http","fetch api.openai.com/v1/moderations",null,"server"],
      ["app/routes/chat.tsx:12","OpenAI","openai","chat.completions.create","gpt-4o-mini","server"],
      ["app/utils/browser-ai.ts:7","OpenAI","vercel-ai","streamText","gpt-4o-mini","browser"],
  ],
  // Calls reached through a tRPC context, openai-edge, Mastra and LangGraph (the route twins of route-fixtures.test.ts).
  "routes-ai-surfaces-open": [
      ["app/api/digest/route.ts:7","unknown provider","langgraph","invoke",null,"server"],
      ["app/api/planner/route.ts:6","unknown provider","mastra","generate",null,"server"],
      ["app/api/research/route.ts:7","unknown provider","langgraph","invoke",null,"server"],
      ["app/api/support/route.ts:9","OpenAI","openai-edge","createChatCompletion","gpt-4o-mini","server"],
      ["app/notes/actions.ts:8","OpenAI","openai-edge","createChatCompletion","gpt-4o-mini","server"],
      ["lib/digest-graph.ts:12","OpenAI","langchain-openai","invoke","gpt-4o-mini","server"],
      ["lib/digest-graph.ts:14","OpenAI","langchain-openai","invoke","gpt-4o-mini","server"],
      ["server/routers/replies.ts:8","OpenAI","openai","createCompletion","gpt-3.5-turbo-instruct","server"],
  ],
  "routes-ai-surfaces-guarded": [
      ["app/api/digest/route.ts:13","unknown provider","langgraph","invoke",null,"server"],
      ["app/api/planner/route.ts:13","unknown provider","mastra","generate",null,"server"],
      ["app/api/research/route.ts:13","unknown provider","langgraph","invoke",null,"server"],
      ["app/api/support/route.ts:15","OpenAI","openai-edge","createChatCompletion","gpt-4o-mini","server"],
      ["app/notes/actions.ts:12","OpenAI","openai-edge","createChatCompletion","gpt-4o-mini","server"],
      ["lib/digest-graph.ts:12","OpenAI","langchain-openai","invoke","gpt-4o-mini","server"],
      ["lib/digest-graph.ts:14","OpenAI","langchain-openai","invoke","gpt-4o-mini","server"],
      ["server/routers/replies.ts:8","OpenAI","openai","createChatCompletion","gpt-4o-mini","server"],
  ],
  "sveltekit-clean": [
      ["src/lib/server/tips.ts:7","Google Gemini","google-genai","models.generateContent","gemini-2.0-flash","server"],
      ["src/routes/api/chat/+server.ts:12","OpenAI","openai","chat.completions.create","gpt-4o-mini","server"],
      ["src/routes/offline/+page.svelte:7","Ollama (local)","http","fetch localhost:11434/api/chat",null,"browser"],
      ["src/routes/summarize/+page.server.ts:14","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","server"],
  ],
  "sveltekit-leaky": [
      ["src/lib/ai/tips.ts:7","Google Gemini","google-genai","models.generateContent","gemini-2.0-flash","browser"],
      ["src/routes/+page.svelte:12","OpenAI","openai","chat.completions.create","gpt-4o-mini","browser"],
      ["src/routes/summarize/+page.svelte:7","Anthropic","http","fetch api.anthropic.com/v1/messages",null,"browser"],
  ],
  "vite-react-clean": [],
  "vite-react-leaky": [
      ["src/lib/fridge-photo.ts:14","Google Gemini","google-genai","models.generateContent","gemini-2.0-flash","browser"],
      ["src/lib/gemini.ts:8","Google Gemini","google-generative-ai","generateContent","gemini-1.5-flash","browser"],
      ["src/lib/openai.ts:11","OpenAI","openai","chat.completions.create","gpt-4o-mini","browser"],
  ],
  "vue-spa-clean": [
      ["server/index.ts:22","OpenAI","openai","chat.completions.create","gpt-4o-mini","server"],
      ["server/index.ts:39","Anthropic","anthropic","messages.create","claude-3-5-haiku-20241022","server"],
      ["server/index.ts:56","Google Gemini","google-generative-ai","generateContent","gemini-1.5-flash","server"],
      ["src/composables/useLocalModel.ts:7","Ollama (local)","http","fetch localhost:11434/api/chat",null,"browser"],
  ],
  "vue-spa-leaky": [
      ["src/components/ReplyDrafter.vue:9","OpenAI","openai","chat.completions.create","gpt-4o-mini","browser"],
      ["src/composables/useToneCheck.ts:10","Anthropic","http","fetch api.anthropic.com/v1/messages",null,"browser"],
      ["src/lib/gemini.ts:8","Google Gemini","google-generative-ai","generateContent","gemini-1.5-flash","browser"],
      ["src/lib/mistral.ts:14","Mistral","http","axios instance .post api.mistral.ai/v1/chat/completions",null,"browser"],
  ],
};

type FindingRow = [ruleId: string, file: string, line: number];

/** Every finding of the framework fixtures but the data flow ones (the key fixtures are covered by fixtures.test.ts). */
const FINDINGS: Record<string, FindingRow[]> = {
  "browser-extension-clean": [],
  "browser-extension-leaky": [
      ["client-side-provider-call","src/background.ts",10],
      ["client-side-provider-call","src/lib/gemini.ts",7],
      ["client-side-provider-call","src/popup/popup.ts",9],
      ["client-side-provider-call","src/popup/popup.ts",11],
  ],
  "expo-clean": [],
  "expo-leaky": [
      ["client-exposed-key","app/(tabs)/index.tsx",6],
      ["client-side-provider-call","app/(tabs)/index.tsx",13],
      ["client-side-provider-call","components/VoiceNote.tsx",22],
      ["client-exposed-key","components/VoiceNote.tsx",24],
      ["client-exposed-key","lib/groq.ts",4],
      ["client-side-provider-call","lib/groq.ts",7],
      ["client-side-provider-call","lib/groq.ts",27],
  ],
  "nextjs-pages-clean": [],
  "nextjs-pages-leaky": [
      ["client-exposed-key","components/ChatBox.tsx",7],
      ["client-side-provider-call","components/ChatBox.tsx",8],
      ["client-side-provider-call","components/ChatBox.tsx",16],
      ["client-exposed-key","lib/ai/clients.ts",3],
      ["client-side-provider-call","lib/ai/report.ts",5],
      ["ai-route-without-auth","pages/api/standup.ts",5],
      ["ai-route-without-rate-limit","pages/api/standup.ts",5],
      ["ai-route-without-auth","pages/index.tsx",29], // getServerSideProps: a model call on every page request
      ["ai-route-without-rate-limit","pages/index.tsx",29],
      ["client-side-provider-call","pages/report.tsx",12],
  ],
  "nuxt-clean": [],
  "nuxt-leaky": [
      ["client-side-provider-call","components/TranslateNotes.vue",7],
      ["client-side-provider-call","composables/useActionItems.ts",9],
      ["client-side-provider-call","composables/useActionItems.ts",10],
      ["client-side-provider-call","plugins/claude.client.ts",6],
      ["client-side-provider-call","plugins/claude.client.ts",9],
      ["ai-route-without-auth","server/api/title.post.ts",2],
      ["ai-route-without-rate-limit","server/api/title.post.ts",2],
  ],
  "remix-clean": [],
  "remix-leaky": [
      ["client-side-provider-call","app/routes/_index.tsx",14],
      ["client-side-provider-call","app/routes/_index.tsx",19],
      ["ai-route-without-auth","app/routes/api.moderate.ts",5],
      ["ai-route-without-rate-limit","app/routes/api.moderate.ts",5],
      ["ai-route-without-auth","app/routes/chat.tsx",10],
      ["ai-route-without-rate-limit","app/routes/chat.tsx",10],
      ["client-side-provider-call","app/utils/browser-ai.ts",7],
  ],
  "sveltekit-clean": [],
  "sveltekit-leaky": [
      ["client-exposed-key","src/lib/ai/tips.ts",2],
      ["client-side-provider-call","src/lib/ai/tips.ts",7],
      ["client-exposed-key","src/routes/+page.svelte",3],
      ["client-side-provider-call","src/routes/+page.svelte",9],
      ["client-side-provider-call","src/routes/+page.svelte",12],
      ["client-side-provider-call","src/routes/summarize/+page.svelte",7],
  ],
  "vue-spa-clean": [],
  "vue-spa-leaky": [
      ["client-side-provider-call","src/components/ReplyDrafter.vue",9],
      ["client-side-provider-call","src/composables/useToneCheck.ts",10],
      ["client-exposed-key","src/lib/gemini.ts",3],
      ["client-side-provider-call","src/lib/gemini.ts",8],
      ["client-side-provider-call","src/lib/mistral.ts",4], // an axios instance with the key in its default headers
      ["client-exposed-key","src/lib/mistral.ts",8],
      ["client-side-provider-call","src/lib/mistral.ts",14],
      ["client-side-provider-call","src/lib/openai.ts",7],
  ],
};

const scans = new Map<string, Promise<ScanResult>>();
const scanOf = (name: string) => {
  let result = scans.get(name);
  if (!result) scans.set(name, (result = scan({ target: join(FIXTURES, name) })));
  return result;
};

describe.each(Object.keys(INVENTORY))("fixture %s", (name) => {
  it("inventory: every model call site, with provider, SDK, method, model and runtime", async () => {
    const { project, ts } = await loadProject(join(FIXTURES, name), defaultConfig());
    const inventory = buildInventory(project, ts, { name: "aigis", version: "test" });
    expect(inventory.callSites.map((c) => [`${c.file}:${c.line}`, c.provider, c.sdk, c.method, c.model, c.runtime])).toEqual(INVENTORY[name]);
  });

  it("CS-1 findings are exactly the lines annotated `// CS-1:`", async () => {
    const result = await scanOf(name);
    const found = result.findings.filter((f) => f.ruleId === CS1).map((f) => `${f.file}:${f.line}`);
    const annotated = annotations(join(FIXTURES, name));
    expect(found).toEqual(annotated);
    if (name.endsWith("-clean")) expect(annotated).toEqual([]);
  });

  if (FINDINGS[name]) {
    it("all findings but the data flow ones", async () => {
      const result = await scanOf(name);
      const findings = withoutAdvisory(result.findings).filter((f) => !f.checklist.some((item) => FLOW_ITEMS.has(item)));
      expect(findings.map((f) => [f.ruleId, f.file, f.line])).toEqual(FINDINGS[name]);
      expect(result.stats.warnings).toEqual([]);
    });
  }
});

describe("CS-1 messages", () => {
  it("name the provider, the call and why the code runs in the browser", async () => {
    const messages = (await scanOf("nextjs-pages-leaky")).findings.filter((f) => f.ruleId === CS1).map((f) => `${f.file}:${f.line} ${f.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^lib\/ai\/report\.ts:5 OpenAI \(generateText\) is called from browser code \(imported by lib\/ai\/index\.ts, reached from pages\/report\.tsx, a Next\.js page\)/));
    const extension = (await scanOf("browser-extension-leaky")).findings.filter((f) => f.ruleId === CS1).map((f) => f.message);
    expect(extension).toContainEqual(expect.stringMatching(/^A request to Anthropic \(api\.anthropic\.com\/v1\/messages\) is called from browser code, with the key in the request, \(browser extension/));
  });
});

/** `file:line` of every `// CS-1:` annotation in a fixture's code, in report order. */
function annotations(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === "node_modules") continue;
      const path = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      if (statSync(path).isDirectory()) walk(path, relPath);
      else if (/\.(ts|tsx|js|jsx|mjs|vue|svelte|astro)$/.test(name)) {
        readFileSync(path, "utf8").split("\n").forEach((line, i) => {
          if (/\/\/ CS-1:|<!-- CS-1:/.test(line)) out.push(`${relPath}:${i + 1}`);
        });
      }
    }
  };
  walk(root, "");
  return out.sort((a, b) => {
    const [fa, la] = [a.slice(0, a.lastIndexOf(":")), Number(a.slice(a.lastIndexOf(":") + 1))];
    const [fb, lb] = [b.slice(0, b.lastIndexOf(":")), Number(b.slice(b.lastIndexOf(":") + 1))];
    return fa < fb ? -1 : fa > fb ? 1 : la - lb;
  });
}
