import { createRecordTable } from "../../store/record-table.ts";
import { ACTION_ITEM } from "../action-items/records.ts";
import type { DomainPack } from "../domain-pack.ts";
import { POSTMORTEM } from "./records.ts";

/** Post-mortems and the action items they (and later tabletops, assessments) decide, in one migration. */
export const MIGRATIONS = [
  [
    "0023-postmortems-action-items",
    {
      up: async (db, dialect) => {
        await createRecordTable(db, dialect, POSTMORTEM, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("event", "text", (c) => c.notNull())
            .addColumn("file", "text", (c) => c.notNull())
            .addColumn("title", "text")
            .addColumn("status", "text", (c) => c.notNull())
            .addColumn("date", "bigint", (c) => c.notNull())
            .addColumn("published_at", "bigint")
            .addColumn("authors", "text", (c) => c.notNull())
            .addColumn("summary", "text")
            .addColumn("trigger", "text")
            .addColumn("detection", "text")
            .addColumn("root_causes", "text", (c) => c.notNull())
            .addColumn("contributing_factors", "text", (c) => c.notNull())
            .addColumn("controls_reviewed", "text", (c) => c.notNull())
            .addColumn("lessons", "text")
            .addColumn("web3", "text")
            .addColumn("attributes", "text", (c) => c.notNull()),
        );
        await createRecordTable(db, dialect, ACTION_ITEM, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("title", "text", (c) => c.notNull())
            .addColumn("type", "text", (c) => c.notNull())
            .addColumn("priority", "text")
            .addColumn("owner", "text")
            .addColumn("created_at", "bigint", (c) => c.notNull())
            .addColumn("due_at", "bigint")
            .addColumn("status", "text", (c) => c.notNull())
            .addColumn("completed_at", "bigint")
            .addColumn("verified_at", "bigint")
            .addColumn("verified_by", "text")
            .addColumn("evidence", "text")
            .addColumn("ticket", "text")
            .addColumn("origin", "text", (c) => c.notNull())
            .addColumn("origin_ref", "text")
            .addColumn("attributes", "text", (c) => c.notNull()),
        );
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
