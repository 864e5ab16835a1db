import { sql } from "kysely";
import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import {
  MONITOR_CHECK,
  type MonitorCheck,
  type MonitorHealthTables,
  NOTIFICATION_TALLY,
  type NotificationTally,
} from "./records.ts";

/** Each monitored target's first check before `end`: where its judged window begins. */
export function firstChecks(store: Store, end: number): Promise<Map<string, number>> {
  return store.read(async ({ db }) => {
    const rows = await db
      .withTables<MonitorHealthTables>()
      .selectFrom("monitor_checks")
      .select(["target", sql<number | string>`min(at)`.as("first_at")])
      .where("at", "<", end)
      .groupBy("target")
      .orderBy("target")
      .execute();
    return new Map(rows.map((row) => [row.target, Number(row.first_at)]));
  });
}

/** The checks that can cover any instant of `[start, end)`: from one longest interval before it. */
export function checksAround(
  store: Store,
  { start, end }: { start: number; end: number },
  lookbackMs: number,
): Promise<Stored<MonitorCheck>[]> {
  return store.records<MonitorCheck>(MONITOR_CHECK.kind, { start: start - lookbackMs, end });
}

/** Every notification tally scraped up to `end` (included): the baseline before a period and its span. */
export function talliesUpTo(store: Store, end: number): Promise<Stored<NotificationTally>[]> {
  return store.records<NotificationTally>(NOTIFICATION_TALLY.kind, {
    start: Number.MIN_SAFE_INTEGER,
    end: end + 1,
  });
}
