import type { DomainPack } from "../domain-pack.ts";
import { maturityMetrics } from "./compute.ts";
import { maturityDrill } from "./drill.ts";
import { MATURITY_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { answersBefore } from "./queries.ts";
import { MATURITY_ANSWER } from "./records.ts";
import { assessmentsOf } from "./scoring.ts";
import { maturityStatus } from "./status.ts";

/**
 * OWASP SAMM v2 assessments: each scope's answers at each instant, scored
 * per practice by SAMM's formula, named by the configured bands and held
 * against the configured targets. A period reads every scope's latest
 * assessment before its end.
 */
export const maturity: DomainPack = {
  id: "maturity",
  recordKinds: [MATURITY_ANSWER],
  migrations: MIGRATIONS,
  metrics: MATURITY_METRICS,
  families: [
    {
      metrics: ["maturity_score", "maturity_gaps"],
      kinds: [MATURITY_ANSWER.kind],
      async compute(store, { period, config }) {
        const assessments = assessmentsOf(await answersBefore(store, period.end));
        return maturityMetrics(maturityStatus(assessments, period.end, config.maturity));
      },
      drill: maturityDrill,
    },
  ],
};
