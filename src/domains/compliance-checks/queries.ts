import type { CheckSeverity } from "../../model/check-severity.ts";
import type { QueryContext } from "../../store/store.ts";
import type { CheckRow } from "./compute.ts";
import type { CheckResultValue, ComplianceCheckTables } from "./records.ts";

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
  return found.map((row) => ({
    ...row,
    checked_at: Number(row.checked_at),
    result: row.result as CheckResultValue,
    severity: row.severity as CheckSeverity | null,
  }));
}
