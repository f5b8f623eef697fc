/**
 * Framework calls that hand back (a container of) what they are given, as data: the
 * evaluator looks through them, so `useMemo(() => new OpenAI(…))` is still an OpenAI client.
 *
 * - `callsArgument`: the argument is a function whose return value is kept (`useMemo`);
 * - `box`: the value comes back inside a container, under this key (`useState(x)[0]`,
 *   `useRef(x).current`, Vue's `ref(x).value`).
 */
export interface PassThroughCall {
  callsArgument?: boolean;
  box?: string;
}

export const PASS_THROUGH_CALLS: Readonly<Record<string, PassThroughCall>> = {
  // React
  useMemo: { callsArgument: true },
  useCallback: {},
  useState: { callsArgument: true, box: "0" },
  useRef: { box: "current" },
  cache: {},
  // Vue
  ref: { box: "value" },
  shallowRef: { box: "value" },
  computed: { callsArgument: true, box: "value" },
  markRaw: {},
  // Svelte
  writable: {},
  readable: {},
  // h3 / Nitro / Nuxt: an event handler is the function it wraps
  defineEventHandler: {},
  eventHandler: {},
  defineCachedEventHandler: {},
  cachedEventHandler: {},
  // LLM observability wrappers hand back the client they record (LangSmith, Langfuse)
  wrapOpenAI: {},
  wrapAnthropic: {},
  wrapSDK: {},
  observeOpenAI: {},
  // Plain JavaScript
  freeze: {},
  memoize: {},
  once: {},
};

/** Global calls that give their argument back, settled (`Promise.resolve(client)`), by their full name. */
export const RESOLVING_CALLS: readonly string[] = ["Promise.resolve"];

/**
 * Calls whose result is what a callback returns, or one element of an array, so a client
 * made inside a callback is still that client: `ready.then((r) => r.client)`,
 * `accounts.find((a) => …)?.client`, `accounts.map((a) => a.client)[0]`.
 */
export const CALLBACK_RESULTS = {
  /** Gives what its first argument (a function) returns; that function is given what the receiver settles to. */
  settling: ["then"],
  /** Give the receiver's own (settled) value. */
  keeping: ["catch", "finally"],
  /** Give one element of the receiver. */
  element: ["find", "findLast", "at"],
  /** Give the first element the predicate accepts (the data-flow engine picks it out of an array literal). */
  predicatePick: ["find"],
  /** Give an array of the receiver's elements. */
  subset: ["filter", "slice", "sort", "toSorted", "reverse", "toReversed", "concat"],
  /** Give an array of what the callback returns for each element. */
  mapping: ["map"],
  /** Array methods whose callback is given one element of the receiver. */
  elementCallbacks: ["find", "findLast", "filter", "map", "flatMap", "forEach", "some", "every", "findIndex"],
} as const;

/**
 * Pattern-matching chains whose value is what one of their handlers returns:
 * ts-pattern's `match(x).with(p, () => a).otherwise(() => b)` (also `.exhaustive()`, `.run()`).
 */
export interface MatchChain {
  package: string;
  /** The export that starts a chain. */
  start: string;
  /** Methods whose last argument is a handler. */
  handlers: readonly string[];
  /** Methods that end a chain and give the matched handler's return. */
  ends: readonly string[];
}

export const MATCH_CHAINS: readonly MatchChain[] = [{ package: "ts-pattern", start: "match", handlers: ["with", "when", "otherwise"], ends: ["otherwise", "exhaustive", "run"] }];
