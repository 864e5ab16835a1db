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

/** What a drill-down lists records for: no clock, since it lists what the value is computed from. */
export type DrillContext = Omit<MetricContext, "now">;

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
  compute(store: Store, context: MetricContext): Promise<Record<string, MetricValue>>;
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

/** Where a family's data begins: its own rule, else the earliest record of any kind it reads. */
export async function dataStartOf(family: MetricFamily, store: Store): Promise<number | null> {
  if (family.dataStart) return family.dataStart(store);
  const starts = await Promise.all(family.kinds.map((kind) => store.earliestRecord(kind)));
  const known = starts.filter((start): start is number => start !== null);
  return known.length > 0 ? Math.min(...known) : null;
}
