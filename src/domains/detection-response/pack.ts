import type { DomainPack } from "../domain-pack.ts";
import { alertMetrics, DEFAULT_INCIDENT_SLA, incidentMetrics } from "./compute.ts";
import { alertDrill, incidentDrill } from "./drill.ts";
import { DETECTION_RESPONSE_METRICS } from "./metrics.ts";
import { alertTally, incidentsDetected } from "./queries.ts";
import { ALERT, INCIDENT } from "./records.ts";

/** Incidents and alerts: how fast the team detects, acknowledges, responds and recovers, and alert quality. */
export const detectionResponse: DomainPack = {
  id: "detection-response",
  recordKinds: [INCIDENT, ALERT],
  migrations: [],
  metrics: DETECTION_RESPONSE_METRICS,
  families: [
    {
      metrics: [
        "mttd",
        "mtta",
        "mttr",
        "mttrec",
        "incident_count",
        "sev1_incidents",
        "p0_p1_incidents",
        "incidents_within_sla",
      ],
      kinds: [INCIDENT.kind],
      async compute(store, { period, now, config }) {
        return incidentMetrics(await incidentsDetected(store, period), {
          period,
          now,
          incidentSla: { ...DEFAULT_INCIDENT_SLA, ...config.incident_sla },
        });
      },
      drill: incidentDrill,
    },
    {
      metrics: ["alert_to_incident_ratio", "false_positive_rate"],
      kinds: [ALERT.kind],
      async compute(store, { period }) {
        return alertMetrics(await store.read((q) => alertTally(q, period)));
      },
      drill: alertDrill,
    },
  ],
};
