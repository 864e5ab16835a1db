import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { type Dialect, isPostgresUrl } from "./engines.ts";
import type { CoreTables } from "./schema.ts";

export interface Connection {
  db: Kysely<CoreTables>;
  dialect: Dialect;
  /**
   * The better-sqlite3 handle under `db` (SQLite only). Statements prepared
   * on it once and run inside a Kysely transaction are part of that
   * transaction: SQLite transactions belong to the connection, and there is one.
   */
  sqlite?: SQLite.Database;
}

export function connect(url: string): Connection {
  if (isPostgresUrl(url)) {
    // int8 columns hold epoch milliseconds, well inside Number's exact range.
    pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    // An idle pooled connection that the server drops (restart, admin kill)
    // emits 'error'; unheard, that crashes the process. The pool discards the
    // client, and the next query opens a new one or fails with its own error.
    pool.on("error", () => {});
    return { db: new Kysely<CoreTables>({ dialect: new PostgresDialect({ pool }) }), dialect: "postgres" };
  }
  const database = new SQLite(url);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  // 64 MB of page cache (default 2 MB): an import is one transaction, and with
  // the default its dirty B-tree pages are spilled to the WAL and re-dirtied
  // over and over (~4 writes per row; 30x fewer with this). A bound, not a
  // reservation: memory stays flat in input size.
  database.pragma("cache_size = -65536");
  return {
    db: new Kysely<CoreTables>({ dialect: new SqliteDialect({ database }) }),
    dialect: "sqlite",
    sqlite: database,
  };
}
