import type { DomainPack } from "../domain-pack.ts";
import { triageMetric, triagePolicy } from "./compute.ts";
import { externalIncidentsDrill } from "./drill.ts";
import { EXTERNAL_INCIDENTS_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { incidentsOf, triagesByIncident } from "./queries.ts";
import { EXTERNAL_INCIDENT, EXTERNAL_TRIAGE } from "./records.ts";

/**
 * Learning from other projects: the public incidents of a list (DeFiHackLabs)
 * dated in the period, against the team's triage register, judged at the
 * period's end.
 */
export const externalIncidents: DomainPack = {
  id: "external-incidents",
  recordKinds: [EXTERNAL_INCIDENT, EXTERNAL_TRIAGE],
  migrations: MIGRATIONS,
  metrics: EXTERNAL_INCIDENTS_METRICS,
  families: [
    {
      metrics: ["external_incidents_triaged"],
      kinds: [EXTERNAL_INCIDENT.kind, EXTERNAL_TRIAGE.kind],
      // Until a team keeps a triage register, the list alone is no figure of theirs: no 0 %.
      async dataStart(store) {
        const first = await store.earliestRecord(EXTERNAL_TRIAGE.kind);
        return first === null ? null : store.earliestRecord(EXTERNAL_INCIDENT.kind);
      },
      async compute(store, { period, now, config }) {
        const [incidents, triages] = await Promise.all([
          incidentsOf(store, period),
          triagesByIncident(store),
        ]);
        // Judged at the period's end (now, while it runs), as the drill-down judges it.
        const at = Math.min(period.end, now);
        return { external_incidents_triaged: triageMetric(incidents, triages, triagePolicy(config), at) };
      },
      drill: externalIncidentsDrill,
    },
  ],
};
