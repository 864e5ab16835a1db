import type { MaturityConfig } from "../../config/maturity.ts";
import type { ActionItem } from "../action-items/records.ts";
import { SAMM_MODEL } from "./samm-model/samm-model.ts";
import { type Assessment, levelOf, type PracticeScore, targetOf } from "./scoring.ts";

/** An activity whose question is not yet answered in full, at or below the target's level. */
export interface NextActivity {
  question: string;
  activity: string;
  answer: number;
}

/** A practice below its target in a scope's latest assessment: one step of the roadmap. */
export interface MaturityGap {
  scope: string;
  practice: string;
  name: string;
  function: string;
  score: number;
  level: string;
  target: number;
  target_level: string;
  gap: number;
  weight: number;
  /** The gap times its business function's weight: what the roadmap is ordered by. */
  priority: number;
  next: NextActivity[];
}

/** A practice's score beside its target, whether it is below it or not. */
export function gapOf(
  score: PracticeScore,
  assessment: Assessment,
  config: MaturityConfig,
): MaturityGap | null {
  const target = targetOf(score.practice, config);
  if (target === null || score.score >= target) return null;
  const gap = target - score.score;
  const weight = config.function_weights[score.function] ?? 1;
  return {
    scope: assessment.scope,
    practice: score.practice,
    name: score.name,
    function: score.function,
    score: score.score,
    level: score.level,
    target,
    target_level: levelOf(target, config.bands),
    gap,
    weight,
    priority: gap * weight,
    next: nextActivities(score.practice, target, assessment),
  };
}

/**
 * The activities to work on first: those of the levels the target needs
 * (a stream scores one per level, so a target of 2 needs levels 1 and 2),
 * lowest level first, as SAMM builds each level on the one below.
 */
function nextActivities(practice: string, target: number, assessment: Assessment): NextActivity[] {
  return SAMM_MODEL.questions
    .filter((question) => question.practice === practice && question.level <= Math.ceil(target))
    .map((question) => ({
      question: question.id,
      activity: question.activity,
      answer: assessment.answers.get(question.id) ?? 0,
      level: question.level,
    }))
    .filter((activity) => activity.answer < 1)
    .sort((a, b) => a.level - b.level || a.question.localeCompare(b.question))
    .map(({ level: _level, ...activity }) => activity);
}

const MODEL_ORDER = new Map<string, number>(
  SAMM_MODEL.practices.map((practice, index) => [practice.code, index]),
);

/**
 * The roadmap: every gap, the largest priority (gap × business-function
 * weight) first; equal ones by the larger gap, then in the model's order
 * (Governance before Operations), then by scope.
 */
export function orderRoadmap(gaps: readonly MaturityGap[]): MaturityGap[] {
  return [...gaps].sort(
    (a, b) =>
      b.priority - a.priority ||
      b.gap - a.gap ||
      (MODEL_ORDER.get(a.practice) ?? 0) - (MODEL_ORDER.get(b.practice) ?? 0) ||
      a.scope.localeCompare(b.scope),
  );
}

/** The fields of an action items register a roadmap step fills. */
export type RoadmapAction = Pick<
  ActionItem,
  "external_id" | "title" | "type" | "priority" | "status" | "created_at" | "origin" | "origin_ref"
>;

/**
 * A roadmap step as an action item of origin `maturity`, created when the
 * assessment found the gap. Its id names the scope, practice and target, so
 * the same gap found again by a reassessment is the same item.
 */
export function roadmapAction(gap: MaturityGap, rank: number, assessedAt: number): RoadmapAction {
  const score = (value: number) => value.toFixed(2);
  return {
    external_id: `maturity:${gap.scope}:${gap.practice}:${score(gap.target)}`,
    title: `Raise ${gap.name} (${gap.function}) for ${gap.scope} from ${score(gap.score)} (${gap.level}) to ${score(gap.target)} (${gap.target_level})`,
    type: "process",
    priority: String(rank),
    status: "open",
    created_at: assessedAt,
    origin: "maturity",
    origin_ref: `${gap.scope}/${gap.practice}`,
  };
}
