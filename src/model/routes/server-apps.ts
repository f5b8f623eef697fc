/** Express, Koa, Hono and Fastify routes (in progress: the lead engineer is writing this file). */
import type { Route, ExtractorContext } from "./types.js";

export function extractServerAppRoutes(_context: ExtractorContext): Route[] {
  return [];
}
