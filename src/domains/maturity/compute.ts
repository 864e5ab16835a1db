import { countValue, emptyValue, type MetricValue } from "../metric-value.ts";
import type { MaturityStatus } from "./status.ts";

type MaturityMetric = "maturity_score" | "maturity_gaps";

/**
 * The maturity metrics of a period from every scope's standing at its end:
 * the mean practice score over all scopes' practices (each scope weighs by
 * its fifteen practices, so scopes count alike), and the practices below
 * their target.
 */
export function maturityMetrics({ scopes, roadmap }: MaturityStatus): Record<MaturityMetric, MetricValue> {
  const practices = scopes.flatMap((scope) => scope.practices);
  const byScope = (value: (scope: MaturityStatus["scopes"][number]) => number) =>
    Object.fromEntries(scopes.map((scope) => [scope.scope, value(scope)]));
  const gapsOf = (scope: string) => roadmap.filter((gap) => gap.scope === scope).length;
  const score: MetricValue =
    practices.length === 0
      ? emptyValue("no scope assessed before the period end")
      : {
          ...countValue(practices.length, { by_scope: byScope((scope) => scope.score) }),
          value: practices.reduce((total, practice) => total + practice.score, 0) / practices.length,
        };
  return {
    maturity_score: score,
    maturity_gaps: countValue(roadmap.length, { by_scope: byScope((scope) => gapsOf(scope.scope)) }),
  };
}
