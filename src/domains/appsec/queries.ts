import type { Stored } from "../../model/records.ts";
import { PROVENANCE_COLUMNS } from "../../store/schema.ts";
import type { Interval, QueryContext } from "../../store/store.ts";
import {
  type AppsecTables,
  DEPENDENCY_VERSION,
  type DependencyListing,
  type DependencyVersion,
  type Ecosystem,
  type Listing,
  type TestOutcome,
} from "./records.ts";

/** The latest run of one test in a period. */
export interface LatestRun {
  test_id: string;
  suite: string | null;
  file: string | null;
  outcome: TestOutcome;
  ran_at: number;
}

/**
 * The latest run of each test (by test id) in the interval, found in SQL:
 * CI runs the same tests many times a month, and only the last run of each
 * says where it stands. Runs of one test at the same instant (two feeds, a
 * case listed twice) are all returned, for the caller to take the worst.
 */
export async function latestRuns({ db }: QueryContext, { start, end }: Interval): Promise<LatestRun[]> {
  const tables = db.withTables<AppsecTables>();
  const last = tables
    .selectFrom("test_results")
    .select(["test_id", (eb) => eb.fn.max("ran_at").as("last_at")])
    .where("ran_at", ">=", start)
    .where("ran_at", "<", end)
    .groupBy("test_id")
    .as("last");
  const rows = await tables
    .selectFrom("test_results as r")
    .innerJoin(last, (join) =>
      join.onRef("last.test_id", "=", "r.test_id").onRef("last.last_at", "=", "r.ran_at"),
    )
    .select(["r.test_id", "r.suite", "r.file", "r.outcome", "r.ran_at"])
    .orderBy("r.test_id")
    .execute();
  return rows.map((row) => ({ ...row, outcome: row.outcome as TestOutcome, ran_at: Number(row.ran_at) }));
}

/** One listing's place: which project, what kind, when. */
export type ListingAt = Pick<DependencyListing, "ecosystem" | "project" | "listing" | "listed_at">;

/** The latest listing of each (ecosystem, project, listing kind) taken before `end`, with its packages. */
export async function latestListings(
  { db, decode }: QueryContext,
  end: number,
): Promise<{ listings: ListingAt[]; versions: Stored<DependencyVersion>[] }> {
  const tables = db.withTables<AppsecTables>();
  const latest = tables
    .selectFrom("dependency_listings")
    .select(["ecosystem", "project", "listing", (eb) => eb.fn.max("listed_at").as("last_at")])
    .where("listed_at", "<", end)
    .groupBy(["ecosystem", "project", "listing"])
    .as("l");
  const listings = await tables
    .selectFrom(latest)
    .selectAll()
    .orderBy("ecosystem")
    .orderBy("project")
    .orderBy("listing")
    .execute();
  const rows = await tables
    .selectFrom("dependency_versions as v")
    .innerJoin(latest, (join) =>
      join
        .onRef("l.ecosystem", "=", "v.ecosystem")
        .onRef("l.project", "=", "v.project")
        .onRef("l.listing", "=", "v.listing")
        .onRef("l.last_at", "=", "v.listed_at"),
    )
    .innerJoin("imports as i", "i.id", "v.import_id")
    .selectAll("v")
    .select(PROVENANCE_COLUMNS)
    .orderBy("v.ecosystem")
    .orderBy("v.project")
    .orderBy("v.package")
    .orderBy("v.id")
    .execute();
  return {
    listings: listings.map((l) => ({
      ecosystem: l.ecosystem as Ecosystem,
      project: l.project,
      listing: l.listing as Listing,
      listed_at: Number(l.last_at),
    })),
    versions: decode<DependencyVersion>(DEPENDENCY_VERSION.kind, rows as never),
  };
}
