import { Kysely, PostgresDialect, type PostgresPoolClient } from "kysely";
import type pg from "pg";
import type { CoreTables } from "./schema.ts";

/**
 * Runs `work` on one connection taken from the pool and held for it: a
 * Kysely instance whose every statement (a transaction opened on it
 * included) runs on that connection, and the pg client itself, for what
 * Kysely has no API for (`COPY ... FROM STDIN`, which must run inside the
 * import's transaction).
 *
 * Kysely gives a transaction no public way to its driver's connection
 * (`db.connection()` reserves one, but hands back a Kysely, not the client);
 * rather than reach into its internals (which change between releases), the held
 * client is handed to Kysely as a pool of one, through `PostgresDialect`'s
 * documented `pool` option. Kysely then "acquires" and "releases" it as it
 * would any pooled client, and the client's own queue keeps Kysely's
 * statements and the COPYs in the order they were issued.
 *
 * After a failure the connection is closed rather than returned to the
 * pool: when the rollback itself failed (a connection cut in the middle of a
 * COPY), the next import must not inherit it, and a new one costs a few
 * milliseconds.
 */
export async function withHeldConnection<T>(
  pool: pg.Pool,
  work: (db: Kysely<CoreTables>, client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const held: PostgresPoolClient = {
    query: client.query.bind(client) as PostgresPoolClient["query"],
    release: () => {},
  };
  // Holds nothing of its own: there is nothing to destroy when the work is done.
  const db = new Kysely<CoreTables>({
    dialect: new PostgresDialect({ pool: { connect: async () => held, end: async () => {} } }),
  });
  try {
    const result = await work(db, client);
    client.release();
    return result;
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}
