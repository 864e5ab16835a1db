import { parseSeverity, type Severity } from "../../model/severity.ts";
import { parseTimestamp } from "../../model/time.ts";

/** A JSON object, or one raw input row. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The value at a dotted path (`"a.b"`, `"list.0.name"`: numbers index
 * arrays), or the value itself without one; undefined as soon as a step is
 * missing. The one way importers reach into JSON and rows.
 */
export function field(value: unknown, path?: string): unknown {
  if (path === undefined) return value;
  let current = value;
  for (const key of path.split(".")) {
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

/** Trimmed text of a string, number or boolean; null when absent, empty or not a scalar. */
export function str(value: unknown, path?: string): string | null {
  return scalarText(field(value, path));
}

function scalarText(value: unknown): string | null {
  if (typeof value === "string") {
    const text = value.trim();
    return text === "" ? null : text;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** A JSON number; null for anything else (numeric strings included). */
export function num(value: unknown, path?: string): number | null {
  const found = field(value, path);
  return typeof found === "number" ? found : null;
}

/** A JSON boolean; null for anything else. */
export function bool(value: unknown, path?: string): boolean | null {
  const found = field(value, path);
  return typeof found === "boolean" ? found : null;
}

export function obj(value: unknown, path?: string): Json | undefined {
  const found = field(value, path);
  return isObject(found) ? found : undefined;
}

/** An array, or an empty one when the value is anything else. */
export function list(value: unknown, path?: string): unknown[] {
  const found = field(value, path);
  return Array.isArray(found) ? found : [];
}

/** The objects of an array; other elements are left out. */
export function objects(value: unknown, path?: string): Json[] {
  return list(value, path).filter(isObject);
}

/** The texts of an array; elements that are not text are left out. */
export function texts(value: unknown, path?: string): string[] {
  return list(value, path)
    .map((item) => str(item))
    .filter((text): text is string => text !== null);
}

/** The values that have text, as text: a record's attributes without empty ones. */
export function textAttributes(values: Record<string, unknown>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const text = str(value);
    if (text !== null) attributes[key] = text;
  }
  return attributes;
}

/** A list of mappings (front matter's `actions`, `objectives`); none when absent, a problem when it is something else. */
export function mappingList(value: unknown, name: string, problems: string[]): Json[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isObject)) {
    problems.push(`${name} is not a list of mappings`);
    return [];
  }
  return value;
}

/**
 * Reads typed fields out of one raw input row (CSV strings or JSON values)
 * and collects every problem, so a bad row is reported whole, once.
 */
export class FieldReader {
  readonly problems: string[] = [];

  constructor(
    private readonly values: Record<string, unknown>,
    private readonly zone: string,
  ) {}

  /** A column's own value: a row's field names are never dotted paths, so no path is split per read. */
  text(name: string): string | null {
    return scalarText(this.values[name]);
  }

  /** A field's value as read (a YAML list or mapping, a CSV cell's text), for a field with a shape of its own. */
  value(name: string): unknown {
    return this.values[name];
  }

  requiredText(name: string): string {
    const text = this.text(name);
    if (text === null) this.problems.push(`${name} is required`);
    return text ?? "";
  }

  timestamp(name: string): number | null {
    const text = this.text(name);
    if (text === null) return null;
    const ms = parseTimestamp(text, this.zone);
    if (ms === undefined) this.problems.push(`${name}: "${text}" is not an ISO 8601 timestamp`);
    return ms ?? null;
  }

  requiredTimestamp(name: string): number {
    const ms = this.timestamp(name);
    if (ms === null && this.text(name) === null) this.problems.push(`${name} is required`);
    return ms ?? 0;
  }

  severity(name: string): Severity | null {
    const text = this.text(name);
    if (text === null) return null;
    const severity = parseSeverity(text);
    if (!severity) {
      this.problems.push(
        `${name}: unknown severity "${text}" (expected critical, high, medium, low, info, SEVn or Pn)`,
      );
    }
    return severity ?? null;
  }

  boolean(name: string): boolean | null {
    const value = this.values[name];
    if (typeof value === "boolean") return value;
    const text = this.text(name)?.toLowerCase();
    if (text === undefined) return null;
    if (["true", "yes", "1", "y"].includes(text)) return true;
    if (["false", "no", "0", "n"].includes(text)) return false;
    this.problems.push(`${name}: "${text}" is not true or false`);
    return null;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | null {
    const raw = this.text(name);
    if (raw === null) return null;
    // Exports mostly hold the canonical word already: no need to normalize it.
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    const text = raw.toLowerCase().replace(/[\s-]/g, "_");
    if ((allowed as readonly string[]).includes(text)) return text as T;
    this.problems.push(`${name}: "${this.text(name)}" is not one of ${allowed.join(", ")}`);
    return null;
  }

  /** `oneOf` for a field that must be there: its absence is a problem too. */
  requiredOneOf<T extends string>(name: string, allowed: readonly T[]): T | null {
    if (this.text(name) === null) this.problems.push(`${name} is required`);
    return this.oneOf(name, allowed);
  }

  /** Ids given as a list (JSON, YAML) or as one `;`-separated text (a CSV cell); none when absent. */
  list(name: string): string[] {
    const value = field(this.values, name);
    if (Array.isArray(value)) return texts(value);
    const text = this.text(name) ?? "";
    return text
      .split(";")
      .map((item) => item.trim())
      .filter((item) => item !== "");
  }

  /** An end that precedes its start is a data error, never a negative duration. */
  order(startName: string, start: number | null, endName: string, end: number | null): void {
    if (start !== null && end !== null && end < start)
      this.problems.push(`${endName} is before ${startName}`);
  }

  /** Every field not in `known`, kept as text so nothing the user exported is lost. */
  attributes(known: ReadonlySet<string>): Record<string, string> {
    const attributes: Record<string, string> = {};
    for (const key in this.values) {
      if (known.has(key)) continue;
      const value = this.values[key];
      if (value === undefined || value === null || value === "") continue;
      attributes[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return attributes;
  }
}
