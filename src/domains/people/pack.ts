import { INCIDENT } from "../detection-response/records.ts";
import { type DomainPack, type MetricFamily, onePeriodOf } from "../domain-pack.ts";
import { championCoverage, securityTeamSet, staffReportedNearMisses, trainingCompliance } from "./compute.ts";
import { championDrill, nearMissReporterDrill, trainingDrill } from "./drill.ts";
import { PEOPLE_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { nearMissReportersOf, trainingAt } from "./queries.ts";
import { PERSON, type Person, TRAINING_ASSIGNMENT } from "./records.ts";

const nearMissSeries: NonNullable<MetricFamily["computeSeries"]> = async (store, { periods, config }) => {
  const teams = securityTeamSet(config.people.security_teams);
  return (await nearMissReportersOf(store, periods)).map(({ nearMisses, people }) => ({
    near_misses_reported_by_staff: staffReportedNearMisses(nearMisses, people, teams),
  }));
};

/** People: the roster's latest snapshot before the period end, with the training assignments and near-misses it judges. */
export const people: DomainPack = {
  id: "people",
  recordKinds: [PERSON, TRAINING_ASSIGNMENT],
  migrations: MIGRATIONS,
  metrics: PEOPLE_METRICS,
  families: [
    {
      metrics: ["training_compliance"],
      kinds: [PERSON.kind, TRAINING_ASSIGNMENT.kind],
      // The roster is the denominator: before its first snapshot there is no one to judge, not 0 %.
      dataStart: (store) => store.earliestRecord(PERSON.kind),
      async compute(store, { period }) {
        const roster = await trainingAt(store, period.end);
        return { training_compliance: trainingCompliance(roster.people, roster.assignments, period.end) };
      },
      drill: trainingDrill,
    },
    {
      metrics: ["security_champion_coverage"],
      kinds: [PERSON.kind],
      async compute(store, { period }) {
        return {
          security_champion_coverage: championCoverage(await store.snapshot<Person>(PERSON.kind, period.end)),
        };
      },
      drill: championDrill,
    },
    {
      metrics: ["near_misses_reported_by_staff"],
      // Without a roster the count says so (no value), before and after the first near-miss alike.
      kinds: [INCIDENT.kind, PERSON.kind],
      compute: onePeriodOf(nearMissSeries),
      computeSeries: nearMissSeries,
      drill: nearMissReporterDrill,
    },
  ],
};
