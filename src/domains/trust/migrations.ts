import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { SECURITY_TXT } from "./records.ts";

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
] as const satisfies DomainPack["migrations"];
