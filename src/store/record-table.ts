import type { CreateTableBuilder, Kysely } from "kysely";
import { type Dialect, idColumn } from "./engines.ts";
import type { RecordKindDefinition } from "./record-kind.ts";

/**
 * Creates the table of a record kind in a migration: the columns every
 * record table shares (id, feed, external_id, import_id, line), the kind's
 * own columns from `columns` (its time column among them), the unique
 * identity the writer upserts on, and an index on the time column that
 * period reads filter by.
 */
export async function createRecordTable(
  db: Kysely<unknown>,
  dialect: Dialect,
  kind: RecordKindDefinition,
  columns: (table: CreateTableBuilder<string, string>) => CreateTableBuilder<string, string>,
): Promise<void> {
  const shared = db.schema
    .createTable(kind.table)
    .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
    .addColumn("feed", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    // Checked against imports on SQLite only: see migration 0050-unchecked-import-ids.
    .addColumn("import_id", "integer", (c) =>
      dialect === "sqlite" ? c.notNull().references("imports.id") : c.notNull(),
    )
    .addColumn("line", "integer", (c) => c.notNull());
  await columns(shared)
    .addUniqueConstraint(`${kind.table}_identity`, [...kind.identity])
    .execute();
  await db.schema.createIndex(`${kind.table}_by_${kind.time}`).on(kind.table).columns([kind.time]).execute();
}
