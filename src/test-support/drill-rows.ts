import type { DrillRow } from "../domains/drill-row.ts";

const PROVENANCE = { import_id: 1, file_name: "fixture", sha256: "0".repeat(64), imported_at: 0, line: 1 };

/** A drill-down row of an imported record, with placeholder provenance. */
export function buildDrillRow(
  kind: string,
  id: string,
  fields: DrillRow["fields"],
  counted = true,
  note: string | null = null,
): DrillRow {
  return { kind, id, fields, counted, note, provenance: PROVENANCE };
}
