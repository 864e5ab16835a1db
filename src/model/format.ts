import type { Target, Unit } from "./target.ts";

/** A value in its unit for people: durations in s/min/h/d, percentages with %. */
export function formatQuantity(value: number | null, unit: Unit): string {
  if (value === null) return "—";
  switch (unit) {
    case "seconds":
      return formatDuration(value);
    case "percent":
      return `${round(value, value < 10 ? 1 : 0)}%`;
    case "per_day":
      return `${round(value, value < 10 ? 1 : 0)}/day`;
    case "count":
      // Counts are whole; a non-whole one is a derived figure (a limit, a mean) and keeps its decimal.
      return Number.isInteger(value) ? String(value) : round(value, 1);
  }
}

export function formatDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs < 90) return `${round(seconds, 0)} s`;
  if (abs < 90 * 60) return `${round(seconds / 60, abs < 600 ? 1 : 0)} min`;
  if (abs < 48 * 3600) return `${round(seconds / 3600, 1)} h`;
  return `${round(seconds / 86_400, 1)} d`;
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
