import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { SECRET_ALERT } from "./records.ts";

export const MIGRATIONS = [
  [
    "0037-secret-alerts",
    {
      up: async (db, dialect) => {
        await createRecordTable(db, dialect, SECRET_ALERT, (table) =>
          table
            .addColumn("repository", "text", (c) => c.notNull())
            .addColumn("number", "integer", (c) => c.notNull())
            .addColumn("state", "text", (c) => c.notNull())
            .addColumn("resolution", "text")
            .addColumn("created_at", "bigint", (c) => c.notNull())
            .addColumn("updated_at", "bigint")
            .addColumn("resolved_at", "bigint")
            .addColumn("secret_type", "text", (c) => c.notNull())
            .addColumn("secret_type_display_name", "text")
            .addColumn("validity", "text")
            .addColumn("publicly_leaked", "integer")
            .addColumn("push_protection_bypassed", "integer")
            .addColumn("html_url", "text"),
        );
        // Revocations are read by when they happened, not by when the secret was found.
        await db.schema
          .createIndex("secret_alerts_by_resolved_at")
          .on(SECRET_ALERT.table)
          .column("resolved_at")
          .execute();
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
