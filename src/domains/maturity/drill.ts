import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { iso, recordRow } from "../drill-row.ts";
import { answersBefore } from "./queries.ts";
import { assessmentsOf, latestByScope } from "./scoring.ts";
import { maturityStatus } from "./status.ts";

/**
 * The answers behind the maturity metrics: those of each scope's latest
 * assessment before the period end count (for `maturity_gaps`, those of a
 * practice below its target); earlier assessments' answers are listed as
 * superseded. Counted first, then by scope, question and instant.
 */
export async function maturityDrill(store: Store, metricId: string, context: DrillContext, limit: number) {
  const answers = await answersBefore(store, context.period.end);
  const assessments = assessmentsOf(answers);
  const latest = new Map(
    latestByScope(assessments, context.period.end).map(({ current }) => [current.scope, current]),
  );
  const gaps = new Set(
    maturityStatus(assessments, context.period.end, context.config.maturity).roadmap.map(
      (gap) => `${gap.scope}\u0000${gap.practice}`,
    ),
  );
  const practiceOf = (question: string) => question.split("-").slice(0, 2).join("-");
  const rows = answers.map((answer) => {
    const current = latest.get(answer.scope)?.assessed_at === answer.assessed_at;
    const note = !current
      ? `superseded by the assessment of ${iso(latest.get(answer.scope)?.assessed_at ?? null)}`
      : metricId === "maturity_gaps" && !gaps.has(`${answer.scope}\u0000${practiceOf(answer.question)}`)
        ? "practice at or above its target"
        : null;
    return { answer, note };
  });
  rows.sort(
    (a, b) =>
      Number(a.note !== null) - Number(b.note !== null) ||
      a.answer.scope.localeCompare(b.answer.scope) ||
      a.answer.question.localeCompare(b.answer.question) ||
      b.answer.assessed_at - a.answer.assessed_at,
  );
  return rows.slice(0, limit + 1).map(({ answer, note }) =>
    recordRow(
      answer,
      answer.assessed_at,
      {
        scope: answer.scope,
        assessor: answer.assessor,
        question: answer.question,
        answer: answer.answer,
      },
      note === null,
      note,
    ),
  );
}
