/**
 * Files without a newline: zero-filled 5, 10, 20 and 40 MB inputs imported
 * with a line-based format named by `--format`. Before the line cap each
 * chunk re-scanned (and re-copied) everything since the last newline, so the
 * time grew with the square of the size; now a structured format is refused
 * at the cap and a log's over-long line is skipped unread. The figure to
 * compare is the time per MB against the 5 MB file of the same format in
 * the same run: flat (≈ 1) is linear.
 */
import { closeSync, existsSync, openSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";

export const LONG_LINE_SIZES_MB = [5, 10, 20, 40] as const;
export const LONG_LINE_FORMATS = ["nginx", "alerts-csv", "alerts-json"] as const;

/** A zero-filled file of `mb` MB in `dir` (written once, kept with the other generated inputs). */
export function zeroFile(dir: string, mb: number): string {
  const path = join(dir, `zeros-${mb}mb.bin`);
  if (existsSync(path) && statSync(path).size === mb * 1e6) return path;
  const block = Buffer.alloc(1e6);
  const fd = openSync(path, "w");
  try {
    for (let written = 0; written < mb; written++) writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
  return path;
}

export interface LongLineRow {
  format: string;
  mb: number;
  /** Wall time of each run's import, ms. */
  ms: number[];
  /** How the import ended (the error's first line, or "imported"). */
  outcome: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Median and spread per row, time per MB, and its ratio to the 5 MB file of the same format. */
export function longLinesMarkdown(rows: readonly LongLineRow[]): string {
  const perMb = (row: LongLineRow) => median(row.ms) / row.mb;
  const lines = [
    "| format | MB | wall, median | spread (min–max) | ms per MB | × per MB at 5 MB | outcome |",
    "|---|--:|--:|--:|--:|--:|---|",
  ];
  for (const row of rows) {
    const base = rows.find((r) => r.format === row.format && r.mb === LONG_LINE_SIZES_MB[0]);
    const ratio = base ? perMb(row) / perMb(base) : Number.NaN;
    lines.push(
      `| ${row.format} | ${row.mb} | ${(median(row.ms) / 1000).toFixed(2)} s | ${(Math.min(...row.ms) / 1000).toFixed(2)}–${(Math.max(...row.ms) / 1000).toFixed(2)} s | ${perMb(row).toFixed(1)} | ${ratio.toFixed(2)} | ${row.outcome} |`,
    );
  }
  return lines.join("\n");
}
