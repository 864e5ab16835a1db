import type { Provenance, StorableRecord, Stored } from "../model/records.ts";

/** One record behind a number, flattened for tables, CSV and JSON. */
export interface DrillRow {
  /** The record kind ("incident", "auth_event", …), or "finding" for a finding occurrence. */
  kind: string;
  id: string;
  /** The record's own fields that the metric reads. */
  fields: Record<string, string | number | boolean | null>;
  /** Whether the record counts toward the value, and if not, why. */
  counted: boolean;
  note: string | null;
  provenance: Provenance;
}

/** A drill row of a stored record, with the instant it is placed at first among its fields. */
export function recordRow(
  record: Stored<StorableRecord>,
  at: number,
  fields: DrillRow["fields"],
  counted = true,
  note: string | null = null,
): DrillRow {
  return {
    kind: record.kind,
    id: record.external_id,
    fields: { at: iso(at), ...fields },
    counted,
    note,
    provenance: record.provenance,
  };
}

export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
