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
    case "count":
      // Counts are whole; a non-whole one is a derived figure (a limit, a mean) and keeps its decimal.
      return Number.isInteger(value) ? String(value) : round(value, 1 + extraDigits);
  }
}

export function formatDuration(seconds: number, extraDigits = 0): string {
  const abs = Math.abs(seconds);
  if (abs < 90) return `${round(seconds, extraDigits)} s`;
  if (abs < 90 * 60) return `${round(seconds / 60, (abs < 600 ? 1 : 0) + extraDigits)} min`;
  if (abs < 48 * 3600) return `${round(seconds / 3600, 1 + extraDigits)} h`;
  return `${round(seconds / 86_400, 1 + extraDigits)} d`;
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
