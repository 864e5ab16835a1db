import type { AlterTableBuilder, AlterTableColumnAlteringBuilder } from "kysely";
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
  [
    "0014-check-result-context",
    {
      // Cloud and cluster scanners name each check and the framework
      // requirements it evidences, and can mute a result.
      up: async (db) => {
        const add = (build: (table: AlterTableBuilder) => AlterTableColumnAlteringBuilder) =>
          build(db.schema.alterTable("check_results")).execute();
        await add((t) => t.addColumn("title", "text"));
        await add((t) => t.addColumn("controls", "text"));
        await add((t) => t.addColumn("suppressed", "integer", (c) => c.notNull().defaultTo(0)));
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
