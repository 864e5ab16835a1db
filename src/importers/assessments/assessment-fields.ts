import type { ActionItem } from "../../domains/action-items/records.ts";
import type { Assessment, AssessmentFinding } from "../../domains/assessments/records.ts";
import { ASSESSMENT_TYPES } from "../../model/assessment-type.ts";
import type { FieldReader } from "../shared/fields.ts";
import { auditScopeOf } from "./audit-scope.ts";

/** An assessment's fields: a YAML entry's keys, a CSV row's columns (with `assessment_id` for `id`). */
export const ASSESSMENT_FIELDS = new Set([
  "id",
  "type",
  "scope",
  "assessor",
  "started_at",
  "completed_at",
  "report_url",
  "findings",
  "contracts",
]);

/** A finding's fields: a YAML `findings` entry's keys, a CSV row's columns (with `finding_id` for `id`). */
export const FINDING_FIELDS = new Set([
  "id",
  "title",
  "severity",
  "owner",
  "found_at",
  "due_at",
  "remediation_plan",
  "resolved_at",
  "verified_at",
  "verified_by",
]);

/** The register's feed: its assessments, their findings and the remediation action items. */
export const ASSESSMENTS_FEED = "assessments";

/** One assessment; completion comes after the start, or its duration would be negative. */
export function assessmentOf(fields: FieldReader, snapshotAt: number): Assessment {
  const started_at = fields.requiredTimestamp("started_at");
  const completed_at = fields.timestamp("completed_at");
  fields.order("started_at", started_at, "completed_at", completed_at);
  const type = fields.requiredOneOf("type", ASSESSMENT_TYPES) ?? "self_assessment";
  return {
    kind: "assessment",
    feed: ASSESSMENTS_FEED,
    external_id: fields.requiredText("id"),
    snapshot_at: snapshotAt,
    type,
    scope: fields.requiredText("scope"),
    assessor: fields.text("assessor"),
    started_at,
    completed_at,
    report_url: fields.text("report_url"),
    attributes: fields.attributes(ASSESSMENT_FIELDS),
    contracts: auditScopeOf(fields.value("contracts"), type, fields.problems),
  };
}

/**
 * One finding of `assessment`. It is reported when its assessment
 * completed (or started, while it runs) unless it says otherwise; it is
 * resolved before it is verified, and a verification names who did it.
 */
export function findingOf(fields: FieldReader, assessment: Assessment): AssessmentFinding {
  const id = fields.requiredText("id");
  const found_at = fields.timestamp("found_at") ?? assessment.completed_at ?? assessment.started_at;
  const resolved_at = fields.timestamp("resolved_at");
  const verified_at = fields.timestamp("verified_at");
  fields.order("found_at", found_at, "resolved_at", resolved_at);
  fields.order("resolved_at", resolved_at, "verified_at", verified_at);
  if (fields.text("severity") === null) fields.problems.push("severity is required");
  const finding: AssessmentFinding = {
    kind: "assessment_finding",
    feed: ASSESSMENTS_FEED,
    external_id: `${assessment.external_id}/${id}`,
    snapshot_at: assessment.snapshot_at,
    assessment: assessment.external_id,
    assessment_type: assessment.type,
    title: fields.requiredText("title"),
    severity: fields.severity("severity") ?? "info",
    owner: fields.text("owner"),
    found_at,
    due_at: fields.timestamp("due_at"),
    remediation_plan: fields.text("remediation_plan"),
    resolved_at,
    verified_at,
    verified_by: fields.text("verified_by"),
    attributes: fields.attributes(FINDING_FIELDS),
  };
  if (verified_at !== null && resolved_at === null)
    fields.problems.push("only a resolved finding can be verified");
  if (verified_at !== null && finding.verified_by === null)
    fields.problems.push("verified_at needs verified_by");
  return finding;
}

/**
 * The action item a finding's remediation plan is: done when the finding
 * is resolved, verified when it is. Its identity is the finding's, in the
 * register's feed, so the action items of one register replace the last.
 */
export function remediationItem(finding: AssessmentFinding): ActionItem | null {
  if (finding.remediation_plan === null) return null;
  return {
    kind: "action_item",
    feed: finding.feed,
    external_id: finding.external_id,
    snapshot_at: finding.snapshot_at,
    title: finding.remediation_plan,
    type: "repair",
    priority: finding.severity,
    owner: finding.owner,
    created_at: finding.found_at,
    due_at: finding.due_at,
    status: finding.resolved_at === null ? "open" : "done",
    completed_at: finding.resolved_at,
    verified_at: finding.verified_at,
    verified_by: finding.verified_by,
    evidence: null,
    ticket: null,
    origin: "assessment",
    origin_ref: finding.assessment,
    attributes: { finding: finding.title },
  };
}
