import type { Config } from "../config/schema.ts";
import type { MetricDefinition } from "../model/metric-definition.ts";
import type { Period } from "../model/period.ts";
import type { NamedMigration } from "../store/migration.ts";
import type { RecordKindDefinition } from "../store/record-kind.ts";
import type { Store } from "../store/store.ts";
import type { DrillRow } from "./drill-row.ts";
import type { MetricValue } from "./metric-value.ts";

/** What a metric is computed for: one period, judged at `now`, with the user's settings. */
export interface MetricContext {
  period: Period;
  /** The instant the figures are computed at (ages of open items, a running period's end). */
  now: number;
  config: Config;
}

/** What a history is computed for: several periods, oldest first, judged at one `now`. */
export interface SeriesContext extends Omit<MetricContext, "period"> {
  periods: readonly Period[];
}

/** What a drill-down lists records for: no clock, since it lists what the value is computed from. */
export type DrillContext = Omit<MetricContext, "now">;

/** The instant a family's data ends, and its last record, named for the reason that cites it. */
export interface DataEnd {
  at: number;
  /** What the last record is: "incident", "scan of registry.example/api". */
  record: string;
}

/**
 * Metrics computed together from one read of the store: the pack's queries
 * load or aggregate, a pure function of its `compute.ts` does the
 * arithmetic, and `drill` lists the records behind a value by the same
 * rules, so a number and its drill-down cannot disagree.
 */
export interface MetricFamily {
  metrics: readonly string[];
  /** The record kinds the family reads: the importers that yield them are the metrics' sources. */
  kinds: readonly string[];
  /**
   * Where the family's data begins: a period that ends before it has no
   * data, which is not the same as a count of zero. By default the
   * earliest record of any of `kinds`.
   */
  dataStart?(store: Store): Promise<number | null>;
  /**
   * Where the family's data ends, and what its last record was: a period
   * judged more than a metric's cadence after it is stale, however recently
   * the data was imported. By default the latest record of any of `kinds`:
   * the kinds a family reads are alternative witnesses of one activity (a
   * plan run or the drift it found, a probe or a logged handshake), so the
   * family is fresh while any of them reports.
   */
  dataEnd?(store: Store): Promise<DataEnd | null>;
  compute(store: Store, context: MetricContext): Promise<Record<string, MetricValue>>;
  /**
   * The values `compute` gives for each of `periods`, in their order, from
   * one read of each table rather than one per period (a history of seven
   * months is seven). Optional: without it, each period is computed in turn.
   */
  computeSeries?(store: Store, context: SeriesContext): Promise<Record<string, MetricValue>[]>;
  /**
   * The records behind `metricId` for the period, each saying whether (and
   * why not) it counts. Loads at most `limit + 1`, so the caller can tell
   * that the list was cut.
   */
  drill(store: Store, metricId: string, context: DrillContext, limit: number): Promise<DrillRow[]>;
}

/**
 * One domain: the record kinds it stores (and the migrations of their
 * tables), the metrics it defines and how it computes and drills into
 * them. Adding a domain is adding a folder with these files and one line
 * in `registry.ts`.
 */
export interface DomainPack {
  id: string;
  recordKinds: readonly RecordKindDefinition[];
  /** Named so that they sort after every migration already shipped, the store's and other packs'. */
  migrations: readonly NamedMigration[];
  metrics: readonly MetricDefinition[];
  families: readonly MetricFamily[];
}

/** A family's values for each of `periods`: its `computeSeries`, else `compute` for each period. */
export function computeSeriesOf(
  family: MetricFamily,
  store: Store,
  { periods, now, config }: SeriesContext,
): Promise<Record<string, MetricValue>[]> {
  if (family.computeSeries) return family.computeSeries(store, { periods, now, config });
  return Promise.all(periods.map((period) => family.compute(store, { period, now, config })));
}

/**
 * `compute` for a family that has `computeSeries`: the series of one period,
 * so the two never differ.
 */
export function onePeriodOf(
  computeSeries: NonNullable<MetricFamily["computeSeries"]>,
): MetricFamily["compute"] {
  return async (store, { period, now, config }) => {
    const [values] = await computeSeries(store, { periods: [period], now, config });
    if (!values) throw new Error("a series of one period gave no values");
    return values;
  };
}

/** Where a family's data begins: its own rule, else the earliest record of any kind it reads. */
export async function dataStartOf(family: MetricFamily, store: Store): Promise<number | null> {
  if (family.dataStart) return family.dataStart(store);
  const starts = await Promise.all(family.kinds.map((kind) => store.earliestRecord(kind)));
  const known = starts.filter((start): start is number => start !== null);
  return known.length > 0 ? Math.min(...known) : null;
}

/** Where a family's data ends: its own rule, else the latest record of any kind it reads, named by its kind. */
export async function dataEndOf(family: MetricFamily, store: Store): Promise<DataEnd | null> {
  if (family.dataEnd) return family.dataEnd(store);
  const ends = await Promise.all(family.kinds.map((kind) => store.latestRecord(kind)));
  let latest: DataEnd | null = null;
  for (const [index, at] of ends.entries()) {
    const kind = family.kinds[index] as string;
    if (at !== null && (latest === null || at > latest.at))
      latest = { at, record: kind.replaceAll("_", " ") };
  }
  return latest;
}
