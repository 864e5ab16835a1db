import { type Kysely, sql } from "kysely";
import type { Dialect } from "../engines.ts";

/**
 * One import per content, format and feed, by a unique index: two processes
 * importing one file at once both found it new, and both recorded it. A
 * store may already hold such twins. Their records were upserted on their
 * identity, so each record is stored once, under whichever twin wrote it
 * last; the twins are merged into the first: every row that names a later
 * twin names the first instead, and the later import rows go. No record is
 * removed; the first twin's counts and options stand.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const twins = await sql<{ id: number; first: number }>`
    select i.id, f.first from imports i
    join (select sha256, format, feed, min(id) as first from imports group by sha256, format, feed) f
      on f.sha256 = i.sha256 and f.format = i.format and f.feed = i.feed
    where i.id <> f.first`.execute(db);
  if (twins.rows.length > 0) {
    const tables = await tablesNamingImports(db);
    for (const { id, first } of twins.rows) {
      for (const table of tables)
        await sql`update ${sql.table(table)} set import_id = ${first} where import_id = ${id}`.execute(db);
      await sql`delete from imports where id = ${id}`.execute(db);
    }
  }
  await db.schema.dropIndex("imports_by_hash").execute();
  await db.schema
    .createIndex("imports_unique_hash")
    .on("imports")
    .columns(["sha256", "format", "feed"])
    .unique()
    .execute();
}

/** Every table with an import_id column beside `imports` (the record tables, scans, sightings…). */
async function tablesNamingImports(db: Kysely<unknown>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  const imports = tables.find((table) => table.name === "imports");
  return tables
    .filter((table) => !table.isView && table.schema === imports?.schema)
    .filter((table) => table.columns.some((column) => column.name === "import_id"))
    .map((table) => table.name);
}
