import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { IR_PLAN, IR_ROLE, RUNBOOK } from "./records.ts";

/** The incident-response plan: the plan itself, its roles and its runbooks. */
export const MIGRATIONS = [
  [
    "0041-ir-readiness",
    {
      async up(db, dialect) {
        await createRecordTable(db, dialect, IR_PLAN, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("title", "text", (c) => c.notNull())
            .addColumn("owner", "text")
            .addColumn("contacts", "text", (c) => c.notNull())
            .addColumn("escalation", "text", (c) => c.notNull()),
        );
        await createRecordTable(db, dialect, IR_ROLE, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("name", "text", (c) => c.notNull())
            .addColumn("holder", "text")
            .addColumn("deputy", "text"),
        );
        await createRecordTable(db, dialect, RUNBOOK, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("title", "text", (c) => c.notNull())
            .addColumn("owner", "text")
            .addColumn("review_every", "text", (c) => c.notNull())
            .addColumn("last_reviewed_at", "bigint")
            .addColumn("link", "text"),
        );
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
