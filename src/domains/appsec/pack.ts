import type { DomainPack } from "../domain-pack.ts";
import { highRiskReviews, patchCompliance, projectStates, securityReviewCoverage } from "./compute.ts";
import { dependencyDrill, reviewDrill } from "./drill.ts";
import { APPSEC_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { latestListings, latestRuns } from "./queries.ts";
import {
  DEPENDENCY_LISTING,
  DEPENDENCY_VERSION,
  SECURITY_CONTROL,
  type SecurityControl,
  TEST_RESULT,
} from "./records.ts";

/**
 * Application security from the data teams already have: the controls
 * register and test reports, and what package managers print.
 */
export const appsec: DomainPack = {
  id: "appsec",
  recordKinds: [SECURITY_CONTROL, TEST_RESULT, DEPENDENCY_LISTING, DEPENDENCY_VERSION],
  migrations: MIGRATIONS,
  metrics: APPSEC_METRICS,
  families: [
    {
      metrics: ["security_review_coverage"],
      // Fresh while tests run: the register changes rarely, the verification is the runs.
      kinds: [TEST_RESULT.kind, SECURITY_CONTROL.kind],
      // A register alone verifies nothing: before the first test report there is no figure, not 0%.
      dataStart: (store) => store.earliestRecord(TEST_RESULT.kind),
      async compute(store, { period }) {
        const [controls, runs] = await Promise.all([
          store.snapshot<SecurityControl>(SECURITY_CONTROL.kind, period.end),
          store.read((q) => latestRuns(q, period)),
        ]);
        return { security_review_coverage: securityReviewCoverage(highRiskReviews(controls, runs)) };
      },
      drill: reviewDrill,
    },
    {
      metrics: ["patch_compliance"],
      kinds: [DEPENDENCY_LISTING.kind, DEPENDENCY_VERSION.kind],
      async compute(store, { period, config }) {
        const { listings, versions } = await store.read((q) => latestListings(q, period.end));
        return {
          patch_compliance: patchCompliance(
            projectStates(listings, versions, config.patch_compliance.allowed_lag),
          ),
        };
      },
      drill: dependencyDrill,
    },
  ],
};
