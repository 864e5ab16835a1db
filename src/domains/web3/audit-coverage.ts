import type { Assessment, AuditScopeEntry } from "../assessments/records.ts";
import { iso } from "../drill-row.ts";
import { type MetricValue, percentValue } from "../metric-value.ts";
import { byKey } from "./compute.ts";
import { type ContractDeployment, deploymentKey } from "./records.ts";

/** Where a contract of the registry stands against the audits completed by the period end. */
export type CoverageStatus = "covered" | "code_differs" | "upgraded_after_audit" | "not_named";

export interface AuditVerdict<R extends ContractDeployment = ContractDeployment> {
  contract: R;
  /** The code judged: a proxy's implementation when the registry lists it, else the contract itself. */
  code: R;
  status: CoverageStatus;
  /** The audit that covers it; else the latest completed one naming it. */
  audit: Assessment | null;
  /** Covered with a hash of the scope equal to the deployed code's, not by name alone. */
  verified: boolean;
  /** Why it is not covered; null when it is. */
  reason: string | null;
}

/** What the verdicts are judged from: everything as it stood at the period end. */
export interface AuditCoverageInput<R extends ContractDeployment> {
  /** The registry's latest snapshot. */
  registry: readonly R[];
  /** When each contract was deployed (or first listed), by key. */
  deployedAt: ReadonlyMap<string, number>;
  /** The assessments register's latest snapshot. */
  assessments: readonly Assessment[];
  end: number;
  excludedChains: readonly number[];
}

type CodeCheck = { match: true } | { match: false; reason: string } | null;

const day = (ms: number) => iso(ms).slice(0, 10);

/**
 * Each contract of the registry (one per key, excluded chains left out)
 * against the smart contract audits completed by the end, the latest
 * first: covered by the first whose scope names it (or its implementation)
 * with the deployed code, or with no hash to tell; otherwise why not.
 * A scope's hash equal to the deployed code's covers it whenever it was
 * deployed; named without one, an implementation swapped in behind its
 * proxy after the audit completed is not the audited code. Pure.
 */
export function auditVerdicts<R extends ContractDeployment>(input: AuditCoverageInput<R>): AuditVerdict<R>[] {
  const keyed = byKey(input.registry);
  const completed = completedAudits(input.assessments, input.end);
  const pending = scopedAudits(input.assessments).filter((a) => !completed.includes(a));
  const upgrades = upgradeTimes([...keyed.values()], keyed, input.deployedAt);
  return [...keyed.values()]
    .filter((contract) => !input.excludedChains.includes(contract.chain_id))
    .map((contract) => {
      const implementation =
        contract.role === "proxy" && contract.implementation !== null
          ? keyed.get(deploymentKey(contract.chain_id, contract.implementation))
          : undefined;
      const code = implementation ?? contract;
      const naming = (audit: Assessment) =>
        (audit.contracts ?? []).filter((entry) => names(entry, contract) || names(entry, code));
      let failure: Omit<AuditVerdict<R>, "contract" | "code" | "verified"> | null = null;
      for (const audit of completed) {
        const entries = naming(audit);
        if (entries.length === 0) continue;
        const checks = entries.map((entry) => codeCheck(entry, code));
        if (checks.some((check) => check?.match === true))
          return { contract, code, status: "covered", audit, verified: true, reason: null };
        const upgradedAt = upgrades.get(code.external_id);
        const upgraded = upgradedAt !== undefined && upgradedAt > (audit.completed_at as number);
        if (checks.includes(null) && !upgraded)
          return { contract, code, status: "covered", audit, verified: false, reason: null };
        const differs = checks.find((check) => check?.match === false);
        failure ??=
          differs?.match === false
            ? {
                status: "code_differs",
                audit,
                reason: `${differs.reason} ${audit.external_id} audited on ${day(audit.completed_at as number)}`,
              }
            : {
                status: "upgraded_after_audit",
                audit,
                reason: `implementation ${code.address} upgraded on ${day(upgradedAt as number)}, after the audit ${audit.external_id} on ${day(audit.completed_at as number)}`,
              };
      }
      if (failure !== null) return { contract, code, verified: false, ...failure };
      const later = pending.filter((audit) => naming(audit).length > 0).map((audit) => audit.external_id);
      const reason =
        later.length === 0
          ? "no completed audit names it"
          : `no completed audit names it; ${later.join(", ")} names it, not completed by the period end`;
      return { contract, code, status: "not_named", audit: null, verified: false, reason };
    });
}

/** The smart contract audits whose register entry names what they cover. */
function scopedAudits(assessments: readonly Assessment[]): Assessment[] {
  return assessments.filter((a) => a.type === "smart_contract_audit" && a.contracts !== null);
}

/** Those completed by `end`, the latest first. */
export function completedAudits(assessments: readonly Assessment[], end: number): Assessment[] {
  return scopedAudits(assessments)
    .filter((a) => a.completed_at !== null && a.completed_at <= end)
    .sort((a, b) => (b.completed_at as number) - (a.completed_at as number));
}

/**
 * When each implementation was swapped in behind a proxy: its deployment,
 * when it came after that of the earliest proxy naming it. An
 * implementation deployed with its proxy was never upgraded.
 */
function upgradeTimes<R extends ContractDeployment>(
  contracts: readonly R[],
  keyed: ReadonlyMap<string, R>,
  deployedAt: ReadonlyMap<string, number>,
): Map<string, number> {
  const proxyFirst = new Map<string, number>();
  for (const proxy of contracts) {
    if (proxy.role !== "proxy" || proxy.implementation === null) continue;
    const key = deploymentKey(proxy.chain_id, proxy.implementation);
    const at = deployedAt.get(proxy.external_id);
    if (!keyed.has(key) || at === undefined) continue;
    proxyFirst.set(key, Math.min(at, proxyFirst.get(key) ?? at));
  }
  const upgrades = new Map<string, number>();
  for (const [key, proxyAt] of proxyFirst) {
    const at = deployedAt.get(key);
    if (at !== undefined && at > proxyAt) upgrades.set(key, at);
  }
  return upgrades;
}

/** A deployment name without hardhat-deploy's proxy halves' suffixes. */
function contractName(contract: ContractDeployment): string | null {
  return contract.name?.replace(/_(Implementation|Proxy)$/, "") ?? null;
}

/** Whether a scope entry names the contract: each of its contract, file and address; else its bytecode hash. */
function names(entry: AuditScopeEntry, contract: ContractDeployment): boolean {
  if (entry.contract === null && entry.file === null && entry.address === null)
    return entry.code_hash !== null && entry.code_hash === contract.code_hash;
  return (
    (entry.contract === null || entry.contract === contractName(contract)) &&
    (entry.file === null || entry.file === contract.contract_file) &&
    (entry.address === null ||
      (entry.address === contract.address &&
        (entry.chain_id === null || entry.chain_id === contract.chain_id)))
  );
}

/** Whether the deployed code is the audited one, by the hashes both sides carry; null when none can tell. */
function codeCheck(entry: AuditScopeEntry, code: ContractDeployment): CodeCheck {
  if (entry.code_hash !== null && code.code_hash !== null)
    return entry.code_hash === code.code_hash
      ? { match: true }
      : { match: false, reason: `bytecode is ${code.code_hash}, not the ${entry.code_hash}` };
  if (entry.source_hash !== null && code.source_hash !== null && entry.file === code.contract_file)
    return entry.source_hash === code.source_hash
      ? { match: true }
      : {
          match: false,
          reason: `source ${entry.file} is ${code.source_hash}, not the ${entry.source_hash}`,
        };
  return null;
}

/** smart_contract_audit_coverage: the share of the registry's contracts a completed audit covers. */
export function auditCoverage(verdicts: readonly AuditVerdict[], audits: number): MetricValue {
  const count = (status: CoverageStatus) => verdicts.filter((v) => v.status === status).length;
  return percentValue(count("covered"), verdicts.length, "no contract in the deployments registry", {
    contracts: verdicts.length,
    covered: count("covered"),
    verified: verdicts.filter((v) => v.verified).length,
    code_differs: count("code_differs"),
    upgraded_after_audit: count("upgraded_after_audit"),
    not_named: count("not_named"),
    audits_completed: audits,
  });
}
