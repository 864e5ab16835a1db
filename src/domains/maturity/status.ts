import type { MaturityConfig } from "../../config/maturity.ts";
import { mean } from "../statistics.ts";
import { gapOf, type MaturityGap, orderRoadmap } from "./roadmap.ts";
import {
  type Assessment,
  latestByScope,
  levelOf,
  type PracticeScore,
  practiceScores,
  targetOf,
} from "./scoring.ts";

/** A practice in a scope's latest assessment, beside the previous one and its target. */
export interface PracticeStatus extends PracticeScore {
  previous: number | null;
  /** Score minus the previous assessment's; null for a first assessment. */
  change: number | null;
  target: number | null;
  target_level: string | null;
}

/** Where one scope stands: its latest assessment, practice by practice. */
export interface ScopeStatus {
  scope: string;
  assessed_at: number;
  assessor: string | null;
  previous_assessed_at: number | null;
  /** The mean of its practice scores. */
  score: number;
  practices: PracticeStatus[];
}

/** Every scope's standing at `at` (the latest assessment before it), and the roadmap to the targets. */
export interface MaturityStatus {
  scopes: ScopeStatus[];
  roadmap: MaturityGap[];
}

export function maturityStatus(
  assessments: readonly Assessment[],
  at: number,
  config: MaturityConfig,
): MaturityStatus {
  const scopes: ScopeStatus[] = [];
  const gaps: MaturityGap[] = [];
  for (const { current, previous } of latestByScope(assessments, at)) {
    const before = previous ? practiceScores(previous, config.bands) : [];
    const practices = practiceScores(current, config.bands).map((score, index) => {
      const earlier = before[index]?.score ?? null;
      const target = targetOf(score.practice, config);
      return {
        ...score,
        previous: earlier,
        change: earlier === null ? null : score.score - earlier,
        target,
        target_level: target === null ? null : levelOf(target, config.bands),
      };
    });
    for (const practice of practices) {
      const gap = gapOf(practice, current, config);
      if (gap) gaps.push(gap);
    }
    scopes.push({
      scope: current.scope,
      assessed_at: current.assessed_at,
      assessor: current.assessor,
      previous_assessed_at: previous?.assessed_at ?? null,
      score: mean(practices.map((practice) => practice.score)) ?? 0,
      practices,
    });
  }
  return { scopes, roadmap: orderRoadmap(gaps) };
}
