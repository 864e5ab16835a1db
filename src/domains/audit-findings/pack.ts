import type { DomainPack } from "../domain-pack.ts";
import { auditFindingCounts } from "./compute.ts";
import { auditFindingDrill } from "./drill.ts";
import { AUDIT_FINDINGS_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { AUDIT_FINDING, type AuditFinding } from "./records.ts";

/** Audit findings: each register's latest snapshot before the period end. */
export const auditFindings: DomainPack = {
  id: "audit-findings",
  recordKinds: [AUDIT_FINDING],
  migrations: MIGRATIONS,
  metrics: AUDIT_FINDINGS_METRICS,
  families: [
    {
      metrics: ["audit_findings"],
      kinds: [AUDIT_FINDING.kind],
      async dataEnd(store) {
        const at = await store.latestRecord(AUDIT_FINDING.kind);
        return at === null ? null : { at, record: "audit findings register" };
      },
      async compute(store, { period }) {
        return auditFindingCounts(await store.snapshot<AuditFinding>(AUDIT_FINDING.kind, period.end), period);
      },
      drill: auditFindingDrill,
    },
  ],
};
