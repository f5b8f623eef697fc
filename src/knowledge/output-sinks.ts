/**
 * Where a model's answer must not go as it came, as data for OF-1 (`model-output-as-html`)
 * and OF-2 (`model-output-executed`): the places that parse text as markup, and the ones
 * that run it as code, a shell command, SQL, a file path or a module name. A contributor
 * adds a sink here; the rules never name one.
 *
 * Packages are written without the `node:` prefix (`child_process` also matches
 * `node:child_process`); a subpath belongs to its package (`fs/promises` is `fs`).
 */

// ---------------------------------------------------------------------------------------
// Raw HTML (OF-1)

/** DOM properties whose assignment (`=` or `+=`) parses the text as HTML. */
export const HTML_PROPERTIES: readonly string[] = ["innerHTML", "outerHTML", "srcdoc"];

/** Methods that parse one of their arguments as HTML: `el.insertAdjacentHTML("beforeend", html)`. */
export const HTML_METHODS: ReadonlyArray<{ method: string; arg: number; receivers?: readonly string[] }> = [
  { method: "insertAdjacentHTML", arg: 1 },
  { method: "setHTMLUnsafe", arg: 0 },
  { method: "createContextualFragment", arg: 0 },
  { method: "write", arg: 0, receivers: ["document", "window"] },
  { method: "writeln", arg: 0, receivers: ["document", "window"] },
  // jQuery and cheerio `$(el).html(text)`, Hono `c.html(text)`: a setter with an argument.
  { method: "html", arg: 0 },
];

/** React's escape hatch: `dangerouslySetInnerHTML={{ __html: text }}` (JSX or `createElement` props). */
export const REACT_RAW_HTML = { prop: "dangerouslySetInnerHTML", key: "__html" } as const;

/** Props of a Vue render function (`h("div", { innerHTML })`) that set raw HTML. */
export const RENDER_FUNCTIONS: readonly string[] = ["h", "createElement", "createVNode"];

/** Template directives whose expression is inserted as raw HTML, by component kind. */
export const TEMPLATE_HTML_DIRECTIVES: Readonly<Record<"vue" | "svelte" | "astro", readonly RegExp[]>> = {
  // `v-html="answer"`, `:innerHTML="answer"`: group 1 is the quoted expression.
  vue: [/\s(?:v-html|v-bind:innerHTML|:innerHTML|v-bind:inner-html|:inner-html)\s*=\s*"([^"]*)"/g, /\s(?:v-html|v-bind:innerHTML|:innerHTML|v-bind:inner-html|:inner-html)\s*=\s*'([^']*)'/g],
  // `{@html reply}`
  svelte: [/\{@html\s+([^\s{}](?:[^{}]|\{[^{}]*\})*)\}/g],
  // `<div set:html={answer} />`
  astro: [/\sset:html\s*=\s*\{((?:[^{}]|\{[^{}]*\})*)\}/g],
};

/**
 * Template loops whose alias stands for an element of a list: `v-for="m in messages"`, `{#each messages as m}`
 * (`alias`, `list`: group numbers; the alias group may keep its parentheses, `(m, i)`). Each stretch matches one
 * way (an alias without spaces or in parentheses, a list that starts with a non-space; the Svelte list is bounded):
 * spaces that could fall to two quantifiers backtracked polynomially on a component's text.
 */
export const TEMPLATE_LOOPS: ReadonlyArray<{ pattern: RegExp; alias: number; list: number }> = [
  { pattern: /\sv-for\s*=\s*"\s*(\([^)"]*\)|[^\s()"]+)\s+(?:in|of)\s+([^\s"][^"]*)"/g, alias: 1, list: 2 },
  { pattern: /\{#each\s+([^\s}][^}]{0,300}?)\s+as\s+([^\s,}(][^,}(]{0,100})/g, alias: 2, list: 1 },
];

/**
 * Markdown components that render HTML in the text when a raw-HTML plugin is on, unless a
 * sanitizing plugin runs too: `<ReactMarkdown rehypePlugins={[rehypeRaw]}>{answer}</ReactMarkdown>`.
 */
export const MARKDOWN_COMPONENTS: ReadonlyArray<{ packages: readonly string[]; pluginProps: readonly string[]; rawPlugins: readonly string[]; sanitizers: readonly string[]; textProps: readonly string[] }> = [
  { packages: ["react-markdown"], pluginProps: ["rehypePlugins"], rawPlugins: ["rehype-raw"], sanitizers: ["rehype-sanitize"], textProps: ["children"] },
];

/**
 * Server responses: text sent with HTML tags in it is a page or fragment a browser (or
 * htmx) renders. Methods of a response object, and constructors of one.
 */
export const HTML_RESPONSE_METHODS: readonly string[] = ["send", "write", "end"];
export const RESPONSE_RECEIVER = /^(?:res|response|reply|resp|ctx|context|event)$/;
export const RESPONSE_CONSTRUCTORS: readonly string[] = ["Response", "NextResponse"];
/** Koa: `ctx.body = html`. */
export const RESPONSE_BODY_PROPERTIES: readonly string[] = ["body"];
/** Text that is markup: an opening or closing tag. */
export const HTML_TAG = /<\/?[a-zA-Z][\w-]*(?:\s[^<>]*)?\/?>/;

// ---------------------------------------------------------------------------------------
// Code, shell, SQL, paths and modules (OF-2)

export type CodeSinkKind = "code" | "shell" | "sql" | "path" | "module";

/** Which arguments carry what the sink runs: one index, or all of them (`new Function(a, b, body)`). */
export type SinkArgs = number | "all";

/** Globals that run text as JavaScript or load it as a module. */
export const GLOBAL_CODE_SINKS: ReadonlyArray<{ name: string; kind: CodeSinkKind; args: SinkArgs; label: string }> = [
  { name: "eval", kind: "code", args: 0, label: "eval()" },
  { name: "Function", kind: "code", args: "all", label: "Function()" },
  // A string given to a timer is evaluated like eval (a function is not).
  { name: "setTimeout", kind: "code", args: 0, label: "setTimeout() with a string" },
  { name: "setInterval", kind: "code", args: 0, label: "setInterval() with a string" },
  { name: "require", kind: "module", args: 0, label: "require()" },
];

/**
 * Package exports that run their argument: called (`exec(cmd)`, `fs.writeFile(path)`) or
 * made with `new` (`new vm.Script(code)`). `shellOption`: with `{ shell: true }` every
 * argument is shell text.
 */
export interface PackageSink {
  packages: readonly string[];
  names: readonly string[];
  kind: CodeSinkKind;
  args: SinkArgs;
  shellOption?: boolean;
  construct?: boolean;
}

const FS_PACKAGES = ["fs", "fs-extra", "graceful-fs", "original-fs"];

export const PACKAGE_SINKS: readonly PackageSink[] = [
  { packages: ["child_process"], names: ["exec", "execSync"], kind: "shell", args: 0 },
  { packages: ["child_process"], names: ["spawn", "spawnSync", "execFile", "execFileSync"], kind: "shell", args: 0, shellOption: true },
  { packages: ["child_process"], names: ["fork"], kind: "module", args: 0 },
  { packages: ["execa"], names: ["execaCommand", "execaCommandSync"], kind: "shell", args: 0 },
  { packages: ["execa"], names: ["execa", "execaSync"], kind: "shell", args: 0, shellOption: true },
  { packages: ["shelljs"], names: ["exec"], kind: "shell", args: 0 },
  { packages: ["vm"], names: ["runInNewContext", "runInThisContext", "runInContext", "compileFunction"], kind: "code", args: 0 },
  { packages: ["vm"], names: ["Script", "SourceTextModule"], kind: "code", args: 0, construct: true },
  { packages: ["vm2", "isolated-vm"], names: ["run", "runSync", "compileScript", "compileScriptSync", "evalSync", "eval"], kind: "code", args: 0 },
  {
    packages: FS_PACKAGES,
    names: [
      "readFile", "readFileSync", "writeFile", "writeFileSync", "appendFile", "appendFileSync", "unlink", "unlinkSync", "rm", "rmSync", "rmdir", "rmdirSync",
      "mkdir", "mkdirSync", "open", "openSync", "createReadStream", "createWriteStream", "copyFile", "copyFileSync", "cp", "cpSync", "rename", "renameSync",
      "readdir", "readdirSync", "truncate", "truncateSync", "chmod", "chmodSync", "symlink", "symlinkSync", "outputFile", "outputFileSync", "remove", "removeSync",
      "readJson", "readJsonSync", "writeJson", "writeJsonSync", "outputJson", "outputJsonSync",
    ],
    kind: "path",
    args: 0,
  },
];

/** `promisify(exec)`: the wrapped function is the same sink. */
export const PROMISIFIERS: readonly string[] = ["promisify"];

/** Programs that run their `-c` argument as a shell script: `spawn("sh", ["-c", cmd])`. */
export const SHELL_PROGRAMS = /^(?:(?:\/usr)?\/bin\/)?(?:sh|bash|zsh|dash|ksh|fish|cmd|cmd\.exe|powershell|powershell\.exe|pwsh)$/i;

/**
 * Raw SQL: the first argument of these methods is SQL text. Reported on a receiver that
 * is a database client (made by a `SQL_PACKAGES` export, or named like one); `inSqlFiles`:
 * also on any receiver in a file that imports a SQL package (query builders' chains);
 * `anyReceiver`: the name alone says it (Prisma's `…Unsafe`). A tagged template argument
 * (`sql\`… ${x}\``) is parameterised, and so are the later arguments (bound values).
 */
export const SQL_METHODS: ReadonlyArray<{ method: string; inSqlFiles?: boolean; anyReceiver?: boolean }> = [
  { method: "query", inSqlFiles: true },
  { method: "execute", inSqlFiles: true },
  { method: "raw", inSqlFiles: true },
  { method: "unsafe", inSqlFiles: true },
  { method: "whereRaw", inSqlFiles: true },
  { method: "orderByRaw", inSqlFiles: true },
  { method: "havingRaw", inSqlFiles: true },
  { method: "joinRaw", inSqlFiles: true },
  { method: "selectRaw", inSqlFiles: true },
  // better-sqlite3, sqlite, D1: only on a database client (`re.exec(text)` is a regex).
  { method: "prepare" },
  { method: "exec" },
  { method: "$queryRawUnsafe", anyReceiver: true },
  { method: "$executeRawUnsafe", anyReceiver: true },
];
export const SQL_PACKAGES: readonly string[] = [
  "pg", "postgres", "mysql", "mysql2", "better-sqlite3", "sqlite3", "sqlite", "knex", "@prisma/client", "drizzle-orm", "kysely", "sequelize", "typeorm",
  "mssql", "tedious", "oracledb", "duckdb", "@neondatabase/serverless", "@vercel/postgres", "@planetscale/database", "@libsql/client", "@databases/pg", "slonik",
];
/** Names of database clients, for receivers whose making is out of sight (`this.db`, `ctx.pool`). */
export const DB_RECEIVER = /^(?:db|database|pool|client|conn|connection|pg|sql|knex|mysql|sqlite|prisma|tx|trx|sequelize|manager|entityManager|em|dataSource|queryRunner|turso|neon|d1|DB)$|(?:Db|DB|Pool|Database|Connection|Sql|SQL)$/;
/** `db.query({ text, values })`: the property that holds the SQL text. */
export const SQL_TEXT_PROPERTIES: readonly string[] = ["text", "sql"];
