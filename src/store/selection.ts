import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import type { RecordSelection } from "./store.ts";

/**
 * A selection as a SQL condition: every column among its accepted values.
 * The same object filters a drill-down's listing and a count in SQL, so the
 * two apply one rule. `alias` qualifies the columns (`r.status`).
 */
export function matches<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  selection: RecordSelection,
  alias?: string,
): Expression<SqlBool> {
  return eb.and(
    Object.entries(selection).map(([column, values]) =>
      eb(sql.ref(alias ? `${alias}.${column}` : column), "in", values as never),
    ),
  );
}

/**
 * How many rows of the query meet `condition`: the count beside a listing
 * that applies the same condition. A filtered count (SQLite and PostgreSQL
 * alike) rather than a sum of CASE: SQLite tallies a month of a million
 * alerts in three quarters of the time.
 */
export function countWhere(condition: Expression<SqlBool>) {
  return sql<number>`count(*) filter (where ${condition})`;
}
