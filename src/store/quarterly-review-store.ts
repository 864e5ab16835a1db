import type { Kysely } from "kysely";
import { databaseOf, writeWaitingForLock } from "./kysely-store.ts";
import type { Store } from "./store.ts";

/** A quarter's review meeting: who reviewed its figures, when, and what they decided. */
export interface QuarterlyReview {
  /** `2026-Q3`. */
  quarter: string;
  reviewed_at: number;
  reviewed_by: string;
  decisions: string[];
  /** When it was recorded (again, for a review recorded twice). */
  recorded_at: number;
}

/** A type alias, not an interface: Kysely's table map needs an index-compatible type. */
type QuarterlyReviewTables = {
  quarterly_reviews: Omit<QuarterlyReview, "decisions"> & { decisions: string };
};

export interface QuarterlyReviewStore {
  /** Records a review; the same quarter, reviewer and date again replaces its decisions. True when it was new. */
  record(review: QuarterlyReview): Promise<boolean>;
  /** The reviews of a quarter, or of every quarter, the earliest first. */
  reviews(quarter?: string): Promise<QuarterlyReview[]>;
}

export function createQuarterlyReviewStore(store: Store): QuarterlyReviewStore {
  const db = databaseOf(
    store,
  ).withTables<QuarterlyReviewTables>() as unknown as Kysely<QuarterlyReviewTables>;
  return {
    async record(review) {
      const row = { ...review, decisions: JSON.stringify(review.decisions) };
      const key = {
        quarter: review.quarter,
        reviewed_by: review.reviewed_by,
        reviewed_at: review.reviewed_at,
      };
      return writeWaitingForLock(store, () =>
        db.transaction().execute(async (tx) => {
          const replaced = await tx
            .updateTable("quarterly_reviews")
            .set({ decisions: row.decisions, recorded_at: row.recorded_at })
            .where("quarter", "=", key.quarter)
            .where("reviewed_by", "=", key.reviewed_by)
            .where("reviewed_at", "=", key.reviewed_at)
            .executeTakeFirst();
          if (Number(replaced.numUpdatedRows) > 0) return false;
          await tx.insertInto("quarterly_reviews").values(row).execute();
          return true;
        }),
      );
    },

    async reviews(quarter) {
      let query = db.selectFrom("quarterly_reviews").selectAll();
      if (quarter !== undefined) query = query.where("quarter", "=", quarter);
      const rows = await query.orderBy("quarter").orderBy("reviewed_at").orderBy("reviewed_by").execute();
      return rows.map((row) => ({
        ...row,
        reviewed_at: Number(row.reviewed_at),
        recorded_at: Number(row.recorded_at),
        decisions: JSON.parse(row.decisions) as string[],
      }));
    },
  };
}
