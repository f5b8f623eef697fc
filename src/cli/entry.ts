/**
 * What the launcher (`bin/aigis.js`) needs, as one module: the build bundles it into
 * `dist/cli.js`, so a cold start loads one file instead of resolving and linking some 150
 * (about 0.08 s). The switch and the cache writer must share the bundle's module state.
 */
export { main } from "./main.js";
export { saveCompileCaches } from "../facts/compile-cache.js";
export { loadTypeScriptWithCodeCache } from "../facts/typescript.js";
