import type { Interval, QueryContext } from "../../store/store.ts";
import type { AppsecTables, TestOutcome } from "./records.ts";

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
