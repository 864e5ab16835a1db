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

/** The period's near-misses, and the roster's latest snapshot before its end to find their reporters. */
export async function nearMissReporters(store: Store, period: { start: number; end: number }) {
  const [nearMisses, people] = await Promise.all([
    store.records<Incident>(INCIDENT.kind, { ...period, where: { event_kind: ["near_miss"] } }),
    store.snapshot<Person>(PERSON.kind, period.end),
  ]);
  return { nearMisses, people };
}
