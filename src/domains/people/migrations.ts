import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { PERSON, TRAINING_ASSIGNMENT } from "./records.ts";

export const MIGRATIONS = [
  [
    "0025-people-training",
    {
      async up(db, dialect) {
        await createRecordTable(db, dialect, PERSON, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("email", "text")
            .addColumn("team", "text")
            .addColumn("department", "text")
            .addColumn("active", "integer", (c) => c.notNull())
            .addColumn("security_champion", "integer", (c) => c.notNull())
            .addColumn("in_scope", "integer", (c) => c.notNull()),
        );
        await createRecordTable(db, dialect, TRAINING_ASSIGNMENT, (table) =>
          table
            .addColumn("person_id", "text")
            .addColumn("email", "text")
            .addColumn("course", "text", (c) => c.notNull())
            .addColumn("required", "integer", (c) => c.notNull())
            .addColumn("assigned_at", "bigint", (c) => c.notNull())
            .addColumn("due_at", "bigint")
            .addColumn("completed_at", "bigint")
            .addColumn("status", "text"),
        );
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
