import type { Incident } from "../detection-response/records.ts";
import { countValue, type MetricValue, missingValue, percentValue } from "../metric-value.ts";
import type { Person, TrainingAssignment } from "./records.ts";

/** Where a person stands at a period end: every required course due on time, or the first that was not. */
export type TrainingVerdict =
  | { status: "compliant"; courses: number }
  | { status: "late" | "missing"; courses: number; course: string };

/** The person's own assignments: the same person id, else the same e-mail (a platform's own user ids differ). */
export function assignmentsOf(
  person: Person,
  assignments: readonly TrainingAssignment[],
): TrainingAssignment[] {
  const email = person.email?.toLowerCase() ?? null;
  return assignments.filter(
    (a) => a.person_id === person.external_id || (email !== null && a.email === email),
  );
}

/**
 * Judges one person at `end` over their required courses assigned before
 * it. A course is due at its due date, or at `end` when it has none (still
 * required, so it must be done by then); one due later is not yet judged.
 * A course completed after its due date stays late: the requirement is to
 * complete it by then.
 */
export function trainingVerdict(assignments: readonly TrainingAssignment[], end: number): TrainingVerdict {
  const due = assignments
    .filter((a) => a.required && a.assigned_at < end && (a.due_at ?? end) <= end)
    .sort((a, b) => (a.due_at ?? end) - (b.due_at ?? end) || a.course.localeCompare(b.course));
  for (const assignment of due) {
    const dueAt = assignment.due_at ?? end;
    const done = assignment.completed_at !== null && assignment.completed_at < end;
    if (!done) return { status: "missing", courses: due.length, course: assignment.course };
    if ((assignment.completed_at as number) > dueAt)
      return { status: "late", courses: due.length, course: assignment.course };
  }
  return { status: "compliant", courses: due.length };
}

/** Active and in scope of the training requirement. */
export const inTrainingScope = (person: Person): boolean => person.active && person.in_scope;

/**
 * `training_compliance` at the period end: the roster's active in-scope
 * people who completed every required course due by then on time, over
 * all of them. Details: how many were late, how many had a course missing.
 */
export function trainingCompliance(
  people: readonly Person[],
  assignments: readonly TrainingAssignment[],
  end: number,
): MetricValue {
  const counts = { compliant: 0, late: 0, missing: 0 };
  const inScope = people.filter(inTrainingScope);
  for (const person of inScope) counts[trainingVerdict(assignmentsOf(person, assignments), end).status]++;
  return percentValue(counts.compliant, inScope.length, "no active in-scope person on the roster", counts);
}

/** The teams of the roster's active people, each with whether it has an active security champion. */
export function teamChampions(people: readonly Person[]): Map<string, boolean> {
  const teams = new Map<string, boolean>();
  for (const person of people) {
    if (!person.active || person.team === null) continue;
    teams.set(person.team, (teams.get(person.team) ?? false) || person.security_champion);
  }
  return teams;
}

/** `security_champion_coverage`: teams with an active champion over the teams of active people. */
export function championCoverage(people: readonly Person[]): MetricValue {
  const teams = teamChampions(people);
  const covered = [...teams.values()].filter(Boolean).length;
  const uncovered = [...teams].flatMap(([team, champion]) => (champion ? [] : [team])).sort();
  return percentValue(covered, teams.size, "no team among the roster's active people", {
    teams: teams.size,
    teams_without_champion: uncovered,
  });
}

/** Why a near-miss counts as reported by staff, or why it does not. */
export type ReporterStanding = "staff" | "security_team" | "inactive" | "not_on_roster" | "no_reporter";

/**
 * Finds someone a record names on the roster: by person id, else by e-mail
 * (case-insensitive, as mail systems and HR exports differ in case).
 */
export function rosterIndex(people: readonly Person[]): (who: string) => Person | undefined {
  const byId = new Map(people.map((person) => [person.external_id, person]));
  const byEmail = new Map(
    people.flatMap((person) =>
      person.email === null ? [] : [[person.email.toLowerCase(), person] as const],
    ),
  );
  return (who) => byId.get(who) ?? byEmail.get(who.toLowerCase());
}

/** Where a reporter stands: active staff outside the security teams count; the rest say why not. */
export function reporterStanding(
  reporter: Person | undefined,
  reportedBy: string | null,
  securityTeams: ReadonlySet<string>,
): ReporterStanding {
  if (reportedBy === null) return "no_reporter";
  if (reporter === undefined) return "not_on_roster";
  if (!reporter.active) return "inactive";
  if (reporter.team !== null && securityTeams.has(reporter.team.toLowerCase())) return "security_team";
  return "staff";
}

/** The configured security teams, lower-cased for matching. */
export const securityTeamSet = (teams: readonly string[]): Set<string> =>
  new Set(teams.map((team) => team.toLowerCase()));

/**
 * `near_misses_reported_by_staff`: the period's near-misses whose reporter is
 * active staff outside the security teams. Without a roster nobody can be
 * told apart from the security team: no value, not 0.
 */
export function staffReportedNearMisses(
  nearMisses: readonly Pick<Incident, "reported_by">[],
  people: readonly Person[],
  securityTeams: ReadonlySet<string>,
): MetricValue {
  if (people.length === 0) return missingValue("no people roster to tell staff from the security team");
  const find = rosterIndex(people);
  const counts: Record<ReporterStanding, number> = {
    staff: 0,
    security_team: 0,
    inactive: 0,
    not_on_roster: 0,
    no_reporter: 0,
  };
  const teams = new Map<string, number>();
  for (const { reported_by } of nearMisses) {
    const reporter = reported_by === null ? undefined : find(reported_by);
    const standing = reporterStanding(reporter, reported_by, securityTeams);
    counts[standing]++;
    if (standing === "staff") {
      const team = reporter?.team ?? "(no team)";
      teams.set(team, (teams.get(team) ?? 0) + 1);
    }
  }
  return countValue(counts.staff, {
    near_misses: nearMisses.length,
    ...counts,
    reporting_teams: Object.fromEntries([...teams].sort(([a], [b]) => a.localeCompare(b))),
  });
}
