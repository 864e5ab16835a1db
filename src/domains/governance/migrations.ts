import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { GOVERNANCE_PROPOSAL } from "./records.ts";

export const MIGRATIONS = [
  [
    "0043-governance-proposals",
    {
      up: (db, dialect) =>
        createRecordTable(db, dialect, GOVERNANCE_PROPOSAL, (table) =>
          table
            .addColumn("space", "text", (c) => c.notNull())
            .addColumn("title", "text", (c) => c.notNull())
            .addColumn("body", "text")
            .addColumn("author", "text")
            .addColumn("state", "text", (c) => c.notNull())
            .addColumn("start_at", "bigint", (c) => c.notNull())
            .addColumn("end_at", "bigint", (c) => c.notNull())
            .addColumn("snapshot_block", "text")
            .addColumn("choices", "text", (c) => c.notNull())
            .addColumn("scores", "text", (c) => c.notNull())
            .addColumn("scores_total", "double precision")
            .addColumn("votes", "bigint")
            .addColumn("quorum", "double precision"),
        ),
    },
  ],
  [
    "0048-governance-proposal-lifecycle",
    {
      // A Governor contract's events say when a proposal was queued, executed or canceled; Snapshot rows stored before say none.
      up: async (db) => {
        for (const column of ["queued_at", "executed_at", "canceled_at"])
          await db.schema.alterTable("governance_proposals").addColumn(column, "bigint").execute();
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
