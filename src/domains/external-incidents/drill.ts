import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { iso, recordRow } from "../drill-row.ts";
import { dueAt, isRelevant, triagePolicy, triageVerdict } from "./compute.ts";
import { incidentsOf, triagesByIncident } from "./queries.ts";

const DAY_MS = 86_400_000;

/**
 * The external incidents of the period with their triage: those triaged on
 * time counted; the late ones (by how many days), the untriaged past due,
 * the pending and those of other chains not counted, with the reason,
 * judged at the period's end as the value is.
 */
export async function externalIncidentsDrill(
  store: Store,
  _metricId: string,
  { period, config }: DrillContext,
  limit: number,
) {
  const policy = triagePolicy(config);
  const [incidents, triages] = await Promise.all([
    incidentsOf(store, { ...period, limit: limit + 1 }),
    triagesByIncident(store),
  ]);
  return incidents.map((incident) => {
    const triage = triages.get(incident.external_id);
    const due = dueAt(incident, policy);
    const verdict = triageVerdict(incident, triage, policy, period.end);
    let note: string | null = null;
    if (!isRelevant(incident, policy)) note = `not relevant: on ${incident.chain}`;
    else if (verdict === "late")
      note = `late: triaged ${Math.ceil(((triage?.triaged_at ?? due) - due) / DAY_MS)} d after its due date`;
    else if (verdict !== "on_time") note = verdict;
    return recordRow(
      incident,
      incident.date,
      {
        project: incident.project,
        attack_type: incident.attack_type,
        loss: incident.loss,
        loss_usd: incident.loss_usd,
        chain: incident.chain,
        due_at: iso(due),
        verdict,
        applies: triage?.applies ?? null,
        triaged_at: iso(triage?.triaged_at ?? null),
        triaged_by: triage?.triaged_by ?? null,
        action_item: triage?.action_item ?? null,
      },
      note === null,
      note,
    );
  });
}
