#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled sources (built by `npm run build`, run on `npm ci`).
import { main } from "../dist/src/cli/main.js";

process.exitCode = await main(process.argv);
