import { sql } from "kysely";
import type { Stored } from "../../model/records.ts";
import { PROVENANCE_COLUMNS } from "../../store/schema.ts";
import { countWhere, matches } from "../../store/selection.ts";
import type { Interval, QueryContext, RecordSelection } from "../../store/store.ts";
import {
  type AuthTally,
  type BanTally,
  type HttpTally,
  PROBE_RESULT,
  type PreventionTables,
  type ProbeKind,
  type ProbeResult,
  type TlsHandshakeTally,
} from "./records.ts";

/**
 * What each metric counts, as selections: the tallies below count them in
 * SQL (log events can be millions of rows a month) and the drill-downs list
 * the same rows with them.
 */
export const SELECTIONS = {
  failed_logins: { outcome: ["failure"] },
  successful_logins: { outcome: ["success"] },
  /** Denials from access logs; an error log's copy of a request is not a second request. */
  unauthorized: { status: [401, 403], source: ["access"] },
  rate_limited: { rate_limited: [1] },
  /** `unban` is the end of a ban, not a block. */
  bans: { action: ["ban", "restore_ban", "reban"] },
} as const satisfies Record<string, RecordSelection>;

export async function authTally(
  { db }: QueryContext,
  { start, end }: Interval,
  top: number,
): Promise<AuthTally> {
  const events = db.withTables<PreventionTables>();
  const totals = await events
    .selectFrom("auth_events")
    .select((eb) => [
      countWhere(matches(eb, SELECTIONS.failed_logins)).as("failures"),
      countWhere(matches(eb, SELECTIONS.successful_logins)).as("successes"),
    ])
    .where("at", ">=", start)
    .where("at", "<", end)
    .executeTakeFirstOrThrow();
  const sources = await events
    .selectFrom("auth_events")
    .select(["source_ip", sql<number>`count(*)`.as("failures")])
    .where("at", ">=", start)
    .where("at", "<", end)
    .where((eb) => matches(eb, SELECTIONS.failed_logins))
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

export async function httpTally({ db }: QueryContext, { start, end }: Interval): Promise<HttpTally> {
  const events = db.withTables<PreventionTables>();
  const totals = await events
    .selectFrom("http_events")
    .select((eb) => [
      countWhere(matches(eb, { ...SELECTIONS.unauthorized, status: [401] })).as("s401"),
      countWhere(matches(eb, { ...SELECTIONS.unauthorized, status: [403] })).as("s403"),
      countWhere(matches(eb, { ...SELECTIONS.rate_limited, source: ["access"] })).as("rl_access"),
      countWhere(matches(eb, { ...SELECTIONS.rate_limited, source: ["error"] })).as("rl_error"),
    ])
    .where("at", ">=", start)
    .where("at", "<", end)
    .executeTakeFirstOrThrow();
  // One rejection may be logged twice, in the access log (429) and the error
  // log (`limiting requests`): per client IP and second, the larger count of
  // the two logs is the number of rejections (`rateLimitVerdicts`).
  const perLog = events
    .selectFrom("http_events")
    .select(["client_ip", sql<number>`at / 1000`.as("second"), "source", sql<number>`count(*)`.as("n")])
    .where("at", ">=", start)
    .where("at", "<", end)
    .where((eb) => matches(eb, SELECTIONS.rate_limited))
    .groupBy(["client_ip", sql`at / 1000`, "source"]);
  const perSecond = events
    .selectFrom(perLog.as("l"))
    .select(sql<number>`max(l.n)`.as("n"))
    .groupBy(["l.client_ip", "l.second"]);
  const deduplicated = await events
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

/** Logged handshakes of the interval, per protocol and refusal; the KPI applies the minimum. */
export async function tlsHandshakeTally(
  { db }: QueryContext,
  { start, end }: Interval,
): Promise<TlsHandshakeTally> {
  const rows = await db
    .withTables<PreventionTables>()
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

export async function banTally({ db }: QueryContext, { start, end }: Interval): Promise<BanTally> {
  const banned = db
    .withTables<PreventionTables>()
    .selectFrom("ban_events")
    .where("at", ">=", start)
    .where("at", "<", end)
    .where((eb) => matches(eb, SELECTIONS.bans));
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

/** When a probe of one kind last ran, on any target; null when it never did. */
export async function lastProbe({ db }: QueryContext, probe: ProbeKind): Promise<number | null> {
  const row = await db
    .withTables<PreventionTables>()
    .selectFrom("probe_results")
    .select((eb) => eb.fn.max("checked_at").as("last"))
    .where("probe", "=", probe)
    .executeTakeFirst();
  return row?.last == null ? null : Number(row.last);
}

/** Each target's latest result of `probe` checked before `end`. */
export async function latestProbeResults(
  { db, decode }: QueryContext,
  probe: ProbeKind,
  end: number,
): Promise<Stored<ProbeResult>[]> {
  const results = db.withTables<PreventionTables>();
  const latest = results
    .selectFrom("probe_results")
    .select(["target", sql<number>`max(checked_at)`.as("checked_at")])
    .where("probe", "=", probe)
    .where("checked_at", "<", end)
    .groupBy("target");
  const rows = await results
    .selectFrom("probe_results as r")
    .innerJoin(latest.as("l"), (join) =>
      join.onRef("l.target", "=", "r.target").onRef("l.checked_at", "=", "r.checked_at"),
    )
    .innerJoin("imports as i", "i.id", "r.import_id")
    .selectAll("r")
    .select(PROVENANCE_COLUMNS)
    .where("r.probe", "=", probe)
    .orderBy("r.target")
    .orderBy("r.id")
    .execute();
  // Two feeds may probe the same target at the same instant; keep one.
  const byTarget = new Map<string, Stored<ProbeResult>>();
  for (const result of decode<ProbeResult>(PROBE_RESULT.kind, rows as never))
    byTarget.set(result.target, result);
  return [...byTarget.values()];
}
