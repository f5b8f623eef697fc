/**
 * CS-1: a model provider called from code that runs in the browser (or on the user's
 * device: mobile apps, browser extensions). Whatever key that call uses ships with the
 * code, and anyone can replay it.
 *
 * Detector: the AI surface (`src/model/ai-surface.ts`) says where models are called and
 * which clients are built with a key; the runtime model (`src/model/runtime.ts`) says
 * which code runs in the browser and why. `dangerouslyAllowBrowser: true` is reported
 * wherever it appears, except in code the runtime model knows runs only on a server (an
 * integration library's own client, imported by server code alone): there the flag
 * exposes nothing. ESLint, which sees one file, reports it everywhere. A raw request without
 * a key to an endpoint that generates nothing (the public model list, a token count) spends
 * and exposes nothing either.
 */
import { oneFileModelFlow } from "../src/model/flow/one-file.js";
import { defineRule, type RuleContext } from "../src/engine/rule.js";
import type { FileFacts } from "../src/facts/file-facts.js";
import { spends, throughHelper, type AiSurface } from "../src/model/ai-surface.js";
import type { ProjectView } from "../src/model/project-files.js";
import { FRAMEWORK_RUNTIMES, ONE_FILE_SERVER_PATHS } from "../src/knowledge/runtimes.js";
import { globToRegExp } from "../src/util/glob.js";

const SERVER_PATHS = ONE_FILE_SERVER_PATHS.map(globToRegExp);

// ESLint runs on every file: most never import an SDK nor name a URL.
const MIGHT_CALL_A_MODEL = /from\s*["']|require\(|:\/\/|dangerouslyAllowBrowser/;

/**
 * In ESLint, without the project model: browser code is what says so itself (`"use client"`)
 * or belongs to a package whose framework ships everything (an SPA, a mobile app, an
 * extension framework), by the first framework of `knowledge/runtimes.ts` it matches.
 */
function evidentBrowserReason(file: FileFacts, project: ProjectView): string | undefined {
  if (file.header.directive === "use client") return '"use client" directive';
  if (SERVER_PATHS.some((glob) => glob.test(file.relPath))) return undefined;
  for (const framework of FRAMEWORK_RUNTIMES) {
    const deps = framework.detect.dependencies ?? [];
    if (!deps.length || !deps.some((d) => project.dependsOn(file.relPath, d))) continue;
    const files = framework.detect.files ?? [];
    if (files.length && !files.some((f) => project.packageHasFile?.(file.relPath, f.path))) continue;
    return framework.fallback.runtime === "browser" ? framework.fallback.reason : undefined;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: "client-side-provider-call",
    title: "Model provider called from browser code",
    checklist: ["CS-1"],
    severity: "error",
    cwe: ["CWE-602", "CWE-522"],
    owaspLlm: { "2025": "LLM02", "2026": "LLM02" },
    description:
      "Code that runs in the browser, a mobile app or a browser extension calls an LLM provider directly, or builds a provider client with a key. The key ships with that code, so any visitor can read it and spend on your account, with no rate limit or authentication in between.",
    fix: "Move the provider call behind a server route (an API route, server action or backend endpoint) that checks the user and applies limits, and have the browser call that route.",
    example: {
      bad: '"use client";\nconst openai = new OpenAI({ apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY, dangerouslyAllowBrowser: true });\nawait openai.chat.completions.create({ model: "gpt-4o", messages });',
      good: '"use client";\nconst res = await fetch("/api/chat", { method: "POST", body: JSON.stringify({ messages }) });',
    },
    scope: "model call sites and provider clients in code that runs in browsers, mobile apps and extensions",
    eslint: true,
  },

  checkFileAlone(file, context) {
    if (!file.isCode || !MIGHT_CALL_A_MODEL.test(file.text)) return;
    const surface = oneFileModelFlow(file, context.ts, true, context.project)?.surface;
    if (!surface) return;
    const reason = evidentBrowserReason(file, context.project);
    reportSurface(surface, () => reason, () => file, context);
  },

  checkProject(project, context) {
    const surface = project.aiSurface(context.ts);
    const runtime = project.runtime(context.ts);
    reportSurface(surface, (file, offset) => {
      const where = runtime.isBrowserAt(file, offset);
      return where.browser ? where.verdict.reason : undefined;
    }, (rel) => project.file(rel), context, (file, offset) => {
      const where = runtime.isBrowserAt(file, offset);
      return !where.browser && !where.verdict.byDefault && (where.verdict.runtime === "server" || where.verdict.runtime === "both");
    });
  },
});

/**
 * Shared by the CLI (whole-project runtime model) and ESLint (one file, judged by what
 * the file itself shows): `browserReason` says why code at an offset runs in the browser,
 * or undefined when it does not.
 */
export function reportSurface(
  surface: AiSurface,
  browserReason: (file: string, offset: number) => string | undefined,
  fileOf: (rel: string) => FileFacts | undefined,
  context: RuleContext,
  /** Does the code there run only on a server, by a convention or its importers (not the framework's default)? The browser opt-in means nothing there. */
  serverOnly: (file: string, offset: number) => boolean = () => false,
): void {
  const reportedClients = new Set<string>();
  for (const call of surface.callSites) {
    context.judged();
    // A browser request to an env-configured model path without a key goes to a proxy the deployment chooses: nothing leaks.
    if ((call.local || call.endpointEnv) && !call.sendsKey) continue;
    // A keyless request that generates nothing (the public model list, a token count) spends and exposes nothing.
    if (call.sdk === "http" && !call.sendsKey && !spends(call)) continue;
    const why = browserReason(call.file, call.start);
    if (!why) continue;
    const file = fileOf(call.file)!;
    if (call.client) reportedClients.add(`${call.client.file}\0${call.client.start}`);
    const what = `${call.sdk === "http" ? `A request to ${call.provider} (${call.method.split(" ").slice(1).join(" ")})` : `${call.provider} (${call.method})`}${throughHelper(call)}`;
    const key = call.sdk === "http" ? (call.sendsKey ? ", with the key in the request," : "") : "";
    // The client may be built with its key elsewhere (a shared module): that is where the key is read, shown as the first step.
    const keyedClient = call.client && surface.clients.find((c) => c.file === call.client!.file && c.start === call.client!.start && c.keyNode);
    const clientFile = keyedClient && (keyedClient.file !== call.file ? fileOf(keyedClient.file) : undefined);
    context.report({
      file,
      start: call.start,
      end: call.end,
      message: `${what} is called from browser code${key} (${why}). The key it uses ships to every visitor.`,
      identity: `${call.provider}\0${call.method}`,
      ...(keyedClient && clientFile
        ? {
            path: [
              { file: keyedClient.file, line: clientFile.positionAt(keyedClient.start).line, note: `${keyedClient.provider} client created with its key` },
              { file: call.file, line: file.positionAt(call.start).line, note: `${call.method} called` },
            ],
          }
        : {}),
    });
  }
  for (const client of surface.clients) {
    const file = fileOf(client.file)!;
    // An SDK flag that allows the browser, in code that runs only on a server (an integration library's own client), exposes nothing.
    if (client.browserOptIn && !serverOnly(client.file, client.browserOptIn.getStart())) {
      context.report({
        file,
        start: client.browserOptIn.getStart(),
        end: client.browserOptIn.getEnd(),
        message: `dangerouslyAllowBrowser lets the ${client.provider} SDK run in a browser, where its key is readable by every visitor.`,
        identity: "browser-opt-in",
      });
    }
    if (!client.keyNode || reportedClients.has(`${client.file}\0${client.start}`)) continue;
    const why = browserReason(client.file, client.start);
    if (!why) continue;
    context.report({
      file,
      start: client.start,
      end: client.end,
      message: `${/^[AEIOU]/.test(client.provider) ? "An" : "A"} ${client.provider} client is created with a key in browser code (${why}). The key ships to every visitor.`,
      identity: `client\0${client.provider}`,
    });
  }
}
