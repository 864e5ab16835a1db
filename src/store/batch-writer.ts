import type SQLite from "better-sqlite3";
import { type CompiledQuery, sql, type Transaction } from "kysely";
import { InvalidInputError } from "../model/errors.ts";
import type { StorableRecord } from "../model/records.ts";
import { sameKeys, toColumnValue } from "./column-value.ts";
import { CopyUpsert } from "./copy-upsert.ts";
import { INSERT_BATCH_ROWS } from "./engines.ts";
import type { SharedConnection } from "./held-connection.ts";
import type { RecordKindDefinition } from "./record-kind.ts";
import type { CoreTables } from "./schema.ts";
import type { RecordWriter } from "./store.ts";

/**
 * Buffers records per table and writes them as upserts on the identity
 * columns. Within a batch the last occurrence of an identity wins: PostgreSQL
 * refuses to update one row twice in a statement, and it is the newer data
 * anyway. Each record becomes one parameter array, in the column order of
 * its shape (its kind and keys); the SQL of a shape is built and compiled by
 * Kysely once per import, not once per batch. On SQLite a batch runs as
 * prepared better-sqlite3 statements of a few dozen rows on the
 * transaction's connection, synchronously. On PostgreSQL a run of one shape
 * that fills a batch goes on through COPY (`CopyUpsert`: the same upsert,
 * the last row of an identity winning, many times cheaper per row than bound
 * parameters); a shorter run is one multi-row upsert.
 */
export class BatchWriter implements RecordWriter {
  written = 0;
  private readonly pending = new Map<string, Map<string, unknown[]>>();
  private readonly shapes = new Map<string, RowShape>();
  /** The shape of the rows pending per kind (one batch, one shape). */
  private readonly pendingShape = new Map<string, RowShape>();
  private readonly compiled = new Map<string, CompiledQuery>();
  private readonly statements = new Map<string, SQLite.Statement>();
  /** Per kind, the run being copied (PostgreSQL), from its first full batch to its end. */
  private readonly copies = new Map<string, CopyUpsert>();
  private readonly sqlite: SQLite.Database | undefined;
  private readonly postgres: { connection: SharedConnection; file: string } | undefined;

  constructor(
    readonly transaction: Transaction<CoreTables>,
    readonly importId: number,
    private readonly kinds: ReadonlyMap<string, RecordKindDefinition>,
    direct?: DirectConnection,
  ) {
    this.sqlite = direct && "sqlite" in direct ? direct.sqlite : undefined;
    this.postgres = direct && "postgres" in direct ? direct.postgres : undefined;
  }

  write(record: StorableRecord, line: number): void | Promise<void> {
    const shape = this.shapeOf(
      record.kind,
      Object.keys(record).filter((key) => key !== "kind"),
    );
    const { keys } = shape;
    const params: unknown[] = new Array(keys.length + 2);
    params[0] = this.importId;
    params[1] = line;
    for (let i = 0; i < keys.length; i++)
      params[i + 2] = toColumnValue(record[keys[i] as keyof typeof record]);
    return this.add(record.kind, shape, params, line);
  }

  writeValues(
    kind: string,
    keys: readonly string[],
    values: readonly unknown[],
    line: number,
  ): void | Promise<void> {
    const shape = this.shapeOf(kind, keys);
    const params: unknown[] = new Array(keys.length + 2);
    params[0] = this.importId;
    params[1] = line;
    for (let i = 0; i < keys.length; i++) params[i + 2] = toColumnValue(values[i]);
    return this.add(kind, shape, params, line);
  }

  /** Buffers one row's parameters (import_id, line, then the shape's keys). */
  private add(kind: string, shape: RowShape, params: unknown[], line: number): void | Promise<void> {
    if (this.postgres) refuseNul(params, this.postgres.file, line);
    let key = String(params[shape.identity[0] as number]);
    for (let i = 1; i < shape.identity.length; i++) key += `\u0000${params[shape.identity[i] as number]}`;
    let rows = this.pending.get(kind);
    if (!rows) this.pending.set(kind, (rows = new Map()));
    // A batch holds one shape: a record of another shape flushes the batch first.
    if (this.pendingShape.get(kind) !== shape && (rows.size > 0 || this.copies.has(kind))) {
      const flushed = this.flushKind(kind, true);
      if (flushed) return flushed.then(() => this.add(kind, shape, params, line));
    }
    this.pendingShape.set(kind, shape);
    rows.delete(key);
    rows.set(key, params);
    if (rows.size >= INSERT_BATCH_ROWS) return this.flushKind(kind, false);
  }

  async flush(): Promise<void> {
    for (const kind of this.pending.keys()) await this.flushKind(kind, true);
  }

  /** The shape of a record of `kind` with these keys: usually the one of the record before it. */
  private shapeOf(kind: string, keys: readonly string[]): RowShape {
    const last = this.shapes.get(kind);
    if (last && sameKeys(last.keys, keys)) return last;
    const definition = this.kinds.get(kind);
    if (!definition) throw new Error(`no record kind "${kind}" is registered`);
    const { table, identity } = definition;
    const columns = ["import_id", "line", ...keys];
    const shape: RowShape = {
      table,
      columns,
      keys,
      signature: `${table}(${columns.join(",")})`,
      identity: identity.map((column) => columns.indexOf(column)),
      identityColumns: identity,
    };
    this.shapes.set(kind, shape);
    return shape;
  }

  /**
   * Writes the pending rows of a kind; `runEnds` when no more rows of this
   * shape follow (another shape, or the end of the import). A promise only
   * when the write is asynchronous (PostgreSQL).
   */
  private flushKind(kind: string, runEnds: boolean): Promise<void> | undefined {
    const pending = this.pending.get(kind);
    const shape = this.pendingShape.get(kind);
    if (!pending || !shape) return undefined;
    const rows = [...pending.values()];
    pending.clear();
    this.written += rows.length;
    const copy = this.copyOf(kind, shape, runEnds);
    if (copy) {
      const added = copy.add(rows);
      if (!runEnds) return added;
      this.copies.delete(kind);
      return added ? added.then(() => copy.finish()) : copy.finish();
    }
    if (rows.length === 0) return undefined;
    if (this.sqlite) {
      this.runUpserts(shape, rows);
      return undefined;
    }
    const compiled = this.upsert(shape, rows.length);
    return this.transaction.executeQuery({ ...compiled, parameters: rows.flat() }).then(() => undefined);
  }

  /**
   * SQLite: the rows in statements of `SQLITE_STATEMENT_ROWS` rows, the rest
   * one row at a time. The values go as the call's arguments, not as one
   * array: better-sqlite3 reads an array's elements through V8's generic
   * property lookup, one by one, and its arguments directly.
   */
  private runUpserts(shape: RowShape, rows: readonly unknown[][]): void {
    const whole = rows.length - (rows.length % SQLITE_STATEMENT_ROWS);
    if (whole > 0) {
      const statement = this.statement(shape, SQLITE_STATEMENT_ROWS);
      for (let i = 0; i < whole; i += SQLITE_STATEMENT_ROWS)
        statement.run(...rows.slice(i, i + SQLITE_STATEMENT_ROWS).flat());
    }
    if (whole === rows.length) return;
    const single = this.statement(shape, 1);
    for (let i = whole; i < rows.length; i++) single.run(...(rows[i] as unknown[]));
  }

  /** The COPY of a kind's run on PostgreSQL: the one under way, or a new one when a run fills its first batch. */
  private copyOf(kind: string, shape: RowShape, runEnds: boolean): CopyUpsert | undefined {
    if (!this.postgres) return undefined;
    let copy = this.copies.get(kind);
    if (!copy && !runEnds) {
      const { table, columns, identityColumns: identity } = shape;
      copy = new CopyUpsert(this.postgres.connection, this.transaction, { table, columns, identity });
      this.copies.set(kind, copy);
    }
    return copy;
  }

  /** The upsert of `rowCount` rows of a shape as a better-sqlite3 statement, prepared once. */
  private statement(shape: RowShape, rowCount: number): SQLite.Statement {
    const cacheKey = `${shape.signature}x${rowCount}`;
    let statement = this.statements.get(cacheKey);
    if (!statement) {
      statement = (this.sqlite as SQLite.Database).prepare(this.upsert(shape, rowCount).sql);
      this.statements.set(cacheKey, statement);
    }
    return statement;
  }

  /** The multi-row upsert of `rowCount` rows of a shape, compiled once and cached. */
  private upsert(shape: RowShape, rowCount: number): CompiledQuery {
    const cacheKey = `${shape.signature}x${rowCount}`;
    const cached = this.compiled.get(cacheKey);
    if (cached) return cached;
    const { table, columns, identityColumns: identity } = shape;
    // Placeholder values name their slot, so the parameter order Kysely chose is checked, not assumed.
    const rows = Array.from({ length: rowCount }, (_, r) =>
      Object.fromEntries(columns.map((column, c) => [column, `${r}:${c}`])),
    );
    const updated = columns.filter((column) => !identity.includes(column));
    const compiled = this.transaction
      .insertInto(table as "imports")
      .values(rows as never)
      .onConflict((oc) =>
        oc
          .columns(identity as never)
          .doUpdateSet(
            Object.fromEntries(updated.map((c) => [c, sql.ref(`excluded.${c}`)])) as Record<string, never>,
          ),
      )
      .compile();
    const expected = rows.flatMap((row) => Object.values(row));
    if (
      compiled.parameters.length !== expected.length ||
      compiled.parameters.some((p, i) => p !== expected[i])
    )
      throw new Error(`unexpected parameter order in the upsert into ${table}`);
    this.compiled.set(cacheKey, compiled);
    return compiled;
  }
}

/**
 * Rows per SQLite upsert statement: a statement's values are held twice
 * until it ends (as UTF-8, then as SQLite's own copy), and 600 of them cost
 * SQLite and the binding slightly fewer instructions and less CPU than
 * 6,000 (bench/RESULTS.md).
 */
const SQLITE_STATEMENT_ROWS = 50;

interface RowShape {
  table: string;
  /** import_id, line, then `keys`. */
  columns: readonly string[];
  /** The record's own keys (all but `kind`), in order. */
  keys: readonly string[];
  signature: string;
  /** Positions of the identity columns in `columns`. */
  identity: readonly number[];
  identityColumns: readonly string[];
}

/**
 * The driver's own connection under the transaction, for what goes faster
 * past Kysely: prepared SQLite statements; PostgreSQL's COPY (with the
 * import's file, to name a row PostgreSQL cannot store).
 */
export type DirectConnection =
  | { sqlite: SQLite.Database }
  | { postgres: { connection: SharedConnection; file: string } };

/**
 * PostgreSQL text cannot hold a NUL character (SQLite's can): say which line
 * has one rather than fail on the database's own error. JSON columns are
 * safe, JSON text escapes it.
 */
function refuseNul(params: readonly unknown[], file: string, line: number): void {
  for (const value of params) {
    if (typeof value === "string" && value.includes("\u0000"))
      throw new InvalidInputError(
        file,
        [{ line, reason: "a value has a NUL character (\\0), which a PostgreSQL store cannot hold" }],
        "remove the NUL characters from the file (e.g. tr -d '\\000'), or import it into a SQLite store",
      );
  }
}
