/** The route extractors, one per framework family. Add a framework: one file, one line here. */
import type { RouteExtractor } from "./types.js";
import { extractServerAppRoutes } from "./server-apps.js";
import { extractNestRoutes } from "./nest.js";
import { extractTrpcRoutes } from "./trpc.js";
import { extractTrpcV9Routes } from "./trpc-v9.js";
import { extractNextRoutes } from "./nextjs.js";
import { extractSvelteKitRoutes } from "./sveltekit.js";
import { extractNuxtRoutes } from "./nuxt.js";
import { extractRemixRoutes } from "./remix.js";
import { extractFetchHandlerRoutes } from "./fetch-handlers.js";

export const ROUTE_EXTRACTORS: readonly RouteExtractor[] = [extractServerAppRoutes, extractNestRoutes, extractTrpcRoutes, extractTrpcV9Routes, extractNextRoutes, extractSvelteKitRoutes, extractNuxtRoutes, extractRemixRoutes, extractFetchHandlerRoutes];
