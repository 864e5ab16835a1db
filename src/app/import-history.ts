import { createSourceRunStore, type SourceRun } from "../store/source-run-store.ts";
import type { ImportRecord, Store } from "../store/store.ts";

/** How many of the latest source runs the import history shows. */
export const RECENT_SOURCE_RUNS = 50;

/** What came in: every import, and the latest runs of the scheduled sources (a failed one imports nothing). */
export interface ImportHistory {
  imports: ImportRecord[];
  sourceRuns: SourceRun[];
}

export async function importHistory(store: Store): Promise<ImportHistory> {
  return {
    imports: await store.listImports(),
    sourceRuns: await createSourceRunStore(store).list(RECENT_SOURCE_RUNS),
  };
}
