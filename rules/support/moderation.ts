/** PI-3 and OF-3 report from the moderation model (`src/model/moderation.ts`) the same way. */
import type { ProjectRuleContext } from "../../src/engine/rule.js";
import type { ProjectModel } from "../../src/model/project.js";
import { routeModeration, type RouteModeration } from "../../src/model/moderation.js";
import { describeCall, describeRoute, reportAtRoute } from "./route-report.js";

export { isPlanGated } from "../../src/model/moderation.js";

/**
 * Shared by PI-3 and OF-3: for each route that is a subject of one side, the screenings of
 * that side are its evidence; a subject without any is a finding at the route.
 */
export function reportScreening(
  project: ProjectModel,
  context: ProjectRuleContext,
  side: "input" | "output",
  isSubject: (route: RouteModeration) => boolean,
  message: (route: string, call: string) => string,
): void {
  for (const route of routeModeration(project, context.ts)) {
    if (!isSubject(route)) continue;
    context.judged();
    for (const place of route[side]) {
      const file = project.file(place.file);
      if (file) context.evidence({ file, start: place.start, note: `${place.label} on the ${side} of ${describeRoute(route.ai)}` });
    }
    if (route[side].length > 0) continue;
    // The output side names the call whose answer is sent, which may not be the first one reached.
    const call = side === "output" ? (route.outputCall ?? route.call) : route.call;
    reportAtRoute(project, context, route.ai, message(describeRoute(route.ai), describeCall(project, { ...route.ai, reach: { ...route.ai.reach, call } })));
  }
}
