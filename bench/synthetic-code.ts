/**
 * Text of the synthetic repository's files: realistic JS/TS (React components with hooks
 * and JSX, Express routers, services, utilities, tests), Vue/Svelte components, Markdown,
 * JSON and CSS. Everything is drawn from a seeded PRNG, so a seed always gives the same
 * bytes. The code parses cleanly; it is not meant to type-check.
 */

/** mulberry32: tiny, fast, and identical on every platform. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Inclusive on both ends. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Log-normal draw: file sizes are skewed (many small files, a long tail). */
  logNormal(median: number, sigma: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }

  chars(alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}

/** Most files are 1–6 KB, a long tail reaches 20 KB. */
export function sourceSize(r: Rng, median = 2400): number {
  return Math.round(Math.min(20_000, Math.max(500, r.logNormal(median, 0.85))));
}

export const ENTITIES = [
  "user", "account", "order", "invoice", "product", "cart", "session", "team", "project", "report", "message",
  "notification", "payment", "subscription", "comment", "document", "workspace", "member", "task", "event",
  "ticket", "asset", "customer", "vendor", "shipment", "review", "category", "tag", "folder", "webhook", "audit",
  "plan", "coupon", "address", "profile", "setting", "channel", "thread", "integration", "invitation",
] as const;
export const VERBS = [
  "get", "fetch", "load", "create", "update", "remove", "list", "find", "format", "parse", "validate", "normalize",
  "compute", "build", "resolve", "sync", "merge", "filter", "sort", "group", "serialize", "hydrate", "archive",
  "restore", "track", "notify", "export", "prepare", "summarize", "index",
] as const;
const ADJECTIVES = ["active", "pending", "recent", "archived", "primary", "default", "shared", "public", "draft", "featured", "selected", "visible", "cached", "remote", "local", "stale"];
export const UI_NOUNS = [
  "Button", "Card", "Modal", "Table", "List", "Form", "Header", "Footer", "Sidebar", "Panel", "Badge", "Avatar", "Tabs",
  "Dropdown", "Tooltip", "Toast", "Banner", "Chart", "Stat", "Grid", "Toolbar", "Menu", "Dialog", "Drawer", "Field",
  "Select", "Pagination", "Breadcrumb", "Skeleton", "EmptyState", "Filters", "Summary", "Timeline", "Uploader",
];
const FIELDS = ["id", "name", "status", "createdAt", "updatedAt", "ownerId", "total", "count", "title", "description", "email", "priority", "slug", "tags", "metadata", "amount", "currency", "dueDate", "score", "position"];
const NUMERIC_FIELDS = ["total", "count", "priority", "amount", "score", "position"];
const STATUSES = ["active", "archived", "pending", "failed", "draft", "published", "cancelled", "completed"];
const WORDS = [
  "the", "returns", "list", "of", "when", "user", "is", "not", "cached", "value", "request", "response", "server",
  "client", "before", "after", "each", "item", "page", "state", "update", "render", "only", "first", "last", "current",
  "default", "empty", "invalid", "missing", "handles", "keeps", "sorted", "order", "by", "date", "so", "that", "we",
  "can", "reuse", "it", "later", "avoid", "extra", "network", "calls", "retries", "once", "timeout", "error", "input",
  "output", "field", "status", "valid", "changes", "data", "load", "a", "an", "for", "with", "without", "in", "this",
];
const TAILWIND = [
  "flex", "items-center", "justify-between", "gap-2", "gap-4", "p-4", "px-3", "py-2", "rounded-md", "rounded-lg", "border",
  "text-sm", "text-xs", "font-medium", "font-semibold", "text-muted-foreground", "bg-background", "shadow-sm", "grid",
  "grid-cols-2", "md:grid-cols-3", "space-y-2", "w-full", "truncate", "hover:bg-accent", "transition-colors",
];
const HTML_TAGS = ["div", "section", "header", "footer", "ul", "span", "p", "nav", "article", "aside"];
const SERVER_ENV = ["NODE_ENV", "LOG_LEVEL", "DATABASE_URL", "REDIS_URL", "PORT", "SENTRY_DSN", "APP_REGION", "QUEUE_NAME", "FEATURE_FLAGS"];

export const pascal = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
const camel = (...parts: string[]): string => parts[0] + parts.slice(1).map(pascal).join("");

export function sentence(r: Rng, min = 5, max = 14): string {
  const words = Array.from({ length: r.int(min, max) }, () => r.pick(WORDS));
  return pascal(words.join(" ")) + ".";
}

function literal(r: Rng, field: string): string {
  if (NUMERIC_FIELDS.includes(field)) return String(r.int(0, 500));
  if (field === "status") return `'${r.pick(STATUSES)}'`;
  return `'${r.pick(ADJECTIVES)}-${r.int(1, 99)}'`;
}

/** Names used inside one function, kept unique so the code reads like code. */
class Scope {
  readonly arrays: string[] = ["items"];
  private readonly used = new Set<string>();

  constructor(
    readonly r: Rng,
    readonly entity: string,
    readonly isAsync: boolean,
  ) {}

  get type(): string {
    return pascal(this.entity);
  }

  fresh(base: string): string {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}${i}`;
    this.used.add(name);
    return name;
  }

  array(): string {
    return this.r.pick(this.arrays);
  }
}

type StatementTemplate = (s: Scope, i: string) => string;

const STATEMENTS: readonly StatementTemplate[] = [
  (s, i) => {
    const v = s.fresh(camel(s.r.pick(ADJECTIVES), s.entity + "s"));
    const f = s.r.pick(FIELDS);
    const line = `${i}const ${v} = ${s.array()}.filter((entry) => entry.${f} ${s.r.pick(["===", "!==", ">=", "<"])} ${literal(s.r, f)});`;
    s.arrays.push(v);
    return line;
  },
  (s, i) => {
    const v = s.fresh(camel("mapped", s.entity + "s"));
    const f = s.r.pick(FIELDS);
    const line = `${i}const ${v} = ${s.array()}.map((entry) => ({ ...entry, ${f}: entry.${f} ?? ${literal(s.r, f)} }));`;
    s.arrays.push(v);
    return line;
  },
  (s, i) => `${i}if (!${s.array()}.length) {\n${i}  return [];\n${i}}`,
  (s, i) => {
    const acc = s.fresh("byId");
    const f = s.r.pick(FIELDS);
    return `${i}const ${acc} = new Map<string, ${s.type}>();\n${i}for (const entry of ${s.array()}) {\n${i}  if (entry.${f} === ${literal(s.r, f)}) {\n${i}    continue;\n${i}  }\n${i}  ${acc}.set(entry.id, entry);\n${i}}`;
  },
  (s, i) => {
    const v = s.fresh(camel("total", s.r.pick(NUMERIC_FIELDS)));
    const f = s.r.pick(NUMERIC_FIELDS);
    return `${i}const ${v} = ${s.array()}.reduce((sum, entry) => sum + (entry.${f} ?? 0), 0);`;
  },
  (s, i) => {
    const v = s.fresh("label");
    return `${i}// ${sentence(s.r)}\n${i}const ${v} = \`${s.r.pick(WORDS)} ${s.r.pick(WORDS)} \${${s.array()}.length} ${s.entity}s\`;`;
  },
  (s, i) => {
    const v = s.fresh("hasValidSlug");
    return `${i}const ${v} = ${s.array()}.some((entry) => /^[a-z0-9][a-z0-9_-]{2,31}$/i.test(String(entry.${s.r.pick(FIELDS)})));`;
  },
  (s, i) => {
    const v = s.fresh("sorted");
    const f = s.r.pick(FIELDS);
    s.arrays.push(v);
    return `${i}const ${v} = [...${s.array()}].sort((a, b) => (a.${f} < b.${f} ? -1 : a.${f} > b.${f} ? 1 : 0));`;
  },
  (s, i) => {
    const v = s.fresh("grouped");
    const f = s.r.pick(FIELDS);
    return `${i}const ${v}: Record<string, ${s.type}[]> = {};\n${i}for (const entry of ${s.array()}) {\n${i}  (${v}[String(entry.${f})] ??= []).push(entry);\n${i}}`;
  },
  (s, i) => {
    const mode = s.r.pick(["strict", "lenient", "preview"]);
    return `${i}switch (options.mode) {\n${i}  case '${mode}':\n${i}    options.limit = Math.min(options.limit ?? ${s.r.int(10, 100)}, ${s.r.int(100, 1000)});\n${i}    break;\n${i}  case 'fast':\n${i}    options.retries = 0;\n${i}    break;\n${i}  default:\n${i}    break;\n${i}}`;
  },
  (s, i) => {
    const n = s.r.int(2, 50);
    return `${i}if (options.limit && ${s.array()}.length > ${n}) {\n${i}  logger.debug('${s.entity} batch truncated', { limit: options.limit, size: ${s.array()}.length });\n${i}} else if (options.mode === 'strict') {\n${i}  assertNonEmpty(${s.array()}, '${s.entity}');\n${i}}`;
  },
  (s, i) => {
    const v = s.fresh(camel(s.r.pick(VERBS), s.entity));
    if (!s.isAsync) return `${i}const ${v} = JSON.parse(JSON.stringify(${s.array()}.slice(0, ${s.r.int(5, 50)}))) as ${s.type}[];`;
    return `${i}const ${v} = await ${s.entity}Repository.${camel(s.r.pick(VERBS), "many")}({ ids: ${s.array()}.map((entry) => entry.id), limit: ${s.r.int(10, 200)}, includeArchived: ${s.r.chance(0.5)} });`;
  },
  (s, i) => {
    if (!s.isAsync) return `${i}const started = performance.now();\n${i}options.onProgress?.(${s.array()}.length);\n${i}logger.trace('${s.entity} pass', { ms: performance.now() - started });`;
    return `${i}try {\n${i}  await cache.set(\`${s.entity}:\${options.scope ?? 'all'}\`, ${s.array()}, { ttl: ${s.r.int(30, 3600)} });\n${i}} catch (error) {\n${i}  logger.warn('${sentence(s.r, 3, 6)}', { error });\n${i}}`;
  },
  (s, i) => `${i}const ${s.fresh("setting")} = process.env.${s.r.pick(SERVER_ENV)} ?? '${s.r.pick(ADJECTIVES)}';`,
];

function statements(s: Scope, indent: string, count: number): string {
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    // Environment reads are rarer than the other statements.
    let t = s.r.pick(STATEMENTS);
    if (t === STATEMENTS[STATEMENTS.length - 1] && s.r.chance(0.7)) t = STATEMENTS[0]!;
    out.push(t(s, indent));
  }
  return out.join("\n");
}

/** Helper names used once per file, so a file never declares the same function twice. */
export class NameBook {
  private readonly used = new Set<string>();

  constructor(readonly r: Rng) {}

  unique(make: () => string): string {
    for (let tries = 0; tries < 20; tries++) {
      const name = make();
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    const name = `${make()}${this.used.size}`;
    this.used.add(name);
    return name;
  }

  functionName(entity: string): string {
    return this.unique(() => camel(this.r.pick(VERBS), this.r.chance(0.3) ? this.r.pick(ADJECTIVES) : "", entity + (this.r.chance(0.5) ? "s" : "")));
  }
}

export function interfaceBlock(r: Rng, names: NameBook, entity: string): string {
  const name = names.unique(() => pascal(entity) + r.pick(["", "Summary", "Input", "Options", "Row", "Snapshot", "Filter", "Payload"]));
  const fields = Array.from({ length: r.int(3, 10) }, () => r.pick(FIELDS));
  const lines = [...new Set(fields)].map((f) => `  ${f}${r.chance(0.3) ? "?" : ""}: ${NUMERIC_FIELDS.includes(f) ? "number" : f.endsWith("At") || f === "dueDate" ? "Date" : f === "tags" ? "string[]" : f === "metadata" ? "Record<string, unknown>" : f === "status" ? STATUSES.slice(0, 3).map((x) => `'${x}'`).join(" | ") : "string"};`);
  return `/** ${sentence(r)} */\nexport interface ${name} {\n${lines.join("\n")}\n}`;
}

export function functionBlock(r: Rng, names: NameBook, entity: string, exported = true): string {
  const isAsync = r.chance(0.4);
  const s = new Scope(r, entity, isAsync);
  const name = names.functionName(entity);
  const body = statements(s, "  ", r.int(3, 9));
  const returns = isAsync ? `Promise<${s.type}[]>` : `${s.type}[]`;
  const doc = r.chance(0.6) ? `/**\n * ${sentence(r)}\n * ${sentence(r)}\n */\n` : "";
  return `${doc}${exported ? "export " : ""}${isAsync ? "async " : ""}function ${name}(items: ${s.type}[], options: ${s.type}Options = {}): ${returns} {\n${body}\n  return ${s.array()};\n}`;
}

export function constBlock(r: Rng, names: NameBook, entity: string): string {
  const name = names.unique(() => `${r.pick(["DEFAULT", "SUPPORTED", "KNOWN", "MAX", "ALLOWED"])}_${entity.toUpperCase()}_${r.pick(["OPTIONS", "STATUSES", "FIELDS", "LIMITS", "LABELS"])}`);
  if (r.chance(0.5)) {
    const values = Array.from({ length: r.int(3, 12) }, () => `'${r.pick(STATUSES)}-${r.pick(ADJECTIVES)}'`);
    return `export const ${name} = [${values.join(", ")}] as const;`;
  }
  const entries = Array.from({ length: r.int(3, 10) }, (_, k) => `  ${r.pick(FIELDS)}${k}: { label: '${sentence(r, 2, 4)}', weight: ${r.int(1, 100)}, enabled: ${r.chance(0.7)} },`);
  return `export const ${name}: Record<string, { label: string; weight: number; enabled: boolean }> = {\n${entries.join("\n")}\n};`;
}

export function classBlock(r: Rng, names: NameBook, entity: string): string {
  const type = pascal(entity);
  const name = names.unique(() => `${type}${r.pick(["Store", "Cache", "Manager", "Registry", "Tracker", "Queue"])}`);
  const methods = Array.from({ length: r.int(2, 5) }, () => {
    const s = new Scope(r, entity, true);
    const method = names.functionName(entity);
    return `  async ${method}(items: ${type}[], options: ${type}Options = {}): Promise<${type}[]> {\n${statements(s, "    ", r.int(2, 6))}\n    this.${r.pick(["hits", "misses"])} += 1;\n    return ${s.array()};\n  }`;
  });
  return `export class ${name} {\n  private readonly entries = new Map<string, ${type}>();\n  private hits = 0;\n  private misses = 0;\n\n  constructor(\n    private readonly db: Database,\n    private readonly logger: Logger,\n  ) {}\n\n  get size(): number {\n    return this.entries.size;\n  }\n\n${methods.join("\n\n")}\n}`;
}

/** Utility module: imports, then types, constants, functions and classes until `size` bytes. */
export function utilityModule(r: Rng, size: number, entity: string, header = ""): string {
  const names = new NameBook(r);
  const type = pascal(entity);
  const parts = [
    header +
      `import type { ${type}, ${type}Options } from '@acme/types';\nimport { logger } from '${r.pick(["../logger", "@acme/logger", "./internal/logger"])}';\nimport { cache } from '${r.pick(["../cache", "@acme/cache"])}';\nimport { assertNonEmpty } from '${r.pick(["./assert", "../assert", "@acme/utils/assert"])}';\nimport { ${entity}Repository } from '${r.pick(["../db", "@acme/db"])}';`,
  ];
  let length = parts[0]!.length;
  while (length < size) {
    const roll = r.next();
    const block = roll < 0.15 ? interfaceBlock(r, names, entity) : roll < 0.25 ? constBlock(r, names, r.pick(ENTITIES)) : roll < 0.35 ? classBlock(r, names, entity) : functionBlock(r, names, r.chance(0.7) ? entity : r.pick(ENTITIES), r.chance(0.8));
    parts.push(block);
    length += block.length + 2;
  }
  return parts.join("\n\n") + "\n";
}

function classes(r: Rng): string {
  return Array.from({ length: r.int(1, 4) }, () => r.pick(TAILWIND)).join(" ");
}

/** A JSX tree of a few levels, with lists, conditionals and handlers. */
function jsx(r: Rng, depth: number, indent: string, vars: { list: string; flag: string; handler: string }): string {
  const tag = r.chance(0.25) ? r.pick(UI_NOUNS) : r.pick(HTML_TAGS);
  const attrs = tag[0] === tag[0]!.toUpperCase() ? ` variant="${r.pick(["default", "outline", "ghost", "secondary"])}"` : ` className="${classes(r)}"`;
  if (depth === 0) {
    const roll = r.next();
    if (roll < 0.3) return `${indent}<${tag}${attrs}>{${vars.list}.length} ${r.pick(WORDS)}</${tag}>`;
    if (roll < 0.5) return `${indent}{${vars.flag} && <${tag}${attrs} onClick={${vars.handler}}>${pascal(r.pick(WORDS))}</${tag}>}`;
    if (roll < 0.7) return `${indent}{${vars.list}.map((item) => (\n${indent}  <li key={item.id} className="${classes(r)}">\n${indent}    {item.${r.pick(FIELDS)}}\n${indent}  </li>\n${indent}))}`;
    return `${indent}<${tag}${attrs}>${sentence(r, 2, 6)}</${tag}>`;
  }
  const children = Array.from({ length: r.int(1, 3) }, () => jsx(r, depth - 1, indent + "  ", vars));
  return `${indent}<${tag}${attrs}>\n${children.join("\n")}\n${indent}</${tag}>`;
}

export function componentBlock(r: Rng, names: NameBook, name: string, entity: string, exported: boolean): string {
  const type = pascal(entity);
  const vars = { list: `${entity}s`, flag: names.unique(() => r.pick(["isOpen", "expanded", "showDetails", "isEditing", "hasMore"])), handler: names.unique(() => camel("handle", r.pick(["select", "toggle", "submit", "refresh", "dismiss"]), name)) };
  const setter = `set${pascal(vars.flag)}`;
  const hooks = [
    `  const [${vars.flag}, ${setter}] = useState(${r.chance(0.5)});`,
    `  const [query, setQuery] = useState('');`,
    `  const ${vars.list} = useMemo(\n    () => items.filter((item) => String(item.${r.pick(FIELDS)}).toLowerCase().includes(query.toLowerCase())),\n    [items, query],\n  );`,
    `  const ${vars.handler} = useCallback(() => {\n    ${setter}((value) => !value);\n    onChange?.(${vars.list}[0]?.id ?? null);\n  }, [onChange, ${vars.list}]);`,
  ];
  if (r.chance(0.6)) hooks.push(`  useEffect(() => {\n    if (!${vars.flag}) return;\n    const timer = setTimeout(() => setQuery(''), ${r.int(100, 5000)});\n    return () => clearTimeout(timer);\n  }, [${vars.flag}]);`);
  const props = `interface ${name}Props {\n  items: ${type}[];\n  onChange?: (id: string | null) => void;\n  ${r.pick(["compact", "disabled", "loading", "bordered"])}?: boolean;\n}`;
  return `${props}\n\n${exported ? "export " : ""}function ${name}({ items, onChange }: ${name}Props) {\n${hooks.join("\n")}\n\n  return (\n${jsx(r, r.int(2, 4), "    ", vars)}\n  );\n}`;
}

/** A React component file (.tsx), growing with helper components until `size` bytes. */
export function reactComponent(r: Rng, size: number, name: string, entity: string, header = ""): string {
  const names = new NameBook(r);
  names.unique(() => name);
  const type = pascal(entity);
  const ui = [...new Set(Array.from({ length: r.int(2, 5) }, () => r.pick(UI_NOUNS)))];
  const parts = [
    `${header}${r.chance(0.5) ? "'use client';\n\n" : ""}import { useCallback, useEffect, useMemo, useState } from 'react';\nimport { ${ui.join(", ")} } from '@acme/ui';\nimport type { ${type} } from '@acme/types';\nimport { ${camel("format", entity)} } from '@acme/utils';`,
    componentBlock(r, names, name, entity, true),
  ];
  let length = parts[0]!.length + parts[1]!.length;
  while (length < size) {
    const block = r.chance(0.6) ? componentBlock(r, names, names.unique(() => name + r.pick(UI_NOUNS)), entity, false) : functionBlock(r, names, entity, false);
    parts.push(block);
    length += block.length + 2;
  }
  return parts.join("\n\n") + "\n";
}

/** A Next.js app-router page (server component). */
export function nextPage(r: Rng, size: number, entity: string, hasParam: boolean): string {
  const type = pascal(entity);
  const names = new NameBook(r);
  const lookup = hasParam ? `  const ${entity} = await ${camel("get", entity)}(params.id);\n  if (!${entity}) notFound();` : `  const ${entity}s = await ${camel("list", entity + "s")}({ limit: ${r.int(10, 50)} });`;
  const head = `import type { Metadata } from 'next';\nimport { notFound } from 'next/navigation';\nimport { ${camel("get", entity)}, ${camel("list", entity + "s")} } from '@/lib/${entity}s';\nimport { ${type}${r.pick(UI_NOUNS)} } from '@/components/${entity}/${type}${r.pick(UI_NOUNS)}';\n\nexport const metadata: Metadata = {\n  title: '${pascal(entity)}s',\n  description: '${sentence(r, 4, 8)}',\n};\n\nexport const revalidate = ${r.int(0, 3600)};`;
  const page = `export default async function Page(${hasParam ? "{ params }: { params: { id: string } }" : ""}) {\n${lookup}\n  return (\n    <main className="${classes(r)}">\n      <h1 className="text-2xl font-semibold">${pascal(entity)}</h1>\n${jsx(r, 2, "      ", { list: `${entity}s`, flag: "true", handler: "undefined" })}\n    </main>\n  );\n}`;
  const parts = [head, page];
  let length = head.length + page.length;
  while (length < size) {
    const block = functionBlock(r, names, entity, false);
    parts.push(block);
    length += block.length + 2;
  }
  return parts.join("\n\n") + "\n";
}

/** A Next.js route handler (app/api/…/route.ts). */
export function nextRoute(r: Rng, size: number, entity: string): string {
  const type = pascal(entity);
  const head = `import { NextResponse } from 'next/server';\nimport { z } from 'zod';\nimport { auth } from '@/lib/auth';\nimport { ${entity}Service } from '@/lib/services/${entity}';\n\nconst bodySchema = z.object({\n  name: z.string().min(1).max(${r.int(40, 200)}),\n  status: z.enum([${STATUSES.slice(0, 3).map((x) => `'${x}'`).join(", ")}]).optional(),\n});\n\nexport async function GET(request: Request) {\n  const session = await auth();\n  if (!session) return NextResponse.json({ error: 'unauthorized' }, { status: 401 });\n  const url = new URL(request.url);\n  const page = Number(url.searchParams.get('page') ?? '1');\n  const ${entity}s = await ${entity}Service.list({ page, ownerId: session.user.id });\n  return NextResponse.json(${entity}s);\n}\n\nexport async function POST(request: Request) {\n  const session = await auth();\n  if (!session) return NextResponse.json({ error: 'unauthorized' }, { status: 401 });\n  const parsed = bodySchema.safeParse(await request.json());\n  if (!parsed.success) return NextResponse.json({ error: parsed.error.flatten() }, { status: 400 });\n  const created: ${type} = await ${entity}Service.create({ ...parsed.data, ownerId: session.user.id });\n  return NextResponse.json(created, { status: 201 });\n}`;
  return grow(r, head, size, entity);
}

function grow(r: Rng, head: string, size: number, entity: string): string {
  const names = new NameBook(r);
  const parts = [head];
  let length = head.length;
  while (length < size) {
    const block = r.chance(0.2) ? interfaceBlock(r, names, entity) : functionBlock(r, names, entity, r.chance(0.5));
    parts.push(block);
    length += block.length + 2;
  }
  return parts.join("\n\n") + "\n";
}

/** An Express router with validation, auth middleware and a service behind it. */
export function expressRouter(r: Rng, size: number, entity: string): string {
  const type = pascal(entity);
  const head = `import { Router, type Request, type Response, type NextFunction } from 'express';\nimport { z } from 'zod';\nimport { requireAuth } from '../middleware/auth';\nimport { rateLimit } from '../middleware/rate-limit';\nimport { ${entity}Service } from '../services/${entity}.service';\n\nconst router = Router();\n\nconst ${entity}Schema = z.object({\n  name: z.string().min(1),\n  status: z.enum([${STATUSES.slice(0, 4).map((x) => `'${x}'`).join(", ")}]).default('active'),\n  ${r.pick(NUMERIC_FIELDS)}: z.number().int().nonnegative().optional(),\n});`;
  const parts = [head];
  let length = head.length;
  const routes = ["get", "post", "put", "patch", "delete"];
  while (length < size) {
    const method = r.pick(routes);
    const path = `/${entity}s${r.chance(0.6) ? "/:id" : ""}${r.chance(0.2) ? "/" + r.pick(["archive", "restore", "export", "members", "history"]) : ""}`;
    const s = new Scope(r, entity, true);
    const body = statements(s, "    ", r.int(1, 4));
    const block = `router.${method}('${path}', requireAuth, ${r.chance(0.3) ? "rateLimit({ windowMs: 60_000, max: " + r.int(10, 300) + " }), " : ""}async (req: Request, res: Response, next: NextFunction) => {\n  try {\n    const options = { limit: Number(req.query.limit ?? ${r.int(10, 100)}), mode: String(req.query.mode ?? 'strict') } as ${type}Options;\n    const input = ${method === "get" || method === "delete" ? `{ id: req.params.id }` : `${entity}Schema.parse(req.body)`};\n    const items = await ${entity}Service.${r.pick(VERBS)}(input, req.user);\n${body}\n    res.status(${method === "post" ? 201 : 200}).json({ data: ${s.array()}, count: ${s.array()}.length });\n  } catch (error) {\n    next(error);\n  }\n});`;
    parts.push(block);
    length += block.length + 2;
  }
  parts.push("export default router;");
  return parts.join("\n\n") + "\n";
}

/** A service module: a class around a database client, plus helpers. */
export function serviceModule(r: Rng, size: number, entity: string): string {
  const type = pascal(entity);
  const names = new NameBook(r);
  const head = `import type { ${type}, ${type}Options } from '@acme/types';\nimport { db } from '../db';\nimport { logger } from '../lib/logger';\nimport { cache } from '../lib/cache';\nimport { assertNonEmpty } from '../lib/assert';\nimport { ${entity}Repository } from '../repositories/${entity}.repository';\n\nexport class ${type}Service {\n  async list(options: ${type}Options & { page?: number } = {}): Promise<${type}[]> {\n    return db.${entity}.findMany({\n      where: { status: options.mode === 'strict' ? 'active' : undefined },\n      orderBy: { createdAt: 'desc' },\n      skip: ((options.page ?? 1) - 1) * ${r.int(10, 50)},\n      take: ${r.int(10, 50)},\n    });\n  }\n\n  async get(id: string): Promise<${type} | null> {\n    const cached = await cache.get<${type}>(\`${entity}:\${id}\`);\n    if (cached) return cached;\n    return db.${entity}.findUnique({ where: { id } });\n  }\n}\n\nexport const ${entity}Service = new ${type}Service();`;
  const parts = [head];
  let length = head.length;
  while (length < size) {
    const block = r.chance(0.3) ? classBlock(r, names, entity) : functionBlock(r, names, entity, true);
    parts.push(block);
    length += block.length + 2;
  }
  return parts.join("\n\n") + "\n";
}

/** A vitest file with describe/it blocks. */
export function testFile(r: Rng, size: number, subject: string, importPath: string, entity: string): string {
  const head = `import { beforeEach, describe, expect, it, vi } from 'vitest';\nimport { ${subject} } from '${importPath}';\n\nconst sample = [\n${Array.from({ length: r.int(2, 5) }, (_, k) => `  { id: '${entity}_${k + 1}', name: '${pascal(r.pick(ADJECTIVES))} ${entity}', status: '${r.pick(STATUSES)}', ${r.pick(NUMERIC_FIELDS)}: ${r.int(0, 99)} },`).join("\n")}\n];`;
  const parts = [head];
  let length = head.length;
  while (length < size) {
    const its = Array.from({ length: r.int(2, 6) }, () => {
      const expectation = r.pick([
        `    expect(result).toHaveLength(${r.int(0, 5)});`,
        `    expect(result[0]?.${r.pick(FIELDS)}).toBe(${literal(r, "status")});`,
        `    expect(result).toEqual(expect.arrayContaining([expect.objectContaining({ id: '${entity}_1' })]));`,
        `    expect(() => ${subject}([], { mode: 'strict' })).toThrowError(/${r.pick(WORDS)}/);`,
        `    expect(spy).toHaveBeenCalledTimes(${r.int(0, 3)});`,
      ]);
      return `  it('${sentence(r, 4, 9).slice(0, -1).toLowerCase()}', ${r.chance(0.3) ? "async " : ""}() => {\n    const spy = vi.fn();\n    const result = ${subject}(sample, { limit: ${r.int(1, 20)}, onProgress: spy });\n${expectation}\n  });`;
    });
    const block = `describe('${subject} ${r.pick(["with", "when", "for"])} ${r.pick(WORDS)} ${r.pick(WORDS)}', () => {\n  beforeEach(() => {\n    vi.restoreAllMocks();\n  });\n\n${its.join("\n\n")}\n});`;
    parts.push(block);
    length += block.length + 2;
  }
  return parts.join("\n\n") + "\n";
}

/** Older CommonJS code (.js/.cjs) or a Node script (.mjs). */
export function nodeScript(r: Rng, size: number, flavour: "cjs" | "esm"): string {
  const head =
    flavour === "cjs"
      ? `'use strict';\n\nconst fs = require('fs');\nconst path = require('path');\nconst { promisify } = require('util');\n\nconst readFile = promisify(fs.readFile);\nconst ROOT = path.resolve(__dirname, '..');`
      : `#!/usr/bin/env node\nimport { readFile, writeFile, readdir } from 'node:fs/promises';\nimport path from 'node:path';\nimport { fileURLToPath } from 'node:url';\n\nconst ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');\nconst VERSION = process.env.npm_package_version ?? '0.0.0';`;
  const parts = [head];
  let length = head.length;
  const exported: string[] = [];
  while (length < size) {
    const name = camel(r.pick(VERBS), r.pick(ENTITIES), r.pick(["files", "records", "entries", "rows"]));
    exported.push(name);
    const block = `/**\n * ${sentence(r)}\n */\n${flavour === "esm" ? "export " : ""}async function ${name}(dir, options) {\n  var opts = Object.assign({ encoding: 'utf8', limit: ${r.int(10, 1000)} }, options || {});\n  var result = [];\n  var names = ${flavour === "cjs" ? "fs.readdirSync(dir)" : "await readdir(dir)"};\n  for (var i = 0; i < names.length && result.length < opts.limit; i++) {\n    var file = path.join(dir, names[i]);\n    if (!/\\.(json|csv|txt)$/.test(file)) continue;\n    var text = await readFile(file, opts.encoding);\n    var rows = text.split(/\\r?\\n/).filter(function (line) {\n      return line.trim().length > 0 && line.charAt(0) !== '#';\n    });\n    result.push({ file: path.relative(ROOT, file), rows: rows.length, ${r.pick(FIELDS)}: ${literal(r, r.pick(FIELDS))} });\n  }\n  return result;\n}`;
    parts.push(block);
    length += block.length + 2;
  }
  parts.push(flavour === "cjs" ? `module.exports = { ${[...new Set(exported)].join(", ")} };` : `if (process.argv[1] === fileURLToPath(import.meta.url)) {\n  ${exported[0]}(process.argv[2] ?? ROOT, {}).then((rows) => console.log(JSON.stringify(rows, null, 2)));\n}`);
  return parts.join("\n\n") + "\n";
}

export function vueComponent(r: Rng, size: number, entity: string): string {
  const type = pascal(entity);
  const script = `<script setup lang="ts">\nimport { computed, ref, watch } from 'vue';\nimport type { ${type} } from '@acme/types';\n\nconst props = defineProps<{ items: ${type}[]; title?: string }>();\nconst emit = defineEmits<{ (e: 'select', id: string): void }>();\nconst query = ref('');\nconst visible = computed(() => props.items.filter((item) => item.name.toLowerCase().includes(query.value.toLowerCase())));\nwatch(query, (value) => {\n  if (value.length > ${r.int(20, 80)}) query.value = value.slice(0, ${r.int(20, 80)});\n});\n\nfunction select(item: ${type}) {\n  emit('select', item.id);\n}\n</script>`;
  let template = `<template>\n  <section class="${entity}-list">\n    <h2>{{ title ?? '${type}s' }}</h2>\n    <input v-model="query" placeholder="Search ${entity}s" />\n    <ul>\n      <li v-for="item in visible" :key="item.id" @click="select(item)">{{ item.name }} <small>{{ item.status }}</small></li>\n    </ul>`;
  let style = `<style scoped>\n.${entity}-list {\n  display: flex;\n  flex-direction: column;\n  gap: 0.5rem;\n}`;
  while (template.length + script.length + style.length < size) {
    template += `\n    <p v-if="visible.length === 0" class="${entity}-empty">${sentence(r)}</p>\n    <div class="${entity}-${r.pick(ADJECTIVES)}" :class="{ active: query.length > ${r.int(0, 5)} }">{{ visible.length }} ${r.pick(WORDS)}</div>`;
    style += `\n.${entity}-${r.pick(ADJECTIVES)} {\n  padding: ${r.int(1, 24)}px;\n  color: #${r.chars("0123456789abcdef", 6)};\n}`;
  }
  return `${template}\n  </section>\n</template>\n\n${script}\n\n${style}\n</style>\n`;
}

export function svelteComponent(r: Rng, size: number, entity: string): string {
  const type = pascal(entity);
  const script = `<script lang="ts">\n  import { createEventDispatcher } from 'svelte';\n  import type { ${type} } from '@acme/types';\n\n  export let items: ${type}[] = [];\n  export let title = '${type}s';\n  const dispatch = createEventDispatcher<{ select: string }>();\n  let query = '';\n  $: visible = items.filter((item) => item.name.toLowerCase().includes(query.toLowerCase()));\n</script>`;
  let markup = `<section class="${entity}-list">\n  <h2>{title}</h2>\n  <input bind:value={query} placeholder="Search" />\n  <ul>\n    {#each visible as item (item.id)}\n      <li on:click={() => dispatch('select', item.id)}>{item.name}</li>\n    {/each}\n  </ul>`;
  let style = `<style>\n  .${entity}-list {\n    display: grid;\n    gap: 0.25rem;\n  }`;
  while (script.length + markup.length + style.length < size) {
    markup += `\n  {#if visible.length > ${r.int(0, 20)}}\n    <p class="${entity}-${r.pick(ADJECTIVES)}">${sentence(r)}</p>\n  {:else}\n    <p>{visible.length} ${r.pick(WORDS)}</p>\n  {/if}`;
    style += `\n  .${entity}-${r.pick(ADJECTIVES)} {\n    margin: ${r.int(0, 16)}px;\n  }`;
  }
  return `${script}\n\n${markup}\n</section>\n\n${style}\n</style>\n`;
}

export function markdownDoc(r: Rng, size: number, title: string): string {
  const parts = [`# ${title}\n\n${sentence(r, 10, 20)} ${sentence(r, 8, 16)}`];
  let length = parts[0]!.length;
  const names = new NameBook(r);
  while (length < size) {
    const roll = r.next();
    const entity = r.pick(ENTITIES);
    const block =
      roll < 0.35
        ? `## ${pascal(r.pick(WORDS))} ${r.pick(WORDS)} ${entity}s\n\n${Array.from({ length: r.int(2, 5) }, () => sentence(r, 8, 20)).join(" ")}`
        : roll < 0.55
          ? Array.from({ length: r.int(3, 7) }, () => `- \`${names.functionName(entity)}\`: ${sentence(r, 4, 10)}`).join("\n")
          : roll < 0.8
            ? "```ts\n" + functionBlock(r, names, entity) + "\n```"
            : `| Field | Type | Notes |\n| --- | --- | --- |\n${Array.from({ length: r.int(3, 8) }, () => `| \`${r.pick(FIELDS)}\` | ${r.pick(["string", "number", "Date", "boolean"])} | ${sentence(r, 3, 8)} |`).join("\n")}`;
    parts.push(block);
    length += block.length + 2;
  }
  return parts.join("\n\n") + "\n";
}

/** JSON data: locale messages or fixture records, pretty-printed like real files. */
export function jsonData(r: Rng, size: number, shape: "locale" | "fixture"): string {
  if (shape === "locale") {
    const root: Record<string, Record<string, string>> = {};
    let length = 0;
    while (length < size) {
      const section = (root[`${r.pick(ENTITIES)}${r.int(1, 9)}`] ??= {});
      const key = `${r.pick(VERBS)}${pascal(r.pick(WORDS))}`;
      section[key] = sentence(r, 2, 9);
      length += key.length + section[key]!.length + 12;
    }
    return JSON.stringify(root, null, 2) + "\n";
  }
  const rows: Record<string, unknown>[] = [];
  let length = 0;
  while (length < size) {
    const row = { id: `${r.pick(ENTITIES)}_${r.chars("abcdefghijklmnopqrstuvwxyz0123456789", 10)}`, name: `${pascal(r.pick(ADJECTIVES))} ${r.pick(ENTITIES)}`, status: r.pick(STATUSES), score: r.int(0, 1000) / 10, tags: [r.pick(WORDS), r.pick(WORDS)], createdAt: new Date(Date.UTC(2024, r.int(0, 11), r.int(1, 28))).toISOString() };
    rows.push(row);
    length += 200;
  }
  return JSON.stringify(rows, null, 2) + "\n";
}

export function cssFile(r: Rng, size: number, prefix: string): string {
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const rule = `.${prefix}-${r.pick(ADJECTIVES)}${r.chance(0.3) ? ":hover" : ""} {\n  display: ${r.pick(["flex", "grid", "block", "inline-flex"])};\n  padding: ${r.int(0, 32)}px ${r.int(0, 32)}px;\n  color: #${r.chars("0123456789abcdef", 6)};\n  border-radius: ${r.int(0, 12)}px;\n}`;
    parts.push(rule);
    length += rule.length + 2;
  }
  return parts.join("\n\n") + "\n";
}

/** A large generated type file (API clients generated from OpenAPI specs look like this). */
export function generatedTypes(r: Rng, size: number): string {
  const names = new NameBook(r);
  const parts = ["/* eslint-disable */\n// This file was generated from openapi.yaml. Do not edit by hand."];
  let length = parts[0]!.length;
  while (length < size) {
    const block = interfaceBlock(r, names, r.pick(ENTITIES));
    parts.push(block);
    length += block.length + 2;
  }
  return parts.join("\n\n") + "\n";
}
