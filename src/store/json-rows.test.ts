import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { jsonRows } from "./json-rows.ts";
import type { Store } from "./store.ts";

for (const engine of ENGINES) {
  describe(`jsonRows on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await createTestStore(engine));
    });
    afterEach(async () => dispose());

    /** The rows of a VALUES list (columns column1…column3) where `keep`, through `jsonRows`, parsed. */
    const aggregated = (keep: "true" | "false") =>
      store.read(async ({ db, engine }) => {
        const columns = [sql.ref("column1"), sql.ref("column2"), sql.ref("column3")];
        const { rows } = await sql<{
          rows: string;
        }>`select ${jsonRows(engine, columns, columns.slice(0, 2)).as("rows")}
          from (values (2, 'b', null), (1, 'say "hi" ☃', 9007199254740991), (2, 'a', -5)) as t
          where ${sql.raw(keep === "true" ? "1 = 1" : "1 = 0")}`.execute(db);
        expect(rows).toHaveLength(1);
        return JSON.parse(rows[0]?.rows as string);
      });

    it("gives each row as an array of its values, ordered by the order columns, numbers exact", async () => {
      // Ordered by column1 then column2: (1, …), then (2, 'a', …) before (2, 'b', …). 2^53 − 1 survives
      // the JSON text; null stays null; quotes and non-ASCII text come back as written.
      expect(await aggregated("true")).toEqual([
        [1, 'say "hi" ☃', 9007199254740991],
        [2, "a", -5],
        [2, "b", null],
      ]);
    });

    it("gives an empty array for a group of no rows", async () => {
      expect(await aggregated("false")).toEqual([]);
    });
  });
}
