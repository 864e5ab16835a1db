import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { iso, recordRow } from "../drill-row.ts";
import { daysOverdue, isOpenAt } from "./compute.ts";
import { AUDIT_FINDING, type AuditFinding } from "./records.ts";

/**
 * The findings open at the period end, from the registers' latest snapshots
 * before it: the earliest due date first (so the most overdue lead), those
 * with no due date last.
 */
export async function auditFindingDrill(
  store: Store,
  _metricId: string,
  { period }: DrillContext,
  limit: number,
) {
  const findings = await store.snapshot<AuditFinding>(AUDIT_FINDING.kind, period.end);
  const open = findings
    .filter((finding) => isOpenAt(finding, period.end))
    .sort(
      (a, b) =>
        (a.due_at ?? Number.POSITIVE_INFINITY) - (b.due_at ?? Number.POSITIVE_INFINITY) ||
        a.external_id.localeCompare(b.external_id),
    );
  return open.slice(0, limit + 1).map((finding) =>
    recordRow(finding, finding.snapshot_at, {
      source: finding.source,
      control: finding.control,
      severity: finding.severity,
      status: finding.status,
      owner: finding.owner,
      due_at: iso(finding.due_at),
      days_overdue: daysOverdue(finding, period.end),
    }),
  );
}
