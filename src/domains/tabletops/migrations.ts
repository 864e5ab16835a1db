import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { TABLETOP } from "./records.ts";

/** Tabletop exercises; their action items go to the action items table with the other origins. */
export const MIGRATIONS = [
  [
    "0028-tabletops",
    {
      up: (db, dialect) =>
        createRecordTable(db, dialect, TABLETOP, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("file", "text", (c) => c.notNull())
            .addColumn("scenario", "text", (c) => c.notNull())
            .addColumn("quarter", "text", (c) => c.notNull())
            .addColumn("date", "bigint", (c) => c.notNull())
            .addColumn("facilitator", "text")
            .addColumn("participants", "text", (c) => c.notNull())
            .addColumn("objectives", "text", (c) => c.notNull())
            .addColumn("strengths", "text", (c) => c.notNull())
            .addColumn("improvements", "text", (c) => c.notNull())
            .addColumn("postmortem", "text")
            .addColumn("runbooks_updated", "text", (c) => c.notNull())
            .addColumn("actions", "integer", (c) => c.notNull())
            .addColumn("attributes", "text", (c) => c.notNull()),
        ),
    },
  ],
  [
    "0041-tabletop-runbooks",
    {
      // The runbooks each exercise ran through, which the plan's runbooks are judged exercised by.
      up: (db) =>
        db.schema
          .alterTable("tabletops")
          .addColumn("runbooks_exercised", "text", (c) => c.notNull().defaultTo("[]"))
          .execute(),
    },
  ],
] as const satisfies DomainPack["migrations"];
