import { createRecordTable } from "../../store/record-table.ts";
import type { DomainPack } from "../domain-pack.ts";
import { CONTRACT_DEPLOYMENT, MONITOR_CONFIG } from "./records.ts";

export const MIGRATIONS = [
  [
    "0019-web3-contracts",
    {
      up: (db, dialect) =>
        createRecordTable(db, dialect, CONTRACT_DEPLOYMENT, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("chain_id", "bigint", (c) => c.notNull())
            .addColumn("address", "text", (c) => c.notNull())
            .addColumn("name", "text")
            .addColumn("version", "text")
            .addColumn("role", "text", (c) => c.notNull())
            .addColumn("implementation", "text")
            .addColumn("deployed_at", "bigint")
            .addColumn("block_number", "bigint")
            .addColumn("transaction_hash", "text")
            .addColumn("source", "text", (c) => c.notNull())
            .addColumn("source_file", "text", (c) => c.notNull())
            .addColumn("contract_file", "text")
            .addColumn("abi", "text"),
        ),
    },
  ],
  [
    "0020-web3-function-events",
    {
      // Which state-changing functions emit an event, from the compiler's AST or the source.
      up: async (db) => {
        await db.schema.alterTable("contract_deployments").addColumn("functions", "text").execute();
        await db.schema.alterTable("contract_deployments").addColumn("analysis", "text").execute();
      },
    },
  ],
  [
    "0021-web3-monitors",
    {
      up: (db, dialect) =>
        createRecordTable(db, dialect, MONITOR_CONFIG, (table) =>
          table
            .addColumn("snapshot_at", "bigint", (c) => c.notNull())
            .addColumn("name", "text", (c) => c.notNull())
            .addColumn("paused", "integer", (c) => c.notNull())
            .addColumn("networks", "text", (c) => c.notNull())
            .addColumn("chain_ids", "text", (c) => c.notNull())
            .addColumn("addresses", "text", (c) => c.notNull())
            .addColumn("functions", "text", (c) => c.notNull())
            .addColumn("events", "text", (c) => c.notNull())
            .addColumn("transaction_conditions", "integer", (c) => c.notNull())
            .addColumn("triggers", "text", (c) => c.notNull())
            .addColumn("source_file", "text", (c) => c.notNull()),
        ),
    },
  ],
  [
    "0047-contract-code-hashes",
    {
      // What an audit's scope can name a contract's code by: its runtime bytecode's hash, its source file's.
      up: async (db) => {
        await db.schema.alterTable("contract_deployments").addColumn("code_hash", "text").execute();
        await db.schema.alterTable("contract_deployments").addColumn("source_hash", "text").execute();
      },
    },
  ],
] as const satisfies DomainPack["migrations"];
