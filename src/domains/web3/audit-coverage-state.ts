import type { Config } from "../../config/schema.ts";
import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { ASSESSMENT, type Assessment } from "../assessments/records.ts";
import { type AuditVerdict, auditVerdicts, completedAudits } from "./audit-coverage.ts";
import { deployTimes } from "./monitoring.ts";
import { CONTRACT_DEPLOYMENT, type ContractDeployment } from "./records.ts";

/** The registry's contracts judged against the audits, as both stood before `end`. */
export interface AuditCoverageState {
  verdicts: AuditVerdict<Stored<ContractDeployment>>[];
  /** How many smart contract audits naming their scope had completed. */
  audits: number;
}

/**
 * Reads the latest registry and assessments register snapshots before
 * `end`, and the registry's history for when each contract was deployed;
 * null when no registry was imported by then.
 */
export async function auditCoverageState(
  store: Store,
  end: number,
  config: Config,
): Promise<AuditCoverageState | null> {
  const [registry, history, assessments] = await Promise.all([
    store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, end),
    store.records<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, { start: 0, end }),
    store.snapshot<Assessment>(ASSESSMENT.kind, end),
  ]);
  if (registry.length === 0) return null;
  return {
    verdicts: auditVerdicts({
      registry,
      deployedAt: deployTimes(history),
      assessments,
      end,
      excludedChains: config.web3.excluded_chains,
    }),
    audits: completedAudits(assessments, end).length,
  };
}
