import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";

export const POSTMORTEM_STATUSES = ["draft", "in_review", "published"] as const;
export const CONTROL_RESULTS = ["effective", "partial", "failed", "absent"] as const;

export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];
export type ControlResult = (typeof CONTROL_RESULTS)[number];

/** A control the post-mortem looked at, and how it did in the event. */
export interface ControlReview {
  control: string;
  result: ControlResult;
}

/** A root cause: its category (what repeats are counted by) and, when given, the prose. */
export interface RootCause {
  category: string;
  description: string | null;
}

/** What a smart contract incident's post-mortem adds. */
export interface Web3Loss {
  chain: string | null;
  protocol: string | null;
  tx_hashes: string[];
  loss_usd: number | null;
  attack_type: string | null;
}

/**
 * One post-mortem of an incident or a near-miss, from the Markdown file's
 * front matter, as the folder held it at `snapshot_at` (a state: drafts get
 * published). Identity: the `event` it is about.
 */
export interface Postmortem extends RecordIdentity {
  kind: "postmortem";
  snapshot_at: number;
  /** The incident or near-miss id, as the incidents importers store it. */
  event: string;
  /** The Markdown file, relative to the folder. */
  file: string;
  title: string | null;
  status: PostmortemStatus;
  /** When the event happened: what repeats and control reviews are placed by. */
  date: number;
  published_at: number | null;
  authors: string[];
  summary: string | null;
  trigger: string | null;
  detection: string | null;
  root_causes: RootCause[];
  contributing_factors: string[];
  controls_reviewed: ControlReview[];
  lessons: string | null;
  web3: Web3Loss | null;
  attributes: Record<string, string>;
}

export const POSTMORTEM = defineRecordKind({
  kind: "postmortem",
  table: "postmortems",
  time: "snapshot_at",
  snapshot: true,
  json: ["authors", "root_causes", "contributing_factors", "controls_reviewed", "web3", "attributes"],
});
