import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";

/**
 * HSEEP's rating of how an objective was met: Performed without challenges,
 * with Some challenges, with Major challenges, or Unable to be performed.
 */
export const HSEEP_RATINGS = ["P", "S", "M", "U"] as const;
export type HseepRating = (typeof HSEEP_RATINGS)[number];

/** One exercise objective and how the team met it. */
export interface ObjectiveRating {
  objective: string;
  rating: HseepRating;
}

/** Someone at the table, and the role they played. */
export interface Participant {
  name: string;
  role: string;
}

/**
 * One tabletop exercise, from the front matter of its After-Action Report /
 * Improvement Plan, as the folder held it at `snapshot_at` (a state: outputs
 * get added after the exercise). Identity: its `id`. Its action items are
 * `action_item` records of origin `tabletop`, `origin_ref` its id.
 */
export interface Tabletop extends RecordIdentity {
  kind: "tabletop";
  snapshot_at: number;
  /** The Markdown file, relative to the folder. */
  file: string;
  scenario: string;
  /** The quarter of the schedule it stands for, `2026-Q2`: given, or that of its date. */
  quarter: string;
  /** When it was held. */
  date: number;
  facilitator: string | null;
  participants: Participant[];
  objectives: ObjectiveRating[];
  strengths: string[];
  improvements: string[];
  /** The post-mortem or After-Action Report it produced: a path or an id. */
  postmortem: string | null;
  runbooks_updated: string[];
  /** The runbooks the exercise ran through (by the plan's runbook id or link), whether or not it changed them. */
  runbooks_exercised: string[];
  /** How many action items it decided (the items themselves are action item records). */
  actions: number;
  attributes: Record<string, string>;
}

export const TABLETOP = defineRecordKind({
  kind: "tabletop",
  table: "tabletops",
  time: "snapshot_at",
  snapshot: true,
  json: [
    "participants",
    "objectives",
    "strengths",
    "improvements",
    "runbooks_updated",
    "runbooks_exercised",
    "attributes",
  ],
});
