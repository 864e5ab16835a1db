/**
 * A long import in a process of its own, for tests of what other processes
 * see meanwhile: opens the store at argv[2] and records an import of an
 * incidents CSV whose SHA-256 is argv[3]; its records are one incident,
 * after which it prints "holding" and keeps the transaction (and on SQLite
 * the write lock) open until its stdin ends. Then it commits and prints
 * "committed". Run with `node --import tsx`.
 */
import { openStore } from "../app/open-store.ts";
import { buildIncident } from "./records.ts";

const [url, sha256] = process.argv.slice(2);
if (!url || !sha256) throw new Error("usage: hold-import.ts <store> <sha256>");
const store = await openStore(url);
const stdinEnded = new Promise<void>((resolve) => {
  process.stdin.on("end", resolve).resume();
});
await store.importRecords(
  { format: "incidents-csv", feed: "incidents", file_name: "held.csv", sha256, imported_at: Date.now() },
  async (writer) => {
    await writer.write(
      buildIncident({ external_id: "HELD-1", detected_at: Date.parse("2026-09-01T00:00:00Z") }),
      2,
    );
    process.stdout.write("holding\n");
    await stdinEnded;
    return { skipped: 0 };
  },
);
await store.close();
process.stdout.write("committed\n");
