import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";

/** Whom the plan lists to call, and how: a vendor's hotline, the regulator, the insurer, counsel. */
export interface IrContact {
  id: string;
  name: string;
  /** What the contact is for: `vendor`, `regulator`, `insurer`, `law_enforcement`, … as the plan says. */
  type: string | null;
  phone: string | null;
  email: string | null;
  url: string | null;
}

/** One rung of an escalation path: the roles or contacts to reach, and how soon. */
export interface EscalationStep {
  notify: string[];
  /** An ISO 8601 duration (`PT15M`) from the trigger; null when the plan gives none. */
  within: string | null;
}

/** An escalation path: what triggers it (a severity, a kind of incident) and its steps in order. */
export interface EscalationPath {
  id: string;
  trigger: string;
  steps: EscalationStep[];
}

/**
 * The incident-response plan as a whole at `snapshot_at`: its contacts and
 * escalation paths, kept as the plan states them; its roles and runbooks
 * are records of their own, as the metrics count them one by one.
 * Identity: the plan's `id` (one plan per feed).
 */
export interface IrPlan extends RecordIdentity {
  kind: "ir_plan";
  snapshot_at: number;
  title: string;
  owner: string | null;
  contacts: IrContact[];
  escalation: EscalationPath[];
}

export const IR_PLAN = defineRecordKind({
  kind: "ir_plan",
  table: "ir_plans",
  time: "snapshot_at",
  snapshot: true,
  json: ["contacts", "escalation"],
});

/**
 * One role of the plan (incident commander, communications, legal, …) and
 * who holds it: a person id or e-mail for the holder and for the deputy,
 * null when the plan leaves it vacant. Identity: the role's `id`.
 */
export interface IrRole extends RecordIdentity {
  kind: "ir_role";
  snapshot_at: number;
  name: string;
  holder: string | null;
  deputy: string | null;
}

export const IR_ROLE = defineRecordKind({
  kind: "ir_role",
  table: "ir_roles",
  time: "snapshot_at",
  snapshot: true,
});

/**
 * One runbook the plan relies on, with how often it must be reviewed (an
 * ISO 8601 duration, `P6M`) and when it last was. Identity: its `id`;
 * tabletops name the runbooks they exercised by this id or by its link.
 */
export interface Runbook extends RecordIdentity {
  kind: "runbook";
  snapshot_at: number;
  title: string;
  owner: string | null;
  review_every: string;
  last_reviewed_at: number | null;
  link: string | null;
}

export const RUNBOOK = defineRecordKind({
  kind: "runbook",
  table: "runbooks",
  time: "snapshot_at",
  snapshot: true,
});
