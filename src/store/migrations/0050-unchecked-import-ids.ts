import { type Kysely, sql } from "kysely";
import type { Dialect } from "../engines.ts";

/**
 * On PostgreSQL no row's `import_id` is checked against `imports` by a
 * foreign key any more. The check is a trigger that looks the import up once
 * per inserted row: about 5 s of the server's 10 s of CPU for an import of
 * 1M alerts. A row names the import whose transaction writes it, or one
 * that a stored row names already (a finding's first sighting), and imports
 * are never deleted (0010 merged twins after moving their rows), so the
 * check never refused a row. SQLite keeps its foreign keys. Record tables
 * made after this are made without it (`createRecordTable`).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== "postgres") return;
  const { rows } = await sql<{ schema: string; table: string; name: string }>`
    select n.nspname as schema, t.relname as table, c.conname as name
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    where c.contype = 'f' and c.confrelid = 'imports'::regclass`.execute(db);
  for (const { schema, table, name } of rows)
    await sql`alter table ${sql.id(schema, table)} drop constraint ${sql.id(name)}`.execute(db);
}
