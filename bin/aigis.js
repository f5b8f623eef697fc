#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled sources (`npm run build`; a published package is built by `prepack`).
import { main } from "../dist/src/cli/main.js";
import { saveCompileCaches } from "../dist/src/facts/compile-cache.js";
import { loadTypeScriptWithCodeCache } from "../dist/src/facts/typescript.js";

// A reader that stops early (`aigis scan | head`) closes the pipe: not worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });
}

// The compiler is loaded through a code cache kept in the temp folder (AIGIS_NO_COMPILE_CACHE=1: never).
loadTypeScriptWithCodeCache();
process.exitCode = await main(process.argv);
saveCompileCaches();
