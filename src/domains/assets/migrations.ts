import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { ASSET_SIGHTING, MANAGED_ASSET } from "./records.ts";

export const MIGRATIONS = [
  [
    "0015-assets",
    {
      async up(db, dialect) {
        await createRecordTable(db, dialect, MANAGED_ASSET, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("asset_id", "text", (c) => c.notNull())
            .addColumn("hostname", "text")
            .addColumn("ips", "text", (c) => c.notNull())
            .addColumn("aliases", "text", (c) => c.notNull())
            .addColumn("asset_type", "text")
            .addColumn("owner", "text")
            .addColumn("tier", "text")
            .addColumn("environment", "text")
            .addColumn("attributes", "text", (c) => c.notNull()),
        );
        await createRecordTable(db, dialect, ASSET_SIGHTING, (table) =>
          table
            .addColumn("seen_at", "bigint", (c) => c.notNull())
            .addColumn("asset", "text", (c) => c.notNull())
            .addColumn("asset_type", "text", (c) => c.notNull())
            .addColumn("hostnames", "text", (c) => c.notNull())
            .addColumn("ips", "text", (c) => c.notNull()),
        );
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
