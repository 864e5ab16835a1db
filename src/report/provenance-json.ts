import type { DrillDown } from "../app/drill-down.ts";
import type { ImportHistory } from "../app/import-history.ts";
import type { Provenance } from "../model/records.ts";
import type { SourceRun } from "../store/source-run-store.ts";
import type { ImportRecord } from "../store/store.ts";

/**
 * The JSON of imports and of the records behind a metric (`secmetrics
 * imports`, `secmetrics drill`, `GET /api/v1/metrics/{id}`): the stored
 * epoch milliseconds as ISO 8601 instants, as every JSON output writes them.
 */
export function importJson(record: ImportRecord) {
  return { ...record, imported_at: new Date(record.imported_at).toISOString() };
}

/** A run of a scheduled source, its instants as ISO 8601 (`sources`, `imports`, `GET /api/v1/imports`). */
export function sourceRunJson(run: SourceRun) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    ...run,
    due_at: iso(run.due_at),
    started_at: iso(run.started_at),
    finished_at: iso(run.finished_at),
  };
}

/** `secmetrics imports --format json --source-runs` and `GET /api/v1/imports`, the latest runs first. */
export function importHistoryJson(history: ImportHistory) {
  return { imports: history.imports.map(importJson), source_runs: history.sourceRuns.map(sourceRunJson) };
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
