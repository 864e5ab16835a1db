import type { RecordIdentity } from "../../model/records.ts";
import type { Severity } from "../../model/severity.ts";
import { defineRecordKind } from "../../store/record-kind.ts";

export const BOUNTY_PLATFORMS = ["hackerone", "bugcrowd"] as const;
/**
 * What the program decided, from the platform's own state: `valid` (triaged,
 * accepted, resolved), `invalid` (duplicate, not applicable, informative,
 * out of scope, spam), `pending` (not decided yet).
 */
export const BOUNTY_OUTCOMES = ["valid", "invalid", "pending"] as const;

export type BountyPlatform = (typeof BOUNTY_PLATFORMS)[number];
export type BountyOutcome = (typeof BOUNTY_OUTCOMES)[number];

/**
 * One report to a bug bounty program, as its platform last exported it: a
 * later export of the same report replaces it, so its milestones are the
 * latest known. A report belongs to the period of its submission.
 */
export interface BountyReport extends RecordIdentity {
  kind: "bounty_report";
  platform: BountyPlatform;
  title: string | null;
  /** Null when the platform gives none (HackerOne's "none" is `info`). */
  severity: Severity | null;
  /** The platform's own state word (`triaged`, `not-applicable`, `unresolved`), kept for the drill-down. */
  state: string;
  outcome: BountyOutcome;
  reported_at: number;
  first_response_at: number | null;
  triaged_at: number | null;
  bounty_at: number | null;
  resolved_at: number | null;
  /** Bounty and bonus paid on the report, in the program's currency; 0 when none. */
  bounty_amount: number;
}

export const BOUNTY_REPORT = defineRecordKind({
  kind: "bounty_report",
  table: "bounty_reports",
  time: "reported_at",
});
