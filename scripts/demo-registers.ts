/**
 * The monthly YAML registers of the demo (exceptions, audit findings): one
 * snapshot a month, exported on the month's last day at 23:00 UTC like the
 * inventories, each listing its entries as they stood at that instant.
 */
import type { DemoFile } from "./demo-operations.ts";

const YEAR = 2026;
const HOUR = 3_600_000;

/** A `YYYY-MM-DD` date as the instant its day starts, UTC. */
export const dayStart = (date: string) => Date.parse(`${date}T00:00:00Z`);

export interface MonthlyRegister {
  /** File names are `<prefix>-2026-MM.yaml`. */
  prefix: string;
  /** What the header comment calls the register. */
  title: string;
  /** The YAML key of the entries' list. */
  listKey: string;
  /** Zero-based months of 2026, first and last exported. */
  months: { first: number; last: number };
  /** The YAML lines of every entry as it stood at `snapshot` (epoch ms). */
  entriesAt(snapshot: number): string[];
}

export function monthlyRegisters(register: MonthlyRegister): DemoFile[] {
  const files: DemoFile[] = [];
  for (let month = register.months.first; month <= register.months.last; month++) {
    const snapshot = Date.UTC(YEAR, month + 1, 1) - HOUR;
    const at = new Date(snapshot).toISOString();
    const text = [
      `# Northwind Payments ${register.title}, exported ${at}`,
      `snapshot_at: ${at}`,
      `${register.listKey}:`,
      ...register.entriesAt(snapshot),
      "",
    ].join("\n");
    files.push({ name: `${register.prefix}-${YEAR}-${String(month + 1).padStart(2, "0")}.yaml`, text });
  }
  return files;
}
