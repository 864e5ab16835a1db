import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";

/**
 * One person of a roster snapshot: a roster is a state, not a log, so one
 * row per `(feed, external_id, snapshot_at)` and metrics read each feed's
 * latest snapshot before the period end. Training records find their
 * person by `person_id`, else by e-mail (a training platform has its own
 * user ids).
 */
export interface Person extends RecordIdentity {
  kind: "person";
  snapshot_at: number;
  email: string | null;
  team: string | null;
  department: string | null;
  active: boolean;
  security_champion: boolean;
  /** Whether the training requirement applies to the person (contractors, leave, … may be out). */
  in_scope: boolean;
}

export const PERSON = defineRecordKind({
  kind: "person",
  table: "people",
  time: "snapshot_at",
  snapshot: true,
  booleans: ["active", "security_champion", "in_scope"],
});

/**
 * One course assigned to one person, as the training platform last
 * reported it: a later export of the same assignment replaces it, so its
 * completion is its latest state. Whether it was completed on time is
 * judged at read time, at each period end.
 */
export interface TrainingAssignment extends RecordIdentity {
  kind: "training_assignment";
  person_id: string | null;
  /** Lower-cased, as platforms and HR systems differ in case. */
  email: string | null;
  course: string;
  required: boolean;
  assigned_at: number;
  due_at: number | null;
  completed_at: number | null;
  /** The platform's own word ("completed", "Passed", "Past Due"), kept for the drill-down. */
  status: string | null;
}

export const TRAINING_ASSIGNMENT = defineRecordKind({
  kind: "training_assignment",
  table: "training_assignments",
  time: "assigned_at",
  booleans: ["required"],
});
