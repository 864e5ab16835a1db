import {
  REQUIREMENT_STATUSES,
  type RequirementState,
  type RequirementStatus,
} from "../domains/compliance-checks/requirements.ts";
import { formatDate } from "../model/format.ts";
import type { RequirementRow, RequirementTable } from "./model.ts";

/** How many requirements the report lists: a benchmark can map hundreds; the most urgent come first. */
export const REQUIREMENT_ROWS = 50;

export const REQUIREMENT_STATUS_LABELS: Record<RequirementStatus, string> = {
  not_met: "not met",
  partial: "partial",
  not_assessed: "not assessed",
  met: "met",
};

export const NO_REQUIREMENTS =
  "No check result names a framework requirement and no open audit finding names a control: import XCCDF results of a benchmark with references (SCAP Security Guide), or an audit findings register with controls.";

/** The compliance status table of the period ending at `end`, from its requirements sorted by urgency. */
export function requirementTable(
  states: readonly RequirementState[] | undefined,
  end: number,
  timezone: string,
): RequirementTable {
  const all = states ?? [];
  const byStatus = Object.fromEntries(REQUIREMENT_STATUSES.map((s) => [s, 0])) as Record<
    RequirementStatus,
    number
  >;
  for (const state of all) byStatus[state.status]++;
  return {
    note: all.length === 0 ? NO_REQUIREMENTS : null,
    rows: all.slice(0, REQUIREMENT_ROWS).map((state) => requirementRow(state, end, timezone)),
    total: all.length,
    by_status: byStatus,
    omitted: Math.max(0, all.length - REQUIREMENT_ROWS),
  };
}

function requirementRow(state: RequirementState, end: number, timezone: string): RequirementRow {
  const { target } = state;
  // A finding is overdue the instant after its due date; an exception has lapsed at its expiry.
  const overdue = target !== null && (target.source === "exception" ? target.at <= end : target.at < end);
  return {
    framework: state.framework,
    requirement: state.requirement,
    label: state.framework === null ? state.requirement : `${state.framework} ${state.requirement}`,
    status: state.status,
    status_label: REQUIREMENT_STATUS_LABELS[state.status],
    open_gaps: state.open_gaps,
    failing_checks: state.failing_checks,
    open_audit_findings: state.open_audit_findings,
    suppressed_failures: state.suppressed_failures,
    passing_checks: state.passing_checks,
    unassessed_checks: state.unassessed_checks,
    gaps_text: gapsText(state),
    target_resolution:
      target === null
        ? null
        : { at: new Date(target.at).toISOString(), source: target.source, id: target.id, overdue },
    target_text:
      target === null
        ? "none"
        : `${formatDate(target.at, timezone)}, ${target.source === "audit_finding" ? "audit finding" : "exception"} ${target.id}${
            overdue ? (target.source === "exception" ? " (expired)" : " (overdue)") : ""
          }`,
  };
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function gapsText(state: RequirementState): string {
  const parts = [
    ...(state.failing_checks > 0 ? [plural(state.failing_checks, "failing check")] : []),
    ...(state.open_audit_findings > 0 ? [plural(state.open_audit_findings, "audit finding")] : []),
  ];
  // Apart from the gaps: what keeps a requirement without gaps from being met.
  const apart = [
    ...(state.suppressed_failures > 0 ? [plural(state.suppressed_failures, "suppressed failure")] : []),
    ...(state.unassessed_checks > 0 ? [`${state.unassessed_checks} awaiting manual assessment`] : []),
  ];
  return `${state.open_gaps}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}${apart.map((part) => `; ${part}`).join("")}`;
}
