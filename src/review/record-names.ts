import type { MetricResult } from "../app/kpi-report.ts";
import type { DrillRow } from "../domains/drill-row.ts";
import { formatDuration } from "../model/format.ts";
import type { RecordRef } from "./recommendation.ts";

const DAY_MS = 86_400_000;

/** How a recommendation speaks of one drill-down record kind: the verb of the action and the record's words. */
interface RecordWording {
  verb: string;
  label(row: DrillRow): string;
  facts(row: DrillRow, at: number): string[];
}

const text = (value: DrillRow["fields"][string] | undefined) =>
  value === null || value === undefined ? null : String(value);
const day = (value: DrillRow["fields"][string] | undefined) => text(value)?.slice(0, 10) ?? null;
const present = (facts: (string | null | false)[]) => facts.filter((fact): fact is string => !!fact);

const WORDINGS: Record<string, RecordWording> = {
  finding: {
    verb: "Fix",
    label: (row) => `${text(row.fields.vulnerability_id) ?? row.id} on ${text(row.fields.target) ?? "?"}`,
    facts: (row, at) =>
      present([text(row.fields.severity), text(row.fields.package), dueFact(row, at), lapsedFact(row)]),
  },
  account: {
    verb: "Disable or reassign",
    label: (row) => `account ${text(row.fields.name) ?? row.id}`,
    facts: (row) =>
      present([
        row.note?.replace(/_/g, " ") ?? null,
        row.fields.privileged === true && "privileged",
        row.fields.last_used_at !== undefined && `last used ${day(row.fields.last_used_at) ?? "never"}`,
      ]),
  },
  token: {
    verb: "Rotate or expire",
    label: (row) => `token ${row.id}`,
    facts: (row) =>
      present([
        text(row.fields.type),
        row.fields.account_id ? `of ${row.fields.account_id}` : null,
        row.fields.created_at ? `created ${day(row.fields.created_at)}` : null,
        row.fields.last_rotated_at ? `rotated ${day(row.fields.last_rotated_at)}` : "never rotated",
        row.fields.expires_at ? null : "no expiry",
      ]),
  },
  change_event: {
    verb: "Reconcile",
    label: (row) => text(row.fields.address) ?? row.id,
    facts: (row) => present([`${text(row.fields.action) ?? "changed"} outside the code`, day(row.fields.at)]),
  },
  deployment: {
    verb: "Review",
    label: (row) => `deployment ${row.id}`,
    facts: (row) =>
      present([
        text(row.fields.service),
        day(row.fields.at),
        row.fields.via_pipeline === false && "outside the pipeline",
        row.fields.rollback_of ? `rolled back ${row.fields.rollback_of}` : null,
      ]),
  },
  incident: {
    verb: "Review the handling of",
    label: (row) => row.id,
    facts: (row) =>
      present([
        text(row.fields.title),
        text(row.fields.severity),
        typeof row.fields.duration_seconds === "number" && formatDuration(row.fields.duration_seconds),
      ]),
  },
  alert: {
    verb: "Tune the rule behind",
    label: (row) => `alert ${row.id}`,
    facts: (row) => present([text(row.fields.rule), text(row.fields.severity)]),
  },
  check_result: {
    verb: "Fix",
    label: (row) => `${ruleName(text(row.fields.check_id) ?? row.id)} on ${text(row.fields.asset) ?? "?"}`,
    facts: (row) =>
      present([
        text(row.fields.result),
        text(row.fields.severity),
        row.fields.passed_at ? `passed ${day(row.fields.passed_at)}` : null,
        `checked ${day(row.fields.at)}`,
      ]),
  },
  audit_finding: {
    verb: "Close",
    label: (row) => `audit finding ${row.id}`,
    facts: (row, at) =>
      present([
        text(row.fields.severity),
        row.fields.source ? `${text(row.fields.source)} audit` : null,
        row.fields.control ? `control ${text(row.fields.control)}` : null,
        dueFact(row, at),
      ]),
  },
  assessment_schedule: {
    verb: "Hold",
    label: (row) =>
      `${text(row.fields.type)?.replaceAll("_", " ") ?? "assessment"} of ${text(row.fields.scope) ?? row.id}`,
    facts: (row) =>
      present([
        row.note,
        row.fields.scheduled_for ? `due ${day(row.fields.scheduled_for)}` : null,
        row.fields.completed_at ? `held ${day(row.fields.completed_at)}` : null,
        row.fields.cadence ? `every ${text(row.fields.cadence)}` : null,
      ]),
  },
  assessment_finding: {
    verb: "Remediate",
    label: (row) => `assessment finding ${row.id}`,
    facts: (row, at) => present([text(row.fields.severity), text(row.fields.title), dueFact(row, at)]),
  },
  exception: {
    verb: "Renew or close",
    label: (row) => `exception ${row.id}`,
    facts: (row) =>
      present([
        text(row.fields.title),
        row.fields.owner ? `owned by ${text(row.fields.owner)}` : null,
        row.fields.expires_at ? `expires ${day(row.fields.expires_at)}` : null,
      ]),
  },
  contract_deployment: {
    verb: "Review",
    label: (row) =>
      `${text(row.fields.name) ?? "contract"} on chain ${text(row.fields.chain_id) ?? "?"} at ${text(row.fields.address) ?? row.id}`,
    facts: (row) =>
      // A collision's signatures are in the rationale, once, not in each contract's facts.
      present([
        row.fields.role !== "contract" && text(row.fields.role),
        row.fields.block_number !== null && row.fields.block_number !== undefined
          ? `block ${text(row.fields.block_number)}`
          : null,
        text(row.fields.source_file),
      ]),
  },
  tabletop_quarter: {
    verb: "Hold or complete:",
    label: (row) =>
      `${text(row.fields.quarter) ?? row.id} tabletop (${text(row.fields.scenario) ?? "?"}) ${(text(row.fields.verdict) ?? "").replace("_", " ")}`,
    facts: (row) =>
      present([row.fields.verdict === "not_held" ? `due by ${day(row.fields.due_by)}` : row.note]),
  },
  maturity_answer: {
    verb: "Raise",
    label: (row) => `${text(row.fields.scope) ?? "?"} ${text(row.fields.question) ?? row.id}`,
    facts: (row) => present([`answered ${text(row.fields.answer) ?? "?"}`, `assessed ${day(row.fields.at)}`]),
  },
};

/**
 * The action a metric asks of the records it names, when it is not the
 * record kind's own: a registry's contracts are added to monitoring when
 * new, and told apart when their interfaces collide.
 */
const METRIC_VERBS: Record<string, string> = {
  new_deployments: "Add these new contracts to monitoring:",
  interface_collisions: "Resolve the interface collisions of",
  unmonitored_deployments: "Add these contracts to monitoring:",
};

/** "exception EXC-110 of spatel expired 2026-09-15": the lapsed exception a finding counts again after. */
function lapsedFact(row: DrillRow): string | null {
  const state = text(row.fields.exception_state);
  if (state === null) return null;
  const owner = row.fields.exception_owner ? ` of ${text(row.fields.exception_owner)}` : "";
  const when =
    state === "expired" && row.fields.exception_expires_at
      ? `expired ${day(row.fields.exception_expires_at)}`
      : state;
  return `exception ${text(row.fields.exception)}${owner} ${when}`;
}

/** An SCAP rule id without its namespace (`xccdf_org.ssgproject.content_rule_sshd_set_idle_timeout` → `sshd_set_idle_timeout`). */
function ruleName(checkId: string): string {
  return /^xccdf_.+?_rule_(.+)$/.exec(checkId)?.[1] ?? checkId;
}

const FALLBACK: RecordWording = { verb: "Review", label: (row) => `${row.kind} ${row.id}`, facts: () => [] };

/** When the record's work was done: a finding's fix, a scheduled assessment's completion. */
const doneAt = (row: DrillRow) => text(row.fields.fixed_at) ?? text(row.fields.completed_at);

/** A finding's due date in words, as of `at`: how far past due, fixed late, or when due. */
function dueFact(row: DrillRow, at: number): string | null {
  const due = Date.parse(text(row.fields.due_at) ?? "");
  if (Number.isNaN(due)) return null;
  const fixed = Date.parse(doneAt(row) ?? "");
  if (!Number.isNaN(fixed))
    return fixed > due ? `fixed ${plural(wholeDays(fixed - due), "day")} late` : "fixed on time";
  return due < at
    ? `${plural(wholeDays(at - due), "day")} past its due date`
    : `due ${day(row.fields.due_at)}`;
}

function daysOverdue(row: DrillRow, at: number): number | null {
  const due = Date.parse(text(row.fields.due_at) ?? "");
  if (Number.isNaN(due) || doneAt(row) !== null || due >= at) return null;
  return wholeDays(at - due);
}

const wholeDays = (ms: number) => Math.floor(ms / DAY_MS);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The drill-down records a missed or worsening metric is about, most urgent
 * first: those still to act on, then by severity, days past due and
 * duration. A count names every record it counts; a mean time names the counted
 * records slower than the target; a rate names the records that break the
 * rule (past their due date, not compliant), or the records it counts when
 * fewer is better. A rate of "good" records with nothing to tell the bad
 * ones apart names none: the report then says so.
 */
export function recordsBehind(metric: MetricResult, rows: readonly DrillRow[], at: number): RecordRef[] {
  return rowsBehind(metric, rows, at).map(({ ref }) => ref);
}

/** `recordsBehind` with each record's drill-down row, for what needs more of its fields than the words. */
export function rowsBehind(
  metric: MetricResult,
  rows: readonly DrillRow[],
  at: number,
): { row: DrillRow; ref: RecordRef }[] {
  return rows
    .filter((row) => breaks(metric, row, at))
    .map((row) => ({ row, ref: recordRef(row, at) }))
    .sort(
      (a, b) =>
        Number(a.ref.resolved) - Number(b.ref.resolved) ||
        severityRank(b.row) - severityRank(a.row) ||
        (b.ref.days_overdue ?? -1) - (a.ref.days_overdue ?? -1) ||
        duration(b.row) - duration(a.row) ||
        a.ref.id.localeCompare(b.ref.id),
    );
}

/** The verdicts of rate rows that break the rule: a token out of policy, a quarter's tabletop not held on time. */
const BREAKING_VERDICTS = new Set(["non_compliant", "not_held", "held_late", "incomplete"]);

function breaks(metric: MetricResult, row: DrillRow, at: number): boolean {
  const { fields } = row;
  if ("verdict" in fields) return BREAKING_VERDICTS.has(String(fields.verdict));
  if (!row.counted) return false;
  // A new contract a monitor already watches is done: only the unwatched are still to add.
  if (metric.id === "new_deployments" && row.fields.monitored_by) return false;
  if (metric.unit === "count") return true;
  if (typeof fields.duration_seconds === "number") {
    const target = metric.target;
    return (
      target === null || (target.op !== ">" && target.op !== ">=" && fields.duration_seconds > target.value)
    );
  }
  if ("due_at" in fields) {
    const fixed = doneAt(row);
    const due = Date.parse(text(fields.due_at) ?? "");
    if (Number.isNaN(due)) return false;
    return fixed === null ? due < at : Date.parse(fixed) > due;
  }
  return metric.direction === "down" || metric.direction === "zero";
}

const SEVERITY_RANKS: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };

function severityRank(row: DrillRow): number {
  return SEVERITY_RANKS[text(row.fields.severity) ?? ""] ?? 0;
}

function duration(row: DrillRow): number {
  return typeof row.fields.duration_seconds === "number" ? row.fields.duration_seconds : 0;
}

export function recordRef(row: DrillRow, at: number): RecordRef {
  const wording = WORDINGS[row.kind] ?? FALLBACK;
  return {
    kind: row.kind,
    id: row.id,
    label: wording.label(row),
    detail: wording.facts(row, at).join(", "),
    days_overdue: daysOverdue(row, at),
    resolved: doneAt(row) !== null,
  };
}

/** "Fix CVE-1 on a and CVE-2 on b", "Disable or reassign account x, account y and 3 more": records still to act on. */
/** The records an action's title names; it says "and N more" for the rest. */
export const TITLE_RECORDS = 2;

export function actionOn(all: readonly RecordRef[], metricId?: string): string | null {
  const records = all.filter((record) => !record.resolved);
  const total = records.length;
  const first = records[0];
  if (!first) return null;
  const verb = METRIC_VERBS[metricId ?? ""] ?? (WORDINGS[first.kind] ?? FALLBACK).verb;
  const labels = records.slice(0, TITLE_RECORDS).map((record) => record.label);
  const more = total - labels.length;
  const list = more > 0 ? `${labels.join(", ")} and ${more} more` : labels.join(" and ");
  return `${verb} ${list}`;
}
