import { isOpenAt } from "../domains/audit-findings/compute.ts";
import { AUDIT_FINDING, type AuditFinding } from "../domains/audit-findings/records.ts";
import { latestMappedResults } from "../domains/compliance-checks/queries.ts";
import {
  type ControlFinding,
  type ControlWaiver,
  type RequirementState,
  requirementStates,
} from "../domains/compliance-checks/requirements.ts";
import { exceptionState } from "../domains/exceptions/compute.ts";
import { EXCEPTION, type RiskException } from "../domains/exceptions/records.ts";
import type { Store } from "../store/store.ts";

/**
 * Where each framework requirement stands at `end`: the latest result of
 * each (asset, check) that evidences it, the audit findings open against
 * its control in the registers' latest snapshots, and the approved
 * exceptions (in force or lapsed) that waive it.
 */
export async function complianceStatus(store: Store, end: number): Promise<RequirementState[]> {
  const latest = await store.read((q) => latestMappedResults(q, end));
  const findings = (await store.snapshot<AuditFinding>(AUDIT_FINDING.kind, end)).flatMap(
    (finding): ControlFinding[] =>
      finding.control !== null && isOpenAt(finding, end)
        ? [{ id: finding.external_id, control: finding.control, due_at: finding.due_at }]
        : [],
  );
  const waivers = (await store.snapshot<RiskException>(EXCEPTION.kind, end)).flatMap(
    (exception): ControlWaiver[] => {
      const state = exceptionState(exception, end);
      return (state === "open" || state === "expired") && exception.scope.controls.length > 0
        ? [
            {
              id: exception.external_id,
              controls: exception.scope.controls,
              expires_at: exception.expires_at,
            },
          ]
        : [];
    },
  );
  return requirementStates(latest, findings, waivers);
}
