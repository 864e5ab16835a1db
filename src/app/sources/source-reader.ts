import type { Config } from "../../config/schema.ts";
import type { SourceConfig, SourceKind } from "../../config/sources.ts";
import type { SourceRunCounts } from "../../store/source-run-store.ts";
import type { Store } from "../../store/store.ts";
import type { ApiHttpOptions } from "../http/api-http.ts";
import type { Environment } from "./connector.ts";

/**
 * What one run of a source read. `errors` are the inputs it could not take,
 * each `name: reason`; the others were imported (each input is atomic), and
 * the run failed if there is any.
 */
export interface SourceReading extends SourceRunCounts {
  errors: string[];
}

/** How a run reads its sources beyond the config: what only a connector uses. */
export interface SourceRunOptions {
  /** Where a connector's credentials are read from (the process's environment). */
  env?: Environment;
  /** Pull everything again, as if no cursor were stored (`secmetrics pull --full`). */
  full?: boolean;
  /** How API requests wait and time out (tests wait on their own clock). */
  http?: Partial<Pick<ApiHttpOptions, "sleep" | "now" | "random" | "timeoutMs" | "maxWaitMs" | "retries">>;
}

/** Reads a source of one kind into the store; a new kind of source brings one. */
export type SourceReader<K extends SourceKind> = (
  store: Store,
  config: Config,
  source: Extract<SourceConfig, { kind: K }>,
  now: number,
  run: SourceRunOptions,
) => Promise<SourceReading>;
