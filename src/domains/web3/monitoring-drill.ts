import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import { countedFirst } from "./drill.ts";
import type { ContractCoverage } from "./monitoring.ts";
import { unwatchedContracts, watchLags } from "./monitoring-metrics.ts";
import { monitoringState } from "./monitoring-state.ts";
import type { ContractDeployment } from "./records.ts";

function contractRow(
  coverage: ContractCoverage,
  fields: DrillRow["fields"],
  counted: boolean,
  note: string | null,
  item?: string,
): DrillRow {
  const contract = coverage.contract as Stored<ContractDeployment>;
  const row = recordRow(
    contract,
    contract.snapshot_at,
    {
      chain_id: contract.chain_id,
      address: contract.address,
      name: contract.name,
      role: contract.role,
      ...fields,
    },
    counted,
    note,
  );
  // One row per event or function: the contract's key and the signature tell them apart.
  return item === undefined ? row : { ...row, id: `${row.id} ${item}` };
}

const names = (monitors: readonly string[]) => (monitors.length === 0 ? null : monitors.join("; "));

/**
 * The contracts (address coverage, lag, unmonitored), events or functions
 * behind a monitoring metric, by the rules its value is computed with:
 * those counted first, then the others with why not.
 */
export async function monitoringDrill(
  store: Store,
  metricId: string,
  { period, config }: DrillContext,
  limit: number,
): Promise<DrillRow[]> {
  const state = await monitoringState(store, period.end, config);
  if (state === null) return [];
  const { coverages, deployedAt } = state;
  const deployed = (c: ContractCoverage) => iso(deployedAt.get(c.contract.external_id) ?? null);
  switch (metricId) {
    case "monitoring_address_coverage":
      return countedFirst(
        coverages.map((c) =>
          contractRow(
            c,
            { monitored_by: names(c.monitors) },
            c.monitors.length > 0,
            c.monitors.length > 0 ? null : "no active monitor watches it",
          ),
        ),
        limit,
      );
    case "monitoring_event_coverage":
      return countedFirst(
        coverages.flatMap((c) =>
          c.events.map((e) =>
            contractRow(
              c,
              { event: e.signature, monitored_by: names(e.monitors) },
              e.monitors.length > 0,
              e.monitors.length > 0
                ? null
                : c.monitors.length > 0
                  ? "no monitor matches the event"
                  : "contract unwatched",
              e.signature,
            ),
          ),
        ),
        limit,
      );
    case "critical_function_coverage":
      return countedFirst(
        coverages.flatMap((c) =>
          c.functions.map((f) =>
            contractRow(
              c,
              {
                function: f.signature,
                mutability: f.mutability,
                watched_by: f.watched,
                via_event: f.via,
                monitored_by: names(f.monitors),
              },
              f.watched !== null,
              f.watched !== null
                ? null
                : c.monitors.length > 0
                  ? "no monitor matches it or an event it emits"
                  : "contract unwatched",
              f.signature,
            ),
          ),
        ),
        limit,
      );
    case "monitoring_lag": {
      const lags = watchLags(coverages, deployedAt, state.firstWatched, period);
      const unwatched = unwatchedContracts(
        coverages,
        deployedAt,
        period.end,
        config.web3.monitoring_sla_hours,
      );
      return countedFirst(
        [
          ...lags.map((l) =>
            contractRow(
              l.coverage,
              {
                deployed_at: iso(l.deployedAt),
                watched_at: iso(l.watchedAt),
                duration_seconds: l.seconds,
                monitored_by: names(l.coverage.monitors),
              },
              true,
              null,
            ),
          ),
          ...unwatched.map((u) =>
            contractRow(u.coverage, { deployed_at: deployed(u.coverage) }, false, "not watched yet"),
          ),
        ],
        limit,
      );
    }
    default: {
      const sla = config.web3.monitoring_sla_hours;
      return countedFirst(
        unwatchedContracts(coverages, deployedAt, period.end, sla).map((u) =>
          contractRow(
            u.coverage,
            { deployed_at: deployed(u.coverage), age_hours: Math.floor(u.age / 3_600_000) },
            u.overSla,
            u.overSla ? null : `within the ${sla} h SLA`,
          ),
        ),
        limit,
      );
    }
  }
}
