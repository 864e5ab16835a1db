import type { Config } from "../../config/schema.ts";
import { type MetricValue, percentValue } from "../metric-value.ts";
import type { ExternalIncident, ExternalTriage } from "./records.ts";

const DAY_MS = 86_400_000;

/** Which external incidents concern us, and how soon each is due a triage. */
export interface TriagePolicy {
  days: number;
  chains: ReadonlySet<string>;
}

export function triagePolicy(config: Config): TriagePolicy {
  const { triage_days, chains } = config.external_incidents;
  return { days: triage_days, chains: new Set(chains.map((chain) => chain.toLowerCase())) };
}

/** Relevant: on a chain we deploy on, or of a chain the list does not name (it cannot be ruled out). */
export function isRelevant(incident: ExternalIncident, policy: TriagePolicy): boolean {
  return policy.chains.size === 0 || incident.chain === null || policy.chains.has(incident.chain);
}

export function dueAt(incident: ExternalIncident, policy: TriagePolicy): number {
  return incident.date + policy.days * DAY_MS;
}

/**
 * An external incident's triage, judged at `at`: `on_time` by its due
 * date, `late` after it, `untriaged` with the due date passed, `pending`
 * while still within it (not judged yet).
 */
export type TriageVerdict = "on_time" | "late" | "untriaged" | "pending";

export function triageVerdict(
  incident: ExternalIncident,
  triage: ExternalTriage | undefined,
  policy: TriagePolicy,
  at: number,
): TriageVerdict {
  const due = dueAt(incident, policy);
  if (triage) return triage.triaged_at <= due ? "on_time" : "late";
  return due <= at ? "untriaged" : "pending";
}

/**
 * % of the period's relevant external incidents triaged within the policy's
 * days, judged at `at`: on time ÷ (on time + late + untriaged past due);
 * pending ones wait.
 */
export function triageMetric(
  incidents: readonly ExternalIncident[],
  triages: ReadonlyMap<string, ExternalTriage>,
  policy: TriagePolicy,
  at: number,
): MetricValue {
  const verdicts: Record<TriageVerdict, number> = { on_time: 0, late: 0, untriaged: 0, pending: 0 };
  let applies = 0;
  let actionItems = 0;
  const relevant = incidents.filter((incident) => isRelevant(incident, policy));
  for (const incident of relevant) {
    const triage = triages.get(incident.external_id);
    verdicts[triageVerdict(incident, triage, policy, at)]++;
    if (triage?.applies) applies++;
    if (triage?.action_item) actionItems++;
  }
  return percentValue(
    verdicts.on_time,
    verdicts.on_time + verdicts.late + verdicts.untriaged,
    "no relevant external incident of the period is due a triage yet",
    {
      ...verdicts,
      not_relevant: incidents.length - relevant.length,
      applies,
      action_items: actionItems,
      triage_days: policy.days,
    },
  );
}
