import type { DomainPack } from "../domain-pack.ts";
import { answersPastReview, deflectionRate, fastLaneMetrics } from "./compute.ts";
import { answersDrill, dealsDrill, fillsDrill } from "./drill.ts";
import { TRUST_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { dealsClosed, latestDealActivity } from "./queries.ts";
import {
  DEAL,
  QUESTIONNAIRE_ANSWER,
  QUESTIONNAIRE_FILL,
  type QuestionnaireAnswer,
  type QuestionnaireFill,
} from "./records.ts";

/**
 * Trust: how sales deals get through security, from the CRM's deals
 * export, and how much of the questionnaires the answer library answers.
 */
export const trust: DomainPack = {
  id: "trust",
  recordKinds: [DEAL, QUESTIONNAIRE_ANSWER, QUESTIONNAIRE_FILL],
  migrations: MIGRATIONS,
  metrics: TRUST_METRICS,
  families: [
    {
      metrics: ["fast_lane_share", "security_review_cycle_time"],
      kinds: [DEAL.kind],
      async dataEnd(store) {
        const at = await store.read(latestDealActivity);
        return at === null ? null : { at, record: "deal" };
      },
      async compute(store, { period, now }) {
        const deals = await store.read((q) => dealsClosed(q, period));
        return fastLaneMetrics(deals, Math.min(period.end, now));
      },
      drill: dealsDrill,
    },
    {
      metrics: ["questionnaire_deflection_rate"],
      kinds: [QUESTIONNAIRE_FILL.kind],
      async compute(store, { period }) {
        const fills = await store.records<QuestionnaireFill>(QUESTIONNAIRE_FILL.kind, period);
        return { questionnaire_deflection_rate: deflectionRate(fills) };
      },
      drill: fillsDrill,
    },
    {
      metrics: ["answers_past_review"],
      kinds: [QUESTIONNAIRE_ANSWER.kind],
      async compute(store, { period }) {
        const answers = await store.snapshot<QuestionnaireAnswer>(QUESTIONNAIRE_ANSWER.kind, period.end);
        return { answers_past_review: answersPastReview(answers, period.end) };
      },
      drill: answersDrill,
    },
  ],
};
