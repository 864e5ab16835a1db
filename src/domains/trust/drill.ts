import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import { cycleTimeExclusion, daysUntil, latestSnapshot, pastReview } from "./compute.ts";
import { dealsClosed } from "./queries.ts";
import {
  QUESTIONNAIRE_ANSWER,
  QUESTIONNAIRE_FILL,
  type QuestionnaireAnswer,
  type QuestionnaireFill,
  SECURITY_TXT,
  type SecurityTxtSnapshot,
} from "./records.ts";

/** The deals closed in the period, each with whether it counts toward the metric and why not. */
export async function dealsDrill(store: Store, metricId: string, { period }: DrillContext, limit: number) {
  const deals = await store.read((q) => dealsClosed(q, period, limit + 1));
  return deals.map((deal) => {
    const exclusion = metricId === "security_review_cycle_time" ? cycleTimeExclusion(deal) : null;
    return recordRow(
      deal,
      deal.closed_at as number,
      {
        customer: deal.customer,
        accepted_addendum: deal.accepted_addendum,
        opened_at: iso(deal.opened_at),
        security_review_started_at: iso(deal.security_review_started_at),
        security_review_ended_at: iso(deal.security_review_ended_at),
      },
      exclusion === null,
      exclusion,
    );
  });
}

/** The questionnaires filled in the period, each with its counts. */
export async function fillsDrill(store: Store, _metricId: string, { period }: DrillContext, limit: number) {
  const fills = await store.records<QuestionnaireFill>(QUESTIONNAIRE_FILL.kind, {
    ...period,
    limit: limit + 1,
  });
  return fills.map((fill) =>
    recordRow(fill, fill.filled_at, {
      questionnaire: fill.questionnaire,
      questions: fill.questions,
      answered: fill.answered,
      flagged: fill.flagged,
      unmatched: fill.unmatched,
    }),
  );
}

/** The library's answers at the period end, those past review counted. */
export async function answersDrill(store: Store, _metricId: string, { period }: DrillContext, limit: number) {
  const answers = await store.snapshot<QuestionnaireAnswer>(QUESTIONNAIRE_ANSWER.kind, period.end);
  return answers.slice(0, limit + 1).map((answer) => {
    const past = pastReview(answer, period.end);
    return recordRow(
      answer,
      answer.snapshot_at,
      {
        question: answer.question,
        short_answer: answer.short_answer,
        owner: answer.owner,
        approved_at: iso(answer.approved_at),
        review_by: iso(answer.review_by),
      },
      past,
      past ? null : "not past review",
    );
  });
}

/** The security.txt snapshots in force at the period end; only the latest counts. */
export async function securityTxtDrill(
  store: Store,
  _metricId: string,
  { period }: DrillContext,
  limit: number,
): Promise<DrillRow[]> {
  const snapshots = await store.snapshot<SecurityTxtSnapshot>(SECURITY_TXT.kind, period.end);
  const latest = latestSnapshot(snapshots);
  return snapshots.slice(0, limit + 1).map((snapshot) =>
    recordRow(
      snapshot,
      snapshot.snapshot_at,
      {
        expires: iso(snapshot.expires_at),
        days_left: daysUntil(snapshot.expires_at, period.end),
        canonical: snapshot.canonical,
      },
      snapshot === latest,
      snapshot === latest ? null : "a later trust file was imported",
    ),
  );
}
