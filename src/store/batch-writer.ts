import type SQLite from "better-sqlite3";
import { type CompiledQuery, sql, type Transaction } from "kysely";
import type { StorableRecord } from "../model/records.ts";
import { INSERT_BATCH_ROWS } from "./engines.ts";
import type { RecordKindDefinition } from "./record-kind.ts";
import type { CoreTables } from "./schema.ts";
import type { RecordWriter } from "./store.ts";

/**
 * Buffers records per table and writes them as upserts on the identity
 * columns. Within a batch the last occurrence of an identity wins: PostgreSQL
 * refuses to update one row twice in a statement, and it is the newer data
 * anyway. Each record becomes one parameter array, in the column order of
 * its shape (its kind and keys); the SQL of a shape is built and compiled by
 * Kysely once per import, not once per batch. On SQLite every row of a batch
 * runs one prepared better-sqlite3 statement on the transaction's connection,
 * synchronously, so only PostgreSQL awaits, once per full batch.
 */
export class BatchWriter implements RecordWriter {
  written = 0;
  private readonly pending = new Map<string, Map<string, unknown[]>>();
  private readonly shapes = new Map<string, RowShape>();
  /** The shape of the rows pending per kind (one batch, one shape). */
  private readonly pendingShape = new Map<string, RowShape>();
  private readonly compiled = new Map<string, CompiledQuery>();
  private readonly statements = new Map<string, SQLite.Statement>();

  constructor(
    readonly transaction: Transaction<CoreTables>,
    readonly importId: number,
    private readonly kinds: ReadonlyMap<string, RecordKindDefinition>,
    private readonly sqlite?: SQLite.Database,
  ) {}

  write(record: StorableRecord, line: number): void | Promise<void> {
    const shape = this.shapeOf(record);
    const { keys } = shape;
    const params: unknown[] = new Array(keys.length + 2);
    params[0] = this.importId;
    params[1] = line;
    for (let i = 0; i < keys.length; i++)
      params[i + 2] = toColumnValue(record[keys[i] as keyof typeof record]);
    let key = String(params[shape.identity[0] as number]);
    for (let i = 1; i < shape.identity.length; i++) key += `\u0000${params[shape.identity[i] as number]}`;
    let rows = this.pending.get(record.kind);
    if (!rows) this.pending.set(record.kind, (rows = new Map()));
    // A batch holds one shape: a record of another shape flushes the batch first.
    if (rows.size > 0 && this.pendingShape.get(record.kind) !== shape) {
      const flushed = this.flushKind(record.kind);
      if (flushed) return flushed.then(() => this.write(record, line));
    }
    this.pendingShape.set(record.kind, shape);
    rows.delete(key);
    rows.set(key, params);
    if (rows.size >= INSERT_BATCH_ROWS) return this.flushKind(record.kind);
  }

  async flush(): Promise<void> {
    for (const kind of this.pending.keys()) await this.flushKind(kind);
  }

  /** The shape of a record: usually the one of the record before it. */
  private shapeOf(record: StorableRecord): RowShape {
    const keys = Object.keys(record).filter((key) => key !== "kind");
    const last = this.shapes.get(record.kind);
    if (last && last.keys.length === keys.length && last.keys.every((key, i) => key === keys[i])) return last;
    const definition = this.kinds.get(record.kind);
    if (!definition) throw new Error(`no record kind "${record.kind}" is registered`);
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
    this.shapes.set(record.kind, shape);
    return shape;
  }

  /** Writes the pending rows of a kind; a promise only when the write is asynchronous (PostgreSQL). */
  private flushKind(kind: string): Promise<void> | undefined {
    const pending = this.pending.get(kind);
    const shape = this.pendingShape.get(kind);
    if (!pending || pending.size === 0 || !shape) return undefined;
    const rows = [...pending.values()];
    pending.clear();
    this.written += rows.length;
    if (this.sqlite) {
      // A full batch is one run of a 500-row statement; the rest go one row at a time.
      if (rows.length === INSERT_BATCH_ROWS) this.statement(shape, rows.length).run(rows.flat());
      else {
        const statement = this.statement(shape, 1);
        for (const params of rows) statement.run(params);
      }
      return undefined;
    }
    const compiled = this.upsert(shape, rows.length);
    return this.transaction.executeQuery({ ...compiled, parameters: rows.flat() }).then(() => undefined);
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

/** Booleans become 0/1 and objects JSON text, the same on both engines. */
function toColumnValue(value: unknown): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value !== null && typeof value === "object") return isEmptyObject(value) ? "{}" : JSON.stringify(value);
  return value;
}

function isEmptyObject(value: object): boolean {
  if (Array.isArray(value)) return false;
  for (const _ in value) return false;
  return true;
}
