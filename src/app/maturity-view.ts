import type { Config } from "../config/schema.ts";
import { answersBefore } from "../domains/maturity/queries.ts";
import { assessmentsOf } from "../domains/maturity/scoring.ts";
import { type MaturityStatus, maturityStatus } from "../domains/maturity/status.ts";
import { SecmetricsError } from "../model/errors.ts";
import type { Store } from "../store/store.ts";

/**
 * Every scope's SAMM standing at `at` (or the one scope asked for), with
 * the change since its previous assessment and the roadmap to the targets.
 */
export async function maturityView(
  store: Store,
  options: { at: number; scope?: string; config: Config },
): Promise<MaturityStatus> {
  const assessments = assessmentsOf(await answersBefore(store, options.at));
  const status = maturityStatus(assessments, options.at, options.config.maturity);
  if (options.scope === undefined) return status;
  if (!status.scopes.some((scope) => scope.scope === options.scope))
    throw new SecmetricsError(
      "not_found",
      `no SAMM assessment of scope "${options.scope}"`,
      status.scopes.length === 0
        ? "import one first (`secmetrics import assessment.yaml`)"
        : `assessed scopes: ${status.scopes.map((scope) => scope.scope).join(", ")}`,
    );
  return {
    scopes: status.scopes.filter((scope) => scope.scope === options.scope),
    roadmap: status.roadmap.filter((gap) => gap.scope === options.scope),
  };
}
