import type { DrillDown } from "../app/drill-down.ts";
import type { Provenance } from "../model/records.ts";
import type { ImportRecord } from "../store/store.ts";

/**
 * The JSON of imports and of the records behind a metric (`secmetrics
 * imports`, `secmetrics drill`, `GET /api/v1/metrics/{id}`): the stored
 * epoch milliseconds as ISO 8601 instants, as every JSON output writes them.
 */
export function importJson(record: ImportRecord) {
  return { ...record, imported_at: new Date(record.imported_at).toISOString() };
}

export function drillJson(drill: DrillDown) {
  return {
    ...drill,
    period: {
      id: drill.period.id,
      start: new Date(drill.period.start).toISOString(),
      end: new Date(drill.period.end).toISOString(),
    },
    rows: drill.rows.map((row) => ({ ...row, provenance: provenanceJson(row.provenance) })),
  };
}

function provenanceJson(provenance: Provenance) {
  return { ...provenance, imported_at: new Date(provenance.imported_at).toISOString() };
}
