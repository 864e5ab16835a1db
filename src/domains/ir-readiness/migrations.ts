import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { IR_PLAN, IR_ROLE, MONITOR_CHECK, NOTIFICATION_TALLY, RUNBOOK } from "./records.ts";

/** The incident-response plan (its roles and runbooks) and the monitoring stack's own health. */
export const MIGRATIONS = [
  [
    "0041-ir-readiness",
    {
      async up(db, dialect) {
        await createRecordTable(db, dialect, IR_PLAN, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("title", "text", (c) => c.notNull())
            .addColumn("owner", "text")
            .addColumn("contacts", "text", (c) => c.notNull())
            .addColumn("escalation", "text", (c) => c.notNull()),
        );
        await createRecordTable(db, dialect, IR_ROLE, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("name", "text", (c) => c.notNull())
            .addColumn("holder", "text")
            .addColumn("deputy", "text"),
        );
        await createRecordTable(db, dialect, RUNBOOK, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("title", "text", (c) => c.notNull())
            .addColumn("owner", "text")
            .addColumn("review_every", "text", (c) => c.notNull())
            .addColumn("last_reviewed_at", "bigint")
            .addColumn("link", "text"),
        );
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
            .addColumn("latency_buckets", "text", (c) => c.notNull()),
        );
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
