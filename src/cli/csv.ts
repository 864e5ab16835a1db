import { stringify } from "csv-stringify/sync";

/**
 * Rows as CSV for a spreadsheet. Cells come from imported data, so a text
 * cell starting with `=`, `+`, `-`, `@`, a tab or a CR is prefixed with `'`:
 * a spreadsheet would otherwise run it as a formula.
 */
export function csvText(rows: readonly (readonly unknown[])[]): string {
  return stringify(rows as unknown[][], { escape_formulas: true });
}
