#!/usr/bin/env node
// Thin launcher: the CLI is the compiled sources bundled into one file (`npm run build`; a published package is built by `prepack`).
import { loadTypeScriptWithCodeCache, main, saveCompileCaches } from "../dist/cli.js";

// A reader that stops early (`aigis scan | head`) closes the pipe: not worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });
}

// The compiler is loaded through a V8 code cache in the user cache folder (AIGIS_NO_COMPILE_CACHE=1: never).
loadTypeScriptWithCodeCache();
process.exitCode = await main(process.argv);
saveCompileCaches();
