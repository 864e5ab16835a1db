import { parseSeverity, type Severity } from "../../model/severity.ts";
import { parseTimestamp } from "../../model/time.ts";

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

  text(name: string): string | null {
    const value = this.values[name];
    if (value === undefined || value === null) return null;
    const text = typeof value === "string" ? value.trim() : String(value);
    return text === "" ? null : text;
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
    const text = this.text(name);
    if (text === null) {
      this.problems.push(`${name} is required`);
      return 0;
    }
    return this.timestamp(name) ?? 0;
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
