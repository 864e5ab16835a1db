import type SQLite from "better-sqlite3";

/**
 * Runs an import with SQLite's temporary files in memory, then restores the
 * connection's setting. Each multi-row upsert of an import keeps a statement
 * journal, the pages it changed as they were before it, to undo that one
 * statement if it fails half-way; past 64 KiB SQLite writes it to a temporary
 * file, about 100,000 writes for 1M alerts (bench/RESULTS.md). In memory it
 * holds one statement's pages at most. It never serves crash recovery (the
 * WAL does: a transaction not committed is not in the database), so where
 * it lives changes nothing of what a crash leaves. SQLite reads the setting
 * when a transaction begins; it is set for the import only, because large
 * sorts and temporary B-trees of other queries should still spill to disk.
 */
export async function withStatementJournalInMemory<T>(
  database: SQLite.Database,
  work: () => Promise<T>,
): Promise<T> {
  const before = database.pragma("temp_store", { simple: true });
  database.pragma("temp_store = MEMORY");
  try {
    return await work();
  } finally {
    database.pragma(`temp_store = ${Number(before)}`);
  }
}
