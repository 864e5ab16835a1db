import { INCIDENT } from "../detection-response/records.ts";
import type { DomainPack } from "../domain-pack.ts";
import { coveragePolicy, nearMissRatio, postmortemMetrics } from "./compute.ts";
import { nearMissDrill, postmortemDrill } from "./drill.ts";
import { POSTMORTEMS_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { firstNearMiss, incidentsOf, latestPostmortems } from "./queries.ts";
import { POSTMORTEM } from "./records.ts";

/**
 * Post-mortems of incidents and near-misses, read from each folder's latest
 * import; coverage joins them with the incidents. Their data begins with
 * the earliest event a post-mortem is about: a team that keeps none has no
 * coverage figure rather than 0 %. Near-misses come with the incidents
 * and are counted against them.
 */
export const postmortems: DomainPack = {
  id: "postmortems",
  recordKinds: [POSTMORTEM],
  migrations: MIGRATIONS,
  metrics: POSTMORTEMS_METRICS,
  families: [
    {
      metrics: ["postmortem_coverage", "repeat_root_causes", "control_effectiveness"],
      kinds: [POSTMORTEM.kind, INCIDENT.kind],
      async dataStart(store) {
        const dates = (await latestPostmortems(store)).map((postmortem) => postmortem.date);
        return dates.length > 0 ? Math.min(...dates) : null;
      },
      async dataEnd(store) {
        const at = await store.latestRecord(POSTMORTEM.kind);
        return at === null ? null : { at, record: "post-mortems folder" };
      },
      async compute(store, { period, config }) {
        const [incidents, latest] = await Promise.all([incidentsOf(store, period), latestPostmortems(store)]);
        return postmortemMetrics(incidents, latest, period, coveragePolicy(config));
      },
      drill: postmortemDrill,
    },
    {
      metrics: ["near_miss_ratio"],
      kinds: [INCIDENT.kind],
      // Until a first near-miss is reported the kind column is not in use: no figure, rather than 0.
      dataStart: firstNearMiss,
      async compute(store, { period }) {
        return { near_miss_ratio: nearMissRatio(await incidentsOf(store, period)) };
      },
      drill: nearMissDrill,
    },
  ],
};
