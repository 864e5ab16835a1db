import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import { auditCoverageState } from "./audit-coverage-state.ts";
import { contractFields, countedFirst } from "./drill.ts";

/**
 * smart_contract_audit_coverage: each contract of the registry at period
 * end, those covered first, with the audit that covers it, or why not.
 */
export async function auditCoverageDrill(
  store: Store,
  { period, config }: DrillContext,
  limit: number,
): Promise<DrillRow[]> {
  const state = await auditCoverageState(store, period.end, config);
  if (state === null) return [];
  const rows = state.verdicts.map((verdict) => {
    const { contract, code, audit } = verdict;
    return recordRow(
      contract,
      contract.snapshot_at,
      {
        ...contractFields(contract),
        implementation: code === contract ? null : code.address,
        contract_file: code.contract_file,
        source_hash: code.source_hash,
        code_hash: code.code_hash,
        status: verdict.status,
        audit: audit?.external_id ?? null,
        audit_completed_at: iso(audit?.completed_at ?? null),
        verified_by_hash: verdict.verified,
      },
      verdict.status === "covered",
      verdict.reason,
    );
  });
  return countedFirst(rows, limit);
}
