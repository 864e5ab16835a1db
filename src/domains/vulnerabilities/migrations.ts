import { idColumn } from "../../store/engines.ts";
import type { DomainPack } from "../domain-pack.ts";

export const MIGRATIONS = [
  [
    "0008-target-retirements",
    {
      async up(db, dialect) {
        await db.schema
          .createTable("target_retirements")
          .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
          .addColumn("target", "text", (c) => c.notNull())
          .addColumn("retired_at", "bigint", (c) => c.notNull())
          .addColumn("retired_by", "text", (c) => c.notNull())
          .addColumn("reason", "text")
          .addColumn("restored_at", "bigint")
          .addColumn("restored_by", "text")
          .execute();
        await db.schema
          .createIndex("target_retirements_target")
          .on("target_retirements")
          .column("target")
          .execute();
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
