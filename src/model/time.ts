import { SecmetricsError } from "./errors.ts";
import { DateTime } from "./luxon.ts";

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;
const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/;

/**
 * Parses an ISO 8601 timestamp to epoch milliseconds. A timestamp without an
 * offset is wall-clock time in `zone` (the configured time zone). Returns
 * undefined when the text is not an ISO 8601 timestamp.
 */
export function parseTimestamp(text: string, zone: string): number | undefined {
  const value = text.trim();
  if (ISO_WITH_OFFSET.test(value)) {
    // Date.parse is an order of magnitude faster than luxon and exact for
    // timestamps that carry their own offset; it rejects a bare "+0200".
    // The common "…T…Z" form needs no rewriting.
    const normalized =
      value.charCodeAt(10) === 84 /* T */ && value.endsWith("Z")
        ? value
        : value.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
    const ms = Date.parse(normalized);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (!ISO_LOCAL.test(value)) return undefined;
  if (zone === "UTC") {
    const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : `${value.replace(" ", "T")}Z`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const parsed = DateTime.fromISO(value.replace(" ", "T"), { zone });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

export function isValidZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** "90s", "5m", "4h", "7d", "2w" or a plain number of seconds → seconds. */
export function parseDurationSeconds(text: string | number): number | undefined {
  if (typeof text === "number") return Number.isFinite(text) && text >= 0 ? text : undefined;
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw]?)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = UNITS[(match[2] || "s").toLowerCase()] ?? 1;
  return Number(match[1]) * unit;
}

/** An option given as an ISO 8601 timestamp (`name` says which, in the error), read in `zone` when it has no offset. */
export function parseInstantOption(
  name: string,
  value: string | undefined,
  zone: string,
): number | undefined {
  if (value === undefined) return undefined;
  const instant = parseTimestamp(value, zone);
  if (instant === undefined)
    throw new SecmetricsError("invalid_argument", `${name}: "${value}" is not an ISO 8601 timestamp`);
  return instant;
}
