import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { GOVERNANCE_PROPOSAL, GOVERNANCE_VOTE } from "./records.ts";

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
    "0048-governance-lifecycle-and-votes",
    {
      up: async (db, dialect) => {
        // A Governor contract's events say when a proposal was queued, executed or canceled; Snapshot rows stored before say none.
        for (const column of ["queued_at", "executed_at", "canceled_at"])
          await db.schema.alterTable("governance_proposals").addColumn(column, "bigint").execute();
        await createRecordTable(db, dialect, GOVERNANCE_VOTE, (table) =>
          table
            .addColumn("proposal_id", "text", (c) => c.notNull())
            .addColumn("space", "text", (c) => c.notNull())
            .addColumn("voter", "text", (c) => c.notNull())
            .addColumn("created_at", "bigint", (c) => c.notNull())
            .addColumn("choice", "text")
            .addColumn("choice_index", "integer")
            .addColumn("vp", "double precision"),
        );
        // A proposal's turnout reads its votes by proposal, whatever the period they were cast in.
        await db.schema
          .createIndex("governance_votes_proposal")
          .on("governance_votes")
          .column("proposal_id")
          .execute();
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
