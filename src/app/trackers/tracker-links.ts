import type { Recommendation } from "../../review/recommendation.ts";
import type { Assignment, Dismissal, TrackerLink, TrackerName } from "../../review/tracker-issue.ts";
import { databaseOf, writeWaitingForLock } from "../../store/kysely-store.ts";
import type { Store } from "../../store/store.ts";

/** The tables of migrations 0024-tracker-links and 0046-recommendation-assignments. */
type TrackerTables = {
  tracker_links: TrackerLink;
  recommendation_dismissals: Dismissal;
  recommendation_assignments: Assignment;
};

const tables = (store: Store) => databaseOf(store).withTables<TrackerTables>();

/** Every link, or one tracker's. */
export async function readLinks(store: Store, tracker?: TrackerName): Promise<TrackerLink[]> {
  let query = tables(store).selectFrom("tracker_links").selectAll();
  if (tracker) query = query.where("tracker", "=", tracker);
  const rows = await query.orderBy("recommendation_id").orderBy("tracker").execute();
  return rows.map((row) => ({ ...row, tracker: row.tracker as TrackerName }));
}

/** Records a link as it stands now, replacing the recommendation's earlier one in that tracker. */
export async function saveLink(store: Store, link: TrackerLink): Promise<void> {
  await writeWaitingForLock(store, () =>
    tables(store)
      .insertInto("tracker_links")
      .values(link)
      .onConflict((conflict) =>
        conflict.columns(["tracker", "recommendation_id"]).doUpdateSet({
          issue: link.issue,
          url: link.url,
          state: link.state,
          fingerprint: link.fingerprint,
          cleared_at: link.cleared_at,
          updated_at: link.updated_at,
        }),
      )
      .execute(),
  );
}

export async function readDismissals(store: Store): Promise<Map<string, Dismissal>> {
  const rows = await tables(store).selectFrom("recommendation_dismissals").selectAll().execute();
  return new Map(rows.map((row) => [row.recommendation_id, row]));
}

/** Dismisses a recommendation; dismissing it again replaces the reason, who and when. */
export async function saveDismissal(store: Store, dismissal: Dismissal): Promise<void> {
  await writeWaitingForLock(store, () =>
    tables(store)
      .insertInto("recommendation_dismissals")
      .values(dismissal)
      .onConflict((conflict) =>
        conflict.column("recommendation_id").doUpdateSet({
          reason: dismissal.reason,
          dismissed_by: dismissal.dismissed_by,
          dismissed_at: dismissal.dismissed_at,
        }),
      )
      .execute(),
  );
}

export async function readAssignments(store: Store): Promise<Map<string, Assignment>> {
  const rows = await tables(store).selectFrom("recommendation_assignments").selectAll().execute();
  return new Map(rows.map((row) => [row.recommendation_id, row]));
}

/** Puts someone in charge of a recommendation; assigning it again replaces who, by whom and when. */
export async function saveAssignment(store: Store, assignment: Assignment): Promise<void> {
  await writeWaitingForLock(store, () =>
    tables(store)
      .insertInto("recommendation_assignments")
      .values(assignment)
      .onConflict((conflict) =>
        conflict.column("recommendation_id").doUpdateSet({
          owner: assignment.owner,
          assigned_by: assignment.assigned_by,
          assigned_at: assignment.assigned_at,
        }),
      )
      .execute(),
  );
}

/** The recommendations with the owner people assigned in place of the catalog's, where they did. */
export function withAssignedOwners(
  recommendations: readonly Recommendation[],
  assignments: ReadonlyMap<string, Assignment>,
): Recommendation[] {
  return recommendations.map((recommendation) => {
    const assigned = assignments.get(recommendation.id);
    return assigned ? { ...recommendation, owner: assigned.owner } : recommendation;
  });
}
