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
import insecureProviderTransport from "./insecure-provider-transport.js";
import missingOutputTokenCap from "./missing-output-token-cap.js";
import untrustedInputInInstructions from "./untrusted-input-in-instructions.js";
import clientControlledRoles from "./client-controlled-roles.js";
import unvalidatedInputToModel from "./unvalidated-input-to-model.js";
import unboundedInputToModel from "./unbounded-input-to-model.js";
import modelOutputAsHtml from "./model-output-as-html.js";
import modelOutputExecuted from "./model-output-executed.js";
import keyInLogsOrResponses from "./key-in-logs-or-responses.js";
import promptInLogs from "./prompt-in-logs.js";
import aiInputWithoutModeration from "./ai-input-without-moderation.js";
import aiOutputWithoutModeration from "./ai-output-without-moderation.js";

export const ALL_RULES: readonly Rule[] = [hardcodedProviderKey, clientExposedKey, envFileNotIgnored, sharedKeyAcrossEnvironments, clientSideProviderCall, aiRouteWithoutAuth, aiRouteWithoutRateLimit, staticSharedKey, openCors, errorDetailsLeak, insecureProviderTransport, missingOutputTokenCap, untrustedInputInInstructions, clientControlledRoles, unvalidatedInputToModel, unboundedInputToModel, modelOutputAsHtml, modelOutputExecuted, keyInLogsOrResponses, promptInLogs, aiInputWithoutModeration, aiOutputWithoutModeration];
