import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { DEPENDENCY_LISTING, DEPENDENCY_VERSION, SECURITY_CONTROL, TEST_RESULT } from "./records.ts";

export const MIGRATIONS = [
  [
    "0040-appsec",
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
        await createRecordTable(db, dialect, DEPENDENCY_LISTING, (table) =>
          table
            .addColumn("listed_at", "bigint", (c) => c.notNull())
            .addColumn("ecosystem", "text", (c) => c.notNull())
            .addColumn("project", "text", (c) => c.notNull())
            .addColumn("listing", "text", (c) => c.notNull())
            .addColumn("entries", "integer", (c) => c.notNull()),
        );
        await createRecordTable(db, dialect, DEPENDENCY_VERSION, (table) =>
          table
            .addColumn("listed_at", "bigint", (c) => c.notNull())
            .addColumn("ecosystem", "text", (c) => c.notNull())
            .addColumn("project", "text", (c) => c.notNull())
            .addColumn("listing", "text", (c) => c.notNull())
            .addColumn("package", "text", (c) => c.notNull())
            .addColumn("current", "text")
            .addColumn("wanted", "text")
            .addColumn("latest", "text")
            .addColumn("direct", "integer")
            .addColumn("dependency_type", "text")
            .addColumn("dependent", "text"),
        );
        // The packages of one listing.
        await db.schema
          .createIndex("dependency_versions_by_listing")
          .on("dependency_versions")
          .columns(["ecosystem", "project", "listing", "listed_at"])
          .execute();
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
