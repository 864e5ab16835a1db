import { createRequire } from "node:module";
import type SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import type pg from "pg";
import { type Dialect, isPostgresUrl } from "./engines.ts";
import type { CoreTables } from "./schema.ts";

/**
 * Each engine's driver loads when a store of that engine opens, so a SQLite
 * command never loads pg nor a PostgreSQL one better-sqlite3. Both are
 * CommonJS, so `require` loads them as `import` would, and `connect` stays
 * synchronous.
 */
const requireDriver = createRequire(import.meta.url);

/**
 * pg asks, as it loads, whether it runs in a Cloudflare Worker: by the
 * `navigator` global, or with none (Node 20 has none; later versions do) by
 * constructing a `Response`, which makes Node load its whole fetch
 * implementation, half of pg's load time in every PostgreSQL command. A
 * `navigator` that says Node answers the question for the length of the
 * (synchronous) require.
 */
function requirePg(): typeof pg {
  if ("navigator" in globalThis) return requireDriver("pg") as typeof pg;
  Object.defineProperty(globalThis, "navigator", {
    value: { userAgent: `Node.js/${process.versions.node}` },
    configurable: true,
  });
  try {
    return requireDriver("pg") as typeof pg;
  } finally {
    Reflect.deleteProperty(globalThis, "navigator");
  }
}

/** Connections in a PostgreSQL store's pool: what runs at once on one. */
export const POSTGRES_POOL_SIZE = 4;

export interface Connection {
  db: Kysely<CoreTables>;
  dialect: Dialect;
  /**
   * The better-sqlite3 handle under `db` (SQLite only). Statements prepared
   * on it once and run inside a Kysely transaction are part of that
   * transaction: SQLite transactions belong to the connection, and there is one.
   */
  sqlite?: SQLite.Database;
  /** The pool under `db` (PostgreSQL only), to hold one connection for an import's transaction and its COPYs. */
  pool?: pg.Pool;
}

export function connect(url: string): Connection {
  if (isPostgresUrl(url)) {
    const { types, Pool } = requirePg();
    // int8 columns hold epoch milliseconds, well inside Number's exact range.
    types.setTypeParser(types.builtins.INT8, (value) => Number(value));
    const pool = new Pool({ connectionString: url, max: POSTGRES_POOL_SIZE });
    // An idle pooled connection that the server drops (restart, admin kill)
    // emits 'error'; unheard, that crashes the process. The pool discards the
    // client, and the next query opens a new one or fails with its own error.
    pool.on("error", () => {});
    return {
      db: new Kysely<CoreTables>({ dialect: new PostgresDialect({ pool }) }),
      dialect: "postgres",
      pool,
    };
  }
  const Database = requireDriver("better-sqlite3") as typeof SQLite;
  const database = new Database(url);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  // Short: while SQLite waits for a lock, better-sqlite3 holds the whole process. Reads rarely
  // wait (WAL); a write that finds an import holding the lock waits between attempts instead,
  // with the process free (`withLockWait`).
  database.pragma("busy_timeout = 100");
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
