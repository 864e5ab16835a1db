import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { ASSESSMENT, ASSESSMENT_FINDING } from "./records.ts";

export const MIGRATIONS = [
  [
    "0030-assessments",
    {
      up: async (db, dialect) => {
        await createRecordTable(db, dialect, ASSESSMENT, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("type", "text", (c) => c.notNull())
            .addColumn("scope", "text", (c) => c.notNull())
            .addColumn("assessor", "text")
            .addColumn("started_at", "bigint", (c) => c.notNull())
            .addColumn("completed_at", "bigint")
            .addColumn("report_url", "text")
            .addColumn("attributes", "text", (c) => c.notNull()),
        );
        await createRecordTable(db, dialect, ASSESSMENT_FINDING, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("assessment", "text", (c) => c.notNull())
            .addColumn("assessment_type", "text", (c) => c.notNull())
            .addColumn("title", "text", (c) => c.notNull())
            .addColumn("severity", "text", (c) => c.notNull())
            .addColumn("owner", "text")
            .addColumn("found_at", "bigint", (c) => c.notNull())
            .addColumn("due_at", "bigint")
            .addColumn("remediation_plan", "text")
            .addColumn("resolved_at", "bigint")
            .addColumn("verified_at", "bigint")
            .addColumn("verified_by", "text")
            .addColumn("attributes", "text", (c) => c.notNull()),
        );
      },
    },
  ],
  [
    "0047-audit-scope",
    {
      // A smart contract audit's scope as data: the contracts, files, addresses or bytecode it covers.
      up: async (db) => {
        await db.schema.alterTable("assessments").addColumn("contracts", "text").execute();
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
