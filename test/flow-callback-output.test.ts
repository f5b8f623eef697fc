/**
 * Model output handed to a callback: a streaming helper calls the function it is given with
 * each piece of the answer (`onChunk(delta)`), and the component that passed the callback
 * keeps the pieces in React state through a setter's updater, which may change a copy of the
 * state in place (`copy[copy.length - 1].text += piece`) rather than return new values. The
 * answer then reaches a raw-HTML sink in another component (OF-1). Also through TanStack
 * Query's `useMutation`, whose `mutate(vars)` calls `mutationFn(vars)`, and a React context.
 */
import { describe, expect, it } from "vitest";
import { scan } from "../src/engine/scan.js";
import { tempProjects } from "./helpers/temp-projects.js";

const OF1 = "model-output-as-html";
const write = tempProjects("aigis-callback-output-");
const PKG = JSON.stringify({
  name: "streaming-chat",
  private: true,
  type: "module",
  dependencies: { openai: "^4", react: "^18", "react-markdown": "^9", "rehype-raw": "^7", dompurify: "^3", "@tanstack/react-query": "^5", vite: "^5" },
});
const lines = (...l: string[]) => `${l.join("\n")}\n`;

async function of1(files: Record<string, string>): Promise<string[]> {
  const result = await scan({ target: write({ "package.json": PKG, ...files }) });
  return result.findings.filter((f) => f.ruleId === OF1).map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort();
}

/** The streaming helper: each piece of the answer goes to `onChunk` (`call` is how it is called). */
const stream = (call = "onChunk(delta)") =>
  lines(
    'import OpenAI from "openai";',
    "const openai = new OpenAI({ apiKey: import.meta.env.VITE_OPENAI_KEY, dangerouslyAllowBrowser: true });",
    "export async function streamReply(question: string, onChunk: (text: string) => void): Promise<void> {",
    '  const stream = await openai.chat.completions.create({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: question }] });',
    "  for await (const part of stream) {",
    '    const delta = part.choices[0]?.delta?.content ?? "";',
    `    if (delta) ${call};`,
    "  }",
    "}",
  );

/** The chat screen: asks, and keeps the answer's pieces in `turns` with `update` (a setter call), the callback written as `callback`. */
const chat = (update: string, callback = "(piece) => {\n      UPDATE\n    }") =>
  lines(
    'import { useState } from "react";',
    'import { streamReply } from "../lib/stream";',
    'import { Transcript } from "./Transcript";',
    'type Turn = { id: number; role: "user" | "assistant"; text: string };',
    "export function Chat() {",
    "  const [turns, setTurns] = useState<Turn[]>([]);",
    "  const ask = async (question: string) => {",
    "    const id = Date.now();",
    '    setTurns((prev) => [...prev, { id, role: "user", text: question }, { id: id + 1, role: "assistant", text: "" }]);',
    `    await streamReply(question, ${callback.replace("UPDATE", update)});`,
    "  };",
    '  return <Transcript turns={turns} onAsk={ask} />;',
    "}",
  );

/** The update of the copy: its last turn's text grows by the piece. */
const APPEND_TO_COPY = "setTurns((prev) => {\n        const copy = [...prev];\n        const last = copy[copy.length - 1];\n        last.text += piece;\n        return copy;\n      });";
const MAP_TO_NEW = "setTurns((prev) => prev.map((t, i) => (i === prev.length - 1 ? { ...t, text: t.text + piece } : t)));";

/** The transcript: each turn's text rendered by `render` (line 6). */
const transcript = (render: string, imports = "") =>
  lines(
    'import ReactMarkdown from "react-markdown";',
    'import rehypeRaw from "rehype-raw";',
    imports,
    "export function Transcript({ turns }: { turns: Array<{ id: number; text: string }>; onAsk: (q: string) => void }) {",
    "  return <div>{turns.map((t) => (",
    `    ${render}`,
    "  ))}</div>;",
    "}",
  );
const MARKDOWN_RAW = "<ReactMarkdown key={t.id} rehypePlugins={[rehypeRaw]}>{t.text}</ReactMarkdown>";
const INNER_HTML = "<div key={t.id} dangerouslySetInnerHTML={{ __html: t.text }} />";

describe("model output passed to a callback and kept in React state", () => {
  it("an inline callback appends each piece to a copy of the state; react-markdown with rehype-raw renders it: reported", async () => {
    expect(await of1({ "lib/stream.ts": stream(), "components/Chat.tsx": chat(APPEND_TO_COPY), "components/Transcript.tsx": transcript(MARKDOWN_RAW) })).toEqual([`${OF1} components/Transcript.tsx:6`]);
  });

  it("the updater maps the state to new turns, the helper calls onChunk?.(), dangerouslySetInnerHTML renders it: reported", async () => {
    expect(await of1({ "lib/stream.ts": stream("onChunk?.(delta)"), "components/Chat.tsx": chat(MAP_TO_NEW), "components/Transcript.tsx": transcript(INNER_HTML) })).toEqual([`${OF1} components/Transcript.tsx:6`]);
  });

  it("a callback held in a name and passed by it: reported", async () => {
    const named = chat(APPEND_TO_COPY, "onPiece").replace("  const ask = async", `  const onPiece = (piece: string) => {\n    ${APPEND_TO_COPY}\n  };\n  const ask = async`);
    expect(await of1({ "lib/stream.ts": stream(), "components/Chat.tsx": named, "components/Transcript.tsx": transcript(INNER_HTML) })).toEqual([`${OF1} components/Transcript.tsx:6`]);
  });

  it("quiet: the text is sanitised before it is inserted", async () => {
    const clean = transcript("<div key={t.id} dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(t.text) }} />", 'import DOMPurify from "dompurify";');
    expect(await of1({ "lib/stream.ts": stream(), "components/Chat.tsx": chat(APPEND_TO_COPY), "components/Transcript.tsx": clean })).toEqual([]);
  });

  it("quiet: react-markdown without rehype-raw", async () => {
    const plain = transcript("<ReactMarkdown key={t.id}>{t.text}</ReactMarkdown>");
    expect(await of1({ "lib/stream.ts": stream(), "components/Chat.tsx": chat(APPEND_TO_COPY), "components/Transcript.tsx": plain })).toEqual([]);
  });

  it("quiet: the helper calls the callback with a fixed status, not with the model's text", async () => {
    expect(await of1({ "lib/stream.ts": stream('onChunk("…typing")'), "components/Chat.tsx": chat(APPEND_TO_COPY), "components/Transcript.tsx": transcript(INNER_HTML) })).toEqual([]);
  });
});

describe("a callback written in place as a component's prop", () => {
  /** A composer that asks the model itself and hands the answer to its `onReply` prop (called as `call`). */
  const composer = (call: string) =>
    lines(
      'import OpenAI from "openai";',
      'import { useState } from "react";',
      "const openai = new OpenAI({ apiKey: import.meta.env.VITE_OPENAI_KEY, dangerouslyAllowBrowser: true });",
      "export function Composer(props: { onReply: (html: string) => void }) {",
      '  const [draft, setDraft] = useState("");',
      "  const submit = async () => {",
      '    const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: draft }] });',
      `    ${call};`,
      "  };",
      "  return <form onSubmit={submit}><textarea value={draft} onChange={(e) => setDraft(e.target.value)} /></form>;",
      "}",
    );
  const page = lines(
    'import { useState } from "react";',
    'import { Composer } from "./Composer";',
    "export function Page() {",
    '  const [answer, setAnswer] = useState("");',
    "  return <main>",
    "    <Composer onReply={(html) => setAnswer(html)} />",
    "    <article dangerouslySetInnerHTML={{ __html: answer }} />",
    "  </main>;",
    "}",
  );

  it("the component calls props.onReply with the answer: reported where the page inserts it", async () => {
    expect(await of1({ "components/Composer.tsx": composer('props.onReply(r.choices[0].message.content ?? "")'), "components/Page.tsx": page })).toEqual([`${OF1} components/Page.tsx:7`]);
  });

  it("quiet: the component calls onReply with a fixed notice", async () => {
    expect(await of1({ "components/Composer.tsx": composer('props.onReply(r.choices.length ? "<p>Sent.</p>" : "")'), "components/Page.tsx": page })).toEqual([]);
  });
});

describe("through useMutation and a React context", () => {
  /** The service: the streaming helper behind a mutation hook whose `mutationFn` hands the callback on. */
  const service = lines(
    'import OpenAI from "openai";',
    'import { useMutation } from "@tanstack/react-query";',
    "const openai = new OpenAI({ apiKey: import.meta.env.VITE_OPENAI_KEY, dangerouslyAllowBrowser: true });",
    "async function relay(text: string, onDelta?: (d: string) => void) {",
    "  let full = \"\";",
    '  const stream = await openai.chat.completions.create({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: text }] });',
    "  for await (const part of stream) {",
    '    const piece = part.choices[0]?.delta?.content || "";',
    "    full += piece;",
    "    onDelta?.(piece);",
    "  }",
    "  return full;",
    "}",
    "type Vars = { text: string; onDelta: (d: string) => void };",
    "export const useRelay = () => useMutation({ mutationFn: (vars: Vars) => relay(vars.text, vars.onDelta) });",
  );
  /** The provider: keeps the conversation, fills the last entry in place as deltas come (`onDelta` given as `delta`). */
  const provider = (delta: string) =>
    lines(
      'import { createContext, useContext, useState, type ReactNode } from "react";',
      'import { useRelay } from "../services/relay";',
      "type Entry = { who: string; body: string };",
      "const ThreadContext = createContext<{ entries: Entry[]; say: (t: string) => void } | undefined>(undefined);",
      "export function ThreadProvider({ children }: { children: ReactNode }) {",
      "  const { mutate: relayText } = useRelay();",
      "  const [entries, setEntries] = useState<Entry[]>([]);",
      "  const say = (t: string) => {",
      '    setEntries((old) => [...old, { who: "me", body: t }, { who: "bot", body: "" }]);',
      '    let sofar = "";',
      `    relayText({ text: t, onDelta: ${delta} });`,
      "  };",
      "  return <ThreadContext.Provider value={{ entries, say }}>{children}</ThreadContext.Provider>;",
      "}",
      "export function useThread() {",
      "  const ctx = useContext(ThreadContext);",
      '  if (!ctx) throw new Error("no thread");',
      "  return ctx;",
      "}",
    );
  const fills = (value: string) => `(d: string) => {\n      sofar += d;\n      setEntries((old) => {\n        const next = [...old];\n        const tail = next[next.length - 1];\n        if (tail.who === "bot") tail.body = ${value};\n        return next;\n      });\n    }`;
  const app = lines(
    'import ReactMarkdown from "react-markdown";',
    'import rehypeRaw from "rehype-raw";',
    'import { ThreadProvider, useThread } from "./context/Thread";',
    "function Entries({ entries }: { entries: Array<{ who: string; body: string }> }) {",
    "  return <ul>{entries.map((e, i) => <li key={i}>",
    "    <ReactMarkdown rehypePlugins={[rehypeRaw]}>{e.body}</ReactMarkdown>",
    "  </li>)}</ul>;",
    "}",
    "function Screen() {",
    "  const { entries } = useThread();",
    "  return <Entries entries={entries} />;",
    "}",
    "export default function App() {",
    "  return <ThreadProvider><Screen /></ThreadProvider>;",
    "}",
  );

  it("mutate({ onDelta }) runs mutationFn, which hands onDelta to the streaming helper: reported at the renderer", async () => {
    expect(await of1({ "src/services/relay.ts": service, "src/context/Thread.tsx": provider(fills("sofar")), "src/App.tsx": app })).toEqual([`${OF1} src/App.tsx:6`]);
  });

  it("quiet: the entry is filled with a fixed text, not the deltas", async () => {
    expect(await of1({ "src/services/relay.ts": service, "src/context/Thread.tsx": provider(fills('"(answer received)"')), "src/App.tsx": app })).toEqual([]);
  });
});
