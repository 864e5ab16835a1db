import { type Kysely, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../app/open-store.ts";
import type { Alert, Incident } from "../../domains/detection-response/records.ts";
import { ENGINES } from "../../test-support/engines.ts";
import { storeBefore } from "../../test-support/store-before.ts";
import type { Store } from "../store.ts";

const T0 = Date.parse("2026-09-01T00:00:00Z");
const EVERYTHING = { start: 0, end: 2 ** 52 };

/** Ids come from the engine's sequence, as an import's do: 1, 2, 3 in a fresh database. */
async function addImport(db: Kysely<unknown>, sha256: string, records: number): Promise<void> {
  await sql`insert into imports (format, feed, file_name, sha256, imported_at, records, skipped, options)
    values ('incidents-csv', 'incidents', 'incidents.csv', ${sha256}, ${T0}, ${records}, 0, '{}')`.execute(
    db,
  );
}

async function addIncident(db: Kysely<unknown>, externalId: string, importId: number): Promise<void> {
  await sql`insert into incidents (feed, external_id, detected_at, synthetic, attributes, import_id, line)
    values ('incidents', ${externalId}, ${T0}, 0, '{}', ${importId}, 2)`.execute(db);
}

for (const engine of ENGINES) {
  describe(`migration 0010-unique-import-hash on ${engine.name}`, () => {
    let store: Store | undefined;
    let dispose: (() => Promise<void>) | undefined;

    afterEach(async () => {
      await store?.close();
      await dispose?.();
    });

    it("merges imports recorded twice by a race into the first, keeping every record, then refuses a third", async () => {
      const database = await engine.create();
      dispose = database.dispose;
      const before = await storeBefore(database.url, "0010-unique-import-hash");
      // Imports 1 and 2 are the same file recorded twice; 3 is another file.
      await addImport(before, "aaa", 2);
      await addImport(before, "aaa", 2);
      await addImport(before, "bbb", 1);
      // The race's upserts left INC-1 under import 1 and INC-2 under import 2.
      await addIncident(before, "INC-1", 1);
      await addIncident(before, "INC-2", 2);
      await addIncident(before, "INC-3", 3);
      await sql`insert into alerts (feed, external_id, created_at, disposition, attributes, import_id, line)
        values ('alerts', 'AL-1', ${T0}, 'open', '{}', 2, 5)`.execute(before);
      await before.destroy();

      store = await openStore(database.url);
      expect((await store.listImports()).map((i) => [i.id, i.sha256, i.records])).toEqual([
        [1, "aaa", 2],
        [3, "bbb", 1],
      ]);
      const incidents = await store.records<Incident>("incident", EVERYTHING);
      expect(incidents.map((i) => [i.external_id, i.provenance.import_id])).toEqual([
        ["INC-1", 1],
        ["INC-2", 1],
        ["INC-3", 3],
      ]);
      const alerts = await store.records<Alert>("alert", EVERYTHING);
      expect(alerts.map((a) => [a.external_id, a.provenance.import_id, a.provenance.line])).toEqual([
        ["AL-1", 1, 5],
      ]);
      await expect(
        store.importRecords(
          {
            format: "incidents-csv",
            feed: "incidents",
            file_name: "again.csv",
            sha256: "aaa",
            imported_at: T0,
          },
          async () => ({ skipped: 0 }),
        ),
      ).rejects.toThrow("again.csv: imported meanwhile by another import of the same content");
    });
  });
}
