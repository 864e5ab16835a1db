import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { PLAN_RUN } from "./records.ts";

export const MIGRATIONS = [
  [
    "0007-plan-runs",
    {
      up: (db, dialect) =>
        createRecordTable(db, dialect, PLAN_RUN, (table) =>
          table
            .addColumn("at", "bigint", (c) => c.notNull())
            .addColumn("terraform_version", "text")
            .addColumn("format_version", "text", (c) => c.notNull())
            .addColumn("drift_count", "integer", (c) => c.notNull())
            .addColumn("change_count", "integer", (c) => c.notNull())
            .addColumn("unchanged_count", "integer", (c) => c.notNull()),
        ),
    },
  ],
  [
    "0038-deployment-versions",
    {
      // What each deployment shipped, so a version shipped again after a newer one reads as a rollback.
      up: (db) => db.schema.alterTable("deployments").addColumn("version", "text").execute(),
    },
  ],
] as const satisfies DomainPack["migrations"];
