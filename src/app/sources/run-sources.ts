import type { Config } from "../../config/schema.ts";
import type { SourceConfig, SourceKind } from "../../config/sources.ts";
import { createSourceRunStore, type SourceRun } from "../../store/source-run-store.ts";
import type { Store } from "../../store/store.ts";
import type { Connector, ConnectorKind } from "./connector.ts";
import { connectorReader } from "./connector-source.ts";
import { CONNECTORS } from "./connectors.ts";
import { readFilesSource } from "./files-source.ts";
import { readProbeSource } from "./probe-source.ts";
import type { SourceReader, SourceReading, SourceRunOptions } from "./source-reader.ts";

/** Each connector's kind is read by the one connector reader, so every connector pulls alike. */
const CONNECTOR_READERS = Object.fromEntries(
  Object.entries(CONNECTORS).map(([kind, connector]) => [
    kind,
    connectorReader(connector as Connector<ConnectorKind>),
  ]),
) as { [K in ConnectorKind]: SourceReader<K> };

const READERS: { [K in SourceKind]: SourceReader<K> } = {
  files: readFilesSource,
  probe: readProbeSource,
  ...CONNECTOR_READERS,
};

/** A source to run, and the scheduled instant it runs for (null: by hand). */
export interface DueSource {
  source: SourceConfig;
  dueAt: number | null;
}

/** A run recorded, or `taken`: another server of the store already ran the source for that instant. */
export type SourceRunResult = { source: string } & ({ status: "ran"; run: SourceRun } | { status: "taken" });

/**
 * Runs the sources one after the other, each recorded in `source_runs`, while
 * no other run of this store's sources is under way: null when one is (the
 * store's sources run one at a time, whichever server or command runs them).
 * The scheduler, `secmetrics sources run` and `secmetrics pull` all run
 * sources through here.
 */
export async function runSources(
  store: Store,
  config: Config,
  due: readonly DueSource[],
  now: () => number,
  options: SourceRunOptions = {},
): Promise<SourceRunResult[] | null> {
  const runs = createSourceRunStore(store);
  return runs.asOnlyRunner(async () => {
    const results: SourceRunResult[] = [];
    for (const { source, dueAt } of due) {
      const startedAt = now();
      const id = await runs.claim(source.name, dueAt, startedAt);
      if (id === null) {
        results.push({ source: source.name, status: "taken" });
        continue;
      }
      const reading = await readSource(store, config, source, startedAt, options);
      const [error] = reading.errors;
      const finished = {
        outcome: error === undefined ? ("ok" as const) : ("failed" as const),
        finished_at: now(),
        imported: reading.imported,
        unchanged: reading.unchanged,
        records: reading.records,
        error: error === undefined ? null : reading.errors.join("\n"),
      };
      await runs.finish(id, finished);
      const run = { id, source: source.name, due_at: dueAt, started_at: startedAt, ...finished };
      results.push({ source: source.name, status: "ran", run });
    }
    return results;
  });
}

/**
 * Records that the source was due and not run because another run held the
 * store throughout: null when a run for that instant is already recorded.
 */
export async function recordSkippedBusy(
  store: Store,
  source: string,
  dueAt: number | null,
  at: number,
): Promise<SourceRun | null> {
  const runs = createSourceRunStore(store);
  const id = await runs.claim(source, dueAt, at);
  if (id === null) return null;
  const finished = {
    outcome: "skipped_busy" as const,
    finished_at: at,
    imported: 0,
    unchanged: 0,
    records: 0,
    error: "another run of this store's sources was under way",
  };
  await runs.finish(id, finished);
  return { id, source, due_at: dueAt, started_at: at, ...finished };
}

/** A source that cannot be read at all (a glob matching nothing) is a failed run with the reason. */
async function readSource(
  store: Store,
  config: Config,
  source: SourceConfig,
  now: number,
  options: SourceRunOptions,
): Promise<SourceReading> {
  // The map's type ties each kind to its reader; TypeScript cannot follow that through an index.
  const reader = READERS[source.kind] as SourceReader<SourceKind>;
  try {
    return await reader(store, config, source, now, options);
  } catch (error) {
    return { imported: 0, unchanged: 0, records: 0, errors: [(error as Error).message] };
  }
}
