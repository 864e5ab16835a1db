import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { BOUNTY_REPORT } from "./records.ts";

export const MIGRATIONS = [
  [
    "0026-bounty-reports",
    {
      up: (db, dialect) =>
        createRecordTable(db, dialect, BOUNTY_REPORT, (table) =>
          table
            .addColumn("platform", "text", (c) => c.notNull())
            .addColumn("title", "text")
            .addColumn("severity", "text")
            .addColumn("state", "text", (c) => c.notNull())
            .addColumn("outcome", "text", (c) => c.notNull())
            .addColumn("reported_at", "bigint", (c) => c.notNull())
            .addColumn("first_response_at", "bigint")
            .addColumn("triaged_at", "bigint")
            .addColumn("bounty_at", "bigint")
            .addColumn("resolved_at", "bigint")
            .addColumn("bounty_amount", "double precision", (c) => c.notNull()),
        ),
    },
  ],
] as const satisfies DomainPack["migrations"];
