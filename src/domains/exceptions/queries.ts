import { sql } from "kysely";
import type { Provenance, Stored } from "../../model/records.ts";
import { PROVENANCE_COLUMNS } from "../../store/schema.ts";
import type { QueryContext } from "../../store/store.ts";
import type { ComplianceCheckTables } from "../compliance-checks/records.ts";
import { EXCEPTION, type ExceptionsTables, type RiskException } from "./records.ts";

/** A check result the tool was told to set aside (muted, suppressed): an exception decided outside any register. */
export interface SuppressedResult {
  feed: string;
  external_id: string;
  asset: string;
  check_id: string;
  title: string | null;
  severity: string | null;
  result: string;
  checked_at: number;
  provenance: Provenance;
}

/**
 * The check results suppressed at the latest result of their (asset, check)
 * before `end`: a result suppressed once and reported plainly since is no
 * longer set aside. Only the (asset, check) pairs that have a suppressed
 * result are grouped, so the read stays small however many results there are.
 */
export async function suppressedResultsAt(
  { db: core }: QueryContext,
  end: number,
): Promise<SuppressedResult[]> {
  const db = core.withTables<ComplianceCheckTables>();
  const latest = db
    .selectFrom("check_results as s")
    .select(["s.asset", "s.check_id", sql<number>`max(s.checked_at)`.as("latest_at")])
    .where("s.checked_at", "<", end)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("check_results as m")
          .select("m.id")
          .where("m.suppressed", "=", 1)
          .where("m.checked_at", "<", end)
          .whereRef("m.asset", "=", "s.asset")
          .whereRef("m.check_id", "=", "s.check_id"),
      ),
    )
    .groupBy(["s.asset", "s.check_id"]);
  const rows = await db
    .selectFrom("check_results as c")
    .innerJoin("imports as i", "i.id", "c.import_id")
    .innerJoin(latest.as("l"), (join) =>
      join
        .onRef("l.asset", "=", "c.asset")
        .onRef("l.check_id", "=", "c.check_id")
        .onRef("l.latest_at", "=", "c.checked_at"),
    )
    .select([
      "c.feed",
      "c.external_id",
      "c.asset",
      "c.check_id",
      "c.title",
      "c.severity",
      "c.result",
      "c.checked_at",
      "c.import_id",
      "c.line",
      ...PROVENANCE_COLUMNS,
    ])
    .where("c.suppressed", "=", 1)
    .orderBy("c.asset")
    .orderBy("c.check_id")
    .orderBy("c.feed")
    .execute();
  return rows.map(({ import_id, line, prov_file_name, prov_sha256, prov_imported_at, ...row }) => ({
    ...row,
    checked_at: Number(row.checked_at),
    provenance: {
      import_id: Number(import_id),
      file_name: prov_file_name,
      sha256: prov_sha256,
      imported_at: Number(prov_imported_at),
      line: Number(line),
    },
  }));
}

/**
 * One feed's latest snapshot (every snapshot taken, however recent): the
 * register a change to that feed starts from. Reads through `db` only, never
 * the store's fast path, so it may run inside a write's own transaction.
 */
export async function latestFeedSnapshot(
  { db, decode }: Pick<QueryContext, "db" | "decode">,
  feed: string,
): Promise<Stored<RiskException>[]> {
  const tables = db.withTables<ExceptionsTables>();
  const latest = tables
    .selectFrom("exceptions")
    .select(sql<number>`max(snapshot_at)`.as("taken_at"))
    .where("feed", "=", feed);
  const rows = await tables
    .selectFrom("exceptions as r")
    .innerJoin("imports as i", "i.id", "r.import_id")
    .selectAll("r")
    .select(PROVENANCE_COLUMNS)
    .where("r.feed", "=", feed)
    .where("r.snapshot_at", "=", latest)
    .orderBy("r.external_id")
    .execute();
  return decode<RiskException>(EXCEPTION.kind, rows);
}
