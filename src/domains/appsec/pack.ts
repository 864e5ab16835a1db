import type { DomainPack } from "../domain-pack.ts";
import { highRiskReviews, securityReviewCoverage } from "./compute.ts";
import { reviewDrill } from "./drill.ts";
import { APPSEC_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { latestRuns } from "./queries.ts";
import { SECURITY_CONTROL, type SecurityControl, TEST_RESULT } from "./records.ts";

/** Application security from the data teams already have: the controls register and test reports. */
export const appsec: DomainPack = {
  id: "appsec",
  recordKinds: [SECURITY_CONTROL, TEST_RESULT],
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
  ],
};
