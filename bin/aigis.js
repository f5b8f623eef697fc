#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled sources (`npm run build`; a published package is built by `prepack`).
import { main } from "../dist/src/cli/main.js";

// A reader that stops early (`aigis scan | head`) closes the pipe: not worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });
}

process.exitCode = await main(process.argv);
