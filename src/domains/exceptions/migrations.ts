import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { EXCEPTION } from "./records.ts";

export const MIGRATIONS = [
  [
    "0012-exceptions",
    {
      up: (db, dialect) =>
        createRecordTable(db, dialect, EXCEPTION, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("type", "text", (c) => c.notNull())
            .addColumn("status", "text", (c) => c.notNull())
            .addColumn("decision", "text")
            .addColumn("title", "text")
            .addColumn("scope", "text", (c) => c.notNull())
            .addColumn("owner", "text")
            .addColumn("requested_by", "text")
            .addColumn("approved_by", "text")
            .addColumn("approved_at", "bigint")
            .addColumn("expires_at", "bigint")
            .addColumn("compensating_controls", "text", (c) => c.notNull())
            .addColumn("ticket", "text")
            .addColumn("attributes", "text", (c) => c.notNull()),
        ),
    },
  ],
] as const satisfies DomainPack["migrations"];
