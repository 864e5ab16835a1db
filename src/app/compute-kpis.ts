import { type ResolvedMetric, resolveCatalog } from "../catalog/resolve.ts";
import type { Config } from "../config/schema.ts";
import {
  computeSeriesOf,
  type DataEnd,
  dataEndOf,
  dataStartOf,
  type MetricFamily,
} from "../domains/domain-pack.ts";
import { type MetricValue, missingValue } from "../domains/metric-value.ts";
import { DOMAIN_PACKS } from "../domains/registry.ts";
import { formatQuantity } from "../model/format.ts";
import { UNIT_BOUNDS } from "../model/metric-definition.ts";
import { type Period, parsePeriod, periodDays, previousPeriods } from "../model/period.ts";
import { withKnownBounds } from "../store/known-bounds.ts";
import type { FormatImports, Store } from "../store/store.ts";
import { judgeTrend, targetMet } from "../trends/index.ts";
import type { KpiReport, MetricResult, MetricStatus } from "./kpi-report.ts";
import { laterDataEnd, staleReason, vouchedUntil } from "./staleness.ts";

export interface ComputeContext {
  config: Config;
  now: number;
}

/**
 * Every catalog metric for `periodId` with its history, status and trend.
 * History periods are computed the same way as the current one, so a trend
 * never compares numbers defined differently.
 */
export async function computeKpis(store: Store, periodId: string, ctx: ComputeContext): Promise<KpiReport> {
  const { config, now } = ctx;
  const periodContext = { timezone: config.timezone, iterations: config.iterations };
  const period = parsePeriod(periodId, periodContext);
  const periods = [...previousPeriods(period, config.history, periodContext), period];
  const catalog = resolveCatalog(config);
  const imports = await store.importsByFormat();
  const lastImports = lastImportsBySource(imports, catalog);
  const families = DOMAIN_PACKS.flatMap((pack) => pack.families);
  const sourced = familiesWithSource(families, catalog, lastImports);
  // Where each family's data begins and ends, read for the families that compute: one statement
  // for every kind they read, shared by their rules and their computations.
  const kinds = new Set(families.filter((_, index) => sourced[index]).flatMap((family) => family.kinds));
  const known = withKnownBounds(store, await store.recordBounds([...kinds]));
  const [dataStarts, dataEnds] = await Promise.all([
    Promise.all(families.map((family, index) => (sourced[index] ? dataStartOf(family, known) : null))),
    Promise.all(families.map((family, index) => (sourced[index] ? dataEndOf(family, known) : null))),
  ]);
  const checked = await connectorChecks(store, config);
  const dataEndOfMetric = metricDataEnds(catalog, families, dataEnds, { imports, checked });
  const availability = { families, lastImports, dataStarts, dataEndOfMetric };
  const computed = await computePeriods(known, periods, catalog, availability, ctx);
  const valuesByPeriod = computed.map(({ values }) => values);
  const { values: current, stale: staleNow } = computed[computed.length - 1] as PeriodValues;

  const metrics = catalog
    .filter((metric) => !metric.hidden)
    .map((metric): MetricResult => {
      const series = periods.map((p, index) => ({
        period: p.id,
        value: valuesByPeriod[index]?.get(metric.id)?.value ?? null,
      }));
      const value = current.get(metric.id) ?? missingValue("not computed");
      const lastImportAt = lastImports.get(sourceKey(metric)) ?? null;
      const stale = staleNow.has(metric.id);
      const points = series.map((point, index) => ({
        ...point,
        denominator: chartDenominator(
          metric,
          valuesByPeriod[index]?.get(metric.id),
          periods[index] as Period,
          now,
        ),
      }));
      const judge = (upTo: typeof points) =>
        judgeTrend(upTo, metric.direction, {
          significance: config.significance,
          chart: metric.chart,
          ...UNIT_BOUNDS[metric.unit],
          minCount: config.min_proportion_count,
          formatValue: (value, extraDigits) => formatQuantity(value, metric.unit, extraDigits),
        });
      const verdict = judge(points);
      const { hidden: _h, manual_only: _m, cadence_seconds: _c, ...definition } = metric;
      return {
        ...definition,
        value: value.value,
        n: value.n,
        median: value.median,
        p90: value.p90,
        open: value.open,
        oldest_open_age: value.oldest_open_age,
        status: statusOf(value, metric, stale),
        trend: verdict.trend,
        // Each past period judged on the series up to it: the posture trend needs them.
        history: series.slice(0, -1).map((point, index) => ({
          ...point,
          status: computed[index]?.stale.has(metric.id) ? "stale" : targetStatus(point.value, metric),
          trend: judge(points.slice(0, index + 1)).trend,
        })),
        reason: value.reason,
        trend_detail: verdict,
        last_import_at: lastImportAt,
        // A metric none of whose sources was imported has no data, whatever its family read from others.
        data_end: lastImportAt === null ? null : (dataEndOfMetric.get(metric.id)?.at ?? null),
        details: value.details,
      };
    });
  return {
    period: { id: period.id, kind: period.kind, start: period.start, end: period.end },
    generated_at: now,
    metrics,
  };
}

interface DataAvailability {
  families: readonly MetricFamily[];
  lastImports: Map<string, number | null>;
  /** Where each family's data begins. */
  dataStarts: (number | null)[];
  /** Where each metric's data ends. */
  dataEndOfMetric: Map<string, DataEnd | null>;
}

/** One period's values, and the metrics among them that are stale (their value null, their reason why). */
interface PeriodValues {
  period: Period;
  values: Map<string, MetricValue>;
  stale: Set<string>;
}

/**
 * The values of every period: first what no read can change (no source, no
 * data yet, stale), then each family's values for the periods it still owes,
 * all of them from one `computeSeriesOf` call.
 */
async function computePeriods(
  store: Store,
  periods: readonly Period[],
  catalog: readonly ResolvedMetric[],
  availability: DataAvailability,
  ctx: ComputeContext,
): Promise<PeriodValues[]> {
  const computed = periods.map((period) => unavailableValues(period, catalog, availability, ctx));
  const { now, config } = ctx;
  await Promise.all(
    availability.families.map(async (family) => {
      const due = computed.filter(({ values }) => !family.metrics.every((id) => values.has(id)));
      if (due.length === 0) return;
      const series = await computeSeriesOf(family, store, { periods: due.map((p) => p.period), now, config });
      for (const [index, { values }] of due.entries())
        for (const [id, value] of Object.entries(series[index] ?? {}))
          if (!values.has(id)) values.set(id, value);
    }),
  );
  return computed;
}

/**
 * Whether each family has a metric with a source imported: the others have
 * no value in any period ("no source imported yet"), so where their data
 * begins and ends is never asked.
 */
function familiesWithSource(
  families: readonly MetricFamily[],
  catalog: readonly ResolvedMetric[],
  lastImports: ReadonlyMap<string, number | null>,
): boolean[] {
  const unsourced = new Set(
    catalog.filter((metric) => !hasSource(metric, lastImports)).map((metric) => metric.id),
  );
  return families.map((family) => family.metrics.some((id) => !unsourced.has(id)));
}

/** A period's values that need no read: metrics with no source imported, before their data begins, or stale. */
function unavailableValues(
  period: Period,
  catalog: readonly ResolvedMetric[],
  { families, lastImports, dataStarts, dataEndOfMetric }: DataAvailability,
  ctx: ComputeContext,
): PeriodValues {
  const values = new Map<string, MetricValue>();
  const stale = new Set<string>();
  for (const metric of catalog) {
    if (!hasSource(metric, lastImports)) values.set(metric.id, missingValue(noSourceReason(metric)));
  }
  for (const [index, family] of families.entries()) {
    if (family.metrics.every((id) => values.has(id))) continue;
    const dataStart = dataStarts[index] ?? null;
    if (dataStart === null || period.end <= dataStart) {
      for (const id of family.metrics) values.set(id, missingValue("before the first imported record"));
      continue;
    }
    // After the data ends a count would read 0 and a trend would see a run of fake zeros: no value.
    const { now, config } = ctx;
    for (const metric of catalog) {
      if (!family.metrics.includes(metric.id) || values.has(metric.id)) continue;
      const context = { cadenceSeconds: metric.cadence_seconds, now, timezone: config.timezone };
      const reason = staleReason(dataEndOfMetric.get(metric.id) ?? null, period, context);
      if (reason === null) continue;
      values.set(metric.id, missingValue(reason));
      stale.add(metric.id);
    }
  }
  return { period, values, stale };
}

/**
 * What a p- or u-chart divides by: a percentage's whole (the value's `n`), a
 * per-day rate's days. The other charts need none.
 */
function chartDenominator(
  metric: ResolvedMetric,
  value: MetricValue | undefined,
  period: Period,
  now: number,
): number | null {
  if (metric.chart === "p") return value?.n ?? null;
  if (metric.chart === "u") return periodDays(period, now);
  return null;
}

/**
 * Where each metric's data ends: its family's latest record, or later when
 * an import of one of its sources says it covers a later instant, or a
 * connector's successful pull checked it later (a quiet stretch the export
 * or the API vouches for is data, not silence).
 */
function metricDataEnds(
  catalog: readonly ResolvedMetric[],
  families: readonly MetricFamily[],
  dataEnds: readonly (DataEnd | null)[],
  vouchers: { imports: ReadonlyMap<string, FormatImports>; checked: ReadonlyMap<string, number> },
): Map<string, DataEnd | null> {
  const result = new Map<string, DataEnd | null>();
  for (const [index, family] of families.entries()) {
    for (const metric of catalog) {
      if (!family.metrics.includes(metric.id)) continue;
      const vouched = vouchedUntil(vouchers.imports, vouchers.checked, metric.sources);
      result.set(metric.id, laterDataEnd(dataEnds[index] ?? null, vouched));
    }
  }
  return result;
}

/** Whether one of the metric's sources was imported. */
function hasSource(metric: ResolvedMetric, lastImports: ReadonlyMap<string, number | null>): boolean {
  return lastImports.get(sourceKey(metric)) != null;
}

/** When each format a configured connector feeds was last checked; loaded only where connectors are configured. */
async function connectorChecks(store: Store, config: Config): Promise<ReadonlyMap<string, number>> {
  if (!config.sources.some((source) => source.kind !== "files" && source.kind !== "probe")) return new Map();
  const { checkedAtByFormat } = await import("./sources/connector-checks.ts");
  return checkedAtByFormat(store, config);
}

function noSourceReason(metric: ResolvedMetric): string {
  return metric.sources.length === 0
    ? "no source imported yet: no importer feeds this metric yet"
    : `no source imported yet: import ${metric.sources.join(", ")}`;
}

function sourceKey(metric: ResolvedMetric): string {
  return metric.sources.join(",");
}

/** The latest import of each metric's sources (keyed by `sourceKey`), or null when none was imported. */
function lastImportsBySource(
  imports: ReadonlyMap<string, FormatImports>,
  catalog: readonly ResolvedMetric[],
): Map<string, number | null> {
  const result = new Map<string, number | null>();
  for (const metric of catalog) {
    const key = sourceKey(metric);
    if (result.has(key)) continue;
    const times = metric.sources.flatMap((format) => imports.get(format)?.lastImportAt ?? []);
    result.set(key, times.length > 0 ? Math.max(...times) : null);
  }
  return result;
}

function statusOf(value: MetricValue, metric: ResolvedMetric, stale: boolean): MetricStatus {
  return stale ? "stale" : targetStatus(value.value, metric);
}

function targetStatus(value: number | null, metric: ResolvedMetric): Exclude<MetricStatus, "stale"> {
  if (value === null) return "no_data";
  if (!metric.target) return "no_target";
  return targetMet(value, metric.target) ? "met" : "missed";
}
