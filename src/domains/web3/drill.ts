import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import { analysedFunctions, byKey, registryChanges, registryCheck } from "./compute.ts";
import { contractWatchers } from "./monitoring.ts";
import {
  CONTRACT_DEPLOYMENT,
  type ContractDeployment,
  MONITOR_CONFIG,
  type MonitorConfig,
} from "./records.ts";

/** The rows that count first, then the others with why not, one more than `limit` to tell there are more. */
export function countedFirst(rows: readonly DrillRow[], limit: number): DrillRow[] {
  return [...rows.filter((r) => r.counted), ...rows.filter((r) => !r.counted)].slice(0, limit + 1);
}

/** A registry contract as a drill row shows it. */
export function contractFields(contract: ContractDeployment) {
  return {
    chain_id: contract.chain_id,
    address: contract.address,
    name: contract.name,
    version: contract.version,
    role: contract.role,
    deployed_at: iso(contract.deployed_at),
    block_number: contract.block_number,
    source_file: contract.source_file,
  };
}

/**
 * new_deployments: the contracts that appeared over the period (counted),
 * each with the monitors watching it at the period end, then those that
 * disappeared (named, not counted), each in key order.
 */
export async function newDeploymentsDrill(store: Store, { period }: DrillContext, limit: number) {
  const [before, after, monitors] = await Promise.all([
    store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.start),
    store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.end),
    store.snapshot<MonitorConfig>(MONITOR_CONFIG.kind, period.end),
  ]);
  const { added, removed } = registryChanges(before, after);
  const watchers = contractWatchers(after, monitors);
  const monitoredBy = (c: ContractDeployment) => watchers.get(c.external_id)?.monitors.join("; ") || null;
  return [
    ...added.map((c) =>
      recordRow(c, c.snapshot_at, { change: "new", ...contractFields(c), monitored_by: monitoredBy(c) }),
    ),
    ...removed.map((c) =>
      recordRow(
        c,
        c.snapshot_at,
        { change: "removed", ...contractFields(c) },
        false,
        "no longer in the registry",
      ),
    ),
  ].slice(0, limit + 1);
}

/**
 * interface_collisions: every contract of the registry at period end, those
 * in a counted collision first with the findings they take part in.
 */
export async function interfaceCollisionsDrill(
  store: Store,
  { period, config }: DrillContext,
  limit: number,
) {
  const contracts = [
    ...byKey(await store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.end)).values(),
  ];
  const check = registryCheck(contracts, config.web3.allowed_names);
  const findingsOf = new Map<string, string[]>();
  for (const finding of check.findings) {
    if (finding.level === "note") continue;
    for (const member of finding.members)
      for (const ref of member.contracts) {
        const key = `${ref.chain_id}:${ref.address}`;
        findingsOf.set(key, [...(findingsOf.get(key) ?? []), `${finding.rule}: ${finding.message}`]);
      }
  }
  const row = (c: Stored<ContractDeployment>) => {
    const findings = findingsOf.get(c.external_id) ?? [];
    const note = findings.length > 0 ? null : c.abi === null ? "no ABI" : "no collision";
    return recordRow(
      c,
      c.snapshot_at,
      { ...contractFields(c), findings: findings.join("; ") || null },
      note === null,
      note,
    );
  };
  const rows = contracts.map(row);
  return countedFirst(rows, limit);
}

const NOT_COUNTED = {
  external_only: "emits only through a call to another contract",
  none: "emits no event",
} as const;

/**
 * event_emission_coverage: one row per state-changing function of the
 * registry at period end, those that emit first (counted), then those that
 * do not, with why; then the contracts left unanalysed, named.
 */
export async function eventEmissionCoverageDrill(store: Store, { period }: DrillContext, limit: number) {
  const contracts = await store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.end);
  const { functions, unanalysed } = analysedFunctions(contracts);
  const rows = functions.map(({ contract, function: f }) =>
    recordRow(
      { ...contract, external_id: `${contract.external_id}:${f.selector}` },
      contract.snapshot_at,
      {
        name: contract.name,
        chain_id: contract.chain_id,
        address: contract.address,
        signature: f.signature,
        selector: f.selector,
        emission: f.emission,
        events: f.events.join(", ") || null,
        assembly_log: f.assembly_log,
        analysis: contract.analysis,
      },
      f.emission === "emits",
      f.emission === "emits" ? null : NOT_COUNTED[f.emission],
    ),
  );
  const unanalysedRows = unanalysed.map((c) =>
    recordRow(
      c,
      c.snapshot_at,
      { ...contractFields(c), analysis: null },
      false,
      "no source or AST to analyse",
    ),
  );
  return [...rows.filter((r) => r.counted), ...rows.filter((r) => !r.counted), ...unanalysedRows].slice(
    0,
    limit + 1,
  );
}
