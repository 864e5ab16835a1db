import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { CHECK_RESULT } from "./records.ts";

export const MIGRATIONS = [
  [
    "0011-check-results",
    {
      up: async (db, dialect) => {
        await createRecordTable(db, dialect, CHECK_RESULT, (table) =>
          table
            .addColumn("asset", "text", (c) => c.notNull())
            .addColumn("check_id", "text", (c) => c.notNull())
            .addColumn("result", "text", (c) => c.notNull())
            .addColumn("checked_at", "bigint", (c) => c.notNull())
            .addColumn("benchmark", "text")
            .addColumn("profile", "text")
            .addColumn("severity", "text"),
        );
        // The history of each (asset, check) is read in this order.
        await db.schema
          .createIndex("check_results_by_asset_check")
          .on("check_results")
          .columns(["asset", "check_id", "checked_at"])
          .execute();
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
