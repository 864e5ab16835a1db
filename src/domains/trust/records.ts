import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

/**
 * One sales deal, as the CRM last exported it: a later export of the same
 * deal replaces it. A deal either accepted the Standard Security Addendum
 * (the fast lane: no security review) or went through a security review.
 */
export interface Deal extends RecordIdentity {
  kind: "deal";
  customer: string;
  opened_at: number;
  accepted_addendum: boolean;
  security_review_started_at: number | null;
  security_review_ended_at: number | null;
  /** Null while the deal is open. */
  closed_at: number | null;
}

export const DEAL = defineRecordKind({
  kind: "deal",
  table: "deals",
  time: "opened_at",
  booleans: ["accepted_addendum"],
});

export type TrustTables = {
  deals: RecordColumns & {
    customer: string;
    opened_at: number;
    accepted_addendum: number;
    security_review_started_at: number | null;
    security_review_ended_at: number | null;
    closed_at: number | null;
  };
};
