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
] as const satisfies DomainPack["migrations"];
