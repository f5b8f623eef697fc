/** The route extractors, one per framework family. Add a framework: one file, one line here. */
import type { RouteExtractor } from "./types.js";
import { extractServerAppRoutes } from "./server-apps.js";

export const ROUTE_EXTRACTORS: readonly RouteExtractor[] = [extractServerAppRoutes];
