import { Kysely, PostgresDialect, type PostgresPoolClient } from "kysely";
import type pg from "pg";
import type { CoreTables } from "./schema.ts";

/**
 * Runs `work` on one connection taken from the pool and held for it: a
 * Kysely instance whose every statement (a transaction opened on it
 * included) runs on that connection, and the connection shared with it,
 * for what Kysely has no API for (`COPY ... FROM STDIN`, which must run
 * inside the import's transaction).
 *
 * Kysely gives a transaction no public way to its driver's connection
 * (`db.connection()` reserves one, but hands back a Kysely, not the client);
 * rather than reach into its internals (which change between releases), the held
 * client is handed to Kysely as a pool of one, through `PostgresDialect`'s
 * documented `pool` option. Kysely then "acquires" and "releases" it as it
 * would any pooled client, and its statements go through the
 * `SharedConnection`, in the order they were issued, as the COPYs do.
 *
 * After a failure the connection is closed rather than returned to the
 * pool: when the rollback itself failed (a connection cut in the middle of a
 * COPY), the next import must not inherit it, and a new one costs a few
 * milliseconds.
 */
export async function withHeldConnection<T>(
  pool: pg.Pool,
  work: (db: Kysely<CoreTables>, connection: SharedConnection) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const connection = new SharedConnection(client);
  const held: PostgresPoolClient = {
    // Statements only: Kysely passes a cursor to a dialect given a cursor class, and this one has none.
    query: connection.query as unknown as PostgresPoolClient["query"],
    release: () => {},
  };
  // Holds nothing of its own: there is nothing to destroy when the work is done.
  const db = new Kysely<CoreTables>({
    dialect: new PostgresDialect({ pool: { connect: async () => held, end: async () => {} } }),
  });
  try {
    const result = await work(db, connection);
    client.release();
    return result;
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

/**
 * One connection that everything in a transaction sends its statements to
 * (Kysely's, each record kind's COPYs, a domain's own writes), where a few
 * statements must follow one another with nothing in between: a savepoint,
 * a COPY and its release or rollback. Anything sent between them would run
 * under that savepoint, and be undone with it or fail with the COPY.
 *
 * `alone` gives its work the client to itself; statements sent meanwhile
 * wait for it to end and then go in the order they were sent. The client
 * queues statements in the order it receives them, so a statement sent
 * while no one has the connection to itself goes straight to it.
 */
export class SharedConnection {
  /** Settles when the last turn asked for ends; unset when none is pending. */
  private turnsEnd: Promise<void> | undefined;

  constructor(private readonly client: pg.ClientBase) {}

  /** A statement with bound parameters: sent now, or once the turns asked for before it end. */
  readonly query = <R extends pg.QueryResultRow>(
    text: string,
    parameters: readonly unknown[],
  ): Promise<pg.QueryResult<R>> => {
    const send = () => this.client.query<R>(text, parameters as unknown[]);
    return this.turnsEnd ? this.turnsEnd.then(send) : send();
  };

  /** Runs `work` with the client to itself, after the statements and turns asked for before it. */
  alone<T>(work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
    const turn = (this.turnsEnd ?? Promise.resolve()).then(() => work(this.client));
    const end = turn.then(
      () => {},
      () => {},
    );
    this.turnsEnd = end;
    // Registered before any statement waits for this turn, so it runs first: the waiting
    // statements are sent before any sent after it, straight to the client.
    void end.then(() => {
      if (this.turnsEnd === end) this.turnsEnd = undefined;
    });
    return turn;
  }
}
