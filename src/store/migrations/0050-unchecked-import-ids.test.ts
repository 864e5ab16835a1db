import { type QueryExecutorProvider, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../app/open-store.ts";
import type { Alert } from "../../domains/detection-response/records.ts";
import { ENGINES } from "../../test-support/engines.ts";
import { buildAlert, buildImport } from "../../test-support/records.ts";
import { storeBefore } from "../../test-support/store-before.ts";
import type { Store } from "../store.ts";

const T0 = Date.parse("2026-09-01T00:00:00Z");

/** The tables whose rows a foreign key checks against `imports`, by the engine's catalogue. */
async function tablesCheckedAgainstImports(db: QueryExecutorProvider, engine: string): Promise<string[]> {
  if (engine === "postgres") {
    const { rows } = await sql<{ table: string }>`select conrelid::regclass::text as table from pg_constraint
      where contype = 'f' and confrelid = 'imports'::regclass order by 1`.execute(db);
    return rows.map((row) => row.table);
  }
  const { rows } = await sql<{ table: string }>`select m.name as "table"
    from sqlite_master m join pragma_foreign_key_list(m.name) f
    where m.type = 'table' and f."table" = 'imports' and m.name in ('alerts', 'incidents', 'scans')
    order by 1`.execute(db);
  return rows.map((row) => row.table);
}

for (const engine of ENGINES) {
  describe(`migration 0050-unchecked-import-ids on ${engine.name}`, () => {
    let store: Store | undefined;
    let dispose: (() => Promise<void>) | undefined;

    afterEach(async () => {
      await store?.close();
      await dispose?.();
    });

    it(
      engine.name === "postgres"
        ? "drops every foreign key to imports, keeping the rows, and the store imports as before"
        : "keeps the foreign keys to imports",
      async () => {
        const database = await engine.create();
        dispose = database.dispose;
        const before = await storeBefore(database.url, "0050-unchecked-import-ids");
        expect(await tablesCheckedAgainstImports(before, engine.name)).toEqual(
          expect.arrayContaining(["alerts", "incidents", "scans"]),
        );
        await sql`insert into imports (format, feed, file_name, sha256, imported_at, records, skipped, options)
          values ('alerts-csv', 'alerts', 'first.csv', 'aaa', ${T0}, 1, 0, '{}')`.execute(before);
        await sql`insert into alerts (feed, external_id, created_at, disposition, attributes, import_id, line)
          values ('alerts', 'AL-1', ${T0}, 'open', '{}', 1, 2)`.execute(before);
        await before.destroy();

        store = await openStore(database.url);
        const checked = await store.read(({ db }) => tablesCheckedAgainstImports(db, engine.name));
        expect(checked).toEqual(engine.name === "postgres" ? [] : ["alerts", "incidents", "scans"]);
        await store.importRecords(buildImport("second.csv", "alerts-csv", T0), async (writer) => {
          await writer.write(buildAlert({ external_id: "AL-2", created_at: T0 }), 2);
          return { skipped: 0 };
        });
        const alerts = await store.records<Alert>("alert", { start: 0, end: T0 * 2 });
        expect(alerts.map((alert) => [alert.external_id, alert.provenance.import_id])).toEqual([
          ["AL-1", 1],
          ["AL-2", 2],
        ]);
      },
    );
  });
}
