import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { EXTERNAL_INCIDENT, EXTERNAL_TRIAGE } from "./records.ts";

/** After the governance proposals' migration of the same number: the two web3 program sources of one change. */
export const MIGRATIONS = [
  [
    "0043-external-incidents",
    {
      up: async (db, dialect) => {
        await createRecordTable(db, dialect, EXTERNAL_INCIDENT, (table) =>
          table
            .addColumn("date", "bigint", (c) => c.notNull())
            .addColumn("project", "text", (c) => c.notNull())
            .addColumn("attack_type", "text")
            .addColumn("loss", "text")
            .addColumn("loss_usd", "double precision")
            .addColumn("chain", "text")
            .addColumn("links", "text", (c) => c.notNull()),
        );
        await createRecordTable(db, dialect, EXTERNAL_TRIAGE, (table) =>
          table
            .addColumn("applies", "integer", (c) => c.notNull())
            .addColumn("triaged_at", "bigint", (c) => c.notNull())
            .addColumn("triaged_by", "text")
            .addColumn("action_item", "text")
            .addColumn("notes", "text"),
        );
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
