import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { MATURITY_ANSWER } from "./records.ts";

export const MIGRATIONS = [
  [
    "0031-maturity-answers",
    {
      up: (db, dialect) =>
        createRecordTable(db, dialect, MATURITY_ANSWER, (table) =>
          table
            .addColumn("scope", "text", (c) => c.notNull())
            .addColumn("assessed_at", "bigint", (c) => c.notNull())
            .addColumn("assessor", "text")
            .addColumn("question", "text", (c) => c.notNull())
            .addColumn("answer", "double precision", (c) => c.notNull())
            .addColumn("notes", "text"),
        ),
    },
  ],
] as const satisfies DomainPack["migrations"];
