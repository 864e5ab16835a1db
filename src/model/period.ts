import { SecmetricsError } from "./errors.ts";
import { DateTime } from "./luxon.ts";

export type PeriodKind = "month" | "quarter" | "week" | "iteration";

/** A half-open interval [start, end) in epoch milliseconds. */
export interface Period {
  id: string;
  kind: PeriodKind;
  start: number;
  end: number;
}

export interface Iteration {
  name: string;
  start: string;
  end: string;
}

export interface PeriodContext {
  timezone: string;
  iterations: readonly Iteration[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/i;
const WEEK = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/i;

export function parsePeriod(id: string, ctx: PeriodContext): Period {
  const zone = ctx.timezone;
  let match = MONTH.exec(id);
  if (match) {
    const start = DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]) }, { zone });
    return fromStart(`${match[1]}-${match[2]}`, "month", start, start.plus({ months: 1 }));
  }
  match = QUARTER.exec(id);
  if (match) {
    const quarter = Number(match[2]);
    const start = DateTime.fromObject({ year: Number(match[1]), month: quarter * 3 - 2 }, { zone });
    return fromStart(`${match[1]}-Q${quarter}`, "quarter", start, start.plus({ months: 3 }));
  }
  match = WEEK.exec(id);
  if (match) {
    const start = DateTime.fromObject(
      { weekYear: Number(match[1]), weekNumber: Number(match[2]), weekday: 1 },
      { zone },
    );
    if (!start.isValid || start.weekNumber !== Number(match[2])) {
      throw new SecmetricsError("invalid_argument", `${id}: week ${match[2]} does not exist in ${match[1]}`);
    }
    return fromStart(`${match[1]}-W${match[2]}`, "week", start, start.plus({ weeks: 1 }));
  }
  const iteration = ctx.iterations.findIndex((it) => it.name === id);
  if (iteration >= 0) return iterationPeriod(iteration, ctx);
  throw new SecmetricsError(
    "invalid_argument",
    `unknown period "${id}"`,
    "use a month (2026-09), a quarter (2026-Q3), an ISO week (2026-W41) or an iteration name from the config",
  );
}

/** The period of `kind` that contains the instant `at`. */
export function periodContaining(
  at: number,
  kind: Exclude<PeriodKind, "iteration">,
  ctx: PeriodContext,
): Period {
  const t = DateTime.fromMillis(at, { zone: ctx.timezone });
  if (kind === "month") return parsePeriod(t.toFormat("yyyy-MM"), ctx);
  if (kind === "quarter") return parsePeriod(`${t.year}-Q${t.quarter}`, ctx);
  return parsePeriod(`${t.weekYear}-W${String(t.weekNumber).padStart(2, "0")}`, ctx);
}

/** The last period of `kind` that ended by the instant `at`: the one a review looks back on. */
export function lastCompletePeriod(
  at: number,
  kind: Exclude<PeriodKind, "iteration">,
  ctx: PeriodContext,
): Period {
  const current = periodContaining(at, kind, ctx);
  return previousPeriods(current, 1, ctx)[0] ?? current;
}

/** The `count` periods of the same kind before `period`, oldest first. */
export function previousPeriods(period: Period, count: number, ctx: PeriodContext): Period[] {
  if (period.kind === "iteration") {
    const index = ctx.iterations.findIndex((it) => it.name === period.id);
    const first = Math.max(0, index - count);
    return ctx.iterations.slice(first, index).map((_, offset) => iterationPeriod(first + offset, ctx));
  }
  const result: Period[] = [];
  let cursor = period;
  for (let i = 0; i < count; i++) {
    cursor = periodContaining(cursor.start - 1, cursor.kind as Exclude<PeriodKind, "iteration">, ctx);
    result.unshift(cursor);
  }
  return result;
}

/** The periods of `from`'s kind from `from` to `to`, both included, oldest first. */
export function periodsFromTo(from: Period, to: Period, ctx: PeriodContext): Period[] {
  if (from.kind === "iteration" || from.kind !== to.kind) {
    throw new SecmetricsError(
      "invalid_argument",
      `${from.id} to ${to.id}: both ends must be months, quarters or weeks, of the same kind`,
    );
  }
  if (from.start > to.start) {
    throw new SecmetricsError(
      "invalid_argument",
      `${from.id} is after ${to.id}`,
      "give the earlier period first",
    );
  }
  const result: Period[] = [];
  for (let cursor = from; cursor.start <= to.start; cursor = periodContaining(cursor.end, from.kind, ctx)) {
    result.push(cursor);
  }
  return result;
}

function iterationPeriod(index: number, ctx: PeriodContext): Period {
  const it = ctx.iterations[index];
  if (!it) throw new SecmetricsError("invalid_argument", `no iteration at position ${index}`);
  const start = DateTime.fromISO(it.start, { zone: ctx.timezone });
  const end = DateTime.fromISO(it.end, { zone: ctx.timezone });
  return fromStart(it.name, "iteration", start, end);
}

function fromStart(id: string, kind: PeriodKind, start: DateTime, end: DateTime): Period {
  return { id, kind, start: start.toMillis(), end: end.toMillis() };
}

export function containsInstant(period: Period, at: number): boolean {
  return at >= period.start && at < period.end;
}

const DAY_MS = 86_400_000;

/**
 * Days a rate is spread over: a complete period's calendar days (rounded, so
 * a month across a DST change is still 31 days), a running period's days
 * elapsed by `now` (fractional: two hours in is 1/12 of a day).
 */
export function periodDays(period: Period, now: number): number {
  if (now >= period.end) return Math.round((period.end - period.start) / DAY_MS);
  return Math.max(0, now - period.start) / DAY_MS;
}
