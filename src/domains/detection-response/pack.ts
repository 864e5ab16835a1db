import { type DomainPack, type MetricFamily, onePeriodOf } from "../domain-pack.ts";
import { alertMetrics, DEFAULT_INCIDENT_SLA, incidentMetrics } from "./compute.ts";
import { alertDrill, incidentDrill } from "./drill.ts";
import { DETECTION_RESPONSE_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { alertTallies, incidentTimelines } from "./queries.ts";
import { ALERT, INCIDENT } from "./records.ts";

const incidentSeries: NonNullable<MetricFamily["computeSeries"]> = async (
  store,
  { periods, now, config },
) => {
  const incidentSla = { ...DEFAULT_INCIDENT_SLA, ...config.incident_sla };
  const timelines = await store.read((q) => incidentTimelines(q, periods));
  return periods.map((period, index) =>
    incidentMetrics(timelines[index] ?? [], { period, now, incidentSla }),
  );
};

const alertSeries: NonNullable<MetricFamily["computeSeries"]> = async (store, { periods }) =>
  (await store.read((q) => alertTallies(q, periods))).map(alertMetrics);

/** Incidents and alerts: how fast the team detects, acknowledges, responds and recovers, and alert quality. */
export const detectionResponse: DomainPack = {
  id: "detection-response",
  recordKinds: [INCIDENT, ALERT],
  migrations: MIGRATIONS,
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
      compute: onePeriodOf(incidentSeries),
      computeSeries: incidentSeries,
      drill: incidentDrill,
    },
    {
      metrics: ["alert_to_incident_ratio", "false_positive_rate"],
      kinds: [ALERT.kind],
      compute: onePeriodOf(alertSeries),
      computeSeries: alertSeries,
      drill: alertDrill,
    },
  ],
};
