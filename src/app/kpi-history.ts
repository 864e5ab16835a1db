import { dataStartOf } from "../domains/domain-pack.ts";
import { DOMAIN_PACKS } from "../domains/registry.ts";
import { SecmetricsError } from "../model/errors.ts";
import {
  type Period,
  type PeriodKind,
  parsePeriod,
  periodContaining,
  periodsFromTo,
  previousPeriods,
} from "../model/period.ts";
import type { Store } from "../store/store.ts";
import { type ComputeContext, computeKpis } from "./compute-kpis.ts";
import type { KpiReport } from "./kpi-report.ts";

export type HistoryKind = Exclude<PeriodKind, "iteration">;

export interface HistoryRange {
  kind: HistoryKind;
  /** First period; omitted: the one holding the earliest imported record. */
  from?: string;
  /** Last period; omitted: the last complete one. */
  to?: string;
}

/** The periods a history covers, oldest first. */
export async function historyPeriods(
  store: Store,
  range: HistoryRange,
  ctx: ComputeContext,
): Promise<Period[]> {
  const periodContext = { timezone: ctx.config.timezone, iterations: ctx.config.iterations };
  const given = (option: string, id: string) => {
    const period = parsePeriod(id, periodContext);
    if (period.kind !== range.kind)
      throw new SecmetricsError(
        "invalid_argument",
        `--${option} ${id} is a ${period.kind}, not a ${range.kind}`,
        `give a ${range.kind} or --kind ${period.kind}`,
      );
    return period;
  };
  const current = periodContaining(ctx.now, range.kind, periodContext);
  const to = range.to ? given("to", range.to) : (previousPeriods(current, 1, periodContext)[0] as Period);
  let from: Period;
  if (range.from) {
    from = given("from", range.from);
  } else {
    const start = await earliestData(store);
    if (start === null)
      throw new SecmetricsError(
        "not_found",
        "nothing imported yet: no period has data",
        "import the tools' output first",
      );
    from = periodContaining(start, range.kind, periodContext);
    if (from.start > to.start)
      throw new SecmetricsError(
        "not_found",
        `the data begins in ${from.id}, after ${to.id}: no complete ${range.kind} has data yet`,
        "export once the period has ended, or give --from and --to",
      );
  }
  return periodsFromTo(from, to, periodContext);
}

/**
 * Each period's KPIs in turn, computed exactly as `kpis` computes one period
 * (status, trend and staleness included), so the history and the current
 * period never disagree. One report at a time is alive.
 */
export async function* kpiHistory(
  store: Store,
  periods: readonly Period[],
  ctx: ComputeContext,
): AsyncGenerator<KpiReport> {
  for (const period of periods) yield await computeKpis(store, period.id, ctx);
}

async function earliestData(store: Store): Promise<number | null> {
  const families = DOMAIN_PACKS.flatMap((pack) => pack.families);
  const starts = await Promise.all(families.map((family) => dataStartOf(family, store)));
  const known = starts.filter((start): start is number => start !== null);
  return known.length > 0 ? Math.min(...known) : null;
}
