import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { DEAL, QUESTIONNAIRE_ANSWER, QUESTIONNAIRE_FILL, SECURITY_TXT } from "./records.ts";

export const MIGRATIONS = [
  [
    "0034-security-txt-snapshots",
    {
      up: (db, dialect) =>
        createRecordTable(db, dialect, SECURITY_TXT, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("expires_at", "bigint", (c) => c.notNull())
            .addColumn("canonical", "text", (c) => c.notNull())
            .addColumn("contacts", "text", (c) => c.notNull()),
        ),
    },
  ],
  [
    "0035-trust",
    {
      up: async (db, dialect) => {
        await createRecordTable(db, dialect, DEAL, (table) =>
          table
            .addColumn("customer", "text", (c) => c.notNull())
            .addColumn("opened_at", "bigint", (c) => c.notNull())
            .addColumn("accepted_addendum", "integer", (c) => c.notNull())
            .addColumn("security_review_started_at", "bigint")
            .addColumn("security_review_ended_at", "bigint")
            .addColumn("closed_at", "bigint"),
        );
        // The metrics count the deals closed in a period.
        await db.schema.createIndex("deals_by_closed_at").on("deals").columns(["closed_at"]).execute();
        await createRecordTable(db, dialect, QUESTIONNAIRE_ANSWER, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("question", "text", (c) => c.notNull())
            .addColumn("aliases", "text", (c) => c.notNull())
            .addColumn("short_answer", "text", (c) => c.notNull())
            .addColumn("answer", "text", (c) => c.notNull())
            .addColumn("evidence", "text", (c) => c.notNull())
            .addColumn("frameworks", "text", (c) => c.notNull())
            .addColumn("owner", "text")
            .addColumn("approved_by", "text")
            .addColumn("approved_at", "bigint")
            .addColumn("review_by", "bigint"),
        );
        await createRecordTable(db, dialect, QUESTIONNAIRE_FILL, (table) =>
          table
            .addColumn("filled_at", "bigint", (c) => c.notNull())
            .addColumn("questionnaire", "text", (c) => c.notNull())
            .addColumn("questions", "integer", (c) => c.notNull())
            .addColumn("answered", "integer", (c) => c.notNull())
            .addColumn("flagged", "integer", (c) => c.notNull())
            .addColumn("unmatched", "integer", (c) => c.notNull()),
        );
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
