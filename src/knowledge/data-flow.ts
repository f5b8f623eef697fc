/**
 * Where untrusted data enters a program, what carries it on, and what cleans it, as data
 * for the data-flow engine (`src/model/flow/`). A contributor adds a framework's request
 * shape, a validator or a string helper here; the engine never names one.
 *
 * Member paths are dotted, `()` marks a call: `json()` is `request.json()`,
 * `req.json()` is Hono's `c.req.json()`.
 */
import { STREAM_RESPONSE_METHODS } from "./moderation.js";
import { CALLBACK_RESULTS } from "./pass-through-calls.js";

/** What a handler's first parameter is: the request itself, or a context object holding it. */
export type RootKind = "request" | "context";

/** Members of a request object that hold what the client sent. */
export const REQUEST_MEMBERS: readonly string[] = [
  "body",
  "payload",
  "query",
  "params",
  "headers",
  "cookies",
  "files",
  "file",
  "url",
  "originalUrl",
  "nextUrl",
  "searchParams",
  "json()",
  "text()",
  "formData()",
  "arrayBuffer()",
  "blob()",
  "parseBody()",
  "get()",
  "header()",
  "param()",
  "query()",
  "queries()",
  "cookie()",
];

/**
 * The part of a route's schema (Fastify `schema: { body, querystring, params, headers }`) that
 * validates each request member: a schema without that part checks something else. A member
 * not listed here counts as covered by any route schema.
 */
export const ROUTE_SCHEMA_PARTS: Readonly<Record<string, readonly string[]>> = {
  body: ["body"],
  query: ["querystring", "query"],
  params: ["params"],
  headers: ["headers"],
};

/** Members of a request that hand back data a validator already checked (`c.req.valid("json")`). */
export const VALIDATED_REQUEST_MEMBERS: readonly string[] = ["valid()"];

/** Members of a context object that are the request (then `REQUEST_MEMBERS` apply), or client data themselves. */
export const CONTEXT_REQUEST_MEMBERS: readonly string[] = ["request", "req"];
export const CONTEXT_DATA_MEMBERS: readonly string[] = ["query", "params", "headers", "cookies", "url", "input", "rawInput", "data"];

/** Parameter names that, by convention, hold a request or a context (for handlers the route table does not know). */
export const REQUEST_PARAM_NAMES: readonly string[] = ["req", "request", "incomingRequest"];
export const CONTEXT_PARAM_NAMES: readonly string[] = ["ctx", "c", "context", "event", "evt", "opts"];
/** Type names of request parameters: `(req: NextRequest)`, `(request: FastifyRequest)`. */
export const REQUEST_TYPE_NAMES: readonly string[] = ["Request", "NextRequest", "NextApiRequest", "FastifyRequest", "IncomingMessage", "ExpressRequest"];
/**
 * Packages whose handlers receive requests only once the app's own code mounts them
 * (`app.post("/chat", chat.post)`): a handler typed with their request type, exported from a
 * module no file imports, is never called. Platform functions (a Netlify or Vercel function
 * typed with the global `Request`) are called by their host and are not listed.
 */
export const MOUNTED_HANDLER_PACKAGES: readonly string[] = ["express", "express-serve-static-core", "koa", "@koa/router", "koa-router", "fastify", "restify", "@hapi/hapi"];
/**
 * Packages that load a folder of route or controller modules by their file names
 * (`express-file-routing`, `consign`, a `controllers: ["src/controllers/*.ts"]` glob): in
 * an app using one, a module no file imports may still be mounted.
 */
export const DIRECTORY_LOADER_PACKAGES: readonly string[] = [
  "express-file-routing", "express-automatic-routes", "express-router-autoload", "@fastify/autoload", "fastify-autoload", "routing-controllers",
  "koa-file-router", "consign", "express-load", "require-all", "require-directory", "glob", "fast-glob",
];
export const CONTEXT_TYPE_NAMES: readonly string[] = ["Context", "RequestEvent", "H3Event", "ActionFunctionArgs", "LoaderFunctionArgs", "ActionArgs", "LoaderArgs"];

/** Route table frameworks whose handlers get a context object rather than the request. */
export const CONTEXT_FRAMEWORKS: readonly string[] = ["Koa", "Hono", "SvelteKit", "Remix", "React Router", "Nuxt", "Nitro", "trpc"];

/** Functions that read client data from an h3/Nitro event: `readBody(event)`. */
export const EVENT_READERS: ReadonlyArray<{ name: string; validated?: boolean }> = [
  { name: "readBody" },
  { name: "readRawBody" },
  { name: "readFormData" },
  { name: "readMultipartFormData" },
  { name: "getQuery" },
  { name: "getRouterParam" },
  { name: "getRouterParams" },
  { name: "getCookie" },
  { name: "getHeader" },
  { name: "getHeaders" },
  { name: "getRequestHeader" },
  { name: "getRequestHeaders" },
  { name: "getRequestURL" },
  { name: "readValidatedBody", validated: true },
  { name: "getValidatedQuery", validated: true },
  { name: "getValidatedRouterParams", validated: true },
];

/**
 * Calls on a handler's request or context that validate its data in place, throwing when it
 * does not match the rules they are given: what the handler reads after one is validated,
 * and the rules are its schema (`ctx.verifyParams({ msg: { type: "string", max: 2000 } })`).
 */
export const IN_PLACE_REQUEST_VALIDATORS: ReadonlyArray<{ method: string; rules: number; library: string }> = [{ method: "verifyParams", rules: 0, library: "koa-parameter" }];

/**
 * Upload middleware made in a handler's file, and the option that caps a file's size: where
 * none is set, the construction is where a cap belongs (`multer({ dest: "uploads/" })`).
 */
export const UPLOAD_MIDDLEWARE: ReadonlyArray<{ package: string; sizeOption: RegExp; label: string }> = [{ package: "multer", sizeOption: /\bfileSize\s*:/, label: "limits.fileSize" }];

/** Decorators that bind a NestJS handler parameter to client data. */
export const NEST_PARAM_DECORATORS: readonly string[] = ["Body", "Query", "Param", "Headers", "UploadedFile", "MessageBody"];
export const NEST_REQUEST_DECORATORS: readonly string[] = ["Req", "Request"];
/** Decorators of a DTO class that a ValidationPipe enforces (class-validator). */
export const DTO_VALIDATION_PACKAGES: readonly string[] = ["class-validator"];

/** Event names whose callback receives a message from a WebSocket client. */
export const SOCKET_MESSAGE_EVENTS: readonly string[] = ["message", "data", "text"];
/** Receivers whose `.on(<any event>, cb)` callback gets client data (socket.io, ws). */
export const SOCKET_RECEIVER = /^(?:socket|ws|client|conn|connection|peer)$/i;

/** Members whose value is what the user typed, in browser code: `e.target.value`, `input.value`. */
export const BROWSER_INPUT_CHAINS: readonly string[] = ["target.value", "currentTarget.value", "current.value", "target.files", "current.files", "dataTransfer.files", "clipboardData.getData()"];
/** Vue Router members that hold what the page address says: `$route.params.id`, `useRoute().query.q`. */
export const VUE_ROUTE_INPUT_MEMBERS: readonly string[] = ["params", "query", "hash", "fullPath", "path"];
/** Composables that return the current Vue route (`const route = useRoute()`). */
export const VUE_ROUTE_HOOKS: readonly string[] = ["useRoute"];
/** Macros whose result holds a Vue component's props (`const props = defineProps(…)`). */
export const VUE_PROPS_MACROS: readonly string[] = ["defineProps", "withDefaults"];
export const BROWSER_INPUT_GLOBALS: readonly string[] = ["location.search", "location.hash", "location.href", "window.location.search", "window.location.hash", "window.location.href", "document.location.search", "document.location.hash"];
export const BROWSER_INPUT_CALLS: readonly string[] = ["prompt"];

/**
 * Form controls read in browser code. `value` and `files` of an element found by a DOM
 * lookup (`document.getElementById("q").value`, a variable holding one) or declared as an
 * input or textarea (`(el: HTMLTextAreaElement) => el.value`). Not `textContent` or
 * `innerText`: that is page text the app wrote itself.
 */
export const DOM_LOOKUP_METHODS: readonly string[] = ["getElementById", "querySelector", "querySelectorAll", "getElementsByName", "getElementsByTagName", "getElementsByClassName", "namedItem"];
export const FORM_CONTROL_MEMBERS: readonly string[] = ["value", "files"];
export const FORM_CONTROL_TYPES: readonly string[] = ["HTMLInputElement", "HTMLTextAreaElement"];
/** A form's controls by name (`e.currentTarget.elements.topic.value`, `form.elements["topic"].value`): the form is an event's target, a DOM lookup, or declared as one. */
export const FORM_CONTROLS_MEMBER = "elements";
export const FORM_TYPES: readonly string[] = ["HTMLFormElement"];
export const EVENT_TARGET_MEMBERS: readonly string[] = ["target", "currentTarget"];
/** Constructors whose instance holds a form's fields when given the form: `new FormData(form)` (an empty `new FormData()` is a builder). */
export const FORM_READERS: readonly string[] = ["FormData"];

/**
 * What the user said, in browser code: the event of a Web Speech API `recognition.onresult`
 * (or `addEventListener("result", …)`), React Native Voice's `Voice.onSpeechResults`, and
 * hooks that return the transcript.
 */
export const SPEECH_RESULT_HANDLERS: readonly string[] = ["onresult", "onSpeechResults", "onSpeechPartialResults"];
export const SPEECH_RESULT_EVENTS: readonly string[] = ["result"];
export const SPEECH_HOOKS: ReadonlyArray<{ name: string; packages: readonly string[] }> = [{ name: "useSpeechRecognition", packages: ["react-speech-recognition"] }];

/**
 * Speech-to-text calls run on the user's recording: what they return is what the user said.
 * Words looked for (case-insensitive) in the method of a model call site of api `audio`
 * (`audio.transcriptions.create`, `createTranscription`, `transcribe`, a raw
 * `fetch POST …/audio/transcriptions`). Text-to-speech (`audio.speech.create`) returns audio.
 */
export const TRANSCRIPTION_METHOD_WORDS: readonly string[] = ["transcription", "translation", "transcribe", "automaticspeechrecognition"];

/** A file the user picked, read in the browser: `reader.result` of a `new FileReader()`, and the event of its load handlers (`e.target.result`). */
export const FILE_READER = { constructor: "FileReader", members: ["result"], handlers: ["onload", "onloadend"], events: ["load", "loadend"] } as const;

/**
 * Uploads parsed on the server. `parsers`: `form.parse(req, (err, fields, files) => …)` and
 * `const [fields, files] = await form.parse(req)` (formidable), the callback parameters that
 * hold client data. `events`: streams whose events hand over fields and files
 * (`bb.on("field", (name, value) => …)`, busboy), the parameter that holds the data.
 */
export const UPLOAD_PARSERS: ReadonlyArray<{ method: string; packages: readonly string[]; callbackParams: readonly number[] }> = [{ method: "parse", packages: ["formidable"], callbackParams: [1, 2] }];
export const UPLOAD_EVENTS: ReadonlyArray<{ packages: readonly string[]; events: readonly string[]; param: number }> = [{ packages: ["busboy", "@fastify/busboy"], events: ["field", "file"], param: 1 }];
/** File reads whose content is an upload: the path is an upload's temp file (`readFile(file.filepath)`, multer's `req.file.path`). */
export const FILE_READ_CALLS: readonly string[] = ["readFile", "readFileSync"];
export const UPLOAD_PATH_MEMBERS: readonly string[] = ["filepath", "tempFilePath"];

/** Schema validation calls: the result is validated data. `arg` is where the data is passed. */
export const VALIDATOR_METHODS: ReadonlyArray<{ method: string; arg: number; resultMember?: string }> = [
  { method: "parse", arg: 0 },
  { method: "parseAsync", arg: 0 },
  { method: "safeParse", arg: 0 },
  { method: "safeParseAsync", arg: 0 },
  { method: "validate", arg: 0 },
  { method: "validateSync", arg: 0 },
  { method: "validateAsync", arg: 0 },
  { method: "cast", arg: 0 },
  { method: "assert", arg: 0 },
  { method: "Parse", arg: 1 },
  { method: "Decode", arg: 1 },
];
/** Free functions of validation libraries: `v.parse(schema, data)` (valibot), `typia.assert<T>(x)`. */
export const VALIDATOR_FUNCTIONS: ReadonlyArray<{ name: string; arg: number; packages: readonly string[] }> = [
  { name: "parse", arg: 1, packages: ["valibot"] },
  { name: "safeParse", arg: 1, packages: ["valibot"] },
  { name: "parseAsync", arg: 1, packages: ["valibot"] },
  { name: "assert", arg: 0, packages: ["typia", "superstruct"] },
  { name: "create", arg: 0, packages: ["superstruct"] },
  { name: "plainToInstance", arg: 1, packages: ["class-transformer"] },
];
/** Packages whose guards (`if (!validate(x)) return …`) count as schema validation. */
export const VALIDATION_PACKAGES: readonly string[] = ["zod", "valibot", "yup", "joi", "ajv", "class-validator", "@sinclair/typebox", "superstruct", "typia", "io-ts", "arktype", "@effect/schema", "runtypes"];

/** Text in a schema's definition that bounds the size of what it accepts. */
export const SCHEMA_BOUND = /\bmax\s*:\s*\d|\.max\s*\(|\.length\s*\(\s*\d|maxLength|max_length|maxItems|@MaxLength|@Length\s*\(|@ArrayMaxSize|\.maxLength\s*\(|\.size\s*\(/;
/** Text in a field's schema that closes it to a few values: an enum, a literal, a number or boolean. */
export const CLOSED_FIELD = /\.(?:enum|nativeEnum|literal|number|boolean|int|picklist)\s*\(|\benum\s*:|type\s*:\s*["'](?:number|integer|boolean)["']|@IsIn\b|@IsEnum\b|@IsInt\b|@IsNumber\b|@IsBoolean\b|Type\.(?:Union|Literal|Number|Integer|Boolean)\s*\(|\.valid\s*\(/;
/** A field's schema that accepts any value (`z.any()`, `Type.Any()`, `Joi.any()`, `v.unknown()`): the data passed through it, unchecked. */
export const ANY_VALUE_FIELD = /^["']?[\w$]+["']?\s*(?:[?!]\s*)?:\s*(?:[A-Za-z_$][\w$]*\.Optional\s*\(\s*)?(?:[A-Za-z_$][\w$]*\.)?(?:any|unknown|Any|Unknown|mixed)\s*\(\s*\)\s*(?:\)\s*)?(?:\.(?:optional|nullable|nullish)\s*\(\s*\)\s*)*(?:[,})\]]|$)/;
/**
 * Text in an object's schema that passes keys it does not name on (`.passthrough()`, `.catchall()`, a record,
 * `additionalProperties: true`): spread into a request, such an object may still carry `messages` or `system`.
 */
export const OPEN_KEYS_SCHEMA = /\.(?:passthrough|catchall|loose)\s*\(|\b(?:z|v)\.(?:record|looseObject)\s*\(|Type\.Record\s*\(|additionalProperties\s*:\s*(?:true|\{)|\.unknown\s*\(\s*(?:true\s*)?\)/;

/** Calls that bound the size of what they return: `text.slice(0, 4000)`, `truncate(text, 2000)`. */
export const BOUNDING_METHODS: readonly string[] = ["slice", "substring", "substr", "truncate"];
export const BOUNDING_FUNCTIONS: readonly string[] = ["truncate", "truncateText", "clamp", "limitLength", "trimToTokens", "truncateTokens"];

/** LangChain document loaders that take a file path or blob (`@langchain/community/document_loaders/fs/*`, `…/web/*`). */
export const LANGCHAIN_DOCUMENT_LOADERS: readonly string[] = ["PDFLoader", "WebPDFLoader", "DocxLoader", "PPTXLoader", "CSVLoader", "JSONLoader", "JSONLinesLoader", "TextLoader", "EPubLoader", "UnstructuredLoader"];

/** Methods whose result carries their receiver's data (string and array helpers, response bodies). */
export const RECEIVER_CARRYING_METHODS: readonly string[] = [
  "trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "normalize", "replace", "replaceAll",
  "split", "join", "concat", "padStart", "padEnd", "repeat", "at", "toString", "valueOf", "flat", "flatMap", "map", "filter", "reverse", "sort", "toSorted", "toReversed",
  "find", "findLast", "values", "entries", "get", "getAll", "json", "text", "formData", "arrayBuffer", "blob", "read", "getReader", "then", "data",
  // A promise's own value, passed on past its error handler (`rp(options).then(…).catch(log)`).
  ...CALLBACK_RESULTS.keeping,
  // A stream piped through a decoder still carries its text.
  "pipeThrough",
  // A document loader's documents hold what it was made from (`loader.load()`, see LANGCHAIN_DOCUMENT_LOADERS).
  "load", "loadAndSplit",
  // The Response an AI SDK result streams itself as (`return result.toDataStreamResponse()` in a helper).
  ...STREAM_RESPONSE_METHODS.filter((m) => m.startsWith("to")),
];
/** Methods whose result carries their arguments' data too (`a.concat(b)`, `[].join` of args, `decoder.decode(chunk)`, `URL.createObjectURL(file)`). */
export const ARGUMENT_CARRYING_METHODS: readonly string[] = ["createObjectURL", "concat", "push", "unshift", "decode", "format", "assign", "from", "fromEntries", "stringify", "parse", "join", "resolve", "render", "renderInline", "parseInline", "makeHtml", "process", "processSync"];
/** Methods whose result carries their first argument only: `encoder.encode(text)` (a key passed second to a signing `encode` is not in the result as it is). */
export const FIRST_ARGUMENT_CARRYING_METHODS: readonly string[] = ["encode"];
/** Methods that put an argument into their receiver: `TEMPLATE.replace("{city}", city)` fills a placeholder, so the result holds part of the value. */
export const SUBSTITUTING_METHODS: readonly string[] = ["replace", "replaceAll"];
/** Global functions whose result carries their arguments: `String(x)`, `JSON.stringify(x)`, the message converters of AI SDK packages (`convertToModelMessages`, `toBaseMessages` of `@ai-sdk/langchain`). */
export const ARGUMENT_CARRYING_FUNCTIONS: readonly string[] = ["String", "encodeURIComponent", "decodeURIComponent", "encodeURI", "decodeURI", "structuredClone", "Array", "convertToModelMessages", "convertToCoreMessages", "toBaseMessages", "appendClientMessage", "appendResponseMessages", "dedent", "stripIndent", "stripIndents", "html", "format", "marked", "micromark", "snarkdown", "markdownToHtml", "join", "resolve", "$derived"];
/**
 * ORM writes whose result is the record written (Prisma's `prisma.report.create({ data })`,
 * `update`, `upsert`): what the first argument stores under one of `fields` flows into what
 * the call returns, so a model's answer saved and then sent back is still the answer. Only
 * the named fields carry: `openai.….create({ messages })` stores nothing here.
 */
export const RECORD_RETURNING_WRITES: readonly { method: string; fields: readonly string[] }[] = [
  { method: "create", fields: ["data"] },
  { method: "update", fields: ["data"] },
  { method: "upsert", fields: ["create", "update"] },
  { method: "createManyAndReturn", fields: ["data"] },
  { method: "updateManyAndReturn", fields: ["data"] },
];
/** Constructors whose instance carries their arguments: `new URL(req.url)`. */
export const ARGUMENT_CARRYING_CONSTRUCTORS: readonly string[] = [
  "URL", "URLSearchParams", "String", "Blob", "HumanMessage", "SystemMessage", "AIMessage", "ChatMessage", "Buffer",
  // LangChain document loaders read the file or blob they are given (`new PDFLoader(req.file.path).load()`).
  ...LANGCHAIN_DOCUMENT_LOADERS,
];

/**
 * Libraries that turn a document into text: what they return carries the document
 * (`(await pdfParse(req.file.buffer)).text`, `mammoth.extractRawText({ buffer })`).
 * Without `methods`, calling the import itself; with them, those functions or methods.
 */
export const TEXT_EXTRACTORS: ReadonlyArray<{ packages: readonly string[]; methods?: readonly string[] }> = [
  { packages: ["pdf-parse", "pdf-parse/lib/pdf-parse.js"] },
  { packages: ["mammoth"], methods: ["extractRawText", "convertToHtml", "convertToMarkdown"] },
  { packages: ["officeparser"], methods: ["parseOfficeAsync", "parseOffice"] },
  { packages: ["unpdf"], methods: ["extractText"] },
  // OCR of a picture: `(await Tesseract.recognize(image)).data.text`
  { packages: ["tesseract.js"], methods: ["recognize"] },
];

/** Constructors whose value is what their executor resolves with: `new Promise((resolve) => { reader.onload = () => resolve(reader.result); })`. */
export const PROMISE_CONSTRUCTORS: readonly string[] = ["Promise"];
/** `Promise.race([call, timeout])`, `Promise.all([a, b])`: what they resolve to carries the promises (or values) they are given. */
export const PROMISE_COMBINATORS: readonly string[] = ["all", "allSettled", "race", "any"];

/** Roles whose message content instructs the model. */
export const INSTRUCTION_ROLES: readonly string[] = ["system", "developer"];
/** LangChain message classes and prompt-template makers that put text in an instruction position. */
export const SYSTEM_MESSAGE_CONSTRUCTORS: readonly string[] = ["SystemMessage", "SystemMessagePromptTemplate"];
/**
 * Names that say a variable holds a whole conversation (a client-posted `messages` array):
 * `messages`, `history`, and names ending so (`chatMessages`, `conversationHistory`).
 * Unanchored at the start, so each attempt is bounded by the longest word (no backtracking).
 */
export const CONVERSATION_NAME = /^(?:chat|contents)$|(?:messages|msgs|history|conversation|turns|dialog|dialogue)$/i;

/** Roles of the user's own turn, and the LangChain classes that make one. */
export const USER_ROLES: readonly string[] = ["user", "human"];
export const USER_MESSAGE_CONSTRUCTORS: readonly string[] = ["HumanMessage"];

/**
 * Calls whose message list takes no system role: the provider rejects one there and takes
 * the system prompt as its own option (Anthropic `system`, Gemini `systemInstruction` with
 * `contents` roles `user`/`model`, Bedrock Converse `system`). A client-posted conversation
 * or a client-chosen role can only add user and assistant turns to them. By SDK id
 * (`ai-sdks.ts`), or by provider for raw requests.
 */
export const MESSAGES_WITHOUT_SYSTEM_ROLE: ReadonlyArray<{
  sdk: string;
  provider?: string;
  /** Only these calls of the SDK (by the method the surface records). */
  methods?: readonly string[];
  /** Only from this major version of the package on, as the app's manifest declares it. */
  since?: { package: string; major: number };
  /** Unless the call opts in with this argument (a path, as in `ai-sdks.ts`) set to anything but `false`. */
  unless?: string;
}> = [
  { sdk: "anthropic" },
  { sdk: "aws-bedrock" },
  { sdk: "google-generative-ai" },
  { sdk: "vertex-ai" },
  { sdk: "google-genai" },
  { sdk: "http", provider: "Anthropic" },
  // The Vercel AI SDK rejects `role: "system"` in `messages` or `prompt` from version 7 on, unless the call allows it.
  { sdk: "vercel-ai", methods: ["generateText", "streamText", "generateObject", "streamObject"], since: { package: "ai", major: 7 }, unless: "0.allowSystemInMessages" },
];

/**
 * A `.filter()` callback that limits roles: it drops system/developer turns, or keeps
 * named turns (`=== "user"`, a list's `.includes(m.role)`, a set's `.has(m.role)`).
 * A filter that only mentions the role (`(m) => m.role && m.content`) does not.
 */
export const ROLE_FILTER = /!==?\s*["'`](?:system|developer)["'`]|["'`](?:system|developer)["'`]\s*!==?|===?\s*["'`](?:user|assistant|human|ai|model)["'`]|["'`](?:user|assistant|human|ai|model)["'`]\s*===?|\.(?:includes|has)\s*\(/;

/**
 * Fixed text below this many letters is a label, not an instruction (`${a}: ${b}`).
 * Letters of any script count (`\p{L}`); see `instructionLetters` (flow/instruction-text.ts) for scripts written without spaces.
 */
export const MIN_INSTRUCTION_LETTERS = 12;
/**
 * A user message next to a system message wraps its input in instructions of its own when
 * its fixed text, labels aside (`Question:`, `Resume:`), has at least this many letters.
 */
export const MIN_WRAPPED_INSTRUCTION_LETTERS = 30;

/** Properties that hold the text of an instruction given as structure (`{ type: "text", text }`, `{ role, parts }`, `new SystemMessage({ content })`). */
export const INSTRUCTION_TEXT_KEYS: readonly string[] = ["text", "content", "parts"];

/** Client hooks whose values are a model's answers relayed by the app's own route (Vercel AI SDK UI). */
export const MODEL_OUTPUT_HOOKS: ReadonlyArray<{ name: string; packages: readonly string[] }> = [
  { name: "useChat", packages: ["ai/react", "@ai-sdk/react", "@ai-sdk/vue", "@ai-sdk/svelte", "ai/vue", "ai/svelte"] },
  { name: "useCompletion", packages: ["ai/react", "@ai-sdk/react", "@ai-sdk/vue", "@ai-sdk/svelte", "ai/vue", "ai/svelte"] },
  { name: "useAssistant", packages: ["ai/react", "@ai-sdk/react"] },
  { name: "useObject", packages: ["ai/react", "@ai-sdk/react"] },
  { name: "experimental_useObject", packages: ["ai/react", "@ai-sdk/react"] },
];
/** HTTP calls whose response is the body of the URL they fetch (for the app's own AI routes). */
export const FETCH_CALLS: readonly string[] = ["fetch", "$fetch", "ofetch", "ky", "got", "useFetch"];
export const FETCH_METHOD_RECEIVERS: readonly string[] = ["axios", "ky", "got", "api", "http", "client", "$fetch", "ofetch"];
/** Requests a page sends to the app's own routes, by the callee's last name, with where their body is (`JSON.stringify` of an object, or the object). */
export const APP_REQUEST_BODIES: ReadonlyArray<{ name: string; body: string }> = [
  { name: "fetch", body: "1.body" },
  { name: "$fetch", body: "1.body" },
  { name: "ofetch", body: "1.body" },
  { name: "useFetch", body: "1.body" },
  { name: "post", body: "1" },
  { name: "put", body: "1" },
];
/** Messages an extension's popup or content script sends to its background worker (`chrome.runtime.sendMessage({ prompt })`). */
export const EXTENSION_MESSAGE_SENDERS: ReadonlyArray<{ name: string; body: string }> = [{ name: "sendMessage", body: "0" }];

/** Calls that make text safe to insert as HTML (a sanitizer or an escaper): model output stops there. */
export const HTML_SANITIZERS: readonly string[] = ["sanitize", "sanitizeHtml", "xss", "filterXSS", "escape", "escapeHtml", "escapeHTML", "encode", "encodeHTML", "htmlEscape", "purify", "clean"];
/** Markdown renderers: their HTML carries the text they are given. */
export const MARKDOWN_RENDERERS: readonly string[] = ["marked", "parse", "parseInline", "render", "renderInline", "makeHtml", "micromark", "snarkdown", "markdownToHtml", "toHtml", "mdToHtml"];

/** Secrets read from the environment, by how code reads them. */
export const ENV_READ_ROOTS: readonly string[] = ["process.env", "import.meta.env", "Bun.env", "env"];
/** Request members that carry the caller's credentials. */
export const CREDENTIAL_HEADER_NAMES: readonly string[] = ["authorization", "x-api-key", "api-key", "cookie", "proxy-authorization"];
/** Calls that keep only a harmless part of a secret (a prefix, a hash): nothing of the key flows on. */
export const SECRET_REDACTORS = /^(?:redact|redacted|mask|maskKey|maskSecret|hash|sha256|createHash|fingerprint|slice|substring|substr|startsWith|endsWith|includes|last4|obfuscate)$/i;

/**
 * Prompt templates and messages built ahead of the call (`method: "new"` for a constructor):
 * their system parts are instruction positions, wherever they are later used; a template's
 * own text (`holds: "template"`) is judged like one prompt string. The values that fill its
 * `{slots}` where it is run (`TEMPLATE_RUN_METHODS`) are judged too: a slot of a system
 * message, or of a text that is instructions, filled with untrusted input.
 */
export const PROMPT_TEMPLATE_BUILDERS: ReadonlyArray<{ receiver: string; method: string; holds: "messages" | "system" | "template"; path?: string; message?: true }> = [
  { receiver: "ChatPromptTemplate", method: "fromMessages", holds: "messages" },
  { receiver: "SystemMessagePromptTemplate", method: "fromTemplate", holds: "system" },
  // A message, not a template: its text has no slots to fill.
  { receiver: "SystemMessage", method: "new", holds: "system", message: true },
  { receiver: "PromptTemplate", method: "fromTemplate", holds: "template" },
  { receiver: "ChatPromptTemplate", method: "fromTemplate", holds: "template" },
  { receiver: "HumanMessagePromptTemplate", method: "fromTemplate", holds: "template" },
  { receiver: "PromptTemplate", method: "new", holds: "template", path: "0.template" },
];
export const PROMPT_TEMPLATE_PACKAGES: readonly string[] = ["@langchain/core", "langchain", "@langchain/core/prompts", "langchain/prompts"];

/**
 * Messages of a chat template given as builders (`SystemMessagePromptTemplate.fromTemplate(t)`
 * inside `ChatPromptTemplate.fromMessages([...])`), by the role their text speaks in.
 */
export const TEMPLATE_MESSAGE_BUILDERS: ReadonlyArray<{ receiver: string; method: string; role: "system" | "user" | "assistant" }> = [
  { receiver: "SystemMessagePromptTemplate", method: "fromTemplate", role: "system" },
  { receiver: "HumanMessagePromptTemplate", method: "fromTemplate", role: "user" },
  { receiver: "AIMessagePromptTemplate", method: "fromTemplate", role: "assistant" },
];
/** The option that switches a template from f-string `{slot}` to mustache `{{slot}}` syntax, and its value for mustache. */
export const TEMPLATE_FORMAT_OPTION = { key: "templateFormat", mustache: "mustache" } as const;
/**
 * Methods that run a prompt template, or a chain that starts with one, with the object whose
 * fields fill the template's `{slots}` as their first argument: `prompt.format(values)`,
 * `chain.invoke(values)`, `new LLMChain({ prompt, llm }).call(values)`.
 */
export const TEMPLATE_RUN_METHODS: readonly string[] = ["invoke", "stream", "streamEvents", "format", "formatMessages", "formatPromptValue", "call"];
/**
 * Ways a chain is built around the template it starts with (`first`: where that step is):
 * `prompt.pipe(model)` and `.withConfig(…)` keep the receiver's first step;
 * `RunnableSequence.from([prompt, model])`, `new LLMChain({ prompt, llm })`.
 */
export const TEMPLATE_CHAIN_STEPS: ReadonlyArray<{ receiver?: string; method: string; first: string }> = [
  { method: "pipe", first: "receiver" },
  { method: "withConfig", first: "receiver" },
  { method: "withRetry", first: "receiver" },
  { method: "withListeners", first: "receiver" },
  { receiver: "RunnableSequence", method: "from", first: "0.0" },
  { receiver: "LLMChain", method: "new", first: "0.prompt" },
];

/** Fields of a raw request body (`fetch` to a provider) that hold the prompt: logging them logs the prompt. */
export const RAW_PROMPT_FIELDS: readonly string[] = ["messages", "prompt", "system", "input", "contents", "instructions"];
/** The same fields by what they hold, to judge a raw request's prompt like an SDK call's (plus the REST spellings of instructions). */
export const RAW_PROMPT_POSITIONS: Readonly<Record<string, "system" | "messages" | "prompt">> = {
  system: "system",
  instructions: "system",
  systemInstruction: "system",
  system_instruction: "system",
  messages: "messages",
  contents: "messages",
  prompt: "prompt",
  input: "prompt",
};

/**
 * Markdown renderers that escape the HTML in their text unless told not to: their output
 * is safe to insert as HTML. `instance`: a renderer object (`new MarkdownIt()` then
 * `md.render(text)`), raw when made with `rawOption: true` or a `rawPresets` preset (or
 * set so later with `md.set({ html: true })`); `function`: the export renders
 * (`micromark(text)`), raw when its options say `rawOption: true`.
 */
export const ESCAPING_MARKDOWN_RENDERERS: ReadonlyArray<{ packages: readonly string[]; kind: "instance" | "function"; names: readonly string[]; rawOption: string; rawPresets?: readonly string[] }> = [
  { packages: ["markdown-it"], kind: "instance", names: ["render", "renderInline"], rawOption: "html", rawPresets: ["commonmark"] },
  { packages: ["micromark"], kind: "function", names: ["micromark"], rawOption: "allowDangerousHtml" },
];

/** Template bindings that fill a script variable (or a field of one: `v-model="form.topic"`) with what the user types (Vue, Svelte). */
export const TEMPLATE_INPUT_BINDINGS: readonly RegExp[] = [/\bv-model(?:\.\w+)*\s*=\s*"([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*){0,3})"/g, /\bbind:(?:value|group|files)\s*=\s*\{\s*([A-Za-z_$][\w$]*)\s*\}/g, /\bbind:(value)\b(?!\s*=)/g];
/** JSX input props that hand a state setter the typed text: `onChangeText={setPrompt}` (React Native), `onChange={(e) => …}` is followed by the tracker. */
export const SETTER_INPUT_PROPS = /\bon(?:ChangeText|Input|Change)\s*=\s*\{\s*(set[A-Z][\w$]*)\s*\}/g;
/** JSX props whose callback is handed the typed text itself as its first argument: `onChangeText={(text) => …}` (React Native, React Native Paper). */
export const TEXT_CALLBACK_PROPS: readonly string[] = ["onChangeText"];
/** Browser-extension listeners whose callback receives what another context sent (content scripts, web pages). */
export const EXTENSION_MESSAGE_LISTENERS: readonly string[] = ["onMessage", "onMessageExternal", "onConnect", "onConnectExternal"];
/** Calls that read a web page's content into extension code: `chrome.scripting.executeScript(…)`. */
export const PAGE_READERS: readonly string[] = ["executeScript"];

/** Names of a response object, a server's reply or the answer a client request got: its own headers (`res.headers`) hold none of the request's credentials. */
export const RESPONSE_OBJECT_NAMES = /^(?:res|resp|response|reply)$/i;

/** Packages whose importers handle requests or make HTTP calls (where credential headers and HTTP errors live). */
export const REQUEST_PACKAGES: ReadonlySet<string> = new Set([
  "express", "koa", "@koa/router", "koa-router", "fastify", "hono", "next", "@nestjs/common", "@nestjs/core", "h3", "nitropack", "nuxt", "@sveltejs/kit",
  "@remix-run/node", "@remix-run/cloudflare", "@remix-run/server-runtime", "@vercel/remix", "react-router", "@trpc/server", "elysia", "@hapi/hapi", "restify",
  "axios", "got", "ky", "undici", "node-fetch", "ofetch", "request", "request-promise", "request-promise-native", "needle", "superagent", "ws", "socket.io", "http", "https", "node:http", "node:https", "@sentry/node",
]);

/** Array methods whose callback's first parameter is an element of the receiver (`messages.map((m) => …)`). */
export const ITERATING_METHODS: readonly string[] = ["map", "forEach", "filter", "flatMap", "find", "findLast", "some", "every", "reduce", "then"];
/** Methods whose result is made of what their callback returns (`messages.map((m) => m.content)`, `req.json().then((b) => b.prompt)`): the callback's returns are followed, not the whole receiver. */
export const CALLBACK_RETURNING_METHODS: readonly string[] = ["map", "flatMap", "then"];
/** Methods that add elements to an array in place (`messages.push({ … })`). */
export const ARRAY_APPENDERS: readonly string[] = ["push", "unshift"];
/** Members of a framework container whose assignment changes the variable's value (`answer.value = …`, `ref.current = …`). */
export const CONTAINER_MEMBERS: readonly string[] = ["value", "current"];
/** Receivers whose `parse` is not schema validation (`JSON.parse`, `marked.parse`). */
export const NOT_SCHEMA_RECEIVERS: readonly string[] = ["JSON", "Date", "path", "url", "querystring", "qs", "marked", "Number", "Math", "yaml", "YAML", "toml", "csv", "cookie", "URL", "Intl", "new", "md", "markdown", "parser"];
/** A schema built in place by a validation library (`z.object(`, `Joi.string(`, `Type.Object(`). */
export const SCHEMA_CONSTRUCTOR = /\b(?:z|Joi|yup|v|Type|t|s)\.(?:object|string|array)\s*\(/;
/**
 * Calls that measure a text's size in tokens (`estimateTokens(prompt)`, `countTokens(text)`,
 * `numTokensFromString(x)`, `getTokenCount(x)`): a value measured so and then checked in an
 * `if` that exits (`if (tokens > MAX)`, or a budget check given the count) is bounded.
 */
export const TOKEN_MEASURING_CALLS = /^(?:estimate|count|num|calc(?:ulate)?|compute|measure)_?(?:input_?|prompt_?)?tokens?(?:_?count|_?length|_?from_?\w+)?$|^(?:get_?)?(?:input_?|prompt_?)?tokens?_?(?:count|length)$/i;
/** Calls in an `if` that exits which validate their arguments (`if (!validate(body)) return 400`). */
export const VALIDATING_GUARD_CALLS = /^(?:validate|safeParse|isValid|check|Check|is|validateSync|test|Validate)$/;
/**
 * Membership tests that narrow a value to a fixed list (`LANGUAGES.includes(to)`,
 * `Object.hasOwn(PERSONAS, p)`): the method, a receiver it must be called on, which
 * argument (or the receiver) is the list, and which argument is tested.
 */
export const MEMBERSHIP_TESTS: ReadonlyArray<{ method: string; receiver?: string; list: number | "receiver"; subject: number }> = [
  { method: "includes", list: "receiver", subject: 0 },
  { method: "has", list: "receiver", subject: 0 },
  { method: "hasOwnProperty", list: "receiver", subject: 0 },
  { method: "hasOwn", receiver: "Object", list: 0, subject: 1 },
];
/** Calls and constructors whose result is a list the app fixed when given its constants (`new Set([...])`, `Object.keys(PERSONAS)`). */
export const FIXED_LIST_BUILDERS: readonly string[] = ["Set", "Map", "keys", "values", "freeze"];
/** Calls after which a handler does not go on (they throw or end the process). */
export const EXITING_CALLS: readonly string[] = ["redirect", "permanentRedirect", "notFound", "unauthorized", "forbidden", "process.exit"];
/** Where h3/Nitro event readers (`readBody`) are imported from, when they are imported at all (Nuxt auto-imports them). */
export const EVENT_READER_MODULES = /^(?:h3|nitropack|nuxt|#imports|vinxi)/;
/** WebSocket server packages: a `.on("message", cb)` in a file importing one receives client messages. */
export const SOCKET_PACKAGES: readonly string[] = ["ws", "socket.io", "@fastify/websocket", "uWebSockets.js"];
/** Socket lifecycle events: their callbacks get no client data. */
export const SOCKET_LIFECYCLE_EVENTS: readonly string[] = ["connection", "connect", "disconnect", "close", "error", "open"];

/**
 * Client state stores: a field read through the store's hook holds what the store's actions
 * wrote there (`useResumeStore((s) => s.rawText)` after `setRawText(text)`). `create`: the
 * functions that make a store from a creator `(set) => ({ …fields, …actions })`, directly,
 * curried (`create<T>()(…)`) or through middleware (`persist(creator, options)`); `read`: the
 * store's method that gives its state outside a component (`useStore.getState().field`).
 */
export const STATE_STORES: ReadonlyArray<{ package: string; create: readonly string[]; read: string }> = [
  { package: "zustand", create: ["create", "createStore"], read: "getState" },
  { package: "zustand/vanilla", create: ["createStore"], read: "getState" },
];

/**
 * React contexts: a component reads a context with a `read` hook (`useContext(ProfileContext)`,
 * React 19's `use(ProfileContext)`), and what it gets is the `value` prop of that context's
 * providers: `<ProfileContext.Provider value={…}>` (the context's `provider` member) or, from
 * React 19, `<ProfileContext value={…}>`. A context is one a `create` call of the same
 * packages made; the hooks and the context may come from different entry points of them
 * (Preact's `createContext` from `preact`, `useContext` from `preact/hooks`).
 */
export const REACT_CONTEXTS: ReadonlyArray<{ packages: readonly string[]; create: readonly string[]; read: readonly string[]; provider: string; value: string }> = [
  { packages: ["react"], create: ["createContext"], read: ["useContext", "use"], provider: "Provider", value: "value" },
  { packages: ["preact"], create: ["createContext"], read: ["useContext"], provider: "Provider", value: "value" },
];

/**
 * Hooks that hand back a function which calls one of the hook's options with what it is given:
 * TanStack Query's `useMutation({ mutationFn })` gives `mutate(vars)` and `mutateAsync(vars)`,
 * each a call of `mutationFn(vars)`. A callback passed inside `vars` (`mutate({ text, onChunk:
 * (c) => … })`) is called wherever `mutationFn` calls it. `options`: the argument holding the
 * options; `fn`: the option that is called; `callers`: the members of the hook's result that call it.
 */
export const CALLING_HOOKS: ReadonlyArray<{ packages: readonly string[]; hook: string; options: number; fn: string; callers: readonly string[] }> = [
  { packages: ["@tanstack/react-query", "@tanstack/vue-query", "@tanstack/solid-query", "@tanstack/svelte-query", "@tanstack/preact-query", "react-query"], hook: "useMutation", options: 0, fn: "mutationFn", callers: ["mutate", "mutateAsync"] },
];

/**
 * Options of a request object that hand the model functions the server defines (OpenAI and
 * AI SDK `tools`, legacy `functions`, Mastra `toolsets`): a conversation the client writes
 * can steer the model into calling them.
 */
export const TOOL_OPTION_NAMES: readonly string[] = ["tools", "functions", "toolsets"];
