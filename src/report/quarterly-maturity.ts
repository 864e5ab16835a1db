import { maturityView } from "../app/maturity-view.ts";
import { ROADMAP_HEAD, roadmapRows, scopeHeading } from "./maturity.ts";
import type { QuarterlySectionBuilder } from "./quarterly-section.ts";

/**
 * The maturity roadmap as it stood at the quarter's end: each scope's latest
 * SAMM assessment before it, the practices below their target, largest gap
 * × business-function weight first, as `secmetrics maturity` prints it.
 */
export const maturityRoadmap: QuarterlySectionBuilder = async ({ store, quarter, config }) => {
  const status = await maturityView(store, { at: quarter.end, config });
  const assessed = status.scopes.map(scopeHeading).join("; ");
  return {
    id: "maturity",
    title: "Maturity Roadmap",
    definition:
      status.scopes.length === 0
        ? "The SAMM practices below their target at the quarter's end, largest gap × business-function weight first."
        : `The SAMM practices below their target at the quarter's end (${assessed}), largest gap × business-function weight first, each with the next activity to work on.`,
    columns: ROADMAP_HEAD,
    rows: roadmapRows(status.roadmap),
    empty:
      status.scopes.length === 0
        ? "No SAMM assessment before the quarter's end: import one (samm-yaml, samm-csv)."
        : "Every assessed practice is at or above its target.",
  };
};
