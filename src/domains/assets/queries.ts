import { sql } from "kysely";
import type { Provenance } from "../../model/records.ts";
import type { Interval, QueryContext } from "../../store/store.ts";
import type { ComplianceCheckTables } from "../compliance-checks/records.ts";
import type { HygieneTables } from "../hygiene/records.ts";
import type { PreventionTables } from "../prevention/records.ts";
import type { VulnerabilityTables } from "../vulnerabilities/records.ts";
import { OBSERVATION_SOURCES, type Observation } from "./compute.ts";
import { scanTargetName } from "./names.ts";
import type { AssetTables } from "./records.ts";

type ObservedTables = AssetTables &
  VulnerabilityTables &
  PreventionTables &
  ComplianceCheckTables &
  HygieneTables;

/**
 * Every name seen in the interval, one row per (source, name), counted in
 * SQL: the sightings of the discovery tools, and the scan targets, log
 * hosts, check results' assets and deployed services other packs stored
 * (a month of authentication logs is millions of rows and a few hosts).
 * One UNION ALL statement; names are normalised and joined afterwards.
 */
export async function observations(context: QueryContext, { start, end }: Interval): Promise<Observation[]> {
  const db = context.db.withTables<ObservedTables>();
  const aggregates = (time: string) =>
    [
      sql<number>`count(*)`.as("sightings"),
      sql<number>`min(${sql.ref(time)})`.as("first_seen"),
      sql<number>`max(${sql.ref(time)})`.as("last_seen"),
      sql<number>`max(import_id)`.as("import_id"),
      sql<number>`min(line)`.as("line"),
    ] as const;
  const none = sql<string | null>`null`;
  const sightings = db
    .selectFrom("asset_sightings")
    .select([
      sql<string>`feed`.as("source"),
      sql<string>`asset`.as("name"),
      sql<string | null>`asset_type`.as("asset_type"),
      sql<string | null>`hostnames`.as("hostnames"),
      sql<string | null>`ips`.as("ips"),
      ...aggregates("seen_at"),
    ])
    .where("seen_at", ">=", start)
    .where("seen_at", "<", end)
    .groupBy(["feed", "asset", "asset_type", "hostnames", "ips"]);
  const other = <T extends "scans" | "auth_events" | "check_results" | "deployments">(
    table: T,
    column: string,
    time: string,
    source: string,
  ) =>
    db
      .selectFrom(table as "scans")
      .select([
        sql.lit(source).as("source"),
        sql<string>`${sql.ref(column)}`.as("name"),
        none.as("asset_type"),
        none.as("hostnames"),
        none.as("ips"),
        ...aggregates(time),
      ])
      .where(sql.ref(time), ">=", start)
      .where(sql.ref(time), "<", end)
      .where(sql.ref(column), "is not", null)
      .groupBy(sql.ref(column));
  const rows = await sightings
    .unionAll(other("scans", "target", "scanned_at", OBSERVATION_SOURCES.scan_target))
    .unionAll(other("auth_events", "host", "at", OBSERVATION_SOURCES.log_host))
    .unionAll(other("check_results", "asset", "checked_at", OBSERVATION_SOURCES.check_asset))
    .unionAll(other("deployments", "service", "started_at", OBSERVATION_SOURCES.deployed_service))
    .execute();
  return rows.map((row) => ({
    source: String(row.source),
    name: row.source === OBSERVATION_SOURCES.scan_target ? scanTargetName(row.name) : row.name,
    asset_type: row.asset_type,
    hostnames: jsonList(row.hostnames),
    ips: jsonList(row.ips),
    sightings: Number(row.sightings),
    first_seen: Number(row.first_seen),
    last_seen: Number(row.last_seen),
    import_id: Number(row.import_id),
    line: Number(row.line),
  }));
}

function jsonList(text: string | null): string[] {
  if (text === null) return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.map(String) : [];
}

/** The provenance of imports by id (a drill-down's rows name the file each came from). */
export async function importsById(
  { db }: QueryContext,
  ids: readonly number[],
): Promise<Map<number, Omit<Provenance, "line">>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("imports")
    .select(["id", "file_name", "sha256", "imported_at"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((row) => [
      Number(row.id),
      {
        import_id: Number(row.id),
        file_name: row.file_name,
        sha256: row.sha256,
        imported_at: Number(row.imported_at),
      },
    ]),
  );
}
