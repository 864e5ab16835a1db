import type { Provenance } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import { isOpenAt, isResolvedBy, isVerifiedBy } from "./compute.ts";
import { schedulePolicy } from "./queries.ts";
import { ASSESSMENT, ASSESSMENT_FINDING, type Assessment, type AssessmentFinding } from "./records.ts";
import { JUDGED_STANDINGS, judgeSchedule } from "./schedule.ts";

/** A schedule entry comes from the config, not an import: its rows say so where a file would be named. */
const fromConfig = (index: number): Provenance => ({
  import_id: 0,
  file_name: `config: assessments.schedule[${index}]`,
  sha256: "",
  imported_at: 0,
  line: 0,
});

/**
 * One row per schedule entry, by the same judgement as the value. A judged
 * entry counts (it is in the percentage) and carries its deadline as
 * `due_at` and its completion, so a review names the late and overdue
 * ones; a late or overdue one says so in its note.
 */
async function scheduleDrill(store: Store, { period, config }: DrillContext): Promise<DrillRow[]> {
  const assessments = await store.snapshot<Assessment>(ASSESSMENT.kind, period.end);
  const policy = schedulePolicy(config);
  return config.assessments.schedule.map((entry, index) => {
    const judged = judgeSchedule(entry, assessments, period.end, policy);
    const counted = JUDGED_STANDINGS.includes(judged.standing);
    const held = judged.held_by;
    return {
      kind: "assessment_schedule",
      id: `${entry.type}: ${entry.scope}`,
      fields: {
        at: iso(judged.due_at ?? judged.next_due_at),
        type: entry.type,
        scope: entry.scope,
        cadence: entry.cadence.text,
        standing: judged.standing,
        scheduled_for: iso(judged.due_at),
        due_at: iso(judged.deadline),
        completed_at: iso(held?.completed_at ?? null),
        assessment: held?.external_id ?? null,
        next_due_at: iso(judged.next_due_at),
      },
      counted,
      note: judged.standing === "on_time" ? null : judged.standing.replace("_", " "),
      provenance: held?.provenance ?? fromConfig(index),
    };
  });
}

/** Why a finding does not count toward `metricId` at `at`, or null when it does. */
function exclusion(metricId: string, finding: AssessmentFinding, at: number): string | null {
  if (metricId === "assessment_findings_open") {
    if (isOpenAt(finding, at)) return null;
    return finding.found_at >= at ? "reported after the period" : "resolved";
  }
  return isVerifiedBy(finding, at) ? null : "not verified";
}

/**
 * The findings behind the open count (every finding reported by the end,
 * the open ones first, with their due dates) or behind the verified share
 * (the resolved ones, the unverified first), then by due date.
 */
async function findingDrill(store: Store, metricId: string, { period }: DrillContext): Promise<DrillRow[]> {
  const findings = await store.snapshot<AssessmentFinding>(ASSESSMENT_FINDING.kind, period.end);
  const listed = findings.filter((finding) =>
    metricId === "assessment_findings_open"
      ? finding.found_at < period.end
      : isResolvedBy(finding, period.end),
  );
  const rows = listed.map((finding) => ({ finding, note: exclusion(metricId, finding, period.end) }));
  const listsOpen = metricId === "assessment_findings_open";
  rows.sort(
    (a, b) =>
      (Number(a.note === null) - Number(b.note === null)) * (listsOpen ? -1 : 1) ||
      (a.finding.due_at ?? Number.POSITIVE_INFINITY) - (b.finding.due_at ?? Number.POSITIVE_INFINITY) ||
      a.finding.external_id.localeCompare(b.finding.external_id),
  );
  return rows.map(({ finding, note }) =>
    recordRow(
      finding,
      finding.found_at,
      {
        assessment: finding.assessment,
        type: finding.assessment_type,
        title: finding.title,
        severity: finding.severity,
        owner: finding.owner,
        // Past due is what an open finding is named by; a resolved one's fix is judged by its
        // verification, which a review cannot tell from the counted rows, so it shows none.
        ...(listsOpen ? { due_at: iso(finding.due_at) } : {}),
        resolved_at: iso(finding.resolved_at),
        verified_at: iso(finding.verified_at),
        verified_by: finding.verified_by,
      },
      note === null,
      note,
    ),
  );
}

export async function assessmentDrill(store: Store, metricId: string, context: DrillContext, limit: number) {
  const rows =
    metricId === "assessments_on_schedule"
      ? await scheduleDrill(store, context)
      : await findingDrill(store, metricId, context);
  return rows.slice(0, limit + 1);
}
