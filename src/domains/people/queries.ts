import type { Store } from "../../store/store.ts";
import { PERSON, type Person, TRAINING_ASSIGNMENT, type TrainingAssignment } from "./records.ts";

/** The roster's latest snapshot before `end`, and every training assignment made before it. */
export async function trainingAt(store: Store, end: number) {
  const [people, assignments] = await Promise.all([
    store.snapshot<Person>(PERSON.kind, end),
    store.records<TrainingAssignment>(TRAINING_ASSIGNMENT.kind, { start: 0, end }),
  ]);
  return { people, assignments };
}
