import { createRequire } from "node:module";
import { finished } from "node:stream/promises";
import { sql, type Transaction } from "kysely";
import type pg from "pg";
import type * as PgCopyStreams from "pg-copy-streams";
import { copyTextRow } from "./copy-text.ts";
import type { CoreTables } from "./schema.ts";

/** Loaded on the first COPY, so commands on SQLite never load it (as the drivers in dialect.ts). */
const requireOnUse = createRequire(import.meta.url);

/**
 * Encoded rows per chunk: about 10,000 alerts, whose sorts in the upsert fit
 * PostgreSQL's default `work_mem`. Upserting a whole 1M-row run at once
 * instead spilled the temporary table and both sorts to disk and cost the
 * server more CPU, with none of the overlap below.
 */
const COPY_CHUNK_CHARS = 1 << 20;
const SEQUENCE = "copy_seq";

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
 * PostgreSQL, a chunk at a time: `COPY ... FROM STDIN` into a temporary
 * table, then one `INSERT ... SELECT ... ON CONFLICT DO UPDATE` from it into
 * the record table and the temporary table emptied for the next chunk, both
 * in one statement string (one round trip). All of it runs in the import's
 * transaction, on its connection, so a failure anywhere rolls it back with
 * the rest of the import.
 *
 * Each chunk's statements are chained to the previous chunk's, each sent as
 * the one before it ends, so the server goes from one to the next without
 * waiting for this thread to come back to the run; and never more than one
 * is sent ahead (the driver only queues statements, it does not pipeline
 * them). The client reads the server's answers only when this thread
 * yields, so while a chunk is in flight `add` yields to the event loop once
 * per batch: the server is not left idle while this thread parses and
 * encodes. The connection stays free for the import's other statements
 * (another record kind, a domain's own writes) between chunks.
 *
 * The writer's rule holds: the last row of an identity wins. Within a chunk
 * rows are numbered as they come and the upsert keeps each identity's last
 * one, inserted in the order they came (new ids follow the file); a later
 * chunk updates what an earlier one wrote.
 */
export class CopyUpsert {
  private text = "";
  private sent = 0;
  private created = false;
  /** The chunks handed on and not yet stored, oldest first; each runs after the one before it. */
  private readonly inFlight: Promise<void>[] = [];

  constructor(
    private readonly client: pg.ClientBase,
    private readonly transaction: Transaction<CoreTables>,
    private readonly target: CopyTarget,
  ) {}

  /** Adds rows (values in the order of `columns`); a promise when this thread should wait or yield. */
  add(rows: readonly (readonly unknown[])[]): Promise<void> | undefined {
    for (const row of rows) this.text += `${this.sent++}\t${copyTextRow(row)}\n`;
    if (this.text.length >= COPY_CHUNK_CHARS) return this.send();
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
    if (this.text.length === 0) return;
    // Encoded now: a chunk waiting its turn holds bytes, not a string of ten thousand pieces for the GC to trace.
    const data = Buffer.from(this.text, "utf8");
    this.text = "";
    if (this.inFlight.length >= QUEUED_CHUNKS) await this.inFlight.shift();
    const previous = this.inFlight.at(-1) ?? Promise.resolve();
    const chunk = previous.then(() => this.store(data));
    // Awaited by a later `send` or by `finish`; until then a failure must not count as unhandled.
    chunk.catch(() => {});
    this.inFlight.push(chunk);
  }

  /** One chunk: COPY into the temporary table (made by the first), then the upsert that empties it. */
  private async store(data: Buffer): Promise<void> {
    const columns = this.target.columns.map((column) => sql.ref(column));
    const sequence = sql.ref(SEQUENCE);
    if (!this.created) {
      // The record table's column types and no constraint: COPY checks each value's type, the upsert the rest.
      await sql`create temporary table ${sql.table(this.staging)} on commit drop as
        select 0::bigint as ${sequence}, ${sql.join(columns)} from ${sql.table(this.target.table)}
        with no data`.execute(this.transaction);
      this.created = true;
    }
    const statement =
      sql`copy ${sql.table(this.staging)} (${sequence}, ${sql.join(columns)}) from stdin`.compile(
        this.transaction,
      ).sql;
    const { from: copyFrom } = requireOnUse("pg-copy-streams") as typeof PgCopyStreams;
    const copy = this.client.query(copyFrom(statement));
    copy.end(data);
    await finished(copy);
    await this.client.query(this.upsertAndEmpty());
  }

  /** Moves the staged chunk into the record table (each identity's last row, in the order they came), then empties it. */
  private upsertAndEmpty(): string {
    const { table, columns, identity } = this.target;
    const staging = sql.table(this.staging);
    const list = sql.join(columns.map((column) => sql.ref(column)));
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
