import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

export const CHANGE_ACTIONS = ["create", "update", "delete", "replace", "forget"] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** Infrastructure drift found outside the pipeline, or a change a plan would make. */
export interface ChangeEvent extends RecordIdentity {
  kind: "change_event";
  at: number;
  /** `drift`: reality moved away from state; `planned`: the plan would change it. */
  change_type: "drift" | "planned";
  /** e.g. `module.db.aws_db_instance.main`. */
  address: string;
  resource_type: string | null;
  provider: string | null;
  action: ChangeAction;
  /** The tool's own action list, e.g. `["delete","create"]`. */
  actions: string[];
  /** Destroy-and-recreate: reported apart because it loses data or identity. */
  replacement: boolean;
  attributes: Record<string, string>;
}

/**
 * One `terraform plan` that ran, whatever it found: a plan with no drift is
 * a look that found none, so its period counts 0 rather than having no data.
 */
export interface PlanRun extends RecordIdentity {
  kind: "plan_run";
  /** The plan's own `timestamp`, else the time given at import. */
  at: number;
  terraform_version: string | null;
  format_version: string;
  /** What the plan held: drift entries and planned changes stored, entries left alone (no-op, read). */
  drift_count: number;
  change_count: number;
  unchanged_count: number;
}

export const DEPLOYMENT_STATUSES = ["success", "failure"] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export interface Deployment extends RecordIdentity {
  kind: "deployment";
  service: string;
  environment: string;
  started_at: number;
  finished_at: number | null;
  status: DeploymentStatus;
  /** `external_id` of the deployment this one rolled back. */
  rollback_of: string | null;
  /** What was deployed (a commit SHA, a release tag): a version deployed again after a newer one is a rollback. */
  version: string | null;
  change_ticket: string | null;
  /** Null when the source cannot tell (GitHub statuses). */
  via_pipeline: boolean | null;
  attributes: Record<string, string>;
}

export const CHANGE_EVENT = defineRecordKind({
  kind: "change_event",
  table: "change_events",
  time: "at",
  booleans: ["replacement"],
  json: ["actions", "attributes"],
});
export const PLAN_RUN = defineRecordKind({ kind: "plan_run", table: "plan_runs", time: "at" });
export const DEPLOYMENT = defineRecordKind({
  kind: "deployment",
  table: "deployments",
  time: "started_at",
  booleans: ["via_pipeline"],
  json: ["attributes"],
});

export interface ChangeEventsTable extends RecordColumns {
  at: number;
  change_type: string;
  address: string;
  resource_type: string | null;
  provider: string | null;
  action: string;
  /** JSON array. */
  actions: string;
  replacement: number;
  attributes: string;
}
export interface PlanRunsTable extends RecordColumns {
  at: number;
  terraform_version: string | null;
  format_version: string;
  drift_count: number;
  change_count: number;
  unchanged_count: number;
}
export interface DeploymentsTable extends RecordColumns {
  service: string;
  environment: string;
  started_at: number;
  finished_at: number | null;
  status: string;
  rollback_of: string | null;
  version: string | null;
  change_ticket: string | null;
  via_pipeline: number | null;
  attributes: string;
}

export type HygieneTables = {
  change_events: ChangeEventsTable;
  plan_runs: PlanRunsTable;
  deployments: DeploymentsTable;
};
