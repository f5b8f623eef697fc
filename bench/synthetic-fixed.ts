/**
 * The hand-shaped part of the synthetic repository: manifests and configs, the files
 * with AI code, and the few files that hold fake provider keys (generated from the
 * seed, never real).
 */
import type { Layout } from "./generate-repo.js";
import { ENTITIES, Rng, VERBS, markdownDoc, pascal, reactComponent, sourceSize, utilityModule } from "./synthetic-code.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0234567";
// Words the key scanner treats as documentation placeholders: a fake key must avoid them.
const PLACEHOLDER_HINT = /xxxx|your|example|dummy|insert|replace|redacted|changeme|placeholder|0000000000|1234567890/i;

function fakeKey(r: Rng, make: () => string): string {
  for (;;) {
    const key = make();
    if (!PLACEHOLDER_HINT.test(key)) return key;
  }
}

const json = (value: unknown): string => JSON.stringify(value, null, 2) + "\n";

function manifest(name: string, dependencies: Record<string, string>, extra: Record<string, unknown> = {}): string {
  return json({ name, version: "0.0.0", private: true, type: "module", scripts: { build: "tsc -b", test: "vitest run", lint: "eslint ." }, dependencies, devDependencies: { typescript: "^5.6.3", vitest: "^2.1.4" }, ...extra });
}

export function fixedFiles(layout: Layout): void {
  const { r } = layout;
  layout.add(".gitignore", ["node_modules/", "dist/", ".next/", "coverage/", ".turbo/", ".env*.local", ".env.production", "*.log", ".DS_Store", ".aigis-bench.json", ""].join("\n"));
  layout.add("package.json", json({ name: "acme", private: true, workspaces: ["apps/*", "packages/*"], scripts: { build: "turbo run build", dev: "turbo run dev", test: "turbo run test", lint: "turbo run lint" }, devDependencies: { turbo: "^2.3.0", typescript: "^5.6.3", prettier: "^3.3.3", eslint: "^9.14.0" }, packageManager: "pnpm@9.12.3" }));
  layout.add("turbo.json", json({ $schema: "https://turbo.build/schema.json", tasks: { build: { dependsOn: ["^build"], outputs: ["dist/**", ".next/**"] }, test: { dependsOn: ["build"] }, lint: {}, dev: { cache: false, persistent: true } } }));
  layout.add("tsconfig.base.json", json({ compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, jsx: "react-jsx", skipLibCheck: true, paths: { "@acme/*": ["packages/*/src"] } } }));
  layout.add(".prettierrc", json({ singleQuote: true, printWidth: 110, trailingComma: "all" }));
  layout.add(".eslintrc.json", json({ root: true, extends: ["next/core-web-vitals", "prettier"], rules: { "no-console": "warn" } }));
  layout.add(".github/workflows/ci.yml", `name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: pnpm/action-setup@v4\n      - run: pnpm install --frozen-lockfile\n      - run: pnpm test\n        env:\n          OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}\n`);
  layout.add("README.md", markdownDoc(r, 6000, "Acme platform"));
  layout.add("CONTRIBUTING.md", markdownDoc(r, 3000, "Contributing"));
  layout.add(".env.example", "# Copy to .env.local and fill in.\nDATABASE_URL=postgres://localhost:5432/acme\nOPENAI_API_KEY=\nANTHROPIC_API_KEY=\n");

  layout.add("apps/web/package.json", manifest("@acme/web", { next: "^15.0.3", react: "^19.0.0", "react-dom": "^19.0.0", ai: "^4.0.0", "@ai-sdk/openai": "^1.0.0", "@ai-sdk/react": "^1.0.0", "@acme/ui": "workspace:*", "@acme/utils": "workspace:*", zod: "^3.23.8" }));
  layout.add("apps/web/tsconfig.json", json({ extends: "../../tsconfig.base.json", compilerOptions: { plugins: [{ name: "next" }], paths: { "@/*": ["./*"] } }, include: ["next-env.d.ts", "**/*.ts", "**/*.tsx"] }));
  layout.add("apps/web/.env.example", "NEXT_PUBLIC_APP_URL=http://localhost:3000\nNEXT_PUBLIC_POSTHOG_KEY=\nOPENAI_API_KEY=sk-...\n");
  layout.add("apps/web/app/layout.tsx", `import type { ReactNode } from 'react';\nimport './globals.css';\n\nexport default function RootLayout({ children }: { children: ReactNode }) {\n  return (\n    <html lang="en">\n      <body className="min-h-screen bg-background antialiased">{children}</body>\n    </html>\n  );\n}\n`);
  layout.add("apps/web/lib/config.ts", `export const appConfig = {\n  url: process.env.NEXT_PUBLIC_APP_URL ?? 'http://localhost:3000',\n  posthogKey: process.env.NEXT_PUBLIC_POSTHOG_KEY,\n  sentryDsn: process.env.NEXT_PUBLIC_SENTRY_DSN,\n  isProduction: process.env.NODE_ENV === 'production',\n};\n`);

  layout.add("apps/api/package.json", manifest("@acme/api", { express: "^4.21.1", zod: "^3.23.8", openai: "^4.72.0", "@anthropic-ai/sdk": "^0.32.1", "@acme/utils": "workspace:*", "@acme/db": "workspace:*" }));
  layout.add("apps/api/tsconfig.json", json({ extends: "../../tsconfig.base.json", compilerOptions: { outDir: "dist", rootDir: "src" } }));
  layout.add("apps/api/.env.example", "PORT=4000\nDATABASE_URL=postgres://localhost:5432/acme\nOPENAI_API_KEY=your-openai-key\nANTHROPIC_API_KEY=\n");
  layout.add("apps/api/src/index.ts", `import express from 'express';\nimport helmet from 'helmet';\nimport { requireAuth } from './middleware/auth';\n\nconst app = express();\napp.use(helmet());\napp.use(express.json({ limit: '1mb' }));\napp.get('/health', (_req, res) => res.json({ ok: true }));\napp.use('/api', requireAuth);\n\nconst port = Number(process.env.PORT ?? 4000);\napp.listen(port, () => console.log(\`api listening on \${port}\`));\n`);
  layout.add("apps/api/src/middleware/auth.ts", `import type { NextFunction, Request, Response } from 'express';\nimport { verifySession } from '../lib/session';\n\nexport async function requireAuth(req: Request, res: Response, next: NextFunction) {\n  const token = req.headers.authorization?.replace(/^Bearer /, '');\n  if (!token) return res.status(401).json({ error: 'unauthorized' });\n  try {\n    req.user = await verifySession(token);\n    next();\n  } catch (error) {\n    next(error);\n  }\n}\n`);

  layout.add("apps/playground/package.json", manifest("@acme/playground", { react: "^19.0.0", "react-dom": "^19.0.0", "@anthropic-ai/sdk": "^0.32.1" }, { devDependencies: { vite: "^6.0.0", "@vitejs/plugin-react": "^4.3.3" } }));
  layout.add("apps/playground/index.html", `<!doctype html>\n<html lang="en">\n  <head><meta charset="UTF-8" /><title>Playground</title></head>\n  <body>\n    <div id="root"></div>\n    <script type="module" src="/src/main.tsx"></script>\n  </body>\n</html>\n`);
  layout.add("apps/playground/.env.example", "VITE_API_BASE_URL=http://localhost:4000\n");
  layout.add("apps/legacy-admin/package.json", json({ name: "@acme/legacy-admin", version: "1.4.2", private: true, main: "src/index.js", dependencies: { express: "^4.17.1", lodash: "^4.17.21" } }));
  for (const pkg of ["ui", "utils", "types", "ai", "db", "logger", "api-client", "widgets-vue", "widgets-svelte"]) {
    const deps: Record<string, string> = pkg === "ai" ? { openai: "^4.72.0", "@anthropic-ai/sdk": "^0.32.1", ai: "^4.0.0" } : pkg === "ui" ? { react: "^19.0.0" } : pkg === "widgets-vue" ? { vue: "^3.5.12" } : pkg === "widgets-svelte" ? { svelte: "^5.1.0" } : {};
    layout.add(`packages/${pkg}/package.json`, manifest(`@acme/${pkg}`, deps, { main: "src/index.ts" }));
    layout.add(`packages/${pkg}/tsconfig.json`, json({ extends: "../../tsconfig.base.json", include: ["src"] }));
  }
}

/** A handful of files with fake keys: each exercises a different rule or detector. */
export function keyFiles(layout: Layout): void {
  const { r } = layout;
  const projectKey = () => fakeKey(r, () => `sk-proj-${r.chars(ALNUM + "_-", 74)}T3BlbkFJ${r.chars(ALNUM + "_-", 74)}`);
  const sharedKey = projectKey();
  // Committed env file (AK-1, AK-3) whose key is also used in production (AK-4).
  layout.add("apps/api/.env.development", `PORT=4000\nDATABASE_URL=postgres://localhost:5432/acme_dev\nOPENAI_API_KEY=${sharedKey}\nLOG_LEVEL=debug\n`);
  layout.add("apps/api/.env.production", `PORT=8080\nOPENAI_API_KEY=${sharedKey}\nLOG_LEVEL=info\n`);
  // Git-ignored, but the NEXT_PUBLIC_ prefix ships it to browsers (AK-2).
  layout.add("apps/web/.env.local", `NEXT_PUBLIC_APP_URL=http://localhost:3000\nNEXT_PUBLIC_OPENAI_API_KEY=${projectKey()}\n`);
  const anthropicKey = fakeKey(r, () => `sk-ant-api03-${r.chars(ALNUM + "_-", 93)}AA`);
  layout.add(
    "scripts/backfill-embeddings.mjs",
    `#!/usr/bin/env node\nimport Anthropic from '@anthropic-ai/sdk';\n\n// TODO: read from the environment before merging\nconst anthropic = new Anthropic({ apiKey: '${anthropicKey}' });\n\nconst rows = JSON.parse(await (await import('node:fs/promises')).readFile(process.argv[2], 'utf8'));\nfor (const row of rows) {\n  const msg = await anthropic.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 256, messages: [{ role: 'user', content: row.text }] });\n  console.log(row.id, msg.content[0]?.type === 'text' ? msg.content[0].text : '');\n}\n`,
  );
  const groqKey = fakeKey(r, () => `gsk_${r.chars(ALNUM, 52)}`);
  layout.add("packages/ai/src/__tests__/groq-client.test.ts", `import { describe, expect, it } from 'vitest';\nimport { createGroqClient } from '../groq';\n\nconst GROQ_KEY = '${groqKey}';\n\ndescribe('createGroqClient', () => {\n  it('sends the key as a bearer token', () => {\n    const client = createGroqClient(GROQ_KEY);\n    expect(client.headers.Authorization).toBe(\`Bearer \${GROQ_KEY}\`);\n  });\n});\n`);
  const hfToken = fakeKey(r, () => `hf_${r.chars(ALNUM, 34)}`);
  layout.add("docs/guides/huggingface-embeddings.md", `# Hugging Face embeddings\n\nThe indexer calls the inference API. For local runs we used:\n\n\`\`\`bash\nexport HF_TOKEN=${hfToken}\npnpm --filter @acme/ai embed\n\`\`\`\n\n${markdownDoc(r, 2000, "Notes").slice(2)}`);
  const awsId = fakeKey(r, () => `AKIA${r.chars(UPPER_DIGITS, 16)}`);
  const awsSecret = fakeKey(r, () => r.chars(ALNUM + "/+", 40));
  layout.add("apps/api/src/lib/storage.ts", `import { S3Client } from '@aws-sdk/client-s3';\n\nexport const s3 = new S3Client({\n  region: 'eu-west-1',\n  credentials: {\n    accessKeyId: '${awsId}',\n    secretAccessKey: '${awsSecret}',\n  },\n});\n`);
}

type AiTemplate = (r: Rng, entity: string) => string;

const AI_TEMPLATES: readonly AiTemplate[] = [
  (r, e) => `import OpenAI from 'openai';\n\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n\nexport async function ${r.pick(["summarize", "classify", "describe", "translate"])}${pascal(e)}(text: string): Promise<string> {\n  const completion = await openai.chat.completions.create({\n    model: '${r.pick(["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini"])}',\n    temperature: ${r.int(0, 10) / 10},\n    messages: [\n      { role: 'system', content: 'You write short, factual ${e} summaries.' },\n      { role: 'user', content: text },\n    ],\n  });\n  return completion.choices[0]?.message?.content ?? '';\n}\n\n`,
  (r, e) => `import Anthropic from '@anthropic-ai/sdk';\n\nconst anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });\n\nexport async function ${r.pick(["draft", "review", "explain", "tag"])}${pascal(e)}(input: string) {\n  const message = await anthropic.messages.create({\n    model: '${r.pick(["claude-3-5-sonnet-latest", "claude-3-5-haiku-latest"])}',\n    max_tokens: ${r.pick([256, 512, 1024])},\n    system: 'Answer about the ${e} only.',\n    messages: [{ role: 'user', content: input }],\n  });\n  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');\n}\n\n`,
  (r, e) => `import { generateObject } from 'ai';\nimport { openai } from '@ai-sdk/openai';\nimport { z } from 'zod';\n\nexport async function extract${pascal(e)}Fields(text: string) {\n  const { object } = await generateObject({\n    model: openai('${r.pick(["gpt-4o-mini", "gpt-4o"])}'),\n    schema: z.object({ title: z.string(), priority: z.number().int().min(1).max(5) }),\n    prompt: \`Extract the ${e} fields from: \${text}\`,\n  });\n  return object;\n}\n\n`,
  (r, e) => `import OpenAI from 'openai';\n\nconst client = new OpenAI();\n\nexport async function embed${pascal(e)}s(texts: string[]): Promise<number[][]> {\n  const response = await client.embeddings.create({ model: 'text-embedding-3-small', input: texts });\n  return response.data.map((d) => d.embedding);\n}\n\nexport const ${e}EmbeddingDimensions = ${r.pick([512, 1536, 3072])};\n\n`,
];

/** Files with AI code: fixed ones (the framework configs, the key reads) and templated modules. */
export function aiFiles(layout: Layout, count: number): void {
  const { r } = layout;
  const before = layout.files.size;
  layout.add("apps/web/next.config.js", `/** @type {import('next').NextConfig} */\nconst nextConfig = {\n  reactStrictMode: true,\n  images: { remotePatterns: [{ protocol: 'https', hostname: 'cdn.acme.dev' }] },\n  // Exposes the key to every browser: the scan must report it.\n  env: {\n    OPENAI_API_KEY: process.env.OPENAI_API_KEY,\n    APP_VERSION: process.env.npm_package_version,\n  },\n};\n\nmodule.exports = nextConfig;\n`);
  layout.add("apps/playground/vite.config.ts", `import { defineConfig, loadEnv } from 'vite';\nimport react from '@vitejs/plugin-react';\n\nexport default defineConfig(({ mode }) => {\n  const env = loadEnv(mode, process.cwd(), '');\n  return {\n    plugins: [react()],\n    server: { port: 5173 },\n    define: {\n      'process.env.ANTHROPIC_API_KEY': JSON.stringify(env.ANTHROPIC_API_KEY),\n      __APP_VERSION__: JSON.stringify(env.npm_package_version),\n    },\n  };\n});\n`);
  layout.add("apps/web/app/api/chat/route.ts", `import { streamText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\n\nexport const maxDuration = 30;\n\nexport async function POST(req: Request) {\n  const { messages } = await req.json();\n  const result = streamText({ model: openai('gpt-4o'), system: 'You are the Acme support assistant.', messages });\n  return result.toDataStreamResponse();\n}\n`);
  const chatHeader = `'use client';\n\nimport { useChat } from '@ai-sdk/react';\n\nconst API_URL = \`\${process.env.NEXT_PUBLIC_APP_URL}/api/chat\`;\n\n`;
  layout.add("apps/web/components/chat/ChatPanel.tsx", reactComponent(r, sourceSize(r, 4000), "ChatPanel", "message", chatHeader));
  const modelPickerHeader = `'use client';\n\nimport OpenAI from 'openai';\n\n// Lists models straight from the browser (reported: the key ships in the bundle).\nconst openai = new OpenAI({ apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY, dangerouslyAllowBrowser: true });\n\nexport async function listModels() {\n  const page = await openai.models.list();\n  return page.data.map((m) => m.id);\n}\n\n`;
  layout.add("apps/web/components/chat/ModelPicker.tsx", reactComponent(r, sourceSize(r, 3000), "ModelPicker", "setting", modelPickerHeader));
  const browserChatHeader = `import Anthropic from '@anthropic-ai/sdk';\n\nconst anthropic = new Anthropic({ apiKey: import.meta.env.VITE_ANTHROPIC_API_KEY, dangerouslyAllowBrowser: true });\nconst API_BASE = import.meta.env.VITE_API_BASE_URL;\n\nexport async function ask(question: string) {\n  const reply = await anthropic.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 512, messages: [{ role: 'user', content: question }] });\n  await fetch(\`\${API_BASE}/log\`, { method: 'POST', body: JSON.stringify({ question }) });\n  return reply;\n}\n\n`;
  layout.add("apps/playground/src/BrowserChat.tsx", reactComponent(r, sourceSize(r, 3000), "BrowserChat", "message", browserChatHeader));
  layout.add("apps/playground/src/api.ts", utilityModule(r, sourceSize(r, 1500), "session", `export const apiBase = import.meta.env.VITE_API_BASE_URL ?? 'http://localhost:4000';\nexport const debug = import.meta.env.VITE_DEBUG === 'true';\n\n`));
  layout.add("apps/web/lib/analytics.ts", utilityModule(r, sourceSize(r, 2000), "event", `export const posthogHost = process.env.NEXT_PUBLIC_POSTHOG_HOST ?? 'https://eu.posthog.com';\n\n`));
  // The rest: server-side AI modules, keys read from the environment (no findings).
  while (layout.files.size - before < count) {
    const e = r.pick(ENTITIES);
    const dir = r.pick(["apps/api/src/services/ai", "packages/ai/src", "packages/ai/src/features", "apps/web/lib/ai"]);
    layout.addDrawn(() => ({ path: `${dir}/${r.pick(VERBS)}-${e}.ts`, content: () => utilityModule(r, sourceSize(r, 3000), e, r.pick(AI_TEMPLATES)(r, e)) }));
  }
}
