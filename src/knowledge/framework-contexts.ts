/**
 * Framework contexts, as data: a handler receives an object the framework built by calling
 * a project function once per request (tRPC's `createContext`), so `ctx.openai` in a
 * procedure is whatever that function put under `openai`.
 *
 * - `handlerMethods`: the calls whose function argument is a handler (`.mutation(fn)`);
 * - `field`: the handler's first-parameter field that holds the context (`{ ctx }`);
 * - `factories`: the names a project gives the function that builds it; the first one
 *   found exported by a project file that can hold AI values is taken.
 */
export interface FrameworkContext {
  framework: string;
  handlerMethods: readonly string[];
  field: string;
  factories: readonly string[];
}

export const FRAMEWORK_CONTEXTS: readonly FrameworkContext[] = [
  {
    framework: "tRPC",
    handlerMethods: ["query", "mutation", "subscription"],
    field: "ctx",
    factories: ["createInnerTRPCContext", "createTRPCContext", "createContextInner", "createInnerContext", "createContext"],
  },
];
