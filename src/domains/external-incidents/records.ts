import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";

/**
 * An incident of another project, as a public list (DeFiHackLabs) gives
 * it: what happened elsewhere that might happen to us. A later list
 * replaces it. It belongs to the period of its date, the day the list
 * dates it. Identity: `<YYYYMMDD>-<project>` (the project lower case, other
 * characters as `-`).
 */
export interface ExternalIncident extends RecordIdentity {
  kind: "external_incident";
  date: number;
  project: string;
  attack_type: string | null;
  /** The loss as the list words it ("~32.36 BNB (~$21.5K)"). */
  loss: string | null;
  /** The loss in US dollars where the list gives one, else null. */
  loss_usd: number | null;
  /** The chain its explorer links name (`ethereum`, `bsc`, `base` …), else null. */
  chain: string | null;
  links: string[];
}

export const EXTERNAL_INCIDENT = defineRecordKind({
  kind: "external_incident",
  table: "external_incidents",
  time: "date",
  json: ["links"],
});

/**
 * A team's triage of one external incident: whether it applies to us,
 * when and by whom it was decided, and the action item it opened. A later
 * register replaces it. Identity: the incident's id.
 */
export interface ExternalTriage extends RecordIdentity {
  kind: "external_triage";
  applies: boolean;
  triaged_at: number;
  triaged_by: string | null;
  /** The id of the action item it opened (an action items register's `id`). */
  action_item: string | null;
  notes: string | null;
}

export const EXTERNAL_TRIAGE = defineRecordKind({
  kind: "external_triage",
  table: "external_triages",
  time: "triaged_at",
  booleans: ["applies"],
});
