import { type RawBuilder, type Selectable, sql } from "kysely";
import type { Stored } from "../../model/records.ts";
import type { Severity } from "../../model/severity.ts";
import { PROVENANCE_COLUMNS } from "../../store/schema.ts";
import type { Interval, QueryContext } from "../../store/store.ts";
import type { Covers, ExceptionCover } from "../exceptions/coverage.ts";
import type {
  FixedFindingGroup,
  NewFindingGroup,
  OpenFindingGroup,
  TargetLastScan,
  VulnerabilityTally,
} from "./compute.ts";
import type {
  FindingOccurrencesTable,
  FindingRecord,
  FindingStatus,
  ScanType,
  TargetRetirement,
  VulnerabilityTables,
} from "./records.ts";
import {
  type OpenFindingCount,
  type ScanTarget,
  scanTargetStates,
  type TargetRules,
  type TargetScans,
} from "./targets.ts";

/** A scanner's findings on one target: the unit a target's state is judged for. */
export type TargetScanner = Pick<TargetScans, "target" | "tool">;

/** Which finding occurrences to list (drill-down, `secmetrics findings`); every filter is optional. */
export interface FindingQuery {
  /** Open at this instant: first seen before it and not fixed by then. */
  openAt?: number;
  firstSeen?: Interval;
  fixed?: Interval;
  /** due_at before this instant. */
  dueBefore?: number;
  status?: readonly FindingStatus[];
  severity?: readonly Severity[];
  category?: readonly ScanType[];
  target?: string;
  /** Only findings of these scanners on these targets. */
  on?: readonly TargetScanner[];
  /** No findings of these scanners on these targets. */
  notOn?: readonly TargetScanner[];
  reintroduced?: boolean;
  direct?: boolean;
  /**
   * Findings of triage status `open` that one of `covers` names (by
   * vulnerability id and target) left out (`without`) or kept alone
   * (`only`); findings of the other statuses pass either way.
   */
  accepted?: { covers: readonly ExceptionCover[]; keep: "without" | "only" };
  limit?: number;
}

export async function earliestScan({ db: core }: QueryContext): Promise<number | null> {
  const db = core.withTables<VulnerabilityTables>();
  const row = await db
    .selectFrom("scans")
    .select((eb) => eb.fn.min("scanned_at").as("first"))
    .executeTakeFirst();
  const occurrence = await db
    .selectFrom("finding_occurrences")
    .select((eb) => eb.fn.min("first_seen_at").as("first"))
    .executeTakeFirst();
  const values = [row?.first, occurrence?.first].filter((v) => v != null).map(Number);
  return values.length === 0 ? null : Math.min(...values);
}

/** Each scan target's latest scan, the most recent first (ties by target name). */
export async function lastScanOfEachTarget({ db }: QueryContext): Promise<TargetLastScan[]> {
  const rows = await db
    .withTables<VulnerabilityTables>()
    .selectFrom("scans")
    .select((eb) => ["target", eb.fn.max("scanned_at").as("scanned_at")])
    .groupBy("target")
    .orderBy("scanned_at", "desc")
    .orderBy("target")
    .execute();
  return rows.map((row) => ({ target: row.target, scanned_at: Number(row.scanned_at) }));
}

/**
 * Which cover (an index into `[...covers.inForce, ...covers.lapsed]`) names
 * a finding occurrence: the first in force whose scope matches its
 * vulnerability id and target, else the first lapsed one. The scopes are
 * few and small (one register), so they travel as parameters and the
 * matching stays in the one aggregate, however many findings there are.
 */
function coverIndex(covers: Covers): RawBuilder<number | null> | null {
  const all: ExceptionCover[] = [...covers.inForce, ...covers.lapsed];
  if (all.length === 0) return null;
  const whens = all.map((cover, index) => sql`when ${scopeMatches(cover, "")} then ${sql.lit(index)}`);
  return sql<number | null>`case ${sql.join(whens, sql` `)} else null end`;
}

/**
 * A cover's scope as an SQL condition on a finding occurrence (columns
 * prefixed by `alias`): its ids and assets, each part only when given
 * (`coversAt` keeps no cover with neither).
 */
function scopeMatches(cover: ExceptionCover, alias: string): RawBuilder<boolean> {
  const within = (column: string, values: readonly string[]) =>
    sql`${sql.ref(`${alias}${column}`)} in (${sql.join(values.map((value) => sql`${value}`))})`;
  const parts = [
    ...(cover.ids.length > 0 ? [within("vulnerability_id", cover.ids)] : []),
    ...(cover.assets.length > 0 ? [within("target", cover.assets)] : []),
  ];
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

/** Whether one of `covers` names the occurrence: false when there is none. */
function coveredBy(covers: readonly ExceptionCover[], alias: string): RawBuilder<boolean> {
  if (covers.length === 0) return sql<boolean>`(1 = 0)`;
  return sql<boolean>`(${sql.join(
    covers.map((cover) => scopeMatches(cover, alias)),
    sql` or `,
  )})`;
}

/** The cover a group's index names, split by whether it waives the findings or lapsed. */
function coverFields(covers: Covers, index: unknown): Pick<OpenFindingGroup, "accepted" | "lapsed"> {
  if (index === null || index === undefined) return { accepted: null, lapsed: null };
  const at = Number(index);
  return at < covers.inForce.length
    ? { accepted: covers.inForce[at] ?? null, lapsed: null }
    : { accepted: null, lapsed: covers.lapsed[at - covers.inForce.length] ?? null };
}

const NO_COVERS: Covers = { inForce: [], lapsed: [] };

/**
 * Open at `end`, fixed in and first seen in [start, end): grouped in SQL, so
 * the result stays small. Findings of `retired` targets are not open. Open
 * and fixed groups say which exception of `covers` names them.
 */
export async function vulnerabilityTally(
  { db: core }: QueryContext,
  { start, end }: Interval,
  retired: readonly string[] = [],
  covers: Covers = NO_COVERS,
): Promise<VulnerabilityTally> {
  const db = core.withTables<VulnerabilityTables>();
  const count = sql<number>`count(*)`.as("count");
  const matched = coverIndex(covers);
  const cover = matched ?? sql<number | null>`null`;
  // Grouped by the alias only when there is a cover: a constant needs no group.
  const byCover = matched === null ? [] : [sql.ref("cover")];
  let openAtEnd = db
    .selectFrom("finding_occurrences")
    .select(["severity", "status", "first_seen_at", "due_at", count, cover.as("cover")])
    .where("first_seen_at", "<", end)
    .where((eb) => eb.or([eb("fixed_at", "is", null), eb("fixed_at", ">=", end)]));
  if (retired.length > 0) openAtEnd = openAtEnd.where("target", "not in", [...retired]);
  const open = await openAtEnd
    .groupBy(["severity", "status", "first_seen_at", "due_at"])
    .groupBy(byCover)
    .execute();
  const fixed = await db
    .selectFrom("finding_occurrences")
    .select(["severity", "status", "first_seen_at", "fixed_at", "due_at", count, cover.as("cover")])
    .where("fixed_at", ">=", start)
    .where("fixed_at", "<", end)
    .groupBy(["severity", "status", "first_seen_at", "fixed_at", "due_at"])
    .groupBy(byCover)
    .execute();
  const fresh = await db
    .selectFrom("finding_occurrences")
    .select(["category", "direct", "reintroduced", "status", count])
    .where("first_seen_at", ">=", start)
    .where("first_seen_at", "<", end)
    .groupBy(["category", "direct", "reintroduced", "status"])
    .execute();
  const openGroup = (row: (typeof open)[number]): OpenFindingGroup => ({
    severity: row.severity as Severity | null,
    status: row.status as FindingStatus,
    first_seen_at: Number(row.first_seen_at),
    due_at: nullable(row.due_at),
    count: Number(row.count),
    ...coverFields(covers, row.cover),
  });
  return {
    open: open.map(openGroup),
    fixed: fixed.map((row): FixedFindingGroup => ({ ...openGroup(row), fixed_at: Number(row.fixed_at) })),
    new: fresh.map(
      (row): NewFindingGroup => ({
        category: row.category as ScanType,
        direct: row.direct === null ? null : Number(row.direct) === 1,
        reintroduced: Number(row.reintroduced) === 1,
        status: row.status as FindingStatus,
        count: Number(row.count),
      }),
    ),
  };
}

/** Each scanner's scans of each target before `before`. */
export async function scansByTarget({ db }: QueryContext, before: number): Promise<TargetScans[]> {
  const rows = await db
    .withTables<VulnerabilityTables>()
    .selectFrom("scans")
    .select((eb) => [
      "target",
      "tool",
      eb.fn.min("scanned_at").as("first_scan_at"),
      eb.fn.max("scanned_at").as("last_scan_at"),
      sql<number>`count(*)`.as("scans"),
    ])
    .where("scanned_at", "<", before)
    .groupBy(["target", "tool"])
    .orderBy("target")
    .orderBy("tool")
    .execute();
  return rows.map((row) => ({
    target: row.target,
    tool: row.tool,
    first_scan_at: Number(row.first_scan_at),
    last_scan_at: Number(row.last_scan_at),
    scans: Number(row.scans),
  }));
}

/** Findings of status `open` still open at `at`, per target, scanner and severity. */
export async function openFindingsByTarget({ db }: QueryContext, at: number): Promise<OpenFindingCount[]> {
  const rows = await db
    .withTables<VulnerabilityTables>()
    .selectFrom("finding_occurrences")
    .select(["target", "tool", "severity", sql<number>`count(*)`.as("count")])
    .where("status", "=", "open")
    .where("first_seen_at", "<", at)
    .where((eb) => eb.or([eb("fixed_at", "is", null), eb("fixed_at", ">=", at)]))
    .groupBy(["target", "tool", "severity"])
    .execute();
  return rows.map((row) => ({
    target: row.target,
    tool: row.tool,
    severity: row.severity as Severity | null,
    count: Number(row.count),
  }));
}

/** Every retirement ever made, restored ones included, oldest first. */
export async function targetRetirements({ db }: QueryContext): Promise<TargetRetirement[]> {
  const rows = await db
    .withTables<VulnerabilityTables>()
    .selectFrom("target_retirements")
    .selectAll()
    .orderBy("retired_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    target: row.target,
    retired_at: Number(row.retired_at),
    retired_by: row.retired_by,
    reason: row.reason,
    restored_at: nullable(row.restored_at),
    restored_by: row.restored_by,
  }));
}

/** Every (target, scanner) as judged at `rules.asOf`: its scans, open findings and state. */
export async function scanTargetsAt(context: QueryContext, rules: TargetRules): Promise<ScanTarget[]> {
  return scanTargetStates(
    await scansByTarget(context, rules.asOf),
    await targetRetirements(context),
    await openFindingsByTarget(context, rules.asOf),
    rules,
  );
}

export async function findings({ db }: QueryContext, query: FindingQuery): Promise<Stored<FindingRecord>[]> {
  let select = db
    .withTables<VulnerabilityTables>()
    .selectFrom("finding_occurrences as o")
    .innerJoin("imports as i", "i.id", "o.import_id")
    .selectAll("o")
    .select(PROVENANCE_COLUMNS);
  const { openAt, firstSeen, fixed } = query;
  if (openAt !== undefined) {
    select = select
      .where("o.first_seen_at", "<", openAt)
      .where((eb) => eb.or([eb("o.fixed_at", "is", null), eb("o.fixed_at", ">=", openAt)]));
  }
  if (firstSeen)
    select = select
      .where("o.first_seen_at", ">=", firstSeen.start)
      .where("o.first_seen_at", "<", firstSeen.end);
  if (fixed) select = select.where("o.fixed_at", ">=", fixed.start).where("o.fixed_at", "<", fixed.end);
  if (query.dueBefore !== undefined) select = select.where("o.due_at", "<", query.dueBefore);
  if (query.status) select = select.where("o.status", "in", [...query.status]);
  if (query.severity) select = select.where("o.severity", "in", [...query.severity]);
  if (query.category) select = select.where("o.category", "in", [...query.category]);
  if (query.target !== undefined) select = select.where("o.target", "=", query.target);
  const { on, notOn } = query;
  if (on)
    select = select.where((eb) => eb.or(on.map((t) => eb.and({ "o.target": t.target, "o.tool": t.tool }))));
  if (notOn && notOn.length > 0)
    select = select.where((eb) =>
      eb.not(eb.or(notOn.map((t) => eb.and({ "o.target": t.target, "o.tool": t.tool })))),
    );
  if (query.reintroduced !== undefined)
    select = select.where("o.reintroduced", "=", query.reintroduced ? 1 : 0);
  if (query.direct !== undefined) select = select.where("o.direct", "=", query.direct ? 1 : 0);
  if (query.accepted) {
    const covered = coveredBy(query.accepted.covers, "o.");
    const kept = query.accepted.keep === "only" ? covered : sql<boolean>`not ${covered}`;
    select = select.where(sql<boolean>`(${sql.ref("o.status")} <> 'open' or ${kept})`);
  }
  const rows = await select
    .orderBy("o.first_seen_at")
    .orderBy("o.id")
    .limit(query.limit ?? 1000)
    .execute();
  return rows.map(toFindingRecord);
}

/** What a sighting and an occurrence both say about a finding, decoded from their identical columns. */
export function describedFinding(
  row: Pick<
    Selectable<FindingOccurrencesTable>,
    | "identity"
    | "vulnerability_id"
    | "title"
    | "severity"
    | "category"
    | "package_name"
    | "package_version"
    | "fixed_version"
    | "location"
    | "direct"
    | "status"
    | "status_reason"
  >,
) {
  return {
    identity: row.identity,
    vulnerability_id: row.vulnerability_id,
    title: row.title,
    severity: row.severity as Severity | null,
    category: row.category as ScanType,
    package_name: row.package_name,
    package_version: row.package_version,
    fixed_version: row.fixed_version,
    location: row.location,
    direct: row.direct === null ? null : Number(row.direct) === 1,
    status: row.status as FindingStatus,
    status_reason: row.status_reason,
  };
}

function toFindingRecord(
  row: Selectable<FindingOccurrencesTable> & {
    prov_file_name: string;
    prov_sha256: string;
    prov_imported_at: number;
  },
): Stored<FindingRecord> {
  return {
    target: row.target,
    tool: row.tool,
    occurrence: Number(row.occurrence),
    reintroduced: Number(row.reintroduced) === 1,
    ...describedFinding(row),
    first_seen_at: Number(row.first_seen_at),
    last_seen_at: Number(row.last_seen_at),
    fixed_at: nullable(row.fixed_at),
    due_at: nullable(row.due_at),
    provenance: {
      import_id: row.import_id,
      file_name: row.prov_file_name,
      sha256: row.prov_sha256,
      imported_at: Number(row.prov_imported_at),
      line: row.line,
    },
  };
}

export function nullable(value: number | null): number | null {
  return value === null ? null : Number(value);
}
