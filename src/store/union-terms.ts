import type { SelectQueryBuilder } from "kysely";

/**
 * The most terms one UNION ALL statement gets: SQLite refuses a compound
 * select of more than 500 (its SQLITE_MAX_COMPOUND_SELECT).
 */
const MAX_TERMS = 250;

/** `items` in runs of at most `MAX_TERMS`: the terms of one statement each, numbered from 0 within it. */
export function termChunks<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += MAX_TERMS)
    chunks.push(items.slice(start, start + MAX_TERMS));
  return chunks;
}

/** The selects (at least one) as one UNION ALL statement: one round trip, each term read by its own plan. */
export function unionAll<DB, TB extends keyof DB, O>(
  terms: readonly SelectQueryBuilder<DB, TB, O>[],
): SelectQueryBuilder<DB, TB, O> {
  const [first, ...rest] = terms;
  if (!first) throw new Error("a UNION ALL needs at least one select");
  return rest.reduce((union, term) => union.unionAll(term), first);
}
