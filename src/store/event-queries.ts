import { type Kysely, sql } from "kysely";
import type {
  AuthTally,
  BanTally,
  EventKind,
  HttpTally,
  ProbeKind,
  ProbeResult,
  TlsHandshakeTally,
} from "../model/events.ts";
import type { Provenance, Stored } from "../model/records.ts";
import type { Database } from "./schema.ts";
import type { EventOf, EventQuery, Interval, SnapshotKind, TimedEventKind } from "./store.ts";

/**
 * Issue 4's reads: log events are counted in SQL (they can be millions of
 * rows a month), snapshots and small event kinds are loaded as records.
 */

export type EventTable =
  | "auth_events"
  | "ban_events"
  | "http_events"
  | "tls_handshakes"
  | "accounts"
  | "tokens"
  | "change_events"
  | "deployments"
  | "probe_results";

/** Table, instant column, and the columns stored as 0/1 or JSON text, per kind. */
export const EVENT_TABLES: Record<
  EventKind,
  { table: EventTable; time: string; booleans: readonly string[]; json: readonly string[] }
> = {
  auth_event: { table: "auth_events", time: "at", booleans: ["invalid_user"], json: [] },
  ban_event: { table: "ban_events", time: "at", booleans: [], json: [] },
  http_event: { table: "http_events", time: "at", booleans: ["rate_limited"], json: [] },
  tls_handshake: { table: "tls_handshakes", time: "at", booleans: ["refused"], json: [] },
  account: {
    table: "accounts",
    time: "snapshot_at",
    booleans: ["privileged", "mfa_active"],
    json: ["attributes"],
  },
  token: { table: "tokens", time: "snapshot_at", booleans: ["active"], json: ["attributes"] },
  change_event: {
    table: "change_events",
    time: "at",
    booleans: ["replacement"],
    json: ["actions", "attributes"],
  },
  deployment: {
    table: "deployments",
    time: "started_at",
    booleans: ["via_pipeline"],
    json: ["attributes"],
  },
  probe_result: { table: "probe_results", time: "checked_at", booleans: [], json: ["result"] },
};

const BAN_ACTIONS = ["ban", "restore_ban", "reban"];
const PROVENANCE = [
  "i.file_name as prov_file_name",
  "i.sha256 as prov_sha256",
  "i.imported_at as prov_imported_at",
] as const;

export async function earliestEvent(db: Kysely<Database>, kind: EventKind): Promise<number | null> {
  const { table, time } = EVENT_TABLES[kind];
  const row = await db
    .selectFrom(table)
    .select(sql<number | null>`min(${sql.ref(time)})`.as("first"))
    .executeTakeFirst();
  return row?.first == null ? null : Number(row.first);
}

export async function authTally(
  db: Kysely<Database>,
  { start, end }: Interval,
  top: number,
): Promise<AuthTally> {
  const totals = await db
    .selectFrom("auth_events")
    .select([
      sql<number>`sum(case when outcome = 'failure' then 1 else 0 end)`.as("failures"),
      sql<number>`sum(case when outcome = 'success' then 1 else 0 end)`.as("successes"),
    ])
    .where("at", ">=", start)
    .where("at", "<", end)
    .executeTakeFirstOrThrow();
  const sources = await db
    .selectFrom("auth_events")
    .select(["source_ip", sql<number>`count(*)`.as("failures")])
    .where("at", ">=", start)
    .where("at", "<", end)
    .where("outcome", "=", "failure")
    .where("source_ip", "is not", null)
    .groupBy("source_ip")
    .orderBy(sql`count(*)`, "desc")
    .orderBy("source_ip")
    .limit(top)
    .execute();
  return {
    failures: Number(totals.failures ?? 0),
    successes: Number(totals.successes ?? 0),
    top_sources: sources.map((row) => ({ ip: row.source_ip ?? "", failures: Number(row.failures) })),
  };
}

export async function httpTally(db: Kysely<Database>, { start, end }: Interval): Promise<HttpTally> {
  const totals = await db
    .selectFrom("http_events")
    .select([
      sql<number>`sum(case when status = 401 and source = 'access' then 1 else 0 end)`.as("s401"),
      sql<number>`sum(case when status = 403 and source = 'access' then 1 else 0 end)`.as("s403"),
      sql<number>`sum(case when rate_limited = 1 and source = 'access' then 1 else 0 end)`.as("rl_access"),
      sql<number>`sum(case when rate_limited = 1 and source = 'error' then 1 else 0 end)`.as("rl_error"),
    ])
    .where("at", ">=", start)
    .where("at", "<", end)
    .executeTakeFirstOrThrow();
  // One rejection may be logged twice, in the access log (429) and the error
  // log (`limiting requests`): per client IP and second, the larger count of
  // the two logs is the number of rejections.
  const perLog = db
    .selectFrom("http_events")
    .select(["client_ip", sql<number>`at / 1000`.as("second"), "source", sql<number>`count(*)`.as("n")])
    .where("at", ">=", start)
    .where("at", "<", end)
    .where("rate_limited", "=", 1)
    .groupBy(["client_ip", sql`at / 1000`, "source"]);
  const perSecond = db
    .selectFrom(perLog.as("l"))
    .select(sql<number>`max(l.n)`.as("n"))
    .groupBy(["l.client_ip", "l.second"]);
  const deduplicated = await db
    .selectFrom(perSecond.as("s"))
    .select(sql<number>`sum(s.n)`.as("total"))
    .executeTakeFirstOrThrow();
  return {
    status_401: Number(totals.s401 ?? 0),
    status_403: Number(totals.s403 ?? 0),
    rate_limited_access: Number(totals.rl_access ?? 0),
    rate_limited_error: Number(totals.rl_error ?? 0),
    rate_limited: Number(deduplicated.total ?? 0),
  };
}

/** Logged handshakes below the minimum of the interval, per protocol and refusal; the KPI applies the minimum. */
export async function tlsHandshakeTally(
  db: Kysely<Database>,
  { start, end }: Interval,
): Promise<TlsHandshakeTally> {
  const rows = await db
    .selectFrom("tls_handshakes")
    .select(["protocol", "refused", sql<number>`count(*)`.as("handshakes")])
    .where("at", ">=", start)
    .where("at", "<", end)
    .groupBy(["protocol", "refused"])
    .orderBy("protocol")
    .orderBy("refused")
    .execute();
  return {
    by_protocol: rows.map((row) => ({
      protocol: row.protocol,
      refused: Number(row.refused) === 1,
      handshakes: Number(row.handshakes),
    })),
  };
}

export async function banTally(db: Kysely<Database>, { start, end }: Interval): Promise<BanTally> {
  const banned = db
    .selectFrom("ban_events")
    .where("at", ">=", start)
    .where("at", "<", end)
    .where("action", "in", BAN_ACTIONS);
  const totals = await banned
    .select([sql<number>`count(distinct ip)`.as("ips"), sql<number>`count(*)`.as("bans")])
    .executeTakeFirstOrThrow();
  const jails = await banned
    .select(["jail", sql<number>`count(distinct ip)`.as("ips")])
    .groupBy("jail")
    .orderBy("jail")
    .execute();
  return {
    distinct_ips: Number(totals.ips),
    bans: Number(totals.bans),
    by_jail: jails.map((row) => ({ jail: row.jail, ips: Number(row.ips) })),
  };
}

export async function events<K extends TimedEventKind>(
  db: Kysely<Database>,
  kind: K,
  query: EventQuery,
): Promise<Stored<EventOf<K>>[]> {
  const { table, time } = EVENT_TABLES[kind];
  let select = db
    .selectFrom(`${table} as r` as "auth_events as r")
    .innerJoin("imports as i", "i.id", "r.import_id")
    .selectAll("r")
    .select(PROVENANCE)
    .where(sql.ref(`r.${time}`), ">=", query.start)
    .where(sql.ref(`r.${time}`), "<", query.end);
  for (const [column, values] of Object.entries(query.where ?? {})) {
    select = select.where(sql.ref(`r.${column}`), "in", values as never);
  }
  const rows = await select
    .orderBy(sql.ref(`r.${time}`))
    .orderBy("r.id")
    .limit(query.limit ?? 100_000)
    .execute();
  return rows.map((row) => fromRow(kind, row as never));
}

/** Each feed's latest snapshot before `end`: a snapshot is a whole inventory, so absent rows were removed. */
export async function snapshot<K extends SnapshotKind>(
  db: Kysely<Database>,
  kind: K,
  end: number,
): Promise<Stored<EventOf<K>>[]> {
  const { table } = EVENT_TABLES[kind];
  const latest = db
    .selectFrom(`${table} as s` as "accounts as s")
    .select(["s.feed", sql<number>`max(s.snapshot_at)`.as("snapshot_at")])
    .where("s.snapshot_at", "<", end)
    .groupBy("s.feed");
  const rows = await db
    .selectFrom(`${table} as r` as "accounts as r")
    .innerJoin(latest.as("l"), (join) =>
      join.onRef("l.feed", "=", "r.feed").onRef("l.snapshot_at", "=", "r.snapshot_at"),
    )
    .innerJoin("imports as i", "i.id", "r.import_id")
    .selectAll("r")
    .select(PROVENANCE)
    .orderBy("r.feed")
    .orderBy("r.external_id")
    .execute();
  return rows.map((row) => fromRow(kind, row as never));
}

export async function latestProbeResults(
  db: Kysely<Database>,
  probe: ProbeKind,
  end: number,
): Promise<Stored<ProbeResult>[]> {
  const latest = db
    .selectFrom("probe_results")
    .select(["target", sql<number>`max(checked_at)`.as("checked_at")])
    .where("probe", "=", probe)
    .where("checked_at", "<", end)
    .groupBy("target");
  const rows = await db
    .selectFrom("probe_results as r")
    .innerJoin(latest.as("l"), (join) =>
      join.onRef("l.target", "=", "r.target").onRef("l.checked_at", "=", "r.checked_at"),
    )
    .innerJoin("imports as i", "i.id", "r.import_id")
    .selectAll("r")
    .select(PROVENANCE)
    .where("r.probe", "=", probe)
    .orderBy("r.target")
    .orderBy("r.id")
    .execute();
  // Two feeds may probe the same target at the same instant; keep one.
  const byTarget = new Map<string, Stored<ProbeResult>>();
  for (const row of rows) byTarget.set(row.target, fromRow("probe_result", row as never));
  return [...byTarget.values()];
}

type Row = Record<string, unknown> & {
  import_id: number;
  line: number;
  prov_file_name: string;
  prov_sha256: string;
  prov_imported_at: number;
};

/** A stored row back into its record: 0/1 into booleans, JSON text into values, provenance apart. */
function fromRow<K extends EventKind>(kind: K, row: Row): Stored<EventOf<K>> {
  const { booleans, json } = EVENT_TABLES[kind];
  const { id: _id, import_id, line, prov_file_name, prov_sha256, prov_imported_at, ...columns } = row;
  const record: Record<string, unknown> = { kind, ...columns };
  for (const column of booleans) {
    const value = record[column];
    record[column] = value === null || value === undefined ? null : Number(value) === 1;
  }
  for (const column of json) record[column] = JSON.parse(String(record[column]));
  const provenance: Provenance = {
    import_id,
    file_name: prov_file_name,
    sha256: prov_sha256,
    imported_at: Number(prov_imported_at),
    line,
  };
  return { ...(record as unknown as EventOf<K>), provenance };
}
