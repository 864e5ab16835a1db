import { createHash } from "node:crypto";
import { findMetric } from "../catalog/metrics.ts";
import type { Config } from "../config/schema.ts";
import { bestMatch, DEFAULT_MATCH_THRESHOLD } from "../domains/trust/answer-match.ts";
import { pastReview } from "../domains/trust/compute.ts";
import {
  QUESTIONNAIRE_ANSWER,
  QUESTIONNAIRE_FILL,
  type QuestionnaireAnswer,
  type QuestionnaireFill,
} from "../domains/trust/records.ts";
import { SecmetricsError } from "../model/errors.ts";
import type { Stored } from "../model/records.ts";
import type { Store } from "../store/store.ts";
import { computeKpis } from "./compute-kpis.ts";

/** The format and feed a fill run is stored under, as an import: the source of `questionnaire_deflection_rate`. */
export const QUESTIONNAIRE_FILL_FORMAT = "questionnaire-fill";
export const QUESTIONNAIRE_SOURCES = [{ id: QUESTIONNAIRE_FILL_FORMAT, kinds: [QUESTIONNAIRE_FILL.kind] }];

export type FillStatus = "answered" | "flagged" | "unmatched";

export interface FilledQuestion {
  question: string;
  status: FillStatus;
  match: { answer: Stored<QuestionnaireAnswer>; score: number } | null;
  /** Why a matched answer needs a human before it is sent. */
  flags: string[];
}

export interface QuestionnaireInput {
  /** The questionnaire's file name and bytes: its identity in the store. */
  fileName: string;
  bytes: Uint8Array;
  questions: readonly string[];
  threshold?: number;
  /** The period whose metric statuses judge an answer's evidence (the last complete one). */
  evidencePeriod: string;
}

export interface QuestionnaireResult {
  filled: FilledQuestion[];
  fill: QuestionnaireFill;
  /** False when the same questionnaire was filled with the same result before. */
  recorded: boolean;
}

/**
 * Fills each question from the answer library's latest import: the best
 * match above the threshold, flagged when its review date has passed or a
 * metric it cites as evidence is stale or missed its target. Each run is
 * recorded in the store as an import of format `questionnaire-fill`, the
 * questionnaire's SHA-256 its identity, so a questionnaire counts once, as
 * last filled.
 */
export async function fillQuestionnaire(
  store: Store,
  input: QuestionnaireInput,
  ctx: { config: Config; now: number },
): Promise<QuestionnaireResult> {
  const answers = await store.snapshot<QuestionnaireAnswer>(QUESTIONNAIRE_ANSWER.kind, ctx.now + 1);
  if (answers.length === 0)
    throw new SecmetricsError(
      "not_found",
      "no answer library in the store",
      "import one first: `secmetrics import answers/ --format answer-library`",
    );
  const matched = input.questions.map((question) => ({
    question,
    match: bestMatch(question, answers, input.threshold ?? DEFAULT_MATCH_THRESHOLD),
  }));
  const evidenceFlags = await evidenceJudge(
    store,
    matched.flatMap(({ match }) => match?.candidate.evidence.metrics ?? []),
    input.evidencePeriod,
    ctx,
  );
  const filled = matched.map(({ question, match }): FilledQuestion => {
    if (!match) return { question, status: "unmatched", match: null, flags: [] };
    const { candidate: answer, score } = match;
    const flags = [
      ...(pastReview(answer, ctx.now)
        ? [`past review (due ${new Date(answer.review_by ?? 0).toISOString().slice(0, 10)})`]
        : []),
      ...answer.evidence.metrics.flatMap((id) => evidenceFlags.get(id) ?? []),
    ];
    return { question, status: flags.length > 0 ? "flagged" : "answered", match: { answer, score }, flags };
  });
  const questionnaireHash = sha256(input.bytes);
  const fill: QuestionnaireFill = {
    kind: "questionnaire_fill",
    feed: QUESTIONNAIRE_FILL_FORMAT,
    external_id: questionnaireHash,
    filled_at: ctx.now,
    questionnaire: input.fileName,
    questions: filled.length,
    answered: filled.filter((q) => q.status === "answered").length,
    flagged: filled.filter((q) => q.status === "flagged").length,
    unmatched: filled.filter((q) => q.status === "unmatched").length,
  };
  // The run's identity: the questionnaire and what it was filled with, so the same fill is kept once.
  const runHash = sha256(
    new TextEncoder().encode(
      JSON.stringify([
        questionnaireHash,
        filled.map((q) => [q.status, q.match?.answer.external_id, q.flags]),
      ]),
    ),
  );
  if (await store.findImport(runHash, QUESTIONNAIRE_FILL_FORMAT, QUESTIONNAIRE_FILL_FORMAT))
    return { filled, fill, recorded: false };
  await store.importRecords(
    {
      format: QUESTIONNAIRE_FILL_FORMAT,
      feed: QUESTIONNAIRE_FILL_FORMAT,
      file_name: input.fileName,
      sha256: runHash,
      imported_at: ctx.now,
    },
    async (writer) => {
      await writer.write(fill, 1);
      return { skipped: 0 };
    },
  );
  return { filled, fill, recorded: true };
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** For each cited metric that should not back an answer now, why: unknown, stale or missed in the period. */
async function evidenceJudge(
  store: Store,
  metricIds: readonly string[],
  periodId: string,
  ctx: { config: Config; now: number },
): Promise<Map<string, string[]>> {
  const flags = new Map<string, string[]>();
  const cited = [...new Set(metricIds)];
  for (const id of cited.filter((id) => !findMetric(id)))
    flags.set(id, [`evidence metric ${id} does not exist`]);
  if (cited.length === flags.size) return flags;
  const kpis = await computeKpis(store, periodId, ctx);
  for (const metric of kpis.metrics) {
    if (!cited.includes(metric.id)) continue;
    if (metric.status === "stale" || metric.status === "missed")
      flags.set(metric.id, [`evidence metric ${metric.id} ${metric.status} in ${kpis.period.id}`]);
  }
  return flags;
}
