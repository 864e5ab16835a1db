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

export const SHORT_ANSWERS = ["yes", "no", "partial", "n.a."] as const;
export type ShortAnswer = (typeof SHORT_ANSWERS)[number];

/** What an answer rests on: documents, metric ids and control ids. */
export interface AnswerEvidence {
  documents: string[];
  metrics: string[];
  controls: string[];
}

/**
 * One approved answer of the questionnaire answer library, as the
 * library's folder held it at `snapshot_at`: every import of the folder is
 * a snapshot, and each period reads the latest one before its end.
 */
export interface QuestionnaireAnswer extends RecordIdentity {
  kind: "questionnaire_answer";
  snapshot_at: number;
  question: string;
  aliases: string[];
  short_answer: ShortAnswer;
  /** The Markdown body below the front matter. */
  answer: string;
  evidence: AnswerEvidence;
  /** e.g. "SOC 2 CC6.1", "ISO 27001 A.8.5". */
  frameworks: string[];
  owner: string | null;
  approved_by: string | null;
  approved_at: number | null;
  review_by: number | null;
}

export const QUESTIONNAIRE_ANSWER = defineRecordKind({
  kind: "questionnaire_answer",
  table: "questionnaire_answers",
  time: "snapshot_at",
  snapshot: true,
  json: ["aliases", "evidence", "frameworks"],
});

/**
 * One incoming questionnaire as last filled from the library: a later fill
 * of the same questionnaire (same content) replaces it, so each counts once.
 */
export interface QuestionnaireFill extends RecordIdentity {
  kind: "questionnaire_fill";
  filled_at: number;
  questionnaire: string;
  questions: number;
  /** Filled from the library with no flag. */
  answered: number;
  /** Matched, but the answer needs a human first (past review, stale or missed evidence). */
  flagged: number;
  /** No answer scored above the threshold. */
  unmatched: number;
}

export const QUESTIONNAIRE_FILL = defineRecordKind({
  kind: "questionnaire_fill",
  table: "questionnaire_fills",
  time: "filled_at",
});

/**
 * The security.txt a trust file publishes, as it stood when the file was
 * imported (on its own, or by `trust build`). Kept as snapshots so that a
 * past period is judged by the file published then, not by today's.
 */
export interface SecurityTxtSnapshot extends RecordIdentity {
  kind: "security_txt";
  snapshot_at: number;
  expires_at: number;
  canonical: string;
  contacts: string[];
}

export const SECURITY_TXT = defineRecordKind({
  kind: "security_txt",
  table: "security_txt_snapshots",
  time: "snapshot_at",
  snapshot: true,
  json: ["contacts"],
});

export interface SecurityTxtSnapshotsTable extends RecordColumns {
  snapshot_at: number;
  expires_at: number;
  canonical: string;
  contacts: string;
}

export type TrustTables = {
  security_txt_snapshots: SecurityTxtSnapshotsTable;
  deals: RecordColumns & {
    customer: string;
    opened_at: number;
    accepted_addendum: number;
    security_review_started_at: number | null;
    security_review_ended_at: number | null;
    closed_at: number | null;
  };
};
