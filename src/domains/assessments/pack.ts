import type { DomainPack } from "../domain-pack.ts";
import { assessmentMetrics } from "./compute.ts";
import { assessmentDrill } from "./drill.ts";
import { ASSESSMENTS_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { assessmentInputs } from "./queries.ts";
import { ASSESSMENT, ASSESSMENT_FINDING } from "./records.ts";

/**
 * Continuous assessment: the config's schedule judged against the
 * assessments register's latest snapshot before each period end, and the
 * findings of the same snapshot. Findings with a remediation plan are also
 * action items of origin `assessment`, counted by the action items pack.
 */
export const assessments: DomainPack = {
  id: "assessments",
  recordKinds: [ASSESSMENT, ASSESSMENT_FINDING],
  migrations: MIGRATIONS,
  metrics: ASSESSMENTS_METRICS,
  families: [
    {
      metrics: ["assessments_on_schedule", "assessment_findings_open", "assessment_remediation_verified"],
      kinds: [ASSESSMENT.kind, ASSESSMENT_FINDING.kind],
      async dataEnd(store) {
        const at = await store.latestRecord(ASSESSMENT.kind);
        return at === null ? null : { at, record: "assessments register" };
      },
      async compute(store, { period, config }) {
        return assessmentMetrics(await assessmentInputs(store, config, period.end), period);
      },
      drill: assessmentDrill,
    },
  ],
};
