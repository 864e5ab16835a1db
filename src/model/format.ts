import { DateTime } from "./luxon.ts";
import type { Target, Unit } from "./metric-definition.ts";

/**
 * A value in its unit for people: durations in s/min/h/d, percentages with %.
 * `extraDigits` adds decimals, for two figures that would otherwise read the
 * same (a value just below a limit).
 */
export function formatQuantity(value: number | null, unit: Unit, extraDigits = 0): string {
  if (value === null) return "—";
  switch (unit) {
    case "seconds":
      return formatDuration(value, extraDigits);
    case "percent":
      return `${round(value, (value < 10 ? 1 : 0) + extraDigits)}%`;
    case "per_day":
      return `${round(value, (value < 10 ? 1 : 0) + extraDigits)}/day`;
    case "score":
      return round(value, 2 + extraDigits);
    case "count":
      // Counts are whole; a non-whole one is a derived figure (a limit, a mean) and keeps its decimal.
      return Number.isInteger(value) ? String(value) : round(value, 1 + extraDigits);
  }
}

export function formatDuration(seconds: number, extraDigits = 0): string {
  return formatDurationIn(seconds, durationScale(seconds), extraDigits);
}

/** A unit to write durations in, with its size in seconds and the decimals a value of that size needs. */
export interface DurationScale {
  suffix: "s" | "min" | "h" | "d";
  seconds: number;
  digits: (abs: number) => number;
}

const SCALES: readonly (DurationScale & { below: number })[] = [
  { suffix: "s", seconds: 1, digits: () => 0, below: 90 },
  { suffix: "min", seconds: 60, digits: (abs) => (abs < 600 ? 1 : 0), below: 90 * 60 },
  { suffix: "h", seconds: 3600, digits: () => 1, below: 48 * 3600 },
  { suffix: "d", seconds: 86_400, digits: () => 1, below: Number.POSITIVE_INFINITY },
];

/** The unit people read `seconds` in: seconds under 90 s, minutes under 90 min, hours under 48 h, else days. */
export function durationScale(seconds: number): DurationScale {
  const abs = Math.abs(seconds);
  return SCALES.find((scale) => abs < scale.below) as DurationScale;
}

/** `seconds` written in `scale`, so every label of one chart axis shares a unit. */
export function formatDurationIn(seconds: number, scale: DurationScale, extraDigits = 0): string {
  return `${round(seconds / scale.seconds, scale.digits(Math.abs(seconds)) + extraDigits)} ${scale.suffix}`;
}

/** An instant as people in `zone` read it: `2026-09-01 00:00 UTC`, `2026-09-01 09:00 Asia/Tokyo`. */
export function formatInstant(ms: number, zone: string): string {
  return `${DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd HH:mm")} ${zone}`;
}

/** The calendar date of an instant in `zone`. */
export function formatDate(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd");
}

/**
 * A half-open interval in words, in `zone`: its first and last days when both
 * bounds are midnights there (every month, quarter and week), else both
 * instants with the end excluded.
 */
export function formatPeriodRange(start: number, end: number, zone: string): string {
  const midnight = (ms: number) =>
    DateTime.fromMillis(ms, { zone }).toFormat("HH:mm:ss.SSS") === "00:00:00.000";
  if (midnight(start) && midnight(end)) {
    const lastDay = DateTime.fromMillis(end, { zone }).minus({ days: 1 }).toFormat("yyyy-MM-dd");
    return `${formatDate(start, zone)} to ${lastDay} (${zone})`;
  }
  return `${formatInstant(start, zone)} to ${formatInstant(end, zone)} (end excluded)`;
}

const OP_WORDS: Record<Target["op"], string> = {
  "<": "under",
  "<=": "at most",
  "==": "",
  ">=": "at least",
  ">": "over",
};

export function formatTarget(target: Target | null, unit: Unit): string {
  if (!target) return "no target";
  const word = OP_WORDS[target.op];
  const value = formatQuantity(target.value, unit);
  return word ? `${word} ${value}` : value;
}

function round(value: number, digits: number): string {
  const factor = 10 ** digits;
  return String(Math.round(value * factor) / factor);
}
