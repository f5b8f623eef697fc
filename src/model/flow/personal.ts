/**
 * DP-1: which personal fields reach a model's prompt as they are. The question asked of the
 * data-flow engine is the untrusted-input one (request data, action arguments…) plus a
 * person's record (the session user, an auth provider's user, a row of a users/patients
 * table, a parameter typed `Patient`); scrubbers (`redact(…)`, `anonymize(…)`, PII
 * libraries) stop the flow and are remembered as evidence. Which of the traced values are
 * personal is read from the names the data went by (`symptoms`, `patient.dateOfBirth`),
 * by the tables in `knowledge/personal-data.ts`.
 */
import type { ts as TsNamespace } from "ts-morph";
import { calleeName, unwrapExpression, walk } from "../../facts/ast.js";
import type { Ts, TsNode } from "../../facts/typescript.js";
import {
  identifierWords,
  isScrubberName,
  PERSON_RECORD_CALLS,
  PERSON_TYPES,
  PERSON_WORDS,
  personalTerm,
  PII_DETECTION_CALLS,
  RECORD_CONTAINER_WORDS,
  ROW_READ_METHODS,
  SCRUBBER_PACKAGES,
  SESSION_USER_HOLDERS,
  SESSION_USER_MEMBERS,
  TABLE_NAMING_METHODS,
} from "../../knowledge/personal-data.js";
import type { ModelCallSite } from "../ai-surface.js";
import { resolveName } from "../scopes.js";
import type { Site } from "../values.js";
import type { FlowModel } from "./index.js";
import { PromptAnalysis } from "./prompts.js";
import { Tracker, type FlowContext, type ParameterBinding, type SourceOracle } from "./tracker.js";
import type { Step, Trace } from "./trace.js";

/** How far a call chain is read back for its table (`supabase.from("profiles").select().eq().single()`). */
const MAX_CHAIN = 12;

/** Request data and action arguments (the untrusted-input oracle's), or a person's record; scrubbers stop both. */
class PersonalSources implements SourceOracle {
  /** Where traced person records start (`file:start`), to tell them from request data. */
  readonly personSources = new Map<string, { columns?: string[] }>();
  /** Scrubbing calls met on the way back from a prompt, with what they were given. */
  readonly scrubbers = new Map<TsNode, { site: Site; argument: TsNode | undefined; name: string }>();

  constructor(
    private readonly context: FlowContext,
    private readonly inputs: SourceOracle,
  ) {}

  source(node: TsNode, site: Site): Trace[] | undefined {
    const label = this.personRecord(node, site);
    if (label) return [this.start(label, node, site)];
    return this.sessionUserField(node, site) ?? this.inputs.source(node, site);
  }

  /**
   * `req.user.firstName`, `ctx.session.user.email`: a member read under the session user
   * (the walk does not reach `req.user` by itself when `req` is a handler's parameter).
   */
  private sessionUserField(node: TsNode, site: Site): Trace[] | undefined {
    const { ts } = this.context;
    const names: string[] = [];
    let current = unwrapExpression(ts, node);
    for (let i = 0; i < MAX_CHAIN && (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)); i++) {
      const label = i > 0 ? this.personRecord(current, site) : undefined;
      if (label) return [{ ...this.start(label, current, site), names }];
      const key = ts.isPropertyAccessExpression(current) ? current.name.text : ts.isStringLiteralLike(current.argumentExpression) ? current.argumentExpression.text : undefined;
      if (key === undefined) return undefined;
      names.unshift(key);
      current = unwrapExpression(ts, current.expression);
    }
    return undefined;
  }

  parameter(binding: ParameterBinding, site: Site): Trace[] | undefined {
    const own = this.inputs.parameter?.(binding, site);
    if (own) return own;
    const type = binding.path.length === 0 ? binding.node.type : undefined;
    const typeName = type && type.getText(site.tree).replace(/\[\]$|(?<!\s)\s*\|\s*(?:null|undefined)/g, "");
    return typeName && PERSON_TYPES.includes(typeName) ? [this.start(`${typeName} record (${binding.name})`, binding.node, site)] : undefined;
  }

  stops(call: TsNamespace.CallExpression, site: Site): boolean {
    const { ts } = this.context;
    const name = calleeName(ts, call.expression);
    const fromPackage = this.fromScrubberPackage(call);
    if (!fromPackage && !(name && isScrubberName(name))) return false;
    this.scrubbers.set(call, { site, argument: call.arguments[0], name: name ?? fromPackage ?? "scrubber" });
    return true;
  }

  /** Undefined when the trace does not start at a person's record; else the columns its query selects, when it names them. */
  person(trace: Trace): { columns?: string[] } | undefined {
    return this.personSources.get(`${trace.source.file}:${trace.source.start}`);
  }

  private start(label: string, node: TsNode, site: Site): Trace {
    const start = node.getStart(site.tree);
    this.personSources.set(`${site.file}:${start}`, { columns: selectedColumns(this.context.ts, node) });
    return { source: { label, file: site.file, start }, steps: [], whole: true, names: [] };
  }

  /** `session.user`, `currentUser()`, `prisma.patient.findUnique(…)`, `supabase.from("profiles")…`: what record it is, or undefined. */
  private personRecord(node: TsNode, site: Site): string | undefined {
    const { ts } = this.context;
    if (ts.isPropertyAccessExpression(node) && SESSION_USER_MEMBERS.includes(node.name.text)) {
      const holder = unwrapExpression(ts, node.expression);
      const holderName = ts.isIdentifier(holder) ? holder.text : ts.isPropertyAccessExpression(holder) ? holder.name.text : undefined;
      if (holderName && SESSION_USER_HOLDERS.includes(holderName)) return `signed-in user (${short(node.getText(site.tree))})`;
      return undefined;
    }
    if (!ts.isCallExpression(node)) return undefined;
    const callee = unwrapExpression(ts, node.expression);
    const name = calleeName(ts, callee);
    if (!name) return undefined;
    if (PERSON_RECORD_CALLS.includes(name)) return `user record (${name}())`;
    if (ts.isPropertyAccessExpression(callee) && ROW_READ_METHODS.includes(name)) {
      // `prisma.patient.findUnique`, `User.findById`, `db.query.users.findFirst`
      const table = unwrapExpression(ts, callee.expression);
      const tableName = ts.isIdentifier(table) ? table.text : ts.isPropertyAccessExpression(table) ? table.name.text : undefined;
      if (tableName && endsWithPersonWord(tableName)) return `${tableName} record (${short(callee.getText(site.tree))}())`;
    }
    const table = this.namedTable(node);
    return table ? `${table.name} record (${table.method}(${table.written}))` : undefined;
  }

  /** The person table a query chain reads (`from("profiles")`, `.from(users)`), if any. */
  private namedTable(node: TsNamespace.CallExpression): { name: string; method: string; written: string } | undefined {
    const { ts } = this.context;
    let current: TsNode = node;
    for (let i = 0; i < MAX_CHAIN; i++) {
      current = unwrapExpression(ts, current);
      if (ts.isCallExpression(current)) {
        const callee = unwrapExpression(ts, current.expression);
        const name = calleeName(ts, callee);
        const arg = current.arguments[0] && unwrapExpression(ts, current.arguments[0]);
        if (name && TABLE_NAMING_METHODS.includes(name) && arg) {
          // `.from("users")`, `.from(users)`, Drizzle's `.from(schema.users)`.
          const table = ts.isStringLiteralLike(arg) ? arg.text : ts.isIdentifier(arg) ? arg.text : ts.isPropertyAccessExpression(arg) ? arg.name.text : undefined;
          if (table && endsWithPersonWord(table)) return { name: table, method: name, written: ts.isStringLiteralLike(arg) ? JSON.stringify(table) : arg.getText() };
        }
        current = callee;
      } else if (ts.isPropertyAccessExpression(current)) current = current.expression;
      else return undefined;
    }
    return undefined;
  }

  private fromScrubberPackage(call: TsNamespace.CallExpression): string | undefined {
    const { ts } = this.context;
    let root: TsNode = unwrapExpression(ts, call.expression);
    while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = unwrapExpression(ts, root.expression);
    if (!ts.isIdentifier(root)) return undefined;
    const binding = resolveName(ts, root.text, root);
    if (binding?.kind === "import") return SCRUBBER_PACKAGES.includes(binding.specifier) ? binding.specifier : undefined;
    // `const redactor = new SyncRedactor()` with `SyncRedactor` imported from a PII package.
    if (binding?.kind !== "variable" || !binding.init) return undefined;
    const init = unwrapExpression(ts, binding.init);
    const made = ts.isNewExpression(init) ? unwrapExpression(ts, init.expression) : undefined;
    const maker = made && ts.isIdentifier(made) ? resolveName(ts, made.text, made) : undefined;
    return maker?.kind === "import" && SCRUBBER_PACKAGES.includes(maker.specifier) ? maker.specifier : undefined;
  }
}

/** A personal field (or a whole record) that reaches a model call's prompt as it is. */
export interface PersonalDataHit {
  call: ModelCallSite;
  /** The fields (`email`, `dateOfBirth`) or `whole user record`, each with where it comes from. */
  fields: Array<{ field: string; source: string }>;
  /** The first such trace, for the path. */
  trace: Trace;
}

export interface PersonalDataFlow {
  /** Model calls whose prompts were judged. */
  judged: number;
  hits: PersonalDataHit[];
  /** Scrubbing steps that clean request data or a person's record on its way to a prompt. */
  scrubbing: Step[];
}

const cache = new WeakMap<FlowModel, PersonalDataFlow>();

/** Which personal fields reach which model calls as they are, and where they are scrubbed on the way. */
export function personalDataFlow(flow: FlowModel): PersonalDataFlow {
  const known = cache.get(flow);
  if (known) return known;
  const { context } = flow;
  const sources = new PersonalSources(context, flow.untrustedInput);
  const tracker = new Tracker(context, sources);
  const analysis = new PromptAnalysis(context, tracker, flow.surface.instructionSites);
  const out: PersonalDataFlow = { judged: 0, hits: [], scrubbing: [] };
  for (const call of flow.surface.callSites) {
    out.judged++;
    if (call.api === "embedding" || call.api === "moderation") continue;
    const inputs = context.gaps ? context.gaps.contain("personal data", call.file, () => analysis.analyse(call).inputs) : analysis.analyse(call).inputs;
    const fields: Array<{ field: string; source: string }> = [];
    let first: Trace | undefined;
    for (const trace of inputs ?? []) {
      const found = personalFields(trace, sources.person(trace));
      for (const field of found) if (!fields.some((f) => f.field === field && f.source === trace.source.label)) fields.push({ field, source: trace.source.label });
      if (found.length) first ??= trace;
    }
    if (first) out.hits.push({ call, fields, trace: first });
  }
  for (const [node, scrubber] of sources.scrubbers) {
    const carried = scrubber.argument ? tracker.tracesOf(scrubber.argument, scrubber.site) : [];
    if (carried.length) out.scrubbing.push({ file: scrubber.site.file, start: node.getStart(scrubber.site.tree), note: `${scrubber.name}() scrubs ${carried[0]!.source.label} before the prompt` });
  }
  out.scrubbing.push(...detectionCalls(flow));
  out.scrubbing.sort((a, b) => (a.file === b.file ? a.start - b.start : a.file < b.file ? -1 : 1));
  cache.set(flow, out);
  return out;
}

/**
 * The personal fields a trace went by: `symptoms`, `patient.name` (a `name` needs a person
 * around it), or `whole user record` when a person's record goes in without a field picked.
 */
export function personalFields(trace: Trace, person: { columns?: string[] } | undefined): string[] {
  const fromPerson = person !== undefined;
  const out: string[] = [];
  trace.names.forEach((name, i) => {
    const term = personalTerm(name);
    if (!term) return;
    if (term.onPerson && !fromPerson && !trace.names.slice(0, i).some((n) => identifierWords(n).some((w) => PERSON_WORDS.includes(w))) && !(term.kind === "email address" && validatedAsEmail(trace.schema, name))) return;
    // One field per trace: the one first read (`dateOfBirth` of `const dob = patient.dateOfBirth`, `primaryEmailAddress` of `.primaryEmailAddress.emailAddress`).
    if (out.length === 0) out.push(name);
  });
  if (out.length === 0 && fromPerson && trace.names.every((n) => identifierWords(n).every((w) => PERSON_WORDS.includes(w) || RECORD_CONTAINER_WORDS.includes(w)))) {
    // A query that selects its columns sends those only (`select: { id: true, plan: true }`, `.select("id, full_name")`).
    if (person.columns) out.push(...person.columns.filter((c) => personalTerm(c)));
    else out.push("whole user record");
  }
  return out;
}

/** Detection calls of PII services (Comprehend, DLP) in the files that make model calls: the app removes what they find. */
function detectionCalls(flow: FlowModel): Step[] {
  const { ts, modules } = flow.context;
  const out: Step[] = [];
  for (const file of flow.surface.candidates) {
    // The text and imports rule out most files before any tree is parsed.
    const text = flow.context.file(file)?.text;
    const wanted = text ? PII_DETECTION_CALLS.filter((d) => text.includes(d.name) && d.packages.some((p) => modules.importsPackage(file, p))) : [];
    const tree = wanted.length ? flow.context.tree(file) : undefined;
    if (!tree) continue;
    walk(ts, tree, (n) => {
      const name = ts.isNewExpression(n) || ts.isCallExpression(n) ? calleeName(ts, n.expression) : undefined;
      const hit = name && wanted.find((d) => d.name === name);
      if (hit) out.push({ file, start: n.getStart(tree), note: `personal data detected with ${hit.what}` });
    });
  }
  return out;
}

/**
 * The columns a row query names: Prisma's `select: { id: true, email: true }`, Supabase's
 * `.select("id, full_name")` (`*` is every column). Undefined when it names none.
 */
function selectedColumns(ts: Ts, node: TsNode): string[] | undefined {
  let current: TsNode = unwrapExpression(ts, node);
  for (let i = 0; i < MAX_CHAIN && ts.isCallExpression(current); i++) {
    const callee = unwrapExpression(ts, current.expression);
    const arg = current.arguments[0] && unwrapExpression(ts, current.arguments[0]);
    if (calleeName(ts, callee) === "select" && arg && ts.isStringLiteralLike(arg)) return arg.text.includes("*") ? undefined : arg.text.split(",").map((c) => c.trim().split(/[\s:(]/)[0]!).filter(Boolean);
    if (arg && ts.isObjectLiteralExpression(arg)) {
      const select = arg.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === "select");
      const value = select && ts.isPropertyAssignment(select) ? unwrapExpression(ts, select.initializer) : undefined;
      if (value && ts.isObjectLiteralExpression(value)) return value.properties.flatMap((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) ? [p.name.text] : []));
    }
    current = ts.isPropertyAccessExpression(callee) ? unwrapExpression(ts, callee.expression) : callee;
  }
  return undefined;
}

/** Does the schema that validated the data check this field as an email address (`email: z.string().email()`)? */
function validatedAsEmail(schema: string | undefined, field: string): boolean {
  const at = schema?.indexOf(`${field}:`) ?? -1;
  if (!schema || at < 0) return false;
  const rest = schema.slice(at, at + 160);
  const end = rest.search(/[,\n}]/);
  return (end < 0 ? rest : rest.slice(0, end)).includes(".email(");
}

function endsWithPersonWord(name: string): boolean {
  const words = identifierWords(name);
  return words.length > 0 && PERSON_WORDS.includes(words[words.length - 1]!);
}

function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
