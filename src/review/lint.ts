import type { KpiReport } from "../app/kpi-report.ts";
import type { ResolvedMetric } from "../catalog/resolve.ts";

export type LintLevel = "error" | "warning";

export interface LintFinding {
  level: LintLevel;
  metric_id: string;
  /** The practice that makes a metric useless which the finding is about. */
  practice:
    | "measuring_without_ownership"
    | "manual_only_reporting"
    | "hiding_from_leadership"
    | "vanity_metric"
    | "ignoring_negative_trends";
  message: string;
}

/**
 * Checks the catalog, as configured, for practices that make metrics useless:
 * no owner, values typed in by hand or with no importer, metrics hidden from
 * leadership, metrics without a target (vanity metrics).
 * With `kpis`, it also flags negative trends and missed targets that nobody
 * owns, since nobody would act on them.
 */
export function lintCatalog(catalog: readonly ResolvedMetric[], kpis?: KpiReport): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const metric of catalog) {
    const add = (level: LintLevel, practice: LintFinding["practice"], message: string) =>
      findings.push({ level, metric_id: metric.id, practice, message });
    if (!metric.owner) {
      add(
        "error",
        "measuring_without_ownership",
        `${metric.id} has no owner: set categories.${metric.category}.owner or metrics.${metric.id}.owner`,
      );
    }
    if (metric.manual_only) {
      add(
        "error",
        "manual_only_reporting",
        `${metric.id} is marked manual_only: feed it from an importer instead of typed-in numbers`,
      );
    }
    if (metric.hidden) {
      add(
        "error",
        "hiding_from_leadership",
        `${metric.id} is hidden from reports: metrics are never hidden from leadership`,
      );
    }
    if (!metric.target && metric.direction !== "tracked") {
      add(
        "warning",
        "vanity_metric",
        `${metric.id} has no target: a number without a target drives no decision (set metrics.${metric.id}.target)`,
      );
    }
    if (metric.sources.length === 0) {
      add(
        "warning",
        "manual_only_reporting",
        `${metric.id} has no importer yet: it cannot be measured from raw data`,
      );
    }
  }
  for (const result of kpis?.metrics ?? []) {
    const negative = result.trend === "worsening" || result.status === "missed";
    if (negative && !result.owner) {
      findings.push({
        level: "error",
        metric_id: result.id,
        practice: "ignoring_negative_trends",
        message: `${result.id} is ${result.trend === "worsening" ? "worsening" : "missing its target"} in ${kpis?.period.id} and has no owner to act on it`,
      });
    }
  }
  return findings;
}
