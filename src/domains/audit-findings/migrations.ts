import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { AUDIT_FINDING } from "./records.ts";

export const MIGRATIONS = [
  [
    "0013-audit-findings",
    {
      up: (db, dialect) =>
        createRecordTable(db, dialect, AUDIT_FINDING, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("source", "text", (c) => c.notNull())
            .addColumn("control", "text")
            .addColumn("title", "text")
            .addColumn("severity", "text", (c) => c.notNull())
            .addColumn("status", "text", (c) => c.notNull())
            .addColumn("opened_at", "bigint", (c) => c.notNull())
            .addColumn("due_at", "bigint")
            .addColumn("closed_at", "bigint")
            .addColumn("owner", "text")
            .addColumn("attributes", "text", (c) => c.notNull()),
        ),
    },
  ],
] as const satisfies DomainPack["migrations"];
