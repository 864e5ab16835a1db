import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import { createQuarterlyReviewStore } from "../store/quarterly-review-store.ts";
import type { Store } from "../store/store.ts";
import { ENGINES } from "../test-support/engines.ts";
import { openStore } from "./open-store.ts";
import { recordQuarterlyReview } from "./quarterly-review.ts";

const config = parseConfig({});
const NOW = Date.UTC(2026, 9, 20, 12);
const OCTOBER_14 = Date.UTC(2026, 9, 14, 9);
const ctx = { config, now: NOW };

for (const engine of ENGINES) {
  describe(`quarterly review records on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      const database = await engine.create();
      store = await openStore(database.url);
      dispose = async () => {
        await store.close();
        await database.dispose();
      };
    });
    afterAll(() => dispose());

    it("records a review, and replaces its decisions when the same review is recorded again", async () => {
      const review = { quarter: "2026-q3", reviewedBy: "CISO", reviewedAt: OCTOBER_14 };
      const first = await recordQuarterlyReview(store, { ...review, decisions: ["keep the targets"] }, ctx);
      expect(first.created).toBe(true);
      const again = await recordQuarterlyReview(
        store,
        { ...review, decisions: ["keep the targets", " fund a second on-call "] },
        { config, now: NOW + 1 },
      );
      expect(again.created).toBe(false);
      expect(await createQuarterlyReviewStore(store).reviews("2026-Q3")).toEqual([
        {
          quarter: "2026-Q3",
          reviewed_by: "CISO",
          reviewed_at: OCTOBER_14,
          decisions: ["keep the targets", "fund a second on-call"],
          recorded_at: NOW + 1,
        },
      ]);
    });

    it("keeps another reviewer's review of the quarter apart, and lists reviews by quarter", async () => {
      await recordQuarterlyReview(
        store,
        { quarter: "2026-Q3", reviewedBy: "CFO", decisions: ["approve the budget"] },
        ctx,
      );
      const reviews = createQuarterlyReviewStore(store);
      expect((await reviews.reviews("2026-Q3")).map((r) => [r.reviewed_by, r.reviewed_at])).toEqual([
        ["CISO", OCTOBER_14],
        ["CFO", NOW],
      ]);
      expect(await reviews.reviews("2026-Q2")).toEqual([]);
    });

    it.each([
      [{ quarter: "2026-09" }, /2026-09 is not a quarter/],
      [{ quarter: "2026-Q5" }, /unknown period/],
      [{ reviewedBy: "  " }, /--reviewed-by is empty/],
      [{ decisions: ["", " "] }, /no decision given/],
      [{ reviewedAt: Date.UTC(2026, 5, 30) }, /before 2026-Q3 began/],
      [{ reviewedAt: NOW + 1 }, /in the future/],
    ])("refuses %o and leaves the store unchanged", async (change, message) => {
      const before = await createQuarterlyReviewStore(store).reviews();
      const review = { quarter: "2026-Q3", reviewedBy: "CTO", decisions: ["ok"], ...change };
      await expect(recordQuarterlyReview(store, review, ctx)).rejects.toThrow(message);
      expect(await createQuarterlyReviewStore(store).reviews()).toEqual(before);
    });
  });
}
