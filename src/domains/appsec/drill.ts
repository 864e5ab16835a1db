import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { iso, recordRow } from "../drill-row.ts";
import { type ControlReview, highRiskReviews, projectStates } from "./compute.ts";
import { latestListings, latestRuns } from "./queries.ts";
import { SECURITY_CONTROL, type SecurityControl } from "./records.ts";

const NOTES: Record<ControlReview["status"], (review: ControlReview) => string | null> = {
  verified: () => null,
  failed: (review) => `failed: ${review.deciding?.test_id} (${review.deciding?.outcome})`,
  not_run: (review) =>
    review.runs.length > 0
      ? "not run: its tests were only skipped in the period"
      : "not run: no mapped test ran in the period",
  no_test_mapped: () => "no test mapped",
};

/** Every high-risk control with its status and the test run that decided it; verified ones count. */
export async function reviewDrill(store: Store, _metricId: string, { period }: DrillContext, limit: number) {
  const [controls, runs] = await Promise.all([
    store.snapshot<SecurityControl>(SECURITY_CONTROL.kind, period.end),
    store.read((q) => latestRuns(q, period)),
  ]);
  return highRiskReviews<Stored<SecurityControl>>(controls, runs)
    .slice(0, limit + 1)
    .map((review) =>
      recordRow(
        review.control,
        review.control.snapshot_at,
        {
          control: review.control.control_id,
          title: review.control.title,
          owner: review.control.owner,
          status: review.status,
          test: review.deciding?.test_id ?? null,
          test_outcome: review.deciding?.outcome ?? null,
          test_ran_at: iso(review.deciding?.ran_at ?? null),
          mapped_tests_run: review.runs.length,
        },
        review.status === "verified",
        NOTES[review.status](review),
      ),
    );
}

/**
 * The direct dependencies of the latest listings before the period end:
 * those outside the allowed lag first (what keeps the value down), then
 * the compliant ones, which count; an incomplete project is named in the
 * value's details.
 */
export async function dependencyDrill(
  store: Store,
  _metricId: string,
  { period, config }: DrillContext,
  limit: number,
) {
  const { listings, versions } = await store.read((q) => latestListings(q, period.end));
  const states = projectStates(listings, versions, config.patch_compliance.allowed_lag).flatMap(
    (p) => p.dependencies,
  );
  return [...states.filter((s) => !s.compliant), ...states.filter((s) => s.compliant)]
    .slice(0, limit + 1)
    .map((state) =>
      recordRow(
        state.version,
        state.version.listed_at,
        {
          ecosystem: state.version.ecosystem,
          project: state.version.project,
          package: state.version.package,
          current: state.current,
          latest: state.latest,
          lag: state.lag,
          dependency_type: state.version.dependency_type,
        },
        state.compliant,
        state.compliant ? null : `behind on ${state.lag === "unknown" ? "an unreadable version" : state.lag}`,
      ),
    );
}
