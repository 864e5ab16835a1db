import type { CheckSeverity } from "../../model/check-severity.ts";
import type { QueryContext } from "../../store/store.ts";
import type { CheckRow } from "./compute.ts";
import type { CheckResultValue, ComplianceCheckTables } from "./records.ts";
import type { MappedResult } from "./requirements.ts";

/**
 * Every check result before `end`, in the order of each (asset, check)'s
 * history: what the latest result at a period's end and the drift within
 * it are read from.
 */
export async function checkHistory({ db, rows }: QueryContext, end: number): Promise<CheckRow[]> {
  const found = await rows(
    db
      .withTables<ComplianceCheckTables>()
      .selectFrom("check_results")
      .select(["asset", "check_id", "result", "checked_at", "profile", "severity"])
      .where("checked_at", "<", end)
      .orderBy("asset")
      .orderBy("check_id")
      .orderBy("checked_at")
      .orderBy("id"),
  );
  return found.map(checkRow);
}

/** What the compliance status of a requirement reads of each latest result. */
const MAPPED_COLUMNS = [
  "asset",
  "check_id",
  "result",
  "checked_at",
  "profile",
  "severity",
  "title",
  "controls",
  "suppressed",
] as const;

/**
 * The latest result of each (asset, check) before `end` whose check names
 * the framework requirements it evidences: what the compliance status of
 * each requirement is judged from. A later result without controls (another
 * tool's, or a benchmark that dropped them) hides an earlier one with them.
 */
export async function latestMappedResults({ db, rows }: QueryContext, end: number): Promise<MappedResult[]> {
  const tables = db.withTables<ComplianceCheckTables>();
  const ranked = tables
    .selectFrom("check_results")
    .select((eb) => [
      ...MAPPED_COLUMNS,
      eb.fn
        .agg<number>("row_number")
        .over((over) =>
          over.partitionBy(["asset", "check_id"]).orderBy("checked_at", "desc").orderBy("id", "desc"),
        )
        .as("recency"),
    ])
    .where("checked_at", "<", end);
  const found = await rows(
    tables
      .selectFrom(ranked.as("ranked"))
      .select(MAPPED_COLUMNS)
      .where("recency", "=", 1)
      .where("controls", "is not", null)
      .orderBy("asset")
      .orderBy("check_id"),
  );
  return found.map((row) => ({
    ...checkRow(row),
    controls: JSON.parse(row.controls ?? "{}") as Record<string, string[]>,
    suppressed: Boolean(Number(row.suppressed)),
  }));
}

/** A stored result's columns as the check metrics read them: the time a number, the verdict and severity typed. */
function checkRow<R extends { checked_at: number | string; result: string; severity: string | null }>(
  row: R,
): Omit<R, "checked_at" | "result" | "severity"> & {
  checked_at: number;
  result: CheckResultValue;
  severity: CheckSeverity | null;
} {
  return {
    ...row,
    checked_at: Number(row.checked_at),
    result: row.result as CheckResultValue,
    severity: row.severity as CheckSeverity | null,
  };
}
