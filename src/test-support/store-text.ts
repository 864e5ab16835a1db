import { sql } from "kysely";
import type { Store } from "../store/store.ts";

/** Every row of every table of the store as one JSON text: what a test searches for a value that must never be kept. */
export async function storeText(store: Store): Promise<string> {
  return store.read(async ({ db }) => {
    const tables =
      store.engine === "sqlite"
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
        : await sql<{
            name: string;
          }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db);
    const dumps = await Promise.all(
      tables.rows.map(async ({ name }) => {
        const rows = await sql`select * from ${sql.table(name)}`.execute(db);
        return JSON.stringify({ [name]: rows.rows });
      }),
    );
    return dumps.join("\n");
  });
}
