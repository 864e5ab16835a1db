import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { KEY, SAFE_STATE } from "./records.ts";

export const MIGRATIONS = [
  [
    "0042-web3-keys",
    {
      up: async (db, dialect) => {
        await createRecordTable(db, dialect, KEY, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("purpose", "text", (c) => c.notNull())
            .addColumn("custody", "text", (c) => c.notNull())
            .addColumn("threshold", "integer", (c) => c.notNull())
            .addColumn("signers", "integer", (c) => c.notNull())
            .addColumn("chain_id", "bigint")
            .addColumn("address", "text")
            .addColumn("owner", "text")
            .addColumn("created_at", "bigint")
            .addColumn("last_rotated_at", "bigint")
            .addColumn("last_ceremony_at", "bigint")
            .addColumn("attributes", "text", (c) => c.notNull()),
        );
        await createRecordTable(db, dialect, SAFE_STATE, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("chain_id", "bigint")
            .addColumn("address", "text", (c) => c.notNull())
            .addColumn("threshold", "integer", (c) => c.notNull())
            .addColumn("owners", "text", (c) => c.notNull())
            .addColumn("nonce", "bigint", (c) => c.notNull())
            .addColumn("version", "text")
            .addColumn("master_copy", "text")
            .addColumn("modules", "text", (c) => c.notNull())
            .addColumn("guard", "text"),
        );
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
