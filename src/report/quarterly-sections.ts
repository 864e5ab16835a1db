import { nearMisses, overdueActionItems, postmortemLearnings } from "./quarterly-learning.ts";
import { maturityRoadmap } from "./quarterly-maturity.ts";
import { recognition } from "./quarterly-recognition.ts";
import type { QuarterlySectionBuilder } from "./quarterly-section.ts";

/**
 * The tables of the quarterly report, in the order shown. A pack whose
 * records belong in the quarterly review (tabletops, assessments…) adds
 * its builder here; every format renders the table it returns.
 */
export const QUARTERLY_SECTIONS: readonly QuarterlySectionBuilder[] = [
  postmortemLearnings,
  overdueActionItems,
  nearMisses,
  maturityRoadmap,
  recognition,
];
