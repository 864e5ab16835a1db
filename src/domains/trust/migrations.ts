import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { DEAL } from "./records.ts";

export const MIGRATIONS = [
  [
    "0035-deals",
    {
      up: async (db, dialect) => {
        await createRecordTable(db, dialect, DEAL, (table) =>
          table
            .addColumn("customer", "text", (c) => c.notNull())
            .addColumn("opened_at", "bigint", (c) => c.notNull())
            .addColumn("accepted_addendum", "integer", (c) => c.notNull())
            .addColumn("security_review_started_at", "bigint")
            .addColumn("security_review_ended_at", "bigint")
            .addColumn("closed_at", "bigint"),
        );
        // The metrics count the deals closed in a period.
        await db.schema.createIndex("deals_by_closed_at").on("deals").columns(["closed_at"]).execute();
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
