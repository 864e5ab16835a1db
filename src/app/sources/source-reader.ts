import type { Config } from "../../config/schema.ts";
import type { SourceConfig, SourceKind } from "../../config/sources.ts";
import type { SourceRunCounts } from "../../store/source-run-store.ts";
import type { Store } from "../../store/store.ts";

/**
 * What one run of a source read. `errors` are the inputs it could not take,
 * each `name: reason`; the others were imported (each input is atomic), and
 * the run failed if there is any.
 */
export interface SourceReading extends SourceRunCounts {
  errors: string[];
}

/** Reads a source of one kind into the store; a new kind of source brings one. */
export type SourceReader<K extends SourceKind> = (
  store: Store,
  config: Config,
  source: Extract<SourceConfig, { kind: K }>,
  now: number,
) => Promise<SourceReading>;
