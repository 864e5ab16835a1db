import type { Store } from "../../store/store.ts";
import { ASSESSMENT } from "../assessments/records.ts";
import { ALERT } from "../detection-response/records.ts";
import type { DataEnd, DomainPack } from "../domain-pack.ts";
import { missingValue } from "../metric-value.ts";
import { auditCoverage } from "./audit-coverage.ts";
import { auditCoverageDrill } from "./audit-coverage-drill.ts";
import { auditCoverageState } from "./audit-coverage-state.ts";
import {
  eventEmissionCoverage,
  interfaceCollisions,
  newDeployments,
  registryChanges,
  registryCheck,
} from "./compute.ts";
import { eventEmissionCoverageDrill, interfaceCollisionsDrill, newDeploymentsDrill } from "./drill.ts";
import { WEB3_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { monitorAlertPrecision } from "./monitor-alerts.ts";
import { alertsOfMonitors, monitorAlertsDrill } from "./monitor-alerts-drill.ts";
import { activeMonitors, contractWatchers } from "./monitoring.ts";
import { monitoringDrill } from "./monitoring-drill.ts";
import {
  addressCoverage,
  criticalFunctionCoverage,
  eventCoverage,
  monitoringLag,
  unmonitoredDeployments,
  unwatchedContracts,
  watchLags,
} from "./monitoring-metrics.ts";
import { monitoringState } from "./monitoring-state.ts";
import {
  CONTRACT_DEPLOYMENT,
  type ContractDeployment,
  MONITOR_CONFIG,
  type MonitorConfig,
} from "./records.ts";

const MONITORING_METRICS = [
  "monitoring_address_coverage",
  "monitoring_event_coverage",
  "critical_function_coverage",
  "monitoring_lag",
  "unmonitored_deployments",
] as const;

/** Where the registry's data ends: its latest snapshot, named as such in a stale reason. */
async function registryEnd(store: Store): Promise<DataEnd | null> {
  const at = await store.latestRecord(CONTRACT_DEPLOYMENT.kind);
  return at === null ? null : { at, record: "deployments registry" };
}

/** Smart contracts: the deployments registry's latest snapshots, compared across the period and checked at its end. */
export const web3: DomainPack = {
  id: "web3",
  recordKinds: [CONTRACT_DEPLOYMENT, MONITOR_CONFIG],
  migrations: MIGRATIONS,
  metrics: WEB3_METRICS,
  families: [
    {
      metrics: ["new_deployments"],
      kinds: [CONTRACT_DEPLOYMENT.kind],
      dataEnd: registryEnd,
      async compute(store, { period }) {
        const [before, after, monitors] = await Promise.all([
          store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.start),
          store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.end),
          store.snapshot<MonitorConfig>(MONITOR_CONFIG.kind, period.end),
        ]);
        const changes = registryChanges(before, after);
        const watchers = contractWatchers(after, monitors);
        const unmonitored = changes.added.filter(
          (c) => (watchers.get(c.external_id)?.monitors.length ?? 0) === 0,
        ).length;
        return { new_deployments: newDeployments(changes, monitors.length > 0 ? unmonitored : undefined) };
      },
      drill: (store, _metricId, context, limit) => newDeploymentsDrill(store, context, limit),
    },
    {
      metrics: ["interface_collisions"],
      kinds: [CONTRACT_DEPLOYMENT.kind],
      dataEnd: registryEnd,
      async compute(store, { period, config }) {
        const contracts = await store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.end);
        return {
          interface_collisions: interfaceCollisions(registryCheck(contracts, config.web3.allowed_names)),
        };
      },
      drill: (store, _metricId, context, limit) => interfaceCollisionsDrill(store, context, limit),
    },
    {
      metrics: MONITORING_METRICS,
      kinds: [MONITOR_CONFIG.kind, CONTRACT_DEPLOYMENT.kind],
      // Coverage means something once a monitor configuration is known, not from the registry's start.
      dataStart: (store) => store.earliestRecord(MONITOR_CONFIG.kind),
      async compute(store, { period, config }) {
        const state = await monitoringState(store, period.end, config);
        if (state === null) {
          const missing = missingValue("no monitor configuration imported before the period's end");
          return Object.fromEntries(MONITORING_METRICS.map((id) => [id, missing]));
        }
        const { coverages, deployedAt, monitors } = state;
        const sla = config.web3.monitoring_sla_hours;
        const unwatched = unwatchedContracts(coverages, deployedAt, period.end, sla);
        const active = activeMonitors(monitors).length;
        return {
          monitoring_address_coverage: addressCoverage(coverages, {
            active,
            paused: monitors.length - active,
          }),
          monitoring_event_coverage: eventCoverage(coverages),
          critical_function_coverage: criticalFunctionCoverage(coverages),
          monitoring_lag: monitoringLag(
            watchLags(coverages, deployedAt, state.firstWatched, period),
            unwatched,
          ),
          unmonitored_deployments: unmonitoredDeployments(unwatched, sla),
        };
      },
      drill: monitoringDrill,
    },
    {
      metrics: ["monitor_alert_precision"],
      kinds: [MONITOR_CONFIG.kind, ALERT.kind],
      dataStart: (store) => store.earliestRecord(MONITOR_CONFIG.kind),
      async compute(store, { period }) {
        return {
          monitor_alert_precision: monitorAlertPrecision(await alertsOfMonitors(store, period), period),
        };
      },
      drill: (store, _metricId, { period }, limit) => monitorAlertsDrill(store, period, limit),
    },
    {
      metrics: ["smart_contract_audit_coverage"],
      kinds: [CONTRACT_DEPLOYMENT.kind, ASSESSMENT.kind],
      // Coverage means something once an assessments register is known, not from the registry's start.
      dataStart: (store) => store.earliestRecord(ASSESSMENT.kind),
      dataEnd: registryEnd,
      async compute(store, { period, config }) {
        const state = await auditCoverageState(store, period.end, config);
        return {
          smart_contract_audit_coverage:
            state === null
              ? missingValue("no deployments registry imported before the period's end")
              : auditCoverage(state.verdicts, state.audits),
        };
      },
      drill: (store, _metricId, context, limit) => auditCoverageDrill(store, context, limit),
    },
    {
      metrics: ["event_emission_coverage"],
      kinds: [CONTRACT_DEPLOYMENT.kind],
      dataEnd: registryEnd,
      async compute(store, { period }) {
        const contracts = await store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.end);
        return { event_emission_coverage: eventEmissionCoverage(contracts) };
      },
      drill: (store, _metricId, context, limit) => eventEmissionCoverageDrill(store, context, limit),
    },
  ],
};
