import type SQLite from "better-sqlite3";
import { type CompiledQuery, type Kysely, Migrator, type Selectable, sql } from "kysely";
import type pg from "pg";
import { SecmetricsError } from "../model/errors.ts";
import type { StorableRecord, Stored } from "../model/records.ts";
import { BatchWriter } from "./batch-writer.ts";
import { connect } from "./dialect.ts";
import { isMissingTable, isUniqueViolation, type UniqueIndex } from "./engine-errors.ts";
import type { Dialect } from "./engines.ts";
import { type SharedConnection, withHeldConnection } from "./held-connection.ts";
import { DEFAULT_LOCK_WAIT, type LockWait, withLockWait } from "./lock-wait.ts";
import type { NamedMigration } from "./migration.ts";
import { CORE_MIGRATIONS } from "./migrations/index.ts";
import type { RecordKindDefinition } from "./record-kind.ts";
import { RecordDecoders } from "./record-rows.ts";
import { type CoreTables, type ImportsTable, PROVENANCE_COLUMNS } from "./schema.ts";
import { matches } from "./selection.ts";
import { withStatementJournalInMemory } from "./statement-journal.ts";
import {
  type FillResult,
  type FormatImports,
  ImportedMeanwhileError,
  type ImportRecord,
  type ImportSettings,
  type NewImport,
  type QueryContext,
  type RecordBounds,
  type RecordQuery,
  type RecordWriter,
  type Store,
} from "./store.ts";

/** One import per content, format and feed (migration 0010-unique-import-hash). */
const IMPORTS_UNIQUE_HASH: UniqueIndex = {
  name: "imports_unique_hash",
  table: "imports",
  columns: ["sha256", "format", "feed"],
};

/** What the store is opened with: the record kinds it can hold, and the migrations of their tables. */
export interface StoreSchema {
  recordKinds: readonly RecordKindDefinition[];
  /** Applied after the core's own migrations, in the order of their names. */
  migrations: readonly NamedMigration[];
}

export async function openKyselyStore(
  url: string,
  schema: StoreSchema,
  lockWait: LockWait = DEFAULT_LOCK_WAIT,
): Promise<Store> {
  const { db, dialect, sqlite, pool } = connectOrExplain(url);
  const name = redact(url);
  try {
    await withLockWait(
      () => migrate(db, dialect, [...CORE_MIGRATIONS, ...schema.migrations]),
      lockWait,
      name,
    );
  } catch (error) {
    await db.destroy();
    if (error instanceof SecmetricsError) throw error;
    throw new SecmetricsError("storage", `cannot open the store at ${name}: ${(error as Error).message}`);
  }
  return new KyselyStore(db, dialect, schema.recordKinds, { name, lockWait }, sqlite, pool);
}

async function migrate(db: Kysely<CoreTables>, dialect: Dialect, migrations: readonly NamedMigration[]) {
  if (await allApplied(db, migrations)) return;
  await applyMigrations(db, dialect, migrations);
}

/**
 * Applies those of `migrations` the store has not applied yet, in the order
 * of their names, through Kysely's Migrator (which refuses a store that a
 * later version migrated further).
 */
export async function applyMigrations(
  db: Kysely<unknown> | Kysely<CoreTables>,
  dialect: Dialect,
  migrations: readonly NamedMigration[],
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          migrations.map(([name, m]) => [name, { up: (d: Kysely<unknown>) => m.up(d, dialect) }]),
        ),
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

/**
 * Whether the store has applied exactly `migrations`, as it has every time
 * but the first a version opens it: then one read says so, where the
 * Migrator's own checks (two catalog introspections, a lock, a transaction)
 * take eight round trips on PostgreSQL, on every command. Anything else (no
 * migration table yet, one missing, one this version does not know) is the
 * Migrator's to apply or refuse.
 */
async function allApplied(db: Kysely<CoreTables>, migrations: readonly NamedMigration[]): Promise<boolean> {
  const applied = await sql<{ name: string }>`select name from kysely_migration`
    .execute(db)
    .then(({ rows }) => new Set(rows.map((row) => row.name)))
    .catch((error: unknown) => {
      if (isMissingTable(error)) return null;
      throw error;
    });
  return applied?.size === migrations.length && migrations.every(([name]) => applied.has(name));
}

function importRecord(row: Selectable<ImportsTable>): ImportRecord {
  return { ...row, options: row.options === null ? null : (JSON.parse(row.options) as ImportSettings) };
}

/** A path the driver cannot open (a missing folder, a directory) is the user's to fix, not a bug. */
function connectOrExplain(url: string): ReturnType<typeof connect> {
  try {
    return connect(url);
  } catch (error) {
    throw new SecmetricsError(
      "storage",
      `cannot open the store at ${redact(url)}: ${(error as Error).message}`,
    );
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");
}

/**
 * The connection behind a store opened by `openKyselyStore`, for stores that
 * live beside it (the server's auth store): one connection, so SQLite never
 * has two connections of one process waiting on each other's lock.
 */
export function databaseOf(store: Store): Kysely<CoreTables> {
  return kyselyStore(store).db;
}

/**
 * Runs a write of a store that lives beside a store opened by
 * `openKyselyStore`, waiting out another process's write lock as long as
 * the store was opened to (`withLockWait`): `write` is one statement or a
 * whole transaction, and may run more than once.
 */
export function writeWaitingForLock<T>(store: Store, write: () => Promise<T>): Promise<T> {
  return kyselyStore(store).writeWaitingForLock(write);
}

function kyselyStore(store: Store): KyselyStore {
  if (!(store instanceof KyselyStore)) throw new Error("not a store opened by openKyselyStore");
  return store;
}

class KyselyStore implements Store {
  private readonly kinds: ReadonlyMap<string, RecordKindDefinition>;
  private readonly decoders = new RecordDecoders();
  private readonly selects = new Map<
    string,
    { statement: SQLite.Statement; columns: string[]; toRow: (v: unknown[]) => unknown }
  >();
  private readonly queryContext: QueryContext;

  constructor(
    readonly db: Kysely<CoreTables>,
    readonly engine: Dialect,
    recordKinds: readonly RecordKindDefinition[],
    private readonly locking: { name: string; lockWait: LockWait },
    private readonly sqlite?: SQLite.Database,
    private readonly pool?: pg.Pool,
  ) {
    const kinds = new Map<string, RecordKindDefinition>();
    for (const definition of recordKinds) {
      if (kinds.has(definition.kind)) throw new Error(`record kind ${definition.kind} is registered twice`);
      kinds.set(definition.kind, definition);
    }
    this.kinds = kinds;
    this.queryContext = {
      db,
      engine,
      rows: (query) => this.rows(query),
      decode: (kind, rows) => this.decoders.decode(this.definition(kind), rows),
    };
  }

  async findImport(sha256: string, format: string, feed: string): Promise<ImportRecord | undefined> {
    const row = await this.db
      .selectFrom("imports")
      .selectAll()
      .where("sha256", "=", sha256)
      .where("format", "=", format)
      .where("feed", "=", feed)
      .orderBy("id")
      .executeTakeFirst();
    return row && importRecord(row);
  }

  async importRecords(
    meta: NewImport,
    fill: (writer: RecordWriter) => Promise<FillResult>,
  ): Promise<ImportRecord> {
    // The import row is the transaction's first write, so it takes the write lock: a busy
    // attempt has read nothing of the input yet and runs again whole; once `fill` reads
    // the input, it cannot.
    let reading = false;
    const startReading = () => {
      reading = true;
    };
    // On PostgreSQL the import holds one connection: its COPYs run in its transaction.
    const { pool, sqlite } = this;
    const attempt = () =>
      pool
        ? withHeldConnection(pool, (db, connection) =>
            this.importOn(db, connection, meta, fill, startReading),
          )
        : sqlite
          ? withStatementJournalInMemory(sqlite, () =>
              this.importOn(this.db, undefined, meta, fill, startReading),
            )
          : this.importOn(this.db, undefined, meta, fill, startReading);
    return withLockWait(attempt, this.locking.lockWait, this.locking.name, () => !reading);
  }

  private async importOn(
    db: Kysely<CoreTables>,
    postgres: SharedConnection | undefined,
    meta: NewImport,
    fill: (writer: RecordWriter) => Promise<FillResult>,
    startReading: () => void,
  ): Promise<ImportRecord> {
    return db.transaction().execute(async (trx) => {
      const options = meta.options ?? {};
      const { id } = await trx
        .insertInto("imports")
        .values({ ...meta, options: JSON.stringify(options), records: 0, skipped: 0 })
        .returning("id")
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          // Another import of this content committed first.
          throw isUniqueViolation(error, IMPORTS_UNIQUE_HASH)
            ? new ImportedMeanwhileError(meta.file_name)
            : error;
        });
      startReading();
      const direct = postgres
        ? { postgres: { connection: postgres, file: meta.file_name } }
        : this.sqlite && { sqlite: this.sqlite };
      const writer = new BatchWriter(trx, id, this.kinds, direct);
      const { skipped, written = 0 } = await fill(writer);
      await writer.flush();
      const counts = { records: writer.written + written, skipped };
      await trx.updateTable("imports").set(counts).where("id", "=", id).execute();
      return { ...meta, id, ...counts, options };
    });
  }

  /** See `writeWaitingForLock`. */
  writeWaitingForLock<T>(write: () => Promise<T>): Promise<T> {
    return withLockWait(write, this.locking.lockWait, this.locking.name);
  }

  async listImports(): Promise<ImportRecord[]> {
    const rows = await this.db.selectFrom("imports").selectAll().orderBy("id").execute();
    return rows.map(importRecord);
  }

  async importsByFormat(): Promise<Map<string, FormatImports>> {
    // Grouped by the option's text too, so the latest instant is compared as an instant, not as text.
    const coversUntil =
      this.engine === "sqlite"
        ? sql<string | null>`json_extract(options, '$.covers_until')`
        : sql<string | null>`(options::json ->> 'covers_until')`;
    const rows = await this.db
      .selectFrom("imports")
      .select((eb) => [
        "format",
        eb.fn.max("imported_at").as("last_import_at"),
        coversUntil.as("covers_until"),
      ])
      .groupBy(["format", coversUntil])
      .execute();
    const result = new Map<string, FormatImports>();
    for (const row of rows) {
      const lastImportAt = Number(row.last_import_at);
      const covers = row.covers_until === null ? null : Date.parse(row.covers_until);
      const known = result.get(row.format);
      result.set(row.format, {
        lastImportAt: known ? Math.max(known.lastImportAt, lastImportAt) : lastImportAt,
        coversUntil: latest(known?.coversUntil ?? null, covers),
      });
    }
    return result;
  }

  async dataVersion(): Promise<string> {
    const row = await this.db
      .selectFrom("imports")
      .select([sql<number>`count(*)`.as("n"), sql<number | null>`max(id)`.as("last")])
      .executeTakeFirstOrThrow();
    return `${Number(row.n)}:${row.last === null ? 0 : Number(row.last)}`;
  }

  earliestRecord(kind: string): Promise<number | null> {
    return this.timeBound(kind, "min");
  }

  latestRecord(kind: string): Promise<number | null> {
    return this.timeBound(kind, "max");
  }

  async recordBounds(kinds: readonly string[]): Promise<Map<string, RecordBounds>> {
    const result = new Map<string, RecordBounds>();
    const registered = kinds.filter((kind) => this.kinds.has(kind));
    if (registered.length === 0) return result;
    // Each bound its own scalar subquery: one index lookup each, where `min` and `max` in one select scan.
    const bound = (kind: string, fn: "min" | "max", alias: string) => {
      const { table, time } = this.definition(kind);
      return sql`(select ${sql.raw(fn)}(${sql.ref(time)}) from ${sql.table(table)}) as ${sql.ref(alias)}`;
    };
    const columns = registered.flatMap((kind, i) => [
      bound(kind, "min", `e${i}`),
      bound(kind, "max", `l${i}`),
    ]);
    const { rows } = await sql<Record<string, number | string | null>>`select ${sql.join(columns)}`.execute(
      this.db,
    );
    const [row] = rows;
    const instant = (value: number | string | null | undefined) => (value == null ? null : Number(value));
    for (const [i, kind] of registered.entries())
      result.set(kind, { earliest: instant(row?.[`e${i}`]), latest: instant(row?.[`l${i}`]) });
    return result;
  }

  async records<R extends StorableRecord>(kind: R["kind"], query: RecordQuery): Promise<Stored<R>[]> {
    const definition = this.definition(kind);
    const time = sql.ref(`r.${definition.time}`);
    let select = this.db
      .selectFrom(`${definition.table} as r` as "imports as r")
      .innerJoin("imports as i", "i.id", sql.ref("r.import_id") as never)
      .selectAll("r")
      .select(PROVENANCE_COLUMNS)
      .where(time, ">=", query.start)
      .where(time, "<", query.end);
    if (query.where) {
      const selection = query.where;
      select = select.where((eb) => matches(eb, selection, "r"));
    }
    select = select.orderBy(time).orderBy("r.id");
    if (query.limit !== undefined) select = select.limit(query.limit);
    return this.decodedRows<R>(definition, select);
  }

  async snapshot<R extends StorableRecord>(kind: R["kind"], end: number): Promise<Stored<R>[]> {
    const definition = this.definition(kind);
    if (!definition.snapshot) throw new Error(`${kind} is not a snapshot kind`);
    const time = definition.time;
    const latest = this.db
      .selectFrom(`${definition.table} as s` as "imports as s")
      .select(["s.feed", sql<number>`max(${sql.ref(`s.${time}`)})`.as("taken_at")])
      .where(sql.ref(`s.${time}`), "<", end)
      .groupBy("s.feed");
    return this.decodedRows<R>(
      definition,
      this.db
        .selectFrom(`${definition.table} as r` as "imports as r")
        .innerJoin(latest.as("l"), (join) =>
          join.onRef("l.feed", "=", "r.feed").onRef("l.taken_at", "=", sql.ref(`r.${time}`) as never),
        )
        .innerJoin("imports as i", "i.id", sql.ref("r.import_id") as never)
        .selectAll("r")
        .select(PROVENANCE_COLUMNS)
        .orderBy("r.feed")
        .orderBy(sql.ref("r.external_id")),
    );
  }

  read<T>(query: (context: QueryContext) => Promise<T>): Promise<T> {
    return query(this.queryContext);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** The earliest or latest instant of a kind's time column (an indexed column: one index lookup). */
  private async timeBound(kind: string, bound: "min" | "max"): Promise<number | null> {
    const { table, time } = this.definition(kind);
    const row = await this.db
      .selectFrom(table as "imports")
      .select(sql<number | null>`${sql.raw(bound)}(${sql.ref(time)})`.as("instant"))
      .executeTakeFirst();
    return row?.instant == null ? null : Number(row.instant);
  }

  private definition(kind: string): RecordKindDefinition {
    const definition = this.kinds.get(kind);
    if (!definition) throw new Error(`no record kind "${kind}" is registered`);
    return definition;
  }

  /**
   * Runs a select. On SQLite, through one cached better-sqlite3 statement
   * that returns arrays, made into objects by a function with the columns
   * as a literal: better-sqlite3's own row objects of 20+ columns cost
   * ~14 µs each to make (kpis reads ~30k incidents).
   */
  private async rows<R>(query: SelectQuery<R>): Promise<R[]> {
    const raw = await this.rawRows(query);
    if (!raw) return query.execute();
    return raw.arrays.map(raw.select.toRow) as R[];
  }

  /** A select of a record kind's rows with provenance, decoded into records (from arrays on SQLite). */
  private async decodedRows<R extends StorableRecord>(
    definition: RecordKindDefinition,
    query: SelectQuery<unknown>,
  ): Promise<Stored<R>[]> {
    const raw = await this.rawRows(query);
    if (!raw) return this.decoders.decode<R>(definition, (await query.execute()) as never);
    return this.decoders.decodeArrays<R>(definition, raw.select.columns, raw.arrays);
  }

  /**
   * The rows of a select as arrays, on SQLite; undefined on PostgreSQL. The
   * statement runs while holding Kysely's connection, so never inside
   * another caller's open transaction.
   */
  private async rawRows(query: SelectQuery<unknown>) {
    const { sqlite } = this;
    if (!sqlite) return undefined;
    const { sql: text, parameters } = query.compile();
    let select = this.selects.get(text);
    if (!select) {
      const statement = sqlite.prepare(text).raw(true);
      const columns = statement.columns().map((column) => column.name);
      const fields = columns.map((column, i) => `${JSON.stringify(column)}: v[${i}]`);
      const toRow = new Function("v", `return { ${fields.join(", ")} };`) as (v: unknown[]) => unknown;
      select = { statement, columns, toRow };
      this.selects.set(text, select);
    }
    const { statement } = select;
    const arrays = await this.db.connection().execute(async () => statement.all(parameters) as unknown[][]);
    return { select, arrays };
  }
}

function latest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}

type SelectQuery<R> = { compile(): CompiledQuery<R>; execute(): Promise<R[]> };
