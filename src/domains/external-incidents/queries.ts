import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { EXTERNAL_INCIDENT, EXTERNAL_TRIAGE, type ExternalIncident, type ExternalTriage } from "./records.ts";

/** The external incidents dated in the period, in date order. */
export function incidentsOf(
  store: Store,
  period: { start: number; end: number; limit?: number },
): Promise<Stored<ExternalIncident>[]> {
  return store.records<ExternalIncident>(EXTERNAL_INCIDENT.kind, period);
}

/** Every triage, by incident id: a triage counts whenever it was made. */
export async function triagesByIncident(store: Store): Promise<Map<string, Stored<ExternalTriage>>> {
  const triages = await store.records<ExternalTriage>(EXTERNAL_TRIAGE.kind, {
    start: Number.MIN_SAFE_INTEGER,
    end: Number.MAX_SAFE_INTEGER,
  });
  return new Map(triages.map((triage) => [triage.external_id, triage]));
}
