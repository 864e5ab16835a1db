import type SQLite from "better-sqlite3";
import { type CompiledQuery, type Kysely, Migrator, type Selectable, sql, type Transaction } from "kysely";
import type { VulnerabilityTally } from "../kpi/vulnerability-management.ts";
import { SecmetricsError } from "../model/errors.ts";
import type {
  AuthTally,
  BanTally,
  EventKind,
  HttpTally,
  ProbeKind,
  ProbeResult,
  TlsHandshakeTally,
} from "../model/events.ts";
import type { Finding, FindingRecord, Scan } from "../model/findings.ts";
import type {
  Alert,
  AlertTally,
  Incident,
  NormalizedRecord,
  Provenance,
  RecordKind,
  Stored,
} from "../model/records.ts";
import type { Severity } from "../model/severity.ts";
import { connect, type Dialect, INSERT_BATCH_ROWS } from "./dialect.ts";
import * as eventQueries from "./event-queries.ts";
import * as findingQueries from "./findings-store.ts";
import { MIGRATIONS } from "./migrations/index.ts";
import type { AlertsTable, Database, IncidentsTable } from "./schema.ts";
import type {
  AlertQuery,
  EventOf,
  EventQuery,
  ImportRecord,
  ImportRecordsOptions,
  Interval,
  NewImport,
  RecordWriter,
  SnapshotKind,
  Store,
  TimedEventKind,
} from "./store.ts";

export async function openStore(url: string): Promise<Store> {
  const { db, dialect, sqlite } = connect(url);
  try {
    await migrate(db, dialect);
  } catch (error) {
    await db.destroy();
    throw new SecmetricsError(
      "storage",
      `cannot open the store at ${redact(url)}: ${(error as Error).message}`,
    );
  }
  return new KyselyStore(db, dialect, sqlite);
}

async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          MIGRATIONS.map(([name, m]) => [name, { up: (d: Kysely<unknown>) => m.up(d, dialect) }]),
        ),
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");
}

type RecordTable = "incidents" | "alerts" | eventQueries.EventTable;

/**
 * The connection behind a store opened by `openStore`, for stores that live
 * beside it (the server's auth store): one connection, so SQLite never has
 * two connections of one process waiting on each other's lock.
 */
export function databaseOf(store: Store): Kysely<Database> {
  if (!(store instanceof KyselyStore)) throw new Error("not a store opened by openStore");
  return store.db;
}

class KyselyStore implements Store {
  constructor(
    readonly db: Kysely<Database>,
    readonly engine: Dialect,
    private readonly sqlite?: SQLite.Database,
  ) {}

  async findImport(sha256: string, format: string, feed: string): Promise<ImportRecord | undefined> {
    return this.db
      .selectFrom("imports")
      .selectAll()
      .where("sha256", "=", sha256)
      .where("format", "=", format)
      .where("feed", "=", feed)
      .orderBy("id")
      .executeTakeFirst();
  }

  async importRecords(
    meta: NewImport,
    fill: (writer: RecordWriter) => Promise<{ skipped: number }>,
    options: ImportRecordsOptions = {},
  ): Promise<ImportRecord> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto("imports")
        .values({ ...meta, records: 0, skipped: 0 })
        .returning("id")
        .executeTakeFirstOrThrow();
      const writer = new BatchWriter(trx, id, this.sqlite);
      const { skipped } = await fill(writer);
      await writer.flush();
      await writer.scans.finish(options.sla);
      const counts = { records: writer.written + writer.scans.written, skipped };
      await trx.updateTable("imports").set(counts).where("id", "=", id).execute();
      return { ...meta, id, ...counts };
    });
  }

  async listImports(): Promise<ImportRecord[]> {
    return this.db.selectFrom("imports").selectAll().orderBy("id").execute();
  }

  async lastImportAt(formats: readonly string[]): Promise<number | null> {
    if (formats.length === 0) return null;
    const row = await this.db
      .selectFrom("imports")
      .select((eb) => eb.fn.max("imported_at").as("latest"))
      .where("format", "in", formats)
      .executeTakeFirst();
    return row?.latest == null ? null : Number(row.latest);
  }

  async earliestRecord(kind: RecordKind): Promise<number | null> {
    if (kind === "scan") return findingQueries.earliestScan(this.db);
    if (kind in eventQueries.EVENT_TABLES) return eventQueries.earliestEvent(this.db, kind as EventKind);
    const query =
      kind === "incident"
        ? this.db.selectFrom("incidents").select((eb) => eb.fn.min("detected_at").as("first"))
        : this.db.selectFrom("alerts").select((eb) => eb.fn.min("created_at").as("first"));
    const row = await query.executeTakeFirst();
    return row?.first == null ? null : Number(row.first);
  }

  async incidentsDetected({ start, end }: Interval): Promise<Stored<Incident>[]> {
    const query = this.db
      .selectFrom("incidents as r")
      .innerJoin("imports as i", "i.id", "r.import_id")
      .selectAll("r")
      .select(PROVENANCE_COLUMNS)
      .where("r.detected_at", ">=", start)
      .where("r.detected_at", "<", end)
      .orderBy("r.detected_at")
      .orderBy("r.id");
    return (await this.rows(query)).map(toIncident);
  }

  /**
   * Runs a select. On SQLite, through one cached better-sqlite3 statement
   * that returns arrays, made into objects by a function with the columns
   * as a literal: better-sqlite3's own row objects of 20+ columns cost
   * ~14 µs each to make (kpis reads ~30k incidents). The statement runs
   * while holding Kysely's connection, so never inside another caller's
   * open transaction.
   */
  private async rows<R>(query: { compile(): CompiledQuery<R>; execute(): Promise<R[]> }): Promise<R[]> {
    const { sqlite } = this;
    if (!sqlite) return query.execute();
    const { sql: text, parameters } = query.compile();
    let select = this.selects.get(text);
    if (!select) {
      const statement = sqlite.prepare(text).raw(true);
      const fields = statement.columns().map((column, i) => `${JSON.stringify(column.name)}: v[${i}]`);
      const toRow = new Function("v", `return { ${fields.join(", ")} };`) as (v: unknown[]) => unknown;
      select = { statement, toRow };
      this.selects.set(text, select);
    }
    const { statement, toRow } = select;
    const arrays = await this.db.connection().execute(async () => statement.all(parameters) as unknown[][]);
    return arrays.map(toRow) as R[];
  }

  private readonly selects = new Map<
    string,
    { statement: SQLite.Statement; toRow: (v: unknown[]) => unknown }
  >();

  async alertTally({ start, end }: Interval): Promise<AlertTally> {
    const row = await this.db
      .selectFrom("alerts")
      .select([
        sql<number>`count(*)`.as("total"),
        sql<number>`count(incident_id)`.as("escalated"),
        sql<number>`sum(case when disposition <> 'open' then 1 else 0 end)`.as("triaged"),
        sql<number>`sum(case when disposition = 'false_positive' then 1 else 0 end)`.as("false_positive"),
      ])
      .where("created_at", ">=", start)
      .where("created_at", "<", end)
      .executeTakeFirstOrThrow();
    return {
      total: Number(row.total),
      escalated: Number(row.escalated),
      triaged: Number(row.triaged ?? 0),
      false_positive: Number(row.false_positive ?? 0),
    };
  }

  async alerts(query: AlertQuery): Promise<Stored<Alert>[]> {
    let select = this.db
      .selectFrom("alerts as r")
      .innerJoin("imports as i", "i.id", "r.import_id")
      .selectAll("r")
      .select(PROVENANCE_COLUMNS)
      .where("r.created_at", ">=", query.start)
      .where("r.created_at", "<", query.end);
    if (query.escalated !== undefined) {
      select = select.where("r.incident_id", query.escalated ? "is not" : "is", null);
    }
    if (query.disposition) select = select.where("r.disposition", "=", query.disposition);
    const rows = await select
      .orderBy("r.created_at")
      .orderBy("r.id")
      .limit(query.limit ?? 1000)
      .execute();
    return rows.map(toAlert);
  }

  authTally(interval: Interval, top: number): Promise<AuthTally> {
    return eventQueries.authTally(this.db, interval, top);
  }

  httpTally(interval: Interval): Promise<HttpTally> {
    return eventQueries.httpTally(this.db, interval);
  }

  tlsHandshakeTally(interval: Interval): Promise<TlsHandshakeTally> {
    return eventQueries.tlsHandshakeTally(this.db, interval);
  }

  banTally(interval: Interval): Promise<BanTally> {
    return eventQueries.banTally(this.db, interval);
  }

  events<K extends TimedEventKind>(kind: K, query: EventQuery): Promise<Stored<EventOf<K>>[]> {
    return eventQueries.events(this.db, kind, query);
  }

  snapshot<K extends SnapshotKind>(kind: K, end: number): Promise<Stored<EventOf<K>>[]> {
    return eventQueries.snapshot(this.db, kind, end);
  }

  latestProbeResults(probe: ProbeKind, end: number): Promise<Stored<ProbeResult>[]> {
    return eventQueries.latestProbeResults(this.db, probe, end);
  }

  vulnerabilityTally(interval: Interval): Promise<VulnerabilityTally> {
    return findingQueries.vulnerabilityTally(this.db, interval);
  }

  findings(query: findingQueries.FindingQuery): Promise<Stored<FindingRecord>[]> {
    return findingQueries.findings(this.db, query);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/**
 * Where each record kind is stored and what identifies a row. A new kind of
 * record is one entry here (plus its migration): the writer is generic.
 */
const RECORD_TABLES: Record<NormalizedRecord["kind"], { table: RecordTable; identity: readonly string[] }> = {
  incident: { table: "incidents", identity: ["feed", "external_id"] },
  alert: { table: "alerts", identity: ["feed", "external_id"] },
  auth_event: { table: "auth_events", identity: ["feed", "external_id"] },
  ban_event: { table: "ban_events", identity: ["feed", "external_id"] },
  http_event: { table: "http_events", identity: ["feed", "external_id"] },
  tls_handshake: { table: "tls_handshakes", identity: ["feed", "external_id"] },
  // Snapshots: one row per snapshot, so a later inventory never overwrites history.
  account: { table: "accounts", identity: ["feed", "external_id", "snapshot_at"] },
  token: { table: "tokens", identity: ["feed", "external_id", "snapshot_at"] },
  change_event: { table: "change_events", identity: ["feed", "external_id"] },
  deployment: { table: "deployments", identity: ["feed", "external_id"] },
  probe_result: { table: "probe_results", identity: ["feed", "external_id"] },
};

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
class BatchWriter implements RecordWriter {
  written = 0;
  private readonly pending = new Map<NormalizedRecord["kind"], Map<string, unknown[]>>();
  private readonly shapes = new Map<NormalizedRecord["kind"], RowShape>();
  /** The shape of the rows pending per kind (one batch, one shape). */
  private readonly pendingShape = new Map<NormalizedRecord["kind"], RowShape>();
  private readonly compiled = new Map<string, CompiledQuery>();
  private readonly statements = new Map<string, SQLite.Statement>();
  /** Scans and their findings: staged, then applied when the import ends (`finish`). */
  readonly scans: findingQueries.ScanWriter;

  constructor(
    private readonly trx: Transaction<Database>,
    readonly importId: number,
    private readonly sqlite?: SQLite.Database,
  ) {
    this.scans = new findingQueries.ScanWriter(trx, importId);
  }

  scan(scan: Scan, line: number): Promise<void> {
    return this.scans.scan(scan, line);
  }

  finding(finding: Finding, line: number): Promise<void> {
    return this.scans.finding(finding, line);
  }

  suppressed(count: number): void {
    this.scans.suppressed(count);
  }

  write(record: NormalizedRecord, line: number): void | Promise<void> {
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
  private shapeOf(record: NormalizedRecord): RowShape {
    const keys = Object.keys(record).filter((key) => key !== "kind");
    const last = this.shapes.get(record.kind);
    if (last && last.keys.length === keys.length && last.keys.every((key, i) => key === keys[i])) return last;
    const { table, identity } = RECORD_TABLES[record.kind];
    const columns = ["import_id", "line", ...keys];
    const shape: RowShape = {
      table,
      columns,
      keys,
      signature: `${table}(${columns.join(",")})`,
      identity: identity.map((column) => columns.indexOf(column)),
    };
    this.shapes.set(record.kind, shape);
    return shape;
  }

  /** Writes the pending rows of a kind; a promise only when the write is asynchronous (PostgreSQL). */
  private flushKind(kind: NormalizedRecord["kind"]): Promise<void> | undefined {
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
    return this.trx.executeQuery({ ...compiled, parameters: rows.flat() }).then(() => undefined);
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
    const { table, columns } = shape;
    const identity = RECORD_TABLES_BY_TABLE.get(table) ?? [];
    // Placeholder values name their slot, so the parameter order Kysely chose is checked, not assumed.
    const rows = Array.from({ length: rowCount }, (_, r) =>
      Object.fromEntries(columns.map((column, c) => [column, `${r}:${c}`])),
    );
    const updated = columns.filter((column) => !identity.includes(column));
    const compiled = this.trx
      .insertInto(table)
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
  table: RecordTable;
  /** import_id, line, then `keys`. */
  columns: readonly string[];
  /** The record's own keys (all but `kind`), in order. */
  keys: readonly string[];
  signature: string;
  /** Positions of the identity columns in `columns`. */
  identity: readonly number[];
}

const RECORD_TABLES_BY_TABLE = new Map<RecordTable, readonly string[]>(
  Object.values(RECORD_TABLES).map(({ table, identity }) => [table, identity]),
);

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

const PROVENANCE_COLUMNS = [
  "i.file_name as prov_file_name",
  "i.sha256 as prov_sha256",
  "i.imported_at as prov_imported_at",
] as const;

interface ProvenanceColumns {
  prov_file_name: string;
  prov_sha256: string;
  prov_imported_at: number;
}

function provenance(row: { import_id: number; line: number } & ProvenanceColumns): Provenance {
  return {
    import_id: row.import_id,
    file_name: row.prov_file_name,
    sha256: row.prov_sha256,
    imported_at: Number(row.prov_imported_at),
    line: row.line,
  };
}

function toIncident(row: Selectable<IncidentsTable> & ProvenanceColumns): Stored<Incident> {
  return {
    kind: "incident",
    feed: row.feed,
    external_id: row.external_id,
    title: row.title,
    severity: row.severity as Severity | null,
    status: row.status,
    started_at: nullableNumber(row.started_at),
    detected_at: Number(row.detected_at),
    reported_at: nullableNumber(row.reported_at),
    acknowledged_at: nullableNumber(row.acknowledged_at),
    responded_at: nullableNumber(row.responded_at),
    recovered_at: nullableNumber(row.recovered_at),
    closed_at: nullableNumber(row.closed_at),
    synthetic: Number(row.synthetic) === 1,
    root_cause: row.root_cause,
    root_cause_category: row.root_cause_category,
    service: row.service,
    owner: row.owner,
    attributes: JSON.parse(row.attributes),
    provenance: provenance(row),
  };
}

function toAlert(row: Selectable<AlertsTable> & ProvenanceColumns): Stored<Alert> {
  return {
    kind: "alert",
    feed: row.feed,
    external_id: row.external_id,
    created_at: Number(row.created_at),
    severity: row.severity as Severity | null,
    source: row.source,
    rule: row.rule,
    disposition: row.disposition as Alert["disposition"],
    triaged_at: nullableNumber(row.triaged_at),
    incident_id: row.incident_id,
    attributes: JSON.parse(row.attributes),
    provenance: provenance(row),
  };
}

function nullableNumber(value: number | null): number | null {
  return value === null ? null : Number(value);
}
