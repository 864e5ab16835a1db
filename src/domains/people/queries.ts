import type { Store } from "../../store/store.ts";
import { INCIDENT, type Incident } from "../detection-response/records.ts";
import { PERSON, type Person, TRAINING_ASSIGNMENT, type TrainingAssignment } from "./records.ts";

/** The roster's latest snapshot before `end`, and every training assignment made before it. */
export async function trainingAt(store: Store, end: number) {
  const [people, assignments] = await Promise.all([
    store.snapshot<Person>(PERSON.kind, end),
    store.records<TrainingAssignment>(TRAINING_ASSIGNMENT.kind, { start: 0, end }),
  ]);
  return { people, assignments };
}

type Interval = { start: number; end: number };

/** The period's near-misses, and the roster's latest snapshot before its end to find their reporters. */
export async function nearMissReporters(store: Store, period: Interval) {
  const [reporters] = await nearMissReportersOf(store, [period]);
  if (!reporters) throw new Error("no near-misses read for the period");
  return reporters;
}

/**
 * `nearMissReporters` of each period, with one read of the near-misses of
 * them all. A period that ends before the roster's first snapshot has no
 * roster, so neither its snapshot nor its near-misses are read: without a
 * roster there is no one to tell staff from.
 */
export async function nearMissReportersOf(store: Store, periods: readonly Interval[]) {
  const rosterStart = await store.earliestRecord(PERSON.kind);
  const judged = periods.filter((period) => rosterStart !== null && rosterStart < period.end);
  const span = {
    start: Math.min(...judged.map((period) => period.start)),
    end: Math.max(...judged.map((period) => period.end)),
  };
  const [nearMisses, rosters] = await Promise.all([
    judged.length === 0
      ? []
      : store.records<Incident>(INCIDENT.kind, { ...span, where: { event_kind: ["near_miss"] } }),
    Promise.all(
      periods.map((period) =>
        judged.includes(period) ? store.snapshot<Person>(PERSON.kind, period.end) : [],
      ),
    ),
  ]);
  return periods.map((period, index) => ({
    nearMisses: nearMisses.filter(
      ({ detected_at }) => detected_at >= period.start && detected_at < period.end,
    ),
    people: rosters[index] ?? [],
  }));
}
