/** Every rule aigis ships, in the order their docs list them. Add a rule: one file here, one line below. */
import type { Rule } from "../src/engine/rule.js";
import hardcodedProviderKey from "./hardcoded-provider-key.js";
import clientExposedKey from "./client-exposed-key.js";
import envFileNotIgnored from "./env-file-not-ignored.js";
import sharedKeyAcrossEnvironments from "./shared-key-across-environments.js";
import clientSideProviderCall from "./client-side-provider-call.js";
import staticSharedKey from "./static-shared-key.js";
import openCors from "./open-cors.js";
import errorDetailsLeak from "./error-details-leak.js";
import aiRouteWithoutAuth from "./ai-route-without-auth.js";
import aiRouteWithoutRateLimit from "./ai-route-without-rate-limit.js";

export const ALL_RULES: readonly Rule[] = [hardcodedProviderKey, clientExposedKey, envFileNotIgnored, sharedKeyAcrossEnvironments, clientSideProviderCall, aiRouteWithoutAuth, aiRouteWithoutRateLimit, staticSharedKey, openCors, errorDetailsLeak];
