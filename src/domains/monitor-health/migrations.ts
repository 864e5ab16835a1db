import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { MONITOR_CHECK, NOTIFICATION_TALLY } from "./records.ts";

/** The monitoring stack's own health: its checks (heartbeats, `up` samples) and notification counters. */
export const MIGRATIONS = [
  [
    "0041-monitor-health",
    {
      async up(db, dialect) {
        await createRecordTable(db, dialect, MONITOR_CHECK, (table) =>
          table
            .addColumn("at", "bigint", (c) => c.notNull())
            .addColumn("target", "text", (c) => c.notNull())
            .addColumn("up", "integer", (c) => c.notNull())
            .addColumn("source", "text", (c) => c.notNull()),
        );
        await createRecordTable(db, dialect, NOTIFICATION_TALLY, (table) =>
          table
            .addColumn("at", "bigint", (c) => c.notNull())
            .addColumn("instance", "text", (c) => c.notNull())
            .addColumn("integration", "text", (c) => c.notNull())
            .addColumn("sent", "double precision", (c) => c.notNull())
            .addColumn("failed", "double precision", (c) => c.notNull())
            .addColumn("latency_buckets", "text", (c) => c.notNull())
            .addColumn("latency_count", "double precision", (c) => c.notNull()),
        );
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
