import { countValue, emptyValue, type MetricValue } from "../metric-value.ts";
import { mean } from "../statistics.ts";
import type { MaturityStatus, ScopeStatus } from "./status.ts";

type MaturityMetric = "maturity_score" | "maturity_gaps";

/**
 * The maturity metrics of a period from every scope's standing at its end:
 * the mean practice score over all scopes' practices (every scope has the
 * same fifteen, so scopes weigh alike), and the practices below their
 * target. `n` of the score is the number of practice scores averaged.
 */
export function maturityMetrics({ scopes, roadmap }: MaturityStatus): Record<MaturityMetric, MetricValue> {
  const scores = scopes.flatMap((scope) => scope.practices.map((practice) => practice.score));
  const byScope = (value: (scope: ScopeStatus) => number) =>
    Object.fromEntries(scopes.map((scope) => [scope.scope, value(scope)]));
  const average = mean(scores);
  return {
    maturity_score:
      average === null
        ? emptyValue("no scope assessed before the period end")
        : { ...countValue(scores.length, { by_scope: byScope((scope) => scope.score) }), value: average },
    maturity_gaps: countValue(roadmap.length, {
      by_scope: byScope((scope) => roadmap.filter((gap) => gap.scope === scope.scope).length),
    }),
  };
}
