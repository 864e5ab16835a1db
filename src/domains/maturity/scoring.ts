import type { MaturityBand, MaturityConfig } from "../../config/maturity.ts";
import { mean } from "../statistics.ts";
import type { MaturityAnswer } from "./records.ts";
import { SAMM_MODEL } from "./samm-model/samm-model.ts";

export type SammPractice = (typeof SAMM_MODEL.practices)[number];

/** One scope's answers at one instant: an assessment. */
export interface Assessment {
  scope: string;
  assessed_at: number;
  assessor: string | null;
  /** Answer value by question id. */
  answers: ReadonlyMap<string, number>;
}

/** A practice's score in one assessment, with its streams' and the named level it falls in. */
export interface PracticeScore {
  practice: string;
  name: string;
  function: string;
  /** Stream letter → the sum of its three level answers (0–3). */
  streams: Record<string, number>;
  score: number;
  level: string;
  /** The practice's questions the assessment left unanswered, counted as "No". */
  unanswered: number;
}

type AnswerFields = Pick<MaturityAnswer, "scope" | "assessed_at" | "assessor" | "question" | "answer">;

/** The answers grouped by scope and instant, oldest first, then by scope. */
export function assessmentsOf(answers: readonly AnswerFields[]): Assessment[] {
  const byKey = new Map<string, Assessment & { answers: Map<string, number> }>();
  for (const answer of answers) {
    const key = `${answer.assessed_at}\u0000${answer.scope}`;
    let assessment = byKey.get(key);
    if (!assessment) {
      assessment = {
        scope: answer.scope,
        assessed_at: answer.assessed_at,
        assessor: null,
        answers: new Map(),
      };
      byKey.set(key, assessment);
    }
    assessment.assessor ??= answer.assessor;
    assessment.answers.set(answer.question, answer.answer);
  }
  return [...byKey.values()].sort((a, b) => a.assessed_at - b.assessed_at || a.scope.localeCompare(b.scope));
}

/** Each scope's latest assessment before `at`, and the one before it (null for a first), by scope. */
export function latestByScope(
  assessments: readonly Assessment[],
  at: number,
): { current: Assessment; previous: Assessment | null }[] {
  // Assessments come oldest first, so each scope's last two before `at` are its latest and the one before.
  const byScope = new Map<string, { current: Assessment; previous: Assessment | null }>();
  for (const assessment of assessments)
    if (assessment.assessed_at < at)
      byScope.set(assessment.scope, {
        current: assessment,
        previous: byScope.get(assessment.scope)?.current ?? null,
      });
  return [...byScope.keys()]
    .sort()
    .map((scope) => byScope.get(scope) as { current: Assessment; previous: Assessment | null });
}

/** The band a score falls in: the last whose lower bound it reaches. */
export function levelOf(score: number, bands: readonly MaturityBand[]): string {
  let level = bands[0]?.level ?? "";
  for (const band of bands) if (score >= band.from) level = band.level;
  return level;
}

/**
 * Every practice's score in an assessment, in the model's order, by the
 * formula of SAMM v2's assessment toolbox (its Scorecard sheet; owaspsamm.org/assessment):
 * a stream's score is the sum of the answer values (0, 0.25, 0.5, 1) of
 * its level 1, 2 and 3 questions, 0–3; a practice's score is the mean of
 * its two streams' scores. An unanswered question counts as "No", as in
 * the toolbox, and is counted apart so that the gap shows.
 */
export function practiceScores(assessment: Assessment, bands: readonly MaturityBand[]): PracticeScore[] {
  return SAMM_MODEL.practices.map((practice) => {
    let unanswered = 0;
    const streams: Record<string, number> = {};
    for (const { letter } of practice.streams) {
      streams[letter] = 0;
      for (const level of [1, 2, 3]) {
        const value = assessment.answers.get(`${practice.code}-${level}-${letter}`);
        if (value === undefined) unanswered++;
        else streams[letter] += value;
      }
    }
    const score = mean(Object.values(streams)) ?? 0;
    return {
      practice: practice.code,
      name: practice.name,
      function: practice.function,
      streams,
      score,
      level: levelOf(score, bands),
      unanswered,
    };
  });
}

/** The target score of a practice: its own, else the default; a level means its band's lower bound. */
export function targetOf(practice: string, config: MaturityConfig): number | null {
  const target = config.targets[practice] ?? config.targets.default;
  if (target === undefined) return null;
  if (typeof target === "number") return target;
  return config.bands.find((band) => band.level === target)?.from ?? null;
}
