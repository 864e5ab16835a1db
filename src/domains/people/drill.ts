import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { recordRow } from "../drill-row.ts";
import {
  assignmentsOf,
  inTrainingScope,
  type ReporterStanding,
  reporterStanding,
  rosterIndex,
  securityTeamSet,
  teamChampions,
  trainingVerdict,
} from "./compute.ts";
import { nearMissReporters, trainingAt } from "./queries.ts";
import { PERSON, type Person } from "./records.ts";

const byId = (a: Person, b: Person) => a.external_id.localeCompare(b.external_id);

/** The roster's active in-scope people at the period end, those not compliant first, each with the course that breaks it. */
export async function trainingDrill(
  store: Store,
  _metricId: string,
  { period }: DrillContext,
  limit: number,
) {
  const { people, assignments } = await trainingAt(store, period.end);
  const judged = people
    .filter(inTrainingScope)
    .sort(byId)
    .map((person) => ({ person, verdict: trainingVerdict(assignmentsOf(person, assignments), period.end) }));
  judged.sort((a, b) => Number(a.verdict.status === "compliant") - Number(b.verdict.status === "compliant"));
  return judged.slice(0, limit + 1).map(({ person, verdict }) =>
    recordRow(person, person.snapshot_at, {
      email: person.email,
      team: person.team,
      required_courses_due: verdict.courses,
      status: verdict.status,
      course: verdict.status === "compliant" ? null : verdict.course,
    }),
  );
}

/** The roster's active people in a team, team by team, champions first: a team with none shows no champion row. */
export async function championDrill(
  store: Store,
  _metricId: string,
  { period }: DrillContext,
  limit: number,
) {
  const people = await store.snapshot<Person>(PERSON.kind, period.end);
  const teams = teamChampions(people);
  const members = people
    .filter((person) => person.active && person.team !== null)
    .sort(
      (a, b) =>
        (a.team as string).localeCompare(b.team as string) ||
        Number(b.security_champion) - Number(a.security_champion) ||
        byId(a, b),
    );
  return members.slice(0, limit + 1).map((person) =>
    recordRow(person, person.snapshot_at, {
      team: person.team,
      security_champion: person.security_champion,
      team_has_champion: teams.get(person.team as string) ?? false,
    }),
  );
}

const NOT_STAFF: Record<Exclude<ReporterStanding, "staff">, string> = {
  security_team: "reported by the security team",
  inactive: "reporter not active on the roster",
  not_on_roster: "reporter not on the roster",
  no_reporter: "no reported_by",
};

/** The period's near-misses, each with its reporter's team and whether it counts, and why not. */
export async function nearMissReporterDrill(
  store: Store,
  _metricId: string,
  { period, config }: DrillContext,
  limit: number,
) {
  const { nearMisses, people } = await nearMissReporters(store, period);
  const find = rosterIndex(people);
  const teams = securityTeamSet(config.people.security_teams);
  return nearMisses.slice(0, limit + 1).map((nearMiss) => {
    const reporter = nearMiss.reported_by === null ? undefined : find(nearMiss.reported_by);
    const standing = reporterStanding(reporter, nearMiss.reported_by, teams);
    return recordRow(
      nearMiss,
      nearMiss.detected_at,
      { title: nearMiss.title, reported_by: nearMiss.reported_by, team: reporter?.team ?? null },
      standing === "staff",
      standing === "staff" ? null : NOT_STAFF[standing],
    );
  });
}
