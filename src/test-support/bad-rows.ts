import { once } from "node:events";
import { createWriteStream } from "node:fs";

/** What the alerts-csv importer says of an invalid row below. */
export const BAD_ROW_REASON = 'created_at: "x" is not an ISO 8601 timestamp';

/**
 * Writes an alerts-csv file of `rows` rows, streamed to disk so the test
 * process never holds it: row n (0-based, on line n + 2) is `A<n>,x,open`,
 * invalid, unless `validEvery` divides n, then a valid alert.
 */
export async function writeAlertsCsv(path: string, rows: number, validEvery = 0): Promise<void> {
  const out = createWriteStream(path);
  out.write("id,created_at,disposition\n");
  const CHUNK_ROWS = 10_000;
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    let chunk = "";
    for (let n = start; n < Math.min(rows, start + CHUNK_ROWS); n++)
      chunk +=
        validEvery > 0 && n % validEvery === 0 ? `A${n},2026-09-01T00:00:00Z,open\n` : `A${n},x,open\n`;
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
