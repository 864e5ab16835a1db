import { createRequire } from "node:module";
import { finished } from "node:stream/promises";
import { type RawBuilder, sql, type Transaction } from "kysely";
import type pg from "pg";
import type * as PgCopyStreams from "pg-copy-streams";
import { copyTextRow } from "./copy-text.ts";
import { isAnyUniqueViolation } from "./engine-errors.ts";
import type { SharedConnection } from "./held-connection.ts";
import type { CoreTables } from "./schema.ts";

/** Loaded on the first COPY, so commands on SQLite never load it (as the drivers in dialect.ts). */
const requireOnUse = createRequire(import.meta.url);

/**
 * Encoded rows per chunk: about 10,000 alerts, whose sorts in the upsert fit
 * PostgreSQL's default `work_mem`. Upserting a whole 1M-row run at once
 * instead spilled the temporary table and both sorts to disk and cost the
 * server more CPU, with none of the overlap below.
 */
const COPY_CHUNK_BYTES = 1 << 20;
const SEQUENCE = "copy_seq";
const SAVEPOINT = "copy_chunk";

/** Where a run of rows goes: a record table, the columns each row gives, and the identity to upsert on. */
export interface CopyTarget {
  table: string;
  columns: readonly string[];
  identity: readonly string[];
}

/**
 * Chunks encoded ahead of the server at most: while it stores one, the next
 * is ready to go the moment it is done (a third waits here, so memory stays
 * at a few chunks).
 */
const QUEUED_CHUNKS = 2;

/**
 * Upserts a long run of rows of one shape into a record table on
 * PostgreSQL, a chunk at a time, all in the import's transaction on its
 * connection, so a failure anywhere rolls it back with the rest of the
 * import.
 *
 * While no row of the run has met a stored identity, a chunk goes straight
 * into the record table with `COPY ... FROM STDIN` under a savepoint: the
 * server then stores each row once, where the upsert stores it in a
 * temporary table, sorts it twice and probes the identity index before
 * inserting it. When the identity index refuses a row (stored by an
 * earlier import or an earlier chunk, or repeated within the chunk), the
 * chunk is rolled back to the savepoint and goes the upsert's way: COPY
 * into a temporary table, then one `INSERT ... SELECT DISTINCT ON
 * (identity) ... ON CONFLICT DO UPDATE` from it into the record table and
 * the temporary table emptied, in one statement string (one round trip).
 * The rest of the run goes that way too: a file imported again costs one
 * refused chunk, not one per chunk.
 *
 * A chunk's statements run with the connection to themselves
 * (`SharedConnection.alone`): a statement of the import's other work
 * (another record kind, a domain's own writes) sent between the savepoint
 * and its release would be undone by the rollback, or fail with the COPY.
 * It waits for the chunk instead, and goes between chunks.
 *
 * Each chunk is chained to the previous one, and sent as the one before it
 * ends, so the server goes from one to the next without waiting for this
 * thread to come back to the run; and never more than one is sent ahead
 * (the driver only queues statements, it does not pipeline them). The
 * client reads the server's answers only when this thread yields, so while
 * a chunk is in flight `add` yields to the event loop once per batch: the
 * server is not left idle while this thread parses and encodes.
 *
 * The writer's rule holds: the last row of an identity wins. COPY inserts
 * a chunk's rows in the order they came (new ids follow the file); through
 * the upsert, the temporary table numbers them as they come and each
 * identity's last row of the chunk is inserted in that order, and a later
 * chunk updates what an earlier one wrote.
 */
export class CopyUpsert {
  /** The chunk being filled, a batch's encoded rows each. */
  private parts: Buffer[] = [];
  private bytes = 0;
  /** Whether the next chunk goes straight into the record table: until one meets a stored identity. */
  private direct = true;
  private created = false;
  /** The chunks handed on and not yet stored, oldest first; each runs after the one before it. */
  private readonly inFlight: Promise<void>[] = [];

  /** `columns` as SQL, for every statement of the run. */
  private readonly columnList: RawBuilder<unknown>;

  constructor(
    private readonly connection: SharedConnection,
    private readonly transaction: Transaction<CoreTables>,
    private readonly target: CopyTarget,
  ) {
    this.columnList = sql.join(target.columns.map((column) => sql.ref(column)));
  }

  /** Adds rows (values in the order of `columns`); a promise when this thread should wait or yield. */
  add(rows: readonly (readonly unknown[])[]): Promise<void> | undefined {
    let text = "";
    for (const row of rows) text += `${copyTextRow(row)}\n`;
    // Encoded per batch: the rows' strings die young. Kept as one string until the chunk was full, its
    // ten thousand pieces outlived the young generation and were traced again and again by the GC.
    const part = Buffer.from(text, "utf8");
    this.parts.push(part);
    this.bytes += part.length;
    if (this.bytes >= COPY_CHUNK_BYTES) return this.send();
    if (this.inFlight.length > 0) return new Promise((resolve) => setImmediate(resolve));
  }

  /** Stores the rows added so far; the run is then in the record table. */
  async finish(): Promise<void> {
    await this.send();
    // In order: the first failure is the one to report (the chunks after it fail for it).
    for (let chunk = this.inFlight.shift(); chunk; chunk = this.inFlight.shift()) await chunk;
    // Another run of the same kind (another shape) makes its own.
    if (this.created) await sql`drop table ${sql.table(this.staging)}`.execute(this.transaction);
  }

  /** `staged_<table>`: a temporary table shadows a permanent one of its name, so never the table's own. */
  private get staging(): string {
    return `staged_${this.target.table}`;
  }

  /** Hands the encoded rows on as a chunk, stored after the one before it; waits while `QUEUED_CHUNKS` are. */
  private async send(): Promise<void> {
    if (this.bytes === 0) return;
    const data = Buffer.concat(this.parts, this.bytes);
    this.parts = [];
    this.bytes = 0;
    if (this.inFlight.length >= QUEUED_CHUNKS) await this.inFlight.shift();
    const previous = this.inFlight.at(-1) ?? Promise.resolve();
    const chunk = previous.then(() => this.connection.alone((client) => this.store(client, data)));
    // Awaited by a later `send` or by `finish`; until then a failure must not count as unhandled.
    chunk.catch(() => {});
    this.inFlight.push(chunk);
  }

  /** One chunk, with the connection to itself: straight into the record table while it can, else through the upsert. */
  private async store(client: pg.ClientBase, data: Buffer): Promise<void> {
    if (this.direct) {
      // Sent only once the savepoint is taken: a COPY that ran outside the transaction (one rolled back
      // meanwhile, its connection still open) would commit its rows on its own.
      await client.query(`savepoint ${SAVEPOINT}`);
      try {
        await this.copy(client, this.target.table, data);
        await client.query(`release savepoint ${SAVEPOINT}`);
        return;
      } catch (error) {
        if (!isAnyUniqueViolation(error)) throw error;
        await client.query(`rollback to savepoint ${SAVEPOINT}; release savepoint ${SAVEPOINT}`);
        this.direct = false;
      }
    }
    if (!this.created) {
      await client.query(this.createStaging());
      this.created = true;
    }
    await this.copy(client, this.staging, data);
    await client.query(this.upsertAndEmpty());
  }

  /** `COPY table (columns) FROM STDIN` of one chunk's encoded rows. */
  private async copy(client: pg.ClientBase, table: string, data: Buffer): Promise<void> {
    const statement = sql`copy ${sql.table(table)} (${this.columnList}) from stdin`.compile(
      this.transaction,
    ).sql;
    const { from: copyFrom } = requireOnUse("pg-copy-streams") as typeof PgCopyStreams;
    const copy = client.query(copyFrom(statement));
    copy.end(data);
    await finished(copy);
  }

  /**
   * The temporary table: the record table's column types and no constraint (COPY checks each
   * value's type, the upsert the rest), and a number for each row in the order COPY reads them.
   */
  private createStaging(): string {
    const staging = sql.table(this.staging);
    return sql`create temporary table ${staging} on commit drop as
      select ${this.columnList} from ${sql.table(this.target.table)} with no data;
      alter table ${staging} add ${sql.ref(SEQUENCE)} bigint generated always as identity`.compile(
      this.transaction,
    ).sql;
  }

  /** Moves the staged chunk into the record table (each identity's last row, in the order they came), then empties it. */
  private upsertAndEmpty(): string {
    const { table, columns, identity } = this.target;
    const staging = sql.table(this.staging);
    const list = this.columnList;
    const keys = sql.join(identity.map((column) => sql.ref(column)));
    const sequence = sql.ref(SEQUENCE);
    const updated = columns
      .filter((column) => !identity.includes(column))
      .map((column) => sql`${sql.ref(column)} = excluded.${sql.ref(column)}`);
    // No parameters: the client sends it as a simple query, which may hold two statements.
    return sql`insert into ${sql.table(table)} (${list})
      select ${list} from (
        select distinct on (${keys}) * from ${staging} order by ${keys}, ${sequence} desc
      ) as last_of_each order by ${sequence}
      on conflict (${keys}) do update set ${sql.join(updated)};
      truncate ${staging}`.compile(this.transaction).sql;
  }
}
