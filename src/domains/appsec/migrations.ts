import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { SECURITY_CONTROL, TEST_RESULT } from "./records.ts";

export const MIGRATIONS = [
  [
    "0040-security-reviews",
    {
      async up(db, dialect) {
        await createRecordTable(db, dialect, SECURITY_CONTROL, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("control_id", "text", (c) => c.notNull())
            .addColumn("title", "text")
            .addColumn("risk", "text", (c) => c.notNull())
            .addColumn("owner", "text")
            .addColumn("tests", "text", (c) => c.notNull())
            .addColumn("attributes", "text", (c) => c.notNull()),
        );
        await createRecordTable(db, dialect, TEST_RESULT, (table) =>
          table
            .addColumn("ran_at", "bigint", (c) => c.notNull())
            .addColumn("test_id", "text", (c) => c.notNull())
            .addColumn("suite", "text")
            .addColumn("classname", "text")
            .addColumn("name", "text", (c) => c.notNull())
            .addColumn("file", "text")
            .addColumn("outcome", "text", (c) => c.notNull())
            .addColumn("duration", "double precision")
            .addColumn("message", "text"),
        );
        // The latest run of each test in a period.
        await db.schema
          .createIndex("test_results_by_test_id")
          .on("test_results")
          .columns(["test_id", "ran_at"])
          .execute();
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
