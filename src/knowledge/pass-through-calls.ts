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
  // Plain JavaScript
  freeze: {},
  memoize: {},
  once: {},
};
