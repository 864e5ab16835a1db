import { DateTime } from "../../model/luxon.ts";
import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { iso, recordRow } from "../drill-row.ts";
import { exerciseWindowStart, judgeReview, lastExercise, roleGaps, rosterOf } from "./compute.ts";
import { rolesAt, runbooksAt } from "./queries.ts";

const byId = <T extends { external_id: string }>(a: T, b: T) => a.external_id.localeCompare(b.external_id);

/** The plan's roles at the period end, the unfilled first, each with what leaves it empty. */
export async function roleDrill(store: Store, _metricId: string, { period }: DrillContext, limit: number) {
  const { roles, people } = await rolesAt(store, period.end);
  const roster = rosterOf(people);
  const judged = roles.sort(byId).map((role) => ({ role, gaps: roleGaps(role, roster) }));
  judged.sort((a, b) => Number(a.gaps.length === 0) - Number(b.gaps.length === 0));
  return judged
    .slice(0, limit + 1)
    .map(({ role, gaps }) =>
      recordRow(
        role,
        role.snapshot_at,
        { name: role.name, holder: role.holder, deputy: role.deputy },
        gaps.length === 0,
        gaps.join("; ") || null,
      ),
    );
}

/** The plan's runbooks at the period end, those not reviewed in time first, each with its due date. */
export async function reviewDrill(
  store: Store,
  _metricId: string,
  { period, config }: DrillContext,
  limit: number,
) {
  const { runbooks } = await runbooksAt(store, period.end);
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: config.timezone }).toISODate();
  const judged = runbooks
    .sort(byId)
    .map((runbook) => ({ runbook, review: judgeReview(runbook, period.end, config.timezone) }));
  judged.sort((a, b) => Number(a.review.verdict === "reviewed") - Number(b.review.verdict === "reviewed"));
  return judged.slice(0, limit + 1).map(({ runbook, review }) =>
    recordRow(
      runbook,
      runbook.snapshot_at,
      {
        title: runbook.title,
        owner: runbook.owner,
        review_every: runbook.review_every,
        last_reviewed_at: iso(runbook.last_reviewed_at),
        due_at: iso(review.due),
        verdict: review.verdict,
        link: runbook.link,
      },
      review.verdict === "reviewed",
      review.verdict === "overdue"
        ? `review due by ${day((review.due as number) - 1)}`
        : review.verdict === "never_reviewed"
          ? "never reviewed"
          : null,
    ),
  );
}

/** The plan's runbooks at the period end, those no tabletop ran in the last 12 months first, each with its last exercise. */
export async function exerciseDrill(
  store: Store,
  _metricId: string,
  { period, config }: DrillContext,
  limit: number,
) {
  const { runbooks, tabletops } = await runbooksAt(store, period.end);
  const since = DateTime.fromMillis(exerciseWindowStart(period.end, config.timezone), {
    zone: config.timezone,
  }).toISODate();
  const judged = runbooks
    .sort(byId)
    .map((runbook) => ({ runbook, tabletop: lastExercise(runbook, tabletops, period.end, config.timezone) }));
  judged.sort((a, b) => Number(a.tabletop !== null) - Number(b.tabletop !== null));
  return judged.slice(0, limit + 1).map(({ runbook, tabletop }) =>
    recordRow(
      runbook,
      runbook.snapshot_at,
      {
        title: runbook.title,
        owner: runbook.owner,
        exercised_by: tabletop?.external_id ?? null,
        exercised_at: iso(tabletop?.date ?? null),
        scenario: tabletop?.scenario ?? null,
        link: runbook.link,
      },
      tabletop !== null,
      tabletop === null ? `no tabletop ran it since ${since}` : null,
    ),
  );
}
