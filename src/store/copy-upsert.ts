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
 * Upserts a long run of rows of one shape into a record table on
 * PostgreSQL, a chunk at a time: `COPY ... FROM STDIN` into a temporary
 * table, then one `INSERT ... SELECT ... ON CONFLICT DO UPDATE` from it into
 * the record table, then the temporary table is emptied for the next chunk.
 * All of it runs in the import's transaction, on its connection, so a
 * failure anywhere rolls it back with the rest of the import.
 *
 * Each chunk is sent and ended at once, never left open across writes: the
 * connection stays free for the import's other statements (another record
 * kind, a domain's own writes), which the client queues behind it. While
 * the server stores one chunk, the next one is read and encoded.
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
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly transaction: Transaction<CoreTables>,
    private readonly target: CopyTarget,
  ) {}

  /** Adds rows (values in the order of `columns`); a promise when a chunk has to wait for the one before it. */
  add(rows: readonly (readonly unknown[])[]): Promise<void> | undefined {
    for (const row of rows) this.text += `${this.sent++}\t${copyTextRow(row)}\n`;
    if (this.text.length >= COPY_CHUNK_CHARS) return this.send();
  }

  /** Stores the rows added so far; the run is then in the record table. */
  async finish(): Promise<void> {
    await this.send();
    await this.inFlight;
    // Another run of the same kind (another shape) makes its own.
    if (this.created) await sql`drop table ${sql.table(this.staging)}`.execute(this.transaction);
  }

  /** `staged_<table>`: a temporary table shadows a permanent one of its name, so never the table's own. */
  private get staging(): string {
    return `staged_${this.target.table}`;
  }

  /** Sends the encoded rows as one COPY and its upsert, after the previous chunk's (two chunks in memory at most). */
  private async send(): Promise<void> {
    if (this.text.length === 0) return;
    const text = this.text;
    this.text = "";
    await this.inFlight;
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
    copy.end(text);
    this.inFlight = finished(copy).then(() => this.upsert());
    // Awaited by the next chunk or by `finish`; until then a failure must not count as unhandled.
    this.inFlight.catch(() => {});
  }

  /** Moves the staged chunk into the record table: each identity's last row, in the order they came. */
  private async upsert(): Promise<void> {
    const { table, columns, identity } = this.target;
    const staging = sql.table(this.staging);
    const list = sql.join(columns.map((column) => sql.ref(column)));
    const keys = sql.join(identity.map((column) => sql.ref(column)));
    const sequence = sql.ref(SEQUENCE);
    const updated = columns
      .filter((column) => !identity.includes(column))
      .map((column) => sql`${sql.ref(column)} = excluded.${sql.ref(column)}`);
    await sql`insert into ${sql.table(table)} (${list})
      select ${list} from (
        select distinct on (${keys}) * from ${staging} order by ${keys}, ${sequence} desc
      ) as last_of_each order by ${sequence}
      on conflict (${keys}) do update set ${sql.join(updated)}`.execute(this.transaction);
    await sql`truncate ${staging}`.execute(this.transaction);
  }
}
