import { DateTime, Duration } from "./luxon.ts";
import { parseDurationSeconds } from "./time.ts";

const UNITS = ["years", "months", "weeks", "days", "hours", "minutes", "seconds"] as const;

/**
 * A span that may be calendar-based: `P3M` is three months whatever their
 * lengths, `90d` exactly 90 days. `text` is what the user wrote, for display.
 */
export interface CalendarDuration {
  text: string;
  parts: Partial<Record<(typeof UNITS)[number], number>>;
}

/**
 * An ISO 8601 duration (`P3M`, `P1Y`, `P2W`, `P1Y6M`) or one of the config's
 * own (`90d`, `2w`, a number of seconds); undefined for anything else.
 */
export function parseCalendarDuration(value: string | number): CalendarDuration | undefined {
  const text = String(value).trim();
  const seconds = parseDurationSeconds(typeof value === "number" ? value : text);
  if (seconds !== undefined) return { text, parts: { seconds } };
  if (!/^P/i.test(text)) return undefined;
  const iso = Duration.fromISO(text.toUpperCase());
  if (!iso.isValid) return undefined;
  const object = iso.toObject();
  const parts: CalendarDuration["parts"] = {};
  for (const unit of UNITS) {
    const amount = object[unit];
    if (amount === undefined) continue;
    if (amount < 0) return undefined;
    parts[unit] = amount;
  }
  return Object.keys(parts).length > 0 ? { text, parts } : undefined;
}

/** Whether the duration spans no time at all: a cadence of nothing would never let a schedule move on. */
export function isEmptyDuration(duration: CalendarDuration): boolean {
  return Object.values(duration.parts).every((amount) => amount === 0);
}

/** `at` plus the duration, months and years counted on the calendar of `zone`. */
export function addCalendarDuration(at: number, duration: CalendarDuration, zone: string): number {
  return DateTime.fromMillis(at, { zone }).plus(duration.parts).toMillis();
}

/** `at` less the duration, on the calendar of `zone`. */
export function subtractCalendarDuration(at: number, duration: CalendarDuration, zone: string): number {
  return DateTime.fromMillis(at, { zone }).minus(duration.parts).toMillis();
}
