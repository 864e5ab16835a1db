import { createRequire } from "node:module";
import type SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { withStatementJournalInMemory } from "./statement-journal.ts";

const Database = createRequire(import.meta.url)("better-sqlite3") as typeof SQLite;

/** PRAGMA temp_store: 0 default (a file), 2 memory. */
const tempStore = (database: SQLite.Database) => database.pragma("temp_store", { simple: true });

describe("withStatementJournalInMemory", () => {
  it("keeps temporary files in memory while the import runs, and gives the connection its setting back", async () => {
    const database = new Database(":memory:");
    expect(tempStore(database)).toBe(0);
    const during = await withStatementJournalInMemory(database, async () => tempStore(database));
    expect(during).toBe(2);
    expect(tempStore(database)).toBe(0);
  });

  it("gives the setting back when the import fails, and rethrows its error", async () => {
    const database = new Database(":memory:");
    database.pragma("temp_store = FILE");
    await expect(
      withStatementJournalInMemory(database, async () => {
        throw new Error("bad row");
      }),
    ).rejects.toThrow("bad row");
    expect(tempStore(database)).toBe(1);
  });
});
