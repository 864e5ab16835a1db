import type { DomainPack } from "../domain-pack.ts";
import {
  answersPastReview,
  deflectionRate,
  fastLaneMetrics,
  latestSnapshot,
  securityTxtDaysLeft,
} from "./compute.ts";
import { answersDrill, dealsDrill, fillsDrill, securityTxtDrill } from "./drill.ts";
import { TRUST_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { dealsClosed, latestDealActivity } from "./queries.ts";
import {
  DEAL,
  QUESTIONNAIRE_ANSWER,
  QUESTIONNAIRE_FILL,
  type QuestionnaireAnswer,
  type QuestionnaireFill,
  SECURITY_TXT,
  type SecurityTxtSnapshot,
} from "./records.ts";

/**
 * Trust: how sales deals get through security, from the CRM's deals
 * export; how much of the questionnaires the answer library answers; and
 * what the public trust center promises by itself (a security.txt that has
 * not lapsed), from the trust files imported.
 */
export const trust: DomainPack = {
  id: "trust",
  recordKinds: [DEAL, QUESTIONNAIRE_ANSWER, QUESTIONNAIRE_FILL, SECURITY_TXT],
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
    {
      metrics: ["security_txt_days_left"],
      kinds: [SECURITY_TXT.kind],
      // A published security.txt speaks for itself until it expires: its data ends there, not at its import.
      async dataEnd(store) {
        const latest = latestSnapshot(
          await store.snapshot<SecurityTxtSnapshot>(SECURITY_TXT.kind, Number.MAX_SAFE_INTEGER),
        );
        return latest
          ? { at: Math.max(latest.expires_at, latest.snapshot_at), record: "security.txt" }
          : null;
      },
      async compute(store, { period }) {
        const snapshots = await store.snapshot<SecurityTxtSnapshot>(SECURITY_TXT.kind, period.end);
        return { security_txt_days_left: securityTxtDaysLeft(snapshots, period.end) };
      },
      drill: securityTxtDrill,
    },
  ],
};
