import type { Period } from "../../model/period.ts";
import { SEVERITIES, type Severity } from "../../model/severity.ts";
import { countValue, type MetricValue } from "../metric-value.ts";
import { AUDIT_SOURCES, type AuditFinding, type AuditSource } from "./records.ts";

const DAY_MS = 86_400_000;

/** Opened before `at` and not closed by it: a `closed_at` at or after `at` was still open then. */
export function isOpenAt(finding: AuditFinding, at: number): boolean {
  if (finding.opened_at >= at) return false;
  return finding.status !== "closed" || finding.closed_at === null || finding.closed_at >= at;
}

/** Whole days past its due date at `at`: 1 for up to a day late, 0 when not due yet or no due date. */
export function daysOverdue(finding: AuditFinding, at: number): number {
  return finding.due_at === null || finding.due_at >= at ? 0 : Math.ceil((at - finding.due_at) / DAY_MS);
}

const zeroCounts = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

/**
 * `audit_findings` at the period end, from each register's latest snapshot
 * before it. Details: the open findings by source and by severity, how many
 * are overdue, and the mean days to close of those closed within the period
 * (null when none was).
 */
export function auditFindingCounts(
  findings: readonly AuditFinding[],
  period: Pick<Period, "start" | "end">,
): Record<"audit_findings", MetricValue> {
  const open = findings.filter((finding) => isOpenAt(finding, period.end));
  const bySource = zeroCounts<AuditSource>(AUDIT_SOURCES);
  const bySeverity = zeroCounts<Severity>(SEVERITIES);
  for (const finding of open) {
    bySource[finding.source]++;
    bySeverity[finding.severity]++;
  }
  const closeDays = findings.flatMap((finding) =>
    finding.status === "closed" &&
    finding.closed_at !== null &&
    finding.closed_at >= period.start &&
    finding.closed_at < period.end
      ? [(finding.closed_at - finding.opened_at) / DAY_MS]
      : [],
  );
  return {
    audit_findings: countValue(open.length, {
      by_source: bySource,
      by_severity: bySeverity,
      overdue: open.filter((finding) => daysOverdue(finding, period.end) > 0).length,
      closed_in_period: closeDays.length,
      mean_days_to_close:
        closeDays.length === 0 ? null : closeDays.reduce((sum, days) => sum + days, 0) / closeDays.length,
      registers: [...new Set(findings.map((finding) => finding.feed))].sort(),
    }),
  };
}
