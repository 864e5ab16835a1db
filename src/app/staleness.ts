import type { DataEnd } from "../domains/domain-pack.ts";
import { formatDuration } from "../model/format.ts";
import { DateTime } from "../model/luxon.ts";
import type { FormatImports, Interval } from "../store/store.ts";

const DAY_MS = 86_400_000;

/** What staleness is judged with: the metric's cadence, the clock, and the zone dates are written in. */
export interface StalenessContext {
  cadenceSeconds: number;
  now: number;
  timezone: string;
}

/**
 * Why a metric is stale for `period`, or null when it is not: its data ends
 * more than its cadence before the period's end (or now, for a running
 * period). Judged from the records' own times, never from when they were
 * imported: an export imported today of five-year-old data is stale. A
 * period ending before the data begins is "no data", decided elsewhere; a
 * family with no data at all (`dataEnd` null) is never stale.
 */
export function staleReason(
  dataEnd: DataEnd | null,
  period: Interval,
  context: StalenessContext,
): string | null {
  if (dataEnd === null) return null;
  const running = context.now < period.end;
  const judgedAt = running ? context.now : period.end;
  const gap = judgedAt - dataEnd.at;
  if (gap <= context.cadenceSeconds * 1000) return null;
  const days = Math.floor(gap / DAY_MS);
  const date = DateTime.fromMillis(dataEnd.at, { zone: context.timezone }).toISODate();
  const distance = `${withThousands(days)} day${days === 1 ? "" : "s"} before ${running ? "now" : "the period's end"}`;
  return `last ${dataEnd.record}: ${date} (${distance}; expected at least every ${formatDuration(context.cadenceSeconds)})`;
}

/**
 * A whole number with a comma between thousands ("1,923"), as en-US writes
 * it. Not through `Intl.NumberFormat`: the first `Intl` object of a process
 * has ICU list every locale it holds (some 110 million instructions, an
 * eighth of `kpis` on an empty store), and with luxon's locale set
 * (`model/luxon.ts`) `kpis` builds none, for a figure only a stale metric shows.
 */
function withThousands(whole: number): string {
  return String(whole).replace(/\B(?=(\d{3})+$)/g, ",");
}

/**
 * The latest instant `sources` are vouched for beyond their records, or
 * null: an import's `--covers-until`, or a connector's successful pull
 * (`checked`, by format: see `checkedAtByFormat`) that found nothing newer.
 */
export function vouchedUntil(
  imports: ReadonlyMap<string, FormatImports>,
  checked: ReadonlyMap<string, number>,
  sources: readonly string[],
): DataEnd | null {
  let latest: DataEnd | null = null;
  const consider = (at: number | null, record: string) => {
    if (at !== null && (latest === null || at > latest.at)) latest = { at, record };
  };
  for (const source of sources) {
    consider(imports.get(source)?.coversUntil ?? null, "export covering its source (--covers-until)");
    consider(checked.get(source) ?? null, `successful pull of ${source} (nothing newer)`);
  }
  return latest;
}

/**
 * A family's data end, moved to what `vouchedUntil` vouches for when that is
 * later. A family with no record at all stays without one: an empty export
 * or pull has shown nothing yet.
 */
export function laterDataEnd(dataEnd: DataEnd | null, vouched: DataEnd | null): DataEnd | null {
  if (dataEnd === null || vouched === null || vouched.at <= dataEnd.at) return dataEnd;
  return vouched;
}
